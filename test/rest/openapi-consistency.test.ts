/**
 * The OpenAPI description of the Chat agent against the generated descriptors and the REST
 * mapping table:
 *
 * - the 31 paths are the 31 WSDL operations;
 * - the REST mapping table (`src/runtime/rest/rest-mapping.ts`) equals what this test derives from the
 *   OpenAPI file for every operation (query parameters, body kind, 200/204, localized headers);
 * - every request carrier, query parameter, response and carrier schema property maps to the
 *   generated type: names (both directions), scalar types, enums;
 * - the flags zero-member names are the names the OpenAPI adds to the WSDL flags lists.
 *
 * Every difference found is a string; the set of them must equal `OPENAPI_EXCEPTIONS` exactly.
 */
import { readFileSync } from 'node:fs';
import { ChatService } from '../../src/index';
import type { FieldDescriptor, TypeDescriptor } from '../../src/runtime/codec/descriptor';
import { elementFields } from '../../src/runtime/codec/plan';
import { CHAT_FLAGS_ZERO_NAMES, CHAT_REST_MAPPING, type RestOperationMapping } from '../../src/runtime/rest/rest-mapping';
import { OPENAPI_EXCEPTIONS } from './openapi-exceptions';
import { OPENAPI_FILE, REPO, describeIfShared } from './shared';

interface Schema {
  type?: string;
  format?: string;
  enum?: string[];
  $ref?: string;
  items?: Schema;
  properties?: Record<string, Schema>;
  additionalProperties?: Schema;
}
interface Parameter {
  name: string;
  in: 'query' | 'header' | 'path';
  required?: boolean;
  schema: Schema;
}
interface Operation {
  operationId: string;
  parameters?: Parameter[];
  requestBody?: { content: Record<string, { schema: Schema }>; required?: boolean };
  responses: Record<string, { content?: Record<string, { schema: Schema }> }>;
}
interface OpenApi {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema> };
}

const T = ChatService.types;
const PREFIX = '/api/v1/Agents/Chat/';
const LOCALIZED_HEADERS = ['Accept-Language', 'SO-Language', 'SO-Culture', 'SO-TimeZone'];
const KNOWN_HEADERS = new Set([...LOCALIZED_HEADERS, 'SO-AppToken']);

const refName = (ref: string): string => ref.slice(ref.lastIndexOf('/') + 1);
/** `SuperOffice.CRM.Services.ChatSessionEntity` → `ChatSessionEntity` (the XSD/TS type name). */
const typeNameOf = (schemaName: string): string => schemaName.slice(schemaName.lastIndexOf('.') + 1);

function fieldsOf(name: string): FieldDescriptor[] {
  const d = T[name];
  if (d === undefined || d.kind !== 'complex') return [];
  return [...(d.base ? fieldsOf(d.base) : []), ...elementFields(d.fields, name)];
}

function describeSchema(s: Schema): string {
  if (s.$ref) return `$ref ${typeNameOf(refName(s.$ref))}`;
  if (s.type === 'array' && s.items) return `array of ${describeSchema(s.items)}`;
  if (s.type === 'object' && s.additionalProperties) return `object of ${describeSchema(s.additionalProperties)}`;
  return `${s.type ?? '?'}${s.format ? `/${s.format}` : ''}${s.enum ? ' enum' : ''}`;
}

const SCALARS: Record<string, string> = {
  'xs:int': 'integer/int32',
  'xs:long': 'integer/int64',
  'xs:double': 'number/double',
  'xs:float': 'number/float',
  'xs:boolean': 'boolean',
  'xs:dateTime': 'string/date-time',
  'xs:string': 'string',
  'xs:base64Binary': 'string/byte',
  'ser:guid': 'string/uuid',
};

/**
 * Compare an OpenAPI schema with a descriptor type reference (`xs:int`, `ChatSessionEntity`,
 * `ArrayOfint`…); push one difference per mismatch, prefixed with `where`.
 */
function compareType(where: string, s: Schema, type: string, diffs: string[]): void {
  const scalar = SCALARS[type];
  if (scalar !== undefined) {
    const oa = `${s.type ?? '?'}${s.format ? `/${s.format}` : ''}`;
    if (s.$ref || s.enum || oa !== scalar) diffs.push(`${where}: WSDL ${type}, OpenAPI ${describeSchema(s)}`);
    return;
  }
  if (type.includes(':')) {
    diffs.push(`${where}: WSDL ${type}, OpenAPI ${describeSchema(s)}`);
    return;
  }
  const d: TypeDescriptor | undefined = T[type];
  if (d === undefined) {
    diffs.push(`${where}: WSDL type ${type} is not generated`);
    return;
  }
  switch (d.kind) {
    case 'complex':
      if (!s.$ref || typeNameOf(refName(s.$ref)) !== type) diffs.push(`${where}: WSDL ${type}, OpenAPI ${describeSchema(s)}`);
      return;
    case 'enum':
    case 'flags': {
      if (s.type !== 'string') {
        diffs.push(`${where}: WSDL ${d.kind} ${type}, OpenAPI ${describeSchema(s)}`);
        return;
      }
      if (!s.enum) {
        diffs.push(`${where}: WSDL ${d.kind} ${type}, OpenAPI string without enum`);
        return;
      }
      const extra = s.enum.filter((v) => !d.values.includes(v));
      const missing = d.values.filter((v) => !s.enum!.includes(v));
      if (extra.length > 0) diffs.push(`${where}: OpenAPI enum adds ${extra.join(', ')} to the WSDL ${d.kind} ${type}`);
      if (missing.length > 0) diffs.push(`${where}: OpenAPI enum lacks ${missing.join(', ')} of the WSDL ${d.kind} ${type}`);
      if (extra.length === 0 && missing.length === 0 && s.enum.join() !== d.values.join()) diffs.push(`${where}: enum order differs from the WSDL ${type}`);
      return;
    }
    case 'array':
      if (s.type !== 'array' || !s.items) diffs.push(`${where}: WSDL array ${type}, OpenAPI ${describeSchema(s)}`);
      else compareType(`${where}[]`, s.items, d.item.type, diffs);
      return;
    case 'dictionary':
      if (s.type !== 'object' || !s.additionalProperties) {
        diffs.push(`${where}: WSDL dictionary ${type}, OpenAPI ${describeSchema(s)}`);
        return;
      }
      if (d.key.type !== 'xs:string') diffs.push(`${where}: WSDL dictionary key ${d.key.type}, OpenAPI object keys are strings`);
      compareType(`${where}{}`, s.additionalProperties, d.value.type, diffs);
      return;
    case 'alias':
      compareType(where, s, d.base, diffs);
      return;
  }
}

/** Properties of a schema against the fields of a generated type, both directions. */
function compareProperties(where: string, s: Schema, fields: readonly FieldDescriptor[], diffs: string[]): void {
  const props = s.properties ?? {};
  for (const [name, p] of Object.entries(props)) {
    const f = fields.find((x) => x.name === name);
    if (f === undefined) diffs.push(`${where}.${name}: in the OpenAPI, not in the WSDL type`);
    else if (!f.repeated) compareType(`${where}.${name}`, p, f.type, diffs);
    else if (p.type !== 'array' || !p.items) diffs.push(`${where}.${name}: WSDL repeated ${f.type}, OpenAPI ${describeSchema(p)}`);
    else compareType(`${where}.${name}[]`, p.items, f.type, diffs);
  }
  for (const f of fields) if (!(f.name in props)) diffs.push(`${where}.${f.name}: in the WSDL type, not in the OpenAPI`);
}

/** The REST mapping of one operation, derived from its OpenAPI description. */
function deriveMapping(path: string, op: Operation, inputFields: readonly FieldDescriptor[]): RestOperationMapping {
  const params = op.parameters ?? [];
  const query = params.filter((p) => p.in === 'query' && p.name !== '$select').map((p) => ({ name: p.name, field: p.name.charAt(0).toUpperCase() + p.name.slice(1) }));
  const schema = op.requestBody?.content['application/json']?.schema;
  let body: RestOperationMapping['body'] = 'none';
  let entityField: string | undefined;
  if (schema?.$ref) {
    const name = refName(schema.$ref);
    if (name.includes('.ChatCarriers.')) body = 'request';
    else {
      body = 'entity';
      entityField = inputFields.find((f) => f.type === typeNameOf(name))?.name ?? `(no input field of type ${typeNameOf(name)})`;
    }
  }
  const response = op.responses['200'] ? 'json' : 'none';
  const localized = params.some((p) => p.in === 'header' && p.name === 'SO-TimeZone');
  return { path, query, body, ...(entityField === undefined ? {} : { entityField }), response, localized };
}

describeIfShared('OpenAPI (openapi-v3-ChatAgent.json) against the generated Chat types and the REST mapping', [OPENAPI_FILE], () => {
  const api = (): OpenApi => JSON.parse(readFileSync(OPENAPI_FILE, 'utf8')) as OpenApi;

  test('the OpenAPI paths are exactly the 31 WSDL operations, all POST', () => {
    const paths = Object.keys(api().paths);
    expect(paths.every((p) => p.startsWith(PREFIX))).toBe(true);
    expect(paths.map((p) => p.slice(PREFIX.length)).sort()).toEqual(Object.keys(ChatService.operations).sort());
    for (const p of paths) expect(Object.keys(api().paths[p])).toEqual(['post']);
    expect(paths).toHaveLength(31);
  });

  test('the REST mapping table equals the mapping derived from the OpenAPI file, operation by operation', () => {
    const a = api();
    const derived: Record<string, RestOperationMapping> = {};
    for (const [path, item] of Object.entries(a.paths)) {
      const name = path.slice(PREFIX.length);
      derived[name] = deriveMapping(path, item.post, elementFields(ChatService.operations[name]?.input.fields ?? [], name));
    }
    expect(CHAT_REST_MAPPING.operations).toEqual(derived);
    // and it is not vacuous: every kind occurs
    const kinds = new Set(Object.values(derived).map((m) => `${m.body}/${m.response}/${m.query.length}`));
    expect([...kinds].sort()).toEqual(['entity/json/0', 'none/json/0', 'none/json/1', 'none/none/1', 'request/json/0', 'request/none/0']);
  });

  test('only known request headers; every operation takes SO-AppToken', () => {
    for (const [path, item] of Object.entries(api().paths)) {
      const headers = (item.post.parameters ?? []).filter((p) => p.in === 'header').map((p) => p.name);
      expect({ path, unknown: headers.filter((h) => !KNOWN_HEADERS.has(h)) }).toEqual({ path, unknown: [] });
      expect(headers).toContain('SO-AppToken');
      const localized = LOCALIZED_HEADERS.filter((h) => headers.includes(h));
      expect({ path, localized: localized.length === 0 || localized.length === LOCALIZED_HEADERS.length }).toEqual({ path, localized: true });
    }
  });

  test('the flags zero-member names are exactly the names the OpenAPI adds to the WSDL flags lists', () => {
    const a = api();
    const zero: Record<string, string> = {};
    const rule: string[] = [];
    for (const [schemaName, s] of Object.entries(a.components.schemas)) {
      const fields = fieldsOf(typeNameOf(schemaName));
      for (const [prop, p] of Object.entries(s.properties ?? {})) {
        const f = fields.find((x) => x.name === prop);
        const d = f && T[f.type];
        if (d?.kind !== 'flags') continue;
        // The schema's form of a flags value: one string (never an array) …
        rule.push(`${typeNameOf(schemaName)}.${prop}: ${p.type}`);
        if (!p.enum) continue;
        // … whose enum is the WSDL names plus at most one more: the zero member.
        const extra = p.enum.filter((v) => !d.values.includes(v));
        expect(extra.length).toBeLessThanOrEqual(1);
        if (extra.length === 1) {
          expect(zero[f!.type] ?? extra[0]).toBe(extra[0]);
          zero[f!.type] = extra[0];
        }
      }
    }
    expect(rule.sort()).toEqual([
      'ChatSessionEntity.Flags: string',
      'ChatWidgetSettings.OfflineFields: string',
      'ChatWidgetSettings.RequiredFields: string',
      'FieldRight.Mask: string',
      'TableRight.Mask: string',
    ]);
    expect(zero).toEqual(CHAT_FLAGS_ZERO_NAMES);
  });

  test('every difference between the OpenAPI file and the generated types is a named exception (and every exception still occurs)', () => {
    const a = api();
    const diffs: string[] = [];
    const selectOps: string[] = [];
    for (const [path, item] of Object.entries(a.paths)) {
      const name = path.slice(PREFIX.length);
      const op = item.post;
      const desc = ChatService.operations[name];
      expect(op.operationId).toBe(`v1ChatAgent_${name}`);
      const inputs = elementFields(desc.input.fields, name);
      const params = op.parameters ?? [];
      if (params.some((p) => p.in === 'query' && p.name === '$select')) selectOps.push(name);
      // query parameters ↔ input fields
      for (const p of params.filter((x) => x.in === 'query' && x.name !== '$select')) {
        const f = inputs.find((x) => x.name.toLowerCase() === p.name.toLowerCase());
        if (f === undefined) {
          diffs.push(`${name}: query parameter ${p.name} has no WSDL input field`);
          continue;
        }
        if (f.name !== p.name.charAt(0).toUpperCase() + p.name.slice(1)) diffs.push(`${name}.${f.name}: query parameter ${p.name} is not its camelCase`);
        compareType(`${name}.${f.name}`, p.schema, f.type, diffs);
        if (p.required && f.optional) diffs.push(`${name}.${f.name}: WSDL minOccurs=0, OpenAPI required query parameter ${p.name}`);
      }
      // request body ↔ input wrapper
      const schema = op.requestBody?.content['application/json']?.schema;
      const queried = new Set(params.filter((x) => x.in === 'query').map((x) => x.name.toLowerCase()));
      const bodyFields = inputs.filter((f) => !queried.has(f.name.toLowerCase()));
      if (schema?.$ref) {
        const schemaName = refName(schema.$ref);
        if (schemaName.includes('.ChatCarriers.')) {
          expect(typeNameOf(schemaName)).toBe(`${name}Request`);
          compareProperties(`${name}Request`, a.components.schemas[schemaName], bodyFields, diffs);
        } else {
          if (bodyFields.length !== 1) diffs.push(`${name}: the OpenAPI body is a bare ${typeNameOf(schemaName)}, the WSDL input has ${bodyFields.length} fields`);
          else compareType(`${name}.${bodyFields[0].name}`, schema, bodyFields[0].type, diffs);
        }
      } else if (bodyFields.length > 0) {
        diffs.push(`${name}: no OpenAPI request body for WSDL input fields ${bodyFields.map((f) => f.name).join(', ')}`);
      }
      // response ↔ output wrapper
      const out = elementFields(desc.output.fields, name);
      const ok = op.responses['200']?.content?.['application/json']?.schema;
      if (ok === undefined) {
        if (!op.responses['204']) diffs.push(`${name}: neither 200 with JSON nor 204`);
        if (out.length > 0) diffs.push(`${name}: OpenAPI 204, WSDL output has ${out.map((f) => f.name).join(', ')}`);
      } else if (out.length !== 1 || out[0].name !== 'Response') {
        diffs.push(`${name}: OpenAPI 200 JSON, WSDL output fields ${out.map((f) => f.name).join(', ') || '(none)'}`);
      } else {
        compareType(`${name}Response.Response`, ok, out[0].type, diffs);
      }
    }
    if (selectOps.length > 0) diffs.push(`query $select: optional on ${selectOps.length} operations, no WSDL input field`);
    // carrier schemas ↔ generated types
    for (const [schemaName, s] of Object.entries(a.components.schemas)) {
      if (schemaName.includes('.ChatCarriers.')) continue; // request carriers: compared per operation above
      const type = typeNameOf(schemaName);
      const d = T[type];
      if (d === undefined || d.kind !== 'complex') {
        diffs.push(`${type}: OpenAPI schema ${schemaName} has no generated complex type`);
        continue;
      }
      compareProperties(type, s, fieldsOf(type), diffs);
    }
    // Every request carrier is used by its operation.
    for (const schemaName of Object.keys(a.components.schemas).filter((n) => n.includes('.ChatCarriers.'))) {
      expect(Object.keys(ChatService.operations)).toContain(typeNameOf(schemaName).replace(/Request$/, ''));
    }
    expect(diffs.sort()).toEqual(Object.keys(OPENAPI_EXCEPTIONS).sort());
  });

  test('the REST guide lists every exception', () => {
    const readme = readFileSync(`${REPO}/docs/guide/rest.md`, 'utf8');
    const at = readme.indexOf('## REST Agents transport');
    expect(at).toBeGreaterThan(-1);
    const section = readme.slice(at);
    expect(section.length).toBeGreaterThan(100);
    const missing = Object.keys(OPENAPI_EXCEPTIONS).filter((k) => !section.includes(k));
    expect(missing).toEqual([]);
  });
});
