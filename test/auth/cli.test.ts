/**
 * The batch CLI signed in from the environment only, against `so-soap simulate` in a child
 * process: an export with the system user variables and no SO_ENDPOINT (discovered from the token)
 * completes; with `--ticket-ttl 2s` a long export at concurrency 16 renews its ticket transparently,
 * each expiry costing one exchange (not one per call in flight); OAuth with a refresh token file that
 * is rewritten (mode 0600) with the rotated token; no secret in stdout, stderr, output, journal or summary.
 */
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensureBuilt, idsText, readJsonl, runCli, startChildSimulator, tempDir, type ChildSimulator } from '../cli/chat-helpers.js';

jest.setTimeout(120_000);

let tmp: ReturnType<typeof tempDir>;
beforeAll(() => {
  ensureBuilt();
  tmp = tempDir('so-soap-auth-');
});
afterAll(() => tmp.cleanup());

/** The environment of one way to sign in: the simulator's variables without the other ways'. */
function systemUserEnv(sim: ChildSimulator): Record<string, string | undefined> {
  return { ...sim.env, SO_ENDPOINT: undefined, SO_TICKET: undefined, SO_TICKET_FILE: undefined, SO_REFRESH_TOKEN_FILE: undefined };
}

async function loginCounts(sim: ChildSimulator): Promise<{ exchanges: number; refused: number; oauth: number }> {
  return (await (await fetch(`${sim.url}/login/_sim/counts`)).json()) as { exchanges: number; refused: number; oauth: number };
}

/** Every secret the run had, none of which may appear in what it wrote. */
function secretsOf(sim: ChildSimulator): string[] {
  const keyLines = readFileSync(sim.env.SO_PRIVATE_KEY_FILE!, 'utf8').split('\n').filter((l) => l.length >= 16 && !l.startsWith('-----'));
  return [sim.env.SO_APPLICATION_TOKEN!, sim.env.SO_SYSTEM_USER_TOKEN!, sim.env.SO_CLIENT_SECRET!, ...keyLines];
}

describe('system user from the environment', () => {
  let sim: ChildSimulator;
  beforeAll(async () => {
    sim = await startChildSimulator(['--sessions', '20', '--messages', '3', '--seed', '5']);
  });
  afterAll(() => sim.stop());

  test('the simulator prints every way to sign in; the key file is mode 0600', () => {
    for (const v of ['SO_ENDPOINT', 'SO_TICKET', 'SO_SYSTEM_USER_TOKEN', 'SO_PRIVATE_KEY_FILE', 'SO_CONTEXT_ID', 'SO_LOGIN_BASE', 'SO_REFRESH_TOKEN_FILE', 'SO_CLIENT_ID', 'SO_CLIENT_SECRET']) expect(sim.env[v]).toBeTruthy();
    expect(statSync(sim.env.SO_PRIVATE_KEY_FILE!).mode & 0o777).toBe(0o600);
  });

  test('an export with no SO_ENDPOINT and no ticket completes (endpoint from the token); no secret in what it wrote', async () => {
    const out = join(tmp.dir, 'su.jsonl');
    const journal = join(tmp.dir, 'su.journal');
    const summary = join(tmp.dir, 'su.json');
    const r = await runCli(['chat', 'export', '--ids', '-', '--out', out, '--journal', journal, '--summary-json', summary, '--verbose'], systemUserEnv(sim), idsText(1, 20));
    expect(r.stderr).not.toMatch(/fatal/i);
    expect(r.code).toBe(0);
    expect(readJsonl(out).filter((l) => l.type === 'message')).toHaveLength(60);
    const written = [r.stdout, r.stderr, readFileSync(out, 'utf8'), readFileSync(journal, 'utf8'), readFileSync(summary, 'utf8')].join('\n');
    for (const s of secretsOf(sim)) expect(written).not.toContain(s);
    expect(written).not.toMatch(/7T:[A-Za-z0-9+/]{20}/); // no issued ticket
    expect(written).not.toMatch(/eyJ[A-Za-z0-9_-]{10,}\./); // no JWT
  });

  test.each([['without SO_ENDPOINT'], ['with SO_ENDPOINT set']])('a refused sign-in is fatal (exit 1) %s: one attempt, names the check, and shows no secret', async (how) => {
    const wrongKey = join(tmp.dir, 'wrong.pem');
    const { generateKeyPairSync } = await import('node:crypto');
    writeFileSync(wrongKey, generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'pem', type: 'pkcs8' }), { mode: 0o600 });
    const endpoint = how === 'with SO_ENDPOINT set' ? { SO_ENDPOINT: sim.env.SO_ENDPOINT } : {};
    const before = await loginCounts(sim);
    const r = await runCli(['chat', 'export', '--ids', '-', '--out', join(tmp.dir, 'x.jsonl'), '--concurrency', '4'], { ...systemUserEnv(sim), SO_PRIVATE_KEY_FILE: wrongKey, ...endpoint }, idsText(1, 20));
    expect(r.code).toBe(1);
    expect((await loginCounts(sim)).refused - before.refused).toBe(1);
    expect(r.stderr).toMatch(/SignInError.*signature of the system token is not valid/);
    for (const s of secretsOf(sim)) expect(r.stderr).not.toContain(s);
  });
});

test("a login service that never answers: the command's --timeout bounds the sign-in (exit 1 naming the time limit), not the 30 s default", async () => {
  const { createServer } = await import('node:http');
  const silent = createServer(() => undefined); // takes the request, never answers
  await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
  const sim = await startChildSimulator(['--sessions', '2']);
  try {
    const loginBase = `http://127.0.0.1:${(silent.address() as { port: number }).port}/login`;
    const r = await runCli(['chat', 'export', '--ids', '-', '--out', join(tmp.dir, 'silent.jsonl'), '--timeout', '300'], { ...systemUserEnv(sim), SO_LOGIN_BASE: loginBase }, idsText(1, 2));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/sign-in \(system-user\) failed: TimeoutError/);
  } finally {
    silent.closeAllConnections();
    silent.close();
    await sim.stop();
  }
}, 20_000);

test('--ticket-ttl 2s: a long export at concurrency 16 renews transparently, one exchange per expiry', async () => {
  const sim = await startChildSimulator(['--sessions', '400', '--messages', '2', '--seed', '6', '--ticket-ttl', '2s', '--faults', 'latency=40ms']);
  try {
    const out = join(tmp.dir, 'ttl.jsonl');
    const started = Date.now();
    const r = await runCli(['chat', 'export', '--ids', '-', '--out', out, '--concurrency', '16', '--include', 'messages'], systemUserEnv(sim), idsText(1, 400));
    const elapsedMs = Date.now() - started;
    expect(r.code).toBe(0);
    expect(readJsonl(out).filter((l) => l.type === 'message')).toHaveLength(800);
    const counts = await loginCounts(sim);
    expect(counts.exchanges).toBeGreaterThanOrEqual(2); // the export outlived its first ticket
    // A ticket lives at least 1 s as the client sees it (the JWT's exp has second resolution) and is
    // renewed with 20% (0.4 s) left: at most one exchange per 0.6 s, however many calls were in flight.
    expect(counts.exchanges).toBeLessThanOrEqual(Math.ceil(elapsedMs / 600) + 1);
  } finally {
    await sim.stop();
  }
});

test('OAuth: a refresh token file, rotated and written back atomically with mode 0600', async () => {
  const sim = await startChildSimulator(['--sessions', '5', '--messages', '2', '--seed', '7']);
  try {
    const file = sim.env.SO_REFRESH_TOKEN_FILE!;
    const first = readFileSync(file, 'utf8').trim();
    const env = { ...sim.env, SO_ENDPOINT: undefined, SO_TICKET: undefined, SO_SYSTEM_USER_TOKEN: undefined };
    const out = join(tmp.dir, 'oauth.jsonl');
    const r = await runCli(['chat', 'export', '--ids', '-', '--out', out], env, idsText(1, 5));
    expect(r.code).toBe(0);
    const rotated = readFileSync(file, 'utf8').trim();
    expect(rotated).not.toBe(first);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const written = r.stderr + r.stdout + readFileSync(out, 'utf8');
    for (const s of [rotated, first, ...secretsOf(sim)]) expect(written).not.toContain(s);
    expect(written).not.toMatch(/\b8A:[A-Za-z0-9+/=_-]{8,}/); // no access token
    expect(written).not.toMatch(/eyJ[A-Za-z0-9_-]{10,}\./); // no id_token
    // The old token is spent: a second run works only because the file holds the new one.
    expect((await runCli(['chat', 'export', '--ids', '-', '--out', join(tmp.dir, 'oauth2.jsonl')], env, idsText(1, 5))).code).toBe(0);
    expect((await loginCounts(sim)).oauth).toBe(2);
  } finally {
    await sim.stop();
  }
});
