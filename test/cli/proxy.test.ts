/**
 * The CLI sends through the proxy the environment names (HTTP_PROXY / HTTPS_PROXY, NO_PROXY), as an
 * operations team behind a corporate proxy expects: the endpoint below has a host name no resolver
 * knows, so only the proxy (which forwards to the simulator) can reach it. The proxy's password is
 * never printed. Loopback destinations are reached directly whatever the environment says.
 */
import { createServer, request as httpRequest, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { envProxyHttpClient, proxySettingsFrom } from '../../src/runtime/http/proxy';
import { ensureBuilt, runCli, startChildSimulator, type ChildSimulator } from './chat-helpers';

jest.setTimeout(60_000);

const REMOTE = 'http://chat.so-soap-proxy.invalid/Remote/Services88/Chat.svc';
let sim: ChildSimulator;
let proxy: Server;
let proxyUrl: string;
const seen: { url: string; headers: IncomingHttpHeaders }[] = [];

beforeAll(async () => {
  ensureBuilt();
  sim = await startChildSimulator(['--seed', '9', '--sessions', '3', '--messages', '4']);
  const target = new URL(sim.url);
  // A forward proxy: absolute-form request lines, every one sent on to the simulator.
  proxy = createServer((req, res) => {
    seen.push({ url: req.url ?? '', headers: req.headers });
    const path = new URL(req.url ?? '/', 'http://x').pathname + new URL(req.url ?? '/', 'http://x').search;
    const headers = { ...req.headers, host: target.host };
    delete headers['proxy-authorization'];
    const out = httpRequest({ host: target.hostname, port: target.port, path, method: req.method, headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    out.on('error', () => res.writeHead(502).end());
    req.pipe(out);
  });
  await new Promise<void>((ready) => proxy.listen(0, '127.0.0.1', ready));
  proxyUrl = `http://proxy-user:proxy-pass-77@127.0.0.1:${(proxy.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await sim.stop();
  proxy.closeAllConnections();
  await new Promise((done) => proxy.close(done));
});

test('chat export through HTTP_PROXY: every request goes through the proxy (with its credentials), and the password is never printed', async () => {
  seen.length = 0;
  const r = await runCli(['chat', 'export', '--include', 'messages', '1', '2'], { ...sim.env, SO_ENDPOINT: REMOTE, HTTP_PROXY: proxyUrl });
  expect(r.stderr).toContain('all done (exit 0)');
  expect(r.code).toBe(0);
  expect(r.stdout.trim().split('\n')).toHaveLength(8);
  expect(seen.length).toBeGreaterThanOrEqual(4);
  for (const s of seen) {
    expect(s.url).toMatch(/^http:\/\/chat\.so-soap-proxy\.invalid\/Remote\/Services88\/Chat\.svc$/);
    expect(s.headers['proxy-authorization']).toBe(`Basic ${Buffer.from('proxy-user:proxy-pass-77').toString('base64')}`);
  }
  expect(`${r.stdout}${r.stderr}`).not.toContain('proxy-pass-77');
});

test('NO_PROXY names the host: reached directly (here: no such host, exit 1), nothing through the proxy', async () => {
  seen.length = 0;
  const r = await runCli(['chat', 'export', '--include', 'messages', '--retries', '0', '1'], { ...sim.env, SO_ENDPOINT: REMOTE, HTTP_PROXY: proxyUrl, NO_PROXY: '.so-soap-proxy.invalid' });
  expect(r.code).not.toBe(0);
  expect(seen).toHaveLength(0);
});

test('the library: no proxy variable, no proxy client; a loopback destination is reached directly', async () => {
  expect(envProxyHttpClient({})).toBeUndefined();
  expect(proxySettingsFrom({ https_proxy: 'http://p:1', no_proxy: 'a.example' })).toEqual({ httpProxy: undefined, httpsProxy: 'http://p:1', noProxy: 'a.example' });
  seen.length = 0;
  const r = await runCli(['chat', 'export', '--include', 'messages', '1'], { ...sim.env, HTTP_PROXY: proxyUrl });
  expect(r.code).toBe(0);
  expect(seen).toHaveLength(0);
});
