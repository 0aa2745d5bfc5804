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
 * Compiled with `new Function` from the plans (tags and property names as JSON string literals);
 * where code generation from strings is disallowed there is no fast path and the interpreter
 * writes every envelope.
 */
import { canGenerateCode } from './code-generation.js';
import { K_COMPLEX, K_SCALAR, M_ELEMENT, NS_XSI, type ComplexPlan, type ElementPlan, type HeaderPlan, type ServicePlan, type WrapperPlan } from './plan.js';
import { escapeText } from '../xml/xml-escape.js';
import { isRecord } from './values.js';

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

const q = (s: string): string => JSON.stringify(s);

/** The bit of namespace id `id` in a used-namespaces mask. */
const bit = (id: number): number => 1 << id;

/** A complex type whose values the fast path writes itself: plain elements only (no attributes, text, groups, choices, wildcards, names of `Object.prototype` members). */
function straight(t: ComplexPlan): boolean {
  if (t.abstract || t.attrs !== undefined || t.text !== undefined || t.hasChoice || t.dupNames || t.members !== t.fields) return false;
  for (const f of t.fields) if (f.m !== M_ELEMENT || f.proto || f.group !== undefined || f.nsId >= 31) return false;
  return true;
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
    } else if (t.k === K_SCALAR && t.codec.name === 'xs:string' && t.codec.escape && !t.codec.collapse) {
      write = `if (typeof v !== 'string') return undefined; s = X(v); if (s === undefined) return undefined; ${wrap}`;
    } else if (t.k === K_SCALAR && t.codec.integer !== undefined) {
      const { min, max } = t.codec.integer;
      write = `if (typeof v !== 'number' || !Number.isInteger(v) || v < ${min} || v > ${max}) return undefined; s = v === 0 ? '0' : '' + v; ${wrap}`;
    } else if (t.k === K_SCALAR) {
      // (format validates and throws: the interpreter then writes it and reports it)
      write = `s = E[${i}].type.codec.format(v);${t.codec.escape ? ' s = X(s); if (s === undefined) return undefined;' : ''} ${wrap}`;
    } else if (t.k === K_COMPLEX && straight(t) && stack.length < INLINE_DEPTH && !stack.includes(t) && this.members + t.fields.length <= MEMBER_BUDGET) {
      const inner = level + 1;
      write = `if (!R(v) || v.$type !== undefined) return undefined; { const o${inner} = v; ${this.fields(t, inner, [...stack, t])} s = out${inner}; } ${wrap}`;
    }
    if (write === '') return `v = ${read}; if (v !== undefined) { ${general} }${optional ? '' : ' else return undefined;'}\n`;
    const nil = f.nillable ? `${out} += ${q(f.nil)}; u |= ${bit(f.nsId) | this.xsiBit};` : 'return undefined;';
    return `v = ${read}; if (v === undefined) { ${optional ? '' : 'return undefined;'} } else if (v === null) { ${nil} } else { ${write} u |= ${bit(f.nsId)}; }\n`;
  }

  /** Code that checks the keys of `o${level}` and writes its fields into a new `out${level}`. */
  fields(t: ComplexPlan, level: number, stack: ComplexPlan[]): string {
    this.members += t.fields.length;
    const o = `o${level}`;
    // Unknown keys, `$type`, keys holding undefined: the interpreter decides.
    const keys = t.fields.map((f) => `case ${q(f.key)}:`).join(' ');
    let code = `let out${level} = '';\n${keys === '' ? `for (const k in ${o}) return undefined;` : `for (const k in ${o}) switch (k) { ${keys} continue; default: return undefined; }`}\n`;
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

/**
 * The compiled envelope of `wrapper` with `headerPlans`, made once the wrapper has been written
 * HOT_ENVELOPE times and kept on the wrapper plan; null until then and when there is no fast path
 * (a bare body, a wrapper whose fields the fast path does not write, code generation disallowed).
 */
export function compiledEnvelope<W extends CompiledWriter>(
  plan: ServicePlan,
  operation: string,
  wrapper: WrapperPlan,
  headerPlans: readonly HeaderPlan[],
  parts: EncoderParts<W>,
): CompiledEnvelope | null {
  const made = wrapper.encoder;
  if (made !== undefined && made.headers === headerPlans) return made.run as CompiledEnvelope | null;
  if (++wrapper.encodes < HOT_ENVELOPE) return null;
  const run = new Compiler(plan).envelope(operation, wrapper, headerPlans, parts);
  wrapper.encoder = { headers: headerPlans, run };
  return run;
}
