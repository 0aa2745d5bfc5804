/**
 * A per-call header override replaces only the headers it names (issue 14 §9): overriding
 * `TimeZone` keeps the client's ticket and application token, overriding the ticket keeps the
 * time zone, over SOAP (the envelope's headers) and REST (Authorization, SO-AppToken, SO-TimeZone).
 */
import { createChatClient } from '../../src/index';
import { fakeFetch, responseEnvelope, xmlResponse } from '../helpers/soap';

const TICKET = '7T:override-client-ticket';
const APP = 'override-app-token';
const TZ = { SoTimeZoneId: 7, SoTimeZoneLocationCode: 'NO' };

describe('SOAP', () => {
  const ok = () => xmlResponse(responseEnvelope('GetChatSessionEntity', '<Response><ChatSessionId>1</ChatSessionId></Response>'));
  const client = (fetch: ReturnType<typeof fakeFetch>) => createChatClient({ endpoint: 'http://127.0.0.1:9/Chat.svc', credentials: TICKET, applicationToken: APP, timeZone: TZ, fetch });

  test('overriding only TimeZone keeps the ticket and the application token', async () => {
    const fetch = fakeFetch(ok);
    await client(fetch).getChatSessionEntity({ ChatSessionEntityId: 1 }, { headers: { TimeZone: { SoTimeZoneId: 9, SoTimeZoneLocationCode: 'UK' } } });
    const body = fetch.requests[0].body;
    expect(body).toMatch(new RegExp(`<(\\w+:)?Ticket>${TICKET}</`));
    expect(body).toMatch(new RegExp(`<(\\w+:)?ApplicationToken>${APP}</`));
    expect(body).toMatch(/<(\w+:)?SoTimeZoneLocationCode>UK</);
    expect(body).not.toMatch(/>NO</);
  });

  test('overriding only the ticket keeps the time zone and the application token', async () => {
    const fetch = fakeFetch(ok);
    await client(fetch).getChatSessionEntity({ ChatSessionEntityId: 1 }, { headers: { Credentials: { Ticket: '7T:per-call' } } });
    const body = fetch.requests[0].body;
    expect(body).toMatch(/<(\w+:)?Ticket>7T:per-call</);
    expect(body).not.toContain(TICKET);
    expect(body).toMatch(new RegExp(`<(\\w+:)?ApplicationToken>${APP}</`));
    expect(body).toMatch(/<(\w+:)?SoTimeZoneLocationCode>NO</);
  });

  test('a call without overrides after one with them: the client defaults again', async () => {
    const fetch = fakeFetch(ok);
    const chat = client(fetch);
    await chat.getChatSessionEntity({ ChatSessionEntityId: 1 }, { headers: { TimeZone: { SoTimeZoneId: 9, SoTimeZoneLocationCode: 'UK' } } });
    await chat.getChatSessionEntity({ ChatSessionEntityId: 1 });
    expect(fetch.requests[1].body).toMatch(/<(\w+:)?SoTimeZoneLocationCode>NO</);
    expect(fetch.requests[1].body).toContain(TICKET);
  });
});

describe('REST', () => {
  test('overriding only TimeZone keeps Authorization and SO-AppToken', async () => {
    const fetch = fakeFetch(() => new Response('[]', { headers: { 'Content-Type': 'application/json' } }));
    const chat = createChatClient({ endpoint: 'http://127.0.0.1:9/Cust1', transport: 'rest', credentials: TICKET, applicationToken: APP, timeZone: TZ, fetch });
    await chat.getChatMessages({ ChatSessionId: 1 }, { headers: { TimeZone: { SoTimeZoneId: 9, SoTimeZoneLocationCode: 'UK' } } });
    const h = fetch.requests[0].headers;
    expect(h.authorization).toBe(`SOTicket ${TICKET}`);
    expect(h['so-apptoken']).toBe(APP);
  });
});
