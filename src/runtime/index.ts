/** `so-soap/runtime`: what generated code and advanced users import. */
export type * from './codec/descriptor.js';
export type * from './client/call-types.js';
export * from './client/errors.js';
export { createClient, resultOf, type ClientOptions, type TransportFactoryOptions } from './client/client.js';
export { CredentialSource, isAuthenticationFailure, type Credentials, type TicketProvider, type TicketRequest, type CredentialKind, type ResolvedCredential, type ManagedTicketProvider } from './client/credentials.js';
export type { Logger, LogEntry } from './client/logger.js';
export { redact, registerSecret } from './client/redact.js';
export type { Transport, TransportRequest, TransportResponse, FetchLike, Abortable } from './http/transport.js';
export { DEFAULT_RETRY, isRetryable, parseRetryAfter } from './client/retry.js';
export { restTransport, type RestTransportOptions } from './rest/rest-transport.js';
export type { RestServiceMapping, RestOperationMapping, RestBodyKind, RestQueryParameter } from './rest/rest-mapping.js';
export { soapTransport, type SoapTransportOptions } from './http/soap-transport.js';
export { fetchHttpClient, type HttpClient, type HttpRequest, type HttpResponse } from './http/http-client.js';
export { undiciHttpClient, type PooledHttpClient, type UndiciHttpClientOptions } from './http/undici-http.js';
export { envProxyHttpClient, proxySettingsFrom, type ProxySettings } from './http/proxy.js';
