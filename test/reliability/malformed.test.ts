/**
 * Item 2: malformed responses, each answered to a real client call (injected fetch): truncated XML,
 * wrong or missing Content-Type, an HTML page with 200, an empty body, the body of another
 * operation, wrong namespaces, values that do not fit their type. Each is a typed error that
 * names the operation, and the element path wherever the problem sits at an element.
 */
import { createChatClient, HttpError, ResponseFormatError, SoapFaultError, SoExceptionError, SoSoapError } from '../../src/index';
import { encodeResponse } from '../../src/codec';
import { ChatService } from '../../src/generated/chat';
import { SOAP_ENV, TNS, faultEnvelope, responseEnvelope } from '../helpers/soap';
import { describeOutcome, figures, rejection } from './helpers';

const fig = figures('malformed');
const XSI = 'http://www.w3.org/2001/XMLSchema-instance';
const ARR = 'http://schemas.microsoft.com/2003/10/Serialization/Arrays';
const HTML = '<!DOCTYPE html><html><head><title>Service Unavailable</title></head><body><h1>Oops</h1><p>Something went wrong.</p></body></html>';

type ErrorClass = typeof ResponseFormatError | typeof HttpError | typeof SoapFaultError | typeof SoExceptionError;

interface Case {
  name: string;
  op: string;
  /** The response: body text or bytes, status, content type (`null`: no Content-Type header). */
  body: string | Uint8Array;
  status?: number;
  contentType?: string | null;
  error: ErrorClass;
  message?: RegExp;
  /** The element path the error must name (`undefined`: the problem is not at an element). */
  path?: string;
}

const msg = (inner: string) => responseEnvelope('GetChatMessages', `<Response><ChatMessage>${inner}</ChatMessage></Response>`);
const session = (inner: string) => responseEnvelope('GetChatSessionEntity', `<Response>${inner}</Response>`);
const M0 = 'GetChatMessagesResponse.Response.ChatMessage[0]';

const valid = encodeResponse(
  ChatService,
  'GetChatMessages',
  {
    Response: [
      { ChatMessageId: 1, ChatSessionId: 5, Type: 'ToUser', Message: 'Hello & welcome <b>', Author: 'Ann', WhenPosted: new Date('2024-05-01T10:00:00.123Z') },
      { ChatMessageId: 2, ChatSessionId: 5, Type: 'ToCustomer', Message: 'Thanks', Author: 'Bob', SpecialType: 'None', WhenPosted: new Date('2024-05-01T10:00:05Z') },
    ],
  },
  { Succeeded: true },
);

const truncations: Case[] = [0.02, 0.1, 0.25, 0.4, 0.5, 0.6, 0.75, 0.9, 0.97].map((f) => ({
  name: `truncated at ${Math.round(f * 100)}% (${Math.floor(valid.length * f)} of ${valid.length} chars)`,
  op: 'GetChatMessages',
  body: valid.slice(0, Math.floor(valid.length * f)),
  error: ResponseFormatError,
  message: /not well-formed XML|not a SOAP envelope/,
}));

const CASES: Case[] = [
  ...truncations,
  { name: 'truncated inside a value: the path names where the document broke', op: 'GetChatMessages', body: valid.slice(0, valid.indexOf('Thanks') + 3), error: ResponseFormatError, message: /not well-formed/, path: 'GetChatMessagesResponse.Response.ChatMessage[1].Message' },
  // Content-Type
  { name: 'Content-Type application/json with a valid envelope', op: 'GetChatMessages', body: valid, contentType: 'application/json', error: ResponseFormatError, message: /Content-Type "application\/json"/ },
  { name: 'Content-Type text/html with an HTML error page (HTTP 200)', op: 'GetChatMessages', body: HTML, contentType: 'text/html; charset=utf-8', error: ResponseFormatError, message: /Content-Type "text\/html/ },
  { name: 'Content-Type text/plain "OK" (HTTP 200)', op: 'GetChatMessages', body: 'OK', contentType: 'text/plain', error: ResponseFormatError, message: /Content-Type/ },
  { name: 'Content-Type application/octet-stream with bytes', op: 'GetChatMessages', body: new Uint8Array([0, 1, 2, 3, 255]), contentType: 'application/octet-stream', error: ResponseFormatError, message: /Content-Type/ },
  {
    name: 'an MTOM/XOP answer (multipart/related, a WCF binding with messageEncoding="Mtom")',
    op: 'GetChatMessages',
    body: `--uuid:abc\r\nContent-Type: application/xop+xml; charset=utf-8; type="text/xml"\r\n\r\n${valid}\r\n--uuid:abc--\r\n`,
    contentType: 'multipart/related; type="application/xop+xml"; start="<http://tempuri.org/0>"; boundary="uuid:abc"; start-info="text/xml"',
    error: ResponseFormatError,
    message: /Content-Type "multipart\/related.*an MTOM\/XOP response, which this client does not read/,
  },
  { name: 'no Content-Type, an HTML error page (HTTP 200)', op: 'GetChatMessages', body: HTML, contentType: null, error: ResponseFormatError, message: /DOCTYPE|not a SOAP envelope/ },
  { name: 'no Content-Type, an HTML page without DOCTYPE', op: 'GetChatMessages', body: '<html><body>Error</body></html>', contentType: null, error: ResponseFormatError, message: /not a SOAP envelope: the root element is <html>/ },
  { name: 'no Content-Type, JSON', op: 'GetChatMessages', body: '{"Succeeded":true}', contentType: null, error: ResponseFormatError, message: /not well-formed/ },
  { name: 'text/xml but JSON (a REST answer)', op: 'GetChatMessages', body: '[{"ChatMessageId":1}]', error: ResponseFormatError, message: /not well-formed/ },
  // empty
  { name: 'empty body (HTTP 200)', op: 'GetChatMessages', body: '', error: ResponseFormatError, message: /empty/ },
  { name: 'empty body, no Content-Type', op: 'GetChatMessages', body: '', contentType: null, error: ResponseFormatError, message: /empty/ },
  { name: 'whitespace-only body', op: 'GetChatMessages', body: ' \r\n\t ', error: ResponseFormatError, message: /empty/ },
  { name: 'empty body for an operation with an empty output (HTTP 204)', op: 'DeleteChatSessionEntity', body: '', status: 204, contentType: null, error: ResponseFormatError, message: /empty/ },
  // another operation, namespaces, structure
  { name: 'the body of another operation', op: 'GetChatMessages', body: responseEnvelope('GetChatSessionEntity', '<Response/>'), error: ResponseFormatError, message: /unexpected element <GetChatSessionEntityResponse> in Body: expected <GetChatMessagesResponse>/, path: 'GetChatSessionEntityResponse' },
  { name: 'the request echoed back instead of a response', op: 'GetChatMessages', body: `<s:Envelope xmlns:s="${SOAP_ENV}"><s:Body><GetChatMessages xmlns="${TNS}"><ChatSessionId>1</ChatSessionId></GetChatMessages></s:Body></s:Envelope>`, error: ResponseFormatError, message: /unexpected element <GetChatMessages> in Body/, path: 'GetChatMessages' },
  { name: 'the wrapper in a wrong namespace', op: 'GetChatMessages', body: responseEnvelope('GetChatMessages', '<Response/>').replace(`<GetChatMessagesResponse xmlns="${TNS}">`, '<GetChatMessagesResponse xmlns="http://tempuri.org/">'), error: ResponseFormatError, message: /namespace "http:\/\/tempuri.org\/"/, path: 'GetChatMessagesResponse' },
  { name: 'the wrapper with no namespace', op: 'GetChatMessages', body: responseEnvelope('GetChatMessages', '<Response/>').replace(`<GetChatMessagesResponse xmlns="${TNS}">`, '<GetChatMessagesResponse>'), error: ResponseFormatError, message: /namespace ""/, path: 'GetChatMessagesResponse' },
  { name: 'the Envelope in a wrong namespace', op: 'GetChatMessages', body: valid.replace(SOAP_ENV, 'http://example.com/envelope/'), error: ResponseFormatError, message: /not a SOAP envelope/ },
  { name: 'a field in a wrong namespace', op: 'GetChatMessages', body: msg('<ChatSessionId xmlns="urn:other">5</ChatSessionId>'), error: ResponseFormatError, message: /namespace "urn:other"/, path: `${M0}.ChatSessionId` },
  { name: 'array items in a wrong namespace', op: 'GetChatMessages', body: responseEnvelope('GetChatMessages', '<Response><ChatMessage xmlns="urn:x"/></Response>'), error: ResponseFormatError, message: /namespace "urn:x"/, path: M0 },
  { name: 'an unbound prefix on a field', op: 'GetChatMessages', body: msg('<q:Message>x</q:Message>'), error: ResponseFormatError, message: /unbound namespace prefix "q"/, path: `${M0}.Message` },
  { name: 'no Body', op: 'GetChatMessages', body: `<s:Envelope xmlns:s="${SOAP_ENV}"><s:Header/></s:Envelope>`, error: ResponseFormatError, message: /no Body/ },
  { name: 'an empty Body', op: 'GetChatMessages', body: `<s:Envelope xmlns:s="${SOAP_ENV}"><s:Body/></s:Envelope>`, error: ResponseFormatError, message: /Body has no <GetChatMessagesResponse>/ },
  { name: 'two different Bodies', op: 'GetChatMessages', body: valid.replace('</s:Envelope>', `<s:Body><GetChatMessagesResponse xmlns="${TNS}"><Response/></GetChatMessagesResponse></s:Body></s:Envelope>`), error: ResponseFormatError, message: /two Body elements/ },
  { name: 'two wrappers in the Body', op: 'GetChatMessages', body: responseEnvelope('GetChatMessages', '<Response/>').replace('</s:Body>', `<GetChatMessagesResponse xmlns="${TNS}"/></s:Body>`), error: ResponseFormatError, message: /more than one <GetChatMessagesResponse>/ },
  { name: 'an element that is not a field', op: 'GetChatMessages', body: msg('<Bogus>1</Bogus>'), error: ResponseFormatError, message: /unexpected element <Bogus>: not a field of ChatMessage/, path: `${M0}.Bogus` },
  { name: 'a non-repeated field twice', op: 'GetChatMessages', body: msg('<ChatSessionId>1</ChatSessionId><ChatSessionId>2</ChatSessionId>'), error: ResponseFormatError, message: /occurs more than once/, path: `${M0}.ChatSessionId` },
  { name: 'text inside a structured element', op: 'GetChatMessages', body: msg('stray text<Message>x</Message>'), error: ResponseFormatError, message: /unexpected text "stray text"/, path: M0 },
  { name: 'an element inside a simple value', op: 'GetChatMessages', body: msg('<Message><b>bold</b></Message>'), error: ResponseFormatError, message: /inside a simple value/, path: `${M0}.Message.b` },
  // values that do not fit their type
  { name: '<ChatSessionId>abc</ChatSessionId>', op: 'GetChatMessages', body: msg('<ChatSessionId>abc</ChatSessionId>'), error: ResponseFormatError, message: /"abc" is not an xs:int/, path: `${M0}.ChatSessionId` },
  { name: 'int overflow (2147483648)', op: 'GetChatMessages', body: msg('<ChatSessionId>2147483648</ChatSessionId>'), error: ResponseFormatError, message: /not an xs:int/, path: `${M0}.ChatSessionId` },
  { name: 'int underflow (-2147483649)', op: 'GetChatMessages', body: msg('<ChatMessageId>-2147483649</ChatMessageId>'), error: ResponseFormatError, message: /not an xs:int/, path: `${M0}.ChatMessageId` },
  { name: 'int with a fraction (1.5)', op: 'GetChatMessages', body: msg('<ChatMessageId>1.5</ChatMessageId>'), error: ResponseFormatError, message: /not an xs:int/, path: `${M0}.ChatMessageId` },
  { name: 'int 1e3', op: 'GetChatMessages', body: msg('<ChatMessageId>1e3</ChatMessageId>'), error: ResponseFormatError, message: /not an xs:int/, path: `${M0}.ChatMessageId` },
  { name: 'empty int', op: 'GetChatMessages', body: msg('<ChatMessageId></ChatMessageId>'), error: ResponseFormatError, message: /not an xs:int/, path: `${M0}.ChatMessageId` },
  { name: 'huge int (400 digits)', op: 'GetChatMessages', body: msg(`<ChatMessageId>${'9'.repeat(400)}</ChatMessageId>`), error: ResponseFormatError, message: /not an xs:int/, path: `${M0}.ChatMessageId` },
  { name: 'short overflow (Associate.Rank 32768)', op: 'GetChatSessionEntity', body: session('<User><Rank>32768</Rank></User>'), error: ResponseFormatError, message: /not an xs:short/, path: 'GetChatSessionEntityResponse.Response.User.Rank' },
  { name: 'short overflow in a message (ReadByCustomer -32769)', op: 'GetChatMessages', body: msg('<ReadByCustomer>-32769</ReadByCustomer>'), error: ResponseFormatError, message: /not an xs:short/, path: `${M0}.ReadByCustomer` },
  { name: 'bad dateTime (February 30)', op: 'GetChatMessages', body: msg('<WhenPosted>2024-02-30T10:00:00</WhenPosted>'), error: ResponseFormatError, message: /not an xs:dateTime/, path: `${M0}.WhenPosted` },
  { name: 'bad dateTime (hour 25)', op: 'GetChatMessages', body: msg('<WhenPosted>2024-02-01T25:00:00Z</WhenPosted>'), error: ResponseFormatError, message: /not an xs:dateTime/, path: `${M0}.WhenPosted` },
  { name: 'bad dateTime (offset +15:00)', op: 'GetChatMessages', body: msg('<WhenPosted>2024-02-01T10:00:00+15:00</WhenPosted>'), error: ResponseFormatError, message: /not an xs:dateTime/, path: `${M0}.WhenPosted` },
  { name: 'bad dateTime ("yesterday")', op: 'GetChatMessages', body: msg('<WhenPosted>yesterday</WhenPosted>'), error: ResponseFormatError, message: /not an xs:dateTime/, path: `${M0}.WhenPosted` },
  { name: 'bad dateTime (date only)', op: 'GetChatMessages', body: msg('<WhenPosted>2024-02-01</WhenPosted>'), error: ResponseFormatError, message: /not an xs:dateTime/, path: `${M0}.WhenPosted` },
  { name: 'bad dateTime in the second item', op: 'GetChatMessages', body: responseEnvelope('GetChatMessages', '<Response><ChatMessage/><ChatMessage><WhenPosted>2024-13-01T00:00:00Z</WhenPosted></ChatMessage></Response>'), error: ResponseFormatError, message: /not an xs:dateTime/, path: 'GetChatMessagesResponse.Response.ChatMessage[1].WhenPosted' },
  { name: 'bad boolean ("yes")', op: 'GetChatSessionEntity', body: session('<CustomerConsented>yes</CustomerConsented>'), error: ResponseFormatError, message: /not an xs:boolean/, path: 'GetChatSessionEntityResponse.Response.CustomerConsented' },
  { name: 'bad double ("1,5")', op: 'GetChatSessionEntity', body: session('<Contact><Address><Wgs84Latitude>1,5</Wgs84Latitude></Address></Contact>'), error: ResponseFormatError, message: /not a number/, path: 'GetChatSessionEntityResponse.Response.Contact.Address.Wgs84Latitude' },
  { name: 'bad duration ("nine")', op: 'GetChatTopicEntity', body: responseEnvelope('GetChatTopicEntity', '<Response><OpeningHours><MonStart>nine</MonStart></OpeningHours></Response>'), error: ResponseFormatError, message: /not an xs:duration/, path: 'GetChatTopicEntityResponse.Response.OpeningHours.MonStart' },
  { name: 'xsi:nil on a non-nillable int', op: 'GetChatMessages', body: msg(`<ChatSessionId xmlns:i="${XSI}" i:nil="true"/>`), error: ResponseFormatError, message: /not nillable/, path: `${M0}.ChatSessionId` },
  { name: 'xsi:nil="maybe"', op: 'GetChatMessages', body: msg(`<Message xmlns:i="${XSI}" i:nil="maybe"/>`), error: ResponseFormatError, message: /not a boolean/, path: `${M0}.Message` },
  { name: 'a nil int item in ArrayOfint', op: 'GetChatPresence', body: responseEnvelope('GetChatPresence', `<Response><ChatPresence><ChatTopics><int xmlns="${ARR}">1</int><int xmlns="${ARR}" xmlns:i="${XSI}" i:nil="true"/></ChatTopics></ChatPresence></Response>`), error: ResponseFormatError, message: /not nillable/, path: 'GetChatPresenceResponse.Response.ChatPresence[0].ChatTopics.int[1]' },
  { name: 'an int item that is not an int', op: 'GetChatPresence', body: responseEnvelope('GetChatPresence', `<Response><ChatPresence><ChatTopics><int xmlns="${ARR}">one</int></ChatTopics></ChatPresence></Response>`), error: ResponseFormatError, message: /not an xs:int/, path: 'GetChatPresenceResponse.Response.ChatPresence[0].ChatTopics.int[0]' },
  { name: 'xsi:type naming an unknown type', op: 'GetChatMessages', body: msg(`<Message xmlns:i="${XSI}" xmlns:t="${TNS}" i:type="t:Nope">x</Message>`), error: ResponseFormatError, message: /does not know/, path: `${M0}.Message` },
  { name: 'xsi:type of an unrelated complex type', op: 'GetChatSessionEntity', body: session(`<Person xmlns:i="${XSI}" i:type="Sale"><SaleId>1</SaleId></Person>`), error: ResponseFormatError, message: /is not Person or a type derived from it/, path: 'GetChatSessionEntityResponse.Response.Person' },
  { name: 'xsi:type xs:int on a string', op: 'GetChatMessages', body: msg(`<Message xmlns:i="${XSI}" xmlns:x="http://www.w3.org/2001/XMLSchema" i:type="x:int">1</Message>`), error: ResponseFormatError, message: /does not match the declared type/, path: `${M0}.Message` },
  // headers
  { name: 'Succeeded header "maybe"', op: 'GetChatMessages', body: responseEnvelope('GetChatMessages', '<Response/>').replace('<Succeeded xmlns="http://www.superoffice.net/ws/crm/NetServer/Services88">true</Succeeded>', `<Succeeded xmlns="${TNS}">maybe</Succeeded>`), error: ResponseFormatError, message: /not an xs:boolean/, path: 'Succeeded' },
  { name: 'a duplicate ExtraInfo key', op: 'GetChatMessages', body: responseEnvelope('GetChatMessages', '<Response/>', { extraHeaders: `<ExtraInfo xmlns="${TNS}"><ExtraInfoNameValuePair><Key>k</Key><Value>1</Value></ExtraInfoNameValuePair><ExtraInfoNameValuePair><Key>k</Key><Value>2</Value></ExtraInfoNameValuePair></ExtraInfo>` }), error: ResponseFormatError, message: /duplicate dictionary key "k"/, path: 'ExtraInfo.ExtraInfoNameValuePair[1]' },
  { name: 'a nil ExtraInfo key', op: 'GetChatMessages', body: responseEnvelope('GetChatMessages', '<Response/>', { extraHeaders: `<ExtraInfo xmlns="${TNS}" xmlns:i="${XSI}"><ExtraInfoNameValuePair><Key i:nil="true"/><Value>1</Value></ExtraInfoNameValuePair></ExtraInfo>` }), error: ResponseFormatError, message: /key is nil/, path: 'ExtraInfo.ExtraInfoNameValuePair[0].Key' },
  { name: 'a header block twice', op: 'GetChatMessages', body: responseEnvelope('GetChatMessages', '<Response/>', { extraHeaders: `<Succeeded xmlns="${TNS}">true</Succeeded>` }), error: ResponseFormatError, message: /occurs more than once/, path: 'Succeeded' },
  // encodings
  { name: 'invalid UTF-8 bytes', op: 'GetChatMessages', body: new Uint8Array([...Buffer.from(valid.slice(0, 200)), 0xc3, 0x28, ...Buffer.from(valid.slice(200))]), error: ResponseFormatError, message: /not valid UTF-8/ },
  { name: 'UTF-16 BOM with an odd byte count', op: 'GetChatMessages', body: new Uint8Array([0xff, 0xfe, 0x3c, 0x00, 0x73]), error: ResponseFormatError, message: /not valid UTF-16|not well-formed/ },
  { name: 'binary garbage', op: 'GetChatMessages', body: new Uint8Array(Array.from({ length: 64 }, (_, i) => (i * 37 + 11) % 128)), error: ResponseFormatError, message: /not well-formed|not a SOAP envelope/ },
  // other typed outcomes
  { name: 'HTTP 500 with an HTML page', op: 'GetChatMessages', body: HTML, status: 500, contentType: 'text/html', error: HttpError, message: /HTTP 500/ },
  { name: 'HTTP 503 with a valid envelope (a 5xx is never success)', op: 'GetChatMessages', body: valid, status: 503, error: HttpError, message: /HTTP 503/ },
  { name: 'HTTP 200 with a SOAP Fault', op: 'GetChatMessages', body: faultEnvelope('s:Server', 'Internal error'), error: SoapFaultError, message: /SOAP Fault s:Server: Internal error/ },
  { name: 'HTTP 500 with a SOAP Fault for an unsafe operation', op: 'SaveChatSessionEntity', body: faultEnvelope('s:Client', 'Bad input'), status: 500, error: SoapFaultError, message: /Bad input/ },
  { name: 'Succeeded=false without ExceptionInfo', op: 'GetChatMessages', body: responseEnvelope('GetChatMessages', '', { succeeded: false }), error: SoExceptionError, message: /Succeeded=false without ExceptionInfo/ },
];

const inputs: Record<string, unknown> = {
  GetChatMessages: { ChatSessionId: 5 },
  GetChatSessionEntity: { ChatSessionEntityId: 5 },
  GetChatTopicEntity: { ChatTopicEntityId: 1 },
  GetChatPresence: {},
  DeleteChatSessionEntity: { ChatSessionEntityId: 5 },
  SaveChatSessionEntity: { ChatSessionEntity: { ChatSessionId: 5 } },
};

describe('every malformed response is a typed error naming the operation (and the element path)', () => {
  test.each(CASES.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    let calls = 0;
    const fetch = async (): Promise<Response> => {
      calls++;
      const headers: Record<string, string> = {};
      if (c.contentType !== null) headers['content-type'] = c.contentType ?? 'text/xml; charset=utf-8';
      // Bytes, so that Response adds no Content-Type of its own.
      const bytes = typeof c.body === 'string' ? new Uint8Array(Buffer.from(c.body, 'utf8')) : c.body;
      return new Response(c.status === 204 ? null : bytes, { status: c.status ?? 200, headers });
    };
    const chat = createChatClient({ endpoint: 'http://127.0.0.1:9/Chat.svc', applicationToken: 'app-token-malformed', credentials: '7T:malformed-ticket', fetch, retry: false }) as unknown as Record<string, (input: unknown) => Promise<unknown>>;
    const method = ChatService.operations[c.op].method;
    const e = await rejection(chat[method](inputs[c.op]));
    if (!(e instanceof c.error)) throw new Error(`${c.name}: expected ${c.error.name}, got ${describeOutcome(e)}`);
    expect(e).toBeInstanceOf(SoSoapError);
    const err = e as SoSoapError & { path?: string };
    expect(err.operation).toBe(c.op);
    expect(err.message).toContain(c.op);
    if (c.message) expect(err.message).toMatch(c.message);
    if (c.path !== undefined) {
      expect(err.path).toBe(c.path);
      expect(err.message).toContain(`(at ${c.path})`);
    }
    expect(calls).toBe(1);
    fig.add('malformed cases');
    fig.add(err.name);
    if (err.path) fig.add('with element path');
  });
});

test('documented leniency: no Content-Type with a valid envelope is decoded (the body decides)', async () => {
  const fetch = async (): Promise<Response> => new Response(new Uint8Array(Buffer.from(valid, 'utf8')), { status: 200 });
  const chat = createChatClient({ endpoint: 'http://127.0.0.1:9/Chat.svc', fetch, retry: false });
  const messages = await chat.getChatMessages({ ChatSessionId: 5 });
  expect(messages).toHaveLength(2);
  fig.note('no Content-Type + a valid envelope: decoded (documented leniency, not counted as malformed)');
});

test.each([
  ['a Content-Type sent twice (joined with a comma by HTTP)', 'text/xml; charset=utf-8, text/xml'],
  ['a quoted charset', 'text/xml; charset="utf-8"'],
  ['application/soap+xml', 'application/soap+xml; charset=utf-8'],
])('%s: the envelope is decoded', async (_name, contentType) => {
  const fetch = async (): Promise<Response> => new Response(new Uint8Array(Buffer.from(valid, 'utf8')), { status: 200, headers: { 'content-type': contentType } });
  const chat = createChatClient({ endpoint: 'http://127.0.0.1:9/Chat.svc', fetch, retry: false });
  expect(await chat.getChatMessages({ ChatSessionId: 5 })).toHaveLength(2);
});
