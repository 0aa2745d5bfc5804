/**
 * WCF collections `ArrayOfX` (one repeated item element) → `X[]`, written inline where used;
 * the Microsoft Arrays namespace's `ArrayOfint`/`ArrayOfstring` items keep that namespace.
 */
import { ARRAYS, generate, text, typeDecl } from './helpers';

describe('ArrayOfX', () => {
  const g = generate({
    schema: `
<xs:complexType name="ChatMessage"><xs:sequence><xs:element minOccurs="0" name="Id" type="xs:int"/></xs:sequence></xs:complexType>
<xs:complexType name="ArrayOfChatMessage">
<xs:sequence><xs:element minOccurs="0" maxOccurs="unbounded" name="ChatMessage" nillable="true" type="tns:ChatMessage"/></xs:sequence>
</xs:complexType>
<xs:complexType name="ChatTopic">
<xs:sequence>
<xs:element minOccurs="0" name="Ids" nillable="true" type="arr:ArrayOfint"/>
<xs:element minOccurs="0" name="Names" nillable="true" type="arr:ArrayOfstring"/>
<xs:element minOccurs="0" name="Messages" nillable="true" type="tns:ArrayOfChatMessage"/>
</xs:sequence>
</xs:complexType>`,
    otherSchemas: `
<xs:schema elementFormDefault="qualified" targetNamespace="${ARRAYS}">
<xs:complexType name="ArrayOfint"><xs:sequence><xs:element minOccurs="0" maxOccurs="unbounded" name="int" type="xs:int"/></xs:sequence></xs:complexType>
<xs:complexType name="ArrayOfstring"><xs:sequence><xs:element minOccurs="0" maxOccurs="unbounded" name="string" nillable="true" type="xs:string"/></xs:sequence></xs:complexType>
</xs:schema>`,
    operations: [{ name: 'GetChatMessages', output: '<xs:element minOccurs="0" name="Response" nillable="true" type="tns:ArrayOfChatMessage"/>' }],
  });

  it('emits an alias of an array of nillable items', () => {
    expect(typeDecl(g, 'ArrayOfChatMessage')).toEqual(text(
      '/** XSD complexType `ArrayOfChatMessage` (WCF collection of `ChatMessage`: ChatMessage, nillable). test.wsdl:6 */',
      'export type ArrayOfChatMessage = (ChatMessage | null)[];',
    ));
  });

  it('emits the Microsoft Arrays collections', () => {
    expect(typeDecl(g, 'ArrayOfint')).toEqual(text(
      '/** XSD complexType `ArrayOfint` (WCF collection of `int`: xs:int). test.wsdl:23 */',
      'export type ArrayOfint = number[];',
    ));
    expect(typeDecl(g, 'ArrayOfstring')).toEqual(text(
      '/** XSD complexType `ArrayOfstring` (WCF collection of `string`: xs:string, nillable). test.wsdl:24 */',
      'export type ArrayOfstring = (string | null)[];',
    ));
  });

  it('writes collections inline in fields and responses', () => {
    expect(typeDecl(g, 'ChatTopic')).toEqual(text(
      '/** XSD complexType `ChatTopic`. test.wsdl:9 */',
      'export interface ChatTopic {',
      '  /** ArrayOfint, minOccurs=0, nillable */',
      '  Ids?: number[] | null;',
      '  /** ArrayOfstring, minOccurs=0, nillable */',
      '  Names?: (string | null)[] | null;',
      '  /** ArrayOfChatMessage, minOccurs=0, nillable */',
      '  Messages?: (ChatMessage | null)[] | null;',
      '}',
    ));
    expect(typeDecl(g, 'GetChatMessagesResponse')).toEqual(text(
      '/** Output of GetChatMessages: the children of the `GetChatMessagesResponse` wrapper element. test.wsdl:18 */',
      'export interface GetChatMessagesResponse {',
      '  /** ArrayOfChatMessage, minOccurs=0, nillable */',
      '  Response?: (ChatMessage | null)[] | null;',
      '}',
    ));
  });

  it('builds array IR and descriptors with the item element and namespace', () => {
    expect(g.model.types[`{${ARRAYS}}ArrayOfint`]).toEqual({
      kind: 'array',
      qname: { ns: ARRAYS, local: 'ArrayOfint' },
      tsName: 'ArrayOfint',
      source: { file: 'test.wsdl', line: 23 },
      item: { name: 'int', ns: ARRAYS, type: { kind: 'builtin', name: 'xs:int' }, nillable: false },
    });
    expect(g.data.types.ArrayOfint).toEqual({ kind: 'array', name: 'ArrayOfint', ns: ARRAYS, item: { name: 'int', type: 'xs:int' } });
    expect(g.data.types.ArrayOfstring).toEqual({ kind: 'array', name: 'ArrayOfstring', ns: ARRAYS, item: { name: 'string', type: 'xs:string', nillable: true } });
    expect(g.data.types.ArrayOfChatMessage).toEqual({ kind: 'array', name: 'ArrayOfChatMessage', item: { name: 'ChatMessage', type: 'ChatMessage', nillable: true } });
    expect(g.data.types.ChatTopic).toEqual({
      kind: 'complex',
      name: 'ChatTopic',
      fields: [
        { name: 'Ids', type: 'ArrayOfint', optional: true, nillable: true },
        { name: 'Names', type: 'ArrayOfstring', optional: true, nillable: true },
        { name: 'Messages', type: 'ArrayOfChatMessage', optional: true, nillable: true },
      ],
    });
  });

  it('does not take a one-element sequence with maxOccurs=1 for a collection', () => {
    const one = generate('<xs:complexType name="ArrayOfOne"><xs:sequence><xs:element minOccurs="0" name="int" type="xs:int"/></xs:sequence></xs:complexType>');
    expect(one.data.types.ArrayOfOne).toEqual({ kind: 'complex', name: 'ArrayOfOne', fields: [{ name: 'int', type: 'xs:int', optional: true }] });
  });

  it('takes only ArrayOfX with optional items for a collection: another type of one repeated element is a structure with a repeated field', () => {
    // a JAX-WS response wrapper type, an ONVIF Polygon of one or more Points, an ArrayOf… whose items are required
    const g = generate({
      schema: `
<xs:complexType name="customer"><xs:sequence><xs:element minOccurs="0" name="name" type="xs:string"/></xs:sequence></xs:complexType>
<xs:complexType name="getCustomersByNameResponse"><xs:sequence><xs:element minOccurs="0" maxOccurs="unbounded" name="return" type="tns:customer"/></xs:sequence></xs:complexType>
<xs:complexType name="Polygon"><xs:sequence><xs:element maxOccurs="unbounded" name="Point" type="xs:int"/></xs:sequence></xs:complexType>
<xs:complexType name="ArrayOfRequired"><xs:sequence><xs:element minOccurs="1" maxOccurs="unbounded" name="Item" type="xs:int"/></xs:sequence></xs:complexType>`,
      operations: [{ name: 'GetCustomers', output: '<xs:element minOccurs="0" name="Customers" type="tns:getCustomersByNameResponse"/>' }],
    });
    expect(typeDecl(g, 'getCustomersByNameResponse')).toEqual(text(
      '/** XSD complexType `getCustomersByNameResponse`. test.wsdl:6 */',
      'export interface getCustomersByNameResponse {',
      '  /** customer, minOccurs=0, maxOccurs=unbounded */',
      '  return?: customer[];',
      '}',
    ));
    expect(g.data.types.Polygon).toEqual({ kind: 'complex', name: 'Polygon', fields: [{ name: 'Point', type: 'xs:int', repeated: true }] });
    expect(g.data.types.ArrayOfRequired).toEqual({ kind: 'complex', name: 'ArrayOfRequired', fields: [{ name: 'Item', type: 'xs:int', repeated: true }] });
  });
});
