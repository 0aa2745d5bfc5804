'use strict';
/**
 * One contender of the round-trip scenarios, in a process of its own (forked by run.js, one per
 * contender, all alive at once so that rounds stay interleaved). Every contender ran in run.js's
 * process before: the contenders measured after the global `fetch` one (node's bundled undici, its
 * web streams) ran 1.5x slower, this client more than the limit (shared node internals such as the
 * socket and stream code had seen other callers: less specialized code), and the REST rows, measured
 * after all the SOAP ones, read 1.52x where the same code read 1.25x measured first. A user's process
 * does not run the peers; each contender now has the JIT state its own calls make.
 *
 * IPC, one request at a time, each answered with one message:
 *   { op: 'init', id, port }        → { ok: true } (the contender is made: clients loaded, pools created)
 *   { op: 'check' }                 → { verdict }   (one call, its result checked)
 *   { op: 'warm', k }               → { ok: true }  (k sequential calls, then k at concurrency 16)
 *   { op: 'run', mode, n }          → { wallMs, cpuMs } (n calls, 'seq' or 'conc'; after a full GC and a 25 ms pause)
 *   { op: 'close' }                 → { ok: true }, then exits
 * A failure answers { error } and exits 1.
 */
const C = require('./lib/contenders.js');
const { NS, SOAP_ENV } = require('./lib/fixtures.js');
const { cpuMs } = require('./lib/clock.js');
const { RT_MESSAGES } = require('./server.js');

const ARGS = { ChatSessionId: 59, After: 0 };

/** An undici dispatch handler that collects the response bytes (what the round-trip limit and this client's transport do). */
class CollectBody {
  constructor(resolve, reject) {
    this.resolve = resolve;
    this.reject = reject;
    this.chunks = [];
  }
  onRequestStart() {}
  onResponseStart() {}
  onResponseData(_c, chunk) {
    this.chunks.push(chunk);
  }
  onResponseEnd() {
    this.resolve(this.chunks.length === 1 ? this.chunks[0] : Buffer.concat(this.chunks));
  }
  onResponseError(_c, e) {
    this.reject(e);
  }
}

const typed = (r) => (Array.isArray(r) && r.length === RT_MESSAGES && r[0].WhenPosted instanceof Date && typeof r[0].ChatMessageId === 'number' ? '✓ typed' : '✗ unexpected result');
const text = (r) => (typeof r === 'string' && r.includes('GetChatMessagesResponse') ? 'text' : '✗');

function pool(port) {
  const { Pool } = require('undici');
  return new Pool(`http://127.0.0.1:${port}`, { connections: 16 });
}

/** The SOAP limit's request: a fixed envelope and headers. */
function soapOpts() {
  const body = `<?xml version="1.0" encoding="utf-8"?><s:Envelope xmlns:s="${SOAP_ENV}"><s:Header><ApplicationToken xmlns="${NS}">${C.APP_TOKEN}</ApplicationToken><Credentials xmlns="${NS}"><Ticket>${C.TICKET}</Ticket></Credentials></s:Header><s:Body><GetChatMessages xmlns="${NS}"><ChatSessionId>59</ChatSessionId><After>0</After></GetChatMessages></s:Body></s:Envelope>`;
  const headers = { 'content-type': 'text/xml; charset=utf-8', soapaction: `"${NS}/Chat/GetChatMessages"` };
  return { path: '/Remote/Services88/Chat.svc', method: 'POST', headers, body };
}

/** The REST limit's request: the same call as the REST transport sends it. */
function restOpts() {
  const headers = { 'content-type': 'application/json; charset=utf-8', accept: 'application/json', authorization: `SOTicket ${C.TICKET}`, 'so-apptoken': C.APP_TOKEN };
  return { path: '/api/v1/Agents/Chat/GetChatMessages', method: 'POST', headers, body: '{"ChatSessionId":59,"After":0}' };
}

const dispatch = (p, opts) => new Promise((resolve, reject) => p.dispatch(opts, new CollectBody(resolve, reject)));

/** The contender `id`: `{ call, check, close }`. */
async function make(id, port) {
  const endpoint = `http://127.0.0.1:${port}/Remote/Services88/Chat.svc`;
  const client = (extra) => C.loadOurs().index.createChatClient({ endpoint, applicationToken: C.APP_TOKEN, credentials: C.TICKET, ...extra });
  switch (id) {
    case 'limit': {
      const p = pool(port);
      const opts = soapOpts();
      return { call: () => dispatch(p, opts), check: (b) => text(b.toString('utf8')), close: () => p.close() };
    }
    case 'request': {
      // undici's higher-level `request` (a body stream read as text): the limit of the first recorded runs
      const p = pool(port);
      const opts = soapOpts();
      return { call: async () => (await p.request(opts)).body.text(), check: text, close: () => p.close() };
    }
    case 'limit-decode': {
      // the limit's exchange, then this client's decoder on its bytes: the floor of a typed result with this decoder
      const ours = C.loadOurs();
      const p = pool(port);
      const opts = soapOpts();
      return { call: () => dispatch(p, opts).then((b) => ours.codec.decodeResponse(ours.ChatService, 'GetChatMessages', b).body.Response), check: typed, close: () => p.close() };
    }
    case 'limit-handwritten': {
      // the limit's exchange, then a decoder hand-written for this answer (bench/lib/handwritten-decoder.js): a lower bound for any typed round trip
      const decode = C.handwrittenDecoder(C.loadOurs());
      const p = pool(port);
      const opts = soapOpts();
      return { call: () => dispatch(p, opts).then(decode), check: typed, close: () => p.close() };
    }
    case 'ours':
    case 'ours-fetch':
    case 'rest-ours': {
      // ours-fetch: the global `fetch` injected instead of the default HTTP client (what the transport choice is worth)
      const chat = client(id === 'ours-fetch' ? { fetch: (url, init) => fetch(url, init) } : id === 'rest-ours' ? { transport: 'rest' } : {});
      return { call: () => chat.getChatMessages(ARGS), check: typed, close: async () => {} };
    }
    case 'rest-limit': {
      const p = pool(port);
      const opts = restOpts();
      return { call: () => dispatch(p, opts).then((b) => JSON.parse(b.toString('utf8'))), check: (r) => (Array.isArray(r) && r.length === RT_MESSAGES ? 'JSON' : '✗'), close: () => p.close() };
    }
    case 'rest-limit-decode': {
      const ours = C.loadOurs();
      const { decodeRestResponse } = C.restCodec();
      const p = pool(port);
      const opts = restOpts();
      return { call: () => dispatch(p, opts).then((b) => decodeRestResponse(ours.ChatService, 'GetChatMessages', JSON.parse(b.toString('utf8'))).value.Response), check: typed, close: () => p.close() };
    }
    case 'node-soap': {
      const peer = await C.nodeSoapClient();
      peer.setEndpoint(endpoint);
      return { call: async () => (await peer.GetChatMessagesAsync(ARGS))[0], check: (r) => (C.unwrapPeer(r?.Response)?.length === RT_MESSAGES ? 'ok' : '✗'), close: async () => {} };
    }
    case 'strong-soap': {
      const peer = await C.strongSoapClient({ endpoint });
      peer.setEndpoint?.(endpoint);
      return { call: async () => (await peer.GetChatMessages(ARGS)).result ?? null, check: (r) => (C.unwrapPeer(r?.Response)?.length === RT_MESSAGES ? 'ok' : '✗'), close: async () => {} };
    }
    default:
      throw new Error(`unknown round-trip contender ${id}`);
  }
}

async function sequential(c, k) {
  for (let i = 0; i < k; i++) await c.call();
}

async function concurrent(c, k) {
  let next = 0;
  const worker = async () => {
    while (next < k) {
      next++;
      await c.call();
    }
  };
  await Promise.all(Array.from({ length: 16 }, worker));
}

let contender;
const handlers = {
  async init(m) {
    contender = await make(m.id, m.port);
    return { ok: true };
  },
  async check() {
    return { verdict: contender.check(await contender.call()) };
  },
  async warm(m) {
    await sequential(contender, m.k);
    await concurrent(contender, m.k);
    return { ok: true };
  },
  async run(m) {
    global.gc?.();
    await new Promise((r) => setTimeout(r, 25));
    const c0 = cpuMs();
    const t0 = performance.now();
    await (m.mode === 'seq' ? sequential : concurrent)(contender, m.n);
    return { wallMs: performance.now() - t0, cpuMs: cpuMs() - c0 };
  },
  async close() {
    await contender?.close().catch(() => {});
    return { ok: true };
  },
};

process.on('message', (m) => {
  handlers[m.op](m).then(
    (answer) => {
      process.send(answer, () => {
        if (m.op === 'close') process.exit(0);
      });
    },
    (e) => {
      process.send({ error: String(e?.stack ?? e) }, () => process.exit(1));
    },
  );
});
process.on('disconnect', () => process.exit(0));
