/** `xs:simpleContent` → `{ $value: T, …attributes }`; extending a simple-content type keeps `extends`. */
import { generate, text, typeDecl } from './helpers';

describe('simple content', () => {
  const g = generate(`
<xs:complexType name="Money"><xs:simpleContent><xs:extension base="xs:decimal"><xs:attribute name="currency" type="xs:string" use="required"/></xs:extension></xs:simpleContent></xs:complexType>
<xs:complexType name="Fee"><xs:simpleContent><xs:extension base="tns:Money"><xs:attribute name="reason" type="xs:string"/></xs:extension></xs:simpleContent></xs:complexType>
<xs:complexType name="Euro"><xs:simpleContent><xs:restriction base="tns:Money"><xs:maxInclusive value="100"/></xs:restriction></xs:simpleContent></xs:complexType>`);

  it('is $value beside the attributes', () => {
    expect(typeDecl(g, 'Money')).toEqual(text(
      '/** XSD complexType `Money`, simple content. test.wsdl:5 */',
      'export interface Money {',
      '  /** XSD name of the subtype this value is (written as `xsi:type`, set when decoding a subtype). */',
      '  $type?: string;',
      '  /** Text content: xs:decimal. */',
      '  $value: string;',
      '  /** attribute currency, xs:string, required */',
      '  currency: string;',
      '}',
    ));
    expect(g.data.types.Money).toEqual({ kind: 'complex', name: 'Money', fields: [], attributes: [{ name: 'currency', type: 'xs:string', required: true }], text: 'xs:decimal' });
  });

  it('an extension extends; a restriction restates the base\'s attributes (no extends)', () => {
    expect(typeDecl(g, 'Fee')).toContain('export interface Fee extends Money {');
    expect(g.data.types.Fee).toEqual({ kind: 'complex', name: 'Fee', base: 'Money', fields: [], attributes: [{ name: 'reason', type: 'xs:string' }], text: 'xs:decimal' });
    expect(g.data.types.Euro).toEqual({ kind: 'complex', name: 'Euro', fields: [], attributes: [{ name: 'currency', type: 'xs:string', required: true }], text: 'xs:decimal' });
  });
});
