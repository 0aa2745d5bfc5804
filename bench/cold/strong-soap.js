'use strict';
// Cold start of strong-soap 5.0.10: import, load the Chat WSDL into a client, add the headers, make one GetChatMessages call to the bench server ($SO_BENCH_ENDPOINT).
const path = require('node:path');
const { soap } = require('strong-soap');
const NS = 'http://www.superoffice.net/ws/crm/NetServer/Services88';
const wsdl = path.join(process.env.SO_WSDL_DIR ?? path.resolve(__dirname, '../../../shared/wsdl'), 'Services88-Chat.wsdl');
soap.createClient(wsdl, { endpoint: process.env.SO_BENCH_ENDPOINT }, (err, client) => {
  if (err) throw err;
  client.setEndpoint?.(process.env.SO_BENCH_ENDPOINT);
  client.addSoapHeader({ $value: 'c2f1e6f1a5b04d7c9e3b8a6d4f2e1c0b' }, { name: 'ApplicationToken', nsURI: NS });
  client.addSoapHeader({ Ticket: '7T:YwBhAGYAZQAxADIAMwA0ADUANgA3ADgAOQBhAGIAYwBkAGUAZgA=' }, { name: 'Credentials', nsURI: NS });
  client.GetChatMessages({ ChatSessionId: 59, After: 0 }, (e, result) => {
    if (e || !result?.Response) throw e ?? new Error('cold start: unexpected result');
    process.stdout.write(JSON.stringify({ bytes: 0, maxRSS: process.resourceUsage().maxRSS }) + '\n');
    process.exit(0);
  });
});
