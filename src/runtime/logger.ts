/** The optional logger: structured entries, secrets redacted before they reach it. */
import { redact } from './redact.js';

export interface LogEntry {
  level: 'debug' | 'info' | 'warn' | 'error';
  message: string;
  operation?: string;
  host?: string;
  status?: number;
  durationMs?: number;
  attempt?: number;
  error?: string;
  [field: string]: unknown;
}

/** A function, or an object with level methods (console works). */
export type Logger =
  | ((entry: LogEntry) => void)
  | { debug?: (msg: string, entry: LogEntry) => void; info?: (msg: string, entry: LogEntry) => void; warn?: (msg: string, entry: LogEntry) => void; error?: (msg: string, entry: LogEntry) => void };

/** Send `entry` to `logger`, with every string field redacted. Logging never throws. */
export function log(logger: Logger | undefined, entry: LogEntry): void {
  if (!logger) return;
  const safe = JSON.parse(redact(JSON.stringify(entry))) as LogEntry;
  try {
    if (typeof logger === 'function') logger(safe);
    else logger[safe.level]?.(safe.message, safe);
  } catch {
    // a failing logger must not fail the call
  }
}
