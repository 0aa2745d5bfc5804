/**
 * WSDL 1.1 + XSD → IR, in two phases as zeep does: first collect every global declaration by
 * QName, then resolve the binding's operations and every named type against that table.
 * One function per XSD construct; each quotes the grammar it accepts. Anything else stops
 * generation with its file:line (CodegenError): nothing is skipped silently.
 */
import { CodegenError } from '../errors.js';
import { camelCase, envelopeBuilderName, NameScope, namespaceLabel, safeIdentifier, serviceNames } from '../names.js';
import {
  SER_NS, WSDL_NS, WSDL_SOAP_NS, XS_NS, childNamed, childrenNamed, parseXml, resolveQName, structuralChildren,
  type XmlElement,
} from '../xml.js';
import {
  BUILTINS, typeKey, type BuiltinName, type FieldDecl, type HeaderDecl, type OperationDecl, type QName,
  type ServiceModel, type Source, type TypeDecl, type TypeRef, type WrapperDecl,
} from './ir.js';
import { isSafeToRetry } from './retry-policy.js';
import { collectionItem, enumValues, isDictionary } from './wcf.js';

const SOAP12_BINDING_NS = 'http://schemas.xmlsoap.org/wsdl/soap12/';
/** Simple types of the Microsoft serialization schema that the runtime knows as builtins. */
const SER_BUILTINS: Record<string, BuiltinName> = { guid: 'ser:guid', char: 'ser:char', duration: 'ser:duration' };

interface Schema {
  targetNs: string;
  elementQualified: boolean;
  el: XmlElement;
}

interface Declared {
  schema: Schema;
  el: XmlElement;
  qname: QName;
}

export interface BuildOptions {
  /** Which service (portType name) to build when the WSDL has several SOAP 1.1 bindings. */
  service?: string;
}

/** Build the IR of one service from WSDL text. `file` is the path or URL it was read from (for sources). */
export function buildServiceModel(text: string, file: string, options: BuildOptions = {}): ServiceModel {
  return new ModelBuilder(parseXml(text, file), file).build(options);
}

class ModelBuilder {
  private readonly complexTypes = new Map<string, Declared>();
  private readonly simpleTypes = new Map<string, Declared>();
  private readonly elements = new Map<string, Declared>();
  private readonly messages = new Map<string, XmlElement>();
  private readonly portTypes = new Map<string, XmlElement>();
  private readonly bindings: XmlElement[] = [];
  private readonly tsNames = new Map<string, string>();
  private readonly types: Record<string, TypeDecl> = {};
  private targetNs = '';

  constructor(
    private readonly root: XmlElement,
    private readonly file: string,
  ) {}

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
    const schema: Schema = { targetNs: el.attrs.targetNamespace ?? '', elementQualified: el.attrs.elementFormDefault === 'qualified', el };
    for (const child of structuralChildren(el)) {
      if (child.ns !== XS_NS) this.fail(child, `unexpected element {${child.ns}}${child.local} in xs:schema`);
      const name = child.attrs.name;
      const qname = { ns: schema.targetNs, local: name ?? '' };
      switch (child.local) {
        case 'import':
          if (child.attrs.schemaLocation) this.fail(child, 'xs:import with schemaLocation is not supported: use the single-file WSDL (…/Service.svc?singleWsdl)');
          break;
        case 'element':
          this.elements.set(typeKey(qname), { schema, el: child, qname });
          break;
        case 'complexType':
          this.complexTypes.set(typeKey(qname), { schema, el: child, qname });
          break;
        case 'simpleType':
          this.simpleTypes.set(typeKey(qname), { schema, el: child, qname });
          break;
        case 'attribute':
          // WCF's object-reference attributes (ser:Id, ser:Ref, ser:FactoryType) are declared globally
          // in the serialization schema; no Services88 type uses them, and a type that does fails below.
          if (schema.targetNs !== SER_NS) this.fail(child, 'global xs:attribute declarations are not supported');
          break;
        default:
          this.fail(child, `xs:${child.local} is not supported in xs:schema`);
      }
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
    this.assignTypeNames(serviceName);
    for (const [key, d] of [...this.complexTypes, ...this.simpleTypes]) {
      if (this.isSerBuiltin(d.qname)) continue;
      this.types[key] = d.el.local === 'complexType' ? this.complexType(d) : this.simpleType(d);
    }
    this.checkInlineCycles();
    const headers: Record<string, HeaderDecl> = {};
    const operations = this.operations(binding, portType, headers, serviceName);
    const model: ServiceModel = {
      name: serviceName,
      namespace: this.targetNs,
      soapVersion: '1.1',
      binding: binding.attrs.name ?? '',
      headers,
      operations,
      types: this.types,
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

  private isSerBuiltin(q: QName): boolean {
    return q.ns === SER_NS && q.local in SER_BUILTINS;
  }

  /** TypeScript names: the service's own declarations first, then types of the service namespace, then the rest. */
  private assignTypeNames(serviceName: string): void {
    const scope = new NameScope(Object.values(serviceNames(serviceName)));
    const all = [...this.complexTypes.values(), ...this.simpleTypes.values()].filter((d) => !this.isSerBuiltin(d.qname));
    const own = all.filter((d) => d.qname.ns === this.targetNs);
    const foreign = all.filter((d) => d.qname.ns !== this.targetNs);
    for (const d of own) this.tsNames.set(typeKey(d.qname), scope.claim(safeIdentifier(d.qname.local)));
    for (const d of foreign) {
      const plain = safeIdentifier(d.qname.local);
      const name = scope.has(plain) ? scope.claim(`${plain}_${namespaceLabel(d.qname.ns)}`) : scope.claim(plain);
      this.tsNames.set(typeKey(d.qname), name);
    }
    this.exportScope = scope;
  }

  private exportScope = new NameScope();

  /** A type reference from a `type="prefix:name"` attribute: a builtin, or a declared named type. */
  private typeRef(el: XmlElement, value: string): TypeRef {
    const q = this.qname(el, value, 'type');
    if (q.ns === XS_NS) {
      const name = `xs:${q.local}` as BuiltinName;
      if (!(BUILTINS as readonly string[]).includes(name)) this.fail(el, `the XSD builtin xs:${q.local} is not supported`);
      return { kind: 'builtin', name };
    }
    if (this.isSerBuiltin(q)) return { kind: 'builtin', name: SER_BUILTINS[q.local] };
    const key = typeKey(q);
    if (!this.complexTypes.has(key) && !this.simpleTypes.has(key)) this.fail(el, `type ${value} ({${q.ns}}${q.local}) is not declared`);
    return { kind: 'named', key };
  }

  private baseDecl(d: Declared) {
    return { qname: d.qname, tsName: this.tsNames.get(typeKey(d.qname))!, source: this.src(d.el) };
  }

  /**
   * `<xs:complexType name="T" [abstract="true"]>` with one of:
   * `<xs:sequence>…</xs:sequence>`, `<xs:complexContent><xs:extension base="B"><xs:sequence>…`,
   * or nothing (an empty type). WCF collections and dictionaries are recognised first.
   */
  private complexType(d: Declared): TypeDecl {
    const ct = d.el;
    if (isDictionary(ct)) return this.dictionaryType(d);
    const item = collectionItem(ct);
    if (item) return this.arrayType(d, item);
    if (ct.attrs.mixed === 'true') this.fail(ct, 'mixed content is not supported');
    let base: string | undefined;
    let fields: FieldDecl[] = [];
    for (const part of structuralChildren(ct)) {
      if (part.ns === XS_NS && part.local === 'sequence') fields = this.sequence(part, d.schema);
      else if (part.ns === XS_NS && part.local === 'complexContent') ({ base, fields } = this.extension(part, d.schema));
      else this.fail(part, `xs:${part.local} in a complex type is not supported (only xs:sequence and xs:complexContent/xs:extension)`);
    }
    const decl: TypeDecl = { kind: 'complex', ...this.baseDecl(d), abstract: ct.attrs.abstract === 'true', fields };
    if (base) decl.base = base;
    return decl;
  }

  /** `<xs:complexContent [mixed="false"]><xs:extension base="B"><xs:sequence>…</xs:sequence></xs:extension></xs:complexContent>` */
  private extension(cc: XmlElement, schema: Schema): { base: string; fields: FieldDecl[] } {
    if (cc.attrs.mixed === 'true') this.fail(cc, 'mixed content is not supported');
    const parts = structuralChildren(cc);
    if (parts.length !== 1 || parts[0].local !== 'extension') this.fail(parts[0] ?? cc, 'only xs:extension is supported in xs:complexContent');
    const ext = parts[0];
    const baseRef = this.typeRef(ext, ext.attrs.base ?? '');
    if (baseRef.kind !== 'named' || !this.complexTypes.has(baseRef.key)) this.fail(ext, `the base of an extension must be a declared complex type (${ext.attrs.base})`);
    let fields: FieldDecl[] = [];
    for (const p of structuralChildren(ext)) {
      if (p.local === 'sequence') fields = this.sequence(p, schema);
      else this.fail(p, `xs:${p.local} in xs:extension is not supported`);
    }
    return { base: baseRef.key, fields };
  }

  /**
   * Collections and dictionaries are written inline where they are used (`X[]`, `Record<K, V>`), so
   * one that contains itself only through collections and dictionaries (`ArrayOfArrayOfX` whose item
   * is itself) has no TypeScript form: refuse it. Recursion through a complex type is fine.
   */
  private checkInlineCycles(): void {
    const inner = (key: string): string[] => {
      const t = this.types[key];
      const refs = t?.kind === 'array' ? [t.item.type] : t?.kind === 'dictionary' ? [t.key.type, t.value.type] : t?.kind === 'alias' ? [t.base] : [];
      return refs.flatMap((r) => (r.kind === 'named' ? [r.key] : []));
    };
    for (const start of Object.keys(this.types)) {
      const seen = new Set<string>();
      const stack = inner(start);
      while (stack.length > 0) {
        const key = stack.pop()!;
        if (key === start) {
          const t = this.types[start];
          throw new CodegenError(`${t.qname.local} contains itself only through collections/dictionaries; it has no TypeScript form`, t.source);
        }
        if (seen.has(key)) continue;
        seen.add(key);
        stack.push(...inner(key));
      }
    }
  }

  /** `<xs:sequence>` of `xs:element` particles (no choice, any, group or nested sequence). */
  private sequence(seq: XmlElement, schema: Schema): FieldDecl[] {
    if (seq.attrs.maxOccurs !== undefined && seq.attrs.maxOccurs !== '1') this.fail(seq, 'a repeated xs:sequence is not supported');
    return structuralChildren(seq).map((p) => {
      if (p.ns !== XS_NS || p.local !== 'element') this.fail(p, `xs:${p.local} in xs:sequence is not supported (only xs:element)`);
      return this.field(p, schema);
    });
  }

  /** `<xs:element name="N" type="T" [minOccurs] [maxOccurs] [nillable] [form]/>`; no type = xs:anyType. */
  private field(el: XmlElement, schema: Schema): FieldDecl {
    if (el.attrs.ref) this.fail(el, 'xs:element ref="…" is not supported');
    const name = el.attrs.name;
    if (!name) this.fail(el, 'xs:element without a name');
    const inline = structuralChildren(el);
    if (inline.length > 0) this.fail(inline[0], `an anonymous type on element "${name}" is not supported (name the type)`);
    const type: TypeRef = el.attrs.type ? this.typeRef(el, el.attrs.type) : { kind: 'builtin', name: 'xs:anyType' };
    const qualified = el.attrs.form ? el.attrs.form === 'qualified' : schema.elementQualified;
    return {
      name,
      ns: qualified ? schema.targetNs : '',
      type,
      minOccurs: this.occurs(el, 'minOccurs'),
      maxOccurs: el.attrs.maxOccurs === 'unbounded' ? 'unbounded' : this.occurs(el, 'maxOccurs'),
      nillable: el.attrs.nillable === 'true',
      source: this.src(el),
    };
  }

  private occurs(el: XmlElement, attr: 'minOccurs' | 'maxOccurs'): number {
    const v = el.attrs[attr];
    if (v === undefined) return 1;
    const n = Number(v);
    if (!Number.isInteger(n) || n < 0) this.fail(el, `${attr}="${v}" is not a non-negative integer`);
    return n;
  }

  /** A WCF collection: `ArrayOfX`, one repeated item element (see wcf.collectionItem). */
  private arrayType(d: Declared, item: XmlElement): TypeDecl {
    const f = this.field(item, d.schema);
    return { kind: 'array', ...this.baseDecl(d), item: { name: f.name, ns: f.ns, type: f.type, nillable: f.nillable } };
  }

  /**
   * A WCF dictionary (`IsDictionary`):
   * `<xs:sequence><xs:element minOccurs="0" maxOccurs="unbounded" name="…KeyValuePair"><xs:complexType>
   *  <xs:sequence><xs:element name="Key" …/><xs:element name="Value" …/></xs:sequence></xs:complexType></xs:element></xs:sequence>`
   */
  private dictionaryType(d: Declared): TypeDecl {
    const seq = structuralChildren(d.el);
    const entries = seq.length === 1 && seq[0].local === 'sequence' ? structuralChildren(seq[0]) : [];
    const entry = entries.length === 1 ? entries[0] : undefined;
    const entryType = entry ? childNamed(entry, XS_NS, 'complexType') : undefined;
    const kvSeq = entryType ? structuralChildren(entryType) : [];
    const kv = kvSeq.length === 1 && kvSeq[0].local === 'sequence' ? structuralChildren(kvSeq[0]) : [];
    if (!entry || kv.length !== 2 || kv.some((k) => k.local !== 'element')) this.fail(d.el, 'IsDictionary type without the KeyValuePair shape (a sequence of one repeated entry of Key and Value)');
    const [k, v] = kv.map((e) => this.field(e, d.schema));
    const qualified = entry.attrs.form ? entry.attrs.form === 'qualified' : d.schema.elementQualified;
    if (!qualified) this.fail(entry, 'IsDictionary entries must be qualified elements of the type\'s namespace (elementFormDefault="qualified")');
    return {
      kind: 'dictionary',
      ...this.baseDecl(d),
      entry: { name: entry.attrs.name ?? '', ns: d.schema.targetNs },
      key: { name: k.name, type: k.type, nillable: k.nillable },
      value: { name: v.name, type: v.type, nillable: v.nillable },
    };
  }

  /**
   * `<xs:simpleType name="T">` with `<xs:restriction base="B">` (enumerations → enum, none → alias
   * of B) or `<xs:list>` of an enumeration (a WCF [Flags] enum).
   */
  private simpleType(d: Declared): TypeDecl {
    const parts = structuralChildren(d.el);
    const body = parts[0];
    if (parts.length !== 1) this.fail(d.el, 'xs:simpleType must hold exactly one of xs:restriction or xs:list');
    if (body.local === 'restriction') {
      const values = enumValues(body);
      if (values.length > 0) return { kind: 'enum', ...this.baseDecl(d), values };
      return { kind: 'alias', ...this.baseDecl(d), base: this.typeRef(body, body.attrs.base ?? '') };
    }
    if (body.local === 'list') return this.flagsType(d, body);
    return this.fail(body, `xs:${body.local} in xs:simpleType is not supported`);
  }

  /** `<xs:list><xs:simpleType><xs:restriction base="xs:string"><xs:enumeration value="…"/>…` or `<xs:list itemType="EnumType"/>` */
  private flagsType(d: Declared, list: XmlElement): TypeDecl {
    if (list.attrs.itemType) {
      const ref = this.typeRef(list, list.attrs.itemType);
      const target = ref.kind === 'named' ? this.simpleTypes.get(ref.key) : undefined;
      const restriction = target ? childNamed(target.el, XS_NS, 'restriction') : undefined;
      const values = restriction ? enumValues(restriction) : [];
      if (values.length === 0) this.fail(list, 'xs:list of a non-enumeration type is not supported');
      return { kind: 'flags', ...this.baseDecl(d), values };
    }
    const inner = childNamed(list, XS_NS, 'simpleType');
    const restriction = inner ? childNamed(inner, XS_NS, 'restriction') : undefined;
    const values = restriction ? enumValues(restriction) : [];
    if (values.length === 0) this.fail(list, 'xs:list of a non-enumeration type is not supported');
    return { kind: 'flags', ...this.baseDecl(d), values };
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
        requestTsName: this.exportScope.claim(`${tsBase}Request`),
        responseTsName: this.exportScope.claim(`${tsBase}Response`),
        encoderName: this.exportScope.claim(envelopeBuilderName(name)),
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
        headers[partName] = { name: decl.qname.local, ns: decl.qname.ns, type: this.typeRef(decl.el, typeAttr), nillable: decl.el.attrs.nillable === 'true', source: this.src(decl.el) };
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
    const decl = this.elements.get(typeKey(q));
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
    let fields: FieldDecl[];
    if (inline) {
      const parts2 = structuralChildren(inline);
      if (parts2.length > 1 || (parts2[0] && parts2[0].local !== 'sequence')) this.fail(inline, 'a wrapper element must hold a plain xs:sequence');
      fields = parts2[0] ? this.sequence(parts2[0], decl.schema) : [];
    } else if (decl.el.attrs.type) {
      const ref = this.typeRef(decl.el, decl.el.attrs.type);
      const t = ref.kind === 'named' ? this.types[ref.key] : undefined;
      if (!t || t.kind !== 'complex' || t.base) this.fail(decl.el, 'a wrapper element must have a complex type without a base');
      fields = t.fields;
    } else {
      fields = [];
    }
    return { element: q, fields, source: this.src(decl.el) };
  }
}
