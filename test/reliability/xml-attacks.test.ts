/**
 * Item 1: XML attacks on the decoder. Every attack ends in `ResponseFormatError` (with the
 * operation), nothing is fetched (a tripwire server counts requests for the external URLs), and
 * memory stays structurally bounded (heap growth far below what an expansion would need). Each
 * attack runs twice: straight into `decodeResponse`, and as an HTTP response to a real client call.
 * No timing assertions: "fails fast" is shown by the call returning and by the bounds.
 */
import { createChatClient } from '../../src/index';
import { decodeResponse, DEFAULT_MAX_BYTES, DEFAULT_MAX_DEPTH } from '../../src/codec';
import { ChatService } from '../../src/generated/chat';
import { ResponseFormatError } from '../../src/runtime/client/errors';
import { SOAP_ENV, responseEnvelope } from '../helpers/soap';
import { figures, rejection, startLocalServer, thrown, type LocalServer } from './helpers';

jest.setTimeout(60_000);

const fig = figures('xml-attacks');
const OP = 'GetChatMessages';
const MB = 1024 * 1024;

let tripwire: LocalServer;
beforeAll(async () => {
  tripwire = await startLocalServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/xml-dtd' });
    res.end('<!ENTITY leak "tripwire-was-read">');
  });
});
afterAll(async () => {
  await tripwire.close();
});

const ok = (inner = '<Response/>') => responseEnvelope(OP, inner);
const withDoctype = (doctype: string, inner = '<Response><ChatMessage><Message>&x;</Message></ChatMessage></Response>') =>
  `<?xml version="1.0" encoding="utf-8"?>${doctype}` + ok(inner).replace(/^<\?xml[^>]*\?>/, '');

function billionLaughs(levels: number): string {
  let dtd = '<!ENTITY x0 "lol">';
  for (let i = 1; i <= levels; i++) dtd += `<!ENTITY x${i} "${`&x${i - 1};`.repeat(10)}">`;
  return withDoctype(`<!DOCTYPE s:Envelope [${dtd}<!ENTITY x "&x${levels};">]>`);
}

function nested(depth: number, open = '<a>', close = '</a>'): string {
  return open.repeat(depth) + close.repeat(depth);
}

interface Attack {
  name: string;
  /** Built lazily (some are tens of MB). */
  xml: () => string | Uint8Array;
  /** What the message says. */
  message: RegExp;
  options?: { maxBytes?: number; maxDepth?: number };
  /** Heap growth allowed beyond the input's own size (bytes). */
  slack?: number;
  /** Also send it over HTTP to a client (default true). */
  http?: boolean;
  /** What the client's message says, when it differs (its own size limit is checked by the transport). */
  httpMessage?: RegExp;
}

const tw = () => tripwire.url;

const ATTACKS: Attack[] = [
  { name: 'plain DOCTYPE', xml: () => withDoctype('<!DOCTYPE s:Envelope>', '<Response/>'), message: /DOCTYPE is not allowed/ },
  { name: 'internal entity', xml: () => withDoctype('<!DOCTYPE s:Envelope [<!ENTITY x "expanded">]>'), message: /DOCTYPE is not allowed/ },
  { name: 'billion laughs (10^9 expansion)', xml: () => billionLaughs(9), message: /DOCTYPE is not allowed/ },
  { name: 'billion laughs (10^30 expansion)', xml: () => billionLaughs(30), message: /DOCTYPE is not allowed/ },
  {
    name: 'quadratic blowup (100 KB entity referenced 50,000 times)',
    xml: () => withDoctype(`<!DOCTYPE s:Envelope [<!ENTITY x "${'A'.repeat(100_000)}">]>`, `<Response><ChatMessage><Message>${'&x;'.repeat(50_000)}</Message></ChatMessage></Response>`),
    message: /DOCTYPE is not allowed/,
  },
  { name: 'external entity file:///etc/passwd', xml: () => withDoctype('<!DOCTYPE s:Envelope [<!ENTITY x SYSTEM "file:///etc/passwd">]>'), message: /DOCTYPE is not allowed/ },
  { name: 'external entity file:///proc/self/environ', xml: () => withDoctype('<!DOCTYPE s:Envelope [<!ENTITY x SYSTEM "file:///proc/self/environ">]>'), message: /DOCTYPE is not allowed/ },
  { name: 'external entity http:// (tripwire)', xml: () => withDoctype(`<!DOCTYPE s:Envelope [<!ENTITY x SYSTEM "${tw()}/entity">]>`), message: /DOCTYPE is not allowed/ },
  { name: 'external entity PUBLIC http:// (tripwire)', xml: () => withDoctype(`<!DOCTYPE s:Envelope [<!ENTITY x PUBLIC "-//X//Y" "${tw()}/public">]>`), message: /DOCTYPE is not allowed/ },
  { name: 'external DTD SYSTEM (tripwire)', xml: () => withDoctype(`<!DOCTYPE s:Envelope SYSTEM "${tw()}/evil.dtd">`), message: /DOCTYPE is not allowed/ },
  { name: 'external DTD PUBLIC (tripwire)', xml: () => withDoctype(`<!DOCTYPE s:Envelope PUBLIC "-//EVIL//DTD//EN" "${tw()}/public.dtd">`), message: /DOCTYPE is not allowed/ },
  {
    name: 'parameter entity to an external DTD (tripwire, out-of-band exfiltration shape)',
    xml: () => withDoctype(`<!DOCTYPE s:Envelope [<!ENTITY % file SYSTEM "file:///etc/hostname"><!ENTITY % dtd SYSTEM "${tw()}/oob.dtd">%dtd;]>`),
    message: /DOCTYPE is not allowed/,
  },
  { name: 'DOCTYPE after comments and a PI', xml: () => `<!-- c --><?pi x?><!DOCTYPE s:Envelope [<!ENTITY x "y">]>${ok()}`, message: /DOCTYPE is not allowed/ },
  { name: 'DOCTYPE behind a UTF-8 BOM', xml: () => `\ufeff<!DOCTYPE s:Envelope [<!ENTITY x "y">]>${ok()}`, message: /DOCTYPE is not allowed/ },
  {
    name: 'DOCTYPE in UTF-16LE with a BOM',
    xml: () => new Uint8Array(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`<!DOCTYPE s:Envelope [<!ENTITY x "y">]>${ok('<Response/>').replace(/^<\?xml[^>]*\?>/, '')}`, 'utf16le')])),
    message: /DOCTYPE is not allowed/,
  },
  { name: 'unterminated DOCTYPE (huge internal subset, 8 MB)', xml: () => `<!DOCTYPE s:Envelope [${'<!ENTITY a "b">'.repeat(550_000)}`, message: /DOCTYPE is not allowed|not well-formed/ },
  { name: 'DOCTYPE inside the Body', xml: () => ok('<!DOCTYPE x [<!ENTITY y "z">]><Response/>'), message: /not well-formed|DOCTYPE/ },
  { name: 'entity reference without a DTD', xml: () => ok('<Response><ChatMessage><Message>&xxe;</Message></ChatMessage></Response>'), message: /not well-formed XML: .*undefined entity/ },
  { name: 'parameter-entity reference in content', xml: () => ok('<Response>%pe;<ChatMessage/></Response>'), message: /unexpected text/ },
  {
    name: 'XInclude of file:///etc/passwd',
    xml: () => ok('<Response><xi:include xmlns:xi="http://www.w3.org/2001/XInclude" href="file:///etc/passwd" parse="text"/></Response>'),
    message: /unexpected element <xi:include>/,
  },
  {
    name: 'xml-stylesheet PI pointing at the tripwire',
    xml: () => `<?xml version="1.0"?><?xml-stylesheet type="text/xsl" href="${tw()}/x.xsl"?>${ok('<Response><ChatMessage><ChatSessionId>x</ChatSessionId></ChatMessage></Response>').replace(/^<\?xml[^>]*\?>/, '')}`,
    message: /is not an xs:int/,
  },
  { name: 'invalid character reference &#0;', xml: () => ok('<Response><ChatMessage><Message>&#0;</Message></ChatMessage></Response>'), message: /not well-formed/ },
  { name: 'surrogate character reference &#xD800;', xml: () => ok('<Response><ChatMessage><Message>&#xD800;</Message></ChatMessage></Response>'), message: /not well-formed/ },
  {
    name: 'deep nesting in the Body (100,000 levels of schema elements)',
    xml: () => responseEnvelope('GetUserAgentList', `<Response>${nested(50_000, '<MDOListItem><ChildItems>', '</ChildItems></MDOListItem>')}</Response>`),
    message: /nesting exceeds maxDepth \(64\)/,
  },
  {
    name: 'deep nesting in an unknown header block (1,000,000 levels)',
    xml: () => `<s:Envelope xmlns:s="${SOAP_ENV}"><s:Header>${nested(1_000_000)}</s:Header><s:Body/></s:Envelope>`,
    message: /nesting exceeds maxDepth/,
  },
  {
    name: 'deep but schema-valid recursion (MDOListItem.ChildItems, 40 levels)',
    xml: () => {
      const open = '<MDOListItem><ChildItems>';
      return responseEnvelope('GetUserAgentList', `<Response>${open.repeat(40)}${'</ChildItems></MDOListItem>'.repeat(40)}</Response>`);
    },
    message: /nesting exceeds maxDepth/,
  },
  { name: 'nesting beyond a configured maxDepth (20)', xml: () => ok(`<Response>${nested(25, '<ChatMessage><Message>', '</Message></ChatMessage>')}</Response>`), message: /maxDepth \(20\)|inside a simple value/, options: { maxDepth: 20 } },
  { name: 'unclosed deep nesting (500,000 open tags)', xml: () => `<s:Envelope xmlns:s="${SOAP_ENV}"><s:Header>${'<a>'.repeat(500_000)}`, message: /nesting exceeds maxDepth/ },
  { name: 'huge attribute value (4 MB)', xml: () => ok(`<Response a="${'x'.repeat(4 * MB)}"/>`), message: /attribute/ },
  { name: 'huge attribute on the Envelope (4 MB xmlns)', xml: () => `<s:Envelope xmlns:s="${SOAP_ENV}" xmlns:p="${'u'.repeat(4 * MB)}"><s:Body/></s:Envelope>`, message: /attribute/ },
  { name: 'huge attribute in an ignored header block (4 MB)', xml: () => `<s:Envelope xmlns:s="${SOAP_ENV}"><s:Header><X a="${'x'.repeat(4 * MB)}"/></s:Header><s:Body/></s:Envelope>`, message: /attribute/ },
  {
    name: 'attribute flood (1,000,000 attributes on one element)',
    xml: () => {
      let attrs = '';
      for (let i = 0; i < 1_000_000; i++) attrs += ` a${i}="v"`;
      return ok(`<Response${attrs}/>`);
    },
    message: /attributes/,
  },
  {
    name: 'namespace declaration flood (200,000 xmlns:p on one element)',
    xml: () => {
      let attrs = '';
      for (let i = 0; i < 200_000; i++) attrs += ` xmlns:p${i}="urn:${i}"`;
      return ok(`<Response${attrs}/>`);
    },
    message: /attributes/,
  },
  { name: 'huge element name (4 MB)', xml: () => ok(`<Response><${'N'.repeat(4 * MB)}/></Response>`), message: /an element name of 4194304 characters \(at most 1024\)/ },
  { name: 'huge attribute name (4 MB)', xml: () => ok(`<Response ${'n'.repeat(4 * MB)}="v"/>`), message: /an attribute name of 4194304 characters/ },
  { name: 'huge unmatched closing tag name (4 MB)', xml: () => ok(`<Response></${'N'.repeat(4 * MB)}></Response>`), message: /not well-formed/ },
  {
    name: 'beyond the default size limit (64 MiB + 1 as a string)',
    xml: () => ok(`<Response><ChatMessage><Message>${'m'.repeat(DEFAULT_MAX_BYTES)}</Message></ChatMessage></Response>`),
    message: /exceeds maxBytes/,
    http: false,
  },
  { name: 'beyond the default size limit (bytes)', xml: () => new Uint8Array(DEFAULT_MAX_BYTES + 1).fill(0x20), message: /exceeds maxBytes/, http: false },
  { name: 'beyond a configured size limit (1 KB)', xml: () => ok(`<Response><ChatMessage><Message>${'m'.repeat(2000)}</Message></ChatMessage></Response>`), message: /exceeds maxBytes \(1024\)/, httpMessage: /exceeds the limit of 1024 bytes/, options: { maxBytes: 1024 } },
  { name: 'multi-byte characters beyond the byte limit (string of 400 chars, 1200 bytes)', xml: () => ok(`<Response><ChatMessage><Message>${'€'.repeat(400)}</Message></ChatMessage></Response>`), message: /exceeds maxBytes/, httpMessage: /exceeds the limit of 1200 bytes/, options: { maxBytes: 1200 } },
];

const opOf = (a: Attack) => (a.name.includes('MDOListItem') || a.name.includes('schema elements') ? 'GetUserAgentList' : OP);

function sizeOf(input: string | Uint8Array): number {
  return typeof input === 'string' ? input.length * 2 : input.byteLength;
}

describe('decodeResponse refuses every attack with ResponseFormatError, within bounded memory', () => {
  test('defaults: 64 MiB, depth 64', () => {
    expect(DEFAULT_MAX_BYTES).toBe(64 * MB);
    expect(DEFAULT_MAX_DEPTH).toBe(64);
  });

  test.each(ATTACKS.map((a) => [a.name, a] as const))('%s', (_name, attack) => {
    let input: string | Uint8Array | undefined = attack.xml();
    const size = sizeOf(input);
    const before = process.memoryUsage();
    const started = performance.now();
    const e = thrown(() => decodeResponse(ChatService, opOf(attack), input!, attack.options));
    const ms = performance.now() - started;
    const after = process.memoryUsage();
    input = undefined;
    expect(e).toBeInstanceOf(ResponseFormatError);
    const err = e as ResponseFormatError;
    expect(err.message).toMatch(attack.message);
    expect(err.operation).toBe(opOf(attack));
    // Bounded memory: growth within a few times the input (the parser's own copies) plus slack;
    // an entity expansion of the billion-laughs kind would need gigabytes.
    const growth = after.heapUsed + after.arrayBuffers - (before.heapUsed + before.arrayBuffers);
    expect(growth).toBeLessThan(4 * size + (attack.slack ?? 64 * MB));
    // The error text itself is bounded, whatever the input held.
    expect(err.message.length).toBeLessThan(2000);
    fig.add('attack cases');
    fig.add('decoder runs');
    fig.add('ResponseFormatError');
    maxGrowth = Math.max(maxGrowth, growth);
    slowest = Math.max(slowest, ms);
  });
});

let maxGrowth = 0;
let slowest = 0;

describe('the same attacks as HTTP responses to a client call', () => {
  let server: LocalServer;
  let current: string | Uint8Array = '';
  beforeAll(async () => {
    server = await startLocalServer((_req, res) => {
      const body = typeof current === 'string' ? Buffer.from(current, 'utf8') : Buffer.from(current);
      // One connection per attack: a multi-second decode must not race the server's keep-alive timeout.
      res.writeHead(200, { 'content-type': 'text/xml; charset=utf-8', 'content-length': body.length, connection: 'close' });
      res.end(body);
    });
  });
  afterAll(async () => {
    await server.close();
  });

  const overHttp = ATTACKS.filter((a) => a.http !== false && opOf(a) === OP);
  test.each(overHttp.map((a) => [a.name, a] as const))('%s', async (_name, attack) => {
    current = attack.xml();
    const chat = createChatClient({ endpoint: `${server.url}/Chat.svc`, applicationToken: 'app-token-xml-attacks', credentials: '7T:xml-attacks-ticket', retry: false, maxResponseBytes: attack.options?.maxBytes });
    const e = await rejection(chat.getChatMessages({ ChatSessionId: 1 }));
    current = '';
    // The client's decoder has the default depth; a configured maxDepth case is a plain nesting case here.
    expect(e).toBeInstanceOf(ResponseFormatError);
    expect((e as ResponseFormatError).operation).toBe(OP);
    if (!attack.options?.maxDepth) expect((e as Error).message).toMatch(attack.httpMessage ?? attack.message);
    fig.add('client runs');
    fig.add('ResponseFormatError');
  });

  test('a body larger than maxResponseBytes is refused from Content-Length, before it is read', async () => {
    const big = await startLocalServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/xml', 'content-length': String(10 * MB) });
      res.write('<s:Envelope');
      // never finishes: the client must not wait for it
    });
    try {
      const chat = createChatClient({ endpoint: `${big.url}/Chat.svc`, retry: false, maxResponseBytes: MB });
      const e = await rejection(chat.getChatMessages({ ChatSessionId: 1 }));
      expect(e).toBeInstanceOf(ResponseFormatError);
      expect((e as Error).message).toMatch(/exceeds the limit of 1048576 bytes/);
      fig.add('attack cases');
      fig.add('client runs');
      fig.add('ResponseFormatError');
    } finally {
      await big.close();
    }
  });

  test('an endless chunked body stops being read at maxResponseBytes (the server sees the cancel)', async () => {
    let sent = 0;
    let closed = false;
    const endless = await startLocalServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/xml' });
      const chunk = Buffer.alloc(64 * 1024, 0x20);
      const pump = (): void => {
        while (!closed && sent < 512 * MB) {
          sent += chunk.length;
          if (!res.write(chunk)) return void res.once('drain', pump);
        }
        res.end();
      };
      res.on('close', () => (closed = true));
      pump();
    });
    try {
      const chat = createChatClient({ endpoint: `${endless.url}/Chat.svc`, retry: false, maxResponseBytes: 2 * MB });
      const e = await rejection(chat.getChatMessages({ ChatSessionId: 1 }));
      expect(e).toBeInstanceOf(ResponseFormatError);
      expect((e as Error).message).toMatch(/exceeds the limit of 2097152 bytes/);
      await new Promise((r) => setTimeout(r, 100));
      // Read up to the limit, then cancelled: far less than the 512 MB on offer (socket buffers aside).
      expect(sent).toBeLessThan(64 * MB);
      expect(closed).toBe(true);
      fig.add('attack cases');
      fig.add('client runs');
      fig.add('ResponseFormatError');
      fig.note(`endless body: ${Math.round(sent / MB)} MB sent before the cancel`);
    } finally {
      closed = true;
      await endless.close();
    }
  });

  test('nothing was ever fetched from the external URLs the attacks named', () => {
    expect(tripwire.requests).toBe(0);
    expect(tripwire.connections).toBe(0);
    fig.note(`tripwire requests=${tripwire.requests}`);
    fig.note(`max heap growth ${Math.round(maxGrowth / MB)} MB, slowest decode ${Math.round(slowest)} ms (reported, not asserted)`);
  });
});

test('outcome summary: nothing but ResponseFormatError', () => {
  expect(fig.get('ResponseFormatError')).toBe(fig.get('decoder runs') + fig.get('client runs'));
});
