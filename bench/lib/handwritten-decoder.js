'use strict';
/**
 * A decoder written by hand for one answer, `GetChatMessagesResponse`: a reference row of the parse
 * and round-trip scenarios, never shipped. It is what a decoder specialised to this type (the
 * "per-type decoder fused with the scanner" that closing the round-trip and entity targets seemed
 * to need) could at best do: the fields of `ChatMessage` read in schema order straight from the
 * text, no events, no plan, no fallback. It builds the same typed values as this client (strings
 * copied off the document as the runtime copies them, ints, enumeration names, Dates read by the
 * runtime's own `parseDateTime`, `null` for nil, `''` for empty) and checks what a strict reader
 * of these elements must (UTF-8, the characters of the text, references, the exact end tags, int
 * ranges, known enumeration names), but it does less than any complete decoder: the envelope and
 * the header are skipped by a text search, namespaces are taken as the fixture writes them, and
 * anything else the fixture does not hold is refused instead of read. So its time is a practical
 * lower bound for a typed decode of this answer (a complete decoder does all of this and more), not
 * a limit the client is held to.
 */
const { isUtf8 } = require('node:buffer');

const ENTITIES = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
const K_INT = 0;
const K_SHORT = 1;
const K_ENUM = 2;
const K_STRING = 3;
const K_DATETIME = 4;
const NIL = 'i:nil="true"/>';

function fail(what, at) {
  throw new Error(`handwritten decoder: ${what} at ${at}`);
}

/**
 * Decoder of one answer's messages, over the runtime's own pieces (from dist/): `parseDateTime`
 * (values.js), the decoder's string `copy` (decode.js), and the scanner's character table and its
 * `C_TEXT` bit (xml-scanner.js: set for what needs work in character data), so that the same value
 * and character work is compared.
 */
function makeDecoder({ ChatMessageType, ChatMessageSpecialType, parseDateTime, copy, CLASSES, C_TEXT }) {
  const names = (o) => new Map(Object.values(o).map((v) => [v, v]));
  const field = (name, kind, values) => ({ name, kind, values, open: `<${name}>`, close: `</${name}>`, empty: `<${name}/>`, nil: `<${name} ${NIL}` });
  const FIELDS = [
    field('ChatMessageId', K_INT),
    field('ChatSessionId', K_INT),
    field('Type', K_ENUM, names(ChatMessageType)),
    field('Message', K_STRING),
    field('Author', K_STRING),
    field('ReadByCustomer', K_SHORT),
    field('SpecialType', K_ENUM, names(ChatMessageSpecialType)),
    field('SpecialParam', K_STRING),
    field('WhenPosted', K_DATETIME),
  ];
  let pos = 0;

  /** The character data from `i` to the next `<` (references resolved); `pos` is set at that `<`. */
  function text(t, i) {
    const n = t.length;
    let k = i;
    while (k < n && (CLASSES[t.charCodeAt(k)] & C_TEXT) === 0) k++;
    if (t.charCodeAt(k) === 0x3c) {
      pos = k;
      return t.slice(i, k);
    }
    let out = '';
    let seg = i;
    for (;;) {
      const c = t.charCodeAt(k);
      if (c === 0x3c) break;
      if (c === 0x26) {
        const end = t.indexOf(';', k);
        if (end < 0 || end - k > 10) fail('a malformed reference', k);
        const name = t.slice(k + 1, end);
        let s;
        if (name.charCodeAt(0) === 0x23) {
          const code = name.charCodeAt(1) === 0x78 ? Number.parseInt(name.slice(2), 16) : Number(name.slice(1));
          if (!(code === 9 || code === 10 || code === 13 || (code >= 0x20 && code <= 0xd7ff) || (code >= 0xe000 && code <= 0xfffd) || (code >= 0x10000 && code <= 0x10ffff))) fail('a reference to no character', k);
          s = String.fromCodePoint(code);
        } else {
          s = ENTITIES[name];
          if (s === undefined) fail('an unknown entity', k);
        }
        out += t.slice(seg, k) + s;
        k = seg = end + 1;
      } else if (c === 0x3e) {
        if (t.charCodeAt(k - 1) === 0x5d && t.charCodeAt(k - 2) === 0x5d) fail("']]>'", k);
        k++;
      } else if (c === 0x0d) {
        out += `${t.slice(seg, k)}\n`;
        k += t.charCodeAt(k + 1) === 0x0a ? 2 : 1;
        seg = k;
      } else if (c >= 0xd800 && c <= 0xdbff && (t.charCodeAt(k + 1) & 0xfc00) === 0xdc00) {
        k += 2;
      } else {
        fail(k >= n ? 'the end of the document' : 'a character XML cannot carry', k);
      }
      while (k < n && (CLASSES[t.charCodeAt(k)] & C_TEXT) === 0) k++;
    }
    pos = k;
    return out + t.slice(seg, k);
  }

  function integer(s, min, max, at) {
    const n = s.length;
    let i = s.charCodeAt(0) === 0x2d || s.charCodeAt(0) === 0x2b ? 1 : 0;
    if (i === n) fail('not an integer', at);
    let v = 0;
    for (; i < n; i++) {
      const d = s.charCodeAt(i) - 48;
      if (d < 0 || d > 9) fail('not an integer', at);
      v = v * 10 + d;
    }
    if (s.charCodeAt(0) === 0x2d) v = -v;
    if (v < min || v > max) fail('an integer out of range', at);
    return v;
  }

  /** The value of a non-string field's text. */
  function value(f, s, at) {
    switch (f.kind) {
      case K_INT:
        return integer(s, -2147483648, 2147483647, at);
      case K_SHORT:
        return integer(s, -32768, 32767, at);
      case K_ENUM: {
        const v = f.values.get(s);
        if (v === undefined) fail('an unknown enumeration name', at);
        return v;
      }
      default:
        return parseDateTime(s);
    }
  }

  /**
   * The simple element `<Name>…</Name>` (or `<Name/>`, or nil when `nillable`) at `i`: its text
   * (`''` empty, `null` nil), `undefined` when it is not there (minOccurs=0); `pos` is set after it.
   */
  function leaf(t, i, f, nillable) {
    if (t.startsWith(f.open, i)) {
      const s = text(t, i + f.open.length);
      if (!t.startsWith(f.close, pos)) fail(`no ${f.close}`, pos);
      pos += f.close.length;
      return s;
    }
    pos = i;
    if (t.startsWith(f.empty, i)) {
      pos = i + f.empty.length;
      return '';
    }
    if (nillable && t.startsWith(f.nil, i)) {
      pos = i + f.nil.length;
      return null;
    }
    return undefined;
  }

  const [ID, SESSION, TYPE, MESSAGE, AUTHOR, READ, SPECIAL_TYPE, SPECIAL_PARAM, WHEN] = FIELDS;

  /** One `ChatMessage`'s fields from `i`, in schema order, each stored by name (as generated code would). */
  function message(t, i) {
    const m = {};
    let s = leaf(t, i, ID, false);
    if (s !== undefined) m.ChatMessageId = value(ID, s, i);
    s = leaf(t, pos, SESSION, false);
    if (s !== undefined) m.ChatSessionId = value(SESSION, s, i);
    s = leaf(t, pos, TYPE, false);
    if (s !== undefined) m.Type = value(TYPE, s, i);
    s = leaf(t, pos, MESSAGE, true);
    if (s !== undefined) m.Message = s === null ? null : copy(s);
    s = leaf(t, pos, AUTHOR, true);
    if (s !== undefined) m.Author = s === null ? null : copy(s);
    s = leaf(t, pos, READ, false);
    if (s !== undefined) m.ReadByCustomer = value(READ, s, i);
    s = leaf(t, pos, SPECIAL_TYPE, false);
    if (s !== undefined) m.SpecialType = value(SPECIAL_TYPE, s, i);
    s = leaf(t, pos, SPECIAL_PARAM, true);
    if (s !== undefined) m.SpecialParam = s === null ? null : copy(s);
    s = leaf(t, pos, WHEN, false);
    if (s !== undefined) m.WhenPosted = value(WHEN, s, i);
    return m;
  }

  function messages(t, i) {
    const out = [];
    for (;;) {
      if (t.startsWith('<ChatMessage ', i) && t.startsWith(NIL, i + 13)) {
        out.push(null);
        i += 13 + NIL.length;
        continue;
      }
      if (!t.startsWith('<ChatMessage>', i)) break;
      const m = message(t, i + 13);
      i = pos;
      if (!t.startsWith('</ChatMessage>', i)) fail('no </ChatMessage>', i);
      i += 14;
      out.push(m);
    }
    pos = i;
    return out;
  }

  const RESPONSE = '<Response xmlns:i="http://www.w3.org/2001/XMLSchema-instance">';
  /** The `Response` array of a GetChatMessagesResponse envelope (UTF-8 bytes). */
  return function decodeChatMessages(buf) {
    if (!isUtf8(buf)) fail('not UTF-8', 0);
    const t = buf.toString('utf8');
    const at = t.indexOf(RESPONSE);
    if (at < 0) fail('no Response element', 0);
    const result = messages(t, at + RESPONSE.length);
    if (!t.startsWith('</Response></GetChatMessagesResponse></s:Body></s:Envelope>', pos)) fail('no </Response>', pos);
    return result;
  };
}

module.exports = { makeDecoder };
