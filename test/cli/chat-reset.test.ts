/**
 * `so-soap chat reset` against a simulator in a child process: a run killed with SIGKILL part-way
 * and resumed never resets a session twice and lists the in-doubt ids; `--retry-in-doubt` sends
 * them again; a missing session is reported.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SummaryJson } from '../../src/batch/summary.js';
import { ensureBuilt, idsText, inDoubtIds, runCli, startChildSimulator, startCli, tempDir, waitFor, type ChildSimulator } from './chat-helpers.js';

jest.setTimeout(120_000);

let tmp: ReturnType<typeof tempDir>;
let sim: ChildSimulator;
beforeAll(async () => {
  ensureBuilt();
  tmp = tempDir();
  // Latency keeps calls in flight most of the time, so the kill leaves some of them in doubt.
  sim = await startChildSimulator(['--seed', '9', '--sessions', '300', '--messages', '1', '--faults', 'latency=15-30ms']);
});
afterAll(async () => {
  await sim.stop();
  tmp.cleanup();
});

const summaryOf = (path: string): SummaryJson => JSON.parse(readFileSync(path, 'utf8')) as SummaryJson;

test('a killed reset run, resumed, never resets a session twice and lists the in-doubt ids', async () => {
  const ids = join(tmp.dir, 'reset-ids.txt');
  const journal = join(tmp.dir, 'reset.journal');
  writeFileSync(ids, idsText(1, 300));
  const args = ['chat', 'reset', '--ids', ids, '--journal', journal, '--yes', '--concurrency', '8'];
  const first = startCli(args, sim.env);
  await waitFor(async () => (await sim.stats()).mutations.reset >= 80, 60_000, '80 resets');
  first.child.kill('SIGKILL');
  expect((await first.result).signal).toBe('SIGKILL');
  const doubt = inDoubtIds(journal);
  expect(doubt.length).toBeGreaterThan(0);

  const second = await runCli([...args, '--summary-json', join(tmp.dir, 'r2.json')], sim.env);
  expect(second.code).toBe(2); // in-doubt ids are not done
  const s = summaryOf(join(tmp.dir, 'r2.json'));
  expect([...s.inDoubt].sort((a, b) => a - b)).toEqual(doubt);
  expect(s.counts['in doubt (not re-sent)']).toBe(doubt.length);
  expect(second.stderr).toMatch(/in doubt \(may or may not have been applied; not sent again.*\): \d+\n {2}ids: \d+/);
  expect(second.stderr).toContain(`ids: ${[...s.inDoubt].slice(0, 3).join(', ')}`);

  const stats = await sim.stats();
  const counts = stats.perId.reset;
  expect(Math.max(...Object.values(counts))).toBe(1); // never twice
  for (let id = 1; id <= 300; id++) {
    if (doubt.includes(id)) expect(counts[id] ?? 0).toBeLessThanOrEqual(1);
    else expect(counts[id]).toBe(1); // every other session reset exactly once
  }

  // A third run changes nothing more and still lists them.
  const third = await runCli(args, sim.env);
  expect(third.code).toBe(2);
  expect((await sim.stats()).mutations.reset).toBe(stats.mutations.reset);

  // --retry-in-doubt sends them again, as asked.
  const fourth = await runCli([...args, '--retry-in-doubt', '--summary-json', join(tmp.dir, 'r4.json')], sim.env);
  expect(fourth.code).toBe(0);
  const s4 = summaryOf(join(tmp.dir, 'r4.json'));
  expect(s4.counts['reset (in doubt, sent again)']).toBe(doubt.length);
  expect(s4.counts['done earlier']).toBe(300 - doubt.length);
  const end = await sim.stats();
  for (const id of doubt) expect(end.perId.reset[id]).toBeGreaterThanOrEqual(1);
});

test.each([
  ['NULL (the default, as documented)', [] as string[], /id 9999: ResetChatSession answered NULL \(no such session\)/],
  ['--not-found exception', ['--not-found', 'exception'], /id 9999: SoExceptionError: ResetChatSession failed: SoEntityNotFoundException/],
])('a missing session answered %s is reported as not found (exit 2), and that outcome is final', async (name, simArgs, why) => {
  const own = await startChildSimulator(['--seed', '9', '--sessions', '10', '--messages', '1', ...simArgs]);
  try {
    const journal = join(tmp.dir, `missing-${simArgs.length}.journal`);
    const r = await runCli(['chat', 'reset', '--yes', '--journal', journal, '--summary-json', join(tmp.dir, 'm.json'), '5', '9999'], own.env);
    expect(r.code).toBe(2);
    expect(summaryOf(join(tmp.dir, 'm.json')).counts).toEqual({ reset: 1, 'not found': 1 });
    expect(r.stderr).toMatch(why);
    const again = await runCli(['chat', 'reset', '--yes', '--journal', journal, '--summary-json', join(tmp.dir, 'm2.json'), '5', '9999'], own.env);
    expect(summaryOf(join(tmp.dir, 'm2.json')).counts).toEqual({ 'done earlier': 1, 'not found (earlier run)': 1 });
    expect(again.code).toBe(2);
    expect((await own.stats()).perId.reset).toEqual({ 5: 1 });
  } finally {
    await own.stop();
  }
});
