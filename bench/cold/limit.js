'use strict';
// Cold-start limit: a new node process that builds the GetChatMessages envelope with a template
// literal, POSTs it with node:http to the bench server ($SO_BENCH_ENDPOINT) and reads the answer as text.
const http = require('node:http');
const NS = 'http://www.superoffice.net/ws/crm/NetServer/Services88';
const ESC = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };
const esc = (s) => s.replace(/[&<>]/g, (c) => ESC[c]);
const appToken = 'c2f1e6f1a5b04d7c9e3b8a6d4f2e1c0b';
const ticket = '7T:YwBhAGYAZQAxADIAMwA0ADUANgA3ADgAOQBhAGIAYwBkAGUAZgA=';
const xml = `<?xml version="1.0" encoding="utf-8"?><s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Header><ApplicationToken xmlns="${NS}">${esc(appToken)}</ApplicationToken><Credentials xmlns="${NS}"><Ticket>${esc(ticket)}</Ticket></Credentials></s:Header><s:Body><GetChatMessages xmlns="${NS}"><ChatSessionId>59</ChatSessionId><After>0</After></GetChatMessages></s:Body></s:Envelope>`;
const req = http.request(process.env.SO_BENCH_ENDPOINT, { method: 'POST', headers: { 'Content-Type': 'text/xml; charset=utf-8', SOAPAction: `"${NS}/Chat/GetChatMessages"`, 'Content-Length': Buffer.byteLength(xml) } }, (res) => {
  let text = '';
  res.setEncoding('utf8');
  res.on('data', (d) => (text += d));
  res.on('end', () => {
    if (!text.includes('GetChatMessagesResponse')) throw new Error('cold start: unexpected answer');
    process.stdout.write(JSON.stringify({ bytes: xml.length, maxRSS: process.resourceUsage().maxRSS }) + '\n');
    process.exit(0);
  });
});
req.end(xml);
