/**
 * XML 1.0 text escaping for the envelope writer. One pass over the string checks that every
 * character can be carried by XML 1.0 (`#x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] |
 * [#x10000-#x10FFFF]`; lone surrogates, `\u0000`, `\uFFFE`… cannot) and escapes `&`, `<`, `>`
 * and carriage return (written as `&#13;` so that the receiver's line-end normalisation does not
 * turn `\r\n` into `\n`). Quotes are not escaped: the writer never puts user text in attributes.
 */

/** Index of the first character XML 1.0 cannot carry, or -1 when every character is allowed. */
export function invalidXmlCharIndex(s: string): number {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x20 && c < 0xd800) continue;
    if (c < 0x20) {
      if (c === 0x9 || c === 0xa || c === 0xd) continue;
      return i;
    }
    if (c <= 0xdbff) {
      // High surrogate: must be followed by a low surrogate.
      const d = i + 1 < s.length ? s.charCodeAt(i + 1) : 0;
      if (d >= 0xdc00 && d <= 0xdfff) {
        i++;
        continue;
      }
      return i;
    }
    if (c <= 0xdfff) return i; // lone low surrogate
    if (c === 0xfffe || c === 0xffff) return i;
  }
  return -1;
}

/** Describe the character at `i` for an error message (`U+0000`, `lone surrogate U+D800`). */
export function describeChar(s: string, i: number): string {
  const c = s.charCodeAt(i);
  const hex = `U+${c.toString(16).toUpperCase().padStart(4, '0')}`;
  return c >= 0xd800 && c <= 0xdfff ? `lone surrogate ${hex}` : hex;
}

/** A character that must be escaped or checked (surrogates: a pair is fine, a lone one is not). */
// eslint-disable-next-line no-control-regex -- control characters are exactly what is looked for
const NEEDS_WORK = /[&<>\r\u0000-\u0008\u000b\u000c\u000e-\u001f\ud800-\udfff\ufffe\uffff]/;

/**
 * Escape `s` for element content. Returns `undefined` when `s` holds a character XML 1.0 cannot
 * carry (the caller reports where; see `invalidXmlCharIndex`).
 */
export function escapeText(s: string): string | undefined {
  // Most values (ids, tickets, names) need nothing: one native scan instead of the loop below.
  if (!NEEDS_WORK.test(s)) return s;
  let out = '';
  let last = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c > 0x3e && c < 0xd800) continue;
    let rep: string;
    if (c === 0x26) rep = '&amp;';
    else if (c === 0x3c) rep = '&lt;';
    else if (c === 0x3e) rep = '&gt;';
    else if (c === 0xd) rep = '&#13;';
    else if (c >= 0x20 && c < 0xd800) continue;
    else if (c < 0x20) {
      if (c === 0x9 || c === 0xa) continue;
      return undefined;
    } else if (c <= 0xdbff) {
      const d = i + 1 < s.length ? s.charCodeAt(i + 1) : 0;
      if (d >= 0xdc00 && d <= 0xdfff) {
        i++;
        continue;
      }
      return undefined;
    } else if (c <= 0xdfff || c === 0xfffe || c === 0xffff) return undefined;
    else continue;
    out += s.slice(last, i) + rep;
    last = i + 1;
  }
  return last === 0 ? s : out + s.slice(last);
}

/** Escape an attribute value (double-quoted). Only used for values the writer produces itself. */
export function escapeAttr(s: string): string {
  return s.replace(/[&<"]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : '&quot;'));
}
