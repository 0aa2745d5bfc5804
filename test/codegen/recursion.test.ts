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
});
