/**
 * The default HTTP client (undici keep-alive Agent) and the fetch adapter: the same contract,
 * checked on a local server — bodies, headers, limits, content encodings, connection reuse,
 * aborts and broken connections.
 */
import { gzipSync, brotliCompressSync, deflateSync, deflateRawSync } from 'node:zlib';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { NetworkError, RequestValidationError, ResponseFormatError } from '../../src/runtime/client/errors';
import { fetchHttpClient, type HttpClient, type HttpRequest } from '../../src/runtime/http/http-client';
import { AttemptAbort } from '../../src/runtime/http/transport';
import { pooledClientFor, undiciHttpClient, type PooledHttpClient } from '../../src/runtime/http/undici-http';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { readBody, rejection, startLocalServer, type LocalServer } from '../reliability/helpers';
import { responseEnvelope } from '../helpers/soap';
import { createChatClient } from '../../src/index';

function request(url: string, extra: Partial<HttpRequest> = {}): HttpRequest {
  return { url, headers: { 'Content-Type': 'text/plain' }, body: 'ping ✓', abort: new AttemptAbort(), maxResponseBytes: 1024, operation: 'Op', ...extra };
}

/** 1.5 MB of bytes that differ from one position to the next (a misplaced chunk shows). */
const LARGE = Buffer.from(Array.from({ length: 1_500_000 }, (_, i) => (i * 7 + (i >> 8)) & 0xff));

// A full, synchronous GC for the test that a body let go of is not kept (as bench/run.js gets it).
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const made: PooledHttpClient[] = [];
afterAll(() => Promise.all(made.map((c) => c.close())));
function pooled(options?: Parameters<typeof undiciHttpClient>[0]): PooledHttpClient {
  const c = undiciHttpClient(options);
  made.push(c);
  return c;
}

function pooledFor(path: 'node:http' | 'undici', options?: Parameters<typeof undiciHttpClient>[0]): PooledHttpClient {
  const c = pooledClientFor(path, options);
  made.push(c);
  return c;
}

const clients: [string, () => HttpClient][] = [
  ['undiciHttpClient (undici)', () => pooledFor('undici')],
  ['undiciHttpClient (node:http, the requests before undici is loaded)', () => pooledFor('node:http')],
  ['fetchHttpClient(fetch)', () => fetchHttpClient((url, init) => fetch(url, init))],
];

describe.each(clients)('%s', (_name, make) => {
  let server: LocalServer;
  const seen: { method?: string; url?: string; body?: string; headers?: Record<string, unknown> }[] = [];
  beforeAll(async () => {
    server = await startLocalServer(async (req, res) => {
      const body = await readBody(req);
      seen.push({ method: req.method, url: req.url, body, headers: req.headers });
      const path = req.url ?? '';
      if (path.startsWith('/echo')) {
        res.writeHead(201, 'Made', { 'Content-Type': 'text/xml; charset=utf-8', 'X-Two': ['a', 'b'] });
        res.end(`echo:${body}`);
      } else if (path === '/big') {
        res.writeHead(200, { 'Content-Length': '5000' });
        res.end('x'.repeat(5000));
      } else if (path === '/large' || path === '/large-truncated') {
        // Above the size from which the undici client reads into one buffer of the declared length.
        res.writeHead(200, { 'Content-Length': String(LARGE.byteLength) });
        if (path === '/large') {
          for (let at = 0; at < LARGE.byteLength; at += 100_003) res.write(LARGE.subarray(at, at + 100_003));
          res.end();
        } else {
          res.write(LARGE.subarray(0, LARGE.byteLength >> 1));
          setTimeout(() => res.destroy(), 20);
        }
      } else if (path === '/big-chunked') {
        res.writeHead(200);
        for (let i = 0; i < 10; i++) res.write('y'.repeat(500));
        res.end();
      } else if (path === '/gzip' || path === '/br' || path === '/deflate') {
        const payload = Buffer.from('compressed ✓ '.repeat(20));
        const enc = path.slice(1);
        res.writeHead(200, { 'Content-Encoding': enc === 'gzip' ? 'gzip' : enc });
        res.end(enc === 'gzip' ? gzipSync(payload) : enc === 'br' ? brotliCompressSync(payload) : deflateSync(payload));
      } else if (path === '/deflate-raw' || path === '/deflate-raw-drip') {
        // raw deflate (RFC 1951) as Content-Encoding deflate: some IIS and .NET DeflateStream setups
        const bytes = deflateRawSync(Buffer.from('compressed ✓ '.repeat(20)));
        res.writeHead(200, { 'Content-Encoding': 'deflate' });
        if (path === '/deflate-raw') return void res.end(bytes);
        // its first bytes one by one (how a zlib header is told from raw data must wait for two)
        res.flushHeaders();
        let at = 0;
        const drip = (): void => {
          if (at >= 3) return void res.end(bytes.subarray(at));
          res.write(bytes.subarray(at, ++at));
          setTimeout(drip, 15);
        };
        drip();
      } else if (path === '/bomb') {
        res.writeHead(200, { 'Content-Encoding': 'gzip' });
        res.end(gzipSync(Buffer.alloc(10 * 1024 * 1024)));
      } else if (path === '/truncated') {
        res.writeHead(200, { 'Content-Length': '100' });
        res.write('only part of it');
        setTimeout(() => res.destroy(), 20);
      } else if (path === '/slow') {
        res.writeHead(200);
        res.write('first ');
        setTimeout(() => res.end('last'), 300);
      } else {
        res.writeHead(404);
        res.end();
      }
    });
  });
  afterAll(() => server.close());

  test('POSTs the body and headers; returns status, reason, headers and the body', async () => {
    const res = await make()(request(`${server.url}/echo?x=1`));
    expect(res.status).toBe(201);
    expect(res.statusText).toBe('Made');
    expect(res.header('content-type')).toBe('text/xml; charset=utf-8');
    expect(res.header('CONTENT-TYPE')).toBe('text/xml; charset=utf-8');
    expect(res.header('x-two')).toBe('a, b');
    expect(res.header('x-missing')).toBeNull();
    expect(Buffer.from(res.body).toString('utf8')).toBe('echo:ping ✓');
    const last = seen[seen.length - 1];
    expect(last.method).toBe('POST');
    expect(last.url).toBe('/echo?x=1');
    expect(last.headers?.['content-type']).toBe('text/plain');
    expect(last.headers?.['content-length']).toBe(String(Buffer.byteLength('ping ✓')));
  });

  test('a bodiless request sends Content-Length 0 or no body', async () => {
    const res = await make()(request(`${server.url}/echo`, { body: undefined }));
    expect(Buffer.from(res.body).toString()).toBe('echo:');
  });

  test('a declared Content-Length over the limit is refused', async () => {
    const e = await rejection(make()(request(`${server.url}/big`)));
    expect(e).toBeInstanceOf(ResponseFormatError);
    expect((e as Error).message).toMatch(/5000 bytes exceeds the limit of 1024 bytes/);
  });

  test('a large body with a Content-Length arrives whole and exact, in several chunks', async () => {
    const res = await make()(request(`${server.url}/large`, { maxResponseBytes: 2_000_000 }));
    expect(res.body.byteLength).toBe(LARGE.byteLength);
    expect(Buffer.compare(Buffer.from(res.body.buffer, res.body.byteOffset, res.body.byteLength), LARGE)).toBe(0);
  });

  test('a body the caller has let go of is not kept by the client, also while its connection is idle', async () => {
    const client = make();
    const refs: WeakRef<ArrayBufferLike>[] = [];
    await Promise.all(
      [0, 1, 2, 3].map(async () => {
        const res = await client(request(`${server.url}/large`, { maxResponseBytes: 2_000_000 }));
        refs.push(new WeakRef(res.body.buffer));
      }),
    );
    // A new job first: a WeakRef keeps its target until the end of the job that made it.
    await new Promise((r) => setTimeout(r, 10));
    gc();
    expect(refs.filter((r) => r.deref() !== undefined)).toHaveLength(0);
  });

  test('a large body cut before its Content-Length: NetworkError', async () => {
    const e = await rejection(make()(request(`${server.url}/large-truncated`, { maxResponseBytes: 2_000_000 })));
    expect(e).toBeInstanceOf(NetworkError);
  });

  test('a chunked body over the limit is refused as it arrives', async () => {
    const e = await rejection(make()(request(`${server.url}/big-chunked`)));
    expect(e).toBeInstanceOf(ResponseFormatError);
    expect((e as Error).message).toMatch(/exceeds the limit of 1024 bytes/);
  });

  test.each(['gzip', 'br', 'deflate', 'deflate-raw', 'deflate-raw-drip'])('a %s body is decoded', async (enc) => {
    const res = await make()(request(`${server.url}/${enc}`));
    expect(Buffer.from(res.body).toString('utf8')).toBe('compressed ✓ '.repeat(20));
  });

  test('a compression bomb stops at the limit', async () => {
    const e = await rejection(make()(request(`${server.url}/bomb`, { maxResponseBytes: 64 * 1024 })));
    expect(e).toBeInstanceOf(ResponseFormatError);
  });

  test('a connection closed before the body is complete: NetworkError', async () => {
    const e = await rejection(make()(request(`${server.url}/truncated`)));
    expect(e).toBeInstanceOf(NetworkError);
  });

  test('an abort mid-body rejects with the AbortError', async () => {
    const abort = new AttemptAbort();
    const p = make()(request(`${server.url}/slow`, { abort }));
    setTimeout(() => abort.abort(new Error('stop')), 50);
    const e = await rejection(p);
    expect((e as Error).name === 'AbortError' || e instanceof NetworkError).toBe(true);
  });

  test('an already aborted signal rejects without sending', async () => {
    const before = server.requests;
    const abort = new AttemptAbort();
    abort.abort(new Error('stop'));
    const e = await rejection(make()(request(`${server.url}/echo`, { abort })));
    expect((e as Error).name).toBe('AbortError');
    expect(server.requests).toBe(before);
  });

  test('a header HTTP cannot carry (a ticket with a trailing newline): RequestValidationError, nothing sent, no connection opened, the value not quoted', async () => {
    const before = { requests: server.requests, connections: server.connections };
    for (const headers of [{ Authorization: 'SOTicket 7T:secret-ticket\n' }, { 'X-Token': 'a\u0000b' }, { 'X-Name': 'é€' }, { 'Bad Name': 'v' }] as Record<string, string>[]) {
      const e = await rejection(make()(request(`${server.url}/echo`, { headers })));
      expect(e).toBeInstanceOf(RequestValidationError);
      expect((e as Error).message).toMatch(/HTTP header .*nothing was sent/);
      for (const value of ['secret-ticket', 'a\u0000b', '€']) expect((e as Error).message).not.toContain(value);
    }
    expect({ requests: server.requests, connections: server.connections }).toEqual(before);
  });

  test('a URL with a user name and password: RequestValidationError, nothing sent, the password not quoted', async () => {
    const before = { requests: server.requests, connections: server.connections };
    const url = server.url.replace('http://', 'http://jane:S3cret-pw@');
    const e = await rejection(make()(request(`${url}/echo`)));
    expect(e).toBeInstanceOf(RequestValidationError);
    expect((e as Error).message).toMatch(/user name or password.*nothing was sent/);
    expect(`${(e as Error).message} ${(e as Error).stack}`).not.toContain('S3cret-pw');
    expect({ requests: server.requests, connections: server.connections }).toEqual(before);
  });

  test('connection refused: NetworkError with the code', async () => {
    const closed = await startLocalServer(() => undefined);
    await closed.close();
    const e = await rejection(make()(request(`${closed.url}/echo`)));
    expect(e).toBeInstanceOf(NetworkError);
    expect((e as NetworkError).code).toBe('ECONNREFUSED');
  });
});

describe('undiciHttpClient connections', () => {
  test('keeps connections alive: 50 sequential calls use one connection', async () => {
    const server = await startLocalServer((_req, res) => void res.end('ok'));
    const client = pooled();
    for (let i = 0; i < 50; i++) await client(request(`${server.url}/x`));
    expect(server.connections).toBe(1);
    await server.close();
  });

  test('one connection per concurrent caller: 16 callers making 20 calls each open exactly 16', async () => {
    // each caller starts its next call in the tick its previous one ends: the connection it freed is taken
    const server = await startLocalServer((_req, res) => void res.end('ok'));
    const client = pooled();
    const caller = async () => {
      for (let i = 0; i < 20; i++) await client(request(`${server.url}/x`));
    };
    await Promise.all(Array.from({ length: 16 }, caller));
    expect(server.requests).toBe(320);
    expect(server.connections).toBe(16);
    await server.close();
  });

  test('through the Chat client: 16 concurrent callers of getChatMessages open exactly 16 connections', async () => {
    const answer = responseEnvelope('GetChatMessages', '<Response><ChatMessage><ChatMessageId>1</ChatMessageId></ChatMessage></Response>');
    const server = await startLocalServer((_req, res) => void res.end(answer));
    const chat = createChatClient({ endpoint: `${server.url}/Remote/Services88/Chat.svc`, applicationToken: 'app', credentials: '7T:abc', httpClient: pooled() });
    const caller = async () => {
      for (let i = 0; i < 20; i++) expect((await chat.getChatMessages({ ChatSessionId: 1, After: 0 }))?.[0]?.ChatMessageId).toBe(1);
    };
    await Promise.all(Array.from({ length: 16 }, caller));
    expect(server.connections).toBe(16);
    await server.close();
  });

  test('connections bounds the connections per origin', async () => {
    const server = await startLocalServer((_req, res) => void setTimeout(() => res.end('ok'), 10));
    const client = pooled({ connections: 2 });
    await Promise.all(Array.from({ length: 10 }, () => client(request(`${server.url}/x`))));
    expect(server.connections).toBe(2);
    await server.close();
  });

  test('a response slower than the idle timeout still completes (the timeout applies to idle connections only)', async () => {
    const server = await startLocalServer((_req, res) => {
      res.writeHead(200);
      res.write('a');
      setTimeout(() => res.end('b'), 300);
    });
    const client = pooled({ idleTimeoutMs: 50 });
    const res = await client(request(`${server.url}/x`));
    expect(Buffer.from(res.body).toString()).toBe('ab');
    await server.close();
  });

  test('without a Keep-Alive hint, idle connections are closed after idleTimeoutMs, and the next call opens a new one', async () => {
    // keepAliveTimeout 0: the server sends no `Keep-Alive: timeout=` hint (and never times out itself)
    const server = await startLocalServer((_req, res) => void res.end('ok'), (s) => (s.keepAliveTimeout = 0));
    const client = pooled({ idleTimeoutMs: 50 });
    await client(request(`${server.url}/x`));
    const opened = server.connections;
    // undici checks keep-alive timeouts on a coarse clock: wait up to 3 s
    for (let i = 0; i < 60 && server.sockets.size > 0; i++) await new Promise((r) => setTimeout(r, 50));
    expect(server.sockets.size).toBe(0);
    await client(request(`${server.url}/x`));
    expect(server.connections).toBe(opened + 1);
    await server.close();
  });

  test("the server's Keep-Alive hint wins over idleTimeoutMs; a connection the server keeps ≤ 2 s is never reused", async () => {
    const long = await startLocalServer((_req, res) => void res.end('ok'), (s) => (s.keepAliveTimeout = 5_000));
    const client = pooled({ idleTimeoutMs: 50 });
    await client(request(`${long.url}/x`));
    await new Promise((r) => setTimeout(r, 1_200));
    await client(request(`${long.url}/x`));
    expect(long.connections).toBe(1);
    await long.close();
    const short = await startLocalServer((_req, res) => void res.end('ok'), (s) => (s.keepAliveTimeout = 2_000));
    for (let i = 0; i < 3; i++) await client(request(`${short.url}/x`));
    expect(short.connections).toBe(3);
    await short.close();
  });

  test('an unsupported Content-Encoding is a ResponseFormatError', async () => {
    const server = await startLocalServer((_req, res) => {
      res.writeHead(200, { 'Content-Encoding': 'zstd-ish' });
      res.end('??');
    });
    const e = await rejection(pooled()(request(`${server.url}/x`)));
    expect(e).toBeInstanceOf(ResponseFormatError);
    expect((e as Error).message).toMatch(/unsupported Content-Encoding "zstd-ish"/);
    await server.close();
  });

  test('a corrupt gzip body is a ResponseFormatError', async () => {
    const server = await startLocalServer((_req, res) => {
      res.writeHead(200, { 'Content-Encoding': 'gzip' });
      res.end(Buffer.from('not gzip at all'));
    });
    const e = await rejection(pooled()(request(`${server.url}/x`)));
    expect(e).toBeInstanceOf(ResponseFormatError);
    await server.close();
  });

  test('a URL that is not http(s) is a NetworkError naming it', async () => {
    const e = await rejection(pooled()(request('ftp://127.0.0.1/x')));
    expect(e).toBeInstanceOf(NetworkError);
    expect((e as Error).message).toMatch(/ftp:/);
  });
});

describe('the SOAP transport decodes what maxResponseBytes allows', () => {
  const MiB = 1024 * 1024;
  const big = Buffer.from(responseEnvelope('GetChatMessages', `<Response><ChatMessage><ChatMessageId>1</ChatMessageId><Message>${'x'.repeat(65 * MiB)}</Message></ChatMessage></Response>`));
  const httpClient: HttpClient = async () => ({ status: 200, statusText: 'OK', header: (name) => (name.toLowerCase() === 'content-type' ? 'text/xml; charset=utf-8' : null), body: big });

  test('a 65 MiB answer with maxResponseBytes 80 MiB (above the decoder default of 64 MiB) is decoded', async () => {
    const chat = createChatClient({ endpoint: 'http://127.0.0.1:9/Chat.svc', credentials: '7T:abc', retry: false, httpClient, maxResponseBytes: 80 * MiB });
    const page = await chat.getChatMessages({ ChatSessionId: 1, After: 0 });
    expect(page?.[0]?.Message?.length).toBe(65 * MiB);
  });

  test('with the default limit (64 MiB) the same answer is refused', async () => {
    const chat = createChatClient({ endpoint: 'http://127.0.0.1:9/Chat.svc', credentials: '7T:abc', retry: false, httpClient });
    const e = await rejection(chat.getChatMessages({ ChatSessionId: 1, After: 0 }));
    expect(e).toBeInstanceOf(ResponseFormatError);
    expect((e as Error).message).toMatch(/exceeds/);
  });
});

describe('undiciHttpClient: the requests before undici is loaded go over node:http', () => {
  test('the first call does not load undici; its socket becomes the first undici connection: 1 call, 50 sequential and 16 concurrent callers open exactly 16', async () => {
    let mod!: typeof import('../../src/runtime/http/undici-http');
    jest.isolateModules(() => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- a fresh module instance (undici not loaded yet)
      mod = require('../../src/runtime/http/undici-http');
    });
    const server = await startLocalServer((_req, res) => void res.end('ok'));
    const client = mod.undiciHttpClient();
    made.push(client);
    expect(Buffer.from((await client(request(`${server.url}/x`))).body).toString()).toBe('ok');
    expect(mod.undiciLoaded()).toBe(false);
    for (let i = 0; i < 50; i++) await client(request(`${server.url}/x`));
    expect(mod.undiciLoaded()).toBe(true);
    expect(server.connections).toBe(1);
    const caller = async () => {
      for (let i = 0; i < 20; i++) await client(request(`${server.url}/x`));
    };
    await Promise.all(Array.from({ length: 16 }, caller));
    expect(server.requests).toBe(51 + 320);
    expect(server.connections).toBe(16);
    await server.close();
  });

  test('16 callers starting before undici is loaded open exactly 16 connections', async () => {
    let mod!: typeof import('../../src/runtime/http/undici-http');
    jest.isolateModules(() => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- a fresh module instance (undici not loaded yet)
      mod = require('../../src/runtime/http/undici-http');
    });
    const server = await startLocalServer((_req, res) => void res.end('ok'));
    const client = mod.undiciHttpClient();
    made.push(client);
    const caller = async () => {
      for (let i = 0; i < 20; i++) await client(request(`${server.url}/x`));
    };
    await Promise.all(Array.from({ length: 16 }, caller));
    expect(mod.undiciLoaded()).toBe(true);
    expect(server.requests).toBe(320);
    expect(server.connections).toBe(16);
    await server.close();
  });

  test('node:http keeps its connection alive, honours the Keep-Alive hint (≤ 2 s: never reused) and idleTimeoutMs', async () => {
    const server = await startLocalServer((_req, res) => void res.end('ok'));
    const client = pooledFor('node:http');
    for (let i = 0; i < 20; i++) await client(request(`${server.url}/x`));
    expect(server.connections).toBe(1);
    await server.close();
    const short = await startLocalServer((_req, res) => void res.end('ok'), (s) => (s.keepAliveTimeout = 2_000));
    for (let i = 0; i < 3; i++) await client(request(`${short.url}/x`));
    expect(short.connections).toBe(3);
    await short.close();
    const silent = await startLocalServer((_req, res) => void res.end('ok'), (s) => (s.keepAliveTimeout = 0));
    const idle = pooledFor('node:http', { idleTimeoutMs: 50 });
    await idle(request(`${silent.url}/x`));
    for (let i = 0; i < 60 && silent.sockets.size > 0; i++) await new Promise((r) => setTimeout(r, 50));
    expect(silent.sockets.size).toBe(0);
    await idle(request(`${silent.url}/x`));
    expect(silent.connections).toBe(2);
    await silent.close();
  });

  test('a process that makes one call with the default client exits at once (the kept socket does not hold it)', async () => {
    const server = await startLocalServer((_req, res) => void res.end('ok'), (s) => (s.keepAliveTimeout = 30_000));
    const dist = path.resolve(__dirname, '../../dist/src/runtime/http/undici-http.js');
    const script = `const m = require(${JSON.stringify(dist)}); const abort = { aborted: false, reason: undefined, onAbort() {} };
m.defaultHttpClient()({ url: process.argv[1], headers: {}, body: 'x', abort, maxResponseBytes: 1024, operation: 'Op' }).then((r) => console.log(Buffer.from(r.body).toString(), m.undiciLoaded()));`;
    const t0 = Date.now();
    const out = await new Promise<string>((resolve, reject) => {
      const child = spawn(process.execPath, ['-e', script, `${server.url}/x`], { stdio: ['ignore', 'pipe', 'inherit'] });
      let text = '';
      child.stdout.on('data', (d) => (text += d));
      child.on('error', reject);
      child.on('close', () => resolve(text.trim()));
    });
    expect(out).toBe('ok false');
    expect(Date.now() - t0).toBeLessThan(3_000);
    await server.close();
  });
});


describe('undiciHttpClient after a failed exchange', () => {
  test('a TLS handshake refused (a certificate for another host name) fails that call only: the next ones, the right certificate back, succeed', async () => {
    // undici 7 can leave a Client that failed its handshake counting a request that never ends
    // (nodejs/undici#5355): the connection must be dropped, not reused. In a child process, as
    // NODE_EXTRA_CA_CERTS is read at start-up.
    const tls = path.resolve(__dirname, 'tls');
    const dist = path.resolve(__dirname, '../../dist/src/runtime/http/undici-http.js');
    const transport = path.resolve(__dirname, '../../dist/src/runtime/http/transport.js');
    const script = `
const https = require('node:https'); const fs = require('node:fs');
const m = require(${JSON.stringify(dist)}); const { AttemptAbort } = require(${JSON.stringify(transport)});
const ctx = (n) => ({ key: fs.readFileSync(${JSON.stringify(tls)} + '/' + n + '.key'), cert: fs.readFileSync(${JSON.stringify(tls)} + '/' + n + '.crt') });
const server = https.createServer(ctx('local'), (req, res) => { req.resume(); req.on('end', () => res.end('ok')); });
server.listen(0, '127.0.0.1', async () => {
  const url = 'https://127.0.0.1:' + server.address().port + '/x';
  const send = m.pooledClientFor('undici');
  const call = async () => {
    const abort = new AttemptAbort(); const timer = setTimeout(() => abort.abort(new Error('no answer in 3 s')), 3000);
    try { const r = await send({ url, headers: {}, body: 'x', abort, maxResponseBytes: 1024, operation: 'Op' }); return Buffer.from(r.body).toString(); }
    catch (e) { return e.name + ' ' + (e.code ?? e.message); } finally { clearTimeout(timer); }
  };
  const out = [await call(), await call()];
  server.setSecureContext(ctx('other')); server.closeAllConnections(); await new Promise((r) => setTimeout(r, 100));
  out.push(await call());
  server.setSecureContext(ctx('local'));
  out.push(await call(), await call());
  // (no close: a connection stuck as undici left it would never close)
  console.log(JSON.stringify(out)); process.exit(0);
});`;
    const both = path.join(os.tmpdir(), `so-soap-tls-${process.pid}.crt`);
    fs.writeFileSync(both, fs.readFileSync(`${tls}/local.crt`, 'utf8') + fs.readFileSync(`${tls}/other.crt`, 'utf8'));
    try {
      const out = await new Promise<string>((resolve, reject) => {
        const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, NODE_EXTRA_CA_CERTS: both } });
        let text = '';
        child.stdout.on('data', (d) => (text += d));
        child.on('error', reject);
        child.on('close', () => resolve(text.trim()));
      });
      expect(JSON.parse(out)).toEqual(['ok', 'ok', 'NetworkError ERR_TLS_CERT_ALTNAME_INVALID', 'ok', 'ok']);
    } finally {
      fs.rmSync(both, { force: true });
    }
  }, 30_000);
});
