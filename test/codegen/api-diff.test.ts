/**
 * The semantic API diff (codegen/api-diff): one small inline WSDL pair per change kind, each with
 * its exact classification (breaking for callers / readers / both, or compatible).
 */
import { compareServices, hasBreaking, type ApiChange } from '../../codegen/api-diff/compare';
import { renderMarkdown, renderText } from '../../codegen/api-diff/render';
import { generateService } from '../../codegen/generate';
import { FILE, wsdl, type WsdlSpec } from './helpers';

const data = (spec: WsdlSpec) => generateService(wsdl(spec), FILE).data;
const diff = (a: WsdlSpec, b: WsdlSpec): [string, string, string][] =>
  compareServices(data(a), data(b)).map((c: ApiChange) => [c.impact, c.path, c.message + (c.hint ? ` | ${c.hint}` : '')]);

const PERSON = `<xs:complexType name="Person"><xs:sequence>
  <xs:element minOccurs="0" name="Name" nillable="true" type="xs:string"/>
  <xs:element minOccurs="0" name="Age" type="xs:int"/>
</xs:sequence></xs:complexType>`;
const KIND = (...values: string[]) => `<xs:simpleType name="Kind"><xs:restriction base="xs:string">${values.map((v) => `<xs:enumeration value="${v}"/>`).join('')}</xs:restriction></xs:simpleType>`;

/** Person in the request (Save) and in the response (Get). */
const both = (person: string, extra = ''): WsdlSpec => ({
  schema: `${person}${extra}`,
  operations: [
    { name: 'Save', input: '<xs:element minOccurs="0" name="P" nillable="true" type="tns:Person"/>', output: '' },
    { name: 'Get', input: '<xs:element minOccurs="0" name="Id" type="xs:int"/>', output: '<xs:element minOccurs="0" name="Response" nillable="true" type="tns:Person"/>' },
  ],
});
/** Person only in requests. */
const requestOnly = (person: string): WsdlSpec => ({ schema: person, operations: [{ name: 'Save', input: '<xs:element minOccurs="0" name="P" type="tns:Person"/>', output: '' }] });
/** Person only in responses. */
const responseOnly = (person: string, extra = ''): WsdlSpec => ({ schema: `${person}${extra}`, operations: [{ name: 'Get', input: '', output: '<xs:element minOccurs="0" name="Response" type="tns:Person"/>' }] });

describe('semantic API diff', () => {
  it('no change: nothing reported, nothing breaking', () => {
    expect(diff(both(PERSON), both(PERSON))).toEqual([]);
    expect(hasBreaking(compareServices(data(both(PERSON)), data(both(PERSON))))).toBe(false);
  });

  it('operations: removed breaks callers, added is compatible, same shape hints a rename', () => {
    const a: WsdlSpec = { operations: [{ name: 'GetA', input: '<xs:element name="Id" type="xs:int"/>', output: '' }, { name: 'Keep', input: '', output: '' }] };
    const b: WsdlSpec = { operations: [{ name: 'GetB', input: '<xs:element name="Id" type="xs:int"/>', output: '' }, { name: 'Keep', input: '', output: '' }] };
    expect(diff(a, b)).toEqual([
      ['breaking-callers', 'GetA', 'operation removed | possibly renamed to GetB (same input and output)'],
      ['compatible', 'GetB', 'operation added | possibly renamed from GetA'],
    ]);
  });

  it('a request field: removed, made required, type changed, no longer nillable break callers; a new optional one is compatible', () => {
    const changed = PERSON.replace('minOccurs="0" name="Name" nillable="true" type="xs:string"', 'name="Name" type="xs:string"')
      .replace('<xs:element minOccurs="0" name="Age" type="xs:int"/>', '<xs:element minOccurs="0" name="Age" type="xs:long"/><xs:element minOccurs="0" name="Email" type="xs:string"/>');
    expect(diff(requestOnly(PERSON), requestOnly(changed))).toEqual([
      ['breaking-callers', 'Person.Age', 'type xs:int → xs:long'],
      ['breaking-callers', 'Person.Name', 'became required (minOccurs ≥ 1)'],
      ['breaking-callers', 'Person.Name', 'is no longer nillable'],
      ['compatible', 'Person.Email', 'optional element Email added'],
    ]);
    expect(diff(requestOnly(PERSON), requestOnly(PERSON.replace('<xs:element minOccurs="0" name="Age" type="xs:int"/>', '')))).toEqual([
      ['breaking-callers', 'Person.Age', 'element Age removed'],
    ]);
    expect(diff(requestOnly(PERSON), requestOnly(PERSON.replace('</xs:sequence>', '<xs:element name="Must" type="xs:int"/></xs:sequence>')))).toEqual([
      ['breaking-callers', 'Person.Must', 'required element Must added'],
    ]);
  });

  it('a response field: removed, made optional or nillable, type changed break readers; made required is compatible', () => {
    const changed = PERSON.replace('<xs:element minOccurs="0" name="Name" nillable="true" type="xs:string"/>', '<xs:element name="Name" type="xs:string"/>')
      .replace('<xs:element minOccurs="0" name="Age" type="xs:int"/>', '<xs:element minOccurs="0" name="Age" nillable="true" type="xs:int"/>');
    expect(diff(responseOnly(PERSON), responseOnly(changed))).toEqual([
      ['breaking-readers', 'Person.Age', 'became nillable'],
      ['compatible', 'Person.Name', 'became required (minOccurs ≥ 1)'],
      ['compatible', 'Person.Name', 'is no longer nillable'],
    ]);
    expect(diff(responseOnly(PERSON), responseOnly(PERSON.replace('<xs:element minOccurs="0" name="Age" type="xs:int"/>', '')))).toEqual([
      ['breaking-readers', 'Person.Age', 'element Age removed'],
    ]);
  });

  it('a type used in requests and responses breaks both', () => {
    expect(diff(both(PERSON), both(PERSON.replace('type="xs:int"', 'type="xs:string"')))).toEqual([['breaking-both', 'Person.Age', 'type xs:int → xs:string']]);
  });

  it('sequence order: a reordered request type breaks callers (WCF drops an element out of its place); responses are read in any order', () => {
    const swapped = `<xs:complexType name="Person"><xs:sequence>
  <xs:element minOccurs="0" name="Age" type="xs:int"/>
  <xs:element minOccurs="0" name="Name" nillable="true" type="xs:string"/>
</xs:sequence></xs:complexType>`;
    expect(diff(requestOnly(PERSON), requestOnly(swapped))).toEqual([['breaking-callers', 'Person', 'element order changed (Name, Age → Age, Name): requests are written in the new order']]);
    expect(diff(responseOnly(PERSON), responseOnly(swapped))).toEqual([['compatible', 'Person', 'element order changed (Name, Age → Age, Name): requests are written in the new order']]);
    // a field added between two others changes no order
    const inserted = PERSON.replace('<xs:element minOccurs="0" name="Age"', '<xs:element minOccurs="0" name="Nick" type="xs:string"/><xs:element minOccurs="0" name="Age"');
    expect(diff(requestOnly(PERSON), requestOnly(inserted))).toEqual([['compatible', 'Person.Nick', 'optional element Nick added']]);
  });

  it('enums: a removed member breaks callers, an added member breaks readers (exhaustive switches)', () => {
    const withKind = (k: string, where: 'in' | 'out'): WsdlSpec => ({
      schema: k,
      operations: [where === 'in' ? { name: 'Set', input: '<xs:element name="K" type="tns:Kind"/>', output: '' } : { name: 'Get', input: '', output: '<xs:element name="K" type="tns:Kind"/>' }],
    });
    expect(diff(withKind(KIND('A', 'B'), 'in'), withKind(KIND('A', 'C'), 'in'))).toEqual([
      ['breaking-callers', 'Kind', 'enum member B removed'],
      ['compatible', 'Kind', 'enum member C added'],
    ]);
    expect(diff(withKind(KIND('A', 'B'), 'out'), withKind(KIND('A', 'C'), 'out'))).toEqual([
      ['breaking-readers', 'Kind', 'enum member C added'],
      ['compatible', 'Kind', 'enum member B removed'],
    ]);
  });

  it('SOAPAction and namespace changes break both', () => {
    const a = both(PERSON);
    const wsdlA = wsdl(a);
    const dataA = generateService(wsdlA, FILE).data;
    const dataB = generateService(wsdlA.replace('soapAction="urn:test/Test/Get"', 'soapAction="urn:test/Test/Get2"'), FILE).data;
    expect(compareServices(dataA, dataB).map((c) => [c.impact, c.path, c.message])).toEqual([['breaking-both', 'Get', 'SOAPAction urn:test/Test/Get → urn:test/Test/Get2']]);
    const dataC = generateService(wsdlA.replaceAll('urn:test', 'urn:test2'), FILE).data;
    expect(compareServices(dataA, dataC)).toContainEqual({ impact: 'breaking-both', path: 'service', message: 'namespace urn:test → urn:test2' });
  });

  it('header parts: removed from a request breaks callers, added is compatible', () => {
    const h = '<xs:element name="Token" nillable="true" type="xs:string"/>';
    const a: WsdlSpec = { schema: h, operations: [{ name: 'Op', input: '', output: '', inputHeaders: ['Token'] }] };
    const b: WsdlSpec = { schema: h, operations: [{ name: 'Op', input: '', output: '' }] };
    expect(diff(a, b)).toEqual([['breaking-callers', 'Op input header Token', 'header part removed']]);
    expect(diff(b, a)).toEqual([['compatible', 'Op input header Token', 'header part added']]);
  });

  it('renders text and Markdown with one section per classification', () => {
    const changes = compareServices(data(responseOnly(PERSON, KIND('A'))), data(responseOnly(PERSON.replace('<xs:element minOccurs="0" name="Age" type="xs:int"/>', ''), KIND('A', 'B'))));
    expect(renderText(changes, 'Test')).toBe(
      [
        'Test: 2 changes: 1 breaking (0 both, 0 callers, 1 readers), 1 compatible',
        '',
        'Breaking for readers (code that reads responses):',
        '  Person.Age: element Age removed',
        '',
        'Compatible:',
        '  Kind: enum member B added',
        '',
      ].join('\n'),
    );
    expect(renderMarkdown(changes, 'Test')).toContain('#### Breaking for readers (code that reads responses)\n\n- `Person.Age`: element Age removed');
  });
});
