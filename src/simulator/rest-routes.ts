/**
 * The simulator's REST Agents routes: `POST [/<tenant>]/api/v1/Agents/Chat/<Operation>`, served
 * from the same in-memory state, handlers, credentials and fault injection as the SOAP endpoint,
 * mapped exactly as `rest-mapping.ts` says (camelCase query parameters, bare entity bodies, request
 * objects, 204 for operations without output or with a `null` result), JSON by the same
 * descriptors (`rest-json.ts`).
 *
 * Answers: `SO-AppToken` must be the simulator's application token and `Authorization` a
 * `SOTicket <ticket>` or `Bearer <token>` it accepts, else 401 with the REST error object
 * `{ Error, ErrorType: "SoAuthenticationException", ErrorMessage, ErrorSource }`; a missing entity
 * → 200 `null` ("a failed call will return NULL"; an operation without output: 204), or with
 * `notFound: 'exception'` 404 with `ErrorType: "SoEntityNotFoundException"`; a body or query that
 * does not fit the operation (an enumeration or flags name outside the schema included) → 400,
 * nothing applied; an injected `fault` → 500 with an error object (REST has no SOAP Fault);
 * injected statuses, latency and cut connections exactly as for SOAP.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ServiceDescriptor } from '../runtime/codec/descriptor.js';
import { decodeRestRequest, encodeRestResponse } from '../runtime/rest/rest-json.js';
import { CHAT_FLAGS_ZERO_NAMES, CHAT_REST_MAPPING } from '../runtime/rest/rest-mapping.js';
import type { FaultInjector, FaultItem } from './faults.js';
import { readBody } from './http.js';
import { handle, MUTATIONS, NotFoundError, nullOutput } from './handlers.js';
import type { ChatState } from './state.js';

export interface RestRouteContext {
  readonly service: ServiceDescriptor;
  readonly state: ChatState;
  readonly applicationToken: string;
  readonly tickets: { has(ticket: string): boolean };
  /** The fault injector in force. */
  readonly faults: () => FaultInjector;
  /** The simulator's request counters (shared with the SOAP endpoint). */
  readonly counts: { requests: number; byOperation: Map<string, number> };
  readonly log?: (line: string) => void;
  /** How a missing entity is answered (`SimulatorOptions.notFound`, default `'null'`). */
  readonly notFound?: 'null' | 'exception';
}

const REST_PATH = /\/api\/v1\/Agents\/Chat\/([A-Za-z]+)$/;
const JSON_TYPE = 'application/json; charset=utf-8';
const SOURCE = 'SuperOffice.Simulator';

/** Whether a request path is one of the REST Agents routes (any tenant prefix). */
export function isRestPath(pathname: string): boolean {
  return REST_PATH.test(pathname);
}

interface Answer {
  status: number;
  /** JSON value to send; undefined → no body. */
  json?: unknown;
  text?: string;
}

function errorObject(status: number, type: string, message: string): Answer {
  return { status, json: { Error: true, ErrorType: type, ErrorMessage: message, ErrorSource: SOURCE } };
}

/** Serve one REST request (the caller has matched `isRestPath`). */
export async function serveRest(req: IncomingMessage, res: ServerResponse, ctx: RestRouteContext): Promise<void> {
  if (req.method !== 'POST') {
    res.setHeader('Allow', 'POST');
    return write(res, { status: 405, text: 'Method Not Allowed' });
  }
  const body = await readBody(req);
  if (body === undefined) return write(res, { status: 413, text: 'Request Entity Too Large' });
  ctx.counts.requests++;
  const decision = ctx.faults().next();
  if (decision.delayMs > 0) await new Promise((r) => setTimeout(r, decision.delayMs));
  const fault = decision.fault;
  if (fault && fault.kind !== 'cut') return injectFault(res, fault, ctx);
  const answer = answerRest(req, body, ctx);
  if (fault?.kind === 'cut') return cut(res, answer, ctx);
  ctx.log?.(`REST ${new URL(req.url ?? '/', 'http://127.0.0.1').pathname} ${answer.status}`);
  write(res, answer);
}

/** Route, check credentials, decode, run the operation, encode. */
export function answerRest(req: IncomingMessage, body: Buffer, ctx: RestRouteContext): Answer {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  const name = REST_PATH.exec(url.pathname)?.[1] ?? '';
  const mapping = CHAT_REST_MAPPING.operations[name];
  const op = ctx.service.operations[name];
  if (mapping === undefined || op === undefined) return errorObject(404, 'SoNotFoundException', `No Chat agent operation "${name}"`);
  ctx.counts.byOperation.set(op.name, (ctx.counts.byOperation.get(op.name) ?? 0) + 1);

  let json: unknown;
  const text = body.toString('utf8');
  if (text.trim() !== '') {
    const contentType = String(req.headers['content-type'] ?? '');
    if (!/^(application|text)\/json\b/i.test(contentType)) return { status: 415, text: `Unsupported Media Type: ${contentType || '(none)'}` };
    try {
      json = JSON.parse(text);
    } catch (e) {
      return errorObject(400, 'JsonReaderException', (e as Error).message);
    }
  }

  const auth = String(req.headers.authorization ?? '');
  const ticket = /^(?:SOTicket|Bearer)\s+(.+)$/i.exec(auth)?.[1];
  if (req.headers['so-apptoken'] !== ctx.applicationToken) {
    return errorObject(401, 'SoAuthenticationException', 'Application token is not valid');
  }
  if (ticket === undefined || !ctx.tickets.has(ticket)) {
    return errorObject(401, 'SoAuthenticationException', 'You are not logged in');
  }

  let input: Record<string, unknown>;
  try {
    input = decodeRestRequest(ctx.service, op.name, mapping, url.searchParams, json, { flagsZeroNames: CHAT_FLAGS_ZERO_NAMES, unknownEnumValues: 'error' });
  } catch (e) {
    return errorObject(400, 'SoArgumentException', (e as Error).message);
  }
  if (MUTATIONS.has(op.name)) ctx.state.requested(op.name);
  try {
    const out = handle(ctx.service, op, ctx.state, input);
    const encoded = encodeRestResponse(ctx.service, op.name, out, { flagsZeroNames: CHAT_FLAGS_ZERO_NAMES });
    return encoded === undefined ? { status: 204 } : { status: 200, json: encoded.json };
  } catch (e) {
    if (e instanceof NotFoundError) {
      if (ctx.notFound === 'exception') return errorObject(404, 'SoEntityNotFoundException', e.message);
      return 'Response' in nullOutput(op) ? { status: 200, json: null } : { status: 204 };
    }
    return errorObject(500, (e as Error).name || 'Exception', (e as Error).message);
  }
}

function injectFault(res: ServerResponse, fault: FaultItem, ctx: RestRouteContext): void {
  ctx.log?.(`fault ${fault.label}`);
  if (fault.kind === 'fault') {
    return write(res, errorObject(500, 'SoServerException', 'The server was unable to process the request due to an internal error (injected fault).'));
  }
  const status = fault.status!;
  if (fault.retryAfter !== undefined) res.setHeader('Retry-After', String(fault.retryAfter));
  write(res, { status, text: `injected HTTP ${status}` });
}

/** Send the status line, headers and half the body, then destroy the connection. */
function cut(res: ServerResponse, answer: Answer, ctx: RestRouteContext): void {
  ctx.log?.('fault cut');
  const buf = Buffer.from(answer.json === undefined ? 'x'.repeat(64) : JSON.stringify(answer.json), 'utf8');
  res.writeHead(answer.status === 204 ? 200 : answer.status, { 'Content-Type': JSON_TYPE, 'Content-Length': buf.length });
  res.write(buf.subarray(0, buf.length >> 1), () => res.socket?.destroy());
}

function write(res: ServerResponse, answer: Answer): void {
  // `json: null` is sent as the JSON text `null`; only an absent body is none.
  if (answer.json === undefined && answer.text === undefined) {
    res.writeHead(answer.status);
    res.end();
    return;
  }
  const isJson = answer.json !== undefined;
  const buf = Buffer.from(isJson ? JSON.stringify(answer.json) : answer.text!, 'utf8');
  res.writeHead(answer.status, { 'Content-Type': isJson ? JSON_TYPE : 'text/plain; charset=utf-8', 'Content-Length': buf.length });
  res.end(buf);
}
