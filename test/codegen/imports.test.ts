/**
 * Multi-file WSDLs (codegen/load): wsdl:import, xs:import and xs:include followed relative to the
 * importing document, each document read once (cycles too), a chameleon include taking the
 * includer's namespace, sources and errors naming the right file:line, and duplicate declarations
 * across documents refused with both places.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { generateFromDocuments, generateService } from '../../codegen/generate';
import { loadText, loadWsdl } from '../../codegen/load/loader';
import { readDocument, type ReadLimits } from '../../codegen/load/read';

const WSDL_HEAD = 'xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/" xmlns:soap="http://schemas.xmlsoap.org/wsdl/soap/" xmlns:xs="http://www.w3.org/2001/XMLSchema"';

/** A service in four documents: main.wsdl → parts/interface.wsdl → xsd/types.xsd ⇄ xsd/more.xsd, + xsd/common.xsd (chameleon). */
export const FILES: Record<string, string> = {
  'main.wsdl': `<?xml version="1.0"?>
<wsdl:definitions targetNamespace="urn:svc" xmlns:tns="urn:svc" ${WSDL_HEAD}>
<wsdl:import namespace="urn:svc" location="parts/interface.wsdl"/>
<wsdl:binding name="Binding" type="tns:Port">
<soap:binding transport="http://schemas.xmlsoap.org/soap/http"/>
<wsdl:operation name="Ping"><soap:operation soapAction="urn:svc/Ping" style="document"/>
<wsdl:input><soap:body use="literal"/></wsdl:input><wsdl:output><soap:body use="literal"/></wsdl:output></wsdl:operation>
</wsdl:binding>
<wsdl:service name="Service"><wsdl:port name="Port" binding="tns:Binding"><soap:address location="http://localhost/svc"/></wsdl:port></wsdl:service>
</wsdl:definitions>
`,
  'parts/interface.wsdl': `<?xml version="1.0"?>
<wsdl:definitions targetNamespace="urn:svc" xmlns:tns="urn:svc" xmlns:t="urn:types" ${WSDL_HEAD}>
<wsdl:types>
<xs:schema targetNamespace="urn:svc"><xs:import namespace="urn:types" schemaLocation="../xsd/types.xsd"/></xs:schema>
</wsdl:types>
<wsdl:message name="PingIn"><wsdl:part name="parameters" element="t:Ping"/></wsdl:message>
<wsdl:message name="PingOut"><wsdl:part name="parameters" element="t:PingResponse"/></wsdl:message>
<wsdl:portType name="Port"><wsdl:operation name="Ping"><wsdl:input message="tns:PingIn"/><wsdl:output message="tns:PingOut"/></wsdl:operation></wsdl:portType>
</wsdl:definitions>
`,
  'xsd/types.xsd': `<?xml version="1.0"?>
<xs:schema targetNamespace="urn:types" xmlns:t="urn:types" xmlns:m="urn:more" elementFormDefault="qualified" xmlns:xs="http://www.w3.org/2001/XMLSchema">
<xs:include schemaLocation="common.xsd"/>
<xs:import namespace="urn:more" schemaLocation="more.xsd"/>
<xs:element name="Ping"><xs:complexType><xs:sequence><xs:element name="Value" type="t:Money"/><xs:element name="Extra" type="m:Extra"/></xs:sequence></xs:complexType></xs:element>
<xs:element name="PingResponse"><xs:complexType><xs:sequence><xs:element name="Result" type="t:Code"/></xs:sequence></xs:complexType></xs:element>
</xs:schema>
`,
  'xsd/common.xsd': `<?xml version="1.0"?>
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" elementFormDefault="qualified">
<xs:simpleType name="Code"><xs:restriction base="xs:string"/></xs:simpleType>
<xs:complexType name="Money"><xs:sequence><xs:element name="Amount" type="xs:int"/><xs:element name="Unit" type="Code"/></xs:sequence></xs:complexType>
</xs:schema>
`,
  'xsd/more.xsd': `<?xml version="1.0"?>
<xs:schema targetNamespace="urn:more" xmlns:t="urn:types" elementFormDefault="qualified" xmlns:xs="http://www.w3.org/2001/XMLSchema">
<xs:import namespace="urn:types" schemaLocation="types.xsd"/>
<xs:complexType name="Extra"><xs:sequence><xs:element name="Money" type="t:Money"/></xs:sequence></xs:complexType>
</xs:schema>
`,
};

export function writeFiles(dir: string, files: Record<string, string>): void {
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
}

describe('a WSDL in several files', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'so-soap-imports-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('follows wsdl:import, xs:import and xs:include relative to each document, reading each once (the cycle too)', async () => {
    writeFiles(dir, FILES);
    const reads: string[] = [];
    const read = (location: string, limits: ReadLimits) => {
      reads.push(location.slice(dir.length + 1));
      return readDocument(location, limits);
    };
    const loaded = await loadWsdl(join(dir, 'main.wsdl'), { read });
    expect(reads).toEqual(['main.wsdl', 'parts/interface.wsdl', 'xsd/types.xsd', 'xsd/common.xsd', 'xsd/more.xsd']);
    expect(loaded.documents.map((d) => d.name)).toEqual(['main.wsdl', 'parts/interface.wsdl', 'xsd/types.xsd', 'xsd/common.xsd', 'xsd/more.xsd']);
    const { model } = generateFromDocuments(loaded);
    expect(model.operations.map((o) => [o.name, o.input.element, o.source])).toEqual([
      ['Ping', { ns: 'urn:types', local: 'Ping' }, { file: 'main.wsdl', line: 6 }],
    ]);
    // The chameleon's declarations (and its unprefixed reference `type="Code"`) are in urn:types.
    expect(Object.fromEntries(Object.entries(model.types).map(([k, t]) => [k, t.source]))).toEqual({
      '{urn:types}Money': { file: 'xsd/common.xsd', line: 4 },
      '{urn:types}Code': { file: 'xsd/common.xsd', line: 3 },
      '{urn:more}Extra': { file: 'xsd/more.xsd', line: 4 },
    });
    const money = model.types['{urn:types}Money'];
    expect(money.kind === 'complex' && money.fields.map((f) => ('type' in f ? [f.name, f.type] : f))).toEqual([
      ['Amount', { kind: 'builtin', name: 'xs:int' }],
      ['Unit', { kind: 'named', key: '{urn:types}Code' }],
    ]);
  });

  it('gives the same sources wherever the files are, and a header hash over every document', async () => {
    writeFiles(dir, FILES);
    const a = generateFromDocuments(await loadWsdl(join(dir, 'main.wsdl')));
    writeFiles(join(dir, 'elsewhere'), FILES);
    const b = generateFromDocuments(await loadWsdl(join(dir, 'elsewhere', 'main.wsdl')));
    expect(b.files).toEqual(a.files);
    writeFiles(dir, { 'xsd/more.xsd': FILES['xsd/more.xsd'].replace('<xs:complexType name="Extra">', '<xs:complexType name="Extra">\n') });
    const c = generateFromDocuments(await loadWsdl(join(dir, 'main.wsdl')));
    expect(c.files['types.ts'].split('\n')[0]).not.toEqual(a.files['types.ts'].split('\n')[0]);
  });

  it('names the imported file (as it can be opened) and line of an error in it', async () => {
    writeFiles(dir, { ...FILES, 'xsd/more.xsd': FILES['xsd/more.xsd'].replace('type="t:Money"', 'type="t:Nope"') });
    const loaded = await loadWsdl(join(dir, 'main.wsdl'));
    expect(() => generateFromDocuments(loaded)).toThrow(`${join(dir, 'xsd/more.xsd')}:4: type t:Nope ({urn:types}Nope) is not declared`);
  });

  it('names the importing file:line when an imported file is missing or is not XML', async () => {
    writeFiles(dir, { ...FILES, 'xsd/types.xsd': FILES['xsd/types.xsd'].replace('more.xsd', 'gone.xsd') });
    await expect(loadWsdl(join(dir, 'main.wsdl'))).rejects.toThrow(
      `${join(dir, 'xsd/types.xsd')}:4: xs:import schemaLocation "gone.xsd": ${join(dir, 'xsd/gone.xsd')}: file not found`,
    );
    writeFiles(dir, { ...FILES, 'xsd/more.xsd': '{"not": "xml"}' });
    await expect(loadWsdl(join(dir, 'main.wsdl'))).rejects.toThrow(`${join(dir, 'xsd/types.xsd')}:4: xs:import schemaLocation "more.xsd": ${join(dir, 'xsd/more.xsd')}: got text, not XML`);
  });

  it('refuses an xs:include of a schema of another namespace, and xs:redefine', async () => {
    writeFiles(dir, { ...FILES, 'xsd/common.xsd': FILES['xsd/common.xsd'].replace('<xs:schema ', '<xs:schema targetNamespace="urn:other" ') });
    await expect(loadWsdl(join(dir, 'main.wsdl'))).rejects.toThrow(`${join(dir, 'xsd/types.xsd')}:3: xs:include of common.xsd: its targetNamespace "urn:other" is not the includer's "urn:types" (that is xs:import)`);
    writeFiles(dir, { ...FILES, 'xsd/types.xsd': FILES['xsd/types.xsd'].replace('<xs:include schemaLocation="common.xsd"/>', '<xs:redefine schemaLocation="common.xsd"/>') });
    await expect(loadWsdl(join(dir, 'main.wsdl'))).rejects.toThrow(`${join(dir, 'xsd/types.xsd')}:3: xs:redefine is not supported`);
  });

  it('refuses a global declared in two documents, naming both places', async () => {
    writeFiles(dir, {
      ...FILES,
      'xsd/more.xsd': FILES['xsd/more.xsd'].replace('<xs:import namespace="urn:types" schemaLocation="types.xsd"/>', '<xs:include schemaLocation="dup.xsd"/>'),
      'xsd/dup.xsd': '<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:more">\n<xs:complexType name="Extra"/>\n</xs:schema>\n',
    });
    const loaded = await loadWsdl(join(dir, 'main.wsdl'));
    expect(() => generateFromDocuments(loaded)).toThrow(`${join(dir, 'xsd/dup.xsd')}:2: {urn:more}Extra is declared twice (xs:complexType at xsd/more.xsd:4, and xs:complexType here)`);
  });
});

describe('well-known namespaces (the built-in catalog)', () => {
  const withImport = (imp: string) => `<?xml version="1.0"?>
<wsdl:definitions targetNamespace="urn:svc" xmlns:tns="urn:svc" ${WSDL_HEAD}>
<wsdl:types><xs:schema targetNamespace="urn:svc" elementFormDefault="qualified">
${imp}
<xs:element name="Ping"><xs:complexType><xs:sequence/></xs:complexType></xs:element>
<xs:element name="PingResponse"><xs:complexType><xs:sequence/></xs:complexType></xs:element>
</xs:schema></wsdl:types>
<wsdl:message name="In"><wsdl:part name="p" element="tns:Ping"/></wsdl:message>
<wsdl:message name="Out"><wsdl:part name="p" element="tns:PingResponse"/></wsdl:message>
<wsdl:portType name="Port"><wsdl:operation name="Ping"><wsdl:input message="tns:In"/><wsdl:output message="tns:Out"/></wsdl:operation></wsdl:portType>
<wsdl:binding name="Binding" type="tns:Port"><soap:binding transport="http://schemas.xmlsoap.org/soap/http"/>
<wsdl:operation name="Ping"><soap:operation soapAction="a"/><wsdl:input><soap:body use="literal"/></wsdl:input><wsdl:output><soap:body use="literal"/></wsdl:output></wsdl:operation></wsdl:binding>
</wsdl:definitions>
`;

  it('are never fetched from their public URL, and add only the declarations the WSDL uses', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'so-soap-catalog-'));
    try {
      writeFileSync(join(dir, 'main.wsdl'), withImport('<xs:import namespace="http://schemas.xmlsoap.org/soap/encoding/" schemaLocation="http://schemas.xmlsoap.org/soap/encoding/"/>'));
      const reads: string[] = [];
      const loaded = await loadWsdl(join(dir, 'main.wsdl'), { read: (l, limits) => (reads.push(l), readDocument(l, limits)) });
      expect(reads).toEqual([join(dir, 'main.wsdl')]);
      expect(loaded.documents.map((d) => d.name)).toEqual(['main.wsdl', 'so-soap-catalog/soap-encoding.xsd']);
      // Nothing of SOAP encoding is used: no type of it is generated.
      expect(Object.keys(generateFromDocuments(loaded).model.types)).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('serve a namespace imported without a location and declared nowhere, also in a WSDL given as text', () => {
    const text = withImport('<xs:import namespace="http://www.w3.org/2000/09/xmldsig#"/>');
    expect(loadText(text, 'main.wsdl').documents.map((d) => d.name)).toEqual(['main.wsdl', 'so-soap-catalog/xmldsig.xsd']);
    expect(generateService(text, 'main.wsdl').model.operations.map((o) => o.name)).toEqual(['Ping']);
  });
});
