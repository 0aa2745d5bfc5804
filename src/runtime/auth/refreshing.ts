/**
 * A credential that expires: cached, one exchange shared by every concurrent caller, renewed when
 * less than min(60 s, 20% of its lifetime) is left, and renewed on a refusal only when the refused
 * value is still the current one (so 16 calls refused together cause one exchange, not 16).
 */
import type { TicketRequest } from '../client/credentials.js';

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

export class Refreshing<T extends Expiring> {
  private current: T | undefined;
  private pending: Promise<T> | undefined;
  /** Exchanges made (tests, diagnostics). */
  exchanges = 0;

  constructor(
    private readonly exchange: (signal?: AbortSignal) => Promise<T>,
    private readonly now: () => number = Date.now,
  ) {}

  /** The current credential, renewed first when due (or when `request` reports the current one refused). */
  get(request: Partial<TicketRequest> = {}): Promise<T> {
    const c = this.current;
    const refused = request.reason === 'refresh' && (request.rejected === undefined || request.rejected === c?.value);
    if (c !== undefined && !refused && this.now() < c.expiresAt - renewalMarginMs(c)) return Promise.resolve(c);
    if (this.pending) return this.pending;
    this.exchanges++;
    const p = this.exchange(request.signal).then(
      (next) => {
        this.current = next;
        return next;
      },
    );
    this.pending = p;
    const clear = () => {
      if (this.pending === p) this.pending = undefined;
    };
    p.then(clear, clear);
    return p;
  }

  /** The credential held now, without renewing it. */
  peek(): T | undefined {
    return this.current;
  }
}
