/** `minOccurs="0"` → an optional property (`field?: T`); `maxOccurs` above 1 → an array. */
import { generate, text, typeDecl } from './helpers';

describe('minOccurs and maxOccurs', () => {
  const g = generate(`
<xs:complexType name="Query">
<xs:sequence>
<xs:element name="Required" type="xs:int"/>
<xs:element minOccurs="0" name="Optional" type="xs:int"/>
<xs:element minOccurs="1" maxOccurs="1" name="Explicit" type="xs:string"/>
<xs:element minOccurs="0" maxOccurs="unbounded" name="Tag" type="xs:string"/>
<xs:element maxOccurs="3" name="Top" type="xs:int"/>
</xs:sequence>
</xs:complexType>`);

  it('marks minOccurs=0 optional and repeated elements as arrays', () => {
    expect(typeDecl(g, 'Query')).toEqual(text(
      '/** XSD complexType `Query`. test.wsdl:5 */',
      'export interface Query {',
      '  /** xs:int */',
      '  Required: number;',
      '  /** xs:int, minOccurs=0 */',
      '  Optional?: number;',
      '  /** xs:string */',
      '  Explicit: string;',
      '  /** xs:string, minOccurs=0, maxOccurs=unbounded */',
      '  Tag?: string[];',
      '  /** xs:int, maxOccurs=3 */',
      '  Top: number[];',
      '}',
    ));
  });

  it('keeps the occurrence in the IR and the descriptor', () => {
    const ir = g.model.types['{urn:test}Query'];
    expect(ir.kind === 'complex' && ir.fields.map((f) => [f.kind === undefined && f.name, f.minOccurs, f.maxOccurs])).toEqual([
      ['Required', 1, 1],
      ['Optional', 0, 1],
      ['Explicit', 1, 1],
      ['Tag', 0, 'unbounded'],
      ['Top', 1, 3],
    ]);
    expect(g.data.types.Query).toEqual({
      kind: 'complex',
      name: 'Query',
      fields: [
        { name: 'Required', type: 'xs:int' },
        { name: 'Optional', type: 'xs:int', optional: true },
        { name: 'Explicit', type: 'xs:string' },
        { name: 'Tag', type: 'xs:string', optional: true, repeated: true },
        { name: 'Top', type: 'xs:int', repeated: true },
      ],
    });
  });

  it('makes a request without required fields optional in the client (OptionalInputMethod, `input = {}`)', () => {
    const c = generate({
      operations: [
        { name: 'Ping', input: '<xs:element minOccurs="0" name="Echo" type="xs:string"/>', output: '' },
        { name: 'Pong', input: '<xs:element name="Echo" type="xs:string"/>', output: '' },
      ],
    }).files['client.ts'];
    expect(c.split('\n').filter((l) => /^ {2}\w+: |^export function/.test(l))).toEqual([
      '  ping: OptionalInputMethod<PingRequest, undefined, TestResponseHeaders, TestRequestHeaders>;',
      '  pong: OperationMethod<PongRequest, undefined, TestResponseHeaders, TestRequestHeaders>;',
      'export function encodePing(input: PingRequest = {}, headers: TestRequestHeaders = {}): string {',
      'export function encodePong(input: PongRequest, headers: TestRequestHeaders = {}): string {',
    ]);
  });
});
