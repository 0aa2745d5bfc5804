/**
 * The simulator over real HTTP on 127.0.0.1, through the typed client: every one of the 31 Chat
 * operations answers, credentials are checked, a missing entity is NULL (or `Succeeded=false` with
 * `notFound: exception`), malformed
 * requests and unknown actions are SOAP Faults, and each fault kind is injected as specified.
 */
import { ChatService, createChatClient, HttpError, NetworkError, SoapFaultError, SoExceptionError, type ChatClient } from '../../src/index.js';
import { startSimulator, type Simulator } from '../../src/simulator/index.js';
import { rawPost } from './raw.js';

let sim: Simulator;
let chat: ChatClient;
beforeAll(async () => {
  sim = await startSimulator({ seed: 3, sessions: 8, messagesPerSession: 5 });
  chat = createChatClient({ endpoint: sim.endpoint, applicationToken: sim.applicationToken, credentials: sim.ticket, retry: false });
});
afterAll(() => sim.stop());

const agent = { TopicId: 1, CanListen: true, CanRespond: true, User: { AssociateId: 12, Name: 'AGENT2' } };
const INPUTS: Record<string, unknown> = {
  GetChatSessionEntity: { ChatSessionEntityId: 1 },
  SaveChatSessionEntity: { ChatSessionEntity: { ChatSessionId: 0, CustomerName: 'Ny Kunde' } },
  DeleteChatSessionEntity: { ChatSessionEntityId: 8 },
  SaveChatTopicEntity: { ChatTopicEntity: { ChatTopicId: 0, Name: 'Returns' } },
  DeleteChatTopicEntity: { ChatTopicEntityId: 3 },
  SaveChatPresence: { ChatPresence: [] },
  TransferChatSession: { ChatSessionId: 2, ToAssociate: 'AGENT2' },
  AcceptChatSessionTransfer: { ChatSessionId: 2 },
  RejectChatSessionTransfer: { ChatSessionId: 2 },
  PickUpChatSession: { ChatSessionId: 3 },
  ResetChatSession: { ChatSessionId: 4 },
  GetChatTranscript: { ChatSessionId: 1, Html: true },
  GetChatMessages: { ChatSessionId: 1, After: 0 },
  AddChatMessage: { ChatSessionId: 1, Message: { Message: 'Hei & hallo', Author: 'Test', Type: 'ToUser' } },
  GetChatTopicEntity: { ChatTopicEntityId: 1 },
  IsWithinOpeningHours: { ChatTopicId: 1 },
  GetUserAgentList: { Flat: true, OnlyPresent: false },
  GetChatTopicUserAgentList: { ChatTopicId: 1 },
  GetChatTopicUserAgent: { ChatTopicId: 1, Username: 'siri' },
  AddChatTopicUserAgent: { ChatTopicId: 1, Useragent: agent },
  UpdateChatTopicUserAgent: { ChatTopicId: 1, Username: 'tor', Useragent: agent },
  UpdateChatTopicUserAgents: { ChatTopicId: 1, Useragents: [agent] },
  DeleteChatTopicUserAgent: { ChatTopicId: 1, Username: 'tor' },
  CreateChatSessionForTopic: { ChatTopicId: 2 },
};

test('all 31 operations answer Succeeded=true over HTTP', async () => {
  const ops = Object.values(ChatService.operations);
  expect(ops).toHaveLength(31);
  const client = chat as unknown as Record<string, (input: unknown, o: object) => Promise<{ status: number; headers: { Succeeded?: boolean }; data: unknown }>>;
  for (const op of ops) {
    const r = await client[op.method](INPUTS[op.name] ?? {}, { withMeta: true });
    expect({ op: op.name, status: r.status, succeeded: r.headers.Succeeded }).toEqual({ op: op.name, status: 200, succeeded: true });
  }
  expect(Object.keys(sim.stats.byOperation).sort()).toEqual(ops.map((o) => o.name).sort());
});

test('behaviour of the operations the batch uses', async () => {
  const s = await chat.getChatSessionEntity({ ChatSessionEntityId: 5 });
  expect(s).toMatchObject({ ChatSessionId: 5 });
  expect(s?.WhenRequested).toBeInstanceOf(Date);
  const msgs = (await chat.getChatMessages({ ChatSessionId: 5, After: 0 })) ?? [];
  expect(msgs).toHaveLength(5);
  const rest = await chat.getChatMessages({ ChatSessionId: 5, After: msgs[1]!.ChatMessageId });
  expect(rest?.map((m) => m?.ChatMessageId)).toEqual(msgs.slice(2).map((m) => m?.ChatMessageId));
  const added = await chat.addChatMessage({ ChatSessionId: 5, Message: { Message: 'x < y' } });
  expect(await chat.getChatMessages({ ChatSessionId: 5, After: msgs[4]!.ChatMessageId })).toEqual([added]);
  expect(await chat.getChatTranscript({ ChatSessionId: 5 })).toContain(': x < y');
  const reset = await chat.resetChatSession({ ChatSessionId: 5 });
  expect(reset?.Status).toBe('InQueue');
  const created = await chat.createDefaultChatSessionEntity();
  expect(created).toMatchObject({ ChatSessionId: 0, Status: 'Invalid' });
  const saved = await chat.saveChatSessionEntity({ ChatSessionEntity: { ...created, CustomerName: 'Kari' } });
  expect(saved?.ChatSessionId).toBeGreaterThan(8);
  expect((await chat.chatSessionsForUser())?.map((x) => x?.ChatSessionId)).toContain(saved?.ChatSessionId);
  await chat.deleteChatSessionEntity({ ChatSessionEntityId: saved!.ChatSessionId! });
  // A typed default for an operation without behaviour of its own.
  expect(await chat.createDefaultChatTopicAgent()).toMatchObject({ TopicId: 0, CanListen: false, User: null });
});

test('a missing entity is NULL by default, as SuperOffice documents its agents ("a failed call will return NULL")', async () => {
  // SOAP form: Succeeded=true and a nil Response (our inference from the documentation).
  const raw = await rawPost(sim, 'GetChatSessionEntity', '<GetChatSessionEntity xmlns="http://www.superoffice.net/ws/crm/NetServer/Services88"><ChatSessionEntityId>999</ChatSessionEntityId></GetChatSessionEntity>');
  expect(raw.status).toBe(200);
  expect(raw.text).toMatch(/<(?:\w+:)?Response [^>]*nil="true"\s*\/>/);
  expect(raw.text).toMatch(/>true<\/(?:\w+:)?Succeeded>/);
  await expect(chat.getChatSessionEntity({ ChatSessionEntityId: 999 })).resolves.toBeNull();
  await expect(chat.getChatMessages({ ChatSessionId: 999 })).resolves.toBeNull();
  await expect(chat.resetChatSession({ ChatSessionId: 999 })).resolves.toBeNull();
  await expect(chat.isWithinOpeningHours({ ChatTopicId: 999 })).resolves.toBeUndefined(); // a boolean is never nil: left out
  const before = sim.stats.mutations.deleted;
  await expect(chat.deleteChatSessionEntity({ ChatSessionEntityId: 999 })).resolves.toBeUndefined();
  expect(sim.stats.mutations.deleted).toBe(before); // not an effective mutation
  expect(sim.stats.mutationRequests.DeleteChatSessionEntity).toBeGreaterThan(0);
});

test('notFound: exception answers a missing entity with Succeeded=false + SoEntityNotFoundException (the other behaviour)', async () => {
  const strict = await startSimulator({ seed: 3, sessions: 2, notFound: 'exception' });
  const c = createChatClient({ endpoint: strict.endpoint, applicationToken: strict.applicationToken, credentials: strict.ticket });
  try {
    const e = await c.getChatSessionEntity({ ChatSessionEntityId: 999 }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(SoExceptionError);
    expect(e).toMatchObject({ exceptionType: 'SoEntityNotFoundException', operation: 'GetChatSessionEntity' });
    await expect(c.deleteChatSessionEntity({ ChatSessionEntityId: 999 })).rejects.toThrow('ChatSession with id 999 was not found');
    expect(strict.stats.mutations.deleted).toBe(0);
  } finally {
    await strict.stop();
  }
});

test('a bad ticket or application token is Succeeded=false SoAuthenticationException', async () => {
  const badTicket = createChatClient({ endpoint: sim.endpoint, applicationToken: sim.applicationToken, credentials: '7T:wrong' });
  await expect(badTicket.getChatMessages({ ChatSessionId: 1 })).rejects.toMatchObject({ name: 'SoExceptionError', exceptionType: 'SoAuthenticationException' });
  const noTicket = createChatClient({ endpoint: sim.endpoint, applicationToken: sim.applicationToken });
  await expect(noTicket.getChatMessages({ ChatSessionId: 1 })).rejects.toMatchObject({ exceptionType: 'SoAuthenticationException' });
  const badToken = createChatClient({ endpoint: sim.endpoint, applicationToken: 'nope', credentials: sim.ticket });
  await expect(badToken.getChatMessages({ ChatSessionId: 1 })).rejects.toThrow(/application token/i);
});

describe('raw HTTP', () => {
  const post = (body: string, headers: Record<string, string>) => fetch(sim.endpoint, { method: 'POST', body, headers: { 'Content-Type': 'text/xml; charset=utf-8', ...headers } });
  const action = (op: string) => `"${ChatService.operations[op].soapAction}"`;

  test('a malformed request is a SOAP Fault (HTTP 500)', async () => {
    const r = await post('<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><oops', { SOAPAction: action('GetChatMessages') });
    expect(r.status).toBe(500);
    const text = await r.text();
    expect(text).toMatch(/<s:Fault><faultcode>s:Client<\/faultcode><faultstring>DeserializationFailed: /);
    const wrongWrapper = await post(
      '<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><GetChatTranscript xmlns="http://www.superoffice.net/ws/crm/NetServer/Services88"/></s:Body></s:Envelope>',
      { SOAPAction: action('GetChatMessages') },
    );
    expect(wrongWrapper.status).toBe(500);
    expect(await wrongWrapper.text()).toContain('DeserializationFailed');
  });

  test('an unknown SOAPAction is a SOAP Fault; wrong content type 415; GET 405; other paths 404', async () => {
    const r = await post('<x/>', { SOAPAction: '"urn:nope"' });
    expect(r.status).toBe(500);
    expect(await r.text()).toContain("ActionNotSupported: The message with Action 'urn:nope' cannot be processed");
    expect((await fetch(sim.endpoint, { method: 'POST', body: '{}', headers: { 'Content-Type': 'application/json', SOAPAction: action('GetChatMessages') } })).status).toBe(415);
    expect((await fetch(sim.endpoint)).status).toBe(405);
    expect((await fetch(`${sim.url}/other`)).status).toBe(404);
  });

  test('GET /_sim/stats serves the counters', async () => {
    const stats = (await (await fetch(`${sim.url}/_sim/stats`)).json()) as { mutations: { total: number } };
    expect(stats.mutations.total).toBe(sim.stats.mutations.total);
  });
});

describe('fault injection', () => {
  afterEach(() => sim.setFaults(''));

  test('HTTP status with Retry-After, nothing applied', async () => {
    sim.setFaults('503@3:x1');
    const a = await chat.resetChatSession({ ChatSessionId: 6 }).catch((e: unknown) => e);
    expect(a).toBeInstanceOf(HttpError);
    expect(a).toMatchObject({ status: 503, retryAfterMs: 3000 });
    sim.setFaults('429:x1');
    const b = await chat.resetChatSession({ ChatSessionId: 6 }).catch((e: unknown) => e);
    expect(b).toMatchObject({ status: 429, retryAfterMs: 1000 });
    expect(sim.stats.perId.reset[6]).toBeUndefined();
    await chat.resetChatSession({ ChatSessionId: 6 });
    expect(sim.stats.perId.reset[6]).toBe(1);
  });

  test('a SOAP Fault (HTTP 500), nothing applied', async () => {
    sim.setFaults('fault:x1');
    await expect(chat.getChatMessages({ ChatSessionId: 1 })).rejects.toBeInstanceOf(SoapFaultError);
  });

  test('a cut connection: the mutation IS applied, the answer lost', async () => {
    sim.setFaults('cut:x1');
    const e = await chat.deleteChatSessionEntity({ ChatSessionEntityId: 7 }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(NetworkError);
    expect(sim.stats.perId.deleted[7]).toBe(1);
    expect(sim.stats.faultsInjected['cut:x1']).toBe(1);
    // A safe read is retried by the client through a cut.
    sim.setFaults('cut:x1');
    const retrying = createChatClient({ endpoint: sim.endpoint, applicationToken: sim.applicationToken, credentials: sim.ticket, retry: { baseDelayMs: 1 } });
    expect(await retrying.getChatMessages({ ChatSessionId: 1, After: 0 })).not.toHaveLength(0);
  });

  test('latency', async () => {
    sim.setFaults('latency=120ms:x1');
    const r = await chat.getChatTopicEntity({ ChatTopicEntityId: 1 }, { withMeta: true });
    expect(r.durationMs).toBeGreaterThanOrEqual(100);
  });
});
