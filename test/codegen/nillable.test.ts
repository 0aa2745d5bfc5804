/** `nillable="true"` → `T | null`; a nillable repeated element or array item → `(T | null)[]`. */
import { generate, text, typeDecl } from './helpers';

describe('nillable', () => {
  const g = generate(`
<xs:complexType name="Note">
<xs:sequence>
<xs:element name="Text" nillable="true" type="xs:string"/>
<xs:element minOccurs="0" name="Author" nillable="true" type="xs:string"/>
<xs:element minOccurs="0" name="Parent" nillable="true" type="tns:Note"/>
<xs:element minOccurs="0" maxOccurs="unbounded" name="Line" nillable="true" type="xs:string"/>
<xs:element minOccurs="0" name="Lines" nillable="true" type="tns:ArrayOfstring"/>
</xs:sequence>
</xs:complexType>
<xs:complexType name="ArrayOfstring">
<xs:sequence><xs:element minOccurs="0" maxOccurs="unbounded" name="string" nillable="true" type="xs:string"/></xs:sequence>
</xs:complexType>`);

  it('adds `| null`; `?` and `| null` are independent', () => {
    expect(typeDecl(g, 'Note')).toEqual(text(
      '/** XSD complexType `Note`. test.wsdl:5 */',
      'export interface Note {',
      '  /** xs:string, nillable */',
      '  Text: string | null;',
      '  /** xs:string, minOccurs=0, nillable */',
      '  Author?: string | null;',
      '  /** Note, minOccurs=0, nillable */',
      '  Parent?: Note | null;',
      '  /** xs:string, minOccurs=0, maxOccurs=unbounded, nillable */',
      '  Line?: (string | null)[];',
      '  /** ArrayOfstring, minOccurs=0, nillable */',
      '  Lines?: (string | null)[] | null;',
      '}',
    ));
  });

  it('marks nillable fields and items in the descriptor', () => {
    expect(g.data.types.Note).toEqual({
      kind: 'complex',
      name: 'Note',
      fields: [
        { name: 'Text', type: 'xs:string', nillable: true },
        { name: 'Author', type: 'xs:string', optional: true, nillable: true },
        { name: 'Parent', type: 'Note', optional: true, nillable: true },
        { name: 'Line', type: 'xs:string', optional: true, nillable: true, repeated: true },
        { name: 'Lines', type: 'ArrayOfstring', optional: true, nillable: true },
      ],
    });
    expect(g.data.types.ArrayOfstring).toEqual({ kind: 'array', name: 'ArrayOfstring', item: { name: 'string', type: 'xs:string', nillable: true } });
  });
});
