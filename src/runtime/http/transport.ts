/**
 * Transports move one operation call over the wire and hand back the typed response headers and
 * body (the output wrapper's children). The client adds credentials, timeouts, retries and
 * logging on top, identically for every transport.
 */
import type { OperationDescriptor, ServiceDescriptor } from '../codec/descriptor.js';
import type { RequestHeaderValues } from '../client/call-types.js';
import { NetworkError } from '../client/errors.js';

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
  readonly signal: AbortSignal;
  /**
   * The same cancellation as `signal`, as a callback: cheaper (the client creates the
   * `AbortSignal` only when a transport reads `signal`). Absent in requests a test builds itself.
   */
  readonly abort?: Abortable;
  /** Extra HTTP headers (User-Agent). */
  httpHeaders: Record<string, string>;
}

/**
 * The cancellation of one attempt. Reading `signal` makes an `AbortSignal`; `onAbort` registers
 * one callback without one (the hot path of the built-in HTTP clients).
 */
export interface Abortable {
  /** An `AbortSignal` that aborts with the attempt (made on first read). */
  readonly signal: AbortSignal;
  /** Whether the attempt is aborted. */
  readonly aborted: boolean;
  /** Why (a `TimeoutError`, or the caller's abort reason). */
  readonly reason: unknown;
  /** Call `listener` once when the attempt aborts (at once when it already has); replaces an earlier listener. */
  onAbort(listener: ((reason: unknown) => void) | undefined): void;
}

/** An `Abortable` the client controls: `abort(reason)` cancels the attempt. */
export class AttemptAbort implements Abortable {
  private controller: AbortController | undefined;
  private listener: ((reason: unknown) => void) | undefined;
  aborted = false;
  reason: unknown = undefined;

  get signal(): AbortSignal {
    if (this.controller === undefined) {
      this.controller = new AbortController();
      if (this.aborted) this.controller.abort(this.reason);
    }
    return this.controller.signal;
  }

  onAbort(listener: ((reason: unknown) => void) | undefined): void {
    this.listener = listener;
    if (this.aborted && listener !== undefined) listener(this.reason);
  }

  abort(reason: unknown): void {
    if (this.aborted) return;
    this.aborted = true;
    this.reason = reason;
    this.controller?.abort(reason);
    const listener = this.listener;
    this.listener = undefined;
    listener?.(reason);
  }
}

/** The `Abortable` of a transport request (its own, or one over `signal` for requests built without). */
export function abortableOf(request: TransportRequest): Abortable {
  if (request.abort !== undefined) return request.abort;
  const signal = request.signal;
  let off: (() => void) | undefined;
  return {
    signal,
    get aborted() {
      return signal.aborted;
    },
    get reason() {
      return signal.reason as unknown;
    },
    onAbort(listener) {
      off?.();
      off = undefined;
      if (listener === undefined) return;
      if (signal.aborted) {
        listener(signal.reason);
        return;
      }
      const fire = (): void => listener(signal.reason);
      signal.addEventListener('abort', fire, { once: true });
      off = () => signal.removeEventListener('abort', fire);
    },
  };
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

/**
 * Turn a failed HTTP exchange (fetch or undici) into a typed error. Aborts (timeout or the caller's) are rethrown as they
 * are; the client tells them apart.
 */
export function networkError(e: unknown, operation: string): unknown {
  // By name, not instanceof: fetch's DOMException may come from another realm.
  const name = (e as { name?: unknown } | null | undefined)?.name;
  if (name === 'AbortError' || name === 'TimeoutError') return e;
  const cause = (e as { cause?: { code?: string; message?: string } } | undefined)?.cause;
  const code = cause?.code ?? (e as { code?: string } | undefined)?.code;
  const detail = cause?.message ?? (e instanceof Error ? e.message : String(e));
  return new NetworkError(`network error${code ? ` (${code})` : ''}: ${detail}`, { operation, code, cause: e });
}
