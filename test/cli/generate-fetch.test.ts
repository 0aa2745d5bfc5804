/**
 * Fetching a WSDL and what it imports by URL (codegen/load/fetch.ts; issues 13 and 18): every
 * failure is one line naming the URL and its cause — the time limit, the size limit, an HTML page,
 * an HTTP status, a refused connection, an unknown host (a DNS failure injected through the lookup
 * hook: no real network), a self-signed certificate (made at test time with openssl) — and no URL
 * in a message or a generated file carries its credentials or query tokens. Only 127.0.0.1.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo, LookupFunction } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runGenerateCaptured as run } from './generate-helpers';
import { fetchDocument, safeUrl, safeUrls, type FetchOptions } from '../../codegen/load/fetch';
import { loadWsdl } from '../../codegen/load/loader';
import { readDocument } from '../../codegen/load/read';
import { REPO } from '../codegen/project';

const ECHO = readFileSync(join(REPO, 'wsdl/test/Echo.wsdl'), 'utf8');
const LIMITS: FetchOptions = { timeoutMs: 5_000, maxBytes: 64 * 1024 };
const HTML = '<!DOCTYPE html>\n<html><head><title>Sign in</title></head><body>…</body></html>\n';

/** A WSDL whose schema imports `location` (an XSD by URL). */
const importing = (location: string) => ECHO.replace(/(<xs:schema[^>]*>)/, `$1\n<xs:import namespace="urn:elsewhere" schemaLocation="${location}"/>`);

async function listen(server: Server): Promise<string> {
  await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready));
  return `127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function close(server: Server): Promise<void> {
  server.closeAllConnections();
  await new Promise((done) => server.close(done));
}

/** A port nothing listens on (one that was just free). */
async function refusedPort(): Promise<number> {
  const s = createServer();
  const host = await listen(s);
  await close(s);
  return Number(host.split(':')[1]);
}

/** The DNS says every host is unknown, as getaddrinfo does (and remembers what it was asked). */
const asked: string[] = [];
const unknownHost: LookupFunction = (hostname, _options, callback) => {
  asked.push(hostname);
  const err = Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND', errno: -3008, syscall: 'getaddrinfo', hostname });
  process.nextTick(() => (callback as (e: Error) => void)(err));
};

describe('fetching a WSDL by URL: one line naming the URL and the cause', () => {
  let server: Server;
  let base = '';
  const auth: Array<string | undefined> = [];
  beforeAll(async () => {
    server = createServer((req: IncomingMessage, res: ServerResponse) => {
      auth.push(req.headers.authorization);
      const path = (req.url ?? '').replace(/\?.*$/, '');
      switch (path) {
        case '/Echo.svc': return void res.writeHead(200, { 'content-type': 'text/xml; charset=utf-8' }).end(ECHO);
        case '/Stalled.svc': return; // never answers
        case '/Big.svc': return void res.writeHead(200, { 'content-type': 'text/xml', 'content-length': String(LIMITS.maxBytes + 1) }).end();
        case '/Endless.svc': {
          res.writeHead(200, { 'content-type': 'text/xml' });
          const chunk = `<x>${'y'.repeat(16 * 1024)}</x>`;
          const write = () => (res.destroyed ? undefined : res.write(chunk) ? setImmediate(write) : res.once('drain', write));
          return void write();
        }
        case '/Login.svc': return void res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(HTML);
        case '/Liar.svc': return void res.writeHead(200, { 'content-type': 'text/xml' }).end(HTML);
        case '/Moved.svc': return void res.writeHead(302, { location: '/Echo.svc?wsdl' }).end();
        case '/Loop.svc': return void res.writeHead(301, { location: '/Loop.svc?wsdl' }).end();
        case '/Private.svc': return void res.writeHead(401).end();
        case '/ImportsStalled.svc': return void res.writeHead(200, { 'content-type': 'text/xml' }).end(importing(`http://${req.headers.host}/Stalled.svc?xsd=xsd0`));
        case '/ImportsMissing.svc': return void res.writeHead(200, { 'content-type': 'text/xml' }).end(importing('Missing.xsd?token=abc123&amp;xsd=xsd1'));
        default: return void res.writeHead(404).end();
      }
    });
    base = `http://${await listen(server)}`;
  });
  afterAll(() => close(server));

  const failure = (url: string, options: Partial<FetchOptions> = {}) => readDocument(url, { ...LIMITS, ...options }).then(() => 'no error', (e: Error) => e.message);

  it('the time limit, for an answer that never comes', async () => {
    expect(await failure(`${base}/Stalled.svc?wsdl`, { timeoutMs: 200 })).toBe(`cannot fetch ${base}/Stalled.svc?wsdl: timed out after 200 ms`);
  });

  it('the size limit, announced by Content-Length or reached while reading', async () => {
    expect(await failure(`${base}/Big.svc?wsdl`)).toBe(`${base}/Big.svc?wsdl: ${LIMITS.maxBytes + 1} bytes, more than the limit of ${LIMITS.maxBytes}`);
    expect(await failure(`${base}/Endless.svc?wsdl`)).toBe(`${base}/Endless.svc?wsdl: more than the limit of ${LIMITS.maxBytes} bytes`);
  });

  it('an HTML page instead of a WSDL, by its Content-Type or by its text', async () => {
    expect(await failure(`${base}/Login.svc`)).toBe(`${base}/Login.svc: got text/html, not a WSDL (an HTML page: is this the service's help page? add ?wsdl or ?singleWsdl)`);
    expect(await failure(`${base}/Liar.svc?wsdl`)).toBe(`${base}/Liar.svc?wsdl: got text/html, not a WSDL`);
  });

  it('an HTTP status, with a hint when the WSDL needs sign-in; redirects followed, but not forever', async () => {
    expect(await failure(`${base}/Nowhere.svc?wsdl`)).toBe(`cannot fetch ${base}/Nowhere.svc?wsdl: HTTP 404`);
    expect(await failure(`${base}/Private.svc?wsdl`)).toBe(`cannot fetch ${base}/Private.svc?wsdl: HTTP 401 (the WSDL needs sign-in: fetch it with a browser or curl and generate from the file)`);
    expect((await fetchDocument(`${base}/Moved.svc?wsdl`, LIMITS)).text).toBe(ECHO);
    expect(await failure(`${base}/Loop.svc?wsdl`)).toBe(`cannot fetch ${base}/Loop.svc?wsdl: more than 5 redirects`);
  });

  it('a refused connection', async () => {
    const port = await refusedPort();
    expect(await failure(`http://127.0.0.1:${port}/Chat.svc?wsdl`)).toBe(
      `cannot fetch http://127.0.0.1:${port}/Chat.svc?wsdl: connection refused by 127.0.0.1:${port} (ECONNREFUSED: is the URL right, is the service up?)`,
    );
  });

  it('an unknown host (the DNS lookup fails)', async () => {
    expect(await failure('https://tenant.invalid/Cust1/Remote/Services88/Chat.svc?wsdl', { lookup: unknownHost })).toBe(
      'cannot fetch https://tenant.invalid/Cust1/Remote/Services88/Chat.svc?wsdl: unknown host tenant.invalid (ENOTFOUND)',
    );
    expect(asked).toEqual(['tenant.invalid']);
  });

  it('a document imported by URL: the importing file:line, the URL and the cause', async () => {
    await expect(loadWsdl(`${base}/ImportsStalled.svc?wsdl`, { timeoutMs: 200 })).rejects.toThrow(
      `${base}/ImportsStalled.svc?wsdl:7: xs:import schemaLocation "${base}/Stalled.svc?xsd=xsd0": cannot fetch ${base}/Stalled.svc?xsd=xsd0: timed out after 200 ms`,
    );
  });

  it('never shows credentials or query tokens, in messages or generated headers; userinfo is sent as Basic auth', async () => {
    const host = base.slice('http://'.length);
    // a relative reference too (quoted as the document wrote it, and resolved)
    expect(safeUrl('Missing.xsd?token=abc123&xsd=xsd1#x')).toBe('Missing.xsd?token=***&xsd=xsd1#x');
    expect(safeUrl('//u:p@other/A.xsd?sig=abc123')).toBe('//other/A.xsd?sig=***');
    await expect(loadWsdl(`${base}/ImportsMissing.svc?wsdl`, LIMITS)).rejects.toThrow(
      `${base}/ImportsMissing.svc?wsdl:7: xs:import schemaLocation "Missing.xsd?token=***&xsd=xsd1": cannot fetch ${base}/Missing.xsd?token=***&xsd=xsd1: HTTP 404`,
    );
    expect(safeUrl(`http://user:s3cret@${host}/Chat.svc?wsdl&token=abc123&xsd=xsd0`)).toBe(`${base}/Chat.svc?wsdl&token=***&xsd=xsd0`);
    expect(safeUrls(`error: http://u:p@${host}/A.svc?key=abc123:7: see https://x.example/?sig=abc123.`)).toBe(`error: ${base}/A.svc?key=***:7: see https://x.example/?sig=***.`);
    const message = await failure(`http://user:s3cret@${host}/Nowhere.svc?wsdl&access_token=abc123`);
    expect(message).toBe(`cannot fetch ${base}/Nowhere.svc?wsdl&access_token=***: HTTP 404`);
    const tmp = mkdtempSync(join(tmpdir(), 'so-soap-fetch-'));
    try {
      auth.length = 0;
      const ok = await run('--wsdl', `http://user:s3cret@${host}/Echo.svc?wsdl&sig=abc123`, '--out', tmp);
      expect(ok.code).toBe(0);
      expect(auth).toEqual([`Basic ${Buffer.from('user:s3cret').toString('base64')}`]);
      expect(readFileSync(join(tmp, 'types.ts'), 'utf8').split('\n')[0]).toContain(`from ${base}/Echo.svc (sha256 `);
      const { code, stdout, stderr } = await run('--wsdl', `http://user:s3cret@${host}/Login.svc?ticket=abc123`, '--out', tmp);
      expect(code).toBe(1);
      expect(`${ok.stdout}${ok.stderr}${stdout}${stderr}${readFileSync(join(tmp, 'model.json'), 'utf8')}`).not.toMatch(/s3cret|abc123/);
      expect(stderr).toBe(`so-soap generate: ${base}/Login.svc?ticket=***: got text/html, not a WSDL (an HTML page: is this the service's help page? add ?wsdl or ?singleWsdl)\n`);
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  });
});

/** A self-signed certificate for 127.0.0.1, or undefined (loudly) when openssl is not there. */
function selfSigned(dir: string): { key: Buffer; cert: Buffer } | undefined {
  try {
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'), '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'], { stdio: 'ignore' });
    return { key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) };
  } catch (e) {
    const bar = '!'.repeat(100);
    console.warn(`${bar}\nSKIPPED the self-signed certificate test: openssl could not make a certificate (${(e as Error).message})\n${bar}`);
    return undefined;
  }
}

describe('fetching a WSDL over https', () => {
  const dir = mkdtempSync(join(tmpdir(), 'so-soap-tls-'));
  const tls = selfSigned(dir);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  (tls ? it : it.skip)('a self-signed certificate is named as the TLS reason; trusted (as NODE_EXTRA_CA_CERTS would), the same server serves the WSDL', async () => {
    const server = createHttpsServer({ key: tls!.key, cert: tls!.cert }, (_req, res) => void res.writeHead(200, { 'content-type': 'text/xml' }).end(ECHO));
    const base = `https://${await listen(server as unknown as Server)}`;
    try {
      await expect(readDocument(`${base}/Echo.svc?wsdl`, LIMITS)).rejects.toThrow(
        `cannot fetch ${base}/Echo.svc?wsdl: TLS: self-signed certificate (DEPTH_ZERO_SELF_SIGNED_CERT); a private certificate authority: set NODE_EXTRA_CA_CERTS to its PEM file`,
      );
      expect(await readDocument(`${base}/Echo.svc?wsdl`, { ...LIMITS, ca: tls!.cert })).toBe(ECHO);
    } finally {
      await close(server as unknown as Server);
    }
  });
});
