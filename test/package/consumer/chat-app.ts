// A consumer project's code (test/package/consumers.test.ts), run against the simulator: the
// package's Chat client over the default HTTP client, the generated Chat descriptor through
// createClient from so-soap/runtime, and an envelope from so-soap/codec.
import { createChatClient, type ChatMessage, type ChatClientOptions, type OAuthRefreshOptions } from 'so-soap';
import { createClient } from 'so-soap/runtime';
import { encodeRequest } from 'so-soap/codec';
import { ChatService as GeneratedChatService } from './chat/index.js';

const options: ChatClientOptions = {
  endpoint: process.env.SO_ENDPOINT ?? 'http://127.0.0.1:1/Remote/Services88/Chat.svc',
  applicationToken: process.env.SO_APPLICATION_TOKEN,
  credentials: process.env.SO_TICKET,
};

async function main(): Promise<void> {
  const chat = createChatClient(options);
  const sessions = (await chat.chatSessionsForUser(undefined, { timeoutMs: process.env.SO_TIMEOUT_MS ? Number(process.env.SO_TIMEOUT_MS) : undefined })) ?? [];
  const first = sessions[0]?.ChatSessionId ?? 1;
  const messages: (ChatMessage | null)[] = (await chat.getChatMessages({ ChatSessionId: first, After: 0 })) ?? [];
  // (header parts straight from the environment: typed `| undefined`, "not given")
  const generated = createClient(GeneratedChatService, { endpoint: options.endpoint, credentials: process.env.SO_TICKET, headers: { ApplicationToken: process.env.SO_APPLICATION_TOKEN } });
  const entity = await generated.getChatSessionEntity({ ChatSessionEntityId: first }, { headers: { ApplicationToken: process.env.SO_APPLICATION_TOKEN, TimeZone: undefined } });
  const xml = encodeRequest(GeneratedChatService, 'DeleteChatSessionEntity', { ChatSessionEntityId: first }, {});
  if (!xml.includes('DeleteChatSessionEntity')) throw new Error('no envelope');
  console.log(`chat ok: ${sessions.length} sessions, ${messages.length} messages in session ${entity?.ChatSessionId}`);
}

// The sign-in ways' options take values straight from the environment too (exactOptionalPropertyTypes).
export const oauthFromEnv: OAuthRefreshOptions = {
  clientId: process.env.SO_CLIENT_ID ?? '',
  clientSecret: process.env.SO_CLIENT_SECRET ?? '',
  refreshToken: process.env.SO_REFRESH_TOKEN ?? '',
  environment: process.env.SO_ENVIRONMENT,
  loginBase: process.env.SO_LOGIN_BASE,
  timeoutMs: undefined,
};

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
