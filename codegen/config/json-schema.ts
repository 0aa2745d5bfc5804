/**
 * A validator for the part of JSON Schema (draft-07) that schema/so-soap.config.schema.json uses,
 * so the CLI checks a config against the very schema editors use (no second set of rules). A schema
 * keyword it does not know is an error, never silently ignored: the schema cannot outgrow it unnoticed.
 */

export type JsonSchema = { [keyword: string]: unknown };

/** Keywords that only annotate (editor help), never constrain. */
const ANNOTATIONS = new Set(['$schema', '$id', 'title', 'description', 'default', 'examples', 'definitions']);
const KEYWORDS = new Set(['type', 'properties', 'required', 'additionalProperties', 'items', 'minItems', 'enum', 'pattern', 'minimum', 'minLength', 'oneOf', 'not', '$ref']);

/** One violation: where (`services[2].name`, `(root)`) and what. */
export interface SchemaViolation {
  path: string;
  message: string;
}

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

function hasType(value: unknown, type: string): boolean {
  const actual = typeOf(value);
  return actual === type || (type === 'number' && actual === 'integer');
}

const at = (path: string, key: string | number) => (typeof key === 'number' ? `${path}[${key}]` : path ? `${path}.${key}` : key);

/** The violations of `value` against `schema` (empty when valid); `root` resolves `#/definitions/…`. */
export function validate(value: unknown, schema: JsonSchema, root: JsonSchema = schema, path = ''): SchemaViolation[] {
  const out: SchemaViolation[] = [];
  const fail = (message: string, where = path) => out.push({ path: where || '(root)', message });
  for (const keyword of Object.keys(schema)) {
    if (!KEYWORDS.has(keyword) && !ANNOTATIONS.has(keyword)) throw new Error(`JSON Schema keyword "${keyword}" is not supported by codegen/config/json-schema.ts`);
  }
  if (typeof schema.$ref === 'string') {
    const m = /^#\/definitions\/(.+)$/.exec(schema.$ref);
    const target = m ? (root.definitions as Record<string, JsonSchema> | undefined)?.[m[1]] : undefined;
    if (!target) throw new Error(`JSON Schema $ref "${schema.$ref}" does not resolve`);
    out.push(...validate(value, target, root, path));
  }
  if (typeof schema.type === 'string' && !hasType(value, schema.type)) {
    fail(`must be ${schema.type === 'integer' || schema.type === 'array' || schema.type === 'object' ? 'an' : 'a'} ${schema.type}, not ${typeOf(value)}`);
    return out;
  }
  if (Array.isArray(schema.enum) && !schema.enum.includes(value)) fail(`must be one of ${schema.enum.map((e) => JSON.stringify(e)).join(', ')}`);
  if (typeof value === 'string') {
    if (typeof schema.minLength === 'number' && value.length < schema.minLength) fail(schema.minLength === 1 ? 'must not be empty' : `must have at least ${schema.minLength} characters`);
    if (typeof schema.pattern === 'string' && !new RegExp(schema.pattern, 'u').test(value)) fail(`must match ${schema.pattern}`);
  }
  if (typeof value === 'number' && typeof schema.minimum === 'number' && value < schema.minimum) fail(`must be at least ${schema.minimum}`);
  if (Array.isArray(value)) {
    if (typeof schema.minItems === 'number' && value.length < schema.minItems) fail(`must have at least ${schema.minItems} item${schema.minItems === 1 ? '' : 's'}`);
    if (schema.items && typeof schema.items === 'object') value.forEach((item, i) => out.push(...validate(item, schema.items as JsonSchema, root, at(path, i))));
  }
  if (typeOf(value) === 'object') {
    const object = value as Record<string, unknown>;
    const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
    for (const name of (schema.required ?? []) as string[]) if (!(name in object)) fail(`"${name}" is required`);
    for (const [name, v] of Object.entries(object)) {
      if (properties[name]) out.push(...validate(v, properties[name], root, at(path, name)));
      else if (schema.additionalProperties === false) fail(`unknown property "${name}"`, at(path, name));
    }
  }
  if (Array.isArray(schema.oneOf)) {
    const results = (schema.oneOf as JsonSchema[]).map((s) => validate(value, s, root, path));
    const passing = results.filter((r) => r.length === 0).length;
    if (passing > 1) fail(`matches ${passing} alternatives, must match exactly one`);
    if (passing === 0) {
      // The alternative of the value's own type says what is wrong; failing that, all of them.
      const ofType = results.filter((r) => !r.some((v) => v.path === (path || '(root)') && v.message.startsWith('must be a')));
      out.push(...(ofType.length === 1 ? ofType[0] : results.flat()));
    }
  }
  if (schema.not && typeof schema.not === 'object' && validate(value, schema.not as JsonSchema, root, path).length === 0) {
    const required = (schema.not as JsonSchema).required;
    fail(Array.isArray(required) && Object.keys(schema.not as JsonSchema).length === 1 ? `${required.map((r) => `"${r}"`).join(' and ')} cannot be given together` : 'must not match the excluded form');
  }
  return out;
}
