'use strict';
/**
 * The loopback server of the cold-start and round-trip scenarios, run in its own process (forked by
 * run.js, so that it has its own core): node:http on 127.0.0.1, keep-alive, answers every POST with
 * one fixed GetChatMessagesResponse envelope (RT_MESSAGES messages, the N=10 parse fixture). It counts TCP connections and requests; the parent
 * asks for (and resets) the counts over IPC after each measured run. It exits with its parent.
 */
const http = require('node:http');
const { messagesFixture } = require('./lib/fixtures.js');

/** Messages in the fixed response: the 10 of a `GetChatMessages(After: last seen)` poll (the parse scenario's smallest fixture). */
const RT_MESSAGES = 10;
module.exports = { RT_MESSAGES };
if (require.main !== module) return;

const fixture = messagesFixture(RT_MESSAGES);
const body = Buffer.from(fixture.xml);
// the REST transport's answer (POST /api/…): the same messages as JSON (needs dist/, like this client)
const C = require('./lib/contenders.js');
const restBody = C.oursAvailable() ? Buffer.from(C.restJson(C.loadOurs(), fixture.expected)) : Buffer.from('[]');
let connections = 0;
let requests = 0;

const server = http.createServer({ keepAliveTimeout: 30_000 }, (req, res) => {
  requests++;
  req.on('data', () => {});
  req.on('end', () => {
    const rest = req.url.startsWith('/api/');
    const answer = rest ? restBody : body;
    res.writeHead(200, { 'Content-Type': rest ? 'application/json; charset=utf-8' : 'text/xml; charset=utf-8', 'Content-Length': answer.length });
    res.end(answer);
  });
});
server.on('connection', () => {
  connections++;
});
server.listen(0, '127.0.0.1', () => {
  process.send({ port: server.address().port, bytes: body.length });
});
process.on('message', (m) => {
  if (m === 'counts') {
    process.send({ connections, requests });
    connections = 0;
    requests = 0;
  } else if (m === 'stop') {
    server.close();
    server.closeAllConnections();
    process.exit(0);
  }
});
process.on('disconnect', () => process.exit(0));
