'use strict';
/**
 * The contenders of the build and parse scenarios, set up once: this client (from `dist/`), the
 * limits, node-soap 1.13 and strong-soap 5.0.10 (both loading the real Chat WSDL, headers added as
 * each documents it, qualified in the Services88 namespace so that the envelopes are equivalent).
 */
const fs = require('node:fs');
const path = require('node:path');
const { XMLParser } = require('fast-xml-parser');
const { saxesGeneric } = require('./generic-sax.js');
const { makeDecoder } = require('./handwritten-decoder.js');
const { NS, SOAP_ENV } = require('./fixtures.js');

const ROOT = path.resolve(__dirname, '..', '..');
const WSDL_DIR = process.env.SO_WSDL_DIR ?? path.resolve(ROOT, '..', 'shared', 'wsdl');
const CHAT_WSDL = path.join(WSDL_DIR, 'Services88-Chat.wsdl');
const LIST_WSDL = path.join(WSDL_DIR, 'Services88-List.wsdl');

/** Realistic header values: a 32-hex application token and a ticket of the `7T:` form. */
const APP_TOKEN = 'c2f1e6f1a5b04d7c9e3b8a6d4f2e1c0b';
const TICKET = '7T:YwBhAGYAZQAxADIAMwA0ADUANgA3ADgAOQBhAGIAYwBkAGUAZgA=';

/** True when the codec has been built (`dist/src/codec.js`): only then is this client measured. */
function oursAvailable() {
  return fs.existsSync(path.join(ROOT, 'dist/src/codec.js')) && fs.existsSync(path.join(ROOT, 'dist/src/index.js'));
}

/** The hand-written GetChatMessagesResponse decoder (./handwritten-decoder.js) over this client's enumerations and `parseDateTime`. */
function handwrittenDecoder(ours) {
  const { parseDateTime } = require(path.join(ROOT, 'dist/src/runtime/codec/values.js'));
  const { copy } = require(path.join(ROOT, 'dist/src/runtime/codec/decode.js'));
  const { CLASSES, C_TEXT } = require(path.join(ROOT, 'dist/src/runtime/xml/xml-scanner.js'));
  return makeDecoder({ ChatMessageType: ours.index.ChatMessageType, ChatMessageSpecialType: ours.index.ChatMessageSpecialType, parseDateTime, copy, CLASSES, C_TEXT });
}

function loadOurs() {
  const index = require(path.join(ROOT, 'dist/src/index.js'));
  const codec = require(path.join(ROOT, 'dist/src/codec.js'));
  return { index, codec, ChatService: index.ChatService };
}

// ---------------------------------------------------------------------------------------------
// Build: one DeleteChatSessionEntity envelope with ApplicationToken and Credentials.

const ESC = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '\r': '&#13;' };
const escChar = (c) => ESC[c];
/** What element content cannot hold as it is: markup characters, CR (kept as `&#13;`), and what XML 1.0 cannot carry. */
// eslint-disable-next-line no-control-regex -- control characters are what is looked for
const NEEDS_WORK = /[&<>\r\u0000-\u0008\u000b\u000c\u000e-\u001f\ud800-\udfff\ufffe\uffff]/;
// eslint-disable-next-line no-control-regex
const CANNOT_CARRY = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
/**
 * Escaping as cheap as it gets for what the encoder guarantees: one scan for anything to escape or
 * refuse, and a copy only when there is something (header values rarely need it). The first
 * recorded runs replaced unconditionally (`s.replace(/[&<>]/g, …)`), which cost about 25% more
 * per envelope than this: a floor our encoder (which tests first) did not have to pay.
 */
function esc(s) {
  if (!NEEDS_WORK.test(s)) return s;
  if (CANNOT_CARRY.test(s)) throw new Error('a header value holds a character XML 1.0 cannot carry');
  return s.replace(/[&<>\r]/g, escChar);
}

/** The build limit: a template literal with the two header values checked and escaped (test first). */
function limitEnvelope(id, appToken = APP_TOKEN, ticket = TICKET) {
  return `<?xml version="1.0" encoding="utf-8"?><s:Envelope xmlns:s="${SOAP_ENV}"><s:Header><ApplicationToken xmlns="${NS}">${esc(appToken)}</ApplicationToken><Credentials xmlns="${NS}"><Ticket>${esc(ticket)}</Ticket></Credentials></s:Header><s:Body><DeleteChatSessionEntity xmlns="${NS}"><ChatSessionEntityId>${id}</ChatSessionEntityId></DeleteChatSessionEntity></s:Body></s:Envelope>`;
}

async function nodeSoapClient(extra = {}) {
  const soap = require('soap');
  const client = await soap.createClientAsync(CHAT_WSDL, extra);
  // headers are client-wide state in node-soap; an object with a namespace gives qualified elements
  client.addSoapHeader({ ApplicationToken: APP_TOKEN }, '', 'tns', NS);
  client.addSoapHeader({ Credentials: { Ticket: TICKET } }, '', 'tns', NS);
  return client;
}

async function strongSoapClient(extra = {}) {
  const { soap } = require('strong-soap');
  const client = await new Promise((resolve, reject) => soap.createClient(CHAT_WSDL, extra, (e, c) => (e ? reject(e) : resolve(c))));
  client.addSoapHeader({ $value: APP_TOKEN }, { name: 'ApplicationToken', nsURI: NS });
  client.addSoapHeader({ Ticket: TICKET }, { name: 'Credentials', nsURI: NS });
  return client;
}

/** Build functions (id → envelope string), each checked to produce a usable envelope. */
async function builders({ ours }) {
  const out = [];
  out.push({ id: 'limit', build: (i) => limitEnvelope(i) });
  if (ours) {
    // the generated typed builder, bound once as an ES import would be (the CJS re-export is a getter)
    const { encodeDeleteChatSessionEntity } = ours.index;
    const headers = { ApplicationToken: APP_TOKEN, Credentials: { Ticket: TICKET } };
    out.push({ id: 'ours', build: (i) => encodeDeleteChatSessionEntity({ ChatSessionEntityId: i }, headers) });
  }
  {
    // node-soap: the envelope is captured from a custom httpClient (it is built synchronously in _invoke)
    let captured = null;
    const client = await nodeSoapClient({ httpClient: { request: (_url, xml) => { captured = xml; } } });
    const noop = () => {};
    out.push({
      id: 'node-soap',
      build: (i) => {
        client.DeleteChatSessionEntity({ ChatSessionEntityId: i }, noop);
        return captured;
      },
    });
  }
  {
    let captured = null;
    const client = await strongSoapClient();
    client.httpClient = { request: (_url, xml) => { captured = xml; }, options: { prettyPrint: false } };
    const noop = () => {};
    out.push({
      id: 'strong-soap',
      build: (i) => {
        client.DeleteChatSessionEntity({ ChatSessionEntityId: i }, noop);
        return captured;
      },
    });
  }
  return out;
}

/** A built envelope is usable when it carries both header values and the id in the right namespace. */
function checkEnvelope(xml, id) {
  const problems = [];
  if (typeof xml !== 'string') return ['not a string'];
  if (!xml.includes(SOAP_ENV)) problems.push('no SOAP 1.1 envelope namespace');
  if (!new RegExp(`ApplicationToken[^>]*>${APP_TOKEN}<`).test(xml)) problems.push('ApplicationToken missing');
  if (!xml.includes(`>${TICKET}<`)) problems.push('Ticket missing');
  if (!new RegExp(`ChatSessionEntityId>${id}<`).test(xml)) problems.push('ChatSessionEntityId missing');
  if (!xml.includes(NS)) problems.push('Services88 namespace missing');
  return problems;
}

// ---------------------------------------------------------------------------------------------
// Parse: bytes (a Buffer, as read from the socket) → values.

const noop = () => {};
const NOOP_EVENTS = { open: noop, text: noop, close: noop };
/** The decoder's limits (src/runtime/codec/decode.ts). */
const SCAN_LIMITS = { maxAttributes: 256, maxNameLength: 1024, maxAttributeLength: 64 * 1024 };
/** `scanXml` from `dist/` (undefined before the first build). */
function scannerOf() {
  const file = path.join(ROOT, 'dist/src/runtime/xml/xml-scanner.js');
  return fs.existsSync(file) ? require(file).scanXml : undefined;
}

const fxp = new XMLParser({ parseTagValue: false, removeNSPrefix: true, ignoreAttributes: true, htmlEntities: true });

/**
 * Parse functions per operation. Each takes the response bytes and returns what its library gives
 * a caller; `extract` digs out the `Response` value for the fidelity check.
 */
async function parsers({ ours, only }) {
  const want = (id) => !only || only === id;
  const out = [];
  // the parse floor: the runtime's own strict scanner (what the decoder drives) with no-op handlers, on the same bytes
  const scanXml = scannerOf();
  if (want('limit') && scanXml) out.push({ id: 'limit', parse: (buf) => (scanXml(buf.toString('utf8'), NOOP_EVENTS, SCAN_LIMITS), true), typed: false, scanOnly: true });
  if (want('saxes')) out.push({ id: 'saxes', parse: (buf) => saxesGeneric(buf.toString('utf8')), extract: (r) => r.Envelope.Body[Object.keys(r.Envelope.Body)[0]].Response, typed: false });
  if (want('fxp')) out.push({ id: 'fxp', parse: (buf) => fxp.parse(buf.toString('utf8')), extract: (r) => r.Envelope.Body[Object.keys(r.Envelope.Body)[0]].Response, typed: false });
  if (want('json')) out.push({ id: 'json', parse: (buf) => JSON.parse(buf.toString('utf8')), extract: (r) => r, typed: false, json: true });
  if (ours && want('ours')) {
    const { codec, ChatService } = ours;
    out.push({ id: 'ours', parse: (buf, op) => codec.decodeResponse(ChatService, op, buf), extract: (r) => r.body.Response, typed: true });
  }
  // a reference, not a limit: a decoder hand-written for this one answer (a lower bound for a specialised decoder; see its file)
  if (ours && want('handwritten')) {
    const decode = handwrittenDecoder(ours);
    out.push({ id: 'handwritten', ops: ['GetChatMessages'], parse: (buf) => decode(buf), extract: (r) => r, typed: true });
  }
  if (want('node-soap')) {
    const client = await nodeSoapClient();
    // what node-soap's Client._invoke does with a response body (parseSync → wsdl.xmlToObject)
    out.push({ id: 'node-soap', parse: (buf) => client.wsdl.xmlToObject(buf.toString('utf8')), extract: (r, op) => unwrapPeer(r.Body[`${op}Response`].Response), typed: true });
  }
  if (want('strong-soap')) {
    const client = await strongSoapClient();
    const defs = client.wsdl.definitions;
    // what strong-soap's Client._invoke does before parsing (describe every type), done once here
    for (const uri in defs.schemas) for (const t in defs.schemas[uri].complexTypes ?? {}) defs.schemas[uri].complexTypes[t].describe(defs);
    for (const uri in defs.schemas) for (const t in defs.schemas[uri].complexTypes ?? {}) defs.schemas[uri].complexTypes[t].describeChildren(defs);
    const binding = Object.values(defs.bindings)[0];
    const envelopes = {};
    const nsContext = () => client.createNamespaceContext('soap', SOAP_ENV);
    out.push({
      id: 'strong-soap',
      parse: (buf, op) => {
        const env = (envelopes[op] ??= binding.operations[op].describe(defs).outputEnvelope);
        return client.xmlHandler.xmlToJson(nsContext(), buf.toString('utf8'), env);
      },
      extract: (r, op) => unwrapPeer(r.Body[`${op}Response`].Response),
      typed: true,
    });
  }
  return out;
}

/** The REST transport's JSON codec from `dist/`. */
function restCodec() {
  return require(path.join(ROOT, 'dist/src/runtime/rest/rest-json.js'));
}

/** A GetChatMessages REST answer (JSON text) carrying `messages` (typed values), as the REST Agents API sends it. */
function restJson(ours, messages) {
  return JSON.stringify(restCodec().encodeRestResponse(ours.ChatService, 'GetChatMessages', { Response: messages }).json);
}

/** node-soap and strong-soap give an ArrayOfChatMessage as `{ ChatMessage: [...] }`. */
function unwrapPeer(v) {
  if (v && typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length === 1 && 'ChatMessage' in v) {
    const items = v.ChatMessage;
    return Array.isArray(items) ? items : [items];
  }
  return v;
}

module.exports = {
  ROOT, WSDL_DIR, CHAT_WSDL, LIST_WSDL, APP_TOKEN, TICKET,
  oursAvailable, loadOurs, handwrittenDecoder, restCodec, restJson, limitEnvelope, nodeSoapClient, strongSoapClient, builders, checkEnvelope, parsers, unwrapPeer,
};
