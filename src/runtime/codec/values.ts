/**
 * Scalar mapping between XSD lexical forms and JS values (DESIGN.md §4), shared by the encoder and
 * the decoder, plus the dateTime lexical memory and the JSON form.
 *
 * - Every scalar codec has `parse(text)` (wire → JS; throws `ValueError` when the text does not fit
 *   the type) and `format(value)` (JS → wire text, not yet XML-escaped; throws `ValueError` when the
 *   value does not fit).
 * - dateTime: a `Date` parsed from the wire remembers its exact lexical text (a
 *   private field on the Date, invisible to reflection); formatting a `Date` whose `getTime()` still equals the
 *   remembered time writes that text verbatim (`2011-04-19T16:48:28.8939219+02:00` stays byte for
 *   byte). Other Dates are written as ISO 8601 UTC (`toISOString()`). A string in xs:dateTime
 *   lexical form is also accepted as input, validated and written verbatim. Lexical values without
 *   an offset are read as UTC unless the decoder is told `naiveDateTime: 'local'`.
 * - float/double: `Infinity` ↔ `INF`, `-Infinity` ↔ `-INF`, `NaN` ↔ `NaN` (the XSD lexical forms).
 * - long/unsignedLong: JS numbers, checked with `Number.isSafeInteger` both ways (a wire value
 *   beyond 2^53-1 is a decode error, never a silent rounding).
 * - decimal: a string, validated (`^[+-]?(\d+(\.\d*)?|\.\d+)$`), kept lossless.
 * - base64Binary: `Uint8Array` (input also accepts base64 text, validated).
 * - hexBinary: `Uint8Array` (input also accepts hex text, validated; written upper case). Bytes read
 *   from the wire are marked, so that their JSON form is hex text too (see `toJsonForm`).
 */
import type { BuiltinType } from './descriptor.js';
import { redactClip } from '../client/redact.js';

/** A value does not fit its type. Internal: callers turn it into the public error with a path. */
export class ValueError {
  constructor(readonly message: string) {}
}

export interface ScalarCodec {
  /** Builtin name (`xs:int`). */
  readonly name: BuiltinType;
  /** Whether the XSD type collapses whitespace (everything except string-like types). */
  readonly collapse: boolean;
  /** Whether formatted text must go through XML escaping (user strings). */
  readonly escape: boolean;
  /** Wire text (whitespace already collapsed when `collapse`) → JS value. */
  parse(text: string, naiveLocal: boolean): unknown;
  /** JS value → wire text. */
  format(value: unknown): string;
  /** Integer types: the range `format` accepts (the compiled encoder checks it inline). */
  readonly integer?: { readonly min: number; readonly max: number };
}

// ---------------------------------------------------------------------------------------------
// dateTime

/**
 * Where a decoded Date keeps its wire text: private fields added to the Date (the base class
 * constructor returns the Date, so the subclass's fields land on it). Invisible to `Object.keys`,
 * `Reflect.ownKeys`, JSON, `util.inspect` and equality checks; adding them costs about a third less
 * than `Object.defineProperty` of a non-enumerable symbol, and ~6x less than a `WeakMap`.
 *
 * Most wire texts are not kept as text at all: when the text is the one its time writes back in
 * its own zone and precision (a 4-digit year, no hour 24, at most 7 fraction digits, a zone of
 * `Z`, `±hh:mm` or none read as UTC), the Date keeps how to write it (`form`, a small integer:
 * zone, offset, fraction length and the fraction digits beyond the millisecond) and the time it
 * was read as (two small integers, to see whether the Date still holds it). No string is kept:
 * ~120 bytes less on each of the 100,000 dates of a large response (a 33-character copy and its
 * slice), and the text is written again exactly (`wireText`). Other texts (and those read with
 * `naiveDateTime: 'local'`) are kept as strings and parsed back, as the reading they were read with,
 * to see whether the Date still holds their time.
 */
class Returning {
  constructor(o: object) {
    return o;
  }
}

/** 2^26: the time is kept as two small integers `hi * SPLIT + lo` (no heap number). */
const SPLIT = 67108864;

class WireText extends Returning {
  /** The `form` (a number ≥ 0), or the text itself. */
  #a: number | string;
  /** `form`: the time's high part; text: 1 when read as local time, else 0. */
  #b: number;
  /** `form`: the time's low part. */
  #c: number;
  private constructor(date: Date, a: number | string, b: number, c: number) {
    super(date);
    this.#a = a;
    this.#b = b;
    this.#c = c;
  }

  static set(date: Date, a: number | string, b: number, c: number): void {
    if (#a in date) {
      const w = date as unknown as WireText;
      w.#a = a;
      w.#b = b;
      w.#c = c;
    } else {
      new WireText(date, a, b, c);
    }
  }

  static get(date: Date): string | undefined {
    if (!(#a in date)) return undefined;
    const w = date as unknown as WireText;
    const a = w.#a;
    const time = date.getTime();
    if (typeof a === 'string') return parseDateTimeMs(a, w.#b === 1) === time ? a : undefined;
    return w.#b * SPLIT + w.#c === time ? wireText(time, a) : undefined;
  }
}

function remember(date: Date, text: string, naiveLocal: boolean, time: number, form: number): void {
  if (form >= 0) {
    const lo = time % SPLIT;
    // (lo keeps the sign of time: hi * SPLIT + lo is time again for negative times too)
    WireText.set(date, form, (time - lo) / SPLIT, lo);
  } else {
    // a copy: the text may be a slice of a whole document
    WireText.set(date, text.length < 13 ? text : (' ' + text).slice(1), naiveLocal ? 1 : 0, 0);
  }
}

/** Remember the wire text a Date was read from (ignored when formatting if the text is not that Date's time). */
export function rememberDateTimeText(date: Date, text: string): void {
  const time = parseDateTimeMs(text, false);
  remember(date, text, false, time, time === time ? parsedForm : -1);
}

/** The remembered wire text of `date`, when it was decoded and its time value is unchanged. */
export function rememberedDateTimeText(date: Date): string | undefined {
  return WireText.get(date);
}

// form: bits 0-1 the zone (none, Z, +, -), 2-11 the offset's minutes, 12-14 the fraction's
// length (0-7 digits), 15-28 the fraction's digits after the third (0-9999)
const Z_NONE = 0;
const Z_UTC = 1;
const Z_PLUS = 2;
const Z_MINUS = 3;

/**
 * Set by `parseDateTimeMs` when it returns a time: the `form` its text is written again from that
 * time with (see `wireText`), or -1 when the text is not one `wireText` writes.
 */
let parsedForm = -1;

/** `00`…`99`. */
const TWO_DIGITS = Array.from({ length: 100 }, (_, i) => (i < 10 ? `0${i}` : String(i)));

/**
 * The wire text `form` (see `parsedForm`) writes for `time`. The wall-clock fields are computed
 * here (days to civil date, H. Hinnant's algorithm) rather than read from `toISOString()`: a third
 * of the time, and exports write one per message. The wall-clock time is the text's own: years
 * 0000-9999 (a `form` exists only for those).
 */
function wireText(time: number, form: number): string {
  const zone = form & 3;
  const offset = (form >>> 2) & 1023;
  const digits = (form >>> 12) & 7;
  const wall = zone === Z_PLUS ? time + offset * 60000 : zone === Z_MINUS ? time - offset * 60000 : time;
  const days = Math.floor(wall / 86400000);
  let rest = wall - days * 86400000;
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  const hour = Math.floor(rest / 3600000);
  rest -= hour * 3600000;
  const minute = Math.floor(rest / 60000);
  rest -= minute * 60000;
  const second = Math.floor(rest / 1000);
  const ms = rest - second * 1000;
  const D = TWO_DIGITS;
  let text = `${D[Math.floor(year / 100)]}${D[year % 100]}-${D[month]}-${D[day]}T${D[hour]}:${D[minute]}:${D[second]}`;
  if (digits > 0) {
    const msText = String(ms).padStart(3, '0');
    text += '.' + (digits > 3 ? msText + String(form >>> 15).padStart(digits - 3, '0') : msText.slice(0, digits));
  }
  if (zone === Z_UTC) return text + 'Z';
  if (zone === Z_NONE) return text;
  return `${text}${zone === Z_PLUS ? '+' : '-'}${D[Math.floor(offset / 60)]}:${D[offset % 60]}`;
}

const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const MS_400_YEARS = 146097 * 86400000;

function isLeap(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

function digits(s: string, from: number, count: number): number {
  let v = 0;
  for (let i = from; i < from + count; i++) {
    const d = s.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    v = v * 10 + d;
  }
  return v;
}

/**
 * Parse xs:dateTime lexical text (`-?YYYY-MM-DDThh:mm:ss(.s+)?(Z|(+|-)hh:mm)?`) into epoch
 * milliseconds (fraction truncated to ms). Returns NaN when the text is not a valid xs:dateTime.
 */
export function parseDateTimeMs(s: string, naiveLocal = false): number {
  let i = 0;
  const n = s.length;
  let neg = false;
  if (s.charCodeAt(0) === 45 /* - */) {
    neg = true;
    i = 1;
  }
  // Year: at least 4 digits, no leading zero when longer.
  let yEnd = i;
  while (yEnd < n && s.charCodeAt(yEnd) >= 48 && s.charCodeAt(yEnd) <= 57) yEnd++;
  const yLen = yEnd - i;
  if (yLen < 4 || yLen > 6 || (yLen > 4 && s.charCodeAt(i) === 48)) return NaN;
  let year = digits(s, i, yLen);
  if (neg) year = -year;
  i = yEnd;
  // -MM-DDThh:mm:ss = 15 chars
  if (n < i + 15) return NaN;
  if (s.charCodeAt(i) !== 45 || s.charCodeAt(i + 3) !== 45 || s.charCodeAt(i + 6) !== 84 /* T */ || s.charCodeAt(i + 9) !== 58 || s.charCodeAt(i + 12) !== 58) return NaN;
  const month = digits(s, i + 1, 2);
  const day = digits(s, i + 4, 2);
  const hour = digits(s, i + 7, 2);
  const minute = digits(s, i + 10, 2);
  const second = digits(s, i + 13, 2);
  if (month < 1 || month > 12 || day < 1 || minute < 0 || minute > 59 || second < 0 || second > 59 || hour < 0 || hour > 24) return NaN;
  const dim = month === 2 && isLeap(year) ? 29 : DAYS[month - 1];
  if (day > dim) return NaN;
  i += 15;
  let ms = 0;
  let fractionZero = true;
  let fractionLength = 0;
  let beyondMs = 0;
  if (i < n && s.charCodeAt(i) === 46 /* . */) {
    i++;
    const start = i;
    while (i < n && s.charCodeAt(i) >= 48 && s.charCodeAt(i) <= 57) {
      const d = s.charCodeAt(i) - 48;
      if (d !== 0) fractionZero = false;
      if (i - start < 3) ms = ms * 10 + d;
      else if (i - start < 7) beyondMs = beyondMs * 10 + d;
      i++;
    }
    const len = i - start;
    if (len === 0) return NaN;
    if (len === 1) ms *= 100;
    else if (len === 2) ms *= 10;
    fractionLength = len;
  }
  if (hour === 24 && (minute !== 0 || second !== 0 || !fractionZero)) return NaN;
  let offsetMin = 0;
  let hasOffset = false;
  let zone = Z_NONE;
  if (i < n) {
    const c = s.charCodeAt(i);
    if (c === 90 /* Z */ && i + 1 === n) {
      hasOffset = true;
      zone = Z_UTC;
    } else if ((c === 43 || c === 45) && i + 6 === n && s.charCodeAt(i + 3) === 58) {
      const oh = digits(s, i + 1, 2);
      const om = digits(s, i + 4, 2);
      if (oh < 0 || om < 0 || om > 59 || oh > 14 || (oh === 14 && om !== 0)) return NaN;
      offsetMin = (oh * 60 + om) * (c === 45 ? -1 : 1);
      hasOffset = true;
      zone = c === 45 ? Z_MINUS : Z_PLUS;
    } else {
      return NaN;
    }
  }
  // Years 0..99 would be read as 1900+ by Date.UTC: shift by 400 years (the calendar repeats).
  const shift = year >= 0 && year < 100;
  const y = shift ? year + 400 : year;
  let t: number;
  if (!hasOffset && naiveLocal) {
    const d = new Date(y, month - 1, day, hour, minute, second, ms);
    t = d.getTime();
  } else {
    t = Date.UTC(y, month - 1, day, hour, minute, second, ms) - offsetMin * 60000;
  }
  if (shift) t -= MS_400_YEARS;
  if (!(Number.isFinite(t) && Math.abs(t) <= 8.64e15)) return NaN;
  // written again from the time: a 4-digit year (no sign), no hour 24, up to 7 fraction digits, not local time
  parsedForm =
    yLen === 4 && !neg && hour !== 24 && fractionLength <= 7 && (hasOffset || !naiveLocal)
      ? zone | ((offsetMin < 0 ? -offsetMin : offsetMin) << 2) | (fractionLength << 12) | (beyondMs << 15)
      : -1;
  return t;
}

/** Whether `s` is valid xs:dateTime lexical text. */
export function isDateTimeText(s: string): boolean {
  return !Number.isNaN(parseDateTimeMs(s));
}

/** Parse wire text into a Date that remembers its text. Throws `ValueError`. */
export function parseDateTime(text: string, naiveLocal = false): Date {
  const t = parseDateTimeMs(text, naiveLocal);
  if (Number.isNaN(t)) throw new ValueError(`"${clip(text)}" is not an xs:dateTime`);
  const d = new Date(t);
  remember(d, text, naiveLocal, t, parsedForm);
  return d;
}

/** The wire text of a Date: its remembered lexical text when unchanged, else ISO 8601 UTC. */
export function dateTimeText(d: Date): string {
  const time = d.getTime();
  if (Number.isNaN(time)) throw new ValueError('Invalid Date');
  const text = rememberedDateTimeText(d);
  if (text !== undefined) return text;
  const iso = d.toISOString();
  // Years outside 0000..9999 come as ±YYYYYY; XSD has no '+' and wants at least 4 digits.
  if (iso.charCodeAt(0) === 43) return iso.slice(1).replace(/^0+(?=\d{4})/, '');
  if (iso.charCodeAt(0) === 45) return `-${iso.slice(1).replace(/^0+(?=\d{4})/, '')}`;
  return iso;
}

// ---------------------------------------------------------------------------------------------
// numbers

function clip(s: string): string {
  return redactClip(s, 40);
}

/** Parse an xs:integer lexical value (`[+-]?\d+`) within [min, max]; NaN when it does not fit. */
export function parseIntegerText(s: string, min: number, max: number): number {
  const n = s.length;
  if (n === 0) return NaN;
  let i = 0;
  let neg = false;
  const c0 = s.charCodeAt(0);
  if (c0 === 45 || c0 === 43) {
    neg = c0 === 45;
    i = 1;
    if (n === 1) return NaN;
  }
  let v = 0;
  for (; i < n; i++) {
    const d = s.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return NaN;
    v = v * 10 + d;
  }
  if (neg) v = v === 0 ? 0 : -v;
  if (v < min || v > max || !Number.isSafeInteger(v)) return NaN;
  return v;
}

const DOUBLE_RE = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;
const DECIMAL_RE = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;
const FLOAT_MAX = 3.4028234663852886e38;

function parseFloating(s: string): number {
  if (s === 'INF' || s === '+INF') return Infinity;
  if (s === '-INF') return -Infinity;
  if (s === 'NaN') return NaN;
  if (!DOUBLE_RE.test(s)) throw new ValueError(`"${clip(s)}" is not a number`);
  return Number(s);
}

function formatFloating(v: unknown, single: boolean): string {
  if (typeof v !== 'number') throw new ValueError(`expected a number, got ${describe(v)}`);
  if (v === Infinity) return 'INF';
  if (v === -Infinity) return '-INF';
  if (Number.isNaN(v)) return 'NaN';
  if (single && Math.abs(v) > FLOAT_MAX) throw new ValueError(`${v} is out of range for xs:float`);
  return String(v);
}

function integerCodec(name: BuiltinType, min: number, max: number): ScalarCodec {
  return {
    name,
    collapse: true,
    escape: false,
    integer: { min, max },
    parse(text) {
      const v = parseIntegerText(text, min, max);
      if (Number.isNaN(v)) throw new ValueError(`"${clip(text)}" is not an ${name} (integer ${min}..${max})`);
      return v;
    },
    format(v) {
      if (typeof v !== 'number') throw new ValueError(`expected a number (${name}), got ${describe(v)}`);
      if (!Number.isInteger(v)) throw new ValueError(`${v} is not an integer (${name})`);
      if (v < min || v > max) throw new ValueError(`${v} is out of range for ${name} (${min}..${max})`);
      return v === 0 ? '0' : String(v);
    },
  };
}

/** A value written as a structured value (an object of fields): not null, an array, a Date or bytes. */
export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date) && !ArrayBuffer.isView(v);
}

/** A short description of a JS value's type for error messages. */
export function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (v instanceof Date) return 'a Date';
  if (v instanceof Uint8Array) return 'a Uint8Array';
  if (typeof v === 'number') return Number.isNaN(v) ? 'NaN' : `the number ${v}`;
  if (typeof v === 'string') return `the string "${clip(v)}"`;
  return typeof v === 'object' ? 'an object' : `a ${typeof v}`;
}

// ---------------------------------------------------------------------------------------------
// strings and the rest

const GUID_RE = /^[\da-fA-F]{8}-[\da-fA-F]{4}-[\da-fA-F]{4}-[\da-fA-F]{4}-[\da-fA-F]{12}$/;
const DURATION_RE = /^-?P(?!$)(\d+Y)?(\d+M)?(\d+D)?(T(?!$)(\d+H)?(\d+M)?(\d+(\.\d+)?S)?)?$/;
const BASE64_RE = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

function stringCodec(name: BuiltinType, pattern?: RegExp, what?: string): ScalarCodec {
  return {
    name,
    collapse: pattern !== undefined,
    escape: true,
    parse(text) {
      if (pattern !== undefined && !pattern.test(text)) throw new ValueError(`"${clip(text)}" is not ${what}`);
      return text;
    },
    format(v) {
      if (typeof v !== 'string') throw new ValueError(`expected a string, got ${describe(v)}`);
      if (pattern !== undefined && !pattern.test(v)) throw new ValueError(`"${clip(v)}" is not ${what}`);
      return v;
    },
  };
}

function stripWhitespace(s: string): string {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 32 || c === 10 || c === 13 || c === 9) return s.replace(/[ \t\r\n]+/g, '');
  }
  return s;
}

/** Base64 text → bytes (a plain Uint8Array copy). Throws `ValueError`. */
export function parseBase64(text: string): Uint8Array {
  const s = stripWhitespace(text);
  if (!BASE64_RE.test(s)) throw new ValueError(`"${clip(text)}" is not base64`);
  const buf = Buffer.from(s, 'base64');
  const out = new Uint8Array(buf.byteLength);
  out.set(buf);
  return out;
}

/** Bytes (or already-base64 text, validated) → base64 text. Throws `ValueError`. */
export function formatBase64(v: unknown): string {
  if (v instanceof Uint8Array) return Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('base64');
  if (typeof v === 'string') {
    const s = stripWhitespace(v);
    if (!BASE64_RE.test(s)) throw new ValueError(`"${clip(v)}" is not base64 text`);
    return s;
  }
  throw new ValueError(`expected a Uint8Array or base64 text, got ${describe(v)}`);
}

// ---------------------------------------------------------------------------------------------
// the other XSD 1.0 builtins: lexically checked strings, token lists, hexBinary

/** XML 1.0 (5th ed.) NameStartChar and NameChar, without `:` (NCName). */
const NC_START = 'A-Z_a-z\\u00C0-\\u00D6\\u00D8-\\u00F6\\u00F8-\\u02FF\\u0370-\\u037D\\u037F-\\u1FFF\\u200C\\u200D\\u2070-\\u218F\\u2C00-\\u2FEF\\u3001-\\uD7FF\\uF900-\\uFDCF\\uFDF0-\\uFFFD\\u{10000}-\\u{EFFFF}';
const NC_CHAR = `${NC_START}\\-.0-9\\u00B7\\u0300-\\u036F\\u203F\\u2040`;
// The classes hold ZWJ/ZWNJ and combining marks as ranges of NameChar, not as joined sequences.
/* eslint-disable no-misleading-character-class */
const NAME_RE = new RegExp(`^[:${NC_START}][:${NC_CHAR}]*$`, 'u');
const NCNAME_RE = new RegExp(`^[${NC_START}][${NC_CHAR}]*$`, 'u');
const NMTOKEN_RE = new RegExp(`^[:${NC_CHAR}]+$`, 'u');
const QNAME_RE = new RegExp(`^(?:[${NC_START}][${NC_CHAR}]*:)?[${NC_START}][${NC_CHAR}]*$`, 'u');
/* eslint-enable no-misleading-character-class */
const LANGUAGE_RE = /^[a-zA-Z]{1,8}(-[a-zA-Z0-9]{1,8})*$/;
const TOKEN_RE = /^(?:[^ \t\r\n]+(?: [^ \t\r\n]+)*)?$/;
const NORMALIZED_RE = /^[^\t\r\n]*$/;
const HEX_RE = /^(?:[0-9a-fA-F]{2})*$/;

// Date and time parts (XSD 1.0 lexical forms; a year has 4+ digits, no leading zero beyond 4).
const YEAR = '-?(?:[1-9]\\d{4,}|\\d{4})';
const TZ = '(?:Z|[+-](?:(?:0\\d|1[0-3]):[0-5]\\d|14:00))?';
const DATE_RE = new RegExp(`^(${YEAR})-(0[1-9]|1[0-2])-(0[1-9]|[12]\\d|3[01])${TZ}$`);
const TIME_RE = new RegExp(`^(?:(?:[01]\\d|2[0-3]):[0-5]\\d:[0-5]\\d(?:\\.\\d+)?|24:00:00(?:\\.0+)?)${TZ}$`);
const GYEAR_RE = new RegExp(`^${YEAR}${TZ}$`);
const GYEARMONTH_RE = new RegExp(`^${YEAR}-(?:0[1-9]|1[0-2])${TZ}$`);
const GMONTH_RE = new RegExp(`^--(?:0[1-9]|1[0-2])${TZ}$`);
const GMONTHDAY_RE = new RegExp(`^--(0[1-9]|1[0-2])-(0[1-9]|[12]\\d|3[01])${TZ}$`);
const GDAY_RE = new RegExp(`^---(?:0[1-9]|[12]\\d|3[01])${TZ}$`);

/** Whether `s` is an xs:date: the pattern and a day that exists in its month (Feb 29 in leap years only). */
function isDate(s: string): boolean {
  const m = DATE_RE.exec(s);
  if (m === null) return false;
  const month = Number(m[2]);
  const day = Number(m[3]);
  return day <= (month === 2 && isLeap(Math.abs(Number(m[1]))) ? 29 : DAYS[month - 1]);
}

/** Whether `s` is an xs:gMonthDay (`--02-29` is allowed: no year to make it invalid). */
function isMonthDay(s: string): boolean {
  const m = GMONTHDAY_RE.exec(s);
  return m !== null && Number(m[2]) <= (Number(m[1]) === 2 ? 29 : DAYS[Number(m[1]) - 1]);
}

/** A string type whose wire text is checked by `test` both ways; `collapse` types are trimmed first. */
function checkedCodec(name: BuiltinType, test: (s: string) => boolean, what: string, collapseWs = true, escape = true): ScalarCodec {
  return {
    name,
    collapse: collapseWs,
    escape,
    parse(text) {
      if (!test(text)) throw new ValueError(`"${clip(text)}" is not ${what}`);
      return text;
    },
    format(v) {
      if (typeof v !== 'string') throw new ValueError(`expected a string (${name}), got ${describe(v)}`);
      if (!test(v)) throw new ValueError(`"${clip(v)}" is not ${what}`);
      return v;
    },
  };
}

/** xs:token: whitespace collapsed on reading (inner runs too); written only when already collapsed. */
const tokenCodec: ScalarCodec = {
  name: 'xs:token',
  collapse: true,
  escape: true,
  parse: (text) => text.replace(/[ \t\r\n]+/g, ' '),
  format(v) {
    if (typeof v !== 'string') throw new ValueError(`expected a string (xs:token), got ${describe(v)}`);
    if (!TOKEN_RE.test(v)) throw new ValueError(`"${clip(v)}" is not an xs:token (no tab or line break, no leading, trailing or double space)`);
    return v;
  },
};

/** NMTOKENS, IDREFS, ENTITIES: a space-separated list (at least one item) as `string[]`, each item checked. */
function tokenListCodec(name: BuiltinType, item: RegExp, what: string): ScalarCodec {
  return {
    name,
    collapse: true,
    escape: true,
    parse(text) {
      const items = text === '' ? [] : text.split(/[ \t\r\n]+/);
      if (items.length === 0) throw new ValueError(`an empty ${name} (at least one ${what})`);
      for (const it of items) if (!item.test(it)) throw new ValueError(`"${clip(it)}" is not ${what} (${name})`);
      return items;
    },
    format(v) {
      if (!Array.isArray(v)) throw new ValueError(`expected an array of strings (${name}), got ${describe(v)}`);
      if (v.length === 0) throw new ValueError(`an empty ${name} (at least one ${what})`);
      for (const it of v as unknown[]) {
        if (typeof it !== 'string') throw new ValueError(`expected strings in ${name}, got ${describe(it)}`);
        if (!item.test(it)) throw new ValueError(`"${clip(it)}" is not ${what} (${name})`);
      }
      return v.join(' ');
    },
  };
}

/**
 * Marks bytes read from an `xs:hexBinary` (a private field added to the array, as a Date keeps its
 * wire text: invisible to keys, symbols, inspection and equality checks): `toJsonForm` writes them
 * as hex text, the text the encoder reads for `xs:hexBinary`, so a decoded value's JSON form encodes
 * back to the same bytes.
 */
class HexBytes extends Returning {
  #hex = true;
  private constructor(bytes: Uint8Array) {
    super(bytes);
  }
  static mark(bytes: Uint8Array): void {
    if (!(#hex in bytes)) new HexBytes(bytes);
  }
  static is(bytes: Uint8Array): boolean {
    return #hex in bytes && (bytes as unknown as HexBytes).#hex;
  }
}

/** Hex text → bytes (marked as hexBinary for the JSON form). Throws `ValueError`. */
export function parseHex(text: string): Uint8Array {
  if (!HEX_RE.test(text)) throw new ValueError(`"${clip(text)}" is not xs:hexBinary`);
  const out = new Uint8Array(Buffer.from(text, 'hex'));
  HexBytes.mark(out);
  return out;
}

/** Whether `bytes` were read from an `xs:hexBinary` (their JSON form is hex text, not base64). */
export function isHexBinary(bytes: Uint8Array): boolean {
  return HexBytes.is(bytes);
}

/** Bytes (or already-hex text, validated) → hex text (upper case, the canonical form). Throws `ValueError`. */
export function formatHex(v: unknown): string {
  if (v instanceof Uint8Array) return Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('hex').toUpperCase();
  if (typeof v === 'string') {
    if (!HEX_RE.test(v)) throw new ValueError(`"${clip(v)}" is not xs:hexBinary text`);
    return v;
  }
  throw new ValueError(`expected a Uint8Array or hex text, got ${describe(v)}`);
}

const SAFE = Number.MAX_SAFE_INTEGER;
const test = (re: RegExp) => (s: string) => re.test(s);

const CODECS: Record<Exclude<BuiltinType, 'xs:anyType'>, ScalarCodec> = {
  'xs:anySimpleType': stringCodec('xs:anySimpleType'),
  'xs:normalizedString': checkedCodec('xs:normalizedString', test(NORMALIZED_RE), 'an xs:normalizedString (no tab or line break)', false),
  'xs:token': tokenCodec,
  'xs:language': checkedCodec('xs:language', test(LANGUAGE_RE), 'an xs:language tag'),
  'xs:Name': checkedCodec('xs:Name', test(NAME_RE), 'an XML Name'),
  'xs:NCName': checkedCodec('xs:NCName', test(NCNAME_RE), 'an XML NCName'),
  'xs:NMTOKEN': checkedCodec('xs:NMTOKEN', test(NMTOKEN_RE), 'an XML NMTOKEN'),
  'xs:ID': checkedCodec('xs:ID', test(NCNAME_RE), 'an xs:ID (NCName)'),
  'xs:IDREF': checkedCodec('xs:IDREF', test(NCNAME_RE), 'an xs:IDREF (NCName)'),
  'xs:ENTITY': checkedCodec('xs:ENTITY', test(NCNAME_RE), 'an xs:ENTITY (NCName)'),
  'xs:NOTATION': checkedCodec('xs:NOTATION', test(QNAME_RE), 'an xs:NOTATION (QName)'),
  'xs:NMTOKENS': tokenListCodec('xs:NMTOKENS', NMTOKEN_RE, 'an NMTOKEN'),
  'xs:IDREFS': tokenListCodec('xs:IDREFS', NCNAME_RE, 'an IDREF'),
  'xs:ENTITIES': tokenListCodec('xs:ENTITIES', NCNAME_RE, 'an ENTITY'),
  'xs:integer': integerCodec('xs:integer', -SAFE, SAFE),
  'xs:nonNegativeInteger': integerCodec('xs:nonNegativeInteger', 0, SAFE),
  'xs:positiveInteger': integerCodec('xs:positiveInteger', 1, SAFE),
  'xs:nonPositiveInteger': integerCodec('xs:nonPositiveInteger', -SAFE, 0),
  'xs:negativeInteger': integerCodec('xs:negativeInteger', -SAFE, -1),
  'xs:date': checkedCodec('xs:date', isDate, 'an xs:date', true, false),
  'xs:time': checkedCodec('xs:time', test(TIME_RE), 'an xs:time', true, false),
  'xs:gYear': checkedCodec('xs:gYear', test(GYEAR_RE), 'an xs:gYear', true, false),
  'xs:gYearMonth': checkedCodec('xs:gYearMonth', test(GYEARMONTH_RE), 'an xs:gYearMonth', true, false),
  'xs:gMonth': checkedCodec('xs:gMonth', test(GMONTH_RE), 'an xs:gMonth', true, false),
  'xs:gMonthDay': checkedCodec('xs:gMonthDay', isMonthDay, 'an xs:gMonthDay', true, false),
  'xs:gDay': checkedCodec('xs:gDay', test(GDAY_RE), 'an xs:gDay', true, false),
  'xs:hexBinary': { name: 'xs:hexBinary', collapse: true, escape: false, parse: parseHex, format: formatHex },
  'xs:string': stringCodec('xs:string'),
  'xs:anyURI': stringCodec('xs:anyURI'),
  'xs:QName': stringCodec('xs:QName'),
  'xs:duration': stringCodec('xs:duration', DURATION_RE, 'an xs:duration'),
  'ser:duration': stringCodec('ser:duration', DURATION_RE, 'an xs:duration'),
  'ser:guid': stringCodec('ser:guid', GUID_RE, 'a guid'),
  'ser:char': integerCodec('ser:char', 0, 0xffff),
  'xs:byte': integerCodec('xs:byte', -128, 127),
  'xs:unsignedByte': integerCodec('xs:unsignedByte', 0, 255),
  'xs:short': integerCodec('xs:short', -32768, 32767),
  'xs:unsignedShort': integerCodec('xs:unsignedShort', 0, 65535),
  'xs:int': integerCodec('xs:int', -2147483648, 2147483647),
  'xs:unsignedInt': integerCodec('xs:unsignedInt', 0, 4294967295),
  'xs:long': integerCodec('xs:long', -Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER),
  'xs:unsignedLong': integerCodec('xs:unsignedLong', 0, Number.MAX_SAFE_INTEGER),
  'xs:float': {
    name: 'xs:float',
    collapse: true,
    escape: false,
    parse: parseFloating,
    format: (v) => formatFloating(v, true),
  },
  'xs:double': {
    name: 'xs:double',
    collapse: true,
    escape: false,
    parse: parseFloating,
    format: (v) => formatFloating(v, false),
  },
  'xs:decimal': {
    name: 'xs:decimal',
    collapse: true,
    escape: false,
    parse(text) {
      if (!DECIMAL_RE.test(text)) throw new ValueError(`"${clip(text)}" is not an xs:decimal`);
      return text;
    },
    format(v) {
      if (typeof v !== 'string') throw new ValueError(`expected a decimal as a string, got ${describe(v)}`);
      if (!DECIMAL_RE.test(v)) throw new ValueError(`"${clip(v)}" is not an xs:decimal`);
      return v;
    },
  },
  'xs:boolean': {
    name: 'xs:boolean',
    collapse: true,
    escape: false,
    parse(text) {
      if (text === 'true' || text === '1') return true;
      if (text === 'false' || text === '0') return false;
      throw new ValueError(`"${clip(text)}" is not an xs:boolean`);
    },
    format(v) {
      if (typeof v !== 'boolean') throw new ValueError(`expected a boolean, got ${describe(v)}`);
      return v ? 'true' : 'false';
    },
  },
  'xs:dateTime': {
    name: 'xs:dateTime',
    collapse: true,
    escape: false,
    parse: parseDateTime,
    format(v) {
      if (v instanceof Date) return dateTimeText(v);
      if (typeof v === 'string') {
        if (!isDateTimeText(v)) throw new ValueError(`"${clip(v)}" is not an xs:dateTime`);
        return v;
      }
      throw new ValueError(`expected a Date or xs:dateTime text, got ${describe(v)}`);
    },
  },
  'xs:base64Binary': {
    name: 'xs:base64Binary',
    collapse: true,
    escape: false,
    parse: parseBase64,
    format: formatBase64,
  },
};

/** The codec of a builtin scalar type, or undefined (unknown builtin, or xs:anyType). */
export function scalarCodec(name: string): ScalarCodec | undefined {
  return Object.prototype.hasOwnProperty.call(CODECS, name) ? CODECS[name as keyof typeof CODECS] : undefined;
}

/** Space, tab, line feed, carriage return: the only whitespace of XML and of XSD's whiteSpace facet. */
function isXmlSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13;
}

/**
 * XSD whitespace collapse for non-string types: leading and trailing XML whitespace removed (inner
 * runs do not occur in valid scalars). Only XML's four whitespace characters: `trim()` would also
 * take a no-break space or U+3000, so `" 42\u00a0"` would read as an int where the schema says no.
 */
export function collapse(s: string): string {
  const n = s.length;
  if (n === 0) return s;
  if (s.charCodeAt(0) > 32 && s.charCodeAt(n - 1) > 32) return s;
  let start = 0;
  let end = n;
  while (start < end && isXmlSpace(s.charCodeAt(start))) start++;
  while (end > start && isXmlSpace(s.charCodeAt(end - 1))) end--;
  return start === 0 && end === n ? s : s.slice(start, end);
}

// ---------------------------------------------------------------------------------------------
// JSON form

/** A decoded value in the JSON form of DESIGN.md §4: Dates as their lexical text, bytes as base64 (hexBinary's as hex). */
export type JsonForm = string | number | boolean | null | JsonForm[] | { [key: string]: JsonForm };

/**
 * Convert a decoded value into the JSON form (DESIGN.md §4): a Date becomes its remembered wire text
 * (or ISO 8601 UTC), a Uint8Array becomes base64 text, or hex text when it was read from an
 * `xs:hexBinary` (each the text the encoder reads for its type); arrays and objects are converted
 * recursively; `undefined` object members are left out. Non-finite numbers (xs:double INF/NaN)
 * become their XSD lexical strings (JSON has no such numbers).
 */
export function toJsonForm(value: unknown): JsonForm {
  if (value === null || value === undefined) return null;
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      return Number.isFinite(value) ? value : formatFloating(value, false);
    case 'object':
      break;
    default:
      return String(value);
  }
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : dateTimeText(value);
  if (value instanceof Uint8Array) return isHexBinary(value) ? formatHex(value) : formatBase64(value);
  if (Array.isArray(value)) return value.map(toJsonForm);
  const out: { [key: string]: JsonForm } = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    if (v !== undefined) setOwn(out, k, toJsonForm(v));
  }
  return out;
}

/** `obj[key] = value` that also works for the key `__proto__` (an own data property, never the prototype). */
export function setOwn(obj: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(obj, key, { value, writable: true, enumerable: true, configurable: true });
  else obj[key] = value;
}
