/**
 * The semantic difference of two versions of a service: what a caller (who builds requests) and a
 * reader (who reads responses) of the generated API must know when a WSDL changes. It compares the
 * descriptor data of the two versions (what `generate` writes as `model.json`) and classifies every
 * change, as oasdiff does for OpenAPI:
 * - breaking for callers: code that builds requests may no longer compile or be accepted
 *   (a request field removed, made required or non-nillable, its type changed; an operation or a
 *   request enum member removed);
 * - breaking for readers: code that reads responses may meet what it was not written for
 *   (a response field removed, its type changed, made optional or nillable; an enum used in
 *   responses gained a member an exhaustive switch does not handle; a new declared fault);
 * - breaking for both: the wire changed under both (namespace, SOAPAction, element names, SOAP version);
 * - compatible: additions a user may ignore.
 * A type used on both sides is judged for both. Data only: rendering is in render.ts.
 */
import type { ServiceData } from '../descriptors.js';

export type Impact = 'breaking-both' | 'breaking-callers' | 'breaking-readers' | 'compatible';

export interface ApiChange {
  impact: Impact;
  /** Where: `Operation`, `Operation input.Field`, `Type.Field`, `Enum`, `header Part`, `service`. */
  path: string;
  /** What happened, one line. */
  message: string;
  /** A hint that is not a classification (e.g. "possibly renamed to X"). */
  hint?: string;
}

type Side = 'input' | 'output';
type Loose = Record<string, unknown>;
/** A member of a content model, read loosely: elements, attributes, groups and wildcards alike. */
interface Member {
  key: string;
  what: 'element' | 'attribute' | 'group' | 'any';
  data: Loose;
}

export const IMPACT_ORDER: readonly Impact[] = ['breaking-both', 'breaking-callers', 'breaking-readers', 'compatible'];

/** `impact` of a change that breaks callers (`callers`) and/or readers (`readers`), given where the thing is used. */
function sided(sides: ReadonlySet<Side>, callers: boolean, readers: boolean): Impact {
  const c = callers && sides.has('input');
  const r = readers && sides.has('output');
  return c && r ? 'breaking-both' : c ? 'breaking-callers' : r ? 'breaking-readers' : 'compatible';
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

function membersOf(holder: Loose): Member[] {
  const out: Member[] = [];
  for (const f of (holder.fields as Loose[] | undefined) ?? []) {
    const kind = f.kind as string | undefined;
    const what = kind === 'group' ? 'group' : kind === 'any' ? 'any' : 'element';
    out.push({ key: String(f.key ?? f.name), what, data: f });
  }
  for (const a of (holder.attributes as Loose[] | undefined) ?? []) out.push({ key: String(a.key ?? a.name), what: 'attribute', data: a });
  return out;
}

/** Named types referenced by a type's data (fields, items, bases, attributes, …). */
function typeRefs(t: Loose): string[] {
  const refs: string[] = [];
  const visit = (v: unknown, key?: string) => {
    if (typeof v === 'string') {
      if ((key === 'type' || key === 'base' || key === 'item' || key === 'text') && !v.includes(':')) refs.push(v);
      return;
    }
    if (Array.isArray(v)) v.forEach((x) => visit(x));
    else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) visit(x, k);
  };
  for (const [k, v] of Object.entries(t)) if (k !== 'name' && k !== 'ns') visit(v, k);
  return refs;
}

/** For every named type, the sides (request/response) it can appear on, subtypes included. */
function usage(s: ServiceData): Map<string, Set<Side>> {
  const types = s.types as unknown as Record<string, Loose>;
  const sides = new Map<string, Set<Side>>();
  const subtypes = new Map<string, string[]>();
  for (const [name, t] of Object.entries(types)) {
    if (typeof t.base === 'string') subtypes.set(t.base, [...(subtypes.get(t.base) ?? []), name]);
  }
  const mark = (start: string[], side: Side) => {
    const stack = [...start];
    while (stack.length > 0) {
      const name = stack.pop()!;
      const t = types[name];
      if (t === undefined) continue;
      const set = sides.get(name) ?? new Set<Side>();
      if (set.has(side)) continue;
      set.add(side);
      sides.set(name, set);
      stack.push(...typeRefs(t), ...(subtypes.get(name) ?? []));
    }
  };
  const headers = s.headers as unknown as Record<string, Loose>;
  for (const op of Object.values(s.operations) as unknown as Loose[]) {
    const input = op.input as Loose;
    const output = op.output as Loose;
    mark([...typeRefs(input), ...((op.inputHeaders as string[]) ?? []).flatMap((h) => (headers[h] ? typeRefs(headers[h]) : []))], 'input');
    mark([...typeRefs(output), ...((op.outputHeaders as string[]) ?? []).flatMap((h) => (headers[h] ? typeRefs(headers[h]) : [])), ...((op.faults as Loose[] | undefined) ?? []).flatMap(typeRefs)], 'output');
  }
  return sides;
}

/** Compare the members of two versions of a content model (a wrapper or a complex type) used on `sides`. */
function compareMembers(path: string, before: Loose, after: Loose, sides: ReadonlySet<Side>, out: ApiChange[]): void {
  const old = new Map(membersOf(before).map((m) => [m.key, m]));
  const neu = new Map(membersOf(after).map((m) => [m.key, m]));
  for (const [key, m] of old) {
    const at = `${path}.${key}`;
    const n = neu.get(key);
    if (n === undefined) {
      out.push({ impact: sided(sides, true, true), path: at, message: `${m.what} ${key} removed` });
      continue;
    }
    compareMember(at, m, n, sides, out);
  }
  for (const [key, m] of neu) {
    if (old.has(key)) continue;
    const required = m.what === 'attribute' ? m.data.required === true : m.data.optional !== true && m.what !== 'any';
    out.push({
      impact: required ? sided(sides, true, false) : 'compatible',
      path: `${path}.${key}`,
      message: `${required ? 'required' : 'optional'} ${m.what} ${key} added`,
    });
  }
  if (before.text !== after.text) out.push({ impact: sided(sides, true, true), path: `${path}.$value`, message: `text content ${String(before.text ?? 'none')} → ${String(after.text ?? 'none')}` });
  compareOrder(path, before, after, sides, out);
}

/**
 * The order of a sequence's members both versions have. Requests are written in the new order: a
 * service still reading the old one (WCF's DataContractSerializer) drops an element met out of its
 * place without a word, so it breaks callers. Readers are not concerned (the decoder reads a
 * sequence in any order). A choice's alternatives have no order.
 */
function compareOrder(path: string, before: Loose, after: Loose, sides: ReadonlySet<Side>, out: ApiChange[]): void {
  if (before.choice || after.choice) return;
  const inSequence = (holder: Loose) => membersOf(holder).filter((m) => m.what !== 'attribute').map((m) => m.key);
  const kept = new Set(inSequence(after));
  const oldOrder = inSequence(before).filter((k) => kept.has(k));
  const common = new Set(oldOrder);
  const newOrder = inSequence(after).filter((k) => common.has(k));
  if (same(oldOrder, newOrder)) return;
  out.push({ impact: sided(sides, true, false), path, message: `element order changed (${oldOrder.join(', ')} → ${newOrder.join(', ')}): requests are written in the new order` });
}

function compareMember(at: string, m: Member, n: Member, sides: ReadonlySet<Side>, out: ApiChange[]): void {
  const a = m.data;
  const b = n.data;
  if (m.what !== n.what) {
    out.push({ impact: sided(sides, true, true), path: at, message: `${m.what} became ${n.what}` });
    return;
  }
  if (a.name !== b.name || (a.ns ?? null) !== (b.ns ?? null)) {
    out.push({ impact: sided(sides, true, true), path: at, message: `wire name {${String(a.ns ?? '')}}${String(a.name)} → {${String(b.ns ?? '')}}${String(b.name)}` });
  }
  if (a.type !== b.type) out.push({ impact: sided(sides, true, true), path: at, message: `type ${String(a.type)} → ${String(b.type)}` });
  if (m.what === 'attribute') {
    if (a.required !== b.required) {
      out.push(b.required
        ? { impact: sided(sides, true, false), path: at, message: 'attribute became required' }
        : { impact: sided(sides, false, true), path: at, message: 'attribute became optional' });
    }
    return;
  }
  if (!!a.optional !== !!b.optional) {
    out.push(b.optional
      ? { impact: sided(sides, false, true), path: at, message: 'became optional (minOccurs 0)' }
      : { impact: sided(sides, true, false), path: at, message: 'became required (minOccurs ≥ 1)' });
  }
  if (!!a.nillable !== !!b.nillable) {
    out.push(b.nillable
      ? { impact: sided(sides, false, true), path: at, message: 'became nillable' }
      : { impact: sided(sides, true, false), path: at, message: 'is no longer nillable' });
  }
  if (!!a.repeated !== !!b.repeated) out.push({ impact: sided(sides, true, true), path: at, message: b.repeated ? 'became repeated (an array)' : 'is no longer repeated' });
  if ((a.choice ?? null) !== (b.choice ?? null) || (a.alternative ?? null) !== (b.alternative ?? null)) {
    out.push({ impact: sided(sides, true, true), path: at, message: 'moved into or out of a choice' });
  }
  if (m.what === 'group') {
    if (!!a.choice !== !!b.choice) out.push({ impact: sided(sides, true, true), path: at, message: b.choice ? 'became a choice' : 'became a sequence' });
    compareMembers(at, a, b, sides, out);
  }
}

function compareValues(path: string, what: string, before: readonly string[], after: readonly string[], sides: ReadonlySet<Side>, out: ApiChange[]): void {
  for (const v of before) if (!after.includes(v)) out.push({ impact: sided(sides, true, false), path, message: `${what} ${v} removed` });
  for (const v of after) if (!before.includes(v)) out.push({ impact: sided(sides, false, true), path, message: `${what} ${v} added` });
}

function compareType(name: string, a: Loose, b: Loose, sides: ReadonlySet<Side>, out: ApiChange[]): void {
  if (a.kind !== b.kind) {
    out.push({ impact: sided(sides, true, true), path: name, message: `kind ${String(a.kind)} → ${String(b.kind)}` });
    return;
  }
  if (a.name !== b.name || (a.ns ?? null) !== (b.ns ?? null)) {
    out.push({ impact: sided(sides, true, true), path: name, message: `XSD name {${String(a.ns ?? '')}}${String(a.name)} → {${String(b.ns ?? '')}}${String(b.name)} (xsi:type)` });
  }
  switch (a.kind) {
    case 'complex':
      if (a.base !== b.base) out.push({ impact: sided(sides, true, true), path: name, message: `base ${String(a.base ?? 'none')} → ${String(b.base ?? 'none')}` });
      if (!a.abstract && b.abstract) out.push({ impact: sided(sides, true, false), path: name, message: 'became abstract' });
      compareMembers(name, a, b, sides, out);
      return;
    case 'enum':
      return compareValues(name, 'enum member', a.values as string[], b.values as string[], sides, out);
    case 'flags':
      return compareValues(name, 'flag', a.values as string[], b.values as string[], sides, out);
    default:
      // array, dictionary, alias, list: any change of their item/key/value/base is a change of type
      if (!same({ ...a, name: 0, ns: 0 }, { ...b, name: 0, ns: 0 })) out.push({ impact: sided(sides, true, true), path: name, message: `${String(a.kind)} changed: ${JSON.stringify(a)} → ${JSON.stringify(b)}` });
  }
}

/** The shape of an operation, for "possibly renamed" hints. */
const shape = (op: Loose) => JSON.stringify([(op.input as Loose).fields, (op.output as Loose).fields, (op.input as Loose).type, (op.output as Loose).type]);

function compareOperation(name: string, a: Loose, b: Loose, before: ServiceData, after: ServiceData, out: ApiChange[]): void {
  if (a.soapAction !== b.soapAction) out.push({ impact: 'breaking-both', path: name, message: `SOAPAction ${String(a.soapAction)} → ${String(b.soapAction)}` });
  if (!!a.oneWay !== !!b.oneWay) out.push({ impact: 'breaking-both', path: name, message: b.oneWay ? 'became one-way' : 'is no longer one-way' });
  if ((a.style ?? 'document') !== (b.style ?? 'document')) out.push({ impact: 'breaking-both', path: name, message: `style ${String(a.style ?? 'document')} → ${String(b.style ?? 'document')}` });
  for (const side of ['input', 'output'] as const) {
    const wa = a[side] as Loose;
    const wb = b[side] as Loose;
    const at = `${name} ${side}`;
    const sides = new Set<Side>([side]);
    if (wa.element !== wb.element || (wa.ns ?? null) !== (wb.ns ?? null)) {
      out.push({ impact: 'breaking-both', path: at, message: `element {${String(wa.ns ?? '')}}${String(wa.element)} → {${String(wb.ns ?? '')}}${String(wb.element)}` });
    }
    if (wa.type !== wb.type) out.push({ impact: sided(sides, true, true), path: at, message: `body type ${String(wa.type ?? 'wrapper')} → ${String(wb.type ?? 'wrapper')}` });
    compareMembers(at, wa, wb, sides, out);
    const key = side === 'input' ? 'inputHeaders' : 'outputHeaders';
    const ha = (a[key] as string[]) ?? [];
    const hb = (b[key] as string[]) ?? [];
    for (const h of ha) if (!hb.includes(h)) out.push({ impact: sided(sides, true, true), path: `${at} header ${h}`, message: 'header part removed' });
    for (const h of hb) if (!ha.includes(h)) out.push({ impact: 'compatible', path: `${at} header ${h}`, message: 'header part added' });
    for (const h of ha.filter((x) => hb.includes(x))) {
      const da = (before.headers as Record<string, Loose>)[h];
      const db = (after.headers as Record<string, Loose>)[h];
      if (da && db && !same(da, db)) out.push({ impact: sided(sides, true, true), path: `${at} header ${h}`, message: `header changed: ${JSON.stringify(da)} → ${JSON.stringify(db)}` });
    }
  }
  const fa = ((a.faults as Loose[] | undefined) ?? []).map((f) => String(f.name));
  const fb = ((b.faults as Loose[] | undefined) ?? []).map((f) => String(f.name));
  for (const f of fb) if (!fa.includes(f)) out.push({ impact: 'breaking-readers', path: name, message: `fault ${f} added (a new member of the fault union)` });
  for (const f of fa) if (!fb.includes(f)) out.push({ impact: 'compatible', path: name, message: `fault ${f} removed` });
  if (!!a.safe !== !!b.safe) out.push({ impact: 'compatible', path: name, message: b.safe ? 'now retried as safe' : 'no longer retried as safe' });
}

/** Every change from `before` to `after`, most severe first, then by path. */
export function compareServices(before: ServiceData, after: ServiceData): ApiChange[] {
  const out: ApiChange[] = [];
  if (before.namespace !== after.namespace) out.push({ impact: 'breaking-both', path: 'service', message: `namespace ${before.namespace} → ${after.namespace}` });
  if (before.soapVersion !== after.soapVersion) out.push({ impact: 'breaking-both', path: 'service', message: `SOAP ${before.soapVersion} → ${after.soapVersion}` });
  if (before.name !== after.name) out.push({ impact: 'breaking-callers', path: 'service', message: `service ${before.name} → ${after.name} (the client's names change)` });

  const opsA = before.operations as unknown as Record<string, Loose>;
  const opsB = after.operations as unknown as Record<string, Loose>;
  const removed = Object.keys(opsA).filter((n) => !(n in opsB));
  const added = Object.keys(opsB).filter((n) => !(n in opsA));
  for (const n of removed) {
    const twin = added.find((m) => shape(opsB[m]) === shape(opsA[n]));
    out.push({ impact: 'breaking-callers', path: n, message: 'operation removed', ...(twin ? { hint: `possibly renamed to ${twin} (same input and output)` } : {}) });
  }
  for (const n of added) {
    const twin = removed.find((m) => shape(opsA[m]) === shape(opsB[n]));
    out.push({ impact: 'compatible', path: n, message: 'operation added', ...(twin ? { hint: `possibly renamed from ${twin}` } : {}) });
  }
  for (const n of Object.keys(opsA).filter((x) => x in opsB)) compareOperation(n, opsA[n], opsB[n], before, after, out);

  const typesA = before.types as unknown as Record<string, Loose>;
  const typesB = after.types as unknown as Record<string, Loose>;
  const usedA = usage(before);
  const usedB = usage(after);
  const sidesOf = (n: string) => new Set<Side>([...(usedA.get(n) ?? []), ...(usedB.get(n) ?? [])]);
  for (const n of Object.keys(typesA)) {
    if (!(n in typesB)) out.push({ impact: sided(usedA.get(n) ?? new Set(), true, true), path: n, message: `type removed` });
    else compareType(n, typesA[n], typesB[n], sidesOf(n), out);
  }
  for (const n of Object.keys(typesB)) if (!(n in typesA)) out.push({ impact: 'compatible', path: n, message: 'type added' });
  return out.sort((x, y) => IMPACT_ORDER.indexOf(x.impact) - IMPACT_ORDER.indexOf(y.impact) || (x.path < y.path ? -1 : x.path > y.path ? 1 : 0));
}

/** Whether any change breaks callers or readers. */
export function hasBreaking(changes: readonly ApiChange[]): boolean {
  return changes.some((c) => c.impact !== 'compatible');
}
