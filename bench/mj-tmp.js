const { Pool } = require('undici');
const codec = require('../dist/src/codec.js');
const { ChatService } = require('../dist/src/generated/chat/index.js');
const { messageJson } = require('../dist/src/cli/chat/export.js');
const NS = 'http://www.superoffice.net/ws/crm/NetServer/Services88';
(async () => {
  const ep = new URL(process.env.SO_ENDPOINT);
  const pool = new Pool(ep.origin);
  const body = `<?xml version="1.0" encoding="utf-8"?><s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Header><ApplicationToken xmlns="${NS}">${process.env.SO_APPLICATION_TOKEN}</ApplicationToken><Credentials xmlns="${NS}"><Ticket>${process.env.SO_TICKET}</Ticket></Credentials></s:Header><s:Body><GetChatMessages xmlns="${NS}"><ChatSessionId>3</ChatSessionId><After>0</After></GetChatMessages></s:Body></s:Envelope>`;
  const r = await pool.request({ path: ep.pathname, method: 'POST', body, headers: { 'content-type': 'text/xml; charset=utf-8', soapaction: `"${NS}/Chat/GetChatMessages"` } });
  const bytes = new Uint8Array(await r.body.arrayBuffer());
  await pool.close();
  const msgs = codec.decodeResponse(ChatService, 'GetChatMessages', bytes).body.Response;
  console.log(Object.keys(msgs[0]), JSON.stringify(msgs[0]).length);
  const N = 3000;
  let x = 0;
  const { toJsonForm } = require('../dist/src/codec.js');
  for (const k of Object.keys(msgs[0])) {
    const vals = msgs.map((m) => m[k]);
    let s = process.hrtime.bigint();
    for (let i = 0; i < N; i++) for (const v of vals) x += (typeof v === 'string' ? JSON.stringify(v) : v instanceof Date ? JSON.stringify(toJsonForm(v)) : String(v)).length;
    console.log(k, typeof vals[0], (Number(process.hrtime.bigint() - s) / N / vals.length).toFixed(0), 'ns', JSON.stringify(vals[0]).slice(0, 60));
  }
  for (let round = 0; round < 2; round++) {
    let s = process.hrtime.bigint();
    for (let i = 0; i < N; i++) for (const m of msgs) x += messageJson(3, m).length;
    const a = Number(process.hrtime.bigint() - s) / N / msgs.length;
    s = process.hrtime.bigint();
    for (let i = 0; i < N; i++) for (const m of msgs) x += JSON.stringify(m).length;
    const b = Number(process.hrtime.bigint() - s) / N / msgs.length;
    console.log('messageJson', a.toFixed(0), 'ns; JSON.stringify(m)', b.toFixed(0), 'ns');
  }
})();
setTimeout(() => {}, 0);
