/**
 * The documents of one WSDL: the WSDL itself and every document it reaches through `wsdl:import`
 * (`location`), `xs:import` and `xs:include` (`schemaLocation`), each resolved against the
 * document that names it and read once (cycles and repeats included). A chameleon `xs:include`
 * (a schema without targetNamespace) takes the includer's namespace. Namespaces imported without
 * a location (or from a URL that cannot be read) are taken from the built-in catalog when it knows
 * them. The model builder then reads the documents as one set of declarations.
 */
import { existsSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CodegenError } from '../errors.js';
import { WSDL_NS, XS_NS, childrenNamed, parseXml, structuralChildren, type XmlElement } from '../xml.js';
import { catalogSchema } from './catalog.js';
import { DEFAULT_LIMITS, ReadError, isUrl, readDocument, type ReadLimits } from './read.js';
import { safeUrl } from './fetch.js';

export interface WsdlDocument {
  /** Where it was read from, as the user can open it (a path or URL): errors name this. */
  location: string;
  /** Its name in generated sources: stable wherever the WSDL is read from (see sourceName). */
  name: string;
  text: string;
  root: XmlElement;
  /**
   * A schema of a well-known namespace (catalog.ts), built in or read: only the declarations the
   * other documents use are taken (the W3C/OASIS schemas hold much a client never uses).
   */
  wellKnown?: true;
}

export interface LoadedWsdl {
  /** The WSDL first, then every document it reaches, each once, in the order they were found. */
  documents: WsdlDocument[];
  /** Things the user should know (a catalog schema used for an unreachable location). */
  notes: string[];
}

export interface LoadOptions extends Partial<ReadLimits> {
  /** Reads one document; defaults to files and http(s) URLs under the limits. */
  read?: (location: string, limits: ReadLimits) => Promise<string>;
}

/**
 * The name a WSDL is known by in headers and sources: its base name for files, the URL for URLs
 * (no user name or password, no query: names reach generated code).
 */
export function sourceName(pathOrUrl: string): string {
  return isUrl(pathOrUrl) ? safeUrl(pathOrUrl).replace(/[?#].*$/, '') : pathOrUrl.split(/[\\/]/).pop() ?? pathOrUrl;
}

/**
 * A document's name relative to the WSDL's: a path relative to its folder for files, the URL for
 * URLs, as it may be shown (`safeUrl`: WCF's `?xsd=xsd0` kept, other query values masked).
 */
function importedName(location: string, main: string): string {
  if (isUrl(location)) return safeUrl(location);
  return relative(dirname(main), location).split(sep).join('/');
}

/** One key per document however its path was written. */
function identity(location: string): string {
  return isUrl(location) ? location : resolve(location);
}

function sameOrigin(a: string, b: string): boolean {
  return isUrl(a) && isUrl(b) && new URL(a).origin === new URL(b).origin;
}

/** `ref` (a location as written in a document) resolved against the location of that document. */
export function resolveLocation(ref: string, base: string): string {
  if (/^file:/i.test(ref)) return fileURLToPath(ref);
  if (isUrl(ref) || isUrl(base)) return new URL(ref, isUrl(base) ? base : `file:///`).toString();
  if (isAbsolute(ref)) return ref;
  // Segment by segment, so the part of the path the user wrote stays as written (errors name it).
  const dir = dirname(base);
  const out = dir === '.' ? [] : dir.split(/[\\/]/);
  for (const seg of ref.split(/[\\/]/)) {
    if (seg === '.' || seg === '') continue;
    if (seg === '..' && out.length > 0 && out[out.length - 1] !== '..' && out[out.length - 1] !== '.') out.pop();
    else out.push(seg);
  }
  return out.join('/');
}

/** Read the WSDL at `location` and every document it imports or includes. */
export async function loadWsdl(location: string, options: LoadOptions = {}): Promise<LoadedWsdl> {
  const limits: ReadLimits = { timeoutMs: options.timeoutMs ?? DEFAULT_LIMITS.timeoutMs, maxBytes: options.maxBytes ?? DEFAULT_LIMITS.maxBytes };
  if (!isUrl(location) && !options.read && !existsSync(location)) throw new ReadError(`WSDL not found: ${location}`);
  const loader = new Loader(location, limits, options.read ?? readDocument);
  try {
    await loader.add(loader.parse(await loader.read(location), location, sourceName(location)));
  } catch (e) {
    throw locateError(e, { documents: loader.documents, notes: [] }, { name: sourceName(location), location });
  }
  return loader.finish();
}

/**
 * The set of one WSDL given as text (no other document can be read): namespaces it imports without
 * a location come from the catalog; an import with a location is an error.
 */
export function loadText(text: string, location: string): LoadedWsdl {
  const loader = new Loader(location, DEFAULT_LIMITS, undefined);
  const doc = loader.parse(text, location, sourceName(location));
  loader.documents.push(doc);
  for (const ref of references(doc.root)) {
    if (ref.location !== undefined && !(ref.kind === 'import' && catalogSchema(ref.ns ?? ''))) {
      throw new CodegenError(`${describe(ref)}: a WSDL given as text cannot read other documents; generate from its file or URL`, ref.el);
    }
    if (ref.kind === 'import' && ref.ns) loader.wanted(ref.ns, ref.el);
  }
  return loader.finish();
}

/** The error as the user can open it: a document's name replaced by its location. */
export function locateError(e: unknown, loaded: LoadedWsdl | undefined, fallback: { name: string; location: string }): unknown {
  if (!(e instanceof CodegenError)) return e;
  const doc = loaded?.documents.find((d) => d.name === e.file);
  const location = doc ? doc.location : e.file === fallback.name ? fallback.location : e.file;
  return location === e.file ? e : e.in(location);
}

interface Reference {
  kind: 'wsdl' | 'import' | 'include' | 'redefine';
  el: XmlElement;
  location: string | undefined;
  ns: string | undefined;
  /** The namespace of the schema that includes (for chameleon includes). */
  includerNs: string;
}

/** The reference as quoted in errors: its location made safe to show (a query may carry a token). */
function describe(ref: Reference): string {
  const location = ref.location === undefined ? undefined : safeUrl(ref.location);
  return ref.kind === 'wsdl' ? `wsdl:import location "${location}"` : `xs:${ref.kind} schemaLocation "${location}"`;
}

/** The imports and includes of a document, in document order. */
function references(root: XmlElement): Reference[] {
  const out: Reference[] = [];
  const schemaRefs = (schema: XmlElement) => {
    for (const c of structuralChildren(schema)) {
      if (c.ns !== XS_NS || (c.local !== 'import' && c.local !== 'include' && c.local !== 'redefine')) continue;
      out.push({ kind: c.local, el: c, location: c.attrs.schemaLocation, ns: c.attrs.namespace, includerNs: schema.attrs.targetNamespace ?? '' });
    }
  };
  if (root.ns === XS_NS && root.local === 'schema') schemaRefs(root);
  if (root.ns === WSDL_NS && root.local === 'definitions') {
    for (const c of root.children) {
      if (c.ns !== WSDL_NS) continue;
      if (c.local === 'import') out.push({ kind: 'wsdl', el: c, location: c.attrs.location, ns: c.attrs.namespace, includerNs: '' });
      if (c.local === 'types') childrenNamed(c, XS_NS, 'schema').forEach(schemaRefs);
    }
  }
  return out;
}

/** The targetNamespace of every schema a document declares (itself, or those in its wsdl:types). */
function schemaNamespaces(root: XmlElement): string[] {
  if (root.ns === XS_NS && root.local === 'schema') return [root.attrs.targetNamespace ?? ''];
  return childrenNamed(root, WSDL_NS, 'types').flatMap((t) => childrenNamed(t, XS_NS, 'schema').map((s) => s.attrs.targetNamespace ?? ''));
}

class Loader {
  readonly documents: WsdlDocument[] = [];
  private readonly notes: string[] = [];
  /** Documents read (by location and, for a chameleon, the namespace it takes). */
  private readonly seen = new Set<string>();
  /** Texts read, by location: a chameleon included in two namespaces is read once. */
  private readonly texts = new Map<string, string>();
  /** Namespaces imported without a location, with the first import naming each. */
  private readonly wantedNs = new Map<string, XmlElement>();

  constructor(
    private readonly main: string,
    private readonly limits: ReadLimits,
    private readonly reader: ((location: string, limits: ReadLimits) => Promise<string>) | undefined,
  ) {}

  async read(location: string): Promise<string> {
    const known = this.texts.get(identity(location));
    if (known !== undefined) return known;
    if (!this.reader) throw new ReadError(`${location}: cannot be read`);
    const text = await this.reader(location, this.limits);
    this.texts.set(identity(location), text);
    return text;
  }

  parse(text: string, location: string, name: string): WsdlDocument {
    try {
      return { location, name, text, root: parseXml(text, name) };
    } catch (e) {
      throw e instanceof CodegenError ? e.in(location) : e;
    }
  }

  wanted(ns: string, at: XmlElement): void {
    if (!this.wantedNs.has(ns)) this.wantedNs.set(ns, at);
  }

  /** Take `doc` into the set and follow its references. */
  async add(doc: WsdlDocument): Promise<void> {
    const tns = doc.root.attrs.targetNamespace ?? '';
    this.seen.add(`${identity(doc.location)}#${tns}`);
    this.documents.push(doc);
    for (const ref of references(doc.root)) await this.follow(ref);
  }

  private async follow(ref: Reference): Promise<void> {
    if (ref.kind === 'redefine') throw new CodegenError('xs:redefine is not supported: declare the redefined types in a schema of their own', ref.el);
    if (ref.location === undefined || ref.location === '') {
      if (ref.kind !== 'import') throw new CodegenError(`${ref.kind === 'wsdl' ? 'wsdl:import has no location' : 'xs:include has no schemaLocation'}`, ref.el);
      if (ref.ns) this.wanted(ref.ns, ref.el);
      return;
    }
    const base = this.documents.find((d) => d.name === ref.el.file)?.location ?? this.main;
    const location = resolveLocation(ref.location, base);
    if (ref.kind === 'import' && ref.ns && catalogSchema(ref.ns) && isUrl(location) && !sameOrigin(location, this.main)) {
      // A well-known namespace is never fetched from its public URL (offline generation works);
      // a copy the service itself serves is read.
      this.wanted(ref.ns, ref.el);
      return;
    }
    // An include is read in the includer's namespace; an import in the namespace it declares.
    const key = (ns: string) => `${identity(location)}#${ns}`;
    if (this.seen.has(key(ref.kind === 'include' ? ref.includerNs : '')) || (ref.kind === 'import' && ref.ns && this.seen.has(key(ref.ns)))) return;
    let text: string;
    try {
      text = await this.read(location);
    } catch (e) {
      if (!(e instanceof ReadError)) throw e;
      if (ref.kind === 'import' && ref.ns && catalogSchema(ref.ns)) {
        this.notes.push(`${ref.el.file}:${ref.el.line}: ${e.message}; using the built-in declarations of ${ref.ns}`);
        this.wanted(ref.ns, ref.el);
        return;
      }
      throw new CodegenError(`${describe(ref)}: ${e.message}`, ref.el);
    }
    const doc = this.parse(text, location, importedName(location, this.main));
    const tns = doc.root.attrs.targetNamespace ?? '';
    if (ref.kind === 'include' && tns !== ref.includerNs) {
      if (tns !== '') throw new CodegenError(`xs:include of ${ref.location}: its targetNamespace "${tns}" is not the includer's "${ref.includerNs}" (that is xs:import)`, ref.el);
      // A chameleon takes the includer's namespace: its declarations and its unprefixed references.
      doc.root.attrs.targetNamespace = ref.includerNs;
      doc.root.declared[''] ??= ref.includerNs;
    }
    if (this.seen.has(key(doc.root.attrs.targetNamespace ?? ''))) return;
    if (tns === doc.root.attrs.targetNamespace) this.seen.add(key('')); // not a chameleon: one reading serves every import
    await this.add(doc);
  }

  /** The loaded set, with a catalog schema for each namespace imported without a location and declared nowhere. */
  finish(): LoadedWsdl {
    const declared = new Set(this.documents.flatMap((d) => schemaNamespaces(d.root)));
    for (const ns of this.wantedNs.keys()) {
      if (declared.has(ns)) continue;
      const schema = catalogSchema(ns);
      if (!schema) continue;
      this.documents.push(this.parse(schema.text, schema.name, schema.name));
      declared.add(ns);
    }
    for (const doc of this.documents) {
      if (doc.root.ns === XS_NS && doc.root.local === 'schema' && catalogSchema(doc.root.attrs.targetNamespace ?? '')) doc.wellKnown = true;
    }
    return { documents: this.documents, notes: this.notes };
  }
}
