/**
 * Service descriptors: the data the generator emits for each service and the runtime is driven by
 * (encoder, decoder, client, simulator, REST mapping). Plain, readonly data; no behaviour.
 *
 * Type references are strings: a builtin in its XSD form (`xs:int`, `xs:dateTime`, `ser:guid`, …)
 * or the TypeScript name of a named type in `ServiceDescriptor.types` (names never contain `:`).
 * A namespace (`ns`) left out means the owner's namespace: the service namespace for wrappers and
 * headers, the type's namespace for its fields and items.
 */

/** The builtin XSD types the runtime knows (DESIGN.md §2 and the Microsoft serialization schema). */
export type BuiltinType =
  | 'xs:string' | 'xs:int' | 'xs:short' | 'xs:boolean' | 'xs:dateTime' | 'xs:long' | 'xs:decimal'
  | 'xs:double' | 'xs:float' | 'xs:byte' | 'xs:unsignedByte' | 'xs:unsignedShort' | 'xs:unsignedInt'
  | 'xs:unsignedLong' | 'xs:base64Binary' | 'xs:anyType' | 'xs:anyURI' | 'xs:QName' | 'xs:duration'
  | 'ser:guid' | 'ser:char' | 'ser:duration';

/** One element of a sequence. */
export interface FieldDescriptor {
  /** Wire element name. */
  readonly name: string;
  /** Builtin (`xs:int`) or named type (`ChatMessage`). */
  readonly type: string;
  /** Namespace of the element when it differs from the owner's. */
  readonly ns?: string;
  /** `minOccurs="0"`: may be absent. */
  readonly optional?: boolean;
  /** `nillable="true"`: may be `xsi:nil`. */
  readonly nillable?: boolean;
  /** `maxOccurs` above 1: a repeated element, a JS array. */
  readonly repeated?: boolean;
}

interface NamedTypeBase {
  /** The XSD type name (used for `xsi:type`). */
  readonly name: string;
  /** The type's namespace when it is not the service namespace. */
  readonly ns?: string;
}

export interface ComplexTypeDescriptor extends NamedTypeBase {
  readonly kind: 'complex';
  /** TS name of the base type (`xs:extension`). Base fields come first on the wire. */
  readonly base?: string;
  readonly abstract?: boolean;
  /** Own fields, in schema order. */
  readonly fields: readonly FieldDescriptor[];
}

export interface EnumTypeDescriptor extends NamedTypeBase {
  readonly kind: 'enum';
  readonly values: readonly string[];
  /** WCF `EnumerationValue` annotations, for values that have one. */
  readonly numeric?: Readonly<Record<string, number>>;
}

export interface FlagsTypeDescriptor extends NamedTypeBase {
  readonly kind: 'flags';
  readonly values: readonly string[];
  readonly numeric?: Readonly<Record<string, number>>;
}

export interface ArrayTypeDescriptor extends NamedTypeBase {
  readonly kind: 'array';
  readonly item: { readonly name: string; readonly type: string; readonly ns?: string; readonly nillable?: boolean };
}

export interface DictionaryTypeDescriptor extends NamedTypeBase {
  readonly kind: 'dictionary';
  /** Entry element name, e.g. `StringKeyValuePair`. */
  readonly entry: string;
  readonly key: { readonly name: string; readonly type: string; readonly nillable?: boolean };
  readonly value: { readonly name: string; readonly type: string; readonly nillable?: boolean };
}

export interface AliasTypeDescriptor extends NamedTypeBase {
  readonly kind: 'alias';
  /** The builtin it restricts. */
  readonly base: string;
}

export type TypeDescriptor =
  | ComplexTypeDescriptor
  | EnumTypeDescriptor
  | FlagsTypeDescriptor
  | ArrayTypeDescriptor
  | DictionaryTypeDescriptor
  | AliasTypeDescriptor;

/** A document/literal wrapper element: `<Op>` or `<Op>Response`. */
export interface WrapperDescriptor {
  readonly element: string;
  readonly ns?: string;
  readonly fields: readonly FieldDescriptor[];
}

export interface OperationDescriptor {
  /** WSDL operation name. */
  readonly name: string;
  /** Client method name (camelCase). */
  readonly method: string;
  /** `soapAction` from the binding, unquoted. */
  readonly soapAction: string;
  readonly input: WrapperDescriptor;
  readonly output: WrapperDescriptor;
  /** Header part names the input declares, in binding order (keys of `ServiceDescriptor.headers`). */
  readonly inputHeaders: readonly string[];
  readonly outputHeaders: readonly string[];
  /** Safe to retry: a replay cannot change server state. */
  readonly safe: boolean;
}

export interface HeaderDescriptor {
  /** Element name of the header block. */
  readonly name: string;
  readonly type: string;
  readonly ns?: string;
  readonly nillable?: boolean;
}

export interface ServiceDescriptor {
  /** Service (portType) name, e.g. `Chat`. */
  readonly name: string;
  /** Target namespace of the service and its wrappers. */
  readonly namespace: string;
  readonly soapVersion: '1.1';
  /** Header elements by part name. */
  readonly headers: Readonly<Record<string, HeaderDescriptor>>;
  /** Operations by WSDL operation name. */
  readonly operations: Readonly<Record<string, OperationDescriptor>>;
  /** Named types by TS name. */
  readonly types: Readonly<Record<string, TypeDescriptor>>;
}

/** Phantom key that ties a descriptor to the typed client interface generated beside it. */
export declare const clientType: unique symbol;

/** A service descriptor that knows its generated client interface `C` (so `createClient(ChatService, …)` is typed). */
export interface TypedServiceDescriptor<C> extends ServiceDescriptor {
  readonly [clientType]?: C;
}
