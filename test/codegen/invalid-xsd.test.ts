/**
 * Invalid XSD ends with a one-line CodegenError naming file:line, never a hang: cycles of bases,
 * groups, attribute groups and simple types; global declarations made twice (both locations named);
 * mixed content where no element keeps it as raw XML (refused rather than dropped). Generous timeouts, no timing assertion.
 */
import { CodegenError } from '../../codegen/errors';
import { generateService } from '../../codegen/generate';
import { FILE, wsdl } from './helpers';

const TIMEOUT = 60_000;

/** The one-line message generating `schema` fails with. */
function failure(schema: string): string {
  try {
    generateService(wsdl(schema), FILE);
  } catch (e) {
    if (!(e instanceof CodegenError)) throw e;
    expect(e.message).not.toContain('\n');
    return e.message;
  }
  throw new Error('generation did not fail');
}

const ext = (name: string, base: string) => `<xs:complexType name="${name}"><xs:complexContent><xs:extension base="tns:${base}"><xs:sequence/></xs:extension></xs:complexContent></xs:complexType>`;

describe('invalid XSD', () => {
  it('a cycle of xs:extension bases', () => {
    expect(failure(`${ext('A', 'B')}\n${ext('B', 'A')}`)).toBe('test.wsdl:5: A derives from itself (a cycle of xs:extension/xs:restriction bases or xs:list items)');
    expect(failure(ext('Self', 'Self'))).toBe('test.wsdl:5: Self derives from itself (a cycle of xs:extension/xs:restriction bases or xs:list items)');
  }, TIMEOUT);

  it('a cycle of simple type restrictions and of list items', () => {
    expect(failure('<xs:simpleType name="S"><xs:restriction base="tns:T"/></xs:simpleType>\n<xs:simpleType name="T"><xs:restriction base="tns:S"/></xs:simpleType>'))
      .toBe('test.wsdl:5: S derives from itself (a cycle of xs:extension/xs:restriction bases or xs:list items)');
    expect(failure('<xs:simpleType name="L"><xs:list itemType="tns:L"/></xs:simpleType>')).toBe('test.wsdl:5: L derives from itself (a cycle of xs:extension/xs:restriction bases or xs:list items)');
  }, TIMEOUT);

  it('a group and an attribute group that contain themselves', () => {
    expect(failure(`<xs:group name="G"><xs:sequence><xs:element name="A" type="xs:int"/>
<xs:group ref="tns:H"/></xs:sequence></xs:group>
<xs:group name="H"><xs:sequence>
<xs:group ref="tns:G"/></xs:sequence></xs:group>
<xs:complexType name="C"><xs:sequence><xs:group ref="tns:G"/></xs:sequence></xs:complexType>`)).toBe('test.wsdl:8: xs:group G contains itself (declared at test.wsdl:5)');
    expect(failure(`<xs:attributeGroup name="AG">
<xs:attributeGroup ref="tns:AG"/></xs:attributeGroup>
<xs:complexType name="C"><xs:attributeGroup ref="tns:AG"/></xs:complexType>`)).toBe('test.wsdl:6: xs:attributeGroup AG contains itself (declared at test.wsdl:5)');
  }, TIMEOUT);

  it('a global declaration made twice names both places', () => {
    expect(failure('<xs:complexType name="Dup"><xs:sequence/></xs:complexType>\n<xs:complexType name="Dup"><xs:sequence/></xs:complexType>'))
      .toBe('test.wsdl:6: {urn:test}Dup is declared twice (xs:complexType at test.wsdl:5, and xs:complexType here)');
    expect(failure('<xs:complexType name="Dup"><xs:sequence/></xs:complexType>\n<xs:simpleType name="Dup"><xs:restriction base="xs:string"/></xs:simpleType>'))
      .toBe('test.wsdl:6: {urn:test}Dup is declared twice (xs:complexType at test.wsdl:5, and xs:simpleType here)');
    expect(failure('<xs:element name="E" type="xs:int"/>\n<xs:element name="E" type="xs:string"/>'))
      .toBe('test.wsdl:6: {urn:test}E is declared twice (xs:element at test.wsdl:5, and xs:element here)');
  }, TIMEOUT);

  it('mixed content is refused where no element keeps it as raw XML (a wrapper), never dropped', () => {
    const t = wsdl({ operations: [{ name: 'Ping' }] }).replace('<xs:element name="Ping"><xs:complexType>', '<xs:element name="Ping"><xs:complexType mixed="true">');
    const line = t.split('\n').findIndex((l) => l.includes('<xs:complexType mixed="true">')) + 1;
    expect(() => generateService(t, FILE)).toThrow(`test.wsdl:${line}: mixed content (mixed="true") is not supported here: text between elements would be lost`);
  }, TIMEOUT);
});
