/** `xs:element ref="G"` → the global element's name, namespace (always qualified) and type; occurs from the ref. */
import { generate, text } from './helpers';

describe('element ref', () => {
  const g = generate({
    schema: '<xs:element name="Stamp" type="xs:dateTime" nillable="true"/>\n<xs:complexType name="Doc"><xs:sequence><xs:element ref="tns:Stamp" minOccurs="0"/><xs:element ref="o:Tag" maxOccurs="unbounded"/></xs:sequence></xs:complexType>',
    otherSchemas: '<xs:schema targetNamespace="urn:other" xmlns:o="urn:other"><xs:element name="Tag" type="xs:string"/></xs:schema>',
  });

  it('takes the global element\'s name, namespace and type', () => {
    expect(g.files['types.ts']).toContain(text(
      'export interface Doc {',
      '  /** xs:dateTime, minOccurs=0, nillable */',
      '  Stamp?: Date | null;',
      '  /** xs:string, maxOccurs=unbounded */',
      '  Tag: string[];',
      '}',
    ));
    expect(g.data.types.Doc).toEqual({
      kind: 'complex',
      name: 'Doc',
      fields: [{ name: 'Stamp', type: 'xs:dateTime', optional: true, nillable: true }, { name: 'Tag', type: 'xs:string', ns: 'urn:other', repeated: true }],
    });
  });
});
