/**
 * The default `HttpClient`: undici `Client`s (one keep-alive connection each, per origin) driven
 * through their low-level `dispatch`, the body collected straight from the handler callbacks. On
 * loopback it costs less per call than undici's own `request()` and half of node:http with an
 * AbortSignal (bench/README.md); `fetch` stays injectable (`ClientOptions.fetch`).
 *
 * undici's `Client` is loaded on the first request, not at import: cold start pays for it once,
 * and a process that only builds or parses envelopes never does.
 *
 * An idle connection is kept as long as the server's `Keep-Alive: timeout=` says, less 2 s, or
 * `idleTimeoutMs` (default 4 s) when the server says nothing, so that a request is rarely written
 * to a connection the server is closing. gzip, deflate and br
 * bodies are decoded, bounded by `maxResponseBytes` after decoding (a compression bomb stops at
 * the limit). Redirects are not followed (undici dispatches without a redirect interceptor):
 * the transports turn a 3xx into `HttpError`.
 */
import * as zlib from 'node:zlib';
import type { Client, Dispatcher } from 'undici';
import { NetworkError, ResponseFormatError } from '../client/errors.js';
import { abortError, concat, fetchHttpClient, tooLarge, type HttpClient, type HttpRequest, type HttpResponse } from './http-client.js';
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
let ClientOf: ClientClass | undefined;
let loading: Promise<ClientClass> | undefined;

/**
 * undici's `Client` module alone, not undici's entry (which also loads fetch, WebSocket, caches,
 * the mock agents…): about a third of the load time and ~9 MB less, which a cold start pays on its
 * first call (bench/README.md). undici has no `exports` map, so the path is importable; should a
 * release move it, the entry is used.
 */
const CLIENT_MODULE = 'undici/lib/dispatcher/client.js';

function loadClient(): Promise<ClientClass> {
  loading ??= (import(CLIENT_MODULE) as Promise<{ default: ClientClass }>)
    .then((m) => m.default)
    .catch(() => import('undici').then((m) => m.Client))
    .then((c) => (ClientOf = c));
  return loading;
}

interface Target {
  url: string;
  origin: string;
  path: string;
}

/** Create an `HttpClient` with keep-alive connections of its own. */
export function undiciHttpClient(options: UndiciHttpClientOptions = {}): PooledHttpClient {
  const origins = new Map<string, Connections>();
  let closed = false;
  const connectionsTo = (u: ClientClass, origin: string): Connections => {
    if (closed) throw new NetworkError('the HTTP client is closed', { code: 'CLIENT_CLOSED' });
    let c = origins.get(origin);
    if (c === undefined) {
      c = new Connections(
        () =>
          new u(origin, {
            // Without a `Keep-Alive: timeout=` hint from the server; with one, undici keeps the
            // connection for the hint less 2 s (and never reuses it when that leaves nothing).
            keepAliveTimeout: options.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS,
            // The client's own time limit governs the exchange (undici's defaults are 300 s).
            headersTimeout: 0,
            bodyTimeout: 0,
          }),
        options.connections ?? Infinity,
      );
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
    last = { url, origin: u.origin, path: `${u.pathname}${u.search}` };
    return last;
  };

  const send = async (request: HttpRequest): Promise<HttpResponse> => {
    const u = ClientOf ?? (await loadClient());
    return exchange(u, connectionsTo, targetOf, request);
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

  constructor(
    private readonly open: () => Client,
    private readonly max: number,
  ) {}

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

  async close(): Promise<void> {
    await Promise.all(this.all.map((c) => c.close()));
  }
}

function exchange(u: ClientClass, connectionsTo: (u: ClientClass, origin: string) => Connections, targetOf: (url: string) => Target, request: HttpRequest): Promise<HttpResponse> {
  return new Promise<HttpResponse>((resolve, reject) => {
    const { operation, abort } = request;
    if (abort.aborted) {
      reject(abortError(abort.reason));
      return;
    }
    let target: Target;
    try {
      target = targetOf(request.url);
    } catch (e) {
      reject(new NetworkError(`invalid URL: ${(e as Error).message}`, { operation, cause: e }));
      return;
    }
    const handler = new Exchange(request, resolve, reject);
    abort.onAbort((reason) => handler.fail(abortError(reason)));
    const headers: Record<string, string> = { ...request.headers, 'accept-encoding': ACCEPT_ENCODING };
    try {
      connectionsTo(u, target.origin).dispatch(handler, { origin: target.origin, path: target.path, method: request.method ?? 'POST', headers, body: request.body ?? null });
    } catch (e) {
      handler.fail(networkError(e, operation));
    }
  });
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
  private decoder: zlib.Gunzip | zlib.Inflate | zlib.BrotliDecompress | undefined = undefined;
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

  /** Give the connection back (once). */
  private release(): void {
    const connections = this.connections;
    if (connections === undefined) return;
    this.connections = undefined;
    connections.release(this.client!);
  }

  fail(error: unknown): void {
    this.queued = undefined;
    if (this.settled) return;
    this.settled = true;
    this.request.abort.onAbort(undefined);
    this.decoder?.destroy();
    const controller = this.controller;
    if (controller !== undefined && !controller.aborted) controller.abort(error instanceof Error ? error : new Error(String(error)));
    this.release();
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
    this.release();
    if (this.decoder !== undefined) this.decoder.end();
    else this.succeed();
  }

  onResponseError(_controller: Dispatcher.DispatchController, error: Error): void {
    this.release();
    this.fail(this.settled ? error : networkError(error, this.request.operation));
  }
}

/** A decompressor for a Content-Encoding (`undefined`: unsupported). Its output is bounded by the reader. */
function decoderFor(encoding: string): zlib.Gunzip | zlib.Inflate | zlib.BrotliDecompress | undefined {
  switch (encoding) {
    case 'gzip':
    case 'x-gzip':
      return zlib.createGunzip();
    case 'deflate':
      return zlib.createInflate();
    case 'br':
      return zlib.createBrotliDecompress();
    default:
      return undefined;
  }
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
