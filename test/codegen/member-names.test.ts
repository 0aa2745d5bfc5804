/**
 * The member-name rule: base chain first, then own particles, then attributes; a name already
 * taken by an earlier member gets `_2`, `_3`, … (`key` in the descriptor only when it differs).
 */
import { generate, text, typeDecl } from './helpers';

describe('member names', () => {
  const g = generate(`
<xs:complexType name="Pair"><xs:sequence><xs:element name="Item" type="xs:string"/><xs:element name="Item" type="xs:string"/><xs:element name="Item" type="xs:int"/></xs:sequence></xs:complexType>
<xs:complexType name="Base"><xs:sequence><xs:element name="Value" type="xs:string"/></xs:sequence></xs:complexType>
<xs:complexType name="Derived"><xs:complexContent><xs:extension base="tns:Base"><xs:sequence><xs:element name="Value" type="xs:int"/></xs:sequence><xs:attribute name="Value" type="xs:string"/></xs:extension></xs:complexContent></xs:complexType>`);

  it('two same-named elements in one sequence: Item, Item_2, Item_3', () => {
    expect(typeDecl(g, 'Pair')).toEqual(text(
      '/** XSD complexType `Pair`. test.wsdl:5 */',
      'export interface Pair {',
      '  /** xs:string */',
      '  Item: string;',
      '  /** xs:string */',
      '  Item_2: string;',
      '  /** xs:int */',
      '  Item_3: number;',
      '}',
    ));
    expect(g.data.types.Pair).toEqual({
      kind: 'complex',
      name: 'Pair',
      fields: [{ name: 'Item', type: 'xs:string' }, { name: 'Item', type: 'xs:string', key: 'Item_2' }, { name: 'Item', type: 'xs:int', key: 'Item_3' }],
    });
  });

  it('a derived type redefining a base element, and an attribute of the same name: new keys, so extends compiles', () => {
    expect(typeDecl(g, 'Derived')).toEqual(text(
      '/** XSD complexType `Derived` (extends `Base`). test.wsdl:7 */',
      'export interface Derived extends Base {',
      '  /** xs:int */',
      '  Value_2: number;',
      '  /** attribute Value, xs:string */',
      '  Value_3?: string;',
      '}',
    ));
  });
});
