/**
 * Secret redaction for everything that leaves the runtime as text: log lines, error messages,
 * `toJSON()`, XML kept on errors. Secrets are recognised two ways: by where they stand (the
 * `Ticket`, `ApplicationToken`, `Password` elements, `Authorization`/`SO-AppToken` headers, ticket
 * formats) and by value (every secret the runtime handles is registered with `registerSecret`).
 */

const REDACTED = '***';
/**
 * Registered secrets (most recent last) with the forms they may appear in. Bounded, so that a
 * long-running process that keeps rotating tickets does not grow it (or slow redaction) forever:
 * the oldest secrets are forgotten first — by then no live call carries them.
 */
const registered = new Map<string, readonly string[]>();
const MAX_REGISTERED = 512;
/** Every form of every registered secret, longest first: a secret that contains another one is masked whole. */
let ordered: string[] | undefined;

/** The forms a secret may take in text: as is, XML-escaped (once and twice), inside a JSON string. */
function formsOf(value: string): string[] {
  const forms = new Set([value]);
  const escaped = value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
  const lt = value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  forms.add(escaped).add(lt);
  // XML quoted as text inside XML (a Fault detail is kept as markup, so an envelope echoed as
  // text in it is escaped twice).
  if (lt !== value) for (const once of [escaped, lt]) forms.add(once.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;'));
  // REST bodies and JSON error bodies.
  forms.add(JSON.stringify(value).slice(1, -1));
  return [...forms];
}

/** Remember a secret value so that it is masked wherever it appears. Short values are ignored (they would mask ordinary text). */
export function registerSecret(value: string | undefined | null): void {
  if (typeof value !== 'string' || value.length < 4) return;
  if (registered.has(value)) {
    // Most recently used last, so the bound evicts secrets nobody uses any more.
    const forms = registered.get(value)!;
    registered.delete(value);
    registered.set(value, forms);
    return;
  }
  registered.set(value, formsOf(value));
  if (registered.size > MAX_REGISTERED) registered.delete(registered.keys().next().value!);
  ordered = undefined;
}

const ELEMENT_PATTERN = /(<(?:[\w.-]+:)?(Ticket|ApplicationToken|Password|password|Token|AccessToken)\b[^>]*>)([\s\S]*?)(<\/(?:[\w.-]+:)?\2\s*>)/g;
const HEADER_PATTERN = /\b(Authorization|SO-AppToken|SO-Ticket)(["']?\s*[:=]\s*["']?)(?:(SOTicket|Bearer|Basic)\s+)?([^\s"',}]+)/gi;
const JSON_PATTERN = /("(?:Ticket|ApplicationToken|applicationToken|ticket|Password|password|accessToken|AccessToken)"\s*:\s*")((?:[^"\\]|\\.)*)(")/g;

/** Mask every secret in `text`. */
export function redact(text: string): string {
  if (!text) return text;
  let out = text
    .replace(ELEMENT_PATTERN, (_m, open: string, _n: string, body: string, close: string) => (body.trim() === '' ? `${open}${body}${close}` : `${open}${REDACTED}${close}`))
    .replace(HEADER_PATTERN, (_m, h: string, sep: string, scheme: string | undefined) => `${h}${sep}${scheme ? `${scheme} ` : ''}${REDACTED}`)
    .replace(JSON_PATTERN, (_m, a: string, _v: string, c: string) => `${a}${REDACTED}${c}`);
  for (const secret of (ordered ??= [...new Set([...registered.values()].flat())].sort((a, b) => b.length - a.length))) {
    if (out.includes(secret)) out = out.split(secret).join(REDACTED);
  }
  return out;
}

/**
 * `text` redacted, then cut to `max` characters (`ellipsis` appended when cut). Redacting before
 * cutting means a cut can never keep part of a secret; only a window of the text is redacted.
 */
export function redactClip(text: string, max: number, ellipsis = '…'): string {
  const r = redact(text.length > max + 65536 ? text.slice(0, max + 65536) : text);
  return r.length > max ? r.slice(0, max) + ellipsis : r;
}

/** A copy of `value` with every string in it redacted, object keys included (other values are kept as they are). */
export function redactDeep<T>(value: T): T {
  if (typeof value === 'string') return redact(value) as T;
  if (Array.isArray(value)) return value.map(redactDeep) as T;
  if (value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [redact(k), redactDeep(v)])) as T;
  }
  return value;
}
