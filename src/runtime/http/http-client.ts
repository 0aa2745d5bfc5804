/**
 * The HTTP exchange both transports send through: one POST, the whole (bounded) response body
 * back. Two implementations: `undiciHttpClient` (an undici keep-alive Agent, the default)
 * and `fetchHttpClient` (any `fetch`: the global one, undici's, a test double).
 */
import { HttpError, RequestValidationError, ResponseFormatError } from '../client/errors.js';
import { networkError, type Abortable, type FetchLike } from './transport.js';

/** One HTTP POST of one call attempt. */
export interface HttpRequest {
  /** Absolute http(s) URL. */
  url: string;
  /** `POST` (default; every call) or `GET` (the sign-in side's OpenID metadata and JWKS). */
  method?: 'GET' | 'POST';
  /** Request headers (Content-Type, SOAPAction, Authorization…); may be shared by calls (the SOAP transport's are frozen): read, never change. */
  headers: Readonly<Record<string, string>>;
  /** The request body (UTF-8 when a string); none for a bodiless REST call. */
  body: string | undefined;
  /** Cancels the exchange (timeout or the caller's signal): the promise then rejects with an AbortError. */
  abort: Abortable;
  /** Largest response body accepted, in bytes (after content decoding). */
  maxResponseBytes: number;
  /** The operation, for error messages. */
  operation: string;
}

/** The response of an `HttpRequest`, body read in full. */
export interface HttpResponse {
  /** HTTP status code. */
  status: number;
  /** HTTP reason phrase ('' when the server sent none). */
  statusText: string;
  /** A response header by case-insensitive name, `null` when absent. */
  header(name: string): string | null;
  /** The response body (content encoding removed). */
  body: Uint8Array;
}

/**
 * Sends one `HttpRequest`. Rejects with `NetworkError` when the exchange fails, with
 * `ResponseFormatError` when the body exceeds `maxResponseBytes`, and with the platform's
 * AbortError when `abort` fires; any HTTP status resolves.
 */
export type HttpClient = (request: HttpRequest) => Promise<HttpResponse>;

/** What an HTTP header value may hold (RFC 9110 field-value; what node:http and undici accept). */
const NOT_FIELD_VALUE = /[^\t\x20-\x7e\x80-\xff]/;
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
/** Frozen header objects already checked (a transport's per-operation headers, shared by its calls). */
const checkedHeaders = new WeakSet<object>();

/**
 * Throw `RequestValidationError` for a header HTTP cannot carry (a ticket or token with a trailing
 * newline, a name with a space), before any connection is taken: nothing is sent, nothing is left
 * open, and the call is not retried as a network failure. The value is never quoted (a secret).
 */
export function checkHeaders(headers: Readonly<Record<string, string>>, operation?: string): void {
  if (checkedHeaders.has(headers)) return;
  for (const name in headers) {
    if (!TOKEN.test(name)) throw new RequestValidationError('is not a valid HTTP header name: nothing was sent', { operation, path: `HTTP header ${JSON.stringify(name)}` });
    const value = headers[name];
    if (typeof value !== 'string' || NOT_FIELD_VALUE.test(value)) {
      throw new RequestValidationError('holds a character an HTTP header cannot carry (CR, LF or another control character, or one above U+00FF): nothing was sent', { operation, path: `HTTP header ${name}` });
    }
  }
  if (Object.isFrozen(headers)) checkedHeaders.add(headers);
}

/** What `checkUrl` says of a URL with a user name or password (never quoted: the password is a secret). */
export const URL_CREDENTIALS = 'carries a user name or password (user:password@host), which this client does not send: nothing was sent. Give an Authorization header through your own `fetch` or `httpClient` instead';
let checkedUrl = '';

/**
 * Throw `RequestValidationError` for a URL with credentials (`http://user:pw@host/…`): undici
 * would drop them without a word (a puzzling 401) and a fetch's error would quote them.
 */
export function checkUrl(url: string, operation?: string): void {
  if (url === checkedUrl) return;
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return; // (the HTTP client's own error says what is wrong with it)
  }
  if (u.username !== '' || u.password !== '') throw new RequestValidationError(URL_CREDENTIALS, { operation, path: 'endpoint URL' });
  checkedUrl = url;
}

/**
 * An `HttpClient` over a `fetch` (`ClientOptions.fetch`). Redirects are not followed
 * (`redirect: 'manual'`: the 3xx comes back as it is); a response the fetch reached by following
 * one anyway (it ignored the option) or an opaque redirect (a browser's) is refused with `HttpError`.
 */
export function fetchHttpClient(fetchImpl: FetchLike): HttpClient {
  return async (request) => {
    checkUrl(request.url, request.operation);
    checkHeaders(request.headers, request.operation);
    let res: Response;
    try {
      res = await fetchImpl(request.url, { method: request.method ?? 'POST', headers: request.headers, body: request.body, signal: request.abort.signal, redirect: 'manual' });
    } catch (e) {
      throw request.abort.aborted ? abortError(request.abort.reason) : networkError(e, request.operation);
    }
    if (res.redirected || res.type === 'opaqueredirect') {
      await res.body?.cancel().catch(() => undefined);
      const to = res.redirected ? locationOrigin(res.url, request.url) : UNKNOWN_LOCATION;
      throw new HttpError(res.status, { operation: request.operation, statusText: res.redirected ? 'after a redirect the fetch followed' : 'opaque redirect', location: to });
    }
    let body: Uint8Array;
    try {
      body = await readBounded(res, request.maxResponseBytes, request.operation);
    } catch (e) {
      throw e instanceof ResponseFormatError ? e : request.abort.aborted ? abortError(request.abort.reason) : networkError(e, request.operation);
    }
    return { status: res.status, statusText: res.statusText, header: (name) => res.headers.get(name), body };
  };
}

const UNKNOWN_LOCATION = '(unknown)';

/** The origin a `Location` points to (relative ones resolved against the request URL); never its credentials, path or query. */
function locationOrigin(location: string | null, requestUrl: string): string {
  if (!location) return UNKNOWN_LOCATION;
  try {
    const u = new URL(location, requestUrl);
    return u.origin === 'null' ? `${u.protocol}` : u.origin;
  } catch {
    return UNKNOWN_LOCATION;
  }
}

/**
 * Throw `HttpError` for a 3xx. Redirects are never followed by any transport: a followed 307/308
 * re-sends the envelope with the ticket and application token to the Location (maybe another
 * origin, or plain http), a followed 301/302/303 becomes a GET whose answer could pass for the
 * call's. The error names the Location's origin only.
 */
export function refuseRedirect(res: HttpResponse, request: Pick<HttpRequest, 'url' | 'operation'>): void {
  if (res.status < 300 || res.status >= 400) return;
  throw new HttpError(res.status, { operation: request.operation, statusText: res.statusText, location: locationOrigin(res.header('location'), request.url) });
}

/** What an aborted exchange rejects with: an AbortError (the client turns it into its TimeoutError or the caller's reason). */
export function abortError(reason: unknown): Error {
  return Object.assign(new Error('This operation was aborted'), { name: 'AbortError', cause: reason });
}

/** The message of a body over the limit (one wording for both clients). */
export function tooLarge(maxBytes: number, declared?: number): string {
  return declared === undefined ? `response exceeds the limit of ${maxBytes} bytes` : `response of ${declared} bytes exceeds the limit of ${maxBytes} bytes`;
}

/** Read a fetch response body, refusing more than `maxBytes`. */
async function readBounded(res: Response, maxBytes: number, operation: string): Promise<Uint8Array> {
  const declared = Number(res.headers.get('content-length') ?? NaN);
  if (Number.isFinite(declared) && declared > maxBytes) {
    await res.body?.cancel().catch(() => undefined);
    throw new ResponseFormatError(tooLarge(maxBytes, declared), { operation });
  }
  if (!res.body) return new Uint8Array(0);
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw new ResponseFormatError(tooLarge(maxBytes), { operation });
    }
    chunks.push(value);
  }
  return concat(chunks, total);
}

/** Join body chunks (no copy for a single chunk). */
export function concat(chunks: readonly Uint8Array[], total: number): Uint8Array {
  if (chunks.length === 1) return chunks[0];
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}
