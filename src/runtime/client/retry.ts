/** Retry policy: which failures are retried, and how long to wait before the next attempt. */
import { HttpError, NetworkError, TimeoutError } from './errors.js';
import type { RetryOptions } from './call-types.js';

/** The default retry settings: 3 attempts in all, backoff from 200 ms, no delay above 10 s. */
export const DEFAULT_RETRY: RetryOptions = { maxAttempts: 3, baseDelayMs: 200, maxDelayMs: 10_000 };

const RETRYABLE_STATUS = new Set([408, 429, 502, 503, 504]);

/** Resolve the retry settings of one call: per-call over client over defaults; `false` means one attempt. */
export function resolveRetry(client: Partial<RetryOptions> | false | undefined, call: Partial<RetryOptions> | false | undefined): RetryOptions {
  if (call === false || (call === undefined && client === false)) return { ...DEFAULT_RETRY, maxAttempts: 1 };
  return { ...DEFAULT_RETRY, ...defined(client || {}), ...defined(call || {}) };
}

/** The settings actually given: `{ maxAttempts: undefined }` (an unset variable) keeps the default. */
function defined(o: Partial<RetryOptions>): Partial<RetryOptions> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
}

/** Whether `error` may be retried at all (the operation must also be safe). */
export function isRetryable(error: unknown): boolean {
  if (error instanceof HttpError) return RETRYABLE_STATUS.has(error.status);
  return error instanceof NetworkError || error instanceof TimeoutError;
}

/** Delay before attempt `attempt + 1`: `Retry-After` when the server sent one, else exponential backoff with full jitter. */
export function retryDelayMs(error: unknown, attempt: number, options: RetryOptions, random: () => number = Math.random): number {
  if (error instanceof HttpError && error.retryAfterMs !== undefined) return Math.min(error.retryAfterMs, options.maxDelayMs);
  const ceiling = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** (attempt - 1));
  return Math.round(random() * ceiling);
}

/** `Retry-After` (seconds or an HTTP date) in milliseconds, or undefined. */
export function parseRetryAfter(value: string | null, now: number = Date.now()): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** Sleep `ms`, rejecting early with the signal's reason when it aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      stop?.();
      resolve();
    }, ms);
    const stop = signal
      ? whenAborted(signal, () => {
          clearTimeout(timer);
          reject(signal.reason);
        })
      : undefined;
  });
}

const waiting = new WeakMap<AbortSignal, { fns: Set<() => void>; listener: () => void }>();

/**
 * Run `fn` when `signal` aborts; returns the function that stops waiting. However many calls wait
 * on one caller's signal at once, the signal gets a single 'abort' listener (one per call tripped
 * Node's MaxListenersExceededWarning beyond 10 concurrent calls sharing a signal), removed again
 * when the last one stops waiting.
 */
export function whenAborted(signal: AbortSignal, fn: () => void): () => void {
  let entry = waiting.get(signal);
  if (entry === undefined) {
    const fns = new Set<() => void>();
    const listener = (): void => {
      waiting.delete(signal);
      for (const f of [...fns]) f();
    };
    entry = { fns, listener };
    waiting.set(signal, entry);
    signal.addEventListener('abort', listener, { once: true });
  }
  const e = entry;
  e.fns.add(fn);
  return () => {
    e.fns.delete(fn);
    if (e.fns.size === 0 && waiting.get(signal) === e) {
      waiting.delete(signal);
      signal.removeEventListener('abort', e.listener);
    }
  };
}
