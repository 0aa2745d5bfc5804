'use strict';
/**
 * The limit of the `chat export` scenario: the same pages as `so-soap chat export --include messages`
 * asks for (GetChatMessages per session, paged with After = the last message id, until an empty
 * page), as a plain loop of raw HTTP requests over an undici Pool with <concurrency> connections,
 * nothing decoded: the last ChatMessageId of a page is found by text search, messages are counted
 * by their ChatMessageId elements, nothing is written.
 *   node bench/export-raw.js <concurrency> <first id> <last id>     (SO_ENDPOINT, SO_APPLICATION_TOKEN, SO_TICKET)
 * Prints one JSON line: { messages, requests, maxRSS }.
 *
 * Like the CLI (src/cli/wasm-baseline.ts), it keeps undici's llhttp on V8's baseline WebAssembly
 * compiler: the TurboFan re-compile it avoids (~175 ms of a helper thread's CPU, waited for at exit)
 * would otherwise be a cost of the limit that the CLI does not pay.
 */
require('node:v8').setFlagsFromString('--liftoff-only');
const { Pool } = require('undici');

const NS = 'http://www.superoffice.net/ws/crm/NetServer/Services88';
const [concurrency, first, last] = process.argv.slice(2).map(Number);
const endpoint = new URL(process.env.SO_ENDPOINT);
const pool = new Pool(endpoint.origin, { connections: concurrency });
const esc = (s) => s.replace(/[&<>]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : '&gt;'));
const head = `<?xml version="1.0" encoding="utf-8"?><s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Header><ApplicationToken xmlns="${NS}">${esc(process.env.SO_APPLICATION_TOKEN)}</ApplicationToken><Credentials xmlns="${NS}"><Ticket>${esc(process.env.SO_TICKET)}</Ticket></Credentials></s:Header><s:Body><GetChatMessages xmlns="${NS}">`;
const headers = { 'content-type': 'text/xml; charset=utf-8', soapaction: `"${NS}/Chat/GetChatMessages"` };
const ID = 'ChatMessageId>';
const SLASH = 0x2f;

function post(body) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    pool.dispatch({ path: endpoint.pathname, method: 'POST', headers, body }, {
      onRequestStart() {},
      onResponseStart(_c, status) {
        if (status !== 200) reject(new Error(`HTTP ${status}`));
      },
      onResponseData(_c, chunk) {
        chunks.push(chunk);
      },
      onResponseEnd() {
        resolve(Buffer.concat(chunks).toString('latin1')); // ids are ASCII: no UTF-8 decoding needed
      },
      onResponseError(_c, e) {
        reject(e);
      },
    });
  });
}

let messages = 0;
let requests = 0;
async function session(id) {
  let after = 0;
  for (;;) {
    const text = await post(`${head}<ChatSessionId>${id}</ChatSessionId><After>${after}</After></GetChatMessages></s:Body></s:Envelope>`);
    requests++;
    let n = 0;
    let lastAt = -1;
    // opening tags `<ChatMessageId>` or `<p:ChatMessageId>` (a closing tag has `/` after its `<`)
    for (let at = text.indexOf(ID); at >= 0; at = text.indexOf(ID, at + ID.length)) {
      if (text.charCodeAt(text.lastIndexOf('<', at) + 1) === SLASH) continue;
      n++;
      lastAt = at;
    }
    if (n === 0) return;
    messages += n;
    const from = lastAt + ID.length;
    after = Number(text.slice(from, text.indexOf('<', from)));
  }
}

async function main() {
  let next = first;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next <= last) await session(next++);
  }));
  await pool.close();
  process.stdout.write(`${JSON.stringify({ messages, requests, maxRSS: process.resourceUsage().maxRSS })}\n`);
}
main().catch((e) => {
  process.stderr.write(`${e.stack ?? e}\n`);
  process.exit(1);
});
