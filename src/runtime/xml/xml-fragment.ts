/**
 * Checks raw XML written verbatim into a message (an `xs:any` value): it must be exactly one
 * well-formed element that stands alone, i.e. every prefix it uses (in element and attribute names)
 * is declared inside it, so that it means the same wherever it is placed.
 */
import { scanXml, XmlSyntaxError, type XmlEvents, type XmlScanLimits } from './xml-scanner.js';

const LIMITS: XmlScanLimits = { maxAttributes: 256, maxNameLength: 1024, maxAttributeLength: 64 * 1024 };

class PrefixCheck implements XmlEvents {
  /** Declared prefixes, innermost last; `marks` holds the stack length at each open element. */
  readonly declared: string[] = ['xml', 'xmlns'];
  readonly marks: number[] = [];
  problem: string | undefined = undefined;

  open(name: string, attributes: Record<string, string>): void {
    this.marks.push(this.declared.length);
    for (const k in attributes) {
      if (k === 'xmlns') this.declared.push('');
      else if (k.startsWith('xmlns:')) {
        if (attributes[k] === '') this.problem ??= `<${name}> undeclares the prefix ${k.slice(6)} (XML 1.0 namespaces cannot)`;
        this.declared.push(k.slice(6));
      }
    }
    this.need(name, name);
    for (const k in attributes) if (k !== 'xmlns' && !k.startsWith('xmlns:')) this.need(k, name);
  }

  need(qname: string, element: string): void {
    const c = qname.indexOf(':');
    if (c < 0) return;
    const prefix = qname.slice(0, c);
    if (!this.declared.includes(prefix)) this.problem ??= `the prefix "${prefix}" of ${qname} in <${element}> is not declared inside the element`;
  }

  text(): void {}

  close(): void {
    this.declared.length = this.marks.pop()!;
  }
}

/** Why `xml` is not one standalone element (a short reason), or undefined when it is. */
export function fragmentProblem(xml: string): string | undefined {
  if (xml.charCodeAt(0) !== 60 /* < */ || xml.charCodeAt(1) === 63 /* ? */ || xml.charCodeAt(1) === 33 /* ! */) return 'it does not start with an element';
  if (xml.charCodeAt(xml.length - 1) !== 62 /* > */) return 'it does not end with the element';
  const check = new PrefixCheck();
  try {
    scanXml(xml, check, LIMITS);
  } catch (e) {
    if (e instanceof XmlSyntaxError) return `not well-formed: ${e.message}`;
    throw e;
  }
  return check.problem;
}

const WRAPPER = 'so-soap-content';

/**
 * Why `xml` is not well-formed element content that stands alone (text and elements, each element
 * declaring the prefixes it uses: an untyped `xs:anyType` value's `$any`), or undefined when it is.
 */
export function contentProblem(xml: string): string | undefined {
  const check = new PrefixCheck();
  let roots = 0;
  const open = check.open.bind(check);
  check.open = (name, attributes) => {
    if (check.marks.length === 0) roots++;
    open(name, attributes);
  };
  try {
    scanXml(`<${WRAPPER}>${xml}</${WRAPPER}>`, check, LIMITS);
  } catch (e) {
    if (e instanceof XmlSyntaxError) return `not well-formed: ${e.message}`;
    throw e;
  }
  if (roots !== 1) return 'it closes an element it did not open';
  return check.problem;
}
