/**
 * Item 5: network faults against local node:http servers on 127.0.0.1 (and the simulator's fault
 * injection): slow headers, slow body, connection reset mid-body, keep-alive sockets closed by the
 * server, DNS failure (an injected lookup failing with ENOTFOUND; no real resolver is asked),
 * connection refused, abort mid-flight, HTTP statuses. Safe operations are retried within bounds
 * (exactly `maxAttempts` requests reach the server), unsafe ones are never replayed (exactly one),
 * and every outcome is a typed error (`TimeoutError`, `NetworkError`, `HttpError`,
 * `SoapFaultError`, or the platform's `AbortError` for a caller's abort).
 */
import { Agent, fetch as undiciFetch } from 'undici';
import type { LookupFunction } from 'node:net';
import { createChatClient, HttpError, NetworkError, SoapFaultError, TimeoutError, type ChatClient, type FetchLike } from '../../src/index';
import { encodeResponse } from '../../src/codec';
import { ChatService } from '../../src/generated/chat';
import { startSimulator, type Simulator } from '../../src/simulator';
import { describeOutcome, figures, rejection, startLocalServer, type Handler, type LocalServer } from './helpers';

jest.setTimeout(60_000);

const fig = figures('network-faults');
const TIMEOUT_MS = 250;
const RETRY = { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 5 };

const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);
beforeAll(() => process.on('unhandledRejection', onUnhandled));
afterAll(() => {
  process.off('unhandledRejection', onUnhandled);
});

const okMessages = encodeResponse(ChatService, 'GetChatMessages', { Response: [{ ChatMessageId: 1, ChatSessionId: 5, Message: 'hello' }] }, { Succeeded: true });
const okSave = encodeResponse(ChatService, 'SaveChatSessionEntity', { Response: { ChatSessionId: 5 } }, { Succeeded: true });
const okFor = (req: { headers: Record<string, unknown> }) => (String(req.headers.soapaction).includes('SaveChatSessionEntity') ? okSave : okMessages);

function answer(res: import('node:http').ServerResponse, body: string): void {
  const buf = Buffer.from(body, 'utf8');
  res.writeHead(200, { 'content-type': 'text/xml; charset=utf-8', 'content-length': buf.length });
  res.end(buf);
}

const servers: LocalServer[] = [];
async function server(handler: Handler, setup?: Parameters<typeof startLocalServer>[1]): Promise<LocalServer> {
  const s = await startLocalServer(handler, setup);
  servers.push(s);
  return s;
}
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

function client(endpoint: string, extra: Partial<Parameters<typeof createChatClient>[0]> = {}): ChatClient {
  return createChatClient({ endpoint, applicationToken: 'app-token-faults', credentials: '7T:faults-ticket', timeoutMs: TIMEOUT_MS, retry: RETRY, ...extra });
}

const safeCall = (c: ChatClient, options?: object) => c.getChatMessages({ ChatSessionId: 5 }, options);
const safeMeta = (c: ChatClient) => c.getChatMessages({ ChatSessionId: 5 }, { withMeta: true });
const unsafeCall = (c: ChatClient, options?: object) => c.saveChatSessionEntity({ ChatSessionEntity: { ChatSessionId: 5, CustomerName: 'x' } }, options);

function expectTyped(e: unknown, cls: abstract new (...args: never[]) => Error, op: string): void {
  if (!(e instanceof cls)) throw new Error(`expected ${cls.name}, got ${describeOutcome(e)}`);
  expect((e as { operation?: string }).operation).toBe(op);
  fig.add(`outcome ${cls.name}`);
}

/** The request counts the fault scenario must produce: safe = maxAttempts, unsafe = 1. */
async function both(
  scenario: string,
  handler: (fault: () => void) => Handler,
  expected: { error: abstract new (...args: never[]) => Error; safeRequests?: number; unsafeRequests?: number },
  extra: Partial<Parameters<typeof createChatClient>[0]> = {},
): Promise<void> {
  for (const kind of ['safe', 'unsafe'] as const) {
    const s = await server(handler(() => fig.add('faults injected')));
    const c = client(`${s.url}/Chat.svc`, extra);
    const e = await rejection(kind === 'safe' ? safeCall(c) : unsafeCall(c));
    expectTyped(e, expected.error, kind === 'safe' ? 'GetChatMessages' : 'SaveChatSessionEntity');
    expect(s.requests).toBe(kind === 'safe' ? (expected.safeRequests ?? RETRY.maxAttempts) : (expected.unsafeRequests ?? 1));
    fig.add(`${kind} calls`);
    fig.add(`${kind} requests seen by servers`, s.requests);
    fig.add('scenarios');
    void scenario;
  }
}

describe('timeouts', () => {
  test('slow headers (the server never answers): TimeoutError; safe retried to maxAttempts, unsafe sent once', async () => {
    await both('slow headers', (fault) => () => fault(), { error: TimeoutError });
  });

  test('slow body (headers, half the body, then silence): TimeoutError; safe retried, unsafe once', async () => {
    await both(
      'slow body',
      (fault) => (req, res) => {
        fault();
        const buf = Buffer.from(okFor(req), 'utf8');
        res.writeHead(200, { 'content-type': 'text/xml; charset=utf-8', 'content-length': buf.length });
        res.write(buf.subarray(0, buf.length >> 1));
      },
      { error: TimeoutError },
    );
  });

  test('a trickling body (one byte every 20 ms) still ends at the time limit', async () => {
    await both(
      'trickle',
      (fault) => (req, res) => {
        fault();
        const buf = Buffer.from(okFor(req), 'utf8');
        res.writeHead(200, { 'content-type': 'text/xml; charset=utf-8', 'content-length': buf.length });
        let i = 0;
        const timer = setInterval(() => {
          if (res.destroyed || i >= buf.length) return clearInterval(timer);
          res.write(buf.subarray(i, ++i));
        }, 20);
        res.on('close', () => clearInterval(timer));
      },
      { error: TimeoutError },
    );
  });

  test('slow only the first time: the safe call succeeds on attempt 2; the unsafe call times out and is not replayed', async () => {
    const handler: Handler = (req, res, n) => {
      if (n === 1) return void fig.add('faults injected');
      answer(res, okFor(req));
    };
    const s1 = await server(handler);
    const r = await safeMeta(client(`${s1.url}/Chat.svc`));
    expect(r.attempts).toBe(2);
    expect(s1.requests).toBe(2);
    const s2 = await server(handler);
    expectTyped(await rejection(unsafeCall(client(`${s2.url}/Chat.svc`))), TimeoutError, 'SaveChatSessionEntity');
    expect(s2.requests).toBe(1);
    fig.add('safe calls');
    fig.add('unsafe calls');
    fig.add('scenarios', 2);
  });

  test('the TimeoutError says how long it waited', async () => {
    const s = await server(() => void fig.add('faults injected'));
    const e = await rejection(safeCall(client(`${s.url}/Chat.svc`, { retry: false, timeoutMs: 120 })));
    expectTyped(e, TimeoutError, 'GetChatMessages');
    expect((e as TimeoutError).timeoutMs).toBe(120);
    expect((e as Error).message).toBe('GetChatMessages: timed out after 120 ms');
    fig.add('safe calls');
    fig.add('scenarios');
  });
});

describe('connections reset and closed', () => {
  test('connection reset mid-body (RST after half the body): NetworkError; safe retried, unsafe once', async () => {
    await both(
      'reset mid-body',
      (fault) => (req, res) => {
        const buf = Buffer.from(okFor(req), 'utf8');
        res.writeHead(200, { 'content-type': 'text/xml; charset=utf-8', 'content-length': buf.length });
        res.write(buf.subarray(0, buf.length >> 1), () => {
          fault();
          res.socket?.resetAndDestroy();
        });
      },
      { error: NetworkError },
    );
  });

  test('connection reset before any response: NetworkError; safe retried, unsafe once', async () => {
    await both(
      'reset before response',
      (fault) => (req) => {
        fault();
        req.socket.resetAndDestroy();
      },
      { error: NetworkError },
    );
  });

  test('connection closed (FIN) mid-headers: NetworkError; safe retried, unsafe once', async () => {
    await both(
      'close mid-headers',
      (fault) => (req) => {
        fault();
        req.socket.end('HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\nContent-Le');
      },
      { error: NetworkError },
    );
  });

  test('reset only the first time: the safe call succeeds on attempt 2; the unsafe one fails and is not replayed', async () => {
    const handler: Handler = (req, res, n) => {
      if (n === 1) {
        fig.add('faults injected');
        return void req.socket.resetAndDestroy();
      }
      answer(res, okFor(req));
    };
    const s1 = await server(handler);
    const r = await safeMeta(client(`${s1.url}/Chat.svc`));
    expect(r.attempts).toBe(2);
    expect(s1.requests).toBe(2);
    const s2 = await server(handler);
    expectTyped(await rejection(unsafeCall(client(`${s2.url}/Chat.svc`))), NetworkError, 'SaveChatSessionEntity');
    expect(s2.requests).toBe(1);
    fig.add('safe calls');
    fig.add('unsafe calls');
    fig.add('scenarios', 2);
  });

  test('the server closes idle keep-alive sockets between calls: every call succeeds, none is sent twice', async () => {
    const s = await server(
      (req, res) => answer(res, okFor(req)),
      (srv) => {
        srv.keepAliveTimeout = 30;
      },
    );
    const c = client(`${s.url}/Chat.svc`);
    for (let i = 0; i < 4; i++) {
      await (i % 2 === 0 ? safeCall(c) : unsafeCall(c));
      await new Promise((r) => setTimeout(r, 120)); // longer than keepAliveTimeout: the server closes the socket
      fig.add('faults injected');
    }
    expect(s.requests).toBe(4);
    expect(s.connections).toBeGreaterThanOrEqual(2);
    fig.add('safe calls', 2);
    fig.add('unsafe calls', 2);
    fig.add('scenarios');
  });

  test('the server closes a kept-alive socket when the next request arrives: safe retried on a new connection, unsafe not replayed', async () => {
    const served = new WeakSet<object>();
    const handler: Handler = (req, res) => {
      if (served.has(req.socket)) {
        fig.add('faults injected');
        return void req.socket.destroy();
      }
      served.add(req.socket);
      answer(res, okFor(req));
    };
    const s1 = await server(handler);
    const c1 = client(`${s1.url}/Chat.svc`);
    await safeCall(c1);
    await new Promise((r) => setTimeout(r, 20)); // the socket is back in the pool, idle
    const r = await safeMeta(c1);
    expect(r.attempts).toBe(2);
    expect(s1.requests).toBe(3);

    const s2 = await server(handler);
    const c2 = client(`${s2.url}/Chat.svc`);
    await unsafeCall(c2);
    await new Promise((r) => setTimeout(r, 20));
    expectTyped(await rejection(unsafeCall(c2)), NetworkError, 'SaveChatSessionEntity');
    expect(s2.requests).toBe(2); // the first call, and the second once: never replayed
    fig.add('safe calls', 2);
    fig.add('unsafe calls', 2);
    fig.add('scenarios', 2);
  });

  test('Connection: close on every response: every call succeeds on its own connection', async () => {
    const s = await server((req, res) => {
      res.setHeader('connection', 'close');
      answer(res, okFor(req));
    });
    const c = client(`${s.url}/Chat.svc`);
    await safeCall(c);
    await unsafeCall(c);
    await safeCall(c);
    expect(s.requests).toBe(3);
    expect(s.connections).toBe(3);
    fig.add('safe calls', 2);
    fig.add('unsafe calls');
    fig.add('scenarios');
  });

  test('connection refused (nothing listens): NetworkError ECONNREFUSED; safe retried, unsafe once', async () => {
    const s = await startLocalServer(() => undefined);
    const endpoint = `${s.url}/Chat.svc`;
    await s.close();
    for (const kind of ['safe', 'unsafe'] as const) {
      let attempts = 0;
      const fetch: FetchLike = (url, init) => {
        attempts++;
        fig.add('faults injected');
        return globalThis.fetch(url, init);
      };
      const e = await rejection(kind === 'safe' ? safeCall(client(endpoint, { fetch })) : unsafeCall(client(endpoint, { fetch })));
      expectTyped(e, NetworkError, kind === 'safe' ? 'GetChatMessages' : 'SaveChatSessionEntity');
      expect((e as NetworkError).code).toBe('ECONNREFUSED');
      expect(attempts).toBe(kind === 'safe' ? RETRY.maxAttempts : 1);
      fig.add(`${kind} calls`);
      fig.add('scenarios');
    }
  });
});

describe('DNS failure (an injected lookup; no real resolver)', () => {
  test('undici Agent with a lookup failing ENOTFOUND: NetworkError code ENOTFOUND; safe retried, unsafe once', async () => {
    let lookups = 0;
    const lookup = ((hostname: string, _options: unknown, callback: (err: NodeJS.ErrnoException | null, address?: string, family?: number) => void) => {
      lookups++;
      fig.add('faults injected');
      const err = Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND', errno: -3008, syscall: 'getaddrinfo', hostname });
      process.nextTick(() => callback(err));
    }) as unknown as LookupFunction;
    const agent = new Agent({ connect: { lookup } });
    const fetch: FetchLike = (url, init) => undiciFetch(url, { ...(init as object), dispatcher: agent }) as unknown as Promise<Response>;
    try {
      for (const kind of ['safe', 'unsafe'] as const) {
        lookups = 0;
        const c = client('http://chat.reliability.invalid/Remote/Services88/Chat.svc', { fetch });
        const e = await rejection(kind === 'safe' ? safeCall(c) : unsafeCall(c));
        expectTyped(e, NetworkError, kind === 'safe' ? 'GetChatMessages' : 'SaveChatSessionEntity');
        expect((e as NetworkError).code).toBe('ENOTFOUND');
        expect((e as Error).message).toContain('ENOTFOUND');
        expect(lookups).toBe(kind === 'safe' ? RETRY.maxAttempts : 1);
        fig.add(`${kind} calls`);
        fig.add('scenarios');
      }
    } finally {
      await agent.close();
    }
  });

  test('a fetch that rejects like fetch does on ENOTFOUND (TypeError with cause): NetworkError', async () => {
    let attempts = 0;
    const fetch: FetchLike = async () => {
      attempts++;
      fig.add('faults injected');
      throw new TypeError('fetch failed', { cause: Object.assign(new Error('getaddrinfo ENOTFOUND chat.reliability.invalid'), { code: 'ENOTFOUND' }) });
    };
    const e = await rejection(safeCall(client('http://chat.reliability.invalid/Chat.svc', { fetch })));
    expectTyped(e, NetworkError, 'GetChatMessages');
    expect((e as NetworkError).code).toBe('ENOTFOUND');
    expect(attempts).toBe(RETRY.maxAttempts);
    attempts = 0;
    const e2 = await rejection(unsafeCall(client('http://chat.reliability.invalid/Chat.svc', { fetch })));
    expectTyped(e2, NetworkError, 'SaveChatSessionEntity');
    expect(attempts).toBe(1);
    fig.add('safe calls');
    fig.add('unsafe calls');
    fig.add('scenarios', 2);
  });
});

describe('abort mid-flight (the caller aborts)', () => {
  async function abortWhen(stage: 'headers' | 'body' | 'backoff'): Promise<void> {
    for (const kind of ['safe', 'unsafe'] as const) {
      const controller = new AbortController();
      const s = await server((req, res) => {
        fig.add('faults injected');
        if (stage === 'body') {
          const buf = Buffer.from(okFor(req), 'utf8');
          res.writeHead(200, { 'content-type': 'text/xml; charset=utf-8', 'content-length': buf.length });
          res.write(buf.subarray(0, 20), () => setTimeout(() => controller.abort(), 10));
        } else if (stage === 'backoff') {
          res.writeHead(503, { 'retry-after': '30' });
          res.end('busy');
          setTimeout(() => controller.abort(), 30);
        } else {
          setTimeout(() => controller.abort(), 10);
        }
      });
      const c = client(`${s.url}/Chat.svc`, { timeoutMs: 10_000, retry: { maxAttempts: 3, baseDelayMs: 5_000, maxDelayMs: 60_000 } });
      const e = await rejection(kind === 'safe' ? safeCall(c, { signal: controller.signal }) : unsafeCall(c, { signal: controller.signal }));
      // A caller's abort passes through as the platform's AbortError (DESIGN.md §5), for unsafe calls
      // after a 503 as the HttpError (no backoff to abort).
      if (stage === 'backoff' && kind === 'unsafe') {
        expectTyped(e, HttpError, 'SaveChatSessionEntity');
      } else {
        // (a DOMException: not an Error of jest's realm, so checked by name)
        expect((e as Error).name).toBe('AbortError');
        fig.add('outcome AbortError');
      }
      expect(s.requests).toBe(1);
      fig.add(`${kind} calls`);
      fig.add('scenarios');
    }
  }

  test('while waiting for headers: AbortError, sent once', () => abortWhen('headers'));
  test('while reading the body: AbortError, sent once', () => abortWhen('body'));
  test('during the retry backoff of a safe call: AbortError at once, not retried', () => abortWhen('backoff'));

  test('an already aborted signal: nothing is sent', async () => {
    const s = await server((req, res) => answer(res, okFor(req)));
    const e = await rejection(safeCall(client(`${s.url}/Chat.svc`), { signal: AbortSignal.abort() }));
    expect((e as Error).name).toBe('AbortError');
    expect(s.requests).toBe(0);
    fig.add('outcome AbortError');
    fig.add('safe calls');
    fig.add('scenarios');
  });
});

describe('HTTP statuses and the simulator fault grammar', () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await startSimulator({ seed: 6, sessions: 5 });
  });
  afterAll(async () => {
    await sim.stop();
  });

  function simClient(extra: Partial<Parameters<typeof createChatClient>[0]> = {}): ChatClient {
    return createChatClient({ endpoint: sim.endpoint, applicationToken: sim.applicationToken, credentials: sim.ticket, timeoutMs: 2_000, retry: { ...RETRY, maxAttempts: 4 }, ...extra });
  }

  test.each([
    ['503', HttpError, true],
    ['502', HttpError, true],
    ['504', HttpError, true],
    ['408', HttpError, true],
    ['429@1', HttpError, true],
    ['500', HttpError, false],
    ['fault', SoapFaultError, false],
  ] as const)('%s on every request: typed error; safe retried only when retryable (4 attempts), unsafe once', async (spec, cls, retryable) => {
    for (const kind of ['safe', 'unsafe'] as const) {
      sim.setFaults(spec);
      const before = sim.stats;
      const c = simClient();
      const e = await rejection(kind === 'safe' ? c.getChatMessages({ ChatSessionId: 1 }) : c.addChatMessage({ ChatSessionId: 1, Message: { Message: 'hi' } }));
      expectTyped(e, cls, kind === 'safe' ? 'GetChatMessages' : 'AddChatMessage');
      const after = sim.stats;
      const requests = after.requests - before.requests;
      expect(requests).toBe(kind === 'safe' && retryable ? 4 : 1);
      fig.add('faults injected', requests);
      fig.add(`${kind} calls`);
      fig.add('scenarios');
    }
    sim.setFaults('');
  });

  test('cut (applied, then the connection dies half-way through the response): the mutation is never replayed', async () => {
    for (const op of ['AddChatMessage', 'SaveChatSessionEntity', 'DeleteChatSessionEntity'] as const) {
      sim.setFaults('cut');
      const before = sim.stats.mutationRequests[op] ?? 0;
      const c = simClient() as unknown as Record<string, (input: unknown) => Promise<unknown>>;
      const input = op === 'AddChatMessage' ? { ChatSessionId: 2, Message: { Message: 'once' } } : op === 'SaveChatSessionEntity' ? { ChatSessionEntity: { ChatSessionId: 2, CustomerName: 'once' } } : { ChatSessionEntityId: 3 };
      const e = await rejection(c[ChatService.operations[op].method](input));
      expectTyped(e, NetworkError, op);
      expect((sim.stats.mutationRequests[op] ?? 0) - before).toBe(1);
      fig.add('faults injected');
      fig.add('unsafe calls');
      fig.add('scenarios');
    }
    sim.setFaults('');
  });

  test('cut on the first request only: a safe call succeeds on attempt 2', async () => {
    sim.setFaults('cut:x1');
    const r = await simClient().getChatMessages({ ChatSessionId: 1 }, { withMeta: true });
    expect(r.attempts).toBe(2);
    sim.setFaults('');
    fig.add('faults injected');
    fig.add('safe calls');
    fig.add('scenarios');
  });

  test('a mixed storm (503, 429, 504, cut, latency) over 200 safe calls: every call resolves or fails typed, never more than maxAttempts', async () => {
    const injectedSoFar = () => Object.values(sim.stats.faultsInjected).reduce((a, b) => a + b, 0);
    const injectedBefore = injectedSoFar();
    sim.setFaults('503:0.15,429@1:0.05,504:0.05,cut:0.05,latency=0-3ms');
    const before = sim.stats.requests;
    let attemptsTotal = 0;
    const c = simClient({ retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 3 }, timeoutMs: 15_000 });
    const outcomes = await Promise.allSettled(
      Array.from({ length: 200 }, async (_, i) => {
        try {
          const r = await c.getChatMessages({ ChatSessionId: (i % 2) + 1 }, { withMeta: true });
          attemptsTotal += r.attempts;
          expect(r.attempts).toBeLessThanOrEqual(3);
          return 'ok';
        } catch (e) {
          attemptsTotal += 3;
          // (a TimeoutError only when the shared machine is slow: still a typed outcome)
          if (!(e instanceof HttpError || e instanceof NetworkError || e instanceof TimeoutError)) throw new Error(`untyped outcome: ${describeOutcome(e)}`, { cause: e });
          fig.add(`outcome ${(e as Error).name}`);
          return (e as Error).name;
        }
      }),
    );
    expect(outcomes.filter((o) => o.status === 'rejected').map((o) => describeOutcome((o as PromiseRejectedResult).reason))).toEqual([]);
    await new Promise((r) => setTimeout(r, 50));
    const requests = sim.stats.requests - before;
    // Never more than maxAttempts per call (a request abandoned by a timeout may not have been counted).
    expect(requests).toBeLessThanOrEqual(attemptsTotal);
    expect(requests).toBeLessThanOrEqual(3 * 200);
    const injected = injectedSoFar() - injectedBefore;
    fig.note(`storm: 200 calls, ${requests} requests, ${outcomes.filter((o) => o.status === 'fulfilled' && o.value === 'ok').length} succeeded`);
    sim.setFaults('');
    fig.add('faults injected', injected);
    fig.add('safe calls', 200);
    fig.add('scenarios');
  });
});

test('no unhandled rejection during the fault scenarios', async () => {
  await new Promise((r) => setTimeout(r, 50));
  expect(unhandled).toEqual([]);
  fig.note(`unhandled rejections=${unhandled.length}`);
});
