/**
 * fast-check arbitraries built from a service descriptor, generically: every named type of
 * `service.types` (complex with its base chain and derived types, enum, flags, array, dictionary,
 * alias) and every builtin scalar, with a bounded depth for recursive types. Values are in the JS
 * form the codec reads and writes (DESIGN.md §4), so that `decode(encode(v))` must equal `v`.
 */
import fc from 'fast-check';
import { elementFields } from '../../src/runtime/codec/plan';
import type { ComplexTypeDescriptor, FieldDescriptor, ServiceDescriptor, TypeDescriptor, WrapperDescriptor } from '../../src/runtime/codec/descriptor';

export interface ArbitraryOptions {
  /** Nesting of structured values (complex, array, dictionary) before optional ones are left out. */
  maxDepth?: number;
  /** Items of an array, entries of a dictionary, occurrences of a repeated field. */
  maxItems?: number;
  /** Units of a string. */
  maxStringLength?: number;
}

/** One character XML 1.0 can carry, biased towards the ones that need escaping or care. */
export const xmlChar: fc.Arbitrary<string> = fc.oneof(
  { weight: 8, arbitrary: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)) },
  { weight: 3, arbitrary: fc.constantFrom('&', '<', '>', '"', "'", '\t', '\n', '\r', '\r\n', ' ', ']]>', '&amp;', '<![CDATA[', '-->', '<!DOCTYPE', '&#0;', '\u00a0', '\u0085', '\u2028') },
  { weight: 1, arbitrary: fc.integer({ min: 0x7f, max: 0xd7ff }).map((c) => String.fromCharCode(c)) },
  { weight: 1, arbitrary: fc.integer({ min: 0xe000, max: 0xfffd }).map((c) => String.fromCharCode(c)) },
  { weight: 1, arbitrary: fc.integer({ min: 0x10000, max: 0x10ffff }).map((c) => String.fromCodePoint(c)) },
);

/** Characters XML 1.0 cannot carry (as JS strings: lone surrogates are single code units). */
export const invalidXmlChar: fc.Arbitrary<string> = fc.oneof(
  fc.integer({ min: 0, max: 0x1f }).filter((c) => c !== 0x9 && c !== 0xa && c !== 0xd).map((c) => String.fromCharCode(c)),
  fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c)),
  fc.constantFrom('\ufffe', '\uffff'),
);

/** Text as element content, escaped as the decoder writes raw content (`&`, `<`, `>`, CR). */
function escapeContent(s: string): string {
  return s.replace(/[&<>\r]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : '&#13;'));
}

export function xmlString(maxLength = 12, minLength = 0): fc.Arbitrary<string> {
  return fc.string({ unit: xmlChar, minLength, maxLength });
}

const INT_RANGES: Record<string, [number, number]> = {
  'xs:byte': [-128, 127],
  'xs:unsignedByte': [0, 255],
  'xs:short': [-32768, 32767],
  'xs:unsignedShort': [0, 65535],
  'xs:int': [-2147483648, 2147483647],
  'xs:unsignedInt': [0, 4294967295],
  'xs:long': [-Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER],
  'xs:unsignedLong': [0, Number.MAX_SAFE_INTEGER],
  'ser:char': [0, 0xffff],
};

const noNegativeZero = (v: number): number => (Object.is(v, -0) ? 0 : v);

const duration: fc.Arbitrary<string> = fc
  .tuple(
    fc.boolean(),
    fc.option(fc.nat(99), { nil: undefined }),
    fc.option(fc.nat(11), { nil: undefined }),
    fc.option(fc.nat(40), { nil: undefined }),
    fc.option(fc.nat(23), { nil: undefined }),
    fc.option(fc.nat(59), { nil: undefined }),
    fc.option(fc.tuple(fc.nat(59), fc.option(fc.nat(9999999), { nil: undefined })), { nil: undefined }),
  )
  .map(([neg, y, mo, d, h, mi, s]) => {
    let date = '';
    if (y !== undefined) date += `${y}Y`;
    if (mo !== undefined) date += `${mo}M`;
    if (d !== undefined) date += `${d}D`;
    let time = '';
    if (h !== undefined) time += `${h}H`;
    if (mi !== undefined) time += `${mi}M`;
    if (s !== undefined) time += `${s[0]}${s[1] === undefined ? '' : `.${s[1]}`}S`;
    if (date === '' && time === '') time = '0S';
    return `${neg ? '-' : ''}P${date}${time ? `T${time}` : ''}`;
  });

const decimal: fc.Arbitrary<string> = fc
  .tuple(fc.constantFrom('', '-', '+'), fc.stringMatching(/^\d{1,20}$/), fc.option(fc.stringMatching(/^\d{0,12}$/), { nil: undefined }))
  .map(([s, i, f]) => `${s}${i}${f === undefined ? '' : `.${f}`}`);

/** Dates with millisecond precision over the whole range a JS Date holds. */
export const anyDate: fc.Arbitrary<Date> = fc.date({ noInvalidDate: true });

/** Builtin scalar arbitraries (JS form). */
export function builtin(type: string, maxStringLength = 12): fc.Arbitrary<unknown> {
  const range = INT_RANGES[type];
  if (range) return fc.integer({ min: range[0], max: range[1] });
  switch (type) {
    case 'xs:string':
    case 'xs:anyURI':
    case 'xs:QName':
      return xmlString(maxStringLength);
    case 'xs:boolean':
      return fc.boolean();
    case 'xs:double':
      return fc.double().map(noNegativeZero);
    case 'xs:float':
      return fc.float().map(noNegativeZero);
    case 'xs:decimal':
      return decimal;
    case 'xs:dateTime':
      return anyDate;
    case 'xs:duration':
    case 'ser:duration':
      return duration;
    case 'ser:guid':
      return fc.tuple(fc.uuid(), fc.boolean()).map(([u, upper]) => (upper ? u.toUpperCase() : u));
    case 'xs:base64Binary':
      return fc.uint8Array({ maxLength: 24 });
    case 'xs:anyType':
      return fc.oneof(
        xmlString(maxStringLength).map((v) => ({ $type: 'xs:string', $value: v })),
        fc.integer({ min: -2147483648, max: 2147483647 }).map((v) => ({ $type: 'xs:int', $value: v })),
        fc.boolean().map((v) => ({ $type: 'xs:boolean', $value: v })),
        // the raw form of untyped element content: text between child elements, escaped as the decoder keeps it
        fc.tuple(xmlString(maxStringLength, 1), xmlString(maxStringLength)).map(([a, b]) => ({
          $type: 'xs:anyType',
          $any: `<q:v xmlns:q="urn:q">${escapeContent(a)}</q:v>${b.trim() === '' ? '' : escapeContent(b)}<w/>`,
        })),
        // the raw form of content whose xsi:type the service does not know: kept with that type, text only too
        fc.tuple(fc.constantFrom('{urn:unknown}Shape', 'Bare'), xmlString(maxStringLength), fc.boolean()).map(([t, a, el]) => ({
          $type: 'xs:anyType',
          $xsiType: t,
          $any: el ? `<q:v xmlns:q="urn:q">${escapeContent(a)}</q:v>` : escapeContent(a),
        })),
      );
    default:
      throw new Error(`no arbitrary for builtin ${type}`);
  }
}

/** A dictionary key of the key's type, as the JS object key (wire text). */
function dictionaryKey(type: string, maxStringLength: number): fc.Arbitrary<string> {
  const range = INT_RANGES[type];
  if (range) return fc.integer({ min: range[0], max: range[1] }).map(String);
  if (type === 'xs:boolean') return fc.constantFrom('true', 'false');
  if (type === 'xs:dateTime') return fc.date({ min: new Date('0001-01-01T00:00:00Z'), max: new Date('9999-12-31T23:59:59.999Z'), noInvalidDate: true }).map((d) => d.toISOString());
  if (type === 'ser:guid') return fc.uuid();
  return xmlString(maxStringLength);
}

/** An object with these own entries (also `__proto__`, as the decoder builds it). */
function fromEntries(entries: readonly (readonly [string, unknown])[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of entries) Object.defineProperty(out, k, { value: v, writable: true, enumerable: true, configurable: true });
  return out;
}

export class DescriptorArbitraries {
  private readonly cache = new Map<string, fc.Arbitrary<unknown>>();
  private readonly derived = new Map<string, string[]>();
  readonly maxDepth: number;
  readonly maxItems: number;
  readonly maxStringLength: number;

  constructor(
    readonly service: ServiceDescriptor,
    options: ArbitraryOptions = {},
  ) {
    this.maxDepth = options.maxDepth ?? 4;
    this.maxItems = options.maxItems ?? 3;
    this.maxStringLength = options.maxStringLength ?? 12;
    for (const [name, t] of Object.entries(service.types)) {
      if (t.kind !== 'complex') continue;
      for (let base = t.base; base !== undefined; base = (service.types[base] as ComplexTypeDescriptor).base) {
        const list = this.derived.get(base) ?? [];
        list.push(name);
        this.derived.set(base, list);
      }
    }
  }

  type(name: string): TypeDescriptor {
    const t = this.service.types[name];
    if (!t) throw new Error(`unknown type ${name}`);
    return t;
  }

  /** Fields of a complex type, base fields first. */
  allFields(t: ComplexTypeDescriptor): FieldDescriptor[] {
    const own = elementFields(t.fields, t.name);
    return t.base ? [...this.allFields(this.type(t.base) as ComplexTypeDescriptor), ...own] : [...own];
  }

  isStructured(typeRef: string): boolean {
    const t = this.service.types[typeRef];
    return t !== undefined && (t.kind === 'complex' || t.kind === 'array' || t.kind === 'dictionary');
  }

  /** Values of `typeRef` (builtin or named) at nesting `depth`. */
  value(typeRef: string, depth = 0): fc.Arbitrary<unknown> {
    const key = `${typeRef}@${Math.min(depth, this.maxDepth + 1)}`;
    let arb = this.cache.get(key);
    if (arb === undefined) {
      arb = this.build(typeRef, depth);
      this.cache.set(key, arb);
    }
    return arb;
  }

  private build(typeRef: string, depth: number): fc.Arbitrary<unknown> {
    const t = this.service.types[typeRef];
    if (t === undefined) return builtin(typeRef, this.maxStringLength);
    switch (t.kind) {
      case 'alias':
        return builtin(t.base, this.maxStringLength);
      case 'enum':
        return fc.constantFrom(...t.values);
      case 'flags':
        return fc.array(fc.constantFrom(...t.values), { maxLength: 4 });
      case 'array': {
        if (depth >= this.maxDepth) return fc.constant([]);
        const item = this.value(t.item.type, depth + 1);
        return fc.array(t.item.nillable ? fc.option(item, { nil: null, freq: 6 }) : item, { maxLength: this.maxItems });
      }
      case 'dictionary': {
        if (depth >= this.maxDepth) return fc.constant({});
        const v = this.value(t.value.type, depth + 1);
        const entry = fc.tuple(dictionaryKey(t.key.type, this.maxStringLength), t.value.nillable ? fc.option(v, { nil: null, freq: 5 }) : v);
        return fc.uniqueArray(entry, { selector: (e) => e[0], maxLength: this.maxItems }).map(fromEntries);
      }
      case 'list':
        throw new Error(`list type ${typeRef}: no arbitrary yet`);
      case 'complex': {
        const own = t.abstract ? [] : [this.complexOf(typeRef, t, depth, false)];
        const subs = (this.derived.get(typeRef) ?? []).filter((d) => !(this.type(d) as ComplexTypeDescriptor).abstract);
        const derived = subs.map((d) => this.complexOf(d, this.type(d) as ComplexTypeDescriptor, depth, true));
        if (derived.length === 0) return own[0];
        // Mostly the declared type; now and then a derived one with $type.
        return fc.oneof(...own.map((a) => ({ weight: 4 * subs.length, arbitrary: a })), ...derived.map((a) => ({ weight: 1, arbitrary: a })));
      }
    }
  }

  private complexOf(name: string, t: ComplexTypeDescriptor, depth: number, withType: boolean): fc.Arbitrary<unknown> {
    const record = this.fields(this.allFields(t), depth);
    return withType ? record.map((r) => ({ $type: t.name, ...r })) : record;
  }

  /** A record of `fields` (optional ones may be absent; structured ones beyond maxDepth are). */
  fields(fields: readonly FieldDescriptor[], depth: number): fc.Arbitrary<Record<string, unknown>> {
    const model: Record<string, fc.Arbitrary<unknown>> = {};
    const required: string[] = [];
    for (const f of fields) {
      // Beyond maxDepth a structured field is left out (optional) or nil (nillable).
      const deep = depth >= this.maxDepth && this.isStructured(f.type) && (f.optional || f.nillable === true);
      if (deep && f.optional) continue;
      if (!f.optional) required.push(f.name);
      let one: fc.Arbitrary<unknown> = deep ? fc.constant(null) : this.value(f.type, depth + 1);
      if (f.nillable && !deep) one = fc.option(one, { nil: null, freq: 6 });
      model[f.name] = f.repeated ? fc.array(one, { minLength: f.optional ? 0 : 1, maxLength: this.maxItems }) : one;
    }
    return fc.record(model, { requiredKeys: required, noNullPrototype: true });
  }

  /** The children of a wrapper element (operation input or output). */
  wrapper(w: WrapperDescriptor): fc.Arbitrary<Record<string, unknown>> {
    return this.fields(elementFields(w.fields, w.element), 0);
  }

  /** Header values by part name for `parts` (each may be absent; nillable ones may be null). */
  headers(parts: readonly string[]): fc.Arbitrary<Record<string, unknown>> {
    const fields: FieldDescriptor[] = parts.map((p) => {
      const h = this.service.headers[p];
      return { name: p, type: h.type, optional: true, nillable: h.nillable };
    });
    return this.fields(fields, 0);
  }
}

/**
 * A service with one echo operation per named type of `base` (`Echo<Type>`: input and output
 * wrappers with one optional, nillable `Value` of that type), so that every type can be sent
 * through the codec on its own.
 */
export function echoService(base: ServiceDescriptor): ServiceDescriptor {
  const operations: Record<string, ServiceDescriptor['operations'][string]> = {};
  for (const name of Object.keys(base.types)) {
    const op = `Echo${name}`;
    operations[op] = {
      name: op,
      method: `echo${name}`,
      soapAction: `urn:reliability:echo:${name}`,
      input: { element: op, fields: [{ name: 'Value', type: name, optional: true, nillable: true }] },
      output: { element: `${op}Response`, fields: [{ name: 'Value', type: name, optional: true, nillable: true }] },
      inputHeaders: [],
      outputHeaders: [],
      safe: true,
    };
  }
  return { ...base, name: `${base.name}Echo`, operations };
}

/** A string leaf of a value with its encoder path (`ChatSessionEntity.Person.Firstname`, `Ids[3]`, `Dict["k"]`). */
export interface Leaf {
  path: string;
  /** Replace the leaf's string in place. */
  set(value: string): void;
  get(): string;
  /** A dictionary key rather than a value. */
  key: boolean;
}

/**
 * Every string leaf of `value` (declared as `fields`) with the path the encoder reports: field
 * names joined by `.`, array items and repeated occurrences `[i]`, dictionary entries `["key"]`.
 */
export function stringLeaves(arbs: DescriptorArbitraries, fields: readonly FieldDescriptor[], value: Record<string, unknown>, prefix = ''): Leaf[] {
  const out: Leaf[] = [];
  const join = (p: string, seg: string) => (seg.startsWith('[') || p === '' ? p + seg : `${p}.${seg}`);
  const walkValue = (typeRef: string, holder: Record<string | number, unknown>, k: string | number, path: string): void => {
    const v = holder[k];
    if (v === null || v === undefined) return;
    if (typeof v === 'string') {
      out.push({ path, key: false, get: () => holder[k] as string, set: (s) => (holder[k] = s) });
      return;
    }
    const t = arbs.service.types[typeRef];
    if (t === undefined || typeof v !== 'object') return;
    if (t.kind === 'array') {
      (v as unknown[]).forEach((_, i) => walkValue(t.item.type, v as unknown[] as unknown as Record<number, unknown>, i, join(path, `[${i}]`)));
    } else if (t.kind === 'dictionary') {
      const dict = v as Record<string, unknown>;
      for (const key of Object.keys(dict)) {
        const entryPath = join(path, `[${JSON.stringify(key)}]`);
        if (t.key.type === 'xs:string') {
          let current = key;
          out.push({
            path: entryPath,
            key: true,
            get: () => current,
            set: (s) => {
              const value = dict[current];
              delete dict[current];
              Object.defineProperty(dict, s, { value, writable: true, enumerable: true, configurable: true });
              current = s;
            },
          });
        }
        walkValue(t.value.type, dict, key, entryPath);
      }
    } else if (t.kind === 'complex') {
      const obj = v as Record<string, unknown>;
      const actual = typeof obj.$type === 'string' ? Object.entries(arbs.service.types).find(([, d]) => d.name === obj.$type)?.[0] ?? typeRef : typeRef;
      out.push(...stringLeaves(arbs, arbs.allFields(arbs.type(actual) as ComplexTypeDescriptor), obj, path));
    }
  };
  for (const f of fields) {
    if (!Object.prototype.hasOwnProperty.call(value, f.name)) continue;
    const path = join(prefix, f.name);
    if (f.repeated) {
      const list = value[f.name] as unknown[];
      list.forEach((_, i) => walkValue(f.type, list as unknown as Record<number, unknown>, i, join(path, `[${i}]`)));
    } else {
      walkValue(f.type, value, f.name, path);
    }
  }
  return out;
}
