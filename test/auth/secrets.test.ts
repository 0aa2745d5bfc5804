/**
 * The sign-in secrets (private key, system user token, refresh token, client secret, application
 * token, ticket, JWT) never show in what a failed sign-in leaves behind: the error's message,
 * `toJSON()`, stack, `util.inspect` (which walks `cause`), and the client's log lines. Each case
 * fails a different step of the flows (signing, exchange, verification, OAuth grant, id_token).
 */
import { generateKeyPairSync } from 'node:crypto';
import { inspect } from 'node:util';
import {
  createChatClient, oauthRefreshProvider, SignInError, systemUserProvider, TokenVerificationError,
  type LogEntry, type ManagedTicketProvider, type OAuthRefreshOptions, type SystemUserOptions,
} from '../../src/index';
import { registerSecret } from '../../src/runtime/client/redact';
import { startSimulator, type Simulator } from '../../src/simulator/index';
import { readBody, startLocalServer } from '../reliability/helpers';

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator({ seed: 3, sessions: 2, messagesPerSession: 1 });
});
afterAll(() => sim.stop());

/** Everything of `error` that can reach a user or a log. */
function everythingShown(error: unknown, logged: LogEntry[] = []): string {
  const e = error as Error & { toJSON?: () => unknown };
  return [String(e), e.stack, JSON.stringify(e), e.toJSON ? JSON.stringify(e.toJSON()) : '', inspect(e, { depth: 20 }), JSON.stringify(logged)].join('\n');
}

/** Long secrets are checked by every 24-character window (a key quoted in part is a leak too). */
function expectNoSecret(shown: string, secrets: Record<string, string>): void {
  for (const [name, value] of Object.entries(secrets)) {
    const body = value.replace(/-----[A-Z ]+-----|\s/g, '');
    for (let i = 0; i + 24 <= body.length; i += 24) {
      if (shown.includes(body.slice(i, i + 24))) throw new Error(`${name} leaked: ${body.slice(i, i + 24)}`);
    }
    if (body.length < 24 && shown.includes(body)) throw new Error(`${name} leaked`);
  }
  expect(shown).not.toMatch(/eyJ[A-Za-z0-9_-]{10,}\.eyJ/); // no JWT
  expect(shown).not.toMatch(/\b7T:[A-Za-z0-9+/=_-]{8,}/); // no ticket
  expect(shown).not.toMatch(/\b8A:[A-Za-z0-9+/=_-]{8,}/); // no access token
}

const systemUser = (over: Partial<SystemUserOptions> = {}): SystemUserOptions => ({
  systemUserToken: sim.login.systemUserToken,
  privateKey: sim.login.privateKeyPem,
  applicationToken: sim.applicationToken,
  contextIdentifier: sim.login.contextIdentifier,
  loginBase: sim.login.base,
  ...over,
});

/** A client that signs in through `credentials` and logs; the call's error and the log lines. */
async function failedCall(credentials: ManagedTicketProvider): Promise<{ error: unknown; logged: LogEntry[] }> {
  const logged: LogEntry[] = [];
  const chat = createChatClient({ applicationToken: sim.applicationToken, credentials, retry: false, logger: (e) => void logged.push(e) });
  const error = await chat.getChatSessionEntity({ ChatSessionEntityId: 1 }).catch((e: unknown) => e);
  return { error, logged };
}

describe('system user', () => {
  test('a wrong private key: the exchange is refused; neither key, token nor application token shows', async () => {
    const wrongKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
    const { error, logged } = await failedCall(systemUserProvider(systemUser({ privateKey: wrongKey })));
    expect(error).toBeInstanceOf(SignInError);
    expectNoSecret(everythingShown(error, logged), { wrongKey, systemUserToken: sim.login.systemUserToken, applicationToken: sim.applicationToken });
  });

  test('a private key that is not a key: the error does not quote it', async () => {
    const notAKey = `-----BEGIN PRIVATE KEY-----\n${Buffer.from('x'.repeat(120) + sim.applicationToken).toString('base64')}\n-----END PRIVATE KEY-----`;
    const error = await Promise.resolve()
      .then(() => systemUserProvider(systemUser({ privateKey: notAKey }))({ reason: 'initial' }))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expectNoSecret(everythingShown(error), { notAKey, applicationToken: sim.applicationToken });
  });

  test('a JWT that fails verification (wrong issuer): neither the JWT nor the ticket in it shows', async () => {
    const { error, logged } = await failedCall(systemUserProvider(systemUser({ expectedIssuer: 'https://online.superoffice.com/login' })));
    expect(error).toBeInstanceOf(TokenVerificationError);
    expect((error as TokenVerificationError).check).toBe('issuer');
    expectNoSecret(everythingShown(error, logged), { privateKey: sim.login.privateKeyPem, systemUserToken: sim.login.systemUserToken, applicationToken: sim.applicationToken });
  });

  test('an unknown context: the refusal carries the service message, no secret', async () => {
    const { error, logged } = await failedCall(systemUserProvider(systemUser({ contextIdentifier: 'Cust0000' })));
    expect(error).toBeInstanceOf(SignInError);
    expectNoSecret(everythingShown(error, logged), { privateKey: sim.login.privateKeyPem, systemUserToken: sim.login.systemUserToken, applicationToken: sim.applicationToken });
  });
});

test('after hundreds of other secrets (renewed tickets and JWTs of a long-running process), a sign-in refusal that quotes the system user token still masks it', async () => {
  const token = 'SYS-secret-system-user-token-ABCDEFGH';
  const login = await startLocalServer(async (req, res) => {
    const body = JSON.parse(await readBody(req)) as { SignedSystemToken: string };
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify({ IsSuccessful: false, ErrorMessage: `Unknown system user token ${body.SignedSystemToken.split('.')[0]}`, Token: null }));
  });
  try {
    const provider = systemUserProvider(systemUser({ systemUserToken: token, loginBase: login.url }));
    for (let i = 0; i < 1_000; i++) registerSecret(`7T:renewed-ticket-${i}-${'x'.repeat(20)}`);
    const error = await Promise.resolve(provider({ reason: 'initial' })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SignInError);
    expect((error as Error).message).toMatch(/Unknown system user token \*\*\*/);
    expectNoSecret(everythingShown(error), { token });
  } finally {
    await login.close();
  }
});

describe('OAuth refresh', () => {
  const oauth = (over: Partial<OAuthRefreshOptions> = {}): OAuthRefreshOptions => ({
    clientId: sim.login.clientId,
    clientSecret: sim.applicationToken,
    refreshToken: sim.login.refreshToken,
    loginBase: sim.login.base,
    onRefreshToken: () => {},
    ...over,
  });

  test('a wrong client secret: neither it nor the refresh token shows', async () => {
    const clientSecret = 'wrong-client-secret-8c1f4e2a9b';
    const { error, logged } = await failedCall(oauthRefreshProvider(oauth({ clientSecret })));
    expect(error).toBeInstanceOf(SignInError);
    expectNoSecret(everythingShown(error, logged), { clientSecret, refreshToken: sim.login.refreshToken });
  });

  test('a spent refresh token: it does not show', async () => {
    const refreshToken = 'sim-refresh-spent-5d7e9f1a3c4b';
    const { error, logged } = await failedCall(oauthRefreshProvider(oauth({ refreshToken })));
    expect(error).toBeInstanceOf(SignInError);
    expectNoSecret(everythingShown(error, logged), { refreshToken, clientSecret: sim.applicationToken });
  });

  test('an id_token that fails verification (audience): no token of the answer shows, nor the rotated refresh token', async () => {
    const rotated: string[] = [];
    const { error, logged } = await failedCall(oauthRefreshProvider(oauth({ expectedAudience: 'another-app', onRefreshToken: (t) => void rotated.push(t) })));
    expect(error).toBeInstanceOf(TokenVerificationError);
    expectNoSecret(everythingShown(error, logged), { clientSecret: sim.applicationToken, refreshToken: sim.login.refreshToken, ...Object.fromEntries(rotated.map((t, i) => [`rotated${i}`, t])) });
  });
});
