/**
 * `xs:any` → `$any`: the raw XML of the element (string), `string[]` when repeated; a .NET DataSet's
 * `<s:element ref="s:schema"/>` is an element of the XSD namespace kept as xs:anyType.
 */
import { generate, text, typeDecl } from './helpers';

describe('xs:any', () => {
  const g = generate(`
<xs:complexType name="Envelope"><xs:sequence>
<xs:element name="Id" type="xs:int"/>
<xs:any minOccurs="0" namespace="##other" processContents="lax"/>
<xs:any maxOccurs="unbounded"/>
</xs:sequence></xs:complexType>
<xs:complexType name="DataSet"><xs:sequence><xs:element ref="xs:schema"/><xs:any/></xs:sequence></xs:complexType>`);

  it('is raw XML under $any, numbered by the member-name rule', () => {
    expect(typeDecl(g, 'Envelope')).toEqual(text(
      '/** XSD complexType `Envelope`. test.wsdl:5 */',
      'export interface Envelope {',
      '  /** xs:int */',
      '  Id: number;',
      '  /** xs:any: raw XML. */',
      '  $any?: string;',
      '  /** xs:any, maxOccurs=unbounded: raw XML, one string per element. */',
      '  $any_2: string[];',
      '}',
    ));
    expect(g.data.types.Envelope).toEqual({
      kind: 'complex',
      name: 'Envelope',
      fields: [{ name: 'Id', type: 'xs:int' }, { kind: 'any', key: '$any', optional: true }, { kind: 'any', key: '$any_2', repeated: true }],
    });
  });

  it('reads a DataSet\'s xs:schema reference as an element of any type', () => {
    expect(g.data.types.DataSet).toEqual({
      kind: 'complex',
      name: 'DataSet',
      fields: [{ name: 'schema', type: 'xs:anyType', ns: 'http://www.w3.org/2001/XMLSchema' }, { kind: 'any', key: '$any' }],
    });
  });
});
