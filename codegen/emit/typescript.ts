/** How IR types are written as TypeScript type expressions (the data mapping of DESIGN.md §4). */
import type { BuiltinName, FieldDecl, OperationDecl, ParticleDecl, ServiceModel, TypeRef } from '../model/ir.js';
import { quote } from './printer.js';

const BUILTIN_TS: Record<BuiltinName, string> = {
  'xs:string': 'string', 'xs:int': 'number', 'xs:short': 'number', 'xs:boolean': 'boolean',
  'xs:dateTime': 'Date', 'xs:long': 'number', 'xs:decimal': 'string', 'xs:double': 'number',
  'xs:float': 'number', 'xs:byte': 'number', 'xs:unsignedByte': 'number', 'xs:unsignedShort': 'number',
  'xs:unsignedInt': 'number', 'xs:unsignedLong': 'number', 'xs:base64Binary': 'Uint8Array',
  'xs:anyType': 'AnyValue', 'xs:anyURI': 'string', 'xs:QName': 'string', 'xs:duration': 'string',
  'ser:guid': 'string', 'ser:char': 'number', 'ser:duration': 'string',
  'xs:anySimpleType': 'string', 'xs:normalizedString': 'string', 'xs:token': 'string', 'xs:language': 'string',
  'xs:Name': 'string', 'xs:NCName': 'string', 'xs:NMTOKEN': 'string', 'xs:NMTOKENS': 'string[]', 'xs:ID': 'string',
  'xs:IDREF': 'string', 'xs:IDREFS': 'string[]', 'xs:ENTITY': 'string', 'xs:ENTITIES': 'string[]', 'xs:NOTATION': 'string',
  'xs:integer': 'number', 'xs:nonNegativeInteger': 'number', 'xs:positiveInteger': 'number',
  'xs:nonPositiveInteger': 'number', 'xs:negativeInteger': 'number',
  'xs:date': 'string', 'xs:time': 'string', 'xs:gYear': 'string', 'xs:gYearMonth': 'string', 'xs:gMonth': 'string',
  'xs:gMonthDay': 'string', 'xs:gDay': 'string', 'xs:hexBinary': 'Uint8Array',
};

/** `T | null` when nillable; parenthesised when it goes into an array. */
export function nullable(ts: string, nillable: boolean): string {
  return nillable ? `${ts} | null` : ts;
}

export function arrayOf(item: string): string {
  return /[ |&]/.test(item) ? `(${item})[]` : `${item}[]`;
}

/** The TypeScript type of a type reference. Arrays and dictionaries are written inline (`X[]`, `Record<K, V>`). */
export function tsType(ref: TypeRef, model: ServiceModel): string {
  if (ref.kind === 'builtin') return BUILTIN_TS[ref.name];
  const decl = model.types[ref.key];
  if (decl.kind === 'array') return arrayOf(nullable(tsType(decl.item.type, model), decl.item.nillable));
  if (decl.kind === 'dictionary') {
    const key = tsType(decl.key.type, model) === 'number' ? 'number' : 'string';
    return `Record<${key}, ${nullable(tsType(decl.value.type, model), decl.value.nillable)}>`;
  }
  return decl.tsName;
}

/** The TypeScript type of a field (without the `?` of minOccurs=0). */
export function fieldType(f: FieldDecl, model: ServiceModel): string {
  const t = tsType(f.type, model);
  if (f.maxOccurs === 'unbounded' || f.maxOccurs > 1) return nullable(arrayOf(nullable(t, f.nillable)), false);
  return nullable(t, f.nillable);
}

/** The XSD name of a type reference, for JSDoc back-references. */
export function xsdName(ref: TypeRef, model: ServiceModel): string {
  return ref.kind === 'builtin' ? ref.name : model.types[ref.key].qname.local;
}

/** `xs:int, optional, nillable` — the facts of a field for its JSDoc. */
export function fieldFacts(f: FieldDecl, model: ServiceModel): string {
  const facts = [xsdName(f.type, model)];
  if (f.minOccurs === 0) facts.push('minOccurs=0');
  if (f.maxOccurs !== 1) facts.push(`maxOccurs=${f.maxOccurs}`);
  if (f.nillable) facts.push('nillable');
  return facts.join(', ');
}

/** The type references of particles (a group's members included). */
function particleTypes(particles: ParticleDecl[]): TypeRef[] {
  return particles.flatMap((p) => (p.kind === undefined ? [p.type] : p.kind === 'group' ? particleTypes(p.fields) : []));
}

/** Whether any type expression of the model uses `AnyValue`. */
export function usesAnyType(model: ServiceModel): boolean {
  const isAny = (r: TypeRef) => r.kind === 'builtin' && r.name === 'xs:anyType';
  const fields = [
    ...Object.values(model.types).flatMap((t) => (t.kind === 'complex' ? particleTypes(t.fields) : t.kind === 'array' ? [t.item.type] : t.kind === 'dictionary' ? [t.key.type, t.value.type] : t.kind === 'alias' ? [t.base] : [])),
    ...model.operations.flatMap((o) => particleTypes([...o.input.fields, ...o.output.fields])),
    ...model.operations.flatMap((o) => [o.input.type, o.output.type, ...o.faults.map((f) => f.type)].filter((t) => t !== undefined)),
    ...Object.values(model.headers).map((h) => h.type),
  ];
  return fields.some(isAny);
}

/** The header parts any operation of the service declares (input or output), in first-declared order. */
export function headerParts(model: ServiceModel, which: 'inputHeaders' | 'outputHeaders'): string[] {
  return [...new Set(model.operations.flatMap((o) => o[which]))];
}

/**
 * The header type of one operation: the service's header interface when the operation declares
 * every part of it, else `Pick<Interface, 'A' | 'B'>` of the parts it declares (it sends only those).
 */
export function operationHeaders(model: ServiceModel, op: OperationDecl, which: 'inputHeaders' | 'outputHeaders', serviceInterface: string): string {
  const own = new Set(op[which]);
  const all = headerParts(model, which);
  if (all.every((p) => own.has(p))) return serviceInterface;
  return `Pick<${serviceInterface}, ${own.size === 0 ? 'never' : all.filter((p) => own.has(p)).map(quote).join(' | ')}>`;
}
