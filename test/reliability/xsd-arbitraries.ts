/**
 * fast-check arbitraries for the descriptor features of issue 13: random service descriptors whose
 * types use unqualified elements, member keys, same-named elements, single choices, repeated
 * groups, xs:any, attributes (qualified, required, anyAttribute), simpleContent, xs:list and the
 * new builtins — and values of those descriptors in the JS form the codec reads and writes.
 *
 * The generated content models are unambiguous (as XSD's Unique Particle Attribution asks): element
 * names are unique within a type except for deliberate same-named required pairs, group occurrences
 * start with a required member, group members are not repeated, and a type has at most one
 * wildcard, whose elements are in a namespace of their own.
 */
import fc from 'fast-check';
import type {
  AttributeDescriptor,
  ComplexTypeDescriptor,
  FieldDescriptor,
  GroupDescriptor,
  ParticleDescriptor,
  ServiceDescriptor,
  TypeDescriptor,
  WildcardDescriptor,
} from '../../src/runtime/codec/descriptor';
import { builtin, xmlString } from './arbitraries';

export const NS = 'urn:prop';
const WILD_NS = 'urn:wild';
const ATTR_NS = 'urn:attr';

/** Simple types a generated field, attribute, list item or `$value` may have. */
const SIMPLE = [
  'xs:string', 'xs:int', 'xs:boolean', 'xs:decimal', 'xs:integer', 'xs:nonNegativeInteger', 'xs:negativeInteger',
  'xs:date', 'xs:time', 'xs:gYear', 'xs:gYearMonth', 'xs:gMonthDay', 'xs:gDay', 'xs:gMonth', 'xs:hexBinary', 'xs:token',
  'xs:NMTOKENS', 'xs:language', 'xs:NCName', 'xs:Name', 'xs:normalizedString', 'xs:anySimpleType', 'Color', 'Numbers', 'Names',
] as const;

const two = (n: number) => String(n).padStart(2, '0');
const tz = fc.constantFrom('', 'Z', '+01:00', '-14:00', '+05:30');
const year = fc.integer({ min: -9999, max: 99999 }).map((y) => (y < 0 ? `-${String(-y).padStart(4, '0')}` : String(y).padStart(4, '0')));
const ncname = fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_.-]{0,6}$/);

/** Values of the builtins the older arbitraries do not know, and of the simple types above. */
export function simpleValue(type: string): fc.Arbitrary<unknown> {
  switch (type) {
    case 'xs:integer':
      return fc.maxSafeInteger();
    case 'xs:nonNegativeInteger':
      return fc.maxSafeNat();
    case 'xs:negativeInteger':
      return fc.integer({ min: -Number.MAX_SAFE_INTEGER, max: -1 });
    case 'xs:date':
      return fc.tuple(fc.integer({ min: 1, max: 9999 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 28 }), tz).map(([y, m, d, z]) => `${String(y).padStart(4, '0')}-${two(m)}-${two(d)}${z}`);
    case 'xs:time':
      return fc.tuple(fc.nat(23), fc.nat(59), fc.nat(59), fc.option(fc.stringMatching(/^\d{1,7}$/), { nil: undefined }), tz).map(([h, m, s, f, z]) => `${two(h)}:${two(m)}:${two(s)}${f === undefined ? '' : `.${f}`}${z}`);
    case 'xs:gYear':
      return fc.tuple(year, tz).map(([y, z]) => y + z);
    case 'xs:gYearMonth':
      return fc.tuple(year, fc.integer({ min: 1, max: 12 }), tz).map(([y, m, z]) => `${y}-${two(m)}${z}`);
    case 'xs:gMonthDay':
      return fc.tuple(fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 29 }), tz).map(([m, d, z]) => `--${two(m)}-${two(d)}${z}`);
    case 'xs:gDay':
      return fc.tuple(fc.integer({ min: 1, max: 31 }), tz).map(([d, z]) => `---${two(d)}${z}`);
    case 'xs:gMonth':
      return fc.tuple(fc.integer({ min: 1, max: 12 }), tz).map(([m, z]) => `--${two(m)}${z}`);
    case 'xs:hexBinary':
      return fc.uint8Array({ maxLength: 8 });
    case 'xs:token':
      return fc.array(fc.stringMatching(/^[A-Za-z0-9&<>"'\u00e9.:-]{1,5}$/), { maxLength: 3 }).map((a) => a.join(' '));
    case 'xs:NMTOKENS':
      return fc.array(fc.stringMatching(/^[A-Za-z0-9_.:-]{1,5}$/), { minLength: 1, maxLength: 3 });
    case 'xs:language':
      return fc.constantFrom('en', 'en-GB', 'nb-NO', 'x-klingon', 'de-1996');
    case 'xs:NCName':
      return ncname;
    case 'xs:Name':
      return fc.tuple(ncname, fc.option(ncname, { nil: undefined })).map(([a, b]) => (b === undefined ? a : `${a}:${b}`));
    case 'xs:normalizedString':
      return xmlString(8).map((s) => s.replace(/[\t\r\n]/g, ' '));
    case 'xs:anySimpleType':
      return xmlString(8);
    case 'Color':
      return fc.constantFrom('red', 'green', 'blue');
    case 'Numbers':
      return fc.array(fc.integer(), { maxLength: 3 });
    case 'Names':
      return fc.array(ncname, { maxLength: 3 });
    default:
      return builtin(type, 8);
  }
}

/** The named simple types every generated service has. */
const SIMPLE_TYPES: Record<string, TypeDescriptor> = {
  Color: { kind: 'enum', name: 'Color', values: ['red', 'green', 'blue'] },
  Numbers: { kind: 'list', name: 'Numbers', item: 'xs:int' },
  Names: { kind: 'list', name: 'Names', item: 'xs:NCName' },
};

interface Shape {
  /** Element names in use in the type (unique per type unless a same-named pair is meant). */
  readonly names: Set<string>;
  wildcard: boolean;
}

const simpleType = fc.constantFrom(...SIMPLE);

/** A field (element) descriptor with a fresh name. */
function field(shape: Shape, n: number, inGroup: boolean, childTypes: readonly string[]): fc.Arbitrary<FieldDescriptor> {
  return fc
    .record({
      // xs:anyType (elements only): its values include the raw form of untyped element content
      type: fc.oneof({ weight: 8, arbitrary: simpleType }, { weight: 1, arbitrary: fc.constant('xs:anyType') }, ...(childTypes.length > 0 ? [{ weight: 2, arbitrary: fc.constantFrom(...childTypes) }] : [])),
      unqualified: fc.boolean(),
      optional: fc.boolean(),
      nillable: fc.boolean(),
      repeated: inGroup ? fc.constant(false) : fc.boolean(),
      keyed: fc.boolean(),
    })
    .map((r) => {
      const name = `E${n}`;
      shape.names.add(name);
      return {
        name,
        type: r.type,
        ...(r.unqualified ? { ns: '' } : {}),
        ...(r.keyed ? { key: `k${n}` } : {}),
        ...(r.optional ? { optional: true } : {}),
        ...(r.nillable ? { nillable: true } : {}),
        ...(r.repeated ? { repeated: true } : {}),
      };
    });
}

/** The particles of one complex type. */
function particles(childTypes: readonly string[]): fc.Arbitrary<ParticleDescriptor[]> {
  return fc
    .array(fc.constantFrom('element', 'element', 'element', 'pair', 'choice', 'group-seq', 'group-choice', 'any'), { maxLength: 6 })
    .chain((kinds) => {
      const shape: Shape = { names: new Set(), wildcard: false };
      let n = 0;
      let choices = 0;
      const parts: fc.Arbitrary<ParticleDescriptor[]>[] = kinds.map((kind) => {
        switch (kind) {
          case 'pair': {
            // two same-named required elements, told apart by position (the second gets a key)
            const name = `P${n++}`;
            return fc.tuple(simpleType, simpleType).map(([a, b]) => [{ name, type: a }, { name, type: b, key: `${name}_2` }]);
          }
          case 'choice': {
            const c = choices++;
            const alts = [0, 1, 2].map((alt) => fc.array(field(shape, n++ * 10 + alt, false, childTypes), { minLength: 1, maxLength: 2 }).map((fs) => fs.map((f, i) => ({ ...f, name: `${f.name}c${i}`, ...(f.key ? { key: `${f.key}c${i}` } : {}), choice: c, alternative: alt }))));
            return fc.tuple(...alts).map((a) => a.flat());
          }
          case 'group-seq':
          case 'group-choice': {
            const choice = kind === 'group-choice';
            const g = n++;
            const members = fc.array(field(shape, g * 10, true, []), { minLength: 1, maxLength: 3 }).map((fs) =>
              fs.map((f, i) => ({ ...f, name: `G${g}m${i}`, key: `m${i}`, ...(i === 0 || choice ? { optional: undefined } : {}) })),
            );
            return fc.tuple(members, fc.boolean()).map(([fs, optional]): ParticleDescriptor[] => {
              const group: GroupDescriptor = { kind: 'group', key: `$g${g}`, fields: fs.map(clean), ...(choice ? { choice: true } : {}), ...(optional ? { optional: true } : {}) };
              return [group];
            });
          }
          case 'any': {
            if (shape.wildcard) return fc.constant([]);
            shape.wildcard = true;
            return fc.record({ optional: fc.boolean(), repeated: fc.boolean() }).map((r): ParticleDescriptor[] => {
              const w: WildcardDescriptor = { kind: 'any', key: '$any', ...(r.optional ? { optional: true } : {}), ...(r.repeated ? { repeated: true } : {}) };
              return [w];
            });
          }
          default:
            return field(shape, n++, false, childTypes).map((f) => [f]);
        }
      });
      return parts.length === 0 ? fc.constant([]) : fc.tuple(...parts).map((ps) => ps.flat());
    });
}

/** Drop keys set to undefined (a descriptor never holds them). */
function clean<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

const attributes: fc.Arbitrary<AttributeDescriptor[]> = fc
  .array(fc.record({ type: fc.constantFrom(...SIMPLE), qualified: fc.boolean(), required: fc.boolean() }), { maxLength: 3 })
  .map((as) => as.map((a, i) => clean({ name: `a${i}`, type: a.type, ns: a.qualified ? ATTR_NS : undefined, required: a.required || undefined })));

/** A complex type: element content, or simpleContent (`text`); attributes and anyAttribute either way. */
function complexType(name: string, childTypes: readonly string[]): fc.Arbitrary<ComplexTypeDescriptor> {
  return fc.record({ simple: fc.integer({ min: 0, max: 4 }), text: simpleType, fields: particles(childTypes), attributes, anyAttribute: fc.boolean() }).map((r) =>
    clean({
      kind: 'complex' as const,
      name,
      fields: r.simple === 0 ? [] : r.fields,
      text: r.simple === 0 ? r.text : undefined,
      attributes: r.attributes.length > 0 ? r.attributes : undefined,
      anyAttribute: r.anyAttribute || undefined,
    }),
  );
}

/** A service with a root type `Root` (and a child type `Child` it may use) and one operation `Put` sending a `Root`. */
export const serviceArbitrary: fc.Arbitrary<ServiceDescriptor> = fc.tuple(complexType('Child', []), complexType('Root', ['Child'])).map(([child, root]) => ({
  name: 'Prop',
  namespace: NS,
  soapVersion: '1.1',
  headers: {},
  operations: {
    Put: {
      name: 'Put',
      method: 'put',
      soapAction: 'urn:prop/Put',
      input: { element: 'Put', fields: [{ name: 'Value', type: 'Root' }] },
      output: { element: 'PutResponse', fields: [{ name: 'Value', type: 'Root' }] },
      inputHeaders: [],
      outputHeaders: [],
      safe: false,
    },
  },
  types: { ...SIMPLE_TYPES, Child: child, Root: root },
}));

/** A standalone element for xs:any, in a namespace of its own (so that no declared field takes it). */
const rawElement: fc.Arbitrary<string> = fc
  .record({ local: ncname.map((n) => `w${n}`), text: xmlString(6), attr: fc.option(xmlString(4), { nil: undefined }), prefixed: fc.boolean() })
  .map(({ local, text, attr, prefixed }) => {
    const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\r/g, '&#13;');
    const a = attr === undefined ? '' : ` at="${esc(attr).replace(/"/g, '&quot;').replace(/\t/g, '&#9;').replace(/\n/g, '&#10;')}"`;
    const name = prefixed ? `w:${local}` : local;
    return `<${name} xmlns${prefixed ? ':w' : ''}="${WILD_NS}"${a}>${esc(text)}</${name}>`;
  });

/** Values of the types of a generated service. */
export function valueOf(service: ServiceDescriptor, type: string): fc.Arbitrary<unknown> {
  const t = service.types[type];
  if (t === undefined || t.kind !== 'complex') return simpleValue(type);
  const model: Record<string, fc.Arbitrary<unknown>> = {};
  const required: string[] = [];
  const member = (f: FieldDescriptor | WildcardDescriptor, inChoiceGroup: boolean): fc.Arbitrary<unknown> => {
    // (an empty array writes nothing and reads back as absent: absence is the key left out)
    if (f.kind === 'any') return f.repeated ? fc.array(rawElement, { minLength: 1, maxLength: 2 }) : rawElement;
    let one = valueOf(service, f.type);
    if (f.nillable && !inChoiceGroup) one = fc.option(one, { nil: null, freq: 4 });
    return f.repeated ? fc.array(one, { minLength: 1, maxLength: 2 }) : one;
  };
  const alternatives = new Map<number, Map<number, FieldDescriptor[]>>();
  for (const p of t.fields) {
    if (p.kind === 'group') {
      const occ = p.choice
        ? fc.oneof(...p.fields.map((f) => member(f, true).map((v) => ({ [(f as FieldDescriptor).key ?? (f as FieldDescriptor).name]: v }))))
        : record(p.fields as FieldDescriptor[], (f) => member(f, false));
      model[p.key] = fc.array(occ, { minLength: 1, maxLength: 3 });
      if (!p.optional) required.push(p.key);
    } else if (p.kind === 'any') {
      model[p.key] = member(p, false);
      if (!p.optional) required.push(p.key);
    } else if (p.choice !== undefined) {
      const alts = alternatives.get(p.choice) ?? new Map<number, FieldDescriptor[]>();
      alternatives.set(p.choice, alts);
      alts.set(p.alternative!, [...(alts.get(p.alternative!) ?? []), p]);
    } else {
      const key = p.key ?? p.name;
      model[key] = member(p, false);
      if (!p.optional) required.push(key);
    }
  }
  for (const a of t.attributes ?? []) {
    model[a.key ?? a.name] = simpleValue(a.type);
    if (a.required) required.push(a.key ?? a.name);
  }
  if (t.anyAttribute) model.$attributes = fc.dictionary(fc.oneof(ncname.map((n) => `z${n}`), ncname.map((n) => `{${WILD_NS}}${n}`)), xmlString(4), { minKeys: 1, maxKeys: 2, noNullPrototype: true });
  if (t.text !== undefined) {
    model.$value = simpleValue(t.text);
    required.push('$value');
  }
  const base = fc.record(model, { requiredKeys: required, noNullPrototype: true });
  if (alternatives.size === 0) return base;
  // One alternative (or none) of each single choice.
  const picks = [...alternatives.values()].map((alts) => fc.oneof(fc.constant({}), ...[...alts.values()].map((fs) => record(fs, (f) => member(f, false)))));
  return fc.tuple(base, ...picks).map(([b, ...ps]) => Object.assign({}, b, ...ps) as Record<string, unknown>);
}

function record(fields: readonly FieldDescriptor[], arb: (f: FieldDescriptor) => fc.Arbitrary<unknown>): fc.Arbitrary<Record<string, unknown>> {
  const model: Record<string, fc.Arbitrary<unknown>> = {};
  const required: string[] = [];
  for (const f of fields) {
    const key = f.key ?? f.name;
    model[key] = arb(f);
    if (!f.optional) required.push(key);
  }
  return fc.record(model, { requiredKeys: required, noNullPrototype: true });
}
