/**
 * A strict, non-validating XML 1.0 scanner for whole documents held in one string: start tags (with
 * their attributes), character data and end tags are reported to an `XmlEvents` object; comments,
 * processing instructions and the XML declaration are checked and skipped. It accepts exactly the
 * documents saxes 6 (`xmlns: false`) accepts, with two deliberate differences where saxes breaks
 * XML 1.0 (both covered by tests):
 *
 * - a lone high surrogate (U+D800–U+DBFF not followed by a low surrogate) is refused like any other
 *   character outside the `Char` production (saxes combines it with the next code unit and so
 *   accepts it, swallowing that unit);
 * - a processing instruction's target must be followed by whitespace or `?>` (saxes accepts
 *   `<?pi?x?>` and `<?pi??>`).
 *
 * Like saxes it reads an XML declaration with a version other than `1.0` as XML 1.1: the characters
 * U+007F–U+009F other than U+0085 are refused after it, U+0085 and U+2028 are line ends, and
 * character references may name C0 controls (`&#1;`).
 *
 * No DTD processing at all: a DOCTYPE is refused (`kind: 'doctype'`) as soon as `<!DOCTYPE` is seen,
 * and only the five predefined entities and character references exist. Names, attribute counts and
 * attribute value lengths are bounded (`kind: 'limit'`). Every step is linear in the input.
 *
 * Speed (several times saxes, see bench/scanner.js): text runs, attribute values and names are
 * scanned with `charCodeAt` against a 64 KiB table of character classes, end tags are compared with
 * the open element's name by one `indexOf`, and text and values are handed over as slices of the
 * input when they need no change; references and line ends are resolved only where they occur.
 */

/**
 * What a handler may return from `open`, `close`, `leaf` and `openExpected`: the element it expects
 * next, as its name (`p:Name`) or its start tag's rest (`p:Name>`).
 *
 * - `p:Name`: when the next start tag is exactly `<p:Name>`, holds only character data (no
 *   markup) and ends with exactly `</p:Name>`, or is exactly `<p:Name/>`, the scanner reports it as
 *   one `leaf` call instead of open, text and close (the decoder stores a simple field from it
 *   without setting up an element). When a space follows the name there, the scanner asks the
 *   handler's `nilTail()` for the rest of an empty tag it takes as nil (` i:nil="true"/>`, with the
 *   prefix bound to the XSI namespace there); finding exactly that, it reports one `leafNil` call.
 * - `p:Name>`: when the next start tag is exactly `<p:Name>`, the scanner reports it as
 *   `openExpected(start)` instead of `open('p:Name', no attributes, start)`, without reading the
 *   name (the decoder opens the structured value it expects without looking it up).
 *
 * Anything else about that element, or no expectation (`undefined`), and the scanner reads it as
 * usual: the documents accepted, the errors and the information reported are the same either way,
 * provided the expected name is an XML Name (`isXmlName`) no longer than `maxNameLength`: the
 * scanner takes the handler's word for that.
 */
export type XmlExpectation = string | undefined | void;

/** What the scanner reports. Handlers may throw: the exception propagates unchanged. */
export interface XmlEvents {
  /**
   * Start tag (also for `<a/>`, followed immediately by `close`). `attributes` maps each attribute
   * name (as written, with its prefix) to its normalized value; it is a fresh object whose
   * prototype chain holds no properties, or one shared frozen empty object when the element has
   * none. `start` is the offset of its `<` in the input (for slicing an element out).
   */
  open(name: string, attributes: Record<string, string>, start: number): XmlExpectation;
  /**
   * Character data inside the root element: references resolved, line ends normalized, CDATA
   * sections included. One text run may arrive in several calls (around comments, CDATA sections,
   * processing instructions); never called with `''`.
   */
  text(text: string): void;
  /** End tag (or the end of `<a/>`), with the name of the element it closes; `end` is the offset just after its `>`. */
  close(name: string, end: number): XmlExpectation;
  /**
   * The expected element (see `XmlExpectation`), read whole: its character data (`''` when empty).
   * Required of a handler that returns expectations; the element's name is the expectation.
   */
  leaf?(text: string): XmlExpectation;
  /**
   * The start tag of the expected element (an expectation `p:Name>`): what `open('p:Name', {}, start)`
   * would report. Required of a handler that returns such expectations.
   */
  openExpected?(start: number): XmlExpectation;
  /**
   * For the expected element (an expectation `p:Name`) when a space follows its name: the rest of
   * the empty tag the handler would read as nil (` x:nil="true"/>`, `x` its XSI prefix in scope),
   * or undefined. It must be an attribute and `/>` as the scanner would accept them.
   */
  nilTail?(): string | undefined;
  /** The expected element, written exactly as `nilTail` said: what `open` with that one attribute, then `close`, would report. */
  leafNil?(): XmlExpectation;
}

/** Bounds checked while scanning; exceeding one is an `XmlSyntaxError` with `kind: 'limit'`. */
export interface XmlScanLimits {
  /** Most attributes (namespace declarations included) on one element. */
  maxAttributes: number;
  /** Longest element or attribute name, in UTF-16 code units. */
  maxNameLength: number;
  /** Longest attribute value after normalization, in UTF-16 code units. */
  maxAttributeLength: number;
}

/** The document is not well-formed XML (or is refused: a DOCTYPE, a limit). */
export class XmlSyntaxError extends Error {
  override readonly name = 'XmlSyntaxError';
  /** UTF-16 offset in the input where the problem was found. */
  readonly offset: number;
  /** `'doctype'`: the document has a DOCTYPE; `'limit'`: a limit was exceeded; absent: not well-formed. */
  readonly kind?: 'doctype' | 'limit';

  constructor(message: string, offset: number, kind?: 'doctype' | 'limit') {
    super(message);
    this.offset = offset;
    if (kind !== undefined) this.kind = kind;
  }
}

// ---------------------------------------------------------------------------------------------
// character classes

const TAB = 0x09;
const LF = 0x0a;
const CR = 0x0d;
const SPACE = 0x20;
const DQUOTE = 0x22;
const HASH = 0x23;
const AMP = 0x26;
const SQUOTE = 0x27;
const SLASH = 0x2f;
const SEMICOLON = 0x3b;
const LT = 0x3c;
const EQ = 0x3d;
const GT = 0x3e;
const QUESTION = 0x3f;
const RBRACKET = 0x5d;
const BANG = 0x21;

// One class byte per UTF-16 code unit (64 KiB): the hot loops test a bit of `CLASSES[c]` instead of
// branching on ranges, which mixed-script text would make unpredictable.
/** Needs work in character data: CR, `&`, `<`, `>` (the `]]>` check), characters outside Char, surrogates. */
export const C_TEXT = 1;
/** Needs work in an attribute value: the same without `>`, with tab, LF and both quotes. */
const C_VALUE = 2;
/** XML 1.0 5th edition NameStartChar (BMP; astral ones are U+10000–U+EFFFF). */
const C_NAME_START = 4;
/** NameChar. */
const C_NAME = 8;

function classTable(xml11: boolean): Uint8Array {
  const t = new Uint8Array(0x10000).fill(C_TEXT | C_VALUE);
  t.fill(0, 0x20, 0xd800);
  t.fill(0, 0xe000, 0xfffe);
  t[TAB] = t[LF] = C_VALUE;
  t[CR] = C_TEXT | C_VALUE;
  t[AMP] = t[LT] = C_TEXT | C_VALUE;
  t[GT] = C_TEXT;
  t[DQUOTE] = t[SQUOTE] = C_VALUE;
  if (xml11) t.fill(C_TEXT | C_VALUE, 0x7f, 0xa0);
  // Each range lies where the table is uniform (no name character is a quote, markup or control
  // character), so one fill per range: a loop over its ~55,000 code points cost ~3 ms at import.
  const names = (bits: number, ...ranges: number[]): void => {
    for (let r = 0; r < ranges.length; r += 2) t.fill(t[ranges[r]] | bits, ranges[r], ranges[r + 1] + 1);
  };
  names(C_NAME_START | C_NAME, 0x3a, 0x3a, 0x41, 0x5a, 0x5f, 0x5f, 0x61, 0x7a, 0xc0, 0xd6, 0xd8, 0xf6, 0xf8, 0x2ff, 0x370, 0x37d,
    0x37f, 0x1fff, 0x200c, 0x200d, 0x2070, 0x218f, 0x2c00, 0x2fef, 0x3001, 0xd7ff, 0xf900, 0xfdcf, 0xfdf0, 0xfffd);
  names(C_NAME, 0x2d, 0x2e, 0x30, 0x39, 0xb7, 0xb7, 0x300, 0x36f, 0x203f, 0x2040);
  return t;
}

/** The XML 1.0 table (read only; also read by bench/lib/handwritten-decoder.js). */
export const CLASSES = classTable(false);
let classes11: Uint8Array | undefined;

function isS(c: number): boolean {
  return c === SPACE || c === LF || c === CR || c === TAB;
}

/** Whether the code unit at `p` is a high surrogate that starts a pair encoding a NameChar (U+10000–U+EFFFF). */
function isNamePair(text: string, p: number): boolean {
  const c = text.charCodeAt(p);
  if (!(c >= 0xd800 && c <= 0xdb7f)) return false;
  const d = text.charCodeAt(p + 1);
  return d >= 0xdc00 && d <= 0xdfff;
}

/** Code units of a NameStartChar at `p` (0: none there). */
function nameStartLength(text: string, p: number): number {
  if (p >= text.length) return 0;
  if ((CLASSES[text.charCodeAt(p)] & C_NAME_START) !== 0) return 1;
  return isNamePair(text, p) ? 2 : 0;
}

/** The index after the NameChars starting at `p`. */
function nameEnd(text: string, p: number): number {
  const n = text.length;
  for (;;) {
    while (p < n && (CLASSES[text.charCodeAt(p)] & C_NAME) !== 0) p++;
    if (p < n && isNamePair(text, p)) p += 2;
    else return p;
  }
}

/** Whether `s` is an XML Name (what an element's or attribute's name must be). */
export function isXmlName(s: string): boolean {
  const start = nameStartLength(s, 0);
  return start > 0 && nameEnd(s, start) === s.length;
}

/** Whether a character reference may name `c` (the Char production of XML 1.0, or of 1.1). */
function isRefChar(c: number, v11: boolean): boolean {
  return (
    (c >= 0x20 && c <= 0xd7ff) ||
    c === LF ||
    c === TAB ||
    c === CR ||
    (c >= 0xe000 && c <= 0xfffd) ||
    (c >= 0x10000 && c <= 0x10ffff) ||
    (v11 && c >= 1 && c < 0x20)
  );
}

const XML11_LINE_END = /[\x85\u2028]/g;
const XML11_LINE_ENDS = /\r[\n\x85\u2028]?|[\x85\u2028]/g;
/** An XML 1.1 line end as XML 1.0 line ends of the same length. */
function xml11LineEnd(m: string): string {
  if (m.length === 1) return '\n';
  return m.charCodeAt(1) === 0x2028 ? '\n\n' : '\r\n';
}
const CR_LF = /\r\n?/g;

const ATTRS_PROTO: object = Object.freeze(Object.create(null) as object);
const NO_ATTRIBUTES: Record<string, string> = Object.freeze(Object.create(ATTRS_PROTO) as Record<string, string>);

/** Attributes up to this many go into an object with a hidden class (fast for-in); more into a dictionary. */
const FAST_ATTRIBUTE_COUNT = 8;
/** Attribute counts up to this are checked for duplicates by looking at the names before; above, with a Set. */
const SMALL_ATTRIBUTE_COUNT = 16;

/** A character for a message: quoted when printable, else U+XXXX (`c`: a code point or a lone surrogate). */
function describe(c: number): string {
  if (c !== c) return 'the end of the input';
  if (c < 0x20 || (c >= 0x7f && c <= 0x9f) || (c >= 0xd800 && c <= 0xdfff) || c === 0xfffe || c === 0xffff) return `U+${c.toString(16).toUpperCase().padStart(4, '0')}`;
  return JSON.stringify(String.fromCodePoint(c));
}

// ---------------------------------------------------------------------------------------------
// the scanner

const NO_EVENTS: XmlEvents = { open() {}, text() {}, close() {} };

/**
 * The state of one scan. Instances are reused (see `scanXml`): besides saving an allocation, a live
 * instance keeps its hidden class alive, and with it the optimized code of these methods, which a
 * full GC would otherwise throw away ("weak objects" deopts) whenever no scan is running.
 */
class Scanner {
  text = '';
  n = 0;
  events: XmlEvents = NO_EVENTS;
  maxAttributes = 0;
  maxNameLength = 0;
  maxAttributeLength = 0;
  /** Open elements' names, `depth` of them valid. */
  readonly stack: string[] = [];
  depth = 0;
  sawRoot = false;
  /** The document declared a version other than 1.0 (read as XML 1.1, as saxes does). */
  v11 = false;
  /** `CLASSES`, or its XML 1.1 form (where U+007F–U+009F need work: they are refused). */
  classes = CLASSES;
  /** Where the last reference or attribute value ended. */
  pos = 0;
  /** Attribute names of the element being read (duplicate check). */
  readonly names: string[] = [];
  nameSet: Set<string> | undefined = undefined;
  /** The handler's expectation from its last `open` or `close` called outside `scan`'s loop (in `startTagRest`). */
  expect: XmlExpectation = undefined;
  /** The last start-tag expectation (`p:Name>`) met, and its name (so that a recurring one is sliced once). */
  openExpect = '';
  openName = '';

  start(text: string, events: XmlEvents, limits: XmlScanLimits): void {
    this.text = text;
    this.n = text.length;
    this.events = events;
    this.maxAttributes = limits.maxAttributes;
    this.maxNameLength = limits.maxNameLength;
    this.maxAttributeLength = limits.maxAttributeLength;
    this.depth = 0;
    this.sawRoot = false;
    this.v11 = false;
    this.classes = CLASSES;
    this.pos = 0;
    this.expect = undefined;
  }

  /** Drop every reference to the document and the handlers. */
  finish(): void {
    this.text = '';
    this.events = NO_EVENTS;
    this.stack.length = 0;
    this.names.length = 0;
    this.nameSet = undefined;
    this.expect = undefined;
    this.openExpect = '';
    this.openName = '';
  }

  /** Throw the error: `message` with the line and column of `offset` (counted only here, on error). */
  fail(offset: number, message: string, kind?: 'doctype' | 'limit'): never {
    const text = this.text;
    let line = 1;
    let lineStart = 0;
    for (let k = 0; k < offset; k++) {
      const c = text.charCodeAt(k);
      if (c === LF || (c === CR && text.charCodeAt(k + 1) !== LF)) {
        line++;
        lineStart = k + 1;
      }
    }
    throw new XmlSyntaxError(`${message} (line ${line}, column ${offset - lineStart + 1})`, offset, kind);
  }

  /** Throw the error for the unexpected character at `p` (`what`: where it is). */
  unexpected(p: number, what: string): never {
    const c = this.text.codePointAt(p) ?? NaN;
    if (c !== c) this.fail(p, `unexpected end of the document ${what}`);
    if (!this.isChar(p)) this.fail(p, `${c >= 0xd800 && c <= 0xdfff ? 'lone surrogate' : 'illegal character'} ${describe(c)} ${what}${c >= 0x7f && c <= 0x9f ? ' (XML 1.1)' : ''}`);
    this.fail(p, `unexpected ${describe(c)} ${what}`);
  }

  /** Whether the code unit at `p` starts a legal XML Char. */
  isChar(p: number): boolean {
    const c = this.text.charCodeAt(p);
    if (c >= 0x7f && c <= 0x9f) return !this.v11;
    if (c >= 0x20 && c < 0xd800) return true;
    if (c < 0x20) return c === TAB || c === LF || c === CR;
    if (c <= 0xdbff) {
      const d = this.text.charCodeAt(p + 1);
      return d >= 0xdc00 && d <= 0xdfff;
    }
    return c >= 0xe000 && c <= 0xfffd;
  }

  /** Refuse any illegal character in [from, to) (comments, PIs, CDATA). Returns whether a CR occurs. */
  checkChars(from: number, to: number, what: string): boolean {
    const text = this.text;
    let cr = false;
    for (let k = from; k < to; k++) {
      const c = text.charCodeAt(k);
      if (c >= 0x20 && c < 0x7f) continue;
      if (c >= 0xa0 && c < 0xd800) continue;
      if (c >= 0x7f && c <= 0x9f) {
        if (this.v11) this.fail(k, `illegal character ${describe(c)} ${what} (XML 1.1)`);
      } else if (c === CR) {
        cr = true;
      } else if (c >= 0xd800 && c <= 0xdbff) {
        const d = text.charCodeAt(k + 1);
        if (!(d >= 0xdc00 && d <= 0xdfff)) this.fail(k, `lone surrogate ${describe(c)} ${what}`);
        k++;
      } else if (!(c === TAB || c === LF || (c >= 0xe000 && c <= 0xfffd))) {
        this.fail(k, `illegal character ${describe(c)} ${what}`);
      }
    }
    return cr;
  }

  /**
   * The main loop. The common cases (a text run that needs no work, a start tag without attributes,
   * an end tag) are handled here with the state in locals; everything else in methods, with `depth`
   * synchronized around them.
   */
  scan(): void {
    let text = this.text;
    let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
    if (text.startsWith('<?xml', i)) {
      const c = text.charCodeAt(i + 5);
      if (c === QUESTION || isS(c)) {
        i = this.xmlDeclaration(i);
        text = this.text;
      }
    }
    const n = text.length;
    const classes = this.classes;
    const events = this.events;
    const stack = this.stack;
    const maxNameLength = this.maxNameLength;
    let depth = 0;
    let expect: XmlExpectation = undefined;
    for (;;) {
      // character data (or whitespace outside the root element) up to the next '<'
      if (depth > 0) {
        let k = i;
        while (k < n && (classes[text.charCodeAt(k)] & C_TEXT) === 0) k++;
        if (k < n && text.charCodeAt(k) === LT) {
          if (k > i) events.text(text.slice(i, k));
          i = k;
        } else {
          this.depth = depth;
          i = this.contentWithWork(i, k);
        }
      } else {
        i = this.outside(i);
      }
      if (i >= n) break;
      // markup at i
      const c = text.charCodeAt(i + 1);
      if (c === SLASH) {
        // an end tag: compared with the name of the open element
        const p = i + 2;
        if (depth === 0) this.strayEndTag(i);
        const name = stack[depth - 1];
        // (indexOf beats startsWith and a loop; when the name is not at p, the document is refused)
        if (text.indexOf(name, p) !== p) this.mismatch(i, name);
        let k = p + name.length;
        if (text.charCodeAt(k) !== GT) k = this.endTagRest(i, k, name);
        depth--;
        expect = events.close(name, k + 1);
        i = k + 1;
      } else if (c === BANG) {
        this.depth = depth;
        i = this.bang(i);
      } else if (c === QUESTION) {
        i = this.pi(i);
      } else {
        if (typeof expect === 'string' && depth > 0 && text.startsWith(expect, i + 1)) {
          const after = i + 1 + expect.length;
          if (expect.charCodeAt(expect.length - 1) === GT) {
            // the expected start tag, exactly `<p:Name>`
            let name = this.openName;
            if (expect !== this.openExpect) {
              name = expect.slice(0, -1);
              this.openExpect = expect;
              this.openName = name;
            }
            expect = events.openExpected!(i);
            stack[depth++] = name;
            i = after;
            continue;
          }
          // the expected element: read whole when it is `<p:Name>` with character data only and `</p:Name>`, or `<p:Name/>`
          const c2 = text.charCodeAt(after);
          if (c2 === GT) {
            let k = after + 1;
            while (k < n && (classes[text.charCodeAt(k)] & C_TEXT) === 0) k++;
            let content: string | undefined;
            if (text.charCodeAt(k) === LT) content = text.slice(after + 1, k);
            else {
              // references, line ends…: resolved as usual; a malformed run is left to the usual path (its error names this element)
              this.depth = depth;
              content = this.leafContent(after + 1, k);
              k = this.pos;
            }
            const end = k + 2 + expect.length;
            if (content !== undefined && text.charCodeAt(k + 1) === SLASH && text.charCodeAt(end) === GT && text.startsWith(expect, k + 2)) {
              i = end + 1;
              expect = events.leaf!(content);
              continue;
            }
          } else if (c2 === SLASH && text.charCodeAt(after + 1) === GT) {
            i = after + 2;
            expect = events.leaf!('');
            continue;
          } else if (c2 === SPACE) {
            const nil = events.nilTail?.();
            if (nil !== undefined && text.startsWith(nil, after)) {
              i = after + nil.length;
              expect = events.leafNil!();
              continue;
            }
          }
        }
        // a start tag: the name here, attributes and `/>` in startTagRest
        const p = i + 1;
        let end = p;
        if (end < n && (classes[text.charCodeAt(end)] & C_NAME_START) !== 0) end++;
        else if (isNamePair(text, end)) end += 2;
        else this.unexpected(p, "after '<'");
        end = nameEnd(text, end);
        if (end - p > maxNameLength) this.fail(p, `an element name of ${end - p} characters (at most ${maxNameLength})`, 'limit');
        const name = text.slice(p, end);
        if (depth === 0) {
          if (this.sawRoot) this.fail(i, `a second root element <${name}>`);
          this.sawRoot = true;
        }
        if (text.charCodeAt(end) === GT) {
          expect = events.open(name, NO_ATTRIBUTES, i);
          stack[depth++] = name;
          i = end + 1;
        } else {
          this.depth = depth;
          i = this.startTagRest(end, name);
          depth = this.depth;
          expect = this.expect;
        }
      }
    }
    this.depth = depth;
    if (depth > 0) this.fail(n, `unexpected end of the document: <${stack[depth - 1]}> is not closed`);
    if (!this.sawRoot) this.fail(n, 'the document has no root element');
  }

  /** Whitespace outside the root element, up to the next '<' or the end. */
  outside(i: number): number {
    const text = this.text;
    for (;;) {
      const c = text.charCodeAt(i);
      if (c === LT) return i;
      if (c === SPACE || c === LF || c === CR || c === TAB) {
        i++;
        continue;
      }
      if (c !== c) return i;
      if (c === AMP) this.fail(i, 'a reference outside the root element');
      if (!this.isChar(i)) this.unexpected(i, 'outside the root element');
      this.fail(i, `text outside the root element (${describe(text.codePointAt(i) ?? c)})`);
    }
  }

  /** The index of the first character from `k` on whose class has `bit` (`C_TEXT` or `C_VALUE`), or the end. */
  plain(k: number, bit: number): number {
    const text = this.text;
    const n = text.length;
    const classes = this.classes;
    while (k < n && (classes[text.charCodeAt(k)] & bit) === 0) k++;
    return k;
  }

  /** Character data inside the root element from `i` up to the next '<', whose first character that needs work is at `k`. */
  contentWithWork(i: number, k: number): number {
    const s = this.content(i, k);
    if (s.length > 0) this.events.text(s);
    return this.pos;
  }

  /** The character data from `i` (whose first character that needs work is at `k`) up to the next '<', where `pos` is set. */
  content(i: number, k: number): string {
    const text = this.text;
    let c = text.charCodeAt(k);
    let out = '';
    let seg = i;
    for (;;) {
      if (c === LT) break;
      if (c === AMP) {
        out += text.slice(seg, k);
        out += this.reference(k);
        k = this.pos;
        seg = k;
      } else if (c === CR) {
        out += text.slice(seg, k) + '\n';
        k += text.charCodeAt(k + 1) === LF ? 2 : 1;
        seg = k;
      } else if (c === GT) {
        if (k - 2 >= i && text.charCodeAt(k - 1) === RBRACKET && text.charCodeAt(k - 2) === RBRACKET) this.fail(k - 2, "']]>' in character data");
        k++;
      } else if (c >= 0xd800 && c <= 0xdbff && this.isChar(k)) {
        k += 2;
      } else {
        this.unexpected(k, `in character data inside <${this.stack[this.depth - 1]}>`);
      }
      k = this.plain(k, C_TEXT);
      c = text.charCodeAt(k);
    }
    this.pos = k;
    return seg === i ? text.slice(i, k) : out + text.slice(seg, k);
  }

  /** `content(i, k)`, or undefined where it is not well-formed (or the document ends first): the caller reads the element the usual way, which reports the error. */
  leafContent(i: number, k: number): string | undefined {
    if (k >= this.n) return undefined;
    try {
      return this.content(i, k);
    } catch (e) {
      if (e instanceof XmlSyntaxError) return undefined;
      throw e;
    }
  }

  /** The replacement text of the reference at `k` ('&'); `pos` is set after its ';'. */
  reference(k: number): string {
    const text = this.text;
    const c = text.charCodeAt(k + 1);
    if (c === HASH) {
      let p = k + 2;
      let v = 0;
      let digits = 0;
      if (text.charCodeAt(p) === 0x78 /* x */) {
        p++;
        for (;;) {
          const d = text.charCodeAt(p);
          let h: number;
          if (d >= 0x30 && d <= 0x39) h = d - 0x30;
          else if (d >= 0x61 && d <= 0x66) h = d - 0x57;
          else if (d >= 0x41 && d <= 0x46) h = d - 0x37;
          else break;
          v = v > 0x10ffff ? v : v * 16 + h;
          digits++;
          p++;
        }
      } else {
        for (;;) {
          const d = text.charCodeAt(p);
          if (!(d >= 0x30 && d <= 0x39)) break;
          v = v > 0x10ffff ? v : v * 10 + (d - 0x30);
          digits++;
          p++;
        }
      }
      if (digits === 0 || text.charCodeAt(p) !== SEMICOLON) {
        if (p >= this.n) this.fail(k, 'unexpected end of the document in a character reference');
        this.fail(k, 'malformed character reference');
      }
      if (!isRefChar(v, this.v11)) this.fail(k, `character reference ${text.slice(k, p + 1)} to a character XML does not allow`);
      this.pos = p + 1;
      return v < 0x10000 ? String.fromCharCode(v) : String.fromCodePoint(v);
    }
    // the five predefined entities, compared code unit by code unit (no call, no allocation)
    switch (c) {
      case 0x61: {
        // a
        const d = text.charCodeAt(k + 2);
        if (d === 0x6d /* m */ && text.charCodeAt(k + 3) === 0x70 /* p */ && text.charCodeAt(k + 4) === SEMICOLON) {
          this.pos = k + 5;
          return '&';
        }
        if (d === 0x70 /* p */ && text.charCodeAt(k + 3) === 0x6f /* o */ && text.charCodeAt(k + 4) === 0x73 /* s */ && text.charCodeAt(k + 5) === SEMICOLON) {
          this.pos = k + 6;
          return "'";
        }
        break;
      }
      case 0x6c: // l
      case 0x67: // g
        if (text.charCodeAt(k + 2) === 0x74 /* t */ && text.charCodeAt(k + 3) === SEMICOLON) {
          this.pos = k + 4;
          return c === 0x6c ? '<' : '>';
        }
        break;
      case 0x71: // q
        if (text.charCodeAt(k + 2) === 0x75 /* u */ && text.charCodeAt(k + 3) === 0x6f /* o */ && text.charCodeAt(k + 4) === 0x74 /* t */ && text.charCodeAt(k + 5) === SEMICOLON) {
          this.pos = k + 6;
          return '"';
        }
        break;
      default:
    }
    const start = nameStartLength(text, k + 1);
    if (start > 0) {
      const end = nameEnd(text, k + 1 + start);
      if (text.charCodeAt(end) === SEMICOLON) {
        const name = text.slice(k + 1, end);
        this.fail(k, `undefined entity &${name.length > 40 ? `${name.slice(0, 40)}…` : name}; (only amp, lt, gt, quot and apos exist)`);
      }
      if (end >= this.n) this.fail(k, 'unexpected end of the document in an entity reference');
    } else if (k + 1 >= this.n) {
      this.fail(k, 'unexpected end of the document after &');
    }
    this.fail(k, "'&' that does not start a reference (write it as &amp;)");
  }

  /** The rest of a start tag after its name (at `p`): attributes, `>` or `/>`. */
  startTagRest(p: number, name: string): number {
    const text = this.text;
    const start = p - name.length - 1;
    let attributes = NO_ATTRIBUTES;
    let count = 0;
    for (;;) {
      let c = text.charCodeAt(p);
      if (c === GT) {
        this.expect = this.events.open(name, attributes, start);
        this.stack[this.depth++] = name;
        return p + 1;
      }
      if (c === SLASH) {
        if (text.charCodeAt(p + 1) !== GT) this.unexpected(p + 1, `after '/' in the start tag <${name}>`);
        this.events.open(name, attributes, start);
        this.expect = this.events.close(name, p + 2);
        return p + 2;
      }
      if (!isS(c)) {
        if (count > 0 && nameStartLength(text, p) > 0) this.fail(p, `no whitespace between attributes in <${name}>`);
        this.unexpected(p, `in the start tag <${name}>`);
      }
      do c = text.charCodeAt(++p);
      while (c === SPACE || c === LF || c === CR || c === TAB);
      if (c === GT || c === SLASH) continue;
      // an attribute
      const aStart = nameStartLength(text, p);
      if (aStart === 0) this.unexpected(p, `in the start tag <${name}>`);
      const aEnd = nameEnd(text, p + aStart);
      if (aEnd - p > this.maxNameLength) this.fail(p, `an attribute name of ${aEnd - p} characters (at most ${this.maxNameLength})`, 'limit');
      if (count === this.maxAttributes) this.fail(p, `more than ${this.maxAttributes} attributes on one element`, 'limit');
      const aName = text.slice(p, aEnd);
      const at = p;
      p = aEnd;
      c = text.charCodeAt(p);
      while (c === SPACE || c === LF || c === CR || c === TAB) c = text.charCodeAt(++p);
      if (c !== EQ) {
        if (c === c && c !== LT && this.isChar(p)) this.fail(p, `attribute ${aName} without '=' and a value in <${name}>`);
        this.unexpected(p, `after the attribute name ${aName} in <${name}>`);
      }
      c = text.charCodeAt(++p);
      while (c === SPACE || c === LF || c === CR || c === TAB) c = text.charCodeAt(++p);
      if (c !== DQUOTE && c !== SQUOTE) {
        if (c === c && this.isChar(p)) this.fail(p, `unquoted value of the attribute ${aName} in <${name}>`);
        this.unexpected(p, `before the value of the attribute ${aName} in <${name}>`);
      }
      const value = this.attributeValue(p + 1, c);
      if (value.length > this.maxAttributeLength) this.fail(at, `an attribute value of ${value.length} characters (at most ${this.maxAttributeLength})`, 'limit');
      p = this.pos;
      // duplicates
      const names = this.names;
      if (count < SMALL_ATTRIBUTE_COUNT) {
        for (let j = 0; j < count; j++) if (names[j] === aName) this.fail(at, `duplicate attribute ${aName} in <${name}>`);
        names[count] = aName;
      } else {
        let set = this.nameSet;
        if (count === SMALL_ATTRIBUTE_COUNT || set === undefined) {
          set = this.nameSet = new Set<string>();
          for (let j = 0; j < count; j++) set.add(names[j]);
        }
        if (set.has(aName)) this.fail(at, `duplicate attribute ${aName} in <${name}>`);
        set.add(aName);
      }
      if (count === 0) {
        attributes = Object.create(ATTRS_PROTO) as Record<string, string>;
      } else if (count === FAST_ATTRIBUTE_COUNT) {
        // many attributes: a dictionary-mode object, so that an attribute flood with ever new names
        // does not make V8 build (and then throw away) a hidden class per attribute
        const dictionary = Object.create(null) as Record<string, string>;
        for (const k in attributes) dictionary[k] = attributes[k];
        attributes = dictionary;
      }
      attributes[aName] = value;
      count++;
    }
  }

  /** The normalized value of the attribute whose text starts at `p`, quoted by `q`; `pos` is set after the closing quote. */
  attributeValue(p: number, q: number): string {
    const text = this.text;
    let k = this.plain(p, C_VALUE);
    let c = text.charCodeAt(k);
    if (c === q) {
      this.pos = k + 1;
      return text.slice(p, k);
    }
    let out = '';
    let seg = p;
    for (;;) {
      if (c === q) break;
      if (c === DQUOTE || c === SQUOTE) {
        k++;
      } else if (c === AMP) {
        out += text.slice(seg, k) + this.reference(k);
        k = seg = this.pos;
      } else if (c === TAB || c === LF) {
        out += text.slice(seg, k) + ' ';
        seg = ++k;
      } else if (c === CR) {
        out += text.slice(seg, k) + ' ';
        k += text.charCodeAt(k + 1) === LF ? 2 : 1;
        seg = k;
      } else if (c === LT) {
        this.fail(k, "'<' in an attribute value");
      } else if (c >= 0xd800 && c <= 0xdbff && this.isChar(k)) {
        k += 2;
      } else {
        this.unexpected(k, 'in an attribute value');
      }
      k = this.plain(k, C_VALUE);
      c = text.charCodeAt(k);
    }
    this.pos = k + 1;
    return seg === p ? text.slice(p, k) : out + text.slice(seg, k);
  }

  /** `</` at `i` with no open element. */
  strayEndTag(i: number): never {
    const text = this.text;
    const p = i + 2;
    const s = nameStartLength(text, p);
    if (s === 0) this.unexpected(p, "after '</'");
    this.fail(i, `end tag </${text.slice(p, nameEnd(text, p + s))}> without an open element`);
  }

  /** The end tag at `i` whose name `name` matched up to `k`, where no '>' follows: whitespace, then '>'. Returns the index of the '>'. */
  endTagRest(i: number, k: number, name: string): number {
    const text = this.text;
    let c = text.charCodeAt(k);
    while (c === SPACE || c === LF || c === CR || c === TAB) c = text.charCodeAt(++k);
    if (c !== GT) {
      if (k === i + 2 + name.length && nameEnd(text, k) > k) this.mismatch(i, name);
      this.unexpected(k, `in the end tag </${name}>`);
    }
    return k;
  }

  /** Throw the error for the end tag at `i`, which does not close `open`. */
  mismatch(i: number, open: string): never {
    const text = this.text;
    const s = nameStartLength(text, i + 2);
    if (s === 0) this.unexpected(i + 2, "after '</'");
    const end = nameEnd(text, i + 2 + s);
    const name = text.slice(i + 2, Math.min(end, i + 2 + 200));
    this.fail(i, `end tag </${name}> does not match the start tag <${open}>`);
  }

  /** `<!--`, `<![CDATA[` or `<!DOCTYPE` at `i`. */
  bang(i: number): number {
    const text = this.text;
    if (text.startsWith('--', i + 2)) {
      // (characters are checked before the end is judged: errors come in document order)
      const j = text.indexOf('--', i + 4);
      this.checkChars(i + 4, j < 0 ? this.n : j, 'in a comment');
      if (j < 0) this.fail(i, 'unexpected end of the document in a comment');
      const c = text.charCodeAt(j + 2);
      if (c !== GT) {
        if (c !== c) this.fail(i, 'unexpected end of the document in a comment');
        this.fail(j, "'--' inside a comment");
      }
      return j + 3;
    }
    if (text.startsWith('[CDATA[', i + 2)) {
      if (this.depth === 0) this.fail(i, 'a CDATA section outside the root element');
      const s = i + 9;
      const j = text.indexOf(']]>', s);
      const cr = this.checkChars(s, j < 0 ? this.n : j, 'in a CDATA section');
      if (j < 0) this.fail(i, 'unexpected end of the document in a CDATA section');
      if (j > s) {
        const t = text.slice(s, j);
        this.events.text(cr ? t.replace(CR_LF, '\n') : t);
      }
      return j + 3;
    }
    if (text.startsWith('DOCTYPE', i + 2)) this.fail(i, 'a DOCTYPE is not allowed', 'doctype');
    const rest = text.slice(i + 2, i + 9);
    if (rest.length < 7 && (rest === '-' || '[CDATA['.startsWith(rest) || 'DOCTYPE'.startsWith(rest))) this.fail(i, "unexpected end of the document after '<!'");
    this.fail(i, "'<!' that does not start a comment or a CDATA section");
  }

  /** A processing instruction at `i` (not the XML declaration). */
  pi(i: number): number {
    const text = this.text;
    const p = i + 2;
    const s = nameStartLength(text, p);
    if (s === 0) {
      const c = text.charCodeAt(p);
      if (c === QUESTION || isS(c)) this.fail(p, 'a processing instruction without a target');
      this.unexpected(p, "after '<?'");
    }
    const end = nameEnd(text, p + s);
    if (end - p === 3 && text.slice(p, end).toLowerCase() === 'xml') {
      this.fail(i, text.startsWith('xml', p) ? 'an XML declaration that is not at the start of the document' : `the reserved processing instruction target ${text.slice(p, end)}`);
    }
    const c = text.charCodeAt(end);
    if (c === QUESTION) {
      if (text.charCodeAt(end + 1) !== GT) this.unexpected(end + 1, "after the processing instruction target (expected whitespace or '?>')");
      return end + 2;
    }
    if (!isS(c)) this.unexpected(end, 'after the processing instruction target');
    const j = text.indexOf('?>', end + 1);
    this.checkChars(end + 1, j < 0 ? this.n : j, 'in a processing instruction');
    if (j < 0) this.fail(i, 'unexpected end of the document in a processing instruction');
    return j + 2;
  }

  /** `<?xml ...?>` at `i`, the start of the document; returns the index after it. */
  xmlDeclaration(i: number): number {
    let text = this.text;
    let p = i + 5;
    // 0: version next; 1: encoding or standalone; 2: standalone; 3: nothing more
    let expect = 0;
    for (;;) {
      let c = text.charCodeAt(p);
      if (c === QUESTION) break;
      if (!isS(c)) this.unexpected(p, 'in the XML declaration (expected whitespace)');
      while (isS(c)) c = text.charCodeAt(++p);
      if (c === QUESTION) break;
      const nameStart = p;
      while (c === c && c !== EQ && c !== QUESTION && !isS(c)) c = text.charCodeAt(++p);
      if (c !== c) this.fail(p, 'unexpected end of the document in the XML declaration');
      const name = text.slice(nameStart, p);
      const ok = name === 'version' ? expect === 0 : name === 'encoding' ? expect === 1 : name === 'standalone' ? expect === 1 || expect === 2 : false;
      if (!ok) {
        const wanted = ['version', 'encoding or standalone', 'standalone', "'?>'"][expect];
        this.fail(nameStart, `unexpected ${JSON.stringify(name.slice(0, 40))} in the XML declaration (expected ${wanted})`);
      }
      while (isS(c)) c = text.charCodeAt(++p);
      if (c !== EQ) this.unexpected(p, `after ${name} in the XML declaration (expected '=')`);
      c = text.charCodeAt(++p);
      while (isS(c)) c = text.charCodeAt(++p);
      if (c !== DQUOTE && c !== SQUOTE) this.unexpected(p, `in the XML declaration (expected a quoted ${name} value)`);
      const q = c;
      const valueStart = ++p;
      c = text.charCodeAt(p);
      while (c === c && c !== q && c !== QUESTION) c = text.charCodeAt(++p);
      if (c !== q) this.unexpected(p, `in the ${name} value of the XML declaration`);
      const value = text.slice(valueStart, p);
      p++;
      if (name === 'version') {
        if (!/^1\.[0-9]+$/.test(value)) this.fail(valueStart, `XML declaration: version ${JSON.stringify(value.slice(0, 40))} does not match 1.[0-9]+`);
        expect = 1;
        if (value !== '1.0') {
          this.xml11(p);
          text = this.text;
        }
      } else if (name === 'encoding') {
        if (!/^[A-Za-z][A-Za-z0-9._-]*$/.test(value)) this.fail(valueStart, `XML declaration: malformed encoding name ${JSON.stringify(value.slice(0, 40))}`);
        expect = 2;
      } else {
        if (value !== 'yes' && value !== 'no') this.fail(valueStart, 'XML declaration: standalone must be "yes" or "no"');
        expect = 3;
      }
    }
    // text[p] === '?'
    if (text.charCodeAt(p + 1) !== GT) this.unexpected(p + 1, "after '?' in the XML declaration");
    if (expect === 0) this.fail(i, 'the XML declaration has no version');
    return p + 2;
  }

  /** Read the rest of the document (from `from`) as XML 1.1: NEL and LS are line ends, other C1 controls and DEL are refused. */
  xml11(from: number): void {
    this.v11 = true;
    this.classes = classes11 ??= classTable(true);
    const text = this.text;
    XML11_LINE_END.lastIndex = from;
    if (XML11_LINE_END.test(text)) {
      XML11_LINE_END.lastIndex = 0;
      // CR NEL is one line end, CR LS two (XML 1.1 §2.11). Every replacement keeps the offsets, and
      // none ends in CR (which could pair with a following LF).
      this.text = text.slice(0, from) + text.slice(from).replace(XML11_LINE_ENDS, xml11LineEnd);
    }
  }
}

/**
 * Scan the XML document `text` (a whole document; a leading U+FEFF is skipped), reporting its
 * elements and character data to `events`. Throws `XmlSyntaxError` at the first well-formedness
 * error, DOCTYPE (`kind: 'doctype'`) or exceeded limit (`kind: 'limit'`); exceptions thrown by the
 * handlers propagate unchanged.
 */
export function scanXml(text: string, events: XmlEvents, limits: XmlScanLimits): void {
  // a handler may scan another document: then this one is busy and a new one is made
  const scanner = idle ?? new Scanner();
  idle = undefined;
  try {
    scanner.start(text, events, limits);
    scanner.scan();
  } finally {
    scanner.finish();
    idle = scanner;
  }
}

let idle: Scanner | undefined = new Scanner();
