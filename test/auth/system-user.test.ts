/**
 * The system user flow against the simulator's sign-in side: the signed token's format (checked
 * against openssl), PEM and <RSAKeyValue> keys, the exchange (REST and SOAP), JWT verification
 * (tampered, wrong issuer, expired, unknown kid with one JWKS refetch), refusals, endpoint
 * discovery from the token, and one exchange per expiry at concurrency 16.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { createPrivateKey, generateKeyPairSync, sign } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createChatClient, OpenIdKeys, privateKeyFrom, SignInError, signSystemUserToken, systemUserProvider, TokenVerificationError, verifyJwt,
  type SystemUserOptions, type TicketRequest,
} from '../../src/index';
import { startSimulator, type Simulator } from '../../src/simulator/index';

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator({ seed: 2, sessions: 4, messagesPerSession: 3 });
});
afterAll(() => sim.stop());

const options = (over: Partial<SystemUserOptions> = {}): SystemUserOptions => ({
  systemUserToken: sim.login.systemUserToken,
  privateKey: sim.login.privateKeyPem,
  applicationToken: sim.applicationToken,
  contextIdentifier: sim.login.contextIdentifier,
  loginBase: sim.login.base,
  ...over,
});

/** The PEM key in SuperOffice's <RSAKeyValue> XML form. */
function toXml(pem: string): string {
  const jwk = createPrivateKey(pem).export({ format: 'jwk' });
  const b = (v: string | undefined) => Buffer.from(v!, 'base64url').toString('base64');
  return `<RSAKeyValue><Modulus>${b(jwk.n)}</Modulus><Exponent>${b(jwk.e)}</Exponent><P>${b(jwk.p)}</P><Q>${b(jwk.q)}</Q><DP>${b(jwk.dp)}</DP><DQ>${b(jwk.dq)}</DQ><InverseQ>${b(jwk.qi)}</InverseQ><D>${b(jwk.d)}</D></RSAKeyValue>`;
}

describe('the signed system user token', () => {
  const at = new Date(Date.UTC(2026, 0, 2, 3, 4, 59));
  // The independent implementation is openssl; without it the test is counted as skipped, never as passed.
  const openssl = spawnSync('openssl', ['version']).status === 0;
  if (!openssl) console.warn('SKIPPED: openssl is not on PATH; the signature format is not checked against it');
  (openssl ? test : test.skip)('is <token>.<UTC yyyyMMddHHmm>.<base64 RSA-SHA256>, the signature equal to openssl dgst -sha256 -sign', () => {
    const pem = sim.login.privateKeyPem;
    const signed = signSystemUserToken('SYS-abc.def', privateKeyFrom(pem), at);
    expect(signed.startsWith('SYS-abc.def.202601020304.')).toBe(true);
    const dir = mkdtempSync(join(tmpdir(), 'so-auth-'));
    writeFileSync(join(dir, 'key.pem'), pem, { mode: 0o600 });
    writeFileSync(join(dir, 'data'), 'SYS-abc.def.202601020304');
    const reference = execFileSync('openssl', ['dgst', '-sha256', '-sign', join(dir, 'key.pem'), join(dir, 'data')]).toString('base64');
    rmSync(dir, { recursive: true });
    expect(signed.slice('SYS-abc.def.202601020304.'.length)).toBe(reference);
  });

  test('the <RSAKeyValue> XML form of a key signs exactly like its PEM form', () => {
    const pem = sim.login.privateKeyPem;
    expect(signSystemUserToken('T', privateKeyFrom(toXml(pem)), at)).toBe(signSystemUserToken('T', privateKeyFrom(pem), at));
  });

  test('an unreadable key is refused without quoting it', () => {
    expect(() => privateKeyFrom('-----BEGIN PRIVATE KEY-----\nSECRETSECRETSECRET\n-----END PRIVATE KEY-----')).toThrow(/cannot be read/);
    try {
      privateKeyFrom('<RSAKeyValue><Modulus>SECRETSECRET</Modulus></RSAKeyValue>');
    } catch (e) {
      expect(String((e as Error).message)).not.toMatch(/SECRETSECRET/);
    }
  });
});

describe('systemUserProvider against the simulator', () => {
  test.each([['rest'], ['soap']] as const)('over %s: a client made from the provider alone (endpoint from the token) calls Chat', async (protocol) => {
    const provider = systemUserProvider(options({ protocol }));
    const chat = createChatClient({ applicationToken: sim.applicationToken, credentials: provider, retry: false });
    const s = await chat.getChatSessionEntity({ ChatSessionEntityId: 1 });
    expect(s?.ChatSessionId).toBe(1);
    expect(await provider.endpointFor('Chat')).toBe(sim.endpoint);
    expect(provider.exchanges).toBe(1);
  });

  test('with the key in <RSAKeyValue> XML form', async () => {
    const provider = systemUserProvider(options({ privateKey: toXml(sim.login.privateKeyPem) }));
    expect(await provider({ reason: 'initial' })).toMatch(/^7T:/);
  });

  test('over REST Agents too (webapi_url)', async () => {
    const chat = createChatClient({ applicationToken: sim.applicationToken, credentials: systemUserProvider(options()), transport: 'rest', retry: false });
    expect((await chat.getChatSessionEntity({ ChatSessionEntityId: 2 }))?.ChatSessionId).toBe(2);
  });

  test.each([
    ['a wrong key', () => ({ privateKey: generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey }), /signature of the system token is not valid/],
    ['an unknown context', () => ({ contextIdentifier: 'Cust99999' }), /Unknown context identifier/],
    ['a wrong application token', () => ({ applicationToken: 'not-the-app-token' }), /application token is not valid/],
    ['a timestamp older than the window', () => ({ now: () => Date.now() - 30 * 60_000 }), /outside the accepted window/],
  ])('%s is refused: SignInError with the ErrorMessage', async (_name, over, message) => {
    const p = systemUserProvider(options(over()));
    const e = await Promise.resolve(p({ reason: 'initial' })).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(SignInError);
    expect((e as SignInError).serviceMessage).toMatch(message);
  });
});

describe('JWT verification', () => {
  const claims = { 'http://schemes.superoffice.net/identity/ticket': '7T:abc' };
  const keys = () => new OpenIdKeys(`${sim.login.base}/.well-known/openid-configuration`, {});
  const check = async (token: string, expect_: Parameters<typeof verifyJwt>[2] = {}, k = keys()) =>
    verifyJwt(token, k, expect_).then(
      () => 'ok',
      (e: unknown) => (e instanceof TokenVerificationError ? e.check : String(e)),
    );

  test('a valid token verifies; its claims come back', async () => {
    const token = sim.login.side.issuer.sign(claims, 60_000);
    expect((await verifyJwt(token, keys()))['http://schemes.superoffice.net/identity/ticket']).toBe('7T:abc');
  });

  test('tampered payload → signature', async () => {
    const [h, , s] = sim.login.side.issuer.sign(claims, 60_000).split('.');
    const forged = Buffer.from(JSON.stringify({ ...claims, iss: sim.login.base, exp: 9999999999, 'http://schemes.superoffice.net/identity/ticket': '7T:evil' })).toString('base64url');
    expect(await check(`${h}.${forged}.${s}`)).toBe('signature');
  });

  test('wrong issuer → issuer; expired → expiry; not RS256 → algorithm', async () => {
    const token = sim.login.side.issuer.sign(claims, 60_000);
    expect(await check(token, { issuer: 'https://online.superoffice.com/login' })).toBe('issuer');
    expect(await check(token, { now: () => Date.now() + 3_600_000 })).toBe('expiry');
    expect(await check(token, { audience: 'someone-else' })).toBe('audience');
    const none = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${token.split('.')[1]}.x`;
    expect(await check(none)).toBe('algorithm');
  });

  test('an unknown kid makes one JWKS refetch, then → key', async () => {
    const k = keys();
    expect(await check(sim.login.side.issuer.sign(claims, 60_000), {}, k)).toBe('ok');
    const before = sim.login.counts.jwks;
    const other = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
    const data = `${Buffer.from(JSON.stringify({ alg: 'RS256', kid: 'rotated-away' })).toString('base64url')}.${Buffer.from(JSON.stringify({ ...claims, iss: sim.login.base, exp: 9999999999 })).toString('base64url')}`;
    const token = `${data}.${sign('RSA-SHA256', Buffer.from(data), other).toString('base64url')}`;
    expect(await check(token, {}, k)).toBe('key');
    expect(sim.login.counts.jwks - before).toBe(1);
  });
});

describe('renewal', () => {
  let short: Simulator;
  beforeAll(async () => {
    short = await startSimulator({ seed: 2, sessions: 4, messagesPerSession: 3, ticketTtlMs: 4_000 }); // long enough that a burst never spans a renewal on a loaded machine
  });
  afterAll(() => short.stop());
  const shortOptions = (over: Partial<SystemUserOptions> = {}): SystemUserOptions => ({
    systemUserToken: short.login.systemUserToken,
    privateKey: short.login.privateKeyPem,
    applicationToken: short.applicationToken,
    contextIdentifier: short.login.contextIdentifier,
    loginBase: short.login.base,
    ...over,
  });
  const burst = (chat: ReturnType<typeof createChatClient>) => Promise.all(Array.from({ length: 16 }, (_, i) => chat.getChatSessionEntity({ ChatSessionEntityId: (i % 4) + 1 })));

  test('16 concurrent calls share one exchange; after expiry the next 16 share one more', async () => {
    const provider = systemUserProvider(shortOptions());
    const chat = createChatClient({ applicationToken: short.applicationToken, credentials: provider, retry: false });
    const before = short.login.counts.exchanges;
    await burst(chat);
    expect(short.login.counts.exchanges - before).toBe(1);
    await new Promise((r) => setTimeout(r, 4_100));
    await burst(chat);
    expect(short.login.counts.exchanges - before).toBe(2);
  });

  test('a ticket the service refuses (expired there first) is renewed once for 16 refused calls', async () => {
    // The provider's clock runs 10 s behind: it still thinks the ticket valid when the simulator has dropped it.
    let lag = 0;
    const provider = systemUserProvider(shortOptions({ now: () => Date.now() - lag, clockSkewSeconds: 600 }));
    // What the client asks the provider: the renewal must come from the refusal (reason `refresh`
    // naming the refused ticket), not from the provider's own expiry check.
    const asked: TicketRequest[] = [];
    const watched = Object.assign((request: TicketRequest) => (asked.push(request), provider(request)), { managed: true as const, endpointFor: provider.endpointFor });
    const chat = createChatClient({ applicationToken: short.applicationToken, credentials: watched, retry: false });
    const before = short.login.counts.exchanges;
    await burst(chat);
    const first = await provider({ reason: 'initial' });
    expect(asked.every((r) => r.reason === 'initial')).toBe(true);
    lag = 10_000;
    await new Promise((r) => setTimeout(r, 4_100));
    expect(await provider({ reason: 'initial' })).toBe(first); // the provider alone would keep the dropped ticket
    asked.length = 0;
    await burst(chat);
    const refreshes = asked.filter((r) => r.reason === 'refresh');
    expect(refreshes.length).toBeGreaterThanOrEqual(1);
    expect(refreshes.every((r) => r.rejected === first)).toBe(true);
    expect(short.login.counts.exchanges - before).toBe(2);
  });
});
