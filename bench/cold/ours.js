'use strict';
// Cold start of this client: import the package, create the Chat client, build one DeleteChatSessionEntity.
const { createChatClient, encodeDeleteChatSessionEntity } = require('../../dist/src/index.js');
const appToken = 'c2f1e6f1a5b04d7c9e3b8a6d4f2e1c0b';
const ticket = '7T:YwBhAGYAZQAxADIAMwA0ADUANgA3ADgAOQBhAGIAYwBkAGUAZgA=';
const chat = createChatClient({ endpoint: 'http://127.0.0.1:9/Remote/Services88/Chat.svc', applicationToken: appToken, credentials: ticket });
const xml = encodeDeleteChatSessionEntity({ ChatSessionEntityId: 59 }, { ApplicationToken: appToken, Credentials: { Ticket: ticket } });
if (typeof chat.deleteChatSessionEntity !== 'function' || !xml.includes(ticket)) throw new Error('cold start: unexpected result');
process.stdout.write(JSON.stringify({ bytes: xml.length, maxRSS: process.resourceUsage().maxRSS }) + '\n');
