/**
 * Built-in declarations for a few well-known namespaces that WSDLs import by URL or without a
 * location: SOAP encoding, the XML namespace (`xml:lang`, …), XML-DSig and WS-Addressing. They are
 * this project's own minimal declarations of what real WSDLs use from those namespaces (not copies
 * of the W3C/OASIS schemas), so generation works offline: a catalog namespace imported from a URL
 * is never fetched. Content the generator need not model is kept as raw XML (`xs:any`).
 */

export interface CatalogSchema {
  /** The name its declarations are known by in sources and errors. */
  name: string;
  text: string;
}

const schema = (ns: string, prefix: string, body: string) =>
  `<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:${prefix}="${ns}" targetNamespace="${ns}" elementFormDefault="qualified">\n${body}\n</xs:schema>\n`;

/** Open content: any elements and attributes, kept as raw XML. */
const OPEN = '<xs:sequence><xs:any namespace="##any" processContents="lax" minOccurs="0" maxOccurs="unbounded"/></xs:sequence><xs:anyAttribute namespace="##any" processContents="lax"/>';

const CATALOG: Record<string, CatalogSchema> = {
  'http://schemas.xmlsoap.org/soap/encoding/': {
    name: 'so-soap-catalog/soap-encoding.xsd',
    text: schema('http://schemas.xmlsoap.org/soap/encoding/', 'enc', [
      // SOAP 1.1 section 5 arrays: the only declarations literal WSDLs borrow from this namespace.
      '<xs:attribute name="arrayType" type="xs:string"/>',
      '<xs:attribute name="offset" type="xs:string"/>',
      `<xs:complexType name="Array">${OPEN}</xs:complexType>`,
      `<xs:complexType name="Struct">${OPEN}</xs:complexType>`,
    ].join('\n')),
  },
  'http://www.w3.org/XML/1998/namespace': {
    name: 'so-soap-catalog/xml.xsd',
    text: schema('http://www.w3.org/XML/1998/namespace', 'xml', [
      '<xs:attribute name="lang" type="xs:language"/>',
      '<xs:attribute name="space" type="xs:NCName"/>',
      '<xs:attribute name="base" type="xs:anyURI"/>',
      '<xs:attribute name="id" type="xs:ID"/>',
    ].join('\n')),
  },
  'http://www.w3.org/2000/09/xmldsig#': {
    name: 'so-soap-catalog/xmldsig.xsd',
    text: schema('http://www.w3.org/2000/09/xmldsig#', 'ds', [
      // A signature and a key reference are produced and checked by a security layer, not by
      // typed code: their content stays raw XML.
      `<xs:complexType name="SignatureType">${OPEN}</xs:complexType>`,
      `<xs:complexType name="KeyInfoType">${OPEN}</xs:complexType>`,
      '<xs:element name="Signature" type="ds:SignatureType"/>',
      '<xs:element name="KeyInfo" type="ds:KeyInfoType"/>',
    ].join('\n')),
  },
  'http://www.w3.org/2005/08/addressing': {
    name: 'so-soap-catalog/ws-addressing.xsd',
    text: schema('http://www.w3.org/2005/08/addressing', 'wsa', [
      '<xs:complexType name="AttributedURIType"><xs:simpleContent><xs:extension base="xs:anyURI"><xs:anyAttribute namespace="##other" processContents="lax"/></xs:extension></xs:simpleContent></xs:complexType>',
      '<xs:complexType name="RelatesToType"><xs:simpleContent><xs:extension base="xs:anyURI"><xs:attribute name="RelationshipType" type="xs:anyURI"/><xs:anyAttribute namespace="##other" processContents="lax"/></xs:extension></xs:simpleContent></xs:complexType>',
      `<xs:complexType name="ReferenceParametersType">${OPEN}</xs:complexType>`,
      `<xs:complexType name="MetadataType">${OPEN}</xs:complexType>`,
      '<xs:complexType name="EndpointReferenceType"><xs:sequence>'
        + '<xs:element name="Address" type="wsa:AttributedURIType"/>'
        + '<xs:element name="ReferenceParameters" type="wsa:ReferenceParametersType" minOccurs="0"/>'
        + '<xs:element name="Metadata" type="wsa:MetadataType" minOccurs="0"/>'
        + '<xs:any namespace="##other" processContents="lax" minOccurs="0" maxOccurs="unbounded"/>'
        + '</xs:sequence><xs:anyAttribute namespace="##other" processContents="lax"/></xs:complexType>',
      '<xs:element name="EndpointReference" type="wsa:EndpointReferenceType"/>',
      '<xs:element name="Action" type="wsa:AttributedURIType"/>',
      '<xs:element name="MessageID" type="wsa:AttributedURIType"/>',
      '<xs:element name="To" type="wsa:AttributedURIType"/>',
      '<xs:element name="RelatesTo" type="wsa:RelatesToType"/>',
      '<xs:element name="ReplyTo" type="wsa:EndpointReferenceType"/>',
      '<xs:element name="From" type="wsa:EndpointReferenceType"/>',
      '<xs:element name="FaultTo" type="wsa:EndpointReferenceType"/>',
    ].join('\n')),
  },
};

/** The built-in declarations of namespace `ns`, if it is one of the well-known ones. */
export function catalogSchema(ns: string): CatalogSchema | undefined {
  return Object.hasOwn(CATALOG, ns) ? CATALOG[ns] : undefined;
}

/** The namespaces the catalog knows. */
export const CATALOG_NAMESPACES: readonly string[] = Object.keys(CATALOG);
