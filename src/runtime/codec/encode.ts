/**
 * The descriptor-driven SOAP 1.1 envelope writer: one implementation for every operation of every
 * service. Validates while writing (DESIGN.md §4) and throws `RequestValidationError` naming the
 * path of the offending value (`ChatSessionEntity.Person.Firstname`, `Ids[3]`) before anything is
 * returned. Only the namespaces actually used are declared, all on the Envelope, in a fixed order
 * (`s`, the service namespace, `arr`, `xsi`, `xs`, `ser`, then the others).
 */
import { RequestValidationError } from '../client/errors.js';
import {
  ANY,
  K_ANY,
  K_ARRAY,
  K_COMPLEX,
  K_DICT,
  K_ENUM,
  K_FLAGS,
  K_LIST,
  K_SCALAR,
  M_GROUP,
  M_WILDCARD,
  NS_SOAP11,
  NS_SOAP12,
  NS_XSD,
  NS_SER,
  NS_XSI,
  builtinNameOf,
  builtinPlan,
  chooseType,
  type ComplexPlan,
  type DictPlan,
  type ElementPlan,
  type FaultPlan,
  type GroupPlan,
  type HeaderPlan,
  type ListPlan,
  type NamedPlan,
  type ScalarPlan,
  type ServicePlan,
  type ValuePlan,
  type WrapperPlan,
} from './plan.js';
import { ValueError, describe, isRecord } from './values.js';
import { describeChar, escapeAttr, escapeText, invalidXmlCharIndex } from '../xml/xml-escape.js';
import { contentProblem, fragmentProblem } from '../xml/xml-fragment.js';
import { compiledEnvelope, type EncoderParts } from './compiled-encoder.js';

class Writer {
  out = '';
  /** Bit mask of the used namespace ids below 31; `extra` holds larger ids. */
  used = 0;
  extra: Set<number> | undefined = undefined;

  readonly path: string[] = [];

  constructor(
    public plan: ServicePlan,
    public operation: string | undefined,
  ) {}

  use(id: number): void {
    if (id < 31) this.used |= 1 << id;
    else (this.extra ??= new Set()).add(id);
  }

  useNs(ns: string): void {
    this.use(this.plan.nsIds.get(ns)!);
  }

  fail(message: string, extra?: string): never {
    let p = '';
    for (const seg of this.path) p += seg.charCodeAt(0) === 91 /* [ */ || p === '' ? seg : `.${seg}`;
    if (extra !== undefined) p += p === '' ? extra : `.${extra}`;
    throw new RequestValidationError(message, { operation: this.operation, path: p });
  }
}

const XSI_NIL = ' xsi:nil="true"';

/**
 * The common case in one step: one scalar value of a non-repeated element (ids, strings, header
 * values), returned as its element. Returns undefined for anything else (absent, nil, repeated,
 * structured), which takes the general path. Same output and errors as writeMember → writeOne →
 * writeValue.
 */
function scalarQuick(w: Writer, el: ElementPlan, value: unknown): string | undefined {
  const type = el.type;
  if (value === undefined || value === null || type.k !== K_SCALAR || el.repeated) return undefined;
  w.use(el.nsId);
  const text = scalarText(w, type, value, el.key);
  return text === '' ? el.empty : el.open + text + el.close;
}

/**
 * The other common case: one value of a complex type without attributes, text content, `$type` or
 * abstractness (headers such as Credentials, nested entities), returned as its element; the caller
 * has put the field on the path. Undefined for anything else, which takes the general path. Same
 * output and errors as writeMember → writeOne → writeValue → writeComplex.
 */
function complexQuick(w: Writer, el: ElementPlan, value: unknown): string | undefined {
  const type = el.type;
  if (type.k !== K_COMPLEX || el.repeated || type.abstract || type.attrs !== undefined || type.text !== undefined || !isRecord(value) || value.$type !== undefined) return undefined;
  w.use(el.nsId);
  const inner = writeFields(w, type, value);
  return inner === '' ? el.empty : el.open + inner + el.close;
}

/** Write one member of an object (a field): absent, repeated, nil or one value. */
function writeMember(w: Writer, el: ElementPlan, value: unknown): void {
  if (value === undefined) {
    if (!el.optional) w.fail(`required field ${el.name} is missing`);
    return;
  }
  if (el.repeated) {
    if (!Array.isArray(value)) w.fail(`expected an array (repeated element ${el.name}), got ${describe(value)}`);
    if (!el.optional && value.length === 0) w.fail(`required repeated element ${el.name} needs at least one item`);
    const path = w.path;
    for (let i = 0; i < value.length; i++) {
      path.push(`[${i}]`);
      writeOne(w, el, value[i]);
      path.pop();
    }
    return;
  }
  writeOne(w, el, value);
}

/** Write one occurrence of an element (null → xsi:nil when nillable). */
function writeOne(w: Writer, el: ElementPlan, value: unknown): void {
  if (value === null) {
    if (!el.nillable) w.fail(el.optional ? `${el.name} is not nillable: leave it out (undefined) instead of null` : `${el.name} is not nillable`);
    w.use(el.nsId);
    w.useNs(NS_XSI);
    w.out += el.nil;
    return;
  }
  if (value === undefined) w.fail(`undefined is not a value of ${el.name}`);
  w.use(el.nsId);
  writeValue(w, el, el.type, value, '');
}

function writeText(w: Writer, el: ElementPlan, attrs: string, text: string): void {
  if (attrs === '') w.out += text === '' ? el.empty : el.open + text + el.close;
  else w.out += text === '' ? `<${el.qname}${attrs}/>` : `<${el.qname}${attrs}>${text}${el.close}`;
}

/** The wire text of a scalar; `extra` is the path segment to report when it is not on the path yet. */
function scalarText(w: Writer, plan: ScalarPlan, value: unknown, extra?: string): string {
  let text: string;
  try {
    text = plan.codec.format(value);
  } catch (e) {
    if (e instanceof ValueError) w.fail(e.message, extra);
    throw e;
  }
  if (plan.codec.escape) {
    const esc = escapeText(text);
    if (esc === undefined) {
      const i = invalidXmlCharIndex(text);
      w.fail(`the string holds ${describeChar(text, i)} at index ${i}, which XML 1.0 cannot carry`, extra);
    }
    return esc;
  }
  return text;
}

function valuesList(values: ReadonlyMap<string, string>): string {
  return [...values.keys()].join(', ');
}

function flagsText(w: Writer, typeName: string, values: ReadonlyMap<string, string>, value: unknown): string {
  if (!Array.isArray(value)) w.fail(`expected an array of ${typeName} values, got ${describe(value)}`);
  let text = '';
  for (let i = 0; i < value.length; i++) {
    const v: unknown = value[i];
    if (typeof v !== 'string' || !values.has(v)) {
      w.path.push(`[${i}]`);
      w.fail(`${typeof v === 'string' ? `"${v}"` : describe(v)} is not a ${typeName} value (${valuesList(values)})`);
    }
    text += i === 0 ? v : ` ${v}`;
  }
  return text;
}

/** Write element `el` holding `value` (not null/undefined) of type `type`, with extra attributes `attrs`. */
function writeValue(w: Writer, el: ElementPlan, type: ValuePlan, value: unknown, attrs: string): void {
  switch (type.k) {
    case K_SCALAR:
      writeText(w, el, attrs, scalarText(w, type, value));
      return;
    case K_ENUM:
      if (typeof value !== 'string') w.fail(`expected a ${type.named.xsdName} value (string), got ${describe(value)}`);
      if (!type.values.has(value)) w.fail(`"${value}" is not a ${type.named.xsdName} value (${valuesList(type.values)})`);
      writeText(w, el, attrs, value);
      return;
    case K_FLAGS:
      writeText(w, el, attrs, flagsText(w, type.named.xsdName, type.values, value));
      return;
    case K_COMPLEX:
      writeComplex(w, el, type, value, attrs);
      return;
    case K_LIST:
      writeText(w, el, attrs, listText(w, type, value));
      return;
    case K_ARRAY: {
      if (!Array.isArray(value)) w.fail(`expected an array (${type.named.xsdName}), got ${describe(value)}`);
      const saved = w.out;
      w.out = '';
      const item = type.item;
      const path = w.path;
      for (let i = 0; i < value.length; i++) {
        path.push(`[${i}]`);
        writeOne(w, item, value[i]);
        path.pop();
      }
      const inner = w.out;
      w.out = saved;
      writeText(w, el, attrs, inner);
      return;
    }
    case K_DICT:
      writeDictionary(w, el, type, value, attrs);
      return;
    case K_ANY:
      writeAny(w, el, value);
      return;
  }
}

function writeComplex(w: Writer, el: ElementPlan, declared: ComplexPlan, value: unknown, attrs: string): void {
  if (!isRecord(value)) w.fail(`expected an object (${declared.named.xsdName}), got ${describe(value)}`);
  let plan = declared;
  const t = value.$type;
  if (t !== undefined || declared.abstract) {
    const choice = chooseType(w.plan, declared, t);
    if ('problem' in choice) w.fail(choice.problem, choice.path);
    plan = choice.type;
    if (choice.derived) {
      w.useNs(NS_XSI);
      w.use(plan.named.nsId);
      attrs += ` xsi:type="${plan.named.xsiType}"`;
    }
  }
  if (plan.attrs !== undefined) attrs += writeAttributes(w, plan, value);
  if (plan.text !== undefined) {
    writeText(w, el, attrs, simpleContent(w, plan, value));
    return;
  }
  writeText(w, el, attrs, writeFields(w, plan, value));
}

/** The text of a simpleContent value's `$value` (its other keys are attributes). */
function simpleContent(w: Writer, plan: ComplexPlan, obj: Record<string, unknown>): string {
  checkKeys(w, plan, obj);
  const v = obj.$value;
  if (v === undefined || v === null) w.fail(`$value is missing (the text of ${plan.named.xsdName})`, '$value');
  w.path.push('$value');
  const text = simpleText(w, plan.text!, v);
  w.path.pop();
  return text;
}

/** Escaped wire text of a value of a simple type (scalar, enum, flags, list): content and attributes. */
function simpleText(w: Writer, type: ValuePlan, value: unknown): string {
  switch (type.k) {
    case K_SCALAR:
      return scalarText(w, type, value);
    case K_ENUM:
      if (typeof value !== 'string') w.fail(`expected a ${type.named.xsdName} value (string), got ${describe(value)}`);
      if (!type.values.has(value)) w.fail(`"${value}" is not a ${type.named.xsdName} value (${valuesList(type.values)})`);
      return escapeText(value)!;
    case K_FLAGS:
      return flagsText(w, type.named.xsdName, type.values, value);
    case K_LIST:
      return listText(w, type, value);
    default:
      return w.fail(`a value of ${typeName(type)} cannot be written as text`);
  }
}

function typeName(type: ValuePlan): string {
  return type.k === K_ANY ? 'xs:anyType' : type.k === K_SCALAR ? (type.named?.xsdName ?? type.codec.name) : type.named.xsdName;
}

/** An xs:list value: its items' texts joined by spaces (an item with whitespace could not be read back). */
function listText(w: Writer, type: ListPlan, value: unknown): string {
  if (!Array.isArray(value)) w.fail(`expected an array (list ${type.named.xsdName}), got ${describe(value)}`);
  let text = '';
  const path = w.path;
  for (let i = 0; i < value.length; i++) {
    path.push(`[${i}]`);
    const v: unknown = value[i];
    if (v === null || v === undefined) w.fail(`${describe(v)} is not an item of ${type.named.xsdName}`);
    const t = simpleText(w, type.item, v);
    if (t === '' || /[ \t\r\n]|&#13;/.test(t)) w.fail(`list item ${JSON.stringify(v)} is empty or holds whitespace (items of ${type.named.xsdName} are separated by spaces)`);
    path.pop();
    text += i === 0 ? t : ` ${t}`;
  }
  return text;
}

/** Escape an attribute value: element escaping plus `"` and the whitespace attribute normalization would turn into spaces. */
function attrEscape(text: string): string {
  return text.replace(/["\t\n]/g, (c) => (c === '"' ? '&quot;' : c === '\t' ? '&#9;' : '&#10;'));
}

/** The attributes of a complex value (` a="1" p:b="x"`), validated; `$attributes` for `xs:anyAttribute`. */
function writeAttributes(w: Writer, plan: ComplexPlan, obj: Record<string, unknown>): string {
  let out = '';
  const path = w.path;
  for (const a of plan.attrs!) {
    const v = a.proto && !Object.prototype.hasOwnProperty.call(obj, a.key) ? undefined : obj[a.key];
    if (v === undefined || v === null) {
      if (a.required) w.fail(`required attribute ${a.name} is missing`, a.key);
      continue;
    }
    if (a.nsId >= 0) w.use(a.nsId);
    path.push(a.key);
    out += ` ${a.qname}="${attrEscape(simpleText(w, a.type, v))}"`;
    path.pop();
  }
  const extra = obj.$attributes;
  if (extra !== undefined && plan.anyAttribute) out += anyAttributes(w, plan.attrByName, extra);
  return out;
}

const ANY_ATTR_RE = /^(?:\{([^{}]+)\})?([A-Za-z_][\w.-]*)$/;

/** `$attributes` (`local` or `{ns}local` → text): written with the plan's prefix for a known namespace, else one declared here. */
function anyAttributes(w: Writer, declared: ReadonlyMap<string, unknown> | undefined, extra: unknown): string {
  if (!isRecord(extra)) w.fail(`$attributes must be an object of strings, got ${describe(extra)}`, '$attributes');
  let out = '';
  let decl = '';
  let n = 0;
  for (const k of Object.keys(extra)) {
    const v = extra[k];
    if (v === undefined) continue;
    w.path.push('$attributes', `[${JSON.stringify(k)}]`);
    if (typeof v !== 'string') w.fail(`expected a string, got ${describe(v)}`);
    const m = ANY_ATTR_RE.exec(k);
    if (m === null) w.fail(`"${k}" is not an attribute name (local or {namespace}local)`);
    if (declared?.has(k) === true || (m[1] === undefined && (m[2] === 'xmlns' || m[2].startsWith('xmlns')))) w.fail(`"${k}" is a declared attribute or a namespace declaration, not an extra attribute`);
    const ns = m[1];
    let prefix = '';
    if (ns === NS_XSI) w.fail(`xsi attributes are written by the encoder`);
    if (ns !== undefined) {
      if (ns === 'http://www.w3.org/XML/1998/namespace') prefix = 'xml';
      else if (w.plan.nsIds.has(ns) && w.plan.prefixes.get(ns) !== '') {
        w.useNs(ns);
        prefix = w.plan.prefixes.get(ns)!;
      } else {
        prefix = `a${n++}`;
        decl += ` xmlns:${prefix}="${attrEscape(escapeText(ns) ?? w.fail('the namespace holds a character XML 1.0 cannot carry'))}"`;
      }
    }
    const esc = escapeText(v);
    if (esc === undefined) w.fail(`the string holds ${describeChar(v, invalidXmlCharIndex(v))}, which XML 1.0 cannot carry`);
    out += ` ${prefix === '' ? '' : `${prefix}:`}${m[2]}="${attrEscape(esc)}"`;
    w.path.pop();
    w.path.pop();
  }
  return decl + out;
}

/** Refuse keys of `obj` that are not members of `plan`. */
function checkKeys(w: Writer, plan: ComplexPlan, obj: Record<string, unknown>): void {
  const byName = plan.byName;
  const extra = plan.extraKeys;
  const members = plan.members;
  let next = 0;
  for (const k in obj) {
    // Keys given in schema order (objects built from the generated types, decoded values) match
    // the next member: a comparison instead of a lookup.
    if (next < members.length && members[next].key === k) {
      next++;
      continue;
    }
    if (!byName.has(k) && k !== '$type' && obj[k] !== undefined && Object.prototype.hasOwnProperty.call(obj, k) && (extra === undefined || !extra.has(k))) {
      w.fail(`unknown field "${k}" for ${plan.named.xsdName}`, k);
    }
  }
}

/** Validate the keys of `obj` against `plan` and return its fields written (schema order, base first). */
function writeFields(w: Writer, plan: ComplexPlan, obj: Record<string, unknown>): string {
  checkKeys(w, plan, obj);
  if (plan.hasChoice) checkChoices(w, plan.fields, obj);
  const saved = w.out;
  // The fields are joined here; `w.out` holds them only while a member takes the general path.
  let out = '';
  const path = w.path;
  const members = plan.members;
  for (let i = 0; i < members.length; i++) {
    const f = members[i];
    const v = f.proto && !Object.prototype.hasOwnProperty.call(obj, f.key) ? undefined : obj[f.key];
    if (f.m === M_GROUP) {
      w.out = out;
      writeGroup(w, f, v);
      out = w.out;
      continue;
    }
    if (v === undefined && f.optional) continue;
    const type = f.type;
    if (v !== undefined && v !== null && type.k === K_SCALAR && !f.repeated) {
      // scalarQuick, joined here
      w.use(f.nsId);
      const text = scalarText(w, type, v, f.key);
      out += text === '' ? f.empty : f.open + text + f.close;
      continue;
    }
    path.push(f.key);
    const complex = complexQuick(w, f, v);
    if (complex !== undefined) out += complex;
    else {
      w.out = out;
      if (f.m === M_WILDCARD) writeWildcard(w, f, v);
      else writeMember(w, f, v);
      out = w.out;
    }
    path.pop();
  }
  w.out = saved;
  return out;
}

/** At most one alternative of each single `xs:choice` may be present. */
function checkChoices(w: Writer, fields: readonly ElementPlan[], obj: Record<string, unknown>): void {
  const chosen: (ElementPlan | undefined)[] = [];
  for (const f of fields) {
    if (f.choice < 0 || f.group !== undefined) continue;
    const v = f.proto && !Object.prototype.hasOwnProperty.call(obj, f.key) ? undefined : obj[f.key];
    if (v === undefined) continue;
    const other = chosen[f.choice];
    if (other === undefined) chosen[f.choice] = f;
    else if (other.alternative !== f.alternative) w.fail(`${other.key} and ${f.key} are alternatives of one xs:choice: give only one of them`, f.key);
  }
  if (chosen.length === 0) return;
  // The required members of each present alternative.
  for (const f of fields) {
    const c = f.choice >= 0 && f.altRequired ? chosen[f.choice] : undefined;
    if (c === undefined || c.alternative !== f.alternative) continue;
    const v = f.proto && !Object.prototype.hasOwnProperty.call(obj, f.key) ? undefined : obj[f.key];
    if (v === undefined) w.fail(`required ${f.key} is missing (it belongs to the xs:choice alternative of ${c.key})`, f.key);
  }
}

/** A repeated group: an array of occurrence objects, each written as its members in schema order. */
function writeGroup(w: Writer, g: GroupPlan, value: unknown): void {
  if (value === undefined) {
    if (!g.optional) w.fail(`required ${g.choice ? 'choice' : 'sequence'} ${g.key} is missing`, g.key);
    return;
  }
  const path = w.path;
  path.push(g.key);
  if (!Array.isArray(value)) w.fail(`expected an array of ${g.choice ? 'single-key objects (xs:choice)' : 'objects (xs:sequence)'}, got ${describe(value)}`);
  if (!g.optional && value.length === 0) w.fail(`required ${g.key} needs at least one occurrence`);
  for (let i = 0; i < value.length; i++) {
    path.push(`[${i}]`);
    const occ: unknown = value[i];
    if (!isRecord(occ)) w.fail(`expected an object, got ${describe(occ)}`);
    let present = 0;
    for (const k in occ) {
      if (occ[k] === undefined || !Object.prototype.hasOwnProperty.call(occ, k)) continue;
      if (!g.byKey.has(k)) w.fail(`unknown field "${k}" (members: ${[...g.byKey.keys()].join(', ')})`, k);
      present++;
    }
    if (g.choice && present !== 1) w.fail(`an occurrence of a repeated xs:choice has exactly one of ${[...g.byKey.keys()].join(', ')} (got ${present})`);
    for (const f of g.members) {
      const v = f.proto && !Object.prototype.hasOwnProperty.call(occ, f.key) ? undefined : occ[f.key];
      if (v === undefined && (f.optional || g.choice)) continue;
      path.push(f.key);
      if (f.m === M_WILDCARD) writeWildcard(w, f, v);
      else writeMember(w, f, v);
      path.pop();
    }
    path.pop();
  }
  path.pop();
}

/** An `xs:any` value: raw XML of one standalone element (or an array of them when repeated), written verbatim. */
function writeWildcard(w: Writer, f: ElementPlan, value: unknown): void {
  if (value === undefined) {
    if (!f.optional) w.fail(`required ${f.key} (xs:any) is missing`);
    return;
  }
  if (f.repeated) {
    if (!Array.isArray(value)) w.fail(`expected an array of XML strings (repeated xs:any), got ${describe(value)}`);
    if (!f.optional && value.length === 0) w.fail(`required ${f.key} needs at least one element`);
    for (let i = 0; i < value.length; i++) {
      w.path.push(`[${i}]`);
      rawElement(w, value[i]);
      w.path.pop();
    }
    return;
  }
  rawElement(w, value);
}

function rawElement(w: Writer, value: unknown): void {
  if (typeof value !== 'string') w.fail(`expected the XML of one element (xs:any) as a string, got ${describe(value)}`);
  const problem = fragmentProblem(value);
  if (problem !== undefined) w.fail(`not one standalone XML element (xs:any): ${problem}`);
  w.out += value;
}

function dictionaryKey(w: Writer, key: ElementPlan, k: string): unknown {
  const t = key.type;
  if (t.k !== K_SCALAR) return k;
  switch (t.codec.name) {
    case 'xs:boolean':
      if (k === 'true') return true;
      if (k === 'false') return false;
      return w.fail(`key "${k}" is not an xs:boolean`);
    case 'xs:int':
    case 'xs:short':
    case 'xs:byte':
    case 'xs:long':
    case 'xs:unsignedByte':
    case 'xs:unsignedShort':
    case 'xs:unsignedInt':
    case 'xs:unsignedLong':
    case 'xs:float':
    case 'xs:double':
    case 'ser:char': {
      const n = k.trim() === '' ? NaN : Number(k);
      if (Number.isNaN(n) && k !== 'NaN') w.fail(`key "${k}" is not a number (${t.codec.name})`);
      return n;
    }
    default:
      return k;
  }
}

function writeDictionary(w: Writer, el: ElementPlan, type: DictPlan, value: unknown, attrs: string): void {
  if (!isRecord(value)) w.fail(`expected an object (dictionary ${type.named.xsdName}), got ${describe(value)}`);
  const saved = w.out;
  w.out = '';
  const { entry, key, value: val } = type;
  const path = w.path;
  w.use(entry.nsId);
  for (const k of Object.keys(value)) {
    const v = value[k];
    path.push(`[${JSON.stringify(k)}]`);
    if (v === undefined) w.fail(`dictionary entry "${k}" has no value (undefined)`);
    w.out += entry.open;
    writeOne(w, key, dictionaryKey(w, key, k));
    writeOne(w, val, v);
    w.out += entry.close;
    path.pop();
  }
  const inner = w.out;
  w.out = saved;
  writeText(w, el, attrs, inner);
}

/** Resolve the `$type` of an xs:anyType value given with `$value`: a builtin (`xs:int`) or a named simple type. */
function simpleTypeOf(w: Writer, t: string): { plan: ValuePlan; xsiType: string; ns: string } | undefined {
  const c = t.indexOf(':');
  if (c > 0) {
    const prefix = t.slice(0, c);
    const local = t.slice(c + 1);
    const ns = prefix === 'xs' || prefix === 'xsd' ? NS_XSD : prefix === 'ser' ? NS_SER : undefined;
    if (ns === undefined) return undefined;
    const name = `${ns === NS_XSD ? 'xs' : 'ser'}:${local}`;
    const p = builtinPlan(name);
    if (p === undefined || p === ANY) return undefined;
    return { plan: p, xsiType: name, ns };
  }
  const named = namedByName(w.plan, t);
  if (named === undefined || named.k === K_COMPLEX) return undefined;
  return { plan: named, xsiType: named.named.xsiType, ns: named.named.ns };
}

function namedByName(plan: ServicePlan, t: string): NamedPlan | undefined {
  const list = plan.byXsdName.get(t);
  if (list !== undefined && list.length > 0) return list[0];
  return plan.types.get(t);
}

function writeAny(w: Writer, el: ElementPlan, value: unknown): void {
  if (!isRecord(value)) w.fail(`expected { $type, $value }, { $type, ...fields } or { $type: 'xs:anyType', $any } for xs:anyType, got ${describe(value)}`);
  const t = value.$type;
  if (typeof t !== 'string') w.fail(`an xs:anyType value needs $type (e.g. "xs:string" or a complex type name), got ${describe(t)}`, '$type');
  const hasValue = Object.prototype.hasOwnProperty.call(value, '$value');
  if (t === 'xs:anyType' && !hasValue) {
    writeRawAny(w, el, value);
    return;
  }
  w.useNs(NS_XSI);
  if (hasValue) {
    for (const k of Object.keys(value)) if (k !== '$type' && k !== '$value' && value[k] !== undefined) w.fail(`unknown key "${k}" beside $type/$value`, k);
    const simple = simpleTypeOf(w, t);
    if (simple === undefined) w.fail(`$type "${t}" is not a known simple type (xs:string, xs:int, … or a named enum/array/dictionary type)`, '$type');
    w.useNs(simple.ns);
    const attrs = ` xsi:type="${simple.xsiType}"`;
    const v = value.$value;
    if (v === null) {
      w.out += `<${el.qname}${attrs}${XSI_NIL}/>`;
      return;
    }
    w.path.push('$value');
    writeValue(w, el, simple.plan, v, attrs);
    w.path.pop();
    return;
  }
  const named = namedByName(w.plan, t);
  if (named === undefined || named.k !== K_COMPLEX) w.fail(`$type "${t}" is not a complex type of ${w.plan.service.name} (give $value for a simple value)`, '$type');
  if (named.abstract) w.fail(`${named.named.xsdName} is abstract`, '$type');
  w.use(named.named.nsId);
  writeText(w, el, ` xsi:type="${named.named.xsiType}"`, writeFields(w, named, value));
}

/**
 * The raw form of an untyped value, `{ $type: 'xs:anyType', $xsiType?, $any, $attributes? }`: the
 * element with `$any` as its content, verbatim (well-formed, every prefix declared inside), and no
 * `xsi:type` (or `$xsiType`'s, a type the service does not know), which is how the decoder reads it back.
 */
function writeRawAny(w: Writer, el: ElementPlan, value: Record<string, unknown>): void {
  for (const k of Object.keys(value)) {
    if (k !== '$type' && k !== '$xsiType' && k !== '$any' && k !== '$attributes' && value[k] !== undefined) w.fail(`unknown key "${k}" beside $type: 'xs:anyType' (its raw form has $xsiType, $any and $attributes)`, k);
  }
  const content = value.$any;
  if (content !== undefined && typeof content !== 'string') w.fail(`expected the content as an XML string, got ${describe(content)}`, '$any');
  const text = content ?? '';
  if (text !== '') {
    const problem = contentProblem(text);
    if (problem !== undefined) w.fail(`not well-formed XML content (xs:anyType): ${problem}`, '$any');
  }
  const type = value.$xsiType === undefined ? '' : unknownXsiType(w, value.$xsiType);
  const attrs = value.$attributes === undefined ? '' : anyAttributes(w, undefined, value.$attributes);
  writeText(w, el, type + attrs, text);
}

/**
 * The `xsi:type` attribute of a raw form's `$xsiType` (`{ns}local` or `local`), with a declaration of
 * its namespace when the envelope has no prefix for it. Refused when it names a type the service
 * knows (the decoder would read the content as that type, not back into the raw form).
 */
function unknownXsiType(w: Writer, t: unknown): string {
  if (typeof t !== 'string') w.fail(`expected the type name as a string ({namespace}local or local), got ${describe(t)}`, '$xsiType');
  const m = ANY_ATTR_RE.exec(t);
  if (m === null) w.fail(`"${t}" is not a type name ({namespace}local or local)`, '$xsiType');
  const ns = m[1] ?? '';
  const local = m[2];
  const builtin = builtinNameOf(ns, local);
  if (builtin !== undefined) w.fail(`"${t}" is a type the service knows: give it as { $type: '${builtin}', $value }`, '$xsiType');
  const named = w.plan.byQName.get(`${ns} ${local}`);
  if (named !== undefined) {
    const how = named.k === K_COMPLEX ? `{ $type: '${named.named.xsdName}', …fields }` : `{ $type: '${named.named.xsdName}', $value }`;
    w.fail(`"${t}" is a type the service knows: give it as ${how}`, '$xsiType');
  }
  w.useNs(NS_XSI);
  if (ns === '') return ` xsi:type="${local}"`;
  if (w.plan.nsIds.has(ns) && w.plan.prefixes.get(ns) !== '') {
    w.useNs(ns);
    return ` xsi:type="${w.plan.prefixes.get(ns)!}:${local}"`;
  }
  const uri = escapeText(ns);
  if (uri === undefined) w.fail('the namespace holds a character XML 1.0 cannot carry', '$xsiType');
  return ` xmlns:t="${attrEscape(uri)}" xsi:type="t:${local}"`;
}

/** A bare body: the element is the value of its type (`undefined` = an empty element of xs:anyType, `null` = nil). */
function writeBare(w: Writer, wrapper: WrapperPlan, input: unknown): void {
  const el = wrapper.el;
  if (input === undefined && el.type.k === K_ANY) w.out += el.empty;
  else if (input === undefined) w.fail(`the ${wrapper.element} input is missing (a value of ${typeName(el.type)})`);
  else writeOne(w, el, input);
}

/** The Envelope's namespace declarations (after `xmlns:s`) for the namespaces `w` used. */
function declarations(w: Writer): string {
  return declarationsOf(w.plan, w.used, w.extra);
}

/** The declarations of the namespaces of mask `used` (ids below 31) and `extra` (the others). */
function declarationsOf(plan: ServicePlan, used: number, extra: Set<number> | undefined): string {
  if (extra === undefined) {
    const cached = plan.declarations.get(used);
    if (cached !== undefined) return cached;
  }
  let decl = '';
  const list = plan.namespaces;
  for (let id = 1; id < list.length; id++) {
    // (no namespace, for unqualified elements, is never declared: `xmlns:p=""` is not XML 1.0)
    if (list[id][0] === '') continue;
    if (id < 31 ? (used & (1 << id)) !== 0 : extra !== undefined && extra.has(id)) decl += ` xmlns:${list[id][1]}="${escapeAttr(list[id][0])}"`;
  }
  if (extra === undefined) plan.declarations.set(used, decl);
  return decl;
}

/**
 * The writer of the last envelope, reused by the next one: an envelope is written synchronously, and
 * the writer is taken out while in use (a nested encode, if any, gets a new one) and put back empty
 * after a success. Allocating it and growing its path array cost more than the rest of a small
 * envelope's writing. (It stays long-lived, so the hot paths join text in locals rather than in
 * `out`: a store of a new string into an old object takes the write barrier's slow path.)
 */
let spare: Writer | undefined;

function takeWriter(plan: ServicePlan, operation: string): Writer {
  const w = spare;
  if (w === undefined) return new Writer(plan, operation);
  spare = undefined;
  // (stores into a long-lived object cost a write barrier: skipped when nothing changes)
  if (w.plan !== plan) w.plan = plan;
  if (w.operation !== operation) w.operation = operation;
  return w;
}

function putBack(w: Writer): void {
  clear(w);
  spare = w;
}

function clear(w: Writer): void {
  if (w.out !== '') w.out = '';
  w.used = 0;
  if (w.extra !== undefined) w.extra = undefined;
  if (w.path.length !== 0) w.path.length = 0;
}

/**
 * The constant text around the parts of the last envelope's kind (wrapper and used namespaces),
 * so that an envelope is five pieces joined: `headStart` (`<s:Envelope …><s:Header>`), the header
 * blocks, `headEnd` (`</s:Header><s:Body><w:Op>`), the fields, `tail` (`</w:Op></s:Body></s:Envelope>`);
 * without headers `bodyStart` (`<s:Envelope …><s:Body><w:Op>`) replaces the first three.
 */
let tagsWrapper: WrapperPlan | undefined;
let tagsUsed = -1;
let headStart = '';
let headEnd = '';
let bodyStart = '';
let tail = '';

function envelopeTags(w: Writer, wrapper: WrapperPlan): boolean {
  if (w.extra !== undefined) return false;
  if (wrapper !== tagsWrapper || w.used !== tagsUsed) {
    const start = `<s:Envelope xmlns:s="${w.plan.soapNs}"${declarations(w)}>`;
    headStart = `${start}<s:Header>`;
    headEnd = `</s:Header><s:Body>${wrapper.el.open}`;
    bodyStart = `${start}<s:Body>${wrapper.el.open}`;
    tail = `${wrapper.el.close}</s:Body></s:Envelope>`;
    tagsWrapper = wrapper;
    tagsUsed = w.used;
  }
  return true;
}

/** Encode a complete envelope: the wrapper (`input` = its children) and the header blocks `headerPlans` declares. */
export function encodeEnvelope(
  plan: ServicePlan,
  operation: string,
  wrapper: WrapperPlan,
  headerPlans: readonly HeaderPlan[],
  input: unknown,
  headers: unknown,
): string {
  const fast = compiledEnvelope(plan, operation, wrapper, headerPlans, COMPILED_PARTS, input, headers);
  if (fast !== null) {
    let xml: string | undefined;
    try {
      xml = fast(input, headers);
    } catch {
      // (the interpreter below writes it again, and throws its own error, with its path)
      xml = undefined;
    }
    if (xml !== undefined) return xml;
  }
  return interpretEnvelope(plan, operation, wrapper, headerPlans, input, headers);
}

/** The envelope written by walking the plans: every value validated, errors with their path. (Kept apart so that the fast path above stays small enough to inline.) */
function interpretEnvelope(plan: ServicePlan, operation: string, wrapper: WrapperPlan, headerPlans: readonly HeaderPlan[], input: unknown, headers: unknown): string {
  const w: Writer = takeWriter(plan, operation);
  // Header blocks, in binding order, only those declared; undefined values are left out.
  let head = '';
  if (headers !== undefined && headers !== null) {
    if (!isRecord(headers)) w.fail(`headers must be an object, got ${describe(headers)}`);
    for (let i = 0; i < headerPlans.length; i++) {
      const h = headerPlans[i];
      const v = headers[h.part];
      if (v === undefined) continue;
      const quick = h.name === h.part ? scalarQuick(w, h, v) : undefined;
      if (quick !== undefined) {
        head += quick;
        continue;
      }
      w.path.push(h.part);
      const complex = complexQuick(w, h, v);
      if (complex !== undefined) head += complex;
      else {
        w.out = head;
        writeOne(w, h, v);
        head = w.out;
      }
      w.path.pop();
    }
    w.out = '';
  }
  // Body: the wrapper element with its fields.
  const value = input === undefined || input === null ? {} : input;
  if (!wrapper.bare && !isRecord(value)) w.fail(`the ${wrapper.element} input must be an object, got ${describe(value)}`);
  w.use(wrapper.el.nsId);
  let xml: string;
  if (wrapper.bare) {
    writeBare(w, wrapper, input);
    xml = envelope(w, head, w.out);
  } else {
    xml = wrappedEnvelope(w, wrapper, head, writeFields(w, wrapper.body, value as Record<string, unknown>));
  }
  putBack(w);
  return xml;
}

/** The envelope of a wrapper with its fields written (`fields`) and the header blocks (`head`). */
function wrappedEnvelope(w: Writer, wrapper: WrapperPlan, head: string, fields: string): string {
  if (fields !== '' && envelopeTags(w, wrapper)) return head === '' ? bodyStart + fields + tail : headStart + head + headEnd + fields + tail;
  w.out = '';
  writeText(w, wrapper.el, '', fields);
  return envelope(w, head, w.out);
}

/** What compiled envelopes (compiled-encoder.ts) call back into. */
const COMPILED_PARTS: EncoderParts<Writer> = {
  take: takeWriter,
  putBack,
  writeMember,
  writeOne,
  envelope: wrappedEnvelope,
  envelopeStart: (plan, used) => `<s:Envelope xmlns:s="${plan.soapNs}"${declarationsOf(plan, used, undefined)}>`,
};

function envelope(w: Writer, head: string, body: string): string {
  return `<s:Envelope xmlns:s="${w.plan.soapNs}"${declarations(w)}>${head === '' ? '' : `<s:Header>${head}</s:Header>`}<s:Body>${body}</s:Body></s:Envelope>`;
}

/** What a Fault envelope holds (server side: simulators, tests). */
export interface FaultInput {
  /** `faultcode` (1.1) or `Code/Value` (1.2): a QName with the envelope's prefix `s`, e.g. `s:Client` / `s:Sender`. */
  code: string;
  /** `faultstring` (1.1) or `Reason/Text` (1.2). */
  string: string;
  /** 1.2 only: `Code/Subcode/Value`. */
  subcode?: string;
  /** The detail as text (escaped). */
  detail?: string;
}

function faultText(s: string): string {
  const e = escapeText(s);
  if (e === undefined) throw new RequestValidationError('fault text holds a character XML 1.0 cannot carry', { path: '' });
  return e;
}

/** The Envelope of a Fault whose detail content is `detailXml` (markup, already written). */
function faultEnvelope(soapNs: string, fault: FaultInput, declarations: string, detailXml: string | undefined): string {
  const head = `<s:Envelope xmlns:s="${soapNs}"${declarations}><s:Body><s:Fault>`;
  const tail = '</s:Fault></s:Body></s:Envelope>';
  if (soapNs === NS_SOAP12) {
    const subcode = fault.subcode === undefined ? '' : `<s:Subcode><s:Value>${faultText(fault.subcode)}</s:Value></s:Subcode>`;
    return `${head}<s:Code><s:Value>${faultText(fault.code)}</s:Value>${subcode}</s:Code><s:Reason><s:Text xml:lang="en">${faultText(fault.string)}</s:Text></s:Reason>${detailXml === undefined ? '' : `<s:Detail>${detailXml}</s:Detail>`}${tail}`;
  }
  return `${head}<faultcode>${faultText(fault.code)}</faultcode><faultstring>${faultText(fault.string)}</faultstring>${detailXml === undefined ? '' : `<detail>${detailXml}</detail>`}${tail}`;
}

/** A Fault envelope (for simulators and tests) of SOAP 1.1 (default) or 1.2, its detail given as text. */
export function encodeFaultEnvelope(fault: FaultInput, soapVersion: '1.1' | '1.2' = '1.1'): string {
  return faultEnvelope(soapVersion === '1.2' ? NS_SOAP12 : NS_SOAP11, fault, '', fault.detail === undefined ? undefined : faultText(fault.detail));
}

/** A Fault envelope in the service's SOAP version whose detail is the declared fault `declared`, written from `value`. */
export function encodeDeclaredFaultEnvelope(plan: ServicePlan, operation: string, declared: FaultPlan, fault: FaultInput, value: unknown): string {
  const w = new Writer(plan, operation);
  w.path.push(declared.name);
  writeOne(w, declared, value);
  return faultEnvelope(plan.soapNs, fault, declarations(w), w.out);
}
