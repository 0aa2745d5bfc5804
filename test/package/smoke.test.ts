/**
 * Pack smoke test: the tarball installed (offline, with only the runtime dependencies its own
 * package.json lists) into an empty project works there: an ESM import and a CommonJS require of
 * every entry point, each making a real call over the default HTTP client against the installed
 * CLI's simulator (so a runtime dependency missing from "dependencies" fails here), the types of
 * both, and the CLI (`--version`, `--help`, a batch command). CI runs it once more on a tarball
 * `npm pack`ed (prepack build) from a fresh clone: .ci/steps/40-pack-smoke.sh.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exec, installTarball, ROOT, startInstalledSimulator, tarball, type InstalledSimulator } from './helpers';

jest.setTimeout(300_000);

const ESM = `import { createChatClient, ChatService, SoExceptionError } from 'so-soap';
import { encodeRequest, decodeResponse } from 'so-soap/codec';
import { createClient } from 'so-soap/runtime';
if (typeof decodeResponse !== 'function' || typeof SoExceptionError !== 'function') throw new Error('missing exports');
const options = { endpoint: process.env.SO_ENDPOINT, applicationToken: process.env.SO_APPLICATION_TOKEN, credentials: process.env.SO_TICKET };
const sessions = await createChatClient(options).chatSessionsForUser();
const entity = await createClient(ChatService, options).getChatSessionEntity({ ChatSessionEntityId: 2 });
const xml = encodeRequest(ChatService, 'DeleteChatSessionEntity', { ChatSessionEntityId: 5 }, {});
console.log(\`esm: \${sessions.length} sessions, entity \${entity.ChatSessionId}, \${xml.includes('ChatSessionEntityId>5<') ? 'envelope' : 'NO ENVELOPE'}\`);
`;
const CJS = `const { createChatClient, ChatService } = require('so-soap');
const { encodeRequest } = require('so-soap/codec');
const { createClient } = require('so-soap/runtime');
const options = { endpoint: process.env.SO_ENDPOINT, applicationToken: process.env.SO_APPLICATION_TOKEN, credentials: process.env.SO_TICKET };
(async () => {
  const messages = await createChatClient(options).getChatMessages({ ChatSessionId: 1, After: 0 });
  const entity = await createClient(ChatService, options).getChatSessionEntity({ ChatSessionEntityId: 3 });
  const xml = encodeRequest(ChatService, 'GetChatMessages', { ChatSessionId: 1, After: 0 }, {});
  console.log(\`cjs: \${messages.length > 0 ? 'messages' : 'NO MESSAGES'}, entity \${entity.ChatSessionId}, \${xml.includes('GetChatMessages') ? 'envelope' : 'NO ENVELOPE'}\`);
})().catch((e) => { console.error(e); process.exitCode = 1; });
`;
const TYPED_ESM = `import { createChatClient, type ChatMessage } from 'so-soap';
import type { CallOptions } from 'so-soap/runtime';
import { encodeRequest } from 'so-soap/codec';
import { ChatService } from 'so-soap';
const chat = createChatClient({ endpoint: 'http://127.0.0.1:1/Chat.svc', applicationToken: process.env.SO_APPLICATION_TOKEN });
export async function f(o: CallOptions = {}): Promise<(ChatMessage | null)[] | null | undefined> { return chat.getChatMessages({ ChatSessionId: 1 }, { signal: o.signal }); }
export const xml: string = encodeRequest(ChatService, 'GetChatMessages', { ChatSessionId: 1 }, {});
`;
const TYPED_CJS = `import so = require('so-soap');
import codec = require('so-soap/codec');
export const c: so.ChatClient = so.createChatClient({ endpoint: 'http://127.0.0.1:1/Chat.svc' });
export const xml: string = codec.encodeRequest(so.ChatService, 'GetChatMessages', { ChatSessionId: 1 }, {});
`;

let tmp: string;
let project: string;
let sim: InstalledSimulator;
beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'so-soap-smoke-'));
  project = join(tmp, 'project');
  await installTarball(await tarball(tmp), project);
  sim = await startInstalledSimulator(project, ['--sessions', '4']);
});
afterAll(async () => {
  await sim?.stop();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

const node = (args: string[]) => exec(process.execPath, args, { cwd: project, env: sim.env });

test('ESM import of every entry point, and a real call over the default HTTP client', async () => {
  writeFileSync(join(project, 'esm.mjs'), ESM);
  expect((await node(['esm.mjs'])).stdout).toBe('esm: 4 sessions, entity 2, envelope\n');
});

test('CommonJS require of every entry point, and a real call', async () => {
  writeFileSync(join(project, 'cjs.cjs'), CJS);
  expect((await node(['cjs.cjs'])).stdout).toBe('cjs: messages, entity 3, envelope\n');
});

test('import and require in one process share one implementation: the same classes and secret registry (no dual-package hazard)', async () => {
  const BOTH = `import { createRequire } from 'node:module';
import * as esm from 'so-soap';
import * as esmRuntime from 'so-soap/runtime';
import * as esmCodec from 'so-soap/codec';
const require = createRequire(import.meta.url);
const cjs = require('so-soap');
const same = ['SoSoapError', 'NetworkError', 'RequestValidationError', 'createChatClient'].every((k) => esm[k] === cjs[k]) && esmRuntime.redact === require('so-soap/runtime').redact && esmCodec.decodeResponse === require('so-soap/codec').decodeResponse;
require('so-soap/runtime').registerSecret('registered-through-require-0001');
const masked = esmRuntime.redact('ticket registered-through-require-0001') === 'ticket ***';
console.log(same && masked ? 'one implementation' : 'TWO COPIES');
`;
  writeFileSync(join(project, 'both.mjs'), BOTH);
  expect((await node(['both.mjs'])).stdout).toBe('one implementation\n');
});

test('types of the import and the require side (tsc --strict, nodenext)', async () => {
  writeFileSync(join(project, 'typed.mts'), TYPED_ESM);
  writeFileSync(join(project, 'typed.cts'), TYPED_CJS);
  const tsc = join(ROOT, 'node_modules/typescript/bin/tsc');
  await node([tsc, '--strict', '--noEmit', '--skipLibCheck', '--module', 'nodenext', '--target', 'es2022', '--types', 'node', 'typed.mts', 'typed.cts']);
});

test('the CLI: --version, --help, and a batch command against the simulator', async () => {
  const cli = join(project, 'node_modules/.bin/so-soap');
  const version = (JSON.parse(readFileSync(join(project, 'node_modules/so-soap/package.json'), 'utf8')) as { version: string }).version;
  expect((await exec(cli, ['--version'], { cwd: project })).stdout).toBe(`so-soap ${version}\n`);
  expect((await exec(cli, ['chat', 'export', '--help'], { cwd: project })).stdout).toContain('Usage: so-soap chat export');
  const exported = await exec(cli, ['chat', 'export', '--include', 'transcripts', '1', '2'], { cwd: project, env: sim.env });
  expect(exported.stdout.trim().split('\n')).toHaveLength(2);
  expect(exported.stderr).toContain('result: all done (exit 0)');
});
