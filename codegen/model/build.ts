/**
 * WSDL 1.1 + XSD → IR, in two phases as zeep does: first collect every global declaration by
 * QName (collect.ts, over every document of the WSDL), then resolve the chosen binding's
 * (binding.ts) operations and every named type (xsd-types.ts) against that table. One function per
 * construct; each quotes the grammar it accepts. Anything else stops generation with its file:line
 * (CodegenError): nothing is skipped silently.
 */
import { CodegenError } from '../errors.js';
import { camelCase, envelopeBuilderName, NameScope, safeIdentifier, serviceNames } from '../names.js';
import { loadText, type LoadedWsdl, type WsdlDocument } from '../load/loader.js';
import { WSDL_NS, XS_NS, childNamed, childrenNamed, resolveQName, soapExtension, soapExtensions, structuralChildren, type XmlElement } from '../xml.js';
import { bindingAddress, chooseBinding } from './binding.js';
import { collect, lookup, type Collected } from './collect.js';
import {
  typeKey, type FaultDecl, type FieldDecl, type HeaderDecl, type OperationDecl, type QName, type ServiceModel, type SkippedOperation, type Source, type TypeRef, type WrapperDecl,
} from './ir.js';
import { isSafeToRetry, SERVICES88_NS } from './retry-policy.js';
import type { Declared, XsdTypes } from './xsd-types.js';

export interface BuildOptions {
  /** Which service to build (a portType name, or a wsdl:service name) when the WSDL has several. */
  service?: string;
  /** Which binding of that portType to build (a wsdl:binding name) when it has several. */
  binding?: string;
  /** Receives note lines for the user (which of several equivalent bindings was taken). */
  notes?: string[];
}

/** Build the IR of one service from WSDL text. `file` is the path or URL it was read from (for sources). */
export function buildServiceModel(text: string, file: string, options: BuildOptions = {}): ServiceModel {
  return buildFromDocuments(loadText(text, file), options);
}

/** Build the IR of one service from a WSDL and the documents it imports (codegen/load). */
export function buildFromDocuments(loaded: LoadedWsdl, options: BuildOptions = {}): ServiceModel {
  return new ModelBuilder(loaded.documents).build(options);
}

/** WS-Policy assertion that the binding uses MTOM (wsoma:OptimizedMimeSerialization). */
const WSOMA_NS = 'http://schemas.xmlsoap.org/ws/2004/09/policy/optimizedmimeserialization';
/** WSDL 1.1 MIME binding extensions (SOAP with attachments). */
const MIME_NS = 'http://schemas.xmlsoap.org/wsdl/mime/';

class ModelBuilder {
  private readonly xsd: XsdTypes;
  private readonly collected: Collected;
  private targetNs = '';
  /** The chosen binding's SOAP version: its extension elements are read in that version's namespace. */
  private soapVersion: '1.1' | '1.2' = '1.1';

  constructor(private readonly documents: WsdlDocument[]) {
    this.collected = collect(documents);
    this.xsd = this.collected.xsd;
  }

  private get messages(): Map<string, XmlElement> {
    return this.collected.messages;
  }

  private src(el: XmlElement): Source {
    return { file: el.file, line: el.line };
  }

  private fail(el: XmlElement, message: string): never {
    throw new CodegenError(message, this.src(el));
  }

  private qname(el: XmlElement, value: string | undefined, what: string): QName {
    if (!value) this.fail(el, `<${el.local}> has no ${what}`);
    return resolveQName(el, value);
  }

  // ── phase 2: resolve ────────────────────────────────────────────────────────────────────────

  build(options: BuildOptions): ServiceModel {
    this.refuseRequiredMtom();
    const { binding, soapVersion } = chooseBinding(this.collected, options);
    this.targetNs = binding.ns;
    this.soapVersion = soapVersion;
    const portTypeName = this.qname(binding.el, binding.el.attrs.type, 'type');
    const portType = lookup(this.collected.portTypes, binding.el, binding.el.attrs.type ?? '');
    if (!portType) this.fail(binding.el, `portType ${portTypeName.local} not found`);
    const serviceName = portTypeName.local;
    this.xsd.resolve(this.targetNs, Object.values(serviceNames(serviceName)));
    const headers: Record<string, HeaderDecl> = {};
    const skipped: SkippedOperation[] = [];
    const operations = this.operations(binding.el, portType, headers, skipped, options.notes);
    if (operations.length === 0) options.notes?.push(`note: ${serviceName} has no operations: only its types are generated`);
    const model: ServiceModel = {
      name: serviceName,
      namespace: this.targetNs,
      soapVersion,
      binding: binding.el.attrs.name ?? '',
      headers,
      operations,
      types: this.xsd.types,
    };
    const address = bindingAddress(this.collected, binding, soapVersion);
    if (address) model.address = address;
    if (skipped.length > 0) model.skipped = skipped;
    return model;
  }

  /**
   * A `wsoma:OptimizedMimeSerialization` policy assertion not marked `wsp:Optional="true"` anywhere in
   * the WSDL: the service answers in MTOM/XOP (multipart MIME), which the runtime does not read. An
   * optional one is fine: base64Binary is sent and read inline.
   */
  private refuseRequiredMtom(): void {
    const walk = (el: XmlElement): void => {
      if (el.ns === WSOMA_NS && el.local === 'OptimizedMimeSerialization' && !Object.entries(el.attrs).some(([k, v]) => /^(\w+:)?Optional$/.test(k) && v === 'true')) {
        this.fail(el, 'MTOM is required by policy (wsoma:OptimizedMimeSerialization without wsp:Optional="true"): MTOM/XOP messages are not supported (base64Binary is sent and read inline)');
      }
      el.children.forEach(walk);
    };
    for (const d of this.documents) if (!d.wellKnown) walk(d.root);
  }

  // ── operations ──────────────────────────────────────────────────────────────────────────────

  /** A SOAP extension element (`soap:operation`, `soap:body`, `soap:header`, `soap:fault`, …) of the chosen binding's SOAP version. */
  private soap(el: XmlElement, local: string): XmlElement | undefined {
    return soapExtension(el, local, this.soapVersion);
  }

  private soapAll(el: XmlElement, local: string): XmlElement[] {
    return soapExtensions(el, local, this.soapVersion);
  }

  /**
   * `<wsdl:binding>/<wsdl:operation>` with an optional `soap:operation`, and `soap:header`/`soap:body` in input
   * and output (no output: one-way); `wsdl:fault`s of the portType operation. Style document
   * (wrapped or bare) or rpc, use literal.
   */
  private operations(binding: XmlElement, portType: XmlElement, headers: Record<string, HeaderDecl>, skipped: SkippedOperation[], notes: string[] | undefined): OperationDecl[] {
    const methods = new NameScope();
    const defaultStyle = this.soap(binding, 'binding')?.attrs.style ?? 'document';
    const ops: OperationDecl[] = [];
    for (const bop of childrenNamed(binding, WSDL_NS, 'operation')) {
      const name = bop.attrs.name ?? '';
      const pop = childrenNamed(portType, WSDL_NS, 'operation').find((o) => o.attrs.name === name);
      if (!pop) this.fail(bop, `operation ${name} is not in the portType`);
      const why = this.skipReason(pop, bop, defaultStyle);
      if (why) {
        // Loudly: stderr and the client's doc (zeep drops an operation of a missing message with a warning too).
        const skip = { name, reason: why.reason, source: this.src(why.at) };
        skipped.push(skip);
        notes?.push(`warning: ${skip.source.file}:${skip.source.line}: operation ${name} skipped: ${skip.reason}`);
        continue;
      }
      ops.push(this.operation(bop, pop, name, methods, defaultStyle, headers));
    }
    return ops;
  }

  /**
   * Why an operation is left out, if it is: an input/output/fault message the WSDL does not
   * declare, or a document/literal body of several parts (no wrapper element: the codec reads one
   * body element).
   */
  private skipReason(pop: XmlElement, bop: XmlElement, defaultStyle: string): { reason: string; at: XmlElement } | undefined {
    const ios = [...childrenNamed(pop, WSDL_NS, 'input'), ...childrenNamed(pop, WSDL_NS, 'output'), ...childrenNamed(pop, WSDL_NS, 'fault')];
    const missing = ios.find((io) => io.attrs.message !== undefined && !this.messages.has(typeKey(this.qname(io, io.attrs.message, 'message'))));
    if (missing) return { reason: `message ${missing.attrs.message ?? ''} not found`, at: missing };
    if ((this.soap(bop, 'operation')?.attrs.style ?? defaultStyle) !== 'document') return undefined;
    for (const which of ['input', 'output'] as const) {
      const pio = childNamed(pop, WSDL_NS, which);
      const body = childNamed(bop, WSDL_NS, which) && this.soap(childNamed(bop, WSDL_NS, which)!, 'body');
      if (!pio?.attrs.message || !body) continue;
      const { message, parts } = this.messageParts(pio, pio.attrs.message);
      const count = body.attrs.parts !== undefined ? body.attrs.parts.split(/\s+/).filter((n) => n !== '').length : parts.length;
      if (count > 1) return { reason: `document/literal ${which} of ${count} body parts (message ${message.attrs.name ?? ''}: no wrapper element) is not supported`, at: message };
    }
    return undefined;
  }

  /** One operation. `soap:operation` is optional (WSDL 1.1 §3.4): without it, the binding's style and an empty SOAPAction. */
  private operation(bop: XmlElement, pop: XmlElement, name: string, methods: NameScope, defaultStyle: string, headers: Record<string, HeaderDecl>): OperationDecl {
    const soapOp = this.soap(bop, 'operation');
    const style = soapOp?.attrs.style ?? defaultStyle;
    if (style !== 'document' && style !== 'rpc') this.fail(soapOp ?? bop, `operation ${name}: unknown style "${style}"`);
    const bin = childNamed(bop, WSDL_NS, 'input');
    const bout = childNamed(bop, WSDL_NS, 'output');
    const pin = childNamed(pop, WSDL_NS, 'input');
    const pout = childNamed(pop, WSDL_NS, 'output');
    if (!pin || !bin) this.fail(bop, `operation ${name}: notification and solicit-response operations (no input) are not supported`);
    if (!pout !== !bout) this.fail(bop, `operation ${name}: the binding and the portType disagree on the output`);
    const oneWay = !pout || !bout;
    const tsBase = safeIdentifier(name);
    const doc = childNamed(pop, WSDL_NS, 'documentation')?.text.trim();
    const op: OperationDecl = {
      name,
      methodName: methods.claim(camelCase(safeIdentifier(name).replace(/_$/, '')) || 'op'),
      requestTsName: this.xsd.exportScope.claim(`${tsBase}Request`),
      responseTsName: this.xsd.exportScope.claim(`${tsBase}Response`),
      encoderName: this.xsd.exportScope.claim(envelopeBuilderName(name)),
      soapAction: soapOp?.attrs.soapAction ?? '',
      input: this.body(pin, bin, style, name),
      output: oneWay ? { element: { ns: this.targetNs, local: `${name}Response` }, fields: [], source: this.src(bop) } : this.body(pout, bout, style, `${name}Response`),
      inputHeaders: this.headerParts(bin, headers),
      outputHeaders: oneWay ? [] : this.headerParts(bout, headers),
      faults: this.faults(pop, bop, name),
      oneWay,
      style,
      safeToRetry: this.targetNs === SERVICES88_NS && isSafeToRetry(name),
      source: this.src(bop),
    };
    if (op.faults.length > 0) op.faultTsName = this.xsd.exportScope.claim(`${tsBase}Fault`);
    if (doc) op.documentation = doc;
    return op;
  }

  /**
   * `<wsdl:fault name="F" message="tns:M"/>` of the portType operation, each with a
   * `<wsdl:fault name="F"><soap:fault name="F" use="literal"/>` in the binding: the message's one
   * part is the detail element.
   */
  private faults(pop: XmlElement, bop: XmlElement, opName: string): FaultDecl[] {
    for (const bf of childrenNamed(bop, WSDL_NS, 'fault')) {
      if (!childrenNamed(pop, WSDL_NS, 'fault').some((f) => f.attrs.name === bf.attrs.name)) this.fail(bf, `operation ${opName}: fault ${bf.attrs.name ?? ''} is not in the portType operation`);
    }
    return childrenNamed(pop, WSDL_NS, 'fault').map((pf) => {
      const name = pf.attrs.name ?? '';
      const bf = childrenNamed(bop, WSDL_NS, 'fault').find((f) => f.attrs.name === name);
      const soapFault = bf && this.soap(bf, 'fault');
      if (soapFault?.attrs.use && soapFault.attrs.use !== 'literal') this.fail(soapFault, `operation ${opName}: fault ${name}: only use="literal" is supported`);
      const element = this.messagePart(pf, pf.attrs.message, undefined);
      const decl = this.globalElement(pf, element);
      return { name, element, type: this.notMixed(decl.el, this.xsd.elementType(decl), 'a fault detail'), source: this.src(pf) };
    });
  }

  /** `<soap:header message="M" part="P" use="literal"/>`: the part's global element becomes a header. */
  private headerParts(io: XmlElement, headers: Record<string, HeaderDecl>): string[] {
    return this.soapAll(io, 'header').map((h) => {
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
        headers[partName] = { name: decl.qname.local, ns: decl.qname.ns, type: this.notMixed(decl.el, this.xsd.typeRef(decl.el, typeAttr), 'a header'), nillable: decl.el.attrs.nillable === 'true', source: this.src(decl.el) };
      }
      return partName;
    });
  }

  /** The parts of message `messageRef`. */
  private messageParts(at: XmlElement, messageRef: string | undefined): { message: XmlElement; parts: XmlElement[] } {
    const mq = this.qname(at, messageRef, 'message');
    const message = this.messages.get(typeKey(mq));
    if (!message) this.fail(at, `message ${messageRef} not found`);
    return { message, parts: childrenNamed(message, WSDL_NS, 'part') };
  }

  /** The element QName of part `partName` (or the only part) of message `messageRef`. */
  private messagePart(at: XmlElement, messageRef: string | undefined, partName: string | undefined): QName {
    const { message, parts } = this.messageParts(at, messageRef);
    const part = partName === undefined ? parts[0] : parts.find((p) => p.attrs.name === partName);
    if (!part) this.fail(message, `message ${message.attrs.name ?? ''} has no part ${partName ?? ''}`);
    if (part.attrs.type) this.fail(part, 'a header or fault part with type= is not supported: it needs element= (a global element)');
    return this.qname(part, part.attrs.element, 'element');
  }

  private globalElement(at: XmlElement, q: QName): Declared {
    const decl = this.xsd.elements.get(typeKey(q));
    if (!decl) this.fail(at, `element {${q.ns}}${q.local} is not declared`);
    return decl;
  }

  /** The `soap:body` of a binding input/output: literal only (rpc/encoded and document/encoded are refused). */
  private soapBody(bindingIo: XmlElement, style: string): XmlElement {
    const mime = childNamed(bindingIo, MIME_NS, 'multipartRelated');
    if (mime) this.fail(mime, 'MIME bindings (mime:multipartRelated: SOAP with attachments) are not supported; only a soap:body is');
    const body = this.soap(bindingIo, 'body');
    if (!body) this.fail(bindingIo, 'no soap:body');
    if (body.attrs.use && body.attrs.use !== 'literal') {
      this.fail(body, `${style}/${body.attrs.use} is not supported (SOAP encoding): only use="literal" is; ask the service for a literal (WS-I Basic Profile) binding`);
    }
    return body;
  }

  /** The body of a message: rpc/literal wrapper, else document/literal (wrapped or bare). */
  private body(portIo: XmlElement, bindingIo: XmlElement, style: 'document' | 'rpc', rpcElement: string): WrapperDecl {
    const body = this.soapBody(bindingIo, style);
    const { message, parts } = this.messageParts(portIo, portIo.attrs.message);
    const wanted = body.attrs.parts !== undefined ? body.attrs.parts.split(/\s+/).filter((n) => n !== '') : parts.map((p) => p.attrs.name ?? '');
    const chosen = wanted.map((n) => parts.find((p) => p.attrs.name === n) ?? this.fail(message, `message ${message.attrs.name ?? ''} has no part ${n}`));
    if (style === 'rpc') return this.rpcWrapper(body, chosen, rpcElement);
    if (chosen.length !== 1) this.fail(message, 'document/literal needs exactly one body part');
    const part = chosen[0];
    if (part.attrs.type && !part.attrs.element) {
      // A type= part in document style (WCF's untyped `Message` contracts): zeep reads it as an
      // element named after the part, unqualified, of that type — a bare body.
      return { element: { ns: '', local: part.attrs.name ?? '' }, fields: [], type: this.xsd.typeRef(part, part.attrs.type), source: this.src(part) };
    }
    return this.wrapper(message, this.messagePart(portIo, portIo.attrs.message, part.attrs.name));
  }

  /**
   * rpc/literal: `<Op>` (`<Op>Response`) in the `soap:body` `namespace`, one child per part: a
   * `type=` part is an unqualified element named after the part, an `element=` part is that
   * global element.
   */
  private rpcWrapper(body: XmlElement, parts: XmlElement[], element: string): WrapperDecl {
    const ns = body.attrs.namespace ?? this.targetNs;
    const fields = parts.map((part): FieldDecl => {
      const common = { minOccurs: 1, maxOccurs: 1, nillable: false, source: this.src(part) };
      if (part.attrs.type) return { name: part.attrs.name ?? '', ns: '', type: this.xsd.typeRef(part, part.attrs.type), ...common };
      const decl = this.globalElement(part, this.qname(part, part.attrs.element, 'element'));
      return { name: decl.qname.local, ns: decl.qname.ns, type: this.xsd.elementType(decl), ...common, nillable: decl.el.attrs.nillable === 'true' };
    });
    return { element: { ns, local: element }, fields, source: this.src(body) };
  }

  /**
   * The body element of a document/literal message. Wrapped: `<xs:element name="Op"><xs:complexType>`
   * holding a model group (its children are the fields). Bare: any other element — of a named type
   * (complex, with or without a base, or simple), of an inline type with attributes or content of
   * its own, or untyped (`xs:anyType`): the call's value is a value of that type.
   */
  private wrapper(at: XmlElement, q: QName): WrapperDecl {
    const decl = this.globalElement(at, q);
    const inline = childNamed(decl.el, XS_NS, 'complexType');
    const isWrapper = inline && !decl.el.attrs.type && structuralChildren(inline).every((c) => c.ns === XS_NS && ['sequence', 'choice', 'all', 'group'].includes(c.local));
    if (inline && isWrapper) return { element: q, fields: this.xsd.wrapperFields(inline, decl.schema, q.local), source: this.src(decl.el) };
    return { element: q, fields: [], type: this.notMixed(decl.el, this.xsd.elementType(decl), 'a body element'), source: this.src(decl.el) };
  }

  /** Mixed content is kept as raw XML only inside a content model (see xsd-types field); elsewhere it is refused, never dropped. */
  private notMixed(at: XmlElement, type: TypeRef, what: string): TypeRef {
    if (this.xsd.isMixed(type)) this.fail(at, `a type of mixed content (mixed="true") as ${what} is not supported: text between elements would be lost`);
    return type;
  }
}
