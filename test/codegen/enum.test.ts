/**
 * `xs:simpleType/xs:restriction` with `xs:enumeration` → `const X = {…} as const` plus the closed
 * union `type X`; WCF's `ser:EnumerationValue` annotation is kept as the member's numeric value.
 */
import { generate, text, typeDecl } from './helpers';

describe('enumeration', () => {
  const g = generate(`
<xs:simpleType name="ChatMessageType">
<xs:restriction base="xs:string">
<xs:enumeration value="Invalid"/>
<xs:enumeration value="ToCustomer"/>
<xs:enumeration value="Special"><xs:annotation><xs:appinfo><EnumerationValue xmlns="http://schemas.microsoft.com/2003/10/Serialization/">16</EnumerationValue></xs:appinfo></xs:annotation></xs:enumeration>
<xs:enumeration value="Not-an-identifier"/>
</xs:restriction>
</xs:simpleType>
<xs:complexType name="Message"><xs:sequence><xs:element minOccurs="0" name="Type" type="tns:ChatMessageType"/></xs:sequence></xs:complexType>`);

  it('emits a const object and a closed union of its values', () => {
    expect(typeDecl(g, 'ChatMessageType')).toEqual(text(
      '/** XSD simpleType `ChatMessageType` (enumeration). test.wsdl:5 */',
      'export const ChatMessageType = {',
      "  /** Wire value `'Invalid'`. */",
      "  Invalid: 'Invalid',",
      "  /** Wire value `'ToCustomer'`. */",
      "  ToCustomer: 'ToCustomer',",
      "  /** Wire value `'Special'` (= 16). */",
      "  Special: 'Special',",
      "  /** Wire value `'Not-an-identifier'`. */",
      "  'Not-an-identifier': 'Not-an-identifier',",
      '} as const;',
      '/** XSD simpleType `ChatMessageType` (enumeration). test.wsdl:5 */',
      'export type ChatMessageType = (typeof ChatMessageType)[keyof typeof ChatMessageType];',
    ));
  });

  it('uses the enum type for fields', () => {
    expect(typeDecl(g, 'Message')).toEqual(text(
      '/** XSD complexType `Message`. test.wsdl:13 */',
      'export interface Message {',
      '  /** ChatMessageType, minOccurs=0 */',
      '  Type?: ChatMessageType;',
      '}',
    ));
  });

  it('keeps EnumerationValue in the IR and the descriptor', () => {
    expect(g.model.types['{urn:test}ChatMessageType']).toMatchObject({
      kind: 'enum',
      values: [{ value: 'Invalid' }, { value: 'ToCustomer' }, { value: 'Special', numeric: 16 }, { value: 'Not-an-identifier' }],
    });
    expect(g.data.types.ChatMessageType).toEqual({
      kind: 'enum',
      name: 'ChatMessageType',
      values: ['Invalid', 'ToCustomer', 'Special', 'Not-an-identifier'],
      numeric: { Special: 16 },
    });
  });
});
