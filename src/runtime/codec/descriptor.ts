/**
 * Service descriptors: the data the generator emits for each service and the runtime is driven by
 * (encoder, decoder, client, simulator, REST mapping). Plain, readonly data; no behaviour.
 *
 * Type references are strings: a builtin in its XSD form (`xs:int`, `xs:dateTime`, `ser:guid`, …)
 * or the TypeScript name of a named type in `ServiceDescriptor.types` (names never contain `:`).
 * A namespace (`ns`) left out means the owner's namespace: the service namespace for wrappers and
 * headers, the type's namespace for its fields and items.
 */

/**
 * The builtin XSD types the runtime knows: every XSD 1.0 builtin (docs/guide/xsd-mapping.md gives
 * each one's TypeScript type and lexical check) and the Microsoft serialization simple types.
 */
export type BuiltinType =
  | 'xs:string' | 'xs:int' | 'xs:short' | 'xs:boolean' | 'xs:dateTime' | 'xs:long' | 'xs:decimal'
  | 'xs:double' | 'xs:float' | 'xs:byte' | 'xs:unsignedByte' | 'xs:unsignedShort' | 'xs:unsignedInt'
  | 'xs:unsignedLong' | 'xs:base64Binary' | 'xs:anyType' | 'xs:anyURI' | 'xs:QName' | 'xs:duration'
  | 'xs:anySimpleType' | 'xs:normalizedString' | 'xs:token' | 'xs:language' | 'xs:Name' | 'xs:NCName'
  | 'xs:NMTOKEN' | 'xs:NMTOKENS' | 'xs:ID' | 'xs:IDREF' | 'xs:IDREFS' | 'xs:ENTITY' | 'xs:ENTITIES' | 'xs:NOTATION'
  | 'xs:integer' | 'xs:nonNegativeInteger' | 'xs:positiveInteger' | 'xs:nonPositiveInteger' | 'xs:negativeInteger'
  | 'xs:date' | 'xs:time' | 'xs:gYear' | 'xs:gYearMonth' | 'xs:gMonth' | 'xs:gMonthDay' | 'xs:gDay'
  | 'xs:hexBinary'
  | 'ser:guid' | 'ser:char' | 'ser:duration';

/** One element of a sequence. */
export interface FieldDescriptor {
  /** Absent for an element (the other particles, `GroupDescriptor` and `WildcardDescriptor`, set it). */
  readonly kind?: undefined;
  /** Wire element name. */
  readonly name: string;
  /** Builtin (`xs:int`) or named type (`ChatMessage`). */
  readonly type: string;
  /** Namespace of the element when it differs from the owner's; `''` = an unqualified element (no namespace, no prefix). */
  readonly ns?: string;
  /** The JS property when it is not `name` (a member-name clash; rules in docs/guide/xsd-mapping.md). */
  readonly key?: string;
  /**
   * Alternative of the owner's single (not repeated) `xs:choice` number `choice` (0, 1, … per owner):
   * at most one alternative of a choice is present (TS: a union of exclusive alternatives).
   */
  readonly choice?: number;
  /** With `choice`: the index of the alternative this field belongs to (the fields of one alternative, e.g. an inner sequence, share it). */
  readonly alternative?: number;
  /** `minOccurs="0"`: may be absent. */
  readonly optional?: boolean;
  /** `nillable="true"`: may be `xsi:nil`. */
  readonly nillable?: boolean;
  /** `maxOccurs` above 1: a repeated element, a JS array. */
  readonly repeated?: boolean;
}

/**
 * A repeated `xs:sequence` or `xs:choice` (maxOccurs > 1) inside a content model: its occurrences
 * as an array of objects in wire order, under the property `key`. For a choice every object has
 * exactly one member (`[{ A: x }, { B: y }]`); for a sequence each object holds one occurrence's members.
 */
export interface GroupDescriptor {
  /** Discriminant of `ParticleDescriptor`. */
  readonly kind: 'group';
  /** The JS property holding the occurrences (`$choice`, `$sequence`, numbered when a type has several). */
  readonly key: string;
  /** An `xs:choice` (else an `xs:sequence`). */
  readonly choice?: boolean;
  /** `minOccurs="0"`: the property may be absent (an empty array is written as nothing). */
  readonly optional?: boolean;
  /** The members of one occurrence, in schema order. */
  readonly fields: readonly (FieldDescriptor | WildcardDescriptor)[];
}

/**
 * `xs:any`: elements of any name at this position, kept losslessly as raw XML text (each element
 * serialized with the namespace declarations it needs), under the property `key`.
 */
export interface WildcardDescriptor {
  /** Discriminant of `ParticleDescriptor`. */
  readonly kind: 'any';
  /** The JS property (`$any`, numbered when a type has several). */
  readonly key: string;
  /** `minOccurs="0"`. */
  readonly optional?: boolean;
  /** `maxOccurs` above 1: a `string[]`, else one `string`. */
  readonly repeated?: boolean;
}

/** A particle of a content model: an element, a repeated group, or a wildcard. */
export type ParticleDescriptor = FieldDescriptor | GroupDescriptor | WildcardDescriptor;

/** An `xs:attribute` of a complex type: a property beside the elements. */
export interface AttributeDescriptor {
  /** Wire attribute name. */
  readonly name: string;
  /** Builtin or named simple type (enum, flags, list, alias). */
  readonly type: string;
  /** Namespace of a qualified attribute (`form="qualified"`, or a global attribute of a schema with a target namespace); absent = no namespace. */
  readonly ns?: string;
  /** The JS property when it is not `name` (a clash with an element; docs/guide/xsd-mapping.md). */
  readonly key?: string;
  /** `use="required"` (else the property is optional). */
  readonly required?: boolean;
}

interface NamedTypeBase {
  /** The XSD type name (used for `xsi:type`). */
  readonly name: string;
  /** The type's namespace when it is not the service namespace. */
  readonly ns?: string;
}

/** An XSD complexType with a sequence of elements (possibly extending a base type). */
export interface ComplexTypeDescriptor extends NamedTypeBase {
  /** Discriminant of `TypeDescriptor`. */
  readonly kind: 'complex';
  /** TS name of the base type (`xs:extension`). Base fields come first on the wire. */
  readonly base?: string;
  /** `abstract="true"`: only derived types (with `$type`) appear on the wire. */
  readonly abstract?: boolean;
  /** Own fields (particles), in schema order. */
  readonly fields: readonly ParticleDescriptor[];
  /** Own attributes (the base's come first), as properties beside the elements. */
  readonly attributes?: readonly AttributeDescriptor[];
  /** `xs:anyAttribute`: other attributes kept as `$attributes: Record<string, string>` (key `local`, or `{ns}local` when qualified). */
  readonly anyAttribute?: boolean;
  /** `xs:simpleContent`: the element's text content is the property `$value` of this builtin or simple type (then `fields` is empty). */
  readonly text?: string;
}

/** An `xs:list` of a simple type that is not an enumeration: one element, items separated by spaces; a JS array. */
export interface ListTypeDescriptor extends NamedTypeBase {
  /** Discriminant of `TypeDescriptor`. */
  readonly kind: 'list';
  /** The item type: a builtin or a named simple type. */
  readonly item: string;
}

/** An XSD enumeration: one of `values` on the wire. */
export interface EnumTypeDescriptor extends NamedTypeBase {
  /** Discriminant of `TypeDescriptor`. */
  readonly kind: 'enum';
  /** The allowed wire values, in schema order. */
  readonly values: readonly string[];
  /** WCF `EnumerationValue` annotations, for values that have one. */
  readonly numeric?: Readonly<Record<string, number>>;
}

/** An `xs:list` of an enumeration (WCF flags): one element, the set values separated by spaces. */
export interface FlagsTypeDescriptor extends NamedTypeBase {
  /** Discriminant of `TypeDescriptor`. */
  readonly kind: 'flags';
  /** The flag names, in schema order. */
  readonly values: readonly string[];
  /** WCF `EnumerationValue` annotations (bit values), for flags that have one. */
  readonly numeric?: Readonly<Record<string, number>>;
}

/** A WCF `ArrayOfX` wrapper: repeated item elements, a JS array. */
export interface ArrayTypeDescriptor extends NamedTypeBase {
  /** Discriminant of `TypeDescriptor`. */
  readonly kind: 'array';
  /** The repeated item element. */
  readonly item: {
    /** Item element name, e.g. `ChatMessage` or `int`. */
    readonly name: string;
    /** Item type: a builtin or a named type. */
    readonly type: string;
    /** Item namespace when it differs from the array type's (e.g. Microsoft Arrays for `ArrayOfint`). */
    readonly ns?: string;
    /** Items may be `xsi:nil` (`null` in the array). */
    readonly nillable?: boolean;
  };
}

/** A WCF dictionary (`IsDictionary`): key/value entry elements, a `Record` in JS. */
export interface DictionaryTypeDescriptor extends NamedTypeBase {
  /** Discriminant of `TypeDescriptor`. */
  readonly kind: 'dictionary';
  /** Entry element name, e.g. `StringKeyValuePair`. */
  readonly entry: string;
  /** The key element of an entry. */
  readonly key: {
    /** Element name, e.g. `Key`. */
    readonly name: string;
    /** Key type (`xs:string` → string keys, a numeric builtin → number keys). */
    readonly type: string;
    /** The key may be `xsi:nil`. */
    readonly nillable?: boolean;
  };
  /** The value element of an entry. */
  readonly value: {
    /** Element name, e.g. `Value`. */
    readonly name: string;
    /** Value type: a builtin or a named type. */
    readonly type: string;
    /** The value may be `xsi:nil` (`null`). */
    readonly nillable?: boolean;
  };
}

/** A named simpleType that restricts a builtin (e.g. a pattern on `xs:string`): mapped as the builtin. */
export interface AliasTypeDescriptor extends NamedTypeBase {
  /** Discriminant of `TypeDescriptor`. */
  readonly kind: 'alias';
  /** The builtin it restricts. */
  readonly base: string;
}

/** A named type of a service, told apart by `kind`. */
export type TypeDescriptor =
  | ComplexTypeDescriptor
  | EnumTypeDescriptor
  | FlagsTypeDescriptor
  | ArrayTypeDescriptor
  | DictionaryTypeDescriptor
  | AliasTypeDescriptor
  | ListTypeDescriptor;

/** A document/literal wrapper element: `<Op>` or `<Op>Response`. */
export interface WrapperDescriptor {
  /** Element name: the operation name, or the operation name + `Response`. */
  readonly element: string;
  /** Element namespace when it is not the service namespace. */
  readonly ns?: string;
  /** The wrapper's children, in schema order. */
  readonly fields: readonly ParticleDescriptor[];
  /**
   * Set when the body element is not a wrapper of an inline sequence (document/literal "bare": an
   * element of a named type, a simple type, or untyped = `xs:anyType`): the call's value is a value
   * of this type (then `fields` is empty).
   */
  readonly type?: string;
}

/** A `wsdl:fault` of an operation: its detail element, decoded into `SoapFaultError.detail`. */
export interface FaultDescriptor {
  /** The `wsdl:fault` name. */
  readonly name: string;
  /** The detail element's name. */
  readonly element: string;
  /** The detail element's namespace when it is not the service namespace (`''` = unqualified). */
  readonly ns?: string;
  /** The detail element's type: a builtin or a named type. */
  readonly type: string;
}

/** One WSDL operation: its wrappers, headers, SOAPAction and whether it is safe to retry. */
export interface OperationDescriptor {
  /** WSDL operation name. */
  readonly name: string;
  /** Client method name (camelCase). */
  readonly method: string;
  /** `soapAction` from the binding, unquoted. */
  readonly soapAction: string;
  /** The request wrapper (`<Op>`). */
  readonly input: WrapperDescriptor;
  /** The response wrapper (`<Op>Response`). */
  readonly output: WrapperDescriptor;
  /** Header part names the input declares, in binding order (keys of `ServiceDescriptor.headers`). */
  readonly inputHeaders: readonly string[];
  /** Header part names the output declares (keys of `ServiceDescriptor.headers`). */
  readonly outputHeaders: readonly string[];
  /** Safe to retry: a replay cannot change server state. */
  readonly safe: boolean;
  /**
   * One-way (a WSDL input without output): nothing is decoded; the call resolves when the server
   * accepts (HTTP 202 or 200 with an empty body). `output` is then an empty wrapper never seen on the wire.
   */
  readonly oneWay?: boolean;
  /** rpc/literal: the wrappers are named after the operation (and `<Op>Response`) in the `soap:body` namespace; parts are unqualified children. */
  readonly style?: 'rpc';
  /** The faults the operation declares (`wsdl:fault`), by detail element. */
  readonly faults?: readonly FaultDescriptor[];
}

/** A SOAP header block (a `soap:header` part), e.g. `Credentials` of type `SoCredentials`. */
export interface HeaderDescriptor {
  /** Element name of the header block. */
  readonly name: string;
  /** Type of the block: a builtin (`ApplicationToken` is `xs:string`) or a named type. */
  readonly type: string;
  /** Element namespace when it is not the service namespace. */
  readonly ns?: string;
  /** The block may be `xsi:nil`. */
  readonly nillable?: boolean;
}

/** Everything the runtime needs to know about one service (one WSDL portType), as plain data. */
export interface ServiceDescriptor {
  /** Service (portType) name, e.g. `Chat`. */
  readonly name: string;
  /** Target namespace of the service and its wrappers. */
  readonly namespace: string;
  /** The SOAP version of the binding: 1.1 (`text/xml`, SOAPAction header) or 1.2 (`application/soap+xml; action=…`). */
  readonly soapVersion: '1.1' | '1.2';
  /** Header elements by part name. */
  readonly headers: Readonly<Record<string, HeaderDescriptor>>;
  /** Operations by WSDL operation name. */
  readonly operations: Readonly<Record<string, OperationDescriptor>>;
  /** Named types by TS name. */
  readonly types: Readonly<Record<string, TypeDescriptor>>;
}

/** Phantom key that ties a descriptor to the typed client interface generated beside it. */
export declare const clientType: unique symbol;

/** Phantom key that ties a descriptor to the request header type generated beside it. */
export declare const requestHeadersType: unique symbol;

/**
 * A service descriptor that knows its generated client interface `C` (so `createClient(ChatService, …)`
 * is typed) and its request header parts `H` (the type of `ClientOptions.headers`).
 */
export interface TypedServiceDescriptor<C, H extends object = Record<string, unknown>> extends ServiceDescriptor {
  /** Type-level only (never set at run time): the client interface `createClient` returns. */
  readonly [clientType]?: C;
  /** Type-level only (never set at run time): the header values a client of this service sends (`ClientOptions.headers`). */
  readonly [requestHeadersType]?: H;
}
