/** The REST transport over an injected fetch: URLs, headers, Authorization forms, bodies, error mapping, redaction. */
import { inspect } from 'node:util';
import { createChatClient, HttpError, RequestValidationError, ResponseFormatError, SoExceptionError, type ChatClient, type LogEntry } from '../../src/index';
import { authorizationHeader, restBaseUrl, restErrorInfo } from '../../src/runtime/rest/rest-transport';
import { fakeFetch } from '../helpers/soap';

const ENDPOINT = 'https://sod.example.com/Cust12345/Remote/Services88/Chat.svc';
const BASE = 'https://sod.example.com/Cust12345/api/v1/Agents/Chat';
const TICKET = '7T:rest-secret-ticket-4711';
const TOKEN = '8A:Cust12345.rest-secret-token';
const APP_TOKEN = 'rest-app-token-0815';

function json(value: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(value), { status, headers: { 'Content-Type': 'application/json; charset=utf-8', ...headers } });
}

function client(fetch: ReturnType<typeof fakeFetch>, extra: Partial<Parameters<typeof createChatClient>[0]> = {}): ChatClient {
  return createChatClient({ endpoint: ENDPOINT, transport: 'rest', applicationToken: APP_TOKEN, credentials: TICKET, fetch, retry: { baseDelayMs: 1 }, ...extra });
}

describe('URL and headers', () => {
  test('a ticket HTTP cannot carry in a header (a trailing newline): RequestValidationError at once, nothing sent, not retried, not quoted', async () => {
    const fetch = fakeFetch(() => json({ ChatSessionId: 59 }));
    const e = await client(fetch, { credentials: `${TICKET}\n` }).getChatSessionEntity({ ChatSessionEntityId: 59 }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(RequestValidationError);
    expect(String((e as Error).message)).toMatch(/HTTP header Authorization/);
    expect(JSON.stringify(e) + String((e as Error).message)).not.toContain('rest-secret-ticket');
    expect(fetch.requests).toHaveLength(0);
  });

  test('POST <base>/api/v1/Agents/Chat/<Operation>?camelCase=…, Accept JSON, no Content-Type without a body', async () => {
    const fetch = fakeFetch(() => json({ ChatSessionId: 59, Status: 'InQueue' }));
    const s = await client(fetch).getChatSessionEntity({ ChatSessionEntityId: 59 });
    expect(s).toEqual({ ChatSessionId: 59, Status: 'InQueue' });
    const req = fetch.requests[0];
    expect(req.method).toBe('POST');
    expect(req.url).toBe(`${BASE}/GetChatSessionEntity?chatSessionEntityId=59`);
    expect(req.headers.accept).toBe('application/json');
    expect(req.headers['content-type']).toBeUndefined();
    expect(req.body).toBe('');
    expect(req.headers['so-apptoken']).toBe(APP_TOKEN);
    expect(req.headers.authorization).toBe(`SOTicket ${TICKET}`);
    expect(req.headers['user-agent']).toMatch(/^so-soap\//);
  });

  test('request body with Content-Type application/json; the bare entity for Save', async () => {
    const fetch = fakeFetch(() => json({ ChatSessionId: 317 }));
    const chat = client(fetch);
    await chat.resetChatSession({ ChatSessionId: 317 });
    await chat.saveChatSessionEntity({ ChatSessionEntity: { ChatSessionId: 317, CustomerName: 'Ada' } });
    expect(fetch.requests[0].url).toBe(`${BASE}/ResetChatSession`);
    expect(fetch.requests[0].headers['content-type']).toBe('application/json; charset=utf-8');
    expect(JSON.parse(fetch.requests[0].body)).toEqual({ ChatSessionId: 317 });
    expect(fetch.requests[1].url).toBe(`${BASE}/SaveChatSessionEntity`);
    expect(JSON.parse(fetch.requests[1].body)).toEqual({ ChatSessionId: 317, CustomerName: 'Ada' });
  });

  test.each([
    ['https://sod.example.com/Cust12345/Remote/Services88/Chat.svc', 'https://sod.example.com/Cust12345'],
    ['https://sod.example.com/Cust12345/', 'https://sod.example.com/Cust12345'],
    ['https://sod.example.com/Cust12345/api/v1', 'https://sod.example.com/Cust12345'],
    ['https://sod.example.com/Cust12345/api', 'https://sod.example.com/Cust12345'],
    ['http://127.0.0.1:8080', 'http://127.0.0.1:8080'],
  ])('endpoint %s → base %s', (endpoint, base) => {
    expect(restBaseUrl(endpoint)).toBe(base);
  });

  test('Authorization: SOTicket for tickets, Bearer for access tokens (8A:… or credentials: { accessToken })', async () => {
    expect(authorizationHeader('7T:abc==', undefined)).toBe('SOTicket 7T:abc==');
    expect(authorizationHeader('7A:abc==', 'accessToken')).toBe('SOTicket 7A:abc==');
    expect(authorizationHeader('8A:Cust1.xyz', undefined)).toBe('Bearer 8A:Cust1.xyz');
    expect(authorizationHeader('eyJhbGciOi.jwt', 'accessToken')).toBe('Bearer eyJhbGciOi.jwt');
    expect(authorizationHeader('opaque', 'ticket')).toBe('SOTicket opaque');

    const fetch = fakeFetch(() => json([]));
    await client(fetch, { credentials: TOKEN }).chatTopicsForUser();
    await client(fetch, { credentials: { accessToken: 'opaque-oauth-token' } }).chatTopicsForUser();
    await client(fetch, { credentials: { ticket: '7T:object-ticket' } }).chatTopicsForUser();
    await client(fetch).chatTopicsForUser(undefined, { headers: { Credentials: { Ticket: '8A:per-call-token' } } });
    expect(fetch.requests.map((r) => r.headers.authorization)).toEqual([`Bearer ${TOKEN}`, 'Bearer opaque-oauth-token', 'SOTicket 7T:object-ticket', 'Bearer 8A:per-call-token']);
  });

  test('no credentials, no application token: no Authorization, no SO-AppToken', async () => {
    const fetch = fakeFetch(() => json([]));
    await createChatClient({ endpoint: ENDPOINT, transport: 'rest', fetch }).chatTopicsForUser();
    expect(fetch.requests[0].headers.authorization).toBeUndefined();
    expect(fetch.requests[0].headers['so-apptoken']).toBeUndefined();
  });

  test('SO-TimeZone and SO-Language only for operations that declare them', async () => {
    const fetch = fakeFetch((req) => (req.url.includes('Delete') ? new Response(null, { status: 204 }) : json([])));
    const chat = client(fetch, { timeZone: { SoTimeZoneId: 4, SoTimeZoneLocationCode: 'NO' } });
    await chat.chatTopicsForUser(undefined, { headers: { Language: 'de' } });
    await chat.deleteChatSessionEntity({ ChatSessionEntityId: 1 }, { headers: { Language: 'de' } });
    expect(fetch.requests[0].headers['so-timezone']).toBe('NO');
    expect(fetch.requests[0].headers['so-language']).toBe('de');
    expect(fetch.requests[1].headers['so-timezone']).toBeUndefined();
    expect(fetch.requests[1].headers['so-language']).toBeUndefined();
  });

  test('one operation called again with other header values sends the new ones (the frozen headers are made again when an input changes)', async () => {
    const fetch = fakeFetch(() => json([]));
    const chat = client(fetch, { timeZone: { SoTimeZoneId: 4, SoTimeZoneLocationCode: 'NO' } });
    await chat.chatTopicsForUser(undefined, { headers: { Language: 'de' } });
    await chat.chatTopicsForUser(undefined, { headers: { Language: 'sv' } });
    await chat.chatTopicsForUser(undefined, { headers: { Language: 'sv', TimeZone: { SoTimeZoneId: 5, SoTimeZoneLocationCode: 'SE' } } });
    await chat.chatTopicsForUser();
    await chat.chatTopicsForUser(undefined, { headers: { ApplicationToken: 'other-app-token', Credentials: { Ticket: '8A:token-three' } } });
    await chat.chatTopicsForUser(undefined, { headers: { Language: 'de' } });
    expect(fetch.requests.map((r) => [r.headers['so-language'], r.headers['so-timezone'], r.headers['so-apptoken'], r.headers.authorization])).toEqual([
      ['de', 'NO', APP_TOKEN, `SOTicket ${TICKET}`],
      ['sv', 'NO', APP_TOKEN, `SOTicket ${TICKET}`],
      ['sv', 'SE', APP_TOKEN, `SOTicket ${TICKET}`],
      [undefined, 'NO', APP_TOKEN, `SOTicket ${TICKET}`],
      [undefined, 'NO', 'other-app-token', 'Bearer 8A:token-three'],
      ['de', 'NO', APP_TOKEN, `SOTicket ${TICKET}`],
    ]);
  });

  test('two concurrent calls with different tickets each send their own', async () => {
    const fetch = fakeFetch(async (_r, i) => {
      await new Promise((r) => setTimeout(r, i === 0 ? 20 : 1));
      return json([]);
    });
    const chat = client(fetch);
    await Promise.all([
      chat.getChatMessages({ ChatSessionId: 1 }, { headers: { Credentials: { Ticket: '7T:ticket-one' } } }),
      chat.getChatMessages({ ChatSessionId: 2 }, { headers: { Credentials: { Ticket: '8A:token-two' } } }),
      chat.getChatMessages({ ChatSessionId: 3 }),
    ]);
    const byId = Object.fromEntries(fetch.requests.map((r) => [(JSON.parse(r.body) as { ChatSessionId: number }).ChatSessionId, r.headers.authorization]));
    expect(byId).toEqual({ 1: 'SOTicket 7T:ticket-one', 2: 'Bearer 8A:token-two', 3: `SOTicket ${TICKET}` });
  });
});

describe('responses', () => {
  test('204 for an operation without output resolves to undefined; 204 for a value is null', async () => {
    const fetch = fakeFetch(() => new Response(null, { status: 204 }));
    const chat = client(fetch);
    await expect(chat.deleteChatSessionEntity({ ChatSessionEntityId: 1 })).resolves.toBeUndefined();
    await expect(chat.pickUpFirstChatSession()).resolves.toBeNull();
  });

  test('a JSON scalar response (transcript string, boolean)', async () => {
    const fetch = fakeFetch((req) => json(req.url.endsWith('/GetChatTranscript') ? 'line 1\nline 2' : true));
    await expect(client(fetch).getChatTranscript({ ChatSessionId: 1, Html: false })).resolves.toBe('line 1\nline 2');
    await expect(client(fetch).isWithinOpeningHours({ ChatTopicId: 1 })).resolves.toBe(true);
  });

  test('text/json and +json content types are JSON; a missing Content-Type is read as JSON', async () => {
    const fetch = fakeFetch((_r, i) =>
      new Response(new TextEncoder().encode('[]'), { status: 200, headers: i === 0 ? { 'Content-Type': 'text/json' } : i === 1 ? { 'Content-Type': 'application/merge-patch+json' } : {} }),
    );
    const chat = client(fetch);
    for (let i = 0; i < 3; i++) await expect(chat.chatTopicsForUser()).resolves.toEqual([]);
  });
});

describe('error mapping (the same classes as SOAP)', () => {
  const errorBody = { Error: true, ErrorType: 'SoEntityNotFoundException', ErrorMessage: 'ChatSession with id 5 was not found', ErrorSource: 'SuperOffice.CRM.Services' };

  test.each([400, 404, 500])('HTTP %i with an error object → SoExceptionError', async (status) => {
    const fetch = fakeFetch(() => json(errorBody, status));
    const e = await client(fetch).getChatSessionEntity({ ChatSessionEntityId: 5 }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(SoExceptionError);
    expect(e).toMatchObject({ name: 'SoExceptionError', operation: 'GetChatSessionEntity', exceptionType: 'SoEntityNotFoundException', friendlyText: errorBody.ErrorMessage, source: errorBody.ErrorSource });
    expect((e as Error).message).toBe('GetChatSessionEntity failed: SoEntityNotFoundException: ChatSession with id 5 was not found');
    expect((e as SoExceptionError).headers).toMatchObject({ Succeeded: false });
  });

  test('200 with an internal error object → SoExceptionError', async () => {
    const fetch = fakeFetch(() => json(errorBody));
    await expect(client(fetch).getChatSessionEntity({ ChatSessionEntityId: 5 })).rejects.toMatchObject({ name: 'SoExceptionError', exceptionType: 'SoEntityNotFoundException' });
    const fetch2 = fakeFetch(() => json({ Error: 'Something broke', ErrorType: 'SoServerException', ErrorMessage: 'broke' }));
    await expect(client(fetch2).deleteChatSessionEntity({ ChatSessionEntityId: 5 })).rejects.toMatchObject({ name: 'SoExceptionError', exceptionType: 'SoServerException' });
  });

  test("a ChatMessage answer with only its Message is a result; ASP.NET's 500 body is an HttpError", async () => {
    const fetch = fakeFetch(() => json({ Message: 'hello, an error has occurred' }));
    await expect(client(fetch).addChatMessage({ ChatSessionId: 5, Message: { Message: 'hello, an error has occurred' } })).resolves.toEqual({ Message: 'hello, an error has occurred' });
    const fetch2 = fakeFetch(() => json({ Message: 'An error has occurred.' }, 500));
    await expect(client(fetch2, { retry: { maxAttempts: 1 } }).getChatSessionEntity({ ChatSessionEntityId: 5 })).rejects.toMatchObject({ name: 'HttpError', status: 500 });
  });

  test('the error object maps inner exceptions, stack and parameters; an entity is never mistaken for one', () => {
    expect(restErrorInfo({ Error: true, ErrorType: 'A', ErrorMessage: 'a', ErrorStack: 'at x', InnerException: { ErrorType: 'B', ErrorMessage: 'b' }, Parameters: { id: 5 } })).toEqual({
      ExceptionType: 'A', Message: 'a', FriendlyText: 'a', Source: null, StackTrace: 'at x',
      InnerException: { ExceptionType: 'B', Message: 'b', FriendlyText: 'b', Source: null, StackTrace: null, InnerException: null },
      Parameters: { id: '5' },
    });
    expect(restErrorInfo({ ChatSessionId: 1, ErrorMessage: 'x' })).toBeUndefined();
    expect(restErrorInfo({ Error: false, ErrorMessage: 'x' })).toBeUndefined();
    expect(restErrorInfo({ Error: true })).toBeUndefined();
    // ASP.NET's own error body is not the Agents API's error object (an HTTP error), nor is a result whose only property is Message
    expect(restErrorInfo({ Message: 'An error has occurred.' })).toBeUndefined();
    expect(restErrorInfo({ Message: 'An error has occurred.', StackTrace: 'at x' })).toBeUndefined();
    expect(restErrorInfo([])).toBeUndefined();
    expect(restErrorInfo('x')).toBeUndefined();
  });

  test('an auth error object (401) lets a credentials provider refresh once, then replays', async () => {
    const fetch = fakeFetch((req) => (req.headers.authorization === 'SOTicket 7T:fresh' ? json([]) : json({ Error: true, ErrorType: 'SoAuthenticationException', ErrorMessage: 'You are not logged in' }, 401)));
    const asked: string[] = [];
    const chat = client(fetch, { credentials: ({ reason }) => (asked.push(reason), reason === 'initial' ? '7T:stale' : '7T:fresh') });
    await expect(chat.chatTopicsForUser()).resolves.toEqual([]);
    expect(asked).toEqual(['initial', 'refresh']);
  });

  test('a 401 without an error object is HttpError 401 (and also refreshes a provider once)', async () => {
    const fetch = fakeFetch(() => new Response('Unauthorized', { status: 401, headers: { 'Content-Type': 'text/plain' } }));
    let asked = 0;
    const e = await client(fetch, { credentials: () => (asked++, `7T:ticket-${asked}`) }).chatTopicsForUser().catch((x: unknown) => x);
    expect(e).toBeInstanceOf(HttpError);
    expect((e as HttpError).status).toBe(401);
    expect(asked).toBe(2);
  });

  test('non-2xx without an error object → HttpError with status, truncated body', async () => {
    const fetch = fakeFetch(() => new Response('<html>Bad gateway</html>', { status: 500, headers: { 'Content-Type': 'text/html' } }));
    const e = await client(fetch, { retry: false }).getChatTopicEntity({ ChatTopicEntityId: 1 }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(HttpError);
    expect(e).toMatchObject({ status: 500, body: '<html>Bad gateway</html>', operation: 'GetChatTopicEntity' });
  });

  test('503 + Retry-After with an error object stays HttpError and is retried for a safe operation only', async () => {
    let n = 0;
    const fetch = fakeFetch(() => (++n <= 2 ? json({ Error: true, ErrorType: 'SoServerBusy', ErrorMessage: 'busy' }, 503, { 'Retry-After': '0' }) : json([])));
    const r = await client(fetch).chatTopicsForUser(undefined, { withMeta: true });
    expect(r.attempts).toBe(3);
    n = 0;
    const e = await client(fetch).resetChatSession({ ChatSessionId: 1 }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(HttpError);
    expect((e as HttpError).retryAfterMs).toBe(0);
    expect(fetch.requests).toHaveLength(4);
  });

  test.each([
    ['HTML with 200', () => new Response('<html/>', { status: 200, headers: { 'Content-Type': 'text/html' } }), /expected JSON, got Content-Type "text\/html"/],
    ['broken JSON', () => new Response('{"ChatSessionId": ', { status: 200, headers: { 'Content-Type': 'application/json' } }), /the response is not JSON/],
    ['invalid UTF-8', () => new Response(new Uint8Array([0x7b, 0xff, 0x7d]), { status: 200, headers: { 'Content-Type': 'application/json' } }), /not valid UTF-8/],
    ['a value that does not fit', () => json({ ChatSessionId: 'seven' }), /expected a JSON number \(xs:int\).*at Response.ChatSessionId/],
    ['a SOAP envelope', () => new Response('<s:Envelope/>', { status: 200, headers: { 'Content-Type': 'text/xml' } }), /expected JSON/],
  ])('%s → ResponseFormatError', async (_name, respond, message) => {
    const fetch = fakeFetch(respond);
    const e = await client(fetch).getChatSessionEntity({ ChatSessionEntityId: 7 }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ResponseFormatError);
    expect((e as Error).message).toMatch(message);
  });

  test('a response over maxResponseBytes → ResponseFormatError', async () => {
    const fetch = fakeFetch(() => json({ CustomerName: 'x'.repeat(5000) }));
    await expect(client(fetch, { maxResponseBytes: 1000 }).getChatSessionEntity({ ChatSessionEntityId: 7 })).rejects.toThrow(/exceeds the limit of 1000 bytes/);
  });

  test('a network failure → NetworkError; retried for safe operations', async () => {
    let n = 0;
    const fetch = fakeFetch(() => {
      if (++n === 1) throw Object.assign(new TypeError('fetch failed'), { cause: Object.assign(new Error('getaddrinfo ENOTFOUND sod.example.com'), { code: 'ENOTFOUND' }) });
      return json([]);
    });
    await expect(client(fetch).chatTopicsForUser()).resolves.toEqual([]);
    n = 0;
    await expect(client(fetch).resetChatSession({ ChatSessionId: 1 })).rejects.toMatchObject({ name: 'NetworkError', code: 'ENOTFOUND' });
  });

  test('secrets never appear in error messages, toJSON() or logs', async () => {
    const body = { Error: true, ErrorType: 'SoAuthenticationException', ErrorMessage: `Ticket ${TICKET} rejected for app ${APP_TOKEN}`, ErrorSource: `Authorization: SOTicket ${TICKET}` };
    const entries: LogEntry[] = [];
    const fetch = fakeFetch((_r, i) => (i === 0 ? json(body, 403) : new Response(`echo Authorization: Bearer ${TOKEN} SO-AppToken: ${APP_TOKEN}`, { status: 418 })));
    const e1 = await client(fetch, { logger: (e) => entries.push(e) }).chatTopicsForUser().catch((x: unknown) => x);
    const e2 = await client(fetch, { credentials: TOKEN, logger: (e) => entries.push(e) }).chatTopicsForUser().catch((x: unknown) => x);
    expect(e1).toBeInstanceOf(SoExceptionError);
    expect(e2).toBeInstanceOf(HttpError);
    const s1 = e1 as SoExceptionError;
    const text = [String(e1), String(e2), JSON.stringify(e1), JSON.stringify(e2), s1.source, s1.friendlyText, JSON.stringify(s1.headers), (e2 as HttpError).body, JSON.stringify(entries)].join('\n');
    for (const secret of [TICKET, TOKEN, APP_TOKEN]) expect(text).not.toContain(secret);
    expect(text).toContain('***');
  });

  test("a secret the service echoed as a dictionary key is masked in the error's path too (what inspect and console.error show)", async () => {
    const fetch = fakeFetch(() => json({ ChatSessionId: 1, FieldProperties: { [APP_TOKEN]: 5 } }));
    const e = (await client(fetch).getChatSessionEntity({ ChatSessionEntityId: 1 }).catch((x: unknown) => x)) as ResponseFormatError;
    expect(e).toBeInstanceOf(ResponseFormatError);
    expect(e.path).toMatch(/^Response\.FieldProperties\["\*\*\*/);
    expect(inspect(e) + JSON.stringify(e)).not.toContain(APP_TOKEN);
  });
});
