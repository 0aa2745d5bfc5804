/**
 * The codec on the constructs beyond WCF DataContract (issue 13), driven by the hand-written
 * descriptor of codec-xsd.fixture.ts: exact wire text out, decoded values in, and refusals.
 */
import { decodeRequest, decodeResponse, encodeRequest, encodeResponse, toJsonForm } from '../../src/codec.js';
import { RequestValidationError, ResponseFormatError } from '../../src/runtime/client/errors.js';
import { bodyOf, SOAP11 } from './codec.fixture.js';
import { ONS, X, XNS } from './codec-xsd.fixture.js';

/** The Body of `Put<type>` for `value`. */
function put(type: string, value: unknown): string {
  return bodyOf(encodeRequest(X, `Put${type}`, { Value: value }));
}

/** Encode `Put<type>` and decode it again: the value read back. */
function roundTrip(type: string, value: unknown): unknown {
  return decodeRequest(X, `Put${type}`, encodeRequest(X, `Put${type}`, { Value: value })).body.Value;
}

/** Decode a request of `Put<type>` whose Value element is `inner` (declarations on the Envelope: `extra`). */
function read(type: string, inner: string, extra = ''): unknown {
  const xml = `<s:Envelope xmlns:s="${SOAP11}" xmlns:x="${XNS}"${extra}><s:Body><x:Put${type}><x:Value>${inner}</x:Value></x:Put${type}></s:Body></s:Envelope>`;
  return decodeRequest(X, `Put${type}`, xml).body.Value;
}

/** Declarations for reading xsi:type values (`read(…, …, XSI)`). */
const XSI = ' xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:i="http://www.w3.org/2001/XMLSchema-instance"';

function refused(fn: () => unknown, path: string, message: RegExp): void {
  let caught: unknown;
  try {
    fn();
  } catch (e) {
    caught = e;
  }
  expect(caught).toBeInstanceOf(RequestValidationError);
  expect((caught as RequestValidationError).path).toBe(path);
  expect((caught as Error).message).toMatch(message);
}

function unreadable(fn: () => unknown, message: RegExp): void {
  let caught: unknown;
  try {
    fn();
  } catch (e) {
    caught = e;
  }
  expect(caught).toBeInstanceOf(ResponseFormatError);
  expect((caught as Error).message).toMatch(message);
}

describe('unqualified elements (ns: "")', () => {
  test('are written without a prefix and no empty namespace is ever declared', () => {
    const xml = encodeRequest(X, 'PutLocal', { Value: { A: 'a', B: 2, Q: 'q' } });
    expect(bodyOf(xml)).toBe('<ns:PutLocal><ns:Value><A>a</A><B>2</B><ns:Q>q</ns:Q></ns:Value></ns:PutLocal>');
    expect(xml).not.toMatch(/xmlns(:\w+)?=""/);
    expect(xml).not.toMatch(/xmlns="/);
  });

  test('are read in no namespace, and refused in a default namespace that captures them', () => {
    expect(read('Local', '<A>a</A><B>2</B>')).toStrictEqual({ A: 'a', B: 2 });
    expect(roundTrip('Local', { A: '', B: -1 })).toStrictEqual({ A: '', B: -1 });
    unreadable(() => read('Local', '<A xmlns="urn:x">a</A>'), /element <A> is in namespace "urn:x", expected ""/);
  });
});

describe('attributes', () => {
  const value = { id: 7, Id_2: 'x"\ty', Id: 3, lang: 'en-GB', when: '2024-02-29', tags: ['a', 'b'], color: 'red' as const };

  test('are written beside the elements; qualified ones with the namespace prefix; values escaped for attributes', () => {
    expect(put('Attrs', value)).toBe(
      '<ns:PutAttrs><ns:Value id="7" Id="x&quot;&#9;y" ns1:lang="en-GB" when="2024-02-29" tags="a b" color="red"><ns:Id>3</ns:Id></ns:Value></ns:PutAttrs>',
    );
    expect(encodeRequest(X, 'PutAttrs', { Value: value })).toContain(`xmlns:ns1="${ONS}"`);
  });

  test('round-trip, with $attributes for xs:anyAttribute (local or {ns}local keys)', () => {
    const withExtra = { ...value, $attributes: { note: 'n', [`{${ONS}}extra`]: 'e', '{urn:elsewhere}z': '1' } };
    expect(roundTrip('Attrs', withExtra)).toStrictEqual(withExtra);
    expect(put('Attrs', { id: 1, $attributes: { '{urn:elsewhere}z': '1' } })).toBe('<ns:PutAttrs><ns:Value id="1" xmlns:a0="urn:elsewhere" a0:z="1"/></ns:PutAttrs>');
  });

  test('are read by namespace, not prefix; unknown attributes go to $attributes', () => {
    expect(read('Attrs', '', ` xmlns:o="${ONS}"`)).toStrictEqual({});
    const xml = `<s:Envelope xmlns:s="${SOAP11}" xmlns:x="${XNS}"><s:Body><x:PutAttrs><x:Value xmlns:q="${ONS}" id=" 5 " q:lang="de" lang="no" when="2024-01-01Z"/></x:PutAttrs></s:Body></s:Envelope>`;
    expect(decodeRequest(X, 'PutAttrs', xml).body.Value).toStrictEqual({ id: 5, lang: 'de', when: '2024-01-01Z', $attributes: { lang: 'no' } });
  });

  test('refusals: a missing required attribute, a value that does not fit, whitespace in a list item', () => {
    refused(() => put('Attrs', { Id: 1 }), 'Value.id', /required attribute id is missing/);
    refused(() => put('Attrs', { id: 'x' }), 'Value.id', /expected a number/);
    refused(() => put('Attrs', { id: 1, when: '2023-02-29' }), 'Value.when', /not an xs:date/);
    refused(() => put('Attrs', { id: 1, tags: ['a b'] }), 'Value.tags[0]', /not an XML NCName/);
    refused(() => put('Attrs', { id: 1, $attributes: { 'a b': 'x' } }), 'Value.$attributes["a b"]', /not an attribute name/);
    const bad = `<s:Envelope xmlns:s="${SOAP11}" xmlns:x="${XNS}"><s:Body><x:PutAttrs><x:Value id="x"/></x:PutAttrs></s:Body></s:Envelope>`;
    unreadable(() => decodeRequest(X, 'PutAttrs', bad), /"x" is not an xs:int/);
  });
});

describe('simpleContent ($value)', () => {
  test('text plus attributes, both ways', () => {
    expect(put('Money', { $value: '12.50', currency: 'EUR' })).toBe('<ns:PutMoney><ns:Value currency="EUR">12.50</ns:Value></ns:PutMoney>');
    expect(roundTrip('Money', { $value: '-1', currency: 'N&K' })).toStrictEqual({ $value: '-1', currency: 'N&K' });
    refused(() => put('Money', { currency: 'EUR' }), 'Value.$value', /\$value is missing/);
    refused(() => put('Money', { $value: 'x', currency: 'EUR' }), 'Value.$value', /not an xs:decimal/);
    unreadable(() => read('Money', '<x:Bad/>'), /inside a simple content value/);
  });
});

describe('member keys and same-named elements', () => {
  test('a key different from the wire name; same-named elements read by position', () => {
    expect(put('Twice', { Item: 'a', Item_2: 2 })).toBe('<ns:PutTwice><ns:Value><ns:Item>a</ns:Item><ns:Item>2</ns:Item></ns:Value></ns:PutTwice>');
    expect(roundTrip('Twice', { Item: 'a', Item_2: 2 })).toStrictEqual({ Item: 'a', Item_2: 2 });
    expect(roundTrip('Twice', { Item: 'a', Other: 1, Item_2: 2 })).toStrictEqual({ Item: 'a', Other: 1, Item_2: 2 });
    refused(() => put('Twice', { Item: 'a' }), 'Value.Item_2', /required field Item is missing/);
  });
});

describe('single xs:choice', () => {
  test('one alternative is written; its fields are read as optional members', () => {
    expect(put('Pick', { ById: 4 })).toBe('<ns:PutPick><ns:Value><ns:ById>4</ns:ById></ns:Value></ns:PutPick>');
    expect(roundTrip('Pick', { Before: 'b', First: 'f', Last: 'l' })).toStrictEqual({ Before: 'b', First: 'f', Last: 'l' });
    expect(roundTrip('Pick', {})).toStrictEqual({});
  });

  test('two alternatives present: refused, naming both', () => {
    refused(() => put('Pick', { ByName: 'n', ById: 1 }), 'Value.ById', /ByName and ById are alternatives of one xs:choice/);
    refused(() => put('Pick', { First: 'f', ByName: 'n' }), 'Value.First', /ByName and First/);
  });
});

describe('repeated groups ($choice, $sequence)', () => {
  const value = { Head: 'h', $choice: [{ N: 1 }, { S: 's' }, { N: 2 }], $sequence: [{ K: 'a', V: 1 }, { K: 'b' }, { K: 'c', V: 3 }], Tail: 't' };

  test('are written in wire order', () => {
    expect(put('Groups', value)).toBe(
      '<ns:PutGroups><ns:Value><ns:Head>h</ns:Head><ns:N>1</ns:N><ns:S>s</ns:S><ns:N>2</ns:N>' +
        '<ns:K>a</ns:K><ns:V>1</ns:V><ns:K>b</ns:K><ns:K>c</ns:K><ns:V>3</ns:V><ns:Tail>t</ns:Tail></ns:Value></ns:PutGroups>',
    );
  });

  test('are read back into occurrences', () => {
    expect(roundTrip('Groups', value)).toStrictEqual(value);
    expect(roundTrip('Groups', { Head: 'h', $sequence: [{ K: 'k' }] })).toStrictEqual({ Head: 'h', $sequence: [{ K: 'k' }] });
  });

  test('refusals: a choice occurrence with two members, an unknown member, a missing required group', () => {
    refused(() => put('Groups', { Head: 'h', $choice: [{ N: 1, S: 's' }], $sequence: [{ K: 'k' }] }), 'Value.$choice[0]', /exactly one of N, S \(got 2\)/);
    refused(() => put('Groups', { Head: 'h', $sequence: [{ K: 'k', W: 1 }] }), 'Value.$sequence[0].W', /unknown field "W"/);
    refused(() => put('Groups', { Head: 'h' }), 'Value.$sequence', /required sequence \$sequence is missing/);
    refused(() => put('Groups', { Head: 'h', $sequence: [{ V: 1 }] }), 'Value.$sequence[0].K', /required field K is missing/);
  });
});

describe('xs:any', () => {
  test('raw XML is written verbatim when it is one standalone element', () => {
    const raw = ['<o:thing xmlns:o="urn:o" a="1"><o:inner>t &amp; u</o:inner></o:thing>', '<plain/>'];
    expect(put('Open', { Name: 'n', $any: raw, End: 1 })).toBe(`<ns:PutOpen><ns:Value><ns:Name>n</ns:Name>${raw.join('')}<ns:End>1</ns:End></ns:Value></ns:PutOpen>`);
    expect(roundTrip('Open', { Name: 'n', $any: raw, End: 1 })).toStrictEqual({ Name: 'n', $any: raw, End: 1 });
    expect(roundTrip('OneAny', { $any: '<a><!-- c --><![CDATA[<x>]]></a>' })).toStrictEqual({ $any: '<a><!-- c --><![CDATA[<x>]]></a>' });
  });

  test('elements read into xs:any get the declarations of the prefixes they use from ancestors', () => {
    const got = read('Open', '<x:Name>n</x:Name><o:a xmlns:p="urn:p" b:c="1"><x:d xsi:type="p:T"/>text</o:a>', ' xmlns:o="urn:o" xmlns:b="urn:b" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"');
    expect(got).toStrictEqual({
      Name: 'n',
      $any: ['<o:a xmlns:o="urn:o" xmlns:b="urn:b" xmlns:x="urn:x" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:p="urn:p" b:c="1"><x:d xsi:type="p:T"/>text</o:a>'],
    });
    const xml = `<s:Envelope xmlns:s="${SOAP11}" xmlns="urn:x"><s:Body><PutOpen><Value><Name>n</Name><free/></Value></PutOpen></s:Body></s:Envelope>`;
    expect(decodeRequest(X, 'PutOpen', xml).body.Value).toStrictEqual({ Name: 'n', $any: ['<free xmlns="urn:x"/>'] });
  });

  test('refusals: not one element, an undeclared prefix, not a string; a second element for a single xs:any', () => {
    refused(() => put('OneAny', { $any: 'text' }), 'Value.$any', /does not start with an element/);
    refused(() => put('OneAny', { $any: '<a/><b/>' }), 'Value.$any', /not well-formed/);
    refused(() => put('OneAny', { $any: '<p:a/>' }), 'Value.$any', /prefix "p" of p:a/);
    refused(() => put('OneAny', { $any: '<a>' }), 'Value.$any', /does not end with the element|not well-formed/);
    refused(() => put('OneAny', { $any: 1 }), 'Value.$any', /as a string/);
    refused(() => put('OneAny', {}), 'Value.$any', /required \$any/);
    unreadable(() => read('OneAny', '<a/><b/>'), /occurs more than once/);
  });
});

describe('xs:list and the new builtins', () => {
  test('list and builtin values both ways', () => {
    const value = {
      Integer: -9007199254740991,
      Positive: 1,
      Date: '2024-02-29+01:00',
      Time: '24:00:00',
      Year: '-0044',
      Hex: new Uint8Array([0, 171, 255]),
      Token: 'a b',
      Tokens: ['x', 'y:z'],
      Numbers: [1, -2, 3],
      Colors: ['green', 'red'],
    };
    expect(put('Builtins', value)).toBe(
      '<ns:PutBuiltins><ns:Value><ns:Integer>-9007199254740991</ns:Integer><ns:Positive>1</ns:Positive><ns:Date>2024-02-29+01:00</ns:Date>' +
        '<ns:Time>24:00:00</ns:Time><ns:Year>-0044</ns:Year><ns:Hex>00ABFF</ns:Hex><ns:Token>a b</ns:Token><ns:Tokens>x y:z</ns:Tokens>' +
        '<ns:Numbers>1 -2 3</ns:Numbers><ns:Colors>green red</ns:Colors></ns:Value></ns:PutBuiltins>',
    );
    expect(roundTrip('Builtins', value)).toStrictEqual(value);
    expect(read('Builtins', '<x:Token> a \n b </x:Token><x:Numbers> 1\t2 </x:Numbers><x:Hex>0a</x:Hex>')).toStrictEqual({ Token: 'a b', Numbers: [1, 2], Hex: new Uint8Array([10]) });
  });

  test('the JSON form of xs:hexBinary is its hex text (as the wire), which the encoder reads back', () => {
    // bytes read from an xs:hexBinary are written by toJsonForm as hex, base64Binary's as base64:
    // `so-soap decode` output given back as `--args` writes the same bytes
    const decoded = read('Builtins', '<x:Hex>0aFF00</x:Hex>') as { Hex: Uint8Array };
    expect(decoded).toStrictEqual({ Hex: new Uint8Array([10, 255, 0]) });
    expect(Reflect.ownKeys(decoded.Hex)).toEqual(['0', '1', '2']); // the mark is a private field, not a property
    const json = toJsonForm(decoded);
    expect(json).toStrictEqual({ Hex: '0AFF00' });
    expect(put('Builtins', JSON.parse(JSON.stringify(json)))).toBe('<ns:PutBuiltins><ns:Value><ns:Hex>0AFF00</ns:Hex></ns:Value></ns:PutBuiltins>');
    // a hexBinary inside xs:anyType too
    const any = read('Anything', '<x:V i:type="xs:hexBinary">00ab</x:V>', XSI);
    expect(toJsonForm(any)).toStrictEqual({ V: { $type: 'xs:hexBinary', $value: '00AB' } });
    expect(put('Anything', toJsonForm(any))).toBe('<ns:PutAnything><ns:Value><ns:V xsi:type="xs:hexBinary">00AB</ns:V></ns:Value></ns:PutAnything>');
    // bytes not read from a hexBinary (made by the caller) stay base64, the JSON form of bytes
    expect(toJsonForm({ Hex: new Uint8Array([10, 255, 0]) })).toStrictEqual({ Hex: 'Cv8A' });
  });

  test('refusals: sign and range of the integer family, lexical forms, precision', () => {
    refused(() => put('Builtins', { Positive: 0 }), 'Value.Positive', /out of range for xs:positiveInteger/);
    refused(() => put('Builtins', { Integer: 2 ** 60 }), 'Value.Integer', /out of range for xs:integer/);
    refused(() => put('Builtins', { Date: '2024-13-01' }), 'Value.Date', /not an xs:date/);
    refused(() => put('Builtins', { Token: ' a' }), 'Value.Token', /not an xs:token/);
    refused(() => put('Builtins', { Tokens: [] }), 'Value.Tokens', /an empty xs:NMTOKENS/);
    refused(() => put('Builtins', { Numbers: [1.5] }), 'Value.Numbers[0]', /not an integer/);
    refused(() => put('Builtins', { Colors: ['blue'] }), 'Value.Colors[0]', /"blue" is not a Color value/);
    unreadable(() => read('Builtins', '<x:Integer>9007199254740993</x:Integer>'), /not an xs:integer/);
    unreadable(() => read('Builtins', '<x:Hex>abc</x:Hex>'), /not xs:hexBinary/);
  });
});

describe('bare bodies (WrapperDescriptor.type)', () => {
  test('the body element is the value of its type, both ways', () => {
    const xml = encodeRequest(X, 'Bare', { $value: '3', currency: 'EUR' });
    expect(bodyOf(xml)).toBe('<ns:Money currency="EUR">3</ns:Money>');
    expect(decodeRequest(X, 'Bare', xml).body).toStrictEqual({ $value: '3', currency: 'EUR' });
    const res = encodeResponse(X, 'Bare', 42);
    expect(bodyOf(res)).toBe('<ns:Count>42</ns:Count>');
    expect(decodeResponse(X, 'Bare', res).body).toBe(42);
  });
});
