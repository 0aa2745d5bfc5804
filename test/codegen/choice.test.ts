/**
 * A single `xs:choice` → a union of exclusive alternatives (`{ A: X; B?: never } | { B: Y; A?: never }`),
 * its fields marked `choice`/`alternative` in the descriptor; `minOccurs="0"` adds the all-absent
 * alternative; an inner sequence makes one alternative of several fields. A repeated choice →
 * `$choice`, an array of one-member objects in wire order.
 */
import { encodeRequest } from '../../src/codec';
import { RequestValidationError } from '../../src/runtime/client/errors';
import { generate, text, typeDecl } from './helpers';

const schema = `
<xs:complexType name="Payment">
<xs:sequence>
<xs:element name="Amount" type="xs:decimal"/>
<xs:choice>
<xs:element name="Card" type="xs:string"/>
<xs:sequence><xs:element name="Iban" type="xs:string"/><xs:element minOccurs="0" name="Bic" type="xs:string"/></xs:sequence>
</xs:choice>
<xs:choice minOccurs="0"><xs:element name="Note" type="xs:string"/><xs:element name="Code" type="xs:int"/></xs:choice>
</xs:sequence>
</xs:complexType>
<xs:complexType name="CardPayment"><xs:complexContent><xs:extension base="tns:Payment"><xs:sequence><xs:element name="Holder" type="xs:string"/></xs:sequence></xs:extension></xs:complexContent></xs:complexType>
<xs:complexType name="Log">
<xs:choice minOccurs="0" maxOccurs="unbounded"><xs:element name="Info" type="xs:string"/><xs:element name="Error" type="xs:int"/></xs:choice>
</xs:complexType>`;

describe('xs:choice', () => {
  const g = generate(schema);

  it('single: an intersection with a union of exclusive alternatives', () => {
    expect(typeDecl(g, 'Payment')).toEqual(text(
      '/** XSD complexType `Payment`. test.wsdl:5 */',
      'export type Payment = {',
      '  /** XSD name of the subtype this value is (written as `xsi:type`, set when decoding a subtype). */',
      '  $type?: string;',
      '  /** xs:decimal */',
      '  Amount: string;',
      '} & (',
      '  | { Card: string; Iban?: never; Bic?: never }',
      '  | { Iban: string; Bic?: string; Card?: never }',
      ') & (',
      '  | { Note?: string; Code?: never }',
      '  | { Code?: number; Note?: never }',
      '  | { Note?: never; Code?: never }',
      ');',
    ));
  });

  it('a type derived from one is an intersection too (an interface cannot extend a union)', () => {
    expect(typeDecl(g, 'CardPayment')).toEqual(text(
      '/** XSD complexType `CardPayment` (extends `Payment`). test.wsdl:15 */',
      'export type CardPayment = Payment & {',
      '  /** xs:string */',
      '  Holder: string;',
      '};',
    ));
  });

  it('describes the alternatives: numbered choice and alternative, optional only when minOccurs=0 (here or on the choice)', () => {
    expect(g.data.types.Payment).toEqual({
      kind: 'complex',
      name: 'Payment',
      fields: [
        { name: 'Amount', type: 'xs:decimal' },
        { name: 'Card', type: 'xs:string', choice: 0, alternative: 0 },
        { name: 'Iban', type: 'xs:string', choice: 0, alternative: 1 },
        { name: 'Bic', type: 'xs:string', choice: 0, alternative: 1, optional: true },
        { name: 'Note', type: 'xs:string', choice: 1, alternative: 0, optional: true },
        { name: 'Code', type: 'xs:int', choice: 1, alternative: 1, optional: true },
      ],
    });
  });

  it('repeated: $choice, one object per occurrence in wire order', () => {
    expect(typeDecl(g, 'Log')).toEqual(text(
      '/** XSD complexType `Log`. test.wsdl:16 */',
      'export interface Log {',
      '  /** Repeated xs:choice (maxOccurs=unbounded): one object per occurrence, in wire order. */',
      '  $choice?: ({ Info: string } | { Error: number })[];',
      '}',
    ));
    expect(g.data.types.Log).toEqual({
      kind: 'complex',
      name: 'Log',
      fields: [{ kind: 'group', key: '$choice', choice: true, optional: true, fields: [{ name: 'Info', type: 'xs:string' }, { name: 'Error', type: 'xs:int' }] }],
    });
  });
});

describe('required members of the present choice alternative', () => {
  const g = generate({
    schema: '<xs:complexType name="Pay"><xs:choice><xs:sequence><xs:element name="Iban" type="xs:string"/><xs:element name="Bic" type="xs:string"/><xs:element name="Ref" minOccurs="0" type="xs:string"/></xs:sequence><xs:element name="Card" type="xs:string"/></xs:choice></xs:complexType>',
    operations: [{ name: 'Put', input: '<xs:element name="P" type="tns:Pay"/>' }],
  });

  it('marks only the minOccurs=0 members optional in the descriptor (the others are required within their alternative)', () => {
    expect(g.data.types.Pay).toEqual({
      kind: 'complex',
      name: 'Pay',
      fields: [
        { name: 'Iban', type: 'xs:string', choice: 0, alternative: 0 },
        { name: 'Bic', type: 'xs:string', choice: 0, alternative: 0 },
        { name: 'Ref', type: 'xs:string', choice: 0, alternative: 0, optional: true },
        { name: 'Card', type: 'xs:string', choice: 0, alternative: 1 },
      ],
    });
  });

  it('refuses on encode a missing required member of the present alternative, naming its path; the other alternative needs nothing more', () => {
    let error: unknown;
    try {
      encodeRequest(g.data, 'Put', { P: { Iban: 'NO93' } });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(RequestValidationError);
    expect(error).toMatchObject({ message: expect.stringContaining('required Bic is missing (it belongs to the xs:choice alternative of Iban)'), path: 'P.Bic' });
    expect(encodeRequest(g.data, 'Put', { P: { Iban: 'NO93', Bic: 'DNB' } })).toContain('<ns:Iban>NO93</ns:Iban><ns:Bic>DNB</ns:Bic>');
    expect(encodeRequest(g.data, 'Put', { P: { Card: '4111' } })).toContain('<ns:Card>4111</ns:Card>');
  });
});
