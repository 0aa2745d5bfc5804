/**
 * The decoder's fast paths (decode.ts `expectation` / `leaf` / `openExpected` / `nilTail` /
 * `leafNil`, xml-scanner.ts `XmlExpectation`): a simple field the decoder expects next is read whole
 * by the scanner, without an element frame (also when written `<X xsi:nil="true"/>`), and the start
 * tag of a structured element it expects is reported without its name. They must change nothing
 * but the speed, so every document here is decoded twice: as written, and with a space before the
 * `>` or `/>` of every start tag without attributes (`<Id >`) and before the `/>` of every empty tag
 * with attributes (`<Id xsi:nil="true" />`), which the fast paths never take and which means the
 * same document. Values, and errors (class, message without line and column, path), must be the
 * same; counts of the scanner's leaf, leafNil and openExpected calls show the fast paths ran.
 *
 * Documents: every Chat operation's responses from random values (fast-check, fixed seed), each also
 * with its elements prefixed, unqualified, values replaced by wrong ones or by nil (with the XSI
 * prefix of the encoder, another one, or `xsi` bound to another namespace), elements duplicated,
 * swapped, dropped or renamed, and with a small `maxDepth`.
 */
import fc from 'fast-check';
import { decodeResponse, encodeResponse } from '../../src/codec';
import { ChatService } from '../../src/generated/chat';
import type { XmlEvents, XmlScanLimits } from '../../src/runtime/xml/xml-scanner';
import { DescriptorArbitraries } from './arbitraries';
import { SEED, figures } from './helpers';

jest.setTimeout(120_000);

const mockLeafCalls = { n: 0, opened: 0, nil: 0 };
jest.mock('../../src/runtime/xml/xml-scanner', () => {
  const actual = jest.requireActual('../../src/runtime/xml/xml-scanner');
  return {
    ...actual,
    // the decoder's events, with its leaf and openExpected calls counted
    scanXml(text: string, events: XmlEvents, limits: XmlScanLimits): void {
      const counted: XmlEvents = {
        open: (name, attributes, start) => events.open(name, attributes, start),
        text: (t) => events.text(t),
        close: (name, end) => events.close(name, end),
        leaf: (t) => {
          mockLeafCalls.n++;
          return events.leaf!(t);
        },
        openExpected: (start) => {
          mockLeafCalls.opened++;
          return events.openExpected!(start);
        },
        nilTail: () => events.nilTail!(),
        leafNil: () => {
          mockLeafCalls.nil++;
          return events.leafNil!();
        },
      };
      actual.scanXml(text, counted, limits);
    },
  };
});

const fig = figures('leaf-reading');
const RUNS_PER_OPERATION = 40;
const TNS = ChatService.namespace;

type Outcome = { ok: true; value: unknown } | { ok: false; error: string; message: string; path: unknown };

function outcome(xml: string, operation: string, maxDepth?: number): Outcome {
  try {
    return { ok: true, value: decodeResponse(ChatService, operation, xml, maxDepth === undefined ? {} : { maxDepth }) };
  } catch (e) {
    const err = e as Error & { path?: unknown };
    // (the space added before '>' moves later columns)
    return { ok: false, error: err.name, message: err.message.replace(/ \(line \d+, column \d+\)/g, ''), path: err.path };
  }
}

/**
 * The same document with a space before the `>` or `/>` of every start tag without attributes, and
 * before the `/>` of empty tags with attributes (the encoder quotes with `"` and escapes it in values
 * and text): the fast paths never take such an element.
 */
function usualPath(xml: string): string {
  return xml.replace(/<([^\s<>/!?]+)(\/?)>/g, '<$1 $2>').replace(/"\/>/g, '" />');
}

/** Decode `xml` both ways; returns the leaf calls of the fast way. */
function same(xml: string, operation: string, maxDepth?: number): number {
  const before = mockLeafCalls.n;
  const fast = outcome(xml, operation, maxDepth);
  const leaves = mockLeafCalls.n - before;
  const opened = mockLeafCalls.opened;
  const nils = mockLeafCalls.nil;
  const slow = outcome(usualPath(xml), operation, maxDepth);
  if (mockLeafCalls.n - before !== leaves || mockLeafCalls.opened !== opened || mockLeafCalls.nil !== nils) throw new Error('the usual-path document was read by the fast path');
  expect({ xml, outcome: fast }).toStrictEqual({ xml, outcome: slow });
  fig.add(fast.ok ? 'decoded' : 'refused');
  return leaves;
}

/** Elements of the body with text content only (`<X>text</X>`), as [start, end, name]. */
function leaves(xml: string): [number, number, string][] {
  const body = xml.indexOf('Body>');
  const out: [number, number, string][] = [];
  for (const m of xml.matchAll(/<([\w.:]+)>[^<]*<\/\1>/g)) if (m.index > body) out.push([m.index, m.index + m[0].length, m[1]]);
  return out;
}

/** Elements of the body below the wrapper with element content (`<X><Y…</X>`), as [start, end, name] (the end: the first `</X>` after the start). */
function structured(xml: string): [number, number, string][] {
  const body = xml.indexOf('Body>');
  const out: [number, number, string][] = [];
  let first = true;
  for (const m of xml.matchAll(/<([\w.:]+)><(?!\/)/g)) {
    if (m.index < body) continue;
    if (first) {
      first = false; // (the wrapper)
      continue;
    }
    const end = xml.indexOf(`</${m[1]}>`, m.index);
    if (end > 0) out.push([m.index, end + m[1].length + 3, m[1]]);
  }
  return out;
}

type Found = (xml: string) => [number, number, string][];

/** A variant: one of the elements `find` finds (by `pick`) written twice. */
const twice =
  (find: Found) =>
  (xml: string, pick: number): string => {
    const all = find(xml);
    if (all.length === 0) return xml;
    const [start, end] = all[pick % all.length];
    return xml.slice(0, end) + xml.slice(start, end) + xml.slice(end);
  };

/** A variant: one of the elements `find` finds left out. */
const dropped =
  (find: Found) =>
  (xml: string, pick: number): string => {
    const all = find(xml);
    if (all.length === 0) return xml;
    const [start, end] = all[pick % all.length];
    return xml.slice(0, start) + xml.slice(end);
  };

/** `xml` with the content of its Body changed by `change`. */
function inBody(xml: string, change: (body: string) => string): string {
  const start = xml.indexOf('<s:Body>') + '<s:Body>'.length;
  const end = xml.lastIndexOf('</s:Body>');
  return xml.slice(0, start) + change(xml.slice(start, end)) + xml.slice(end);
}

function defaultNamespace(body: string): string {
  return body.replace(/<(\/?)ns:/g, '<$1').replace(/^<([\w.]+)/, `<$1 xmlns="${TNS}"`);
}

/**
 * A variant: one of the body's leaves written `<X p:nil="true"/>` (`times` times), `p` declared on
 * the wrapper as `uri` (XSI, or another namespace that takes the prefix away from XSI there).
 */
const nilled =
  (prefix: string, uri: string, times = 1) =>
  (xml: string, pick: number): string => {
    const all = leaves(xml);
    if (all.length === 0) return xml;
    const [start, end, name] = all[pick % all.length];
    const nil = `<${name} ${prefix}:nil="true"/>`.repeat(times);
    return inBody(`${xml.slice(0, start)}${nil}${xml.slice(end)}`, (body) => body.replace(/^<([\w.:]+)/, `<$1 xmlns:${prefix}="${uri}"`));
  };
const XSI = 'http://www.w3.org/2001/XMLSchema-instance';

const WRONG_VALUES = ['x', '', ' 7 ', '2147483648', '1.5', 'true', 'maybe', '2024-02-30T00:00:00Z', 'ToUser', 'Bogus', 'AAA', '&amp;lt;'];

type Variant = (xml: string, pick: number) => string;
const VARIANTS: Record<string, Variant> = {
  'as written': (xml) => xml,
  // the body's elements with another prefix, declared on the wrapper
  'another prefix': (xml) => inBody(xml, (body) => body.replace(/<(\/?)ns:/g, '<$1q:').replace(/^<q:([\w.]+)/, `<q:$1 xmlns:q="${TNS}"`)),
  // the body's elements unprefixed, in the default namespace declared on the wrapper
  'the default namespace': (xml) => inBody(xml, defaultNamespace),
  // the same, with the wrapper's children in no namespace (read leniently in responses)
  unqualified: (xml) => inBody(xml, (body) => defaultNamespace(body).replace(/^(<[\w.]+ xmlns="[^"]*">)<([\w.]+)(?=[/>])/, '$1<$2 xmlns=""')),
  'a wrong value': (xml, pick) => {
    const all = leaves(xml);
    if (all.length === 0) return xml;
    const [start, end, name] = all[pick % all.length];
    return `${xml.slice(0, start)}<${name}>${WRONG_VALUES[pick % WRONG_VALUES.length]}</${name}>${xml.slice(end)}`;
  },
  'a nil value': nilled('xsi', XSI),
  'a nil value, another XSI prefix': nilled('i', XSI),
  'a nil value, xsi bound to another namespace': nilled('xsi', 'urn:not-xsi'),
  'a nil value twice': nilled('xsi', XSI, 2),
  'an element twice': twice(leaves),
  'two elements swapped': (xml, pick) => {
    const all = leaves(xml);
    for (let k = 0; k + 1 < all.length; k++) {
      const [a, b] = [all[(pick + k) % all.length], all[(pick + k + 1) % all.length]];
      if (a[1] === b[0]) return xml.slice(0, a[0]) + xml.slice(b[0], b[1]) + xml.slice(a[0], a[1]) + xml.slice(b[1]);
    }
    return xml;
  },
  'an element dropped': dropped(leaves),
  'a structured element twice': twice(structured),
  'a structured element dropped': dropped(structured),
  'a structured element renamed': (xml, pick) => {
    const all = structured(xml);
    if (all.length === 0) return xml;
    const [start, end, name] = all[pick % all.length];
    const to = [...all.map((e) => e[2]), 'ns:Other'].find((n) => n !== name)!;
    return `${xml.slice(0, start)}<${to}>${xml.slice(start + name.length + 2, end - name.length - 3)}</${to}>${xml.slice(end)}`;
  },
  'an element renamed': (xml, pick) => {
    const all = leaves(xml);
    if (all.length === 0) return xml;
    const [start, end, name] = all[pick % all.length];
    const to = all[(pick * 7 + 3) % all.length][2];
    return `${xml.slice(0, start)}<${to}>${xml.slice(start + name.length + 2, end - name.length - 3)}</${to}>${xml.slice(end)}`;
  },
};

const arbs = new DescriptorArbitraries(ChatService, { maxDepth: 3, maxItems: 3 });
const operations = Object.values(ChatService.operations);

describe('the fast path changes nothing: the same values and errors as the usual path', () => {
  let total = 0;
  const changed = new Map<string, number>();

  test.each(operations.map((o) => o.name))('%s', (name) => {
    const op = ChatService.operations[name];
    let leafCalls = 0;
    const openedBefore = mockLeafCalls.opened;
    const nilBefore = mockLeafCalls.nil;
    fc.assert(
      fc.property(arbs.wrapper(op.output), arbs.headers(op.outputHeaders), fc.nat(), (output, headers, pick) => {
        const xml = encodeResponse(ChatService, name, output, headers);
        for (const [v, variant] of Object.entries(VARIANTS)) {
          const doc = variant(xml, pick);
          if (doc !== xml) changed.set(v, (changed.get(v) ?? 0) + 1);
          leafCalls += same(doc, name);
        }
        same(xml, name, 4 + (pick % 4));
      }),
      { seed: SEED, numRuns: RUNS_PER_OPERATION },
    );
    fig.add('leaf calls', leafCalls);
    fig.add('openExpected calls', mockLeafCalls.opened - openedBefore);
    fig.add('leafNil calls', mockLeafCalls.nil - nilBefore);
    total += leafCalls;
  });

  test('the fast paths ran (leaf, leafNil and openExpected calls over all operations), and every variant changed documents', () => {
    expect(total).toBeGreaterThan(10_000);
    expect(mockLeafCalls.opened).toBeGreaterThan(1_000);
    expect(mockLeafCalls.nil).toBeGreaterThan(100);
    for (const v of Object.keys(VARIANTS)) if (v !== 'as written') expect([v, (changed.get(v) ?? 0) > 100]).toEqual([v, true]);
  });

  test('a wrong value read by the fast path names its element as the usual path does', () => {
    const xml = encodeResponse(ChatService, 'GetChatMessages', { Response: [{ ChatMessageId: 1, ChatSessionId: 2, Message: 'm', Author: 'a', Type: 'ToUser', ReadByCustomer: 0, SpecialType: 'None', SpecialParam: 'p', WhenPosted: new Date(0) }] }, {});
    const wrong = xml.replace('<ns:ChatSessionId>2</ns:ChatSessionId>', '<ns:ChatSessionId>two</ns:ChatSessionId>');
    expect(wrong).not.toBe(xml);
    expect(same(wrong, 'GetChatMessages')).toBeGreaterThan(0);
    expect(outcome(wrong, 'GetChatMessages')).toMatchObject({ ok: false, error: 'ResponseFormatError', path: 'GetChatMessagesResponse.Response.ChatMessage[0].ChatSessionId' });
  });
});
