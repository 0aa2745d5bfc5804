/**
 * Descriptor-driven mapping between REST Agents JSON and the typed values of DESIGN.md §4: the same
 * compiled plans (`plan.ts`) the SOAP encoder and decoder walk, so both transports produce the same
 * values (Dates that remember their lexical text, numbers, booleans, `null` for nil, arrays,
 * Records for dictionaries, flags as string arrays, `$type` for derived types).
 *
 * JSON ↔ typed value, per descriptor kind:
 *
 * | descriptor | REST JSON | typed value |
 * |---|---|---|
 * | complex | object, PascalCase wire names | object (absent property → absent field; `null` → `null` where nillable) |
 * | derived type | `"$type": "<XSD name>"` | `$type` as over SOAP |
 * | array / repeated | array (`null` items where the item is nillable) | array |
 * | dictionary | object | `Record<string, V>` (keys validated against the key type, kept as text) |
 * | enum | string | the string (a value this client does not know passes through, as over SOAP) |
 * | flags | ONE string, .NET `[Flags]` text: `"Email, Phone"`; 0 = the zero member's name (`"None"`) or `"0"` | `readonly string[]` (`[]` for 0); the reader also accepts space-separated names |
 * | int, short, long, byte… | number (range-checked) | number |
 * | double, float | number; `"NaN"`, `"Infinity"`, `"-Infinity"` (also `INF`/`-INF`) | number |
 * | decimal | number or string (written as a string: lossless) | string |
 * | boolean | `true`/`false` | boolean |
 * | dateTime | string, xs:dateTime lexical (`2011-04-19T16:48:28.8939219+02:00`) | `Date` remembering its text |
 * | duration (.NET TimeSpan) | string `[-][d.]hh:mm:ss[.fffffff]` (`"09:00:00"`); xs:duration text is also read | xs:duration text in WCF's form (`"PT9H"`), as the SOAP path gives |
 * | base64Binary | base64 string | `Uint8Array` |
 * | hexBinary | hex string (written upper case) | `Uint8Array` |
 * | guid, string, anyURI | string | string |
 * | char | one-character string (a number is also read) | number (UTF-16 code unit) |
 *
 * Unknown JSON properties (fields a newer server version added) are ignored by default and listed
 * in `unknown` (option `unknownProperties: 'error'` makes them a `ResponseFormatError`); the SOAP
 * reader is strict because a WSDL is versioned with its endpoint, a REST API is not.
 */
import { RequestValidationError, ResponseFormatError } from '../client/errors.js';
import {
  K_ANY,
  K_ARRAY,
  K_COMPLEX,
  K_DICT,
  K_ENUM,
  K_FLAGS,
  K_SCALAR,
  builtinPlan,
  chooseType,
  findDerived,
  servicePlan,
  type ComplexPlan,
  type ElementPlan,
  type ServicePlan,
  type ValuePlan,
} from '../codec/plan.js';
import type { ServiceDescriptor } from '../codec/descriptor.js';
import type { RestOperationMapping } from './rest-mapping.js';
import { redactClip } from '../client/redact.js';
import { ValueError, collapse, dateTimeText, describe, formatBase64, isRecord, parseDateTimeMs, setOwn } from '../codec/values.js';

// ---------------------------------------------------------------------------------------------
// .NET TimeSpan text ↔ xs:duration

const TIMESPAN_RE = /^(-)?(?:(\d+)\.)?(\d{1,2}):(\d{1,2})(?::(\d{1,2})(?:\.(\d{1,7}))?)?$/;
const DURATION_RE = /^(-)?P(?!$)(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)D)?(?:T(?!$)(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)(?:\.(\d+))?S)?)?$/;

/**
 * .NET `TimeSpan` text (`TimeSpan.ToString()`, the "c" format: `[-][d.]hh:mm:ss[.fffffff]`) →
 * xs:duration text in the form WCF writes (`XmlConvert.ToString(TimeSpan)`: `PT9H`, `P1DT2H30M`,
 * `PT0.5S`, `-PT1M`, zero `PT0S`). Throws `ValueError`.
 */
export function timeSpanToDuration(text: string): string {
  const m = TIMESPAN_RE.exec(text);
  if (m === null) throw new ValueError(`"${clip(text)}" is not a .NET TimeSpan ([-][d.]hh:mm:ss[.fffffff])`);
  const [, neg, d, h, mi, s, frac] = m;
  const hours = Number(h);
  const minutes = Number(mi);
  const seconds = s === undefined ? 0 : Number(s);
  if (hours > 23 || minutes > 59 || seconds > 59) throw new ValueError(`"${clip(text)}" is not a .NET TimeSpan (hours 0-23, minutes and seconds 0-59)`);
  return durationText(neg === '-', Number(d ?? 0), hours, minutes, seconds, (frac ?? '').padEnd(7, '0'));
}

function durationText(negative: boolean, days: number, hours: number, minutes: number, seconds: number, frac7: string): string {
  let out = 'P';
  if (days !== 0) out += `${days}D`;
  const fraction = frac7.replace(/0+$/, '');
  if (hours !== 0 || minutes !== 0 || seconds !== 0 || fraction !== '') {
    out += 'T';
    if (hours !== 0) out += `${hours}H`;
    if (minutes !== 0) out += `${minutes}M`;
    if (seconds !== 0 || fraction !== '') out += `${seconds}${fraction === '' ? '' : `.${fraction}`}S`;
  }
  if (out === 'P') return 'PT0S';
  return negative ? `-${out}` : out;
}

/**
 * xs:duration text → .NET `TimeSpan` text ("c" format). Years and months have no fixed length
 * and a TimeSpan has 100 ns ticks: such values throw `ValueError`.
 */
export function durationToTimeSpan(text: string): string {
  const m = DURATION_RE.exec(text);
  if (m === null) throw new ValueError(`"${clip(text)}" is not an xs:duration`);
  const [, neg, y, mo, d, h, mi, s, frac] = m;
  if (Number(y ?? 0) !== 0 || Number(mo ?? 0) !== 0) throw new ValueError(`"${clip(text)}" has years or months, which a .NET TimeSpan cannot hold`);
  const f = frac ?? '';
  if (/[1-9]/.test(f.slice(7))) throw new ValueError(`"${clip(text)}" is finer than the 100 ns a .NET TimeSpan holds`);
  let total = ((Number(d ?? 0) * 24 + Number(h ?? 0)) * 60 + Number(mi ?? 0)) * 60 + Number(s ?? 0);
  if (!Number.isSafeInteger(total)) throw new ValueError(`"${clip(text)}" is too long for a .NET TimeSpan`);
  const frac7 = f.slice(0, 7).padEnd(7, '0');
  const days = Math.floor(total / 86400);
  total -= days * 86400;
  const two = (n: number) => String(n).padStart(2, '0');
  const zero = days === 0 && total === 0 && frac7 === '0000000';
  return `${neg === '-' && !zero ? '-' : ''}${days === 0 ? '' : `${days}.`}${two(Math.floor(total / 3600))}:${two(Math.floor((total % 3600) / 60))}:${two(total % 60)}${frac7 === '0000000' ? '' : `.${frac7}`}`;
}

function clip(s: string): string {
  return redactClip(s, 40);
}

// ---------------------------------------------------------------------------------------------
// options and context

export interface RestJsonOptions {
  /** The zero member's name of each flags type (TS name → name), see `rest-mapping.ts`. */
  flagsZeroNames?: Readonly<Record<string, string>>;
  /** `'ignore'` (default): properties the descriptors do not know are skipped and listed; `'error'`: `ResponseFormatError`. */
  unknownProperties?: 'ignore' | 'error';
  /** An enumeration or flags name the descriptors do not list: `'keep'` (default, passed through as its string) or `'error'`: `ResponseFormatError` (a server validating requests: the simulator). */
  unknownEnumValues?: 'keep' | 'error';
  /** xs:dateTime text without an offset: UTC (default) or local time, as the SOAP decoder. */
  naiveDateTime?: 'utc' | 'local';
  /** Deepest nesting accepted (default 256). */
  maxDepth?: number;
}

const DEFAULT_MAX_DEPTH = 256;

class Ctx {
  /** Where the walk is: field names, and array indexes as numbers (made into `[i]` only for a message). */
  readonly path: (string | number)[] = [];
  readonly unknown: string[] = [];
  readonly zero: Readonly<Record<string, string>>;
  readonly strictUnknown: boolean;
  readonly strictEnums: boolean;
  readonly naiveLocal: boolean;
  readonly maxDepth: number;
  depth = 0;

  constructor(
    readonly plan: ServicePlan,
    readonly operation: string | undefined,
    readonly encoding: boolean,
    o: RestJsonOptions,
  ) {
    this.zero = o.flagsZeroNames ?? {};
    this.strictUnknown = o.unknownProperties === 'error';
    this.strictEnums = o.unknownEnumValues === 'error';
    this.naiveLocal = o.naiveDateTime === 'local';
    this.maxDepth = o.maxDepth ?? DEFAULT_MAX_DEPTH;
  }

  where(extra?: string): string {
    let p = '';
    for (const seg of this.path) p += typeof seg === 'number' ? `[${seg}]` : seg.charCodeAt(0) === 91 /* [ */ || p === '' ? seg : `.${seg}`;
    if (extra !== undefined) p += p === '' ? extra : `.${extra}`;
    return p;
  }

  fail(message: string, extra?: string): never {
    if (this.encoding) throw new RequestValidationError(message, { operation: this.operation, path: this.where(extra) });
    throw new ResponseFormatError(message, { operation: this.operation, path: this.where(extra) || undefined });
  }

  enter(): void {
    if (++this.depth > this.maxDepth) this.fail(`JSON nesting exceeds maxDepth (${this.maxDepth})`);
  }
}

function jsonKind(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a JSON array';
  if (typeof v === 'object') return 'a JSON object';
  if (typeof v === 'string') return `the JSON string "${clip(v)}"`;
  return `the JSON ${typeof v} ${String(v)}`;
}

const INTEGER_TYPES = new Set(['xs:int', 'xs:short', 'xs:byte', 'xs:long', 'xs:unsignedByte', 'xs:unsignedShort', 'xs:unsignedInt', 'xs:unsignedLong']);
/** The ranges of INTEGER_TYPES (those of their codecs in values.ts): a JSON number within is the value as it is. */
const INTEGER_RANGES: ReadonlyMap<string, readonly [number, number]> = new Map<string, readonly [number, number]>([
  ['xs:int', [-2147483648, 2147483647]],
  ['xs:short', [-32768, 32767]],
  ['xs:byte', [-128, 127]],
  ['xs:long', [-Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER]],
  ['xs:unsignedByte', [0, 255]],
  ['xs:unsignedShort', [0, 65535]],
  ['xs:unsignedInt', [0, 4294967295]],
  ['xs:unsignedLong', [0, Number.MAX_SAFE_INTEGER]],
]);
const NON_FINITE: Readonly<Record<string, number>> = { NaN: NaN, Infinity: Infinity, '-Infinity': -Infinity, INF: Infinity, '+INF': Infinity, '-INF': -Infinity };

// ---------------------------------------------------------------------------------------------
// decode: JSON → typed value

function decodeMember(c: Ctx, el: ElementPlan, json: unknown): unknown {
  if (json === null) {
    if (!el.nillable && !el.repeated) c.fail(`${el.name} is not nillable but the response has null`);
    return null;
  }
  if (el.repeated) {
    if (!Array.isArray(json)) c.fail(`expected a JSON array (repeated ${el.name}), got ${jsonKind(json)}`);
    c.enter();
    const out: unknown[] = [];
    for (let i = 0; i < json.length; i++) {
      c.path.push(i);
      out.push(decodeOne(c, el, json[i]));
      c.path.pop();
    }
    c.depth--;
    return out;
  }
  return decodeValue(c, el.type, json);
}

function decodeOne(c: Ctx, el: ElementPlan, json: unknown): unknown {
  if (json === null) {
    if (!el.nillable) c.fail(`${el.name} is not nillable but the response has null`);
    return null;
  }
  return decodeValue(c, el.type, json);
}

function decodeValue(c: Ctx, type: ValuePlan, json: unknown): unknown {
  switch (type.k) {
    case K_SCALAR:
      return decodeScalar(c, type, json);
    case K_ENUM:
      if (typeof json !== 'string') c.fail(`expected a ${type.named.xsdName} value (JSON string), got ${jsonKind(json)}`);
      // A value this client does not know is passed through as its string (as over SOAP), unless told to refuse it.
      return type.values.get(json) ?? (c.strictEnums ? unknownName(c, type, json) : json);
    case K_FLAGS:
      return decodeFlags(c, type, json);
    case K_COMPLEX:
      return decodeComplex(c, type, json);
    case K_ARRAY: {
      if (!Array.isArray(json)) c.fail(`expected a JSON array (${type.named.xsdName}), got ${jsonKind(json)}`);
      c.enter();
      const out: unknown[] = new Array(json.length);
      for (let i = 0; i < json.length; i++) {
        c.path.push(i);
        out[i] = decodeOne(c, type.item, json[i]);
        c.path.pop();
      }
      c.depth--;
      return out;
    }
    case K_DICT: {
      if (!isRecord(json)) c.fail(`expected a JSON object (dictionary ${type.named.xsdName}), got ${jsonKind(json)}`);
      c.enter();
      const out: Record<string, unknown> = {};
      for (const k of Object.keys(json)) {
        c.path.push(`[${JSON.stringify(k)}]`);
        setOwn(out, dictKey(c, type.key, k), decodeOne(c, type.value, json[k]));
        c.path.pop();
      }
      c.depth--;
      return out;
    }
    case K_ANY:
      return decodeAny(c, json);
  }
}

/** A dictionary key as the SOAP decoder gives it: numbers and booleans in their canonical text, other keys verbatim (validated). */
function dictKey(c: Ctx, key: ElementPlan, k: string): string {
  const t = key.type;
  if (t.k !== K_SCALAR) return k;
  try {
    const v = t.codec.parse(t.codec.collapse ? collapse(k) : k, c.naiveLocal);
    return typeof v === 'number' || typeof v === 'boolean' ? String(v) : k;
  } catch (e) {
    if (e instanceof ValueError) c.fail(`dictionary key: ${e.message}`);
    throw e;
  }
}

function decodeScalar(c: Ctx, type: ValuePlan & { k: typeof K_SCALAR }, json: unknown): unknown {
  const codec = type.codec;
  const name = codec.name;
  try {
    const range = INTEGER_RANGES.get(name);
    if (range !== undefined) {
      if (typeof json !== 'number') c.fail(`expected a JSON number (${name}), got ${jsonKind(json)}`);
      // An integer in range is its own value (-0 is 0, as its text "0" reads); anything else goes through the text, for its error.
      if (Number.isSafeInteger(json) && json >= range[0] && json <= range[1]) return json === 0 ? 0 : json;
      return codec.parse(String(json), false);
    }
    switch (name) {
      case 'xs:double':
      case 'xs:float':
        if (typeof json === 'number') return json;
        if (typeof json === 'string' && Object.prototype.hasOwnProperty.call(NON_FINITE, json)) return NON_FINITE[json];
        return c.fail(`expected a JSON number (${name}), got ${jsonKind(json)}`);
      case 'xs:decimal':
        if (typeof json === 'number') return codec.parse(String(json), false);
        if (typeof json === 'string') return codec.parse(collapse(json), false);
        return c.fail(`expected a JSON number or string (xs:decimal), got ${jsonKind(json)}`);
      case 'xs:boolean':
        if (typeof json !== 'boolean') c.fail(`expected a JSON boolean, got ${jsonKind(json)}`);
        return json;
      case 'ser:char':
        if (typeof json === 'number') return codec.parse(String(json), false);
        if (typeof json === 'string' && json.length === 1) return json.charCodeAt(0);
        return c.fail(`expected a one-character JSON string (ser:char), got ${jsonKind(json)}`);
      case 'xs:duration':
      case 'ser:duration': {
        if (typeof json !== 'string') c.fail(`expected a JSON string (${name}, .NET TimeSpan), got ${jsonKind(json)}`);
        const t = collapse(json);
        if (t.startsWith('P') || t.startsWith('-P')) return codec.parse(t, false);
        return timeSpanToDuration(t);
      }
      default:
        if (typeof json !== 'string') c.fail(`expected a JSON string (${name}), got ${jsonKind(json)}`);
        // dateTime (remembers its text), base64Binary, guid, string…
        return codec.parse(codec.collapse ? collapse(json) : json, c.naiveLocal);
    }
  } catch (e) {
    if (e instanceof ValueError) c.fail(e.message);
    throw e;
  }
}

/** An enumeration or flags name the type does not list (`unknownEnumValues: 'error'`). */
function unknownName(c: Ctx, type: ValuePlan & { k: typeof K_ENUM | typeof K_FLAGS }, name: string): never {
  return c.fail(`"${clip(name)}" is not a ${type.named.xsdName} value (${[...type.values.keys()].join(', ')})`);
}

function decodeFlags(c: Ctx, type: ValuePlan & { k: typeof K_FLAGS }, json: unknown): string[] {
  if (json === 0) return [];
  if (typeof json !== 'string') c.fail(`expected a ${type.named.xsdName} value (JSON string of flag names), got ${jsonKind(json)}`);
  const zero = c.zero[type.named.tsName];
  const out: string[] = [];
  for (const part of json.split(/[\s,]+/)) {
    if (part === '' || part === zero || part === '0') continue;
    // A name this client does not know is passed through as its string (as over SOAP), unless told to refuse it.
    out.push(type.values.get(part) ?? (c.strictEnums ? unknownName(c, type, part) : part));
  }
  return out;
}

function decodeComplex(c: Ctx, declared: ComplexPlan, json: unknown): Record<string, unknown> {
  if (!isRecord(json)) c.fail(`expected a JSON object (${declared.named.xsdName}), got ${jsonKind(json)}`);
  c.enter();
  let plan = declared;
  const out: Record<string, unknown> = {};
  const t = json.$type;
  if (typeof t === 'string' && t !== declared.named.xsdName) {
    const sub = findDerived(c.plan, t, declared);
    if (sub !== undefined) {
      if (sub.abstract) c.fail(`$type "${t}" is abstract`, '$type');
      plan = sub;
      out.$type = sub.named.xsdName;
    }
  }
  for (const k of Object.keys(json)) {
    if (k === '$type') continue;
    const f = plan.byName.get(k);
    if (f === undefined) {
      if (c.strictUnknown) c.fail(`unexpected property "${k}": not a field of ${plan.named.xsdName}`, k);
      c.unknown.push(c.where(k));
      continue;
    }
    c.path.push(k);
    setOwn(out, k, decodeMember(c, f, json[k]));
    c.path.pop();
  }
  c.depth--;
  return out;
}

function decodeAny(c: Ctx, json: unknown): unknown {
  if (isRecord(json) && typeof json.$type === 'string') {
    const t = json.$type;
    if (Object.prototype.hasOwnProperty.call(json, '$value')) {
      const p = simpleTypeOf(c.plan, t);
      if (p === undefined) c.fail(`$type "${t}" is not a known simple type`, '$type');
      const v = json.$value;
      c.path.push('$value');
      const value = v === null ? null : decodeValue(c, p, v);
      c.path.pop();
      return { $type: t, $value: value };
    }
    const named = c.plan.byXsdName.get(t)?.[0] ?? c.plan.types.get(t);
    if (named !== undefined && named.k === K_COMPLEX) {
      const v = decodeComplex(c, named, json);
      return { $type: named.named.xsdName, ...v };
    }
    c.fail(`$type "${t}" is not a complex type of ${c.plan.service.name}`, '$type');
  }
  // Untyped JSON: the natural xs:anyType reading.
  if (typeof json === 'string') return { $type: 'xs:string', $value: json };
  if (typeof json === 'boolean') return { $type: 'xs:boolean', $value: json };
  if (typeof json === 'number') return { $type: Number.isInteger(json) ? 'xs:int' : 'xs:double', $value: json };
  return c.fail(`an xs:anyType value needs $type, got ${jsonKind(json)}`);
}

function simpleTypeOf(plan: ServicePlan, t: string): ValuePlan | undefined {
  if (t.startsWith('xs:') || t.startsWith('xsd:') || t.startsWith('ser:')) {
    const p = builtinPlan(t.startsWith('xsd:') ? `xs:${t.slice(4)}` : t);
    return p === undefined || p.k === K_ANY ? undefined : p;
  }
  const named = plan.byXsdName.get(t)?.[0] ?? plan.types.get(t);
  return named === undefined || named.k === K_COMPLEX ? undefined : named;
}

// ---------------------------------------------------------------------------------------------
// encode: typed value → JSON value

function encodeMember(c: Ctx, el: ElementPlan, value: unknown): unknown {
  if (el.repeated) {
    if (!Array.isArray(value)) c.fail(`expected an array (repeated element ${el.name}), got ${describe(value)}`);
    if (!el.optional && value.length === 0) c.fail(`required repeated element ${el.name} needs at least one item`);
    return value.map((v, i) => {
      c.path.push(i);
      const out = encodeOne(c, el, v);
      c.path.pop();
      return out;
    });
  }
  return encodeOne(c, el, value);
}

function encodeOne(c: Ctx, el: ElementPlan, value: unknown): unknown {
  if (value === null) {
    if (!el.nillable) c.fail(el.optional ? `${el.name} is not nillable: leave it out (undefined) instead of null` : `${el.name} is not nillable`);
    return null;
  }
  if (value === undefined) c.fail(`undefined is not a value of ${el.name}`);
  return encodeValue(c, el.type, value);
}

function encodeValue(c: Ctx, type: ValuePlan, value: unknown): unknown {
  switch (type.k) {
    case K_SCALAR:
      return encodeScalar(c, type, value);
    case K_ENUM:
      if (typeof value !== 'string') c.fail(`expected a ${type.named.xsdName} value (string), got ${describe(value)}`);
      if (!type.values.has(value)) c.fail(`"${value}" is not a ${type.named.xsdName} value (${[...type.values.keys()].join(', ')})`);
      return value;
    case K_FLAGS: {
      if (!Array.isArray(value)) c.fail(`expected an array of ${type.named.xsdName} values, got ${describe(value)}`);
      const names: string[] = [];
      for (let i = 0; i < value.length; i++) {
        const v: unknown = value[i];
        if (typeof v !== 'string' || !type.values.has(v)) {
          c.path.push(i);
          c.fail(`${typeof v === 'string' ? `"${v}"` : describe(v)} is not a ${type.named.xsdName} value (${[...type.values.keys()].join(', ')})`);
        }
        if (!names.includes(v)) names.push(v);
      }
      return names.length === 0 ? (c.zero[type.named.tsName] ?? '0') : names.join(', ');
    }
    case K_COMPLEX:
      return encodeComplex(c, type, value);
    case K_ARRAY: {
      if (!Array.isArray(value)) c.fail(`expected an array (${type.named.xsdName}), got ${describe(value)}`);
      c.enter();
      const out = value.map((v, i) => {
        c.path.push(i);
        const r = encodeOne(c, type.item, v);
        c.path.pop();
        return r;
      });
      c.depth--;
      return out;
    }
    case K_DICT: {
      if (!isRecord(value)) c.fail(`expected an object (dictionary ${type.named.xsdName}), got ${describe(value)}`);
      c.enter();
      const out: Record<string, unknown> = {};
      for (const k of Object.keys(value)) {
        const v = value[k];
        c.path.push(`[${JSON.stringify(k)}]`);
        if (v === undefined) c.fail(`dictionary entry "${k}" has no value (undefined)`);
        encodeDictKey(c, type.key, k);
        setOwn(out, k, encodeOne(c, type.value, v));
        c.path.pop();
      }
      c.depth--;
      return out;
    }
    case K_ANY:
      return encodeAny(c, value);
  }
}

function encodeDictKey(c: Ctx, key: ElementPlan, k: string): void {
  const t = key.type;
  if (t.k !== K_SCALAR) return;
  const name = t.codec.name;
  if (name === 'xs:boolean') {
    if (k !== 'true' && k !== 'false') c.fail(`key "${k}" is not an xs:boolean`);
  } else if (INTEGER_TYPES.has(name) || name === 'xs:double' || name === 'xs:float' || name === 'ser:char') {
    const n = k.trim() === '' ? NaN : Number(k);
    if (Number.isNaN(n) && k !== 'NaN') c.fail(`key "${k}" is not a number (${name})`);
  } else if (name === 'xs:dateTime') {
    if (Number.isNaN(parseDateTimeMs(k))) c.fail(`key "${k}" is not an xs:dateTime`);
  }
}

function encodeScalar(c: Ctx, type: ValuePlan & { k: typeof K_SCALAR }, value: unknown): unknown {
  const codec = type.codec;
  const name = codec.name;
  try {
    if (INTEGER_TYPES.has(name)) {
      codec.format(value);
      return value;
    }
    switch (name) {
      case 'xs:double':
      case 'xs:float': {
        codec.format(value);
        const n = value as number;
        if (Number.isNaN(n)) return 'NaN';
        if (n === Infinity) return 'Infinity';
        if (n === -Infinity) return '-Infinity';
        return n;
      }
      case 'xs:boolean':
        codec.format(value);
        return value;
      case 'ser:char':
        codec.format(value);
        return String.fromCharCode(value as number);
      case 'xs:duration':
      case 'ser:duration':
        return durationToTimeSpan(codec.format(value));
      case 'xs:dateTime':
        return value instanceof Date ? dateTimeText(value) : codec.format(value);
      case 'xs:base64Binary':
        return formatBase64(value);
      default:
        // strings (guid validated), decimal as its (lossless) text
        return codec.format(value);
    }
  } catch (e) {
    if (e instanceof ValueError) c.fail(e.message);
    throw e;
  }
}

function encodeComplex(c: Ctx, declared: ComplexPlan, value: unknown): Record<string, unknown> {
  if (!isRecord(value)) c.fail(`expected an object (${declared.named.xsdName}), got ${describe(value)}`);
  c.enter();
  let plan = declared;
  const out: Record<string, unknown> = {};
  const t = value.$type;
  if (t !== undefined || declared.abstract) {
    const choice = chooseType(c.plan, declared, t);
    if ('problem' in choice) c.fail(choice.problem, choice.path);
    plan = choice.type;
    if (choice.derived) out.$type = plan.named.xsdName;
  }
  encodeFields(c, plan, value, out);
  c.depth--;
  return out;
}

/** Validate `obj` against `plan` and copy its fields (schema order, base first) into `out`. */
function encodeFields(c: Ctx, plan: ComplexPlan, obj: Record<string, unknown>, out: Record<string, unknown>, skip?: ReadonlySet<string>): void {
  for (const k of Object.keys(obj)) {
    if (k !== '$type' && !plan.byName.has(k) && obj[k] !== undefined) c.fail(`unknown field "${k}" for ${plan.named.xsdName}`, k);
  }
  for (const f of plan.fields) {
    if (skip?.has(f.name)) continue;
    const v = obj[f.name];
    c.path.push(f.name);
    if (v === undefined) {
      if (!f.optional) c.fail(`required field ${f.name} is missing`);
    } else {
      setOwn(out, f.name, encodeMember(c, f, v));
    }
    c.path.pop();
  }
}

function encodeAny(c: Ctx, value: unknown): unknown {
  if (!isRecord(value)) c.fail(`expected { $type, $value } or { $type, ...fields } for xs:anyType, got ${describe(value)}`);
  const t = value.$type;
  if (typeof t !== 'string') c.fail(`an xs:anyType value needs $type (e.g. "xs:string" or a complex type name), got ${describe(t)}`, '$type');
  if (Object.prototype.hasOwnProperty.call(value, '$value')) {
    const p = simpleTypeOf(c.plan, t);
    if (p === undefined) c.fail(`$type "${t}" is not a known simple type`, '$type');
    c.path.push('$value');
    const v = value.$value === null ? null : encodeValue(c, p, value.$value);
    c.path.pop();
    return { $type: t, $value: v };
  }
  const named = c.plan.byXsdName.get(t)?.[0] ?? c.plan.types.get(t);
  if (named === undefined || named.k !== K_COMPLEX) c.fail(`$type "${t}" is not a complex type of ${c.plan.service.name}`, '$type');
  if (named.abstract) c.fail(`${named.named.xsdName} is abstract`, '$type');
  const out: Record<string, unknown> = { $type: named.named.xsdName };
  encodeFields(c, named, value, out);
  return out;
}

// ---------------------------------------------------------------------------------------------
// public API

/** Resolve a type reference (`xs:int`, `ChatSessionEntity`) against a service. */
function typePlan(plan: ServicePlan, ref: string): ValuePlan {
  const p = ref.includes(':') ? builtinPlan(ref) : plan.types.get(ref);
  if (p === undefined) throw new TypeError(`${plan.service.name} has no type "${ref}"`);
  return p;
}

export interface RestDecoded<T = unknown> {
  value: T;
  /** Paths of JSON properties the descriptors do not know (skipped). */
  unknown: string[];
}

/** Decode a REST JSON value of type `type` (a descriptor type name or builtin) into its typed value. Throws `ResponseFormatError`. */
export function decodeRestValue<T = unknown>(service: ServiceDescriptor, type: string, json: unknown, options: RestJsonOptions & { operation?: string } = {}): RestDecoded<T> {
  const plan = servicePlan(service);
  const c = new Ctx(plan, options.operation, false, options);
  const value = json === null ? null : decodeValue(c, typePlan(plan, type), json);
  return { value: value as T, unknown: c.unknown };
}

/** Encode a typed value of type `type` into its REST JSON value (not yet stringified). Throws `RequestValidationError`. */
export function encodeRestValue(service: ServiceDescriptor, type: string, value: unknown, options: RestJsonOptions & { operation?: string } = {}): unknown {
  const plan = servicePlan(service);
  const c = new Ctx(plan, options.operation, true, options);
  return value === null ? null : encodeValue(c, typePlan(plan, type), value);
}

export interface RestRequestParts {
  /** `?a=1&b=2` or `''`. */
  search: string;
  /** JSON text, or undefined for no body. */
  body: string | undefined;
}

/**
 * The query string and JSON body of one REST call: the input wrapper's fields, validated against
 * the descriptors exactly like the SOAP encoder does, split by the operation's REST mapping.
 * Throws `RequestValidationError`.
 */
export function encodeRestRequest(service: ServiceDescriptor, operation: string, mapping: RestOperationMapping, input: unknown, options: RestJsonOptions = {}): RestRequestParts {
  const plan = servicePlan(service);
  const op = plan.operations.get(operation);
  if (op === undefined) throw new RequestValidationError(`${service.name} has no operation "${operation}"`, { operation, path: '' });
  const c: Ctx = new Ctx(plan, operation, true, options);
  const obj: unknown = input === undefined || input === null ? {} : input;
  if (!isRecord(obj)) c.fail(`the ${op.input.element} input must be an object, got ${describe(obj)}`);
  const wrapper = op.input.body;

  const params = new URLSearchParams();
  const inQuery = new Set<string>();
  for (const q of mapping.query) {
    const f = wrapper.byName.get(q.field);
    if (f === undefined) throw new TypeError(`REST mapping of ${operation}: query parameter ${q.name} names unknown field ${q.field}`);
    inQuery.add(q.field);
    const v = obj[q.field];
    c.path.push(q.field);
    if (v === undefined || v === null) c.fail(`${q.field} is required: the REST API sends it as the query parameter ${q.name}`);
    const json = encodeMember(c, f, v);
    c.path.pop();
    params.append(q.name, typeof json === 'string' ? json : JSON.stringify(json));
  }

  let body: string | undefined;
  switch (mapping.body) {
    case 'none': {
      const out: Record<string, unknown> = {};
      encodeFields(c, wrapper, obj, out, inQuery);
      const extra = Object.keys(out);
      if (extra.length > 0) c.fail(`the REST API has no body for ${operation}: ${extra.join(', ')} cannot be sent`, extra[0]);
      break;
    }
    case 'entity': {
      const field = mapping.entityField ?? '';
      const f = wrapper.byName.get(field);
      if (f === undefined) throw new TypeError(`REST mapping of ${operation}: entity field ${field} is not an input field`);
      const out: Record<string, unknown> = {};
      encodeFields(c, wrapper, obj, out, inQuery);
      for (const k of Object.keys(out)) if (k !== field) c.fail(`the REST API sends only ${field} for ${operation}`, k);
      body = JSON.stringify(out[field] ?? null);
      break;
    }
    case 'request': {
      const out: Record<string, unknown> = {};
      encodeFields(c, wrapper, obj, out, inQuery);
      body = JSON.stringify(out);
      break;
    }
  }
  const search = params.toString();
  return { search: search === '' ? '' : `?${search}`, body };
}

/**
 * The output wrapper's children (`{ Response: … }`, `{}` for an empty wrapper) from a REST response
 * body: `json` is the parsed body, `undefined` when there was none (204).
 * Throws `ResponseFormatError`.
 */
export function decodeRestResponse(service: ServiceDescriptor, operation: string, json: unknown, options: RestJsonOptions = {}): RestDecoded<Record<string, unknown>> {
  const plan = servicePlan(service);
  const op = plan.operations.get(operation);
  if (op === undefined) throw new ResponseFormatError(`${service.name} has no operation "${operation}"`, { operation });
  const c: Ctx = new Ctx(plan, operation, false, options);
  const fields = op.output.body.fields;
  if (fields.length === 0) return { value: {}, unknown: [] };
  if (fields.length === 1 && fields[0].name === 'Response') {
    const f = fields[0];
    if (json === undefined) {
      // ASP.NET answers a null result with 204 No Content.
      if (f.nillable) return { value: { Response: null }, unknown: [] };
      if (f.optional) return { value: {}, unknown: [] };
      c.fail('the response has no body, but Response is required');
    }
    c.path.push('Response');
    const value = decodeMember(c, f, json);
    return { value: { Response: value }, unknown: c.unknown };
  }
  // Several output fields (not in Chat): the body is an object of them.
  if (json === undefined) return { value: {}, unknown: [] };
  return { value: decodeComplex(c, op.output.body, json), unknown: c.unknown };
}


// ---------------------------------------------------------------------------------------------
// server side (simulator, tests): the inverse of encodeRestRequest / decodeRestResponse

/**
 * The input wrapper's children from a REST request: its query parameters and its parsed JSON body
 * (`undefined` when there was none). Unknown body properties are an error unless
 * `unknownProperties: 'ignore'`. Throws `ResponseFormatError` (the caller answers 400).
 */
export function decodeRestRequest(
  service: ServiceDescriptor,
  operation: string,
  mapping: RestOperationMapping,
  query: URLSearchParams,
  json: unknown,
  options: RestJsonOptions = {},
): Record<string, unknown> {
  const plan = servicePlan(service);
  const op = plan.operations.get(operation);
  if (op === undefined) throw new ResponseFormatError(`${service.name} has no operation "${operation}"`, { operation });
  const c: Ctx = new Ctx(plan, operation, false, { unknownProperties: 'error', ...options });
  const wrapper = op.input.body;
  let out: Record<string, unknown> = {};
  switch (mapping.body) {
    case 'none':
      break;
    case 'entity': {
      const f = wrapper.byName.get(mapping.entityField ?? '');
      if (f === undefined) throw new TypeError(`REST mapping of ${operation}: entity field ${mapping.entityField ?? ''} is not an input field`);
      if (json !== undefined) {
        c.path.push(f.name);
        out[f.name] = decodeMember(c, f, json);
        c.path.pop();
      }
      break;
    }
    case 'request':
      if (json !== undefined && json !== null) out = decodeComplex(c, wrapper, json);
      break;
  }
  for (const q of mapping.query) {
    const f = wrapper.byName.get(q.field);
    if (f === undefined) throw new TypeError(`REST mapping of ${operation}: query parameter ${q.name} names unknown field ${q.field}`);
    const text = query.get(q.name);
    c.path.push(q.name);
    if (text === null) c.fail(`the query parameter ${q.name} is required`);
    const t = f.type;
    if (t.k !== K_SCALAR) c.fail(`${q.field} is not a simple value`);
    try {
      out[f.name] = t.codec.parse(t.codec.collapse ? collapse(text) : text, c.naiveLocal);
    } catch (e) {
      if (e instanceof ValueError) c.fail(e.message);
      throw e;
    }
    c.path.pop();
  }
  return out;
}

/**
 * The JSON body of a REST response from the output wrapper's children: `undefined` means "no
 * body" (204: an operation without output, or a `null` result, as ASP.NET answers it).
 * Throws `RequestValidationError` when a value does not fit its type.
 */
export function encodeRestResponse(service: ServiceDescriptor, operation: string, body: Record<string, unknown>, options: RestJsonOptions = {}): { json: unknown } | undefined {
  const plan = servicePlan(service);
  const op = plan.operations.get(operation);
  if (op === undefined) throw new RequestValidationError(`${service.name} has no operation "${operation}"`, { operation, path: '' });
  const c: Ctx = new Ctx(plan, operation, true, options);
  const fields = op.output.body.fields;
  if (fields.length === 0) return undefined;
  if (fields.length === 1 && fields[0].name === 'Response') {
    const v = body.Response;
    if (v === undefined || v === null) return undefined;
    c.path.push('Response');
    return { json: encodeMember(c, fields[0], v) };
  }
  const out: Record<string, unknown> = {};
  encodeFields(c, op.output.body, body, out);
  return { json: out };
}
