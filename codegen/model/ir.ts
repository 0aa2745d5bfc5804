/**
 * The intermediate representation between WSDL/XSD parsing and emitting.
 * Plain JSON-serializable data (dump it with `so-soap generate --dump-ir`); every node carries the
 * `source` (file:line) it came from, for error messages and JSDoc back-references.
 */

/** Where a node was declared: the WSDL file and the 1-based line of its start tag. */
export interface Source {
  file: string;
  line: number;
}

/** A qualified name, kept as its two parts. Printed as `{ns}local` in keys and messages. */
export interface QName {
  ns: string;
  local: string;
}

/**
 * A reference to a type. Builtins are referenced by their XSD name in the `xs:` form the
 * runtime understands (`xs:int`, `xs:dateTime`, …; the Microsoft serialization simple types
 * `ser:guid`, `ser:char`, `ser:duration`). Named types are referenced by their key in
 * `ServiceModel.types` (see `typeKey`).
 */
export type TypeRef = { kind: 'builtin'; name: BuiltinName } | { kind: 'named'; key: string };

/** Every builtin found in the 58 Services88 WSDLs (DESIGN.md §2), plus the ones the serialization schema declares. */
export const BUILTINS = [
  'xs:string', 'xs:int', 'xs:short', 'xs:boolean', 'xs:dateTime', 'xs:long', 'xs:decimal',
  'xs:double', 'xs:float', 'xs:byte', 'xs:unsignedByte', 'xs:unsignedShort', 'xs:unsignedInt',
  'xs:unsignedLong', 'xs:base64Binary', 'xs:anyType', 'xs:anyURI', 'xs:QName', 'xs:duration',
  'ser:guid', 'ser:char', 'ser:duration',
] as const;
export type BuiltinName = (typeof BUILTINS)[number];

/** One element of a sequence (a field of a complex type or of an operation wrapper). */
export interface FieldDecl {
  /** Wire (XSD) element name. */
  name: string;
  /** Namespace of the element on the wire (elementFormDefault="qualified" → the schema's target namespace). */
  ns: string;
  type: TypeRef;
  minOccurs: number;
  /** `1` or `'unbounded'` (or another number; anything above 1 is a repeated element). */
  maxOccurs: number | 'unbounded';
  nillable: boolean;
  source: Source;
}

interface TypeDeclBase {
  /** The XSD type name and namespace. */
  qname: QName;
  /** The TypeScript name, decided by names.ts. */
  tsName: string;
  source: Source;
}

/** `xs:complexType` with a `xs:sequence`, optionally `xs:complexContent/xs:extension`. */
export interface ComplexTypeDecl extends TypeDeclBase {
  kind: 'complex';
  base?: string;
  abstract: boolean;
  /** Own fields only, in schema order; the base's fields come first on the wire. */
  fields: FieldDecl[];
}

/** `xs:simpleType/xs:restriction` with `xs:enumeration` facets. */
export interface EnumTypeDecl extends TypeDeclBase {
  kind: 'enum';
  values: EnumValue[];
}

export interface EnumValue {
  value: string;
  /** The WCF `ser:EnumerationValue` annotation, when the value is not its position. */
  numeric?: number;
}

/** `xs:simpleType/xs:list` of an anonymous enumeration: a WCF `[Flags]` enum. */
export interface FlagsTypeDecl extends TypeDeclBase {
  kind: 'flags';
  values: EnumValue[];
}

/** A WCF collection: `ArrayOfX`, one repeated element. */
export interface ArrayTypeDecl extends TypeDeclBase {
  kind: 'array';
  item: { name: string; ns: string; type: TypeRef; nillable: boolean };
}

/** A WCF dictionary (`IsDictionary` annotation): repeated `…KeyValuePair` entries of `Key`/`Value`. */
export interface DictionaryTypeDecl extends TypeDeclBase {
  kind: 'dictionary';
  entry: { name: string; ns: string };
  key: { name: string; type: TypeRef; nillable: boolean };
  value: { name: string; type: TypeRef; nillable: boolean };
}

/** A named simple type that restricts a builtin without enumerations (e.g. `ser:guid`). */
export interface AliasTypeDecl extends TypeDeclBase {
  kind: 'alias';
  base: TypeRef;
}

export type TypeDecl = ComplexTypeDecl | EnumTypeDecl | FlagsTypeDecl | ArrayTypeDecl | DictionaryTypeDecl | AliasTypeDecl;

/** A SOAP header part: a global element of the schema. */
export interface HeaderDecl {
  name: string;
  ns: string;
  type: TypeRef;
  nillable: boolean;
  source: Source;
}

/** A wrapper element of document/literal wrapped style (`<Op>` or `<Op>Response`). */
export interface WrapperDecl {
  element: QName;
  fields: FieldDecl[];
  source: Source;
}

export interface OperationDecl {
  /** WSDL operation name (PascalCase). */
  name: string;
  /** camelCase method name, decided by names.ts. */
  methodName: string;
  /** TS names of the request/response wrapper interfaces, decided by names.ts. */
  requestTsName: string;
  responseTsName: string;
  /** Name of the typed envelope builder (`encode<Op>`), decided by names.ts; unique among all exported names. */
  encoderName: string;
  soapAction: string;
  input: WrapperDecl;
  output: WrapperDecl;
  /** Names of the header parts the binding declares for input and output, in binding order. */
  inputHeaders: string[];
  outputHeaders: string[];
  /** Whether a retry cannot change server state (Get*, Is*, …; never Add/Save/Delete/Reset/…). */
  safeToRetry: boolean;
  documentation?: string;
  source: Source;
}

export interface ServiceModel {
  /** Service name from the portType (e.g. `Chat`). */
  name: string;
  namespace: string;
  soapVersion: '1.1';
  /** The binding's name, e.g. `BasicHttpBinding_Chat`. */
  binding: string;
  /** The address in the WSDL's `soap:address`, if any. */
  address?: string;
  /** Header elements used by any operation, by element name. */
  headers: Record<string, HeaderDecl>;
  operations: OperationDecl[];
  /** Named types by key (see typeKey): complex types, then simple types, each in schema order. */
  types: Record<string, TypeDecl>;
}

/** The key of a named type in `ServiceModel.types`: `{namespace}localName`. */
export function typeKey(q: QName): string {
  return `{${q.ns}}${q.local}`;
}
