/**
 * `so-soap/codec`: the low-level SOAP 1.1 codec, synchronous, no I/O (DESIGN.md §5). One
 * descriptor-driven implementation for every operation of every service; `service` is a generated
 * (or dynamically built) service descriptor.
 *
 * - `encodeRequest(service, operation, input, headers)` → the request envelope text.
 * - `decodeResponse(service, operation, bytes, options)` → `{ headers, body }`, or throws
 *   `SoapFaultError` / `ResponseFormatError`.
 * - `encodeResponse` / `decodeRequest`: the same for the server side (simulator, tests).
 *
 * The data mapping is DESIGN.md §4; `toJsonForm` turns decoded values into its JSON form.
 */
import type { ServiceDescriptor } from './runtime/codec/descriptor.js';
import { RequestValidationError } from './runtime/client/errors.js';
import { decodeEnvelope, type DecodeOptions, type DecodedEnvelope } from './runtime/codec/decode.js';
import { encodeDeclaredFaultEnvelope, encodeEnvelope, encodeFaultEnvelope, type FaultInput } from './runtime/codec/encode.js';
import { servicePlan, type OperationPlan, type ServicePlan } from './runtime/codec/plan.js';

export type { DecodeOptions, DecodedEnvelope } from './runtime/codec/decode.js';
export type { FaultInput } from './runtime/codec/encode.js';
export { DEFAULT_MAX_BYTES, DEFAULT_MAX_DEPTH } from './runtime/codec/decode.js';
export { toJsonForm, dateTimeText, rememberedDateTimeText, isDateTimeText, type JsonForm } from './runtime/codec/values.js';

let lastService: ServiceDescriptor | undefined;
let lastOperation = '';
let lastPlans: { plan: ServicePlan; op: OperationPlan } | undefined;

function operationPlan(service: ServiceDescriptor, operation: string): { plan: ServicePlan; op: OperationPlan } {
  // Calls come in runs of one operation (batch jobs, polling): skip both lookups then.
  if (service === lastService && operation === lastOperation) return lastPlans!;
  const plans = lookUpOperationPlan(service, operation);
  lastService = service;
  lastOperation = operation;
  lastPlans = plans;
  return plans;
}

function lookUpOperationPlan(service: ServiceDescriptor, operation: string): { plan: ServicePlan; op: OperationPlan } {
  const plan = servicePlan(service);
  const op = plan.operations.get(operation);
  if (op === undefined) {
    throw new RequestValidationError(`${service.name} has no operation "${operation}"`, { operation, path: '' });
  }
  return { plan, op };
}

/**
 * Encode a SOAP 1.1 request envelope for `operation`.
 *
 * @param input the input wrapper's children by field name (`undefined` = no fields).
 * @param headers header values by part name (`ApplicationToken`, `Credentials`, `TimeZone`, …);
 *   only the parts the operation declares are written, in binding order; `undefined` values are
 *   left out, `null` is written as `xsi:nil`. Other keys are ignored.
 * @throws RequestValidationError when the input does not fit the schema (with the value's `path`).
 */
export function encodeRequest(service: ServiceDescriptor, operation: string, input?: unknown, headers?: object | null): string {
  const { plan, op } = operationPlan(service, operation);
  return encodeEnvelope(plan, operation, op.input, op.inputHeaders, input, headers);
}

/**
 * Check `input` (and `headers`) against the operation's schema without keeping the envelope: the
 * same `RequestValidationError` (with the value's `path`) `encodeRequest` throws. For transports
 * that do not send SOAP (REST) but must reject the same inputs before sending.
 */
export function validateRequest(service: ServiceDescriptor, operation: string, input?: unknown, headers?: object | null): void {
  encodeRequest(service, operation, input, headers);
}

/**
 * Decode a response envelope of `operation` into `{ headers, body }`: `headers` holds the header
 * blocks present (typed: Succeeded, ExceptionInfo, ExtraInfo, TimeZone…), `body` the output
 * wrapper's children (`{}` for an empty wrapper). A `Succeeded=false` response is returned, not
 * thrown (the client decides).
 *
 * @throws SoapFaultError for a SOAP Fault; ResponseFormatError for anything that is not this
 *   operation's response (not XML, DOCTYPE, wrong wrapper, a value that does not fit its type…).
 */
export function decodeResponse<B extends object = Record<string, unknown>, H extends object = Record<string, unknown>>(
  service: ServiceDescriptor,
  operation: string,
  bytes: string | Uint8Array,
  options?: DecodeOptions,
): {
  /** The header blocks present, typed, by part name. */
  headers: H;
  /** The output wrapper's children by field name. */
  body: B;
} {
  const { plan, op } = operationPlan(service, operation);
  return decodeEnvelope(plan, operation, op.output, op.outputHeaders, bytes, options, true, op) as unknown as { headers: H; body: B };
}

/** Encode a response envelope of `operation` (server side: simulator, tests). */
export function encodeResponse(service: ServiceDescriptor, operation: string, body?: unknown, headers?: object | null): string {
  const { plan, op } = operationPlan(service, operation);
  return encodeEnvelope(plan, operation, op.output, op.outputHeaders, body, headers);
}

/**
 * Decode a request envelope of `operation` (server side: simulator, tests). Read as WCF reads it:
 * an unqualified header block is not the declared one (it is ignored), an unqualified field is an
 * error (`ResponseFormatError`, which a server answers with a Fault). The other leniencies of
 * `decodeResponse` apply.
 */
export function decodeRequest(service: ServiceDescriptor, operation: string, bytes: string | Uint8Array, options?: DecodeOptions): DecodedEnvelope {
  const { plan, op } = operationPlan(service, operation);
  return decodeEnvelope(plan, operation, op.input, op.inputHeaders, bytes, options, false);
}

/**
 * A SOAP Fault envelope, SOAP 1.1 (default) or 1.2: `code` a QName with the envelope prefix `s`
 * (`s:Client`, 1.2 `s:Sender`), `subcode` (1.2 only), `detail` as text.
 */
export function encodeFault(fault: FaultInput, soapVersion: '1.1' | '1.2' = '1.1'): string {
  return encodeFaultEnvelope(fault, soapVersion);
}

/**
 * A SOAP Fault envelope (in the service's SOAP version) whose detail is the fault `faultName`
 * that `operation` declares, its detail element written from `detail` (server side: simulator,
 * tests; `decodeResponse` reads it back into `SoapFaultError.detail`).
 */
export function encodeDeclaredFault(service: ServiceDescriptor, operation: string, faultName: string, fault: Omit<FaultInput, 'detail'>, detail: unknown): string {
  const { plan, op } = operationPlan(service, operation);
  const declared = op.faults.find((f) => f.fault === faultName);
  if (declared === undefined) {
    throw new RequestValidationError(`${operation} declares no fault "${faultName}"${op.faults.length ? ` (it declares ${op.faults.map((f) => f.fault).join(', ')})` : ''}`, { operation, path: '' });
  }
  return encodeDeclaredFaultEnvelope(plan, operation, declared, fault, detail);
}
