/**
 * A sign-in shared by concurrent calls: one caller's abort ends its own wait only; a provider's own
 * refusal (a wrong password) is final, not a refused ticket to refresh; calls refused together with
 * the same ticket share one refresh; an early renewal that fails keeps the ticket still valid.
 */
import { Refreshing, type Expiring } from '../../src/runtime/auth/refreshing';
import { createChatClient, type TicketRequest } from '../../src/index';
import { startSimulator, type Simulator } from '../../src/simulator/index';
import { fakeFetch } from '../helpers/soap';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator({ seed: 7, sessions: 3, messagesPerSession: 2 });
});
afterAll(() => sim.stop());

describe('one caller aborts a shared sign-in', () => {
  test('Refreshing: the aborted caller rejects; the others get the credential; the exchange is aborted only when every caller has', async () => {
    const signals: AbortSignal[] = [];
    const r = new Refreshing<Expiring>(async (signal) => {
      signals.push(signal!);
      await sleep(60);
      signal!.throwIfAborted();
      return { value: 'ticket-1', issuedAt: Date.now(), expiresAt: Date.now() + 3_600_000 };
    });
    const first = r.get({ signal: AbortSignal.timeout(10) });
    const others = Array.from({ length: 5 }, () => r.get({}));
    await expect(first).rejects.toHaveProperty('name', 'TimeoutError');
    expect((await Promise.all(others)).map((t) => t.value)).toEqual(Array(5).fill('ticket-1'));
    expect(r.exchanges).toBe(1);
    expect(signals[0].aborted).toBe(false);

    // every caller gone: the exchange itself is aborted, and the next caller starts a new one
    const lone = new Refreshing<Expiring>(async (signal) => {
      signals.push(signal!);
      await new Promise((_, reject) => signal!.addEventListener('abort', () => reject(signal!.reason)));
      throw new Error('unreachable');
    });
    const a = new AbortController();
    const b = new AbortController();
    const waits = [lone.get({ signal: a.signal }), lone.get({ signal: b.signal })].map((p) => p.catch((e: Error) => e.name));
    a.abort();
    await sleep(5);
    expect(signals[1].aborted).toBe(false);
    b.abort();
    expect(await Promise.all(waits)).toEqual(['AbortError', 'AbortError']);
    expect(signals[1].aborted).toBe(true);
  });

  test('a plain async provider through the client: one call aborted while the others wait for the same ticket', async () => {
    let asked = 0;
    const chat = createChatClient({
      endpoint: sim.endpoint,
      applicationToken: sim.applicationToken,
      // (as client.md asks: the request's signal is passed on to what the provider does)
      credentials: async ({ signal }) => {
        asked++;
        await sleep(80);
        signal?.throwIfAborted();
        return sim.ticket;
      },
      retry: false,
    });
    const aborted = chat.getChatSessionEntity({ ChatSessionEntityId: 1 }, { signal: AbortSignal.timeout(10) });
    const others = Array.from({ length: 4 }, (_, i) => chat.getChatSessionEntity({ ChatSessionEntityId: (i % 3) + 1 }));
    await expect(aborted).rejects.toHaveProperty('name', 'TimeoutError');
    expect((await Promise.all(others)).map((s) => s?.ChatSessionId)).toEqual([1, 2, 3, 1]);
    expect(asked).toBe(1);
  });
});

test('a wrong password: one sign-in attempt for 16 concurrent calls, none repeated as a "refresh"', async () => {
  const before = sim.login.counts.soPrincipal;
  const chat = createChatClient({ endpoint: sim.endpoint, applicationToken: sim.applicationToken, credentials: { username: sim.login.username, password: 'wrong-password-4711' }, retry: false });
  const errors = await Promise.all(Array.from({ length: 16 }, () => chat.getChatSessionEntity({ ChatSessionEntityId: 1 }).catch((e: Error) => e.name)));
  expect(errors).toEqual(Array(16).fill('SoExceptionError'));
  expect(sim.login.counts.soPrincipal - before).toBe(1);
});

test('a plain provider: 16 calls refused with the same ticket cause one refresh, and all replay with the new ticket', async () => {
  const tickets = ['7T:old-ticket-0001', '7T:new-ticket-0002', '7T:newer-ticket-0003'];
  const requests: TicketRequest[] = [];
  const fetch = fakeFetch(async (req) => {
    await sleep(5);
    const ok = req.headers.authorization === `SOTicket ${tickets[1]}`;
    return new Response(JSON.stringify(ok ? { ChatSessionId: 1 } : { Error: true, ErrorType: 'SoAuthenticationException', ErrorMessage: 'ticket expired' }), {
      status: ok ? 200 : 401,
      headers: { 'Content-Type': 'application/json' },
    });
  });
  const chat = createChatClient({
    endpoint: 'https://sod.example.com/Cust1/Remote/Services88/Chat.svc',
    transport: 'rest',
    credentials: async (request) => {
      requests.push(request);
      await sleep(20);
      return tickets[requests.length - 1];
    },
    fetch,
    retry: false,
  });
  const got = await Promise.all(Array.from({ length: 16 }, () => chat.getChatSessionEntity({ ChatSessionEntityId: 1 })));
  expect(got.map((s) => s?.ChatSessionId)).toEqual(Array(16).fill(1));
  expect(requests.map((r) => [r.reason, r.rejected])).toEqual([
    ['initial', undefined],
    ['refresh', tickets[0]],
  ]);
});

test('an early renewal that fails keeps the still-valid credential, tries again only after a pause, and fails once it has expired', async () => {
  let now = 1_000_000;
  let fail = false;
  let made = 0;
  const r = new Refreshing<Expiring>(async () => {
    made++;
    if (fail) throw new Error('login service down');
    return { value: `ticket-${made}`, issuedAt: now, expiresAt: now + 600_000 };
  }, () => now);
  expect((await r.get()).value).toBe('ticket-1');
  fail = true;
  now += 590_000; // within the renewal margin (60 s), still valid for 10 s
  expect((await r.get()).value).toBe('ticket-1');
  expect((await r.get()).value).toBe('ticket-1');
  expect(made).toBe(2); // the second get is within the pause: no new exchange
  now += 6_000;
  expect((await r.get()).value).toBe('ticket-1');
  expect(made).toBe(3);
  now += 5_000; // expired
  await expect(r.get()).rejects.toThrow('login service down');
  // a refused credential is not kept either
  fail = false;
  expect((await r.get()).value).toBe('ticket-5');
  fail = true;
  await expect(r.get({ reason: 'refresh', rejected: 'ticket-5' })).rejects.toThrow('login service down');
});

test("a call's timeoutMs bounds the sign-in its provider makes (the attempt's time limit covers getting its ticket)", async () => {
  const chat = createChatClient({
    endpoint: sim.endpoint,
    applicationToken: sim.applicationToken,
    credentials: ({ signal }) => new Promise<string>((_, reject) => signal?.addEventListener('abort', () => reject(signal.reason))),
    retry: false,
  });
  // (without the limit the call would wait forever: the test's own timeout fails it)
  const e = await chat.getChatSessionEntity({ ChatSessionEntityId: 1 }, { timeoutMs: 200 }).catch((x: Error) => x);
  expect(e).toHaveProperty('name', 'TimeoutError');
});
