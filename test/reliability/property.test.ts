/**
 * Item 4: property-based tests (fast-check, fixed seed, bounded runs).
 *
 * - Every named Chat type (walked from `ChatService.types`) round-trips encode → decode equal, in
 *   both directions (response and request), through an echo operation per type.
 * - Every Chat operation round-trips its input wrapper with its request headers, and its output
 *   wrapper with its response headers.
 * - Random text, random bytes and mutated valid envelopes fed to the decoder either decode or throw
 *   `ResponseFormatError` / `SoapFaultError`, nothing else, and always finish.
 */
import fc from 'fast-check';
import { isDeepStrictEqual } from 'node:util';
import { decodeRequest, decodeResponse, encodeRequest, encodeResponse } from '../../src/codec';
import { ChatService } from '../../src/generated/chat';
import { elementFields } from '../../src/runtime/codec/plan';
import { ResponseFormatError, SoapFaultError } from '../../src/runtime/client/errors';
import { DescriptorArbitraries, echoService, xmlString } from './arbitraries';
import { SEED, describeOutcome, figures } from './helpers';

jest.setTimeout(120_000);

const fig = figures('property');
const RUNS_PER_TYPE = 200;
const RUNS_PER_OPERATION = 100;
const RUNS_FUZZ = 1000;

const Echo = echoService(ChatService);
const arbs = new DescriptorArbitraries(Echo, { maxDepth: 3, maxItems: 3 });
const typeNames = Object.keys(ChatService.types);

const params = (numRuns: number): fc.Parameters<unknown> => ({ seed: SEED, numRuns, endOnFailure: false });

/** Deep strict equality (prototypes, Dates by time, NaN equal to NaN, -0 not 0); jest's diff only on failure. */
function expectSame(actual: unknown, expected: unknown): void {
  if (!isDeepStrictEqual(actual, expected)) expect(actual).toStrictEqual(expected);
}

describe('every Chat type round-trips encode → decode', () => {
  test('the walk covers every named type of the descriptor', () => {
    expect(typeNames.length).toBe(63);
    const kinds = new Set(typeNames.map((t) => ChatService.types[t].kind));
    expect([...kinds].sort()).toEqual(['array', 'complex', 'dictionary', 'enum', 'flags']);
  });

  test.each(typeNames)('%s', (type) => {
    const op = `Echo${type}`;
    let runs = 0;
    fc.assert(
      fc.property(arbs.value(type), (value) => {
        runs++;
        const response = encodeResponse(Echo, op, { Value: value });
        expectSame(decodeResponse(Echo, op, response), { headers: {}, body: { Value: value } });
        const request = encodeRequest(Echo, op, { Value: value });
        expectSame(decodeRequest(Echo, op, Buffer.from(request, 'utf8')), { headers: {}, body: { Value: value } });
      }),
      params(RUNS_PER_TYPE),
    );
    fig.add('type round-trip runs', runs);
    fig.add('types covered');
  });
});

const chatArbs = new DescriptorArbitraries(ChatService, { maxDepth: 3, maxItems: 3 });
/** Smaller values for the fuzzers: the mutations matter, not the size. */
const fuzzArbs = new DescriptorArbitraries(ChatService, { maxDepth: 2, maxItems: 2 });
const operations = Object.values(ChatService.operations);

describe('every Chat operation round-trips its input and output with headers', () => {
  test.each(operations.map((o) => o.name))('%s', (name) => {
    const op = ChatService.operations[name];
    let runs = 0;
    fc.assert(
      fc.property(chatArbs.wrapper(op.input), chatArbs.headers(op.inputHeaders), chatArbs.wrapper(op.output), chatArbs.headers(op.outputHeaders), (input, inHeaders, output, outHeaders) => {
        runs++;
        const request = encodeRequest(ChatService, name, input, inHeaders);
        expectSame(decodeRequest(ChatService, name, request), { headers: inHeaders, body: input });
        const response = encodeResponse(ChatService, name, output, outHeaders);
        expectSame(decodeResponse(ChatService, name, response), { headers: outHeaders, body: output });
      }),
      params(RUNS_PER_OPERATION),
    );
    fig.add('operation round-trip runs', runs);
    fig.add('operations covered');
  });
});

// ---------------------------------------------------------------------------------------------
// fuzzing the decoder

const SOAP11 = 'http://schemas.xmlsoap.org/soap/envelope/';
const SOAP12 = 'http://www.w3.org/2003/05/soap-envelope';
const XSI = 'http://www.w3.org/2001/XMLSchema-instance';
const XSD = 'http://www.w3.org/2001/XMLSchema';
const TNS = ChatService.namespace;

const names = new Set<string>(['Envelope', 'Header', 'Body', 'Fault', 'faultcode', 'faultstring', 'detail', 'Key', 'Value', 'int', 'Response']);
for (const [n, t] of Object.entries(ChatService.types)) {
  names.add(n);
  if (t.kind === 'complex') elementFields(t.fields, n).forEach((f) => names.add(f.name));
  if (t.kind === 'array') names.add(t.item.name);
  if (t.kind === 'dictionary') names.add(t.entry);
}
for (const o of operations) {
  names.add(o.input.element);
  names.add(o.output.element);
  elementFields(o.output.fields, o.name).forEach((f) => names.add(f.name));
}
for (const h of Object.values(ChatService.headers)) names.add(h.name);
const NAMES = [...names];
const TYPE_NAMES = Object.values(ChatService.types).map((t) => t.name);
const BUILTINS = ['string', 'int', 'short', 'long', 'boolean', 'dateTime', 'double', 'decimal', 'base64Binary', 'anyType', 'gYear', 'duration'];
const VALUES = ['', ' ', '0', '-0', '1', '-1', '2147483647', '2147483648', '-2147483649', '99999999999999999999', '1.5', '1e400', 'INF', '-INF', 'NaN', 'true', 'false', 'yes', '2024-02-29T23:59:59.9999999+14:00', '2024-02-30T00:00:00Z', '0001-01-01T00:00:00', '-0001-01-01T00:00:00Z', 'P1D', 'PT', 'P', 'ToUser', 'UserIsTyping Bogus', 'AAAA', '00000000-0000-0000-0000-000000000000'];

const nameArb = fc.constantFrom(...NAMES);
const prefixArb = fc.constantFrom('', 's:', 'q:', 'xsi:', 'i:');
const attrArb = fc.oneof(
  fc.constantFrom(` xmlns:i="${XSI}" i:nil="true"`, ` xmlns:i="${XSI}" i:nil="false"`, ` xmlns:i="${XSI}" i:nil="x"`, ' i:nil="true"', ` xmlns="${TNS}"`, ' xmlns="urn:other"', ' xmlns=""', ` xmlns:s="${SOAP12}"`, ` xmlns:s="${SOAP11}"`, ' xmlns:q="urn:q"', ' s:mustUnderstand="1"', ' xml:lang="en"'),
  fc.constantFrom(...TYPE_NAMES).map((t) => ` xmlns:i="${XSI}" xmlns:t="${TNS}" i:type="t:${t}"`),
  fc.constantFrom(...TYPE_NAMES).map((t) => ` xmlns:i="${XSI}" i:type="${t}"`),
  fc.constantFrom(...BUILTINS).map((b) => ` xmlns:i="${XSI}" xmlns:x="${XSD}" i:type="x:${b}"`),
  fc.constantFrom(...TYPE_NAMES).map((t) => ` xmlns:i="${XSI}" i:type="nope:${t}"`),
);
const textArb = fc.oneof(
  fc.constantFrom('<', '>', '&', '&amp;', '&#0;', '&#65;', '&#x10FFFF;', '&bogus;', ']]>', '<![CDATA[<x>]]>', '<!--c-->', '<?pi x?>', '<!DOCTYPE x>', '</s:Body>', '<s:Body>', '</s:Envelope>', '"', "'", '='),
  fc.constantFrom(
    `<s:Fault><faultcode>s:Client</faultcode><faultstring>f</faultstring><detail><a b="1">t &amp; <c/></a></detail></s:Fault>`,
    `<s:Fault><s:Code><s:Value>s:Sender</s:Value></s:Code><s:Reason><s:Text>r</s:Text></s:Reason><s:Detail>d</s:Detail></s:Fault>`,
    `<s:Header><Succeeded xmlns="${TNS}">false</Succeeded></s:Header>`,
    `<ExceptionInfo xmlns="${TNS}"><Message>m</Message><InnerException><Message>i</Message></InnerException></ExceptionInfo>`,
    `<ExtraInfo xmlns="${TNS}"><ExtraInfoNameValuePair><Key>k</Key><Value>v</Value></ExtraInfoNameValuePair></ExtraInfo>`,
  ),
  fc.tuple(prefixArb, nameArb).map(([p, n]) => `<${p}${n}>`),
  fc.tuple(prefixArb, nameArb).map(([p, n]) => `</${p}${n}>`),
  fc.tuple(prefixArb, nameArb, attrArb).map(([p, n, a]) => `<${p}${n}${a}/>`),
  fc.tuple(nameArb, fc.constantFrom(...VALUES)).map(([n, v]) => `<${n}>${v}</${n}>`),
  xmlString(8),
);

type Mutation =
  | { kind: 'delete'; at: number; len: number }
  | { kind: 'insert'; at: number; text: string }
  | { kind: 'truncate'; at: number }
  | { kind: 'duplicate'; at: number; len: number }
  | { kind: 'attr'; nth: number; attr: string }
  | { kind: 'rename'; nth: number; to: string }
  | { kind: 'dupElement'; nth: number }
  | { kind: 'value'; nth: number; to: string }
  | { kind: 'flip'; at: number; byte: number };

const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), len: fc.integer({ min: 1, max: 40 }) }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), text: textArb }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('duplicate' as const), at: fc.nat(), len: fc.integer({ min: 1, max: 200 }) }),
  fc.record({ kind: fc.constant('attr' as const), nth: fc.nat(), attr: attrArb }),
  fc.record({ kind: fc.constant('rename' as const), nth: fc.nat(), to: nameArb }),
  fc.record({ kind: fc.constant('dupElement' as const), nth: fc.nat() }),
  fc.record({ kind: fc.constant('value' as const), nth: fc.nat(), to: fc.oneof(fc.constantFrom(...VALUES), xmlString(6)) }),
  fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), byte: fc.nat(255) }),
);

function nthMatch(text: string, re: RegExp, nth: number): RegExpExecArray | undefined {
  const all = [...text.matchAll(re)];
  return all.length === 0 ? undefined : (all[nth % all.length] as RegExpExecArray);
}

function mutate(xml: string, mutations: readonly Mutation[]): string | Uint8Array {
  let s = xml;
  const flips: { at: number; byte: number }[] = [];
  for (const m of mutations) {
    const at = s.length === 0 ? 0 : ('at' in m ? m.at % (s.length + 1) : 0);
    switch (m.kind) {
      case 'delete':
        s = s.slice(0, at) + s.slice(at + m.len);
        break;
      case 'insert':
        s = s.slice(0, at) + m.text + s.slice(at);
        break;
      case 'truncate':
        s = s.slice(0, at);
        break;
      case 'duplicate':
        s = s.slice(0, at + m.len) + s.slice(at, at + m.len) + s.slice(at + m.len);
        break;
      case 'attr': {
        const hit = nthMatch(s, /<[\w.:-]+/g, m.nth);
        if (hit) s = s.slice(0, hit.index + hit[0].length) + m.attr + s.slice(hit.index + hit[0].length);
        break;
      }
      case 'rename': {
        const hit = nthMatch(s, /<([\w.-]+:)?([\w.-]+)(?=[\s/>])/g, m.nth);
        if (hit) s = s.replace(new RegExp(`(</?(?:[\\w.-]+:)?)${hit[2]}(?=[\\s/>])`, 'g'), `$1${m.to}`);
        break;
      }
      case 'dupElement': {
        const hit = nthMatch(s, /<([\w.:-]+)(\s[^>]*)?>[^<]*<\/\1>/g, m.nth);
        if (hit) s = s.slice(0, hit.index) + hit[0] + hit[0] + s.slice(hit.index + hit[0].length);
        break;
      }
      case 'value': {
        const hit = nthMatch(s, /(<([\w.:-]+)(?:\s[^>]*)?>)([^<]*)(<\/\2>)/g, m.nth);
        if (hit) s = s.slice(0, hit.index) + hit[1] + m.to + hit[4] + s.slice(hit.index + hit[0].length);
        break;
      }
      case 'flip':
        flips.push({ at: m.at, byte: m.byte });
        break;
    }
  }
  if (flips.length === 0) return s;
  const bytes = new Uint8Array(Buffer.from(s, 'utf8'));
  for (const f of flips) if (bytes.length > 0) bytes[f.at % bytes.length] = f.byte;
  return bytes;
}

/** Decode and classify: 'ok', or the error class name; anything but the documented errors fails. */
function outcome(fn: () => unknown): string {
  try {
    fn();
    return 'decoded';
  } catch (e) {
    if (e instanceof ResponseFormatError || e instanceof SoapFaultError) return e.name;
    throw new Error(`the decoder threw something other than ResponseFormatError/SoapFaultError: ${describeOutcome(e)}\n${(e as Error)?.stack ?? ''}`, { cause: e });
  }
}

const opNames = operations.map((o) => o.name);
let slowestMs = 0;

function timed(fn: () => string): string {
  const started = performance.now();
  const r = fn();
  slowestMs = Math.max(slowestMs, performance.now() - started);
  return r;
}

describe('the decoder only ever throws the documented errors, and always finishes', () => {
  afterAll(() => fig.note(`slowest fuzz decode ${slowestMs.toFixed(1)} ms (reported, not asserted)`));

  test('random XML-ish text', () => {
    let runs = 0;
    fc.assert(
      fc.property(fc.array(textArb, { maxLength: 30 }), fc.constantFrom(...opNames), fc.boolean(), (tokens, op, wrap) => {
        runs++;
        const inner = tokens.join('');
        const text = wrap ? `<s:Envelope xmlns:s="${SOAP11}"><s:Body>${inner}</s:Body></s:Envelope>` : inner;
        fig.add(`fuzz outcome ${timed(() => outcome(() => decodeResponse(ChatService, op, text)))}`);
      }),
      params(RUNS_FUZZ),
    );
    fig.add('fuzz runs', runs);
  });

  test('random bytes', () => {
    let runs = 0;
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.constantFrom(...opNames), fc.constantFrom([], [0xef, 0xbb, 0xbf], [0xff, 0xfe], [0xfe, 0xff]), (bytes, op, bom) => {
        runs++;
        const input = new Uint8Array([...bom, ...bytes]);
        fig.add(`fuzz outcome ${timed(() => outcome(() => decodeResponse(ChatService, op, input)))}`);
      }),
      params(RUNS_FUZZ),
    );
    fig.add('fuzz runs', runs);
  });

  test('mutated valid response envelopes (decoded as their own and as another operation)', () => {
    let runs = 0;
    const envelope = fc.constantFrom(...opNames).chain((op) =>
      fc.tuple(fc.constant(op), fuzzArbs.wrapper(ChatService.operations[op].output), fuzzArbs.headers(ChatService.operations[op].outputHeaders)),
    );
    fc.assert(
      fc.property(envelope, fc.array(mutationArb, { minLength: 1, maxLength: 4 }), fc.constantFrom(...opNames), ([op, body, headers], mutations, other) => {
        runs++;
        const mutated = mutate(encodeResponse(ChatService, op, body, headers), mutations);
        fig.add(`fuzz outcome ${timed(() => outcome(() => decodeResponse(ChatService, op, mutated)))}`);
        fig.add(`fuzz outcome ${timed(() => outcome(() => decodeResponse(ChatService, other, mutated, { maxDepth: 12 })))}`);
      }),
      params(RUNS_FUZZ),
    );
    fig.add('fuzz runs', runs);
  });

  test('mutated valid request envelopes (the simulator side of the same decoder)', () => {
    let runs = 0;
    const envelope = fc.constantFrom(...opNames).chain((op) =>
      fc.tuple(fc.constant(op), fuzzArbs.wrapper(ChatService.operations[op].input), fuzzArbs.headers(ChatService.operations[op].inputHeaders)),
    );
    fc.assert(
      fc.property(envelope, fc.array(mutationArb, { minLength: 1, maxLength: 4 }), ([op, body, headers], mutations) => {
        runs++;
        const mutated = mutate(encodeRequest(ChatService, op, body, headers), mutations);
        fig.add(`fuzz outcome ${timed(() => outcome(() => decodeRequest(ChatService, op, mutated)))}`);
      }),
      params(RUNS_FUZZ),
    );
    fig.add('fuzz runs', runs);
  });
});
