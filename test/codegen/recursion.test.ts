/** Recursive types: a type that references itself, directly or through another type or a collection. */
import { generate, text, typeDecl } from './helpers';

describe('recursive types', () => {
  const g = generate(`
<xs:complexType name="SoExceptionInfo">
<xs:sequence>
<xs:element minOccurs="0" name="Message" nillable="true" type="xs:string"/>
<xs:element minOccurs="0" name="InnerException" nillable="true" type="tns:SoExceptionInfo"/>
</xs:sequence>
</xs:complexType>
<xs:complexType name="Node"><xs:sequence><xs:element minOccurs="0" name="Children" nillable="true" type="tns:ArrayOfNode"/></xs:sequence></xs:complexType>
<xs:complexType name="ArrayOfNode"><xs:sequence><xs:element minOccurs="0" maxOccurs="unbounded" name="Node" nillable="true" type="tns:Node"/></xs:sequence></xs:complexType>`);

  it('emits a self-referencing interface', () => {
    expect(typeDecl(g, 'SoExceptionInfo')).toEqual(text(
      '/** XSD complexType `SoExceptionInfo`. test.wsdl:5 */',
      'export interface SoExceptionInfo {',
      '  /** xs:string, minOccurs=0, nillable */',
      '  Message?: string | null;',
      '  /** SoExceptionInfo, minOccurs=0, nillable */',
      '  InnerException?: SoExceptionInfo | null;',
      '}',
    ));
    expect(g.data.types.SoExceptionInfo).toEqual({
      kind: 'complex',
      name: 'SoExceptionInfo',
      fields: [
        { name: 'Message', type: 'xs:string', optional: true, nillable: true },
        { name: 'InnerException', type: 'SoExceptionInfo', optional: true, nillable: true },
      ],
    });
  });

  it('resolves recursion through a collection', () => {
    expect(typeDecl(g, 'Node')).toEqual(text(
      '/** XSD complexType `Node`. test.wsdl:11 */',
      'export interface Node {',
      '  /** ArrayOfNode, minOccurs=0, nillable */',
      '  Children?: (Node | null)[] | null;',
      '}',
    ));
    expect(typeDecl(g, 'ArrayOfNode')).toEqual(text(
      '/** XSD complexType `ArrayOfNode` (WCF collection of `Node`: Node, nillable). test.wsdl:12 */',
      'export type ArrayOfNode = (Node | null)[];',
    ));
  });

  it('resolves recursion through an element ref whose anonymous type extends the type being resolved (ws-policy)', () => {
    const p = generate(`
<xs:element name="Policy"><xs:complexType><xs:complexContent><xs:extension base="tns:OperatorContentType">
<xs:attribute name="Name" type="xs:anyURI"/>
</xs:extension></xs:complexContent></xs:complexType></xs:element>
<xs:complexType name="OperatorContentType"><xs:sequence><xs:choice minOccurs="0" maxOccurs="unbounded">
<xs:element ref="tns:Policy"/>
<xs:element name="All" type="tns:OperatorContentType"/>
</xs:choice></xs:sequence></xs:complexType>`);
    expect(typeDecl(p, 'OperatorContentType')).toEqual(text(
      '/** XSD complexType `OperatorContentType`. test.wsdl:8 */',
      'export interface OperatorContentType {',
      '  /** XSD name of the subtype this value is (written as `xsi:type`, set when decoding a subtype). */',
      '  $type?: string;',
      '  /** Repeated xs:choice (maxOccurs=unbounded): one object per occurrence, in wire order. */',
      '  $choice?: ({ Policy: Policy } | { All: OperatorContentType })[];',
      '}',
    ));
    expect(typeDecl(p, 'Policy')).toEqual(text(
      '/** XSD anonymous complexType `/Policy` (extends `OperatorContentType`). test.wsdl:5 */',
      'export interface Policy extends OperatorContentType {',
      '  /** attribute Name, xs:anyURI */',
      '  Name?: string;',
      '}',
    ));
  });
});

