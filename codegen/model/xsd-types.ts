/**
 * The XSD part of the model: every global declaration of the schemas by QName (collected by
 * build.ts), resolved into named TypeDecls, and the content models of elements and types.
 * One method per XSD construct; each quotes the grammar it accepts. Anything else stops
 * generation with its file:line (CodegenError): nothing is skipped silently.
 */
import { CodegenError } from '../errors.js';
import { NameScope, namespaceLabel, safeIdentifier } from '../names.js';
import { SER_NS, XS_NS, childNamed, resolveQName, structuralChildren, type XmlElement } from '../xml.js';
import { BUILTINS, typeKey, type BuiltinName, type FieldDecl, type QName, type Source, type TypeDecl, type TypeRef } from './ir.js';
import { collectionItem, enumValues, isDictionary } from './wcf.js';

/** Simple types of the Microsoft serialization schema that the runtime knows as builtins. */
const SER_BUILTINS: Record<string, BuiltinName> = { guid: 'ser:guid', char: 'ser:char', duration: 'ser:duration' };

export interface Schema {
  targetNs: string;
  elementQualified: boolean;
  el: XmlElement;
}

export interface Declared {
  schema: Schema;
  el: XmlElement;
  qname: QName;
}

export class XsdTypes {
  readonly complexTypes = new Map<string, Declared>();
  readonly simpleTypes = new Map<string, Declared>();
  readonly elements = new Map<string, Declared>();
  private readonly tsNames = new Map<string, string>();
  /** The resolved named types, by key (see typeKey). */
  readonly types: Record<string, TypeDecl> = {};
  /** Every name the generated files export (types first; build.ts claims the operations' names after). */
  exportScope = new NameScope();

  constructor(private readonly file: string) {}

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

  /**
   * One global declaration of `<xs:schema>`: `xs:element`, `xs:complexType`, `xs:simpleType`
   * or `xs:attribute`. Returns false for anything else (the caller decides).
   */
  declare(schema: Schema, child: XmlElement): boolean {
    const qname = { ns: schema.targetNs, local: child.attrs.name ?? '' };
    switch (child.local) {
      case 'element':
        this.elements.set(typeKey(qname), { schema, el: child, qname });
        return true;
      case 'complexType':
        this.complexTypes.set(typeKey(qname), { schema, el: child, qname });
        return true;
      case 'simpleType':
        this.simpleTypes.set(typeKey(qname), { schema, el: child, qname });
        return true;
      case 'attribute':
        // WCF's object-reference attributes (ser:Id, ser:Ref, ser:FactoryType) are declared globally
        // in the serialization schema; no Services88 type uses them, and a type that does fails below.
        if (schema.targetNs !== SER_NS) this.fail(child, 'global xs:attribute declarations are not supported');
        return true;
      default:
        return false;
    }
  }

  /** Name and resolve every named type; `reserved` are the service's own declaration names. */
  resolve(serviceNs: string, reserved: Iterable<string>): void {
    this.assignTypeNames(serviceNs, reserved);
    for (const [key, d] of [...this.complexTypes, ...this.simpleTypes]) {
      if (this.isSerBuiltin(d.qname)) continue;
      this.types[key] = d.el.local === 'complexType' ? this.complexType(d) : this.simpleType(d);
    }
    this.checkInlineCycles();
  }

  private isSerBuiltin(q: QName): boolean {
    return q.ns === SER_NS && q.local in SER_BUILTINS;
  }

  /** TypeScript names: the service's own declarations first, then types of the service namespace, then the rest. */
  private assignTypeNames(serviceNs: string, reserved: Iterable<string>): void {
    const scope = new NameScope(reserved);
    const all = [...this.complexTypes.values(), ...this.simpleTypes.values()].filter((d) => !this.isSerBuiltin(d.qname));
    const own = all.filter((d) => d.qname.ns === serviceNs);
    const foreign = all.filter((d) => d.qname.ns !== serviceNs);
    for (const d of own) this.tsNames.set(typeKey(d.qname), scope.claim(safeIdentifier(d.qname.local)));
    for (const d of foreign) {
      const plain = safeIdentifier(d.qname.local);
      const name = scope.has(plain) ? scope.claim(`${plain}_${namespaceLabel(d.qname.ns)}`) : scope.claim(plain);
      this.tsNames.set(typeKey(d.qname), name);
    }
    this.exportScope = scope;
  }

  /** A type reference from a `type="prefix:name"` attribute: a builtin, or a declared named type. */
  typeRef(el: XmlElement, value: string): TypeRef {
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
  sequence(seq: XmlElement, schema: Schema): FieldDecl[] {
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
}
