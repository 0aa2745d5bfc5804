/** The tickets and access tokens the simulator's Chat routes accept: fixed dev tickets (never expire) and issued ones (expire after the ticket TTL). */
import { randomBytes } from 'node:crypto';

export class TicketBook {
  private readonly fixed: Set<string>;
  private readonly issued = new Map<string, number>();

  constructor(fixed: Iterable<string>, private readonly now: () => number = Date.now) {
    this.fixed = new Set(fixed);
  }

  /** The first fixed ticket ('' when none). */
  get first(): string {
    return this.fixed.values().next().value ?? '';
  }

  /** A new ticket (`7T:`) or access token (`8A:`) valid for `ttlMs`. */
  issue(kind: '7T' | '8A', ttlMs: number): { value: string; expiresAt: number } {
    const value = `${kind}:${randomBytes(24).toString('base64')}`;
    const expiresAt = this.now() + ttlMs;
    this.issued.set(value, expiresAt);
    return { value, expiresAt };
  }

  has(ticket: string): boolean {
    if (this.fixed.has(ticket)) return true;
    const until = this.issued.get(ticket);
    if (until === undefined) return false;
    if (this.now() < until) return true;
    this.issued.delete(ticket);
    return false;
  }
}
