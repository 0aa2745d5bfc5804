/**
 * Precompiled plans: the service descriptor turned once into linked, lookup-ready structures
 * (fields with the base chain flattened, element maps by local name, resolved namespaces and
 * prefixes, scalar codecs) that the encoder and decoder walk. Cached in a WeakMap keyed by the
 * descriptor object, so a descriptor is compiled once per process and may be garbage collected.
 */
import type {
  AttributeDescriptor,
  FieldDescriptor,
  HeaderDescriptor,
  ParticleDescriptor,
  ServiceDescriptor,
  TypeDescriptor,
  WildcardDescriptor,
  WrapperDescriptor,
} from './descriptor.js';
import { describe, scalarCodec, type ScalarCodec } from './values.js';
import type { FieldStore } from './field-store.js';

export const NS_SOAP11 = 'http://schemas.xmlsoap.org/soap/envelope/';
export const NS_SOAP12 = 'http://www.w3.org/2003/05/soap-envelope';
export const NS_XSI = 'http://www.w3.org/2001/XMLSchema-instance';
export const NS_XSD = 'http://www.w3.org/2001/XMLSchema';
export const NS_ARRAYS = 'http://schemas.microsoft.com/2003/10/Serialization/Arrays';
export const NS_SER = 'http://schemas.microsoft.com/2003/10/Serialization/';
export const NS_XML = 'http://www.w3.org/XML/1998/namespace';

/** Prefixes the writer uses for well-known namespaces (`s` is the envelope's). */
const FIXED_PREFIXES: Readonly<Record<string, string>> = {
  [NS_SOAP11]: 's',
  [NS_SOAP12]: 's',
  [NS_XSI]: 'xsi',
  [NS_XSD]: 'xs',
  [NS_ARRAYS]: 'arr',
  [NS_SER]: 'ser',
};

export const K_SCALAR = 0;
export const K_ENUM = 1;
export const K_FLAGS = 2;
export const K_COMPLEX = 3;
export const K_ARRAY = 4;
export const K_DICT = 5;
export const K_ANY = 6;
export const K_LIST = 7;

/** Member kinds of a complex type's content (`ElementPlan.m`, `GroupPlan.m`). */
export const M_ELEMENT = 0;
export const M_GROUP = 1;
export const M_WILDCARD = 2;

/** Identity of a named (schema-declared) type. */
export interface NamedInfo {
  /** Key in `ServiceDescriptor.types`. */
  readonly tsName: string;
  /** XSD type name (`xsi:type` local part, `$type` value). */
  readonly xsdName: string;
  readonly ns: string;
  /** `prefix:xsdName` for `xsi:type`. */
  readonly xsiType: string;
  /** Id of `ns` in `ServicePlan.namespaces`. */
  readonly nsId: number;
}

export interface ScalarPlan {
  readonly k: typeof K_SCALAR;
  readonly codec: ScalarCodec;
  /** Set for an alias (a named simple type restricting a builtin). */
  readonly named: NamedInfo | undefined;
}
export interface EnumPlan {
  readonly k: typeof K_ENUM;
  readonly named: NamedInfo;
  /** Values mapped to themselves (the decoder returns the descriptor's string, not a copy of the wire's). */
  readonly values: ReadonlyMap<string, string>;
}
export interface FlagsPlan {
  readonly k: typeof K_FLAGS;
  readonly named: NamedInfo;
  readonly values: ReadonlyMap<string, string>;
}
export interface ComplexPlan {
  readonly k: typeof K_COMPLEX;
  readonly named: NamedInfo;
  readonly abstract: boolean;
  readonly base: ComplexPlan | undefined;
  /**
   * The elements the decoder matches, base first, in schema order: the members with the elements of
   * repeated groups inlined (each knows its `group`) and wildcards (`m === M_WILDCARD`, name `''`).
   */
  fields: ElementPlan[];
  /** What the encoder writes, in order: elements, wildcards and repeated groups (the same array as `fields` when there are no groups). */
  members: (ElementPlan | GroupPlan)[];
  /** Element and wildcard members by JS property (`key`). */
  byName: Map<string, ElementPlan>;
  /** Position in `fields` by wire name, the first of that name (the decoder expects the next field in schema order first). */
  indexByName: Map<string, number>;
  /** JS properties beside `byName` (groups, attributes, `$attributes`, `$value`); undefined when there are none. */
  extraKeys: Set<string> | undefined;
  /** Attributes, base first; undefined when the type has none and no `xs:anyAttribute`. */
  attrs: AttrPlan[] | undefined;
  /** Attributes by `local`, or `{ns}local` when qualified. */
  attrByName: Map<string, AttrPlan> | undefined;
  /** `xs:anyAttribute`: others kept in `$attributes`. */
  anyAttribute: boolean;
  /** `xs:simpleContent`: the type of `$value`. */
  text: ValuePlan | undefined;
  /** Positions of wildcards in `fields` (undefined: none). */
  wildcards: number[] | undefined;
  /** Some element belongs to a single `xs:choice` (the encoder checks exclusivity). */
  hasChoice: boolean;
  /** Two elements share a wire name (the decoder then looks past the first). */
  dupNames: boolean;
  /**
   * Makes the decoder's empty object for a value of this type: a plain object (its prototype is
   * `Object.prototype`, as `{}`'s) whose size V8 fits to the fields this type's values get (in-object
   * slack tracking, one constructor per type), where `{}` has four in-object slots and keeps the
   * other fields in a separate array.
   */
  readonly Value: new () => Record<string, unknown>;
}

/** A repeated `xs:sequence`/`xs:choice`: an array of occurrence objects under `key`. */
export interface GroupPlan {
  readonly m: typeof M_GROUP;
  readonly key: string;
  readonly choice: boolean;
  readonly optional: boolean;
  readonly proto: boolean;
  /** The members of one occurrence (elements and wildcards), in schema order. */
  readonly members: ElementPlan[];
  /** Members by JS property. */
  readonly byKey: Map<string, ElementPlan>;
}

/** An attribute of a complex type. */
export interface AttrPlan {
  readonly name: string;
  /** `''` = no namespace. */
  readonly ns: string;
  readonly key: string;
  /** `local` or `{ns}local` (the decoder's lookup key). */
  readonly id: string;
  /** `name` or `prefix:name` as written. */
  readonly qname: string;
  /** Id of `ns` in `ServicePlan.namespaces`, -1 for no namespace or the `xml` namespace. */
  readonly nsId: number;
  readonly required: boolean;
  readonly proto: boolean;
  type: ValuePlan;
}
export interface ArrayPlan {
  readonly k: typeof K_ARRAY;
  readonly named: NamedInfo;
  item: ElementPlan;
}
export interface DictPlan {
  readonly k: typeof K_DICT;
  readonly named: NamedInfo;
  entry: ElementPlan;
  key: ElementPlan;
  value: ElementPlan;
}
export interface AnyPlan {
  readonly k: typeof K_ANY;
}
/** An `xs:list` of a simple type (not an enumeration): space-separated items, a JS array. */
export interface ListPlan {
  readonly k: typeof K_LIST;
  readonly named: NamedInfo;
  item: ValuePlan;
}

export type NamedPlan = EnumPlan | FlagsPlan | ComplexPlan | ArrayPlan | DictPlan | ListPlan | (ScalarPlan & { readonly named: NamedInfo });
export type ValuePlan = ScalarPlan | EnumPlan | FlagsPlan | ComplexPlan | ArrayPlan | DictPlan | AnyPlan | ListPlan;

/** One element: a field, an array item, a dictionary entry/key/value, a header block. */
export interface ElementPlan {
  /** `M_ELEMENT`, or `M_WILDCARD` for an `xs:any` (then `name` is `''` and `type` is xs:anyType). */
  readonly m: typeof M_ELEMENT | typeof M_WILDCARD;
  readonly name: string;
  /** The JS property (the wire name unless the descriptor gives `key`). */
  readonly key: string;
  /** `''` = an unqualified element (no prefix). */
  readonly ns: string;
  /** `prefix:name` as the writer writes it. */
  readonly qname: string;
  readonly optional: boolean;
  readonly nillable: boolean;
  readonly repeated: boolean;
  /** The key is an `Object.prototype` member (`constructor`, `__proto__`…): read and write it as an own property only. */
  readonly proto: boolean;
  /** Single `xs:choice` number (-1: not in a choice) and the alternative within it. */
  readonly choice: number;
  readonly alternative: number;
  /** A member of a choice alternative that is required once that alternative is present (descriptor: no `optional`). */
  readonly altRequired: boolean;
  /** The repeated group this element belongs to, and its position among the group's members. */
  readonly group: GroupPlan | undefined;
  readonly gpos: number;
  /** Id of `ns` in `ServicePlan.namespaces` (the writer marks it used). */
  readonly nsId: number;
  /** Precomputed tags: `<p:n>`, `</p:n>`, `<p:n/>`, `<p:n xsi:nil="true"/>`. */
  readonly open: string;
  readonly close: string;
  readonly empty: string;
  readonly nil: string;
  type: ValuePlan;
  /** The decoder's store of `key` (field-store.ts), made once the field is hot (undefined until then and for `proto` keys), and how many values it stored before. */
  store: FieldStore | undefined;
  stores: number;
  /**
   * The decoder's fast paths (decode.ts `expectation`): whether an occurrence without attributes can
   * be read whole from its text, or opened as the structured value expected (`LEAF_*`, found at
   * first use: `type` is set after the plan is made for recursive types), and what it is expected
   * as after the last prefix seen (`p:Name`, or `p:Name>` for a start tag).
   */
  leafKind: number;
  leafPrefix: string | undefined;
  leafColon: boolean;
  leafTag: string;
}

/** `ElementPlan.leafKind`: not known yet, a leaf (a simple value read from text alone), neither, a structured value (its start tag expected). */
export const LEAF_UNKNOWN = 0;
export const LEAF_YES = 1;
export const LEAF_NO = 2;
export const LEAF_OPEN = 3;

export interface HeaderPlan extends ElementPlan {
  /** Part name (key of `ServiceDescriptor.headers`, key of the decoded headers object). */
  readonly part: string;
}

export interface WrapperPlan {
  /** A bare body (`WrapperDescriptor.type`): the element `el` is a value of its type, not a wrapper of `body`. */
  readonly bare: boolean;
  readonly element: string;
  readonly ns: string;
  readonly qname: string;
  /** The wrapper as an element (tags, namespace id). */
  readonly el: ElementPlan;
  /** The wrapper's sequence as a complex plan (named after the element). */
  readonly body: ComplexPlan;
  /** The encoder's compiled envelopes for this wrapper and the header plans they were made for (compiled-encoder.ts `MadeEncoder`: `run` writes, `general` takes any shape; `wait` calls until the next try at a shaped one, 0 for none), made once the wrapper is used often. */
  encoder: { readonly headers: readonly HeaderPlan[]; run: unknown; readonly general: unknown; wait: number; tries: number } | undefined;
  /** Envelopes written before the encoder is compiled (it is compiled once the wrapper is used often). */
  encodes: number;
}

/** A declared fault (`wsdl:fault`): its detail element. */
export interface FaultPlan extends ElementPlan {
  /** The `wsdl:fault` name. */
  readonly fault: string;
}

export interface OperationPlan {
  readonly name: string;
  readonly input: WrapperPlan;
  readonly output: WrapperPlan;
  readonly inputHeaders: readonly HeaderPlan[];
  readonly outputHeaders: readonly HeaderPlan[];
  /** The declared faults' detail elements. */
  readonly faults: readonly FaultPlan[];
  /** One-way: no response is decoded (only a Fault). */
  readonly oneWay: boolean;
}

export interface ServicePlan {
  readonly service: ServiceDescriptor;
  /** The envelope namespace of the service's SOAP version (prefix `s`). */
  readonly soapNs: string;
  /** Writer prefix by namespace URI. */
  readonly prefixes: ReadonlyMap<string, string>;
  /** Namespace id by URI (ids index `namespaces`; the order is the order declarations are written in). */
  readonly nsIds: ReadonlyMap<string, number>;
  /** `[uri, prefix]` by namespace id. */
  readonly namespaces: readonly (readonly [string, string])[];
  /** Cache of the Envelope's namespace declarations by the bit mask of used namespace ids. */
  readonly declarations: Map<number, string>;
  /** Named types by TS name. */
  readonly types: ReadonlyMap<string, NamedPlan>;
  /** Named types by `ns + ' ' + xsdName` (for `xsi:type`). */
  readonly byQName: ReadonlyMap<string, NamedPlan>;
  /** Named types by XSD name (for `$type`; a name used in two namespaces lists both). */
  readonly byXsdName: ReadonlyMap<string, readonly NamedPlan[]>;
  readonly operations: ReadonlyMap<string, OperationPlan>;
  /** Header plans by element local name (for decoding header blocks of any operation). */
  readonly headersByElement: ReadonlyMap<string, HeaderPlan>;
}

export const ANY: AnyPlan = { k: K_ANY };

const scalarPlans = new Map<string, ScalarPlan>();

/** The plan of a builtin scalar (`xs:int`), or undefined. */
export function builtinPlan(name: string): ScalarPlan | AnyPlan | undefined {
  if (name === 'xs:anyType') return ANY;
  let p = scalarPlans.get(name);
  if (p === undefined) {
    const codec = scalarCodec(name);
    if (codec === undefined) return undefined;
    p = { k: K_SCALAR, codec, named: undefined };
    scalarPlans.set(name, p);
  }
  return p;
}

/** The builtin type name (`xs:int`, `ser:guid`) of an `xsi:type` QName already resolved to (ns, local). */
export function builtinNameOf(ns: string, local: string): string | undefined {
  if (ns === NS_XSD) return `xs:${local}`;
  if (ns === NS_SER) return `ser:${local}`;
  return undefined;
}

/** Whether `sub` is `base` or derives from it through `xs:extension`. */
export function derivesFrom(sub: ComplexPlan, base: ComplexPlan): boolean {
  for (let p: ComplexPlan | undefined = sub; p !== undefined; p = p.base) if (p === base) return true;
  return false;
}

/** What a value's `$type` selects for a value declared as `declared` (the encoders): a type to write, or why not (reported on `path`). */
export type TypeChoice = { readonly type: ComplexPlan; readonly derived: boolean } | { readonly problem: string; readonly path: '$type' | undefined };

/** The type a value declared as `declared` is written as: `declared` (no `$type`, or its own name) or the derived type `$type` names; never an abstract one. */
export function chooseType(plan: ServicePlan, declared: ComplexPlan, t: unknown): TypeChoice {
  let type = declared;
  if (t !== undefined) {
    if (typeof t !== 'string') return { problem: `$type must be a string, got ${describe(t)}`, path: '$type' };
    if (t !== declared.named.xsdName && t !== declared.named.tsName) {
      const sub = findDerived(plan, t, declared);
      if (sub === undefined) return { problem: `$type "${t}" is not ${declared.named.xsdName} or a type derived from it`, path: '$type' };
      type = sub;
    }
  }
  if (type.abstract) return { problem: `${type.named.xsdName} is abstract: give $type of a derived type`, path: undefined };
  return { type, derived: type !== declared };
}

/** The complex type a `$type`/`xsi:type` value `t` names (XSD name, or TS name) if it derives from `declared`. */
export function findDerived(plan: ServicePlan, t: string, declared: ComplexPlan): ComplexPlan | undefined {
  for (const c of plan.byXsdName.get(t) ?? []) if (c.k === K_COMPLEX && derivesFrom(c, declared)) return c;
  const byTs = plan.types.get(t);
  if (byTs !== undefined && byTs.k === K_COMPLEX && derivesFrom(byTs, declared)) return byTs;
  return undefined;
}

const cache = new WeakMap<ServiceDescriptor, ServicePlan>();

/** The compiled plan of a service descriptor (built once, cached by descriptor identity). */
export function servicePlan(service: ServiceDescriptor): ServicePlan {
  let plan = cache.get(service);
  if (plan === undefined) {
    plan = compile(service);
    cache.set(service, plan);
  }
  return plan;
}

function emptyComplex(named: NamedInfo, abstract: boolean): ComplexPlan {
  return {
    k: K_COMPLEX,
    named,
    abstract,
    base: undefined,
    fields: [],
    members: [],
    byName: new Map(),
    indexByName: new Map(),
    extraKeys: undefined,
    attrs: undefined,
    attrByName: undefined,
    anyAttribute: false,
    text: undefined,
    wildcards: undefined,
    hasChoice: false,
    dupNames: false,
    Value: plainObjectConstructor(),
  };
}

/** A constructor of plain objects (see `ComplexPlan.Value`). */
function plainObjectConstructor(): new () => Record<string, unknown> {
  const Value = function (): void {} as unknown as new () => Record<string, unknown>;
  Value.prototype = Object.prototype;
  return Value;
}

/** Derive the lookup structures of a complex plan from its `members` (and `attrs`, `text`). */
function indexFields(p: ComplexPlan): void {
  const extra = new Set<string>();
  const fields: ElementPlan[] = [];
  let groups = false;
  for (const m of p.members) {
    if (m.m === M_GROUP) {
      groups = true;
      extra.add(m.key);
      fields.push(...m.members);
    } else {
      fields.push(m);
      p.byName.set(m.key, m);
      if (m.choice >= 0) p.hasChoice = true;
    }
  }
  p.fields = groups ? fields : (p.members as ElementPlan[]);
  fields.forEach((f, i) => {
    if (f.m === M_WILDCARD) (p.wildcards ??= []).push(i);
    else if (p.indexByName.has(f.name)) p.dupNames = true;
    else p.indexByName.set(f.name, i);
  });
  if (p.attrs !== undefined) {
    p.attrByName = new Map(p.attrs.map((a) => [a.id, a]));
    for (const a of p.attrs) extra.add(a.key);
    if (p.anyAttribute) extra.add('$attributes');
  }
  if (p.text !== undefined) extra.add('$value');
  if (extra.size > 0) p.extraKeys = extra;
}

/** A descriptor the runtime cannot use (unknown type, circular base chain, unsupported shape). */
export class DescriptorError extends TypeError {
  override readonly name = 'DescriptorError';
}

/** Whether a particle is an element (not a repeated group or a wildcard). */
export function isElement(p: ParticleDescriptor): p is FieldDescriptor {
  return p.kind === undefined;
}

/**
 * The particles as elements, for modules that only know element sequences (the Services88 shapes:
 * REST mapping, simulator): a group or wildcard is a `DescriptorError` naming `where`.
 */
export function elementFields(particles: readonly ParticleDescriptor[], where: string): readonly FieldDescriptor[] {
  for (const p of particles) {
    if (!isElement(p)) throw new DescriptorError(`${where}: ${p.kind === 'group' ? 'a repeated xs:sequence/xs:choice' : 'xs:any'} (${p.key}) is not supported here`);
  }
  return particles as readonly FieldDescriptor[];
}

function compile(service: ServiceDescriptor): ServicePlan {
  if (service === null || typeof service !== 'object' || typeof service.namespace !== 'string' || service.types === undefined) {
    throw new DescriptorError('not a service descriptor');
  }
  const sns = service.namespace;
  const prefixes = new Map<string, string>();
  const nsIds = new Map<string, number>();
  const namespaces: [string, string][] = [];
  let nextPrefix = 1;
  const prefixOf = (ns: string): string => {
    let p = prefixes.get(ns);
    if (p === undefined) {
      // No namespace: no prefix (and never a declaration; the envelope sets no default namespace).
      p = ns === '' ? '' : ns === sns ? 'ns' : (FIXED_PREFIXES[ns] ?? `ns${nextPrefix++}`);
      prefixes.set(ns, p);
      nsIds.set(ns, namespaces.length);
      namespaces.push([ns, p]);
    }
    return p;
  };
  const qualify = (ns: string, name: string): string => {
    const p = prefixOf(ns);
    return p === '' ? name : `${p}:${name}`;
  };
  // Declaration order on the Envelope: s, the service namespace, arr, xsi, xs, ser, then the others.
  const soapNs = service.soapVersion === '1.2' ? NS_SOAP12 : NS_SOAP11;
  prefixOf(soapNs);
  prefixOf(sns);
  for (const ns of [NS_ARRAYS, NS_XSI, NS_XSD, NS_SER]) prefixOf(ns);

  const types = new Map<string, NamedPlan>();
  const byQName = new Map<string, NamedPlan>();
  const byXsdName = new Map<string, NamedPlan[]>();
  const descs = service.types;
  const typeNames = Object.keys(descs);

  // Phase 1: a shell per named type (so that recursive references resolve).
  for (const tsName of typeNames) {
    const d: TypeDescriptor = descs[tsName];
    const ns = d.ns ?? sns;
    const named: NamedInfo = { tsName, xsdName: d.name, ns, xsiType: qualify(ns, d.name), nsId: nsIds.get(ns)! };
    let p: NamedPlan;
    switch (d.kind) {
      case 'complex':
        p = emptyComplex(named, d.abstract === true);
        break;
      case 'enum':
        p = { k: K_ENUM, named, values: new Map(d.values.map((v) => [v, v])) };
        break;
      case 'flags':
        p = { k: K_FLAGS, named, values: new Map(d.values.map((v) => [v, v])) };
        break;
      case 'array':
        p = { k: K_ARRAY, named, item: undefined as unknown as ElementPlan };
        break;
      case 'dictionary':
        p = { k: K_DICT, named, entry: undefined as unknown as ElementPlan, key: undefined as unknown as ElementPlan, value: undefined as unknown as ElementPlan };
        break;
      case 'list':
        p = { k: K_LIST, named, item: ANY };
        break;
      case 'alias': {
        const b = builtinPlan(d.base);
        if (b === undefined || b.k !== K_SCALAR) throw new DescriptorError(`${service.name}: alias ${tsName} restricts unknown builtin "${d.base}"`);
        p = { k: K_SCALAR, codec: b.codec, named };
        break;
      }
      default:
        throw new DescriptorError(`${service.name}: type ${tsName} has unknown kind "${(d as { kind: string }).kind}"`);
    }
    types.set(tsName, p);
    byQName.set(`${ns} ${d.name}`, p);
    const list = byXsdName.get(d.name);
    if (list === undefined) byXsdName.set(d.name, [p]);
    else list.push(p);
  }

  const resolve = (ref: string, where: string): ValuePlan => {
    if (ref.includes(':')) {
      const b = builtinPlan(ref);
      if (b === undefined) throw new DescriptorError(`${service.name}: unknown builtin type "${ref}" (${where})`);
      return b;
    }
    const t = types.get(ref);
    if (t === undefined) throw new DescriptorError(`${service.name}: unknown type "${ref}" (${where})`);
    return t;
  };
  const element = (
    name: string,
    ns: string,
    type: ValuePlan,
    f: { optional?: boolean; nillable?: boolean; repeated?: boolean; key?: string; choice?: number; alternative?: number },
    group?: GroupPlan,
    gpos = -1,
  ): ElementPlan => {
    const qname = qualify(ns, name);
    const key = f.key ?? name;
    return {
      m: M_ELEMENT,
      name,
      key,
      ns,
      qname,
      optional: f.optional === true || f.choice !== undefined,
      altRequired: f.choice !== undefined && f.optional !== true,
      nillable: f.nillable === true,
      repeated: f.repeated === true,
      proto: key in Object.prototype,
      choice: f.choice ?? -1,
      alternative: f.alternative ?? -1,
      group,
      gpos,
      nsId: nsIds.get(ns)!,
      open: `<${qname}>`,
      close: `</${qname}>`,
      empty: `<${qname}/>`,
      nil: `<${qname} xsi:nil="true"/>`,
      type,
      store: undefined,
      stores: 0,
      leafKind: LEAF_UNKNOWN,
      leafPrefix: undefined,
      leafColon: false,
      leafTag: '',
    };
  };
  const field = (f: FieldDescriptor, ownerNs: string, where: string, group?: GroupPlan, gpos?: number): ElementPlan =>
    element(f.name, f.ns ?? ownerNs, resolve(f.type, `${where}.${f.name}`), f, group, gpos);
  const wildcard = (w: WildcardDescriptor, group?: GroupPlan, gpos = -1): ElementPlan => ({
    m: M_WILDCARD,
    name: '',
    key: w.key,
    ns: '',
    qname: '',
    optional: w.optional === true,
    nillable: false,
    repeated: w.repeated === true,
    proto: w.key in Object.prototype,
    choice: -1,
    alternative: -1,
    altRequired: false,
    group,
    gpos,
    nsId: -1,
    open: '',
    close: '',
    empty: '',
    nil: '',
    type: ANY,
    store: undefined,
    stores: 0,
    leafKind: LEAF_NO,
    leafPrefix: undefined,
    leafColon: false,
    leafTag: '',
  });
  /** A type's own particles as members (elements, wildcards, groups). */
  const particles = (list: readonly ParticleDescriptor[], ownerNs: string, where: string): (ElementPlan | GroupPlan)[] =>
    list.map((p) => {
      if (p.kind === 'any') return wildcard(p);
      if (p.kind !== 'group') return field(p, ownerNs, where);
      const g: GroupPlan = { m: M_GROUP, key: p.key, choice: p.choice === true, optional: p.optional === true, proto: p.key in Object.prototype, members: [], byKey: new Map() };
      p.fields.forEach((f, i) => {
        const el = f.kind === 'any' ? wildcard(f, g, i) : field(f, ownerNs, `${where}.${p.key}`, g, i);
        g.members.push(el);
        g.byKey.set(el.key, el);
      });
      return g;
    });
  const attribute = (a: AttributeDescriptor, where: string): AttrPlan => {
    const ns = a.ns ?? '';
    const xml = ns === NS_XML;
    return {
      name: a.name,
      ns,
      key: a.key ?? a.name,
      id: ns === '' ? a.name : `{${ns}}${a.name}`,
      qname: ns === '' ? a.name : `${xml ? 'xml' : prefixOf(ns)}:${a.name}`,
      nsId: ns === '' || xml ? -1 : nsIds.get(ns)!,
      required: a.required === true,
      proto: (a.key ?? a.name) in Object.prototype,
      type: resolve(a.type, `${where} @${a.name}`),
    };
  };

  // Phase 2: fill in the shells.
  const ownMembers = new Map<ComplexPlan, (ElementPlan | GroupPlan)[]>();
  const ownAttrs = new Map<ComplexPlan, AttrPlan[]>();
  for (const tsName of typeNames) {
    const d = descs[tsName];
    const p = types.get(tsName)!;
    const ns = d.ns ?? sns;
    if (d.kind === 'complex' && p.k === K_COMPLEX) {
      if (d.base !== undefined) {
        const b = types.get(d.base);
        if (b === undefined || b.k !== K_COMPLEX) throw new DescriptorError(`${service.name}: base "${d.base}" of ${tsName} is not a complex type`);
        (p as { base: ComplexPlan | undefined }).base = b;
      }
      ownMembers.set(p, particles(d.fields, ns, tsName));
      if (d.attributes !== undefined) ownAttrs.set(p, d.attributes.map((a) => attribute(a, tsName)));
      if (d.anyAttribute === true) p.anyAttribute = true;
      if (d.text !== undefined) p.text = resolve(d.text, `${tsName} $value`);
    } else if (d.kind === 'list' && p.k === K_LIST) {
      p.item = resolve(d.item, `${tsName} item`);
      if (p.item.k !== K_SCALAR && p.item.k !== K_ENUM) throw new DescriptorError(`${service.name}: list ${tsName} has items of "${d.item}", not a simple type`);
    } else if (d.kind === 'array' && p.k === K_ARRAY) {
      p.item = element(d.item.name, d.item.ns ?? ns, resolve(d.item.type, `${tsName} item`), { nillable: d.item.nillable, repeated: true, optional: true });
    } else if (d.kind === 'dictionary' && p.k === K_DICT) {
      p.key = element(d.key.name, ns, resolve(d.key.type, `${tsName}.${d.key.name}`), { nillable: d.key.nillable });
      p.value = element(d.value.name, ns, resolve(d.value.type, `${tsName}.${d.value.name}`), { nillable: d.value.nillable });
      p.entry = element(d.entry, ns, ANY, { repeated: true, optional: true });
    }
  }
  // Phase 3: flatten base chains (base members first).
  const chain = (p: ComplexPlan): ComplexPlan[] => {
    const out: ComplexPlan[] = [];
    for (let c: ComplexPlan | undefined = p; c !== undefined; c = c.base) {
      if (out.includes(c)) throw new DescriptorError(`${service.name}: circular base chain at ${p.named.tsName}`);
      out.unshift(c);
    }
    return out;
  };
  for (const p of types.values()) {
    if (p.k !== K_COMPLEX) continue;
    const line = chain(p);
    p.members = line.flatMap((c) => ownMembers.get(c) ?? []);
    const attrs = line.flatMap((c) => ownAttrs.get(c) ?? []);
    if (attrs.length > 0 || line.some((c) => c.anyAttribute)) {
      p.attrs = attrs;
      p.anyAttribute = line.some((c) => c.anyAttribute);
    }
    if (p.text === undefined) p.text = line.find((c) => c.text !== undefined)?.text;
    indexFields(p);
  }

  const wrapper = (w: WrapperDescriptor, opName: string): WrapperPlan => {
    const ns = w.ns ?? sns;
    const body = emptyComplex({ tsName: w.element, xsdName: w.element, ns, xsiType: qualify(ns, w.element), nsId: nsIds.get(ns)! }, false);
    body.members = particles(w.fields, ns, `${opName} ${w.element}`);
    indexFields(body);
    const bare = w.type !== undefined;
    // A bare body of xs:anyType or a simple type may be nil-free empty; its element is the value.
    const el = element(w.element, ns, bare ? resolve(w.type!, `${opName} ${w.element}`) : body, { nillable: bare });
    return { bare, element: w.element, ns, qname: qualify(ns, w.element), el, body, encoder: undefined, encodes: 0 };
  };
  const headerPlans = new Map<string, HeaderPlan>();
  const headersByElement = new Map<string, HeaderPlan>();
  for (const [part, h] of Object.entries(service.headers ?? {}) as [string, HeaderDescriptor][]) {
    const hp: HeaderPlan = { ...element(h.name, h.ns ?? sns, resolve(h.type, `header ${part}`), { nillable: h.nillable, optional: true }), part };
    headerPlans.set(part, hp);
    headersByElement.set(h.name, hp);
  }
  const header = (part: string, opName: string): HeaderPlan => {
    const h = headerPlans.get(part);
    if (h === undefined) throw new DescriptorError(`${service.name}: operation ${opName} names unknown header part "${part}"`);
    return h;
  };
  const operations = new Map<string, OperationPlan>();
  for (const [name, op] of Object.entries(service.operations)) {
    operations.set(name, {
      name,
      input: wrapper(op.input, name),
      output: wrapper(op.output, name),
      inputHeaders: op.inputHeaders.map((p) => header(p, name)),
      outputHeaders: op.outputHeaders.map((p) => header(p, name)),
      faults: (op.faults ?? []).map((f) => ({ ...element(f.element, f.ns ?? sns, resolve(f.type, `${name} fault ${f.name}`), { nillable: true }), fault: f.name })),
      oneWay: op.oneWay === true,
    });
  }
  return { service, soapNs, prefixes, nsIds, namespaces, declarations: new Map(), types, byQName, byXsdName, operations, headersByElement };
}
