/** decodeResponse: every mapping row of DESIGN.md §4 read from the wire, leniency, strictness, XML safety. */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { decodeRequest, decodeResponse, encodeRequest, encodeResponse } from '../../src/codec.js';
import { rememberedDateTimeText } from '../../src/runtime/codec/values.js';
import { decodeEnvelope, ResponseBody, type DecodeOptions } from '../../src/runtime/codec/decode.js';
import { servicePlan } from '../../src/runtime/codec/plan.js';
import { ResponseFormatError, SoapFaultError } from '../../src/runtime/client/errors.js';
import type { ServiceDescriptor } from '../../src/runtime/codec/descriptor.js';
import { ARR, Mini, NS, SOAP11, SOAP12, XSI, response } from './codec.fixture.js';

type Body = Record<string, unknown>;

/** Decode a Save response whose Response element holds `inner`; returns body.Response. */
function entity(inner: string, attrs = ''): Record<string, unknown> {
  const { body } = decodeResponse<Body>(Mini, 'Save', response(`<m:SaveResponse><m:Response${attrs}>${inner}</m:Response></m:SaveResponse>`));
  return body.Response as Record<string, unknown>;
}

function scalars(inner: string, options?: Parameters<typeof decodeResponse>[3]): Record<string, unknown> {
  const { body } = decodeResponse<Body>(Mini, 'Echo', response(`<m:EchoResponse><m:Response>${inner}</m:Response></m:EchoResponse>`), options);
  return body.Response as Record<string, unknown>;
}

function expectFormatError(fn: () => unknown, message: RegExp, path?: string): ResponseFormatError {
  let caught: unknown;
  try {
    fn();
  } catch (e) {
    caught = e;
  }
  expect(caught).toBeInstanceOf(ResponseFormatError);
  const err = caught as ResponseFormatError;
  expect(err.message).toMatch(message);
  if (path !== undefined) expect(err.path).toBe(path);
  return err;
}

describe('envelope, wrapper, headers', () => {
  test('a full response: typed headers (only those present) and the wrapper children', () => {
    const xml = response(
      '<m:SaveResponse><m:Response><m:Id>5</m:Id></m:Response></m:SaveResponse>',
      '<m:ExceptionInfo><m:Message>boom</m:Message><m:InnerException><m:Message>inner</m:Message><m:InnerException i:nil="true"/></m:InnerException>' +
        '<m:Parameters><m:SoExceptionInfoParametersKeyValuePair><m:Key>id</m:Key><m:Value>5</m:Value></m:SoExceptionInfoParametersKeyValuePair></m:Parameters></m:ExceptionInfo>' +
        '<m:ExtraInfo><m:ExtraInfoNameValuePair><m:Key>k</m:Key><m:Value>v</m:Value></m:ExtraInfoNameValuePair></m:ExtraInfo>' +
        '<m:Succeeded>false</m:Succeeded><m:TimeZone><m:SoTimeZoneId>3</m:SoTimeZoneId></m:TimeZone>',
    );
    expect(decodeResponse(Mini, 'Save', xml)).toStrictEqual({
      headers: {
        ExceptionInfo: { Message: 'boom', InnerException: { Message: 'inner', InnerException: null }, Parameters: { id: '5' } },
        ExtraInfo: { k: 'v' },
        Succeeded: false,
        TimeZone: { SoTimeZoneId: 3 },
      },
      body: { Response: { Id: 5 } },
    });
  });

  test('an empty wrapper (either form) is {}; no headers is {}', () => {
    expect(decodeResponse(Mini, 'Delete', response('<m:DeleteResponse/>'))).toStrictEqual({ headers: {}, body: {} });
    expect(decodeResponse(Mini, 'Delete', response('<m:DeleteResponse>\n  </m:DeleteResponse>'))).toStrictEqual({ headers: {}, body: {} });
  });

  test('absent elements are absent keys (not undefined-valued keys)', () => {
    const r = decodeResponse<Body>(Mini, 'Save', response('<m:SaveResponse/>'));
    expect(Object.keys(r.body)).toEqual([]);
    expect(Object.keys(entity('<m:Id>1</m:Id>'))).toEqual(['Id']);
  });

  test('a header block of another operation or an unknown one (WS-Addressing) is ignored; headers outside Header are read', () => {
    const xml =
      `<s:Envelope xmlns:s="${SOAP11}" xmlns:m="${NS}" xmlns:a="http://www.w3.org/2005/08/addressing">` +
      '<m:Succeeded>true</m:Succeeded>' +
      '<s:Header><a:Action s:mustUnderstand="1">urn:x</a:Action><m:Bogus><m:Deep/></m:Bogus><m:ApplicationToken>T</m:ApplicationToken></s:Header>' +
      '<s:Body><m:LoginResponse><m:Response>1</m:Response></m:LoginResponse></s:Body></s:Envelope>';
    expect(decodeResponse(Mini, 'Login', xml)).toStrictEqual({ headers: { Succeeded: true }, body: { Response: true } });
  });

  test('the SOAP 1.2 envelope namespace is accepted', () => {
    const xml = `<env:Envelope xmlns:env="${SOAP12}"><env:Body><DeleteResponse xmlns="${NS}"/></env:Body></env:Envelope>`;
    expect(decodeResponse(Mini, 'Delete', xml)).toStrictEqual({ headers: {}, body: {} });
  });

  test('namespaces: default namespace, prefixes declared on inner elements, prefix rebinding, unqualified fields', () => {
    const xml =
      `<Envelope xmlns="${SOAP11}"><Body><SaveResponse xmlns="${NS}"><Response>` +
      `<x:Id xmlns:x="${NS}">1</x:Id><Name xmlns="">n</Name><x:Ids xmlns:x="${NS}" xmlns:y="${ARR}"><y:int>4</y:int><x:int xmlns:x="${ARR}">5</x:int></x:Ids>` +
      '</Response></SaveResponse></Body></Envelope>';
    expect(decodeResponse(Mini, 'Save', xml).body).toStrictEqual({ Response: { Id: 1, Name: 'n', Ids: [4, 5] } });
  });

  test('whitespace, comments, processing instructions, an XML declaration and a BOM are fine', () => {
    const xml = `\uFEFF<?xml version="1.0" encoding="utf-8"?>\n<!-- c -->\n${response('\n  <m:DeleteResponse>\n  <!-- x --><?pi y?>\n  </m:DeleteResponse>\n')}\n`;
    expect(decodeResponse(Mini, 'Delete', xml)).toStrictEqual({ headers: {}, body: {} });
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(response('<m:SaveResponse><m:Response><m:Name>ü😀</m:Name></m:Response></m:SaveResponse>'))]);
    expect(decodeResponse(Mini, 'Save', new Uint8Array(bytes)).body).toStrictEqual({ Response: { Name: 'ü😀' } });
  });

  test('UTF-16 with a BOM is decoded; invalid UTF-8 is an error', () => {
    const text = response('<m:SaveResponse><m:Response><m:Name>ü</m:Name></m:Response></m:SaveResponse>');
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    expect(decodeResponse(Mini, 'Save', le).body).toStrictEqual({ Response: { Name: 'ü' } });
    const bad = Buffer.from(response('<m:SaveResponse><m:Response><m:Name>XX</m:Name></m:Response></m:SaveResponse>'));
    bad[bad.indexOf('XX')] = 0xff;
    expectFormatError(() => decodeResponse(Mini, 'Save', bad), /not valid UTF-8/);
  });

  test('another encoding named by the XML declaration is read as such (ISO-8859-1 exactly, Windows code pages); an unknown one or bad bytes are errors', () => {
    const doc = (decl: string, name: string) => `<?xml version="1.0" encoding="${decl}"?>` + response(`<m:SaveResponse><m:Response><m:Name>${name}</m:Name></m:Response></m:SaveResponse>`);
    const name = (bytes: Uint8Array) => (decodeResponse<Body>(Mini, 'Save', bytes).body.Response as { Name: string }).Name;
    // ISO-8859-1: every byte is its code point, 0x85 included (windows-1252 would read it as '…')
    expect(name(Buffer.from(doc('ISO-8859-1', 'José \u0085 ÿ'), 'latin1'))).toBe('José \u0085 ÿ');
    expect(name(Buffer.from(doc('iso-8859-1', 'Blåbær'), 'latin1'))).toBe('Blåbær');
    const cp1252 = Buffer.from(doc('windows-1252', 'price #'), 'latin1');
    cp1252[cp1252.indexOf('#')] = 0x80;
    expect(name(cp1252)).toBe('price €');
    // UTF-8 by name, or a byte order mark over the declaration
    expect(name(Buffer.from(doc('UTF-8', 'ü'), 'utf8'))).toBe('ü');
    expect(name(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(doc('ISO-8859-1', 'ü'), 'utf8')]))).toBe('ü');
    expectFormatError(() => decodeResponse(Mini, 'Save', Buffer.from(doc('x-made-up', 'a'))), /response encoding "x-made-up" is not supported/);
    const sjis = Buffer.from(doc('Shift_JIS', '##'), 'latin1');
    sjis[sjis.indexOf('##')] = 0x81;
    sjis[sjis.indexOf('#')] = 0x7f;
    expectFormatError(() => decodeResponse(Mini, 'Save', sjis), /response is not valid shift_jis/);
    // without a declaration: UTF-8, and Latin-1 bytes are refused, never guessed
    expectFormatError(() => decodeResponse(Mini, 'Save', Buffer.from(response('<m:SaveResponse><m:Response><m:Name>José</m:Name></m:Response></m:SaveResponse>'), 'latin1')), /not valid UTF-8/);
  });

  test('two identical Body elements are accepted; different ones are an error', () => {
    const body = '<soap:Body><m:SaveResponse><m:Response><m:Id>1</m:Id></m:Response></m:SaveResponse></soap:Body>';
    const env = (b: string): string => `<soap:Envelope xmlns:soap="${SOAP11}" xmlns:m="${NS}">${b}</soap:Envelope>`;
    expect(decodeResponse(Mini, 'Save', env(body + body)).body).toStrictEqual({ Response: { Id: 1 } });
    expectFormatError(() => decodeResponse(Mini, 'Save', env(body + body.replace('>1<', '>2<'))), /two Body elements with different content/);
  });

  test('decodeRequest reads a request (the simulator side), also headers outside Header', () => {
    const xml = encodeRequest(Mini, 'Save', { Entity: { Id: 1 } }, { ApplicationToken: 'T', Credentials: { Ticket: 'K' } });
    expect(decodeRequest(Mini, 'Save', xml)).toStrictEqual({ headers: { ApplicationToken: 'T', Credentials: { Ticket: 'K' } }, body: { Entity: { Id: 1 } } });
  });
});

describe('wrong documents', () => {
  test('a wrong wrapper element (another operation) is an error', () => {
    expectFormatError(() => decodeResponse(Mini, 'Save', response('<m:DeleteResponse/>')), /unexpected element <m:DeleteResponse> in Body: expected <SaveResponse> \(Save\)/);
  });

  test('the wrapper in another namespace is an error', () => {
    expectFormatError(() => decodeResponse(Mini, 'Delete', response('<DeleteResponse xmlns="urn:other"/>')), /wrapper element <DeleteResponse> is in namespace "urn:other", expected "urn:mini"/);
    expectFormatError(() => decodeResponse(Mini, 'Delete', response('<DeleteResponse/>')), /is in namespace "", expected "urn:mini"/);
  });

  test('an empty Body, no Body, two wrappers are errors', () => {
    expectFormatError(() => decodeResponse(Mini, 'Delete', response('')), /Body has no <DeleteResponse> element/);
    expectFormatError(() => decodeResponse(Mini, 'Delete', `<s:Envelope xmlns:s="${SOAP11}"/>`), /no Body/);
    expectFormatError(() => decodeResponse(Mini, 'Delete', response('<m:DeleteResponse/><m:DeleteResponse/>')), /more than one <m:DeleteResponse> in Body/);
  });

  test('not a SOAP envelope: other root, other namespace', () => {
    expectFormatError(() => decodeResponse(Mini, 'Delete', '<html><body>502 Bad Gateway</body></html>'), /not a SOAP envelope: the root element is <html>/);
    expectFormatError(() => decodeResponse(Mini, 'Delete', '<s:Envelope xmlns:s="urn:nope"><s:Body/></s:Envelope>'), /not a SOAP envelope.*urn:nope/);
  });

  test('not XML, empty, truncated, unbound prefixes', () => {
    expectFormatError(() => decodeResponse(Mini, 'Delete', ''), /empty/);
    expectFormatError(() => decodeResponse(Mini, 'Delete', new Uint8Array(0)), /empty/);
    expectFormatError(() => decodeResponse(Mini, 'Delete', '{"error":"json"}'), /not well-formed XML/);
    expectFormatError(() => decodeResponse(Mini, 'Delete', response('<m:DeleteResponse/>').slice(0, -10)), /not well-formed XML/);
    expectFormatError(() => decodeResponse(Mini, 'Delete', '<q:Envelope><q:Body/></q:Envelope>'), /unbound namespace prefix "q"/);
  });

  test('an element that is not a field of its type names its path', () => {
    expectFormatError(() => entity('<m:Id>1</m:Id><m:Bogus>x</m:Bogus>'), /unexpected element <m:Bogus>: not a field of Entity/, 'SaveResponse.Response.Bogus');
    expectFormatError(() => entity('<m:Extra>x</m:Extra>'), /not a field of Entity/, 'SaveResponse.Response.Extra');
  });

  test("unknownElements: 'ignore' skips an element that is not a field, with its content; the rest is read and checked as usual", () => {
    const ignore = { unknownElements: 'ignore' } as const;
    const save = (inner: string) => decodeResponse<Body>(Mini, 'Save', response(`<m:SaveResponse><m:Response>${inner}</m:Response></m:SaveResponse>`), ignore).body.Response;
    // before, between and after known fields; nested content, text, attributes, a nil, another namespace
    expect(save('<m:New a="1"><m:Id>9</m:Id>text<x:Deep xmlns:x="urn:x"><x:Deeper/></x:Deep></m:New><m:Id>1</m:Id><m:Gone i:nil="true"/><m:Name>n</m:Name><q:Later xmlns:q="urn:q">7</q:Later>')).toStrictEqual({ Id: 1, Name: 'n' });
    // what is not an unknown field stays an error
    expectFormatError(() => decodeResponse(Mini, 'Save', response('<m:SaveResponse><m:Response><m:Id>x</m:Id><m:New/></m:Response></m:SaveResponse>'), ignore), /"x" is not an xs:int/);
    expectFormatError(() => decodeResponse(Mini, 'Save', response('<m:SaveResponse><m:Response><m:Id>1</m:Id><m:Id>2</m:Id></m:Response></m:SaveResponse>'), ignore), /occurs more than once/);
    expectFormatError(() => decodeResponse(Mini, 'Save', response('<m:SaveResponse><m:Response><m:New><m:Unclosed></m:New></m:Response></m:SaveResponse>'), ignore), /not well-formed|mismatched|end tag/i);
  });

  test('a namespace declaration is in scope inside its element only (a shadowed prefix comes back after it)', () => {
    const save = (inner: string, outer = '') => decodeResponse<Body>(Mini, 'Save', response(`<m:SaveResponse${outer}><m:Response>${inner}</m:Response></m:SaveResponse>`)).body.Response;
    expect(save('<m:Name xmlns:x="urn:other">n</m:Name><x:Id>1</x:Id>', ' xmlns:x="urn:mini"')).toStrictEqual({ Name: 'n', Id: 1 });
    expect(save('<x:Name xmlns:x="urn:mini">n</x:Name><m:Id xmlns:m="urn:mini">1</m:Id><m:Tag>t</m:Tag>')).toStrictEqual({ Name: 'n', Id: 1, Tag: 't' });
    expectFormatError(() => save('<m:Name xmlns:q="urn:other">n</m:Name><q:Id>1</q:Id>'), /unbound namespace prefix "q" on <q:Id>/);
  });

  test('a field in another namespace is an error (array items in the wrong namespace too)', () => {
    expectFormatError(() => entity('<o:Id xmlns:o="urn:other">1</o:Id>'), /element <o:Id> is in namespace "urn:other", expected "urn:mini"/, 'SaveResponse.Response.Id');
    expectFormatError(() => entity('<m:Ids><m:int>1</m:int></m:Ids>'), /in namespace "urn:mini", expected "http:\/\/schemas.microsoft.com\/2003\/10\/Serialization\/Arrays"/, 'SaveResponse.Response.Ids.int[0]');
  });

  test('a repeated occurrence of a non-repeated field is an error; known fields out of schema order are fine', () => {
    expectFormatError(() => entity('<m:Id>1</m:Id><m:Id>2</m:Id>'), /element <m:Id> occurs more than once/, 'SaveResponse.Response.Id');
    expect(entity('<m:Name>n</m:Name><m:Id>1</m:Id><m:Tag>t</m:Tag>')).toStrictEqual({ Name: 'n', Id: 1, Tag: 't' });
    // (in schema order the decoder skips the lookup: once an element came back in the order, it looks again)
    expectFormatError(() => entity('<m:Id>1</m:Id><m:Status>Open</m:Status><m:Name>n</m:Name><m:Status>Closed</m:Status>'), /element <m:Status> occurs more than once/, 'SaveResponse.Response.Status');
    expectFormatError(() => entity('<m:Status>Open</m:Status><m:Id>1</m:Id><m:Status>Closed</m:Status>'), /element <m:Status> occurs more than once/, 'SaveResponse.Response.Status');
    expect(entity('<m:Id>1</m:Id><m:Status>Open</m:Status>')).toStrictEqual({ Id: 1, Status: 'Open' });
  });

  test('text inside a structured element is an error', () => {
    expectFormatError(() => entity('stray<m:Id>1</m:Id>'), /unexpected text "stray" inside a structured element/, 'SaveResponse.Response');
  });

  test('an element inside a simple value is an error', () => {
    expectFormatError(() => entity('<m:Name><m:b>x</m:b></m:Name>'), /unexpected element <m:b> inside a simple value/, 'SaveResponse.Response.Name.b');
  });
});

describe('values that do not fit their type', () => {
  test('not an int, int overflow, empty int', () => {
    expectFormatError(() => entity('<m:Id>abc</m:Id>'), /Save: "abc" is not an xs:int/, 'SaveResponse.Response.Id');
    expectFormatError(() => entity('<m:Id>2147483648</m:Id>'), /not an xs:int \(integer -2147483648\.\.2147483647\)/, 'SaveResponse.Response.Id');
    expectFormatError(() => entity('<m:Id/>'), /"" is not an xs:int/, 'SaveResponse.Response.Id');
    expectFormatError(() => entity('<m:Id>1.0</m:Id>'), /not an xs:int/);
  });

  test('ints and enumeration names collapse XML whitespace only (space, tab, CR, LF), not a no-break or ideographic space', () => {
    expect(entity('<m:Id> \t\r\n7\n </m:Id><m:Status>\tClosed </m:Status>')).toStrictEqual({ Id: 7, Status: 'Closed' });
    for (const space of ['\u00a0', '\u3000', '\u2028', '\ufeff']) {
      expectFormatError(() => entity(`<m:Id> 7${space}</m:Id>`), /is not an xs:int/, 'SaveResponse.Response.Id');
      expectFormatError(() => entity(`<m:Id>${space}7 </m:Id>`), /is not an xs:int/, 'SaveResponse.Response.Id');
      // (an unknown name is passed through as its text: not taken for the known one)
      expect(entity(`<m:Status> Closed${space}</m:Status>`)).toStrictEqual({ Status: `Closed${space}` });
    }
  });

  test('long beyond 2^53 is an error, never a rounded number', () => {
    expect(scalars('<m:L>-9007199254740991</m:L>')).toStrictEqual({ L: -9007199254740991 });
    expectFormatError(() => scalars('<m:L>9007199254740993</m:L>'), /not an xs:long/, 'EchoResponse.Response.L');
  });

  test('a bad dateTime in an array item names the item', () => {
    expectFormatError(() => entity('<m:When>2024-13-01T00:00:00</m:When>'), /"2024-13-01T00:00:00" is not an xs:dateTime/, 'SaveResponse.Response.When');
    expectFormatError(() => entity('<m:Child><m:Ids><a:int>1</a:int><a:int>x</a:int></m:Ids></m:Child>'), /"x" is not an xs:int/, 'SaveResponse.Response.Child.Ids.int[1]');
  });

  test('the error carries the operation', () => {
    const err = expectFormatError(() => entity('<m:Big>1e3</m:Big>'), /not an xs:long/, 'SaveResponse.Response.Big');
    expect(err.operation).toBe('Save');
    expect(err.message).toBe('Save: "1e3" is not an xs:long (integer -9007199254740991..9007199254740991) (at SaveResponse.Response.Big)');
  });

  test('xsi:nil on a non-nillable element is an error; content inside a nil element too', () => {
    expectFormatError(() => entity('<m:Id i:nil="true"/>'), /Id is not nillable/, 'SaveResponse.Response.Id');
    expectFormatError(() => entity('<m:Name i:nil="true">x</m:Name>'), /unexpected text "x" inside a nil element/);
    expectFormatError(() => entity('<m:Name i:nil="maybe"/>'), /xsi:nil="maybe" is not a boolean/);
  });

  test('bad booleans, decimals, base64, guids, durations', () => {
    expectFormatError(() => scalars('<m:B>yes</m:B>'), /not an xs:boolean/, 'EchoResponse.Response.B');
    expectFormatError(() => scalars('<m:Dec>1e5</m:Dec>'), /not an xs:decimal/);
    expectFormatError(() => scalars('<m:Bin>!!</m:Bin>'), /not base64/);
    expectFormatError(() => scalars('<m:G>nope</m:G>'), /not a guid/);
    expectFormatError(() => scalars('<m:Dur>PT</m:Dur>'), /not an xs:duration/);
  });
});

describe('mapping rows, wire → JS', () => {
  test('nil → null; "" stays ""; absent stays absent', () => {
    expect(entity('<m:Tag/><m:Name i:nil="true"/>')).toStrictEqual({ Tag: '', Name: null });
    expect(entity('<m:Tag></m:Tag><m:Name i:nil="1"></m:Name>')).toStrictEqual({ Tag: '', Name: null });
    expect(decodeResponse<Body>(Mini, 'Save', response('<m:SaveResponse><m:Response i:nil="true"/></m:SaveResponse>')).body).toStrictEqual({ Response: null });
  });

  test('strings keep their whitespace, entities and character references are resolved, CDATA is text', () => {
    expect(entity('<m:Name>  a &amp; &lt;b&gt; &#65;&#x1F600; \n</m:Name><m:Tag><![CDATA[<raw> & ]]>x</m:Tag>')).toStrictEqual({ Name: '  a & <b> A😀 \n', Tag: '<raw> & x' });
  });

  test('long strings from a document with characters above U+00FF are exact (Latin-1 ones are copied one byte a character)', () => {
    // Latin-1 content with entities, character references, C1 and high Latin-1 characters; another
    // field makes the document (and so every slice of it) two bytes a character.
    const latin1 = `a &amp; b &#xE9;&#x80;&#255; ${'éÿ\u0085x'.repeat(600)} end`;
    const wide = `${'x'.repeat(2000)}€`;
    const expected = { Name: `a & b é\u0080ÿ ${'éÿ\u0085x'.repeat(600)} end`, Tag: wide };
    const xml = response(`<m:SaveResponse><m:Response><m:Tag>${wide}</m:Tag><m:Name>${latin1}</m:Name></m:Response></m:SaveResponse>`);
    for (const input of [xml, Buffer.from(xml, 'utf8')]) {
      const got = decodeResponse<Body>(Mini, 'Save', input).body.Response as Record<string, unknown>;
      expect(got).toStrictEqual(expected);
    }
    // A document without such characters: the same values.
    expect(entity(`<m:Name>${latin1}</m:Name>`)).toStrictEqual({ Name: expected.Name });
  });

  test('a field read twice is refused at every position of a wide type; the same field in sibling and nested values is not', () => {
    // 40 fields, and a nested value of the same type
    const Wide: ServiceDescriptor = {
      name: 'Wide',
      namespace: NS,
      soapVersion: '1.1',
      headers: {},
      operations: {
        Get: {
          name: 'Get',
          method: 'get',
          soapAction: 'urn:mini/Get',
          input: { element: 'Get', fields: [] },
          output: { element: 'GetResponse', fields: [{ name: 'Rows', type: 'Row', optional: true, repeated: true }] },
          inputHeaders: [],
          outputHeaders: [],
          safe: true,
        },
      },
      types: {
        Row: {
          kind: 'complex',
          name: 'Row',
          fields: [...Array.from({ length: 40 }, (_, i) => ({ name: `F${i}`, type: 'xs:int', optional: true, nillable: true })), { name: 'Inner', type: 'Row', optional: true }],
        },
      },
    };
    const rows = (inner: string): unknown => decodeResponse<Body>(Wide, 'Get', response(`<m:GetResponse>${inner}</m:GetResponse>`)).body.Rows;
    for (const at of [0, 5, 30, 31, 39]) {
      expectFormatError(() => rows(`<m:Rows><m:F${at}>1</m:F${at}><m:F${at}>2</m:F${at}></m:Rows>`), new RegExp(`element <m:F${at}> occurs more than once`), `GetResponse.Rows[0].F${at}`);
      expectFormatError(() => rows(`<m:Rows><m:F${at} i:nil="true"/><m:F1${at === 1 ? 0 : 1}>0</m:F1${at === 1 ? 0 : 1}><m:F${at}>2</m:F${at}></m:Rows>`), /occurs more than once/);
    }
    expect(rows('<m:Rows><m:F3>1</m:F3><m:F35>2</m:F35></m:Rows><m:Rows><m:F3>3</m:F3><m:F35>4</m:F35><m:Inner><m:F3>5</m:F3><m:F35>6</m:F35></m:Inner><m:F4>7</m:F4></m:Rows>')).toStrictEqual([
      { F3: 1, F35: 2 },
      { F3: 3, F35: 4, Inner: { F3: 5, F35: 6 }, F4: 7 },
    ]);
  });

  // strings: 'share' leaves the values' strings as slices of the document: the same values, the document kept
  test.each([
    [{}, 'do not keep the document alive'],
    [{ strings: 'share' } as const, "keep it alive with strings: 'share'"],
  ])('decoded strings and Dates %j: %s', (options: DecodeOptions, _what: string) => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    // about 7 MB held two bytes a character (the € makes every slice of it two-byte), in a header
    // block that is skipped; made and decoded in a function of its own, so that no stack slot of
    // this one holds it
    const decodeOnce = (): Record<string, unknown> =>
      decodeResponse<Body>(
        Mini,
        'Save',
        response(
          '<m:SaveResponse><m:Response><m:Name>a name longer than 13 characters ✓</m:Name>' +
            '<m:Tags><a:string>Tom &amp; Jerry, an entity in the middle</a:string><a:string>thirteen chars</a:string></m:Tags>' +
            '<m:When>2024-01-02T03:04:05.12345678+02:00</m:When><m:Notes>note one with some text</m:Notes></m:Response></m:SaveResponse>',
          `<x:Filler xmlns:x="urn:other">${'filler € '.repeat(400_000)}</x:Filler>`,
        ),
        options,
      ).body.Response as Record<string, unknown>;
    const measure = (): { got: Record<string, unknown>; held: number } => {
      gc();
      const base = process.memoryUsage().heapUsed;
      const got = decodeOnce();
      gc();
      return { got, held: process.memoryUsage().heapUsed - base };
    };
    let { got, held } = measure();
    // (the retained size is measured across two collections; under a full CI run it once read low
    // for 'share' with the same code: a second measurement tells a disturbed one from a document let go)
    if (options.strings === 'share' && held <= 5_000_000) ({ got, held } = measure());
    expect(got).toStrictEqual({
      Name: 'a name longer than 13 characters ✓',
      Tags: ['Tom & Jerry, an entity in the middle', 'thirteen chars'],
      When: new Date(Date.UTC(2024, 0, 2, 1, 4, 5, 123)),
      Notes: ['note one with some text'],
    });
    expect(rememberedDateTimeText(got.When as Date)).toBe('2024-01-02T03:04:05.12345678+02:00');
    if (options.strings === 'share') expect(held).toBeGreaterThan(5_000_000);
    else expect(held).toBeLessThan(1_000_000);
  });

  test("the transport's ResponseBody: decoded as its bytes are, and let go of once read", () => {
    const xml = response('<m:SaveResponse><m:Response><m:Tag>t ✓</m:Tag><m:Name>n</m:Name></m:Response></m:SaveResponse>');
    const plan = servicePlan(Mini);
    const op = plan.operations.get('Save')!;
    const body = new ResponseBody(Buffer.from(xml, 'utf8'));
    const got = decodeEnvelope(plan, 'Save', op.output, op.outputHeaders, body, {}, true, op);
    expect(got).toStrictEqual(decodeResponse(Mini, 'Save', Buffer.from(xml, 'utf8')));
    // The decoder holds the text from here on, not the bytes too.
    expect(body.bytes).toBeUndefined();
    expect(() => decodeEnvelope(plan, 'Save', op.output, op.outputHeaders, body, {}, true, op)).toThrow(TypeError);
  });

  test('every scalar builtin', () => {
    const v = scalars(
      '<m:S>s</m:S><m:I> -7 </m:I><m:Sh>+32767</m:Sh><m:By>-128</m:By><m:UB>255</m:UB><m:US>0</m:US><m:UI>4294967295</m:UI><m:L>-0</m:L><m:UL>1</m:UL>' +
        '<m:F>1.5E2</m:F><m:D>-INF</m:D><m:Dec>-001.50</m:Dec><m:B>1</m:B><m:Bin>AAH+\n/w==</m:Bin>' +
        '<m:G>0F8FAD5B-D9CB-469F-A165-70867728950E</m:G><m:C>65</m:C><m:Dur>-P1DT2H</m:Dur><m:U>https://x</m:U><m:Q>p:q</m:Q><m:Code>c</m:Code>',
    );
    expect(v).toStrictEqual({
      S: 's',
      I: -7,
      Sh: 32767,
      By: -128,
      UB: 255,
      US: 0,
      UI: 4294967295,
      L: 0,
      UL: 1,
      F: 150,
      D: -Infinity,
      Dec: '-001.50',
      B: true,
      Bin: new Uint8Array([0, 1, 254, 255]),
      G: '0F8FAD5B-D9CB-469F-A165-70867728950E',
      C: 65,
      Dur: '-P1DT2H',
      U: 'https://x',
      Q: 'p:q',
      Code: 'c',
    });
    expect(Object.getPrototypeOf(v.Bin)).toBe(Uint8Array.prototype);
    expect(scalars('<m:D>INF</m:D><m:F>NaN</m:F><m:B>0</m:B>')).toStrictEqual({ D: Infinity, F: NaN, B: false });
  });

  test('dateTime → Date remembering its text; no offset = UTC by default, local on request', () => {
    const e = entity('<m:When>2011-04-19T16:48:28.8939219+02:00</m:When>');
    const when = e.When as Date;
    expect(when).toBeInstanceOf(Date);
    expect(when.toISOString()).toBe('2011-04-19T14:48:28.893Z');
    expect(rememberedDateTimeText(when)).toBe('2011-04-19T16:48:28.8939219+02:00');
    expect((scalars('<m:DT>2024-01-02T03:04:05</m:DT>').DT as Date).toISOString()).toBe('2024-01-02T03:04:05.000Z');
    const local = scalars('<m:DT>2024-01-02T03:04:05</m:DT>', { naiveDateTime: 'local' }).DT as Date;
    expect([local.getFullYear(), local.getMonth(), local.getDate(), local.getHours(), local.getMinutes(), local.getSeconds()]).toEqual([2024, 0, 2, 3, 4, 5]);
    expect(rememberedDateTimeText(local)).toBe('2024-01-02T03:04:05');
  });

  test('enum: known values; an unknown value passes through as its string', () => {
    expect(entity('<m:Status>Closed</m:Status>')).toStrictEqual({ Status: 'Closed' });
    expect(entity('<m:Status>NewInV9</m:Status>')).toStrictEqual({ Status: 'NewInV9' });
  });

  test('flags: space-separated → array (unknown values passed through); empty → []', () => {
    expect(entity('<m:Rights> Read  Delete\nFuture </m:Rights>')).toStrictEqual({ Rights: ['Read', 'Delete', 'Future'] });
    expect(entity('<m:Rights/>')).toStrictEqual({ Rights: [] });
  });

  test('ArrayOfX → array; present empty wrapper → []; nil → null; nil items → null', () => {
    expect(entity('<m:Ids><a:int>1</a:int><a:int>2</a:int></m:Ids><m:Tags><a:string>x</a:string><a:string i:nil="true"/><a:string/></m:Tags>')).toStrictEqual({
      Ids: [1, 2],
      Tags: ['x', null, ''],
    });
    expect(entity('<m:Ids/><m:Tags>\n</m:Tags>')).toStrictEqual({ Ids: [], Tags: [] });
    expect(entity('<m:Ids i:nil="true"/>')).toStrictEqual({ Ids: null });
    expectFormatError(() => entity('<m:Ids><a:int i:nil="true"/></m:Ids>'), /int is not nillable/, 'SaveResponse.Response.Ids.int[0]');
    expectFormatError(() => entity('<m:Ids><a:long>1</a:long></m:Ids>'), /items of ArrayOfint are <int>/);
  });

  test('a repeated element → array; nil items → null', () => {
    expect(entity('<m:Notes>a</m:Notes><m:Id>1</m:Id><m:Notes i:nil="true"/>')).toStrictEqual({ Notes: ['a', null], Id: 1 });
  });

  test('dictionary → Record (insertion order, int keys as object keys, nil values); duplicates and nil keys are errors', () => {
    const e = entity(
      '<m:Props><m:StringKeyValuePair><m:Key>b</m:Key><m:Value>2</m:Value></m:StringKeyValuePair><m:StringKeyValuePair><m:Value i:nil="true"/><m:Key>a</m:Key></m:StringKeyValuePair></m:Props>' +
        '<m:Counts><m:IntStringKeyValuePair><m:Key>007</m:Key><m:Value>x</m:Value></m:IntStringKeyValuePair></m:Counts>',
    );
    expect(e).toStrictEqual({ Props: { b: '2', a: null }, Counts: { 7: 'x' } });
    expect(Object.keys(e.Props as object)).toEqual(['b', 'a']);
    expect(entity('<m:Props/>')).toStrictEqual({ Props: {} });
    const dup = '<m:StringKeyValuePair><m:Key>k</m:Key><m:Value>1</m:Value></m:StringKeyValuePair>';
    expectFormatError(() => entity(`<m:Props>${dup}${dup}</m:Props>`), /duplicate dictionary key "k"/, 'SaveResponse.Response.Props.StringKeyValuePair[1]');
    expectFormatError(() => entity('<m:Props><m:StringKeyValuePair><m:Key i:nil="true"/><m:Value>1</m:Value></m:StringKeyValuePair></m:Props>'), /dictionary key is nil/);
    expectFormatError(() => entity('<m:Props><m:StringKeyValuePair><m:Value>1</m:Value></m:StringKeyValuePair></m:Props>'), /entry without Key/);
  });

  test('a dictionary key "__proto__" is an own property, not the prototype', () => {
    const e = entity('<m:Props><m:StringKeyValuePair><m:Key>__proto__</m:Key><m:Value>x</m:Value></m:StringKeyValuePair></m:Props>');
    const props = e.Props as Record<string, unknown>;
    expect(Object.getPrototypeOf(props)).toBe(Object.prototype);
    expect(Object.keys(props)).toEqual(['__proto__']);
  });

  test('base64Binary → Uint8Array; nil → null', () => {
    expect(scalars('<m:Bin>aGk=</m:Bin>')).toStrictEqual({ Bin: new Uint8Array([104, 105]) });
    expect(scalars('<m:Bin/>')).toStrictEqual({ Bin: new Uint8Array(0) });
    expect(scalars('<m:Bin i:nil="true"/>')).toStrictEqual({ Bin: null });
  });
});

describe('xsi:type', () => {
  test('a subtype sets $type and decodes the derived fields', () => {
    expect(entity('<m:Id>1</m:Id><m:Extra>x</m:Extra>', ' i:type="m:Special"')).toStrictEqual({ $type: 'Special', Id: 1, Extra: 'x' });
  });

  test('a redundant xsi:type equal to the declared type is accepted (the seed documents put one on every element)', () => {
    expect(entity('<m:Id i:type="xs:int">1</m:Id><m:Status i:type="m:Status">Open</m:Status><m:Name i:type="xs:string">n</m:Name>', ' i:type="m:Entity"')).toStrictEqual({
      Id: 1,
      Status: 'Open',
      Name: 'n',
    });
    expect(entity('<m:Ids i:type="a:ArrayOfint"><a:int i:type="xs:int">1</a:int></m:Ids>')).toStrictEqual({ Ids: [1] });
  });

  test('an xsi:type that is neither the declared type nor derived from it is an error', () => {
    expectFormatError(() => entity('', ' i:type="m:Other"'), /xsi:type="m:Other" is not Entity or a type derived from it/, 'SaveResponse.Response');
    expectFormatError(() => entity('<m:Id i:type="xs:string">1</m:Id>'), /xsi:type="xs:string" does not match the declared type xs:int/);
    expectFormatError(() => entity('', ' i:type="m:Nope"'), /names a type Mini does not know/);
  });

  test('an abstract declared type decodes its concrete subtype', () => {
    const { body } = decodeResponse<Body>(Mini, 'Draw', response('<m:DrawResponse><m:Response i:type="m:Circle"><m:Radius>2.5</m:Radius></m:Response></m:DrawResponse>'));
    expect(body).toStrictEqual({ Response: { $type: 'Circle', Radius: 2.5 } });
  });
});

describe('xs:anyType', () => {
  test('a simple value with xsi:type → { $type, $value }', () => {
    expect(entity('<m:Payload i:type="xs:int">42</m:Payload>')).toStrictEqual({ Payload: { $type: 'xs:int', $value: 42 } });
    const dt = entity('<m:Payload i:type="xs:dateTime">2024-01-02T03:04:05Z</m:Payload>').Payload as { $type: string; $value: Date };
    expect(dt.$type).toBe('xs:dateTime');
    expect(dt.$value.toISOString()).toBe('2024-01-02T03:04:05.000Z');
    expect(entity('<m:Payload xmlns:q="http://www.w3.org/2001/XMLSchema" i:type="q:gYear">2024</m:Payload>')).toStrictEqual({ Payload: { $type: 'xs:gYear', $value: '2024' } });
  });

  test('a named simple or collection type → { $type: XSD name, $value }', () => {
    expect(entity('<m:Payload i:type="m:Status">Open</m:Payload>')).toStrictEqual({ Payload: { $type: 'Status', $value: 'Open' } });
    expect(entity('<m:Payload i:type="a:ArrayOfint"><a:int>1</a:int></m:Payload>')).toStrictEqual({ Payload: { $type: 'ArrayOfint', $value: [1] } });
  });

  test('a complex value → { $type, ...fields }', () => {
    expect(entity('<m:Payload i:type="m:Other"><m:X>1</m:X></m:Payload>')).toStrictEqual({ Payload: { $type: 'Other', X: 1 } });
  });

  test('no xsi:type: text is a string; nil is null', () => {
    expect(entity('<m:Payload>s</m:Payload>')).toStrictEqual({ Payload: { $type: 'xs:string', $value: 's' } });
    expect(entity('<m:Payload i:nil="true"/>')).toStrictEqual({ Payload: null });
    expect(entity('<m:Payload i:type="xs:anyType">s</m:Payload>')).toStrictEqual({ Payload: { $type: 'xs:string', $value: 's' } });
  });

  test('no xsi:type and child elements: the content is kept as raw XML, { $type: "xs:anyType", $any }', () => {
    // each child carries the declarations of the prefixes it uses; whitespace between elements is not kept
    expect(entity('<m:Payload>\n  <m:X>1</m:X>\n  <Y a="1"><m:Z i:type="xs:int">2</m:Z></Y>\n</m:Payload>')).toStrictEqual({
      Payload: { $type: 'xs:anyType', $any: `<m:X xmlns:m="${NS}">1</m:X><Y xmlns:m="${NS}" xmlns:i="${XSI}" xmlns:xs="http://www.w3.org/2001/XMLSchema" a="1"><m:Z i:type="xs:int">2</m:Z></Y>` },
    });
    // text between elements (mixed content) is kept, escaped; so are the element's own attributes
    expect(entity('<m:Payload m:k="v" plain="a&amp;b" i:type="xs:anyType">a &lt; b <b>bold</b> end</m:Payload>')).toStrictEqual({
      Payload: { $type: 'xs:anyType', $any: 'a &lt; b <b>bold</b> end', $attributes: { [`{${NS}}k`]: 'v', plain: 'a&b' } },
    });
    // attributes alone (text content) also take the raw form: nothing of the element is dropped
    expect(entity('<m:Payload lang="en">hi</m:Payload>')).toStrictEqual({ Payload: { $type: 'xs:anyType', $any: 'hi', $attributes: { lang: 'en' } } });
  });

  test('round trip through the encoder', () => {
    const values = [
      { $type: 'xs:int', $value: 42 },
      { $type: 'Other', X: 1 },
      { $type: 'Status', $value: 'Closed' },
      { $type: 'xs:boolean', $value: true },
      { $type: 'xs:anyType', $any: `<q:X xmlns:q="urn:q">1</q:X>text &amp; more<Y/>` },
      { $type: 'xs:anyType', $any: '<Y/>', $attributes: { a: '1', '{urn:q}b': '2' } },
    ];
    for (const Payload of values) {
      const xml = encodeResponse(Mini, 'Save', { Response: { Payload } });
      expect(decodeResponse(Mini, 'Save', xml).body).toStrictEqual({ Response: { Payload } });
    }
  });
});

describe('SOAP Fault', () => {
  test('a SOAP 1.1 Fault → SoapFaultError with code, string and detail (as text)', () => {
    const xml =
      `<s:Envelope xmlns:s="${SOAP11}"><s:Body><s:Fault><faultcode>s:Client</faultcode><faultstring xml:lang="en">Bad ticket</faultstring>` +
      '<detail><ExceptionDetail xmlns="http://schemas.datacontract.org/2004/07/System.ServiceModel"><Message>a &lt; b</Message><Type i:nil="true" xmlns:i="http://www.w3.org/2001/XMLSchema-instance"/></ExceptionDetail></detail>' +
      '</s:Fault></s:Body></s:Envelope>';
    let caught: unknown;
    try {
      decodeResponse(Mini, 'Delete', xml);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(SoapFaultError);
    const f = caught as SoapFaultError;
    expect(f.code).toBe('s:Client');
    expect(f.faultString).toBe('Bad ticket');
    expect(f.detail).toBe(
      '<ExceptionDetail xmlns="http://schemas.datacontract.org/2004/07/System.ServiceModel"><Message>a &lt; b</Message><Type i:nil="true" xmlns:i="http://www.w3.org/2001/XMLSchema-instance"></Type></ExceptionDetail>',
    );
    expect(f.operation).toBe('Delete');
    expect(f.message).toBe('Delete: SOAP Fault s:Client: Bad ticket');
  });

  test('a SOAP 1.2 Fault (Code/Value, Reason/Text, Detail)', () => {
    const xml =
      `<e:Envelope xmlns:e="${SOAP12}"><e:Body><e:Fault><e:Code><e:Value>e:Sender</e:Value><e:Subcode><e:Value>x:Auth</e:Value></e:Subcode></e:Code>` +
      '<e:Reason><e:Text xml:lang="en">No access</e:Text><e:Text xml:lang="nb">Ingen tilgang</e:Text></e:Reason><e:Detail>d</e:Detail></e:Fault></e:Body></e:Envelope>';
    expect(() => decodeResponse(Mini, 'Delete', xml)).toThrow(expect.objectContaining({ name: 'SoapFaultError', code: 'e:Sender', faultString: 'No access', detail: 'd' }));
  });

  test('a Fault without detail; secrets in a fault are redacted', () => {
    const xml = `<s:Envelope xmlns:s="${SOAP11}"><s:Body><s:Fault><faultcode>s:Server</faultcode><faultstring>bad &lt;Ticket&gt;7T:secret&lt;/Ticket&gt;</faultstring></s:Fault></s:Body></s:Envelope>`;
    expect(() => decodeResponse(Mini, 'Delete', xml)).toThrow(expect.objectContaining({ code: 's:Server', faultString: 'bad <Ticket>***</Ticket>', detail: undefined }));
  });
});

describe('XML safety', () => {
  test('any DOCTYPE is rejected (no entity expansion: billion laughs, external entities)', () => {
    const laughs = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]><s:Envelope xmlns:s="${SOAP11}"><s:Body>&lol2;</s:Body></s:Envelope>`;
    expectFormatError(() => decodeResponse(Mini, 'Delete', laughs), /DOCTYPE is not allowed/);
    const xxe = `<!DOCTYPE s [<!ENTITY x SYSTEM "file:///etc/passwd">]><s:Envelope xmlns:s="${SOAP11}"><s:Body>&x;</s:Body></s:Envelope>`;
    expectFormatError(() => decodeResponse(Mini, 'Delete', xxe), /DOCTYPE is not allowed/);
    expectFormatError(() => decodeResponse(Mini, 'Delete', `<!DOCTYPE html>${response('<m:DeleteResponse/>')}`), /DOCTYPE is not allowed/);
  });

  test('only the five predefined entities and character references exist', () => {
    expectFormatError(() => entity('<m:Name>&nbsp;</m:Name>'), /not well-formed XML/);
    expectFormatError(() => entity('<m:Name>&#0;</m:Name>'), /not well-formed XML/);
  });

  test('maxBytes bounds the input (bytes and strings)', () => {
    const xml = response('<m:DeleteResponse/>');
    expect(decodeResponse(Mini, 'Delete', xml, { maxBytes: xml.length })).toStrictEqual({ headers: {}, body: {} });
    expectFormatError(() => decodeResponse(Mini, 'Delete', xml, { maxBytes: xml.length - 1 }), /exceeds maxBytes/);
    expectFormatError(() => decodeResponse(Mini, 'Delete', Buffer.from(xml), { maxBytes: 100 }), /exceeds maxBytes \(100\)/);
    const wide = response('<m:SaveResponse><m:Response><m:Name>éééé</m:Name></m:Response></m:SaveResponse>');
    expectFormatError(() => decodeResponse(Mini, 'Save', wide, { maxBytes: wide.length }), /exceeds maxBytes/);
  });

  test('maxDepth bounds nesting (default 64)', () => {
    const nest = (n: number): string => '<m:Child>'.repeat(n) + '</m:Child>'.repeat(n);
    // Envelope, Body, SaveResponse, Response = 4 levels, then n Child levels.
    expect(() => entity(nest(60))).not.toThrow();
    expectFormatError(() => entity(nest(61)), /nesting exceeds maxDepth \(64\)/);
    expect(() => decodeResponse(Mini, 'Save', response(`<m:SaveResponse><m:Response>${nest(2)}</m:Response></m:SaveResponse>`), { maxDepth: 6 })).not.toThrow();
    expect(() => decodeResponse(Mini, 'Save', response(`<m:SaveResponse><m:Response>${nest(3)}</m:Response></m:SaveResponse>`), { maxDepth: 6 })).toThrow(/maxDepth \(6\)/);
  });
});

describe('XSI namespace handling', () => {
  test('xsi attributes are recognised by namespace, not by prefix', () => {
    expect(entity(`<m:Name xmlns:zz="${XSI}" zz:nil="true"/>`)).toStrictEqual({ Name: null });
    // An attribute named nil in another namespace is just an attribute.
    expect(entity('<m:Name xmlns:zz="urn:z" zz:nil="true">n</m:Name>')).toStrictEqual({ Name: 'n' });
  });
});

describe('field names that are Object.prototype members', () => {
  const Proto: ServiceDescriptor = {
    name: 'Proto',
    namespace: NS,
    soapVersion: '1.1',
    headers: {},
    operations: {
      Op: {
        name: 'Op',
        method: 'op',
        soapAction: 'urn:op',
        input: { element: 'Op', fields: [{ name: 'constructor', type: 'xs:int', optional: true }, { name: 'toString', type: 'xs:string', optional: true, repeated: true }, { name: '__proto__', type: 'xs:string', optional: true }] },
        output: { element: 'OpResponse', fields: [{ name: 'constructor', type: 'xs:int', optional: true }, { name: 'toString', type: 'xs:string', optional: true, repeated: true }, { name: '__proto__', type: 'xs:string', optional: true }] },
        inputHeaders: [],
        outputHeaders: [],
        safe: true,
      },
    },
    types: {},
  };

  test('absent on encode means absent (not the inherited member); decoded as own properties', () => {
    expect(encodeRequest(Proto, 'Op', {})).toContain('<ns:Op/>');
    const xml = encodeResponse(Proto, 'Op', JSON.parse('{"constructor": 1, "toString": ["a", "b"], "__proto__": "p"}'));
    expect(xml).toContain('<ns:OpResponse><ns:constructor>1</ns:constructor><ns:toString>a</ns:toString><ns:toString>b</ns:toString><ns:__proto__>p</ns:__proto__></ns:OpResponse>');
    const body = decodeResponse(Proto, 'Op', xml).body;
    expect(Object.getPrototypeOf(body)).toBe(Object.prototype);
    expect(Object.entries(body)).toEqual([
      ['constructor', 1],
      ['toString', ['a', 'b']],
      ['__proto__', 'p'],
    ]);
  });
});

describe('unqualified elements: accepted in responses, read as WCF does in requests', () => {
  test('an unqualified header block in a response is the declared one (Succeeded=false is never lost)', () => {
    const xml = `<s:Envelope xmlns:s="${SOAP11}"><s:Header><Succeeded>false</Succeeded></s:Header><s:Body><DeleteResponse xmlns="${NS}"/></s:Body></s:Envelope>`;
    expect(decodeResponse(Mini, 'Delete', xml).headers).toStrictEqual({ Succeeded: false });
  });

  test('in a request, unqualified header blocks are ignored and unqualified fields are errors', () => {
    const xml =
      `<s:Envelope xmlns:s="${SOAP11}"><s:Header><ApplicationToken>T</ApplicationToken><Credentials><Ticket>K</Ticket></Credentials></s:Header>` +
      `<s:Body><m:Delete xmlns:m="${NS}"><m:Id>1</m:Id></m:Delete></s:Body></s:Envelope>`;
    expect(decodeRequest(Mini, 'Delete', xml)).toStrictEqual({ headers: {}, body: { Id: 1 } });
    const unqualifiedField = `<s:Envelope xmlns:s="${SOAP11}"><s:Body><m:Delete xmlns:m="${NS}"><Id>1</Id></m:Delete></s:Body></s:Envelope>`;
    expectFormatError(() => decodeRequest(Mini, 'Delete', unqualifiedField), /element <Id> is in namespace "", expected "urn:mini"/, 'Delete.Id');
  });
});
