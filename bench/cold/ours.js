'use strict';
// Cold start of this client: import the package, create the Chat client, make one GetChatMessages call to the bench server ($SO_BENCH_ENDPOINT).
const { createChatClient } = require('../../dist/src/index.js');
const chat = createChatClient({ endpoint: process.env.SO_BENCH_ENDPOINT, applicationToken: 'c2f1e6f1a5b04d7c9e3b8a6d4f2e1c0b', credentials: '7T:YwBhAGYAZQAxADIAMwA0ADUANgA3ADgAOQBhAGIAYwBkAGUAZgA=' });
chat.getChatMessages({ ChatSessionId: 59, After: 0 }).then((messages) => {
  if (messages.length !== Number(process.env.SO_BENCH_MESSAGES) || !(messages[0].WhenPosted instanceof Date)) throw new Error('cold start: unexpected result');
  process.stdout.write(JSON.stringify({ bytes: 0, maxRSS: process.resourceUsage().maxRSS }) + '\n');
  process.exit(0);
});
