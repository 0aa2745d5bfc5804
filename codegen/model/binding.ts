/**
 * Which wsdl:binding to generate. `--service` picks the portType (or a wsdl:service), `--binding`
 * one of its bindings. Default: the first SOAP 1.1 binding in document order, else the first SOAP
 * 1.2 one; several bindings of one version are taken only when they have the same shape (WCF's
 * http + https pair), with a note saying which; otherwise the error lists the choices. HTTP and
 * MIME bindings are never chosen, and refused when they are the only choice.
 */
import { CodegenError } from '../errors.js';
import { WSDL_NS, childrenNamed, resolveQName, soapExtension, soapVersionOf, type XmlElement } from '../xml.js';
import type { BindingEl, Collected } from './collect.js';
import { typeKey } from './ir.js';

const HTTP_BINDING_NS = 'http://schemas.xmlsoap.org/wsdl/http/';

export interface Chosen {
  binding: BindingEl;
  soapVersion: '1.1' | '1.2';
}

interface Candidate extends BindingEl {
  name: string;
  portType: string;
  version: '1.1' | '1.2' | undefined;
}

const describe = (c: Candidate) => `${c.name} (${c.version ? `SOAP ${c.version}` : kindOf(c.el)})`;

/** What a binding that is not SOAP is, for messages. */
function kindOf(binding: XmlElement): string {
  return binding.children.some((c) => c.ns === HTTP_BINDING_NS) ? 'HTTP' : 'not SOAP';
}

export function chooseBinding(collected: Collected, options: { service?: string; binding?: string; notes?: string[] }): Chosen {
  const all: Candidate[] = collected.bindings.map((b) => ({
    ...b,
    name: b.el.attrs.name ?? '',
    portType: b.el.attrs.type ? resolveQName(b.el, b.el.attrs.type).local : '',
    version: soapVersionOf(soapExtension(b.el, 'binding')),
  }));
  if (all.length === 0) throw new CodegenError('the WSDL has no wsdl:binding: there is no operation to generate', collected.root);
  let pool = all;
  if (options.service !== undefined) {
    const byService = serviceBindings(collected, options.service);
    pool = all.filter((c) => c.portType === options.service || byService.has(c.name));
    if (pool.length === 0) {
      throw new CodegenError(`service "${options.service}" not found; the WSDL has: ${unique(all.filter((c) => c.version).map((c) => c.portType)).join(', ')}`, all[0].el);
    }
  }
  if (options.binding !== undefined) {
    const chosen = pool.find((c) => c.name === options.binding);
    if (!chosen) throw new CodegenError(`binding "${options.binding}" not found; the choices are: ${pool.map(describe).join(', ')}`, pool[0].el);
    if (!chosen.version) throw refusal(chosen);
    refuseEncoded(chosen);
    return { binding: chosen, soapVersion: chosen.version };
  }
  const soap = pool.filter((c) => c.version);
  if (soap.length === 0) throw refusal(pool[0]);
  const portTypes = unique(soap.map((c) => c.portType));
  if (portTypes.length > 1) {
    throw new CodegenError(`the WSDL has several services (${portTypes.join(', ')}): choose one with --service`, soap.find((c) => c.portType === portTypes[1])!.el);
  }
  for (const version of ['1.1', '1.2'] as const) {
    const same = soap.filter((c) => c.version === version);
    if (same.length === 0) continue;
    const first = same[0];
    if (same.some((c) => shape(c.el) !== shape(first.el))) {
      throw new CodegenError(`the service ${first.portType} has several different SOAP ${version} bindings: choose one with --binding; the choices are: ${pool.map(describe).join(', ')}`, same[1].el);
    }
    refuseEncoded(first);
    if (same.length > 1) options.notes?.push(`note: ${first.portType} has ${same.length} equivalent SOAP ${version} bindings (${same.map((c) => c.name).join(', ')}): generated ${first.name} (another with --binding)`);
    return { binding: first, soapVersion: version };
  }
  throw refusal(pool[0]); // unreachable: soap is not empty
}

/**
 * SOAP section 5 encoding (`use="encoded"` on a `soap:body` of the binding) is refused before
 * anything else is read: its types (soapenc arrays, multi-refs) are not literal XSD.
 */
function refuseEncoded(c: Candidate): void {
  const style = soapExtension(c.el, 'binding', c.version)?.attrs.style ?? 'document';
  for (const op of childrenNamed(c.el, WSDL_NS, 'operation')) {
    const opStyle = soapExtension(op, 'operation', c.version)?.attrs.style ?? style;
    for (const io of op.children.filter((x) => x.ns === WSDL_NS && (x.local === 'input' || x.local === 'output'))) {
      const body = soapExtension(io, 'body', c.version);
      if (body?.attrs.use === 'encoded') {
        throw new CodegenError(`${opStyle}/encoded is not supported (SOAP encoding): only use="literal" is; ask the service for a literal (WS-I Basic Profile) binding`, body);
      }
    }
  }
}

function refusal(c: Candidate): CodegenError {
  return new CodegenError(`binding ${c.name} is ${kindOf(c.el) === 'HTTP' ? 'an HTTP binding (http:binding)' : 'not a SOAP binding'}: only SOAP 1.1 and SOAP 1.2 bindings are supported`, c.el);
}

function unique(xs: string[]): string[] {
  return [...new Set(xs)];
}

/** The binding names of the ports of the wsdl:service named `name`. */
function serviceBindings(collected: Collected, name: string): Set<string> {
  const out = new Set<string>();
  for (const service of collected.services.filter((s) => s.attrs.name === name)) {
    for (const port of childrenNamed(service, WSDL_NS, 'port')) {
      if (port.attrs.binding) out.add(resolveQName(port, port.attrs.binding).local);
    }
  }
  return out;
}

/**
 * A binding's shape: its WSDL and SOAP content (operations, actions, styles, bodies, headers),
 * without its name and without other extensions (policies differ between http and https).
 */
function shape(el: XmlElement): string {
  const keep = (c: XmlElement) => c.ns === WSDL_NS || soapVersionOf(c) !== undefined;
  const walk = (e: XmlElement, top: boolean): string => {
    const attrs = Object.entries(e.attrs).filter(([k]) => !(top && k === 'name') && !k.startsWith('xmlns')).sort(([a], [b]) => a.localeCompare(b));
    // A repeated identical child (WCF writes some soap:fault twice) does not change the shape.
    const children = [...new Set(e.children.filter(keep).map((c) => walk(c, false)))];
    return `<{${e.ns}}${e.local} ${JSON.stringify(attrs)}>${children.join('')}</>`;
  };
  return walk(el, true);
}

/** The address of the binding's port: `soap:address` or `soap12:address` (by the binding's version). */
export function bindingAddress(collected: Collected, binding: BindingEl, version: '1.1' | '1.2'): string | undefined {
  const key = typeKey({ ns: binding.ns, local: binding.el.attrs.name ?? '' });
  for (const service of collected.services) {
    for (const port of childrenNamed(service, WSDL_NS, 'port')) {
      if (!port.attrs.binding || typeKey(resolveQName(port, port.attrs.binding)) !== key) continue;
      return soapExtension(port, 'address', version)?.attrs.location;
    }
  }
  return undefined;
}
