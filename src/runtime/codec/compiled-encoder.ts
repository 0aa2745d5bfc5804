/**
 * The encoder's fast path: for each operation's envelope, a function compiled from its plans (the
 * header blocks and the wrapper's fields written as straight-line code with their tags as
 * constants), so that a common request costs about what a template literal costs instead of a walk
 * over the plans. Behaviour still lives in one place: the compiled code only writes values that are
 * plainly valid (a string for a string field, an integer in range for an integer field, a plain
 * object of known keys for a complex one …) and hands every other member to the interpreter
 * (encode.ts `writeMember`); on anything else it gives up (`undefined`) and the interpreter writes
 * the whole envelope again, with its own validation and error paths. The output is the
 * interpreter's, byte for byte (test/runtime/compiled-encoder.test.ts holds it over random
 * descriptors and values, errors included).
 *
 * The namespaces used are a local bit mask; a writer is taken only when a member goes to the
 * interpreter (and its mask handed over and back), so a common envelope shares no state.
 *
 * Calls of one operation mostly send the same shape of values (the same members present, nil or
 * empty), so a second function is compiled for the shape of the value being written when the
 * envelope is made (`Shaper`): it checks that shape member by member, as the first does, and
 * writes the whole envelope as one concatenation, each member's value between constant runs of
 * text (the tags between two values joined into one, the Envelope start with its namespace
 * declarations fixed), about as many string joins as a template literal of the same envelope; a
 * value of another shape goes to the first function. The shape is read from the value without
 * running user code (own data properties only; no getters, no proxies), and a value it cannot be
 * read from (or that the fast path would not write) is tried again on later calls, a few times.
 *
 * Compiled with `new Function` from the plans (tags and property names as JSON string literals);
 * where code generation from strings is disallowed there is no fast path and the interpreter
 * writes every envelope.
 */
import { canGenerateCode } from './code-generation.js';
import { K_COMPLEX, K_SCALAR, M_ELEMENT, NS_XSI, type ComplexPlan, type ElementPlan, type HeaderPlan, type ServicePlan, type WrapperPlan } from './plan.js';
import { escapeText } from '../xml/xml-escape.js';
import { isRecord } from './values.js';
import { types } from 'node:util';

/** The part of the encoder's writer the compiled code uses. */
export interface CompiledWriter {
  used: number;
  extra: unknown;
  out: string;
  readonly path: string[];
}

/** What the compiled code calls back into (passed in: this module does not import encode.ts). */
export interface EncoderParts<W extends CompiledWriter> {
  /** A writer for members written the general way (the encoder's spare one when free), and back. */
  take(plan: ServicePlan, operation: string): W;
  putBack(w: W): void;
  /** Write one member the general way (`w.out` in, `w.out` out). */
  writeMember(w: W, el: ElementPlan, value: unknown): void;
  /** Write one header block value the general way (null → nil). */
  writeOne(w: W, el: ElementPlan, value: unknown): void;
  /** The envelope around the header blocks and the wrapper's fields, for the namespaces `w` used. */
  envelope(w: W, wrapper: WrapperPlan, head: string, fields: string): string;
  /** The Envelope start tag for the namespaces of mask `used` (`<s:Envelope xmlns:s=… …>`). */
  envelopeStart(plan: ServicePlan, used: number): string;
}

/** `(input, headers) → envelope`, or undefined when the interpreter must write it (it may also throw: the same). */
export type CompiledEnvelope = (input: unknown, headers: unknown) => string | undefined;

/** Nested types are written inline down to this depth; deeper ones, and recursive ones, go to the interpreter. */
const INLINE_DEPTH = 3;
/** Members written by compiled code per envelope at most (the others go to the interpreter): a large function compiles slowly and is not optimized. */
const MEMBER_BUDGET = 96;
/** An operation's envelope is compiled once it has been written this many times (compiling costs 0.2–2 ms; one call is cheaper through the interpreter). */
const HOT_ENVELOPE = 16;
/** Tries at a shaped envelope (see `Shaper`): the first when the envelope is compiled, then, while the values at hand have no shape it writes, after 32, 64 … more calls. */
const SHAPE_TRIES = 7;

const q = (s: string): string => JSON.stringify(s);

/** The bit of namespace id `id` in a used-namespaces mask. */
const bit = (id: number): number => 1 << id;

/** A complex type whose values the fast path writes itself: plain elements only (no attributes, text, groups, choices, wildcards, names of `Object.prototype` members). */
function straight(t: ComplexPlan): boolean {
  if (t.abstract || t.attrs !== undefined || t.text !== undefined || t.hasChoice || t.dupNames || t.members !== t.fields) return false;
  for (const f of t.fields) if (f.m !== M_ELEMENT || f.proto || f.group !== undefined || f.nsId >= 31) return false;
  return true;
}

/** An `xs:string` written as it is, escaped (not collapsed): the common text field. */
function plainString(t: ElementPlan['type']): boolean {
  return t.k === K_SCALAR && t.codec.name === 'xs:string' && t.codec.escape && !t.codec.collapse;
}

/** Writes the text of a compiled envelope; element plans are referred to by index (`E[i]`). */
class Compiler {
  readonly elements: ElementPlan[] = [];
  readonly xsiBit: number;
  /** Members written so far (see MEMBER_BUDGET). */
  members = 0;

  constructor(readonly plan: ServicePlan) {
    this.xsiBit = bit(plan.nsIds.get(NS_XSI)!);
  }

  element(f: ElementPlan): number {
    const i = this.elements.indexOf(f);
    return i >= 0 ? i : this.elements.push(f) - 1;
  }

  /**
   * Code that appends member `f`'s value (read by `read`) to `out${level}`, or leaves with undefined.
   * `stack`: the types being written (a recursive type goes to the interpreter).
   */
  member(f: ElementPlan, read: string, level: number, stack: ComplexPlan[], header: HeaderPlan | undefined): string {
    const out = `out${level}`;
    const i = this.element(f);
    // (header blocks are optional whatever their descriptor says, as the interpreter writes them)
    const optional = header !== undefined || f.optional;
    const general =
      `if (w === undefined) w = P.take(PLAN, OP); w.used = u; w.out = ${out}; w.path.push(${q(header?.part ?? f.key)}); ` +
      `P.${header !== undefined ? 'writeOne' : 'writeMember'}(w, E[${i}], v); w.path.pop(); ${out} = w.out; u = w.used;`;
    const t = f.type;
    const wrap = `${out} += s === '' ? ${q(f.empty)} : ${q(f.open)} + s + ${q(f.close)};`;
    let write = '';
    if (f.repeated || (header !== undefined && header.name !== header.part)) {
      // (written the general way)
    } else if (plainString(t)) {
      write = `if (typeof v !== 'string') return undefined; s = X(v); if (s === undefined) return undefined; ${wrap}`;
    } else if (t.k === K_SCALAR && t.codec.integer !== undefined) {
      const { min, max } = t.codec.integer;
      write = `if (typeof v !== 'number' || !Number.isInteger(v) || v < ${min} || v > ${max}) return undefined; s = v === 0 ? '0' : '' + v; ${wrap}`;
    } else if (t.k === K_SCALAR) {
      // (format validates and throws: the interpreter then writes it and reports it)
      write = `s = E[${i}].type.codec.format(v);${t.codec.escape ? ' s = X(s); if (s === undefined) return undefined;' : ''} ${wrap}`;
    } else if (this.inlines(t, stack)) {
      const inner = level + 1;
      write = `if (!R(v) || v.$type !== undefined) return undefined; { const o${inner} = v; ${this.fields(t, inner, [...stack, t])} s = out${inner}; } ${wrap}`;
    }
    if (write === '') return `v = ${read}; if (v !== undefined) { ${general} }${optional ? '' : ' else return undefined;'}\n`;
    const nil = f.nillable ? `${out} += ${q(f.nil)}; u |= ${bit(f.nsId) | this.xsiBit};` : 'return undefined;';
    return `v = ${read}; if (v === undefined) { ${optional ? '' : 'return undefined;'} } else if (v === null) { ${nil} } else { ${write} u |= ${bit(f.nsId)}; }\n`;
  }

  /** Whether a value of `t` (a field's type, inside the types `stack`) is written inline: a complex type of plain elements, not recursive, within the depth and the member budget. */
  inlines(t: ElementPlan['type'], stack: ComplexPlan[]): t is ComplexPlan {
    return t.k === K_COMPLEX && straight(t) && stack.length < INLINE_DEPTH && !stack.includes(t) && this.members + t.fields.length <= MEMBER_BUDGET;
  }

  /** Code that runs `miss` when `o` has a key that is not a field of `t`. */
  keyCheck(o: string, t: ComplexPlan, miss: string): string {
    const keys = t.fields.map((f) => `case ${q(f.key)}:`).join(' ');
    return keys === '' ? `for (const k in ${o}) ${miss}\n` : `for (const k in ${o}) switch (k) { ${keys} continue; default: ${miss} }\n`;
  }

  /** Code that checks the keys of `o${level}` and writes its fields into a new `out${level}`. */
  fields(t: ComplexPlan, level: number, stack: ComplexPlan[]): string {
    this.members += t.fields.length;
    const o = `o${level}`;
    // Unknown keys, `$type`, keys holding undefined: the interpreter decides.
    let code = `let out${level} = '';\n${this.keyCheck(o, t, 'return undefined;')}`;
    for (const f of t.fields) code += this.member(f, `${o}[${q(f.key)}]`, level, stack, undefined);
    return code;
  }

  /** The envelope function of `wrapper` with `headerPlans`; null when the fast path does not write this wrapper. */
  envelope(operation: string, wrapper: WrapperPlan, headerPlans: readonly HeaderPlan[], parts: unknown): CompiledEnvelope | null {
    if (!canGenerateCode() || wrapper.bare || !straight(wrapper.body) || wrapper.el.nsId >= 31) return null;
    for (const h of headerPlans) if (h.nsId >= 31) return null;
    let code = "let u = 0, w, v, s, out0 = '';\nif (h !== undefined && h !== null) {\nif (!R(h)) return undefined;\n";
    for (const h of headerPlans) code += this.member(h, `h[${q(h.part)}]`, 0, [], h);
    code += "}\nconst head = out0;\nconst o1 = i === undefined || i === null ? {} : i;\nif (!R(o1)) return undefined;\n";
    code += this.fields(wrapper.body, 1, [wrapper.body]);
    const tail = q(`${wrapper.el.close}</s:Body></s:Envelope>`);
    code +=
      `u |= ${bit(wrapper.el.nsId)};\n` +
      // an empty wrapper, or a namespace beyond the mask: the interpreter's envelope
      `if (out1 === '' || (w !== undefined && w.extra !== undefined)) { if (w === undefined) w = P.take(PLAN, OP); w.used = u; const xml = P.envelope(w, W, head, out1); P.putBack(w); return xml; }\n` +
      `if (w !== undefined) P.putBack(w);\n` +
      // the envelope's constant text for the namespaces of the last call (the calls of an operation mostly use the same)
      `if (u !== used) { used = u; const start = P.envelopeStart(PLAN, u); headStart = start + '<s:Header>'; bodyStart = start + ${q(`<s:Body>${wrapper.el.open}`)}; }\n` +
      `return head === '' ? bodyStart + out1 + ${tail} : headStart + head + ${q(`</s:Header><s:Body>${wrapper.el.open}`)} + out1 + ${tail};`;
    const text = `let used = -1, headStart = '', bodyStart = '';\nreturn function envelope_${wrapper.element.replace(/\W/g, '_')}(i, h) {\n${code}\n};`;
    return new Function('P', 'E', 'R', 'X', 'W', 'PLAN', 'OP', text)(parts, this.elements, isRecord, escapeText, wrapper, this.plan, operation) as CompiledEnvelope;
  }
}

/** A piece of a shaped envelope's text: constant text, or the name of a local holding a value's text. */
type Piece = { text: string } | { local: string };

/** What a shaped member's checks read a sample with: a value, or OPAQUE where reading it could run user code (a getter, a proxy). */
const OPAQUE = Symbol('opaque');

/** Own data property `key` of plain `o` (undefined when not own), or OPAQUE. */
function peek(o: object, key: string): unknown {
  const d = Object.getOwnPropertyDescriptor(o, key);
  if (d === undefined) return undefined;
  return 'value' in d ? d.value : OPAQUE;
}

/** A record whose members can be read without running user code. */
function plainRecord(v: unknown): v is Record<string, unknown> {
  return isRecord(v) && !types.isProxy(v);
}

/**
 * Compiles the envelope for one shape of values (see the module comment): the code checks, in the
 * order the first function reads them, that each member is what it was in the sample (absent, nil,
 * the empty string, or a value the fast path writes, each with its type's checks), and leaves for
 * the first function (`G`) at the first difference.
 */
class Shaper extends Compiler {
  code = '';
  used = 0;
  locals = 0;

  /** Code and pieces for member `f` (read by `read`) with sample value `sample`; false when this shape is not one the fast path writes. */
  shapedMember(f: ElementPlan, sample: unknown, read: string, stack: ComplexPlan[], header: HeaderPlan | undefined, pieces: Piece[]): boolean {
    const miss = 'return G(i, h);';
    if (sample === OPAQUE || f.repeated || (header !== undefined && header.name !== header.part)) return false;
    if (sample === undefined) {
      if (header === undefined && !f.optional) return false;
      this.code += `if (${read} !== undefined) ${miss}\n`;
      return true;
    }
    if (sample === null) {
      if (!f.nillable) return false;
      this.code += `if (${read} !== null) ${miss}\n`;
      pieces.push({ text: f.nil });
      this.used |= bit(f.nsId) | this.xsiBit;
      return true;
    }
    const t = f.type;
    const v = `v${this.locals++}`;
    if (plainString(t)) {
      if (typeof sample !== 'string' || escapeText(sample) === undefined) return false;
      if (sample === '') {
        this.code += `if (${read} !== '') ${miss}\n`;
        pieces.push({ text: f.empty });
      } else {
        this.code += `let ${v} = ${read}; if (typeof ${v} !== 'string' || ${v} === '') ${miss} ${v} = X(${v}); if (${v} === undefined) ${miss}\n`;
        pieces.push({ text: f.open }, { local: v }, { text: f.close });
      }
    } else if (t.k === K_SCALAR && t.codec.integer !== undefined) {
      const { min, max } = t.codec.integer;
      if (typeof sample !== 'number' || !Number.isInteger(sample) || sample < min || sample > max) return false;
      this.code += `let ${v} = ${read}; if (typeof ${v} !== 'number' || !Number.isInteger(${v}) || ${v} < ${min} || ${v} > ${max}) ${miss} ${v} = ${v} === 0 ? '0' : '' + ${v};\n`;
      pieces.push({ text: f.open }, { local: v }, { text: f.close });
    } else if (t.k === K_SCALAR) {
      // (format validates and throws: the interpreter then writes it and reports it)
      // Only a primitive, or a Date or bytes of the built-in prototype, is formatted here: no user code runs.
      if ((typeof sample === 'object' || typeof sample === 'function') && Object.getPrototypeOf(sample) !== Date.prototype && Object.getPrototypeOf(sample) !== Uint8Array.prototype) return false;
      let text: string | undefined;
      try {
        text = t.codec.format(sample);
      } catch {
        return false;
      }
      if (t.codec.escape) text = escapeText(text);
      if (text === undefined || text === '') return false;
      this.code += `let ${v} = ${read}; if (${v} === undefined || ${v} === null) ${miss} ${v} = E[${this.element(f)}].type.codec.format(${v});${t.codec.escape ? ` ${v} = X(${v}); if (${v} === undefined) ${miss}` : ''} if (${v} === '') ${miss}\n`;
      pieces.push({ text: f.open }, { local: v }, { text: f.close });
    } else if (this.inlines(t, stack)) {
      if (!plainRecord(sample) || peek(sample, '$type') !== undefined || !this.knownKeys(sample, t)) return false;
      this.code += `const ${v} = ${read}; if (!R(${v}) || ${v}.$type !== undefined) ${miss}\n${this.keyCheck(v, t, miss)}`;
      const inner: Piece[] = [];
      if (!this.shapedFields(t, sample, v, [...stack, t], inner)) return false;
      if (inner.length === 0) pieces.push({ text: f.empty });
      else pieces.push({ text: f.open }, ...inner, { text: f.close });
    } else {
      return false;
    }
    this.used |= bit(f.nsId);
    return true;
  }

  /** Whether every key of `sample` is a field of `t` (the check `keyCheck` makes). */
  knownKeys(sample: Record<string, unknown>, t: ComplexPlan): boolean {
    for (const k in sample) if (!t.fields.some((f) => f.key === k)) return false;
    return true;
  }

  shapedFields(t: ComplexPlan, sample: Record<string, unknown>, o: string, stack: ComplexPlan[], pieces: Piece[]): boolean {
    this.members += t.fields.length;
    for (const f of t.fields) if (!this.shapedMember(f, peek(sample, f.key), `${o}[${q(f.key)}]`, stack, undefined, pieces)) return false;
    return true;
  }

  /** The envelope function for the shape of `input` and `headers`, leaving for `general` on any other; null when this shape is not one it writes. */
  shaped(operation: string, wrapper: WrapperPlan, headerPlans: readonly HeaderPlan[], parts: EncoderParts<CompiledWriter>, input: unknown, headers: unknown, general: CompiledEnvelope): CompiledEnvelope | null {
    if (!canGenerateCode() || wrapper.bare || !straight(wrapper.body) || wrapper.el.nsId >= 31) return null;
    const head: Piece[] = [];
    if (headers === undefined || headers === null) {
      this.code += 'if (h !== undefined && h !== null) return G(i, h);\n';
    } else {
      if (!plainRecord(headers)) return null;
      this.code += 'if (!R(h)) return G(i, h);\n';
      for (const hp of headerPlans) if (hp.nsId >= 31 || !this.shapedMember(hp, peek(headers, hp.part), `h[${q(hp.part)}]`, [], hp, head)) return null;
    }
    // (an empty wrapper is written the interpreter's way: not a shape of its own)
    if (!plainRecord(input) || !this.knownKeys(input, wrapper.body)) return null;
    this.code += `if (!R(i)) return G(i, h);\n${this.keyCheck('i', wrapper.body, 'return G(i, h);')}`;
    const body: Piece[] = [];
    if (!this.shapedFields(wrapper.body, input, 'i', [wrapper.body], body) || body.length === 0) return null;
    this.used |= bit(wrapper.el.nsId);
    const start = parts.envelopeStart(this.plan, this.used);
    const all: Piece[] = [{ text: head.length === 0 ? `${start}<s:Body>${wrapper.el.open}` : `${start}<s:Header>` }, ...head];
    if (head.length > 0) all.push({ text: `</s:Header><s:Body>${wrapper.el.open}` });
    all.push(...body, { text: `${wrapper.el.close}</s:Body></s:Envelope>` });
    // constant runs joined: one string between two values
    const terms: string[] = [];
    let run = '';
    for (const p of all) {
      if ('text' in p) run += p.text;
      else {
        terms.push(q(run), p.local);
        run = '';
      }
    }
    terms.push(q(run));
    const text = `return function shaped_${wrapper.element.replace(/\W/g, '_')}(i, h) {\n${this.code}return ${terms.filter((t) => t !== '""').join(' + ')};\n};`;
    return new Function('G', 'E', 'R', 'X', text)(general, this.elements, isRecord, escapeText) as CompiledEnvelope;
  }
}

/** A wrapper's compiled envelopes (kept on the wrapper plan as `encoder`). */
interface MadeEncoder {
  readonly headers: readonly HeaderPlan[];
  /** The function writing envelopes: the shaped one once made, else the first. */
  run: CompiledEnvelope | null;
  /** The first function: every shape the fast path writes. */
  readonly general: CompiledEnvelope | null;
  /** Calls until the next try at a shaped function (0: made, or no more tries). */
  wait: number;
  /** Tries made so far. */
  tries: number;
}

/**
 * The compiled envelope of `wrapper` with `headerPlans`, made once the wrapper has been written
 * HOT_ENVELOPE times and kept on the wrapper plan; null until then and when there is no fast path
 * (a bare body, a wrapper whose fields the fast path does not write, code generation disallowed).
 * `input` and `headers`, the values about to be written, give the shaped function its shape.
 */
export function compiledEnvelope<W extends CompiledWriter>(
  plan: ServicePlan,
  operation: string,
  wrapper: WrapperPlan,
  headerPlans: readonly HeaderPlan[],
  parts: EncoderParts<W>,
  input: unknown,
  headers: unknown,
): CompiledEnvelope | null {
  const made = wrapper.encoder as MadeEncoder | undefined;
  if (made !== undefined && made.headers === headerPlans) {
    if (made.wait === 0 || --made.wait > 0) return made.run;
    return reshape(made, plan, operation, wrapper, parts as unknown as EncoderParts<CompiledWriter>, input, headers);
  }
  if (++wrapper.encodes < HOT_ENVELOPE) return null;
  const general = new Compiler(plan).envelope(operation, wrapper, headerPlans, parts);
  const encoder: MadeEncoder = { headers: headerPlans, run: general, general, wait: general === null ? 0 : 1, tries: 0 };
  wrapper.encoder = encoder;
  return encoder.wait === 0 ? general : reshape(encoder, plan, operation, wrapper, parts as unknown as EncoderParts<CompiledWriter>, input, headers);
}

/** One try at the shaped envelope for the shape of `input` and `headers`; the next after twice as many calls. */
function reshape(made: MadeEncoder, plan: ServicePlan, operation: string, wrapper: WrapperPlan, parts: EncoderParts<CompiledWriter>, input: unknown, headers: unknown): CompiledEnvelope | null {
  const shaped = new Shaper(plan).shaped(operation, wrapper, made.headers, parts, input, headers, made.general!);
  made.tries++;
  if (shaped !== null) {
    made.run = shaped;
    made.wait = 0;
  } else {
    made.wait = made.tries < SHAPE_TRIES ? HOT_ENVELOPE << made.tries : 0;
  }
  return made.run;
}
