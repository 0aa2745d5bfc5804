/** `<xs:complexType abstract="true">`: still an interface (values are always a subtype), flagged in IR, JSDoc and descriptor. */
import { generate, text, typeDecl } from './helpers';

describe('abstract complex type', () => {
  const g = generate(`
<xs:complexType abstract="true" name="Shape">
<xs:sequence><xs:element minOccurs="0" name="Id" type="xs:int"/></xs:sequence>
</xs:complexType>
<xs:complexType name="Circle">
<xs:complexContent mixed="false"><xs:extension base="tns:Shape">
<xs:sequence><xs:element minOccurs="0" name="Radius" type="xs:double"/></xs:sequence>
</xs:extension></xs:complexContent>
</xs:complexType>`);

  it('emits the abstract root with `$type` and says it is abstract', () => {
    expect(typeDecl(g, 'Shape')).toEqual(text(
      '/** XSD complexType `Shape`, abstract. test.wsdl:5 */',
      'export interface Shape {',
      '  /** XSD name of the subtype this value is (written as `xsi:type`, set when decoding a subtype). */',
      '  $type?: string;',
      '  /** xs:int, minOccurs=0 */',
      '  Id?: number;',
      '}',
    ));
    expect(typeDecl(g, 'Circle')).toEqual(text(
      '/** XSD complexType `Circle` (extends `Shape`). test.wsdl:8 */',
      'export interface Circle extends Shape {',
      '  /** xs:double, minOccurs=0 */',
      '  Radius?: number;',
      '}',
    ));
  });

  it('flags it in the IR and the descriptor (the encoder refuses a bare abstract value)', () => {
    const shape = g.model.types['{urn:test}Shape'];
    expect(shape.kind === 'complex' && shape.abstract).toBe(true);
    expect(g.data.types.Shape).toEqual({ kind: 'complex', name: 'Shape', abstract: true, fields: [{ name: 'Id', type: 'xs:int', optional: true }] });
    expect(g.data.types.Circle).toEqual({ kind: 'complex', name: 'Circle', base: 'Shape', fields: [{ name: 'Radius', type: 'xs:double', optional: true }] });
  });
});
