/**
 * A small canonicalizer for SOAP envelopes, in TypeScript, so the committed Chat fixtures can be
 * checked where the oracle (Python) is not installed. It prints the same form as the oracle's
 * canon.py (oraclelib.canonicalize) for the envelopes of this project (a test checks it on every
 * committed fixture):
 *
 * - comments, processing instructions and whitespace-only text between elements are dropped; the
 *   text of leaf elements is kept exactly (text mixed with child elements is an error);
 * - namespace prefixes are renamed: `soap`, `soap12`, `xsi`, `xs`, `ser`, `arr` for the well-known
 *   namespaces, `ns0`, `ns1`, … for the others in order of first use (element names, then attribute
 *   names sorted by namespace and local name, and the QName inside `xsi:type`); `xsi:type` values
 *   are rewritten to match;
 * - every declaration goes on the root; attributes are sorted by (namespace, local name) as C14N
 *   does; an empty element is written `<a></a>`; two spaces of indentation per level.
 *
 * With `{ redact: true }` the secrets of the SOAP headers (`ApplicationToken`, `Credentials/Ticket`)
 * are replaced by `***`, as they are stored in test/fixtures.
 */
import { SaxesParser, type SaxesTagNS } from 'saxes';

const SOAP11 = 'http://schemas.xmlsoap.org/soap/envelope/';
const SOAP12 = 'http://www.w3.org/2003/05/soap-envelope';
const XSI = 'http://www.w3.org/2001/XMLSchema-instance';
const XMLNS = 'http://www.w3.org/2000/xmlns/';
const XML = 'http://www.w3.org/XML/1998/namespace';

const KNOWN: Record<string, string> = {
  [SOAP11]: 'soap',
  [SOAP12]: 'soap12',
  [XSI]: 'xsi',
  'http://www.w3.org/2001/XMLSchema': 'xs',
  'http://schemas.microsoft.com/2003/10/Serialization/': 'ser',
  'http://schemas.microsoft.com/2003/10/Serialization/Arrays': 'arr',
};

interface Attr {
  ns: string;
  local: string;
  value: string;
}

export interface Node {
  ns: string;
  local: string;
  attrs: Attr[];
  children: Node[];
  text: string;
  /** Whether non-whitespace text appeared next to child elements. */
  mixed: boolean;
  /** In-scope prefix → namespace (for QName values in xsi:type). */
  scope: Map<string, string>;
}

export class CanonError extends Error {
  override readonly name = 'CanonError';
}

export interface CanonOptions {
  /** Replace the text of the `ApplicationToken` and `Credentials/Ticket` header blocks by `***`. */
  redact?: boolean;
}

/** Parse XML into a small namespace-resolved tree (no DOCTYPE; comments and PIs dropped). */
export function parseXmlTree(xml: string | Uint8Array): Node {
  return parse(typeof xml === 'string' ? xml : Buffer.from(xml).toString('utf8'));
}

function parse(xml: string): Node {
  const parser = new SaxesParser({ xmlns: true, position: true });
  const stack: Node[] = [];
  let root: Node | undefined;
  let error: Error | undefined;
  parser.on('error', (e) => {
    error ??= e;
  });
  parser.on('doctype', () => {
    error ??= new CanonError('a DOCTYPE is not accepted');
  });
  parser.on('opentag', (tag: SaxesTagNS) => {
    const parent = stack[stack.length - 1];
    const scope = new Map(parent?.scope ?? []);
    for (const [p, uri] of Object.entries(tag.ns ?? {})) scope.set(p, uri);
    const attrs: Attr[] = [];
    for (const a of Object.values(tag.attributes)) {
      if (a.uri === XMLNS || a.name === 'xmlns' || a.prefix === 'xmlns') continue;
      attrs.push({ ns: a.uri ?? '', local: a.local, value: a.value });
    }
    const node: Node = { ns: tag.uri ?? '', local: tag.local, attrs, children: [], text: '', mixed: false, scope };
    if (parent) {
      if (parent.text.trim() !== '') parent.mixed = true;
      parent.children.push(node);
    } else if (root) {
      error ??= new CanonError('more than one root element');
    } else {
      root = node;
    }
    stack.push(node);
  });
  const onText = (t: string) => {
    const top = stack[stack.length - 1];
    if (!top) return;
    top.text += t;
    if (top.children.length > 0 && t.trim() !== '') top.mixed = true;
  };
  parser.on('text', onText);
  parser.on('cdata', onText);
  parser.on('closetag', () => {
    stack.pop();
  });
  parser.write(xml).close();
  if (error) throw error instanceof CanonError ? error : new CanonError(`not well-formed XML: ${error.message}`);
  if (!root) throw new CanonError('no root element');
  return root;
}

function qnameValue(node: Node, value: string): { ns: string; local: string } {
  const v = value.trim();
  const i = v.indexOf(':');
  const prefix = i < 0 ? '' : v.slice(0, i);
  const local = i < 0 ? v : v.slice(i + 1);
  const ns = node.scope.get(prefix);
  if (ns === undefined && prefix !== '') throw new CanonError(`xsi:type "${value}" on <${node.local}> uses an undeclared prefix`);
  return { ns: ns ?? '', local };
}

const byNsLocal = (a: Attr, b: Attr) => (a.ns < b.ns ? -1 : a.ns > b.ns ? 1 : a.local < b.local ? -1 : a.local > b.local ? 1 : 0);

function escText(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\r/g, '&#xD;');
}

function escAttr(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;').replace(/\t/g, '&#x9;').replace(/\n/g, '&#xA;').replace(/\r/g, '&#xD;');
}

function redactSecrets(root: Node): void {
  for (const header of root.children) {
    if (header.local !== 'Header' || (header.ns !== SOAP11 && header.ns !== SOAP12)) continue;
    for (const block of header.children) {
      if (block.local === 'ApplicationToken' && block.children.length === 0) block.text = '***';
      if (block.local === 'Credentials') for (const c of block.children) if (c.local === 'Ticket' && c.children.length === 0) c.text = '***';
    }
  }
}

/** The canonical text of an XML document (see the module comment), ending in a newline. */
export function canonicalXml(xml: string | Uint8Array, options: CanonOptions = {}): string {
  const text = typeof xml === 'string' ? xml : Buffer.from(xml).toString('utf8');
  const root = parse(text.replace(/^\uFEFF/, ''));
  if (options.redact) redactSecrets(root);

  const prefixOf = new Map<string, string>();
  let counter = 0;
  const use = (ns: string) => {
    if (ns === '' || ns === XML || prefixOf.has(ns)) return;
    prefixOf.set(ns, KNOWN[ns] ?? `ns${counter++}`);
  };
  const scan = (n: Node) => {
    use(n.ns);
    for (const a of [...n.attrs].sort(byNsLocal)) {
      use(a.ns);
      if (a.ns === XSI && a.local === 'type') use(qnameValue(n, a.value).ns);
    }
    for (const c of n.children) scan(c);
  };
  scan(root);

  const name = (ns: string, local: string) => (ns === '' ? local : ns === XML ? `xml:${local}` : `${prefixOf.get(ns)}:${local}`);
  const decls = [...prefixOf.entries()].map(([ns, p]) => ({ p, ns })).sort((a, b) => (a.p < b.p ? -1 : a.p > b.p ? 1 : 0));
  const out: string[] = [];
  const write = (n: Node, depth: number) => {
    if (n.mixed) throw new CanonError(`<${n.local}> has mixed content (text between child elements)`);
    const pad = '  '.repeat(depth);
    let open = `<${name(n.ns, n.local)}`;
    if (depth === 0) for (const d of decls) open += ` xmlns:${d.p}="${escAttr(d.ns)}"`;
    for (const a of [...n.attrs].sort(byNsLocal)) {
      let value = a.value;
      if (a.ns === XSI && a.local === 'type') {
        const q = qnameValue(n, a.value);
        value = q.ns === '' ? q.local : `${prefixOf.get(q.ns)}:${q.local}`;
      }
      open += ` ${name(a.ns, a.local)}="${escAttr(value)}"`;
    }
    open += '>';
    const close = `</${name(n.ns, n.local)}>`;
    if (n.children.length === 0) {
      out.push(`${pad}${open}${escText(n.text)}${close}`);
      return;
    }
    out.push(`${pad}${open}`);
    for (const c of n.children) write(c, depth + 1);
    out.push(`${pad}${close}`);
  };
  write(root, 0);
  // C14N writes the root without leading indentation; inner lines keep theirs.
  return `${out.join('\n')}\n`;
}
