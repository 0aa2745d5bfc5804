'use strict';
// Cold start of node-soap 1.13: import, load the Chat WSDL into a client, add the headers, build one DeleteChatSessionEntity.
const path = require('node:path');
const soap = require('soap');
const NS = 'http://www.superoffice.net/ws/crm/NetServer/Services88';
const wsdl = path.join(process.env.SO_WSDL_DIR ?? path.resolve(__dirname, '../../../shared/wsdl'), 'Services88-Chat.wsdl');
let xml = null;
soap.createClientAsync(wsdl, { httpClient: { request: (_url, body) => { xml = body; } } }).then((client) => {
  client.addSoapHeader({ ApplicationToken: 'c2f1e6f1a5b04d7c9e3b8a6d4f2e1c0b' }, '', 'tns', NS);
  client.addSoapHeader({ Credentials: { Ticket: '7T:YwBhAGYAZQAxADIAMwA0ADUANgA3ADgAOQBhAGIAYwBkAGUAZgA=' } }, '', 'tns', NS);
  client.DeleteChatSessionEntity({ ChatSessionEntityId: 59 }, () => {});
  if (!xml) throw new Error('cold start: no envelope');
  process.stdout.write(JSON.stringify({ bytes: xml.length, maxRSS: process.resourceUsage().maxRSS }) + '\n');
});
