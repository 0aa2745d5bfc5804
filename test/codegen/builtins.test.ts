/**
 * Every builtin of DESIGN.md §2 (and the Microsoft serialization simple types) → its TypeScript
 * type (DESIGN.md §4), referenced by its XSD name in the descriptor.
 */
import { generate, text, typeDecl } from './helpers';

/** XSD builtin → expected TypeScript type. */
const BUILTINS: [string, string][] = [
  ['xs:string', 'string'],
  ['xs:int', 'number'],
  ['xs:short', 'number'],
  ['xs:boolean', 'boolean'],
  ['xs:dateTime', 'Date'],
  ['xs:long', 'number'],
  ['xs:decimal', 'string'],
  ['xs:double', 'number'],
  ['xs:float', 'number'],
  ['xs:byte', 'number'],
  ['xs:unsignedByte', 'number'],
  ['xs:base64Binary', 'Uint8Array'],
  ['xs:anyType', 'AnyValue'],
  ['ser:guid', 'string'],
  ['ser:char', 'number'],
  ['ser:duration', 'string'],
];

const fieldName = (xsd: string) => xsd.replace(':', '_');

describe('builtin types', () => {
  const g = generate(`
<xs:complexType name="AllBuiltins">
<xs:sequence>
${BUILTINS.map(([xsd]) => `<xs:element name="${fieldName(xsd)}" type="${xsd}"/>`).join('\n')}
</xs:sequence>
</xs:complexType>`);

  it('maps each builtin to its TypeScript type', () => {
    expect(typeDecl(g, 'AllBuiltins')).toEqual(text(
      '/** XSD complexType `AllBuiltins`. test.wsdl:5 */',
      'export interface AllBuiltins {',
      ...BUILTINS.flatMap(([xsd, ts]) => [`  /** ${xsd} */`, `  ${fieldName(xsd)}: ${ts};`]),
      '}',
    ));
  });

  it('references builtins by XSD name in the IR and the descriptor', () => {
    const t = g.model.types['{urn:test}AllBuiltins'];
    expect(t.kind === 'complex' && t.fields.map((f) => f.type)).toEqual(BUILTINS.map(([xsd]) => ({ kind: 'builtin', name: xsd })));
    expect(g.data.types.AllBuiltins).toEqual({ kind: 'complex', name: 'AllBuiltins', fields: BUILTINS.map(([xsd]) => ({ name: fieldName(xsd), type: xsd })) });
  });

  it('does not emit the serialization schema simple types the runtime knows (guid, char, duration)', () => {
    const withSer = generate({
      schema: '<xs:complexType name="A"><xs:sequence><xs:element name="Id" type="ser:guid"/></xs:sequence></xs:complexType>',
      otherSchemas: `<xs:schema elementFormDefault="qualified" targetNamespace="http://schemas.microsoft.com/2003/10/Serialization/">
<xs:simpleType name="guid"><xs:restriction base="xs:string"><xs:pattern value="[\\da-fA-F]{8}-[\\da-fA-F]{4}-[\\da-fA-F]{4}-[\\da-fA-F]{4}-[\\da-fA-F]{12}"/></xs:restriction></xs:simpleType>
<xs:simpleType name="char"><xs:restriction base="xs:int"/></xs:simpleType>
<xs:simpleType name="duration"><xs:restriction base="xs:duration"/></xs:simpleType>
<xs:simpleType name="Other"><xs:restriction base="xs:string"/></xs:simpleType>
<xs:attribute name="Id" type="xs:ID"/>
</xs:schema>`,
    });
    expect(Object.keys(withSer.data.types)).toEqual(['A', 'Other']);
    expect(withSer.data.types.A).toEqual({ kind: 'complex', name: 'A', fields: [{ name: 'Id', type: 'ser:guid' }] });
    expect(typeDecl(withSer, 'Other')).toEqual(text('/** XSD simpleType `Other` (restricts xs:string). test.wsdl:11 */', 'export type Other = string;'));
    expect(withSer.data.types.Other).toEqual({ kind: 'alias', name: 'Other', ns: 'http://schemas.microsoft.com/2003/10/Serialization/', base: 'xs:string' });
  });
});
