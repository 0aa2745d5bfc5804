/**
 * The codec against the generated Chat descriptor: the seed documents' non-conformant SOAP 1.2
 * examples decode, dateTime text survives a round trip byte for byte, error paths, request size.
 * Tests that read ../shared say so loudly when it is missing and are skipped, never passed.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { decodeRequest, decodeResponse, encodeRequest, encodeResponse, toJsonForm } from '../../src/codec.js';
import { ChatService } from '../../src/generated/chat/descriptor.js';
import { RequestValidationError, ResponseFormatError } from '../../src/runtime/client/errors.js';

const SOAP11 = 'http://schemas.xmlsoap.org/soap/envelope/';
const NS = 'http://www.superoffice.net/ws/crm/NetServer/Services88';
const ARR = 'http://schemas.microsoft.com/2003/10/Serialization/Arrays';

const SHARED = process.env.SO_SHARED_DIR ?? (process.env.SO_WSDL_DIR ? dirname(resolve(process.env.SO_WSDL_DIR)) : resolve(__dirname, '../../../shared'));
const SEEDS = join(SHARED, 'seeds');
const hasSeeds = existsSync(SEEDS);
if (!hasSeeds) {
  console.warn(`\n!!!!!!!!!!\n!!! ${SEEDS} is missing: the seed-document codec tests are SKIPPED (set SO_SHARED_DIR)\n!!!!!!!!!!\n`);
}
const describeSeeds = hasSeeds ? describe : describe.skip;

/** The XML examples of a seed document (request, response), by file name prefix (`001_`). */
function seedExamples(prefix: string): { request: string; response: string } {
  const file = readdirSync(SEEDS).find((f) => f.startsWith(prefix));
  if (file === undefined) throw new Error(`no seed ${prefix}* in ${SEEDS}`);
  const blocks = [...readFileSync(join(SEEDS, file), 'utf8').matchAll(/```xml\n([\s\S]*?)```/g)].map((m) => m[1]);
  if (blocks.length !== 2) throw new Error(`seed ${file}: expected 2 XML examples, found ${blocks.length}`);
  return { request: blocks[0], response: blocks[1] };
}

function message(fields: string): string {
  return `<ChatMessage>${fields}</ChatMessage>`;
}

function messagesResponse(messages: string[]): string {
  return (
    `<s:Envelope xmlns:s="${SOAP11}"><s:Header><Succeeded xmlns="${NS}">true</Succeeded></s:Header>` +
    `<s:Body><GetChatMessagesResponse xmlns="${NS}"><Response>${messages.join('')}</Response></GetChatMessagesResponse></s:Body></s:Envelope>`
  );
}

describeSeeds('seed documents (non-conformant SOAP 1.2 examples)', () => {
  test('001 GetChatMessages response: SOAP 1.2 namespace, xsi:type on every element', () => {
    const r = decodeResponse(ChatService, 'GetChatMessages', seedExamples('001_').response);
    expect(toJsonForm(r)).toStrictEqual({
      headers: {},
      body: {
        Response: [
          {
            ChatMessageId: 0,
            ChatSessionId: 0,
            Type: 'Invalid',
            Message: '',
            Author: '',
            ReadByCustomer: 0,
            SpecialType: 'None',
            SpecialParam: '',
            WhenPosted: '2021-03-25T21:36:53Z',
          },
        ],
      },
    });
    const when = (r.body as { Response: { WhenPosted: Date }[] }).Response[0].WhenPosted;
    expect(when).toBeInstanceOf(Date);
    expect(when.getTime()).toBe(Date.UTC(2021, 2, 25, 21, 36, 53));
  });

  test('001 GetChatMessages request: header blocks directly under Envelope are read', () => {
    expect(decodeRequest(ChatService, 'GetChatMessages', seedExamples('001_').request)).toStrictEqual({
      headers: { ApplicationToken: '1234567-1234-9876', Credentials: { Ticket: '7T:1234abcxyzExample==' } },
      body: { ChatSessionId: 0, After: 0 },
    });
  });

  test('000 DeleteChatSessionEntity: empty response wrapper → {}, request decodes', () => {
    const seed = seedExamples('000_');
    expect(decodeResponse(ChatService, 'DeleteChatSessionEntity', seed.response)).toStrictEqual({ headers: {}, body: {} });
    expect(decodeRequest(ChatService, 'DeleteChatSessionEntity', seed.request).body).toStrictEqual({ ChatSessionEntityId: 0 });
  });

  test('a seed response is not the response of another operation', () => {
    expect(() => decodeResponse(ChatService, 'GetChatSessionEntity', seedExamples('001_').response)).toThrow(ResponseFormatError);
  });
});

describe('Chat requests', () => {
  test('DeleteChatSessionEntity with both headers: exact text, under 1 KB', () => {
    const xml = encodeRequest(ChatService, 'DeleteChatSessionEntity', { ChatSessionEntityId: 42 }, { ApplicationToken: '1234567-1234-9876', Credentials: { Ticket: '7T:1234abcxyzExample==' } });
    expect(xml).toBe(
      `<s:Envelope xmlns:s="${SOAP11}" xmlns:ns="${NS}"><s:Header><ns:ApplicationToken>1234567-1234-9876</ns:ApplicationToken>` +
        '<ns:Credentials><ns:Ticket>7T:1234abcxyzExample==</ns:Ticket></ns:Credentials></s:Header>' +
        '<s:Body><ns:DeleteChatSessionEntity><ns:ChatSessionEntityId>42</ns:ChatSessionEntityId></ns:DeleteChatSessionEntity></s:Body></s:Envelope>',
    );
    expect(Buffer.byteLength(xml)).toBeLessThan(1024);
  });

  test('SaveChatSessionEntity: Carrier base fields first, flags as one element, nested error paths', () => {
    const xml = encodeRequest(ChatService, 'SaveChatSessionEntity', {
      ChatSessionEntity: { Status: 'InQueue', TableRight: { Mask: ['Select', 'Update'] }, ChatSessionId: 1, Person: { Firstname: 'Ada' } },
    });
    expect(xml).toBe(
      `<s:Envelope xmlns:s="${SOAP11}" xmlns:ns="${NS}"><s:Body><ns:SaveChatSessionEntity><ns:ChatSessionEntity>` +
        '<ns:TableRight><ns:Mask>Select Update</ns:Mask></ns:TableRight><ns:ChatSessionId>1</ns:ChatSessionId>' +
        '<ns:Person><ns:Firstname>Ada</ns:Firstname></ns:Person><ns:Status>InQueue</ns:Status>' +
        '</ns:ChatSessionEntity></ns:SaveChatSessionEntity></s:Body></s:Envelope>',
    );
    const err = (() => {
      try {
        encodeRequest(ChatService, 'SaveChatSessionEntity', { ChatSessionEntity: { Person: { Firstname: 7 } } });
      } catch (e) {
        return e as RequestValidationError;
      }
      throw new Error('no error');
    })();
    expect(err).toBeInstanceOf(RequestValidationError);
    expect(err.path).toBe('ChatSessionEntity.Person.Firstname');
    expect(err.operation).toBe('SaveChatSessionEntity');
  });

  test('SaveChatPresence: ArrayOfint items in the Microsoft Arrays namespace', () => {
    const xml = encodeRequest(ChatService, 'SaveChatPresence', { ChatPresence: [{ UserId: 1, ChatTopics: [3, 4] }, null] });
    expect(xml).toBe(
      `<s:Envelope xmlns:s="${SOAP11}" xmlns:ns="${NS}" xmlns:arr="${ARR}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">` +
        '<s:Body><ns:SaveChatPresence><ns:ChatPresence><ns:ChatPresence><ns:UserId>1</ns:UserId><ns:ChatTopics><arr:int>3</arr:int><arr:int>4</arr:int></ns:ChatTopics></ns:ChatPresence>' +
        '<ns:ChatPresence xsi:nil="true"/></ns:ChatPresence></ns:SaveChatPresence></s:Body></s:Envelope>',
    );
  });
});

describe('Chat responses', () => {
  const precise = '2011-04-19T16:48:28.8939219+02:00';

  test('GetChatMessages: a dateTime with 7 fractional digits and an offset is written back verbatim', () => {
    const xml = messagesResponse([message(`<ChatMessageId>1</ChatMessageId><Message>hi</Message><WhenPosted>${precise}</WhenPosted>`)]);
    const { headers, body } = decodeResponse<{ Response: { ChatMessageId: number; Message: string; WhenPosted: Date }[] }>(ChatService, 'GetChatMessages', xml);
    expect(headers).toStrictEqual({ Succeeded: true });
    const msg = body.Response[0];
    expect(msg.WhenPosted.toISOString()).toBe('2011-04-19T14:48:28.893Z');
    // Sent back in a request…
    const add = encodeRequest(ChatService, 'AddChatMessage', { ChatSessionId: 1, Message: msg });
    expect(add).toContain(`<ns:WhenPosted>${precise}</ns:WhenPosted>`);
    // …and in a response (simulator side), then read again.
    const again = encodeResponse(ChatService, 'GetChatMessages', body, headers);
    expect(again).toContain(`<ns:WhenPosted>${precise}</ns:WhenPosted>`);
    expect(toJsonForm(decodeResponse(ChatService, 'GetChatMessages', again))).toStrictEqual({
      headers: { Succeeded: true },
      body: { Response: [{ ChatMessageId: 1, Message: 'hi', WhenPosted: precise }] },
    });
    // A changed Date is written as ISO 8601 UTC.
    msg.WhenPosted.setUTCMinutes(0);
    expect(encodeRequest(ChatService, 'AddChatMessage', { Message: msg })).toContain('<ns:WhenPosted>2011-04-19T14:00:28.893Z</ns:WhenPosted>');
  });

  test('GetChatMessages: a value that does not fit names operation and element path', () => {
    const ok = message('<ChatMessageId>1</ChatMessageId><WhenPosted>2024-01-02T03:04:05</WhenPosted>');
    const bad = message('<ChatMessageId>4</ChatMessageId><WhenPosted>yesterday</WhenPosted>');
    let caught: unknown;
    try {
      decodeResponse(ChatService, 'GetChatMessages', messagesResponse([ok, ok, ok, bad]));
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(ResponseFormatError);
    expect((caught as ResponseFormatError).path).toBe('GetChatMessagesResponse.Response.ChatMessage[3].WhenPosted');
    expect((caught as ResponseFormatError).operation).toBe('GetChatMessages');
    expect(() => decodeResponse(ChatService, 'GetChatMessages', messagesResponse([message('<ChatSessionId>abc</ChatSessionId>')]))).toThrow(
      'GetChatMessages: "abc" is not an xs:int (integer -2147483648..2147483647) (at GetChatMessagesResponse.Response.ChatMessage[0].ChatSessionId)',
    );
  });

  test('Succeeded=false with a recursive ExceptionInfo (Parameters dictionary), ExtraInfo and TimeZone', () => {
    const xml =
      `<s:Envelope xmlns:s="${SOAP11}"><s:Header xmlns:h="${NS}">` +
      '<h:ExceptionInfo><h:Message>Ticket expired</h:Message><h:ExceptionType>SoSessionException</h:ExceptionType>' +
      '<h:InnerException><h:Message>inner</h:Message></h:InnerException><h:Parameters><h:SoExceptionInfoParametersKeyValuePair><h:Key>id</h:Key><h:Value i:nil="true" xmlns:i="http://www.w3.org/2001/XMLSchema-instance"/></h:SoExceptionInfoParametersKeyValuePair></h:Parameters></h:ExceptionInfo>' +
      '<h:ExtraInfo><h:ExtraInfoNameValuePair><h:Key>Server</h:Key><h:Value>a1</h:Value></h:ExtraInfoNameValuePair></h:ExtraInfo>' +
      '<h:Succeeded>false</h:Succeeded><h:TimeZone><h:SoTimeZoneId>0</h:SoTimeZoneId><h:SoTimeZoneLocationCode>UTC</h:SoTimeZoneLocationCode></h:TimeZone>' +
      `</s:Header><s:Body><GetChatSessionEntityResponse xmlns="${NS}"/></s:Body></s:Envelope>`;
    expect(decodeResponse(ChatService, 'GetChatSessionEntity', xml)).toStrictEqual({
      headers: {
        ExceptionInfo: { Message: 'Ticket expired', ExceptionType: 'SoSessionException', InnerException: { Message: 'inner' }, Parameters: { id: null } },
        ExtraInfo: { Server: 'a1' },
        Succeeded: false,
        TimeZone: { SoTimeZoneId: 0, SoTimeZoneLocationCode: 'UTC' },
      },
      body: {},
    });
  });

  test('GetChatSessionEntity: ETableRight flags, FieldProperties dictionary of complex values, empty and nil arrays', () => {
    const xml =
      `<s:Envelope xmlns:s="${SOAP11}"><s:Body><GetChatSessionEntityResponse xmlns="${NS}"><Response>` +
      '<TableRight><Mask>Select Update Delete</Mask><Reason/></TableRight>' +
      '<FieldProperties><FieldPropertyDictionaryKeyValuePair><Key>Person</Key><Value><FieldRight><Mask>Read Write</Mask></FieldRight><FieldLength>0</FieldLength></Value></FieldPropertyDictionaryKeyValuePair></FieldProperties>' +
      '<ChatSessionId>59</ChatSessionId><Contact><Address><LocalizedAddress><ArrayOfLocalizedField/><ArrayOfLocalizedField i:nil="true" xmlns:i="http://www.w3.org/2001/XMLSchema-instance"/></LocalizedAddress></Address></Contact>' +
      '<Flags>UserIsTyping</Flags></Response></GetChatSessionEntityResponse></s:Body></s:Envelope>';
    expect(decodeResponse(ChatService, 'GetChatSessionEntity', xml).body).toStrictEqual({
      Response: {
        TableRight: { Mask: ['Select', 'Update', 'Delete'], Reason: '' },
        FieldProperties: { Person: { FieldRight: { Mask: ['Read', 'Write'] }, FieldLength: 0 } },
        ChatSessionId: 59,
        Contact: { Address: { LocalizedAddress: [[], null] } },
        Flags: ['UserIsTyping'],
      },
    });
  });
});
