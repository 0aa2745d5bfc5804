/**
 * Anonymous local types become named types called after their path: `<Owner>_<Element>` (Owner =
 * the enclosing type's or wrapper element's TS name), `<Element>` for a global element's type; a
 * clash takes the NameScope suffix. Their XSD name is the path (`Owner/Element`, `/Element`), never an xsi:type.
 */
import { generate, text, typeDecl } from './helpers';

const schema = `
<xs:complexType name="Order">
<xs:sequence>
<xs:element name="Line" maxOccurs="unbounded"><xs:complexType><xs:sequence>
<xs:element name="Sku" type="xs:string"/>
<xs:element name="Qty"><xs:simpleType><xs:restriction base="xs:int"/></xs:simpleType></xs:element>
</xs:sequence></xs:complexType></xs:element>
</xs:sequence>
</xs:complexType>
<xs:complexType name="Order_Line"><xs:sequence/></xs:complexType>
<xs:element name="Receipt"><xs:complexType><xs:sequence><xs:element name="Total" type="xs:decimal"/></xs:sequence></xs:complexType></xs:element>`;

describe('anonymous types', () => {
  const g = generate({
    schema,
    operations: [{ name: 'Send', input: '<xs:element name="Order" type="tns:Order"/><xs:element ref="tns:Receipt"/>', output: '<xs:element name="Ack"><xs:complexType><xs:sequence><xs:element name="Id" type="xs:int"/></xs:sequence></xs:complexType></xs:element>' }],
  });

  it('are named after their path; a clash with a named type takes the suffix', () => {
    expect(typeDecl(g, 'Order_Line_')).toEqual(text(
      '/** XSD anonymous complexType `Order/Line`. test.wsdl:7 */',
      'export interface Order_Line_ {',
      '  /** xs:string */',
      '  Sku: string;',
      '  /** Order/Line/Qty */',
      '  Qty: Order_Line__Qty;',
      '}',
    ));
    expect(typeDecl(g, 'Order_Line__Qty')).toEqual(text('/** XSD simpleType `Order/Line/Qty` (restricts xs:int). test.wsdl:9 */', 'export type Order_Line__Qty = number;'));
    expect(typeDecl(g, 'Order')).toContain('  Line: Order_Line_[];');
  });

  it('a global element\'s anonymous type is named after the element; a wrapper\'s children after the wrapper', () => {
    expect(typeDecl(g, 'Receipt')).toEqual(text(
      '/** XSD anonymous complexType `/Receipt`. test.wsdl:14 */',
      'export interface Receipt {',
      '  /** xs:decimal */',
      '  Total: string;',
      '}',
    ));
    expect(typeDecl(g, 'SendResponse')).toContain('  Ack: SendResponse_Ack;');
    expect(g.data.types.Receipt).toEqual({ kind: 'complex', name: '/Receipt', fields: [{ name: 'Total', type: 'xs:decimal' }] });
    expect(g.data.types.Order_Line_).toMatchObject({ name: 'Order/Line' });
  });
});
