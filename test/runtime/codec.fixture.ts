/**
 * A small hand-written service descriptor covering every row of the data mapping (DESIGN.md §4):
 * a complex type with a base, an abstract type, an enum, flags, ArrayOfint/ArrayOfstring in the
 * Microsoft Arrays namespace, string- and int-keyed dictionaries, dateTime, base64, anyType, long,
 * decimal, nillable/optional/required/repeated fields, recursion, and the SuperOffice headers.
 */
import type { ServiceDescriptor } from '../../src/runtime/codec/descriptor.js';

export const NS = 'urn:mini';
export const ARR = 'http://schemas.microsoft.com/2003/10/Serialization/Arrays';
export const SOAP11 = 'http://schemas.xmlsoap.org/soap/envelope/';
export const SOAP12 = 'http://www.w3.org/2003/05/soap-envelope';
export const XSI = 'http://www.w3.org/2001/XMLSchema-instance';

export const Mini: ServiceDescriptor = {
  name: 'Mini',
  namespace: NS,
  soapVersion: '1.1',
  headers: {
    ApplicationToken: { name: 'ApplicationToken', type: 'xs:string', nillable: true },
    Credentials: { name: 'Credentials', type: 'SoCredentials', nillable: true },
    TimeZone: { name: 'TimeZone', type: 'SoTimeZone', nillable: true },
    ExceptionInfo: { name: 'ExceptionInfo', type: 'SoExceptionInfo', nillable: true },
    ExtraInfo: { name: 'ExtraInfo', type: 'SoExtraInfo', nillable: true },
    Succeeded: { name: 'Succeeded', type: 'xs:boolean' },
  },
  operations: {
    Save: {
      name: 'Save',
      method: 'save',
      soapAction: 'urn:mini/Save',
      input: {
        element: 'Save',
        fields: [
          { name: 'Entity', type: 'Entity', optional: true, nillable: true },
          { name: 'Ids', type: 'ArrayOfint', optional: true, nillable: true },
        ],
      },
      output: { element: 'SaveResponse', fields: [{ name: 'Response', type: 'Entity', optional: true, nillable: true }] },
      inputHeaders: ['ApplicationToken', 'Credentials', 'TimeZone'],
      outputHeaders: ['ExceptionInfo', 'ExtraInfo', 'Succeeded', 'TimeZone'],
      safe: false,
    },
    Delete: {
      name: 'Delete',
      method: 'delete',
      soapAction: 'urn:mini/Delete',
      input: { element: 'Delete', fields: [{ name: 'Id', type: 'xs:int', optional: true }] },
      output: { element: 'DeleteResponse', fields: [] },
      inputHeaders: ['ApplicationToken', 'Credentials', 'TimeZone'],
      outputHeaders: ['ExceptionInfo', 'ExtraInfo', 'Succeeded', 'TimeZone'],
      safe: false,
    },
    Login: {
      name: 'Login',
      method: 'login',
      soapAction: 'urn:mini/Login',
      input: {
        element: 'Login',
        fields: [
          { name: 'User', type: 'xs:string' },
          { name: 'Password', type: 'xs:string', nillable: true },
        ],
      },
      output: { element: 'LoginResponse', fields: [{ name: 'Response', type: 'xs:boolean', optional: true }] },
      inputHeaders: ['ApplicationToken'],
      outputHeaders: ['ExceptionInfo', 'Succeeded'],
      safe: false,
    },
    Echo: {
      name: 'Echo',
      method: 'echo',
      soapAction: 'urn:mini/Echo',
      input: { element: 'Echo', fields: [{ name: 'Value', type: 'Scalars', optional: true, nillable: true }] },
      output: { element: 'EchoResponse', fields: [{ name: 'Response', type: 'Scalars', optional: true, nillable: true }] },
      inputHeaders: [],
      outputHeaders: [],
      safe: true,
    },
    Draw: {
      name: 'Draw',
      method: 'draw',
      soapAction: 'urn:mini/Draw',
      input: { element: 'Draw', fields: [{ name: 'Shape', type: 'Shape', optional: true, nillable: true }] },
      output: { element: 'DrawResponse', fields: [{ name: 'Response', type: 'Shape', optional: true, nillable: true }] },
      inputHeaders: [],
      outputHeaders: [],
      safe: true,
    },
  },
  types: {
    Carrier: {
      kind: 'complex',
      name: 'Carrier',
      fields: [{ name: 'Tag', type: 'xs:string', optional: true, nillable: true }],
    },
    Entity: {
      kind: 'complex',
      name: 'Entity',
      base: 'Carrier',
      fields: [
        { name: 'Id', type: 'xs:int', optional: true },
        { name: 'Name', type: 'xs:string', optional: true, nillable: true },
        { name: 'Status', type: 'Status', optional: true },
        { name: 'Rights', type: 'Rights', optional: true },
        { name: 'Tags', type: 'ArrayOfstring', optional: true, nillable: true },
        { name: 'Ids', type: 'ArrayOfint', optional: true, nillable: true },
        { name: 'Props', type: 'StringDictionary', optional: true, nillable: true },
        { name: 'Counts', type: 'IntDictionary', optional: true, nillable: true },
        { name: 'When', type: 'xs:dateTime', optional: true },
        { name: 'Blob', type: 'xs:base64Binary', optional: true, nillable: true },
        { name: 'Payload', type: 'xs:anyType', optional: true, nillable: true },
        { name: 'Big', type: 'xs:long', optional: true },
        { name: 'Amount', type: 'xs:decimal', optional: true },
        { name: 'Child', type: 'Entity', optional: true, nillable: true },
        { name: 'Notes', type: 'xs:string', optional: true, repeated: true, nillable: true },
      ],
    },
    Special: { kind: 'complex', name: 'Special', base: 'Entity', fields: [{ name: 'Extra', type: 'xs:string', optional: true }] },
    Other: { kind: 'complex', name: 'Other', fields: [{ name: 'X', type: 'xs:int', optional: true }] },
    Shape: { kind: 'complex', name: 'Shape', abstract: true, fields: [{ name: 'Label', type: 'xs:string', optional: true }] },
    Circle: { kind: 'complex', name: 'Circle', base: 'Shape', fields: [{ name: 'Radius', type: 'xs:double' }] },
    Scalars: {
      kind: 'complex',
      name: 'Scalars',
      fields: [
        { name: 'S', type: 'xs:string', optional: true, nillable: true },
        { name: 'I', type: 'xs:int', optional: true },
        { name: 'Sh', type: 'xs:short', optional: true },
        { name: 'By', type: 'xs:byte', optional: true },
        { name: 'UB', type: 'xs:unsignedByte', optional: true },
        { name: 'US', type: 'xs:unsignedShort', optional: true },
        { name: 'UI', type: 'xs:unsignedInt', optional: true },
        { name: 'L', type: 'xs:long', optional: true },
        { name: 'UL', type: 'xs:unsignedLong', optional: true },
        { name: 'F', type: 'xs:float', optional: true },
        { name: 'D', type: 'xs:double', optional: true },
        { name: 'Dec', type: 'xs:decimal', optional: true },
        { name: 'B', type: 'xs:boolean', optional: true },
        { name: 'DT', type: 'xs:dateTime', optional: true },
        { name: 'Bin', type: 'xs:base64Binary', optional: true, nillable: true },
        { name: 'G', type: 'ser:guid', optional: true, ns: 'urn:mini' },
        { name: 'C', type: 'ser:char', optional: true },
        { name: 'Dur', type: 'ser:duration', optional: true },
        { name: 'U', type: 'xs:anyURI', optional: true, nillable: true },
        { name: 'Q', type: 'xs:QName', optional: true, nillable: true },
        { name: 'Code', type: 'Code', optional: true },
        { name: 'Required', type: 'xs:int', optional: true },
      ],
    },
    Code: { kind: 'alias', name: 'Code', base: 'xs:string' },
    Status: { kind: 'enum', name: 'Status', values: ['Open', 'Closed'], numeric: { Closed: 5 } },
    Rights: { kind: 'flags', name: 'Rights', values: ['Read', 'Write', 'Delete'] },
    ArrayOfint: { kind: 'array', name: 'ArrayOfint', ns: ARR, item: { name: 'int', type: 'xs:int' } },
    ArrayOfstring: { kind: 'array', name: 'ArrayOfstring', ns: ARR, item: { name: 'string', type: 'xs:string', nillable: true } },
    StringDictionary: {
      kind: 'dictionary',
      name: 'StringDictionary',
      entry: 'StringKeyValuePair',
      key: { name: 'Key', type: 'xs:string', nillable: true },
      value: { name: 'Value', type: 'xs:string', nillable: true },
    },
    IntDictionary: {
      kind: 'dictionary',
      name: 'IntDictionary',
      entry: 'IntStringKeyValuePair',
      key: { name: 'Key', type: 'xs:int' },
      value: { name: 'Value', type: 'xs:string', nillable: true },
    },
    SoCredentials: { kind: 'complex', name: 'SoCredentials', fields: [{ name: 'Ticket', type: 'xs:string', optional: true, nillable: true }] },
    SoTimeZone: {
      kind: 'complex',
      name: 'SoTimeZone',
      fields: [
        { name: 'SoTimeZoneId', type: 'xs:int', optional: true },
        { name: 'SoTimeZoneLocationCode', type: 'xs:string', optional: true, nillable: true },
      ],
    },
    SoExceptionInfo: {
      kind: 'complex',
      name: 'SoExceptionInfo',
      fields: [
        { name: 'Message', type: 'xs:string', optional: true, nillable: true },
        { name: 'StackTrace', type: 'xs:string', optional: true, nillable: true },
        { name: 'FriendlyText', type: 'xs:string', optional: true, nillable: true },
        { name: 'ExceptionType', type: 'xs:string', optional: true, nillable: true },
        { name: 'Source', type: 'xs:string', optional: true, nillable: true },
        { name: 'InnerException', type: 'SoExceptionInfo', optional: true, nillable: true },
        { name: 'Parameters', type: 'SoExceptionInfoParameters', optional: true, nillable: true },
      ],
    },
    SoExceptionInfoParameters: {
      kind: 'dictionary',
      name: 'SoExceptionInfoParameters',
      entry: 'SoExceptionInfoParametersKeyValuePair',
      key: { name: 'Key', type: 'xs:string', nillable: true },
      value: { name: 'Value', type: 'xs:string', nillable: true },
    },
    SoExtraInfo: {
      kind: 'dictionary',
      name: 'SoExtraInfo',
      entry: 'ExtraInfoNameValuePair',
      key: { name: 'Key', type: 'xs:string', nillable: true },
      value: { name: 'Value', type: 'xs:string', nillable: true },
    },
  },
};

/** The envelope start the encoder writes for Mini with only the service namespace used. */
export const ENV = `<s:Envelope xmlns:s="${SOAP11}" xmlns:ns="${NS}">`;

/** The text between `<s:Body>` and `</s:Body>`. */
export function bodyOf(xml: string): string {
  const a = xml.indexOf('<s:Body>');
  const b = xml.lastIndexOf('</s:Body>');
  if (a < 0 || b < 0) throw new Error(`no s:Body in ${xml}`);
  return xml.slice(a + 8, b);
}

/** A SOAP 1.1 response envelope around `body` (and optional header blocks), declaring ns, arr, xsi, xs. */
export function response(body: string, header = ''): string {
  return (
    `<soap:Envelope xmlns:soap="${SOAP11}" xmlns:m="${NS}" xmlns:a="${ARR}" xmlns:i="${XSI}" xmlns:xs="http://www.w3.org/2001/XMLSchema">` +
    `${header === '' ? '' : `<soap:Header>${header}</soap:Header>`}<soap:Body>${body}</soap:Body></soap:Envelope>`
  );
}
