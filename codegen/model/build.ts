/**
 * WSDL 1.1 + XSD → IR, in two phases as zeep does: first collect every global declaration by
 * QName, then resolve the binding's operations and every named type (xsd-types.ts) against that
 * table. One function per construct; each quotes the grammar it accepts. Anything else stops
 * generation with its file:line (CodegenError): nothing is skipped silently.
 */
import { CodegenError } from '../errors.js';
import { camelCase, envelopeBuilderName, NameScope, safeIdentifier, serviceNames } from '../names.js';
import { WSDL_NS, WSDL_SOAP_NS, XS_NS, childNamed, childrenNamed, parseXml, resolveQName, structuralChildren, type XmlElement } from '../xml.js';
import {
  typeKey, type HeaderDecl, type ParticleDecl, type OperationDecl, type QName, type ServiceModel, type Source, type WrapperDecl,
} from './ir.js';
import { isSafeToRetry } from './retry-policy.js';
import { XsdTypes, type Declared, type Schema } from './xsd-types.js';

const SOAP12_BINDING_NS = 'http://schemas.xmlsoap.org/wsdl/soap12/';

export interface BuildOptions {
  /** Which service (portType name) to build when the WSDL has several SOAP 1.1 bindings. */
  service?: string;
}

/** Build the IR of one service from WSDL text. `file` is the path or URL it was read from (for sources). */
export function buildServiceModel(text: string, file: string, options: BuildOptions = {}): ServiceModel {
  return new ModelBuilder(parseXml(text, file), file).build(options);
}

class ModelBuilder {
  private readonly xsd: XsdTypes;
  private readonly messages = new Map<string, XmlElement>();
  private readonly portTypes = new Map<string, XmlElement>();
  private readonly bindings: XmlElement[] = [];
  private targetNs = '';

  constructor(
    private readonly root: XmlElement,
    private readonly file: string,
  ) {
    this.xsd = new XsdTypes(file);
  }

  private src(el: XmlElement): Source {
    return { file: this.file, line: el.line };
  }

  private fail(el: XmlElement, message: string): never {
    throw new CodegenError(message, this.src(el));
  }

  private qname(el: XmlElement, value: string | undefined, what: string): QName {
    if (!value) this.fail(el, `<${el.local}> has no ${what}`);
    return resolveQName(el, value, this.file);
  }

  // ── phase 1: collect ────────────────────────────────────────────────────────────────────────

  private collect(): void {
    const defs = this.root;
    if (defs.ns !== WSDL_NS || defs.local !== 'definitions') this.fail(defs, 'not a WSDL 1.1 document (expected wsdl:definitions)');
    this.targetNs = defs.attrs.targetNamespace ?? '';
    for (const child of defs.children) {
      if (child.ns !== WSDL_NS) continue;
      switch (child.local) {
        case 'import':
          this.fail(child, 'wsdl:import is not supported: use the single-file WSDL (…/Service.svc?singleWsdl)');
        // falls through (fail never returns)
        case 'types':
          for (const schema of childrenNamed(child, XS_NS, 'schema')) this.collectSchema(schema);
          break;
        case 'message':
          this.messages.set(typeKey({ ns: this.targetNs, local: child.attrs.name ?? '' }), child);
          break;
        case 'portType':
          this.portTypes.set(typeKey({ ns: this.targetNs, local: child.attrs.name ?? '' }), child);
          break;
        case 'binding':
          this.bindings.push(child);
          break;
        default:
          break; // wsdl:service, wsdl:documentation, policies: read where needed
      }
    }
  }

  /**
   * `<xs:schema targetNamespace="…" elementFormDefault="qualified">` holding global
   * `xs:element`, `xs:complexType`, `xs:simpleType`, `xs:attribute` and `xs:import` (no schemaLocation).
   */
  private collectSchema(el: XmlElement): void {
    const schema: Schema = {
      targetNs: el.attrs.targetNamespace ?? '',
      elementQualified: el.attrs.elementFormDefault === 'qualified',
      attributeQualified: el.attrs.attributeFormDefault === 'qualified',
      el,
    };
    for (const child of structuralChildren(el)) {
      if (child.ns !== XS_NS) this.fail(child, `unexpected element {${child.ns}}${child.local} in xs:schema`);
      if (child.local === 'import') {
        if (child.attrs.schemaLocation) this.fail(child, 'xs:import with schemaLocation is not supported: use the single-file WSDL (…/Service.svc?singleWsdl)');
        continue;
      }
      if (!this.xsd.declare(schema, child)) this.fail(child, `xs:${child.local} is not supported in xs:schema`);
    }
  }

  // ── phase 2: resolve ────────────────────────────────────────────────────────────────────────

  build(options: BuildOptions): ServiceModel {
    this.collect();
    const binding = this.chooseBinding(options.service);
    const portTypeName = this.qname(binding, binding.attrs.type, 'type');
    const portType = this.portTypes.get(typeKey(portTypeName));
    if (!portType) this.fail(binding, `portType ${portTypeName.local} not found`);
    const serviceName = portTypeName.local;
    this.xsd.resolve(this.targetNs, Object.values(serviceNames(serviceName)));
    const headers: Record<string, HeaderDecl> = {};
    const operations = this.operations(binding, portType, headers, serviceName);
    const model: ServiceModel = {
      name: serviceName,
      namespace: this.targetNs,
      soapVersion: '1.1',
      binding: binding.attrs.name ?? '',
      headers,
      operations,
      types: this.xsd.types,
    };
    const address = this.address(binding);
    if (address) model.address = address;
    return model;
  }

  /** The SOAP 1.1 binding to generate; SOAP 1.2-only WSDLs and ambiguous choices fail. */
  private chooseBinding(wanted: string | undefined): XmlElement {
    const soap11 = this.bindings.filter((b) => childNamed(b, WSDL_SOAP_NS, 'binding'));
    if (soap11.length === 0) {
      const soap12 = this.bindings.find((b) => childNamed(b, SOAP12_BINDING_NS, 'binding'));
      this.fail(soap12 ?? this.root, soap12 ? 'only a SOAP 1.2 binding was found; this generator speaks SOAP 1.1 (BasicHttpBinding)' : 'no SOAP 1.1 binding found');
    }
    const names = soap11.map((b) => this.qname(b, b.attrs.type, 'type').local);
    if (wanted !== undefined) {
      const i = names.indexOf(wanted);
      if (i < 0) this.fail(soap11[0], `service "${wanted}" not found; the WSDL has: ${names.join(', ')}`);
      return soap11[i];
    }
    if (soap11.length > 1) this.fail(soap11[1], `the WSDL has several SOAP 1.1 bindings (${names.join(', ')}): choose one with --service`);
    const soapBinding = childNamed(soap11[0], WSDL_SOAP_NS, 'binding')!;
    if (soapBinding.attrs.style === 'rpc') this.fail(soapBinding, 'rpc style is not supported (document/literal only)');
    return soap11[0];
  }

  private address(binding: XmlElement): string | undefined {
    for (const service of childrenNamed(this.root, WSDL_NS, 'service')) {
      for (const port of childrenNamed(service, WSDL_NS, 'port')) {
        if (this.qname(port, port.attrs.binding, 'binding').local !== binding.attrs.name) continue;
        return childNamed(port, WSDL_SOAP_NS, 'address')?.attrs.location;
      }
    }
    return undefined;
  }


  // ── operations ──────────────────────────────────────────────────────────────────────────────

  /** `<wsdl:binding>/<wsdl:operation>` with `soap:operation`, and `soap:header`/`soap:body` in input and output. */
  private operations(binding: XmlElement, portType: XmlElement, headers: Record<string, HeaderDecl>, serviceName: string): OperationDecl[] {
    const methods = new NameScope();
    const defaultStyle = childNamed(binding, WSDL_SOAP_NS, 'binding')?.attrs.style ?? 'document';
    void serviceName;
    return childrenNamed(binding, WSDL_NS, 'operation').map((bop) => {
      const name = bop.attrs.name ?? '';
      const pop = childrenNamed(portType, WSDL_NS, 'operation').find((o) => o.attrs.name === name);
      if (!pop) this.fail(bop, `operation ${name} is not in the portType`);
      const soapOp = childNamed(bop, WSDL_SOAP_NS, 'operation');
      if (!soapOp) this.fail(bop, `operation ${name} has no soap:operation`);
      if ((soapOp.attrs.style ?? defaultStyle) !== 'document') this.fail(soapOp, `operation ${name}: only document style is supported`);
      if (childNamed(bop, WSDL_NS, 'fault')) this.fail(childNamed(bop, WSDL_NS, 'fault')!, `operation ${name}: wsdl:fault is not supported`);
      const bin = childNamed(bop, WSDL_NS, 'input');
      const bout = childNamed(bop, WSDL_NS, 'output');
      const pin = childNamed(pop, WSDL_NS, 'input');
      const pout = childNamed(pop, WSDL_NS, 'output');
      if (!bin || !bout || !pin || !pout) this.fail(bop, `operation ${name}: one-way and notification operations are not supported`);
      const tsBase = safeIdentifier(name);
      const doc = childNamed(pop, WSDL_NS, 'documentation')?.text.trim();
      const op: OperationDecl = {
        name,
        methodName: methods.claim(camelCase(safeIdentifier(name).replace(/_$/, '')) || 'op'),
        requestTsName: this.xsd.exportScope.claim(`${tsBase}Request`),
        responseTsName: this.xsd.exportScope.claim(`${tsBase}Response`),
        encoderName: this.xsd.exportScope.claim(envelopeBuilderName(name)),
        soapAction: soapOp.attrs.soapAction ?? '',
        input: this.wrapper(pin, bin),
        output: this.wrapper(pout, bout),
        inputHeaders: this.headerParts(bin, headers),
        outputHeaders: this.headerParts(bout, headers),
        safeToRetry: isSafeToRetry(name),
        source: this.src(bop),
      };
      if (doc) op.documentation = doc;
      return op;
    });
  }

  /** `<soap:header message="M" part="P" use="literal"/>`: the part's global element becomes a header. */
  private headerParts(io: XmlElement, headers: Record<string, HeaderDecl>): string[] {
    return childrenNamed(io, WSDL_SOAP_NS, 'header').map((h) => {
      if (h.attrs.use && h.attrs.use !== 'literal') this.fail(h, 'only use="literal" headers are supported');
      const partName = h.attrs.part ?? '';
      const element = this.messagePart(h, h.attrs.message, partName);
      const decl = this.globalElement(h, element);
      const known = headers[partName];
      if (known && (known.name !== decl.qname.local || known.ns !== decl.qname.ns)) {
        this.fail(h, `header part ${partName} is element {${decl.qname.ns}}${decl.qname.local} here but {${known.ns}}${known.name} elsewhere: one part name must mean one element`);
      }
      if (!known) {
        const typeAttr = decl.el.attrs.type;
        if (!typeAttr) this.fail(decl.el, `header element ${decl.qname.local} must have a named type`);
        headers[partName] = { name: decl.qname.local, ns: decl.qname.ns, type: this.xsd.typeRef(decl.el, typeAttr), nillable: decl.el.attrs.nillable === 'true', source: this.src(decl.el) };
      }
      return partName;
    });
  }

  /** The element QName of part `partName` (or the only part) of message `messageRef`. */
  private messagePart(at: XmlElement, messageRef: string | undefined, partName: string | undefined): QName {
    const mq = this.qname(at, messageRef, 'message');
    const message = this.messages.get(typeKey(mq));
    if (!message) this.fail(at, `message ${messageRef} not found`);
    const parts = childrenNamed(message, WSDL_NS, 'part');
    const part = partName === undefined ? parts[0] : parts.find((p) => p.attrs.name === partName);
    if (!part) this.fail(message, `message ${mq.local} has no part ${partName ?? ''}`);
    if (part.attrs.type) this.fail(part, 'message parts with type= (rpc style) are not supported; document/literal uses element=');
    return this.qname(part, part.attrs.element, 'element');
  }

  private globalElement(at: XmlElement, q: QName): Declared {
    const decl = this.xsd.elements.get(typeKey(q));
    if (!decl) this.fail(at, `element {${q.ns}}${q.local} is not declared`);
    return decl;
  }

  /**
   * The body of a document/literal wrapped message: one part whose element is
   * `<xs:element name="Op"><xs:complexType><xs:sequence>…` (or has a named complex type).
   */
  private wrapper(portIo: XmlElement, bindingIo: XmlElement): WrapperDecl {
    const body = childNamed(bindingIo, WSDL_SOAP_NS, 'body');
    if (!body) this.fail(bindingIo, 'no soap:body');
    if (body.attrs.use && body.attrs.use !== 'literal') this.fail(body, 'only use="literal" is supported');
    const mq = this.qname(portIo, portIo.attrs.message, 'message');
    const message = this.messages.get(typeKey(mq));
    if (!message) this.fail(portIo, `message ${portIo.attrs.message} not found`);
    const parts = childrenNamed(message, WSDL_NS, 'part');
    const wanted = body.attrs.parts ? body.attrs.parts.split(/\s+/) : parts.map((p) => p.attrs.name);
    if (wanted.length !== 1) this.fail(message, 'document/literal wrapped needs exactly one body part');
    const q = this.messagePart(portIo, portIo.attrs.message, wanted[0]);
    const decl = this.globalElement(message, q);
    const inline = childNamed(decl.el, XS_NS, 'complexType');
    let fields: ParticleDecl[];
    if (inline) {
      fields = this.xsd.wrapperFields(inline, decl.schema, q.local);
    } else if (decl.el.attrs.type) {
      const ref = this.xsd.typeRef(decl.el, decl.el.attrs.type);
      const t = ref.kind === 'named' ? this.xsd.types[ref.key] : undefined;
      if (!t || t.kind !== 'complex' || t.base) this.fail(decl.el, 'a wrapper element must have a complex type without a base');
      fields = t.fields;
    } else {
      fields = [];
    }
    return { element: q, fields, source: this.src(decl.el) };
  }
}
