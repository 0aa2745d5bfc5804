/**
 * Transports move one operation call over the wire and hand back the typed response headers and
 * body (the output wrapper's children). The client adds credentials, timeouts, retries and
 * logging on top, identically for every transport.
 */
import type { OperationDescriptor, ServiceDescriptor } from './descriptor.js';
import type { RequestHeaderValues } from './call-types.js';
import { NetworkError, ResponseFormatError } from './errors.js';

export interface TransportRequest {
  service: ServiceDescriptor;
  operation: OperationDescriptor;
  input: unknown;
  headers: RequestHeaderValues;
  /** Aborts on timeout or on the caller's signal. */
  signal: AbortSignal;
  /** Extra HTTP headers (User-Agent). */
  httpHeaders: Record<string, string>;
}

export interface TransportResponse {
  status: number;
  /** Typed response headers (Succeeded, ExceptionInfo, ExtraInfo, TimeZone…). */
  headers: Record<string, unknown>;
  /** The output wrapper's children (`{}` for an empty wrapper). */
  body: Record<string, unknown>;
}

export interface Transport {
  readonly kind: 'soap' | 'rest';
  send(request: TransportRequest): Promise<TransportResponse>;
}

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
