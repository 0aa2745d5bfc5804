/**
 * Item 3: encode-side validation. Input XML 1.0 cannot carry (`\u0000`, lone surrogates…), numbers
 * out of range, NaN, wrong types, unknown keys, missing required fields: each call rejects with
 * `RequestValidationError` naming the value's path, and nothing is sent (the injected fetch is
 * never called). A property test puts every kind of invalid character into random string leaves
 * of random valid inputs of every operation.
 */
import fc from 'fast-check';
import { createChatClient, createClient, RequestValidationError, type ServiceDescriptor } from '../../src/index';
import { ChatService } from '../../src/generated/chat';
import { elementFields } from '../../src/runtime/codec/plan';
import { DescriptorArbitraries, invalidXmlChar, stringLeaves } from './arbitraries';
import { SEED, describeOutcome, figures, rejection } from './helpers';

jest.setTimeout(60_000);

const fig = figures('encode-validation');

let fetchCalls = 0;
const countingFetch = async (): Promise<Response> => {
  fetchCalls++;
  return new Response('never', { status: 599 });
};

const chat = createChatClient({ endpoint: 'http://127.0.0.1:9/Chat.svc', applicationToken: 'app-token-validation', credentials: '7T:validation-ticket', fetch: countingFetch, retry: { baseDelayMs: 1 } }) as unknown as Record<
  string,
  (input?: unknown, options?: unknown) => Promise<unknown>
>;

/** A small service for the builtins and shapes Chat does not use (byte, unsigned, long, required fields). */
const Shapes: ServiceDescriptor = {
  name: 'Shapes',
  namespace: 'urn:reliability:shapes',
  soapVersion: '1.1',
  headers: {},
  types: {
    Numbers: {
      kind: 'complex',
      name: 'Numbers',
      fields: [
        { name: 'Byte', type: 'xs:byte', optional: true },
        { name: 'UnsignedByte', type: 'xs:unsignedByte', optional: true },
        { name: 'UnsignedShort', type: 'xs:unsignedShort', optional: true },
        { name: 'UnsignedInt', type: 'xs:unsignedInt', optional: true },
        { name: 'Long', type: 'xs:long', optional: true },
        { name: 'Float', type: 'xs:float', optional: true },
        { name: 'Decimal', type: 'xs:decimal', optional: true },
        { name: 'Guid', type: 'ser:guid', optional: true },
        { name: 'Bytes', type: 'xs:base64Binary', optional: true },
      ],
    },
    Order: {
      kind: 'complex',
      name: 'Order',
      fields: [
        { name: 'Id', type: 'xs:int' },
        { name: 'Customer', type: 'Customer' },
        { name: 'Lines', type: 'xs:string', repeated: true },
        { name: 'Note', type: 'xs:string', optional: true },
      ],
    },
    Customer: { kind: 'complex', name: 'Customer', fields: [{ name: 'Name', type: 'xs:string' }] },
  },
  operations: {
    Put: {
      name: 'Put',
      method: 'put',
      soapAction: 'urn:reliability:shapes:Put',
      input: {
        element: 'Put',
        fields: [
          { name: 'Numbers', type: 'Numbers', optional: true },
          { name: 'Order', type: 'Order', optional: true },
        ],
      },
      output: { element: 'PutResponse', fields: [] },
      inputHeaders: [],
      outputHeaders: [],
      safe: false,
    },
  },
};
const shapes = createClient<{ put(input: unknown): Promise<unknown> }>(Shapes, { endpoint: 'http://127.0.0.1:9/Shapes.svc', fetch: countingFetch });
const order = (o: Record<string, unknown>) => ({ Order: { Id: 1, Customer: { Name: 'n' }, Lines: ['a'], ...o } });

interface Case {
  name: string;
  call: () => Promise<unknown>;
  path: string;
  message: RegExp;
}

const person = (p: Record<string, unknown>) => chat.saveChatSessionEntity({ ChatSessionEntity: { ChatSessionId: 1, Person: { Firstname: 'Ann', ...p } } });
const entity = (e: Record<string, unknown>) => chat.saveChatSessionEntity({ ChatSessionEntity: { ChatSessionId: 1, ...e } });

const CASES: Case[] = [
  // characters
  { name: '\\u0000 in ChatSessionEntity.Person.Firstname', call: () => person({ Firstname: 'An\u0000n' }), path: 'ChatSessionEntity.Person.Firstname', message: /U\+0000 at index 2, which XML 1.0 cannot carry/ },
  { name: 'lone high surrogate', call: () => person({ Lastname: 'x\ud800y' }), path: 'ChatSessionEntity.Person.Lastname', message: /lone surrogate U\+D800/ },
  { name: 'lone low surrogate', call: () => person({ Lastname: '\udc00' }), path: 'ChatSessionEntity.Person.Lastname', message: /lone surrogate U\+DC00/ },
  { name: 'high surrogate at the end', call: () => chat.addChatMessage({ ChatSessionId: 1, Message: { Message: 'smile \ud83d' } }), path: 'Message.Message', message: /lone surrogate U\+D83D/ },
  { name: 'surrogates in the wrong order', call: () => chat.addChatMessage({ ChatSessionId: 1, Message: { Message: '\ude00\ud83d' } }), path: 'Message.Message', message: /lone surrogate U\+DE00/ },
  { name: 'U+FFFE', call: () => chat.saveChatTopicEntity({ ChatTopicEntity: { Name: '\ufffe' } }), path: 'ChatTopicEntity.Name', message: /U\+FFFE/ },
  { name: 'U+FFFF', call: () => chat.saveChatTopicEntity({ ChatTopicEntity: { WelcomeMessage: 'a\uffff' } }), path: 'ChatTopicEntity.WelcomeMessage', message: /U\+FFFF/ },
  { name: 'vertical tab in a header (Credentials.Ticket)', call: () => chat.getChatMessages({ ChatSessionId: 1 }, { headers: { Credentials: { Ticket: '7T:a\u000bb' } } }), path: 'Credentials.Ticket', message: /U\+000B/ },
  { name: 'escape character in the ApplicationToken header', call: () => chat.getChatMessages({ ChatSessionId: 1 }, { headers: { ApplicationToken: 'tok\u001b[31m' } }), path: 'ApplicationToken', message: /U\+001B/ },
  { name: 'form feed in an array item', call: () => chat.saveChatPresence({ ChatPresence: [{ UserId: 1 }, { DisplayName: 'x\fy' }] }), path: 'ChatPresence[1].DisplayName', message: /U\+000C/ },
  { name: 'NUL in a dictionary value', call: () => entity({ User: { ExtraFields: { k: 'v\u0000' } } }), path: 'ChatSessionEntity.User.ExtraFields["k"]', message: /U\+0000/ },
  { name: 'NUL in a dictionary key', call: () => entity({ User: { CustomFields: { 'k\u0000': 'v' } } }), path: 'ChatSessionEntity.User.CustomFields["k\\u0000"]', message: /U\+0000/ },
  // numbers
  { name: 'int overflow (2^31)', call: () => chat.deleteChatSessionEntity({ ChatSessionEntityId: 2 ** 31 }), path: 'ChatSessionEntityId', message: /out of range for xs:int/ },
  { name: 'int underflow (-2^31 - 1)', call: () => chat.getChatMessages({ ChatSessionId: 1, After: -(2 ** 31) - 1 }), path: 'After', message: /out of range for xs:int/ },
  { name: 'int in a nested entity out of range', call: () => person({ ContactId: 1e12 }), path: 'ChatSessionEntity.Person.ContactId', message: /out of range for xs:int/ },
  { name: 'short overflow (Associate.Rank 32768)', call: () => entity({ User: { Rank: 32768 } }), path: 'ChatSessionEntity.User.Rank', message: /out of range for xs:short/ },
  { name: 'short underflow (Person.Retired -32769)', call: () => person({ Retired: -32769 }), path: 'ChatSessionEntity.Person.Retired', message: /out of range for xs:short/ },
  { name: 'byte overflow (128)', call: () => shapes.put({ Numbers: { Byte: 128 } }), path: 'Numbers.Byte', message: /out of range for xs:byte/ },
  { name: 'byte underflow (-129)', call: () => shapes.put({ Numbers: { Byte: -129 } }), path: 'Numbers.Byte', message: /out of range for xs:byte/ },
  { name: 'unsignedByte -1', call: () => shapes.put({ Numbers: { UnsignedByte: -1 } }), path: 'Numbers.UnsignedByte', message: /out of range for xs:unsignedByte/ },
  { name: 'unsignedShort 65536', call: () => shapes.put({ Numbers: { UnsignedShort: 65536 } }), path: 'Numbers.UnsignedShort', message: /out of range/ },
  { name: 'unsignedInt 2^32', call: () => shapes.put({ Numbers: { UnsignedInt: 2 ** 32 } }), path: 'Numbers.UnsignedInt', message: /out of range/ },
  { name: 'long beyond 2^53 (not exactly representable)', call: () => shapes.put({ Numbers: { Long: 2 ** 53 } }), path: 'Numbers.Long', message: /out of range for xs:long/ },
  { name: 'float beyond 3.4e38', call: () => shapes.put({ Numbers: { Float: 1e39 } }), path: 'Numbers.Float', message: /out of range for xs:float/ },
  { name: 'NaN for an int', call: () => chat.getChatSessionEntity({ ChatSessionEntityId: NaN }), path: 'ChatSessionEntityId', message: /NaN is not an integer/ },
  { name: 'NaN for a short', call: () => entity({ User: { Rank: NaN } }), path: 'ChatSessionEntity.User.Rank', message: /NaN is not an integer/ },
  { name: 'Infinity for an int', call: () => chat.getChatMessages({ ChatSessionId: Infinity }), path: 'ChatSessionId', message: /Infinity is not an integer/ },
  { name: '1.5 for an int', call: () => chat.getChatMessages({ ChatSessionId: 1.5 }), path: 'ChatSessionId', message: /1.5 is not an integer/ },
  { name: 'a bigint for an int', call: () => chat.getChatMessages({ ChatSessionId: 5n }), path: 'ChatSessionId', message: /expected a number/ },
  // wrong types
  { name: 'a string for an int', call: () => chat.getChatMessages({ ChatSessionId: '5' }), path: 'ChatSessionId', message: /expected a number \(xs:int\), got the string "5"/ },
  { name: 'a boolean for an int', call: () => chat.getChatMessages({ ChatSessionId: true }), path: 'ChatSessionId', message: /expected a number/ },
  { name: 'a number for a string', call: () => person({ Firstname: 5 }), path: 'ChatSessionEntity.Person.Firstname', message: /expected a string, got the number 5/ },
  { name: 'an object for a string', call: () => person({ Firstname: { first: 'Ann' } }), path: 'ChatSessionEntity.Person.Firstname', message: /expected a string, got an object/ },
  { name: 'a string for a boolean', call: () => chat.getChatTranscript({ ChatSessionId: 1, Html: 'true' }), path: 'Html', message: /expected a boolean/ },
  { name: 'a number for a dateTime', call: () => entity({ WhenRequested: Date.now() }), path: 'ChatSessionEntity.WhenRequested', message: /expected a Date or xs:dateTime text/ },
  { name: 'an Invalid Date', call: () => entity({ WhenRequested: new Date(NaN) }), path: 'ChatSessionEntity.WhenRequested', message: /Invalid Date/ },
  { name: 'dateTime text that is not a dateTime', call: () => entity({ WhenEnded: '2024-02-30T00:00:00Z' }), path: 'ChatSessionEntity.WhenEnded', message: /not an xs:dateTime/ },
  { name: 'a bad duration', call: () => chat.saveChatTopicEntity({ ChatTopicEntity: { OpeningHours: { MonStart: '9:00' } } }), path: 'ChatTopicEntity.OpeningHours.MonStart', message: /not an xs:duration/ },
  { name: 'a bad guid', call: () => shapes.put({ Numbers: { Guid: 'not-a-guid' } }), path: 'Numbers.Guid', message: /not a guid/ },
  { name: 'a decimal as a number', call: () => shapes.put({ Numbers: { Decimal: 1.5 } }), path: 'Numbers.Decimal', message: /decimal as a string/ },
  { name: 'bad base64 text', call: () => shapes.put({ Numbers: { Bytes: 'not base64!' } }), path: 'Numbers.Bytes', message: /not base64/ },
  { name: 'an array for a complex type', call: () => entity({ Person: [] }), path: 'ChatSessionEntity.Person', message: /expected an object \(Person\), got an array/ },
  { name: 'a string for a complex type', call: () => entity({ Person: 'Ann' }), path: 'ChatSessionEntity.Person', message: /expected an object/ },
  { name: 'an object for an array type', call: () => chat.saveChatPresence({ ChatPresence: { UserId: 1 } }), path: 'ChatPresence', message: /expected an array \(ArrayOfChatPresence\)/ },
  { name: 'an unknown enum value', call: () => entity({ Status: 'Open' }), path: 'ChatSessionEntity.Status', message: /"Open" is not a ChatSessionStatus value/ },
  { name: 'an enum value as a number', call: () => entity({ Status: 4 }), path: 'ChatSessionEntity.Status', message: /expected a ChatSessionStatus value/ },
  { name: 'flags as a string', call: () => entity({ Flags: 'UserIsTyping' }), path: 'ChatSessionEntity.Flags', message: /expected an array of ChatSessionFlags values/ },
  { name: 'an unknown flag', call: () => entity({ Flags: ['UserIsTyping', 'Shouting'] }), path: 'ChatSessionEntity.Flags[1]', message: /"Shouting" is not a ChatSessionFlags value/ },
  { name: 'a number as a dictionary value', call: () => entity({ User: { ExtraFields: { k: 5 } } }), path: 'ChatSessionEntity.User.ExtraFields["k"]', message: /expected a string/ },
  { name: 'a $type that is not derived', call: () => entity({ Person: { $type: 'Sale', SaleId: 1 } }), path: 'ChatSessionEntity.Person.$type', message: /\$type "Sale" is not Person or a type derived from it/ },
  { name: 'an input that is not an object', call: () => chat.getChatMessages('5'), path: '', message: /input must be an object, got the string "5"/ },
  { name: 'headers that are not an object', call: () => chat.getChatMessages({}, { headers: { TimeZone: 'CET' } }), path: 'TimeZone', message: /expected an object \(SoTimeZone\)/ },
  // unknown keys
  { name: 'an unknown key in an entity (typo)', call: () => person({ FirstName: 'Ann' }), path: 'ChatSessionEntity.Person.FirstName', message: /unknown field "FirstName" for Person/ },
  { name: 'an unknown key at the top level', call: () => chat.getChatMessages({ ChatSessionID: 1 }), path: 'ChatSessionID', message: /unknown field "ChatSessionID"/ },
  { name: 'an unknown key in an array item', call: () => chat.updateChatTopicUserAgents({ ChatTopicId: 1, Useragents: [{ TopicId: 1 }, { TopicId: 2, CanFly: true }] }), path: 'Useragents[1].CanFly', message: /unknown field "CanFly"/ },
  { name: 'an unknown key beside $type', call: () => entity({ Person: { $type: 'Person', Nick: 'x' } }), path: 'ChatSessionEntity.Person.Nick', message: /unknown field "Nick"/ },
  { name: 'a field of the derived type without $type', call: () => entity({ User: { SaleId: 1 } }), path: 'ChatSessionEntity.User.SaleId', message: /unknown field "SaleId" for Associate/ },
  // missing and nil
  { name: 'null for a non-nillable int', call: () => chat.getChatMessages({ ChatSessionId: null }), path: 'ChatSessionId', message: /not nillable: leave it out/ },
  { name: 'a null item in ArrayOfint', call: () => chat.saveChatPresence({ ChatPresence: [{ ChatTopics: [1, null] }] }), path: 'ChatPresence[0].ChatTopics[1]', message: /int is not nillable/ },
  { name: 'an undefined dictionary value', call: () => entity({ User: { ExtraFields: { k: undefined } } }), path: 'ChatSessionEntity.User.ExtraFields["k"]', message: /has no value/ },
  { name: 'a missing required int', call: () => shapes.put({ Order: { Customer: { Name: 'n' }, Lines: ['a'] } }), path: 'Order.Id', message: /required field Id is missing/ },
  { name: 'a missing required nested field', call: () => shapes.put(order({ Customer: {} })), path: 'Order.Customer.Name', message: /required field Name is missing/ },
  { name: 'a missing required complex field', call: () => shapes.put({ Order: { Id: 1, Lines: ['a'] } }), path: 'Order.Customer', message: /required field Customer is missing/ },
  { name: 'an empty required repeated field', call: () => shapes.put(order({ Lines: [] })), path: 'Order.Lines', message: /needs at least one item/ },
  { name: 'a repeated field that is not an array', call: () => shapes.put(order({ Lines: 'a' })), path: 'Order.Lines', message: /expected an array \(repeated element Lines\)/ },
  { name: 'null for a required, non-nillable field', call: () => shapes.put(order({ Id: null })), path: 'Order.Id', message: /Id is not nillable/ },
  { name: 'undefined inside a repeated field', call: () => shapes.put(order({ Lines: ['a', undefined] })), path: 'Order.Lines[1]', message: /undefined is not a value of Lines/ },
];

describe('every invalid input is refused with RequestValidationError and its path; nothing is sent', () => {
  test.each(CASES.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    fetchCalls = 0;
    const e = await rejection(c.call());
    if (!(e instanceof RequestValidationError)) throw new Error(`${c.name}: expected RequestValidationError, got ${describeOutcome(e)}`);
    expect(e.path).toBe(c.path);
    expect(e.message).toMatch(c.message);
    expect(e.operation).toBeDefined();
    expect(fetchCalls).toBe(0);
    fig.add('validation cases');
    fig.add('RequestValidationError');
  });
});

/** A deep copy in this realm (structuredClone would make Dates of the outer realm under jest). */
function cloneValue(v: unknown): unknown {
  if (v instanceof Date) return new Date(v.getTime());
  if (v instanceof Uint8Array) return v.slice();
  if (Array.isArray(v)) return v.map(cloneValue);
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) Object.defineProperty(out, k, { value: cloneValue(x), writable: true, enumerable: true, configurable: true });
    return out;
  }
  return v;
}

describe('property: an invalid character in any string of any operation input', () => {
  const arbs = new DescriptorArbitraries(ChatService, { maxDepth: 3, maxItems: 2 });
  const withLeaf = fc
    .constantFrom(...Object.values(ChatService.operations).filter((o) => o.input.fields.length > 0))
    .chain((op) => fc.tuple(fc.constant(op), arbs.wrapper(op.input)))
    .filter(([op, input]) => stringLeaves(arbs, elementFields(op.input.fields, op.name), input).length > 0);

  test('is refused with the leaf path, for every operation, and nothing is sent', async () => {
    let runs = 0;
    const opsHit = new Set<string>();
    await fc.assert(
      fc.asyncProperty(withLeaf, fc.nat(), invalidXmlChar, fc.nat(), async ([op, generated], which, bad, where) => {
        runs++;
        // A copy: fast-check reuses generated values while shrinking.
        const input = cloneValue(generated) as Record<string, unknown>;
        const leaves = stringLeaves(arbs, elementFields(op.input.fields, op.name), input);
        const leaf = leaves[which % leaves.length];
        const old = leaf.get();
        const at = where % (old.length + 1);
        leaf.set(old.slice(0, at) + bad + old.slice(at));
        fetchCalls = 0;
        const e = await rejection(chat[op.method](input));
        if (!(e instanceof RequestValidationError)) throw new Error(`expected RequestValidationError, got ${describeOutcome(e)}`);
        const expectedPath = leaf.key ? leaf.path.replace(/\["(?:[^"\\]|\\.)*"\]$/, `[${JSON.stringify(leaf.get())}]`) : leaf.path;
        expect(e.path).toBe(expectedPath);
        expect(fetchCalls).toBe(0);
        opsHit.add(op.name);
        fig.add('RequestValidationError');
      }),
      { seed: SEED, numRuns: 300 },
    );
    fig.add('property runs', runs);
    fig.note(`property reached ${opsHit.size} operations`);
  });

  test('valid inputs of every operation are sent (the validator does not over-reject)', async () => {
    let runs = 0;
    const ok = fc.constantFrom(...Object.values(ChatService.operations)).chain((op) => fc.tuple(fc.constant(op), arbs.wrapper(op.input)));
    await fc.assert(
      fc.asyncProperty(ok, async ([op, input]) => {
        runs++;
        fetchCalls = 0;
        const e = await rejection(chat[op.method](input, { retry: false }));
        // The fake server answers 599: the call got as far as sending.
        expect(fetchCalls).toBe(1);
        expect((e as Error).name).toBe('HttpError');
      }),
      { seed: SEED, numRuns: 200 },
    );
    fig.add('valid-input runs', runs);
  });
});
