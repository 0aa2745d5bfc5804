'use strict';
// Cold-start limit: a new node process that imports nothing and builds the envelope with a template literal.
const NS = 'http://www.superoffice.net/ws/crm/NetServer/Services88';
const ESC = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };
const esc = (s) => s.replace(/[&<>]/g, (c) => ESC[c]);
const appToken = 'c2f1e6f1a5b04d7c9e3b8a6d4f2e1c0b';
const ticket = '7T:YwBhAGYAZQAxADIAMwA0ADUANgA3ADgAOQBhAGIAYwBkAGUAZgA=';
const xml = `<?xml version="1.0" encoding="utf-8"?><s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Header><ApplicationToken xmlns="${NS}">${esc(appToken)}</ApplicationToken><Credentials xmlns="${NS}"><Ticket>${esc(ticket)}</Ticket></Credentials></s:Header><s:Body><DeleteChatSessionEntity xmlns="${NS}"><ChatSessionEntityId>59</ChatSessionEntityId></DeleteChatSessionEntity></s:Body></s:Envelope>`;
process.stdout.write(JSON.stringify({ bytes: xml.length, maxRSS: process.resourceUsage().maxRSS }) + '\n');
