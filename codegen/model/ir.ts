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

/**
 * Every XSD 1.0 builtin, plus the simple types the Microsoft serialization schema declares
 * (docs/guide/xsd-mapping.md gives each one's TypeScript type).
 */
export const BUILTINS = [
  'xs:string', 'xs:int', 'xs:short', 'xs:boolean', 'xs:dateTime', 'xs:long', 'xs:decimal',
  'xs:double', 'xs:float', 'xs:byte', 'xs:unsignedByte', 'xs:unsignedShort', 'xs:unsignedInt',
  'xs:unsignedLong', 'xs:base64Binary', 'xs:anyType', 'xs:anyURI', 'xs:QName', 'xs:duration',
  'ser:guid', 'ser:char', 'ser:duration',
  'xs:anySimpleType', 'xs:normalizedString', 'xs:token', 'xs:language', 'xs:Name', 'xs:NCName',
  'xs:NMTOKEN', 'xs:NMTOKENS', 'xs:ID', 'xs:IDREF', 'xs:IDREFS', 'xs:ENTITY', 'xs:ENTITIES', 'xs:NOTATION',
  'xs:integer', 'xs:nonNegativeInteger', 'xs:positiveInteger', 'xs:nonPositiveInteger', 'xs:negativeInteger',
  'xs:date', 'xs:time', 'xs:gYear', 'xs:gYearMonth', 'xs:gMonth', 'xs:gMonthDay', 'xs:gDay',
  'xs:hexBinary',
] as const;
export type BuiltinName = (typeof BUILTINS)[number];

/** One element of a content model (a field of a complex type, of a group or of an operation wrapper). */
export interface FieldDecl {
  /** Absent for an element (groups and wildcards set it). */
  kind?: undefined;
  /** Wire (XSD) element name. */
  name: string;
  /** The JS property when it is not `name` (the member-name clash rule: `Item`, `Item_2`). */
  key?: string;
  /** Namespace of the element on the wire; `''` = unqualified (no namespace). */
  ns: string;
  type: TypeRef;
  minOccurs: number;
  /** `1` or `'unbounded'` (or another number; anything above 1 is a repeated element). */
  maxOccurs: number | 'unbounded';
  nillable: boolean;
  /** Member of a single (not repeated) `xs:choice` of its owner: at most one alternative is present. */
  choice?: ChoiceMember;
  source: Source;
}

/** Where a field stands in a single `xs:choice`. */
export interface ChoiceMember {
  /** The choice's number among its owner's choices (0, 1, …). */
  index: number;
  /** The alternative's number in the choice (the fields of one alternative share it). */
  alternative: number;
  /** `minOccurs="0"` on the choice: no alternative at all is allowed too. */
  optional: boolean;
}

/** A repeated `xs:sequence`/`xs:choice` (maxOccurs > 1): an array of objects under `key`. */
export interface GroupDecl {
  kind: 'group';
  key: string;
  choice: boolean;
  minOccurs: number;
  maxOccurs: number | 'unbounded';
  /** The members of one occurrence (keys unique within the occurrence). */
  fields: (FieldDecl | WildcardDecl)[];
  source: Source;
}

/** `xs:any`: elements of any name, kept as raw XML text under `key`. */
export interface WildcardDecl {
  kind: 'any';
  key: string;
  /** An element of mixed content kept whole as raw XML (not an xs:any): its name, for the docs. */
  element?: QName;
  minOccurs: number;
  maxOccurs: number | 'unbounded';
  source: Source;
}

export type ParticleDecl = FieldDecl | GroupDecl | WildcardDecl;

/** An `xs:attribute` of a complex type: a property beside the elements. */
export interface AttributeDecl {
  /** Wire attribute name. */
  name: string;
  /** The JS property when it is not `name` (a clash with an element). */
  key?: string;
  /** `''` = no namespace (the usual, unqualified attribute). */
  ns: string;
  /** A builtin or a named simple type. */
  type: TypeRef;
  required: boolean;
  source: Source;
}

interface TypeDeclBase {
  /** The XSD type name and namespace. */
  qname: QName;
  /** The TypeScript name, decided by names.ts. */
  tsName: string;
  source: Source;
}

/**
 * `xs:complexType`: a content model (sequence, choice, all, groups), attributes, or simple content;
 * optionally `xs:complexContent/xs:extension` of `base`.
 */
export interface ComplexTypeDecl extends TypeDeclBase {
  kind: 'complex';
  base?: string;
  abstract: boolean;
  /** Own particles only, in schema order; the base's come first on the wire. */
  fields: ParticleDecl[];
  /** Own attributes, in schema order (the base's come first). */
  attributes?: AttributeDecl[];
  /** `xs:anyAttribute` (here or in the base chain): other attributes kept as `$attributes`. */
  anyAttribute?: boolean;
  /** `xs:simpleContent`: the type of the text content (`$value`). */
  text?: TypeRef;
  /** `mixed="true"`: an element of this type is kept as raw XML (a WildcardDecl with `element`), never as this interface. */
  mixed?: boolean;
  /** An anonymous type: its path (`Owner/Element`, `/GlobalElement`); it never appears as `xsi:type`. */
  anonymous?: boolean;
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

/** `xs:simpleType/xs:list` of a non-enumeration simple type: a JS array, one space-separated element. */
export interface ListTypeDecl extends TypeDeclBase {
  kind: 'list';
  item: TypeRef;
}

/** A named simple type that restricts a builtin without enumerations (e.g. `ser:guid`), or an `xs:union` (alias of `xs:string`). */
export interface AliasTypeDecl extends TypeDeclBase {
  kind: 'alias';
  base: TypeRef;
}

export type TypeDecl = ComplexTypeDecl | EnumTypeDecl | FlagsTypeDecl | ArrayTypeDecl | DictionaryTypeDecl | AliasTypeDecl | ListTypeDecl;

/** A SOAP header part: a global element of the schema. */
export interface HeaderDecl {
  name: string;
  ns: string;
  type: TypeRef;
  nillable: boolean;
  source: Source;
}

/**
 * The body element of a message: a wrapper of document/literal wrapped style (`<Op>` or
 * `<Op>Response`: an inline content model, its children are `fields`), an rpc wrapper (named
 * after the operation, its children are the parts), or a bare body element (`type` set, `fields`
 * empty: the call's value is a value of that type).
 */
export interface WrapperDecl {
  element: QName;
  fields: ParticleDecl[];
  /** Bare (not wrapped) document/literal: the body element's type (`xs:anyType` when untyped). */
  type?: TypeRef;
  source: Source;
}

/** A `wsdl:fault` of an operation: the detail element the SOAP Fault carries. */
export interface FaultDecl {
  /** The `wsdl:fault` name. */
  name: string;
  /** The detail element (a global element). */
  element: QName;
  /** The detail element's type (`xs:anyType` when untyped). */
  type: TypeRef;
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
  /** The declared faults (`wsdl:fault`), in portType order. */
  faults: FaultDecl[];
  /** TS name of the union of the faults' detail types (`<Op>Fault`), when there are faults. */
  faultTsName?: string;
  /** One-way: a WSDL input without output (`output` is an empty wrapper never seen on the wire). */
  oneWay: boolean;
  /** `rpc` (rpc/literal: wrappers named after the operation, parts as unqualified children) or `document`. */
  style: 'document' | 'rpc';
  /**
   * Whether a retry cannot change server state: the Services88 name rule (Get*, Is*, …; never
   * Add/Save/Delete/Reset/…) for the Services88 namespace; false for any other service (its caller
   * lists safe operations at run time).
   */
  safeToRetry: boolean;
  documentation?: string;
  source: Source;
}

export interface ServiceModel {
  /** Service name from the portType (e.g. `Chat`). */
  name: string;
  namespace: string;
  /** The binding's SOAP version (its `soap:binding` or `soap12:binding`). */
  soapVersion: '1.1' | '1.2';
  /** The binding's name, e.g. `BasicHttpBinding_Chat`. */
  binding: string;
  /** The address in the WSDL's `soap:address`, if any. */
  address?: string;
  /** Header elements used by any operation, by element name. */
  headers: Record<string, HeaderDecl>;
  operations: OperationDecl[];
  /** Named types by key (see typeKey): complex types, then simple types, each in schema order. */
  types: Record<string, TypeDecl>;
  /** Operations left out (a message the WSDL does not declare), as zeep does: warned on stderr and in client.ts. */
  skipped?: SkippedOperation[];
}

/** An operation of the binding that is not generated, and why. */
export interface SkippedOperation {
  name: string;
  reason: string;
  source: Source;
}

/** The key of a named type in `ServiceModel.types`: `{namespace}localName`. */
export function typeKey(q: QName): string {
  return `{${q.ns}}${q.local}`;
}
