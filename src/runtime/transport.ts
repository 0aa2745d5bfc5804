/**
 * Transports move one operation call over the wire and hand back the typed response headers and
 * body (the output wrapper's children). The client adds credentials, timeouts, retries and
 * logging on top, identically for every transport.
 */
import type { OperationDescriptor, ServiceDescriptor } from './descriptor.js';
import type { RequestHeaderValues } from './call-types.js';
import { NetworkError, ResponseFormatError } from './errors.js';

/** One attempt of one call, as the client hands it to a transport. */
export interface TransportRequest {
  /** The service the operation belongs to. */
  service: ServiceDescriptor;
  /** The operation to call. */
  operation: OperationDescriptor;
  /** The typed request object (the input wrapper's children). */
  input: unknown;
  /** Header values of this call (client defaults overlaid by the call's own, credentials resolved). */
  headers: RequestHeaderValues;
  /** Aborts on timeout or on the caller's signal. */
  signal: AbortSignal;
  /** Extra HTTP headers (User-Agent). */
  httpHeaders: Record<string, string>;
}

/** A decoded response. A transport throws the typed errors for anything else (faults, HTTP errors…). */
export interface TransportResponse {
  /** HTTP status (2xx). */
  status: number;
  /** Typed response headers (Succeeded, ExceptionInfo, ExtraInfo, TimeZone…). */
  headers: Record<string, unknown>;
  /** The output wrapper's children (`{}` for an empty wrapper). */
  body: Record<string, unknown>;
}

/** Moves one operation call over the wire: `soapTransport` (default), `restTransport`, or a test double. */
export interface Transport {
  /** Which wire protocol the transport speaks. */
  readonly kind: 'soap' | 'rest';
  /**
   * Send one attempt and decode its response; `Succeeded=false` is returned (the client throws
   * `SoExceptionError`), faults, HTTP and network errors are thrown as the typed errors.
   */
  send(request: TransportRequest): Promise<TransportResponse>;
}

/** The part of the `fetch` signature the transports use (the global `fetch`, undici's, or a test double). */
export type FetchLike = (url: string, init: RequestInit) => Promise<Response>;

/** Read a response body, refusing more than `maxBytes`. */
export async function readBounded(res: Response, maxBytes: number, operation: string): Promise<Uint8Array> {
  const declared = Number(res.headers.get('content-length') ?? NaN);
  if (Number.isFinite(declared) && declared > maxBytes) {
    await res.body?.cancel().catch(() => undefined);
    throw new ResponseFormatError(`response of ${declared} bytes exceeds the limit of ${maxBytes} bytes`, { operation });
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
      throw new ResponseFormatError(`response exceeds the limit of ${maxBytes} bytes`, { operation });
    }
    chunks.push(value);
  }
  if (chunks.length === 1) return chunks[0];
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}

/**
 * Turn a fetch failure into a typed error. Aborts (timeout or the caller's) are rethrown as they
 * are; the client tells them apart.
 */
export function networkError(e: unknown, operation: string): unknown {
  if (e instanceof Error && (e.name === 'AbortError' || e.name === 'TimeoutError')) return e;
  const cause = (e as { cause?: { code?: string; message?: string } } | undefined)?.cause;
  const code = cause?.code ?? (e as { code?: string } | undefined)?.code;
  const detail = cause?.message ?? (e instanceof Error ? e.message : String(e));
  return new NetworkError(`network error${code ? ` (${code})` : ''}: ${detail}`, { operation, code, cause: e });
}
