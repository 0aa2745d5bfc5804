/** One WSDL using every XSD construct of docs/guide/xsd-mapping.md (the compile and round-trip tests). */
import { generate, SER } from './helpers';

const schema = `
<xs:attributeGroup name="Audit"><xs:attribute name="by" type="xs:string"/></xs:attributeGroup>
<xs:group name="Range"><xs:sequence><xs:element name="From" type="xs:date"/><xs:element name="To" type="xs:date"/></xs:sequence></xs:group>
<xs:element name="Note" type="xs:string"/>
<xs:complexType name="Base"><xs:sequence><xs:element name="Item" type="xs:string"/>
<xs:choice><xs:element name="A" type="xs:int"/><xs:element name="B" type="xs:string"/></xs:choice></xs:sequence>
<xs:attribute ref="ser:Id"/></xs:complexType>
<xs:complexType name="Derived"><xs:complexContent><xs:extension base="tns:Base"><xs:sequence>
<xs:element name="Item" type="xs:int"/>
<xs:element ref="tns:Note" minOccurs="0"/>
<xs:group ref="tns:Range" minOccurs="0"/>
<xs:choice maxOccurs="unbounded"><xs:element name="P" type="xs:hexBinary"/><xs:element name="Q" type="xs:integer"/></xs:choice>
<xs:sequence minOccurs="0" maxOccurs="unbounded"><xs:element name="K" type="xs:token"/><xs:element name="V"/></xs:sequence>
<xs:element name="Inner"><xs:complexType><xs:all><xs:element name="Deep" type="xs:NMTOKENS"/></xs:all><xs:attribute name="kind"><xs:simpleType><xs:restriction base="xs:string"><xs:enumeration value="x"/></xs:restriction></xs:simpleType></xs:attribute></xs:complexType></xs:element>
<xs:any minOccurs="0" maxOccurs="unbounded"/>
</xs:sequence><xs:attributeGroup ref="tns:Audit"/><xs:attribute name="Item" type="xs:gYear"/><xs:anyAttribute/></xs:extension></xs:complexContent></xs:complexType>
<xs:complexType name="Money"><xs:simpleContent><xs:extension base="xs:decimal"><xs:attribute name="currency" type="xs:string" use="required"/></xs:extension></xs:simpleContent></xs:complexType>
<xs:complexType name="Narrow"><xs:complexContent><xs:restriction base="tns:Base"><xs:sequence><xs:element name="Item" type="xs:string"/></xs:sequence></xs:restriction></xs:complexContent></xs:complexType>
<xs:simpleType name="Ints"><xs:list itemType="xs:int"/></xs:simpleType>
<xs:simpleType name="Either"><xs:union memberTypes="xs:int xs:string"/></xs:simpleType>`;

/** The generated service: operation `Put` sends one value of each construct. */
export const constructs = () =>
  generate({
    schema,
    otherSchemas: `<xs:schema targetNamespace="${SER}"><xs:attribute name="Id" type="xs:ID"/></xs:schema>`,
    operations: [{ name: 'Put', input: '<xs:element name="D" type="tns:Derived"/><xs:element name="M" type="tns:Money"/><xs:element name="N" type="tns:Narrow"/><xs:element name="I" type="tns:Ints"/><xs:element name="E" type="tns:Either"/>', output: '<xs:element name="Raw"/>' }],
  });
