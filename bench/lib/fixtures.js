'use strict';
/**
 * Deterministic benchmark fixtures (no Math.random, no clock): GetChatMessagesResponse envelopes with
 * N messages (mixed non-ASCII text, entities and character references, nil values, nil array items,
 * four dateTime forms) and one fully populated ChatSessionEntity (GetChatSessionEntityResponse),
 * generated from the Chat descriptor. Each fixture comes as
 *   - `xml`: the response envelope as the server would send it (WCF style, no whitespace),
 *   - `json`: the same data in the project's JSON form (DESIGN.md §4: dateTime as its lexical text,
 *     null for nil), for the `JSON.parse` limit,
 *   - `expected`: the typed value a decoder must produce (numbers, Dates, booleans, null, arrays,
 *     flags as arrays, dictionaries as records).
 * Large fixtures are written to `.bench-fixtures/` (git-ignored) by `node bench/fixtures.js`.
 */
const fs = require('node:fs');
const path = require('node:path');
const crypto = require('node:crypto');

const NS = 'http://www.superoffice.net/ws/crm/NetServer/Services88';
const XSI = 'http://www.w3.org/2001/XMLSchema-instance';
const SOAP_ENV = 'http://schemas.xmlsoap.org/soap/envelope/';
const ROOT = path.resolve(__dirname, '..', '..');
const FIXTURE_DIR = path.join(ROOT, '.bench-fixtures');
/** Bump when the generator changes: stale files are regenerated. */
const GENERATOR_VERSION = 3;

/** mulberry32: a small deterministic PRNG. */
function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function escapeText(s) {
  return s.replace(/[&<>]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : '&gt;'));
}

/**
 * Text pieces: [value, how it is written in XML]. Most are written with plain escaping; some use
 * character references and quote entities that a decoder must resolve.
 */
const PIECES = [
  ['Hei på deg,', null],
  ['blåbærsyltetøy', null],
  ['Grüße aus Köln', null],
  ['naïve café', null],
  ['日本語のテキスト', null],
  ['Привет, мир', null],
  ['שלום עולם', null],
  ['مرحبا', null],
  ['emoji 😀🎉', null],
  ['Tom & Jerry', null],
  ['a < b > c', null],
  ['"quoted"', '&quot;quoted&quot;'],
  ["it's", 'it&apos;s'],
  ['é via a reference', '&#233; via a reference'],
  ['😀 via a hex reference', '&#x1F600; via a hex reference'],
  ['<b>not markup</b>', null],
  ['thanks for waiting', null],
  ['the order number is', null],
  ['could you please check', null],
  ['42', null],
  ['https://example.com/?a=1&b=2', null],
  ['line one\nline two', null],
];

function text(rnd, words) {
  let value = '';
  let xml = '';
  for (let i = 0; i < words; i++) {
    const [v, x] = PIECES[Math.floor(rnd() * PIECES.length)];
    if (i > 0) {
      value += ' ';
      xml += ' ';
    }
    value += v;
    xml += x ?? escapeText(v);
  }
  return { value, xml };
}

const MESSAGE_TYPES = ['ToCustomer', 'ToUser', 'Special', 'ToCustomer', 'ToUser'];
const SPECIAL_TYPES = ['None', 'None', 'None', 'Welcome', 'Url', 'NewSession', 'BotMessage', 'ClosedByUser'];
const AUTHORS = ['Kari Nordmann', 'Jürgen Groß', '山田 太郎', 'Ola & Co <support>', 'Chatbot'];

/** One dateTime in one of four lexical forms; returns its text, the Date it denotes and its ms. */
function dateTime(i) {
  const base = Date.UTC(2024, 0, 1) + i * 61_001; // one message a minute, give or take
  const d = new Date(base);
  const pad = (n, w = 2) => String(n).padStart(w, '0');
  const ymdhms = (x) => `${x.getUTCFullYear()}-${pad(x.getUTCMonth() + 1)}-${pad(x.getUTCDate())}T${pad(x.getUTCHours())}:${pad(x.getUTCMinutes())}:${pad(x.getUTCSeconds())}`;
  switch (i % 4) {
    case 0: {
      // WCF's usual form: 7 fractional digits and an offset (+02:00); the instant is base + 123.4567 ms
      const local = new Date(base + 2 * 3600_000);
      return { lexical: `${ymdhms(local)}.${pad(d.getUTCMilliseconds(), 3)}4567+02:00`, ms: base };
    }
    case 1:
      return { lexical: `${ymdhms(d)}.${pad(d.getUTCMilliseconds(), 3)}Z`, ms: base };
    case 2:
      // no offset: read as UTC by default
      return { lexical: `${ymdhms(d)}`, ms: base - d.getUTCMilliseconds() };
    default: {
      const local = new Date(base - 5.5 * 3600_000);
      return { lexical: `${ymdhms(local)}.${pad(d.getUTCMilliseconds(), 3)}-05:30`, ms: base };
    }
  }
}

const NIL = ' i:nil="true"';

function responseEnvelope(op, bodyInner) {
  return (
    '<?xml version="1.0" encoding="utf-8"?>' +
    `<s:Envelope xmlns:s="${SOAP_ENV}">` +
    '<s:Header>' +
    `<ExceptionInfo xmlns="${NS}" xmlns:i="${XSI}" i:nil="true"/>` +
    `<ExtraInfo xmlns="${NS}" xmlns:i="${XSI}"><ExtraInfoNameValuePair><Key>request-id</Key><Value>bench-0001</Value></ExtraInfoNameValuePair></ExtraInfo>` +
    `<Succeeded xmlns="${NS}">true</Succeeded>` +
    `<TimeZone xmlns="${NS}" xmlns:i="${XSI}" i:nil="true"/>` +
    '</s:Header>' +
    `<s:Body><${op}Response xmlns="${NS}">${bodyInner}</${op}Response></s:Body>` +
    '</s:Envelope>'
  );
}

/**
 * GetChatMessagesResponse with `n` messages. Every 997th item is a nil ChatMessage; Author is nil
 * for ~1 in 9, SpecialParam is nil, empty or text; one message in 50 omits optional fields.
 */
function messagesFixture(n) {
  const rnd = prng(0x5eed0000 + n);
  const xml = [];
  const expected = [];
  const json = [];
  for (let i = 0; i < n; i++) {
    if (i % 997 === 996) {
      xml.push('<ChatMessage i:nil="true"/>');
      expected.push(null);
      json.push(null);
      continue;
    }
    const id = 1000 + i;
    const type = MESSAGE_TYPES[i % MESSAGE_TYPES.length];
    const message = text(rnd, 3 + Math.floor(rnd() * 8));
    const authorNil = i % 9 === 4;
    const author = AUTHORS[i % AUTHORS.length];
    const read = i % 3 === 0 ? 0 : 1;
    const special = SPECIAL_TYPES[i % SPECIAL_TYPES.length];
    const paramKind = i % 4; // 0: nil, 1: empty, 2/3: text
    const param = paramKind >= 2 ? text(rnd, 1 + (i % 2)) : null;
    const when = dateTime(i);
    const sparse = i % 50 === 7;

    let x = `<ChatMessage><ChatMessageId>${id}</ChatMessageId><ChatSessionId>59</ChatSessionId><Type>${type}</Type><Message>${message.xml}</Message>`;
    x += authorNil ? `<Author${NIL}/>` : `<Author>${escapeText(author)}</Author>`;
    if (!sparse) {
      x += `<ReadByCustomer>${read}</ReadByCustomer><SpecialType>${special}</SpecialType>`;
      x += paramKind === 0 ? `<SpecialParam${NIL}/>` : paramKind === 1 ? '<SpecialParam/>' : `<SpecialParam>${param.xml}</SpecialParam>`;
    }
    x += `<WhenPosted>${when.lexical}</WhenPosted></ChatMessage>`;
    xml.push(x);

    const e = { ChatMessageId: id, ChatSessionId: 59, Type: type, Message: message.value, Author: authorNil ? null : author };
    const j = { ...e };
    if (!sparse) {
      e.ReadByCustomer = j.ReadByCustomer = read;
      e.SpecialType = j.SpecialType = special;
      e.SpecialParam = j.SpecialParam = paramKind === 0 ? null : paramKind === 1 ? '' : param.value;
    }
    e.WhenPosted = new Date(when.ms);
    j.WhenPosted = when.lexical;
    expected.push(e);
    json.push(j);
  }
  return {
    xml: responseEnvelope('GetChatMessages', `<Response xmlns:i="${XSI}">${xml.join('')}</Response>`),
    json: JSON.stringify(json),
    expected,
    count: n,
  };
}

/**
 * One fully populated ChatSessionEntity (GetChatSessionEntityResponse), generated from the Chat
 * descriptor: every field of every reachable type present and not nil, including the Carrier base
 * fields, dictionaries, flags, enums, nested arrays, doubles and shorts.
 */
function entityFixture(service) {
  const rnd = prng(0xe7717);
  let counter = 0;
  const builtin = (type) => {
    counter++;
    switch (type) {
      case 'xs:int':
        return { xml: String(counter * 7 - 3), value: counter * 7 - 3 };
      case 'xs:short':
        return { xml: String((counter % 200) - 100), value: (counter % 200) - 100 };
      case 'xs:long':
        return { xml: String(9007199254740 + counter), value: 9007199254740 + counter };
      case 'xs:double': {
        const v = counter % 2 ? 59.9138688 + counter : -10.7522454 - counter / 8;
        return { xml: String(v), value: v };
      }
      case 'xs:boolean':
        return { xml: counter % 2 ? 'true' : 'false', value: counter % 2 === 1 };
      case 'xs:dateTime': {
        const d = dateTime(counter * 17);
        return { xml: d.lexical, value: new Date(d.ms), json: d.lexical };
      }
      case 'xs:string': {
        const t = text(rnd, 1 + (counter % 4));
        return { xml: t.xml, value: t.value };
      }
      default:
        throw new Error(`entityFixture: no generator for builtin ${type}`);
    }
  };
  const value = (typeName, depth) => {
    if (typeName.includes(':')) return builtin(typeName);
    const t = service.types[typeName];
    if (!t) throw new Error(`entityFixture: unknown type ${typeName}`);
    if (depth > 16) throw new Error(`entityFixture: too deep at ${typeName}`);
    switch (t.kind) {
      case 'enum': {
        const v = t.values[(counter++ % (t.values.length - 1)) + 1];
        return { xml: v, value: v };
      }
      case 'flags': {
        const vs = t.values.length > 1 ? [t.values[0], t.values[1]] : [t.values[0]];
        return { xml: vs.join(' '), value: vs };
      }
      case 'alias':
        return builtin(t.base);
      case 'array': {
        let xml = '';
        const v = [];
        const j = [];
        for (let k = 0; k < 2; k++) {
          const item = value(t.item.type, depth + 1);
          const nsAttr = t.item.ns ? ` xmlns="${t.item.ns}"` : '';
          xml += `<${t.item.name}${nsAttr}>${item.xml}</${t.item.name}>`;
          v.push(item.value);
          j.push(item.json ?? item.value);
        }
        return { xml, value: v, json: j };
      }
      case 'dictionary': {
        let xml = '';
        const v = {};
        const j = {};
        for (let k = 0; k < 2; k++) {
          const key = `key-${counter++}-ø`;
          const val = value(t.value.type, depth + 1);
          xml += `<${t.entry}><${t.key.name}>${escapeText(key)}</${t.key.name}><${t.value.name}>${val.xml}</${t.value.name}></${t.entry}>`;
          v[key] = val.value;
          j[key] = val.json ?? val.value;
        }
        return { xml, value: v, json: j };
      }
      case 'complex': {
        const chain = [];
        for (let c = t; c; c = c.base ? service.types[c.base] : undefined) chain.unshift(c);
        let xml = '';
        const v = {};
        const j = {};
        for (const c of chain) {
          for (const f of c.fields) {
            if (f.repeated) throw new Error('entityFixture: repeated fields are not generated');
            const fv = value(f.type, depth + 1);
            xml += `<${f.name}>${fv.xml}</${f.name}>`;
            v[f.name] = fv.value;
            j[f.name] = fv.json ?? fv.value;
          }
        }
        return { xml, value: v, json: j };
      }
      default:
        throw new Error(`entityFixture: kind ${t.kind}`);
    }
  };
  const e = value('ChatSessionEntity', 0);
  return {
    xml: responseEnvelope('GetChatSessionEntity', `<Response xmlns:i="${XSI}">${e.xml}</Response>`),
    json: JSON.stringify(e.json),
    expected: e.value,
  };
}

function loadChatDescriptor() {
  return require(path.join(ROOT, 'dist/src/generated/chat/descriptor.js')).ChatService;
}

/**
 * Write the fixture files (XML and JSON) for the given message counts plus the entity, unless they
 * exist with the current generator version. Returns their paths.
 */
function ensureFixtures(counts, { log = () => {} } = {}) {
  fs.mkdirSync(FIXTURE_DIR, { recursive: true });
  const manifestPath = path.join(FIXTURE_DIR, 'manifest.json');
  let manifest = {};
  try {
    manifest = JSON.parse(fs.readFileSync(manifestPath, 'utf8'));
  } catch {
    // no (readable) manifest yet: every fixture is written anew
  }
  if (manifest.version !== GENERATOR_VERSION) manifest = { version: GENERATOR_VERSION, files: {} };
  const out = {};
  const write = (name, make) => {
    const xmlPath = path.join(FIXTURE_DIR, `${name}.xml`);
    const jsonPath = path.join(FIXTURE_DIR, `${name}.json`);
    const known = manifest.files[name];
    if (known && fs.existsSync(xmlPath) && fs.existsSync(jsonPath) && fs.statSync(xmlPath).size === known.xmlBytes && fs.statSync(jsonPath).size === known.jsonBytes) {
      out[name] = { xmlPath, jsonPath, ...known };
      return;
    }
    const f = make();
    fs.writeFileSync(xmlPath, f.xml);
    fs.writeFileSync(jsonPath, f.json);
    const entry = {
      xmlBytes: Buffer.byteLength(f.xml),
      jsonBytes: Buffer.byteLength(f.json),
      sha256: crypto.createHash('sha256').update(f.xml).digest('hex'),
    };
    manifest.files[name] = entry;
    out[name] = { xmlPath, jsonPath, ...entry };
    log(`fixture ${name}: ${(entry.xmlBytes / 1e6).toFixed(2)} MB XML, ${(entry.jsonBytes / 1e6).toFixed(2)} MB JSON`);
  };
  for (const n of counts) write(`messages-${n}`, () => messagesFixture(n));
  write('entity', () => entityFixture(loadChatDescriptor()));
  fs.writeFileSync(manifestPath, JSON.stringify(manifest, null, 2));
  return out;
}

module.exports = { NS, XSI, SOAP_ENV, FIXTURE_DIR, messagesFixture, entityFixture, ensureFixtures, loadChatDescriptor, escapeText };
