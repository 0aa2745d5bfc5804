/** encodeRequest: every mapping row of DESIGN.md §4 written as exact envelope text, against a hand-written descriptor. */
import { decodeRequest, decodeResponse, encodeFault, encodeRequest, encodeResponse, validateRequest } from '../../src/codec.js';
import type { ServiceDescriptor } from '../../src/runtime/codec/descriptor.js';
import { RequestValidationError } from '../../src/runtime/client/errors.js';
import { ARR, ENV, Mini, NS, SOAP11, XSI, bodyOf, response } from './codec.fixture.js';

const XS = 'http://www.w3.org/2001/XMLSchema';

/** The Body of a Save request for `entity`. */
function saveBody(entity: unknown): string {
  return bodyOf(encodeRequest(Mini, 'Save', { Entity: entity }));
}

/** Expect a RequestValidationError with this path (and a message matching `message`). */
function expectInvalid(fn: () => unknown, path: string, message?: RegExp): RequestValidationError {
  let caught: unknown;
  try {
    fn();
  } catch (e) {
    caught = e;
  }
  expect(caught).toBeInstanceOf(RequestValidationError);
  const err = caught as RequestValidationError;
  expect(err.path).toBe(path);
  if (message) expect(err.message).toMatch(message);
  return err;
}

describe('envelope and headers', () => {
  test('Delete with ApplicationToken and Ticket: SOAP 1.1, headers in s:Header, one service namespace, under 1 KB', () => {
    const xml = encodeRequest(Mini, 'Delete', { Id: 42 }, { ApplicationToken: 'app&<token>', Credentials: { Ticket: `7T:ticket"'<x>` } });
    expect(xml).toBe(
      `<s:Envelope xmlns:s="${SOAP11}" xmlns:ns="${NS}">` +
        '<s:Header><ns:ApplicationToken>app&amp;&lt;token&gt;</ns:ApplicationToken>' +
        `<ns:Credentials><ns:Ticket>7T:ticket"'&lt;x&gt;</ns:Ticket></ns:Credentials></s:Header>` +
        '<s:Body><ns:Delete><ns:Id>42</ns:Id></ns:Delete></s:Body></s:Envelope>',
    );
    expect(Buffer.byteLength(xml)).toBeLessThan(1024);
  });

  test('no headers given: no s:Header element', () => {
    expect(encodeRequest(Mini, 'Delete', { Id: 1 })).toBe(`${ENV}<s:Body><ns:Delete><ns:Id>1</ns:Id></ns:Delete></s:Body></s:Envelope>`);
  });

  test('an operation without fields and no input: an empty wrapper element', () => {
    expect(encodeRequest(Mini, 'Delete')).toBe(`${ENV}<s:Body><ns:Delete/></s:Body></s:Envelope>`);
    expect(encodeRequest(Mini, 'Delete', {})).toBe(`${ENV}<s:Body><ns:Delete/></s:Body></s:Envelope>`);
  });

  test('header parts the operation does not declare are not sent (Login declares only ApplicationToken)', () => {
    const xml = encodeRequest(Mini, 'Login', { User: 'u', Password: 'p' }, { ApplicationToken: 'T', Credentials: { Ticket: 'K' }, TimeZone: { SoTimeZoneId: 1 } });
    expect(xml).toBe(
      `${ENV}<s:Header><ns:ApplicationToken>T</ns:ApplicationToken></s:Header>` +
        '<s:Body><ns:Login><ns:User>u</ns:User><ns:Password>p</ns:Password></ns:Login></s:Body></s:Envelope>',
    );
  });

  test('headers are written in binding order whatever the key order; TimeZone is typed', () => {
    const xml = encodeRequest(Mini, 'Delete', {}, { TimeZone: { SoTimeZoneLocationCode: 'UTC', SoTimeZoneId: 7 }, Credentials: { Ticket: 'K' }, ApplicationToken: 'T' });
    expect(xml).toBe(
      `${ENV}<s:Header><ns:ApplicationToken>T</ns:ApplicationToken><ns:Credentials><ns:Ticket>K</ns:Ticket></ns:Credentials>` +
        '<ns:TimeZone><ns:SoTimeZoneId>7</ns:SoTimeZoneId><ns:SoTimeZoneLocationCode>UTC</ns:SoTimeZoneLocationCode></ns:TimeZone></s:Header>' +
        '<s:Body><ns:Delete/></s:Body></s:Envelope>',
    );
  });

  test('an undefined header value is left out; null is xsi:nil; unknown header keys are ignored', () => {
    const xml = encodeRequest(Mini, 'Delete', {}, { ApplicationToken: undefined, Credentials: null, Bogus: 1 });
    expect(xml).toBe(
      `<s:Envelope xmlns:s="${SOAP11}" xmlns:ns="${NS}" xmlns:xsi="${XSI}"><s:Header><ns:Credentials xsi:nil="true"/></s:Header>` +
        '<s:Body><ns:Delete/></s:Body></s:Envelope>',
    );
    expect(encodeRequest(Mini, 'Delete', {}, { ApplicationToken: undefined })).toBe(`${ENV}<s:Body><ns:Delete/></s:Body></s:Envelope>`);
  });

  test('header values are validated with a path starting at the part name', () => {
    expectInvalid(() => encodeRequest(Mini, 'Delete', {}, { Credentials: { Ticket: 42 } }), 'Credentials.Ticket', /expected a string/);
    expectInvalid(() => encodeRequest(Mini, 'Delete', {}, { Credentials: { Tiket: 'x' } }), 'Credentials.Tiket', /unknown field "Tiket"/);
    expectInvalid(() => encodeRequest(Mini, 'Delete', {}, { TimeZone: { SoTimeZoneId: 1.5 } }), 'TimeZone.SoTimeZoneId', /not an integer/);
  });

  test('an unknown operation is a RequestValidationError', () => {
    expectInvalid(() => encodeRequest(Mini, 'Nope', {}), '', /no operation "Nope"/);
  });

  test('the input must be an object', () => {
    expectInvalid(() => encodeRequest(Mini, 'Delete', 42), '', /must be an object/);
    expectInvalid(() => encodeRequest(Mini, 'Delete', [1]), '', /must be an object/);
  });

  test('consecutive envelopes: each declares the namespaces its own values use (the text around the fields is remembered per wrapper and namespace set)', () => {
    const plain = `${ENV}<s:Body><ns:Save><ns:Entity><ns:Id>1</ns:Id></ns:Entity></ns:Save></s:Body></s:Envelope>`;
    const nil = `<s:Envelope xmlns:s="${SOAP11}" xmlns:ns="${NS}" xmlns:xsi="${XSI}"><s:Body><ns:Save><ns:Entity><ns:Name xsi:nil="true"/></ns:Entity></ns:Save></s:Body></s:Envelope>`;
    for (let i = 0; i < 2; i++) {
      expect(encodeRequest(Mini, 'Save', { Entity: { Id: 1 } })).toBe(plain);
      expect(encodeRequest(Mini, 'Save', { Entity: { Name: null } })).toBe(nil);
    }
    expect(encodeRequest(Mini, 'Delete', { Id: 2 }, { ApplicationToken: 'T' })).toBe(
      `${ENV}<s:Header><ns:ApplicationToken>T</ns:ApplicationToken></s:Header><s:Body><ns:Delete><ns:Id>2</ns:Id></ns:Delete></s:Body></s:Envelope>`,
    );
    expect(encodeRequest(Mini, 'Delete', { Id: 2 })).toBe(`${ENV}<s:Body><ns:Delete><ns:Id>2</ns:Id></ns:Delete></s:Body></s:Envelope>`);
    expect(encodeRequest(Mini, 'Save', { Entity: { Id: 1 } })).toBe(plain);
  });

  test('a structured field or header in a namespace only it uses: that namespace is declared (its children are in another)', () => {
    const S: ServiceDescriptor = {
      name: 'S',
      namespace: 'urn:s',
      soapVersion: '1.1',
      headers: { Auth: { name: 'Auth', type: 'Inner', ns: 'urn:h' } },
      operations: {
        Op: {
          name: 'Op',
          method: 'op',
          soapAction: 'urn:s/Op',
          input: { element: 'Op', fields: [{ name: 'Outer', type: 'Inner', ns: 'urn:o', optional: true }] },
          output: { element: 'OpResponse', fields: [] },
          inputHeaders: ['Auth'],
          outputHeaders: [],
          safe: true,
        },
      },
      types: { Inner: { kind: 'complex', name: 'Inner', ns: 'urn:t', fields: [{ name: 'X', type: 'xs:int' }] } },
    };
    const xml = encodeRequest(S, 'Op', { Outer: { X: 1 } }, { Auth: { X: 2 } });
    expect(xml).toMatch(/xmlns:\w+="urn:o"/);
    expect(xml).toMatch(/xmlns:\w+="urn:h"/);
    const back = decodeRequest(S, 'Op', xml);
    expect(back.body).toEqual({ Outer: { X: 1 } });
    expect(back.headers).toEqual({ Auth: { X: 2 } });
  });

  test('an envelope after a failed one: nothing of the failure carries over (the writer is reused: path, namespaces, text)', () => {
    expectInvalid(() => saveBody({ Child: { Child: { Name: 'a\u0000b' } } }), 'Entity.Child.Child.Name');
    expectInvalid(() => encodeRequest(Mini, 'Delete', {}, { Credentials: { Ticket: 42 } }), 'Credentials.Ticket');
    expectInvalid(() => encodeRequest(Mini, 'Save', { Entity: { Name: null, Id: 'x' } }), 'Entity.Id');
    expect(encodeRequest(Mini, 'Delete', { Id: 3 })).toBe(`${ENV}<s:Body><ns:Delete><ns:Id>3</ns:Id></ns:Delete></s:Body></s:Envelope>`);
  });
});

describe('fields: order, optional, nillable, required', () => {
  test('schema order whatever the key order; base fields first', () => {
    expect(saveBody({ Name: 'n', Id: 3, Tag: 't' })).toBe('<ns:Save><ns:Entity><ns:Tag>t</ns:Tag><ns:Id>3</ns:Id><ns:Name>n</ns:Name></ns:Entity></ns:Save>');
  });

  test('undefined → left out; null → xsi:nil (nillable); "" stays ""', () => {
    const xml = encodeRequest(Mini, 'Save', { Entity: { Id: undefined, Name: null, Tag: '' } });
    expect(xml).toBe(
      `<s:Envelope xmlns:s="${SOAP11}" xmlns:ns="${NS}" xmlns:xsi="${XSI}"><s:Body><ns:Save><ns:Entity>` +
        '<ns:Tag/><ns:Name xsi:nil="true"/></ns:Entity></ns:Save></s:Body></s:Envelope>',
    );
  });

  test('an empty complex value is an empty element; a nil complex value is xsi:nil', () => {
    expect(saveBody({})).toBe('<ns:Save><ns:Entity/></ns:Save>');
    expect(bodyOf(encodeRequest(Mini, 'Save', { Entity: null }))).toBe('<ns:Save><ns:Entity xsi:nil="true"/></ns:Save>');
  });

  test('null for a non-nillable field is an error, also when it is optional', () => {
    expectInvalid(() => saveBody({ Id: null }), 'Entity.Id', /not nillable: leave it out/);
    expectInvalid(() => encodeRequest(Mini, 'Login', { User: null }), 'User', /not nillable/);
  });

  test('a missing required field is an error; a nillable required field may be null', () => {
    expectInvalid(() => encodeRequest(Mini, 'Login', { Password: 'p' }), 'User', /required field User is missing/);
    expectInvalid(() => encodeRequest(Mini, 'Login', { User: 'u' }), 'Password', /required field Password is missing/);
    expect(bodyOf(encodeRequest(Mini, 'Login', { User: 'u', Password: null }))).toBe('<ns:Login><ns:User>u</ns:User><ns:Password xsi:nil="true"/></ns:Login>');
  });

  test('unknown keys are errors (named in the path); an unknown key whose value is undefined is ignored', () => {
    expectInvalid(() => saveBody({ Id: 1, Nmae: 'x' }), 'Entity.Nmae', /unknown field "Nmae" for Entity/);
    expectInvalid(() => encodeRequest(Mini, 'Save', { Entty: {} }), 'Entty', /unknown field "Entty" for Save/);
    expect(saveBody({ Id: 1, Extra: undefined })).toBe('<ns:Save><ns:Entity><ns:Id>1</ns:Id></ns:Entity></ns:Save>');
  });

  test('a complex field given a non-object is an error', () => {
    expectInvalid(() => saveBody('x'), 'Entity', /expected an object \(Entity\), got the string "x"/);
    expectInvalid(() => saveBody([]), 'Entity', /expected an object/);
    expectInvalid(() => saveBody({ Child: new Date(0) }), 'Entity.Child', /expected an object/);
  });

  test('recursive types nest, and the path follows them', () => {
    expect(saveBody({ Child: { Child: { Name: 'deep' } } })).toBe(
      '<ns:Save><ns:Entity><ns:Child><ns:Child><ns:Name>deep</ns:Name></ns:Child></ns:Child></ns:Entity></ns:Save>',
    );
    expectInvalid(() => saveBody({ Child: { Child: { Name: 'a\u0000b' } } }), 'Entity.Child.Child.Name', /U\+0000 at index 1, which XML 1\.0 cannot carry/);
  });

  test('a repeated element (maxOccurs > 1) is a JS array of elements; nillable items may be null', () => {
    expect(saveBody({ Notes: ['a', null, ''] })).toBe('<ns:Save><ns:Entity><ns:Notes>a</ns:Notes><ns:Notes xsi:nil="true"/><ns:Notes/></ns:Entity></ns:Save>');
    expect(saveBody({ Notes: [] })).toBe('<ns:Save><ns:Entity/></ns:Save>');
    expectInvalid(() => saveBody({ Notes: 'a' }), 'Entity.Notes', /expected an array \(repeated element Notes\)/);
    expectInvalid(() => saveBody({ Notes: ['a', 1] }), 'Entity.Notes[1]', /expected a string/);
  });
});

describe('strings', () => {
  test('escaped: & < > and carriage return; quotes and other characters verbatim', () => {
    expect(saveBody({ Name: `a&b<c>d"e'f\r\n\tg ü 😀` })).toBe(`<ns:Save><ns:Entity><ns:Name>a&amp;b&lt;c&gt;d"e'f&#13;\n\tg ü 😀</ns:Name></ns:Entity></ns:Save>`);
  });

  test('characters XML 1.0 cannot carry are an error: control characters, lone surrogates, U+FFFE', () => {
    expectInvalid(() => saveBody({ Name: 'x\u0001' }), 'Entity.Name', /U\+0001 at index 1/);
    expectInvalid(() => saveBody({ Name: 'ok\uD800' }), 'Entity.Name', /lone surrogate U\+D800 at index 2/);
    expectInvalid(() => saveBody({ Name: '\uDC00ok' }), 'Entity.Name', /lone surrogate U\+DC00 at index 0/);
    expectInvalid(() => saveBody({ Name: '\uFFFE' }), 'Entity.Name', /U\+FFFE/);
  });

  test('a non-string for a string field is an error', () => {
    expectInvalid(() => saveBody({ Name: 5 }), 'Entity.Name', /expected a string, got the number 5/);
  });
});

describe('enum and flags', () => {
  test('enum: the wire string; an unknown value is an error', () => {
    expect(saveBody({ Status: 'Closed' })).toBe('<ns:Save><ns:Entity><ns:Status>Closed</ns:Status></ns:Entity></ns:Save>');
    expectInvalid(() => saveBody({ Status: 'Bogus' }), 'Entity.Status', /"Bogus" is not a Status value \(Open, Closed\)/);
    expectInvalid(() => saveBody({ Status: 5 }), 'Entity.Status', /expected a Status value \(string\)/);
  });

  test('flags: one element, space-separated; [] is an empty element', () => {
    expect(saveBody({ Rights: ['Read', 'Delete'] })).toBe('<ns:Save><ns:Entity><ns:Rights>Read Delete</ns:Rights></ns:Entity></ns:Save>');
    expect(saveBody({ Rights: [] })).toBe('<ns:Save><ns:Entity><ns:Rights/></ns:Entity></ns:Save>');
  });

  test('flags: a non-array (even one valid value as a string) or an unknown value is an error', () => {
    expectInvalid(() => saveBody({ Rights: 'Read' }), 'Entity.Rights', /expected an array of Rights values/);
    expectInvalid(() => saveBody({ Rights: ['Read', 'Bogus'] }), 'Entity.Rights[1]', /"Bogus" is not a Rights value/);
  });
});

describe('ArrayOfX', () => {
  test('ArrayOfint: wrapper + items in the Microsoft Arrays namespace (declared only when used)', () => {
    const xml = encodeRequest(Mini, 'Save', { Ids: [1, -2, 3] });
    expect(xml).toBe(
      `<s:Envelope xmlns:s="${SOAP11}" xmlns:ns="${NS}" xmlns:arr="${ARR}"><s:Body><ns:Save>` +
        '<ns:Ids><arr:int>1</arr:int><arr:int>-2</arr:int><arr:int>3</arr:int></ns:Ids></ns:Save></s:Body></s:Envelope>',
    );
  });

  test('an empty array is an empty wrapper (no Arrays namespace needed); null is xsi:nil', () => {
    expect(encodeRequest(Mini, 'Save', { Ids: [] })).toBe(`${ENV}<s:Body><ns:Save><ns:Ids/></ns:Save></s:Body></s:Envelope>`);
    expect(bodyOf(encodeRequest(Mini, 'Save', { Ids: null }))).toBe('<ns:Save><ns:Ids xsi:nil="true"/></ns:Save>');
  });

  test('nillable items (ArrayOfstring) may be null; non-nillable items (ArrayOfint) may not', () => {
    expect(saveBody({ Tags: ['a', null] })).toBe('<ns:Save><ns:Entity><ns:Tags><arr:string>a</arr:string><arr:string xsi:nil="true"/></ns:Tags></ns:Entity></ns:Save>');
    expectInvalid(() => encodeRequest(Mini, 'Save', { Ids: [1, null] }), 'Ids[1]', /int is not nillable/);
  });

  test('errors name the item: Ids[3]', () => {
    expectInvalid(() => encodeRequest(Mini, 'Save', { Ids: [1, 2, 3, 'x'] }), 'Ids[3]', /expected a number \(xs:int\), got the string "x"/);
    expectInvalid(() => encodeRequest(Mini, 'Save', { Ids: 1 }), 'Ids', /expected an array \(ArrayOfint\)/);
    expectInvalid(() => saveBody({ Tags: { 0: 'a' } }), 'Entity.Tags', /expected an array/);
  });
});

describe('dictionaries', () => {
  test('Record → KeyValuePair entries in insertion order; nil values', () => {
    expect(saveBody({ Props: { b: '2', a: null } })).toBe(
      '<ns:Save><ns:Entity><ns:Props><ns:StringKeyValuePair><ns:Key>b</ns:Key><ns:Value>2</ns:Value></ns:StringKeyValuePair>' +
        '<ns:StringKeyValuePair><ns:Key>a</ns:Key><ns:Value xsi:nil="true"/></ns:StringKeyValuePair></ns:Props></ns:Entity></ns:Save>',
    );
    expect(saveBody({ Props: {} })).toBe('<ns:Save><ns:Entity><ns:Props/></ns:Entity></ns:Save>');
  });

  test('xs:int keys: JS object keys are converted and validated', () => {
    expect(saveBody({ Counts: { 7: 'seven', '-1': 'minus' } })).toBe(
      '<ns:Save><ns:Entity><ns:Counts><ns:IntStringKeyValuePair><ns:Key>7</ns:Key><ns:Value>seven</ns:Value></ns:IntStringKeyValuePair>' +
        '<ns:IntStringKeyValuePair><ns:Key>-1</ns:Key><ns:Value>minus</ns:Value></ns:IntStringKeyValuePair></ns:Counts></ns:Entity></ns:Save>',
    );
    expectInvalid(() => saveBody({ Counts: { abc: 'x' } }), 'Entity.Counts["abc"]', /key "abc" is not a number/);
    expectInvalid(() => saveBody({ Counts: { 1.5: 'x' } }), 'Entity.Counts["1.5"]', /not an integer/);
  });

  test('a dictionary value that does not fit names its key; undefined values and non-objects are errors', () => {
    expectInvalid(() => saveBody({ Props: { k: 1 } }), 'Entity.Props["k"]', /expected a string/);
    expectInvalid(() => saveBody({ Props: { k: undefined } }), 'Entity.Props["k"]', /has no value/);
    expectInvalid(() => saveBody({ Props: [['k', 'v']] }), 'Entity.Props', /expected an object \(dictionary StringDictionary\)/);
  });
});

describe('dateTime', () => {
  test('a Date is written as ISO 8601 UTC', () => {
    expect(saveBody({ When: new Date(Date.UTC(2024, 0, 2, 3, 4, 5, 60)) })).toBe('<ns:Save><ns:Entity><ns:When>2024-01-02T03:04:05.060Z</ns:When></ns:Entity></ns:Save>');
  });

  test('a string in xs:dateTime lexical form is validated and written verbatim', () => {
    expect(saveBody({ When: '2011-04-19T16:48:28.8939219+02:00' })).toBe('<ns:Save><ns:Entity><ns:When>2011-04-19T16:48:28.8939219+02:00</ns:When></ns:Entity></ns:Save>');
    expect(saveBody({ When: '2024-01-02T03:04:05' })).toBe('<ns:Save><ns:Entity><ns:When>2024-01-02T03:04:05</ns:When></ns:Entity></ns:Save>');
    expectInvalid(() => saveBody({ When: 'not-a-date' }), 'Entity.When', /"not-a-date" is not an xs:dateTime/);
    expectInvalid(() => saveBody({ When: '2023-02-29T00:00:00' }), 'Entity.When', /not an xs:dateTime/);
    expectInvalid(() => saveBody({ When: '2024-01-02' }), 'Entity.When', /not an xs:dateTime/);
  });

  test('a decoded Date keeps its wire text when sent back unchanged; a changed one is written as ISO', () => {
    const res = decodeResponse<{ Response: { When: Date } }>(Mini, 'Save', response('<m:SaveResponse><m:Response><m:When>2011-04-19T16:48:28.8939219+02:00</m:When></m:Response></m:SaveResponse>'));
    const when = res.body.Response.When;
    expect(when.toISOString()).toBe('2011-04-19T14:48:28.893Z');
    expect(saveBody({ When: when })).toBe('<ns:Save><ns:Entity><ns:When>2011-04-19T16:48:28.8939219+02:00</ns:When></ns:Entity></ns:Save>');
    when.setTime(when.getTime() + 1000);
    expect(saveBody({ When: when })).toBe('<ns:Save><ns:Entity><ns:When>2011-04-19T14:48:29.893Z</ns:When></ns:Entity></ns:Save>');
  });

  test('an Invalid Date or a non-date is an error', () => {
    expectInvalid(() => saveBody({ When: new Date(NaN) }), 'Entity.When', /Invalid Date/);
    expectInvalid(() => saveBody({ When: 0 }), 'Entity.When', /expected a Date or xs:dateTime text/);
  });
});

describe('numbers', () => {
  const scalar = (v: Record<string, unknown>): string => bodyOf(encodeRequest(Mini, 'Echo', { Value: v }));

  test('integers of every width, range-checked', () => {
    expect(scalar({ I: -2147483648, Sh: 32767, By: -128, UB: 255, US: 65535, UI: 4294967295 })).toBe(
      '<ns:Echo><ns:Value><ns:I>-2147483648</ns:I><ns:Sh>32767</ns:Sh><ns:By>-128</ns:By><ns:UB>255</ns:UB><ns:US>65535</ns:US><ns:UI>4294967295</ns:UI></ns:Value></ns:Echo>',
    );
    expectInvalid(() => scalar({ I: 2147483648 }), 'Value.I', /2147483648 is out of range for xs:int/);
    expectInvalid(() => scalar({ Sh: -32769 }), 'Value.Sh', /out of range for xs:short/);
    expectInvalid(() => scalar({ By: 128 }), 'Value.By', /out of range for xs:byte/);
    expectInvalid(() => scalar({ UB: -1 }), 'Value.UB', /out of range for xs:unsignedByte/);
    expectInvalid(() => scalar({ I: 1.5 }), 'Value.I', /1\.5 is not an integer/);
    expectInvalid(() => scalar({ I: NaN }), 'Value.I', /NaN is not an integer/);
    expectInvalid(() => scalar({ I: Infinity }), 'Value.I', /not an integer/);
    expectInvalid(() => scalar({ I: '1' }), 'Value.I', /expected a number/);
  });

  test('long: safe integers only (never silent precision loss); -0 is written as 0', () => {
    expect(scalar({ L: 9007199254740991, UL: 0, I: -0 })).toBe('<ns:Echo><ns:Value><ns:I>0</ns:I><ns:L>9007199254740991</ns:L><ns:UL>0</ns:UL></ns:Value></ns:Echo>');
    expectInvalid(() => scalar({ L: 9007199254740992 }), 'Value.L', /out of range for xs:long/);
    expectInvalid(() => scalar({ UL: -1 }), 'Value.UL', /out of range for xs:unsignedLong/);
  });

  test('float/double: Infinity → INF, -Infinity → -INF, NaN → NaN; float range-checked', () => {
    expect(scalar({ F: 0.5, D: 1e21 })).toBe('<ns:Echo><ns:Value><ns:F>0.5</ns:F><ns:D>1e+21</ns:D></ns:Value></ns:Echo>');
    expect(scalar({ D: Infinity })).toBe('<ns:Echo><ns:Value><ns:D>INF</ns:D></ns:Value></ns:Echo>');
    expect(scalar({ D: -Infinity })).toBe('<ns:Echo><ns:Value><ns:D>-INF</ns:D></ns:Value></ns:Echo>');
    expect(scalar({ F: NaN })).toBe('<ns:Echo><ns:Value><ns:F>NaN</ns:F></ns:Value></ns:Echo>');
    expectInvalid(() => scalar({ F: 1e39 }), 'Value.F', /out of range for xs:float/);
  });

  test('decimal: a validated string, written as given', () => {
    expect(scalar({ Dec: '-0012.3400' })).toBe('<ns:Echo><ns:Value><ns:Dec>-0012.3400</ns:Dec></ns:Value></ns:Echo>');
    expect(scalar({ Dec: '.5' })).toBe('<ns:Echo><ns:Value><ns:Dec>.5</ns:Dec></ns:Value></ns:Echo>');
    expectInvalid(() => scalar({ Dec: '1e5' }), 'Value.Dec', /"1e5" is not an xs:decimal/);
    expectInvalid(() => scalar({ Dec: '1,5' }), 'Value.Dec', /not an xs:decimal/);
    expectInvalid(() => scalar({ Dec: 1.5 }), 'Value.Dec', /expected a decimal as a string/);
  });
});

describe('other builtins', () => {
  const scalar = (v: Record<string, unknown>): string => bodyOf(encodeRequest(Mini, 'Echo', { Value: v }));

  test('boolean: true/false only from JS booleans', () => {
    expect(scalar({ B: false })).toBe('<ns:Echo><ns:Value><ns:B>false</ns:B></ns:Value></ns:Echo>');
    expectInvalid(() => scalar({ B: 'true' }), 'Value.B', /expected a boolean/);
  });

  test('base64Binary: a Uint8Array (or Buffer), or base64 text (JSON args) validated', () => {
    expect(scalar({ Bin: new Uint8Array([0, 1, 254, 255]) })).toBe('<ns:Echo><ns:Value><ns:Bin>AAH+/w==</ns:Bin></ns:Value></ns:Echo>');
    expect(scalar({ Bin: Buffer.from('hi') })).toBe('<ns:Echo><ns:Value><ns:Bin>aGk=</ns:Bin></ns:Value></ns:Echo>');
    expect(scalar({ Bin: new Uint8Array(new Uint8Array([9, 104, 105, 9]).buffer, 1, 2) })).toBe('<ns:Echo><ns:Value><ns:Bin>aGk=</ns:Bin></ns:Value></ns:Echo>');
    expect(scalar({ Bin: 'AAH+/w==' })).toBe('<ns:Echo><ns:Value><ns:Bin>AAH+/w==</ns:Bin></ns:Value></ns:Echo>');
    expect(scalar({ Bin: new Uint8Array(0) })).toBe('<ns:Echo><ns:Value><ns:Bin/></ns:Value></ns:Echo>');
    expectInvalid(() => scalar({ Bin: '!!' }), 'Value.Bin', /"!!" is not base64 text/);
    expectInvalid(() => scalar({ Bin: [1, 2] }), 'Value.Bin', /expected a Uint8Array or base64 text/);
  });

  test('guid, char (a number), duration, anyURI, QName, alias of string', () => {
    expect(scalar({ G: '0f8fad5b-d9cb-469f-a165-70867728950e', C: 65, Dur: 'PT8H30M', U: 'https://x/?a=1&b=2', Q: 'p:local', Code: 'A<B' })).toBe(
      '<ns:Echo><ns:Value><ns:G>0f8fad5b-d9cb-469f-a165-70867728950e</ns:G><ns:C>65</ns:C><ns:Dur>PT8H30M</ns:Dur>' +
        '<ns:U>https://x/?a=1&amp;b=2</ns:U><ns:Q>p:local</ns:Q><ns:Code>A&lt;B</ns:Code></ns:Value></ns:Echo>',
    );
    expectInvalid(() => scalar({ G: 'not-a-guid' }), 'Value.G', /not a guid/);
    expectInvalid(() => scalar({ C: 'A' }), 'Value.C', /expected a number/);
    expectInvalid(() => scalar({ C: 70000 }), 'Value.C', /out of range for ser:char/);
    expectInvalid(() => scalar({ Dur: '8 hours' }), 'Value.Dur', /not an xs:duration/);
    expectInvalid(() => scalar({ Dur: 'P' }), 'Value.Dur', /not an xs:duration/);
  });
});

describe('xs:extension and $type', () => {
  test('a derived value where the base is declared carries xsi:type and its own fields after the base fields', () => {
    const xml = encodeRequest(Mini, 'Save', { Entity: { $type: 'Special', Extra: 'x', Id: 1, Tag: 't' } });
    expect(xml).toBe(
      `<s:Envelope xmlns:s="${SOAP11}" xmlns:ns="${NS}" xmlns:xsi="${XSI}"><s:Body><ns:Save>` +
        '<ns:Entity xsi:type="ns:Special"><ns:Tag>t</ns:Tag><ns:Id>1</ns:Id><ns:Extra>x</ns:Extra></ns:Entity></ns:Save></s:Body></s:Envelope>',
    );
  });

  test('$type equal to the declared type writes no xsi:type', () => {
    expect(saveBody({ $type: 'Entity', Id: 1 })).toBe('<ns:Save><ns:Entity><ns:Id>1</ns:Id></ns:Entity></ns:Save>');
  });

  test('derived fields are unknown without $type; $type must name the declared type or a subtype', () => {
    expectInvalid(() => saveBody({ Extra: 'x' }), 'Entity.Extra', /unknown field "Extra" for Entity/);
    expectInvalid(() => saveBody({ $type: 'Other' }), 'Entity.$type', /\$type "Other" is not Entity or a type derived from it/);
    expectInvalid(() => saveBody({ $type: 'Nope' }), 'Entity.$type', /not Entity or a type derived/);
    expectInvalid(() => saveBody({ $type: 3 }), 'Entity.$type', /\$type must be a string/);
  });

  test('an abstract declared type needs $type of a concrete subtype; required subtype fields are checked', () => {
    expect(bodyOf(encodeRequest(Mini, 'Draw', { Shape: { $type: 'Circle', Radius: 2, Label: 'c' } }))).toBe(
      '<ns:Draw><ns:Shape xsi:type="ns:Circle"><ns:Label>c</ns:Label><ns:Radius>2</ns:Radius></ns:Shape></ns:Draw>',
    );
    expectInvalid(() => encodeRequest(Mini, 'Draw', { Shape: { Label: 'c' } }), 'Shape', /Shape is abstract/);
    expectInvalid(() => encodeRequest(Mini, 'Draw', { Shape: { $type: 'Circle' } }), 'Shape.Radius', /required field Radius is missing/);
  });
});

describe('xs:anyType', () => {
  test('a simple value: { $type: "xs:int", $value } → xsi:type with the xs prefix', () => {
    const xml = encodeRequest(Mini, 'Save', { Entity: { Payload: { $type: 'xs:int', $value: 42 } } });
    expect(xml).toBe(
      `<s:Envelope xmlns:s="${SOAP11}" xmlns:ns="${NS}" xmlns:xsi="${XSI}" xmlns:xs="${XS}"><s:Body><ns:Save><ns:Entity>` +
        '<ns:Payload xsi:type="xs:int">42</ns:Payload></ns:Entity></ns:Save></s:Body></s:Envelope>',
    );
  });

  test('strings, dates, enums and null $value', () => {
    expect(saveBody({ Payload: { $type: 'xs:string', $value: 'a<b' } })).toBe('<ns:Save><ns:Entity><ns:Payload xsi:type="xs:string">a&lt;b</ns:Payload></ns:Entity></ns:Save>');
    expect(saveBody({ Payload: { $type: 'xs:dateTime', $value: '2024-01-02T03:04:05Z' } })).toBe(
      '<ns:Save><ns:Entity><ns:Payload xsi:type="xs:dateTime">2024-01-02T03:04:05Z</ns:Payload></ns:Entity></ns:Save>',
    );
    expect(saveBody({ Payload: { $type: 'Status', $value: 'Open' } })).toBe('<ns:Save><ns:Entity><ns:Payload xsi:type="ns:Status">Open</ns:Payload></ns:Entity></ns:Save>');
    expect(saveBody({ Payload: { $type: 'xs:string', $value: null } })).toBe('<ns:Save><ns:Entity><ns:Payload xsi:type="xs:string" xsi:nil="true"/></ns:Entity></ns:Save>');
    expect(saveBody({ Payload: null })).toBe('<ns:Save><ns:Entity><ns:Payload xsi:nil="true"/></ns:Entity></ns:Save>');
  });

  test('a complex value: { $type: "Other", ...fields } → xsi:type with the service prefix', () => {
    expect(saveBody({ Payload: { $type: 'Other', X: 1 } })).toBe('<ns:Save><ns:Entity><ns:Payload xsi:type="ns:Other"><ns:X>1</ns:X></ns:Payload></ns:Entity></ns:Save>');
  });

  test('a value without $type, an unknown $type, or a $value that does not fit is an error', () => {
    expectInvalid(() => saveBody({ Payload: 'bare' }), 'Entity.Payload', /expected \{ \$type, \$value \}/);
    expectInvalid(() => saveBody({ Payload: { $value: 1 } }), 'Entity.Payload.$type', /needs \$type/);
    expectInvalid(() => saveBody({ Payload: { $type: 'xs:dateTimeStamp', $value: '2024' } }), 'Entity.Payload.$type', /not a known simple type/);
    expectInvalid(() => saveBody({ Payload: { $type: 'Nope', X: 1 } }), 'Entity.Payload.$type', /not a complex type of Mini/);
    expectInvalid(() => saveBody({ Payload: { $type: 'xs:int', $value: 'x' } }), 'Entity.Payload.$value', /expected a number/);
    expectInvalid(() => saveBody({ Payload: { $type: 'Other', X: 1, Y: 2 } }), 'Entity.Payload.Y', /unknown field "Y" for Other/);
  });
});

describe('encodeResponse (server side)', () => {
  test('writes the output wrapper and output headers (Succeeded, ExtraInfo)', () => {
    const xml = encodeResponse(Mini, 'Delete', {}, { Succeeded: true, ExtraInfo: { a: 'b' } });
    expect(xml).toBe(
      `${ENV}<s:Header><ns:ExtraInfo><ns:ExtraInfoNameValuePair><ns:Key>a</ns:Key><ns:Value>b</ns:Value></ns:ExtraInfoNameValuePair></ns:ExtraInfo>` +
        '<ns:Succeeded>true</ns:Succeeded></s:Header><s:Body><ns:DeleteResponse/></s:Body></s:Envelope>',
    );
  });
});

describe('validateRequest and encodeFault', () => {
  test('validateRequest throws what encodeRequest throws and returns nothing', () => {
    expect(validateRequest(Mini, 'Save', { Ids: [1] })).toBeUndefined();
    expectInvalid(() => validateRequest(Mini, 'Save', { Ids: [1, 'x'] }), 'Ids[1]', /expected a number/);
  });

  test('encodeFault writes a SOAP 1.1 Fault the decoder reads back', () => {
    const xml = encodeFault({ code: 's:Client', string: 'Bad <ticket>', detail: 'd & e' });
    expect(xml).toBe(
      `<s:Envelope xmlns:s="${SOAP11}"><s:Body><s:Fault><faultcode>s:Client</faultcode><faultstring>Bad &lt;ticket&gt;</faultstring><detail>d &amp; e</detail></s:Fault></s:Body></s:Envelope>`,
    );
    expect(() => decodeResponse(Mini, 'Save', xml)).toThrow(expect.objectContaining({ name: 'SoapFaultError', code: 's:Client', faultString: 'Bad <ticket>', detail: 'd &amp; e' }));
  });
});
