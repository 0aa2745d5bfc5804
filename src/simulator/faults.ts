/**
 * Fault injection for the simulator. A spec is a comma-separated list of items:
 *
 * ```
 * spec     = item *("," item)
 * item     = latency / fault
 * latency  = "latency=" ms ["-" ms] [":" trigger]   ; added delay, e.g. latency=20ms, latency=5-50ms (uniform)
 * fault    = kind ["@" seconds] [":" trigger]        ; the first fault item that fires answers the request
 * kind     = status / "fault" / "cut"
 * status   = an HTTP status 400-599, e.g. 500, 502, 503, 504, 429, 408 (nothing is applied)
 *          ; "@seconds" sends Retry-After (default 1 for 429, none otherwise)
 * "fault"  = HTTP 500 with a SOAP Fault envelope (s:Server; nothing is applied)
 * "cut"    = the request IS applied, then the connection is destroyed half-way through the response
 * trigger  = rate / "x" count / "/" n               ; default: every request
 * rate     = a probability in [0, 1] ("0.05") or a percentage ("5%")
 * "x" count= the first `count` requests that reach this item ("503:x3")
 * "/" n    = every n-th request that reaches this item ("cut:/50")
 * ```
 *
 * Example: `503:0.1,429@2:0.05,cut:0.02,latency=20ms`. Decisions come from a generator seeded with
 * the simulator's seed, so a run with the same seed and the same request order injects the same
 * faults. Every item draws once per request, whether or not an earlier item fired.
 */
import { Random } from './random.js';

export type Trigger = { kind: 'rate'; p: number } | { kind: 'first'; n: number } | { kind: 'every'; n: number };

export type FaultKind = 'status' | 'fault' | 'cut';

export interface FaultItem {
  kind: FaultKind;
  /** HTTP status for `status`. */
  status?: number;
  /** Retry-After in seconds. */
  retryAfter?: number;
  trigger: Trigger;
  /** The item's text, for stats. */
  label: string;
}

export interface LatencyItem {
  minMs: number;
  maxMs: number;
  trigger: Trigger;
}

export interface FaultSpec {
  latency: LatencyItem[];
  faults: FaultItem[];
}

export class FaultSpecError extends Error {
  override readonly name = 'FaultSpecError';
}

const GRAMMAR_HINT = 'expected e.g. "503:0.1,429@2:0.05,cut:0.02,fault:x3,latency=20ms" (see `so-soap simulate --help`)';

export function parseFaultSpec(spec: string | undefined): FaultSpec {
  const out: FaultSpec = { latency: [], faults: [] };
  if (!spec || !spec.trim()) return out;
  for (const raw of spec.split(',')) {
    const item = raw.trim();
    if (!item) continue;
    const colon = item.lastIndexOf(':');
    const head = colon >= 0 ? item.slice(0, colon) : item;
    const trigger = colon >= 0 ? parseTrigger(item.slice(colon + 1), item) : ({ kind: 'rate', p: 1 } as Trigger);
    if (head.startsWith('latency=')) {
      const m = /^latency=(\d+)(?:ms)?(?:-(\d+)(?:ms)?)?$/.exec(head);
      if (!m) throw new FaultSpecError(`bad latency "${item}": ${GRAMMAR_HINT}`);
      const minMs = Number(m[1]);
      const maxMs = m[2] === undefined ? minMs : Number(m[2]);
      if (maxMs < minMs) throw new FaultSpecError(`bad latency "${item}": the range is reversed`);
      out.latency.push({ minMs, maxMs, trigger });
      continue;
    }
    const m = /^(\d{3}|fault|cut)(?:@(\d+(?:\.\d+)?))?$/.exec(head);
    if (!m) throw new FaultSpecError(`bad fault item "${item}": ${GRAMMAR_HINT}`);
    const retryAfter = m[2] === undefined ? undefined : Number(m[2]);
    if (m[1] === 'fault' || m[1] === 'cut') {
      if (retryAfter !== undefined) throw new FaultSpecError(`"${item}": @seconds (Retry-After) only goes with an HTTP status`);
      out.faults.push({ kind: m[1], trigger, label: item });
      continue;
    }
    const status = Number(m[1]);
    if (status < 400 || status > 599) throw new FaultSpecError(`"${item}": the status must be 400-599`);
    out.faults.push({ kind: 'status', status, retryAfter: retryAfter ?? (status === 429 ? 1 : undefined), trigger, label: item });
  }
  return out;
}

function parseTrigger(text: string, item: string): Trigger {
  const t = text.trim();
  let m = /^x(\d+)$/.exec(t);
  if (m) return { kind: 'first', n: Number(m[1]) };
  m = /^\/(\d+)$/.exec(t);
  if (m) {
    if (Number(m[1]) < 1) throw new FaultSpecError(`"${item}": /n needs n >= 1`);
    return { kind: 'every', n: Number(m[1]) };
  }
  m = /^(\d+(?:\.\d+)?)(%?)$/.exec(t);
  if (m) {
    const p = m[2] ? Number(m[1]) / 100 : Number(m[1]);
    if (p < 0 || p > 1) throw new FaultSpecError(`"${item}": a rate must be within 0..1 (or 0%..100%)`);
    return { kind: 'rate', p };
  }
  throw new FaultSpecError(`bad trigger "${t}" in "${item}": ${GRAMMAR_HINT}`);
}

export interface FaultDecision {
  delayMs: number;
  fault: FaultItem | undefined;
}

/** Decides, request by request, which faults fire. Deterministic for a seed and a request order. */
export class FaultInjector {
  private readonly random: Random;
  private readonly seen: number[];
  private readonly latencySeen: number[];
  /** Faults injected so far, by item label. */
  readonly injected = new Map<string, number>();

  constructor(readonly spec: FaultSpec, seed: number) {
    this.random = new Random(seed ^ 0x5eed_fa17);
    this.seen = spec.faults.map(() => 0);
    this.latencySeen = spec.latency.map(() => 0);
  }

  get active(): boolean {
    return this.spec.faults.length > 0 || this.spec.latency.length > 0;
  }

  next(): FaultDecision {
    let delayMs = 0;
    this.spec.latency.forEach((l, i) => {
      const draw = this.random.next();
      const jitter = this.random.next();
      if (fires(l.trigger, ++this.latencySeen[i], draw)) delayMs += l.minMs + Math.round(jitter * (l.maxMs - l.minMs));
    });
    let fault: FaultItem | undefined;
    this.spec.faults.forEach((f, i) => {
      const draw = this.random.next();
      if (fires(f.trigger, ++this.seen[i], draw) && fault === undefined) fault = f;
    });
    if (fault) this.injected.set(fault.label, (this.injected.get(fault.label) ?? 0) + 1);
    return { delayMs, fault };
  }
}

function fires(t: Trigger, nth: number, draw: number): boolean {
  switch (t.kind) {
    case 'rate':
      return draw < t.p;
    case 'first':
      return nth <= t.n;
    case 'every':
      return nth % t.n === 0;
  }
}
