/**
 * Helpers of the codegen tests: wrap a schema fragment and a few operations into a complete
 * single-file WSDL (SOAP 1.1, document/literal wrapped, as WCF writes it), generate it, and cut
 * one declaration out of the emitted files so a test can compare it exactly.
 */
import { generateService, type GeneratedService, type GenerateOptions } from '../../codegen/generate.js';

/** The test WSDLs' target namespace (the service and schema namespace). */
export const TNS = 'urn:test';
export const SER = 'http://schemas.microsoft.com/2003/10/Serialization/';
export const ARRAYS = 'http://schemas.microsoft.com/2003/10/Serialization/Arrays';
/** The file name every inline WSDL is generated as (it appears in sources and JSDoc). */
export const FILE = 'test.wsdl';
/** Line number of the first line of the schema fragment in the wrapped WSDL. */
export const SCHEMA_FIRST_LINE = 5;

export interface OpSpec {
  name: string;
  /** Children of the request wrapper's xs:sequence (xs:element lines). */
  input?: string;
  /** Children of the response wrapper's xs:sequence. */
  output?: string;
  /** Header parts: each is a global element of the fragment, e.g. `ApplicationToken`. */
  inputHeaders?: string[];
  outputHeaders?: string[];
}

export interface WsdlSpec {
  /** Global declarations of the target-namespace schema (starts at line SCHEMA_FIRST_LINE). */
  schema?: string;
  operations?: OpSpec[];
  /** Further `<xs:schema>` elements (other namespaces), placed after the main one. */
  otherSchemas?: string;
  /** Service (portType) name. */
  service?: string;
}

const lines = (s: string | undefined) => (s ?? '').split('\n').map((l) => l.trim()).filter((l) => l !== '');

/** A complete WSDL around `spec`. The schema fragment starts on line SCHEMA_FIRST_LINE. */
export function wsdl(spec: WsdlSpec | string): string {
  const s: WsdlSpec = typeof spec === 'string' ? { schema: spec } : spec;
  const service = s.service ?? 'Test';
  const ops = s.operations ?? [];
  const out: string[] = [
    '<?xml version="1.0" encoding="utf-8"?>',
    `<wsdl:definitions name="${service}" targetNamespace="${TNS}" xmlns:o="urn:other" xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/" xmlns:soap="http://schemas.xmlsoap.org/wsdl/soap/" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:tns="${TNS}" xmlns:ser="${SER}" xmlns:arr="${ARRAYS}">`,
    '<wsdl:types>',
    `<xs:schema elementFormDefault="qualified" targetNamespace="${TNS}">`,
    ...lines(s.schema),
  ];
  for (const op of ops) {
    for (const [el, body] of [[op.name, op.input], [`${op.name}Response`, op.output]] as const) {
      out.push(`<xs:element name="${el}"><xs:complexType><xs:sequence>`, ...lines(body), '</xs:sequence></xs:complexType></xs:element>');
    }
  }
  out.push('</xs:schema>', ...lines(s.otherSchemas), '</wsdl:types>');
  const headerMessages = new Set<string>();
  for (const op of ops) {
    out.push(`<wsdl:message name="${op.name}Request"><wsdl:part name="parameters" element="tns:${op.name}"/></wsdl:message>`);
    out.push(`<wsdl:message name="${op.name}Response"><wsdl:part name="parameters" element="tns:${op.name}Response"/></wsdl:message>`);
    for (const h of [...(op.inputHeaders ?? []), ...(op.outputHeaders ?? [])]) headerMessages.add(h);
  }
  for (const h of headerMessages) out.push(`<wsdl:message name="${h}Header"><wsdl:part name="${h}" element="tns:${h}"/></wsdl:message>`);
  out.push(`<wsdl:portType name="${service}">`);
  for (const op of ops) {
    out.push(`<wsdl:operation name="${op.name}"><wsdl:input message="tns:${op.name}Request"/><wsdl:output message="tns:${op.name}Response"/></wsdl:operation>`);
  }
  out.push('</wsdl:portType>', `<wsdl:binding name="BasicHttpBinding_${service}" type="tns:${service}">`, '<soap:binding transport="http://schemas.xmlsoap.org/soap/http"/>');
  for (const op of ops) {
    const hdr = (names: string[] | undefined) => (names ?? []).map((h) => `<soap:header message="tns:${h}Header" part="${h}" use="literal"/>`).join('');
    out.push(
      `<wsdl:operation name="${op.name}"><soap:operation soapAction="${TNS}/${service}/${op.name}" style="document"/>` +
        `<wsdl:input>${hdr(op.inputHeaders)}<soap:body use="literal"/></wsdl:input>` +
        `<wsdl:output>${hdr(op.outputHeaders)}<soap:body use="literal"/></wsdl:output></wsdl:operation>`,
    );
  }
  out.push('</wsdl:binding>');
  out.push(`<wsdl:service name="${service}Service"><wsdl:port name="BasicHttpBinding_${service}" binding="tns:BasicHttpBinding_${service}"><soap:address location="http://localhost/${service}.svc"/></wsdl:port></wsdl:service>`);
  out.push('</wsdl:definitions>');
  return `${out.join('\n')}\n`;
}

/** Generate `spec` (wrapped by `wsdl`) as the file `test.wsdl`. */
export function generate(spec: WsdlSpec | string, options: GenerateOptions = {}): GeneratedService {
  return generateService(wsdl(spec), FILE, options);
}

/**
 * The declaration of `name` in an emitted file: its JSDoc and body, up to the blank line that
 * ends it (an enum's const and type come together). Throws when there is none, or several.
 */
export function declaration(file: string, name: string): string {
  const head = new RegExp(`^export (interface|type|const|function) ${name.replace(/\$/g, '\\$')}\\b`, 'm');
  const chunks = file.split('\n\n').filter((c) => head.test(c));
  if (chunks.length !== 1) throw new Error(`${chunks.length} declarations of ${name}:\n${file}`);
  return chunks[0].replace(/\n+$/, '');
}

/** `declaration` of the types.ts of a generated service. */
export function typeDecl(g: GeneratedService, name: string): string {
  return declaration(g.files['types.ts'], name);
}

/** Join lines with '\n' (expected output reads line by line). */
export const text = (...l: string[]) => l.join('\n');
