/**
 * Occurs on groups: `<xs:sequence minOccurs="0">` makes its members optional; a repeated sequence
 * → `$sequence`, an array of objects; `xs:group ref` inlines the group with the ref's occurrence;
 * `xs:all` reads like a sequence.
 */
import { generate, text, typeDecl } from './helpers';

const schema = `
<xs:group name="Range"><xs:sequence><xs:element name="From" type="xs:int"/><xs:element name="To" type="xs:int"/></xs:sequence></xs:group>
<xs:complexType name="Query">
<xs:sequence>
<xs:element name="Text" type="xs:string"/>
<xs:sequence minOccurs="0"><xs:element name="Page" type="xs:int"/><xs:element name="Size" type="xs:int"/></xs:sequence>
<xs:group ref="tns:Range" minOccurs="0"/>
<xs:sequence maxOccurs="unbounded"><xs:element name="Key" type="xs:string"/><xs:element name="Value" type="xs:string"/></xs:sequence>
</xs:sequence>
</xs:complexType>
<xs:complexType name="Point"><xs:all><xs:element name="X" type="xs:double"/><xs:element minOccurs="0" name="Y" type="xs:double"/></xs:all></xs:complexType>`;

describe('occurs on groups, xs:group, xs:all', () => {
  const g = generate(schema);

  it('optional sequence → optional members; repeated sequence → $sequence; group ref inlined', () => {
    expect(typeDecl(g, 'Query')).toEqual(text(
      '/** XSD complexType `Query`. test.wsdl:6 */',
      'export interface Query {',
      '  /** xs:string */',
      '  Text: string;',
      '  /** xs:int, minOccurs=0 */',
      '  Page?: number;',
      '  /** xs:int, minOccurs=0 */',
      '  Size?: number;',
      '  /** xs:int, minOccurs=0 */',
      '  From?: number;',
      '  /** xs:int, minOccurs=0 */',
      '  To?: number;',
      '  /** Repeated xs:sequence (maxOccurs=unbounded): one object per occurrence, in wire order. */',
      '  $sequence: { Key: string; Value: string }[];',
      '}',
    ));
    expect(g.data.types.Query).toMatchObject({
      fields: [
        { name: 'Text' }, { name: 'Page', optional: true }, { name: 'Size', optional: true }, { name: 'From', optional: true }, { name: 'To', optional: true },
        { kind: 'group', key: '$sequence', fields: [{ name: 'Key', type: 'xs:string' }, { name: 'Value', type: 'xs:string' }] },
      ],
    });
  });

  it('xs:all → like a sequence', () => {
    expect(typeDecl(g, 'Point')).toEqual(text(
      '/** XSD complexType `Point`. test.wsdl:14 */',
      'export interface Point {',
      '  /** xs:double */',
      '  X: number;',
      '  /** xs:double, minOccurs=0 */',
      '  Y?: number;',
      '}',
    ));
  });
});
