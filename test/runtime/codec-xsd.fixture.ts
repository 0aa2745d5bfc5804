/**
 * A hand-written descriptor using the constructs beyond WCF DataContract (issue 13): unqualified
 * elements, attributes (plain, qualified, required, anyAttribute), simpleContent, member keys
 * different from wire names, single and repeated choices and sequences, xs:any, xs:list, the new
 * builtins, and bare (non-wrapper) bodies. One operation per construct: `Put<X>` sends an `X`.
 */
import type { ServiceDescriptor, TypeDescriptor, WrapperDescriptor } from '../../src/runtime/codec/descriptor.js';

export const XNS = 'urn:x';
export const ONS = 'urn:other';

const types: Record<string, TypeDescriptor> = {
  // elementFormDefault="unqualified": the type is in urn:x, its local elements in no namespace
  Local: {
    kind: 'complex',
    name: 'Local',
    fields: [
      { name: 'A', type: 'xs:string', ns: '' },
      { name: 'B', type: 'xs:int', ns: '', optional: true },
      { name: 'Q', type: 'xs:string', optional: true },
    ],
  },
  Attrs: {
    kind: 'complex',
    name: 'Attrs',
    fields: [{ name: 'Id', type: 'xs:int', optional: true }],
    attributes: [
      { name: 'id', type: 'xs:int', key: 'id', required: true },
      { name: 'Id', type: 'xs:string', key: 'Id_2' },
      { name: 'lang', type: 'xs:language', ns: ONS },
      { name: 'when', type: 'xs:date' },
      { name: 'tags', type: 'Tags' },
      { name: 'color', type: 'Color' },
    ],
    anyAttribute: true,
  },
  Money: { kind: 'complex', name: 'Money', fields: [], text: 'xs:decimal', attributes: [{ name: 'currency', type: 'xs:string', required: true }] },
  Twice: {
    kind: 'complex',
    name: 'Twice',
    fields: [
      { name: 'Item', type: 'xs:string' },
      { name: 'Other', type: 'xs:int', optional: true },
      { name: 'Item', type: 'xs:int', key: 'Item_2' },
    ],
  },
  Pick: {
    kind: 'complex',
    name: 'Pick',
    fields: [
      { name: 'Before', type: 'xs:string', optional: true },
      { name: 'ByName', type: 'xs:string', choice: 0, alternative: 0 },
      { name: 'First', type: 'xs:string', choice: 0, alternative: 1 },
      { name: 'Last', type: 'xs:string', choice: 0, alternative: 1, optional: true },
      { name: 'ById', type: 'xs:int', choice: 0, alternative: 2 },
    ],
  },
  Groups: {
    kind: 'complex',
    name: 'Groups',
    fields: [
      { name: 'Head', type: 'xs:string' },
      {
        kind: 'group',
        key: '$choice',
        choice: true,
        optional: true,
        fields: [
          { name: 'N', type: 'xs:int' },
          { name: 'S', type: 'xs:string' },
        ],
      },
      {
        kind: 'group',
        key: '$sequence',
        fields: [
          { name: 'K', type: 'xs:string' },
          { name: 'V', type: 'xs:int', optional: true },
        ],
      },
      { name: 'Tail', type: 'xs:string', optional: true },
    ],
  },
  Open: {
    kind: 'complex',
    name: 'Open',
    fields: [
      { name: 'Name', type: 'xs:string' },
      { kind: 'any', key: '$any', optional: true, repeated: true },
      { name: 'End', type: 'xs:int', optional: true },
    ],
  },
  OneAny: { kind: 'complex', name: 'OneAny', fields: [{ kind: 'any', key: '$any' }] },
  Tags: { kind: 'list', name: 'Tags', item: 'xs:NCName' },
  Numbers: { kind: 'list', name: 'Numbers', item: 'xs:integer' },
  Color: { kind: 'enum', name: 'Color', values: ['red', 'green'] },
  Builtins: {
    kind: 'complex',
    name: 'Builtins',
    fields: [
      { name: 'Integer', type: 'xs:integer', optional: true },
      { name: 'Positive', type: 'xs:positiveInteger', optional: true },
      { name: 'Date', type: 'xs:date', optional: true },
      { name: 'Time', type: 'xs:time', optional: true },
      { name: 'Year', type: 'xs:gYear', optional: true },
      { name: 'Hex', type: 'xs:hexBinary', optional: true },
      { name: 'Token', type: 'xs:token', optional: true },
      { name: 'Tokens', type: 'xs:NMTOKENS', optional: true },
      { name: 'Numbers', type: 'Numbers', optional: true },
      { name: 'Colors', type: 'ColorList', optional: true },
    ],
  },
  ColorList: { kind: 'list', name: 'ColorList', item: 'Color' },
  // an xs:anyType member (the raw form, xsi:type)
  Anything: { kind: 'complex', name: 'Anything', fields: [{ name: 'V', type: 'xs:anyType', optional: true }] },
};

const put = (type: string): WrapperDescriptor => ({ element: `Put${type}`, fields: [{ name: 'Value', type, optional: true }] });

const operations: Record<string, ServiceDescriptor['operations'][string]> = {};
for (const t of Object.keys(types)) {
  if (types[t].kind !== 'complex' && t !== 'Numbers') continue;
  operations[`Put${t}`] = {
    name: `Put${t}`,
    method: `put${t}`,
    soapAction: `urn:x/Put${t}`,
    input: put(t),
    output: { element: `Put${t}Response`, fields: [] },
    inputHeaders: [],
    outputHeaders: [],
    safe: false,
  };
}
operations.Bare = {
  name: 'Bare',
  method: 'bare',
  soapAction: 'urn:x/Bare',
  input: { element: 'Money', fields: [], type: 'Money' },
  output: { element: 'Count', fields: [], type: 'xs:int' },
  inputHeaders: [],
  outputHeaders: [],
  safe: false,
};

export const X: ServiceDescriptor = { name: 'X', namespace: XNS, soapVersion: '1.1', headers: {}, operations, types };
