/**
 * `xs:attribute` → a property beside the elements (optional unless `use="required"`), the type its
 * simple type; `xs:attributeGroup` inlined; `xs:anyAttribute` → `$attributes`; WCF `ser:Id`/`ser:Ref`
 * are ordinary attributes (no reference resolution).
 */
import { generate, SER, text, typeDecl } from './helpers';

const schema = `
<xs:attributeGroup name="Audit"><xs:attribute name="by" type="xs:string"/><xs:attribute ref="tns:stamp"/></xs:attributeGroup>
<xs:attribute name="stamp" type="xs:dateTime"/>
<xs:complexType name="Tagged">
<xs:sequence><xs:element name="Name" type="xs:string"/></xs:sequence>
<xs:attribute name="id" type="xs:int" use="required"/>
<xs:attribute name="Name" type="xs:string"/>
<xs:attribute name="kind" form="qualified"><xs:simpleType><xs:restriction base="xs:string"><xs:enumeration value="a"/><xs:enumeration value="b"/></xs:restriction></xs:simpleType></xs:attribute>
<xs:attribute name="gone" type="xs:string" use="prohibited"/>
<xs:attributeGroup ref="tns:Audit"/>
<xs:anyAttribute namespace="##other" processContents="lax"/>
</xs:complexType>
<xs:complexType name="Node">
<xs:sequence><xs:element minOccurs="0" name="Next" nillable="true" type="tns:Node"/></xs:sequence>
<xs:attribute ref="ser:Id"/><xs:attribute ref="ser:Ref"/>
</xs:complexType>`;

const serSchema = `<xs:schema targetNamespace="${SER}" attributeFormDefault="qualified" elementFormDefault="qualified">
<xs:attribute name="Id" type="xs:ID"/><xs:attribute name="Ref" type="xs:IDREF"/>
</xs:schema>`;

describe('attributes', () => {
  const g = generate({ schema, otherSchemas: serSchema });

  it('are properties after the elements; a clash with an element takes the next free key', () => {
    expect(typeDecl(g, 'Tagged')).toEqual(text(
      '/** XSD complexType `Tagged`. test.wsdl:7 */',
      'export interface Tagged {',
      '  /** xs:string */',
      '  Name: string;',
      '  /** attribute id, xs:int, required */',
      '  id: number;',
      '  /** attribute Name, xs:string */',
      '  Name_2?: string;',
      '  /** attribute {urn:test}kind, Tagged/@kind */',
      '  kind?: Tagged_kind;',
      '  /** attribute by, xs:string */',
      '  by?: string;',
      '  /** attribute {urn:test}stamp, xs:dateTime */',
      '  stamp?: Date;',
      '  /** xs:anyAttribute: other attributes by name (`local`, or `{ns}local` when qualified). */',
      '  $attributes?: Record<string, string>;',
      '}',
    ));
    expect(typeDecl(g, 'Tagged_kind')).toContain("export type Tagged_kind = (typeof Tagged_kind)[keyof typeof Tagged_kind];");
  });

  it('describes them: namespace when qualified, key when it differs, required', () => {
    expect(g.data.types.Tagged).toEqual({
      kind: 'complex',
      name: 'Tagged',
      fields: [{ name: 'Name', type: 'xs:string' }],
      attributes: [
        { name: 'id', type: 'xs:int', required: true },
        { name: 'Name', type: 'xs:string', key: 'Name_2' },
        { name: 'kind', type: 'Tagged_kind', ns: 'urn:test' },
        { name: 'by', type: 'xs:string' },
        { name: 'stamp', type: 'xs:dateTime', ns: 'urn:test' },
      ],
      anyAttribute: true,
    });
  });

  it('reads WCF IsReference ser:Id/ser:Ref as the attributes they are', () => {
    expect(typeDecl(g, 'Node')).toEqual(text(
      '/** XSD complexType `Node`. test.wsdl:16 */',
      'export interface Node {',
      '  /** Node, minOccurs=0, nillable */',
      '  Next?: Node | null;',
      `  /** attribute {${SER}}Id, xs:ID */`,
      '  Id?: string;',
      `  /** attribute {${SER}}Ref, xs:IDREF */`,
      '  Ref?: string;',
      '}',
    ));
    expect(g.data.types.Node).toMatchObject({ attributes: [{ name: 'Id', type: 'xs:ID', ns: SER }, { name: 'Ref', type: 'xs:IDREF', ns: SER }] });
  });
});
