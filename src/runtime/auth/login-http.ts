/**
 * The sign-in side's HTTP requests (token exchange, OpenID metadata, JWKS) through the package's
 * own HTTP client: redirects refused like every call's, a time limit per request, the caller's
 * signal honoured, the body bounded. Answers are read as text; non-2xx is an `HttpError`.
 */
import { HttpError, TimeoutError } from '../client/errors.js';
import { whenAborted } from '../client/retry.js';
import { refuseRedirect, type HttpClient } from '../http/http-client.js';
import { AttemptAbort, type FetchLike } from '../http/transport.js';
import { httpClientFor } from '../http/undici-http.js';

/** How the sign-in requests are sent (the same choices as a client's). */
export interface LoginHttpOptions {
  /** Send with this `fetch` instead of the shared undici client. */
  fetch?: FetchLike | undefined;
  /** The HTTP client to send with (takes precedence over `fetch`). */
  httpClient?: HttpClient | undefined;
  /** Time limit of one sign-in request in ms (default 30 000). */
  timeoutMs?: number | undefined;
}

/** One sign-in request. */
export interface LoginRequest {
  url: string;
  method: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
  /** Names the request in errors and logs (e.g. `PartnerSystemUser/Authenticate`). */
  operation: string;
  signal?: AbortSignal;
}

const MAX_LOGIN_RESPONSE_BYTES = 1024 * 1024;
const DEFAULT_LOGIN_TIMEOUT_MS = 30_000;

/** Send one request; resolves with the text of a 2xx answer. */
export async function loginRequest(options: LoginHttpOptions, request: LoginRequest): Promise<{ status: number; text: string; contentType: string }> {
  request.signal?.throwIfAborted();
  const send = httpClientFor(options);
  const timeoutMs = options.timeoutMs ?? DEFAULT_LOGIN_TIMEOUT_MS;
  const abort = new AttemptAbort();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    abort.abort(new TimeoutError(timeoutMs, { operation: request.operation }));
  }, timeoutMs);
  const stop = request.signal ? whenAborted(request.signal, () => abort.abort(request.signal!.reason)) : undefined;
  try {
    const res = await send({
      url: request.url,
      method: request.method,
      headers: { Accept: 'application/json, text/xml', 'User-Agent': 'so-soap/0.1.0', ...request.headers },
      body: request.body,
      abort,
      maxResponseBytes: MAX_LOGIN_RESPONSE_BYTES,
      operation: request.operation,
    });
    refuseRedirect(res, request);
    const text = Buffer.from(res.body).toString('utf8');
    if (res.status < 200 || res.status >= 300) throw new HttpError(res.status, { operation: request.operation, statusText: res.statusText, body: text });
    return { status: res.status, text, contentType: res.header('content-type') ?? '' };
  } catch (e) {
    if (timedOut) throw new TimeoutError(timeoutMs, { operation: request.operation, cause: e });
    if (request.signal?.aborted) throw request.signal.reason;
    throw e;
  } finally {
    clearTimeout(timer);
    stop?.();
  }
}
