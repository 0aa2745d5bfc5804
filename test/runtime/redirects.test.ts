/**
 * Redirects are never followed (issue 14 §3): a followed 307/308 re-POSTs the envelope with the
 * ticket and application token to the Location (another origin, or plain http), a followed
 * 301/302/303 turns into a GET whose 200 would pass for the mutation's success. The matrix:
 * every 3xx × same origin / other origin / https → http × every HTTP client the package provides
 * or wraps × both transports. Nothing may reach the Location; the call rejects with `HttpError`
 * naming the Location's origin (credentials and path never shown).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { Agent as UndiciAgent, fetch as undiciFetch } from 'undici';
import { createChatClient, HttpError, usernamePasswordProvider, type HttpClient } from '../../src/index';
import { fetchHttpClient } from '../../src/runtime/http/http-client';
import { undiciHttpClient, type PooledHttpClient } from '../../src/runtime/http/undici-http';
import { readBody, rejection, startLocalServer, type LocalServer } from '../reliability/helpers';
import { ensureBuilt, ROOT } from '../cli/chat-helpers';

const TICKET = '7T:redirect-secret-ticket-0042';
const APP_TOKEN = 'redirect-app-token-0042';
const STATUSES = [301, 302, 303, 307, 308] as const;

/** Where the Location points: a path of the same server, or a second server that must see nothing. */
let origin: LocalServer;
let other: LocalServer;
/** Requests that reached a Location (the same server's `/moved…` or the other server). */
let reachedLocation: string[] = [];
let redirectsSent = 0;

/** The 3xx answer, chosen by the request's query: `?s=307&to=other`. */
function location(to: string, path: string): string {
  if (to === 'same') return `/moved${path}`;
  if (to === 'creds') return `http://redirect-user:redirect-pass@${new URL(other.url).host}/elsewhere`;
  // (No user:pass@ here: fetch refuses to follow to a URL with credentials, which would hide a follow.)
  return `${other.url}/elsewhere${path}?ticket=${encodeURIComponent(TICKET)}`;
}

let tlsDir: string | undefined;
let tlsServer: HttpsServer | undefined;
let tlsUrl = '';

beforeAll(async () => {
  other = await startLocalServer(async (req, res) => {
    reachedLocation.push(`other ${req.method} ${req.url} ${await readBody(req)}`);
    res.writeHead(200, { 'Content-Type': 'text/xml' });
    res.end('<ok/>');
  });
  origin = await startLocalServer(async (req, res) => {
    const body = await readBody(req);
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname.startsWith('/moved')) {
      reachedLocation.push(`same ${req.method} ${req.url} ${body}`);
      res.writeHead(200, { 'Content-Type': 'text/xml' });
      res.end('<ok/>');
      return;
    }
    redirectsSent++;
    const [status, to] = (url.pathname.split('/')[1] ?? '').split('-');
    res.writeHead(Number(status), { Location: location(to, url.pathname), 'Content-Type': 'application/json' });
    res.end('{"ErrorType":"SoEntityNotFoundException","ErrorMessage":"moved"}');
  });
  // https → http: a TLS server on loopback with a throwaway self-signed certificate (made here, never committed).
  tlsDir = mkdtempSync(join(tmpdir(), 'so-soap-tls-'));
  try {
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', join(tlsDir, 'key.pem'), '-out', join(tlsDir, 'cert.pem'), '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'], { stdio: 'ignore' });
  } catch (e) {
    throw new Error(`openssl is needed to test https → http redirects on loopback: ${(e as Error).message}`, { cause: e });
  }
  tlsServer = createHttpsServer({ key: readFileSync(join(tlsDir, 'key.pem')), cert: readFileSync(join(tlsDir, 'cert.pem')) }, (req, res) => {
    redirectsSent++;
    const url = new URL(req.url ?? '/', 'https://x');
    const status = Number((url.pathname.split('/')[1] ?? '').split('-')[0]);
    req.resume();
    res.writeHead(status, { Location: location('other', url.pathname) });
    res.end();
  });
  await new Promise<void>((r) => tlsServer!.listen(0, '127.0.0.1', r));
  tlsUrl = `https://127.0.0.1:${(tlsServer.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await origin.close();
  await other.close();
  await new Promise<void>((r) => (tlsServer ? tlsServer.close(() => r()) : r()));
  if (tlsDir) rmSync(tlsDir, { recursive: true, force: true });
  await Promise.all(pooledClients.map((c) => c.close()));
});

beforeEach(() => {
  reachedLocation = [];
  redirectsSent = 0;
});

const pooledClients: PooledHttpClient[] = [];
function pooled(): PooledHttpClient {
  const c = undiciHttpClient();
  pooledClients.push(c);
  return c;
}

/** The HTTP clients of the package: the default (shared undici), an own undici pool, `fetch` (Node's and undici's) through `fetchHttpClient`. */
const CLIENTS: [string, () => { httpClient?: HttpClient; fetch?: (url: string, init: RequestInit) => Promise<Response> }][] = [
  ['default undici client', () => ({})],
  ['undiciHttpClient()', () => ({ httpClient: pooled() })],
  ['fetch: global fetch', () => ({ fetch: (url, init) => fetch(url, init) })],
  ['fetch: undici fetch', () => ({ fetch: (url, init) => undiciFetch(url, init as never) as unknown as Promise<Response> })],
  ['fetchHttpClient(global fetch)', () => ({ httpClient: fetchHttpClient((url, init) => fetch(url, init)) })],
];

const TRANSPORTS = ['soap', 'rest'] as const;

function endpointFor(base: string, transport: 'soap' | 'rest', status: number, to: string): string {
  // SOAP: the service URL itself answers the 3xx; REST: every path under the tenant base does.
  return transport === 'soap' ? `${base}/${status}-${to}/Chat.svc` : `${base}/${status}-${to}`;
}

async function expectRefused(call: Promise<unknown>, status: number, locationOrigin: string): Promise<void> {
  const e = await rejection(call);
  expect(e).toBeInstanceOf(HttpError);
  const err = e as HttpError;
  expect(err.status).toBe(status);
  expect(err.message).toContain(`redirect to ${locationOrigin} not followed`);
  expect(err.location).toBe(locationOrigin);
  for (const text of [err.message, JSON.stringify(err.toJSON()), String(err.body)]) {
    expect(text).not.toContain('redirect-pass');
    expect(text).not.toContain(TICKET);
  }
}

describe.each(CLIENTS)('%s', (_name, clientOptions) => {
  describe.each(TRANSPORTS)('%s transport', (transport) => {
    test.each(STATUSES.flatMap((s) => [[s, 'same'], [s, 'other']] as const))('HTTP %i to the %s origin: nothing sent to the Location, HttpError', async (status, to) => {
      const chat = createChatClient({ endpoint: endpointFor(origin.url, transport, status, to), transport, credentials: TICKET, applicationToken: APP_TOKEN, retry: false, ...clientOptions() });
      const expected = to === 'same' ? origin.url : other.url;
      await expectRefused(chat.deleteChatSessionEntity({ ChatSessionEntityId: 7 }), status, expected);
      // A safe read with retries on: a 3xx is not retried either.
      const reader = createChatClient({ endpoint: endpointFor(origin.url, transport, status, to), transport, credentials: TICKET, retry: { maxAttempts: 3, baseDelayMs: 1 }, ...clientOptions() });
      await expectRefused(reader.getChatSessionEntity({ ChatSessionEntityId: 7 }), status, expected);
      expect(redirectsSent).toBe(2);
      expect(reachedLocation).toEqual([]);
    });
  });
});

describe('https → http', () => {
  // The TLS server's certificate is self-signed and made for this run: the fetch clients trust it
  // through an undici dispatcher; the undici pool (which takes no TLS options) is run in a child
  // process that trusts it through NODE_EXTRA_CA_CERTS (jest's process.env is not the one node:tls reads).
  const trusting = (f: typeof undiciFetch | typeof fetch) => (url: string, init: RequestInit) =>
    (f as (u: string, i: unknown) => Promise<Response>)(url, { ...init, dispatcher: new UndiciAgent({ connect: { ca: readFileSync(join(tlsDir!, 'cert.pem')) } }) });
  const FETCHES: [string, () => { httpClient?: HttpClient; fetch?: (url: string, init: RequestInit) => Promise<Response> }][] = [
    ['fetch: global fetch', () => ({ fetch: trusting(fetch) })],
    ['fetch: undici fetch', () => ({ fetch: trusting(undiciFetch) })],
    ['fetchHttpClient(global fetch)', () => ({ httpClient: fetchHttpClient(trusting(fetch)) })],
  ];
  describe.each(FETCHES)('%s', (_name, clientOptions) => {
    test.each(TRANSPORTS.flatMap((t) => STATUSES.map((s) => [t, s] as const)))('%s, HTTP %i to plain http: nothing sent, HttpError', async (transport, status) => {
      const chat = createChatClient({ endpoint: endpointFor(tlsUrl, transport, status, 'other'), transport, credentials: TICKET, applicationToken: APP_TOKEN, retry: false, ...clientOptions() });
      await expectRefused(chat.resetChatSession({ ChatSessionId: 7 }), status, other.url);
      expect(redirectsSent).toBe(1);
      expect(reachedLocation).toEqual([]);
    });
  });

  test('the default undici client and undiciHttpClient() (built package, child process): nothing sent, HttpError', async () => {
    ensureBuilt();
    const script = `
      const { createChatClient, undiciHttpClient } = require(${JSON.stringify(join(ROOT, 'dist/src/index.js'))});
      (async () => {
        const out = [];
        for (const client of ['default', 'pool']) for (const transport of ['soap', 'rest']) for (const status of ${JSON.stringify(STATUSES)}) {
          const endpoint = transport === 'soap' ? \`\${process.argv[1]}/\${status}-other/Chat.svc\` : \`\${process.argv[1]}/\${status}-other\`;
          const chat = createChatClient({ endpoint, transport, credentials: ${JSON.stringify(TICKET)}, retry: false, ...(client === 'pool' ? { httpClient: undiciHttpClient() } : {}) });
          try { await chat.resetChatSession({ ChatSessionId: 7 }); out.push({ client, transport, status, resolved: true }); }
          catch (e) { out.push({ client, transport, status, name: e.name, status2: e.status, location: e.location, message: e.message }); }
        }
        process.stdout.write(JSON.stringify(out));
        process.exit(0);
      })();`;
    const run = await new Promise<{ code: number | null; stdout: string; stderr: string }>((res) => {
      const child = spawn(process.execPath, ['-e', script, tlsUrl], { env: { ...process.env, NODE_EXTRA_CA_CERTS: join(tlsDir!, 'cert.pem') } });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      child.on('close', (code) => res({ code, stdout, stderr }));
    });
    expect(run.stderr).toBe('');
    const results = JSON.parse(run.stdout) as { name?: string; status: number; status2?: number; location?: string; message?: string }[];
    expect(results).toHaveLength(20);
    for (const r of results) {
      expect(r).toMatchObject({ name: 'HttpError', status2: r.status, location: other.url });
      expect(r.message).toContain(`redirect to ${other.url} not followed`);
    }
    expect(redirectsSent).toBe(20);
    expect(reachedLocation).toEqual([]);
  });
});

test('a Location with user:pass@ is named by its origin only', async () => {
  const chat = createChatClient({ endpoint: `${origin.url}/302-creds/Chat.svc`, credentials: TICKET, retry: false });
  await expectRefused(chat.deleteChatSessionEntity({ ChatSessionEntityId: 7 }), 302, other.url);
});

describe('the username/password provider (its own SoPrincipal client)', () => {
  test.each(CLIENTS)('%s: a 3xx from SoPrincipal sends the password nowhere else', async (_name, clientOptions) => {
    const endpoint = `${origin.url}/307-other/Chat.svc`;
    const provider = usernamePasswordProvider({ endpoint, username: 'ada', password: 'redirect-password-0042', ...clientOptions() });
    const e = await rejection(Promise.resolve(provider({ reason: 'initial' })));
    expect(e).toBeInstanceOf(HttpError);
    expect((e as HttpError).location).toBe(other.url);
    expect(reachedLocation).toEqual([]);
  });
});

describe('a fetch that ignores redirect: "manual"', () => {
  test('a response it reached by following a redirect is refused, not decoded', async () => {
    // What such a fetch (or a browser's) may hand back: `redirected` set, the final URL elsewhere.
    const followed = Object.assign(new Response('<ok/>', { status: 200, headers: { 'Content-Type': 'text/xml' } }), {});
    Object.defineProperty(followed, 'redirected', { value: true });
    Object.defineProperty(followed, 'url', { value: `${other.url}/elsewhere?ticket=x` });
    const inits: RequestInit[] = [];
    const chat = createChatClient({ endpoint: `${origin.url}/Chat.svc`, credentials: TICKET, retry: false, fetch: async (_u, init) => (inits.push(init), followed) });
    const e = await rejection(chat.deleteChatSessionEntity({ ChatSessionEntityId: 7 }));
    expect(e).toBeInstanceOf(HttpError);
    expect((e as HttpError).message).toContain(`redirect to ${other.url}`);
    expect(inits[0].redirect).toBe('manual');
  });

  test('an opaque redirect (a browser fetch with redirect: "manual") is refused', async () => {
    const opaque = new Response(null, { status: 200 });
    Object.defineProperty(opaque, 'type', { value: 'opaqueredirect' });
    Object.defineProperty(opaque, 'status', { value: 0 });
    const chat = createChatClient({ endpoint: `${origin.url}/Chat.svc`, credentials: TICKET, retry: false, fetch: async () => opaque });
    const e = await rejection(chat.deleteChatSessionEntity({ ChatSessionEntityId: 7 }));
    expect(e).toBeInstanceOf(HttpError);
    expect((e as HttpError).message).toMatch(/redirect .*not followed/);
  });
});
