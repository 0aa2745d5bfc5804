/**
 * A credential that expires: cached, one exchange shared by every concurrent caller, renewed when
 * less than min(60 s, 20% of its lifetime) is left, and renewed on a refusal only when the refused
 * value is still the current one (so 16 calls refused together cause one exchange, not 16).
 */
import type { TicketRequest } from '../client/credentials.js';
import { SharedCall } from '../client/shared-call.js';

/** One credential and its lifetime (ms since the epoch). */
export interface Expiring {
  value: string;
  issuedAt: number;
  expiresAt: number;
}

/** The renewal margin: min(60 s, 20% of the lifetime). */
export function renewalMarginMs(c: Expiring): number {
  return Math.min(60_000, 0.2 * Math.max(0, c.expiresAt - c.issuedAt));
}

/** After a failed early renewal, the still-valid credential is used this long before the next try. */
const RENEWAL_PAUSE_MS = 5_000;

export class Refreshing<T extends Expiring> {
  private current: T | undefined;
  private pending: SharedCall<T> | undefined;
  /** No early renewal before this time (ms), set when one failed while the credential was still valid. */
  private pauseUntil = 0;
  /** Exchanges made (tests, diagnostics). */
  exchanges = 0;

  constructor(
    private readonly exchange: (signal?: AbortSignal) => Promise<T>,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * The current credential, renewed first when due (or when `request` reports the current one
   * refused). Concurrent callers share one exchange; each caller's signal ends its own wait only.
   * An early renewal that fails leaves the credential in use until it expires (retried after a
   * pause): only a refused or expired one makes the failure the caller's.
   */
  get(request: Partial<TicketRequest> = {}): Promise<T> {
    const c = this.current;
    const refused = request.reason === 'refresh' && (request.rejected === undefined || request.rejected === c?.value);
    const t = this.now();
    const usable = c !== undefined && !refused && t < c.expiresAt;
    if (usable && (t < c.expiresAt - renewalMarginMs(c) || t < this.pauseUntil)) return Promise.resolve(c);
    if (this.pending === undefined || this.pending.abandoned) {
      this.exchanges++;
      const shared = new SharedCall((signal) => this.exchange(signal));
      this.pending = shared;
      shared.result.then(
        (next) => {
          this.current = next;
          this.pauseUntil = 0;
          if (this.pending === shared) this.pending = undefined;
        },
        () => {
          if (this.pending === shared) this.pending = undefined;
        },
      );
    }
    const wait = this.pending.join(request.signal);
    if (!usable) return wait;
    return wait.catch((e: unknown) => {
      if (request.signal?.aborted) throw e;
      this.pauseUntil = this.now() + RENEWAL_PAUSE_MS;
      return c;
    });
  }

  /** The credential held now, without renewing it. */
  peek(): T | undefined {
    return this.current;
  }
}
