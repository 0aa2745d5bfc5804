/**
 * The client: one method per operation of a service descriptor. Per call it resolves the header
 * values (client defaults, then per-call overrides; nothing shared or mutated between calls),
 * sends through the transport with a time limit, retries safe operations on transient failures,
 * turns `Succeeded=false` into `SoExceptionError`, refreshes credentials once on an authentication
 * failure, and logs each attempt with secrets redacted.
 */
import type { CallOptions, CallResult, RequestHeaderValues, RetryOptions } from './call-types.js';
import { CredentialSource, isAuthenticationFailure, isManagedProvider, type Credentials, type ResolvedCredential } from './credentials.js';
import type { OperationDescriptor, ServiceDescriptor, TypedServiceDescriptor } from '../codec/descriptor.js';
import { SoExceptionError, TimeoutError, type SoExceptionInfo } from './errors.js';
import { log, type Logger } from './logger.js';
import { registerSecret } from './redact.js';
import { isRetryable, resolveRetry, retryDelayMs, sleep, whenAborted } from './retry.js';
import { soapTransport } from '../http/soap-transport.js';
import { URL_CREDENTIALS, type HttpClient } from '../http/http-client.js';
import { AttemptAbort, type FetchLike, type Transport, type TransportRequest, type TransportResponse } from '../http/transport.js';

/**
 * Options of `createClient` (and, apart from `credentials`/`transport`, of `createChatClient`).
 * Only `endpoint` is required; everything else has a default or is left out of the request.
 */
export interface ClientOptions<H extends object = RequestHeaderValues> {
  /**
   * The service URL, e.g. `https://sod.superoffice.com/Cust12345/Remote/Services88/Chat.svc` (SOAP) or the tenant base URL (REST).
   * May be left out when `credentials` is a provider that learns the tenant's endpoint at sign-in (`systemUserProvider`, `oauthRefreshProvider`).
   */
  endpoint?: string | undefined;
  /** Sent as the `ApplicationToken` header. */
  applicationToken?: string | undefined;
  /** Ticket, access token, or a provider (see `Credentials`). */
  credentials?: Credentials | undefined;
  /** Sent as the `TimeZone` header. */
  timeZone?: {
    /** SuperOffice time zone id. */
    SoTimeZoneId?: number | undefined;
    /** SuperOffice time zone location code, e.g. `NO` or `UK`. */
    SoTimeZoneLocationCode?: string | null | undefined;
  } | undefined;
  /** Send with this `fetch` (the global one, undici's, a test double) instead of the default undici keep-alive client. */
  fetch?: FetchLike | undefined;
  /** The HTTP client to send with (`undiciHttpClient({ connections })`, …); takes precedence over `fetch`. Default: one undici keep-alive client shared by the process. */
  httpClient?: HttpClient | undefined;
  /** Time limit of one attempt in ms (default 60 000). */
  timeoutMs?: number | undefined;
  /** Retry settings (`false`: never retry). Only operations marked safe are ever retried. */
  retry?: Partial<RetryOptions> | false | undefined;
  /** Receives one entry per attempt (operation, host, status, duration, attempt), secrets redacted. Default: no logging. */
  logger?: Logger | undefined;
  /** The `User-Agent` HTTP header (default `so-soap/<version>`). */
  userAgent?: string | undefined;
  /** Largest response accepted, in bytes (default 64 MiB). */
  maxResponseBytes?: number | undefined;
  /** A transport other than SOAP (the REST Agents transport, or a test double). */
  transport?: Transport | ((options: TransportFactoryOptions) => Transport) | undefined;
  /**
   * Header values sent with every call, by header part (the service's own parts, typed by its
   * generated `<Service>RequestHeaders`, e.g. BingAds' `DeveloperToken`, `CustomerId`); a call's
   * `headers` override them. Only the parts an operation declares are sent.
   */
  headers?: H | undefined;
  /**
   * Operations (WSDL names) that may be retried: a replay cannot change server state. Adds to the
   * descriptor's own `safe` flags (set only for Services88, by its name rule); nothing else is retried.
   */
  safeOperations?: readonly string[] | undefined;
  /** Header parts whose values are secrets (masked in logs and errors) besides those whose names say so (`…Token`, `…Password`, `…Secret`, `…Ticket`, `…ApiKey`). */
  secretHeaders?: readonly string[] | undefined;
}

/** What `createClient` hands a transport factory (`ClientOptions.transport` as a function): the client's settings, defaults applied. */
export interface TransportFactoryOptions {
  /** `ClientOptions.endpoint`. */
  endpoint: string;
  /** `ClientOptions.fetch` (undefined: not given). */
  fetch?: FetchLike;
  /** `ClientOptions.httpClient` (undefined: not given). */
  httpClient?: HttpClient;
  /** `ClientOptions.maxResponseBytes`, or 64 MiB. */
  maxResponseBytes: number;
  /** The kind of the credential the client sent last (`ticket` or `accessToken`), undefined before the first call. */
  credentialKind?: () => ResolvedCredential['kind'] | undefined;
}

const DEFAULT_TIMEOUT_MS = 60_000;
export const DEFAULT_MAX_RESPONSE_BYTES = 64 * 1024 * 1024;
const DEFAULT_USER_AGENT = 'so-soap/0.1.0';
const NO_RETRY = resolveRetry(false, undefined);

/**
 * What a method resolves to: `undefined` for a one-way operation or an empty wrapper, the value of
 * a bare body, the wrapper's `Response`, else the whole wrapper.
 */
export function resultOf(op: OperationDescriptor, body: Record<string, unknown>): unknown {
  if (op.oneWay) return undefined;
  if (op.output.type !== undefined) return body;
  const fields = op.output.fields;
  if (fields.length === 0) return undefined;
  if (fields.length === 1 && fields[0].kind === undefined && fields[0].name === 'Response') return body.Response;
  return body;
}

/**
 * Create a typed client for a generated service descriptor (any service: SuperOffice's credential
 * headers are sent only when `applicationToken`/`credentials`/`timeZone` are given).
 */
export function createClient<C, H extends object = RequestHeaderValues>(service: TypedServiceDescriptor<C, H>, options: ClientOptions<H>): C {
  const discover = isManagedProvider(options?.credentials) ? options.credentials.endpointFor : undefined;
  if (!options || (options.endpoint === undefined && discover === undefined) || (options.endpoint !== undefined && (typeof options.endpoint !== 'string' || !/^https?:\/\//i.test(options.endpoint)))) {
    throw new TypeError('createClient: options.endpoint must be an http(s) URL (or credentials a provider that discovers it)');
  }
  if (options.endpoint !== undefined && /^https?:\/\/[^/?#]*@/i.test(options.endpoint)) throw new TypeError(`createClient: options.endpoint ${URL_CREDENTIALS}`);
  const safeOperations = new Set(options.safeOperations ?? []);
  for (const name of safeOperations) {
    if (!Object.prototype.hasOwnProperty.call(service.operations, name)) throw new TypeError(`createClient: safeOperations names "${name}", which ${service.name} does not have`);
  }
  const secretHeaders = new Set(options.secretHeaders ?? []);
  registerSecret(options.applicationToken);
  registerHeaderSecrets(options.headers as RequestHeaderValues | undefined, secretHeaders);
  const credentials = new CredentialSource(options.credentials);
  const maxResponseBytes = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
  let lastKind: ResolvedCredential['kind'] | undefined;
  const transportAt = (endpoint: string): Transport =>
    typeof options.transport === 'function'
      ? options.transport({ endpoint, fetch: options.fetch, httpClient: options.httpClient, maxResponseBytes, credentialKind: () => lastKind })
      : options.transport ?? soapTransport({ endpoint, fetch: options.fetch, httpClient: options.httpClient, maxResponseBytes });
  const transport: Transport =
    options.endpoint !== undefined ? transportAt(options.endpoint) : new DiscoveredTransport((signal) => discover!.call(options.credentials, service.name, signal), transportAt);
  let host = options.endpoint !== undefined ? safeHost(options.endpoint) : '';
  const client: Record<string, unknown> = {};

  const httpHeaders = { 'User-Agent': options.userAgent ?? DEFAULT_USER_AGENT };
  const logger = options.logger;
  const clientRetry = resolveRetry(options.retry, undefined);
  // A ticket or token given as a value is the same on every call: no promise to await.
  const fixedCredential = credentials.fixed();

  for (const op of Object.values(service.operations)) {
    const safe = op.safe || safeOperations.has(op.name);
    client[op.method] = async (input: unknown = {}, callOptions: CallOptions = {}) => {
      const started = callOptions.withMeta ? performance.now() : 0;
      const retry = !safe ? NO_RETRY : callOptions.retry === undefined ? clientRetry : resolveRetry(options.retry, callOptions.retry);
      const timeoutMs = callOptions.timeoutMs ?? options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
      let attempt = 0;
      let refreshed = false;
      for (;;) {
        attempt++;
        const attemptStarted = logger === undefined ? 0 : performance.now();
        let credential: ResolvedCredential | undefined;
        try {
          const sendWith = (abort: AttemptAbort, c: ResolvedCredential | undefined): Promise<TransportResponse> => {
            credential = c;
            if (c) lastKind = c.kind;
            return transport.send(new AttemptRequest(service, op, input, requestHeaders(options as ClientOptions, c, callOptions.headers, secretHeaders), abort, httpHeaders));
          };
          // (a provider's sign-in is part of the attempt: its time limit and abort apply to it too)
          const response = await withTimeout(timeoutMs, op.name, callOptions.signal, (abort) => {
            const pending = fixedCredential === undefined ? credentials.get(abort.signal) : undefined;
            return pending === undefined ? sendWith(abort, fixedCredential) : pending.then((c) => sendWith(abort, c));
          });
          throwIfFailed(op, response);
          if (host === '' && transport instanceof DiscoveredTransport) host = transport.host;
          if (logger !== undefined) log(logger, { level: 'debug', message: `${op.name} ok`, operation: op.name, host, status: response.status, durationMs: ms(attemptStarted), attempt });
          const data = resultOf(op, response.body);
          if (!callOptions.withMeta) return data;
          const result: CallResult<unknown, Record<string, unknown>> = { data, headers: response.headers, status: response.status, durationMs: ms(started), attempts: attempt };
          return result;
        } catch (error) {
          const entry = () => ({ operation: op.name, host, durationMs: ms(attemptStarted), attempt, error: error instanceof Error ? `${error.name}: ${error.message}` : String(error), status: (error as { status?: number }).status });
          // (only the service's refusal of a credential sent: a provider's own refusal, a wrong
          // password, is final, and asking again would only count against a lockout policy)
          if (!refreshed && credential !== undefined && credentials.refreshable && callOptions.headers?.Credentials === undefined && isAuthenticationFailure(error)) {
            refreshed = true;
            log(logger, { level: 'warn', message: `${op.name}: authentication failed, refreshing credentials and replaying once`, ...entry() });
            await credentials.refresh(callOptions.signal, credential.value);
            attempt--; // the replay after a refresh is not a retry
            continue;
          }
          if (safe && attempt < retry.maxAttempts && isRetryable(error) && !callOptions.signal?.aborted) {
            const delay = retryDelayMs(error, attempt, retry);
            log(logger, { level: 'warn', message: `${op.name}: attempt ${attempt} failed, retrying in ${delay} ms`, ...entry() });
            await sleep(delay, callOptions.signal);
            continue;
          }
          log(logger, { level: 'error', message: `${op.name} failed`, ...entry() });
          throw error;
        }
      }
    };
  }
  return client as C;
}

/** A transport made on the first call, at the endpoint the credentials provider learnt at sign-in. */
class DiscoveredTransport implements Transport {
  private made: Promise<Transport> | undefined;
  private real: Transport | undefined;
  host = '';

  constructor(
    private readonly endpoint: (signal?: AbortSignal) => Promise<string>,
    private readonly make: (endpoint: string) => Transport,
  ) {}

  get kind(): Transport['kind'] {
    return this.real?.kind ?? 'soap';
  }

  async send(request: TransportRequest): Promise<TransportResponse> {
    if (this.real === undefined) {
      const p = (this.made ??= this.endpoint().then((e) => {
        this.host = safeHost(e);
        return (this.real = this.make(e));
      }));
      p.catch(() => {
        if (this.made === p) this.made = undefined;
      });
      await p;
    }
    return this.real!.send(request);
  }
}

/** The request a transport gets: a class, so that the lazy `signal` getter lives on the prototype. */
class AttemptRequest implements TransportRequest {
  constructor(
    readonly service: ServiceDescriptor,
    readonly operation: OperationDescriptor,
    readonly input: unknown,
    readonly headers: RequestHeaderValues,
    readonly abort: AttemptAbort,
    readonly httpHeaders: Record<string, string>,
  ) {}

  get signal(): AbortSignal {
    return this.abort.signal;
  }
}

/** Register every string inside the values of the `secret` header parts (a part may be a structure, e.g. a password in a credentials block). */
/**
 * Header parts (and fields inside them) that hold a secret by their name: a `Password`, a
 * `DeveloperToken`, an `ApiKey`, a `ClientSecret` … Their values are masked wherever they appear
 * (a Fault that quotes them), as `secretHeaders` does for parts of other names.
 */
const SECRET_NAME = /(?:ticket|token|password|secret|apikey)$/i;

function registerHeaderSecrets(headers: RequestHeaderValues | undefined, secret: ReadonlySet<string>): void {
  if (headers === undefined) return;
  for (const part of secret) registerStrings(headers[part]);
  registerSecretsByName(headers, 0);
}

/** Register the values of the members of `value` whose names say they are secrets (see `SECRET_NAME`), a few levels down. */
function registerSecretsByName(value: unknown, depth: number): void {
  if (value === null || typeof value !== 'object' || depth > 4) return;
  for (const [name, member] of Object.entries(value)) {
    if (SECRET_NAME.test(name)) registerStrings(member);
    else registerSecretsByName(member, depth + 1);
  }
}

function registerStrings(value: unknown): void {
  if (typeof value === 'string') registerSecret(value);
  else if (Array.isArray(value)) value.forEach(registerStrings);
  else if (value !== null && typeof value === 'object') Object.values(value).forEach(registerStrings);
}

/** Header values of one call: client defaults overlaid by the call's own; never shared between calls. */
function requestHeaders(options: ClientOptions, credential: ResolvedCredential | undefined, overrides: RequestHeaderValues | undefined, secret: ReadonlySet<string>): RequestHeaderValues {
  const headers: RequestHeaderValues = { ...options.headers };
  // Registered again on every call: the registry is bounded and forgets what is not in use.
  registerSecret(options.applicationToken);
  registerHeaderSecrets(options.headers, secret);
  if (options.applicationToken !== undefined) headers.ApplicationToken = options.applicationToken;
  if (credential) {
    registerSecret(credential.value);
    headers.Credentials = { Ticket: credential.value };
  }
  if (options.timeZone !== undefined) headers.TimeZone = options.timeZone;
  if (overrides) {
    for (const [k, v] of Object.entries(overrides)) {
      if (v === undefined) continue;
      headers[k] = v;
      if (k === 'ApplicationToken' && typeof v === 'string') registerSecret(v);
      if (k === 'Credentials' && v && typeof v === 'object') registerSecret((v as { Ticket?: string }).Ticket);
      if (secret.has(k) || SECRET_NAME.test(k)) registerStrings(v);
      else registerSecretsByName(v, 1);
    }
  }
  return headers;
}

function throwIfFailed(op: OperationDescriptor, response: TransportResponse): void {
  if (response.headers.Succeeded === false) {
    throw new SoExceptionError(response.headers.ExceptionInfo as SoExceptionInfo | null | undefined, { operation: op.name, headers: response.headers, status: response.status });
  }
}

/** Run `send` with a time limit; a caller's abort passes through as the platform's AbortError. */
async function withTimeout<T>(timeoutMs: number, operation: string, outer: AbortSignal | undefined, send: (abort: AttemptAbort) => Promise<T>): Promise<T> {
  outer?.throwIfAborted();
  // No AbortSignal unless a transport asks for one (AttemptAbort.signal): a listener on a signal
  // costs more than the rest of the client's work per call.
  const abort = new AttemptAbort();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    abort.abort(new TimeoutError(timeoutMs, { operation }));
  }, timeoutMs);
  const stopWaiting = outer ? whenAborted(outer, () => abort.abort(outer.reason)) : undefined;
  try {
    return await send(abort);
  } catch (e) {
    if (timedOut) throw new TimeoutError(timeoutMs, { operation, cause: e });
    if (outer?.aborted) throw outer.reason;
    throw e;
  } finally {
    clearTimeout(timer);
    stopWaiting?.();
  }
}

function ms(since: number): number {
  return Math.round((performance.now() - since) * 100) / 100;
}

function safeHost(endpoint: string): string {
  try {
    return new URL(endpoint).host;
  } catch {
    return '';
  }
}

export type { ServiceDescriptor };
