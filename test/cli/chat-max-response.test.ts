/**
 * `--max-response-bytes` (issue 14 item 6): the chat commands pass it to the transport's response
 * size limit; an answer over it fails that id naming the limit and the option (exit 2, partial);
 * a bad value is a usage error (exit 1). The simulator's `--message-bytes` makes the large pages.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SummaryJson } from '../../src/batch/summary.js';
import { ensureBuilt, runCli, startChildSimulator, tempDir, type ChildSimulator } from './chat-helpers.js';

jest.setTimeout(120_000);

let tmp: ReturnType<typeof tempDir>;
let sim: ChildSimulator;
beforeAll(async () => {
  ensureBuilt();
  tmp = tempDir();
  // Pages of 4 messages of 64 KiB: about 256 KiB per GetChatMessages answer.
  sim = await startChildSimulator(['--seed', '2', '--sessions', '3', '--messages', '4', '--page-size', '4', '--message-bytes', '65536']);
});
afterAll(async () => {
  await sim.stop();
  tmp.cleanup();
});

test.each([['soap'], ['rest']])('over %s: an answer over the limit fails that id, naming the limit (exit 2); a limit above it exports', async (transport) => {
  const summary = join(tmp.dir, `small-${transport}.json`);
  const r = await runCli(['chat', 'export', '--transport', transport, '--include', 'messages', '--max-response-bytes', '100KiB', '--out', join(tmp.dir, `small-${transport}.jsonl`), '--summary-json', summary, '1', '2'], sim.env);
  expect(r.code).toBe(2);
  expect((JSON.parse(readFileSync(summary, 'utf8')) as SummaryJson).counts).toEqual({ failed: 2 });
  expect(r.stderr).toMatch(/exceeds the limit of 102400 bytes \(the limit is --max-response-bytes\)/);
  const ok = await runCli(['chat', 'export', '--transport', transport, '--include', 'messages', '--max-response-bytes', '1MiB', '--out', join(tmp.dir, `big-${transport}.jsonl`), '1', '2'], sim.env);
  expect(ok.code).toBe(0);
  const lines = readFileSync(join(tmp.dir, `big-${transport}.jsonl`), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { Message: string });
  expect(lines).toHaveLength(8);
  expect(lines[0]!.Message.length).toBe(65536);
});

test('a bad value is a usage error (exit 1, nothing sent); --help documents the option and its default', async () => {
  const before = (await sim.stats()).requests;
  for (const v of ['10', 'lots', '5TiB']) {
    const r = await runCli(['chat', 'delete', '--yes', '--max-response-bytes', v, '1'], sim.env);
    expect([v, r.code]).toEqual([v, 1]);
    expect(r.stderr).toContain('--max-response-bytes must be a size');
  }
  expect((await sim.stats()).requests).toBe(before);
  const help = await runCli(['chat', 'export', '--help'], sim.env);
  expect(help.stdout + help.stderr).toMatch(/--max-response-bytes <size>.*default 64MiB/s);
});
