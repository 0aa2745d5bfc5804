'use strict';
/**
 * The parse limit: saxes 6 without namespace processing feeding a generic object builder, strings
 * only. An element with child elements becomes an object keyed by local name (a repeated name
 * becomes an array); a leaf becomes its text. Attributes (including xsi:nil) are ignored, nothing is
 * typed, nothing is checked against a schema. This is the least work a schema-unaware parser must do
 * to turn a response into JavaScript values.
 */
const { SaxesParser } = require('saxes');

function localName(name) {
  const i = name.indexOf(':');
  return i < 0 ? name : name.slice(i + 1);
}

/** Parse `xml` (a string) into nested plain objects and strings. */
function saxesGeneric(xml) {
  const parser = new SaxesParser({ position: false });
  const root = { children: null, text: '' };
  const stack = [];
  let cur = root;
  parser.on('opentag', () => {
    stack.push(cur);
    cur = { children: null, text: '' };
  });
  parser.on('text', (t) => {
    cur.text += t;
  });
  parser.on('closetag', (tag) => {
    const value = cur.children === null ? cur.text : cur.children;
    const parent = stack.pop();
    const key = localName(tag.name);
    const siblings = parent.children ?? (parent.children = {});
    const existing = siblings[key];
    if (existing === undefined) siblings[key] = value;
    else if (Array.isArray(existing)) existing.push(value);
    else siblings[key] = [existing, value];
    cur = parent;
  });
  parser.write(xml).close();
  return root.children;
}

module.exports = { saxesGeneric };
