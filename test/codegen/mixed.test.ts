/**
 * `mixed="true"` (text between elements, ONVIF's/WS-Notification's `TopicExpressionType`): the
 * element is kept whole as raw XML under its own name, like xs:any, so its text is never dropped;
 * the runtime writes it verbatim and reads it back with the namespace declarations it needs.
 * Where no element can carry raw XML (a header, a fault detail, a body element, a wrapper) it is refused.
 */
import { CodegenError } from '../../codegen/errors';
import { generateService } from '../../codegen/generate';
import { decodeRequest, encodeRequest } from '../../src/codec.js';
import { FILE, generate, text, typeDecl, wsdl } from './helpers';

const schema = `
<xs:complexType name="TopicExpressionType" mixed="true"><xs:sequence><xs:any minOccurs="0"/></xs:sequence><xs:attribute name="Dialect" type="xs:anyURI" use="required"/></xs:complexType>
<xs:element name="TopicExpression" type="tns:TopicExpressionType"/>
<xs:complexType name="Filter"><xs:sequence>
<xs:element name="Name" type="xs:string"/>
<xs:element ref="tns:TopicExpression" minOccurs="0"/>
<xs:element name="ErrorCode" minOccurs="0"><xs:complexType><xs:complexContent mixed="true"><xs:extension base="xs:anyType"><xs:attribute name="dialect" type="xs:anyURI"/></xs:extension></xs:complexContent></xs:complexType></xs:element>
</xs:sequence></xs:complexType>`;

describe('mixed content', () => {
  const g = generate({ schema, operations: [{ name: 'Put', input: '<xs:element name="F" type="tns:Filter"/>' }] });

  it('keeps an element of a mixed type (named or anonymous) whole as raw XML under its name', () => {
    expect(typeDecl(g, 'Filter')).toEqual(text(
      '/** XSD complexType `Filter`. test.wsdl:7 */',
      'export interface Filter {',
      '  /** xs:string */',
      '  Name: string;',
      '  /** element TopicExpression of mixed content (text between elements), kept whole: raw XML. */',
      '  TopicExpression?: string;',
      '  /** element ErrorCode of mixed content (text between elements), kept whole: raw XML. */',
      '  ErrorCode?: string;',
      '}',
    ));
    expect(g.data.types.Filter).toEqual({
      kind: 'complex',
      name: 'Filter',
      fields: [
        { name: 'Name', type: 'xs:string' },
        { kind: 'any', key: 'TopicExpression', optional: true },
        { kind: 'any', key: 'ErrorCode', optional: true },
      ],
    });
  });

  it('writes the raw XML verbatim and reads it back, text and child elements included', () => {
    const topic = '<tns:TopicExpression xmlns:tns="urn:test" Dialect="urn:d">tns1:Device/<b>Trigger</b> now</tns:TopicExpression>';
    const value = { F: { Name: 'n', TopicExpression: topic, ErrorCode: '<ErrorCode dialect="urn:e">E <i>42</i></ErrorCode>' } };
    const xml = encodeRequest(g.data, 'Put', value);
    expect(xml).toMatch(/:Name>n<\/\w+:Name><tns:TopicExpression xmlns:tns="urn:test" Dialect="urn:d">tns1:Device\/<b>Trigger<\/b> now<\/tns:TopicExpression><ErrorCode dialect="urn:e">E <i>42<\/i><\/ErrorCode>/);
    expect(decodeRequest(g.data, 'Put', xml).body).toEqual(value);
  });

  it('is refused, with file:line, where the element cannot be kept as raw XML (a header)', () => {
    const t = wsdl({ schema: `${schema}<xs:element name="Topic" type="tns:TopicExpressionType"/>`, operations: [{ name: 'Put', inputHeaders: ['Topic'] }] });
    const line = t.split('\n').findIndex((l) => l.includes('<xs:element name="Topic" ')) + 1;
    expect(() => generateService(t, FILE)).toThrow(new CodegenError('a type of mixed content (mixed="true") as a header is not supported: text between elements would be lost', { file: FILE, line }));
  });
});
