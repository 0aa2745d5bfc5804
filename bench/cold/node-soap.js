'use strict';
// Cold start of node-soap 1.13: import, load the Chat WSDL into a client, add the headers, make one GetChatMessages call to the bench server ($SO_BENCH_ENDPOINT).
const path = require('node:path');
const soap = require('soap');
const NS = 'http://www.superoffice.net/ws/crm/NetServer/Services88';
const wsdl = path.join(process.env.SO_WSDL_DIR ?? path.resolve(__dirname, '../../../shared/wsdl'), 'Services88-Chat.wsdl');
soap.createClientAsync(wsdl, { endpoint: process.env.SO_BENCH_ENDPOINT }).then(async (client) => {
  client.addSoapHeader({ ApplicationToken: 'c2f1e6f1a5b04d7c9e3b8a6d4f2e1c0b' }, '', 'tns', NS);
  client.addSoapHeader({ Credentials: { Ticket: '7T:YwBhAGYAZQAxADIAMwA0ADUANgA3ADgAOQBhAGIAYwBkAGUAZgA=' } }, '', 'tns', NS);
  const [result] = await client.GetChatMessagesAsync({ ChatSessionId: 59, After: 0 });
  if (!result?.Response) throw new Error('cold start: unexpected result');
  process.stdout.write(JSON.stringify({ bytes: 0, maxRSS: process.resourceUsage().maxRSS }) + '\n');
  process.exit(0);
});
