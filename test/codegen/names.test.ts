/**
 * Reserved words and name clashes are escaped by rule (codegen/names.ts), and the output compiles
 * with `tsc --strict` in a user's project.
 */
import { camelCase, NameScope, namespaceLabel, propertyKey, safeIdentifier } from '../../codegen/names';
import { declaration, generate, text, typeDecl } from './helpers';
import { expectCompiles } from './project';

describe('naming rules', () => {
  it('escapes reserved words and the globals generated code uses', () => {
    expect(['delete', 'Date', 'Record', 'string', 'AnyValue', 'Uint8Array', 'Person', 'class', 'Pick'].map(safeIdentifier)).toEqual([
      'delete_', 'Date_', 'Record_', 'string_', 'AnyValue_', 'Uint8Array_', 'Person', 'class_', 'Pick_',
    ]);
    expect(['Get.Thing', 'Get-Thing', '1st', 'Été'].map(safeIdentifier)).toEqual(['Get_Thing', 'Get_Thing', '_1st', '_t_']);
  });

  it('camelCases operation names, lowering a leading acronym as a word', () => {
    expect(['GetChatMessages', 'URLFetch', 'ID', 'IsOK', 'X2Y', 'delete'].map(camelCase)).toEqual(['getChatMessages', 'urlFetch', 'id', 'isOK', 'x2Y', 'delete']);
  });

  it('quotes property keys that are not identifiers', () => {
    expect(['Name', '$type', 'Best.Friend', "O'Brien", 'default'].map(propertyKey)).toEqual(['Name', '$type', "'Best.Friend'", "'O\\'Brien'", 'default']);
  });

  it('labels namespaces and hands out unique names', () => {
    expect(namespaceLabel('http://schemas.microsoft.com/2003/10/Serialization/Arrays')).toBe('Arrays');
    expect(namespaceLabel('urn:acme:things/')).toBe('Things');
    const scope = new NameScope(['Taken']);
    expect(['A', 'A', 'A', 'Taken'].map((n) => scope.claim(n))).toEqual(['A', 'A_', 'A_2', 'Taken_']);
  });
});

describe('reserved words and clashes in a WSDL', () => {
  const g = generate({
    schema: `
<xs:complexType name="delete"><xs:sequence><xs:element minOccurs="0" name="class" type="xs:string"/></xs:sequence></xs:complexType>
<xs:complexType name="Date"><xs:sequence><xs:element minOccurs="0" name="When" type="xs:dateTime"/></xs:sequence></xs:complexType>
<xs:complexType name="Record"><xs:sequence><xs:element minOccurs="0" name="Values" nillable="true" type="tns:StringDictionary"/></xs:sequence></xs:complexType>
<xs:complexType name="StringDictionary"><xs:annotation><xs:appinfo><IsDictionary xmlns="http://schemas.microsoft.com/2003/10/Serialization/">true</IsDictionary></xs:appinfo></xs:annotation>
<xs:sequence><xs:element minOccurs="0" maxOccurs="unbounded" name="KeyValuePair"><xs:complexType><xs:sequence><xs:element name="Key" type="xs:string"/><xs:element name="Value" type="xs:string"/></xs:sequence></xs:complexType></xs:element></xs:sequence></xs:complexType>
<xs:complexType name="Person"><xs:sequence><xs:element minOccurs="0" name="Born" nillable="true" type="tns:Date"/></xs:sequence></xs:complexType>
<xs:element name="Person" nillable="true" type="tns:Person"/>
<xs:element name="Human" nillable="true" type="tns:Person"/>
<xs:complexType name="DeleteRequest"><xs:sequence><xs:element minOccurs="0" name="Why" type="xs:string"/></xs:sequence></xs:complexType>
<xs:complexType name="Thing"><xs:sequence><xs:element minOccurs="0" name="Other" nillable="true" type="q1:Thing" xmlns:q1="urn:other"/></xs:sequence></xs:complexType>
<xs:complexType name="encodeDelete"><xs:sequence/></xs:complexType>
<xs:complexType name="TestClient"><xs:sequence/></xs:complexType>
<xs:simpleType name="Kind"><xs:restriction base="xs:string"><xs:enumeration value="delete"/><xs:enumeration value="new"/></xs:restriction></xs:simpleType>`,
    otherSchemas: `<xs:schema elementFormDefault="qualified" targetNamespace="urn:other">
<xs:complexType name="Thing"><xs:sequence><xs:element minOccurs="0" name="Name" type="xs:string"/></xs:sequence></xs:complexType>
</xs:schema>`,
    operations: [
      { name: 'Delete', input: '<xs:element minOccurs="0" name="Target" nillable="true" type="tns:delete"/>', output: '<xs:element minOccurs="0" name="Response" nillable="true" type="tns:Record"/>' },
      { name: 'delete', input: '<xs:element name="Who" nillable="true" type="tns:Person"/>', output: '<xs:element minOccurs="0" name="Response" type="tns:Kind"/>' },
      { name: 'Get.Thing', output: '<xs:element minOccurs="0" name="Response" nillable="true" type="tns:Thing"/>' },
      { name: 'Get_Thing', output: '<xs:element minOccurs="0" name="Response" nillable="true" type="tns:DeleteRequest"/>' },
    ],
  });

  it('gives types their XSD names, escaped', () => {
    expect(Object.values(g.model.types).map((t) => [t.qname.local, t.tsName])).toEqual([
      ['delete', 'delete_'],
      ['Date', 'Date_'],
      ['Record', 'Record_'],
      ['StringDictionary', 'StringDictionary'],
      ['Person', 'Person'],
      ['DeleteRequest', 'DeleteRequest'],
      ['Thing', 'Thing'],
      ['encodeDelete', 'encodeDelete'],
      ['TestClient', 'TestClient_'],
      ['Thing', 'Thing_Other'],
      ['Kind', 'Kind'],
    ]);
    expect(typeDecl(g, 'delete_')).toEqual(text(
      '/** XSD complexType `delete`. test.wsdl:5 */',
      'export interface delete_ {',
      '  /** xs:string, minOccurs=0 */',
      '  class?: string;',
      '}',
    ));
    expect(typeDecl(g, 'Person')).toEqual(text(
      '/** XSD complexType `Person`. test.wsdl:10 */',
      'export interface Person {',
      '  /** Date, minOccurs=0, nillable */',
      '  Born?: Date_ | null;',
      '}',
    ));
    expect(typeDecl(g, 'Thing')).toEqual(text(
      '/** XSD complexType `Thing`. test.wsdl:14 */',
      'export interface Thing {',
      '  /** Thing, minOccurs=0, nillable */',
      '  Other?: Thing_Other | null;',
      '}',
    ));
    expect(typeDecl(g, 'Kind')).toEqual(text(
      '/** XSD simpleType `Kind` (enumeration). test.wsdl:17 */',
      'export const Kind = {',
      "  /** Wire value `'delete'`. */",
      "  delete: 'delete',",
      "  /** Wire value `'new'`. */",
      "  new: 'new',",
      '} as const;',
      '/** XSD simpleType `Kind` (enumeration). test.wsdl:17 */',
      'export type Kind = (typeof Kind)[keyof typeof Kind];',
    ));
  });

  it('never names a type after an element', () => {
    expect(g.files['types.ts']).not.toMatch(/export (interface|type) Human\b/);
  });

  it('tells apart operations, their wrappers and their builders', () => {
    expect(g.model.operations.map((o) => [o.name, o.methodName, o.requestTsName, o.responseTsName, o.encoderName])).toEqual([
      ['Delete', 'delete', 'DeleteRequest_', 'DeleteResponse', 'encodeDelete_'],
      ['delete', 'delete_', 'delete_Request', 'delete_Response', 'encodedelete'],
      ['Get.Thing', 'get_Thing', 'Get_ThingRequest', 'Get_ThingResponse', 'encodeGet_Thing'],
      ['Get_Thing', 'get_Thing_', 'Get_ThingRequest_', 'Get_ThingResponse_', 'encodeGet_Thing_'],
    ]);
    const client = g.files['client.ts'];
    expect(declaration(client, 'TestClient').split('\n').filter((l) => !/^\s*(\/\*\*| \*)/.test(l))).toEqual([
      'export interface TestClient {',
      "  delete: OptionalInputMethod<DeleteRequest_, DeleteResponse['Response'], TestResponseHeaders, TestRequestHeaders>;",
      "  delete_: OperationMethod<delete_Request, delete_Response['Response'], TestResponseHeaders, TestRequestHeaders>;",
      "  get_Thing: OptionalInputMethod<Get_ThingRequest, Get_ThingResponse['Response'], TestResponseHeaders, TestRequestHeaders>;",
      "  get_Thing_: OptionalInputMethod<Get_ThingRequest_, Get_ThingResponse_['Response'], TestResponseHeaders, TestRequestHeaders>;",
      '}',
    ]);
    expect(Object.values(g.data.operations).map((o) => [o.name, o.method])).toEqual([
      ['Delete', 'delete'], ['delete', 'delete_'], ['Get.Thing', 'get_Thing'], ['Get_Thing', 'get_Thing_'],
    ]);
  });

  it('compiles with tsc --strict, index.ts re-exporting every name without ambiguity', async () => {
    await expectCompiles('names', g.files, [
      "import { TestService, Kind, encodeDelete_, encodedelete, encodeGet_Thing, encodeGet_Thing_, type Date_, type Record_, type delete_, type TestClient, type TestClient_, type Thing_Other, type encodeDelete } from './out/index.js';",
      'const when: Date_ = { When: new Date() };',
      "const rec: Record_ = { Values: { a: 'b' } };",
      "const target: delete_ = { class: 'x' };",
      'const marker: encodeDelete = {};',
      'const other: TestClient_ = {};',
      "const thing: Thing_Other = { Name: 'n' };",
      'export const all = [when, rec, target, marker, other, thing, TestService.name, Kind.delete, encodeDelete_, encodedelete, encodeGet_Thing, encodeGet_Thing_];',
      "export async function call(client: TestClient): Promise<Kind | undefined> { await client.delete({ Target: target }); return client.delete_({ Who: null }); }",
    ]);
  });
});

describe('a request field named like a property of every object', () => {
  const g = generate({ operations: [{ name: 'DoIt', input: '<xs:element minOccurs="0" name="constructor" type="xs:string"/><xs:element minOccurs="0" name="toString" type="xs:string"/>', output: '' }] });

  it('compiles with tsc --strict: the envelope builder\'s default input is cast ({} has a constructor of its own)', async () => {
    expect(g.files['client.ts']).toContain('export function encodeDoIt(input: DoItRequest = {} as DoItRequest,');
    await expectCompiles('object-members', g.files, [
      "import { encodeDoIt, type TestClient } from './out/index.js';",
      "export const xml = [encodeDoIt(), encodeDoIt({ constructor: 'c', toString: 't' })];",
      "export async function call(client: TestClient): Promise<void> { await client.doIt(); await client.doIt({ constructor: 'c', toString: 't' }); }",
    ]);
  });
});
