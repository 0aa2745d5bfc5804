/**
 * The only module of the generator that touches the XML parser. It reads a document into a small
 * element tree with namespaces resolved and the line of every start tag kept (for `file:line` in
 * IR sources and error messages). Safe defaults: a DOCTYPE is refused, so no entity is ever expanded.
 */
import { SaxesParser } from 'saxes';
import { CodegenError } from './errors.js';

export const XS_NS = 'http://www.w3.org/2001/XMLSchema';
/** The schema namespaces of the XSD drafts (1999, 2000/10): read as XS_NS, which they became. */
const OLD_XS_NS = new Set(['http://www.w3.org/1999/XMLSchema', 'http://www.w3.org/2000/10/XMLSchema']);
const xsNs = (uri: string) => (OLD_XS_NS.has(uri) ? XS_NS : uri);
export const WSDL_NS = 'http://schemas.xmlsoap.org/wsdl/';
export const WSDL_SOAP_NS = 'http://schemas.xmlsoap.org/wsdl/soap/';
/** The WSDL 1.1 binding extension for SOAP 1.2 (`soap12:binding`, `operation`, `body`, `header`, `fault`, `address`). */
export const WSDL_SOAP12_NS = 'http://schemas.xmlsoap.org/wsdl/soap12/';
export const SER_NS = 'http://schemas.microsoft.com/2003/10/Serialization/';
export const ARRAYS_NS = 'http://schemas.microsoft.com/2003/10/Serialization/Arrays';

export interface XmlElement {
  ns: string;
  local: string;
  /** Attributes by their name as written (`name`, `xmlns:q1`, `minOccurs`). */
  attrs: Record<string, string>;
  children: XmlElement[];
  /** Text content directly inside this element (concatenated). */
  text: string;
  line: number;
  /** The document this element was read from (its source name: IR sources and errors say `file:line`). */
  file: string;
  parent: XmlElement | undefined;
  /** Namespace declarations on this element, by prefix ('' for the default namespace). */
  declared: Record<string, string>;
}

/** Parse `text` (the content of `file`) into an element tree. */
export function parseXml(text: string, file: string): XmlElement {
  const parser = new SaxesParser({ xmlns: true, position: true });
  let root: XmlElement | undefined;
  const stack: XmlElement[] = [];
  let error: CodegenError | undefined;
  // The first error ends the parse: saxes reports an error and goes on, so a large non-XML input
  // would otherwise cost one error object per bad character (seconds per megabyte, growing faster
  // than the input).
  const stop = (e: CodegenError): never => {
    error ??= e;
    throw error;
  };
  parser.on('doctype', () => stop(new CodegenError('a DOCTYPE is not allowed in a WSDL (entities are never expanded)', { file, line: parser.line })));
  parser.on('opentag', (tag) => {
    const parent = stack[stack.length - 1];
    const attrs: Record<string, string> = {};
    const declared: Record<string, string> = {};
    for (const a of Object.values(tag.attributes)) {
      attrs[a.name] = a.value;
      if (a.name === 'xmlns') declared[''] = xsNs(a.value);
      else if (a.prefix === 'xmlns') declared[a.local] = xsNs(a.value);
    }
    const el: XmlElement = { ns: xsNs(tag.uri ?? ''), local: tag.local ?? tag.name, attrs, children: [], text: '', line: parser.line, file, parent, declared };
    if (parent) parent.children.push(el);
    else root = el;
    stack.push(el);
  });
  parser.on('text', (t) => {
    const top = stack[stack.length - 1];
    if (top) top.text += t;
  });
  parser.on('closetag', () => {
    stack.pop();
  });
  parser.on('error', (e) => stop(new CodegenError(`not well-formed XML: ${e.message}`, { file, line: parser.line })));
  try {
    parser.write(text).close();
  } catch (e) {
    error ??= new CodegenError(`not well-formed XML: ${(e as Error).message}`, { file, line: parser.line });
  }
  if (error) throw error;
  if (!root) throw new CodegenError('empty document', { file, line: 1 });
  return root;
}

/**
 * Resolve a QName written in an attribute value (`q6:Carrier`, `xs:int`) against the element's
 * in-scope namespaces. (`_file` is unused: an element knows its own file.)
 */
export function resolveQName(el: XmlElement, value: string, _file?: string): { ns: string; local: string } {
  const colon = value.indexOf(':');
  const prefix = colon < 0 ? '' : value.slice(0, colon);
  const local = colon < 0 ? value : value.slice(colon + 1);
  for (let e: XmlElement | undefined = el; e; e = e.parent) {
    const uri = e.declared[prefix];
    if (uri !== undefined) return { ns: uri, local };
  }
  if (prefix === 'xml') return { ns: 'http://www.w3.org/XML/1998/namespace', local };
  if (prefix === '') return { ns: '', local };
  throw new CodegenError(`unknown namespace prefix "${prefix}" in "${value}"`, el);
}

/** The child elements of `el` with the given namespace and local name. */
export function childrenNamed(el: XmlElement, ns: string, local: string): XmlElement[] {
  return el.children.filter((c) => c.ns === ns && c.local === local);
}

/** The single child with the given name, or undefined. */
export function childNamed(el: XmlElement, ns: string, local: string): XmlElement | undefined {
  return el.children.find((c) => c.ns === ns && c.local === local);
}

/** Children that are not `xs:annotation` (documentation and appinfo carry no structure). */
export function structuralChildren(el: XmlElement): XmlElement[] {
  return el.children.filter((c) => !(c.ns === XS_NS && c.local === 'annotation'));
}

/**
 * The SOAP binding extension children `local` of `el` (`binding`, `operation`, `body`, `header`,
 * `fault`, `address`) in the WSDL namespace of SOAP `version` (the chosen binding's), or of either
 * version when it is not given.
 */
export function soapExtensions(el: XmlElement, local: string, version?: '1.1' | '1.2'): XmlElement[] {
  return el.children.filter((c) => c.local === local && soapVersionOf(c) !== undefined && (version === undefined || soapVersionOf(c) === version));
}

/** The first of soapExtensions(el, local, version), or undefined. */
export function soapExtension(el: XmlElement, local: string, version?: '1.1' | '1.2'): XmlElement | undefined {
  return soapExtensions(el, local, version)[0];
}

/** The SOAP version of a `soap:`/`soap12:` extension element, undefined for any other element. */
export function soapVersionOf(el: XmlElement | undefined): '1.1' | '1.2' | undefined {
  return el?.ns === WSDL_SOAP_NS ? '1.1' : el?.ns === WSDL_SOAP12_NS ? '1.2' : undefined;
}
