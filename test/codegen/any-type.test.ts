/** `xs:anyType` (also an element without a type) → `AnyValue` from the runtime, imported only when used. */
import { decodeRequest, decodeResponse, encodeRequest, encodeResponse } from '../../src/codec.js';
import type { AnyValue } from '../../src/runtime/client/call-types.js';
import type { ServiceDescriptor } from '../../src/runtime/codec/descriptor.js';
import { generate, text, typeDecl } from './helpers';

describe('xs:anyType', () => {
  const g = generate({
    schema: `
<xs:complexType name="Setting">
<xs:sequence>
<xs:element minOccurs="0" name="Value" nillable="true" type="xs:anyType"/>
<xs:element minOccurs="0" name="Untyped"/>
</xs:sequence>
</xs:complexType>`,
    operations: [{ name: 'GetSetting', output: '<xs:element minOccurs="0" name="Response" nillable="true" type="tns:Setting"/>' }],
  });

  it('imports AnyValue from the runtime module and uses it', () => {
    const lines = g.files['types.ts'].split('\n');
    expect(lines.slice(2, 4)).toEqual(["import type { AnyValue } from 'so-soap/runtime';", '']);
    expect(typeDecl(g, 'Setting')).toEqual(text(
      '/** XSD complexType `Setting`. test.wsdl:5 */',
      'export interface Setting {',
      '  /** xs:anyType, minOccurs=0, nillable */',
      '  Value?: AnyValue | null;',
      '  /** xs:anyType, minOccurs=0 */',
      '  Untyped?: AnyValue;',
      '}',
    ));
    expect(g.data.types.Setting).toEqual({
      kind: 'complex',
      name: 'Setting',
      fields: [
        { name: 'Value', type: 'xs:anyType', optional: true, nillable: true },
        { name: 'Untyped', type: 'xs:anyType', optional: true },
      ],
    });
  });

  it('imports from the module given by --runtime-module', () => {
    const custom = generate('<xs:complexType name="A"><xs:sequence><xs:element name="V" type="xs:anyType"/></xs:sequence></xs:complexType>', { runtimeModule: '@acme/soap/runtime' });
    expect(custom.files['types.ts'].split('\n')[2]).toBe("import type { AnyValue } from '@acme/soap/runtime';");
  });

  it('does not import AnyValue when nothing uses it', () => {
    const plain = generate('<xs:complexType name="A"><xs:sequence><xs:element name="V" type="xs:int"/></xs:sequence></xs:complexType>');
    expect(plain.files['types.ts']).not.toContain('AnyValue');
    expect(plain.files['types.ts'].split('\n').slice(2, 4)).toEqual(['', '/** XSD complexType `A`. test.wsdl:5 */']);
  });

  it('finds anyType in wrappers, collections and dictionaries too', () => {
    for (const schema of [
      { operations: [{ name: 'Op', input: '<xs:element name="V" type="xs:anyType"/>' }] },
      { schema: '<xs:complexType name="ArrayOfanyType"><xs:sequence><xs:element minOccurs="0" maxOccurs="unbounded" name="anyType" nillable="true" type="xs:anyType"/></xs:sequence></xs:complexType>' },
    ]) {
      expect(generate(schema).files['types.ts'].split('\n')[2]).toBe("import type { AnyValue } from 'so-soap/runtime';");
    }
  });
});

/**
 * An untyped wrapper child (`<xs:element name="Response"/>`, the ASMX/Axis way of saying "any XML")
 * whose instance holds elements: typed `AnyValue`, decoded as the raw form
 * `{ $type: 'xs:anyType', $any, $attributes? }` (its content never lost), and encoded back from it.
 */
describe('an untyped wrapper element with element content', () => {
  const g = generate({ operations: [{ name: 'Query', input: '<xs:element name="Filter"/>', output: '<xs:element minOccurs="0" name="Response"/>' }] });
  const service = g.data as ServiceDescriptor;

  it('is AnyValue in the wrapper interfaces and xs:anyType in the descriptor', () => {
    expect(typeDecl(g, 'QueryResponse')).toEqual(text(
      '/** Output of Query: the children of the `QueryResponse` wrapper element. test.wsdl:8 */',
      'export interface QueryResponse {',
      '  /** xs:anyType, minOccurs=0 */',
      '  Response?: AnyValue;',
      '}',
    ));
    expect(typeDecl(g, 'QueryRequest').split('\n').slice(2, 4)).toEqual(['  /** xs:anyType */', '  Filter: AnyValue;']);
    expect(service.operations.Query.output.fields).toEqual([{ name: 'Response', type: 'xs:anyType', optional: true }]);
  });

  it('decodes element content as raw XML (with the namespace declarations it needs)', () => {
    const xml =
      `<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/" xmlns:r="urn:rows"><s:Body><QueryResponse xmlns="urn:test"><Response>` +
      '<r:Rows count="2"><r:Row>a</r:Row><r:Row>b &amp; c</r:Row></r:Rows></Response></QueryResponse></s:Body></s:Envelope>';
    expect(decodeResponse(service, 'Query', xml).body).toStrictEqual({
      Response: { $type: 'xs:anyType', $any: '<r:Rows xmlns:r="urn:rows" count="2"><r:Row>a</r:Row><r:Row>b &amp; c</r:Row></r:Rows>' },
    });
  });

  it('round-trips the raw form through the encoder, both ways', () => {
    const values: AnyValue[] = [
      { $type: 'xs:anyType', $any: '<r:Rows xmlns:r="urn:rows"><r:Row>a</r:Row></r:Rows><Note>n &lt; m</Note>' },
      { $type: 'xs:anyType', $any: 'text <b>bold</b>', $attributes: { lang: 'en', '{urn:x}k': 'v' } },
    ];
    for (const Response of values) {
      const res = encodeResponse(service, 'Query', { Response });
      expect(decodeResponse(service, 'Query', res).body).toStrictEqual({ Response });
      const req = encodeRequest(service, 'Query', { Filter: Response });
      expect(decodeRequest(service, 'Query', req).body).toStrictEqual({ Filter: Response });
    }
    expect(encodeRequest(service, 'Query', { Filter: values[0] })).toContain('<ns:Filter><r:Rows xmlns:r="urn:rows"><r:Row>a</r:Row></r:Rows><Note>n &lt; m</Note></ns:Filter>');
  });

  it('refuses raw content the decoder could not read back', () => {
    const bad = (v: unknown) => () => encodeRequest(service, 'Query', { Filter: v });
    expect(bad({ $type: 'xs:anyType', $any: '<a>' })).toThrow(/Filter\.\$any.*not well-formed XML content/s);
    expect(bad({ $type: 'xs:anyType', $any: '</x><x>' })).toThrow(/not well-formed/);
    expect(bad({ $type: 'xs:anyType', $any: '<p:a/>' })).toThrow(/prefix "p" of p:a/);
    expect(bad({ $type: 'xs:anyType', $any: 1 })).toThrow(/expected the content as an XML string/);
    expect(bad({ $type: 'xs:anyType', $any: '<a/>', Extra: 1 })).toThrow(/unknown key "Extra"/);
  });
});

/**
 * An xs:anyType value whose `xsi:type` names a type the service does not know (another schema's, or
 * a newer server's): kept in the raw form with that type, `{ $type: 'xs:anyType', $xsiType:
 * '{ns}local', $any, $attributes? }` (zeep keeps its content raw too, and drops the type), and
 * written back with the same `xsi:type`, so it re-encodes exactly.
 */
describe('an xs:anyType value with an xsi:type the service does not know', () => {
  const g = generate({
    schema: '<xs:complexType name="Known"><xs:sequence><xs:element name="A" type="xs:int"/></xs:sequence></xs:complexType>',
    operations: [{ name: 'Query', input: '<xs:element name="Filter"/>', output: '<xs:element minOccurs="0" name="Response"/>' }],
  });
  const service = g.data as ServiceDescriptor;
  const response = (inner: string) =>
    `<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/" xmlns:i="http://www.w3.org/2001/XMLSchema-instance" xmlns:o="urn:other">` +
    `<s:Body><QueryResponse xmlns="urn:test">${inner}</QueryResponse></s:Body></s:Envelope>`;

  it('decodes to the raw form with $xsiType (element content, text, attributes)', () => {
    expect(decodeResponse(service, 'Query', response('<Response i:type="o:Shape" unit="cm"><o:Width>2</o:Width><o:Height>3</o:Height></Response>')).body).toStrictEqual({
      Response: { $type: 'xs:anyType', $xsiType: '{urn:other}Shape', $any: '<o:Width xmlns:o="urn:other">2</o:Width><o:Height xmlns:o="urn:other">3</o:Height>', $attributes: { unit: 'cm' } },
    });
    expect(decodeResponse(service, 'Query', response('<Response i:type="o:Code">A &amp; 1</Response>')).body).toStrictEqual({
      Response: { $type: 'xs:anyType', $xsiType: '{urn:other}Code', $any: 'A &amp; 1' },
    });
    // an unprefixed xsi:type is in the default namespace (here the service's)
    expect(decodeResponse(service, 'Query', response('<Response i:type="Local"/>')).body).toStrictEqual({
      Response: { $type: 'xs:anyType', $xsiType: '{urn:test}Local', $any: '' },
    });
    // still refused: a prefix that is not bound
    expect(() => decodeResponse(service, 'Query', response('<Response i:type="q:Shape"/>'))).toThrow(/xsi:type="q:Shape" uses an unbound prefix/);
  });

  it('encodes $xsiType as xsi:type with a prefix declared for its namespace', () => {
    const body = (Filter: AnyValue) => {
      const xml = encodeRequest(service, 'Query', { Filter });
      return xml.slice(xml.indexOf('<ns:Filter'), xml.indexOf('</ns:Query>'));
    };
    expect(body({ $type: 'xs:anyType', $xsiType: '{urn:other}Shape', $any: '<o:W xmlns:o="urn:other">2</o:W>', $attributes: { unit: 'cm' } })).toBe(
      '<ns:Filter xmlns:t="urn:other" xsi:type="t:Shape" unit="cm"><o:W xmlns:o="urn:other">2</o:W></ns:Filter>',
    );
    expect(body({ $type: 'xs:anyType', $xsiType: '{urn:test}Local', $any: 'x' })).toBe('<ns:Filter xsi:type="ns:Local">x</ns:Filter>');
    expect(body({ $type: 'xs:anyType', $xsiType: 'Bare', $any: '' })).toBe('<ns:Filter xsi:type="Bare"/>');
  });

  it('round-trips, both ways', () => {
    const values: AnyValue[] = [
      { $type: 'xs:anyType', $xsiType: '{urn:other}Shape', $any: '<o:Width xmlns:o="urn:other">2</o:Width>', $attributes: { unit: 'cm', '{urn:x}k': 'v' } },
      { $type: 'xs:anyType', $xsiType: '{urn:other}Code', $any: 'A &amp; 1' },
      { $type: 'xs:anyType', $xsiType: '{urn:test}Local', $any: '' },
      { $type: 'xs:anyType', $xsiType: 'Bare', $any: '<t:a xmlns:t="urn:t"/>text' },
    ];
    for (const v of values) {
      const res = encodeResponse(service, 'Query', { Response: v });
      expect(decodeResponse(service, 'Query', res).body).toStrictEqual({ Response: v });
      const req = encodeRequest(service, 'Query', { Filter: v });
      expect(decodeRequest(service, 'Query', req).body).toStrictEqual({ Filter: v });
    }
  });

  it('refuses a $xsiType the decoder would read as something else', () => {
    const bad = (v: unknown) => () => encodeRequest(service, 'Query', { Filter: v });
    expect(bad({ $type: 'xs:anyType', $xsiType: '{http://www.w3.org/2001/XMLSchema}int', $any: '1' })).toThrow(/Filter\.\$xsiType.*a type the service knows.*\$type: 'xs:int'/s);
    expect(bad({ $type: 'xs:anyType', $xsiType: '{urn:test}Known', $any: '<A>1</A>' })).toThrow(/Filter\.\$xsiType.*a type the service knows.*\$type: 'Known', …fields/s);
    expect(decodeResponse(service, 'Query', response('<Response i:type="Known"><A>1</A></Response>')).body).toStrictEqual({ Response: { $type: 'Known', A: 1 } });
    expect(bad({ $type: 'xs:anyType', $xsiType: 'not a name', $any: '' })).toThrow(/Filter\.\$xsiType.*not a type name/s);
    expect(bad({ $type: 'xs:anyType', $xsiType: 1, $any: '' })).toThrow(/Filter\.\$xsiType.*expected/s);
  });
});
