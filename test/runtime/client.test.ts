/** Client behaviour over an injected fetch: headers per call, errors, retries, timeouts, redaction. */
import { createChatClient, ChatService, HttpError, SoapFaultError, SoExceptionError, TimeoutError, NetworkError, createClient } from '../../src/index';
import { soapTransport } from '../../src/runtime/index';
import type { LogEntry } from '../../src/index';
import { fakeFetch, faultEnvelope, responseEnvelope, xmlResponse, TNS } from '../helpers/soap';

const endpoint = 'http://127.0.0.1:9/Cust1/Remote/Services88/Chat.svc';
const TICKET = '7T:secret-ticket-4711';
const APP_TOKEN = 'app-token-0815-secret';

const messagesXml = `<Response><ChatMessage><ChatMessageId>1</ChatMessageId><ChatSessionId>5</ChatSessionId><Type>ToUser</Type><Message>Hi</Message><WhenPosted>2011-04-19T16:48:28.8939219+02:00</WhenPosted></ChatMessage></Response>`;

function client(fetch: ReturnType<typeof fakeFetch>, extra: Partial<Parameters<typeof createChatClient>[0]> = {}) {
  return createChatClient({ endpoint, applicationToken: APP_TOKEN, credentials: TICKET, fetch, retry: { baseDelayMs: 1 }, ...extra });
}

describe('request', () => {
  test('POSTs SOAP 1.1 with quoted SOAPAction, qualified headers, and resolves the Response value', async () => {
    const fetch = fakeFetch(() => xmlResponse(responseEnvelope('GetChatMessages', messagesXml)));
    const messages = await client(fetch).getChatMessages({ ChatSessionId: 5, After: 0 });
    expect(messages).toHaveLength(1);
    expect(messages?.[0]?.WhenPosted).toBeInstanceOf(Date);
    expect(messages?.[0]?.Type).toBe('ToUser');
    const req = fetch.requests[0];
    expect(req.method).toBe('POST');
    expect(req.headers['content-type']).toBe('text/xml; charset=utf-8');
    expect(req.headers.soapaction).toBe('"http://www.superoffice.net/ws/crm/NetServer/Services88/Chat/GetChatMessages"');
    expect(req.body).toContain('http://schemas.xmlsoap.org/soap/envelope/');
    expect(req.body).toMatch(/<(\w+:)?ApplicationToken[^>]*>app-token-0815-secret<\/(\w+:)?ApplicationToken>/);
    expect(req.body).toMatch(/<(\w+:)?Credentials[^>]*><(\w+:)?Ticket>7T:secret-ticket-4711<\/(\w+:)?Ticket><\/(\w+:)?Credentials>/);
    expect(req.body).toContain(TNS);
  });

  test("a field the service added: an error by default; skipped with soapTransport({ unknownElements: 'ignore' })", async () => {
    const added = messagesXml.replace('<Message>Hi</Message>', '<Message>Hi</Message><Sentiment>0.9</Sentiment>');
    const fetch = fakeFetch(() => xmlResponse(responseEnvelope('GetChatMessages', added)));
    await expect(client(fetch).getChatMessages({ ChatSessionId: 5, After: 0 })).rejects.toThrow(/unexpected element <Sentiment>: not a field of ChatMessage/);
    const lenient = createChatClient({ endpoint, applicationToken: APP_TOKEN, credentials: TICKET, transport: (o) => soapTransport({ ...o, unknownElements: 'ignore' }), fetch });
    const messages = await lenient.getChatMessages({ ChatSessionId: 5, After: 0 });
    expect(messages?.[0]).toMatchObject({ ChatMessageId: 1, Message: 'Hi', Type: 'ToUser' });
    expect(messages?.[0]).not.toHaveProperty('Sentiment');
  });

  test('a response in the charset its Content-Type names is read in it (it decides over the XML declaration)', async () => {
    const envelope = responseEnvelope('GetChatMessages', messagesXml.replace('>Hi<', '>Blåbær José<')).replace(/^<\?xml[^>]*>/, '');
    const latin1 = (ct: string, decl = '') => fakeFetch(() => new Response(Buffer.from(decl + envelope, 'latin1'), { status: 200, headers: { 'content-type': ct } }));
    expect((await client(latin1('text/xml; charset="ISO-8859-1"')).getChatMessages({ ChatSessionId: 5, After: 0 }))?.[0]?.Message).toBe('Blåbær José');
    expect((await client(latin1('text/xml;charset=windows-1252', '<?xml version="1.0" encoding="utf-8"?>')).getChatMessages({ ChatSessionId: 5, After: 0 }))?.[0]?.Message).toBe('Blåbær José');
    expect((await client(latin1('text/xml', '<?xml version="1.0" encoding="ISO-8859-1"?>')).getChatMessages({ ChatSessionId: 5, After: 0 }))?.[0]?.Message).toBe('Blåbær José');
    // UTF-8 said, Latin-1 sent: an error, not a guess
    await expect(client(latin1('text/xml; charset=utf-8', '<?xml version="1.0" encoding="ISO-8859-1"?>')).getChatMessages({ ChatSessionId: 5, After: 0 })).rejects.toThrow(/not valid UTF-8/);
  });

  test('each operation gets its own HTTP headers, made once and shared (frozen) by its calls; a client with another User-Agent its own, also over the same transport', async () => {
    const seen: { action: string; headers: Readonly<Record<string, string>> }[] = [];
    const httpClient = async (request: { headers: Readonly<Record<string, string>>; body: string | undefined }) => {
      const action = /<(?:\w+:)?(GetChatMessages|DeleteChatSessionEntity)[\s>]/.exec(request.body ?? '')![1];
      seen.push({ action, headers: request.headers });
      const body = Buffer.from(responseEnvelope(action, action === 'GetChatMessages' ? messagesXml : ''));
      return { status: 200, statusText: 'OK', header: (n: string) => (n === 'content-type' ? 'text/xml; charset=utf-8' : null), body };
    };
    // one transport shared by two clients whose User-Agents differ
    const transport = soapTransport({ endpoint, httpClient, maxResponseBytes: 1 << 20 });
    const chat = createChatClient({ endpoint, transport });
    const other = createChatClient({ endpoint, transport, userAgent: 'other/1.0' });
    for (let i = 0; i < 2; i++) {
      await chat.getChatMessages({ ChatSessionId: 5, After: 0 });
      await chat.getChatMessages({ ChatSessionId: 5, After: 0 });
      await chat.deleteChatSessionEntity({ ChatSessionEntityId: 3 });
      await other.getChatMessages({ ChatSessionId: 5, After: 0 });
    }
    for (const { action, headers } of seen) {
      expect(headers.SOAPAction).toBe(`"http://www.superoffice.net/ws/crm/NetServer/Services88/Chat/${action}"`);
      expect(Object.isFrozen(headers)).toBe(true);
    }
    const own = 'so-soap/0.1.0';
    expect(seen.map((s) => s.headers['User-Agent'])).toEqual([own, own, own, 'other/1.0', own, own, own, 'other/1.0']);
    expect(seen[1].headers).toBe(seen[0].headers);
    expect(seen[5].headers).toBe(seen[4].headers);
  });

  test('an empty output wrapper resolves to undefined', async () => {
    const fetch = fakeFetch(() => xmlResponse(responseEnvelope('DeleteChatSessionEntity', '')));
    await expect(client(fetch).deleteChatSessionEntity({ ChatSessionEntityId: 3 })).resolves.toBeUndefined();
  });

  test('DeleteChatSessionEntity with both headers is under 1 KB', async () => {
    const fetch = fakeFetch(() => xmlResponse(responseEnvelope('DeleteChatSessionEntity', '')));
    await client(fetch).deleteChatSessionEntity({ ChatSessionEntityId: 123456 });
    expect(Buffer.byteLength(fetch.requests[0].body)).toBeLessThan(1024);
  });

  test('withMeta resolves to data, typed headers, status, duration and attempts', async () => {
    const fetch = fakeFetch(() => xmlResponse(responseEnvelope('GetChatMessages', messagesXml, { extraHeaders: `<ExtraInfo xmlns="${TNS}"><ExtraInfoNameValuePair><Key>k</Key><Value>v</Value></ExtraInfoNameValuePair></ExtraInfo>` })));
    const r = await client(fetch).getChatMessages({ ChatSessionId: 5 }, { withMeta: true });
    expect(r.status).toBe(200);
    expect(r.attempts).toBe(1);
    expect(r.headers.Succeeded).toBe(true);
    expect(r.headers.ExtraInfo).toEqual({ k: 'v' });
    expect(r.durationMs).toBeGreaterThanOrEqual(0);
    expect(r.data).toHaveLength(1);
  });

  test('two concurrent calls with different tickets each send their own', async () => {
    const fetch = fakeFetch(async (_req, i) => {
      await new Promise((r) => setTimeout(r, i === 0 ? 20 : 1));
      return xmlResponse(responseEnvelope('GetChatMessages', '<Response/>'));
    });
    const chat = client(fetch);
    await Promise.all([
      chat.getChatMessages({ ChatSessionId: 1 }, { headers: { Credentials: { Ticket: '7T:ticket-one' } } }),
      chat.getChatMessages({ ChatSessionId: 2 }, { headers: { Credentials: { Ticket: '7T:ticket-two' } } }),
      chat.getChatMessages({ ChatSessionId: 3 }),
    ]);
    const ticketOf = (body: string) => /Ticket>([^<]*)</.exec(body)?.[1];
    const byId = Object.fromEntries(fetch.requests.map((r) => [/ChatSessionId>(\d+)</.exec(r.body)?.[1], ticketOf(r.body)]));
    expect(byId).toEqual({ '1': '7T:ticket-one', '2': '7T:ticket-two', '3': TICKET });
  });

  test('a Date read from a response is written back with the same text', async () => {
    const entity = `<Response><ChatSessionId>7</ChatSessionId><WhenRequested>2011-04-19T16:48:28.8939219+02:00</WhenRequested><Flags>UserIsTyping</Flags></Response>`;
    const fetch = fakeFetch((req) => xmlResponse(responseEnvelope(req.body.includes('GetChatSessionEntity') ? 'GetChatSessionEntity' : 'SaveChatSessionEntity', entity)));
    const chat = client(fetch);
    const session = await chat.getChatSessionEntity({ ChatSessionEntityId: 7 });
    expect(session?.WhenRequested?.getTime()).toBe(Date.parse('2011-04-19T16:48:28.893+02:00'));
    await chat.saveChatSessionEntity({ ChatSessionEntity: session });
    expect(fetch.requests[1].body).toContain('>2011-04-19T16:48:28.8939219+02:00<');
  });

  test('flags go out as one space-separated element', async () => {
    const fetch = fakeFetch(() => xmlResponse(responseEnvelope('SaveChatSessionEntity', '<Response/>')));
    await client(fetch).saveChatSessionEntity({ ChatSessionEntity: { ChatSessionId: 1, TableRight: { Mask: ['Select', 'Update'] } } });
    expect(fetch.requests[0].body).toMatch(/<(\w+:)?Mask>Select Update<\/(\w+:)?Mask>/);
  });

  test('a JS Date is written as ISO 8601, never empty', async () => {
    const fetch = fakeFetch(() => xmlResponse(responseEnvelope('SaveChatSessionEntity', '<Response/>')));
    await client(fetch).saveChatSessionEntity({ ChatSessionEntity: { WhenRequested: new Date(Date.UTC(2024, 0, 2, 3, 4, 5)) } });
    expect(fetch.requests[0].body).toMatch(/WhenRequested>2024-01-02T03:04:05(\.000)?Z</);
  });
});

describe('errors', () => {
  const exceptionInfo = `<Message>Ticket 7T:secret-ticket-4711 is not valid</Message><StackTrace>at X</StackTrace><FriendlyText>No such session</FriendlyText><ExceptionType>SoNotFoundException</ExceptionType><Source>NetServer</Source><Parameters><SoExceptionInfoParametersKeyValuePair><Key>id</Key><Value>9</Value></SoExceptionInfoParametersKeyValuePair></Parameters>`;

  test('Succeeded=false → SoExceptionError with its fields', async () => {
    const fetch = fakeFetch(() => xmlResponse(responseEnvelope('GetChatSessionEntity', '', { succeeded: false, exceptionInfo })));
    const err = await client(fetch).getChatSessionEntity({ ChatSessionEntityId: 9 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SoExceptionError);
    const e = err as SoExceptionError;
    expect(e.name).toBe('SoExceptionError');
    expect(e.operation).toBe('GetChatSessionEntity');
    expect(e.exceptionType).toBe('SoNotFoundException');
    expect(e.friendlyText).toBe('No such session');
    expect(e.source).toBe('NetServer');
    expect(e.parameters).toEqual({ id: '9' });
    expect(e.stackTraceText).toBe('at X');
    expect(fetch.requests).toHaveLength(1);
  });

  test.each([500, 200])('a SOAP Fault at HTTP %i → SoapFaultError', async (status) => {
    const fetch = fakeFetch(() => xmlResponse(faultEnvelope('s:Client', 'The message could not be processed'), status));
    const err = await client(fetch).getChatMessages({ ChatSessionId: 1 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SoapFaultError);
    expect((err as SoapFaultError).faultString).toBe('The message could not be processed');
    expect((err as SoapFaultError).operation).toBe('GetChatMessages');
  });

  test('503 with a valid envelope is an HttpError, not success', async () => {
    const fetch = fakeFetch(() => xmlResponse(responseEnvelope('DeleteChatSessionEntity', ''), 503));
    const err = await client(fetch).deleteChatSessionEntity({ ChatSessionEntityId: 1 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HttpError);
    expect((err as HttpError).status).toBe(503);
  });

  test('429 + Retry-After is retried for GetChatMessages (honouring the delay)', async () => {
    const fetch = fakeFetch((_r, i) => (i === 0 ? xmlResponse('busy', 429, { 'retry-after': '0.05' }) : xmlResponse(responseEnvelope('GetChatMessages', messagesXml))));
    const started = Date.now();
    const r = await client(fetch).getChatMessages({ ChatSessionId: 5 }, { withMeta: true });
    expect(r.attempts).toBe(2);
    expect(fetch.requests).toHaveLength(2);
    expect(Date.now() - started).toBeGreaterThanOrEqual(45);
  });

  test('429 is never retried for DeleteChatSessionEntity', async () => {
    const fetch = fakeFetch(() => xmlResponse('busy', 429, { 'retry-after': '0' }));
    const err = await client(fetch).deleteChatSessionEntity({ ChatSessionEntityId: 1 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HttpError);
    expect((err as HttpError).retryAfterMs).toBe(0);
    expect(fetch.requests).toHaveLength(1);
  });

  test('retries are bounded', async () => {
    const fetch = fakeFetch(() => xmlResponse('down', 503));
    await expect(client(fetch, { retry: { maxAttempts: 4, baseDelayMs: 1 } }).getChatMessages({})).rejects.toBeInstanceOf(HttpError);
    expect(fetch.requests).toHaveLength(4);
  });

  test('timeout → TimeoutError', async () => {
    const fetch = fakeFetch(
      (_req) =>
        new Promise<Response>(() => {
          /* never answers */
        }),
    );
    const hanging = Object.assign(
      (url: string, init: RequestInit) =>
        new Promise<Response>((_resolve, reject) => {
          void fetch(url, init);
          init.signal?.addEventListener('abort', () => reject(init.signal?.reason));
        }),
      { requests: fetch.requests },
    );
    const err = await createChatClient({ endpoint, credentials: TICKET, fetch: hanging, timeoutMs: 30, retry: false }).getChatMessages({}).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TimeoutError);
    expect((err as TimeoutError).timeoutMs).toBe(30);
  });

  test('abort passes through as the platform AbortError and is not retried', async () => {
    const calls: number[] = [];
    const hanging = (_url: string, init: RequestInit) =>
      new Promise<Response>((_resolve, reject) => {
        calls.push(1);
        init.signal?.addEventListener('abort', () => reject(init.signal?.reason));
      });
    const controller = new AbortController();
    const p = createChatClient({ endpoint, fetch: hanging }).getChatMessages({}, { signal: controller.signal });
    setTimeout(() => controller.abort(), 10);
    const err = (await p.catch((e: unknown) => e)) as Error;
    expect(err.name).toBe('AbortError');
    expect(calls).toHaveLength(1);
  });

  test('a DNS failure (ENOTFOUND) → NetworkError, retried only for safe operations', async () => {
    const failing = fakeFetch(() => {
      throw Object.assign(new TypeError('fetch failed'), { cause: Object.assign(new Error('getaddrinfo ENOTFOUND tenant.invalid'), { code: 'ENOTFOUND' }) });
    });
    const chat = client(failing);
    const err = await chat.getChatMessages({}).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NetworkError);
    expect((err as NetworkError).code).toBe('ENOTFOUND');
    expect(failing.requests).toHaveLength(3);
    await expect(chat.resetChatSession({ ChatSessionId: 1 })).rejects.toBeInstanceOf(NetworkError);
    expect(failing.requests).toHaveLength(4);
  });
});

describe('credentials', () => {
  test('a provider is cached, refreshed once on an authentication failure, and the call replayed once', async () => {
    let issued = 0;
    const provider = jest.fn(async () => `7T:provided-${++issued}`);
    const authFail = `<Message>Invalid ticket</Message><ExceptionType>SoAuthenticationException</ExceptionType>`;
    const fetch = fakeFetch((req) =>
      req.body.includes('7T:provided-1')
        ? xmlResponse(responseEnvelope('GetChatMessages', '', { succeeded: false, exceptionInfo: authFail }))
        : xmlResponse(responseEnvelope('GetChatMessages', messagesXml)),
    );
    const chat = createChatClient({ endpoint, credentials: provider, fetch });
    await expect(chat.getChatMessages({})).resolves.toHaveLength(1);
    await expect(chat.getChatMessages({})).resolves.toHaveLength(1);
    expect(provider).toHaveBeenCalledTimes(2);
    expect(fetch.requests).toHaveLength(3);
  });

  test('a refused refreshed ticket fails after one replay', async () => {
    const provider = jest.fn(async () => '7T:always-bad');
    const authFail = `<ExceptionType>SoAuthenticationException</ExceptionType>`;
    const fetch = fakeFetch(() => xmlResponse(responseEnvelope('DeleteChatSessionEntity', '', { succeeded: false, exceptionInfo: authFail })));
    await expect(createChatClient({ endpoint, credentials: provider, fetch }).deleteChatSessionEntity({ ChatSessionEntityId: 1 })).rejects.toBeInstanceOf(SoExceptionError);
    expect(fetch.requests).toHaveLength(2);
  });

  test('an access token goes into Credentials/Ticket', async () => {
    const fetch = fakeFetch(() => xmlResponse(responseEnvelope('GetChatMessages', '<Response/>')));
    await createChatClient({ endpoint, credentials: { accessToken: '8A:access-token-xyz' }, fetch }).getChatMessages({});
    expect(fetch.requests[0].body).toMatch(/Ticket>8A:access-token-xyz</);
  });

  test('username/password signs in through SoPrincipal AuthenticateUsernamePassword', async () => {
    const fetch = fakeFetch((req) => {
      if (req.url.endsWith('/SoPrincipal.svc')) {
        return xmlResponse(
          `<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Header><Succeeded xmlns="${TNS}">true</Succeeded></s:Header><s:Body><AuthenticateResponse xmlns="${TNS}"><Response><AssociateId>5</AssociateId></Response><Credentials><Ticket>7T:from-login</Ticket></Credentials><AuthenticationSucceeded>true</AuthenticationSucceeded></AuthenticateResponse></s:Body></s:Envelope>`,
        );
      }
      return xmlResponse(responseEnvelope('GetChatMessages', '<Response/>'));
    });
    const chat = createChatClient({ endpoint, applicationToken: APP_TOKEN, credentials: { username: 'jane', password: 'pa55-word-secret' }, fetch });
    await chat.getChatMessages({});
    expect(fetch.requests[0].url).toBe('http://127.0.0.1:9/Cust1/Remote/Services88/SoPrincipal.svc');
    expect(fetch.requests[0].body).toMatch(/Password>pa55-word-secret</);
    expect(fetch.requests[0].body).not.toMatch(/Credentials/);
    expect(fetch.requests[1].body).toMatch(/Ticket>7T:from-login</);
  });
});

describe('secrets', () => {
  test('no ticket or application token in any error message, toJSON() or log line', async () => {
    const lines: LogEntry[] = [];
    const exceptionInfo = `<Message>ticket ${TICKET} rejected for app ${APP_TOKEN}</Message><StackTrace>Credentials: ${TICKET}</StackTrace><FriendlyText>bad ${TICKET}</FriendlyText><ExceptionType>SoNotFoundException</ExceptionType><Source>${APP_TOKEN}</Source><InnerException><Message>${TICKET}</Message></InnerException><Parameters><SoExceptionInfoParametersKeyValuePair><Key>ticket</Key><Value>${TICKET}</Value></SoExceptionInfoParametersKeyValuePair></Parameters>`;
    const bodies = [
      xmlResponse(responseEnvelope('GetChatMessages', '', { succeeded: false, exceptionInfo })),
      xmlResponse(`<html>echo: ${TICKET} ${APP_TOKEN}</html>`, 503),
      xmlResponse(faultEnvelope('s:Client', `bad ticket ${TICKET}`, `<Ticket>${TICKET}</Ticket>`), 500),
    ];
    for (const body of bodies) {
      const fetch = fakeFetch(() => body.clone());
      const chat = createChatClient({ endpoint, applicationToken: APP_TOKEN, credentials: TICKET, fetch, retry: false, logger: (e) => lines.push(e) });
      const err = (await chat.getChatMessages({}).catch((e: unknown) => e)) as Error & { toJSON(): unknown };
      const properties = Object.entries(err).map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`);
      const dump = [err.message, String(err), JSON.stringify(err.toJSON()), JSON.stringify(err), err.stack ?? '', ...properties].join('\n');
      expect(dump).not.toContain(TICKET);
      expect(dump).not.toContain(APP_TOKEN);
    }
    expect(lines.length).toBeGreaterThan(0);
    const logged = JSON.stringify(lines);
    expect(logged).not.toContain(TICKET);
    expect(logged).not.toContain(APP_TOKEN);
  });
});

describe('generic createClient', () => {
  test('works with any generated descriptor', async () => {
    const fetch = fakeFetch(() => xmlResponse(responseEnvelope('GetChatMessages', '<Response/>')));
    const chat = createClient(ChatService, { endpoint, fetch });
    await expect(chat.getChatMessages({})).resolves.toEqual([]);
  });

  test('rejects a missing endpoint', () => {
    expect(() => createClient(ChatService, { endpoint: 'chat.svc' })).toThrow(/endpoint/);
  });

  test('refuses an endpoint with a user name or password (never sent, never quoted); an @ in the path or query is fine', () => {
    const fetch = fakeFetch(() => xmlResponse(responseEnvelope('GetChatMessages', '<Response/>')));
    for (const url of ['http://jane:S3cret-pw@tenant.example/Chat.svc', 'https://S3cret-pw@tenant.example/Chat.svc']) {
      let error: unknown;
      try {
        createChatClient({ endpoint: url, fetch });
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(TypeError);
      expect((error as Error).message).toMatch(/user name or password/);
      expect((error as Error).message).not.toContain('S3cret-pw');
    }
    expect(() => createChatClient({ endpoint: 'https://tenant.example/Chat.svc?mail=a@b', fetch })).not.toThrow();
  });
});

describe('registered secrets', () => {
  test('are bounded: a process rotating tickets forever keeps redacting the recent ones', async () => {
    const { registerSecret, redact } = await import('../../src/runtime/client/redact.js');
    for (let i = 0; i < 5000; i++) registerSecret(`7T:rotating-ticket-${i}`);
    expect(redact('a 7T:rotating-ticket-4999 b')).toBe('a *** b');
    expect(redact('old 7T:rotating-ticket-0 x')).toBe('old 7T:rotating-ticket-0 x');
  });

  test('a secret in use stays registered however many others come and go (registered again on each use)', async () => {
    const { registerSecret, redact } = await import('../../src/runtime/client/redact.js');
    registerSecret('7T:ticket-in-use');
    registerSecret('7T:ticket-used-once');
    // used every 100 registrations of others; between its uses it must never be forgotten
    const forgottenAt: number[] = [];
    for (let i = 0; i < 3000; i++) {
      registerSecret(`7T:another-rotating-ticket-${i}`);
      if (i % 100 === 0) registerSecret('7T:ticket-in-use');
      if (i % 10 === 9 && redact('a 7T:ticket-in-use b') !== 'a *** b') forgottenAt.push(i);
    }
    expect(forgottenAt).toEqual([]);
    expect(redact('a 7T:ticket-used-once b')).toBe('a 7T:ticket-used-once b');
  });
});
