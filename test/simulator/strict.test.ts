/**
 * Issue 14 item 8: the simulator reads requests as WCF does. An enumeration or flags name outside the
 * schema is refused at deserialization (SOAP `s:Client` Fault, REST 400) with nothing applied; the
 * zero flags member (`CustomerIsTyping`) reads as no flag; an undeclared header block marked
 * `mustUnderstand="1"` is a `s:MustUnderstand` Fault; mutation counters are kept per entity kind.
 * Other clients than ours send the out-of-schema values: hand-written XML and JSON, node-soap 1.13.0
 * and (where Debian's python3-zeep is installed) zeep through a small script.
 */
import { execFile, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as soap from 'soap';
import { createChatClient, type ChatClient } from '../../src/index.js';
import { startSimulator, type Simulator } from '../../src/simulator/index.js';
import { PYTHON, wsdlPath } from '../conformance/oracle.js';
import { rawPost, TNS } from './raw.js';

jest.setTimeout(60_000);

let sim: Simulator;
let chat: ChatClient;
beforeEach(async () => {
  sim = await startSimulator({ seed: 5, sessions: 4, messagesPerSession: 2 });
  chat = createChatClient({ endpoint: sim.endpoint, applicationToken: sim.applicationToken, credentials: sim.ticket, retry: false });
});
afterEach(() => sim.stop());

const save = (fields: string) => `<SaveChatSessionEntity xmlns="${TNS}"><ChatSessionEntity><ChatSessionId>2</ChatSessionId>${fields}</ChatSessionEntity></SaveChatSessionEntity>`;

/** Session 2 and the counters, to compare before and after a refused request. */
async function snapshot() {
  return { session: await chat.getChatSessionEntity({ ChatSessionEntityId: 2 }), mutations: sim.stats.mutations, sessions: sim.stats.sessions };
}

describe('SOAP: out-of-schema values are a s:Client Fault, nothing applied', () => {
  test.each([
    ['an enumeration value', '<CustomerName>Changed</CustomerName><Status>User</Status>', /"User" is not a ChatSessionStatus value/],
    ['a flags name', '<CustomerName>Changed</CustomerName><Flags>UserIsTyping Bogus</Flags>', /"Bogus" is not a ChatSessionFlags value/],
    ['a nested enumeration value', '<User><AssociateId>11</AssociateId><Type>Robot</Type></User>', /"Robot" is not a UserType value/],
  ])('%s', async (_what, fields, message) => {
    const before = await snapshot();
    const r = await rawPost(sim, 'SaveChatSessionEntity', save(fields));
    expect(r.status).toBe(500);
    expect(r.text).toMatch(/<faultcode>s:Client<\/faultcode>/);
    expect(r.text).toMatch(message);
    expect(await snapshot()).toEqual(before);
    // Every client can still read the session.
    await expect(chat.getChatSessionEntity({ ChatSessionEntityId: 2 })).resolves.toMatchObject({ ChatSessionId: 2 });
  });

  test('the zero flags member (CustomerIsTyping) is no flag: it reads as [] and is applied', async () => {
    const r = await rawPost(sim, 'SaveChatSessionEntity', save('<CustomerName>Typing</CustomerName><Flags>CustomerIsTyping</Flags>'));
    expect(r.status).toBe(200);
    await expect(chat.getChatSessionEntity({ ChatSessionEntityId: 2 })).resolves.toMatchObject({ CustomerName: 'Typing', Flags: [] });
    const r2 = await rawPost(sim, 'SaveChatSessionEntity', save('<Flags>CustomerIsTyping UserIsTyping</Flags>'));
    expect(r2.status).toBe(200);
    await expect(chat.getChatSessionEntity({ ChatSessionEntityId: 2 })).resolves.toMatchObject({ Flags: ['UserIsTyping'] });
  });
});

describe('REST: out-of-schema values are 400, nothing applied', () => {
  const post = (body: unknown) =>
    fetch(`${sim.url}/api/v1/Agents/Chat/SaveChatSessionEntity`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `SOTicket ${sim.ticket}`, 'so-apptoken': sim.applicationToken },
      body: JSON.stringify(body),
    });

  test.each([
    ['an enumeration value', { ChatSessionId: 2, CustomerName: 'Changed', Status: 'User' }, /"User" is not a ChatSessionStatus value/],
    ['a flags name', { ChatSessionId: 2, CustomerName: 'Changed', Flags: 'UserIsTyping, Bogus' }, /"Bogus" is not a ChatSessionFlags value/],
  ])('%s', async (_what, body, message) => {
    const before = await snapshot();
    const res = await post(body);
    expect(res.status).toBe(400);
    expect(((await res.json()) as { ErrorMessage: string }).ErrorMessage).toMatch(message);
    expect(await snapshot()).toEqual(before);
  });

  test('the zero flags member reads as []', async () => {
    const res = await post({ ChatSessionId: 2, CustomerName: 'Typing', Flags: 'CustomerIsTyping' });
    expect(res.status).toBe(200);
    await expect(chat.getChatSessionEntity({ ChatSessionEntityId: 2 })).resolves.toMatchObject({ CustomerName: 'Typing', Flags: [] });
  });
});

describe('mustUnderstand', () => {
  const get = `<GetChatSessionEntity xmlns="${TNS}"><ChatSessionEntityId>1</ChatSessionEntityId></GetChatSessionEntity>`;
  test('an undeclared header block marked mustUnderstand="1" is a s:MustUnderstand Fault, nothing applied', async () => {
    const r = await rawPost(sim, 'GetChatSessionEntity', get, '<x:Trace xmlns:x="urn:example:trace" s:mustUnderstand="1">on</x:Trace>');
    expect(r.status).toBe(500);
    expect(r.text).toMatch(/<faultcode>s:MustUnderstand<\/faultcode>/);
    expect(r.text).toContain("The header 'Trace' from the namespace 'urn:example:trace' was not understood");
    const del = await rawPost(sim, 'DeleteChatSessionEntity', `<DeleteChatSessionEntity xmlns="${TNS}"><ChatSessionEntityId>1</ChatSessionEntityId></DeleteChatSessionEntity>`, '<Trace xmlns="urn:example:trace" xmlns:e="http://schemas.xmlsoap.org/soap/envelope/" e:mustUnderstand="true"/>');
    expect(del.status).toBe(500);
    expect(sim.stats.sessions).toBe(4);
  });

  test('mustUnderstand="0", an unmarked unknown block, and a declared block marked "1" are accepted', async () => {
    for (const h of [
      '<x:Trace xmlns:x="urn:example:trace" s:mustUnderstand="0">on</x:Trace>',
      '<x:Trace xmlns:x="urn:example:trace">on</x:Trace>',
      `<TimeZone xmlns="${TNS}" s:mustUnderstand="1"><SoTimeZoneId>0</SoTimeZoneId><SoTimeZoneLocationCode>UTC</SoTimeZoneLocationCode></TimeZone>`,
      // mustUnderstand in another namespace than the envelope's is not the SOAP attribute.
      '<x:Trace xmlns:x="urn:example:trace" x:mustUnderstand="1">on</x:Trace>',
    ]) {
      const r = await rawPost(sim, 'GetChatSessionEntity', get, h);
      expect([h, r.status]).toEqual([h, 200]);
    }
  });
});

test('stats per id are kept per entity kind: session and topic ids never mix', async () => {
  await chat.deleteChatSessionEntity({ ChatSessionEntityId: 1 });
  await chat.deleteChatTopicEntity({ ChatTopicEntityId: 1 });
  await chat.deleteChatTopicEntity({ ChatTopicEntityId: 2 });
  await chat.resetChatSession({ ChatSessionId: 2 });
  const s = sim.stats;
  expect(s.perEntity.session.deleted).toEqual({ 1: 1 });
  expect(s.perEntity.topic.deleted).toEqual({ 1: 1, 2: 1 });
  expect(s.perId.deleted).toEqual({ 1: 1 }); // sessions only
  expect(s.perEntity.session.reset).toEqual({ 2: 1 });
  expect(s.mutations.deleted).toBe(3);
  const json = (await (await fetch(`${sim.url}/_sim/stats`)).json()) as typeof s;
  expect(json.perEntity.topic.deleted).toEqual({ 1: 1, 2: 1 });
});

describe('other clients sending out-of-schema values get a Fault, the state is unchanged', () => {
  const wsdl = wsdlPath('Chat');
  const haveWsdl = existsSync(wsdl);
  if (!haveWsdl) console.warn(`SKIPPED node-soap/zeep strictness tests: ${wsdl} does not exist (set SO_WSDL_DIR)`);
  const maybe = haveWsdl ? test : test.skip;

  maybe('node-soap 1.13.0', async () => {
    const client = await soap.createClientAsync(wsdl, { endpoint: sim.endpoint });
    client.addSoapHeader({ ApplicationToken: sim.applicationToken }, '', 'tns', TNS);
    client.addSoapHeader({ Credentials: { Ticket: sim.ticket } }, '', 'tns', TNS);
    // node-soap validates nothing: its request carries the values as given.
    const ok = await client.GetChatSessionEntityAsync({ ChatSessionEntityId: 2 });
    expect(ok[0].Response.ChatSessionId).toBe(2);
    for (const entity of [
      { ChatSessionId: 2, CustomerName: 'Changed', Status: 'User' },
      { ChatSessionId: 2, CustomerName: 'Changed', Flags: 'Bogus' },
    ]) {
      const before = await snapshot();
      const e = (await client.SaveChatSessionEntityAsync({ ChatSessionEntity: entity }).catch((x: unknown) => x)) as { root?: { Envelope?: { Body?: { Fault?: { faultcode?: string } } } } };
      expect(e).toBeInstanceOf(Error);
      expect(e.root?.Envelope?.Body?.Fault?.faultcode).toBe('s:Client');
      expect(await snapshot()).toEqual(before);
    }
  });

  const zeepMissing = ((): string | undefined => {
    if (!existsSync(PYTHON)) return `${PYTHON} does not exist`;
    return spawnSync(PYTHON, ['-c', 'import zeep'], { stdio: 'pipe' }).status === 0 ? undefined : `${PYTHON} cannot import zeep (apt-get install -y python3-zeep)`;
  })();
  if (zeepMissing) {
    const bar = '!'.repeat(100);
    console.warn(`${bar}\nSKIPPED the zeep strictness test: ${zeepMissing}. It is reported as SKIPPED, not passed.\n${bar}`);
  }
  (haveWsdl && !zeepMissing ? test : test.skip)('zeep (Debian python3-zeep) through a small client script', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'so-soap-zeep-'));
    try {
      const script = join(dir, 'client.py');
      writeFileSync(
        script,
        `import json, sys
import zeep
from zeep.exceptions import Fault
wsdl, endpoint, token, ticket, field, value = sys.argv[1:7]
client = zeep.Client(wsdl)
service = client.create_service(next(iter(client.wsdl.bindings)), endpoint)
headers = {'ApplicationToken': token, 'Credentials': {'Ticket': ticket}}
entity = {'ChatSessionId': 2, 'CustomerName': 'Changed', field: [value] if field == 'Flags' else value}
try:
    service.SaveChatSessionEntity(ChatSessionEntity=entity, _soapheaders=headers)
    print(json.dumps({'fault': None}))
except Fault as f:
    print(json.dumps({'fault': f.code, 'message': f.message}))
`,
      );
      for (const [field, value] of [['Status', 'User'], ['Flags', 'Bogus']]) {
        const before = await snapshot();
        // Async: the simulator answers from this process's event loop.
        const out = await new Promise<string>((resolve, reject) => {
          execFile(PYTHON, [script, wsdl, sim.endpoint, sim.applicationToken, sim.ticket, field, value], { timeout: 60_000, env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1' } }, (err, stdout, stderr) => (err ? reject(new Error(`${err.message}\n${stderr}`)) : resolve(stdout)));
        });
        const answer = JSON.parse(out.trim().split('\n').pop()!) as { fault: string | null; message?: string };
        expect(answer.fault).toBe('s:Client');
        expect(answer.message).toContain(`"${value}" is not a`);
        expect(await snapshot()).toEqual(before);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
