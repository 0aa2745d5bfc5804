/**
 * `so-soap chat follow` (a child process) against an in-process simulator over real HTTP: the
 * history first, then messages added while it follows, each once; `--until-idle`, `--max-polls`,
 * SIGINT, a missing session.
 */
import { createChatClient } from '../../src/index.js';
import { startSimulator, type Simulator } from '../../src/simulator/index.js';
import { ensureBuilt, runCli, startCli, waitFor } from './chat-helpers.js';

jest.setTimeout(60_000);

let sim: Simulator;
let env: Record<string, string>;
beforeAll(async () => {
  ensureBuilt();
  sim = await startSimulator({ seed: 4, sessions: 5, messagesPerSession: 6, pageSize: 4 });
  env = { SO_ENDPOINT: sim.endpoint, SO_APPLICATION_TOKEN: sim.applicationToken, SO_TICKET: sim.ticket };
});
afterAll(() => sim.stop());

const messagesOf = (stdout: string) => stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l) as { type: string; sessionId: number; ChatMessageId: number; Message: string });

test('prints the history, then new messages as they arrive, each once; stops when idle', async () => {
  const chat = createChatClient({ endpoint: sim.endpoint, applicationToken: sim.applicationToken, credentials: sim.ticket });
  const run = startCli(['chat', 'follow', '3', '--interval', '50', '--until-idle', '40'], env);
  let out = '';
  run.child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  await waitFor(() => out.split('\n').filter(Boolean).length >= 6, 20_000, 'the history');
  for (const text of ['first new', 'second new <&>']) await chat.addChatMessage({ ChatSessionId: 3, Message: { Message: text, Author: 'Test', Type: 'ToUser' } });
  const r = await run.result;
  expect(r.code).toBe(0);
  const msgs = messagesOf(r.stdout);
  expect(msgs).toHaveLength(8); // 6 seeded (in pages of 4) + 2 new
  expect(new Set(msgs.map((m) => m.ChatMessageId)).size).toBe(8);
  expect(msgs.every((m) => m.type === 'message' && m.sessionId === 3)).toBe(true);
  expect(msgs.slice(-2).map((m) => m.Message)).toEqual(['first new', 'second new <&>']);
  expect(r.stderr).toMatch(/followed session 3: 8 messages in \d+ polls, 0 retries; last message id \d+ \(continue with --after \d+\)/);
});

test('--after, --max-polls and text format', async () => {
  const all = await runCli(['chat', 'follow', '2', '--max-polls', '3', '--interval', '10'], env);
  const ids = messagesOf(all.stdout).map((m) => m.ChatMessageId);
  expect(ids).toHaveLength(6);
  const r = await runCli(['chat', 'follow', '2', '--after', String(ids[3]), '--max-polls', '2', '--interval', '10', '--format', 'text'], env);
  expect(r.code).toBe(0);
  const lines = r.stdout.split('\n').filter(Boolean);
  expect(lines).toHaveLength(2);
  expect(lines[0]).toMatch(/^\[\d{4}-\d\d-\d\dT[^\]]+\] .+: .+/);
});

test('SIGINT stops it (exit 0); a missing session is fatal (exit 1)', async () => {
  const run = startCli(['chat', 'follow', '1', '--interval', '100'], env);
  let out = '';
  run.child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  await waitFor(() => out.split('\n').filter(Boolean).length >= 6, 20_000, 'the history');
  run.child.kill('SIGINT');
  const r = await run.result;
  expect(r.code).toBe(0);
  expect(r.stderr).toContain('followed session 1: 6 messages');
  const missing = await runCli(['chat', 'follow', '424242', '--max-polls', '1'], env);
  expect(missing.code).toBe(1);
  expect(missing.stderr).toContain('session 424242 not found: GetChatMessages answered NULL (no such session)');
  const strict = await startSimulator({ seed: 4, sessions: 5, notFound: 'exception' });
  try {
    const missing2 = await runCli(['chat', 'follow', '424242', '--max-polls', '1'], { ...env, SO_ENDPOINT: strict.endpoint });
    expect(missing2.code).toBe(1);
    expect(missing2.stderr).toContain('SoEntityNotFoundException');
  } finally {
    await strict.stop();
  }
});
