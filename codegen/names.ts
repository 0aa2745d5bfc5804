/**
 * Every naming rule of the generator. Wire names (XSD/WSDL) go in, TypeScript names come out; no
 * other module converts a name. The rules:
 * - a type keeps its XSD type name (never an element name); characters that cannot stand in an
 *   identifier become `_`, and a name that is a reserved word or a global the generated code
 *   uses gets a `_` suffix;
 * - two types with one local name in different namespaces: the service namespace keeps the name,
 *   the other gets `_` + a label of its namespace (`_Arrays`), then a number if still taken;
 * - the request/response interfaces of an operation are `<Op>Request` and `<Op>Response` (the
 *   WSDL message names); a clash with a type adds `_`, then a number;
 * - client methods are the operation name in camelCase; two operations whose camelCase names
 *   collide (`Delete`, `delete`) are told apart with `_`, then a number;
 * - the envelope builder of an operation is `encode<Op>`; every name the generated files export
 *   (types, wrappers, builders, the service's own names) is unique, because `index.ts`
 *   re-exports all of them: a clash adds `_`, then a number;
 * - property keys are the wire names, quoted when they are not identifiers.
 */

/** ECMAScript reserved words, strict-mode reserved words and TypeScript's own type keywords. */
export const RESERVED_WORDS: ReadonlySet<string> = new Set([
  'break', 'case', 'catch', 'class', 'const', 'continue', 'debugger', 'default', 'delete', 'do',
  'else', 'enum', 'export', 'extends', 'false', 'finally', 'for', 'function', 'if', 'import', 'in',
  'instanceof', 'new', 'null', 'return', 'super', 'switch', 'this', 'throw', 'true', 'try',
  'typeof', 'var', 'void', 'while', 'with', 'implements', 'interface', 'let', 'package', 'private',
  'protected', 'public', 'static', 'yield', 'await', 'async', 'arguments', 'eval',
  'any', 'unknown', 'never', 'object', 'string', 'number', 'boolean', 'symbol', 'bigint',
  'undefined', 'type', 'declare', 'namespace', 'module', 'keyof', 'readonly', 'infer', 'is',
  'asserts', 'abstract', 'as', 'from', 'of', 'satisfies', 'accessor', 'constructor', 'global',
]);

/** Globals and runtime names the generated code refers to: a type of that name would shadow them. */
export const SHADOWED_GLOBALS: ReadonlySet<string> = new Set([
  'Date', 'Uint8Array', 'Record', 'Readonly', 'ReadonlyArray', 'Array', 'Promise', 'Object',
  'String', 'Number', 'Boolean', 'Symbol', 'Error', 'Partial', 'Required', 'Pick', 'Omit',
  'AnyValue', 'OperationMethod', 'ServiceDescriptor', 'CallOptions', 'encodeRequest',
]);

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** Whether `name` can be written as a bare property key / identifier. */
export function isIdentifier(name: string): boolean {
  return IDENTIFIER.test(name);
}

/** A property key as written in TypeScript: bare when it is an identifier, else single-quoted. */
export function propertyKey(wireName: string): string {
  return isIdentifier(wireName) ? wireName : `'${wireName.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/** Make `raw` a safe declaration name: invalid characters → `_`, reserved words and shadowed globals get `_` appended. */
export function safeIdentifier(raw: string): string {
  let name = raw.replace(/[^A-Za-z0-9_$]/g, '_');
  if (!/^[A-Za-z_$]/.test(name)) name = `_${name}`;
  if (RESERVED_WORDS.has(name) || SHADOWED_GLOBALS.has(name)) name = `${name}_`;
  return name;
}

/** `GetChatMessages` → `getChatMessages`; a leading acronym is lowered as a word (`URLFetch` → `urlFetch`). */
export function camelCase(name: string): string {
  const m = /^([A-Z]+)(?=[A-Z][a-z]|[0-9]|$)/.exec(name);
  if (m && m[1].length > 1) return m[1].toLowerCase() + name.slice(m[1].length);
  return name.charAt(0).toLowerCase() + name.slice(1);
}

/** A short label for a namespace, used only to tell apart types that share a local name. */
export function namespaceLabel(ns: string): string {
  const last = ns.replace(/\/+$/, '').split(/[/:]/).pop() ?? '';
  return safeIdentifier(last.charAt(0).toUpperCase() + last.slice(1)) || 'Ns';
}

/**
 * Hands out unique TypeScript declaration names within one generated service. `claim` returns the
 * first free name of `base`, `base_`, `base_2`, `base_3`, …
 */
export class NameScope {
  private readonly taken = new Set<string>();

  constructor(reserved: Iterable<string> = []) {
    for (const r of reserved) this.taken.add(r);
  }

  has(name: string): boolean {
    return this.taken.has(name);
  }

  claim(base: string): string {
    let name = base;
    for (let n = 1; this.taken.has(name); n++) name = n === 1 ? `${base}_` : `${base}_${n}`;
    this.taken.add(name);
    return name;
  }
}

/** The fixed declaration names of a generated service (claimed before any XSD type). */
export function serviceNames(service: string): {
  descriptor: string;
  client: string;
  requestHeaders: string;
  responseHeaders: string;
  operations: string;
} {
  const s = safeIdentifier(service);
  return {
    descriptor: `${s}Service`,
    client: `${s}Client`,
    requestHeaders: `${s}RequestHeaders`,
    responseHeaders: `${s}ResponseHeaders`,
    operations: `${s}Operations`,
  };
}

/** The name of an operation's typed envelope builder (made unique by the caller's NameScope). */
export function envelopeBuilderName(operation: string): string {
  return `encode${operation.replace(/[^A-Za-z0-9_$]/g, '_')}`;
}

/**
 * The JS property keys of one object's members (a complex type with its base chain, or one
 * occurrence of a repeated group): the wire name, and for a name already taken by an earlier
 * member `name_2`, `name_3`, … (docs/guide/xsd-mapping.md, "Member names").
 */
export class MemberScope {
  private readonly taken: Set<string>;

  constructor(taken: Iterable<string> = []) {
    this.taken = new Set(taken);
  }

  claim(name: string): string {
    let key = name;
    for (let n = 2; this.taken.has(key); n++) key = `${name}_${n}`;
    this.taken.add(key);
    return key;
  }
}
