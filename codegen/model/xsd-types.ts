/**
 * The XSD part of the model: every global declaration of the schemas by QName (collected by
 * build.ts), resolved into named TypeDecls, and the content models of elements and types.
 * One method per XSD construct; each quotes the grammar it accepts. Anything else stops
 * generation with its file:line (CodegenError): nothing is skipped silently. The mapping of each
 * construct is stated once, in docs/guide/xsd-mapping.md.
 */
import { CodegenError } from '../errors.js';
import { MemberScope, NameScope, namespaceLabel, safeIdentifier } from '../names.js';
import { SER_NS, XS_NS, childNamed, resolveQName, structuralChildren, type XmlElement } from '../xml.js';
import {
  BUILTINS, typeKey, type AttributeDecl, type BuiltinName, type ChoiceMember, type ComplexTypeDecl, type FieldDecl,
  type GroupDecl, type ParticleDecl, type QName, type Source, type TypeDecl, type TypeRef, type WildcardDecl,
} from './ir.js';
import { collectionItem, enumValues, isDictionary } from './wcf.js';

/** Simple types of the Microsoft serialization schema that the runtime knows as builtins. */
const SER_BUILTINS: Record<string, BuiltinName> = { guid: 'ser:guid', char: 'ser:char', duration: 'ser:duration' };

export interface Schema {
  targetNs: string;
  elementQualified: boolean;
  /** `attributeFormDefault="qualified"`. */
  attributeQualified?: boolean;
  el: XmlElement;
}

export interface Declared {
  schema: Schema;
  el: XmlElement;
  qname: QName;
}

/** The head of a TypeDecl being built. */
interface Head {
  qname: QName;
  tsName: string;
  source: Source;
}

/** The type whose content model is being read: anonymous types inside are named after it. */
interface Owner {
  /** TS name: an anonymous type inside is `<tsName>_<member key>`. */
  tsName: string;
  /** XSD path: an anonymous type inside is `<path>/<member key>`. */
  path: string;
  schema: Schema;
  /** Next number of a single xs:choice (numbered on from the base chain's). */
  choices: number;
}

/** Where in a content model a particle stands. */
interface Place {
  /** The member keys of the object the particle's members go into. */
  scope: MemberScope;
  /** Inside an optional (minOccurs=0) sequence or a flattened choice: every member is optional. */
  optional: boolean;
  /** Inside an alternative of a single choice. */
  choice?: ChoiceMember;
  /** Inside a repeated group: only elements and wildcards (nested choices flattened). */
  inGroup: boolean;
  /** xs:group refs being expanded (a group that contains itself is an error, not a hang). */
  groups: string[];
}

type Table = 'element' | 'complexType' | 'simpleType' | 'attribute' | 'group' | 'attributeGroup';

export class XsdTypes {
  private readonly tables: Record<Table, Map<string, Declared>> = {
    element: new Map(), complexType: new Map(), simpleType: new Map(), attribute: new Map(), group: new Map(), attributeGroup: new Map(),
  };
  readonly complexTypes = this.tables.complexType;
  readonly simpleTypes = this.tables.simpleType;
  readonly elements = this.tables.element;
  private readonly tsNames = new Map<string, string>();
  private readonly resolved = new Map<string, TypeDecl>();
  private readonly resolving = new Set<string>();
  /** Anonymous types of global elements, by the element's key. */
  private readonly elementTypes = new Map<string, TypeRef>();
  /** Anonymous types made while resolving the named ones (listed after them); later ones go straight into `types`. */
  private readonly anonymousKeys: string[] = [];
  /** Anonymous types waiting for their base to be resolved (see anonymous). */
  private readonly deferred: (() => void)[] = [];
  private settled = false;
  /** The named types, by key (see typeKey): named complex types, named simple types, then anonymous types. */
  readonly types: Record<string, TypeDecl> = {};
  /** Every name the generated files export (types first; build.ts claims the operations' names after). */
  exportScope = new NameScope();

  constructor(private readonly file: string) {}

  private src(el: XmlElement): Source {
    return { file: el.file, line: el.line };
  }

  private where(el: XmlElement): string {
    return `${el.file}:${el.line}`;
  }

  private fail(el: XmlElement, message: string): never {
    throw new CodegenError(message, this.src(el));
  }

  private qname(el: XmlElement, value: string | undefined, what: string): QName {
    if (!value) this.fail(el, `<xs:${el.local}> has no ${what}`);
    return resolveQName(el, value, this.file);
  }

  // ── declarations ────────────────────────────────────────────────────────────────────────────

  /**
   * One global declaration of `<xs:schema>`: `xs:element`, `xs:complexType`, `xs:simpleType`,
   * `xs:attribute`, `xs:group` or `xs:attributeGroup`. Returns false for anything else (the
   * caller decides). A second declaration of one QName is an error naming both.
   */
  declare(schema: Schema, child: XmlElement): boolean {
    if (!(child.local in this.tables)) return false;
    const table = child.local as Table;
    const name = child.attrs.name;
    if (!name) this.fail(child, `a global xs:${table} needs a name`);
    const qname = { ns: schema.targetNs, local: name };
    const key = typeKey(qname);
    // Types share one symbol space: a complexType and a simpleType of one name clash too.
    const same = table === 'complexType' || table === 'simpleType' ? this.complexTypes.get(key) ?? this.simpleTypes.get(key) : this.tables[table].get(key);
    if (same) this.fail(child, `{${qname.ns}}${name} is declared twice (xs:${same.el.local} at ${this.where(same.el)}, and xs:${table} here)`);
    this.tables[table].set(key, { schema, el: child, qname });
    return true;
  }

  /** Substitution group heads (by key) and the global elements that name them (`substitutionGroup`), in document order; computed on first use. */
  private substitutes: Map<string, QName[]> | undefined;

  /**
   * Refuse an element ref to the head of a substitution group: any of its members may arrive in its
   * place, which no generated type or descriptor can say (substitution groups are not supported).
   */
  private refuseSubstitutionHead(at: XmlElement, ref: string, head: QName): void {
    if (this.substitutes === undefined) {
      this.substitutes = new Map();
      for (const d of this.tables.element.values()) {
        const sg = d.el.attrs.substitutionGroup;
        if (!sg) continue;
        for (const token of sg.trim().split(/\s+/)) {
          const key = typeKey(this.qname(d.el, token, 'substitutionGroup'));
          const list = this.substitutes.get(key);
          if (list === undefined) this.substitutes.set(key, [d.qname]);
          else list.push(d.qname);
        }
      }
    }
    const members = this.substitutes.get(typeKey(head));
    if (members === undefined) return;
    this.fail(
      at,
      `element ref ${ref}: ${head.local} is the head of a substitution group (${members.map((m) => m.local).join(', ')} may stand in its place), which is not supported: ` +
        'list the elements that may occur in an xs:choice in a local copy of the schema',
    );
  }

  private lookup(table: Table, at: XmlElement, ref: string | undefined): Declared {
    const q = this.qname(at, ref, 'ref');
    const d = this.tables[table].get(typeKey(q));
    if (!d) this.fail(at, `xs:${table} ${ref} ({${q.ns}}${q.local}) is not declared`);
    return d;
  }

  // ── resolution ──────────────────────────────────────────────────────────────────────────────

  /** Name and resolve every named type; `reserved` are the service's own declaration names. */
  resolve(serviceNs: string, reserved: Iterable<string>): void {
    this.assignTypeNames(serviceNs, reserved);
    const named = [...this.complexTypes.keys(), ...this.simpleTypes.keys()].filter((k) => this.tsNames.has(k));
    for (const key of named) this.named(key);
    for (const key of named) this.types[key] = this.resolved.get(key)!;
    for (const key of this.anonymousKeys) this.types[key] = this.resolved.get(key)!;
    this.settled = true;
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

  /** The resolved decl of a named type; a type met again while it is being resolved (its own base) is a cycle. */
  private named(key: string): TypeDecl {
    const done = this.resolved.get(key);
    if (done) return done;
    const d = this.complexTypes.get(key) ?? this.simpleTypes.get(key)!;
    if (this.resolving.has(key)) this.fail(d.el, `${d.qname.local} derives from itself (a cycle of xs:extension/xs:restriction bases or xs:list items)`);
    this.resolving.add(key);
    const head = { qname: d.qname, tsName: this.tsNames.get(key)!, source: this.src(d.el) };
    const decl = d.el.local === 'complexType' ? this.complexType(d.el, d.schema, head, false) : this.simpleType(d.el, d.schema, head);
    this.resolving.delete(key);
    this.resolved.set(key, decl);
    this.drainDeferred();
    return decl;
  }

  /**
   * A new anonymous type of `el` (an inline xs:complexType or xs:simpleType), named `tsName`, keyed by its `path`.
   * One that derives from a named type still being resolved (ws-policy's `<Policy>` extends
   * `OperatorContentType`, whose particles ref `<Policy>`) is recursion through an element, not a
   * derivation cycle: it is named now and resolved once that base is done.
   */
  private anonymous(el: XmlElement, schema: Schema, path: string, tsName: string): TypeRef {
    const qname = { ns: schema.targetNs, local: path };
    const key = typeKey(qname);
    const head = { qname, tsName: this.exportScope.claim(safeIdentifier(tsName)), source: this.src(el) };
    const build = () => {
      const decl = el.local === 'complexType' ? this.complexType(el, schema, head, true) : this.simpleType(el, schema, head);
      this.resolved.set(key, decl);
      if (this.settled) this.types[key] = decl;
    };
    const base = this.derivationBase(el);
    if (base && this.resolving.has(base)) {
      this.anonymousKeys.push(key);
      this.deferred.push(build);
      return { kind: 'named', key };
    }
    build();
    if (!this.settled) this.anonymousKeys.push(key);
    return { kind: 'named', key };
  }

  /** The key of the named base of an inline complex type's `xs:complexContent`/`xs:simpleContent` derivation, if any. */
  private derivationBase(ct: XmlElement): string | undefined {
    if (ct.local !== 'complexType') return undefined;
    const content = structuralChildren(ct)[0];
    if (content?.local !== 'complexContent' && content?.local !== 'simpleContent') return undefined;
    const base = structuralChildren(content)[0]?.attrs.base;
    return base ? typeKey(resolveQName(content, base, this.file)) : undefined;
  }

  /** Resolve the anonymous types that waited for their base (see anonymous). */
  private drainDeferred(): void {
    while (this.resolving.size === 0 && this.deferred.length > 0) this.deferred.shift()!();
  }

  /** A type reference from a `type="prefix:name"` attribute: a builtin, or a declared named type. */
  typeRef(el: XmlElement, value: string): TypeRef {
    const q = this.qname(el, value, 'type');
    if (q.ns === XS_NS) {
      const name = `xs:${q.local}` as BuiltinName;
      if (!(BUILTINS as readonly string[]).includes(name)) this.fail(el, `xs:${q.local} is not an XSD 1.0 builtin type`);
      return { kind: 'builtin', name };
    }
    if (this.isSerBuiltin(q)) return { kind: 'builtin', name: SER_BUILTINS[q.local] };
    const key = typeKey(q);
    if (!this.complexTypes.has(key) && !this.simpleTypes.has(key)) this.fail(el, `type ${value} ({${q.ns}}${q.local}) is not declared`);
    return { kind: 'named', key };
  }

  /** A reference to a simple type (attributes, list items, simple content): never a complex type. */
  private simpleRef(el: XmlElement, value: string): TypeRef {
    const ref = this.typeRef(el, value);
    if (ref.kind === 'named' && this.complexTypes.has(ref.key)) this.fail(el, `${value} is a complex type where a simple type is required`);
    if (ref.kind === 'builtin' && ref.name === 'xs:anyType') return { kind: 'builtin', name: 'xs:anySimpleType' };
    return ref;
  }

  /**
   * The type of a global element: its `type`, its anonymous type (a named type called after the
   * element, `/Element`), or xs:anyType when it has neither.
   */
  elementType(d: Declared): TypeRef {
    const key = typeKey(d.qname);
    const known = this.elementTypes.get(key);
    if (known) return known;
    const ref = this.typeOf(d.el, d.schema, `/${d.qname.local}`, d.qname.local);
    this.elementTypes.set(key, ref);
    return ref;
  }

  /** `type="T"`, an inline `xs:complexType`/`xs:simpleType` (anonymous: `path`, `tsName`), or none (xs:anyType). */
  private typeOf(el: XmlElement, schema: Schema, path: string, tsName: string): TypeRef {
    const inline = structuralChildren(el).filter((c) => c.ns === XS_NS && (c.local === 'complexType' || c.local === 'simpleType'));
    if (el.attrs.type) {
      if (inline.length > 0) this.fail(inline[0], `element ${el.attrs.name} has both type="${el.attrs.type}" and an inline type`);
      return this.typeRef(el, el.attrs.type);
    }
    if (inline.length > 0) return this.anonymous(inline[0], schema, path, tsName);
    return { kind: 'builtin', name: 'xs:anyType' };
  }

  // ── complex types ───────────────────────────────────────────────────────────────────────────

  /**
   * `<xs:complexType [abstract] [mixed="false"]>` holding `xs:simpleContent`, `xs:complexContent`,
   * or a model group (`xs:sequence`, `xs:choice`, `xs:all`, `xs:group ref`) followed by attributes.
   * Named WCF collections and dictionaries are recognised first.
   */
  private complexType(ct: XmlElement, schema: Schema, head: Head, anonymous: boolean): TypeDecl {
    if (!anonymous) {
      if (isDictionary(ct)) return this.dictionaryType(ct, schema, head);
      const item = collectionItem(ct);
      if (item && !ct.attrs.mixed) return this.arrayType(item, schema, head);
    }
    const decl: ComplexTypeDecl = { kind: 'complex', ...head, abstract: ct.attrs.abstract === 'true', fields: [] };
    if (isMixed(ct)) decl.mixed = true;
    if (anonymous) decl.anonymous = true;
    const owner: Owner = { tsName: head.tsName, path: head.qname.local, schema, choices: 0 };
    const parts = structuralChildren(ct);
    const first = parts[0];
    if (first?.local === 'simpleContent') return this.only(parts, this.simpleContent(first, decl, owner));
    if (first?.local === 'complexContent') return this.only(parts, this.complexContent(first, decl, owner));
    this.content(parts, decl, owner, new MemberScope());
    return decl;
  }

  /** `mixed="true"` where the element is not kept as raw XML (a wrapper): its text would be lost, so it is refused. */
  private refuseMixed(el: XmlElement): void {
    if (isMixed(el)) this.fail(el, 'mixed content (mixed="true") is not supported here: text between elements would be lost');
  }

  /** Whether a type reference is a complex type of mixed content (kept as raw XML where an element has it: see field). */
  isMixed(ref: TypeRef): boolean {
    if (ref.kind !== 'named') return false;
    const d = this.complexTypes.get(ref.key);
    return d !== undefined ? isMixed(d.el) : (this.resolved.get(ref.key) as ComplexTypeDecl | undefined)?.mixed === true;
  }

  private only(parts: XmlElement[], decl: TypeDecl): TypeDecl {
    if (parts.length > 1) this.fail(parts[1], `xs:${parts[1].local} after xs:${parts[0].local} in a complex type`);
    return decl;
  }

  /** A content model into `decl`: `(xs:sequence | xs:choice | xs:all | xs:group)?, (xs:attribute | xs:attributeGroup)*, xs:anyAttribute?` */
  private content(parts: XmlElement[], decl: ComplexTypeDecl, owner: Owner, scope: MemberScope): void {
    const isModel = (p: XmlElement) => p.ns === XS_NS && ['sequence', 'choice', 'all', 'group'].includes(p.local);
    const models = parts.filter(isModel);
    if (models.length > 1) this.fail(models[1], `a second model group (xs:${models[1].local}) in one content model`);
    if (models[0]) {
      decl.fields = this.particle(models[0], owner, { scope, optional: false, inGroup: false, groups: [] });
    }
    this.attributes(parts.filter((p) => !isModel(p)), owner, scope, decl, []);
  }

  /**
   * `<xs:complexContent [mixed="false"]>` with `<xs:extension base="B">` (B's members first, then
   * the content model) or `<xs:restriction base="B">` (a complex type of its own restated particles:
   * no TS `extends`; B's attributes stay unless prohibited).
   */
  private complexContent(cc: XmlElement, decl: ComplexTypeDecl, owner: Owner): TypeDecl {
    const parts = structuralChildren(cc);
    const der = parts[0];
    if (parts.length !== 1 || (der.local !== 'extension' && der.local !== 'restriction')) this.fail(parts[0] ?? cc, 'xs:complexContent must hold one xs:extension or xs:restriction');
    const baseRef = this.typeRef(der, der.attrs.base ?? '');
    const inner = structuralChildren(der);
    if (baseRef.kind === 'builtin') {
      if (baseRef.name !== 'xs:anyType') this.fail(der, `the base of a complex type must be a complex type (${der.attrs.base})`);
      this.content(inner, decl, owner, new MemberScope());
      return decl;
    }
    if (!this.complexTypes.has(baseRef.key)) this.fail(der, `the base of a complex type must be a complex type (${der.attrs.base} is a simple type)`);
    const base = this.named(baseRef.key);
    if (der.local === 'restriction') {
      this.content(inner, decl, owner, new MemberScope());
      if (base.kind === 'complex') this.inheritAttributes(der, base, decl);
      return decl;
    }
    if (base.kind === 'dictionary') this.fail(der, `${base.qname.local} is a WCF dictionary: a type extending it is not supported`);
    if (base.kind === 'array') {
      // A WCF collection is written as a plain array, which has no room for fields: the derived
      // type is a complex type of its own, the collection's item element first.
      const item: FieldDecl = { name: base.item.name, ns: base.item.ns, type: base.item.type, minOccurs: 0, maxOccurs: 'unbounded', nillable: base.item.nillable, source: base.source };
      const scope = new MemberScope([item.name]);
      this.content(inner, decl, owner, scope);
      decl.fields.unshift(item);
      return decl;
    }
    if (base.kind !== 'complex') this.fail(der, `the base of a complex type must be a complex type (${der.attrs.base})`);
    decl.base = baseRef.key;
    owner.choices = this.chainChoices(base);
    this.content(inner, decl, owner, new MemberScope(this.chainKeys(base)));
    if (this.chainAnyAttribute(base)) decl.anyAttribute = true;
    return decl;
  }

  /** The member keys of a complex type and its base chain. */
  private chainKeys(t: ComplexTypeDecl): string[] {
    const own = [...t.fields.map(memberKey), ...(t.attributes ?? []).map((a) => a.key ?? a.name)];
    return t.base ? [...this.chainKeys(this.resolved.get(t.base) as ComplexTypeDecl), ...own] : own;
  }

  private chainChoices(t: ComplexTypeDecl): number {
    const own = t.fields.reduce((n, f) => (f.kind === undefined && f.choice ? Math.max(n, f.choice.index + 1) : n), 0);
    return Math.max(own, t.base ? this.chainChoices(this.resolved.get(t.base) as ComplexTypeDecl) : 0);
  }

  private chainAnyAttribute(t: ComplexTypeDecl): boolean {
    return !!t.anyAttribute || (t.base !== undefined && this.chainAnyAttribute(this.resolved.get(t.base) as ComplexTypeDecl));
  }

  /** A restriction keeps the base chain's attributes it does not restate or prohibit. */
  private inheritAttributes(der: XmlElement, base: ComplexTypeDecl, decl: ComplexTypeDecl): void {
    const stated = new Set(structuralChildren(der).filter((p) => p.local === 'attribute').map((p) => p.attrs.name ?? this.qname(p, p.attrs.ref, 'ref').local));
    const inherited: AttributeDecl[] = [];
    for (let t: ComplexTypeDecl | undefined = base; t; t = t.base ? (this.resolved.get(t.base) as ComplexTypeDecl) : undefined) {
      inherited.unshift(...(t.attributes ?? []).filter((a) => !stated.has(a.name)));
    }
    if (inherited.length === 0) return;
    const scope = new MemberScope(decl.fields.map(memberKey));
    const all = [...inherited, ...(decl.attributes ?? [])].map(({ key: _, ...a }) => ({ ...a, key: scope.claim(a.name) }));
    decl.attributes = all.map((a) => (a.key === a.name ? (({ key: _, ...rest }) => rest)(a) : a));
    if (this.chainAnyAttribute(base)) decl.anyAttribute = true;
  }

  /**
   * `<xs:simpleContent>` with `<xs:extension base="B">` or `<xs:restriction base="B">` and attributes:
   * the element's text is `$value` of B's simple type (a complex B with simple content: its text type, attributes and, for an extension, TS `extends`).
   */
  private simpleContent(sc: XmlElement, decl: ComplexTypeDecl, owner: Owner): TypeDecl {
    const parts = structuralChildren(sc);
    const der = parts[0];
    if (parts.length !== 1 || (der.local !== 'extension' && der.local !== 'restriction')) this.fail(parts[0] ?? sc, 'xs:simpleContent must hold one xs:extension or xs:restriction');
    const baseRef = this.typeRef(der, der.attrs.base ?? '');
    const inner = structuralChildren(der).filter((p) => !(p.local === 'simpleType' || (p.ns === XS_NS && FACETS.has(p.local))));
    if (baseRef.kind === 'named' && this.complexTypes.has(baseRef.key)) {
      const base = this.named(baseRef.key);
      if (base.kind !== 'complex' || !base.text) this.fail(der, `${der.attrs.base} has no simple content to extend`);
      decl.text = base.text;
      if (der.local === 'extension') {
        decl.base = baseRef.key;
        this.attributes(inner, owner, new MemberScope(this.chainKeys(base)), decl, []);
        if (this.chainAnyAttribute(base)) decl.anyAttribute = true;
      } else {
        this.attributes(inner, owner, new MemberScope(), decl, []);
        this.inheritAttributes(der, base, decl);
      }
      return decl;
    }
    decl.text = baseRef.kind === 'builtin' && baseRef.name === 'xs:anyType' ? { kind: 'builtin', name: 'xs:anySimpleType' } : baseRef;
    this.attributes(inner, owner, new MemberScope(), decl, []);
    return decl;
  }

  // ── particles ───────────────────────────────────────────────────────────────────────────────

  /** One particle: `xs:element`, `xs:any`, `xs:sequence`, `xs:all`, `xs:choice` or `xs:group ref`, with `occursOf` giving its occurrence (a group ref's). */
  private particle(p: XmlElement, owner: Owner, at: Place, occursOf: XmlElement = p): ParticleDecl[] {
    if (p.ns !== XS_NS) this.fail(p, `unexpected element {${p.ns}}${p.local} in a content model`);
    switch (p.local) {
      case 'element':
        return [this.field(p, owner, at)];
      case 'any':
        return [this.wildcard(p, at)];
      case 'group':
        return this.groupRef(p, owner, at);
      case 'sequence':
      case 'all':
        return this.sequence(p, owner, at, occursOf);
      case 'choice':
        return this.choice(p, owner, at, occursOf);
      default:
        return this.fail(p, `xs:${p.local} is not allowed in a content model`);
    }
  }

  private children(p: XmlElement, owner: Owner, at: Place): ParticleDecl[] {
    return structuralChildren(p).flatMap((c) => this.particle(c, owner, at));
  }

  /**
   * `<xs:sequence [minOccurs] [maxOccurs]>` (and `xs:all`, read like a sequence): its particles
   * inline; all optional when `minOccurs="0"`; repeated (maxOccurs > 1) → a group `$sequence`.
   */
  private sequence(seq: XmlElement, owner: Owner, at: Place, occursOf: XmlElement): ParticleDecl[] {
    const min = this.occurs(occursOf, 'minOccurs');
    const max = this.maxOccurs(occursOf);
    if (max === 0) return [];
    if (max === 1) return this.children(seq, owner, { ...at, optional: at.optional || min === 0 });
    return [this.group(seq, owner, at, false, min, max)];
  }

  /**
   * `<xs:choice>`: single → its alternatives' fields carry `choice` (an exclusive union in TS);
   * repeated → a group `$choice` of one-member objects. Inside an alternative or a repeated group,
   * a nested choice is flattened to optional members.
   */
  private choice(ch: XmlElement, owner: Owner, at: Place, occursOf: XmlElement): ParticleDecl[] {
    const min = this.occurs(occursOf, 'minOccurs');
    const max = this.maxOccurs(occursOf);
    if (max === 0) return [];
    if (max !== 1) return [this.group(ch, owner, at, true, min, max)];
    if (at.inGroup || at.choice) return this.children(ch, owner, { ...at, optional: true });
    const index = owner.choices++;
    const optional = at.optional || min === 0;
    return structuralChildren(ch).flatMap((alt, alternative) => this.particle(alt, owner, { ...at, optional, choice: { index, alternative, optional } }));
  }

  /** A repeated sequence or choice: one array of objects under `$sequence`/`$choice`. */
  private group(el: XmlElement, owner: Owner, at: Place, choice: boolean, min: number, max: number | 'unbounded'): GroupDecl {
    if (at.inGroup) this.fail(el, `a repeated xs:${el.local} inside a repeated group is not supported`);
    const inner: Place = { scope: new MemberScope(), optional: false, inGroup: true, groups: at.groups };
    const fields = structuralChildren(el).flatMap((c) => {
      if (choice && c.local !== 'element' && c.local !== 'any') this.fail(c, `xs:${c.local} as an alternative of a repeated xs:choice is not supported (only xs:element and xs:any)`);
      return this.particle(c, owner, inner);
    }) as (FieldDecl | WildcardDecl)[];
    return { kind: 'group', key: at.scope.claim(choice ? '$choice' : '$sequence'), choice, minOccurs: at.optional ? 0 : min, maxOccurs: max, fields, source: this.src(el) };
  }

  /** `<xs:group ref="G" [minOccurs] [maxOccurs]/>`: G's model group inline, with the ref's occurrence. */
  private groupRef(ref: XmlElement, owner: Owner, at: Place): ParticleDecl[] {
    if (!ref.attrs.ref) this.fail(ref, 'a local xs:group needs ref=');
    const g = this.lookup('group', ref, ref.attrs.ref);
    const key = typeKey(g.qname);
    if (at.groups.includes(key)) this.fail(ref, `xs:group ${g.qname.local} contains itself (declared at ${this.where(g.el)})`);
    const model = structuralChildren(g.el);
    if (model.length !== 1) this.fail(g.el, 'xs:group must hold one xs:sequence, xs:choice or xs:all');
    const saved = owner.schema;
    owner.schema = g.schema;
    try {
      return this.particle(model[0], owner, { ...at, groups: [...at.groups, key] }, ref);
    } finally {
      owner.schema = saved;
    }
  }

  /** `<xs:any [namespace] [processContents] [minOccurs] [maxOccurs]/>`: raw XML under `$any`. */
  private wildcard(el: XmlElement, at: Place): WildcardDecl {
    return { kind: 'any', key: at.scope.claim('$any'), minOccurs: at.optional ? 0 : this.occurs(el, 'minOccurs'), maxOccurs: this.maxOccurs(el), source: this.src(el) };
  }

  /**
   * `<xs:element name="N" [type="T"] [minOccurs] [maxOccurs] [nillable] [form]>` with an optional
   * inline (anonymous) type, or `<xs:element ref="G" [minOccurs] [maxOccurs]/>`. No type = xs:anyType.
   */
  private field(el: XmlElement, owner: Owner, at: Place): FieldDecl | WildcardDecl {
    const mixed = this.mixedElement(el, owner);
    if (mixed) {
      // Mixed content (text between elements) has no typed form: the element is kept whole as raw
      // XML, like xs:any, under its own name; its text is never dropped.
      const key = at.scope.claim(mixed.local);
      return { kind: 'any', key, minOccurs: at.optional ? 0 : this.occurs(el, 'minOccurs'), maxOccurs: this.maxOccurs(el), element: mixed, source: this.src(el) };
    }
    return this.typedField(el, owner, at);
  }

  /** The QName of an element whose type has mixed content (`<xs:complexType mixed="true">`, or its xs:complexContent), if it has. */
  private mixedElement(el: XmlElement, owner: Owner): QName | undefined {
    let decl = el;
    let ns: string;
    if (el.attrs.ref) {
      const q = this.qname(el, el.attrs.ref, 'ref');
      if (q.ns === XS_NS) return undefined;
      decl = this.lookup('element', el, el.attrs.ref).el;
      ns = q.ns;
    } else {
      const qualified = el.attrs.form ? el.attrs.form === 'qualified' : owner.schema.elementQualified;
      ns = qualified ? owner.schema.targetNs : '';
    }
    const inline = childNamed(decl, XS_NS, 'complexType');
    const mixed = decl.attrs.type ? this.isMixed(this.typeRef(decl, decl.attrs.type)) : inline !== undefined && isMixed(inline);
    return mixed ? { ns, local: decl.attrs.name ?? '' } : undefined;
  }

  private typedField(el: XmlElement, owner: Owner, at: Place): FieldDecl {
    let name: string;
    let ns: string;
    let type: TypeRef;
    let nillable: boolean;
    let key: string;
    if (el.attrs.ref && this.qname(el, el.attrs.ref, 'ref').ns === XS_NS) {
      // `<s:element ref="s:schema"/>` (a .NET DataSet): an inline schema document, kept as xs:anyType.
      name = this.qname(el, el.attrs.ref, 'ref').local;
      ns = XS_NS;
      key = at.scope.claim(name);
      type = { kind: 'builtin', name: 'xs:anyType' };
      nillable = false;
    } else if (el.attrs.ref) {
      const g = this.lookup('element', el, el.attrs.ref);
      this.refuseSubstitutionHead(el, el.attrs.ref, g.qname);
      name = g.qname.local;
      ns = g.qname.ns;
      key = at.scope.claim(name);
      type = this.elementType(g);
      nillable = g.el.attrs.nillable === 'true';
    } else {
      if (!el.attrs.name) this.fail(el, 'xs:element without a name or ref');
      name = el.attrs.name;
      const qualified = el.attrs.form ? el.attrs.form === 'qualified' : owner.schema.elementQualified;
      ns = qualified ? owner.schema.targetNs : '';
      key = at.scope.claim(name);
      type = this.typeOf(el, owner.schema, `${owner.path}/${key}`, `${owner.tsName}_${key}`);
      nillable = el.attrs.nillable === 'true';
    }
    const f: FieldDecl = {
      name,
      ns,
      type,
      minOccurs: at.optional ? 0 : this.occurs(el, 'minOccurs'),
      maxOccurs: this.maxOccurs(el),
      nillable,
      source: this.src(el),
    };
    if (key !== name) f.key = key;
    if (at.choice) f.choice = at.choice;
    return f;
  }

  private occurs(el: XmlElement, attr: 'minOccurs' | 'maxOccurs'): number {
    const v = el.attrs[attr];
    if (v === undefined) return 1;
    const n = Number(v);
    if (!Number.isInteger(n) || n < 0) this.fail(el, `${attr}="${v}" is not a non-negative integer`);
    return n;
  }

  private maxOccurs(el: XmlElement): number | 'unbounded' {
    return el.attrs.maxOccurs === 'unbounded' ? 'unbounded' : this.occurs(el, 'maxOccurs');
  }

  /**
   * The particles of a wrapper element's inline `<xs:complexType>` (operations): a model group
   * (xs:sequence, xs:all, xs:choice, xs:group) or nothing; anonymous types inside are named after `element`.
   * A wrapper has no place for attributes or simple content: those are refused.
   */
  wrapperFields(ct: XmlElement, schema: Schema, element: string): ParticleDecl[] {
    this.refuseMixed(ct);
    const parts = structuralChildren(ct);
    const other = parts.find((p) => !(p.ns === XS_NS && ['sequence', 'choice', 'all', 'group'].includes(p.local)));
    if (other) this.fail(other, `xs:${other.local} in a wrapper element is not supported (a wrapper holds one xs:sequence, xs:all, xs:choice or xs:group)`);
    const owner: Owner = { tsName: safeIdentifier(element), path: `/${element}`, schema, choices: 0 };
    const decl: ComplexTypeDecl = { kind: 'complex', qname: { ns: schema.targetNs, local: element }, tsName: owner.tsName, source: this.src(ct), abstract: false, fields: [] };
    this.content(parts, decl, owner, new MemberScope());
    return decl.fields;
  }

  // ── attributes ──────────────────────────────────────────────────────────────────────────────

  /** `(xs:attribute | xs:attributeGroup ref)*, xs:anyAttribute?` into `decl`, keys after the elements'. */
  private attributes(parts: XmlElement[], owner: Owner, scope: MemberScope, decl: ComplexTypeDecl, groups: string[]): void {
    for (const p of parts) {
      if (p.ns !== XS_NS) this.fail(p, `unexpected element {${p.ns}}${p.local} in a complex type`);
      if (p.local === 'anyAttribute') {
        decl.anyAttribute = true;
      } else if (p.local === 'attribute') {
        const a = this.attribute(p, owner, scope);
        if (a) (decl.attributes ??= []).push(a);
      } else if (p.local === 'attributeGroup') {
        const g = this.lookup('attributeGroup', p, p.attrs.ref);
        const key = typeKey(g.qname);
        if (groups.includes(key)) this.fail(p, `xs:attributeGroup ${g.qname.local} contains itself (declared at ${this.where(g.el)})`);
        this.attributes(structuralChildren(g.el), { ...owner, schema: g.schema }, scope, decl, [...groups, key]);
      } else {
        this.fail(p, `xs:${p.local} is not supported here (a complex type holds one model group, then attributes)`);
      }
    }
  }

  /**
   * `<xs:attribute name="a" [type="T"] [use] [form]>` (optionally an inline simple type) or
   * `<xs:attribute ref="G" [use]/>`; `use="prohibited"` → nothing.
   */
  private attribute(el: XmlElement, owner: Owner, scope: MemberScope): AttributeDecl | undefined {
    if (el.attrs.use === 'prohibited') return undefined;
    let name: string;
    let ns: string;
    let type: TypeRef;
    let key: string;
    if (el.attrs.ref) {
      const g = this.lookup('attribute', el, el.attrs.ref);
      name = g.qname.local;
      ns = g.qname.ns;
      key = scope.claim(name);
      type = this.attributeType(g.el, g.schema, `/@${name}`, name);
    } else {
      if (!el.attrs.name) this.fail(el, 'xs:attribute without a name or ref');
      name = el.attrs.name;
      const qualified = el.attrs.form ? el.attrs.form === 'qualified' : !!owner.schema.attributeQualified;
      ns = qualified ? owner.schema.targetNs : '';
      key = scope.claim(name);
      type = this.attributeType(el, owner.schema, `${owner.path}/@${key}`, `${owner.tsName}_${key}`);
    }
    const a: AttributeDecl = { name, ns, type, required: el.attrs.use === 'required', source: this.src(el) };
    if (key !== name) a.key = key;
    return a;
  }

  private attributeType(el: XmlElement, schema: Schema, path: string, tsName: string): TypeRef {
    const inline = childNamed(el, XS_NS, 'simpleType');
    if (el.attrs.type) return this.simpleRef(el, el.attrs.type);
    if (inline) return this.anonymous(inline, schema, path, tsName);
    return { kind: 'builtin', name: 'xs:anySimpleType' };
  }

  // ── WCF collections and dictionaries ────────────────────────────────────────────────────────

  /** A WCF collection: `ArrayOfX`, one repeated item element (see wcf.collectionItem). */
  private arrayType(item: XmlElement, schema: Schema, head: Head): TypeDecl {
    const owner: Owner = { tsName: head.tsName, path: head.qname.local, schema, choices: 0 };
    const f = this.typedField(item, owner, { scope: new MemberScope(), optional: false, inGroup: false, groups: [] });
    return { kind: 'array', ...head, item: { name: f.name, ns: f.ns, type: f.type, nillable: f.nillable } };
  }

  /**
   * A WCF dictionary (`IsDictionary`):
   * `<xs:sequence><xs:element minOccurs="0" maxOccurs="unbounded" name="…KeyValuePair"><xs:complexType>
   *  <xs:sequence><xs:element name="Key" …/><xs:element name="Value" …/></xs:sequence></xs:complexType></xs:element></xs:sequence>`
   */
  private dictionaryType(ct: XmlElement, schema: Schema, head: Head): TypeDecl {
    const seq = structuralChildren(ct);
    const entries = seq.length === 1 && seq[0].local === 'sequence' ? structuralChildren(seq[0]) : [];
    const entry = entries.length === 1 ? entries[0] : undefined;
    const entryType = entry ? childNamed(entry, XS_NS, 'complexType') : undefined;
    const kvSeq = entryType ? structuralChildren(entryType) : [];
    const kv = kvSeq.length === 1 && kvSeq[0].local === 'sequence' ? structuralChildren(kvSeq[0]) : [];
    if (!entry || kv.length !== 2 || kv.some((k) => k.local !== 'element')) this.fail(ct, 'IsDictionary type without the KeyValuePair shape (a sequence of one repeated entry of Key and Value)');
    const owner: Owner = { tsName: head.tsName, path: head.qname.local, schema, choices: 0 };
    const at: Place = { scope: new MemberScope(), optional: false, inGroup: false, groups: [] };
    const [k, v] = kv.map((e) => this.typedField(e, owner, at));
    const qualified = entry.attrs.form ? entry.attrs.form === 'qualified' : schema.elementQualified;
    if (!qualified) this.fail(entry, 'IsDictionary entries must be qualified elements of the type\'s namespace (elementFormDefault="qualified")');
    return {
      kind: 'dictionary',
      ...head,
      entry: { name: entry.attrs.name ?? '', ns: schema.targetNs },
      key: { name: k.name, type: k.type, nillable: k.nillable },
      value: { name: v.name, type: v.type, nillable: v.nillable },
    };
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

  // ── simple types ────────────────────────────────────────────────────────────────────────────

  /**
   * `<xs:simpleType>` with `<xs:restriction base="B">` (enumerations → enum; none → B itself under
   * this name: an alias of a builtin, or a copy of a named enum/flags/list), `<xs:list>` (of an
   * enumeration → flags, else a list) or `<xs:union>` (an alias of xs:string: its wire text).
   */
  private simpleType(st: XmlElement, schema: Schema, head: Head): TypeDecl {
    const parts = structuralChildren(st);
    const body = parts[0];
    if (parts.length !== 1) this.fail(st, 'xs:simpleType must hold exactly one of xs:restriction, xs:list or xs:union');
    if (body.local === 'restriction') {
      const values = enumValues(body);
      if (values.length > 0) return { kind: 'enum', ...head, values };
      const inner = childNamed(body, XS_NS, 'simpleType');
      if (inner && !body.attrs.base) return this.simpleType(inner, schema, head);
      const base = this.simpleRef(body, body.attrs.base ?? '');
      if (base.kind === 'builtin') return { kind: 'alias', ...head, base };
      const target = this.named(base.key);
      if (target.kind === 'enum' || target.kind === 'flags' || target.kind === 'list' || target.kind === 'alias') return { ...target, ...head };
      return this.fail(body, `${body.attrs.base} cannot be restricted to a simple type`);
    }
    if (body.local === 'list') return this.listType(body, schema, head);
    if (body.local === 'union') return { kind: 'alias', ...head, base: { kind: 'builtin', name: 'xs:string' } };
    return this.fail(body, `xs:${body.local} in xs:simpleType is not supported`);
  }

  /** `<xs:list itemType="T"/>` or `<xs:list><xs:simpleType>…</xs:simpleType></xs:list>`: flags when the item is an enumeration, else a list. */
  private listType(list: XmlElement, schema: Schema, head: Head): TypeDecl {
    const inline = childNamed(list, XS_NS, 'simpleType');
    let item: TypeRef;
    if (list.attrs.itemType) {
      item = this.simpleRef(list, list.attrs.itemType);
    } else if (inline) {
      const restriction = childNamed(inline, XS_NS, 'restriction');
      const values = restriction ? enumValues(restriction) : [];
      if (values.length > 0) return { kind: 'flags', ...head, values };
      item = this.anonymous(inline, schema, `${head.qname.local}/item`, `${head.tsName}_Item`);
    } else {
      return this.fail(list, 'xs:list needs itemType= or an inline xs:simpleType');
    }
    if (item.kind === 'named') {
      const t = this.named(item.key);
      if (t.kind === 'enum') return { kind: 'flags', ...head, values: t.values };
      if (t.kind === 'list' || t.kind === 'flags') this.fail(list, 'an xs:list of a list type');
    }
    return { kind: 'list', ...head, item };
  }
}

/** Constraining facets: an xs:simpleContent restriction may restate them; they do not change the mapping. */
const FACETS = new Set([
  'length', 'minLength', 'maxLength', 'pattern', 'enumeration', 'whiteSpace', 'maxInclusive', 'maxExclusive',
  'minExclusive', 'minInclusive', 'totalDigits', 'fractionDigits',
]);

/** The JS property of a particle. */
export function memberKey(p: ParticleDecl): string {
  return p.kind === undefined ? p.key ?? p.name : p.key;
}

/** `<xs:complexType mixed="true">`, or its `<xs:complexContent mixed="true">`. */
function isMixed(ct: XmlElement): boolean {
  if (ct.attrs.mixed === 'true') return true;
  const cc = childNamed(ct, XS_NS, 'complexContent');
  return cc?.attrs.mixed === 'true';
}
