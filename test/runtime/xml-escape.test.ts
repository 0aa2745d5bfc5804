/** escapeText (with its fast path) against a plain reference implementation, on random strings. */
import fc from 'fast-check';
import { escapeText, invalidXmlCharIndex } from '../../src/runtime/xml/xml-escape';

function reference(s: string): string | undefined {
  if (invalidXmlCharIndex(s) >= 0) return undefined;
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\r/g, '&#13;');
}

test('agrees with the reference on random text, including controls and surrogates', () => {
  const alphabet = fc.constantFrom('a', 'Z', ' ', '&', '<', '>', '\r', '\n', '\t', '\u0000', '\u001f', '\ud83d', '\ude42', '🙂', 'æ', '\ufffe', '\uffff', '"', "'");
  fc.assert(fc.property(fc.array(alphabet, { maxLength: 24 }).map((a) => a.join('')), (s) => escapeText(s) === reference(s)), { seed: 42, numRuns: 2000 });
});

test('plain text is returned as it is', () => {
  const s = '7T:abcdefghij0123456789';
  expect(escapeText(s)).toBe(s);
  expect(escapeText('a & b < c > d\r\n')).toBe('a &amp; b &lt; c &gt; d&#13;\n');
  expect(escapeText('x\u0000')).toBeUndefined();
  expect(escapeText('\ud800')).toBeUndefined();
});
