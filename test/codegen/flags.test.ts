/** `xs:simpleType/xs:list` of an enumeration (WCF `[Flags]`) → `readonly X[]`, one element on the wire, space-separated. */
import { generate, text, typeDecl } from './helpers';

describe('xs:list flags', () => {
  const g = generate(`
<xs:simpleType name="ChatSessionFlags">
<xs:list><xs:simpleType><xs:restriction base="xs:string">
<xs:enumeration value="UserIsTyping"/>
<xs:enumeration value="CustomerIsTyping"><xs:annotation><xs:appinfo><EnumerationValue xmlns="http://schemas.microsoft.com/2003/10/Serialization/">2</EnumerationValue></xs:appinfo></xs:annotation></xs:enumeration>
</xs:restriction></xs:simpleType></xs:list>
</xs:simpleType>
<xs:simpleType name="Color"><xs:restriction base="xs:string"><xs:enumeration value="Red"/><xs:enumeration value="Blue"/></xs:restriction></xs:simpleType>
<xs:simpleType name="Colors"><xs:list itemType="tns:Color"/></xs:simpleType>
<xs:complexType name="Session"><xs:sequence><xs:element minOccurs="0" name="Flags" type="tns:ChatSessionFlags"/></xs:sequence></xs:complexType>`);

  it('emits a const object and a readonly array of its values (anonymous enumeration)', () => {
    const doc = '/** XSD simpleType `ChatSessionFlags` (xs:list of an enumeration: flags, written space-separated). test.wsdl:5 */';
    expect(typeDecl(g, 'ChatSessionFlags')).toEqual(text(
      doc,
      'export const ChatSessionFlags = {',
      "  /** Wire value `'UserIsTyping'`. */",
      "  UserIsTyping: 'UserIsTyping',",
      "  /** Wire value `'CustomerIsTyping'` (= 2). */",
      "  CustomerIsTyping: 'CustomerIsTyping',",
      '} as const;',
      doc,
      'export type ChatSessionFlags = readonly (typeof ChatSessionFlags)[keyof typeof ChatSessionFlags][];',
    ));
  });

  it('accepts `xs:list itemType=` of a named enumeration', () => {
    const doc = '/** XSD simpleType `Colors` (xs:list of an enumeration: flags, written space-separated). test.wsdl:12 */';
    expect(typeDecl(g, 'Colors')).toEqual(text(
      doc,
      'export const Colors = {',
      "  /** Wire value `'Red'`. */",
      "  Red: 'Red',",
      "  /** Wire value `'Blue'`. */",
      "  Blue: 'Blue',",
      '} as const;',
      doc,
      'export type Colors = readonly (typeof Colors)[keyof typeof Colors][];',
    ));
  });

  it('uses the flags type for fields (no array of arrays, one element)', () => {
    expect(typeDecl(g, 'Session')).toEqual(text(
      '/** XSD complexType `Session`. test.wsdl:13 */',
      'export interface Session {',
      '  /** ChatSessionFlags, minOccurs=0 */',
      '  Flags?: ChatSessionFlags;',
      '}',
    ));
    expect(g.data.types.Session).toEqual({ kind: 'complex', name: 'Session', fields: [{ name: 'Flags', type: 'ChatSessionFlags', optional: true }] });
  });

  it('describes flags with their values', () => {
    expect(g.data.types.ChatSessionFlags).toEqual({ kind: 'flags', name: 'ChatSessionFlags', values: ['UserIsTyping', 'CustomerIsTyping'], numeric: { CustomerIsTyping: 2 } });
    expect(g.data.types.Colors).toEqual({ kind: 'flags', name: 'Colors', values: ['Red', 'Blue'] });
  });
});
