/**
 * Simple types: `xs:list` of a non-enumeration → a list (`T[]`, `ListTypeDescriptor`); `xs:union` →
 * an alias of xs:string (its wire text); a restriction of a named simple type without facets of its
 * own → that type under the new name (the runtime's aliases restrict builtins only).
 */
import { generate, text, typeDecl } from './helpers';

describe('simple types', () => {
  const g = generate(`
<xs:simpleType name="Sizes"><xs:list itemType="xs:int"/></xs:simpleType>
<xs:simpleType name="Words"><xs:list><xs:simpleType><xs:restriction base="xs:token"><xs:maxLength value="8"/></xs:restriction></xs:simpleType></xs:list></xs:simpleType>
<xs:simpleType name="IntOrName"><xs:union memberTypes="xs:int xs:NCName"/></xs:simpleType>
<xs:simpleType name="Color"><xs:restriction base="xs:string"><xs:enumeration value="red"/><xs:enumeration value="blue"/></xs:restriction></xs:simpleType>
<xs:simpleType name="Shade"><xs:restriction base="tns:Color"/></xs:simpleType>
<xs:simpleType name="Short"><xs:restriction base="tns:IntOrName"><xs:maxLength value="3"/></xs:restriction></xs:simpleType>
<xs:simpleType name="Level"><xs:restriction base="xs:int"><xs:enumeration value="1"/><xs:enumeration value="2"/></xs:restriction></xs:simpleType>`);

  it('xs:list of a builtin or an anonymous restriction → an array type', () => {
    expect(typeDecl(g, 'Sizes')).toEqual(text('/** XSD simpleType `Sizes` (xs:list of xs:int, written space-separated). test.wsdl:5 */', 'export type Sizes = number[];'));
    expect(typeDecl(g, 'Words')).toEqual(text('/** XSD simpleType `Words` (xs:list of Words/item, written space-separated). test.wsdl:6 */', 'export type Words = Words_Item[];'));
    expect(g.data.types.Sizes).toEqual({ kind: 'list', name: 'Sizes', item: 'xs:int' });
    expect(g.data.types.Words_Item).toEqual({ kind: 'alias', name: 'Words/item', base: 'xs:token' });
  });

  it('xs:union → an alias of xs:string', () => {
    expect(typeDecl(g, 'IntOrName')).toEqual(text('/** XSD simpleType `IntOrName` (restricts xs:string). test.wsdl:7 */', 'export type IntOrName = string;'));
  });

  it('a restriction of a named simple type is that type under the new name; an enumeration of any base is a string union', () => {
    expect(g.data.types.Shade).toEqual({ kind: 'enum', name: 'Shade', values: ['red', 'blue'] });
    expect(g.data.types.Short).toEqual({ kind: 'alias', name: 'Short', base: 'xs:string' });
    expect(typeDecl(g, 'Level')).toContain("export type Level = (typeof Level)[keyof typeof Level];");
    expect(g.data.types.Level).toEqual({ kind: 'enum', name: 'Level', values: ['1', '2'] });
  });
});
