/** The optional logger: structured entries, secrets redacted before they reach it. */
import { redact } from './redact.js';

/** One structured log entry (every string in it already redacted). */
export interface LogEntry {
  /** `debug` for a successful attempt, `warn` for a retry or credentials refresh, `error` for a failed call. */
  level: 'debug' | 'info' | 'warn' | 'error';
  /** A one-line human-readable summary, e.g. `GetChatMessages: attempt 1 failed, retrying in 180 ms`. */
  message: string;
  /** The WSDL operation name. */
  operation?: string;
  /** Host (and port) of the endpoint; never the path or query. */
  host?: string;
  /** HTTP status, when a response arrived. */
  status?: number;
  /** Duration of this attempt in milliseconds. */
  durationMs?: number;
  /** Attempt number, 1 for the first. */
  attempt?: number;
  /** The error as `Name: message`, for failed attempts. */
  error?: string;
  [field: string]: unknown;
}

/** A function, or an object with level methods (console works). */
export type Logger =
  | ((entry: LogEntry) => void)
  | {
      /** Receives `debug` entries (one per successful attempt). */
      debug?: (msg: string, entry: LogEntry) => void;
      /** Receives `info` entries. */
      info?: (msg: string, entry: LogEntry) => void;
      /** Receives `warn` entries (retries, credentials refresh). */
      warn?: (msg: string, entry: LogEntry) => void;
      /** Receives `error` entries (a call that failed for good). */
      error?: (msg: string, entry: LogEntry) => void;
    };

/**
 * Send `entry` to `logger`, with every string field redacted. Logging never throws. An object
 * without a method for the entry's level gets nothing, and the entry is not redacted (a `debug`
 * entry is made for every successful attempt: a logger that drops them costs nothing per call).
 */
export function log(logger: Logger | undefined, entry: LogEntry): void {
  if (!logger) return;
  if (typeof logger !== 'function' && typeof logger[entry.level] !== 'function') return;
  const safe = JSON.parse(redact(JSON.stringify(entry))) as LogEntry;
  try {
    if (typeof logger === 'function') logger(safe);
    else logger[safe.level]?.(safe.message, safe);
  } catch {
    // a failing logger must not fail the call
  }
}
