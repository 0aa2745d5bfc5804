/**
 * The Chat service simulator: `node:http` on 127.0.0.1, SOAP 1.1 `POST …/Chat.svc`, driven by the
 * generated `ChatService` descriptors for all 31 operations (DESIGN.md §6).
 *
 * Per request: fault injection (latency, HTTP status, SOAP Fault, cut connection), then routing by
 * the quoted `SOAPAction` (unknown → SOAP Fault `s:Client` "ActionNotSupported", as WCF answers), decoding
 * of the request envelope by the operation's input descriptors, strictly as WCF deserializes
 * (malformed, or an enumeration/flags name outside the schema → SOAP Fault `s:Client`
 * "DeserializationFailed", nothing applied; the zero flags member, e.g. `CustomerIsTyping`, reads as
 * no flag), an undeclared header block marked `mustUnderstand="1"` → SOAP Fault `s:MustUnderstand`,
 * the `ApplicationToken` and `Credentials/Ticket` check (wrong → HTTP 200 `Succeeded=false` +
 * `ExceptionInfo` `SoAuthenticationException`), the operation's behaviour on the in-memory state,
 * and the response envelope with `Succeeded=true`. A missing entity is answered as SuperOffice
 * documents for its agents ("a failed call will return NULL"): a nil `Response` (nothing for
 * operations without one) with `Succeeded=true`; `notFound: 'exception'` answers `Succeeded=false`
 * + `SoEntityNotFoundException` instead.
 *
 * `GET /_sim/stats` answers the counters as JSON (requests, faults injected, effective mutations
 * in total, by kind, by entity kind and id), so a test in another process can prove "exactly once";
 * `PUT /_sim/faults` replaces the fault spec (body: the spec, empty for none).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { ChatService } from '../generated/chat/descriptor.js';
import type { OperationDescriptor, ServiceDescriptor } from '../runtime/codec/descriptor.js';
import { decodeRequest, encodeFault, encodeResponse } from '../runtime/codec/server-codec.js';
import { FaultInjector, parseFaultSpec, type FaultItem, type FaultSpec } from './faults.js';
import { handle, MUTATIONS, NotFoundError, nullOutput } from './handlers.js';
import { readBody } from './http.js';
import { isRestPath, serveRest } from './rest-routes.js';
import { ChatState, type EntityKind, type MutationKind, type StateOptions } from './state.js';
import { mustUnderstandMessage, notUnderstood } from './must-understand.js';
import { CHAT_FLAGS_ZERO_NAMES } from '../runtime/rest/rest-mapping.js';
import { startLogin, type LoginInfo } from './login/index.js';
import { TicketBook } from './login/tickets.js';

export const DEV_APPLICATION_TOKEN = 'sim-app-token-0123456789';
export const DEV_TICKET = '7T:c2ltdWxhdG9yLXRpY2tldA==';
export const DEFAULT_PATH = '/Remote/Services88/Chat.svc';

export interface SimulatorOptions extends StateOptions {
  /** TCP port (default 0: any free port). */
  port?: number;
  /** Fault spec (see `faults.ts`) or a parsed one. */
  faults?: string | FaultSpec;
  /** The ApplicationToken the simulator accepts (default `DEV_APPLICATION_TOKEN`). */
  applicationToken?: string;
  /** Tickets the simulator accepts (default `[DEV_TICKET]`). */
  tickets?: readonly string[];
  /** Path of the service (default `/Remote/Services88/Chat.svc`; any POST path ending in `/Chat.svc` is served). */
  path?: string;
  /** One line per request (for `so-soap simulate --verbose`). */
  log?: (line: string) => void;
  /** Lifetime of the tickets the sign-in side issues, ms (default 1 hour; `--ticket-ttl`). */
  ticketTtlMs?: number;
  /** How old the timestamp of a signed system user token may be, ms (default 5 minutes). */
  signWindowMs?: number;
  /**
   * How a missing entity is answered: `'null'` (default; SuperOffice's agents documentation: "the
   * agents do not return HTTP errors – a failed call will return NULL") — SOAP: a nil `Response`
   * with `Succeeded=true`, REST: 200 `null`; `'exception'`: SOAP `Succeeded=false` +
   * `SoEntityNotFoundException`, REST 404 with that error object (`--not-found exception`).
   */
  notFound?: NotFoundMode;
}

/** How the simulator answers a missing entity (see `SimulatorOptions.notFound`). */
export type NotFoundMode = 'null' | 'exception';

export interface SimulatorStats {
  requests: number;
  byOperation: Record<string, number>;
  faultsInjected: Record<string, number>;
  /** Effective mutations (a delete of a session already gone does not count). */
  mutations: Record<MutationKind | 'total', number>;
  /** Effective mutations of chat sessions by kind and session id (the same as `perEntity.session`). */
  perId: Record<MutationKind, Record<string, number>>;
  /** Effective mutations by entity kind (`session`, `topic`), mutation kind and id: ids of different entities never mix. */
  perEntity: Record<EntityKind, Record<MutationKind, Record<string, number>>>;
  /** Mutation requests processed, effective or not, by operation. */
  mutationRequests: Record<string, number>;
  sessions: number;
  messages: number;
}

export interface Simulator {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  /** The Chat service endpoint (`SO_ENDPOINT`). */
  readonly endpoint: string;
  readonly applicationToken: string;
  readonly ticket: string;
  readonly port: number;
  readonly state: ChatState;
  /** The sign-in side: its base URL, dev secrets and counters (src/simulator/login). */
  readonly login: LoginInfo;
  /** A snapshot of the counters. */
  readonly stats: SimulatorStats;
  /** Replace the fault spec (`''` = no faults); also `PUT /_sim/faults` with the spec as the body. */
  setFaults(spec: string | FaultSpec): void;
  stop(): Promise<void>;
}

const XML = 'text/xml; charset=utf-8';

export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  const service: ServiceDescriptor = ChatService;
  const seed = options.seed ?? 1;
  const state = new ChatState(options);
  const spec = typeof options.faults === 'string' || options.faults === undefined ? parseFaultSpec(options.faults) : options.faults;
  let faults = new FaultInjector(spec, seed);
  const injectedBefore = new Map<string, number>();
  const setFaults = (next: string | FaultSpec): void => {
    for (const [k, v] of faults.injected) injectedBefore.set(k, (injectedBefore.get(k) ?? 0) + v);
    faults = new FaultInjector(typeof next === 'string' ? parseFaultSpec(next) : next, seed);
  };
  const notFound: NotFoundMode = options.notFound ?? 'null';
  const applicationToken = options.applicationToken ?? DEV_APPLICATION_TOKEN;
  const tickets = new TicketBook(options.tickets ?? [DEV_TICKET]);
  // Assigned once the server listens (the login side needs its URL); the handler above the assignment reads it.
  // eslint-disable-next-line prefer-const
  let login: LoginInfo | undefined;
  const byAction = new Map<string, OperationDescriptor>();
  for (const op of Object.values(service.operations)) byAction.set(op.soapAction, op);
  const counts = { requests: 0, byOperation: new Map<string, number>() };
  const sockets = new Set<Socket>();

  const server: Server = createServer((req, res) => {
    void serve(req, res).catch((e: unknown) => {
      if (!res.headersSent) send(res, 500, XML, encodeFault('s:Server', `simulator error: ${(e as Error).message}`));
      else res.destroy();
    });
  });
  server.keepAliveTimeout = 5_000;
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });

  async function serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (req.method === 'GET' && url.pathname === '/_sim/stats') {
      return send(res, 200, 'application/json', JSON.stringify(snapshot()));
    }
    if (req.method === 'GET' && url.pathname === '/_sim/health') return send(res, 200, 'text/plain', 'ok');
    if (req.method === 'PUT' && url.pathname === '/_sim/faults') {
      const spec = ((await readBody(req)) ?? Buffer.alloc(0)).toString('utf8');
      try {
        setFaults(spec);
      } catch (e) {
        return send(res, 400, 'text/plain', (e as Error).message);
      }
      return send(res, 200, 'text/plain', `faults: ${spec || '(none)'}`);
    }
    if (login?.side.handles(url.pathname)) return login.side.serve(req, res, url.pathname);
    if (isRestPath(url.pathname)) return serveRest(req, res, { service, state, applicationToken, tickets, faults: () => faults, counts, log: options.log, notFound });
    if (!/\/Chat\.svc$/i.test(url.pathname)) return send(res, 404, 'text/plain', 'Not Found');
    if (req.method !== 'POST') {
      res.setHeader('Allow', 'POST');
      return send(res, 405, 'text/plain', 'Method Not Allowed');
    }
    const body = await readBody(req);
    if (body === undefined) return send(res, 413, 'text/plain', 'Request Entity Too Large');
    counts.requests++;
    const decision = faults.next();
    if (decision.delayMs > 0) await new Promise((r) => setTimeout(r, decision.delayMs));
    const fault = decision.fault;
    if (fault && fault.kind !== 'cut') return injectFault(res, fault);

    const { status, text } = answer(req, body);
    if (fault?.kind === 'cut') return cut(res, status, text);
    options.log?.(`${req.headers.soapaction ?? '-'} ${status}`);
    send(res, status, XML, text);
  }

  /** Route, decode, check credentials, run the operation, encode. */
  function answer(req: IncomingMessage, body: Buffer): { status: number; text: string } {
    const contentType = String(req.headers['content-type'] ?? '');
    if (!/^text\/xml\b/i.test(contentType)) {
      return { status: 415, text: encodeFault('s:Client', `Cannot process the message because the content type '${contentType}' was not the expected type 'text/xml; charset=utf-8'.`) };
    }
    const action = String(req.headers.soapaction ?? '').trim().replace(/^"(.*)"$/, '$1');
    const op = byAction.get(action);
    if (!op) {
      return {
        status: 500,
        text: encodeFault('s:Client', `ActionNotSupported: The message with Action '${action}' cannot be processed at the receiver, due to a ContractFilter mismatch at the EndpointDispatcher.`),
      };
    }
    counts.byOperation.set(op.name, (counts.byOperation.get(op.name) ?? 0) + 1);
    let decoded: { headers: Record<string, unknown>; body: Record<string, unknown> };
    try {
      decoded = decodeRequest(service, op.name, body, STRICT);
    } catch (e) {
      return { status: 500, text: encodeFault('s:Client', `DeserializationFailed: The formatter threw an exception while trying to deserialize the message: ${(e as Error).message}`) };
    }
    const unknownHeader = notUnderstood(body.toString('utf8'), op.inputHeaders.map((name) => ({ ns: service.headers[name]?.ns ?? service.namespace, name: service.headers[name]?.name ?? name })));
    if (unknownHeader) return { status: 500, text: encodeFault('s:MustUnderstand', mustUnderstandMessage(unknownHeader)) };
    const h = decoded.headers;
    const ticket = (h.Credentials as { Ticket?: string | null } | null | undefined)?.Ticket;
    if (h.ApplicationToken !== applicationToken) {
      return failed(op, 'SoAuthenticationException', 'The application token is missing or not valid', 'Application token is not valid');
    }
    if (typeof ticket !== 'string' || !tickets.has(ticket)) {
      return failed(op, 'SoAuthenticationException', 'Failed to authenticate: the ticket is missing, expired or not valid', 'You are not logged in');
    }
    if (MUTATIONS.has(op.name)) state.requested(op.name);
    try {
      const out = handle(service, op, state, decoded.body);
      return { status: 200, text: encodeResponse(service, op.name, out, { Succeeded: true }) };
    } catch (e) {
      if (e instanceof NotFoundError) {
        if (notFound === 'exception') return failed(op, 'SoEntityNotFoundException', e.message, e.message);
        return { status: 200, text: encodeResponse(service, op.name, nullOutput(op), { Succeeded: true }) };
      }
      return { status: 500, text: encodeFault('s:Server', `${(e as Error).name}: ${(e as Error).message}`) };
    }
  }

  function failed(op: OperationDescriptor, type: string, message: string, friendly: string): { status: number; text: string } {
    const info = { Message: message, StackTrace: '', FriendlyText: friendly, ExceptionType: type, Source: 'SuperOffice.Simulator', InnerException: null, Parameters: {} };
    return { status: 200, text: encodeResponse(service, op.name, undefined, { ExceptionInfo: info, Succeeded: false }) };
  }

  function injectFault(res: ServerResponse, fault: FaultItem): void {
    options.log?.(`fault ${fault.label}`);
    if (fault.kind === 'fault') {
      return send(res, 500, XML, encodeFault('s:Server', 'The server was unable to process the request due to an internal error (injected fault).'));
    }
    const status = fault.status!;
    if (fault.retryAfter !== undefined) res.setHeader('Retry-After', String(fault.retryAfter));
    send(res, status, 'text/plain; charset=utf-8', `injected HTTP ${status}`);
  }

  /** Send the status line, headers and half the body, then destroy the connection. */
  function cut(res: ServerResponse, status: number, text: string): void {
    options.log?.('fault cut');
    const buf = Buffer.from(text, 'utf8');
    res.writeHead(status, { 'Content-Type': XML, 'Content-Length': buf.length });
    res.write(buf.subarray(0, buf.length >> 1), () => res.socket?.destroy());
  }

  function snapshot(): SimulatorStats {
    const c = state.counters;
    const perEntity = {} as SimulatorStats['perEntity'];
    for (const [entity, byKind] of Object.entries(c.byEntity)) {
      const out = {} as Record<MutationKind, Record<string, number>>;
      for (const [kind, map] of Object.entries(byKind)) out[kind as MutationKind] = Object.fromEntries(map);
      perEntity[entity as EntityKind] = out;
    }
    const total = Object.values(c.byKind).reduce((a, b) => a + b, 0);
    return {
      requests: counts.requests,
      byOperation: Object.fromEntries(counts.byOperation),
      faultsInjected: Object.fromEntries(mergeCounts(injectedBefore, faults.injected)),
      mutations: { total, ...c.byKind },
      perId: perEntity.session,
      perEntity,
      mutationRequests: Object.fromEntries(c.requested),
      sessions: state.sessions.size,
      messages: state.messageCount(),
    };
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}`;
  login = startLogin({ url, applicationToken, tickets, ticketTtlMs: options.ticketTtlMs ?? 3_600_000, signWindowMs: options.signWindowMs ?? 300_000, log: options.log });
  return {
    url,
    endpoint: `${url}${options.path ?? DEFAULT_PATH}`,
    applicationToken,
    ticket: tickets.first,
    port,
    state,
    login,
    get stats() {
      return snapshot();
    },
    setFaults,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const s of sockets) s.destroy();
      }),
  };
}

/** How requests are read: as WCF deserializes them, an enumeration or flags name outside the schema is an error; the zero flags member is no flag. */
const STRICT = { unknownEnumValues: 'error', flagsZeroNames: CHAT_FLAGS_ZERO_NAMES } as const;

function mergeCounts(a: Map<string, number>, b: Map<string, number>): Map<string, number> {
  const out = new Map(a);
  for (const [k, v] of b) out.set(k, (out.get(k) ?? 0) + v);
  return out;
}

function send(res: ServerResponse, status: number, contentType: string, text: string): void {
  const buf = Buffer.from(text, 'utf8');
  res.writeHead(status, { 'Content-Type': contentType, 'Content-Length': buf.length });
  res.end(buf);
}
