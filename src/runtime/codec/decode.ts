/**
 * The descriptor-driven SOAP envelope reader. Streams the document through the strict scanner of
 * xml-scanner.ts (namespace declarations tracked here in a small scope stack) and builds typed
 * values directly from its events, guided by the compiled plans: no intermediate tree. The scanner
 * replaced saxes here after measurement (bench/README.md): it accepts the same documents (a
 * differential test holds it to that) at a fraction of the cost.
 *
 * Most elements of a response are fields in schema order: after each event the decoder names the
 * element it expects next (`expectation`), and the scanner reads a simple one whole when it is
 * exactly that, plain (`leaf`: no frame, no name or attribute handling), and reports the plain
 * start tag of a structured one without reading its name (`openExpected`: no lookup, no namespace
 * check). Anything else goes the usual way; test/reliability/leaf-reading.test.ts holds both ways
 * to the same values and errors.
 *
 * Lenient where it is unambiguous: the SOAP 1.2 envelope namespace, header blocks directly under
 * Envelope (the seed documents' shape), unknown header blocks (ignored), redundant `xsi:type`,
 * unqualified field elements, known fields out of schema order, whitespace between elements, two
 * identical Body elements. Strict where data would be lost: a wrong wrapper element or namespace,
 * an element that is not a field of its type, a repeated occurrence of a non-repeated field, a
 * value that does not fit its type, `xsi:nil` on a non-nillable element, text inside a complex
 * element → `ResponseFormatError` with the operation and the element path
 * (`GetChatMessagesResponse.Response.ChatMessage[3].WhenPosted`).
 *
 * XML safety: any DOCTYPE is rejected as soon as it is seen, no entities beyond
 * the five predefined ones and numeric character references exist, input size (`maxBytes`) and
 * element depth (`maxDepth`) are bounded, and so are names (1 KiB), attributes per element (256)
 * and attribute values (64 KiB).
 */
import { isUtf8 } from 'node:buffer';
import { isXmlName, scanXml, XmlSyntaxError, type XmlScanLimits } from '../xml/xml-scanner.js';
import { ResponseFormatError, SoapFaultError, type SoapFault } from '../client/errors.js';
import { redactClip, redactParserMessage } from '../client/redact.js';
import {
  ANY,
  K_ANY,
  K_ARRAY,
  K_COMPLEX,
  K_DICT,
  K_ENUM,
  K_FLAGS,
  K_LIST,
  K_SCALAR,
  LEAF_NO,
  LEAF_OPEN,
  LEAF_UNKNOWN,
  LEAF_YES,
  M_ELEMENT,
  M_WILDCARD,
  NS_SOAP11,
  NS_SOAP12,
  NS_XML,
  NS_XSI,
  builtinNameOf,
  builtinPlan,
  derivesFrom,
  type ComplexPlan,
  type EnumPlan,
  type FlagsPlan,
  type ElementPlan,
  type FaultPlan,
  type HeaderPlan,
  type ServicePlan,
  type ValuePlan,
  type WrapperPlan,
} from './plan.js';
import { ValueError, collapse, setOwn } from './values.js';
import { fieldStore } from './field-store.js';

/** Limits and reading rules of the decoder. */
export interface DecodeOptions {
  /** Largest accepted document in bytes (default 64 MiB). */
  maxBytes?: number;
  /** Deepest accepted element nesting, Envelope = 1 (default 64). */
  maxDepth?: number;
  /** How dateTime values without an offset are read: as UTC (default) or as local time. */
  naiveDateTime?: 'utc' | 'local';
  /**
   * An enumeration or flags name the descriptors do not list: `'keep'` (default) passes it through
   * as its string (a newer server may know more values); `'error'`: `ResponseFormatError` naming it
   * (a server validating requests as WCF does: the simulator).
   */
  unknownEnumValues?: 'keep' | 'error' | undefined;
  /** The zero member's name of flags types (TS name → name, e.g. `ChatSessionFlags: 'CustomerIsTyping'`): read as no flag. */
  flagsZeroNames?: Readonly<Record<string, string>> | undefined;
  /**
   * An element that is not a field of its structured value's type: `'error'` (default:
   * `ResponseFormatError`, as a WSDL is versioned with its endpoint, Services88's is) or `'ignore'`
   * (skipped with its content: a service that adds fields to its responses without a new endpoint).
   */
  unknownElements?: 'error' | 'ignore' | undefined;
  /**
   * String values: `'copy'` (default) gives each its own memory, so that a value kept does not keep
   * the whole response text alive; `'share'` may leave them as slices of that text (less work and
   * garbage per value), for values let go soon after the call: `chat export` writes each page out
   * and drops it. Rare strings (faults, attributes, untyped content) are copied either way.
   */
  strings?: 'copy' | 'share' | undefined;
}

/** A decoded envelope: its header blocks and the wrapper's children, both typed by the descriptors. */
export interface DecodedEnvelope {
  /** Header blocks present in the response, typed, by part name. */
  headers: Record<string, unknown>;
  /** The wrapper element's children by field name (`{}` for an empty wrapper). */
  body: Record<string, unknown>;
}

/** Default `DecodeOptions.maxBytes`: 64 MiB. */
export const DEFAULT_MAX_BYTES = 64 * 1024 * 1024;
/** Default `DecodeOptions.maxDepth`: 64 levels of element nesting. */
export const DEFAULT_MAX_DEPTH = 64;

/** Bounds no legitimate SOAP message comes near (namespace declarations count as attributes). */
const MAX_ATTRIBUTES = 256;
const MAX_ATTRIBUTE_LENGTH = 64 * 1024;
const MAX_NAME_LENGTH = 1024;
const SCAN_LIMITS: XmlScanLimits = { maxAttributes: MAX_ATTRIBUTES, maxNameLength: MAX_NAME_LENGTH, maxAttributeLength: MAX_ATTRIBUTE_LENGTH };

// Frame kinds.
const F_ROOT = 0;
const F_ENVELOPE = 1;
const F_HEADER = 2;
const F_BODY = 3;
const F_SKIP = 4;
const F_COMPLEX = 5;
const F_SIMPLE = 6;
const F_ARRAY = 7;
const F_DICT = 8;
const F_ENTRY = 9;
const F_NIL = 10;
const F_ANYTEXT = 11;
const F_FAULT = 12;
const F_FAULTPART = 13;
const F_FAULTTEXT = 14;
const F_DETAIL = 15;
/** simpleContent: text plus attributes, an object with `$value`. */
const F_TEXTC = 16;
/** An `xs:any` element (and, F_RAWCHILD, its descendants): kept as its source text. */
const F_RAW = 17;
const F_RAWCHILD = 18;
/** An `xs:anyType` value without `xsi:type` that holds child elements: its content kept as raw XML (`$any`). */
const F_ANYRAW = 19;

// How a value frame stores its value into its parent.
const R_NONE = 0;
const R_FIELD = 1;
const R_ITEM = 2;
const R_KEY = 3;
const R_VALUE = 4;
const R_HEADER = 5;
const R_WRAPPER = 6;
const R_FAULT = 7;

// Fault parts.
const T_CODE = 1;
const T_STRING = 2;
const T_REASON = 3;
const T_SUBCODE = 4;

class Frame {
  kind = F_ROOT;
  role = R_NONE;
  el: ElementPlan | undefined = undefined;
  type: ValuePlan = ANY;
  obj: Record<string, unknown> = EMPTY;
  arr: unknown[] = NO_ITEMS;
  text = '';
  /** Element local name (path segment). */
  name = '';
  /** Item index (path `name[i]`), -1 when not an item. */
  index = -1;
  /** Entries seen so far (dictionaries). */
  count = 0;
  /** Complex values: the position in the type's fields where the next element is expected. */
  next = 0;
  /** Complex values: every element so far came at or after `next` (schema order, gaps allowed). */
  ordered = true;
  /** Namespace bindings this element declared (undone on close). */
  nsCount = 0;
  /** The element's prefix, its length (-1: none; -2: not an element) and its namespace (undefined: unbound prefix). */
  prefix = '';
  prefixLen = -2;
  ns: string | undefined = '';
  /** For xs:anyType simple values: the `$type` to wrap `{ $type, $value }` with. */
  anyType: string | undefined = undefined;
  /** For xs:anyType values whose `xsi:type` the service does not know: that type as `{ns}local` (`$xsiType`). */
  rawType: string | undefined = undefined;
  key: unknown = undefined;
  hasKey = false;
  value: unknown = undefined;
  hasValue = false;
  tag = 0;
  /** Group members: the occurrence object the value goes into. */
  occ: Record<string, unknown> = EMPTY;
  /** F_RAW: offset of the element's `<` in the source. */
  start = 0;
  /** F_ANYRAW: the content read so far as an XML fragment (child elements and escaped text). */
  content = '';
}

/** A field gets its compiled store (field-store.ts) once it has been decoded this many times. */
const HOT_FIELD = 64;

const EMPTY: Record<string, unknown> = Object.freeze({}) as Record<string, unknown>;
const NO_ITEMS: unknown[] = Object.freeze([]) as unknown as unknown[];

/** Strings this long or longer are copied one byte a character when their content allows it (see `copy`). */
const ONE_BYTE_FROM = 1024;
// eslint-disable-next-line no-control-regex -- the whole Latin-1 range, U+0000 included
const NOT_LATIN1 = /[^\x00-\xff]/;

/**
 * Copy a string so that a slice of the input document is not kept alive by a decoded value.
 *
 * The copy is its two halves joined and flattened at once (`charCodeAt` flattens the pair into one
 * sequential string of its own; the next scavenge drops the pair and leaves the references on that
 * string). The old copy, a slice of `' ' + s`, kept a 32-byte slice object beside the copied
 * characters: 32 bytes more on each of the ~3 strings of every message of a large response.
 *
 * A document with one character above U+00FF is held by V8 two bytes a character, and so are its
 * slices, whatever they hold: a long string (`ONE_BYTE_FROM`) with only Latin-1 characters is
 * copied one byte a character instead (a large page of ASCII text among a few non-Latin-1
 * characters elsewhere costs half). Shorter ones keep the slice's width: making them one byte
 * costs a check and two calls into Node per string (measured: +17% CPU on the entity row, +7% on
 * 1,000 messages, for 14% less retained heap on 20,000 messages). The value is the same either way.
 */
export function copy(s: string): string {
  const n = s.length;
  // (a slice this short is a copy already)
  if (n < 13) return s;
  if (n >= ONE_BYTE_FROM && !NOT_LATIN1.test(s)) return Buffer.from(s, 'latin1').toString('latin1');
  const half = n >> 1;
  const joined = s.slice(0, half) + s.slice(half);
  joined.charCodeAt(0);
  return joined;
}

function hasKeys(o: object): boolean {
  for (const _ in o) return true;
  return false;
}

function isWhitespace(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c !== 32 && c !== 10 && c !== 13 && c !== 9) return false;
  }
  return true;
}

function escapeXml(s: string): string {
  return s.replace(/[&<>]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : '&gt;'));
}

/** Text as element content that reads back as the same text (a CR survives as `&#13;`). */
function escapeContent(s: string): string {
  return s.replace(/[&<>\r]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : '&#13;'));
}

/**
 * A response body the decoder takes: it lets go of the bytes as soon as it has their text, so that
 * a large body is not held beside its text and the decoded values (the SOAP transport's; internal).
 */
export class ResponseBody {
  constructor(
    public bytes: Uint8Array | undefined,
    /** The `charset` of the response's Content-Type, if it named one: it decides over the XML declaration (RFC 7303). */
    readonly charset?: string,
  ) {}
}

/**
 * The `charset` parameter of a Content-Type (`text/xml; charset="ISO-8859-1"` → `ISO-8859-1`), if
 * any. A header sent twice arrives joined by a comma (`text/xml; charset=utf-8, text/xml`): the
 * value ends there.
 */
export function charsetOf(contentType: string | null | undefined): string | undefined {
  if (!contentType) return undefined;
  const m = /;\s*charset\s*=\s*"?([^";,\s]+)"?/i.exec(contentType);
  return m === null ? undefined : m[1];
}

const UTF8_LABELS = new Set(['utf-8', 'utf8', 'unicode-1-1-utf-8', 'us-ascii', 'ascii']);
const LATIN1_LABELS = new Set(['iso-8859-1', 'iso8859-1', 'iso_8859-1', 'latin1', 'l1', 'iso-ir-100', 'cp819', 'ibm819', 'csisolatin1']);

/** The encoding an XML declaration at the start of `bytes` names (`<?xml version="1.0" encoding="ISO-8859-1"?>`), if any. */
function declaredEncoding(bytes: Buffer): string | undefined {
  // (bytes in an ASCII-compatible encoding: the declaration is ASCII)
  if (bytes[0] !== 0x3c || bytes[1] !== 0x3f || bytes[2] !== 0x78 || bytes[3] !== 0x6d || bytes[4] !== 0x6c) return undefined;
  const n = Math.min(bytes.byteLength, 256);
  let end = 5;
  while (end < n - 1 && !(bytes[end] === 0x3f && bytes[end + 1] === 0x3e)) end++;
  const decl = bytes.toString('latin1', 0, end);
  const m = /\sencoding\s*=\s*(?:"([^"]*)"|'([^']*)')/.exec(decl);
  return m === null ? undefined : (m[1] ?? m[2]);
}

/**
 * Turn the response bytes into text, enforcing `maxBytes`: UTF-16 with a byte order mark; else the
 * encoding the Content-Type's charset names, or else the XML declaration (`ISO-8859-1`, a Windows
 * code page … as the platform's TextDecoder knows them); else UTF-8. Bytes that are not valid in that
 * encoding, and an encoding the platform does not know, are errors: nothing is read as U+FFFD.
 */
function toText(bytes: string | Uint8Array | ResponseBody, maxBytes: number, operation: string | undefined, charset?: string): string {
  if (bytes instanceof ResponseBody) {
    const taken = bytes.bytes;
    bytes.bytes = undefined;
    if (taken === undefined) throw new TypeError('the response body was already decoded');
    return toText(taken, maxBytes, operation, bytes.charset);
  }
  if (typeof bytes === 'string') {
    if (bytes.length > maxBytes || (bytes.length * 3 > maxBytes && Buffer.byteLength(bytes, 'utf8') > maxBytes)) {
      throw new ResponseFormatError(`response exceeds maxBytes (${maxBytes})`, { operation });
    }
    return bytes.charCodeAt(0) === 0xfeff ? bytes.slice(1) : bytes;
  }
  if (!(bytes instanceof Uint8Array)) throw new ResponseFormatError('response must be a string or a Uint8Array', { operation });
  if (bytes.byteLength > maxBytes) throw new ResponseFormatError(`response exceeds maxBytes (${maxBytes}): ${bytes.byteLength} bytes`, { operation });
  const b0 = bytes[0];
  const b1 = bytes[1];
  if ((b0 === 0xff && b1 === 0xfe) || (b0 === 0xfe && b1 === 0xff)) {
    try {
      return new TextDecoder(b0 === 0xff ? 'utf-16le' : 'utf-16be', { fatal: true }).decode(bytes);
    } catch (e) {
      throw new ResponseFormatError('response is not valid UTF-16', { operation, cause: e });
    }
  }
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const hasBom = b0 === 0xef && b1 === 0xbb && bytes[2] === 0xbf;
  const encoding = hasBom ? undefined : (charset ?? declaredEncoding(buf));
  if (encoding !== undefined && !UTF8_LABELS.has(encoding.toLowerCase())) return otherEncoding(buf, encoding, operation);
  if (!isUtf8(buf)) throw new ResponseFormatError('response is not valid UTF-8', { operation });
  return buf.toString('utf8', hasBom ? 3 : 0);
}

/** Windows-1252's characters for bytes 0x80–0x9F (WHATWG: the five it leaves undefined are their own code points). */
const CP1252_HIGH = '\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178';

/** Windows-1252 text: Latin-1 but for 0x80–0x9F (Node 20's TextDecoder reads those as Latin-1's C1 controls). */
function windows1252(buf: Buffer): string {
  const text = buf.toString('latin1');
  return /[\x80-\x9f]/.test(text) ? text.replace(/[\x80-\x9f]/g, (c) => CP1252_HIGH[c.charCodeAt(0) - 0x80]) : text;
}

/** Text in an encoding other than UTF-8 (see `toText`). */
function otherEncoding(buf: Buffer, encoding: string, operation: string | undefined): string {
  const label = encoding.toLowerCase();
  // (exact ISO-8859-1: TextDecoder reads that label as windows-1252, which differs in 0x80–0x9F)
  if (LATIN1_LABELS.has(label)) return buf.toString('latin1');
  let decoder: InstanceType<typeof TextDecoder>;
  try {
    decoder = new TextDecoder(label, { fatal: true });
  } catch (e) {
    throw new ResponseFormatError(`response encoding "${redactClip(encoding, 40, '…')}" is not supported (UTF-8, UTF-16, ISO-8859-1 and the encodings of the platform's TextDecoder are)`, { operation, cause: e });
  }
  if (decoder.encoding === 'windows-1252') return windows1252(buf);
  try {
    return decoder.decode(buf);
  } catch (e) {
    throw new ResponseFormatError(`response is not valid ${decoder.encoding}`, { operation, cause: e });
  }
}

const headerMaps = new WeakMap<readonly HeaderPlan[], Map<string, HeaderPlan>>();

/** The header plans of an operation by element name (made once per operation). */
function headerPlansByName(headerPlans: readonly HeaderPlan[]): Map<string, HeaderPlan> {
  let map = headerMaps.get(headerPlans);
  if (map === undefined) {
    map = new Map(headerPlans.map((h) => [h.name, h]));
    headerMaps.set(headerPlans, map);
  }
  return map;
}

/** The namespace URIs a plan knows, each mapped to the plan's own string; as a list too when they are few (see `Decoder.knownUri`). */
interface KnownNamespaces {
  readonly map: Map<string, string>;
  readonly list: readonly string[] | undefined;
}

const knownNsMaps = new WeakMap<ServicePlan, KnownNamespaces>();

function knownNamespaces(plan: ServicePlan): KnownNamespaces {
  let known = knownNsMaps.get(plan);
  if (known === undefined) {
    const map = new Map([NS_SOAP11, NS_SOAP12, NS_XSI, NS_XML, ...plan.namespaces.map(([uri]) => uri)].map((uri) => [uri, uri]));
    known = { map, list: map.size <= 12 ? [...map.values()] : undefined };
    knownNsMaps.set(plan, known);
  }
  return known;
}

class Decoder {
  readonly frames: Frame[] = [];
  depth = 0;
  top: Frame;
  /**
   * The namespace bindings in scope, innermost last (`xml` at the bottom): a stack searched from
   * the top, where a Map's set and delete per declaration cost more than the few comparisons.
   */
  readonly nsPrefixes: string[] = ['xml'];
  readonly nsUris: string[] = [NS_XML];
  nsTop = 1;
  /** The XSI prefix of the last `nilTail`, and that tail. */
  nilPrefix = '';
  nilText = '';
  soapNs = '';
  readonly headers: Record<string, unknown> = {};
  readonly bodies: Record<string, unknown>[] = [];
  bodyCount = 0;
  wrapperInBody = false;
  fault: SoapFault | undefined = undefined;
  detail = '';
  /** The first element of the Fault's detail (its name and namespace), to match against the declared faults. */
  detailChild: { local: string; ns: string | undefined } | undefined = undefined;
  /** Second pass over a Fault: the declared fault whose detail element is decoded as a value (into `faultValue`). */
  faultPlan: FaultPlan | undefined = undefined;
  faultValue: unknown = undefined;
  faultDecoded = false;
  /** One-way operation: the Body holds no response element (only possibly a Fault). */
  oneWay = false;
  readonly naiveLocal: boolean;
  /** `unknownEnumValues: 'error'`. */
  readonly strictEnums: boolean;
  readonly flagsZero: Readonly<Record<string, string>> | undefined;
  /** `unknownElements: 'ignore'`. */
  readonly skipUnknown: boolean;
  /** Not `strings: 'share'`: simple values are copied off the document (`own`). */
  readonly copyStrings: boolean;
  readonly maxDepth: number;
  /** Header plans by element name this envelope may carry. */
  readonly headerPlans: Map<string, HeaderPlan>;
  /** The namespace URIs the plan knows, each mapped to the plan's own string. */
  readonly knownNs: Map<string, string>;
  /** The same URIs as a list when they are few (`knownUri`). */
  readonly knownList: readonly string[] | undefined;
  /** The document being decoded (xs:any elements are sliced out of it). */
  source = '';
  /** The element the last expectation named (`openExpected` opens it). */
  expected: ElementPlan | undefined = undefined;
  /** While an xs:any element is read: the prefixes its subtree uses, and those it declares itself. */
  rawUsed: Set<string> | undefined = undefined;
  rawDeclared: Set<string> | undefined = undefined;

  constructor(
    readonly plan: ServicePlan,
    readonly operation: string | undefined,
    readonly wrapper: WrapperPlan,
    headerPlans: readonly HeaderPlan[],
    options: DecodeOptions,
    /** Accept unqualified (no-namespace) fields and header blocks (responses); requests are read as WCF does. */
    readonly lenientNs: boolean,
  ) {
    this.naiveLocal = options.naiveDateTime === 'local';
    this.strictEnums = options.unknownEnumValues === 'error';
    this.flagsZero = options.flagsZeroNames;
    this.skipUnknown = options.unknownElements === 'ignore';
    this.copyStrings = options.strings !== 'share';
    this.maxDepth = options.maxDepth ?? DEFAULT_MAX_DEPTH;
    this.headerPlans = headerPlansByName(headerPlans);
    const known = knownNamespaces(plan);
    this.knownNs = known.map;
    this.knownList = known.list;
    this.top = new Frame();
    this.frames.push(this.top);
  }

  // -------------------------------------------------------------------------------------------
  // errors and paths

  path(extra?: string): string {
    let p = '';
    for (let i = 1; i <= this.depth; i++) {
      const f = this.frames[i];
      if (f.role === R_NONE) continue;
      p += p === '' ? f.name : `.${f.name}`;
      if (f.index >= 0) p += `[${f.index}]`;
    }
    if (extra !== undefined) p += p === '' ? extra : `.${extra}`;
    return p;
  }

  /** An enumeration or flags name the type does not list (`unknownEnumValues: 'error'`). */
  unknownName(type: EnumPlan | FlagsPlan, name: string, extra: string | undefined): never {
    return this.fail(`"${redactClip(name, 40, '…')}" is not a ${type.named.xsdName} value (${[...type.values.keys()].join(', ')})`, extra);
  }

  fail(message: string, extra?: string): never {
    const path = this.path(extra);
    throw new ResponseFormatError(message, { operation: this.operation, path: path === '' ? undefined : path });
  }

  // -------------------------------------------------------------------------------------------
  // namespaces

  resolvePrefix(prefix: string): string | undefined {
    const prefixes = this.nsPrefixes;
    for (let i = this.nsTop - 1; i >= 0; i--) if (prefixes[i] === prefix) return this.nsUris[i];
    return prefix === '' ? '' : undefined;
  }

  /** The plan's own string for a namespace URI it knows (compared with the few known ones first: a slice of the document has no hash yet), else a copy. */
  knownUri(uri: string): string {
    const list = this.knownList;
    if (list !== undefined) {
      for (let i = 0; i < list.length; i++) if (list[i] === uri) return list[i];
      return copy(uri);
    }
    return this.knownNs.get(uri) ?? copy(uri);
  }

  /** Namespace URI of the element `f` (`name` for the message); an unbound prefix is an error here, where it matters. */
  elementNs(f: Frame, name: string): string {
    const ns = f.ns;
    if (ns === undefined) this.fail(`unbound namespace prefix "${f.prefix}" on <${name}>`);
    return ns;
  }

  // -------------------------------------------------------------------------------------------
  // events

  open(name: string, attrs: Record<string, string>, start: number): string | undefined {
    this.openElement(name, attrs, start);
    return this.expectation(this.top);
  }

  close(name: string, end: number): string | undefined {
    this.closeElement(name, end);
    return this.expectation(this.top);
  }

  /**
   * The element `expectation` announced, read whole by the scanner: a simple value with no
   * attributes, in its parent's namespace. What `openElement`, `text` and `closeElement` would do
   * with it, without a frame.
   */
  leaf(text: string): string | undefined {
    const f = this.top;
    if (f.kind === F_COMPLEX) {
      const at = f.next;
      const el = (f.type as ComplexPlan).fields[at];
      f.next = at + 1;
      storeField(f.obj, el, this.simpleOf(el.type, text, el.key));
    } else {
      // F_ENTRY: its key, then its value
      const dict = f.type as ValuePlan & { k: typeof K_DICT };
      if (!f.hasKey) {
        f.key = this.dictKey(this.simpleOf(dict.key.type, text, dict.key.name), text);
        f.hasKey = true;
      } else {
        f.value = this.simpleOf(dict.value.type, text, dict.value.name);
        f.hasValue = true;
      }
    }
    return this.expectation(f);
  }

  /**
   * The rest of `<p:Name x:nil="true"/>` for the simple field `expectation` announced, when it is
   * nillable and its parent a complex value: ` x:nil="true"/>` with `x` a prefix bound to the XSI
   * namespace here (not rebound further in). Read as nil by `leafNil`, as the usual path would.
   */
  nilTail(): string | undefined {
    const f = this.top;
    if (f.kind !== F_COMPLEX || !(f.type as ComplexPlan).fields[f.next].nillable) return undefined;
    const prefixes = this.nsPrefixes;
    const uris = this.nsUris;
    for (let i = this.nsTop - 1; i >= 0; i--) {
      const prefix = prefixes[i];
      if (uris[i] !== NS_XSI || prefix === '' || this.resolvePrefix(prefix) !== NS_XSI) continue;
      if (prefix !== this.nilPrefix) {
        // (made once per prefix; a decoder lives for one document, so no copy of the slice is needed)
        this.nilPrefix = prefix;
        this.nilText = ` ${prefix}:nil="true"/>`;
      }
      return this.nilText;
    }
    return undefined;
  }

  /** The field `nilTail` described, found as it said: null stored, as `openValue` and `closeElement` would. */
  leafNil(): string | undefined {
    const f = this.top;
    const at = f.next;
    f.next = at + 1;
    storeField(f.obj, (f.type as ComplexPlan).fields[at], null);
    return this.expectation(f);
  }

  /**
   * What the value in `f` (on top) expects next, when the scanner may take a shortcut: the name
   * (`p:Name`) of a simple element it may read whole (`leaf`), or the start tag's rest (`p:Name>`)
   * of a structured one it may report without its name (`openExpected`). Expected are the field at
   * schema position `next` of a complex value while its fields came in order (so it cannot have
   * been seen: no duplicate check), not repeated; an array's next item; a dictionary's next entry,
   * an entry's key, then its value. Always outside groups, with the parent's prefix (so its
   * namespace, with no declaration of its own, is the parent's), that namespace being the
   * element's, and a nesting depth within `maxDepth`. `expected` is set to a structured one.
   */
  expectation(f: Frame): string | undefined {
    let el: ElementPlan;
    let kind: number;
    if (f.kind === F_COMPLEX) {
      const fields = (f.type as ComplexPlan).fields;
      const at = f.next;
      if (at >= fields.length || !f.ordered) return undefined;
      el = fields[at];
      kind = el.leafKind;
      if (kind === LEAF_UNKNOWN) kind = el.leafKind = leafKindOf(el);
    } else if (f.kind === F_ENTRY) {
      if (f.hasValue) return undefined;
      const dict = f.type as ValuePlan & { k: typeof K_DICT };
      el = f.hasKey ? dict.value : dict.key;
      // (a value named as the key is, by the usual path, a second key)
      if (f.hasKey && el.name === dict.key.name) return undefined;
      kind = el.leafKind;
      if (kind === LEAF_UNKNOWN) kind = el.leafKind = leafKindOf(el);
      // (a structured key: the usual path)
      if (kind === LEAF_OPEN && !f.hasKey) return undefined;
    } else if (f.kind === F_ARRAY) {
      // (an item plan is only ever an item: its kind is the item's)
      el = (f.type as ValuePlan & { k: typeof K_ARRAY }).item;
      kind = el.leafKind;
      if (kind === LEAF_UNKNOWN) kind = el.leafKind = leafKindOf(el, true);
    } else if (f.kind === F_DICT) {
      el = (f.type as ValuePlan & { k: typeof K_DICT }).entry;
      kind = LEAF_OPEN;
    } else {
      return undefined;
    }
    if (kind === LEAF_NO) return undefined;
    const ns = f.ns;
    if ((ns !== el.ns && !(ns === '' && this.lenientNs)) || this.depth >= this.maxDepth) return undefined;
    const colon = f.prefixLen >= 0;
    if (el.leafPrefix !== f.prefix || el.leafColon !== colon) {
      // (a copy: a plan outlives the document the prefix is a slice of)
      const prefix = copy(f.prefix);
      const tag = colon ? `${prefix}:${el.name}` : el.name;
      // (the scanner trusts the tag to be a Name within the limit: a descriptor's name that is not one is left to the usual path, which refuses it)
      if (tag.length > MAX_NAME_LENGTH || !isXmlName(el.name)) return undefined;
      el.leafPrefix = prefix;
      el.leafColon = colon;
      el.leafTag = kind === LEAF_OPEN ? `${tag}>` : tag;
    }
    if (kind === LEAF_OPEN) this.expected = el;
    return el.leafTag;
  }

  /**
   * The start tag `expectation` announced (`<p:Name>`, no attributes), on the structured element it
   * named: what `openElement` would do with it, without its name (the value's prefix and namespace
   * are the parent's).
   */
  openExpected(_start: number): string | undefined {
    const parent = this.top;
    const el = this.expected!;
    const f = this.enter(this.depth + 1);
    f.nsCount = 0;
    f.index = -1;
    f.anyType = undefined;
    f.rawType = undefined;
    f.text = '';
    f.prefix = parent.prefix;
    f.ns = parent.ns;
    f.prefixLen = parent.prefixLen;
    switch (parent.kind) {
      case F_COMPLEX:
        parent.next++;
        f.name = el.key;
        f.role = R_FIELD;
        break;
      case F_ARRAY:
        f.index = parent.arr.length;
        f.name = el.name;
        f.role = R_ITEM;
        break;
      case F_DICT:
        f.name = el.name;
        f.role = R_ITEM;
        f.index = parent.count++;
        f.kind = F_ENTRY;
        f.type = parent.type;
        f.hasKey = false;
        f.hasValue = false;
        f.key = undefined;
        f.value = undefined;
        return this.expectation(f);
      default:
        // F_ENTRY: its value
        f.name = el.name;
        f.role = R_VALUE;
    }
    this.openValue(f, el, undefined, undefined, EMPTY as Record<string, string>);
    return this.expectation(f);
  }

  /** The frame of nesting depth `depth` (made on first use), now the top one. */
  enter(depth: number): Frame {
    let f = this.frames[depth];
    if (f === undefined) {
      f = new Frame();
      this.frames.push(f);
    }
    this.depth = depth;
    this.top = f;
    return f;
  }

  openElement(name: string, attrs: Record<string, string>, start: number): void {
    const parent = this.top;
    let nsCount = 0;
    let xsiNil: string | undefined;
    let xsiType: string | undefined;
    if (hasKeys(attrs)) {
      // Namespace declarations first, then the xsi attributes (they may use a prefix declared here).
      for (const k in attrs) {
        if (k.charCodeAt(0) === 120 /* x */ && k.startsWith('xmlns') && (k.length === 5 || k.charCodeAt(5) === 58)) {
          const prefix = k.length === 5 ? '' : k.slice(6);
          const uri = attrs[k];
          // The plan's own string for a known URI: namespace checks then compare pointers, not text.
          const top = this.nsTop++;
          this.nsPrefixes[top] = prefix;
          this.nsUris[top] = this.knownUri(uri);
          nsCount++;
        }
      }
      for (const k in attrs) {
        const c = k.indexOf(':');
        if (c < 0) continue;
        const local = k.slice(c + 1);
        if ((local === 'nil' || local === 'type') && this.resolvePrefix(k.slice(0, c)) === NS_XSI) {
          if (local === 'nil') xsiNil = attrs[k];
          else xsiType = attrs[k];
        }
      }
    }
    const depth = this.depth + 1;
    if (depth > this.maxDepth) this.fail(`document nesting exceeds maxDepth (${this.maxDepth})`);
    const f = this.enter(depth);
    f.nsCount = nsCount;
    f.role = R_NONE;
    f.index = -1;
    f.anyType = undefined;
    f.rawType = undefined;
    f.text = '';
    const colon = name.indexOf(':');
    const local = colon < 0 ? name : name.slice(colon + 1);
    f.name = local;
    // Same prefix as the parent and no declarations here: same namespace (no lookup).
    if (nsCount === 0 && colon === parent.prefixLen && (colon < 0 || name.startsWith(parent.prefix))) {
      f.prefix = parent.prefix;
      f.ns = parent.ns;
    } else {
      const prefix = colon < 0 ? '' : name.slice(0, colon);
      f.prefix = prefix;
      f.ns = this.resolvePrefix(prefix);
    }
    f.prefixLen = colon;

    switch (parent.kind) {
      case F_COMPLEX: {
        const type = parent.type as ComplexPlan;
        // Elements come in schema order: try the field after the last one first (no hashing).
        const fields = type.fields;
        let at = parent.next;
        let el = at < fields.length ? fields[at] : undefined;
        if (el === undefined || el.name !== local) {
          const i = type.indexByName.get(local);
          if (i !== undefined) at = type.dupNames ? sameNameAt(fields, local, parent.next, i) : i;
          else if (type.wildcards !== undefined) at = wildcardAt(type.wildcards, parent.next);
          else if (this.skipUnknown) {
            // (`unknownElements: 'ignore'`: a field a newer service added, skipped with its content)
            f.kind = F_SKIP;
            return;
          } else this.fail(`unexpected element <${name}>: not a field of ${type.named.xsdName}`, local);
          if (at < parent.next) parent.ordered = false;
          el = fields[at];
        }
        // While the fields came in schema order, none at or after `next` has been seen: no lookup.
        const seen = !parent.ordered || el.group !== undefined || el.proto;
        // a repeated field may come again
        parent.next = el.repeated ? at : at + 1;
        f.name = el.key;
        f.role = R_FIELD;
        let target = parent.obj;
        if (el.group !== undefined) {
          target = f.occ = this.occurrence(parent.obj, el);
          f.name = `${el.group.key}[${(parent.obj[el.group.key] as unknown[]).length - 1}].${el.key}`;
        }
        if (el.repeated) {
          const list = (el.proto && !Object.prototype.hasOwnProperty.call(target, el.key) ? undefined : target[el.key]) as unknown[] | undefined;
          f.index = list === undefined ? 0 : list.length;
        } else if (seen && target[el.key] !== undefined && (!el.proto || Object.prototype.hasOwnProperty.call(target, el.key))) {
          // (a stored value is never undefined: nil is null)
          this.fail(`element <${name}> occurs more than once`);
        }
        if (el.m === M_WILDCARD) {
          this.openRaw(f, el, attrs, start, xsiType);
          return;
        }
        this.checkNs(f, name, el);
        this.openValue(f, el, xsiNil, xsiType, attrs);
        return;
      }
      case F_RAW:
      case F_RAWCHILD:
        f.kind = F_RAWCHILD;
        this.noteRawPrefixes(f, attrs, xsiType);
        return;
      case F_TEXTC:
        this.fail(`unexpected element <${name}> inside a simple content value`, local);
      // falls through (fail never returns)
      case F_ARRAY: {
        const item = (parent.type as ValuePlan & { k: typeof K_ARRAY }).item;
        f.index = parent.arr.length;
        if (local !== item.name) this.fail(`unexpected element <${name}>: items of ${(parent.type as ValuePlan & { k: typeof K_ARRAY }).named.xsdName} are <${item.name}>`);
        f.name = item.name;
        f.role = R_ITEM;
        this.checkNs(f, name, item);
        this.openValue(f, item, xsiNil, xsiType, attrs);
        return;
      }
      case F_DICT: {
        const dict = parent.type as ValuePlan & { k: typeof K_DICT };
        if (local !== dict.entry.name) this.fail(`unexpected element <${name}>: entries of ${dict.named.xsdName} are <${dict.entry.name}>`);
        f.name = dict.entry.name;
        f.role = R_ITEM;
        f.index = parent.count++;
        this.checkNs(f, name, dict.entry);
        f.kind = F_ENTRY;
        f.type = dict;
        f.hasKey = false;
        f.hasValue = false;
        f.key = undefined;
        f.value = undefined;
        return;
      }
      case F_ENTRY: {
        const dict = parent.type as ValuePlan & { k: typeof K_DICT };
        let el: ElementPlan;
        if (local === dict.key.name) {
          if (parent.hasKey) this.fail(`element <${name}> occurs more than once`);
          el = dict.key;
          f.role = R_KEY;
        } else if (local === dict.value.name) {
          if (parent.hasValue) this.fail(`element <${name}> occurs more than once`);
          el = dict.value;
          f.role = R_VALUE;
        } else {
          f.role = R_FIELD;
          this.fail(`unexpected element <${name}> in a ${dict.entry.name} entry`);
        }
        f.name = el.name;
        this.checkNs(f, name, el);
        this.openValue(f, el, xsiNil, xsiType, attrs);
        return;
      }
      case F_ANYTEXT:
      case F_ANYRAW:
        // xs:anyType without xsi:type holding elements: its content is kept as raw XML.
        parent.kind = F_ANYRAW;
        this.flushAnyText(parent);
        this.openRaw(f, parent.el!, attrs, start, xsiType);
        return;
      case F_SIMPLE:
      case F_NIL:
        this.fail(parent.kind === F_NIL ? `unexpected element <${name}> inside a nil element` : `unexpected element <${name}> inside a simple value`, local);
      // falls through (fail never returns)
      case F_SKIP:
        f.kind = F_SKIP;
        return;
      case F_DETAIL: {
        let tag = `<${name}`;
        for (const k in attrs) tag += ` ${k}="${escapeXml(attrs[k]).replace(/"/g, '&quot;')}"`;
        this.detail += `${tag}>`;
        f.kind = F_DETAIL;
        if (this.frames[depth - 2].kind === F_FAULT) this.openDetailChild(f, local, xsiNil, xsiType, attrs);
        return;
      }
      case F_ROOT: {
        const ns = this.elementNs(f, name);
        if (local !== 'Envelope' || (ns !== NS_SOAP11 && ns !== NS_SOAP12)) {
          this.fail(`not a SOAP envelope: the root element is <${name}>${ns ? ` in namespace ${ns}` : ''}`);
        }
        this.soapNs = ns;
        f.kind = F_ENVELOPE;
        return;
      }
      case F_ENVELOPE: {
        if (local === 'Header' || local === 'Body') {
          const ns = this.elementNs(f, name);
          if (ns === this.soapNs) {
            if (local === 'Header') {
              f.kind = F_HEADER;
            } else {
              f.kind = F_BODY;
              this.bodyCount++;
              this.wrapperInBody = false;
            }
            return;
          }
        }
        this.openHeaderBlock(f, name, local, xsiNil, xsiType, attrs);
        return;
      }
      case F_HEADER:
        this.openHeaderBlock(f, name, local, xsiNil, xsiType, attrs);
        return;
      case F_BODY: {
        const ns = this.elementNs(f, name);
        const w = this.wrapper;
        if (local === w.element && ns === w.ns) {
          if (this.wrapperInBody) this.fail(`more than one <${name}> in Body`);
          this.wrapperInBody = true;
          f.role = R_WRAPPER;
          if (w.bare) {
            // A bare body: the element is a value of its type.
            this.openValue(f, w.el, xsiNil, xsiType, attrs);
            return;
          }
          f.kind = F_COMPLEX;
          f.type = w.body;
          f.next = 0;
          f.ordered = true;
          f.obj = new w.body.Value();
          if (xsiNil !== undefined) this.fail(`the wrapper element <${name}> is nil`);
          return;
        }
        if (local === 'Fault' && ns === this.soapNs) {
          f.kind = F_FAULT;
          this.fault = { code: '', string: '' };
          return;
        }
        if (this.oneWay) {
          // Nothing is expected from a one-way operation but a Fault: anything else is not read.
          f.kind = F_SKIP;
          return;
        }
        if (local === w.element) this.fail(`the wrapper element <${name}> is in namespace "${ns}", expected "${w.ns}"`, local);
        this.fail(`unexpected element <${name}> in Body: expected <${w.element}> (${this.operation ?? 'operation'})${ns !== w.ns ? ` in namespace ${w.ns}` : ''}`, local);
      }
      // falls through (fail never returns)
      case F_FAULT: {
        f.kind = F_SKIP;
        const v12 = this.soapNs === NS_SOAP12;
        if (!v12 && local === 'faultcode') {
          f.kind = F_FAULTTEXT;
          f.tag = T_CODE;
        } else if (!v12 && local === 'faultstring') {
          f.kind = F_FAULTTEXT;
          f.tag = T_STRING;
        } else if (local === 'detail' || local === 'Detail') {
          f.kind = F_DETAIL;
          this.detail = '';
        } else if (v12 && local === 'Code') {
          f.kind = F_FAULTPART;
          f.tag = T_CODE;
        } else if (v12 && local === 'Reason') {
          f.kind = F_FAULTPART;
          f.tag = T_REASON;
        }
        return;
      }
      case F_FAULTPART:
        // SOAP 1.2: Code/Value, Code/Subcode/Value (the first level), the first Reason/Text.
        f.kind = F_SKIP;
        if (local === 'Value' && (parent.tag === T_CODE || parent.tag === T_SUBCODE)) {
          f.kind = F_FAULTTEXT;
          f.tag = parent.tag;
        } else if (local === 'Subcode' && parent.tag === T_CODE) {
          f.kind = F_FAULTPART;
          f.tag = T_SUBCODE;
        } else if (local === 'Text' && parent.tag === T_REASON && this.fault!.string === '') {
          f.kind = F_FAULTTEXT;
          f.tag = T_STRING;
        }
        return;
      default:
        f.kind = F_SKIP;
    }
  }

  /** The occurrence object of a repeated group the element `el` goes into (a new one when `el` cannot continue the last). */
  occurrence(obj: Record<string, unknown>, el: ElementPlan): Record<string, unknown> {
    const g = el.group!;
    let list = (g.proto && !Object.prototype.hasOwnProperty.call(obj, g.key) ? undefined : obj[g.key]) as Record<string, unknown>[] | undefined;
    if (list === undefined) {
      list = [];
      setOwn(obj, g.key, list);
    }
    const last = list.length > 0 ? list[list.length - 1] : undefined;
    if (last !== undefined && continues(last, el)) return last;
    const occ: Record<string, unknown> = {};
    list.push(occ);
    return occ;
  }

  /** An xs:any element: its subtree is skipped and its source text kept (see `rawText`). */
  openRaw(f: Frame, el: ElementPlan, attrs: Record<string, string>, start: number, xsiType: string | undefined): void {
    f.kind = F_RAW;
    f.el = el;
    f.start = start;
    this.rawUsed = new Set();
    const declared = new Set<string>();
    for (const k in attrs) {
      if (k === 'xmlns') declared.add('');
      else if (k.startsWith('xmlns:')) declared.add(k.slice(6));
    }
    this.rawDeclared = declared;
    this.noteRawPrefixes(f, attrs, xsiType);
  }

  /** Record the prefixes an element inside an xs:any value uses (its name, its attributes, an xsi:type value). */
  noteRawPrefixes(f: Frame, attrs: Record<string, string>, xsiType: string | undefined): void {
    const used = this.rawUsed!;
    used.add(f.prefixLen < 0 ? '' : f.prefix);
    for (const k in attrs) {
      const c = k.indexOf(':');
      if (c > 0 && !k.startsWith('xmlns:')) used.add(k.slice(0, c));
    }
    if (xsiType !== undefined) {
      const c = xsiType.indexOf(':');
      used.add(c < 0 ? '' : collapse(xsiType).slice(0, c));
    }
  }

  /** The source text of an xs:any element, with the declarations of the ancestors' prefixes it uses added to its start tag. */
  rawText(f: Frame, name: string, end: number): string {
    let decl = '';
    for (const p of this.rawUsed!) {
      if (p === 'xml' || this.rawDeclared!.has(p)) continue;
      const uri = this.resolvePrefix(p);
      if (uri === undefined) {
        if (p === '') continue;
        this.fail(`unbound namespace prefix "${p}" inside <${name}>`);
      }
      if (p === '' && uri === '') continue;
      decl += ` ${p === '' ? 'xmlns' : `xmlns:${p}`}="${escapeXml(uri).replace(/"/g, '&quot;')}"`;
    }
    this.rawUsed = undefined;
    this.rawDeclared = undefined;
    const src = this.source;
    const at = f.start + 1 + name.length;
    return decl === '' ? copy(src.slice(f.start, end)) : src.slice(f.start, at) + decl + src.slice(at, end);
  }

  /**
   * An element directly inside a Fault's detail. First pass: remember which (to match it against
   * the declared faults). Second pass (`faultPlan` set): decode the matching element as its value.
   */
  openDetailChild(f: Frame, local: string, xsiNil: string | undefined, xsiType: string | undefined, attrs: Record<string, string>): void {
    const fp = this.faultPlan;
    if (fp === undefined) {
      this.detailChild ??= { local, ns: f.ns };
    } else if (local === fp.name && f.ns === fp.ns && !this.faultDecoded) {
      f.role = R_FAULT;
      this.openValue(f, fp, xsiNil, xsiType, attrs);
    }
  }

  checkNs(f: Frame, name: string, el: ElementPlan): void {
    const ns = this.elementNs(f, name);
    // Unqualified elements are accepted in responses (lenient); another namespace is a different element.
    if (ns !== el.ns && !(ns === '' && this.lenientNs)) this.fail(`element <${name}> is in namespace "${ns}", expected "${el.ns}"`);
  }

  openHeaderBlock(f: Frame, name: string, local: string, xsiNil: string | undefined, xsiType: string | undefined, attrs: Record<string, string>): void {
    const h = this.headerPlans.get(local);
    let ns: string | undefined;
    if (h === undefined || ((ns = this.elementNs(f, name)) !== h.ns && !(ns === '' && this.lenientNs))) {
      // Unknown header blocks (WS-Addressing, …) are ignored; in a request, so is an unqualified one (as WCF does).
      f.kind = F_SKIP;
      return;
    }
    if (Object.prototype.hasOwnProperty.call(this.headers, h.part)) this.fail(`header block <${name}> occurs more than once`, local);
    f.role = R_HEADER;
    f.name = h.part;
    f.el = h;
    this.openValue(f, h, xsiNil, xsiType, attrs);
  }

  /** Set up frame `f` to decode a value of element `el` (after `xsi:nil` / `xsi:type`). */
  openValue(f: Frame, el: ElementPlan, xsiNil: string | undefined, xsiType: string | undefined, attrs: Record<string, string>): void {
    f.el = el;
    if (xsiNil !== undefined) {
      const v = collapse(xsiNil);
      if (v === 'true' || v === '1') {
        if (!el.nillable) this.fail(`${el.name} is not nillable but has xsi:nil="true"`);
        f.kind = F_NIL;
        return;
      }
      if (v !== 'false' && v !== '0') this.fail(`xsi:nil="${xsiNil}" is not a boolean`);
    }
    let type = el.type;
    if (xsiType !== undefined && !(type.k === K_ANY && this.isAnyTypeName(xsiType))) type = this.applyXsiType(f, type, xsiType);
    if (type.k === K_ANY) {
      // No xsi:type (or xs:anyType itself): text, or raw XML once an element or an attribute is seen;
      // an xsi:type the service does not know (f.rawType): the raw form whatever the content.
      f.kind = F_ANYTEXT;
      f.content = '';
      f.obj = hasKeys(attrs) ? this.otherAttributes(attrs) : EMPTY;
      return;
    }
    switch (type.k) {
      case K_COMPLEX:
        f.kind = type.text === undefined ? F_COMPLEX : F_TEXTC;
        f.type = type;
        f.next = 0;
        f.ordered = true;
        f.obj = new type.Value();
        if (f.anyType !== undefined) {
          f.obj.$type = f.anyType;
          f.anyType = undefined;
        }
        if (type.attrs !== undefined) this.readAttributes(f.obj, type, attrs);
        return;
      case K_ARRAY:
        f.kind = F_ARRAY;
        f.type = type;
        f.arr = [];
        return;
      case K_DICT:
        f.kind = F_DICT;
        f.type = type;
        f.obj = {};
        f.count = 0;
        return;
      default:
        f.kind = F_SIMPLE;
        f.type = type;
    }
  }

  /** The declared attributes of a complex value (and the others into `$attributes` for xs:anyAttribute; else they are ignored). */
  readAttributes(obj: Record<string, unknown>, type: ComplexPlan, attrs: Record<string, string>): void {
    const byName = type.attrByName!;
    for (const k in attrs) {
      const c = k.indexOf(':');
      let id = k;
      if (c >= 0) {
        const prefix = k.slice(0, c);
        if (prefix === 'xmlns') continue;
        const ns = this.resolvePrefix(prefix);
        if (ns === undefined) this.fail(`unbound namespace prefix "${prefix}" on the attribute ${k}`);
        if (ns === NS_XSI) continue;
        id = `{${ns}}${k.slice(c + 1)}`;
      } else if (k === 'xmlns') continue;
      const a = byName.get(id);
      if (a !== undefined) setOwn(obj, a.key, this.simpleOf(a.type, attrs[k], `@${a.name}`));
      else if (type.anyAttribute) setOwn((obj.$attributes ??= {}) as Record<string, unknown>, copy(id), copy(attrs[k]));
    }
  }

  /** Whether an `xsi:type` value names `xs:anyType` itself. */
  isAnyTypeName(raw: string): boolean {
    const qn = collapse(raw);
    const c = qn.indexOf(':');
    return (c < 0 ? qn : qn.slice(c + 1)) === 'anyType' && builtinNameOf(this.resolvePrefix(c < 0 ? '' : qn.slice(0, c)) ?? '', 'anyType') === 'xs:anyType';
  }

  /** The attributes of an untyped (xs:anyType) element other than namespace declarations and xsi:*, keyed as `$attributes` is (`local`, `{ns}local`); EMPTY when none. */
  otherAttributes(attrs: Record<string, string>): Record<string, unknown> {
    let out: Record<string, unknown> = EMPTY;
    for (const k in attrs) {
      const c = k.indexOf(':');
      let id = k;
      if (c >= 0) {
        const prefix = k.slice(0, c);
        if (prefix === 'xmlns') continue;
        const ns = this.resolvePrefix(prefix);
        if (ns === undefined) this.fail(`unbound namespace prefix "${prefix}" on the attribute ${k}`);
        if (ns === NS_XSI) continue;
        id = `{${ns}}${k.slice(c + 1)}`;
      } else if (k === 'xmlns') continue;
      if (out === EMPTY) out = {};
      setOwn(out, copy(id), copy(attrs[k]));
    }
    return out;
  }

  /** F_ANYRAW: move the text read since the last tag into the content (escaped); whitespace between elements is not kept. */
  flushAnyText(f: Frame): void {
    const t = f.text;
    if (t !== '' && !isWhitespace(t)) f.content += escapeContent(t);
    f.text = '';
  }

  /** Resolve `xsi:type` against the declared type: the same type, a derived type, or (for xs:anyType) any known type. */
  applyXsiType(f: Frame, declared: ValuePlan, raw: string): ValuePlan {
    const qn = collapse(raw);
    const c = qn.indexOf(':');
    const prefix = c < 0 ? '' : qn.slice(0, c);
    const local = c < 0 ? qn : qn.slice(c + 1);
    const ns = this.resolvePrefix(prefix);
    if (ns === undefined) this.fail(`xsi:type="${qn}" uses an unbound prefix`);
    const builtin = builtinNameOf(ns, local);
    if (builtin !== undefined) {
      if (declared.k === K_ANY) {
        const p = builtinPlan(builtin);
        // The descriptor's constant name when known (a string built from the document would pin it).
        f.anyType = p !== undefined && p.k === K_SCALAR ? p.codec.name : copy(builtin);
        // An XSD type this runtime does not know (XSD 1.1's xs:dateTimeStamp…) is kept as its text.
        return p === undefined || p === ANY ? (builtinPlan('xs:string') as ValuePlan) : p;
      }
      if (declared.k === K_SCALAR && declared.codec.name === builtin) return declared;
      if ((declared.k === K_ENUM || declared.k === K_FLAGS || (declared.k === K_SCALAR && declared.codec.escape)) && builtin === 'xs:string') return declared;
      this.fail(`xsi:type="${qn}" does not match the declared type ${typeName(declared)}`);
    }
    const named = this.plan.byQName.get(`${ns} ${local}`);
    if (named === undefined) {
      if (declared.k !== K_ANY) this.fail(`xsi:type="${qn}" names a type ${this.plan.service.name} does not know`);
      // xs:anyType: the content is kept raw, with its type (written back as it came).
      f.rawType = copy(ns === '' ? local : `{${ns}}${local}`);
      return declared;
    }
    if (named === declared) return declared;
    if (declared.k === K_ANY) {
      f.anyType = named.named.xsdName;
      if (named.k === K_COMPLEX) {
        if (named.abstract) this.fail(`xsi:type="${qn}" is abstract`);
        return named;
      }
      return named;
    }
    if (declared.k === K_COMPLEX && named.k === K_COMPLEX && derivesFrom(named, declared)) {
      if (named.abstract) this.fail(`xsi:type="${qn}" is abstract`);
      f.anyType = named.named.xsdName;
      return named;
    }
    if (declared.k === K_SCALAR && named.k === K_SCALAR && named.codec === declared.codec) return declared;
    this.fail(`xsi:type="${qn}" is not ${typeName(declared)} or a type derived from it`);
  }

  text(t: string): void {
    const f = this.top;
    switch (f.kind) {
      case F_SIMPLE:
      case F_ANYTEXT:
      case F_ANYRAW:
      case F_FAULTTEXT:
      case F_TEXTC:
        f.text = f.text === '' ? t : f.text + t;
        return;
      case F_DETAIL:
        this.detail += escapeXml(t);
        return;
      case F_COMPLEX:
      case F_ARRAY:
      case F_DICT:
      case F_ENTRY:
      case F_NIL:
        if (!isWhitespace(t)) this.fail(`unexpected text "${redactClip(t.trim(), 40, '')}" inside ${f.kind === F_NIL ? 'a nil element' : 'a structured element'}`);
        return;
      default:
      // Envelope, Header, Body, Fault, skipped subtrees: ignored.
    }
  }

  closeElement(name: string, end: number): void {
    const f = this.top;
    const parent = this.frames[this.depth - 1];
    let value: unknown;
    switch (f.kind) {
      case F_SIMPLE:
        value = this.simpleValue(f);
        break;
      case F_TEXTC:
        value = f.obj;
        f.obj.$value = this.simpleOf((f.type as ComplexPlan).text!, f.text);
        f.obj = EMPTY;
        break;
      case F_RAW:
        value = this.rawText(f, name, end);
        if (parent.kind === F_ANYRAW) {
          parent.content += value as string;
          this.pop(f);
          return;
        }
        break;
      case F_ANYRAW:
        this.flushAnyText(f);
        value = this.rawAny(f, f.content);
        f.content = '';
        break;
      case F_COMPLEX:
      case F_DICT:
        value = f.obj;
        f.obj = EMPTY;
        break;
      case F_ARRAY:
        value = f.arr;
        f.arr = NO_ITEMS;
        break;
      case F_NIL:
        value = null;
        break;
      case F_ANYTEXT:
        value = f.obj === EMPTY && f.rawType === undefined ? { $type: 'xs:string', $value: copy(f.text) } : this.rawAny(f, escapeContent(f.text));
        break;
      case F_ENTRY: {
        if (!f.hasKey) this.fail(`a ${(f.type as ValuePlan & { k: typeof K_DICT }).entry.name} entry without ${(f.type as ValuePlan & { k: typeof K_DICT }).key.name}`);
        if (!f.hasValue) this.fail(`a ${(f.type as ValuePlan & { k: typeof K_DICT }).entry.name} entry without ${(f.type as ValuePlan & { k: typeof K_DICT }).value.name}`);
        const k = f.key as string;
        if (Object.prototype.hasOwnProperty.call(parent.obj, k)) this.fail(`duplicate dictionary key "${k}"`);
        setOwn(parent.obj, k, f.value);
        f.key = undefined;
        f.value = undefined;
        this.pop(f);
        return;
      }
      case F_FAULTTEXT: {
        const fault = this.fault!;
        if (f.tag === T_CODE) fault.code = copy(collapse(f.text));
        else if (f.tag === T_SUBCODE) fault.subcode = copy(collapse(f.text));
        else fault.string = copy(f.text);
        this.pop(f);
        return;
      }
      case F_DETAIL:
        if (parent.kind === F_DETAIL) this.detail += `</${name}>`;
        else this.fault!.detailXml = copy(collapse(this.detail));
        this.pop(f);
        return;
      case F_FAULT:
        throw new FaultSeen(this.fault!);
      case F_BODY:
        if (!this.wrapperInBody && !this.oneWay) this.fail(`Body has no <${this.wrapper.element}> element`);
        this.pop(f);
        return;
      default:
        this.pop(f);
        return;
    }
    if (f.anyType !== undefined) {
      value = { $type: f.anyType, $value: value };
    }
    switch (f.role) {
      case R_FIELD: {
        const el = f.el!;
        const target = el.group === undefined ? parent.obj : f.occ;
        if (el.repeated) {
          const list = (el.proto && !Object.prototype.hasOwnProperty.call(target, el.key) ? undefined : target[el.key]) as unknown[] | undefined;
          if (list === undefined) setOwn(target, el.key, [value]);
          else list.push(value);
        } else if (el.proto) {
          setOwn(target, el.key, value);
        } else {
          storeField(target, el, value);
        }
        break;
      }
      case R_ITEM:
        parent.arr.push(value);
        break;
      case R_KEY:
        parent.key = this.dictKey(value, f.text);
        parent.hasKey = true;
        break;
      case R_VALUE:
        parent.value = value;
        parent.hasValue = true;
        break;
      case R_HEADER:
        this.headers[(f.el as HeaderPlan).part] = value;
        break;
      case R_WRAPPER:
        this.bodies.push(value as Record<string, unknown>);
        break;
      case R_FAULT:
        this.faultValue = value;
        this.faultDecoded = true;
        break;
      default:
    }
    this.pop(f);
  }

  pop(f: Frame): void {
    if (f.nsCount !== 0) {
      this.nsTop -= f.nsCount;
      f.nsCount = 0;
    }
    f.text = '';
    this.depth--;
    this.top = this.frames[this.depth];
  }

  /** The raw form of an untyped value (or one of an unknown `xsi:type`): `{ $type: 'xs:anyType', $xsiType?, $any, $attributes? }`. */
  rawAny(f: Frame, content: string): Record<string, unknown> {
    const value: Record<string, unknown> =
      f.rawType === undefined ? { $type: 'xs:anyType', $any: content } : { $type: 'xs:anyType', $xsiType: f.rawType, $any: content };
    if (f.obj !== EMPTY) value.$attributes = f.obj;
    f.obj = EMPTY;
    f.rawType = undefined;
    return value;
  }

  /** A dictionary key from its value and wire text. */
  dictKey(value: unknown, text: string): string {
    if (value === null) this.fail('a dictionary key is nil');
    if (typeof value === 'string') return value;
    if (typeof value === 'number' || typeof value === 'boolean') return String(value);
    // dateTime, base64…: the key is the wire text.
    return copy(collapse(text));
  }

  simpleValue(f: Frame): unknown {
    return this.simpleOf(f.type, f.text);
  }

  /** The value of wire text `text` of a simple type; `extra` is the path segment for an attribute. */
  simpleOf(type: ValuePlan, text: string, extra?: string): unknown {
    switch (type.k) {
      case K_SCALAR: {
        const codec = type.codec;
        if (codec.escape && !codec.collapse) return this.own(text);
        try {
          const t = codec.collapse ? collapse(text) : text;
          // (a dateTime that keeps its text as a string keeps a copy: values.ts `remember`)
          const v = codec.parse(t, this.naiveLocal);
          return typeof v === 'string' ? this.own(v) : v;
        } catch (e) {
          if (e instanceof ValueError) this.fail(`${e.message}`, extra);
          throw e;
        }
      }
      case K_LIST: {
        const out: unknown[] = [];
        for (const part of text.split(/[ \t\r\n]+/)) if (part !== '') out.push(this.simpleOf(type.item, part, extra));
        return out;
      }
      case K_ENUM: {
        const t = collapse(text);
        // A value this client does not know is passed through as its string (unless told to refuse it).
        return type.values.get(t) ?? (this.strictEnums ? this.unknownName(type, t, extra) : this.own(t));
      }
      case K_FLAGS: {
        const out: string[] = [];
        const zero = this.flagsZero?.[type.named.tsName];
        for (const part of text.split(/[ \t\r\n]+/)) {
          if (part !== '' && part !== zero) out.push(type.values.get(part) ?? (this.strictEnums ? this.unknownName(type, part, extra) : this.own(part)));
        }
        return out;
      }
      default:
        return this.own(text);
    }
  }

  /** A simple value's string as the decoder returns it: a copy unless `strings: 'share'`. */
  own(s: string): string {
    return this.copyStrings ? copy(s) : s;
  }

  finish(): DecodedEnvelope {
    if (this.soapNs === '') throw new ResponseFormatError('not a SOAP envelope', { operation: this.operation });
    if (this.bodyCount === 0) throw new ResponseFormatError('the envelope has no Body', { operation: this.operation });
    const body = this.bodies[0];
    for (let i = 1; i < this.bodies.length; i++) {
      if (!sameValue(body, this.bodies[i])) throw new ResponseFormatError('the envelope has two Body elements with different content', { operation: this.operation });
    }
    return { headers: this.headers, body };
  }
}

/** Store a non-repeated field's value (not for `proto` keys: those are written with `setOwn`). */
function storeField(target: Record<string, unknown>, el: ElementPlan, value: unknown): void {
  const store = el.store;
  if (store !== undefined) store(target, value);
  else {
    target[el.key] = value;
    // (compiling costs ~20 µs: only for fields decoded again and again)
    if (++el.stores === HOT_FIELD) el.store = fieldStore(el.key);
  }
}

/**
 * Which of the scanner's fast paths can take `el` (an element outside groups, not a `proto` key; a
 * field not repeated, or an array's item): read whole (`Decoder.leaf`) when its type is simple and
 * it is a field, opened as expected (`Decoder.openExpected`) when its type is structured (complex,
 * array, dictionary).
 */
function leafKindOf(el: ElementPlan, item = false): number {
  if (el.m !== M_ELEMENT || (el.repeated && !item) || el.group !== undefined || el.proto) return LEAF_NO;
  const k = el.type.k;
  if (k === K_SCALAR || k === K_ENUM || k === K_FLAGS || k === K_LIST) return item ? LEAF_NO : LEAF_YES;
  return k === K_COMPLEX || k === K_ARRAY || k === K_DICT ? LEAF_OPEN : LEAF_NO;
}

/** The position of the element named `local` among fields with duplicate names: the first at or after `next`, else the first. */
function sameNameAt(fields: readonly ElementPlan[], local: string, next: number, first: number): number {
  for (let i = next; i < fields.length; i++) if (fields[i].name === local) return i;
  return first;
}

/** The wildcard an unknown element is taken by: the first at or after `next`, else the first. */
function wildcardAt(wildcards: readonly number[], next: number): number {
  for (const i of wildcards) if (i >= next) return i;
  return wildcards[0];
}

/** Whether element `el` continues the group occurrence `occ` (else it starts a new one). */
function continues(occ: Record<string, unknown>, el: ElementPlan): boolean {
  const g = el.group!;
  const has = Object.prototype.hasOwnProperty.call(occ, el.key);
  // A choice occurrence holds one member: only the same repeated member continues it.
  if (g.choice) return has && el.repeated;
  if (has && !el.repeated) return false;
  for (let i = el.gpos + 1; i < g.members.length; i++) if (Object.prototype.hasOwnProperty.call(occ, g.members[i].key)) return false;
  return true;
}

function typeName(t: ValuePlan): string {
  switch (t.k) {
    case K_SCALAR:
      return t.named?.xsdName ?? t.codec.name;
    case K_ANY:
      return 'xs:anyType';
    default:
      return t.named.xsdName;
  }
}

/** Structural equality of decoded values (for duplicated Body elements). */
function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return Number.isNaN(a) && Number.isNaN(b);
  if (a instanceof Date) return b instanceof Date && a.getTime() === b.getTime();
  if (a instanceof Uint8Array) return b instanceof Uint8Array && Buffer.compare(a, b) === 0;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((x, i) => sameValue(x, b[i]));
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  return ka.length === kb.length && ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && sameValue((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

/** A Fault ends the scan as soon as it is read (what follows it is not looked at). */
class FaultSeen {
  constructor(readonly fault: SoapFault) {}
}

/** What a response may hold besides its wrapper: the operation's declared faults, and whether it is one-way. */
export interface ResponseExpectations {
  readonly faults: readonly FaultPlan[];
  readonly oneWay: boolean;
}

const NO_EXPECTATIONS: ResponseExpectations = { faults: [], oneWay: false };

/** Run `d` over `text`; a scanner error becomes a ResponseFormatError. */
function scan(d: Decoder, text: string, operation: string | undefined): void {
  try {
    scanXml(text, d, SCAN_LIMITS);
  } catch (e) {
    if (!(e instanceof XmlSyntaxError)) throw e;
    if (e.kind === 'doctype') throw new ResponseFormatError('a DOCTYPE is not allowed in a SOAP message', { operation });
    if (e.kind === 'limit') d.fail(e.message);
    // The path names the element the document broke in (truncated responses); the message has the line and column.
    throw new ResponseFormatError(`not well-formed XML: ${redactClip(redactParserMessage(e.message), 300)}`, { operation, path: d.path() || undefined, cause: e });
  }
}

/**
 * Decode an envelope whose Body must hold `wrapper` (or a Fault), reading the header blocks
 * `headerPlans` declares. A Fault throws `SoapFaultError`; when its detail element is one of the
 * declared faults of `expect`, the detail is decoded (a second pass, only for such faults) into the
 * error's `detail`.
 */
export function decodeEnvelope(
  plan: ServicePlan,
  operation: string | undefined,
  wrapper: WrapperPlan,
  headerPlans: readonly HeaderPlan[],
  bytes: string | Uint8Array | ResponseBody,
  options: DecodeOptions = {},
  lenientNs = true,
  expect: ResponseExpectations = NO_EXPECTATIONS,
): DecodedEnvelope {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const text = toText(bytes, maxBytes, operation);
  if (isWhitespace(text)) throw new ResponseFormatError('the response is empty, not a SOAP envelope', { operation });
  const d = new Decoder(plan, operation, wrapper, headerPlans, options, lenientNs);
  d.source = text;
  d.oneWay = expect.oneWay;
  try {
    scan(d, text, operation);
  } catch (e) {
    if (!(e instanceof FaultSeen)) throw e;
    const fault = e.fault;
    const child = d.detailChild;
    const declared = child === undefined ? undefined : expect.faults.find((f) => f.name === child.local && f.ns === child.ns);
    if (declared !== undefined) {
      const typed = decodeFaultDetail(plan, operation, wrapper, headerPlans, text, options, declared);
      if (typed !== undefined) {
        fault.detail = typed.value;
        fault.faultName = declared.fault;
      }
    }
    throw new SoapFaultError(fault, { operation });
  }
  return d.finish();
}

/** The declared fault's detail element decoded as its value; undefined when it does not fit its type (the raw detail stays). */
function decodeFaultDetail(
  plan: ServicePlan,
  operation: string | undefined,
  wrapper: WrapperPlan,
  headerPlans: readonly HeaderPlan[],
  text: string,
  options: DecodeOptions,
  declared: FaultPlan,
): { value: unknown } | undefined {
  const d = new Decoder(plan, operation, wrapper, headerPlans, options, true);
  d.source = text;
  d.faultPlan = declared;
  try {
    scan(d, text, operation);
  } catch (e) {
    if (e instanceof FaultSeen && d.faultDecoded) return { value: d.faultValue };
    if (e instanceof FaultSeen || e instanceof ResponseFormatError) return undefined;
    throw e;
  }
  return undefined;
}
