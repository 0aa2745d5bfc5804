/**
 * Complex restriction → a complex type of its own restated particles (no TS `extends`); a type
 * extending a WCF collection (`ArrayOfX`) → a complex type of its own fields, the item element first
 * (a collection is a plain array and has no room for fields).
 */
import { generate, text, typeDecl } from './helpers';

describe('derivation', () => {
  const g = generate(`
<xs:complexType name="Contact"><xs:sequence><xs:element name="Name" type="xs:string"/><xs:element minOccurs="0" name="Phone" type="xs:string"/></xs:sequence><xs:attribute name="id" type="xs:int"/></xs:complexType>
<xs:complexType name="NameOnly"><xs:complexContent><xs:restriction base="tns:Contact"><xs:sequence><xs:element name="Name" type="xs:string"/></xs:sequence></xs:restriction></xs:complexContent></xs:complexType>
<xs:complexType name="ArrayOfstring"><xs:sequence><xs:element minOccurs="0" maxOccurs="unbounded" name="string" nillable="true" type="xs:string"/></xs:sequence></xs:complexType>
<xs:complexType name="NamedList"><xs:complexContent><xs:extension base="tns:ArrayOfstring"><xs:sequence><xs:element name="Title" type="xs:string"/></xs:sequence></xs:extension></xs:complexContent></xs:complexType>
<xs:complexType name="Open"><xs:complexContent><xs:restriction base="xs:anyType"><xs:sequence><xs:element name="A" type="xs:int"/></xs:sequence></xs:restriction></xs:complexContent></xs:complexType>`);

  it('a complex restriction restates its particles and keeps the base\'s attributes, without extends', () => {
    expect(typeDecl(g, 'NameOnly')).toEqual(text(
      '/** XSD complexType `NameOnly`. test.wsdl:6 */',
      'export interface NameOnly {',
      '  /** xs:string */',
      '  Name: string;',
      '  /** attribute id, xs:int */',
      '  id?: number;',
      '}',
    ));
    expect(g.data.types.NameOnly).toEqual({ kind: 'complex', name: 'NameOnly', fields: [{ name: 'Name', type: 'xs:string' }], attributes: [{ name: 'id', type: 'xs:int' }] });
    expect(g.data.types.Open).toEqual({ kind: 'complex', name: 'Open', fields: [{ name: 'A', type: 'xs:int' }] });
  });

  it('extending a collection: the item element, then the own fields, no base', () => {
    expect(typeDecl(g, 'NamedList')).toEqual(text(
      '/** XSD complexType `NamedList`. test.wsdl:8 */',
      'export interface NamedList {',
      '  /** xs:string, minOccurs=0, maxOccurs=unbounded, nillable */',
      '  string?: (string | null)[];',
      '  /** xs:string */',
      '  Title: string;',
      '}',
    ));
    expect(g.data.types.NamedList).toEqual({
      kind: 'complex',
      name: 'NamedList',
      fields: [{ name: 'string', type: 'xs:string', optional: true, nillable: true, repeated: true }, { name: 'Title', type: 'xs:string' }],
    });
  });
});
