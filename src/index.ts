/**
 * `so-soap`: typed clients for SuperOffice NetServer Services88, generated from WSDL.
 * The public surface is listed here explicitly (an API-surface test guards it).
 */
import { usernamePasswordProvider, type UsernamePasswordOptions } from './auth.js';
import { ChatService, type ChatClient } from './generated/chat/index.js';
import { createClient, type ClientOptions } from './runtime/client/client.js';
import type { Credentials } from './runtime/client/credentials.js';
import { chatTransport } from './chat-transport.js';

export * from './generated/chat/index.js';
export * as SoPrincipal from './generated/soprincipal/index.js';
export { createClient, resultOf, type ClientOptions, type TransportFactoryOptions } from './runtime/client/client.js';
export { CredentialSource, isAuthenticationFailure, type Credentials, type TicketProvider, type TicketRequest, type CredentialKind, type ManagedTicketProvider } from './runtime/client/credentials.js';
export {
  SoSoapError, SoExceptionError, SoapFaultError, HttpError, TimeoutError, ResponseFormatError, RequestValidationError, NetworkError,
  type SoExceptionInfo, type SoapFault,
} from './runtime/client/errors.js';
export type { Logger, LogEntry } from './runtime/client/logger.js';
export { redact } from './runtime/client/redact.js';
export type { AnyValue, CallHeaders, CallOptions, CallResult, SuperOfficeCallHeaders, RetryOptions, RequestHeaderValues, OperationMethod, OptionalInputMethod } from './runtime/client/call-types.js';
export type { ServiceDescriptor, TypedServiceDescriptor, OperationDescriptor, TypeDescriptor, FieldDescriptor, FaultDescriptor } from './runtime/codec/descriptor.js';
export type { Transport, TransportRequest, TransportResponse, FetchLike, Abortable } from './runtime/http/transport.js';
export { undiciHttpClient, type PooledHttpClient, type UndiciHttpClientOptions } from './runtime/http/undici-http.js';
export { envProxyHttpClient, proxySettingsFrom, type ProxySettings } from './runtime/http/proxy.js';
export { fetchHttpClient, type HttpClient, type HttpRequest, type HttpResponse } from './runtime/http/http-client.js';
export {
  usernamePasswordProvider, soPrincipalEndpointFor, type UsernamePasswordOptions,
  systemUserProvider, type SystemUserOptions, type SystemUserProvider, oauthRefreshProvider, type OAuthRefreshOptions, type OAuthRefreshProvider, SignInError, TokenVerificationError, type TokenCheck,
  privateKeyFrom, signSystemUserToken, type PrivateKeyInput, OpenIdKeys, verifyJwt, type OpenIdMetadata, type TokenExpectations, type TenantEndpoints, type LoginHttpOptions,
} from './auth.js';

/** Options of `createChatClient`: the client options, and credentials that may also be a username and password. */
export interface ChatClientOptions extends Omit<ClientOptions, 'credentials' | 'transport'> {
  /** A ticket, access token or provider (`Credentials`), or `{ username, password }` to sign in through SoPrincipal. */
  credentials?: Credentials | UsernamePasswordOptions | undefined;
  /** `'soap'` (default), `'rest'` (the REST Agents API: same methods, types and errors), or a transport / transport factory. */
  transport?: 'soap' | 'rest' | ClientOptions['transport'] | undefined;
}

/** A typed client of the Chat service (31 operations). */
export function createChatClient(options: ChatClientOptions): ChatClient {
  const { credentials, transport: kind, ...common } = options;
  const rest: Omit<ClientOptions, 'credentials'> = { ...common, transport: chatTransport(kind) };
  if (credentials && typeof credentials === 'object' && 'username' in credentials) {
    const provider = usernamePasswordProvider({ ...credentials, endpoint: options.endpoint, applicationToken: options.applicationToken, fetch: options.fetch, httpClient: options.httpClient, timeoutMs: options.timeoutMs });
    return createClient(ChatService, { ...rest, credentials: provider });
  }
  return createClient(ChatService, { ...rest, credentials });
}
