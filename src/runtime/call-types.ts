/** The public types of a call: options, results, and the method signatures generated clients use. */

/** `xs:anyType`: a value that carries its own XSD type (`xsi:type`). */
export type AnyValue =
  | { $type: string; $value: string | number | boolean | Date | Uint8Array | null }
  | { $type: string; [field: string]: unknown };

/** Header blocks a call sends, by part name (only those the operation declares are sent). */
export interface RequestHeaderValues {
  ApplicationToken?: string | null;
  Credentials?: { Ticket?: string | null } | null;
  TimeZone?: { SoTimeZoneId?: number; SoTimeZoneLocationCode?: string | null } | null;
  [part: string]: unknown;
}

/** Options of one call. */
export interface CallOptions {
  /** Abort the call (the platform's `AbortError` passes through). */
  signal?: AbortSignal;
  /** Time limit of this call in milliseconds (overrides the client's). */
  timeoutMs?: number;
  /** Header values for this call only (ApplicationToken, Credentials/Ticket, TimeZone). */
  headers?: RequestHeaderValues;
  /** Retry settings for this call only (`false` disables retries). */
  retry?: Partial<RetryOptions> | false;
  /** Resolve to `{ data, headers, status, durationMs, attempts }` instead of the data alone. */
  withMeta?: boolean;
}

export interface RetryOptions {
  /** Total attempts, the first included (default 3). */
  maxAttempts: number;
  /** First backoff delay in ms (default 200), doubled each attempt, with full jitter. */
  baseDelayMs: number;
  /** Upper bound of one delay, `Retry-After` included (default 10 000). */
  maxDelayMs: number;
}

/** What a call resolves to with `withMeta: true`. */
export interface CallResult<R, H> {
  data: R;
  /** Typed response headers (Succeeded, ExtraInfo, TimeZone, …). */
  headers: H;
  status: number;
  durationMs: number;
  attempts: number;
}

/** A generated client method whose request has required fields. */
export interface OperationMethod<I, R, H> {
  (input: I, options?: CallOptions & { withMeta?: false }): Promise<R>;
  (input: I, options: CallOptions & { withMeta: true }): Promise<CallResult<R, H>>;
}

/** A generated client method whose request fields are all optional: the input may be left out. */
export interface OptionalInputMethod<I, R, H> {
  (input?: I, options?: CallOptions & { withMeta?: false }): Promise<R>;
  (input: I | undefined, options: CallOptions & { withMeta: true }): Promise<CallResult<R, H>>;
}
