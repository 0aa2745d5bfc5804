/** `xs:anyType` (also an element without a type) → `AnyValue` from the runtime, imported only when used. */
import { generate, text, typeDecl } from './helpers';

describe('xs:anyType', () => {
  const g = generate({
    schema: `
<xs:complexType name="Setting">
<xs:sequence>
<xs:element minOccurs="0" name="Value" nillable="true" type="xs:anyType"/>
<xs:element minOccurs="0" name="Untyped"/>
</xs:sequence>
</xs:complexType>`,
    operations: [{ name: 'GetSetting', output: '<xs:element minOccurs="0" name="Response" nillable="true" type="tns:Setting"/>' }],
  });

  it('imports AnyValue from the runtime module and uses it', () => {
    const lines = g.files['types.ts'].split('\n');
    expect(lines.slice(2, 4)).toEqual(["import type { AnyValue } from 'so-soap/runtime';", '']);
    expect(typeDecl(g, 'Setting')).toEqual(text(
      '/** XSD complexType `Setting`. test.wsdl:5 */',
      'export interface Setting {',
      '  /** xs:anyType, minOccurs=0, nillable */',
      '  Value?: AnyValue | null;',
      '  /** xs:anyType, minOccurs=0 */',
      '  Untyped?: AnyValue;',
      '}',
    ));
    expect(g.data.types.Setting).toEqual({
      kind: 'complex',
      name: 'Setting',
      fields: [
        { name: 'Value', type: 'xs:anyType', optional: true, nillable: true },
        { name: 'Untyped', type: 'xs:anyType', optional: true },
      ],
    });
  });

  it('imports from the module given by --runtime-module', () => {
    const custom = generate('<xs:complexType name="A"><xs:sequence><xs:element name="V" type="xs:anyType"/></xs:sequence></xs:complexType>', { runtimeModule: '@acme/soap/runtime' });
    expect(custom.files['types.ts'].split('\n')[2]).toBe("import type { AnyValue } from '@acme/soap/runtime';");
  });

  it('does not import AnyValue when nothing uses it', () => {
    const plain = generate('<xs:complexType name="A"><xs:sequence><xs:element name="V" type="xs:int"/></xs:sequence></xs:complexType>');
    expect(plain.files['types.ts']).not.toContain('AnyValue');
    expect(plain.files['types.ts'].split('\n').slice(2, 4)).toEqual(['', '/** XSD complexType `A`. test.wsdl:5 */']);
  });

  it('finds anyType in wrappers, collections and dictionaries too', () => {
    for (const schema of [
      { operations: [{ name: 'Op', input: '<xs:element name="V" type="xs:anyType"/>' }] },
      { schema: '<xs:complexType name="ArrayOfanyType"><xs:sequence><xs:element minOccurs="0" maxOccurs="unbounded" name="anyType" nillable="true" type="xs:anyType"/></xs:sequence></xs:complexType>' },
    ]) {
      expect(generate(schema).files['types.ts'].split('\n')[2]).toBe("import type { AnyValue } from 'so-soap/runtime';");
    }
  });
});
