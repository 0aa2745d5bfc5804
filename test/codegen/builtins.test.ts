/**
 * Every XSD 1.0 builtin (and the Microsoft serialization simple types) → its TypeScript type
 * (docs/guide/xsd-mapping.md), referenced by its XSD name in the descriptor; the pre-2001 schema
 * namespaces read as XSD.
 */
import { generateService } from '../../codegen/generate';
import { BUILTINS as IR_BUILTINS } from '../../codegen/model/ir';
import { FILE, generate, text, typeDecl, wsdl } from './helpers';

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
  ['xs:unsignedShort', 'number'],
  ['xs:unsignedInt', 'number'],
  ['xs:unsignedLong', 'number'],
  ['xs:anyURI', 'string'],
  ['xs:QName', 'string'],
  ['xs:duration', 'string'],
  ['xs:anySimpleType', 'string'],
  ['xs:normalizedString', 'string'],
  ['xs:token', 'string'],
  ['xs:language', 'string'],
  ['xs:Name', 'string'],
  ['xs:NCName', 'string'],
  ['xs:NMTOKEN', 'string'],
  ['xs:NMTOKENS', 'string[]'],
  ['xs:ID', 'string'],
  ['xs:IDREF', 'string'],
  ['xs:IDREFS', 'string[]'],
  ['xs:ENTITY', 'string'],
  ['xs:ENTITIES', 'string[]'],
  ['xs:NOTATION', 'string'],
  ['xs:integer', 'number'],
  ['xs:nonNegativeInteger', 'number'],
  ['xs:positiveInteger', 'number'],
  ['xs:nonPositiveInteger', 'number'],
  ['xs:negativeInteger', 'number'],
  ['xs:date', 'string'],
  ['xs:time', 'string'],
  ['xs:gYear', 'string'],
  ['xs:gYearMonth', 'string'],
  ['xs:gMonth', 'string'],
  ['xs:gMonthDay', 'string'],
  ['xs:gDay', 'string'],
  ['xs:hexBinary', 'Uint8Array'],
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
    expect(t.kind === 'complex' && t.fields.map((f) => f.kind === undefined && f.type)).toEqual(BUILTINS.map(([xsd]) => ({ kind: 'builtin', name: xsd })));
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

  it('knows every builtin of the IR (nothing left out of this test)', () => {
    expect([...IR_BUILTINS].sort()).toEqual(BUILTINS.map(([xsd]) => xsd).sort());
  });

  it('reads the 1999 and 2000/10 schema namespaces as XSD', () => {
    for (const old of ['http://www.w3.org/1999/XMLSchema', 'http://www.w3.org/2000/10/XMLSchema']) {
      const o = generateService(wsdl('<xs:complexType name="Old"><xs:sequence><xs:element name="N" type="old:integer"/></xs:sequence></xs:complexType>').replace('<xs:schema ', `<old:schema xmlns:old="${old}" `).replace('</xs:schema>', '</old:schema>').replace(/<xs:(\/?)(complexType|sequence|element)/g, '<old:$1$2').replace(/<\/xs:(complexType|sequence|element)/g, '</old:$1'), FILE);
      expect(o.data.types.Old).toEqual({ kind: 'complex', name: 'Old', fields: [{ name: 'N', type: 'xs:integer' }] });
    }
  });
});
