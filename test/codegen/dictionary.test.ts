/**
 * WCF dictionaries (`IsDictionary` annotation, repeated `…KeyValuePair` of `Key`/`Value`) →
 * `Record<string, V>` for string keys and `Record<number, V>` for integer keys.
 */
import { generate, text, typeDecl } from './helpers';

const dictionary = (name: string, entry: string, key: string, value: string) => `
<xs:complexType name="${name}">
<xs:annotation><xs:appinfo><IsDictionary xmlns="http://schemas.microsoft.com/2003/10/Serialization/">true</IsDictionary></xs:appinfo></xs:annotation>
<xs:sequence><xs:element minOccurs="0" maxOccurs="unbounded" name="${entry}"><xs:complexType><xs:sequence>
<xs:element name="Key" ${key}/>
<xs:element name="Value" ${value}/>
</xs:sequence></xs:complexType></xs:element></xs:sequence>
</xs:complexType>`;

describe('IsDictionary', () => {
  const g = generate(`
${dictionary('StringDictionary', 'StringKeyValuePair', 'nillable="true" type="xs:string"', 'nillable="true" type="xs:string"')}
${dictionary('IntNameDictionary', 'IntNameKeyValuePair', 'type="xs:int"', 'nillable="true" type="tns:Name"')}
<xs:complexType name="Name"><xs:sequence><xs:element minOccurs="0" name="Text" type="xs:string"/></xs:sequence></xs:complexType>
<xs:complexType name="Holder">
<xs:sequence>
<xs:element minOccurs="0" name="Extra" nillable="true" type="tns:StringDictionary"/>
<xs:element minOccurs="0" name="Names" nillable="true" type="tns:IntNameDictionary"/>
</xs:sequence>
</xs:complexType>`);

  it('emits Record<string, …> for a string key', () => {
    expect(typeDecl(g, 'StringDictionary')).toEqual(text(
      '/** XSD complexType `StringDictionary` (WCF dictionary of `StringKeyValuePair`: xs:string → xs:string). test.wsdl:5 */',
      'export type StringDictionary = Record<string, string | null>;',
    ));
  });

  it('emits Record<number, …> for an int key', () => {
    expect(typeDecl(g, 'IntNameDictionary')).toEqual(text(
      '/** XSD complexType `IntNameDictionary` (WCF dictionary of `IntNameKeyValuePair`: xs:int → Name). test.wsdl:12 */',
      'export type IntNameDictionary = Record<number, Name | null>;',
    ));
  });

  it('writes dictionaries inline in fields', () => {
    expect(typeDecl(g, 'Holder')).toEqual(text(
      '/** XSD complexType `Holder`. test.wsdl:20 */',
      'export interface Holder {',
      '  /** StringDictionary, minOccurs=0, nillable */',
      '  Extra?: Record<string, string | null> | null;',
      '  /** IntNameDictionary, minOccurs=0, nillable */',
      '  Names?: Record<number, Name | null> | null;',
      '}',
    ));
  });

  it('builds dictionary IR and descriptors (entry, key and value elements)', () => {
    expect(g.model.types['{urn:test}IntNameDictionary']).toEqual({
      kind: 'dictionary',
      qname: { ns: 'urn:test', local: 'IntNameDictionary' },
      tsName: 'IntNameDictionary',
      source: { file: 'test.wsdl', line: 12 },
      entry: { name: 'IntNameKeyValuePair', ns: 'urn:test' },
      key: { name: 'Key', type: { kind: 'builtin', name: 'xs:int' }, nillable: false },
      value: { name: 'Value', type: { kind: 'named', key: '{urn:test}Name' }, nillable: true },
    });
    expect(g.data.types.StringDictionary).toEqual({
      kind: 'dictionary',
      name: 'StringDictionary',
      entry: 'StringKeyValuePair',
      key: { name: 'Key', type: 'xs:string', nillable: true },
      value: { name: 'Value', type: 'xs:string', nillable: true },
    });
    expect(g.data.types.IntNameDictionary).toEqual({
      kind: 'dictionary',
      name: 'IntNameDictionary',
      entry: 'IntNameKeyValuePair',
      key: { name: 'Key', type: 'xs:int' },
      value: { name: 'Value', type: 'Name', nillable: true },
    });
  });
});
