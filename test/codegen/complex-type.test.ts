/** `xs:complexType` with an `xs:sequence` → an interface, fields in schema order, wire names as keys. */
import { FILE, generate, text, TNS, typeDecl } from './helpers';

const schema = `
<xs:complexType name="Person">
<xs:sequence>
<xs:element name="Name" type="xs:string"/>
<xs:element name="Age" type="xs:int"/>
<xs:element name="Best.Friend" type="tns:Person"/>
</xs:sequence>
</xs:complexType>
<xs:complexType name="Empty"><xs:sequence/></xs:complexType>`;

describe('complex type with a sequence', () => {
  const g = generate(schema);

  it('emits an interface with the fields in schema order, non-identifier keys quoted', () => {
    expect(typeDecl(g, 'Person')).toEqual(text(
      '/** XSD complexType `Person`. test.wsdl:5 */',
      'export interface Person {',
      '  /** xs:string */',
      '  Name: string;',
      '  /** xs:int */',
      '  Age: number;',
      '  /** Person */',
      "  'Best.Friend': Person;",
      '}',
    ));
  });

  it('emits an empty interface for an empty sequence', () => {
    expect(typeDecl(g, 'Empty')).toEqual(text('/** XSD complexType `Empty`. test.wsdl:12 */', 'export interface Empty {}'));
  });

  it('builds the IR: ordered fields with their occurrence, namespace and source', () => {
    const field = (name: string, type: object, line: number) => ({
      name, ns: TNS, type, minOccurs: 1, maxOccurs: 1, nillable: false, source: { file: FILE, line },
    });
    expect(g.model.types[`{${TNS}}Person`]).toEqual({
      kind: 'complex',
      qname: { ns: TNS, local: 'Person' },
      tsName: 'Person',
      source: { file: FILE, line: 5 },
      abstract: false,
      fields: [
        field('Name', { kind: 'builtin', name: 'xs:string' }, 7),
        field('Age', { kind: 'builtin', name: 'xs:int' }, 8),
        field('Best.Friend', { kind: 'named', key: `{${TNS}}Person` }, 9),
      ],
    });
  });

  it('describes the type for the runtime', () => {
    expect(g.data.types.Person).toEqual({
      kind: 'complex',
      name: 'Person',
      fields: [
        { name: 'Name', type: 'xs:string' },
        { name: 'Age', type: 'xs:int' },
        { name: 'Best.Friend', type: 'Person' },
      ],
    });
    expect(g.data.types.Empty).toEqual({ kind: 'complex', name: 'Empty', fields: [] });
  });

  it('puts unqualified elements (elementFormDefault absent) in no namespace', () => {
    const u = generate({
      schema: '',
      otherSchemas: `<xs:schema targetNamespace="urn:other"><xs:complexType name="Loose"><xs:sequence><xs:element name="A" type="xs:int"/></xs:sequence></xs:complexType></xs:schema>`,
    });
    expect(u.data.types.Loose).toEqual({ kind: 'complex', name: 'Loose', ns: 'urn:other', fields: [{ name: 'A', type: 'xs:int', ns: '' }] });
  });
});
