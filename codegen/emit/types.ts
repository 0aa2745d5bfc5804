/** Emits `types.ts`: one declaration per XSD type, the operation wrappers and the header types. */
import type { AttributeDecl, ComplexTypeDecl, EnumTypeDecl, FieldDecl, FlagsTypeDecl, HeaderDecl, OperationDecl, ParticleDecl, ServiceModel, TypeDecl, WildcardDecl, WrapperDecl } from '../model/ir.js';
import { typeKey } from '../model/ir.js';
import { memberKey } from '../model/xsd-types.js';
import { propertyKey, serviceNames } from '../names.js';
import { Printer, quote } from './printer.js';
import { arrayOf, fieldFacts, fieldType, headerParts, nullable, tsType, usesAnyType, xsdName } from './typescript.js';

const where = (s: { file: string; line: number }) => `${s.file}:${s.line}`;

export function emitTypes(model: ServiceModel, header: string, runtimeModule: string): string {
  const p = new Printer();
  p.line(header);
  if (usesAnyType(model)) p.line(`import type { AnyValue } from '${runtimeModule}';`);
  p.line();
  const hierarchyRoots = rootsWithSubtypes(model);
  for (const t of Object.values(model.types)) {
    emitType(p, t, model, hierarchyRoots);
    p.line();
  }
  for (const op of model.operations) {
    emitBody(p, `Input of ${op.name}`, op.requestTsName, op.input, model);
    if (!op.oneWay) emitBody(p, `Output of ${op.name}`, op.responseTsName, op.output, model);
    if (op.faultTsName) emitFaults(p, op, op.faultTsName, model);
  }
  const names = serviceNames(model.name);
  const inputParts = partsOf(model, 'inputHeaders');
  const outputParts = partsOf(model, 'outputHeaders');
  p.doc(`SOAP header blocks an operation of ${model.name} may send (each operation sends only those it declares).`);
  emitHeaders(p, names.requestHeaders, inputParts, model, true);
  p.line();
  p.doc(`SOAP header blocks a response of ${model.name} may carry.`);
  emitHeaders(p, names.responseHeaders, outputParts, model, false);
  return p.toString();
}

/** Complex types that are the root of a hierarchy with subtypes: they carry `$type`. */
function rootsWithSubtypes(model: ServiceModel): Set<string> {
  const roots = new Set<string>();
  for (const t of Object.values(model.types)) {
    if (t.kind !== 'complex' || !t.base) continue;
    let root = model.types[t.base] as ComplexTypeDecl;
    while (root.base) root = model.types[root.base] as ComplexTypeDecl;
    roots.add(typeKey(root.qname));
  }
  return roots;
}

function emitType(p: Printer, t: TypeDecl, model: ServiceModel, roots: Set<string>): void {
  const at = where(t.source);
  switch (t.kind) {
    case 'complex': {
      const base = t.base ? model.types[t.base] : undefined;
      const what = t.anonymous ? `anonymous complexType \`${t.qname.local}\`` : `complexType \`${t.qname.local}\``;
      p.doc(`XSD ${what}${base ? ` (extends \`${base.qname.local}\`)` : ''}${t.abstract ? ', abstract' : ''}${t.text ? ', simple content' : ''}. ${at}`);
      emitObject(p, t.tsName, base as ComplexTypeDecl | undefined, t, model, roots.has(typeKey(t.qname)));
      return;
    }
    case 'enum':
      return emitEnum(p, t, `XSD simpleType \`${t.qname.local}\` (enumeration). ${at}`, (name) => `export type ${t.tsName} = (typeof ${name})[keyof typeof ${name}];`);
    case 'flags':
      return emitEnum(p, t, `XSD simpleType \`${t.qname.local}\` (xs:list of an enumeration: flags, written space-separated). ${at}`, (name) => `export type ${t.tsName} = readonly (typeof ${name})[keyof typeof ${name}][];`);
    case 'array':
      p.doc(`XSD complexType \`${t.qname.local}\` (WCF collection of \`${t.item.name}\`: ${xsdName(t.item.type, model)}${t.item.nillable ? ', nillable' : ''}). ${at}`);
      p.line(`export type ${t.tsName} = ${tsType({ kind: 'named', key: typeKey(t.qname) }, model)};`);
      return;
    case 'dictionary':
      p.doc(`XSD complexType \`${t.qname.local}\` (WCF dictionary of \`${t.entry.name}\`: ${xsdName(t.key.type, model)} → ${xsdName(t.value.type, model)}). ${at}`);
      p.line(`export type ${t.tsName} = ${tsType({ kind: 'named', key: typeKey(t.qname) }, model)};`);
      return;
    case 'alias':
      p.doc(`XSD simpleType \`${t.qname.local}\` (restricts ${xsdName(t.base, model)}). ${at}`);
      p.line(`export type ${t.tsName} = ${tsType(t.base, model)};`);
      return;
    case 'list':
      p.doc(`XSD simpleType \`${t.qname.local}\` (xs:list of ${xsdName(t.item, model)}, written space-separated). ${at}`);
      p.line(`export type ${t.tsName} = ${arrayOf(tsType(t.item, model))};`);
      return;
  }
}

function emitEnum(p: Printer, t: EnumTypeDecl | FlagsTypeDecl, doc: string, typeLine: (name: string) => string): void {
  p.doc(doc);
  p.block(`export const ${t.tsName} = {`, () => {
    for (const v of t.values) {
      p.doc(`Wire value \`${quote(v.value)}\`${v.numeric !== undefined ? ` (= ${v.numeric})` : ''}.`);
      p.line(`${propertyKey(v.value)}: ${quote(v.value)},`);
    }
  }, '} as const;');
  p.doc(doc);
  p.line(typeLine(t.tsName));
}

/** Whether a complex type (or a base of it) has a single xs:choice: it is then a type alias (a union cannot be extended). */
function hasChoice(t: ComplexTypeDecl | undefined, model: ServiceModel): boolean {
  if (!t) return false;
  return t.fields.some((f) => f.kind === undefined && f.choice) || (t.base !== undefined && hasChoice(model.types[t.base] as ComplexTypeDecl, model));
}

/** The members of an object type: `{ doc, line }` per property. */
type Member = [doc: string, line: string];

function member(f: FieldDecl, model: ServiceModel, optional = f.minOccurs === 0): string {
  return `${propertyKey(f.key ?? f.name)}${optional ? '?' : ''}: ${fieldType(f, model)};`;
}

function wildcardType(w: WildcardDecl): string {
  return w.maxOccurs === 'unbounded' || w.maxOccurs > 1 ? 'string[]' : 'string';
}

/** One occurrence of a repeated group, inline: `{ A: X; B?: Y }`, or `{ A: X } | { B: Y }` for a choice. */
function occurrence(fields: (FieldDecl | WildcardDecl)[], choice: boolean, model: ServiceModel): string {
  const one = (f: FieldDecl | WildcardDecl, optional: boolean) =>
    f.kind === 'any' ? `${f.key}${optional ? '?' : ''}: ${wildcardType(f)};` : member(f, model, optional);
  if (choice) return fields.map((f) => `{ ${one(f, false).slice(0, -1)} }`).join(' | ');
  return `{ ${fields.map((f) => one(f, f.minOccurs === 0)).join(' ').slice(0, -1)} }`;
}

function members(t: Pick<ComplexTypeDecl, 'fields' | 'attributes' | 'anyAttribute' | 'text'>, model: ServiceModel, polymorphic: boolean): Member[] {
  const out: Member[] = [];
  if (polymorphic) out.push(['XSD name of the subtype this value is (written as `xsi:type`, set when decoding a subtype).', '$type?: string;']);
  if (t.text) out.push([`Text content: ${xsdName(t.text, model)}.`, `$value: ${tsType(t.text, model)};`]);
  for (const f of t.fields) {
    if (f.kind === undefined) {
      if (!f.choice) out.push([fieldFacts(f, model), member(f, model)]);
    } else if (f.kind === 'any') {
      const what = f.element ? `element ${f.element.local} of mixed content (text between elements), kept whole` : 'xs:any';
      out.push([`${what}${f.maxOccurs !== 1 ? `, maxOccurs=${f.maxOccurs}` : ''}: raw XML${f.maxOccurs !== 1 ? ', one string per element' : ''}.`, `${f.key}${f.minOccurs === 0 ? '?' : ''}: ${wildcardType(f)};`]);
    } else {
      const inner = occurrence(f.fields, f.choice, model);
      out.push([
        `Repeated xs:${f.choice ? 'choice' : 'sequence'} (maxOccurs=${f.maxOccurs}): one object per occurrence, in wire order.`,
        `${f.key}${f.minOccurs === 0 ? '?' : ''}: ${f.choice ? `(${inner})[]` : `${inner}[]`};`,
      ]);
    }
  }
  for (const a of t.attributes ?? []) out.push([attributeFacts(a, model), `${propertyKey(a.key ?? a.name)}${a.required ? '' : '?'}: ${tsType(a.type, model)};`]);
  if (t.anyAttribute) out.push(['xs:anyAttribute: other attributes by name (`local`, or `{ns}local` when qualified).', '$attributes?: Record<string, string>;']);
  return out;
}

function attributeFacts(a: AttributeDecl, model: ServiceModel): string {
  return [`attribute ${a.ns ? `{${a.ns}}${a.name}` : a.name}`, xsdName(a.type, model), ...(a.required ? ['required'] : [])].join(', ');
}

/** The alternatives of each single xs:choice, as a union of exclusive object types (one line each). */
function choiceUnions(fields: ParticleDecl[], model: ServiceModel): string[][] {
  const choices = new Map<number, FieldDecl[]>();
  for (const f of fields) if (f.kind === undefined && f.choice) choices.set(f.choice.index, [...(choices.get(f.choice.index) ?? []), f]);
  return [...choices.values()].map((all) => {
    const alternatives = [...new Set(all.map((f) => f.choice!.alternative))];
    const never = (except: number | undefined) => all.filter((f) => f.choice!.alternative !== except).map((f) => `${propertyKey(memberKey(f))}?: never;`);
    const lines = alternatives.map((alt) => `{ ${[...all.filter((f) => f.choice!.alternative === alt).map((f) => member(f, model)), ...never(alt)].join(' ').slice(0, -1)} }`);
    if (all[0].choice!.optional) lines.push(`{ ${never(undefined).join(' ').slice(0, -1)} }`);
    return lines;
  });
}

/**
 * A complex type or wrapper as TypeScript: an interface (`extends` its base), or, with a single
 * xs:choice here or in a base, a type alias: `Base & { members } & (| alternative | …)`.
 */
function emitObject(
  p: Printer, name: string, base: ComplexTypeDecl | undefined, t: Pick<ComplexTypeDecl, 'fields' | 'attributes' | 'anyAttribute' | 'text'>,
  model: ServiceModel, polymorphic = false,
): void {
  const list = members(t, model, polymorphic);
  const body = () => { for (const [doc, line] of list) { p.doc(doc); p.line(line); } };
  if (!t.fields.some((f) => f.kind === undefined && f.choice) && !hasChoice(base, model)) {
    const head = `export interface ${name}${base ? ` extends ${base.tsName}` : ''}`;
    if (list.length === 0) p.line(`${head} {}`);
    else p.block(`${head} {`, body);
    return;
  }
  const unions = choiceUnions(t.fields, model);
  const lead = [...(base ? [base.tsName] : [])];
  if (list.length > 0 || lead.length === 0) {
    p.block(`export type ${name} = ${lead.map((l) => `${l} & `).join('')}{`, body, unions.length > 0 ? '} & (' : '};');
  } else {
    p.line(`export type ${name} = ${lead.join(' & ')}${unions.length > 0 ? ' & (' : ';'}`);
  }
  unions.forEach((lines, i) => {
    if (i > 0) p.line(') & (');
    for (const l of lines) p.line(`  | ${l}`);
  });
  if (unions.length > 0) p.line(');');
}

/** A message body: the children of a wrapper element (an interface), or the value of a bare body element (an alias of its type). */
function emitBody(p: Printer, what: string, tsName: string, w: WrapperDecl, model: ServiceModel): void {
  if (w.type) {
    p.doc(`${what}: the body element \`${w.element.local}\` itself (not a wrapper), of type ${xsdName(w.type, model)}. ${where(w.source)}`);
    p.line(`export type ${tsName} = ${tsType(w.type, model)};`);
  } else {
    p.doc(`${what}: the children of the \`${w.element.local}\` wrapper element. ${where(w.source)}`);
    emitObject(p, tsName, undefined, { fields: w.fields }, model);
  }
  p.line();
}

/** The union of the detail types of an operation's faults: what `SoapFaultError.detail` holds for a declared fault. */
function emitFaults(p: Printer, op: OperationDecl, tsName: string, model: ServiceModel): void {
  p.doc(
    `The fault details ${op.name} declares: \`SoapFaultError.detail\` when a Fault's detail element is one of them (${op.faults.map((f) => `\`${f.name}\` = \`${f.element.local}\``).join(', ')}). ${where(op.source)}`,
  );
  p.line(`export type ${tsName} = ${[...new Set(op.faults.map((f) => tsType(f.type, model)))].join(' | ')};`);
  p.line();
}

function partsOf(model: ServiceModel, which: 'inputHeaders' | 'outputHeaders'): [string, HeaderDecl][] {
  return headerParts(model, which).map((part) => [part, model.headers[part]]);
}

/**
 * A request's header parts are also typed `| undefined` ("not given": the client's value or none),
 * so that a value straight from the environment type-checks under `exactOptionalPropertyTypes`.
 */
function emitHeaders(p: Printer, name: string, parts: [string, HeaderDecl][], model: ServiceModel, request: boolean): void {
  if (parts.length === 0) {
    p.line(`export interface ${name} {}`);
    return;
  }
  p.block(`export interface ${name} {`, () => {
    for (const [part, h] of parts) {
      p.doc(`Header element \`${h.name}\`: ${xsdName(h.type, model)}${h.nillable ? ', nillable' : ''}. ${where(h.source)}`);
      p.line(`${propertyKey(part)}?: ${nullable(tsType(h.type, model), h.nillable)}${request ? ' | undefined' : ''};`);
    }
  });
}
