/**
 * `xs:complexContent/xs:extension base="B"` → `interface D extends B`; the root of a hierarchy
 * with subtypes gets `$type?: string` (the XSD name written as `xsi:type`), its subtypes inherit it.
 */
import { generate, text, typeDecl } from './helpers';

const schema = `
<xs:complexType name="Carrier">
<xs:sequence><xs:element minOccurs="0" name="TableRight" nillable="true" type="xs:string"/></xs:sequence>
</xs:complexType>
<xs:complexType name="Contact">
<xs:complexContent mixed="false"><xs:extension base="tns:Carrier">
<xs:sequence><xs:element minOccurs="0" name="ContactId" type="xs:int"/></xs:sequence>
</xs:extension></xs:complexContent>
</xs:complexType>
<xs:complexType name="Company">
<xs:complexContent mixed="false"><xs:extension base="tns:Contact"><xs:sequence/></xs:extension></xs:complexContent>
</xs:complexType>
<xs:complexType name="Standalone"><xs:sequence><xs:element name="A" type="xs:int"/></xs:sequence></xs:complexType>`;

describe('xs:extension', () => {
  const g = generate(schema);

  it('gives the hierarchy root `$type`', () => {
    expect(typeDecl(g, 'Carrier')).toEqual(text(
      '/** XSD complexType `Carrier`. test.wsdl:5 */',
      'export interface Carrier {',
      '  /** XSD name of the subtype this value is (written as `xsi:type`, set when decoding a subtype). */',
      '  $type?: string;',
      '  /** xs:string, minOccurs=0, nillable */',
      '  TableRight?: string | null;',
      '}',
    ));
  });

  it('extends the base interface with the own fields only', () => {
    expect(typeDecl(g, 'Contact')).toEqual(text(
      '/** XSD complexType `Contact` (extends `Carrier`). test.wsdl:8 */',
      'export interface Contact extends Carrier {',
      '  /** xs:int, minOccurs=0 */',
      '  ContactId?: number;',
      '}',
    ));
    expect(typeDecl(g, 'Company')).toEqual(text(
      '/** XSD complexType `Company` (extends `Contact`). test.wsdl:13 */',
      'export interface Company extends Contact {}',
    ));
  });

  it('gives a type without subtypes no `$type`', () => {
    expect(typeDecl(g, 'Standalone')).toEqual(text(
      '/** XSD complexType `Standalone`. test.wsdl:16 */',
      'export interface Standalone {',
      '  /** xs:int */',
      '  A: number;',
      '}',
    ));
  });

  it('records the base chain in the IR and the descriptor', () => {
    const contact = g.model.types['{urn:test}Contact'];
    expect(contact.kind === 'complex' && contact.base).toBe('{urn:test}Carrier');
    expect(g.data.types.Contact).toEqual({ kind: 'complex', name: 'Contact', base: 'Carrier', fields: [{ name: 'ContactId', type: 'xs:int', optional: true }] });
    expect(g.data.types.Company).toEqual({ kind: 'complex', name: 'Company', base: 'Contact', fields: [] });
    expect(g.data.types.Carrier).toEqual({ kind: 'complex', name: 'Carrier', fields: [{ name: 'TableRight', type: 'xs:string', optional: true, nillable: true }] });
  });
});
