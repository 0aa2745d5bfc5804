/** REST JSON ↔ typed values, descriptor-driven: flags, TimeSpans, Dates, scalars, dictionaries, nil, unknown properties, validation. */
import { ChatService, RequestValidationError, ResponseFormatError } from '../../src/index';
import { decodeRestRequest, decodeRestResponse, decodeRestValue, durationToTimeSpan, encodeRestRequest, encodeRestResponse, encodeRestValue, timeSpanToDuration } from '../../src/runtime/rest/rest-json';
import { CHAT_FLAGS_ZERO_NAMES, CHAT_REST_MAPPING } from '../../src/runtime/rest/rest-mapping';
import { rememberedDateTimeText, toJsonForm } from '../../src/runtime/codec/values';

const zero = { flagsZeroNames: CHAT_FLAGS_ZERO_NAMES };
const dec = (type: string, json: unknown) => decodeRestValue(ChatService, type, json, zero).value;
const enc = (type: string, value: unknown) => encodeRestValue(ChatService, type, value, zero);

describe('flags: one string, the .NET [Flags] text', () => {
  test.each([
    ['WidgetRequiredFields', ['Email', 'Phone'], 'Email, Phone'],
    ['WidgetRequiredFields', ['Country'], 'Country'],
    ['WidgetRequiredFields', [], 'None'],
    ['ChatSessionFlags', ['UserIsTyping'], 'UserIsTyping'],
    ['ChatSessionFlags', [], 'CustomerIsTyping'],
    ['ETableRight', ['Select', 'Update', 'Delete'], 'Select, Update, Delete'],
    ['ETableRight', [], '0'],
    ['EFieldRight', [], '0'],
  ])('%s %j ↔ %j', (type, typed, wire) => {
    expect(enc(type, typed)).toBe(wire);
    expect(dec(type, wire)).toEqual(typed);
  });

  test('the reader also accepts space- or comma-separated names, 0, "0", "" and the zero member inside a list', () => {
    expect(dec('WidgetRequiredFields', 'Email Phone')).toEqual(['Email', 'Phone']);
    expect(dec('WidgetRequiredFields', 'Email,Phone')).toEqual(['Email', 'Phone']);
    expect(dec('WidgetRequiredFields', ' Email ,  Phone ')).toEqual(['Email', 'Phone']);
    expect(dec('WidgetRequiredFields', 0)).toEqual([]);
    expect(dec('WidgetRequiredFields', '0')).toEqual([]);
    expect(dec('WidgetRequiredFields', '')).toEqual([]);
    expect(dec('WidgetRequiredFields', 'None, Email')).toEqual(['Email']);
  });

  test('a name this client does not know passes through on decode (as over SOAP) and is rejected on encode', () => {
    expect(dec('EFieldRight', 'FULL')).toEqual(['FULL']);
    expect(() => enc('EFieldRight', ['FULL'])).toThrow(RequestValidationError);
    expect(() => enc('WidgetRequiredFields', ['None'])).toThrow(/"None" is not a WidgetRequiredFields value/);
    expect(() => enc('WidgetRequiredFields', 'Email')).toThrow(/expected an array of WidgetRequiredFields values/);
  });

  test('a JSON array or a number other than 0 is not a flags value', () => {
    expect(() => dec('WidgetRequiredFields', ['Email'])).toThrow(ResponseFormatError);
    expect(() => dec('WidgetRequiredFields', 3)).toThrow(ResponseFormatError);
  });

  test('duplicates are written once', () => {
    expect(enc('WidgetRequiredFields', ['Email', 'Email'])).toBe('Email');
  });
});

describe('.NET TimeSpan ↔ xs:duration (ser:duration)', () => {
  test.each([
    ['09:00:00', 'PT9H'],
    ['17:30:00', 'PT17H30M'],
    ['00:00:00', 'PT0S'],
    ['11:45:30.5000000', 'PT11H45M30.5S'],
    ['00:00:00.0000001', 'PT0.0000001S'],
    ['1.02:00:00', 'P1DT2H'],
    ['-00:01:00', '-PT1M'],
    ['3.00:00:00', 'P3D'],
  ])('%s ↔ %s', (timeSpan, duration) => {
    expect(timeSpanToDuration(timeSpan)).toBe(duration);
    expect(durationToTimeSpan(duration)).toBe(timeSpan);
  });

  test('non-canonical xs:duration is normalised on the way out', () => {
    expect(durationToTimeSpan('PT90M')).toBe('01:30:00');
    expect(durationToTimeSpan('PT36H')).toBe('1.12:00:00');
    expect(durationToTimeSpan('-PT0S')).toBe('00:00:00');
  });

  test('years, months and sub-tick fractions cannot be a TimeSpan', () => {
    expect(() => enc('ChatOpeningHours', { MonStart: 'P1Y' })).toThrow(/years or months/);
    expect(() => enc('ChatOpeningHours', { MonStart: 'P2M' })).toThrow(RequestValidationError);
    expect(() => enc('ChatOpeningHours', { MonStart: 'PT0.00000001S' })).toThrow(/100 ns/);
    expect(() => enc('ChatOpeningHours', { MonStart: '09:00' })).toThrow(/ChatOpeningHours|xs:duration/);
  });

  test('decoding accepts TimeSpan text and xs:duration text; rejects anything else', () => {
    expect(dec('ChatOpeningHours', { MonStart: '09:00:00', MonStop: 'PT17H' })).toEqual({ MonStart: 'PT9H', MonStop: 'PT17H' });
    expect(() => dec('ChatOpeningHours', { MonStart: '25:00:00' })).toThrow(ResponseFormatError);
    expect(() => dec('ChatOpeningHours', { MonStart: 'nine' })).toThrow(/at MonStart/);
  });
});

describe('scalars, nil, dictionaries, arrays', () => {
  test('integers: a JSON number in the type\'s range is the value, anything else a ResponseFormatError naming it', () => {
    expect(dec('xs:int', 2147483647)).toBe(2147483647);
    expect(dec('xs:int', -2147483648)).toBe(-2147483648);
    expect(Object.is(dec('xs:int', -0), 0)).toBe(true);
    expect(dec('xs:short', -32768)).toBe(-32768);
    expect(dec('xs:long', Number.MAX_SAFE_INTEGER)).toBe(Number.MAX_SAFE_INTEGER);
    expect(dec('xs:unsignedByte', 255)).toBe(255);
    for (const [type, json] of [['xs:int', 2147483648], ['xs:int', -2147483649], ['xs:int', 1.5], ['xs:short', 32768], ['xs:byte', -129], ['xs:unsignedByte', -1], ['xs:unsignedShort', 65536], ['xs:unsignedInt', 4294967296], ['xs:long', 2 ** 53], ['xs:unsignedLong', -1], ['xs:int', NaN], ['xs:int', '5']] as const) {
      expect(() => dec(type, json)).toThrow(ResponseFormatError);
    }
    expect(() => dec('xs:int', 2147483648)).toThrow(/2147483648/);
  });

  test('a Date remembers its REST text and is written back with it; other Dates as ISO 8601 UTC', () => {
    const m = dec('ChatMessage', { WhenPosted: '2011-04-19T16:48:28.8939219+02:00' }) as { WhenPosted: Date };
    expect(m.WhenPosted).toBeInstanceOf(Date);
    expect(m.WhenPosted.toISOString()).toBe('2011-04-19T14:48:28.893Z');
    expect(rememberedDateTimeText(m.WhenPosted)).toBe('2011-04-19T16:48:28.8939219+02:00');
    expect(enc('ChatMessage', m)).toEqual({ WhenPosted: '2011-04-19T16:48:28.8939219+02:00' });
    expect(enc('ChatMessage', { WhenPosted: new Date(Date.UTC(2024, 0, 2, 3, 4, 5)) })).toEqual({ WhenPosted: '2024-01-02T03:04:05.000Z' });
    expect(enc('ChatMessage', { WhenPosted: '0001-01-01T00:00:00' })).toEqual({ WhenPosted: '0001-01-01T00:00:00' });
    expect(() => enc('ChatMessage', { WhenPosted: 'yesterday' })).toThrow(RequestValidationError);
    expect(() => dec('ChatMessage', { WhenPosted: 'yesterday' })).toThrow(ResponseFormatError);
  });

  test('text of a collapsed type loses XML whitespace only (as over SOAP): a no-break space is not taken away', () => {
    expect((dec('ChatMessage', { WhenPosted: ' 2024-01-02T03:04:05Z\n' }) as { WhenPosted: Date }).WhenPosted.toISOString()).toBe('2024-01-02T03:04:05.000Z');
    expect(dec('ChatOpeningHours', { MonStart: '\t09:00:00 ' })).toEqual({ MonStart: 'PT9H' });
    expect(dec('xs:decimal', ' 1.5 ')).toBe('1.5');
    for (const space of ['\u00a0', '\u3000']) {
      expect(() => dec('ChatMessage', { WhenPosted: `2024-01-02T03:04:05Z${space}` })).toThrow(ResponseFormatError);
      expect(() => dec('ChatOpeningHours', { MonStart: `${space}09:00:00` })).toThrow(ResponseFormatError);
      expect(() => dec('xs:decimal', `1.5${space}`)).toThrow(ResponseFormatError);
    }
  });

  test('numbers are range-checked against the WSDL type (xs:short), booleans are booleans', () => {
    expect(dec('ChatMessage', { ReadByCustomer: 1, ChatMessageId: 2147483647 })).toEqual({ ReadByCustomer: 1, ChatMessageId: 2147483647 });
    expect(() => dec('ChatMessage', { ReadByCustomer: 40000 })).toThrow(/xs:short/);
    expect(() => dec('ChatMessage', { ChatMessageId: 1.5 })).toThrow(ResponseFormatError);
    expect(() => dec('ChatMessage', { ChatMessageId: '7' })).toThrow(/expected a JSON number/);
    expect(() => enc('ChatMessage', { ReadByCustomer: 40000 })).toThrow(RequestValidationError);
    expect(() => dec('ChatTopicAgent', { CanListen: 'true' })).toThrow(/JSON boolean/);
  });

  test('bytes: base64Binary as base64 text, hexBinary as hex text (the JSON form\'s rule), both ways', () => {
    const bytes = new Uint8Array([0, 171, 255]);
    expect(enc('xs:base64Binary', bytes)).toBe('AKv/');
    expect(dec('xs:base64Binary', 'AKv/')).toEqual(bytes);
    expect(enc('xs:hexBinary', bytes)).toBe('00ABFF');
    const hex = dec('xs:hexBinary', '00abff') as Uint8Array;
    expect(hex).toEqual(bytes);
    expect(toJsonForm(hex)).toBe('00ABFF');
    expect(enc('xs:hexBinary', '00abff')).toBe('00abff');
  });

  test('double: numbers, and NaN/Infinity as strings both ways', () => {
    expect(dec('Sale', { Amount: 27162.378, Earning: 'NaN', WeightedAmount: '-Infinity', EarningPercent: 'INF' })).toEqual({ Amount: 27162.378, Earning: NaN, WeightedAmount: -Infinity, EarningPercent: Infinity });
    expect(enc('Sale', { Amount: Infinity, Earning: NaN, WeightedAmount: 1.5 })).toEqual({ Amount: 'Infinity', Earning: 'NaN', WeightedAmount: 1.5 });
  });

  test('null where nillable; null for a non-nillable field is a format error on decode and a validation error on encode', () => {
    expect(dec('ChatSessionEntity', { Person: null, CustomerName: null })).toEqual({ Person: null, CustomerName: null });
    expect(() => dec('ChatSessionEntity', { Status: null })).toThrow(/Status is not nillable/);
    expect(() => enc('ChatSessionEntity', { Status: null })).toThrow(/leave it out/);
  });

  test('absent stays absent, empty string stays empty string, an unknown enum value passes through', () => {
    expect(dec('ChatSessionEntity', { CustomerName: '', Status: 'SomethingNew' })).toEqual({ CustomerName: '', Status: 'SomethingNew' });
    expect(() => enc('ChatSessionEntity', { Status: 'SomethingNew' })).toThrow(/is not a ChatSessionStatus value/);
  });

  test('dictionaries are Records; dateTime keys are validated and kept as text', () => {
    const v = dec('TimeZoneData', { TimeZoneSTDRules: { '2024-01-01T00:00:00': { TZOffset: 60 } }, TimeZoneDSTRules: {} });
    expect(v).toEqual({ TimeZoneSTDRules: { '2024-01-01T00:00:00': { TZOffset: 60 } }, TimeZoneDSTRules: {} });
    expect(() => dec('TimeZoneData', { TimeZoneSTDRules: { tomorrow: { TZOffset: 60 } } })).toThrow(/dictionary key/);
    expect(() => enc('TimeZoneData', { TimeZoneSTDRules: { tomorrow: { TZOffset: 60 } } })).toThrow(/is not an xs:dateTime/);
    const fp = dec('ChatSessionEntity', { FieldProperties: { fieldName: { FieldRight: { Mask: 'Read, Write', Reason: '' }, FieldType: 'System.Int32', FieldLength: 819 } } });
    expect(fp).toEqual({ FieldProperties: { fieldName: { FieldRight: { Mask: ['Read', 'Write'], Reason: '' }, FieldType: 'System.Int32', FieldLength: 819 } } });
    expect(dec('ChatSessionEntity', { FieldProperties: { ['__proto__']: { FieldLength: 1 } } })).toEqual({ FieldProperties: JSON.parse('{"__proto__":{"FieldLength":1}}') });
  });

  test('arrays: null items where nillable, ArrayOfint items are not nillable', () => {
    expect(dec('ArrayOfChatMessage', [null, { ChatMessageId: 1 }])).toEqual([null, { ChatMessageId: 1 }]);
    expect(dec('ChatPresence', { ChatTopics: [1, 2] })).toEqual({ ChatTopics: [1, 2] });
    expect(() => dec('ChatPresence', { ChatTopics: [1, null] })).toThrow(/not nillable/);
    expect(() => dec('ChatPresence', { ChatTopics: 1 })).toThrow(/expected a JSON array/);
  });

  test('unknown properties are skipped and listed by default, an error with unknownProperties: "error"', () => {
    const r = decodeRestValue(ChatService, 'ChatMessage', { ChatMessageId: 1, Sentiment: 3, Nested: { X: 1 } }, zero);
    expect(r.value).toEqual({ ChatMessageId: 1 });
    expect(r.unknown).toEqual(['Sentiment', 'Nested']);
    expect(() => decodeRestValue(ChatService, 'ChatMessage', { Sentiment: 3 }, { unknownProperties: 'error' })).toThrow(/unexpected property "Sentiment"/);
  });

  test('a JSON value of the wrong shape names the path', () => {
    expect(() => dec('ChatSessionEntity', { Person: { Firstname: 7 } })).toThrow(expect.objectContaining({ name: 'ResponseFormatError', path: 'Person.Firstname' }));
    expect(() => dec('ChatSessionEntity', [])).toThrow(/expected a JSON object \(ChatSessionEntity\)/);
  });

  test('unknown input fields and wrong types are RequestValidationErrors with the path', () => {
    expect(() => enc('ChatSessionEntity', { Nope: 1 })).toThrow(expect.objectContaining({ name: 'RequestValidationError', path: 'Nope' }));
    expect(() => enc('ChatSessionEntity', { Person: { PersonId: 'x' } })).toThrow(expect.objectContaining({ path: 'Person.PersonId' }));
  });

  test('deep nesting is bounded', () => {
    let v: unknown = { Id: 1 };
    for (let i = 0; i < 300; i++) v = { ChildItems: [v] };
    expect(() => dec('MDOListItem', v)).toThrow(/maxDepth/);
  });
});

describe('requests and responses by the REST mapping', () => {
  const ops = CHAT_REST_MAPPING.operations;

  test('query parameters: camelCase, no body', () => {
    expect(encodeRestRequest(ChatService, 'GetChatSessionEntity', ops.GetChatSessionEntity, { ChatSessionEntityId: 59 })).toEqual({ search: '?chatSessionEntityId=59', body: undefined });
    expect(encodeRestRequest(ChatService, 'DeleteChatTopicEntity', ops.DeleteChatTopicEntity, { ChatTopicEntityId: 3 })).toEqual({ search: '?chatTopicEntityId=3', body: undefined });
    expect(() => encodeRestRequest(ChatService, 'GetChatSessionEntity', ops.GetChatSessionEntity, {})).toThrow(/required: the REST API sends it as the query parameter chatSessionEntityId/);
  });

  test('Save: the bare entity is the body', () => {
    const r = encodeRestRequest(ChatService, 'SaveChatSessionEntity', ops.SaveChatSessionEntity, { ChatSessionEntity: { ChatSessionId: 7, Flags: [] } }, zero);
    expect(r).toEqual({ search: '', body: '{"ChatSessionId":7,"Flags":"CustomerIsTyping"}' });
    expect(encodeRestRequest(ChatService, 'SaveChatSessionEntity', ops.SaveChatSessionEntity, {}).body).toBe('null');
  });

  test('request objects: PascalCase properties in schema order, undefined left out, null kept', () => {
    expect(encodeRestRequest(ChatService, 'ResetChatSession', ops.ResetChatSession, { ChatSessionId: 317 }).body).toBe('{"ChatSessionId":317}');
    expect(encodeRestRequest(ChatService, 'TransferChatSession', ops.TransferChatSession, { ToAssociate: null, ChatSessionId: 1 }).body).toBe('{"ChatSessionId":1,"ToAssociate":null}');
    expect(encodeRestRequest(ChatService, 'GetChatMessages', ops.GetChatMessages, { ChatSessionId: 1, After: undefined }).body).toBe('{"ChatSessionId":1}');
    expect(() => encodeRestRequest(ChatService, 'GetChatMessages', ops.GetChatMessages, { ChatSessionId: 1, Before: 2 })).toThrow(/unknown field "Before"/);
  });

  test('no body: operations without input', () => {
    expect(encodeRestRequest(ChatService, 'ChatTopicsForUser', ops.ChatTopicsForUser, undefined)).toEqual({ search: '', body: undefined });
  });

  test('responses: Response value, 204 → null (nillable) or absent, empty output → {}', () => {
    expect(decodeRestResponse(ChatService, 'GetChatTranscript', 'text').value).toEqual({ Response: 'text' });
    expect(decodeRestResponse(ChatService, 'GetChatSessionEntity', undefined).value).toEqual({ Response: null });
    expect(decodeRestResponse(ChatService, 'IsWithinOpeningHours', undefined).value).toEqual({});
    expect(decodeRestResponse(ChatService, 'IsWithinOpeningHours', true).value).toEqual({ Response: true });
    expect(decodeRestResponse(ChatService, 'DeleteChatSessionEntity', undefined).value).toEqual({});
    expect(decodeRestResponse(ChatService, 'GetChatMessages', []).value).toEqual({ Response: [] });
    expect(() => decodeRestResponse(ChatService, 'IsWithinOpeningHours', 'yes')).toThrow(expect.objectContaining({ path: 'Response' }));
  });

  test('server side (simulator): the inverse of the client side', () => {
    const input = { ChatTopicId: 1, Useragents: [{ TopicId: 1, CanNotify: true, User: { AssociateId: 3, Rank: 2 } }, null] };
    const { search, body } = encodeRestRequest(ChatService, 'UpdateChatTopicUserAgents', ops.UpdateChatTopicUserAgents, input);
    expect(decodeRestRequest(ChatService, 'UpdateChatTopicUserAgents', ops.UpdateChatTopicUserAgents, new URLSearchParams(search), JSON.parse(body!))).toEqual(input);
    expect(decodeRestRequest(ChatService, 'GetChatSessionEntity', ops.GetChatSessionEntity, new URLSearchParams('chatSessionEntityId=59'), undefined)).toEqual({ ChatSessionEntityId: 59 });
    expect(() => decodeRestRequest(ChatService, 'GetChatSessionEntity', ops.GetChatSessionEntity, new URLSearchParams('chatSessionEntityId=x'), undefined)).toThrow(ResponseFormatError);
    expect(() => decodeRestRequest(ChatService, 'ResetChatSession', ops.ResetChatSession, new URLSearchParams(), { ChatSessionId: 1, Extra: 1 })).toThrow(/unexpected property "Extra"/);
    expect(encodeRestResponse(ChatService, 'GetChatSessionEntity', { Response: null })).toBeUndefined();
    expect(encodeRestResponse(ChatService, 'DeleteChatSessionEntity', {})).toBeUndefined();
    expect(encodeRestResponse(ChatService, 'GetChatSessionEntity', { Response: { Flags: ['UserIsTyping'] } }, zero)).toEqual({ json: { Flags: 'UserIsTyping' } });
  });
});

describe('$type in REST JSON (derived and abstract types), as the SOAP encoder reads it', () => {
  // (the Mini descriptor of the codec tests: Special derives from Entity, Shape is abstract, Circle derives from it)
  const { Mini } = jest.requireActual('../runtime/codec.fixture') as typeof import('../runtime/codec.fixture');
  const write = (type: string, value: unknown) => encodeRestValue(Mini, type, value);
  const refused = (type: string, value: unknown): { message: string; path: unknown } => {
    try {
      write(type, value);
    } catch (e) {
      expect(e).toBeInstanceOf(RequestValidationError);
      return { message: (e as Error).message, path: (e as RequestValidationError).path };
    }
    throw new Error('not refused');
  };

  test('a derived $type is written with its fields; the declared name is the declared type', () => {
    expect(write('Entity', { $type: 'Special', Id: 1, Extra: 'x' })).toStrictEqual({ $type: 'Special', Id: 1, Extra: 'x' });
    expect(write('Entity', { $type: 'Entity', Id: 1 })).toStrictEqual({ Id: 1 });
    expect(write('Shape', { $type: 'Circle', Radius: 2 })).toMatchObject({ $type: 'Circle', Radius: 2 });
  });

  test('a $type that is not a string, not derived, or an abstract type without one: refused on $type / the value', () => {
    expect(refused('Entity', { $type: 5 })).toMatchObject({ message: expect.stringMatching(/\$type must be a string, got the number 5/), path: '$type' });
    expect(refused('Entity', { $type: 'Other' })).toMatchObject({ message: expect.stringMatching(/\$type "Other" is not Entity or a type derived from it/), path: '$type' });
    expect(refused('Shape', { Label: 'x' })).toMatchObject({ message: expect.stringMatching(/Shape is abstract: give \$type of a derived type/), path: '' });
  });
});
