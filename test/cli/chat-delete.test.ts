/**
 * `so-soap chat delete` against the simulator over real HTTP: kill -9 part-way and resume (every
 * session deleted, never more effective deletions than sessions), faults (failures reported, not
 * retried blindly, exit 2, then finished by a re-run), --dry-run (0 mutations), the confirmation
 * guard, and secrets refused on argv.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SummaryJson } from '../../src/batch/summary.js';
import { ensureBuilt, idsText, inDoubtIds, runCli, startChildSimulator, startCli, tempDir, waitFor, type ChildSimulator } from './chat-helpers.js';

jest.setTimeout(120_000);

let tmp: ReturnType<typeof tempDir>;
beforeAll(() => {
  ensureBuilt();
  tmp = tempDir();
});
afterAll(() => tmp.cleanup());

const summaryOf = (path: string): SummaryJson => JSON.parse(readFileSync(path, 'utf8')) as SummaryJson;

describe('delete of 2,000 sessions, killed with SIGKILL part-way, then resumed', () => {
  let sim: ChildSimulator;
  beforeAll(async () => {
    sim = await startChildSimulator(['--seed', '5', '--sessions', '2000', '--messages', '1', '--faults', 'latency=1-4ms']);
  });
  afterAll(() => sim.stop());

  test('every session deleted exactly once', async () => {
    const ids = join(tmp.dir, 'delete-ids.txt');
    const journal = join(tmp.dir, 'delete.journal');
    writeFileSync(ids, idsText(1, 2000));
    const args = ['chat', 'delete', '--ids', ids, '--journal', journal, '--yes', '--concurrency', '8', '--summary-json', join(tmp.dir, 'd1.json')];

    const first = startCli(args, sim.env);
    await waitFor(async () => (await sim.stats()).mutations.deleted >= 500, 60_000, '500 deletions');
    first.child.kill('SIGKILL');
    const killed = await first.result;
    expect(killed.signal).toBe('SIGKILL');
    const atKill = await sim.stats();
    expect(atKill.mutations.deleted).toBeLessThan(2000);
    const doubt = inDoubtIds(journal);

    const second = await runCli([...args.slice(0, -1), join(tmp.dir, 'd2.json')], sim.env);
    expect(second.stderr).toContain('resuming from');
    expect(second.code).toBe(0);
    const after = await sim.stats();
    expect(after.mutations.deleted).toBe(2000); // never more
    expect(after.mutations.total).toBe(2000);
    expect(after.sessions).toBe(0);
    expect(Object.keys(after.perId.deleted)).toHaveLength(2000);
    expect(Math.max(...Object.values(after.perId.deleted))).toBe(1);

    const s = summaryOf(join(tmp.dir, 'd2.json'));
    expect(s.exitCode).toBe(0);
    expect(Object.values(s.counts).reduce((a, b) => a + b, 0)).toBe(2000);
    // What the first run finished is skipped; what it left in doubt is sent again (already gone = done).
    const resent = (s.counts['deleted or already gone (in doubt, sent again)'] ?? 0) + (s.counts['already gone (in doubt, sent again)'] ?? 0);
    expect(resent).toBe(doubt.length);
    expect(s.counts['done earlier']).toBeGreaterThan(0);
    // Requests for ids the first run recorded as done were never sent again.
    expect(after.mutationRequests.DeleteChatSessionEntity).toBeGreaterThanOrEqual(2000);
    expect(after.mutationRequests.DeleteChatSessionEntity).toBeLessThanOrEqual(2000 + doubt.length); // an in-doubt delete may never have arrived
  });
});

describe('delete with faults injected', () => {
  let sim: ChildSimulator;
  beforeAll(async () => {
    // Not-found as an exception, so that "already gone" (the cut deletes had been applied) is told apart.
    sim = await startChildSimulator(['--seed', '11', '--sessions', '120', '--messages', '1', '--not-found', 'exception', '--faults', '503:0.15,429@1:0.05,cut:0.1']);
  });
  afterAll(() => sim.stop());

  test('failed deletes are reported, not retried, exit 2; a re-run with the journal finishes', async () => {
    const ids = join(tmp.dir, 'faulty-ids.txt');
    const journal = join(tmp.dir, 'faulty.journal');
    writeFileSync(ids, idsText(1, 120));
    const args = ['chat', 'delete', '--ids', ids, '--journal', journal, '--yes', '--summary-json', join(tmp.dir, 'f1.json')];
    const first = await runCli(args, sim.env);
    expect(first.code).toBe(2);
    const s = summaryOf(join(tmp.dir, 'f1.json'));
    const stats = await sim.stats();
    // Each id was sent exactly once: no blind retries of a mutation.
    expect(stats.mutationRequests.DeleteChatSessionEntity ?? 0).toBe(120 - (stats.faultsInjected['503:0.15'] ?? 0) - (stats.faultsInjected['429@1:0.05'] ?? 0));
    expect(stats.requests).toBe(120);
    expect(s.counts['failed (not applied)']).toBeGreaterThan(0);
    expect(s.counts['in doubt']).toBeGreaterThan(0); // cut connections: applied, but the answer was lost
    expect(s.inDoubt.length).toBe(s.counts['in doubt']);
    expect(s.firstErrors.length).toBeGreaterThan(0);
    expect(first.stderr).toMatch(/first errors:\n {2}id \d+: (HttpError|NetworkError)/);
    expect(first.stderr).toContain('result: partial (exit 2)');

    await sim.setFaults('');
    const second = await runCli([...args.slice(0, -1), join(tmp.dir, 'f2.json')], sim.env);
    expect(second.code).toBe(0);
    const end = await sim.stats();
    expect(end.mutations.deleted).toBe(120);
    expect(end.sessions).toBe(0);
    const s2 = summaryOf(join(tmp.dir, 'f2.json'));
    expect(s2.counts['already gone (in doubt, sent again)']).toBe(s.counts['in doubt']); // the cut ones had been applied
    expect(s2.counts['deleted or already gone (failed earlier, sent again)']).toBe(s.counts['failed (not applied)']);
  });
});

describe('guards', () => {
  let sim: ChildSimulator;
  beforeAll(async () => {
    sim = await startChildSimulator(['--seed', '3', '--sessions', '30', '--messages', '2']);
  });
  afterAll(() => sim.stop());

  test('a missing session answered NULL (the default) is done, counted as "deleted or already gone"; with --not-found exception as "already gone"', async () => {
    // Its own simulators: the guards below count on an untouched one.
    const nulls = await startChildSimulator(['--seed', '3', '--sessions', '3', '--messages', '1']);
    try {
      const r = await runCli(['chat', 'delete', '--yes', '--summary-json', join(tmp.dir, 'null.json'), '3', '99998'], nulls.env);
      expect(r.code).toBe(0);
      expect(summaryOf(join(tmp.dir, 'null.json')).counts).toEqual({ 'deleted or already gone': 2 });
      expect((await nulls.stats()).perId.deleted).toEqual({ 3: 1 });
    } finally {
      await nulls.stop();
    }
    const strict = await startChildSimulator(['--seed', '3', '--sessions', '3', '--messages', '1', '--not-found', 'exception']);
    try {
      const r2 = await runCli(['chat', 'delete', '--yes', '--summary-json', join(tmp.dir, 'exc.json'), '3', '99998'], strict.env);
      expect(r2.code).toBe(0);
      expect(summaryOf(join(tmp.dir, 'exc.json')).counts).toEqual({ 'deleted or already gone': 1, 'already gone': 1 });
    } finally {
      await strict.stop();
    }
  });

  test('--dry-run changes nothing', async () => {
    const r = await runCli(['chat', 'delete', '--dry-run', '--ids', '-', '--summary-json', join(tmp.dir, 'dry.json')], sim.env, `${idsText(1, 30)}99999\n`);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('dry run: nothing changed');
    const s = summaryOf(join(tmp.dir, 'dry.json'));
    expect(s.counts).toEqual({ 'would delete': 30, 'already gone': 1 });
    const r2 = await runCli(['chat', 'reset', '--dry-run', '1', '2', '3'], sim.env);
    expect(r2.code).toBe(0);
    expect((await sim.stats()).mutations.total).toBe(0);
    expect((await sim.stats()).sessions).toBe(30);
  });

  test('delete without --yes on a non-TTY stdin refuses (exit 1, nothing sent)', async () => {
    const ids = join(tmp.dir, 'guard-ids.txt');
    writeFileSync(ids, idsText(1, 5));
    const r = await runCli(['chat', 'delete', '--ids', ids], sim.env);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/refusing to delete 5 chat sessions .*without confirmation: stdin is not a terminal; pass --yes/);
    const piped = await runCli(['chat', 'reset'], sim.env, '1 2 3\n');
    expect(piped.code).toBe(1);
    expect(piped.stderr).toContain('refusing to reset 3 chat sessions');
    const stats = await sim.stats();
    expect(stats.mutations.total).toBe(0);
    expect(stats.byOperation.DeleteChatSessionEntity ?? 0).toBe(0);
  });

  test('secrets are refused on argv; missing credentials and a bad ticket are fatal (exit 1)', async () => {
    const r = await runCli(['chat', 'delete', '--yes', '--ticket', 'abc', '1'], sim.env);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('secrets are never taken from the command line');
    const noEnv = await runCli(['chat', 'export', '1'], { SO_ENDPOINT: sim.env.SO_ENDPOINT, SO_TICKET: '', SO_TICKET_FILE: '' });
    expect(noEnv.code).toBe(1);
    expect(noEnv.stderr).toContain('no credentials');
    const ticketFile = join(tmp.dir, 'ticket');
    writeFileSync(ticketFile, 'wrong-ticket\n');
    const bad = await runCli(['chat', 'delete', '--yes', '--summary-json', join(tmp.dir, 'bad.json'), '1', '2', '3', '4', '5', '6', '7', '8', '9'], { ...sim.env, SO_TICKET: '', SO_TICKET_FILE: ticketFile });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('SoAuthenticationException');
    expect(bad.stderr).not.toContain('wrong-ticket');
    expect(summaryOf(join(tmp.dir, 'bad.json')).notStarted).toBeGreaterThan(0); // it stopped at the first authentication failure
    expect((await sim.stats()).mutations.total).toBe(0);
  });
});
