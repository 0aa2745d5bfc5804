'use strict';
/**
 * A `FetchLike` over `node:http` with a keep-alive agent, for the round-trip scenario's
 * "this client, node:http transport" row: it injects this function as the client's `fetch` to
 * measure what a node:http transport would gain over the global `fetch`. It returns a duck-typed
 * response with exactly what the SOAP transport reads (status, statusText, headers.get, a body
 * reader yielding the whole body as one chunk), not a WHATWG `Response`: that is what a native
 * node:http transport would cost. Bench-only; not a public API.
 */
const http = require('node:http');

function httpFetch({ maxSockets = Infinity } = {}) {
  const agent = new http.Agent({ keepAlive: true, maxSockets });
  const fetchLike = (url, init) =>
    new Promise((resolve, reject) => {
      const req = http.request(url, { method: init.method ?? 'GET', headers: init.headers, agent, signal: init.signal }, (res) => {
        const chunks = [];
        let n = 0;
        res.on('data', (c) => {
          chunks.push(c);
          n += c.length;
        });
        res.on('error', reject);
        res.on('end', () => {
          const body = chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, n);
          const headers = res.headers;
          resolve({
            status: res.statusCode,
            statusText: res.statusMessage,
            headers: { get: (k) => (headers[k.toLowerCase()] === undefined ? null : String(headers[k.toLowerCase()])) },
            body: {
              getReader() {
                let done = false;
                return {
                  read: async () => (done ? { done: true, value: undefined } : ((done = true), { done: false, value: body })),
                  cancel: async () => {},
                };
              },
              cancel: async () => {},
            },
          });
        });
      });
      req.on('error', reject);
      req.end(init.body);
    });
  fetchLike.close = () => agent.destroy();
  return fetchLike;
}

module.exports = { httpFetch };
