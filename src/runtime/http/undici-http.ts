/**
 * The default `HttpClient`: undici `Client`s (one keep-alive connection each, per origin) driven
 * through their low-level `dispatch`, the body collected straight from the handler callbacks. On
 * loopback it costs less per call than undici's own `request()` and half of node:http with an
 * AbortSignal (bench/README.md); `fetch` stays injectable (`ClientOptions.fetch`).
 *
 * undici's `Client` is loaded on the second request, not at import, and the requests made until
 * it is loaded go over `node:http` on sockets of this client's own: a process that makes one call
 * (a CLI command, a script) never loads undici nor compiles its llhttp WebAssembly, whose
 * background compilation alone delays such a process's exit by ~200 ms (bench/README.md). Those
 * sockets, kept alive, become the first undici connections (its `connect` hook adopts them), so
 * the switch opens no extra connection. A client with a `connections` bound uses undici from the
 * first request.
 *
 * An idle connection is kept as long as the server's `Keep-Alive: timeout=` says, less 2 s, or
 * `idleTimeoutMs` (default 4 s) when the server says nothing, so that a request is rarely written
 * to a connection the server is closing. gzip, deflate and br
 * bodies are decoded, bounded by `maxResponseBytes` after decoding (a compression bomb stops at
 * the limit). Redirects are not followed (undici dispatches without a redirect interceptor):
 * the transports turn a 3xx into `HttpError`.
 */
import type * as Http from 'node:http';
import type * as Net from 'node:net';
import type * as Stream from 'node:stream';
import type * as Tls from 'node:tls';
import type * as Zlib from 'node:zlib';
import type { Client, Dispatcher, buildConnector } from 'undici';
import { NetworkError, RequestValidationError, ResponseFormatError } from '../client/errors.js';
import { abortError, checkHeaders, checkUrl, concat, fetchHttpClient, tooLarge, type HttpClient, type HttpRequest, type HttpResponse } from './http-client.js';
import { networkError, type FetchLike } from './transport.js';

/** Options of `undiciHttpClient`. */
export interface UndiciHttpClientOptions {
  /** Most connections per origin (default: no limit; the caller's concurrency decides). */
  connections?: number | undefined;
  /**
   * How long an idle keep-alive connection is kept when the server does not say, in ms (default
   * 4 000). A server's `Keep-Alive: timeout=N` is honoured instead, less 2 s of safety margin.
   */
  idleTimeoutMs?: number | undefined;
}

/** An `HttpClient` with its own connection pools; `close()` ends them. */
export interface PooledHttpClient extends HttpClient {
  /** Close the connections (waits for requests in flight). */
  close(): Promise<void>;
}

const DEFAULT_IDLE_TIMEOUT_MS = 4_000;
const ACCEPT_ENCODING = 'gzip, deflate, br';
/** Bodies whose Content-Length is above this many bytes are read into one buffer of that size. */
const PRESIZE_FROM = 256 * 1024;

type ClientClass = typeof Client;
type Connector = buildConnector.connector;
let ClientOf: ClientClass | undefined;
/** undici's default connector factory (for a connection that adopted a socket and must reconnect); `null`: not found. */
let connectorOf: ((options: buildConnector.BuildOptions) => Connector) | null | undefined;
let loading: Promise<ClientClass> | undefined;
/** Requests started before undici was asked for: the first one does not load it. */
let started = 0;

/** A node builtin, loaded when first needed (in both module formats). */
const builtin = <T>(id: string): T => process.getBuiltinModule(id) as T;

/**
 * undici's `Client` module alone, not undici's entry (which also loads fetch, WebSocket, caches,
 * the mock agents…): about a third of the load time and ~9 MB less, which a cold start pays on its
 * first call (bench/README.md). undici has no `exports` map, so the path is importable; should a
 * release move it, the entry is used.
 */
const CLIENT_MODULE = 'undici/lib/dispatcher/client.js';

const CONNECT_MODULE = 'undici/lib/core/connect.js';

/**
 * undici's modules, which are CommonJS: `require`d where this file is CommonJS, imported (their
 * `module.exports`, the namespace's default) in the ES module build. import() of a CommonJS file
 * takes it through Node's ES module loader, which first lexes it for its export names: on a
 * `so-soap chat export` of 40,000 messages that loader and its lexer (compiled by V8 as it runs
 * hot) cost ~3% of the wall time (bench/README.md).
 */
export function loadCommonJs<T>(id: string): Promise<T> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the CommonJS build's own loader (see above)
  if (typeof require === 'function') return new Promise<T>((resolve) => resolve(require(id) as T));
  return (import(id) as Promise<{ default: T }>).then((m) => m.default);
}

type UndiciEntry = typeof import('undici');

function loadClient(): Promise<ClientClass> {
  loading ??= loadCommonJs<ClientClass>(CLIENT_MODULE)
    .catch(() => loadCommonJs<UndiciEntry>('undici').then((m) => m.Client))
    .then(async (c) => {
      connectorOf = await loadCommonJs<unknown>(CONNECT_MODULE).then(
        (f) => (typeof f === 'function' ? (f as typeof connectorOf) : null),
        () => loadCommonJs<UndiciEntry>('undici').then((m) => m.buildConnector, () => null),
      );
      return (ClientOf = c);
    });
  return loading;
}

interface Target {
  url: string;
  origin: string;
  path: string;
  /** For node:http: the host name (an IPv6 address without its brackets), the port, TLS or not. */
  hostname: string;
  port: number;
  secure: boolean;
}

/** Create an `HttpClient` with keep-alive connections of its own. */
export function undiciHttpClient(options: UndiciHttpClientOptions = {}): PooledHttpClient {
  return pooledClient(options, 'default');
}

/**
 * @internal For tests: a client whose requests before undici is loaded take one path only —
 * `'node:http'` never loads undici, `'undici'` loads it on the first request.
 */
export function pooledClientFor(path: 'node:http' | 'undici', options: UndiciHttpClientOptions = {}): PooledHttpClient {
  return pooledClient(options, path);
}

/** @internal For tests: whether undici's `Client` is loaded (in this module instance). */
export function undiciLoaded(): boolean {
  return ClientOf !== undefined;
}

function pooledClient(options: UndiciHttpClientOptions, path: 'node:http' | 'undici' | 'default'): PooledHttpClient {
  const origins = new Map<string, Connections>();
  let closed = false;
  const idleMs = options.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS;
  const max = options.connections ?? Infinity;
  const connectionsTo = (origin: string): Connections => {
    if (closed) throw new NetworkError('the HTTP client is closed', { code: 'CLIENT_CLOSED' });
    let c = origins.get(origin);
    if (c === undefined) {
      c = new Connections(origin, idleMs, max);
      origins.set(origin, c);
    }
    return c;
  };
  // Most clients talk to one URL: split it once.
  let last: Target | undefined;
  const targetOf = (url: string): Target => {
    if (last !== undefined && last.url === url) return last;
    const u = new URL(url);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new TypeError(`not an http(s) URL: ${u.protocol}`);
    const secure = u.protocol === 'https:';
    last = { url, origin: u.origin, path: `${u.pathname}${u.search}`, hostname: u.hostname.replace(/^\[|\]$/g, ''), port: Number(u.port) || (secure ? 443 : 80), secure };
    return last;
  };

  const send = (request: HttpRequest): Promise<HttpResponse> => {
    if (path === 'node:http') return nodeHttpExchange(connectionsTo, targetOf, request);
    if (ClientOf !== undefined) return exchange(connectionsTo, targetOf, request);
    if (max !== Infinity || path === 'undici') return loadClient().then(() => exchange(connectionsTo, targetOf, request));
    if (started++ > 0) loadClient().catch(() => undefined); // a failed load leaves node:http in use
    return nodeHttpExchange(connectionsTo, targetOf, request);
  };
  const client = send as PooledHttpClient;
  client.close = async () => {
    closed = true;
    await Promise.all([...origins.values()].map((c) => c.close()));
  };
  return client;
}

/**
 * The keep-alive connections to one origin, one undici `Client` each. An exchange takes a
 * connection whose previous response has ended, also in the tick it ended: undici's `Pool` counts
 * a connection free only a loop turn later and opens another one meanwhile (two connections per
 * concurrent caller). So there are as many connections as concurrent exchanges; past `max`,
 * exchanges wait for one in order.
 */
class Connections {
  /** Connections with no exchange; the last one used is taken first (its socket is the likeliest to be open). */
  private readonly idle: Client[] = [];
  private readonly all: Client[] = [];
  private readonly waiting: Exchange[] = [];
  /** Idle keep-alive sockets of node:http exchanges (before undici was loaded): reused by the next ones, then adopted by undici connections. */
  private readonly spare: Net.Socket[] = [];
  /** node:http exchanges in flight. */
  private readonly busy = new Set<Http.ClientRequest>();
  private closed = false;

  constructor(
    private readonly origin: string,
    readonly idleMs: number,
    private readonly max: number,
  ) {}

  private open(): Client {
    const socket = this.takeSocket();
    let connect: Connector | undefined;
    if (socket !== undefined) {
      let adopted: Net.Socket | undefined = socket;
      let fallback: Connector | undefined;
      connect = (params, callback) => {
        const s = adopted;
        adopted = undefined;
        if (s !== undefined && !s.destroyed && s.writable) {
          process.nextTick(callback, null, s);
          return;
        }
        s?.destroy();
        fallback ??= connectorOf!({});
        fallback(params, callback);
      };
    }
    return new ClientOf!(this.origin, {
      // Without a `Keep-Alive: timeout=` hint from the server; with one, undici keeps the
      // connection for the hint less 2 s (and never reuses it when that leaves nothing).
      keepAliveTimeout: this.idleMs,
      // The client's own time limit governs the exchange (undici's defaults are 300 s).
      headersTimeout: 0,
      bodyTimeout: 0,
      ...(connect !== undefined ? { connect } : {}),
    });
  }

  /** A spare node:http socket that is still open (`undefined`: none). Without undici's connector, none is adopted. */
  takeSocket(): Net.Socket | undefined {
    if (ClientOf !== undefined && !connectorOf) {
      for (const s of this.spare.splice(0)) s.destroy();
      return undefined;
    }
    for (let s = this.spare.pop(); s !== undefined; s = this.spare.pop()) {
      const idle = spareState.get(s)!;
      spareState.delete(s);
      clearTimeout(idle.timer);
      s.removeListener('close', idle.drop);
      s.removeListener('end', idle.drop);
      s.removeListener('error', idle.drop);
      if (!s.destroyed && s.writable && s.readable) {
        s.ref();
        return s;
      }
      s.destroy();
    }
    return undefined;
  }

  /** Keep a node:http socket whose exchange ended with keep-alive, for `ms`; unreferenced meanwhile (it does not hold the process). */
  keepSocket(socket: Net.Socket, ms: number): void {
    if (this.closed || ms <= 0) {
      socket.destroy();
      return;
    }
    const drop = (): void => {
      const i = this.spare.indexOf(socket);
      if (i >= 0) this.spare.splice(i, 1);
      spareState.delete(socket);
      clearTimeout(timer);
      socket.destroy();
    };
    const timer = setTimeout(drop, ms);
    timer.unref();
    socket.on('close', drop).on('end', drop).on('error', drop);
    socket.unref();
    spareState.set(socket, { timer, drop });
    this.spare.push(socket);
  }

  track(req: Http.ClientRequest, on: boolean): void {
    if (on) this.busy.add(req);
    else this.busy.delete(req);
  }

  dispatch(exchange: Exchange, options: Dispatcher.DispatchOptions): void {
    let client = this.idle.pop();
    if (client === undefined && this.all.length < this.max) {
      client = this.open();
      this.all.push(client);
    }
    if (client === undefined) {
      exchange.queued = options;
      this.waiting.push(exchange);
      return;
    }
    exchange.hold(this, client);
    client.dispatch(options, exchange);
  }

  /** The exchange on `client` is over: hand the connection to the next waiting exchange, or keep it idle. */
  release(client: Client): void {
    for (let next = this.waiting.shift(); next !== undefined; next = this.waiting.shift()) {
      if (next.queued === undefined) continue; // failed while waiting
      const options = next.queued;
      next.queued = undefined;
      next.hold(this, client);
      client.dispatch(options, next);
      return;
    }
    this.idle.push(client);
  }

  /**
   * The exchange on `client` failed: the connection is dropped, never reused. undici 7 can leave a
   * `Client` that failed its TLS handshake (a certificate for another host name) counting a request
   * that never ends (nodejs/undici#5355): reused, every later call to the origin waited out its
   * time limit without a connection. A waiting exchange gets a new connection.
   */
  retire(client: Client): void {
    const i = this.all.indexOf(client);
    if (i >= 0) this.all.splice(i, 1);
    client.destroy().catch(() => undefined);
    for (let next = this.waiting.shift(); next !== undefined; next = this.waiting.shift()) {
      if (next.queued === undefined) continue; // failed while waiting
      const options = next.queued;
      next.queued = undefined;
      this.dispatch(next, options);
      return;
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const s of this.spare.splice(0)) s.destroy();
    await Promise.all([
      ...this.all.map((c) => c.close()),
      ...[...this.busy].map((req) => new Promise((resolve) => req.once('close', resolve))),
    ]);
  }
}

const spareState = new WeakMap<Net.Socket, { timer: ReturnType<typeof setTimeout>; drop: () => void }>();

function exchange(connectionsTo: (origin: string) => Connections, targetOf: (url: string) => Target, request: HttpRequest): Promise<HttpResponse> {
  return new Promise<HttpResponse>((resolve, reject) => {
    const { operation, abort } = request;
    if (abort.aborted) {
      reject(abortError(abort.reason));
      return;
    }
    let target: Target;
    try {
      checkUrl(request.url, operation);
      target = targetOf(request.url);
      checkHeaders(request.headers, operation);
    } catch (e) {
      reject(e instanceof RequestValidationError ? e : new NetworkError(`invalid URL: ${(e as Error).message}`, { operation, cause: e }));
      return;
    }
    const handler = new Exchange(request, resolve, reject);
    abort.onAbort((reason) => handler.fail(abortError(reason)));
    try {
      connectionsTo(target.origin).dispatch(handler, { origin: target.origin, path: target.path, method: request.method ?? 'POST', headers: withAcceptEncoding(request.headers), body: request.body ?? null });
    } catch (e) {
      handler.fail(networkError(e, operation));
    }
  });
}

/** The request headers with `accept-encoding` added: made once for a frozen (shared) header object, per call for the others. */
const withEncoding = new WeakMap<Readonly<Record<string, string>>, Record<string, string>>();
function withAcceptEncoding(headers: Readonly<Record<string, string>>): Record<string, string> {
  if (!Object.isFrozen(headers)) return { ...headers, 'accept-encoding': ACCEPT_ENCODING };
  let merged = withEncoding.get(headers);
  if (merged === undefined) {
    merged = Object.freeze({ ...headers, 'accept-encoding': ACCEPT_ENCODING }) as Record<string, string>;
    withEncoding.set(headers, merged);
  }
  return merged;
}

/**
 * One exchange over node:http (until undici is loaded), on an idle socket of the origin's or a new
 * one. node:http frees a socket when a keep-alive response ends, before the caller's continuation
 * runs; it is then kept as long as undici would keep it (the server's hint less 2 s, else
 * `idleTimeoutMs`), for the next exchange or the first undici connection.
 */
function nodeHttpExchange(connectionsTo: (origin: string) => Connections, targetOf: (url: string) => Target, request: HttpRequest): Promise<HttpResponse> {
  return new Promise<HttpResponse>((resolve, reject) => {
    const { operation, abort } = request;
    if (abort.aborted) {
      reject(abortError(abort.reason));
      return;
    }
    let target: Target;
    try {
      checkUrl(request.url, operation);
      target = targetOf(request.url);
      checkHeaders(request.headers, operation);
    } catch (e) {
      reject(e instanceof RequestValidationError ? e : new NetworkError(`invalid URL: ${(e as Error).message}`, { operation, cause: e }));
      return;
    }
    let connections: Connections;
    let socket: Net.Socket | undefined;
    let req: Http.ClientRequest;
    try {
      connections = connectionsTo(target.origin);
      socket = connections.takeSocket() ?? connectSocket(target);
      const body = request.body === undefined ? undefined : Buffer.from(request.body, 'utf8');
      const method = request.method ?? 'POST';
      const headers: Record<string, string> = { ...request.headers, 'accept-encoding': ACCEPT_ENCODING, connection: 'keep-alive' };
      if (body !== undefined || method === 'POST') headers['content-length'] = String(body?.byteLength ?? 0);
      const s = socket;
      req = builtin<typeof Http>('node:http').request({ host: target.hostname, port: target.port, defaultPort: target.secure ? 443 : 80, path: target.path, method, headers, createConnection: () => s });
      req.end(body);
    } catch (e) {
      // (a socket taken or opened for a request that could not be made is not left open)
      socket?.destroy();
      reject(networkError(e, operation));
      return;
    }
    // The callbacks below reach the promise only through `settle`, dropped once it is settled: a
    // socket kept alive keeps its last request (`_httpMessage`) and that request's listeners, and
    // through the resolving functions the promise would keep the whole response, body included,
    // for as long as the socket is idle (issue 14 item 6).
    let settle: { resolve: (response: HttpResponse) => void; reject: (error: unknown) => void } | undefined = { resolve, reject };
    const done = (): typeof settle => {
      const s = settle;
      if (s === undefined) return undefined;
      settle = undefined;
      abort.onAbort(undefined);
      connections.track(req, false);
      return s;
    };
    const fail = (error: unknown): void => {
      const s = done();
      if (s === undefined) return;
      req.destroy();
      s.reject(error);
    };
    connections.track(req, true);
    abort.onAbort((reason) => fail(abortError(reason)));
    req.on('error', (e) => fail(networkError(e, operation)));
    req.on('response', (res) => {
      const max = request.maxResponseBytes;
      let chunks: Buffer[] = [];
      /** A large body's one buffer of its declared size, as in `Exchange`. */
      let body: Buffer | undefined;
      let total = 0;
      const take = (chunk: Buffer): void => {
        if (settle === undefined) return;
        total += chunk.byteLength;
        if (total > max) return fail(new ResponseFormatError(tooLarge(max), { operation }));
        if (body !== undefined) {
          if (total <= body.byteLength) return void body.set(chunk, total - chunk.byteLength);
          chunks.push(body.subarray(0, total - chunk.byteLength));
          body = undefined;
        }
        chunks.push(chunk);
      };
      const succeed = (): void => {
        const s = done();
        if (s === undefined) return;
        const raw = res.headers;
        s.resolve({
          status: res.statusCode ?? 0,
          statusText: res.statusMessage ?? '',
          header: (name) => {
            const v = raw[name.toLowerCase()];
            return v === undefined ? null : Array.isArray(v) ? v.join(', ') : v;
          },
          body: body !== undefined ? body.subarray(0, total) : concat(chunks, total),
        });
        body = undefined;
        chunks = [];
      };
      res.on('error', (e) => fail(networkError(e, operation)));
      res.on('close', () => {
        if (!res.complete) fail(networkError(Object.assign(new Error('the connection closed before the response ended'), { code: 'ECONNRESET' }), operation));
      });
      const declared = Number(res.headers['content-length']);
      const encoding = String(res.headers['content-encoding'] ?? '').trim().toLowerCase();
      let decoder: Decompressor | undefined;
      if (encoding === '' || encoding === 'identity') {
        if (Number.isFinite(declared) && declared > max) return fail(new ResponseFormatError(tooLarge(max, declared), { operation }));
        if (Number.isSafeInteger(declared) && declared > PRESIZE_FROM) body = Buffer.allocUnsafe(declared);
        res.on('data', take);
      } else {
        decoder = decoderFor(encoding);
        if (decoder === undefined) return fail(new ResponseFormatError(`unsupported Content-Encoding "${encoding}"`, { operation }));
        const d = decoder;
        d.on('data', take);
        d.on('error', (e) => fail(new ResponseFormatError(`the response body is not valid ${encoding}: ${e.message}`, { operation, cause: e })));
        d.on('end', succeed);
        res.on('data', (chunk: Buffer) => {
          if (settle !== undefined) d.write(chunk);
        });
      }
      res.on('end', () => {
        // node:http has already let go of the socket (its listeners removed) when it keeps it alive
        if (settle !== undefined && req.shouldKeepAlive && req.writableFinished && !socket.destroyed) connections.keepSocket(socket, keepAliveMs(String(res.headers['keep-alive'] ?? ''), connections.idleMs));
        if (decoder !== undefined) decoder.end();
        else succeed();
      });
    });
  });
}

/** How long undici keeps an idle connection: the server's `Keep-Alive: timeout=` less 2 s (at most 600 s), else `idleMs`. */
function keepAliveMs(hint: string, idleMs: number): number {
  const m = /timeout=(\d+)/i.exec(hint);
  return m === null ? idleMs : Math.min(Number(m[1]) * 1000 - 2000, 600_000);
}

/** A new socket to the target, set up as undici's connector sets up its own. */
function connectSocket(t: Target): Net.Socket {
  const net = builtin<typeof Net>('node:net');
  const socket = t.secure
    ? builtin<typeof Tls>('node:tls').connect({ host: t.hostname, port: t.port, servername: net.isIP(t.hostname) ? undefined : t.hostname, ALPNProtocols: ['http/1.1'] })
    : net.connect({ host: t.hostname, port: t.port });
  socket.setNoDelay(true);
  socket.setKeepAlive(true, 60_000);
  return socket;
}

/** One exchange: undici's callbacks collect the body; the first outcome settles the promise. (A class: no closures per call.) */
class Exchange implements Dispatcher.DispatchHandler {
  private settled = false;
  private controller: Dispatcher.DispatchController | undefined = undefined;
  private status = 0;
  private statusText = '';
  private headers: Record<string, string | string[] | undefined> = {};
  private chunks: Buffer[] = [];
  /** The body's buffer, made from a large Content-Length: chunks are copied in as they come (no list, no concatenation). */
  private body: Buffer | undefined = undefined;
  private total = 0;
  private decoder: Decompressor | undefined = undefined;
  /** The connection this exchange holds, until its response ends or it fails. */
  private connections: Connections | undefined = undefined;
  private client: Client | undefined = undefined;
  /** The dispatch options while the exchange waits for a connection. */
  queued: Dispatcher.DispatchOptions | undefined = undefined;

  constructor(
    private readonly request: HttpRequest,
    private readonly resolve: (response: HttpResponse) => void,
    private readonly reject: (error: unknown) => void,
  ) {}

  hold(connections: Connections, client: Client): void {
    this.connections = connections;
    this.client = client;
  }

  /** Give the connection back (once): to be reused after a response that ended, else dropped. */
  private release(ended: boolean): void {
    const connections = this.connections;
    if (connections === undefined) return;
    this.connections = undefined;
    if (ended) connections.release(this.client!);
    else connections.retire(this.client!);
  }

  fail(error: unknown): void {
    this.queued = undefined;
    if (this.settled) return;
    this.settled = true;
    this.request.abort.onAbort(undefined);
    this.decoder?.destroy();
    const controller = this.controller;
    if (controller !== undefined && !controller.aborted) controller.abort(error instanceof Error ? error : new Error(String(error)));
    this.release(false);
    this.reject(error);
  }

  succeed(): void {
    if (this.settled) return;
    this.settled = true;
    this.request.abort.onAbort(undefined);
    const raw = this.headers;
    const presized = this.body;
    const chunks = this.chunks;
    // The exchange keeps nothing of the body once it is handed over.
    this.body = undefined;
    this.chunks = [];
    this.resolve({
      status: this.status,
      statusText: this.statusText,
      header: (name) => {
        const v = raw[name.toLowerCase()];
        return v === undefined ? null : Array.isArray(v) ? v.join(', ') : v;
      },
      body: presized !== undefined ? presized.subarray(0, this.total) : concat(chunks, this.total),
    });
  }

  take(chunk: Buffer): void {
    this.total += chunk.byteLength;
    const max = this.request.maxResponseBytes;
    if (this.total > max) {
      this.fail(new ResponseFormatError(tooLarge(max), { operation: this.request.operation }));
      return;
    }
    const body = this.body;
    if (body !== undefined) {
      if (this.total <= body.byteLength) {
        body.set(chunk, this.total - chunk.byteLength);
        return;
      }
      // More than declared (undici normally fails such a response first): go on with chunks.
      this.chunks.push(body.subarray(0, this.total - chunk.byteLength));
      this.body = undefined;
    }
    this.chunks.push(chunk);
  }

  onRequestStart(controller: Dispatcher.DispatchController): void {
    this.controller = controller;
    if (this.settled) controller.abort(new Error('aborted'));
  }

  onResponseStart(_controller: Dispatcher.DispatchController, statusCode: number, headers: Record<string, string | string[] | undefined>, statusMessage?: string): void {
    if (statusCode < 200) return; // 1xx: the final response follows
    const { operation, maxResponseBytes: max } = this.request;
    this.status = statusCode;
    this.statusText = statusMessage ?? '';
    this.headers = headers;
    this.chunks = [];
    this.body = undefined;
    this.total = 0;
    const declared = Number(headers['content-length']);
    const encoding = String(headers['content-encoding'] ?? '').trim().toLowerCase();
    if (encoding === '' || encoding === 'identity') {
      if (Number.isFinite(declared) && declared > max) this.fail(new ResponseFormatError(tooLarge(max, declared), { operation }));
      // A large body goes straight into one buffer of its declared size: held once, instead of
      // its chunks and then their concatenation as well (issue 14 item 6). Small ones (the
      // usual: one or a few chunks) keep the chunk list, which for one chunk copies nothing.
      else if (Number.isSafeInteger(declared) && declared > PRESIZE_FROM) this.body = Buffer.allocUnsafe(declared);
      return;
    }
    const decoder = decoderFor(encoding);
    if (decoder === undefined) {
      this.fail(new ResponseFormatError(`unsupported Content-Encoding "${encoding}"`, { operation }));
      return;
    }
    this.decoder = decoder;
    decoder.on('data', (chunk: Buffer) => this.take(chunk));
    decoder.on('error', (e) => this.fail(new ResponseFormatError(`the response body is not valid ${encoding}: ${e.message}`, { operation, cause: e })));
    decoder.on('end', () => this.succeed());
  }

  onResponseData(_controller: Dispatcher.DispatchController, chunk: Buffer): void {
    if (this.settled) return;
    if (this.decoder !== undefined) this.decoder.write(chunk);
    else this.take(chunk);
  }

  onResponseEnd(): void {
    this.release(true);
    if (this.decoder !== undefined) this.decoder.end();
    else this.succeed();
  }

  onResponseError(_controller: Dispatcher.DispatchController, error: Error): void {
    this.release(false);
    this.fail(this.settled ? error : networkError(error, this.request.operation));
  }
}

type Decompressor = Stream.Transform;

/** A decompressor for a Content-Encoding (`undefined`: unsupported). Its output is bounded by the reader. */
function decoderFor(encoding: string): Decompressor | undefined {
  const zlib = builtin<typeof Zlib>('node:zlib');
  switch (encoding) {
    case 'gzip':
    case 'x-gzip':
      return zlib.createGunzip();
    case 'deflate':
      return inflateEither(zlib);
    case 'br':
      return zlib.createBrotliDecompress();
    default:
      return undefined;
  }
}

/**
 * `deflate` as servers send it: zlib-wrapped (RFC 9110), or raw (RFC 1951) as some IIS and .NET
 * `DeflateStream` setups do; told apart by the first two bytes, as browsers and curl do (a zlib
 * header: compression method 8, a window of at most 32 KiB, and a check making it a multiple of 31).
 */
function inflateEither(zlib: typeof Zlib): Decompressor {
  const { Transform } = builtin<typeof Stream>('node:stream');
  let inner: Zlib.Inflate | Zlib.InflateRaw | undefined;
  let head: Buffer | undefined;
  const start = (out: Stream.Transform, bytes: Buffer): Zlib.Inflate | Zlib.InflateRaw => {
    const wrapped = bytes.byteLength >= 2 && (bytes[0] & 0x0f) === 8 && bytes[0] >> 4 <= 7 && (bytes[0] * 256 + bytes[1]) % 31 === 0;
    const z = wrapped ? zlib.createInflate() : zlib.createInflateRaw();
    z.on('data', (d: Buffer) => out.push(d));
    z.on('error', (e) => out.destroy(e));
    inner = z;
    return z;
  };
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      if (inner === undefined) {
        head = head === undefined ? chunk : Buffer.concat([head, chunk]);
        if (head.byteLength < 2) return callback();
        chunk = head;
        head = undefined;
        start(this, chunk);
      }
      inner!.write(chunk, () => callback());
    },
    flush(callback) {
      const z = inner ?? start(this, head ?? Buffer.alloc(0));
      if (head !== undefined) z.write(head);
      z.once('end', () => callback());
      z.end();
    },
  });
}

let shared: PooledHttpClient | undefined;

/** The process-wide default `HttpClient` (created on first use; connections shared by all clients). */
export function defaultHttpClient(): PooledHttpClient {
  shared ??= undiciHttpClient();
  return shared;
}

/** The HTTP client a transport sends with: `httpClient` when given, else one over `fetch`, else the shared undici client. */
export function httpClientFor(options: { httpClient?: HttpClient; fetch?: FetchLike }): HttpClient {
  return options.httpClient ?? (options.fetch ? fetchHttpClient(options.fetch) : defaultHttpClient());
}
