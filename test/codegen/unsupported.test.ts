/**
 * Constructs the generator does not support stop it with a CodegenError that names the WSDL
 * `file:line` of the construct; nothing is skipped silently.
 */
import { CodegenError } from '../../codegen/errors';
import { generateService } from '../../codegen/generate';
import { FILE, wsdl, type WsdlSpec } from './helpers';

interface Failure {
  name: string;
  message: string;
  file: string;
  line: number;
}

/** The CodegenError generating `text` throws. */
function failure(text: string): Failure {
  try {
    generateService(text, FILE);
  } catch (e) {
    if (!(e instanceof CodegenError)) throw e;
    return { name: e.name, message: e.message, file: e.file, line: e.line };
  }
  throw new Error('generation did not fail');
}

/** The 1-based line of the first occurrence of `needle` in `text`. */
function lineOf(text: string, needle: string): number {
  const i = text.indexOf(needle);
  if (i < 0) throw new Error(`${needle} not in the WSDL`);
  return text.slice(0, i).split('\n').length;
}

/** Expect generating `text` to fail at the line of `at` with `message`. */
function expectFailure(text: string, at: string, message: string): void {
  const line = lineOf(text, at);
  expect(failure(text)).toEqual({ name: 'CodegenError', message: `${FILE}:${line}: ${message}`, file: FILE, line });
}

const op = (spec: WsdlSpec) => wsdl({ operations: [{ name: 'Ping', output: '<xs:element minOccurs="0" name="Response" type="xs:int"/>' }], ...spec });

describe('unsupported constructs fail with file:line', () => {
  it('a name in the XSD namespace that is not an XSD 1.0 builtin', () => {
    const text = wsdl('<xs:complexType name="Dated"><xs:sequence>\n<xs:element name="Year" type="xs:year"/>\n</xs:sequence></xs:complexType>');
    expectFailure(text, '<xs:element name="Year"', 'xs:year is not an XSD 1.0 builtin type');
  });

  it('a repeated choice whose alternative is a sequence, and a repeated group in a repeated group', () => {
    const alt = wsdl('<xs:complexType name="R"><xs:choice maxOccurs="unbounded">\n<xs:sequence><xs:element name="A" type="xs:int"/></xs:sequence>\n</xs:choice></xs:complexType>');
    expectFailure(alt, '<xs:sequence><xs:element name="A"', 'xs:sequence as an alternative of a repeated xs:choice is not supported (only xs:element and xs:any)');
    const nested = wsdl('<xs:complexType name="R"><xs:sequence maxOccurs="unbounded">\n<xs:sequence maxOccurs="2"><xs:element name="A" type="xs:int"/></xs:sequence>\n</xs:sequence></xs:complexType>');
    expectFailure(nested, '<xs:sequence maxOccurs="2">', 'a repeated xs:sequence inside a repeated group is not supported');
  });

  it('an element ref to the head of a substitution group (its members could arrive in its place)', () => {
    const text = wsdl(
      '<xs:element name="Vehicle" type="xs:string"/>\n<xs:element name="Car" type="xs:string" substitutionGroup="tns:Vehicle"/>\n' +
        '<xs:element name="Bike" type="xs:string" substitutionGroup="tns:Vehicle"/>\n<xs:complexType name="Garage"><xs:sequence>\n<xs:element ref="tns:Vehicle"/>\n</xs:sequence></xs:complexType>',
    );
    expectFailure(
      text,
      '<xs:element ref="tns:Vehicle"/>',
      'element ref tns:Vehicle: Vehicle is the head of a substitution group (Car, Bike may stand in its place), which is not supported: ' +
        'list the elements that may occur in an xs:choice in a local copy of the schema',
    );
    // a substitution group nothing refers to, and a ref to an element that heads none, generate
    expect(() => generateService(wsdl('<xs:element name="Vehicle" type="xs:string"/>\n<xs:element name="Car" type="xs:string" substitutionGroup="tns:Vehicle"/>\n<xs:complexType name="Garage"><xs:sequence><xs:element ref="tns:Car"/></xs:sequence></xs:complexType>'), FILE)).not.toThrow();
  });

  it('a reference to an undeclared type', () => {
    const text = wsdl('<xs:complexType name="Dangling"><xs:sequence>\n<xs:element name="X" type="tns:Missing"/>\n</xs:sequence></xs:complexType>');
    expectFailure(text, '<xs:element name="X"', 'type tns:Missing ({urn:test}Missing) is not declared');
  });

  it('a collection that contains itself only through collections (no TypeScript form)', () => {
    const text = wsdl('<xs:complexType name="ArrayOfSelf">\n<xs:sequence><xs:element minOccurs="0" maxOccurs="unbounded" name="Self" type="tns:ArrayOfSelf"/></xs:sequence>\n</xs:complexType>');
    expectFailure(text, '<xs:complexType name="ArrayOfSelf"', 'ArrayOfSelf contains itself only through collections/dictionaries; it has no TypeScript form');
  });

  it('a dictionary whose entries are unqualified', () => {
    const text = wsdl({
      otherSchemas: `<xs:schema targetNamespace="urn:loose"><xs:complexType name="Loose">
<xs:annotation><xs:appinfo><IsDictionary xmlns="http://schemas.microsoft.com/2003/10/Serialization/">true</IsDictionary></xs:appinfo></xs:annotation>
<xs:sequence><xs:element minOccurs="0" maxOccurs="unbounded" name="LooseKeyValuePair"><xs:complexType><xs:sequence><xs:element name="Key" type="xs:string"/><xs:element name="Value" type="xs:string"/></xs:sequence></xs:complexType></xs:element></xs:sequence>
</xs:complexType></xs:schema>`,
    });
    expectFailure(text, '<xs:sequence><xs:element minOccurs="0" maxOccurs="unbounded" name="LooseKeyValuePair"', 'IsDictionary entries must be qualified elements of the type\'s namespace (elementFormDefault="qualified")');
  });

  it('a header or fault message part with type= instead of element= (a body part with type= is a bare body: operations test)', () => {
    const text = wsdl({ schema: '<xs:element name="Token" type="xs:string"/>', operations: [{ name: 'Ping', inputHeaders: ['Token'] }] })
      .replace('<wsdl:part name="Token" element="tns:Token"/>', '<wsdl:part name="Token" type="xs:string"/>');
    expectFailure(text, '<wsdl:part name="Token" type=', 'a header or fault part with type= is not supported: it needs element= (a global element)');
  });

  it('MTOM: a required wsoma:OptimizedMimeSerialization policy (an optional one generates)', () => {
    const policy = (optional: string) => op({}).replace('<wsdl:types>', `<wsp:Policy xmlns:wsp="http://www.w3.org/ns/ws-policy" wsu:Id="mtom" xmlns:wsu="urn:wsu">\n<wsoma:OptimizedMimeSerialization xmlns:wsoma="http://schemas.xmlsoap.org/ws/2004/09/policy/optimizedmimeserialization"${optional}/>\n</wsp:Policy>\n<wsdl:types>`);
    expectFailure(policy(''), '<wsoma:OptimizedMimeSerialization', 'MTOM is required by policy (wsoma:OptimizedMimeSerialization without wsp:Optional="true"): MTOM/XOP messages are not supported (base64Binary is sent and read inline)');
    expect(generateService(policy(' wsp:Optional="true"'), FILE).model.operations.map((o) => o.name)).toEqual(['Ping']);
  });

  it('a MIME binding (mime:multipartRelated: SOAP with attachments)', () => {
    const text = op({}).replace('<wsdl:input><soap:body use="literal"/></wsdl:input>', '<wsdl:input>\n<mime:multipartRelated xmlns:mime="http://schemas.xmlsoap.org/wsdl/mime/"><mime:part><soap:body use="literal"/></mime:part><mime:part><mime:content part="file" type="application/octet-stream"/></mime:part></mime:multipartRelated></wsdl:input>');
    expectFailure(text, '<mime:multipartRelated', 'MIME bindings (mime:multipartRelated: SOAP with attachments) are not supported; only a soap:body is');
  });

  it('wsdl:import and xs:import with a location, in a WSDL given as text (the loader reads them from a file or URL)', () => {
    const imp = op({}).replace('<wsdl:types>', '<wsdl:import namespace="urn:x" location="http://example.com/x.wsdl"/>\n<wsdl:types>');
    expectFailure(imp, '<wsdl:import', 'wsdl:import location "http://example.com/x.wsdl": a WSDL given as text cannot read other documents; generate from its file or URL');
    const xsImport = wsdl('<xs:import namespace="urn:x" schemaLocation="x.xsd"/>');
    expectFailure(xsImport, '<xs:import', 'xs:import schemaLocation "x.xsd": a WSDL given as text cannot read other documents; generate from its file or URL');
  });

  it('a DOCTYPE (no entity is ever expanded)', () => {
    const text = op({}).replace('<wsdl:definitions', '<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]>\n<wsdl:definitions');
    expectFailure(text, '<!DOCTYPE', 'a DOCTYPE is not allowed in a WSDL (entities are never expanded)');
  });

  it('a binding fault the portType does not declare, an output only one side declares', () => {
    const fault = op({}).replace('<soap:body use="literal"/></wsdl:output>', '<soap:body use="literal"/></wsdl:output><wsdl:fault name="F"><soap:fault name="F" use="literal"/></wsdl:fault>');
    expectFailure(fault, '<wsdl:fault', 'operation Ping: fault F is not in the portType operation');
    const oneWay = op({}).replace(/<wsdl:output message="tns:PingResponse"\/>/, '');
    expectFailure(oneWay, '<wsdl:operation name="Ping"><soap:operation', 'operation Ping: the binding and the portType disagree on the output');
  });

  it('not well-formed XML', () => {
    const text = op({}).replace('</wsdl:portType>', '</wsdl:porttype>');
    expect(failure(text)).toMatchObject({ name: 'CodegenError', file: FILE, line: lineOf(text, '</wsdl:porttype>') });
    expect(failure(text).message).toMatch(/^test\.wsdl:\d+: not well-formed XML: /);
  });

  it('names the WSDL by the path it was read from (generated sources keep the base name)', () => {
    const text = wsdl('<xs:simpleType name="U">\n<xs:restriction base="tns:Nope"/>\n</xs:simpleType>');
    expect(() => generateService(text, 'some/dir/test.wsdl')).toThrow(new CodegenError('type tns:Nope ({urn:test}Nope) is not declared', { file: 'some/dir/test.wsdl', line: 6 }));
    expect(() => generateService(text, 'http://127.0.0.1/T.svc?singleWsdl')).toThrow('http://127.0.0.1/T.svc?singleWsdl:6: type tns:Nope ({urn:test}Nope) is not declared');
  });

  it('a document that is not a WSDL', () => {
    expect(failure('<?xml version="1.0"?>\n<html/>')).toEqual({ name: 'CodegenError', message: 'test.wsdl:2: not a WSDL 1.1 document (expected wsdl:definitions)', file: FILE, line: 2 });
  });

  it('several different SOAP 1.1 bindings of one portType without --binding, and an unknown --service', () => {
    const two = op({}).replace('</wsdl:binding>', '</wsdl:binding>\n<wsdl:binding name="Other" type="tns:Test"><soap:binding transport="http://schemas.xmlsoap.org/soap/http"/></wsdl:binding>');
    expectFailure(two, '<wsdl:binding name="Other"', 'the service Test has several different SOAP 1.1 bindings: choose one with --binding; the choices are: BasicHttpBinding_Test (SOAP 1.1), Other (SOAP 1.1)');
    const text = op({});
    expect(() => generateService(text, FILE, { service: 'Nope' })).toThrow(`${FILE}:${lineOf(text, '<wsdl:binding')}: service "Nope" not found; the WSDL has: Test`);
  });
});
