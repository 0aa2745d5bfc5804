/** Emits `client.ts`: the typed client interface and the typed per-operation envelope builders. */
import type { OperationDecl, ServiceModel } from '../model/ir.js';
import { SERVICES88_NS } from '../model/retry-policy.js';
import { serviceNames } from '../names.js';
import { Printer } from './printer.js';
import { operationHeaders } from './typescript.js';

/** The properties every object has (`constructor`, `toString`, …). */
const OBJECT_MEMBERS = new Set(Object.getOwnPropertyNames(Object.prototype));

/**
 * What a method resolves to: `undefined` for a one-way operation or an empty wrapper, the value of
 * a bare body, the wrapper's `Response` value, else the whole wrapper.
 */
export function resultType(op: OperationDecl): string {
  if (op.oneWay) return 'undefined';
  if (op.output.type) return op.responseTsName;
  if (op.output.fields.length === 0) return 'undefined';
  if (op.output.fields.length === 1 && op.output.fields[0].kind === undefined && op.output.fields[0].name === 'Response') return `${op.responseTsName}['Response']`;
  return op.responseTsName;
}

/** Whether the client retries the operation: the descriptor's `safe`, or the caller's `safeOperations` for a service other than Services88. */
function retryNote(model: ServiceModel, op: OperationDecl): string {
  if (op.safeToRetry) return 'safe to retry';
  return model.namespace === SERVICES88_NS ? 'never retried' : 'not retried unless listed in `safeOperations`';
}

/** What a method's JSDoc says beyond its name: one-way, its faults. */
function operationNotes(op: OperationDecl): string[] {
  const notes: string[] = [];
  if (op.oneWay) notes.push('One-way: resolves `undefined` once the server accepts the request (HTTP 202, or 200 with an empty body).');
  if (op.faultTsName) {
    notes.push(`A declared SOAP Fault throws \`SoapFaultError\` whose \`detail\` is a \`${op.faultTsName}\` (${op.faults.map((f) => `\`${f.name}\``).join(', ')}); \`detailXml\` keeps the raw detail.`);
  }
  return notes;
}

export function emitClient(model: ServiceModel, header: string, runtimeModule: string, codecModule: string): string {
  const names = serviceNames(model.name);
  const p = new Printer();
  const required = (o: OperationDecl) => o.input.type !== undefined || o.input.fields.some((f) => f.minOccurs > 0);
  // `{}` is not assignable to a type with a field named like a member of every object (`constructor`):
  // the default input is then cast.
  const emptyInput = (o: OperationDecl) => (o.input.fields.some((f) => f.kind === undefined && OBJECT_MEMBERS.has(f.key ?? f.name)) ? ` = {} as ${o.requestTsName}` : ' = {}');
  // A call's `headers` are typed by the parts its operation declares (and, for SuperOffice's
  // services, the REST transport's per-call Language).
  const superOffice = model.namespace === SERVICES88_NS;
  const methodTypes: string[] = [...new Set(model.operations.map((o) => (required(o) ? 'OperationMethod' : 'OptionalInputMethod')))].sort();
  if (superOffice && model.operations.length > 0) methodTypes.push('SuperOfficeCallHeaders');
  const usedTypes = new Set<string>();
  for (const o of model.operations) {
    usedTypes.add(o.requestTsName);
    if (resultType(o) !== 'undefined') usedTypes.add(o.responseTsName);
  }
  p.line(header);
  p.line(`import { encodeRequest } from '${codecModule}';`);
  p.line(`import type { ${methodTypes.join(', ')} } from '${runtimeModule}';`);
  p.line(`import { ${names.descriptor} } from './descriptor.js';`);
  p.line(`import type {`);
  for (const n of [...usedTypes, names.requestHeaders, names.responseHeaders]) p.line(`  ${n},`);
  p.line(`} from './types.js';`);
  p.line();
  p.doc(
    `A typed client of the ${model.name} service: one method per operation, one request object per call.`,
    'Each method resolves to the output wrapper\'s `Response` value when that is its only child (as in Services88), else to the wrapper\'s children as one object (a bare body: its value); `undefined` for an empty wrapper or a one-way operation. With `{ withMeta: true }` to `{ data, headers, status, durationMs, attempts }`.',
    ...(model.skipped ?? []).map((s) => `Not generated: ${s.name} (${s.reason}, ${s.source.file}:${s.source.line}).`),
  );
  p.block(`export interface ${names.client} {`, () => {
    for (const op of model.operations) {
      p.doc(`${op.name} (${retryNote(model, op)}). ${op.source.file}:${op.source.line}`, ...operationNotes(op), op.documentation);
      const callHeaders = operationHeaders(model, op, 'inputHeaders', names.requestHeaders) + (superOffice ? ' & SuperOfficeCallHeaders' : '');
      p.line(`${op.methodName}: ${required(op) ? 'OperationMethod' : 'OptionalInputMethod'}<${op.requestTsName}, ${resultType(op)}, ${operationHeaders(model, op, 'outputHeaders', names.responseHeaders)}, ${callHeaders}>;`);
    }
  });
  for (const op of model.operations) {
    p.line();
    p.doc(`The SOAP ${model.soapVersion} request envelope of ${op.name}, with the header blocks it declares (${op.inputHeaders.join(', ') || 'none'}).`);
    p.block(`export function ${op.encoderName}(input: ${op.requestTsName}${required(op) ? '' : emptyInput(op)}, headers: ${operationHeaders(model, op, 'inputHeaders', names.requestHeaders)} = {}): string {`, () => {
      p.line(`return encodeRequest(${names.descriptor}, '${op.name}', input, headers);`);
    });
  }
  return p.toString();
}
