/**
 * `so-soap`: typed clients for SuperOffice NetServer Services88, generated from WSDL.
 * The public surface is listed here explicitly (an API-surface test guards it).
 */
import { usernamePasswordProvider, type UsernamePasswordOptions } from './auth.js';
import { ChatService, type ChatClient } from './generated/chat/index.js';
import { createClient, type ClientOptions } from './runtime/client.js';
import type { Credentials } from './runtime/credentials.js';
import { restTransport } from './runtime/rest-transport.js';

export * from './generated/chat/index.js';
export * as SoPrincipal from './generated/soprincipal/index.js';
export { createClient, resultOf, type ClientOptions, type TransportFactoryOptions } from './runtime/client.js';
export { CredentialSource, isAuthenticationFailure, type Credentials, type TicketProvider, type TicketRequest, type CredentialKind } from './runtime/credentials.js';
export {
  SoSoapError, SoExceptionError, SoapFaultError, HttpError, TimeoutError, ResponseFormatError, RequestValidationError, NetworkError,
  type SoExceptionInfo,
} from './runtime/errors.js';
export type { Logger, LogEntry } from './runtime/logger.js';
export { redact } from './runtime/redact.js';
export type { AnyValue, CallOptions, CallResult, RetryOptions, RequestHeaderValues, OperationMethod, OptionalInputMethod } from './runtime/call-types.js';
export type { ServiceDescriptor, TypedServiceDescriptor, OperationDescriptor, TypeDescriptor, FieldDescriptor } from './runtime/descriptor.js';
export type { Transport, TransportRequest, TransportResponse, FetchLike, Abortable } from './runtime/transport.js';
export { undiciHttpClient, type PooledHttpClient, type UndiciHttpClientOptions } from './runtime/undici-http.js';
export { fetchHttpClient, type HttpClient, type HttpRequest, type HttpResponse } from './runtime/http-client.js';
export { usernamePasswordProvider, soPrincipalEndpointFor, type UsernamePasswordOptions } from './auth.js';

/** Options of `createChatClient`: the client options, and credentials that may also be a username and password. */
export interface ChatClientOptions extends Omit<ClientOptions, 'credentials' | 'transport'> {
  /** A ticket, access token or provider (`Credentials`), or `{ username, password }` to sign in through SoPrincipal. */
  credentials?: Credentials | UsernamePasswordOptions;
  /** `'soap'` (default), `'rest'` (the REST Agents API: same methods, types and errors), or a transport / transport factory. */
  transport?: 'soap' | 'rest' | ClientOptions['transport'];
}

/** A typed client of the Chat service (31 operations). */
export function createChatClient(options: ChatClientOptions): ChatClient {
  const { credentials, transport: kind, ...common } = options;
  const transport: ClientOptions['transport'] = kind === 'rest' ? (o) => restTransport(o) : kind === 'soap' ? undefined : kind;
  const rest: Omit<ClientOptions, 'credentials'> = { ...common, transport };
  if (credentials && typeof credentials === 'object' && 'username' in credentials) {
    const provider = usernamePasswordProvider({ ...credentials, endpoint: options.endpoint, applicationToken: options.applicationToken, fetch: options.fetch, httpClient: options.httpClient, timeoutMs: options.timeoutMs });
    return createClient(ChatService, { ...rest, credentials: provider });
  }
  return createClient(ChatService, { ...rest, credentials });
}
