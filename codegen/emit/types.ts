/** Emits `types.ts`: one declaration per XSD type, the operation wrappers and the header types. */
import type { ComplexTypeDecl, EnumTypeDecl, FlagsTypeDecl, HeaderDecl, ServiceModel, TypeDecl } from '../model/ir.js';
import { typeKey } from '../model/ir.js';
import { propertyKey, serviceNames } from '../names.js';
import { Printer, quote } from './printer.js';
import { fieldFacts, fieldType, headerParts, nullable, tsType, usesAnyType, xsdName } from './typescript.js';

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
    p.doc(`Input of ${op.name}: the children of the \`${op.input.element.local}\` wrapper element. ${where(op.input.source)}`);
    emitFields(p, `export interface ${op.requestTsName}`, op.input.fields, model);
    p.line();
    p.doc(`Output of ${op.name}: the children of the \`${op.output.element.local}\` wrapper element. ${where(op.output.source)}`);
    emitFields(p, `export interface ${op.responseTsName}`, op.output.fields, model);
    p.line();
  }
  const names = serviceNames(model.name);
  const inputParts = partsOf(model, 'inputHeaders');
  const outputParts = partsOf(model, 'outputHeaders');
  p.doc(`SOAP header blocks an operation of ${model.name} may send (each operation sends only those it declares).`);
  emitHeaders(p, names.requestHeaders, inputParts, model);
  p.line();
  p.doc(`SOAP header blocks a response of ${model.name} may carry.`);
  emitHeaders(p, names.responseHeaders, outputParts, model);
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
      p.doc(`XSD complexType \`${t.qname.local}\`${base ? ` (extends \`${base.qname.local}\`)` : ''}${t.abstract ? ', abstract' : ''}. ${at}`);
      const extendsClause = base ? ` extends ${base.tsName}` : '';
      const polymorphic = roots.has(typeKey(t.qname));
      emitFields(p, `export interface ${t.tsName}${extendsClause}`, t.fields, model, polymorphic);
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

function emitFields(p: Printer, head: string, fields: ComplexTypeDecl['fields'], model: ServiceModel, polymorphic = false): void {
  if (fields.length === 0 && !polymorphic) {
    p.line(`${head} {}`);
    return;
  }
  p.block(`${head} {`, () => {
    if (polymorphic) {
      p.doc('XSD name of the subtype this value is (written as `xsi:type`, set when decoding a subtype).');
      p.line('$type?: string;');
    }
    for (const f of fields) {
      p.doc(fieldFacts(f, model));
      p.line(`${propertyKey(f.name)}${f.minOccurs === 0 ? '?' : ''}: ${fieldType(f, model)};`);
    }
  });
}

function partsOf(model: ServiceModel, which: 'inputHeaders' | 'outputHeaders'): [string, HeaderDecl][] {
  return headerParts(model, which).map((part) => [part, model.headers[part]]);
}

function emitHeaders(p: Printer, name: string, parts: [string, HeaderDecl][], model: ServiceModel): void {
  if (parts.length === 0) {
    p.line(`export interface ${name} {}`);
    return;
  }
  p.block(`export interface ${name} {`, () => {
    for (const [part, h] of parts) {
      p.doc(`Header element \`${h.name}\`: ${xsdName(h.type, model)}${h.nillable ? ', nillable' : ''}. ${where(h.source)}`);
      p.line(`${propertyKey(part)}?: ${nullable(tsType(h.type, model), h.nillable)};`);
    }
  });
}
