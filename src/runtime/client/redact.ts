/**
 * Secret redaction for everything that leaves the runtime as text: log lines, error messages,
 * `toJSON()`, XML kept on errors. Secrets are recognised two ways: by where they stand (the
 * `Ticket`, `ApplicationToken`, `Password` elements, `Authorization`/`SO-AppToken` headers, ticket
 * formats) and by value (every secret the runtime handles is registered with `registerSecret`).
 */

const REDACTED = '***';

/** How a registered secret is looked for: its text (case-insensitively, in every decoded view of a text) and its base64 pieces (as they are). */
interface SecretForms {
  /** The secret lower-cased (see `fold`). */
  readonly folded: string;
  /** Base64 and base64url text its bytes alone decide, at each of the three alignments (and whole, padded), at least 8 characters. */
  readonly base64: readonly string[];
}

/**
 * Registered secrets (most recent last) with the forms they may appear in. Bounded, so that a
 * long-running process that keeps rotating tickets does not grow it (or slow redaction) forever:
 * the oldest secrets are forgotten first — by then no live call carries them.
 */
const registered = new Map<string, SecretForms & { at: number }>();
const MAX_REGISTERED = 512;
/** Insertions into `registered` so far (new secrets and secrets moved to the end). */
let insertions = 0;
/** The folded texts and the base64 pieces of every registered secret (rebuilt after a change). */
let lists: { folded: string[]; base64: string[] } | undefined;

/**
 * Lower case with the length kept (a character whose lower case is longer, like U+0130, stays as
 * it is), so that positions in the folded text are positions in the original.
 */
function fold(text: string): string {
  const l = text.toLowerCase();
  if (l.length === text.length) return l;
  let out = '';
  for (const c of text) {
    const lc = c.toLowerCase();
    out += lc.length === c.length ? lc : c;
  }
  return out;
}

/**
 * The base64 text of `value` that shows whatever surrounds it: at each alignment (0, 1 or 2 bytes
 * before it in the encoded data) the characters decided by its bytes alone; base64url too, and the
 * whole encoding (an encoded secret on its own). Pieces shorter than 8 characters are left out
 * (they would mask ordinary text).
 */
function base64Forms(value: string): string[] {
  const bytes = Buffer.from(value, 'utf8');
  const out = new Set<string>();
  const whole = bytes.toString('base64');
  out.add(whole);
  for (let k = 0; k < 3; k++) {
    const b64 = k === 0 ? whole : Buffer.concat([Buffer.alloc(k), bytes]).toString('base64');
    // Character j holds bits [6j, 6j+6); the value's bits are [8k, 8(k+n)).
    out.add(b64.slice(Math.ceil((8 * k) / 6), Math.floor((8 * (k + bytes.length)) / 6)));
  }
  for (const f of [...out]) out.add(f.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, ''));
  return [...out].filter((f) => f.length >= 8);
}

/** Remember a secret value so that it is masked wherever it appears. Short values are ignored (they would mask ordinary text). */
export function registerSecret(value: string | undefined | null): void {
  if (typeof value !== 'string' || value.length < 4) return;
  const known = registered.get(value);
  if (known !== undefined) {
    // Most recently used last, so the bound evicts secrets nobody uses any more. A secret among the
    // last MAX_REGISTERED / 2 insertions stays where it is (the clients register theirs on every
    // call: a lookup, not a move): fewer than that follow it, so it is forgotten only after at
    // least MAX_REGISTERED / 2 other secrets have been registered or used since this use.
    if (insertions - known.at >= MAX_REGISTERED / 2) {
      registered.delete(value);
      known.at = ++insertions;
      registered.set(value, known);
    }
    return;
  }
  registered.set(value, { folded: fold(value), base64: base64Forms(value), at: ++insertions });
  if (registered.size > MAX_REGISTERED) registered.delete(registered.keys().next().value!);
  lists = undefined;
}

const ELEMENT_PATTERN = /(<(?:[\w.-]+:)?(Ticket|ApplicationToken|Password|password|Token|AccessToken)\b[^>]*>)([\s\S]*?)(<\/(?:[\w.-]+:)?\2\s*>)/g;
const HEADER_PATTERN = /\b(Authorization|SO-AppToken|SO-Ticket)(["']?\s*[:=]\s*["']?)(?:(SOTicket|Bearer|Basic)\s+)?([^\s"',}]+)/gi;
const JSON_PATTERN = /("(?:Ticket|ApplicationToken|applicationToken|ticket|Password|password|accessToken|AccessToken)"\s*:\s*")((?:[^"\\]|\\.)*)(")/g;

/** Mask every secret in `text`. */
export function redact(text: string): string {
  if (!text) return text;
  const out = text
    .replace(ELEMENT_PATTERN, (_m, open: string, _n: string, body: string, close: string) => (body.trim() === '' ? `${open}${body}${close}` : `${open}${REDACTED}${close}`))
    .replace(HEADER_PATTERN, (_m, h: string, sep: string, scheme: string | undefined) => `${h}${sep}${scheme ? `${scheme} ` : ''}${REDACTED}`)
    .replace(JSON_PATTERN, (_m, a: string, _v: string, c: string) => `${a}${REDACTED}${c}`);
  return registered.size === 0 ? out : mask(out, valueRanges(out));
}

// ---------------------------------------------------------------------------------------------
// Registered values, however encoded

/**
 * A text with every character traced back to the original: character i of `text` came from
 * `original[from[i]..to[i])`. The first view is the original; each next one decodes one more layer.
 */
interface View {
  readonly text: string;
  readonly from: Int32Array | undefined;
  readonly to: Int32Array | undefined;
}

const NAMED: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const JSON_ESCAPES: Readonly<Record<string, string>> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
/** One layer of encoding: a character reference, a named XML entity, a run of %XX bytes, a JSON escape. */
const ENCODED = /&#(?:[0-9]{1,7}|[xX][0-9a-fA-F]{1,6});|&(?:amp|lt|gt|quot|apos);|(?:%[0-9a-fA-F]{2})+|\\(?:u[0-9a-fA-F]{4}|["\\/bfnrt])/gi;
/** Layers decoded at most (`&amp;#x37;` is two, a URL-encoded reference inside escaped XML three). */
const MAX_LAYERS = 3;

/** The decoded text of one encoded unit (several characters for a %XX run), each character with the span of `match` it came from. */
function decodeUnit(match: string): { text: string; spans: [number, number][] } | undefined {
  const c0 = match.charCodeAt(0);
  if (c0 === 0x26 /* & */) {
    if (match[1] !== '#') return { text: NAMED[match.slice(1, -1).toLowerCase()]!, spans: [[0, match.length]] };
    const cp = match[2] === 'x' || match[2] === 'X' ? parseInt(match.slice(3, -1), 16) : parseInt(match.slice(2, -1), 10);
    if (!(cp <= 0x10ffff)) return undefined;
    const ch = String.fromCodePoint(cp);
    return { text: ch, spans: ch.length === 2 ? [[0, match.length], [0, match.length]] : [[0, match.length]] };
  }
  if (c0 === 0x5c /* \ */) {
    if (match[1] === 'u') return { text: String.fromCharCode(parseInt(match.slice(2), 16)), spans: [[0, match.length]] };
    return { text: JSON_ESCAPES[match[1]!]!, spans: [[0, 2]] };
  }
  // %XX run: UTF-8 sequences become their characters, a byte that starts none stays one (Latin-1) character.
  const bytes = Buffer.from(match.replace(/%/g, ''), 'hex');
  let text = '';
  const spans: [number, number][] = [];
  for (let i = 0; i < bytes.length; ) {
    const b = bytes[i]!;
    const n = b < 0x80 ? 1 : b >= 0xf0 && b < 0xf8 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
    let ch = String.fromCharCode(b);
    let len = 1;
    if (n > 1 && i + n <= bytes.length && bytes.subarray(i + 1, i + n).every((x) => (x & 0xc0) === 0x80)) {
      const s = bytes.toString('utf8', i, i + n);
      if (!s.includes('\ufffd')) {
        ch = s;
        len = n;
      }
    }
    for (let u = 0; u < ch.length; u++) spans.push([i * 3, (i + len) * 3]);
    text += ch;
    i += len;
  }
  return { text, spans };
}

/** `view` with one more layer decoded, or undefined when it has none. */
function decodeLayer(view: View): View | undefined {
  const src = view.text;
  ENCODED.lastIndex = 0;
  if (!ENCODED.test(src)) return undefined;
  ENCODED.lastIndex = 0;
  // Decoding never lengthens a text: the maps fit in the source's length.
  const from = new Int32Array(src.length);
  const to = new Int32Array(src.length);
  const parts: string[] = [];
  let n = 0;
  const origin = (i: number, end: boolean) => (end ? (view.to ? view.to[i]! : i + 1) : view.from ? view.from[i]! : i);
  const copy = (a: number, b: number) => {
    for (let i = a; i < b; i++, n++) {
      from[n] = origin(i, false);
      to[n] = origin(i, true);
    }
    parts.push(src.slice(a, b));
  };
  let last = 0;
  for (let m = ENCODED.exec(src); m; m = ENCODED.exec(src)) {
    const unit = decodeUnit(m[0]);
    if (!unit) continue;
    copy(last, m.index);
    for (const [a, b] of unit.spans) {
      from[n] = origin(m.index + a, false);
      to[n++] = origin(m.index + b - 1, true);
    }
    parts.push(unit.text);
    last = m.index + m[0].length;
  }
  copy(last, src.length);
  return { text: parts.join(''), from: from.subarray(0, n), to: to.subarray(0, n) };
}

/**
 * Texts are searched in windows of 1 MiB that overlap by 64 KiB (more than any encoded secret
 * takes), so that the decoded views of a large text (a Fault detail) stay small.
 */
const WINDOW = 1 << 20;
const OVERLAP = 1 << 16;

/** Where (in `text`) a registered secret shows: as it is or case-changed, in up to `MAX_LAYERS` layers of encoding, or as base64. */
function valueRanges(text: string): [number, number][] {
  lists ??= { folded: [...new Set([...registered.values()].map((f) => f.folded))], base64: [...new Set([...registered.values()].flatMap((f) => f.base64))] };
  const ranges: [number, number][] = [];
  for (let at = 0; at === 0 || at + OVERLAP < text.length; at += WINDOW) {
    const window = at === 0 && text.length <= WINDOW + OVERLAP ? text : text.slice(at, at + WINDOW + OVERLAP);
    let view: View | undefined = { text: window, from: undefined, to: undefined };
    for (let layer = 0; view && layer <= MAX_LAYERS; layer++, view = decodeLayer(view)) {
      const v: View = view;
      const add = (start: number, length: number) => ranges.push([at + (v.from ? v.from[start]! : start), at + (v.to ? v.to[start + length - 1]! : start + length)]);
      const folded = fold(v.text);
      for (const f of lists.folded) for (let i = folded.indexOf(f); i >= 0; i = folded.indexOf(f, i + 1)) add(i, f.length);
      for (const f of lists.base64) for (let i = v.text.indexOf(f); i >= 0; i = v.text.indexOf(f, i + 1)) add(i, f.length);
    }
  }
  return ranges;
}

/** `text` with the `ranges` (overlapping or not) replaced by one `***` each. */
function mask(text: string, ranges: [number, number][]): string {
  if (ranges.length === 0) return text;
  ranges.sort((a, b) => a[0] - b[0]);
  let out = '';
  let at = 0;
  for (let k = 0; k < ranges.length; ) {
    const start = ranges[k]![0];
    let end = ranges[k]![1];
    for (k++; k < ranges.length && ranges[k]![0] <= end; k++) end = Math.max(end, ranges[k]![1]);
    out += text.slice(at, start) + REDACTED;
    at = end;
  }
  return out + text.slice(at);
}

/** The shortest piece of a secret `redactParserMessage` masks (V8 quotes 10 characters of JSON it cannot parse). */
const MIN_PIECE = 6;
/** V8's quote of the JSON text it stopped at: `Unexpected token 'T', "7T:abcdefg"... is not valid JSON`. */
const JSON_SNIPPET = /, (?:\.\.\.)?"[\s\S]*"(?:\.\.\.)? is not valid JSON$/;

/**
 * A parser's error message made safe to show: a parser quotes a window of its input (V8 the first
 * characters of JSON it cannot parse, the XML scanner the name it stopped at), which may hold the
 * start of a secret that `redact` cannot recognise by its whole value. V8's quote is dropped, and
 * any piece of a registered secret from 6 characters (case-insensitively) is masked.
 */
export function redactParserMessage(text: string): string {
  const out = redact(text.replace(JSON_SNIPPET, ' (the text is not valid JSON)'));
  if (registered.size === 0) return out;
  const folded = fold(out);
  const ranges: [number, number][] = [];
  for (const { folded: secret } of registered.values()) {
    for (let i = 0; i + MIN_PIECE <= secret.length; i++) {
      const piece = secret.slice(i, i + MIN_PIECE);
      for (let at = folded.indexOf(piece); at >= 0; at = folded.indexOf(piece, at + 1)) ranges.push([at, at + MIN_PIECE]);
    }
  }
  return mask(out, ranges);
}

/** Parser errors (their messages may quote a piece of a secret). */
const PARSER_ERRORS = new Set(['SyntaxError', 'XmlSyntaxError']);
/** Causes followed at most (a chain longer than this, or a cycle, is left as it is from there). */
const MAX_CAUSE_DEPTH = 8;

/**
 * `cause` with every secret gone, to keep as an error's `cause`: a string or plain object
 * redacted; an `Error` whose own properties (message, stack, cause, AggregateError's `errors`, any
 * string or plain-object property) hold a secret is copied — same prototype, so `instanceof` and
 * `name` still hold — with those properties redacted, the chain walked the same way. An error
 * without a secret is kept as it is (same object).
 */
export function redactCause(cause: unknown, depth = 0): unknown {
  if (typeof cause === 'string') return redact(cause);
  if (cause === null || typeof cause !== 'object' || depth > MAX_CAUSE_DEPTH) return cause;
  if (!(cause instanceof Error)) return redactDeep(cause);
  const clean = PARSER_ERRORS.has(cause.name) ? redactParserMessage : redact;
  const props: PropertyDescriptorMap = {};
  let changed = false;
  for (const key of Reflect.ownKeys(cause)) {
    const d = Object.getOwnPropertyDescriptor(cause, key)!;
    let value: unknown;
    try {
      value = 'value' in d ? d.value : Reflect.get(cause, key);
    } catch {
      continue;
    }
    let safe: unknown;
    if (typeof value === 'string') safe = clean(value);
    else if (key === 'cause') safe = redactCause(value, depth + 1);
    else if (key === 'errors' && Array.isArray(value)) {
      const all = value.map((v) => redactCause(v, depth + 1));
      safe = all.every((v, i) => v === value[i]) ? value : all;
    } else safe = redactData(value);
    if (safe !== value) changed = true;
    props[key] = { value: safe, writable: true, enumerable: d.enumerable ?? false, configurable: true };
  }
  return changed ? Object.create(Object.getPrototypeOf(cause) as object, props) : cause;
}

/**
 * `text` redacted, then cut to `max` characters (`ellipsis` appended when cut). Redacting before
 * cutting means a cut can never keep part of a secret; only a window of the text is redacted.
 */
export function redactClip(text: string, max: number, ellipsis = '…'): string {
  const r = redact(text.length > max + 65536 ? text.slice(0, max + 65536) : text);
  return r.length > max ? r.slice(0, max) + ellipsis : r;
}

/** `value` (a string, or data as JSON holds it) redacted; the same value when it holds no secret, or when it is no data (a class instance, a cycle). */
function redactData(value: unknown): unknown {
  if (typeof value === 'string') return redact(value);
  if (value === null || typeof value !== 'object' || !(Array.isArray(value) || Object.getPrototypeOf(value) === Object.prototype)) return value;
  let json: string;
  try {
    json = JSON.stringify(value);
  } catch {
    return value;
  }
  return redact(json) === json ? value : redactDeep(value);
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
