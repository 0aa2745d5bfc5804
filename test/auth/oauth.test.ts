/**
 * oauthRefreshProvider against the simulator's token endpoint: the access token used by a client
 * made from the provider alone, rotated refresh tokens handed to the callback (and used for the
 * next grant), renewal on expiry, the id_token's audience checked, refusals as SignInError.
 */
import { createChatClient, oauthRefreshProvider, SignInError, TokenVerificationError, type OAuthRefreshOptions } from '../../src/index';
import { startSimulator, type Simulator } from '../../src/simulator/index';

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator({ seed: 2, sessions: 4, messagesPerSession: 3, ticketTtlMs: 3_000 });
});
afterAll(() => sim.stop());

let refreshToken: string;
beforeAll(() => {
  refreshToken = sim.login.refreshToken;
});
const options = (over: Partial<OAuthRefreshOptions> = {}): OAuthRefreshOptions => ({
  clientId: sim.login.clientId,
  clientSecret: sim.applicationToken,
  refreshToken,
  loginBase: sim.login.base,
  onRefreshToken: (t) => {
    refreshToken = t;
  },
  ...over,
});

test('an access token (8A:) from the refresh-token grant; rotated refresh tokens reach the callback and are used next', async () => {
  const seen: string[] = [];
  const provider = oauthRefreshProvider(options({ onRefreshToken: (t) => void seen.push((refreshToken = t)) }));
  const chat = createChatClient({ applicationToken: sim.applicationToken, credentials: provider, retry: false });
  expect((await chat.getChatSessionEntity({ ChatSessionEntityId: 1 }))?.ChatSessionId).toBe(1);
  expect(await provider({ reason: 'initial' })).toMatch(/^8A:/);
  expect(seen).toHaveLength(1);
  await new Promise((r) => setTimeout(r, 3_100));
  expect((await chat.getChatSessionEntity({ ChatSessionEntityId: 2 }))?.ChatSessionId).toBe(2);
  expect(provider.exchanges).toBe(2);
  expect(seen).toHaveLength(2);
  expect(seen[1]).not.toBe(seen[0]);
});

test('a bad client secret and a spent refresh token are refused with the OAuth error', async () => {
  const e1 = await Promise.resolve(oauthRefreshProvider(options({ clientSecret: 'wrong-secret' }))({ reason: 'initial' })).catch((e: unknown) => e);
  expect(e1).toBeInstanceOf(SignInError);
  expect((e1 as SignInError).serviceMessage).toMatch(/invalid_client/);
  const e2 = await Promise.resolve(oauthRefreshProvider(options({ refreshToken: 'sim-refresh-spent' }))({ reason: 'initial' })).catch((e: unknown) => e);
  expect((e2 as SignInError).serviceMessage).toMatch(/invalid_grant/);
  expect(JSON.stringify(e1) + String((e1 as Error).stack)).not.toContain(sim.applicationToken);
});

test("the id_token's audience must be the client id", async () => {
  const e = await Promise.resolve(oauthRefreshProvider(options({ expectedAudience: 'another-app' }))({ reason: 'initial' })).catch((x: unknown) => x);
  expect(e).toBeInstanceOf(TokenVerificationError);
  expect((e as TokenVerificationError).check).toBe('audience');
});
