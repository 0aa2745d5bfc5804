/**
 * Independent server (issue 4 acceptance): all 31 Chat operations sent by our client to node-soap's
 * `soap.listen` (node-soap 1.13.0, a SOAP implementation nobody on the project wrote) with the real
 * Chat WSDL, on 127.0.0.1 port 0 (a node:http server).
 *
 * - Its handlers receive the arguments we sent: node-soap's parse of our request (its own data shape:
 *   `{Item: [...]}` array wrappers, `{XKeyValuePair: [{Key, Value}]}` dictionaries) is brought into
 *   our JSON form by the descriptor and compared field by field with the fixture's args.json. Where
 *   node-soap's own reading differs from our data mapping it is listed in NODE_SOAP_DIFFERENCES and
 *   applied only there.
 * - The headers: node-soap passes the parsed soap:Header as the handler's 3rd argument (server.js
 *   `method.apply(this, [args, callback, options.headers, req, res])`); its parse drops namespaces,
 *   so the raw request is also read to check each header block is in the Services88 namespace.
 * - node-soap routes by the SOAPAction we send, so each handler sees its own operation.
 * - Our client decodes node-soap's replies without error. node-soap's serializer writes a JS Date
 *   as an empty element and an array as repeated elements (flags wrong), so the reply values are
 *   given to it in its own shape (dateTime and flags as strings) and are not a reference for values.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import * as soap from 'soap';
import { ChatService } from '../../src/generated/chat';
import { createChatClient } from '../../src/index';
import type { ServiceDescriptor, TypeDescriptor } from '../../src/runtime/codec/descriptor';
import { elementFields } from '../../src/runtime/codec/plan';
import { ResponseFormatError, SoapFaultError } from '../../src/runtime/client/errors';
import { parseXmlTree } from './canon';
import { jsonDiff } from './json-diff';
import { WSDL_DIR } from './oracle';

const TNS = 'http://www.superoffice.net/ws/crm/NetServer/Services88';
const FIXTURES = join(__dirname, '..', 'fixtures');
const CHAT_WSDL = join(WSDL_DIR, 'Services88-Chat.wsdl');
const APP_TOKEN = 'app&<token>';
const TICKET = `7T:ticket"'<x>`;

/**
 * Where node-soap's reading of a request differs from our data mapping (DESIGN.md §4). The
 * comparison applies each rule only at values of that XSD type, and records where it did.
 */
export const NODE_SOAP_DIFFERENCES = {
  /**
   * xs:dateTime arrives as a JS Date made by `new Date(text)` (node-soap wsdl/index.js): the lexical
   * text is lost (7 fractional digits, the offset as written), an offset-less value is read in the
   * machine's local time zone (ours: UTC by default), and beyond milliseconds nothing is kept. We
   * compare its time value with `new Date(<the text we sent>)`.
   */
  'dateTime-arrives-as-Date': 'xs:dateTime',
  /**
   * An xs:list flags value (`<Mask>Select Update</Mask>`) arrives as the one string
   * "Select Update" (node-soap does not split xs:list); we split it at whitespace.
   */
  'flags-arrive-as-one-string': 'flags',
} as const;
type Difference = keyof typeof NODE_SOAP_DIFFERENCES;

/** Where node-soap's serializer needs to be told more than our JSON form says, for its replies. */
export const NODE_SOAP_REPLY_DIFFERENCES = {
  /**
   * node-soap writes the items of an `ArrayOfint` (whose items are in the Microsoft Arrays namespace
   * http://schemas.microsoft.com/2003/10/Serialization/Arrays) in the service's namespace. Our
   * decoder treats an element in another namespace as a different element and rejects it
   * (ResponseFormatError: "element <int> is in namespace …", as WCF's serializer would not read it);
   * the test shows that once, and otherwise gives node-soap the items with a declared `arr:` prefix.
   */
  'array-items-in-the-service-namespace': 'ArrayOfint (GetChatPresence: ChatPresence.ChatTopics)',
} as const;
type ReplyDifference = keyof typeof NODE_SOAP_REPLY_DIFFERENCES;
/** true: give node-soap our JSON form's arrays as they are (to show what it writes then). */
let naiveReplies = false;

const types = (ChatService as ServiceDescriptor).types as Record<string, TypeDescriptor>;
const asList = (v: unknown): unknown[] => (v === undefined || v === null ? [] : Array.isArray(v) ? v : [v]);
const dateMark = (d: Date) => `Date(${Number.isNaN(d.getTime()) ? 'invalid' : d.toISOString()})`;

function fieldsOf(name: string): { name: string; type: string }[] {
  const t = types[name];
  if (!t || t.kind !== 'complex') return [];
  return [...(t.base ? fieldsOf(t.base) : []), ...elementFields(t.fields, name)];
}

function isNil(v: unknown): boolean {
  const a = (v as { attributes?: Record<string, string> } | null)?.attributes;
  return !!a && Object.entries(a).some(([k, x]) => /(^|:)nil$/.test(k) && x === 'true');
}

/** node-soap's parse of a value of `type` → our JSON form (dateTime as a Date mark). */
function fromNodeSoap(type: string, v: unknown, used: Set<Difference>): unknown {
  if (v === undefined) return undefined;
  if (v === null || isNil(v)) return null;
  if (type === 'xs:dateTime') {
    used.add('dateTime-arrives-as-Date');
    return v instanceof Date ? dateMark(v) : `not a Date: ${JSON.stringify(v)}`;
  }
  const t = types[type];
  if (!t) return v; // other builtins: node-soap's number/boolean/string
  switch (t.kind) {
    case 'alias':
      return fromNodeSoap(t.base, v, used);
    case 'enum':
      return v;
    case 'flags':
      used.add('flags-arrive-as-one-string');
      return typeof v === 'string' ? v.split(/\s+/).filter(Boolean) : v;
    case 'array':
      return asList((v as Record<string, unknown>)[t.item.name]).map((x) => fromNodeSoap(t.item.type, x, used));
    case 'dictionary': {
      const out: Record<string, unknown> = {};
      for (const e of asList((v as Record<string, unknown>)[t.entry]) as Record<string, unknown>[]) {
        out[String(fromNodeSoap(t.key.type, e.Key, used))] = fromNodeSoap(t.value.type, e.Value, used);
      }
      return out;
    }
    case 'complex': {
      const out: Record<string, unknown> = {};
      const obj = v as Record<string, unknown>;
      const fields = fieldsOf(type);
      for (const f of fields) {
        if (!(f.name in obj)) continue;
        const x = obj[f.name];
        out[f.name] = Array.isArray(x) && !types[f.type] ? x.map((i) => fromNodeSoap(f.type, i, used)) : fromNodeSoap(f.type, x, used);
      }
      for (const k of Object.keys(obj)) if (k !== 'attributes' && !fields.some((f) => f.name === k)) out[k] = { unexpected: obj[k] } as unknown;
      return out;
    }
  }
}

/** Our JSON form with dateTime text replaced by node-soap's reading of it (`new Date(text)`). */
function expectedForm(type: string, v: unknown): unknown {
  if (v === undefined || v === null) return v;
  if (type === 'xs:dateTime') return dateMark(new Date(String(v)));
  const t = types[type];
  if (!t) return v;
  switch (t.kind) {
    case 'alias':
      return expectedForm(t.base, v);
    case 'array':
      return (v as unknown[]).map((x) => expectedForm(t.item.type, x));
    case 'dictionary':
      return Object.fromEntries(Object.entries(v as Record<string, unknown>).map(([k, x]) => [String(expectedForm(t.key.type, k)), expectedForm(t.value.type, x)]));
    case 'complex':
      return Object.fromEntries(Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, expectedForm(fieldsOf(type).find((f) => f.name === k)?.type ?? '', x)]));
    default:
      return v;
  }
}

/** Our JSON form → node-soap's input shape for its serializer (dateTime and flags as strings). */
function toNodeSoap(type: string, v: unknown, used?: Set<ReplyDifference>): unknown {
  if (v === undefined || v === null) return v;
  const t = types[type];
  if (!t) return v;
  switch (t.kind) {
    case 'alias':
      return toNodeSoap(t.base, v, used);
    case 'flags':
      return (v as string[]).join(' ');
    case 'array': {
      const items = (v as unknown[]).map((x) => toNodeSoap(t.item.type, x, used));
      const itemNs = t.item.ns ?? t.ns ?? ChatService.namespace; // items default to the array type's namespace
      if (naiveReplies || itemNs === ChatService.namespace) return { [t.item.name]: items };
      // NODE_SOAP_REPLY_DIFFERENCES 'array-items-in-the-service-namespace': name the namespace
      used?.add('array-items-in-the-service-namespace');
      return { attributes: { 'xmlns:arr': itemNs }, [`arr:${t.item.name}`]: items };
    }
    case 'dictionary':
      return { [t.entry]: Object.entries(v as Record<string, unknown>).map(([k, x]) => ({ Key: k, Value: toNodeSoap(t.value.type, x, used) })) };
    case 'complex':
      return Object.fromEntries(fieldsOf(type).filter((f) => (v as Record<string, unknown>)[f.name] !== undefined).map((f) => [f.name, toNodeSoap(f.type, (v as Record<string, unknown>)[f.name], used)]));
    default:
      return v;
  }
}

function wrapper(fields: readonly { name: string; type: string }[], v: Record<string, unknown> | null, conv: (type: string, x: unknown) => unknown): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of fields) if (v && v[f.name] !== undefined) out[f.name] = conv(f.type, v[f.name]);
  return out;
}

interface Received {
  op: string;
  args: unknown;
  headers: unknown;
  raw: string;
  soapAction: string | undefined;
  contentType: string | undefined;
}

const wsdlThere = existsSync(CHAT_WSDL);
if (!wsdlThere) {
  const bar = '!'.repeat(100);
  console.warn(`${bar}\nSKIPPED "node-soap independent server": ${CHAT_WSDL} does not exist (set SO_WSDL_DIR). Reported as SKIPPED, not passed.\n${bar}`);
}

(wsdlThere ? describe : describe.skip)('node-soap 1.13.0 soap.listen with the real Chat WSDL as an independent server', () => {
  let server: Server;
  let endpoint = '';
  const received: Received[] = [];
  const raws = new Map<IncomingMessage, Promise<string>>();
  const used = new Map<string, Set<Difference>>();
  const replyUsed = new Map<string, Set<ReplyDifference>>();
  let fault = false;

  beforeAll(async () => {
    server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}/Remote/Services88/Chat.svc`;
    const handlers: Record<string, (args: unknown, cb: unknown, headers: unknown, req: IncomingMessage) => unknown> = {};
    for (const op of Object.values(ChatService.operations)) {
      handlers[op.name] = async (args, _cb, headers, req) => {
        received.push({ op: op.name, args, headers, raw: await raws.get(req)!, soapAction: req.headers.soapaction as string | undefined, contentType: req.headers['content-type'] });
        if (fault) throw { Fault: { faultcode: 's:Client', faultstring: 'node-soap says no', statusCode: 500 } };
        const body = JSON.parse(readFileSync(join(FIXTURES, `${op.name}__sample`, 'response.json'), 'utf8')).body as Record<string, unknown> | null;
        const u = new Set<ReplyDifference>();
        replyUsed.set(op.name, u);
        return wrapper(elementFields(op.output.fields, op.name), body, (t, x) => toNodeSoap(t, x, u));
      };
    }
    // soap.listen takes over the server's 'request' listeners once the WSDL is ready (options.callback)
    await new Promise<void>((resolve, reject) =>
      soap.listen(server, {
        path: '/Remote/Services88/Chat.svc',
        xml: readFileSync(CHAT_WSDL, 'utf8'),
        services: { WcfChatService: { BasicHttpBinding_Chat: handlers } },
        callback: (err: unknown) => (err ? reject(err) : resolve()),
      } as unknown as soap.IServerOptions),
    );
    // then our own listener beside node-soap's: the raw request body, to check namespaces
    server.on('request', (req: IncomingMessage) => {
      raws.set(
        req,
        new Promise((resolve) => {
          const chunks: Buffer[] = [];
          req.on('data', (c: Buffer) => chunks.push(c));
          req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
        }),
      );
    });
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    const lines = (Object.keys(NODE_SOAP_DIFFERENCES) as Difference[]).map((d) => `  ${d}: ${[...used].filter(([, s]) => s.has(d)).length} operations`);
    if (used.size) process.stdout.write(`\nnode-soap differences applied:\n${lines.join('\n')}\n`);
  });

  const client = () =>
    createChatClient({ endpoint, applicationToken: APP_TOKEN, credentials: TICKET, retry: false, timeoutMs: 10_000 }) as unknown as Record<string, (input: unknown) => Promise<unknown>>;

  test.each(Object.keys(ChatService.operations).sort().map((op) => [op]))('%s: node-soap receives our arguments and headers, and we decode its reply', async (op) => {
    const d = ChatService.operations[op];
    const args = JSON.parse(readFileSync(join(FIXTURES, `${op}__sample`, 'args.json'), 'utf8')) as Record<string, unknown>;
    const before = received.length;
    await expect(client()[d.method](args)).resolves.not.toThrow();
    expect(received.length).toBe(before + 1);
    const r = received[received.length - 1];

    // routed by our SOAPAction to this operation's handler
    expect(r.op).toBe(op);
    expect(r.soapAction).toBe(`"${d.soapAction}"`);
    expect(r.contentType).toBe('text/xml; charset=utf-8');

    // the arguments, field by field
    const u = new Set<Difference>();
    used.set(op, u);
    const got = wrapper(elementFields(d.input.fields, op), (r.args ?? {}) as Record<string, unknown>, (t, x) => fromNodeSoap(t, x, u));
    const want = wrapper(elementFields(d.input.fields, op), args, expectedForm);
    expect(jsonDiff(got, want, '$', [], 50)).toEqual([]);

    // the headers: values as node-soap parsed them, and each block namespace-qualified on the wire
    expect(r.headers).toEqual({ ApplicationToken: APP_TOKEN, Credentials: { Ticket: TICKET } });
    const env = parseXmlTree(r.raw);
    const header = env.children.find((c) => c.local === 'Header')!;
    expect(header.children.map((c) => `{${c.ns}}${c.local}`)).toEqual([`{${TNS}}ApplicationToken`, `{${TNS}}Credentials`]);
    expect(header.children[1].children.map((c) => `{${c.ns}}${c.local}`)).toEqual([`{${TNS}}Ticket`]);
    const body = env.children.find((c) => c.local === 'Body')!;
    expect(`{${body.children[0].ns}}${body.children[0].local}`).toBe(`{${TNS}}${d.input.element}`);
  });

  test('the named node-soap differences were each needed, and only at their types', () => {
    const all = new Set([...used.values()].flatMap((s) => [...s]));
    expect([...all].sort()).toEqual((Object.keys(NODE_SOAP_DIFFERENCES) as Difference[]).sort());
    expect(used.size).toBe(31);
  });

  test("node-soap's reply difference was needed exactly where it is listed", async () => {
    const usedBy = [...replyUsed].filter(([, s]) => s.has('array-items-in-the-service-namespace')).map(([op]) => op);
    expect(usedBy).toEqual(['GetChatPresence']);
    // without it, node-soap writes <int> in the service namespace and our decoder rejects the reply
    naiveReplies = true;
    try {
      const e = await client().getChatPresence(JSON.parse(readFileSync(join(FIXTURES, 'GetChatPresence__sample', 'args.json'), 'utf8'))).catch((x: unknown) => x);
      expect(e).toBeInstanceOf(ResponseFormatError);
      expect((e as Error).message).toMatch(/element <int> is in namespace "http:\/\/www\.superoffice\.net\/ws\/crm\/NetServer\/Services88", expected "http:\/\/schemas\.microsoft\.com\/2003\/10\/Serialization\/Arrays"/);
    } finally {
      naiveReplies = false;
    }
  });

  test('a SOAP Fault from node-soap reaches our client as SoapFaultError', async () => {
    fault = true;
    try {
      const e = await client().getChatMessages({ ChatSessionId: 1, After: 0 }).catch((x: unknown) => x);
      expect(e).toBeInstanceOf(SoapFaultError);
      expect((e as SoapFaultError).faultString).toBe('node-soap says no');
    } finally {
      fault = false;
    }
  });
});
