/**
 * Phase 1 of the model: every global declaration of every document of the WSDL (codegen/load) in
 * tables by QName: messages, portTypes, bindings and services of each wsdl:definitions (in its own
 * targetNamespace), and the schemas' declarations (xsd-types.ts). A QName declared twice is an
 * error naming both places.
 */
import { CodegenError } from '../errors.js';
import type { WsdlDocument } from '../load/loader.js';
import { WSDL_NS, XS_NS, childrenNamed, resolveQName, structuralChildren, type XmlElement } from '../xml.js';
import { typeKey } from './ir.js';
import { XsdTypes, type Schema } from './xsd-types.js';

/** A wsdl:binding with the targetNamespace of the definitions that declare it. */
export interface BindingEl {
  el: XmlElement;
  ns: string;
}

export interface Collected {
  /** The WSDL's own root (the first document). */
  root: XmlElement;
  xsd: XsdTypes;
  messages: Map<string, XmlElement>;
  portTypes: Map<string, XmlElement>;
  /** Every binding, in document order (the WSDL's first, then those of the documents it imports). */
  bindings: BindingEl[];
  services: XmlElement[];
}

const where = (el: XmlElement) => `${el.file}:${el.line}`;

/**
 * The declaration a WSDL-level QName attribute (`type="tns:Port"`, `binding=`, `message=`) names in
 * `table`. An unprefixed name that the default namespace does not find is looked up in the
 * targetNamespace of the definitions that use it (as zeep and other readers do).
 */
export function lookup(table: Map<string, XmlElement>, el: XmlElement, value: string): XmlElement | undefined {
  const found = table.get(typeKey(resolveQName(el, value)));
  if (found || value.includes(':')) return found;
  let root = el;
  while (root.parent) root = root.parent;
  return table.get(typeKey({ ns: root.attrs.targetNamespace ?? '', local: value }));
}

export function collect(documents: WsdlDocument[]): Collected {
  const root = documents[0].root;
  if (root.ns !== WSDL_NS || root.local !== 'definitions') throw new CodegenError('not a WSDL 1.1 document (expected wsdl:definitions)', root);
  const out: Collected = { root, xsd: new XsdTypes(root.file), messages: new Map(), portTypes: new Map(), bindings: [], services: [] };
  const firsts = new Map<string, XmlElement>();
  /** The first declaration of `what` {ns}name; a second one is an error naming both. */
  const once = (what: string, ns: string, el: XmlElement): boolean => {
    const key = `${what} ${typeKey({ ns, local: el.attrs.name ?? '' })}`;
    const first = firsts.get(key);
    if (first) throw new CodegenError(`${what} {${ns}}${el.attrs.name ?? ''} is declared twice: here and at ${where(first)}`, el);
    firsts.set(key, el);
    return true;
  };
  const used = usedWellKnown(documents);
  for (const doc of documents) {
    const el = doc.root;
    if (doc.wellKnown) collectSchema(out.xsd, el, (c) => used.has(c));
    else if (el.ns === XS_NS && el.local === 'schema') collectSchema(out.xsd, el);
    else if (el.ns === WSDL_NS && el.local === 'definitions') collectDefinitions(out, el, once);
    else throw new CodegenError(`not a WSDL or XML Schema document (root element {${el.ns}}${el.local})`, el);
  }
  return out;
}

type Once = (what: string, ns: string, el: XmlElement) => boolean;

function collectDefinitions(out: Collected, defs: XmlElement, once: Once): void {
  const tns = defs.attrs.targetNamespace ?? '';
  for (const child of defs.children) {
    if (child.ns !== WSDL_NS) continue;
    switch (child.local) {
      case 'types':
        for (const schema of childrenNamed(child, XS_NS, 'schema')) collectSchema(out.xsd, schema);
        break;
      case 'message':
        once('wsdl:message', tns, child);
        out.messages.set(typeKey({ ns: tns, local: child.attrs.name ?? '' }), child);
        break;
      case 'portType':
        once('wsdl:portType', tns, child);
        out.portTypes.set(typeKey({ ns: tns, local: child.attrs.name ?? '' }), child);
        break;
      case 'binding':
        once('wsdl:binding', tns, child);
        out.bindings.push({ el: child, ns: tns });
        break;
      case 'service':
        out.services.push(child);
        break;
      default:
        break; // wsdl:import (followed by the loader), wsdl:documentation, policies: read where needed
    }
  }
}

/**
 * `<xs:schema targetNamespace="…" elementFormDefault="qualified">` holding global declarations
 * (xsd-types.ts refuses one declared twice); `xs:import` and `xs:include` were followed by the loader.
 */
function collectSchema(xsd: XsdTypes, el: XmlElement, keep: (child: XmlElement) => boolean = () => true): void {
  const schema: Schema = {
    targetNs: el.attrs.targetNamespace ?? '',
    elementQualified: el.attrs.elementFormDefault === 'qualified',
    attributeQualified: el.attrs.attributeFormDefault === 'qualified',
    el,
  };
  for (const child of structuralChildren(el)) {
    if (!keep(child)) continue;
    if (child.ns !== XS_NS) throw new CodegenError(`unexpected element {${child.ns}}${child.local} in xs:schema`, child);
    if (child.local === 'import' || child.local === 'include') continue;
    if (!xsd.declare(schema, child)) throw new CodegenError(`xs:${child.local} is not supported in xs:schema`, child);
  }
}

/** Attributes whose values are QNames (or lists of QNames) of XSD and WSDL declarations. */
const QNAME_ATTRS = ['type', 'ref', 'base', 'itemType', 'memberTypes', 'substitutionGroup', 'element'];

/**
 * The global declarations of the well-known schemas that the other documents use, directly or
 * through other well-known declarations: a well-known namespace adds only what is used.
 */
function usedWellKnown(documents: WsdlDocument[]): Set<XmlElement> {
  // By QName; an element and a type may share one.
  const byName = new Map<string, XmlElement[]>();
  for (const doc of documents.filter((d) => d.wellKnown)) {
    for (const c of structuralChildren(doc.root)) {
      const key = typeKey({ ns: doc.root.attrs.targetNamespace ?? '', local: c.attrs.name ?? '' });
      byName.set(key, [...(byName.get(key) ?? []), c]);
    }
  }
  const used = new Set<XmlElement>();
  if (byName.size === 0) return used;
  const pending: XmlElement[] = documents.filter((d) => !d.wellKnown).map((d) => d.root);
  while (pending.length > 0) {
    const el = pending.pop()!;
    for (const attr of QNAME_ATTRS) {
      for (const value of (el.attrs[attr] ?? '').split(/\s+/).filter((v) => v !== '')) {
        let q;
        try {
          q = resolveQName(el, value);
        } catch {
          continue; // an unknown prefix is reported where the reference is resolved
        }
        for (const decl of byName.get(typeKey(q)) ?? []) {
          if (used.has(decl)) continue;
          used.add(decl);
          pending.push(decl);
        }
      }
    }
    pending.push(...el.children);
  }
  return used;
}
