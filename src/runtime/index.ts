/** `so-soap/runtime`: what generated code and advanced users import. */
export type * from './descriptor.js';
export type * from './call-types.js';
export * from './errors.js';
export { createClient, resultOf, type ClientOptions, type TransportFactoryOptions } from './client.js';
export { CredentialSource, isAuthenticationFailure, type Credentials, type TicketProvider, type TicketRequest, type CredentialKind, type ResolvedCredential } from './credentials.js';
export type { Logger, LogEntry } from './logger.js';
export { redact, registerSecret } from './redact.js';
export type { Transport, TransportRequest, TransportResponse, FetchLike, Abortable } from './transport.js';
export { DEFAULT_RETRY, isRetryable, parseRetryAfter } from './retry.js';
export { restTransport, type RestTransportOptions } from './rest-transport.js';
export type { RestServiceMapping, RestOperationMapping, RestBodyKind, RestQueryParameter } from './rest-mapping.js';
export { soapTransport, type SoapTransportOptions } from './soap-transport.js';
export { fetchHttpClient, type HttpClient, type HttpRequest, type HttpResponse } from './http-client.js';
export { undiciHttpClient, type PooledHttpClient, type UndiciHttpClientOptions } from './undici-http.js';
