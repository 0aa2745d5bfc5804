/**
 * The `transport` option of `createChatClient` (`'soap'`, `'rest'`, or a transport or factory) as
 * the runtime client takes it. Kept apart from the package's index so that the CLI's chat commands
 * can make their client without loading the index (and with it auth.ts and the SoPrincipal
 * descriptor, which only username/password sign-in uses: ~3.5 ms of every command's start).
 */
import type { ClientOptions } from './runtime/client/client.js';
import { restTransport } from './runtime/rest/rest-transport.js';

export type ChatTransportOption = 'soap' | 'rest' | ClientOptions['transport'] | undefined;

export function chatTransport(kind: ChatTransportOption): ClientOptions['transport'] {
  return kind === 'rest' ? (o) => restTransport(o) : kind === 'soap' ? undefined : kind;
}
