/**
 * Precompiled plans: the service descriptor turned once into linked, lookup-ready structures
 * (fields with the base chain flattened, element maps by local name, resolved namespaces and
 * prefixes, scalar codecs) that the encoder and decoder walk. Cached in a WeakMap keyed by the
 * descriptor object, so a descriptor is compiled once per process and may be garbage collected.
 */
import type { FieldDescriptor, HeaderDescriptor, ParticleDescriptor, ServiceDescriptor, TypeDescriptor, WrapperDescriptor } from './descriptor.js';
import { scalarCodec, type ScalarCodec } from './values.js';

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
  /** Base fields first, then own fields, in schema order. */
  fields: ElementPlan[];
  /** Fields by wire (local) name. */
  byName: Map<string, ElementPlan>;
  /** Position in `fields` by wire name (the decoder expects the next field in schema order first). */
  indexByName: Map<string, number>;
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

export type NamedPlan = EnumPlan | FlagsPlan | ComplexPlan | ArrayPlan | DictPlan | (ScalarPlan & { readonly named: NamedInfo });
export type ValuePlan = ScalarPlan | EnumPlan | FlagsPlan | ComplexPlan | ArrayPlan | DictPlan | AnyPlan;

/** One element: a field, an array item, a dictionary entry/key/value, a header block. */
export interface ElementPlan {
  readonly name: string;
  readonly ns: string;
  /** `prefix:name` as the writer writes it. */
  readonly qname: string;
  readonly optional: boolean;
  readonly nillable: boolean;
  readonly repeated: boolean;
  /** The name is an `Object.prototype` member (`constructor`, `__proto__`…): read and write it as an own property only. */
  readonly proto: boolean;
  /** Id of `ns` in `ServicePlan.namespaces` (the writer marks it used). */
  readonly nsId: number;
  /** Precomputed tags: `<p:n>`, `</p:n>`, `<p:n/>`, `<p:n xsi:nil="true"/>`. */
  readonly open: string;
  readonly close: string;
  readonly empty: string;
  readonly nil: string;
  type: ValuePlan;
}

export interface HeaderPlan extends ElementPlan {
  /** Part name (key of `ServiceDescriptor.headers`, key of the decoded headers object). */
  readonly part: string;
}

export interface WrapperPlan {
  readonly element: string;
  readonly ns: string;
  readonly qname: string;
  /** The wrapper as an element (tags, namespace id). */
  readonly el: ElementPlan;
  /** The wrapper's sequence as a complex plan (named after the element). */
  readonly body: ComplexPlan;
}

export interface OperationPlan {
  readonly name: string;
  readonly input: WrapperPlan;
  readonly output: WrapperPlan;
  readonly inputHeaders: readonly HeaderPlan[];
  readonly outputHeaders: readonly HeaderPlan[];
}

export interface ServicePlan {
  readonly service: ServiceDescriptor;
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

function indexFields(p: ComplexPlan): void {
  p.fields.forEach((f, i) => {
    p.byName.set(f.name, f);
    p.indexByName.set(f.name, i);
  });
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
      p = ns === sns ? 'ns' : (FIXED_PREFIXES[ns] ?? `ns${nextPrefix++}`);
      prefixes.set(ns, p);
      nsIds.set(ns, namespaces.length);
      namespaces.push([ns, p]);
    }
    return p;
  };
  // Declaration order on the Envelope: s, the service namespace, arr, xsi, xs, ser, then the others.
  prefixOf(NS_SOAP11);
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
    const named: NamedInfo = { tsName, xsdName: d.name, ns, xsiType: `${prefixOf(ns)}:${d.name}`, nsId: nsIds.get(ns)! };
    let p: NamedPlan;
    switch (d.kind) {
      case 'complex':
        p = { k: K_COMPLEX, named, abstract: d.abstract === true, base: undefined, fields: [], byName: new Map(), indexByName: new Map() };
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
  const element = (name: string, ns: string, type: ValuePlan, f: { optional?: boolean; nillable?: boolean; repeated?: boolean }): ElementPlan => {
    const qname = `${prefixOf(ns)}:${name}`;
    return {
      name,
      ns,
      qname,
      optional: f.optional === true,
      nillable: f.nillable === true,
      repeated: f.repeated === true,
      proto: name in Object.prototype,
      nsId: nsIds.get(ns)!,
      open: `<${qname}>`,
      close: `</${qname}>`,
      empty: `<${qname}/>`,
      nil: `<${qname} xsi:nil="true"/>`,
      type,
    };
  };
  const field = (f: FieldDescriptor, ownerNs: string, where: string): ElementPlan => element(f.name, f.ns ?? ownerNs, resolve(f.type, `${where}.${f.name}`), f);

  // Phase 2: fill in the shells.
  const ownFields = new Map<ComplexPlan, ElementPlan[]>();
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
      ownFields.set(p, elementFields(d.fields, `${service.name}: ${tsName}`).map((f) => field(f, ns, tsName)));
    } else if (d.kind === 'array' && p.k === K_ARRAY) {
      p.item = element(d.item.name, d.item.ns ?? ns, resolve(d.item.type, `${tsName} item`), { nillable: d.item.nillable, repeated: true, optional: true });
    } else if (d.kind === 'dictionary' && p.k === K_DICT) {
      p.key = element(d.key.name, ns, resolve(d.key.type, `${tsName}.${d.key.name}`), { nillable: d.key.nillable });
      p.value = element(d.value.name, ns, resolve(d.value.type, `${tsName}.${d.value.name}`), { nillable: d.value.nillable });
      p.entry = element(d.entry, ns, ANY, { repeated: true, optional: true });
    }
  }
  // Phase 3: flatten base chains (base fields first).
  const flat = (p: ComplexPlan, seen: Set<ComplexPlan>): ElementPlan[] => {
    if (seen.has(p)) throw new DescriptorError(`${service.name}: circular base chain at ${p.named.tsName}`);
    seen.add(p);
    const own = ownFields.get(p) ?? [];
    return p.base === undefined ? own : [...flat(p.base, seen), ...own];
  };
  for (const p of types.values()) {
    if (p.k !== K_COMPLEX) continue;
    p.fields = flat(p, new Set());
    indexFields(p);
  }

  const wrapper = (w: WrapperDescriptor, opName: string): WrapperPlan => {
    const ns = w.ns ?? sns;
    const body: ComplexPlan = {
      k: K_COMPLEX,
      named: { tsName: w.element, xsdName: w.element, ns, xsiType: `${prefixOf(ns)}:${w.element}`, nsId: nsIds.get(ns)! },
      abstract: false,
      base: undefined,
      fields: elementFields(w.fields, `${service.name}: ${opName} ${w.element}`).map((f) => field(f, ns, `${opName} ${w.element}`)),
      byName: new Map(),
      indexByName: new Map(),
    };
    indexFields(body);
    return { element: w.element, ns, qname: `${prefixOf(ns)}:${w.element}`, el: element(w.element, ns, body, {}), body };
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
    });
  }
  return { service, prefixes, nsIds, namespaces, declarations: new Map(), types, byQName, byXsdName, operations, headersByElement };
}
