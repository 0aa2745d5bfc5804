/**
 * Item 6: secrets never leak. Random tickets and application tokens (fast-check strings over
 * realistic ticket alphabets, XML-special characters included) go through calls whose responses
 * echo them back in every place a server could: ExceptionInfo fields and ExtraInfo, SOAP Fault
 * code/string/detail, HTML error bodies (the request envelope echoed, the secret straddling the
 * 2 KB cut of `HttpError.body`), values that do not fit their type, stray text. Neither the secret
 * nor any 12-character piece of it may appear in an error's message, stack, `toJSON()`,
 * `JSON.stringify`, `util.inspect` debug dump (cause chain included) or any log line.
 */
import fc from 'fast-check';
import { createChatClient, SoSoapError, type ChatClient, type LogEntry } from '../../src/index';
import { redact, registerSecret } from '../../src/runtime/client/redact';
import { SOAP_ENV, TNS } from '../helpers/soap';
import { SEED, describeOutcome, figures, findSecret, rejection, renderings } from './helpers';

jest.setTimeout(120_000);

const fig = figures('secrets');

const base64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
/** Ticket-like text: base64 body (optionally `=`-padded), sometimes with XML-special characters and a `;NetServer` style suffix. */
const secretBody = (min: number, max: number) =>
  fc
    .tuple(
      fc.string({ unit: fc.constantFrom(...base64.split('')), minLength: min, maxLength: max }),
      fc.array(fc.tuple(fc.nat(), fc.constantFrom('<', '>', '&', '"', "'", '&amp;', ']]>', '-', '_', '.', ':', ';')), { maxLength: 3 }),
      fc.constantFrom('', '=', '=='),
    )
    .map(([body, specials, pad]) => {
      let s = body;
      for (const [at, c] of specials) {
        const i = at % (s.length + 1);
        s = s.slice(0, i) + c + s.slice(i);
      }
      return s + pad;
    });
const ticketArb = fc.tuple(fc.constantFrom('7T:', '7A:', '8A:', '7C:'), secretBody(16, 90), fc.constantFrom('', ';NetServer', '.Online')).map(([p, b, suffix]) => p + b + suffix);
const tokenArb = secretBody(16, 48);

const xml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
/** Every character as a character reference (decimal or hex). */
const charRefs = (s: string, radix: 10 | 16) => [...s].map((c) => (radix === 10 ? `&#${c.codePointAt(0)};` : `&#x${c.codePointAt(0)!.toString(16).toUpperCase()};`)).join('');
const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');
const swapCase = (s: string) => [...s].map((c) => (c === c.toLowerCase() ? c.toUpperCase() : c.toLowerCase())).join('');

interface Seen {
  request: string;
}

type Scenario = (secrets: { ticket: string; token: string; other: string }, seen: Seen) => { status: number; body: string; contentType?: string; headers?: Record<string, string> };

const envelope = (header: string, body: string) => `<s:Envelope xmlns:s="${SOAP_ENV}"><s:Header>${header}</s:Header><s:Body>${body}</s:Body></s:Envelope>`;
const messagesResponse = (inner: string, header = `<Succeeded xmlns="${TNS}">true</Succeeded>`) => envelope(header, `<GetChatMessagesResponse xmlns="${TNS}"><Response>${inner}</Response></GetChatMessagesResponse>`);

const SCENARIOS: Record<string, Scenario> = {
  'ExceptionInfo echoing the secrets in every field': ({ ticket, token }) => ({
    status: 200,
    body: envelope(
      `<ExceptionInfo xmlns="${TNS}"><Message>Ticket ${xml(ticket)} is not valid for ${xml(token)}</Message><StackTrace>at Check(${xml(ticket)})</StackTrace>` +
        `<FriendlyText>bad ticket ${xml(ticket)}</FriendlyText><ExceptionType>SoServerException</ExceptionType><Source>${xml(token)}</Source>` +
        `<InnerException><Message>inner ${xml(ticket)}</Message></InnerException><Parameters><SoExceptionInfoParametersKeyValuePair><Key>ticket</Key><Value>${xml(ticket)}</Value></SoExceptionInfoParametersKeyValuePair>` +
        `<SoExceptionInfoParametersKeyValuePair><Key>${xml(token)}</Key><Value>token as a key</Value></SoExceptionInfoParametersKeyValuePair></Parameters></ExceptionInfo>` +
        `<ExtraInfo xmlns="${TNS}"><ExtraInfoNameValuePair><Key>t</Key><Value>${xml(ticket)}</Value></ExtraInfoNameValuePair></ExtraInfo><Succeeded xmlns="${TNS}">false</Succeeded>`,
      `<GetChatMessagesResponse xmlns="${TNS}"/>`,
    ),
  }),
  'SOAP Fault with the request envelope echoed in the detail': ({ ticket }, seen) => ({
    status: 500,
    body: envelope('', `<s:Fault><faultcode>s:Client</faultcode><faultstring>Ticket ${xml(ticket)} refused</faultstring><detail>${xml(seen.request)}</detail></s:Fault>`),
  }),
  'SOAP Fault with the secrets as XML in the detail and in the code': ({ ticket, token }, seen) => ({
    status: 500,
    body: envelope('', `<s:Fault><faultcode>s:${xml(ticket)}</faultcode><faultstring>${xml(token)}</faultstring><detail>${seen.request.replace(/^<s:Envelope[^>]*>|<\/s:Envelope>$/g, '')}</detail></s:Fault>`),
  }),
  'HTML 500 echoing the request, the secret straddling the 2 KB cut': (_s, seen) => {
    const at = seen.request.indexOf('Ticket>') + 7;
    const pad = 2048 - at - 8 + (seen.request.length % 16);
    return { status: 500, contentType: 'text/html', body: `<html><body><pre>${'.'.repeat(Math.max(0, pad))}${seen.request}</pre></body></html>` };
  },
  'HTML 500 echoing the ApplicationToken across the 2 KB cut': ({ token }) => ({ status: 500, contentType: 'text/html', body: `${'x'.repeat(2048 - 5)}${token} was refused` }),
  'HTTP 401 naming the ticket in plain text': ({ ticket }) => ({ status: 401, contentType: 'text/plain', body: `Unauthorized: ticket ${ticket} expired` }),
  'HTTP 503 JSON naming both': ({ ticket, token }) => ({ status: 503, contentType: 'application/json', headers: { 'retry-after': '0' }, body: JSON.stringify({ ticket, applicationToken: token, note: `${ticket}/${token}` }) }),
  'the ticket where an int belongs': ({ ticket }) => ({ status: 200, body: messagesResponse(`<ChatMessage><ChatSessionId>${xml(ticket)}</ChatSessionId></ChatMessage>`) }),
  'the ticket after 30 characters of an int': ({ ticket }) => ({ status: 200, body: messagesResponse(`<ChatMessage><ChatMessageId>${'1'.repeat(30)}${xml(ticket)}</ChatMessageId></ChatMessage>`) }),
  'the token where a dateTime belongs': ({ token }) => ({ status: 200, body: messagesResponse(`<ChatMessage><WhenPosted>${xml(token)}</WhenPosted></ChatMessage>`) }),
  'the ticket as stray text in a structured element': ({ ticket }) => ({ status: 200, body: messagesResponse(`${xml(ticket)}<ChatMessage/>`) }),
  'the ticket after 25 characters of stray text': ({ ticket }) => ({ status: 200, body: messagesResponse(`${'z'.repeat(25)}${xml(ticket)}<ChatMessage/>`) }),
  'the secrets as an xsi:type and an element': ({ ticket }) => ({ status: 200, body: messagesResponse(`<ChatMessage><Message xmlns:i="http://www.w3.org/2001/XMLSchema-instance" i:type="${xml(ticket).replace(/"/g, '&quot;')}">x</Message></ChatMessage>`) }),
  'the request envelope echoed as the response': (_s, seen) => ({ status: 200, body: seen.request }),
  'an HTML page with 200 naming the ticket': ({ ticket }) => ({ status: 200, contentType: 'text/html', body: `<p>${xml(ticket)}</p>` }),
  'a Fault at 200 with the ticket in a Ticket element of the detail': ({ ticket }) => ({ status: 200, body: envelope('', `<s:Fault><faultcode>s:Server</faultcode><faultstring>x</faultstring><detail><Credentials><Ticket>${xml(ticket)}</Ticket></Credentials></detail></s:Fault>`) }),
  // Item 7 of issue 14: the secrets echoed encoded.
  'HTML 500 echoing the secrets URL-encoded': ({ ticket, token }) => ({ status: 500, contentType: 'text/html', body: `<a href="/login?ticket=${encodeURIComponent(ticket)}&amp;token=${encodeURIComponent(token)}">again</a>` }),
  'HTML 500 with the ticket as decimal and the token as hex character references': ({ ticket, token }) => ({ status: 500, contentType: 'text/html', body: `<p>${charRefs(ticket, 10)}</p><p>${charRefs(token, 16)}</p>` }),
  'Fault string and detail with the ticket as &amp;-escaped character references': ({ ticket, token }) => ({
    status: 500,
    body: envelope('', `<s:Fault><faultcode>s:Client</faultcode><faultstring>bad ${xml(charRefs(ticket, 16))}</faultstring><detail><p>${xml(charRefs(token, 10))}</p></detail></s:Fault>`),
  }),
  'ExceptionInfo with the ticket URL-encoded twice and the token as references': ({ ticket, token }) => ({
    status: 200,
    body: envelope(
      `<ExceptionInfo xmlns="${TNS}"><Message>see /x?t=${xml(encodeURIComponent(encodeURIComponent(ticket)))}</Message><FriendlyText>${xml(charRefs(token, 10))}</FriendlyText><ExceptionType>SoServerException</ExceptionType></ExceptionInfo><Succeeded xmlns="${TNS}">false</Succeeded>`,
      `<GetChatMessagesResponse xmlns="${TNS}"/>`,
    ),
  }),
  'HTML 500 with base64 of the secrets at every alignment': ({ ticket, token }) => ({
    status: 500,
    contentType: 'text/plain',
    body: `a=${b64(ticket)} b=${b64(`x${ticket}`)} c=${b64(`xy${token}`)} d=${b64(token).replace(/\+/g, '-').replace(/\//g, '_')}`,
  }),
  'Fault with the secrets case-changed': ({ ticket, token }) => ({
    status: 500,
    body: envelope('', `<s:Fault><faultcode>s:Client</faultcode><faultstring>TICKET ${xml(ticket.toUpperCase())}</faultstring><detail>${xml(token.toLowerCase())} ${xml(swapCase(ticket))}</detail></s:Fault>`),
  }),
  'HTTP 401 naming the secrets in mixed encodings': ({ ticket, token }) => ({ status: 401, contentType: 'text/plain', body: `Unauthorized: ${encodeURIComponent(ticket.toLowerCase())} / ${b64(`${token}!`)}` }),
};

const scenarioNames = Object.keys(SCENARIOS);

/** The ways a caller may hand the ticket to the client. */
const HOW = ['credentials string', 'credentials object', 'provider', 'per-call header'] as const;

test('secrets never appear in errors, dumps or log lines', async () => {
  let runs = 0;
  let logLines = 0;
  let renderingsChecked = 0;
  const classes = new Map<string, number>();
  await fc.assert(
    fc.asyncProperty(ticketArb, tokenArb, ticketArb, fc.constantFrom(...scenarioNames), fc.constantFrom(...HOW), async (ticket, token, other, scenario, how) => {
      fc.pre(ticket !== token && !ticket.includes(token) && !token.includes(ticket));
      runs++;
      const lines: string[] = [];
      const seen: Seen = { request: '' };
      const fetch = async (_url: string, init: RequestInit): Promise<Response> => {
        seen.request = String(init.body);
        const r = SCENARIOS[scenario]({ ticket, token, other }, seen);
        return new Response(new Uint8Array(Buffer.from(r.body, 'utf8')), { status: r.status, headers: { 'content-type': r.contentType ?? 'text/xml; charset=utf-8', ...r.headers } });
      };
      const credentials = how === 'credentials string' ? ticket : how === 'credentials object' ? { ticket } : how === 'provider' ? async () => ticket : other;
      const chat: ChatClient = createChatClient({
        endpoint: 'http://127.0.0.1:9/Remote/Services88/Chat.svc',
        applicationToken: token,
        credentials,
        fetch,
        retry: { maxAttempts: 2, baseDelayMs: 0, maxDelayMs: 0 },
        logger: (entry: LogEntry) => lines.push(JSON.stringify(entry)),
      });
      const e = await rejection(chat.getChatMessages({ ChatSessionId: 5 }, how === 'per-call header' ? { headers: { Credentials: { Ticket: ticket } } } : {}));
      if (!(e instanceof SoSoapError)) throw new Error(`${scenario}: an untyped outcome ${describeOutcome(e)}`);
      // The request did carry the secrets (so the echo scenarios had them to echo).
      expect(seen.request).toContain(xml(ticket));
      const texts = [...renderings(e), ...lines];
      renderingsChecked += texts.length;
      logLines += lines.length;
      for (const secret of [ticket, token]) {
        const found = findSecret(texts, secret);
        if (found) throw new Error(`${scenario} (${how}, ${e.name}): ${found}`);
      }
      classes.set(e.name, (classes.get(e.name) ?? 0) + 1);
    }),
    { seed: SEED, numRuns: 600 },
  );
  fig.add('echo property runs', runs);
  fig.add('echo scenarios', scenarioNames.length);
  fig.add('log lines checked', logLines);
  fig.add('renderings checked', renderingsChecked);
  for (const [k, v] of classes) fig.add(`outcome ${k}`, v);
});

test('validation errors do not echo a secret given in the wrong place', async () => {
  let runs = 0;
  await fc.assert(
    fc.asyncProperty(ticketArb, tokenArb, async (ticket, token) => {
      runs++;
      const lines: string[] = [];
      const chat = createChatClient({ endpoint: 'http://127.0.0.1:9/Chat.svc', applicationToken: token, credentials: ticket, fetch: () => Promise.reject(new Error('must not be called')), logger: (e: LogEntry) => lines.push(JSON.stringify(e)) });
      const attempts: (() => Promise<unknown>)[] = [
        () => chat.getChatMessages({ ChatSessionId: ticket as unknown as number }),
        () => chat.getChatMessages({ ChatSessionId: 1 }, { headers: { Credentials: ticket as unknown as { Ticket: string } } }),
        () => chat.getChatMessages({ ChatSessionId: 1 }, { headers: { ApplicationToken: `${token}\u0000` } }),
        () => chat.saveChatSessionEntity({ ChatSessionEntity: { Status: ticket as 'Invalid' } }),
        () => chat.saveChatSessionEntity({ ChatSessionEntity: { WhenRequested: token as unknown as Date } }),
      ];
      for (const call of attempts) {
        const e = await rejection(call());
        expect(e).toBeInstanceOf(SoSoapError);
        const texts = [...renderings(e), ...lines];
        for (const secret of [ticket, token]) {
          const found = findSecret(texts, secret);
          if (found) throw new Error(`${(e as Error).name}: ${found}`);
        }
        fig.add('validation outcomes checked');
      }
    }),
    { seed: SEED, numRuns: 100 },
  );
  fig.add('validation property runs', runs);
});

/** What a failed call shows, scanned for `secrets` (pieces from `minPiece` characters). */
function leakIn(e: unknown, lines: string[], secrets: string[], minPiece: number): string | undefined {
  if (!(e instanceof SoSoapError)) return `an untyped outcome ${describeOutcome(e)}`;
  const texts = [...renderings(e), ...lines];
  for (const secret of secrets) {
    const found = findSecret(texts, secret, minPiece);
    if (found) return `${e.name}: ${found}`;
  }
  return undefined;
}

test('parser error snippets do not show a piece of a secret (JSON over REST, XML over SOAP)', async () => {
  // V8 quotes the first 10 characters of a JSON text it cannot parse; the XML scanner names the
  // element, attribute or entity it stopped at. Pieces are looked for from 8 characters.
  const jsonBodies = (ticket: string, token: string) => [ticket, `${ticket}}`, `{"a": x${token}}`, `[${ticket}, 1]`, `${token.slice(0, 2)}${ticket}`];
  const xmlBodies = (ticket: string, token: string) => {
    const name = (s: string) => `x${s.replace(/[^A-Za-z0-9]/g, '')}`;
    return [
      messagesResponse(`<ChatMessage ${name(token)}/>`),
      messagesResponse(`<ChatMessage><Message>&${name(ticket)};</Message></ChatMessage>`),
      `${messagesResponse('')}<${name(ticket)}/>`,
      messagesResponse(`<ChatMessage a="1" ${name(token)}="2"${name(ticket)}="3"/>`),
    ];
  };
  let runs = 0;
  await fc.assert(
    fc.asyncProperty(ticketArb, tokenArb, fc.nat(), fc.boolean(), async (ticket, token, pick, rest) => {
      fc.pre(ticket !== token && !ticket.includes(token) && !token.includes(ticket));
      const bodies = rest ? jsonBodies(ticket, token) : xmlBodies(ticket, token);
      const body = bodies[pick % bodies.length];
      runs++;
      const lines: string[] = [];
      const chat = createChatClient({
        endpoint: 'http://127.0.0.1:9/Remote/Services88/Chat.svc',
        transport: rest ? 'rest' : 'soap',
        applicationToken: token,
        credentials: ticket,
        fetch: async () => new Response(body, { status: 200, headers: { 'content-type': rest ? 'application/json; charset=utf-8' : 'text/xml; charset=utf-8' } }),
        retry: { maxAttempts: 1 },
        logger: (entry: LogEntry) => lines.push(JSON.stringify(entry)),
      });
      const e = await rejection(chat.getChatMessages({ ChatSessionId: 5 }));
      const leak = leakIn(e, lines, [ticket, token], 8);
      if (leak) throw new Error(`${rest ? 'REST' : 'SOAP'} body ${JSON.stringify(body.slice(0, 200))}: ${leak}`);
    }),
    { seed: SEED, numRuns: 200 },
  );
  fig.add('parser snippet runs', runs);
});

test('cause chains are redacted: a secret in a nested cause (plain, encoded, or in its properties) never shows', async () => {
  let runs = 0;
  await fc.assert(
    fc.asyncProperty(ticketArb, tokenArb, fc.constantFrom('message', 'nested', 'encoded', 'property', 'aggregate', 'string'), async (ticket, token, shape) => {
      fc.pre(ticket !== token && !ticket.includes(token) && !token.includes(ticket));
      runs++;
      const inner = new Error(`innermost: ${ticket}`);
      const causes: Record<string, () => unknown> = {
        message: () => new TypeError('fetch failed', { cause: new Error(`connect failed for ${ticket} (${token})`) }),
        nested: () => new TypeError('fetch failed', { cause: new Error('socket', { cause: new Error('tls', { cause: inner }) }) }),
        encoded: () => new TypeError('fetch failed', { cause: new Error(`proxy refused /t=${encodeURIComponent(ticket)} ${b64(token)}`) }),
        property: () => new TypeError('fetch failed', { cause: Object.assign(new Error('ECONNRESET'), { code: 'ECONNRESET', request: { headers: { authorization: `SOTicket ${ticket}`, note: token } } }) }),
        aggregate: () => new TypeError('fetch failed', { cause: new AggregateError([inner, new Error(token)], 'all attempts failed') }),
        string: () => new TypeError('fetch failed', { cause: `token ${token.toUpperCase()} ${ticket}` }),
      };
      const lines: string[] = [];
      const chat = createChatClient({
        endpoint: 'http://127.0.0.1:9/Remote/Services88/Chat.svc',
        applicationToken: token,
        credentials: ticket,
        fetch: () => Promise.reject(causes[shape]()),
        retry: { maxAttempts: 1 },
        logger: (entry: LogEntry) => lines.push(JSON.stringify(entry)),
      });
      const e = await rejection(chat.getChatMessages({ ChatSessionId: 5 }));
      // The chain is still there (redacted, same classes), only its secrets are gone.
      expect((e as Error).cause).toBeInstanceOf(TypeError);
      if (shape === 'nested') expect((((e as Error).cause as Error).cause as Error).cause).toBeInstanceOf(Error);
      const leak = leakIn(e, lines, [ticket, token], 12);
      if (leak) throw new Error(`cause shape ${shape}: ${leak}`);
    }),
    { seed: SEED, numRuns: 120 },
  );
  fig.add('cause chain runs', runs);
});

test('redact: encoded forms are masked whole, other text is kept byte for byte, large texts window by window', () => {
  const secret = '7T:Zm9vYmFy+/cXVlc3Rpb24=;NetServer';
  registerSecret(secret);
  const cases: [string, string][] = [
    [`a ${secret} b`, 'a *** b'],
    [`a ${secret.toUpperCase()} b`, 'a *** b'],
    [`u=${encodeURIComponent(secret)}&x=1`, 'u=***&x=1'],
    [`u=${encodeURIComponent(encodeURIComponent(secret))}`, 'u=***'],
    [`<p>${[...secret].map((c) => `&#${c.charCodeAt(0)};`).join('')}</p>`, '<p>***</p>'],
    [`<p>${[...secret].map((c) => `&amp;#x${c.charCodeAt(0).toString(16)};`).join('')}</p>`, '<p>***</p>'],
    [`{"n":"${JSON.stringify(secret).slice(1, -1).replace(/T/g, '\\u0054')}"}`, '{"n":"***"}'],
    [`b=${b64(secret)} `, 'b=*** '],
    // Untouched: encodings without a secret, and ordinary text.
    ['a%20b &amp; &#65; \\n \\u0041 QUJD 7T:Zm9v', 'a%20b &amp; &#65; \\n \\u0041 QUJD 7T:Zm9v'],
  ];
  for (const [input, expected] of cases) expect(redact(input)).toBe(expected);
  // Embedded base64 at every alignment leaves at most a few characters of its edges.
  for (const pad of ['', 'x', 'xy']) expect(redact(b64(`${pad}${secret}!!`))).toMatch(/^[A-Za-z0-9+/=]{0,6}\*\*\*[A-Za-z0-9+/=]{0,6}$/);
  // A URL-encoded secret across the 1 MiB window boundary of a 3 MiB text.
  for (const at of [(1 << 20) - 20, (1 << 20) + 10, 3 * (1 << 20) - 200]) {
    const big = `${'.'.repeat(at)}${encodeURIComponent(secret)}${'.'.repeat(100)}`;
    const out = redact(big);
    expect(out).toBe(`${'.'.repeat(at)}***${'.'.repeat(100)}`);
  }
});
