/**
 * The compiled envelopes (src/runtime/codec/compiled-encoder.ts) are the interpreter's output, byte
 * for byte, and its errors, message and path: compared over random values of every Chat operation
 * (with headers, valid and mutated into invalid ones) and random descriptors with the constructs
 * beyond WCF (which the fast path hands to the interpreter member by member); the shaped envelopes
 * (one function per shape of values) over the shape they were made from, the same shape with other
 * values, and values of other shapes. The interpreter's result comes from a copy of the same
 * descriptor whose compiled envelopes are switched off.
 */
import fc from 'fast-check';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { encodeRequest, encodeResponse } from '../../src/codec.js';
import { ChatService } from '../../src/generated/chat/index.js';
import { servicePlan } from '../../src/runtime/codec/plan.js';
import type { ServiceDescriptor } from '../../src/runtime/codec/descriptor.js';
import { DescriptorArbitraries } from '../reliability/arbitraries.js';
import { serviceArbitrary, valueOf } from '../reliability/xsd-arbitraries.js';
import { SEED } from '../reliability/helpers.js';

jest.setTimeout(120_000);

const ROOT = join(__dirname, '..', '..');

/** A copy of `service` that always takes the interpreter. */
function interpreted(service: ServiceDescriptor): ServiceDescriptor {
  const copy = structuredClone(service);
  for (const op of servicePlan(copy).operations.values()) {
    op.input.encoder = { headers: op.inputHeaders, run: null, general: null, wait: 0, tries: 0 };
    op.output.encoder = { headers: op.outputHeaders, run: null, general: null, wait: 0, tries: 0 };
  }
  return copy;
}

/** Write enough envelopes of every operation of `service` for their compiled encoders to be made (they are compiled once used often). */
function warm(service: ServiceDescriptor): ServiceDescriptor {
  for (const name of Object.keys(service.operations)) {
    for (let i = 0; i < 16; i++) {
      outcome(() => encodeRequest(service, name, undefined, undefined));
      outcome(() => encodeResponse(service, name, undefined, undefined));
    }
  }
  return service;
}

type Outcome = { xml: string } | { error: string; message: string; path: unknown };

function outcome(fn: () => string): Outcome {
  try {
    return { xml: fn() };
  } catch (e) {
    const err = e as Error & { path?: unknown };
    return { error: err.name, message: err.message, path: err.path };
  }
}

function expectSame(actual: unknown, expected: unknown): void {
  if (!isDeepStrictEqual(actual, expected)) expect(actual).toStrictEqual(expected);
}

/** Whether the compiled envelope of `operation`'s request wrote `input` itself (not handed to the interpreter). */
function compiledWrites(service: ServiceDescriptor, operation: string, input: unknown, headers: unknown): boolean {
  // (the first encode compiles it)
  outcome(() => encodeRequest(service, operation, input, headers as object));
  const run = servicePlan(service).operations.get(operation)!.input.encoder!.run as ((i: unknown, h: unknown) => string | undefined) | null;
  if (run === null) return false;
  try {
    return run(input, headers) !== undefined;
  } catch {
    return false;
  }
}

type Envelope = (i: unknown, h: unknown) => string | undefined;

/**
 * Make `operation`'s shaped envelope (the function for one shape of values) from `input` and
 * `headers`, its first function (which takes any shape) counting the values handed to it. Needs the
 * envelope compiled (`warm`). `shaped`: whether a shaped envelope was made; `misses()`: values the
 * shaped one has handed on since.
 */
function shapeFrom(service: ServiceDescriptor, operation: string, input: unknown, headers: unknown): { shaped: boolean; misses: () => number } {
  const wrapper = servicePlan(service).operations.get(operation)!.input;
  const made = wrapper.encoder!;
  const general = made.general as Envelope | null;
  if (general === null) return { shaped: false, misses: () => 0 };
  let misses = 0;
  const counting: Envelope = (i, h) => {
    misses++;
    return general(i, h);
  };
  // (the next encode tries a shaped envelope, from the value it writes)
  wrapper.encoder = { headers: made.headers, run: counting, general: counting, wait: 1, tries: 0 };
  outcome(() => encodeRequest(service, operation, input, headers as object));
  misses = 0;
  return { shaped: wrapper.encoder.run !== counting, misses: () => misses };
}

/** `value` with every leaf changed but its shape kept: strings longer (with characters to escape), numbers smaller, Dates later, booleans flipped. */
function sameShape(value: unknown): unknown {
  if (typeof value === 'string') return value === '' ? '' : `${value}&<>`;
  if (typeof value === 'number') return Number.isInteger(value) ? value - Math.sign(value) : value / 2;
  if (typeof value === 'boolean') return !value;
  if (value instanceof Date) return new Date(value.getTime() + 1000);
  if (Array.isArray(value)) return value.map(sameShape);
  if (typeof value === 'object' && value !== null && !ArrayBuffer.isView(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, sameShape(v)]));
  return value;
}

const Interpreted = interpreted(ChatService);
warm(ChatService);
const arbs = new DescriptorArbitraries(ChatService, { maxDepth: 3, maxItems: 3 });
const operations = Object.values(ChatService.operations);

/** Values that break a rule somewhere: a wrong type, null where nil is not allowed, an unknown key, a required field left out. */
const BAD_VALUES: unknown[] = ['text', 1.5, 2 ** 31, 2 ** 40, -1, NaN, null, true, {}, [], new Date(Number.NaN), new Date(0), undefined, '\u0000', 'a&b<c>', Symbol('s'), 10n];

function mutate(value: unknown, choice: number, bad: unknown): unknown {
  if (typeof value !== 'object' || value === null || value instanceof Date) return bad;
  const copy: Record<string, unknown> = Array.isArray(value) ? ([...value] as unknown as Record<string, unknown>) : { ...(value as Record<string, unknown>) };
  const keys = Object.keys(copy);
  if (keys.length === 0 || choice % 7 === 0) {
    copy[`Unknown${choice % 3}`] = bad;
    return copy;
  }
  const k = keys[choice % keys.length];
  copy[k] = choice % 2 === 0 ? mutate(copy[k], Math.floor(choice / 3), bad) : bad;
  return copy;
}

describe('Chat operations: compiled envelopes write what the interpreter writes', () => {
  test.each(operations.map((o) => o.name))('%s', (name) => {
    const op = ChatService.operations[name];
    let fast = 0;
    let runs = 0;
    fc.assert(
      fc.property(arbs.wrapper(op.input), arbs.headers(op.inputHeaders), arbs.wrapper(op.output), arbs.headers(op.outputHeaders), (input, inHeaders, output, outHeaders) => {
        runs++;
        expectSame(outcome(() => encodeRequest(ChatService, name, input, inHeaders)), outcome(() => encodeRequest(Interpreted, name, input, inHeaders)));
        expectSame(outcome(() => encodeResponse(ChatService, name, output, outHeaders)), outcome(() => encodeResponse(Interpreted, name, output, outHeaders)));
        if (compiledWrites(ChatService, name, input, inHeaders)) fast++;
      }),
      { seed: SEED, numRuns: 60, endOnFailure: false },
    );
    // (every Chat wrapper is plain elements: the fast path writes most requests itself)
    expect(fast).toBeGreaterThan(runs / 4);
  });

  test('invalid values: the same error, message and path', () => {
    const withOp = fc.constantFrom(...operations).chain((op) =>
      fc.tuple(fc.constant(op.name), arbs.wrapper(op.input), arbs.headers(op.inputHeaders), fc.nat(), fc.constantFrom(...BAD_VALUES), fc.boolean()),
    );
    let errors = 0;
    fc.assert(
      fc.property(withOp, ([name, input, headers, choice, bad, inHeaders]) => {
        const i = inHeaders ? input : mutate(input, choice, bad);
        const h = inHeaders ? mutate(headers, choice, bad) : headers;
        const compiled = outcome(() => encodeRequest(ChatService, name, i, h as object));
        expectSame(compiled, outcome(() => encodeRequest(Interpreted, name, i, h as object)));
        if ('error' in compiled) errors++;
      }),
      { seed: SEED, numRuns: 1500, endOnFailure: false },
    );
    expect(errors).toBeGreaterThan(300);
  });

  test('shaped envelopes: the interpreter\'s output for the shape they were made from, the same shape with other values, and any other value', () => {
    const withOp = fc.constantFrom(...operations).chain((op) =>
      fc.tuple(fc.constant(op.name), arbs.wrapper(op.input), arbs.headers(op.inputHeaders), arbs.wrapper(op.input), arbs.headers(op.inputHeaders), fc.nat(), fc.constantFrom(...BAD_VALUES, '', 0, {})),
    );
    let shaped = 0;
    let runs = 0;
    fc.assert(
      fc.property(withOp, ([name, input, headers, other, otherHeaders, choice, bad]) => {
        runs++;
        const shape = shapeFrom(ChatService, name, input, headers);
        const same = (i: unknown, h: unknown) => expectSame(outcome(() => encodeRequest(ChatService, name, i, h as object)), outcome(() => encodeRequest(Interpreted, name, i, h as object)));
        same(input, headers);
        if (shape.shaped) {
          // (the value it was made from is written by the shaped envelope itself)
          expect(shape.misses()).toBe(0);
          shaped++;
        }
        same(sameShape(input), sameShape(headers));
        same(other, otherHeaders);
        same(mutate(input, choice, bad), headers);
        same(input, mutate(headers, choice, bad));
      }),
      { seed: SEED, numRuns: 1500, endOnFailure: false },
    );
    expect(shaped).toBeGreaterThan(runs / 4);
  });

  test('a shaped envelope is made when the envelope is compiled, and tried again later when that value had no shape it writes', () => {
    const fresh = structuredClone(ChatService);
    const wrapper = servicePlan(fresh).operations.get('DeleteChatSessionEntity')!.input;
    const headers = { ApplicationToken: 'app', Credentials: { Ticket: '7T:abc' } };
    for (let i = 0; i < 16; i++) encodeRequest(fresh, 'DeleteChatSessionEntity', { ChatSessionEntityId: i }, headers);
    expect(wrapper.encoder!.run).not.toBe(wrapper.encoder!.general);
    // what only reading a member shows (an inherited `$type`, a non-enumerable key) is handed on, as by the first function
    const inherited = Object.assign(Object.create({ $type: 'Credentials' }) as object, { Ticket: 't' });
    const hidden = Object.defineProperty({ Ticket: 't' }, '$type', { value: 'Credentials', enumerable: false });
    for (const Credentials of [inherited, hidden]) {
      const h = { ...headers, Credentials };
      expectSame(outcome(() => encodeRequest(fresh, 'DeleteChatSessionEntity', { ChatSessionEntityId: 1 }, h)), outcome(() => encodeRequest(Interpreted, 'DeleteChatSessionEntity', { ChatSessionEntityId: 1 }, h)));
    }
    // No user code runs to read a shape: a getter or a proxy gives none (the getter is read once per call, by the code writing it) …
    for (const odd of ['getter', 'proxy']) {
      const other = structuredClone(ChatService);
      const w2 = servicePlan(other).operations.get('DeleteChatSessionEntity')!.input;
      let reads = 0;
      const value =
        odd === 'getter'
          ? {
              get ChatSessionEntityId() {
                reads++;
                return 1;
              },
            }
          : new Proxy({ ChatSessionEntityId: 1 }, { get: (t, k) => (k === 'ChatSessionEntityId' && reads++, Reflect.get(t, k)) });
      for (let i = 0; i < 16; i++) encodeRequest(other, 'DeleteChatSessionEntity', value, headers);
      expect(reads).toBe(16);
      expect(w2.encoder!.run).toBe(w2.encoder!.general);
      // … and plain values later do: tried again 32 calls on
      for (let i = 0; i < 31; i++) encodeRequest(other, 'DeleteChatSessionEntity', { ChatSessionEntityId: i }, headers);
      expect(w2.encoder!.run).toBe(w2.encoder!.general);
      encodeRequest(other, 'DeleteChatSessionEntity', { ChatSessionEntityId: 31 }, headers);
      expect(w2.encoder!.run).not.toBe(w2.encoder!.general);
    }
  });

  test('an envelope is compiled once its operation has been written 16 times (the interpreter writes the first ones)', () => {
    const fresh = structuredClone(ChatService);
    const wrapper = servicePlan(fresh).operations.get('DeleteChatSessionEntity')!.input;
    for (let i = 0; i < 15; i++) encodeRequest(fresh, 'DeleteChatSessionEntity', { ChatSessionEntityId: i });
    expect(wrapper.encoder).toBeUndefined();
    expect(encodeRequest(fresh, 'DeleteChatSessionEntity', { ChatSessionEntityId: 15 })).toBe(encodeRequest(Interpreted, 'DeleteChatSessionEntity', { ChatSessionEntityId: 15 }));
    expect(typeof wrapper.encoder?.run).toBe('function');
  });

  test('the fast path writes a DeleteChatSessionEntity request with the SuperOffice headers; nil, empty and escaped values too', () => {
    const headers = { ApplicationToken: 'app&<tok>', Credentials: { Ticket: '7T:abc' }, TimeZone: { SoTimeZoneId: 0, SoTimeZoneLocationCode: null } };
    for (const input of [{ ChatSessionEntityId: 5 }, { ChatSessionEntityId: -2147483648 }, {}, undefined]) {
      expect(compiledWrites(ChatService, 'DeleteChatSessionEntity', input, headers)).toBe(true);
      expectSame(encodeRequest(ChatService, 'DeleteChatSessionEntity', input, headers), encodeRequest(Interpreted, 'DeleteChatSessionEntity', input, headers));
    }
    expect(encodeRequest(ChatService, 'DeleteChatSessionEntity', { ChatSessionEntityId: 5 }, headers)).toContain('<ns:ApplicationToken>app&amp;&lt;tok&gt;</ns:ApplicationToken>');
    for (const bad of [2147483648, 1.5, '5', null, -0.5]) {
      expect(compiledWrites(ChatService, 'DeleteChatSessionEntity', { ChatSessionEntityId: bad }, headers)).toBe(false);
      expectSame(outcome(() => encodeRequest(ChatService, 'DeleteChatSessionEntity', { ChatSessionEntityId: bad })), outcome(() => encodeRequest(Interpreted, 'DeleteChatSessionEntity', { ChatSessionEntityId: bad })));
    }
  });

  test('an encode started from inside another (a getter on the input) gets its own namespaces', () => {
    const inner = { ChatSessionEntityId: 2 };
    let nested = '';
    const outer = {
      get ChatSessionEntityId() {
        nested = encodeRequest(ChatService, 'DeleteChatSessionEntity', inner, { TimeZone: null });
        return 1;
      },
    };
    const xml = encodeRequest(ChatService, 'DeleteChatSessionEntity', outer, { ApplicationToken: 'a' });
    expect(xml).toBe(encodeRequest(Interpreted, 'DeleteChatSessionEntity', { ChatSessionEntityId: 1 }, { ApplicationToken: 'a' }));
    expect(nested).toBe(encodeRequest(Interpreted, 'DeleteChatSessionEntity', inner, { TimeZone: null }));
  });
});

test('random descriptors with attributes, choices, groups, xs:any and keys: the same output as the interpreter', () => {
  const withValue = serviceArbitrary.chain((service) => fc.tuple(fc.constant(service), valueOf(service, 'Root'), fc.nat(), fc.constantFrom(...BAD_VALUES), fc.boolean()));
  fc.assert(
    fc.property(withValue, ([service, value, choice, bad, broken]) => {
      const v = broken ? mutate(value, choice, bad) : value;
      const plain = interpreted(service);
      warm(service);
      // (the request's envelope shaped from the valid value, when it has a shape the fast path writes)
      shapeFrom(service, 'Put', { Value: value }, undefined);
      for (const x of [value, sameShape(value)]) expectSame(outcome(() => encodeRequest(service, 'Put', { Value: x })), outcome(() => encodeRequest(plain, 'Put', { Value: x })));
      expectSame(outcome(() => encodeRequest(service, 'Put', { Value: v })), outcome(() => encodeRequest(plain, 'Put', { Value: v })));
      expectSame(outcome(() => encodeResponse(service, 'Put', { Value: v })), outcome(() => encodeResponse(plain, 'Put', { Value: v })));
    }),
    { seed: SEED, numRuns: 300, endOnFailure: false },
  );
});

test('with code generation from strings disallowed, the interpreter writes the same envelope', () => {
  const input = { ChatSessionEntityId: 77 };
  const headers = { ApplicationToken: 'app', Credentials: { Ticket: 't&k' } };
  const script = `
    try { new Function('return 1'); process.stdout.write('COMPILES'); process.exit(3); } catch {}
    const { encodeDeleteChatSessionEntity } = require(${JSON.stringify(join(ROOT, 'dist/src/index.js'))});
    process.stdout.write(encodeDeleteChatSessionEntity(JSON.parse(process.argv[1]), JSON.parse(process.argv[2])));
  `;
  const out = execFileSync(process.execPath, ['--disallow-code-generation-from-strings', '-e', script, JSON.stringify(input), JSON.stringify(headers)], { encoding: 'utf8' });
  expect(out).toBe(encodeRequest(ChatService, 'DeleteChatSessionEntity', input, headers));
});
