/**
 * One client-behaviour suite, run twice (SOAP 1.1 and the REST Agents API), against the simulator
 * over loopback HTTP: typed values, application errors, credentials refresh, retries, time
 * limits, abort, logging with secrets redacted, query-parameter operations. Then all 31
 * operations in lockstep on two simulators with the same seed, one per transport:
 * `expect(restResult).toEqual(soapResult)` for every operation.
 */
import { ChatService, createChatClient, HttpError, SoExceptionError, TimeoutError, type ChatClient, type ChatSessionEntity, type ChatTopicEntity, type LogEntry } from '../../src/index';
import { toJsonForm } from '../../src/codec';
import { startSimulator, type Simulator } from '../../src/simulator/index';

type Kind = 'soap' | 'rest';
const KINDS: Kind[] = ['soap', 'rest'];

function client(sim: Simulator, transport: Kind, extra: Partial<Parameters<typeof createChatClient>[0]> = {}): ChatClient {
  return createChatClient({ endpoint: sim.endpoint, transport, applicationToken: sim.applicationToken, credentials: sim.ticket, retry: { baseDelayMs: 1 }, ...extra });
}

describe.each(KINDS)('client behaviour over %s', (transport) => {
  let sim: Simulator;
  let chat: ChatClient;
  beforeAll(async () => {
    sim = await startSimulator({ seed: 7, sessions: 6, messagesPerSession: 3 });
    chat = client(sim, transport);
  });
  afterAll(() => sim.stop());

  test('resolves typed values: Dates, enums, flags, numbers, nulls', async () => {
    const s = await chat.getChatSessionEntity({ ChatSessionEntityId: 1 });
    expect(s?.ChatSessionId).toBe(1);
    expect(s?.WhenRequested).toBeInstanceOf(Date);
    expect(s?.Flags).toEqual([]);
    expect(typeof s?.Status).toBe('string');
    expect(typeof s?.CustomerConsented).toBe('boolean');
    expect(s?.Person).toBeNull();
    const messages = await chat.getChatMessages({ ChatSessionId: 1, After: 0 });
    expect(messages).toHaveLength(3);
    expect(messages?.[0]?.WhenPosted).toBeInstanceOf(Date);
  });

  test('withMeta: status, Succeeded header, attempts', async () => {
    const r = await chat.getChatTopicEntity({ ChatTopicEntityId: 1 }, { withMeta: true });
    expect(r.status).toBe(200);
    expect(r.headers.Succeeded).toBe(true);
    expect(r.attempts).toBe(1);
    expect(r.data?.Name).toBe('Sales');
  });

  test('query-parameter operations: delete by id, then get by id answers NULL (the documented agents behaviour), twice deleted is no error', async () => {
    await expect(chat.deleteChatSessionEntity({ ChatSessionEntityId: 5 })).resolves.toBeUndefined();
    await expect(chat.getChatSessionEntity({ ChatSessionEntityId: 5 })).resolves.toBeNull();
    await expect(chat.getChatMessages({ ChatSessionId: 5 })).resolves.toBeNull();
    await expect(chat.deleteChatSessionEntity({ ChatSessionEntityId: 5 })).resolves.toBeUndefined();
  });

  test('query-parameter operations (--not-found exception): delete by id, then get by id fails with SoEntityNotFoundException', async () => {
    const strict = await startSimulator({ seed: 7, sessions: 6, messagesPerSession: 3, notFound: 'exception' });
    const chat = client(strict, transport);
    await expect(chat.deleteChatSessionEntity({ ChatSessionEntityId: 6 })).resolves.toBeUndefined();
    const e = await chat.getChatSessionEntity({ ChatSessionEntityId: 6 }).catch((x: unknown) => x);
    await strict.stop();
    expect(e).toBeInstanceOf(SoExceptionError);
    expect((e as SoExceptionError).exceptionType).toBe('SoEntityNotFoundException');
    expect((e as SoExceptionError).friendlyText).toBe('ChatSession with id 6 was not found');
    expect((e as SoExceptionError).operation).toBe('GetChatSessionEntity');
  });

  test('a wrong ticket is SoExceptionError (SoAuthenticationException); a provider is asked again and the call replayed once', async () => {
    const bad = client(sim, transport, { credentials: '7T:not-the-ticket' });
    const e = await bad.getChatTopicEntity({ ChatTopicEntityId: 1 }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(SoExceptionError);
    expect((e as SoExceptionError).exceptionType).toBe('SoAuthenticationException');
    expect(JSON.stringify(e)).not.toContain('7T:not-the-ticket');
    const asked: string[] = [];
    const refreshing = client(sim, transport, {
      credentials: ({ reason }) => {
        asked.push(reason);
        return reason === 'initial' ? '7T:expired-ticket' : sim.ticket;
      },
    });
    await expect(refreshing.getChatTopicEntity({ ChatTopicEntityId: 1 })).resolves.toMatchObject({ ChatTopicId: 1 });
    expect(asked).toEqual(['initial', 'refresh']);
  });

  test('a wrong application token is SoExceptionError', async () => {
    const e = await client(sim, transport, { applicationToken: 'wrong-app-token' }).chatTopicsForUser().catch((x: unknown) => x);
    expect(e).toBeInstanceOf(SoExceptionError);
    expect((e as SoExceptionError).exceptionType).toBe('SoAuthenticationException');
  });

  test('request validation happens before sending (RequestValidationError with the path)', async () => {
    const before = sim.stats.requests;
    const bad = { ChatSessionEntity: { ChatSessionId: 1, Status: 'Nonsense' } } as unknown as { ChatSessionEntity: ChatSessionEntity };
    await expect(chat.saveChatSessionEntity(bad)).rejects.toMatchObject({ name: 'RequestValidationError', path: 'ChatSessionEntity.Status' });
    expect(sim.stats.requests).toBe(before);
  });

  test('logging: one entry per attempt, secrets never in log entries', async () => {
    const entries: LogEntry[] = [];
    const logged = client(sim, transport, { logger: (e) => entries.push(e) });
    await logged.getChatTopicEntity({ ChatTopicEntityId: 1 });
    await client(sim, transport, { logger: (e) => entries.push(e), applicationToken: 'wrong-app-token' }).getChatTopicEntity({ ChatTopicEntityId: 1 }).catch(() => undefined);
    expect(entries.map((e) => e.level)).toEqual(['debug', 'error']);
    const text = JSON.stringify(entries);
    expect(text).not.toContain(sim.ticket);
    expect(text).not.toContain(sim.applicationToken);
  });
});

describe.each(KINDS)('faults over %s', (transport) => {
  test('a safe operation is retried on 503 with Retry-After and succeeds', async () => {
    const sim = await startSimulator({ seed: 3, sessions: 2, messagesPerSession: 1, faults: '503@0:x2' });
    try {
      const r = await client(sim, transport).getChatTopicEntity({ ChatTopicEntityId: 2 }, { withMeta: true });
      expect(r.attempts).toBe(3);
      expect(r.data?.ChatTopicId).toBe(2);
    } finally {
      await sim.stop();
    }
  });

  test('an unsafe operation is not retried: HttpError 503', async () => {
    const sim = await startSimulator({ seed: 3, sessions: 2, messagesPerSession: 1, faults: '503@0:x1' });
    try {
      const e = await client(sim, transport).resetChatSession({ ChatSessionId: 1 }).catch((x: unknown) => x);
      expect(e).toBeInstanceOf(HttpError);
      expect((e as HttpError).status).toBe(503);
      expect((e as HttpError).retryAfterMs).toBe(0);
      expect(sim.stats.requests).toBe(1);
    } finally {
      await sim.stop();
    }
  });

  test('a time limit gives TimeoutError; the caller’s abort passes through as AbortError', async () => {
    const sim = await startSimulator({ seed: 3, sessions: 2, messagesPerSession: 1, faults: 'latency=300ms' });
    try {
      const chat = client(sim, transport, { retry: false });
      await expect(chat.chatTopicsForUser(undefined, { timeoutMs: 50 })).rejects.toBeInstanceOf(TimeoutError);
      const ac = new AbortController();
      setTimeout(() => ac.abort(), 30);
      await expect(chat.chatTopicsForUser(undefined, { signal: ac.signal, timeoutMs: 5_000 })).rejects.toMatchObject({ name: 'AbortError' });
    } finally {
      await sim.stop();
    }
  });

  test('a connection cut half-way through the response is a NetworkError', async () => {
    const sim = await startSimulator({ seed: 3, sessions: 2, messagesPerSession: 1, faults: 'cut:x1' });
    try {
      await expect(client(sim, transport, { retry: false }).chatTopicsForUser()).rejects.toMatchObject({ name: 'NetworkError' });
    } finally {
      await sim.stop();
    }
  });
});

// ---------------------------------------------------------------------------------------------
// All 31 operations, SOAP and REST in lockstep

type Step = readonly [operation: string, call: (chat: ChatClient, seen: Record<string, unknown>) => Promise<unknown>];

const topic: ChatTopicEntity = {
  ChatTopicId: 0,
  Name: 'Parity <&> "topic" 🙂',
  Description: 'durations, flags, dictionaries',
  LastAccept: new Date('2024-03-01T12:00:00.123Z'),
  OpeningHoursEnabled: true,
  OpeningHours: {
    TzLocation: { TZLocationID: 7, Name: 'Norway', TZLocationCode: 'NO', TimeZoneSTDRules: { '2024-01-01T00:00:00': { TZOffset: 60, StartDay: 1 } }, TimeZoneDSTRules: {} },
    MonEnabled: true,
    MonStart: 'PT9H',
    MonStop: 'PT17H30M',
    TueStart: 'PT0S',
    TueStop: 'PT11H45M30.5S',
    WedStart: 'P1DT2H',
  },
  Widget: { RequiredFields: ['Email', 'Phone'], OfflineFields: [], Size: 'Large', Theme: 'Modern', LogoBlobId: 3 },
  Language: { Id: 2, Value: 'Norsk', TableRight: { Mask: ['Select', 'Update'], Reason: 'ok' }, FieldProperties: { Value: { FieldRight: { Mask: [], Reason: null }, FieldType: 'System.String', FieldLength: 40 } } },
};

const STEPS: readonly Step[] = [
  ['GetChatPresence', (c) => c.getChatPresence()],
  ['SaveChatPresence', (c) => c.saveChatPresence({ ChatPresence: [{ UserId: 11, Present: false, ChatTopics: [1, 2] }, null] })],
  ['CreateDefaultChatSessionEntity', (c) => c.createDefaultChatSessionEntity()],
  ['GetChatSessionEntity', (c) => c.getChatSessionEntity({ ChatSessionEntityId: 1 })],
  [
    'SaveChatSessionEntity',
    (c, seen) =>
      c.saveChatSessionEntity({
        ChatSessionEntity: {
          ...(seen.GetChatSessionEntity as ChatSessionEntity),
          Flags: ['UserIsTyping'],
          CustomerName: 'Æsa <Ølberg> & "Co"',
          Person: { PersonId: 4, Firstname: 'Æsa', Retired: 0, Rank: 3 },
          TableRight: { Mask: ['Select', 'Delete'], Reason: '' },
          FieldProperties: { CustomerName: { FieldRight: { Mask: ['Read', 'Write'], Reason: 'r' }, FieldType: 'System.String', FieldLength: 255 } },
        },
      }),
  ],
  ['DeleteChatSessionEntity', (c) => c.deleteChatSessionEntity({ ChatSessionEntityId: 9 })],
  ['ChatSessionsForUser', (c) => c.chatSessionsForUser()],
  ['TransferChatSession', (c) => c.transferChatSession({ ChatSessionId: 2, ToAssociate: 'AGENT2' })],
  ['AcceptChatSessionTransfer', (c) => c.acceptChatSessionTransfer({ ChatSessionId: 2 })],
  ['RejectChatSessionTransfer', (c) => c.rejectChatSessionTransfer({ ChatSessionId: 3 })],
  ['PickUpChatSession', (c) => c.pickUpChatSession({ ChatSessionId: 4 })],
  ['PickUpFirstChatSession', (c) => c.pickUpFirstChatSession()],
  ['ResetChatSession', (c) => c.resetChatSession({ ChatSessionId: 5 })],
  ['GetChatTranscript', (c) => c.getChatTranscript({ ChatSessionId: 6, Html: true })],
  ['GetChatMessages', (c) => c.getChatMessages({ ChatSessionId: 6, After: 0 })],
  ['AddChatMessage', (c) => c.addChatMessage({ ChatSessionId: 6, Message: { Type: 'ToUser', Message: 'x < y & "z" 🙂', Author: 'Ada', SpecialType: 'Url', SpecialParam: 'https://example.com/?a=1&b=2' } })],
  ['CreateDefaultChatTopicAgent', (c) => c.createDefaultChatTopicAgent()],
  ['CreateDefaultChatTopicEntity', (c) => c.createDefaultChatTopicEntity()],
  ['SaveChatTopicEntity', (c) => c.saveChatTopicEntity({ ChatTopicEntity: topic })],
  ['DeleteChatTopicEntity', (c) => c.deleteChatTopicEntity({ ChatTopicEntityId: 3 })],
  ['GetChatTopicEntity', (c, seen) => c.getChatTopicEntity({ ChatTopicEntityId: (seen.SaveChatTopicEntity as ChatTopicEntity).ChatTopicId })],
  ['IsWithinOpeningHours', (c) => c.isWithinOpeningHours({ ChatTopicId: 1 })],
  ['ChatTopicsForUser', (c) => c.chatTopicsForUser()],
  ['GetUserAgentList', (c) => c.getUserAgentList({ Flat: true, OnlyPresent: false })],
  ['GetChatTopicUserAgentList', (c) => c.getChatTopicUserAgentList({ ChatTopicId: 1 })],
  ['GetChatTopicUserAgent', (c) => c.getChatTopicUserAgent({ ChatTopicId: 1, Username: 'siri' })],
  ['AddChatTopicUserAgent', (c) => c.addChatTopicUserAgent({ ChatTopicId: 1, Useragent: { TopicId: 1, User: { AssociateId: 12, Name: 'AGENT2', Rank: 2 }, CanListen: true, CanRespond: false } })],
  ['UpdateChatTopicUserAgent', (c) => c.updateChatTopicUserAgent({ ChatTopicId: 1, Username: 'tor', Useragent: { TopicId: 1, CanManage: true } })],
  ['UpdateChatTopicUserAgents', (c) => c.updateChatTopicUserAgents({ ChatTopicId: 1, Useragents: [{ TopicId: 1, CanNotify: true }, null] })],
  ['DeleteChatTopicUserAgent', (c) => c.deleteChatTopicUserAgent({ ChatTopicId: 1, Username: 'tor' })],
  ['CreateChatSessionForTopic', (c) => c.createChatSessionForTopic({ ChatTopicId: 1 })],
];

describe('SOAP and REST give identical typed results for all 31 operations', () => {
  const sims: Partial<Record<Kind, Simulator>> = {};
  const chats: Partial<Record<Kind, ChatClient>> = {};
  const seen: Record<Kind, Record<string, unknown>> = { soap: {}, rest: {} };
  const wire: Record<Kind, { url: string; body: string | undefined }[]> = { soap: [], rest: [] };

  beforeAll(async () => {
    // Operations that stamp "now" (PickUpChatSession…) must see the same clock on both simulators.
    jest.useFakeTimers({
      now: new Date('2024-02-01T10:00:00.000Z'),
      doNotFake: ['hrtime', 'nextTick', 'performance', 'queueMicrotask', 'setImmediate', 'clearImmediate', 'setInterval', 'clearInterval', 'setTimeout', 'clearTimeout'],
    });
    for (const kind of KINDS) {
      const sim = await startSimulator({ seed: 11, sessions: 12, messagesPerSession: [2, 6] });
      sims[kind] = sim;
      const fetch = (url: string, init: RequestInit) => {
        wire[kind].push({ url, body: typeof init.body === 'string' ? init.body : undefined });
        return globalThis.fetch(url, init);
      };
      chats[kind] = client(sim, kind, { fetch });
    }
  });
  afterAll(async () => {
    jest.useRealTimers();
    for (const s of Object.values(sims)) await s?.stop();
  });

  test('the steps cover every operation of the Chat service exactly once', () => {
    expect(STEPS.map(([op]) => op).sort()).toEqual(Object.keys(ChatService.operations).sort());
    expect(STEPS).toHaveLength(31);
  });

  test.each(STEPS.map((s, i) => [s[0], i] as const))('%s', async (operation, i) => {
    const call = STEPS[i][1];
    const soap = await call(chats.soap!, seen.soap);
    const rest = await call(chats.rest!, seen.rest);
    seen.soap[operation] = soap;
    seen.rest[operation] = rest;
    expect(rest).toEqual(soap);
    // toEqual compares Dates by time: also the remembered wire text must agree.
    expect(toJsonForm(rest)).toEqual(toJsonForm(soap));
  });

  test('each went over its own wire: SOAP to Chat.svc, REST to /api/v1/Agents/Chat/<Operation> (TimeSpan text, flags strings)', () => {
    expect(wire.soap).toHaveLength(31);
    expect(wire.rest).toHaveLength(31);
    expect(wire.soap.every((r) => r.url === sims.soap!.endpoint)).toBe(true);
    expect(wire.rest.map((r) => new URL(r.url).pathname)).toEqual(STEPS.map(([op]) => `/api/v1/Agents/Chat/${op}`));
    const saveTopic = wire.rest[STEPS.findIndex(([op]) => op === 'SaveChatTopicEntity')].body ?? '';
    expect(JSON.parse(saveTopic)).toMatchObject({
      Name: topic.Name,
      OpeningHours: { MonStart: '09:00:00', MonStop: '17:30:00', TueStart: '00:00:00', TueStop: '11:45:30.5000000', WedStart: '1.02:00:00' },
      Widget: { RequiredFields: 'Email, Phone', OfflineFields: 'None' },
      Language: { TableRight: { Mask: 'Select, Update' }, FieldProperties: { Value: { FieldRight: { Mask: '0' } } } },
    });
    expect(wire.rest.find((r) => r.url.includes('/DeleteChatSessionEntity'))?.url).toMatch(/\?chatSessionEntityId=9$/);
    // Operations that stamp "now" saw the frozen clock on both sides.
    expect((seen.rest.PickUpChatSession as ChatSessionEntity).WhenStarted?.toISOString()).toBe('2024-02-01T10:00:00.000Z');
  });

  test('both simulators end in the same state', () => {
    const a = sims.soap!.stats;
    const b = sims.rest!.stats;
    expect({ ...b, byOperation: undefined }).toEqual({ ...a, byOperation: undefined });
    expect(Object.keys(b.byOperation).sort()).toEqual(Object.keys(a.byOperation).sort());
    expect([...sims.rest!.state.topics.values()]).toEqual([...sims.soap!.state.topics.values()]);
    expect([...sims.rest!.state.sessions.values()]).toEqual([...sims.soap!.state.sessions.values()]);
  });
});
