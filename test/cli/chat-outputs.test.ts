/**
 * Outputs under real operating conditions (issue 14 §5): `--summary-json` and `--out` are opened
 * (and so checked writable) before the first mutation; a full disk (ENOSPC, /dev/full), a directory
 * (EISDIR) or a closed reader on any output is a clean fatal error (exit 1, one line, no stack)
 * with the journal consistent; `chat follow` handles its stream errors; credentials in SO_ENDPOINT
 * (`user:pass@host`) never reach the journal or the log.
 */
import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readJournal } from '../../src/batch/journal';
import { BIN, ensureBuilt, idsText, runCli, startChildSimulator, startCli, tempDir, waitFor, type ChildSimulator, type CliResult } from './chat-helpers';

jest.setTimeout(120_000);

let tmp: ReturnType<typeof tempDir>;
let sim: ChildSimulator;
const hasDevFull = existsSync('/dev/full');

beforeAll(async () => {
  ensureBuilt();
  tmp = tempDir('so-soap-outputs-');
  sim = await startChildSimulator(['--seed', '3', '--sessions', '40', '--messages', '5']);
  writeFileSync(join(tmp.dir, 'ids.txt'), idsText(1, 10)); // export
  writeFileSync(join(tmp.dir, 'delete-ids.txt'), idsText(31, 40)); // refused deletes (applied before the fix)
  writeFileSync(join(tmp.dir, 'reset-ids.txt'), idsText(11, 20));
  mkdirSync(join(tmp.dir, 'a-directory'));
});
afterAll(async () => {
  await sim.stop();
  tmp.cleanup();
});

/** A fatal error is one line of ours: no stack trace, no uncaught-exception dump. */
function expectCleanFatal(r: CliResult, text: string | RegExp): void {
  expect(r.code).toBe(1);
  expect(r.stderr).toMatch(text);
  expect(r.stderr).not.toMatch(/\n\s+at .*\(.*:\d+:\d+\)/);
  expect(r.stderr).not.toContain('Unhandled');
  expect(r.stderr).not.toContain('node:internal');
}

/** Run the CLI with stdout written to `stdoutPath` (e.g. /dev/full). */
function runWithStdout(args: string[], env: Record<string, string>, stdoutPath: string): Promise<CliResult> {
  const fd = openSync(stdoutPath, 'w');
  const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', fd, 'pipe'] });
  closeSync(fd);
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((res) => child.on('close', (code, signal) => res({ code, signal, stdout: '', stderr })));
}

/** Run the CLI with stderr written to `stderrPath` (e.g. /dev/full); stdout is collected. */
function runWithStderr(args: string[], env: Record<string, string>, stderrPath: string): Promise<CliResult> {
  const fd = openSync(stderrPath, 'w');
  const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', fd] });
  closeSync(fd);
  let stdout = '';
  child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
  return new Promise((res) => child.on('close', (code, signal) => res({ code, signal, stdout, stderr: '' })));
}

describe('stderr that cannot be written (its reader gone, a full disk) stops nothing', () => {
  (hasDevFull ? test : test.skip)('a reset with --verbose and stderr on a full disk runs to its end; the exit code is the summary\'s', async () => {
    const summary = join(tmp.dir, 'stderr-full.json');
    const r = await runWithStderr(['chat', 'reset', '--ids', join(tmp.dir, 'reset-ids.txt'), '--yes', '--verbose', '--summary-json', summary], sim.env, '/dev/full');
    const json = JSON.parse(readFileSync(summary, 'utf8')) as { exitCode: number; counts: Record<string, number> };
    expect(json.counts).toEqual({ reset: 10 });
    expect({ code: r.code, signal: r.signal }).toEqual({ code: json.exitCode, signal: null });
  });

  (hasDevFull ? test : test.skip)('a generic command whose stdout is full: exit 1 with one line, no stack trace', async () => {
    const r = await runWithStdout(['--help'], {}, '/dev/full');
    expectCleanFatal(r, /^so-soap: cannot write stdout: ENOSPC\n$/);
  });
});

describe('--summary-json is checked before the first mutation', () => {
  test.each([
    ['a directory', () => join(tmp.dir, 'a-directory')],
    ['in a missing directory', () => join(tmp.dir, 'missing', 'summary.json')],
  ])('%s: exit 1, nothing deleted', async (_what, path) => {
    const before = (await sim.stats()).mutationRequests.DeleteChatSessionEntity ?? 0;
    const r = await runCli(['chat', 'delete', '--ids', join(tmp.dir, 'delete-ids.txt'), '--yes', '--summary-json', path()], sim.env);
    expectCleanFatal(r, /--summary-json .*: (EISDIR|ENOENT)/);
    expect(r.stderr).not.toContain('all done');
    expect((await sim.stats()).mutationRequests.DeleteChatSessionEntity ?? 0).toBe(before);
  });
});

describe('--summary-json never overwrites what the job needs, and is never left empty', () => {
  test.each([
    ['the journal', (j: string) => j, '--journal'],
    ['the journal (through a symbolic link)', (j: string) => {
      const link = join(tmp.dir, 'journal-link');
      if (!existsSync(link)) symlinkSync(j, link);
      return link;
    }, '--journal'],
    ["the journal's lock file", (j: string) => `${j}.lock`, '--journal'],
  ])('naming %s: refused (exit 1) before anything is sent; the journal is left as it was', async (_what, summaryOf, option) => {
    const journal = join(tmp.dir, 'reset-once.journal');
    if (!existsSync(journal)) {
      const first = await runCli(['chat', 'reset', '--ids', join(tmp.dir, 'reset-ids.txt'), '--journal', journal, '--yes'], sim.env);
      expect(first.code).toBe(0);
    }
    const bytes = readFileSync(journal);
    const before = (await sim.stats()).mutationRequests.ResetChatSession ?? 0;
    const r = await runCli(['chat', 'reset', '--ids', join(tmp.dir, 'reset-ids.txt'), '--journal', journal, '--yes', '--summary-json', summaryOf(journal)], sim.env);
    expectCleanFatal(r, new RegExp(`--summary-json and ${option} name the same file`));
    expect(readFileSync(journal)).toEqual(bytes);
    expect((await sim.stats()).mutationRequests.ResetChatSession ?? 0).toBe(before);
  });

  test('naming the export --out: refused (exit 1); the output is left as it was', async () => {
    const out = join(tmp.dir, 'kept.jsonl');
    writeFileSync(out, '{"type":"message"}\n');
    const r = await runCli(['chat', 'export', '--ids', join(tmp.dir, 'ids.txt'), '--out', out, '--overwrite', '--summary-json', out], sim.env);
    expectCleanFatal(r, /--summary-json and --out name the same file/);
    expect(readFileSync(out, 'utf8')).toBe('{"type":"message"}\n');
  });

  test('a run killed before its end (kill -9) leaves a summary saying it was running, never the last run\'s "exit 0"', async () => {
    const summary = join(tmp.dir, 'killed.json');
    writeFileSync(summary, '{"exitCode":0}\n');
    await sim.setFaults('latency=300-400ms');
    try {
      const run = startCli(['chat', 'reset', '--ids', join(tmp.dir, 'reset-ids.txt'), '--yes', '--concurrency', '1', '--summary-json', summary], sim.env);
      await waitFor(() => readFileSync(summary, 'utf8').includes('"running": true'), 20_000, 'the running summary');
      run.child.kill('SIGKILL');
      expect((await run.result).signal).toBe('SIGKILL');
      expect(JSON.parse(readFileSync(summary, 'utf8'))).toMatchObject({ command: 'reset', running: true, exitCode: null });
    } finally {
      await sim.setFaults('');
    }
  });

  test('a run that stops before it starts (an empty id list) writes a summary saying so (exit 1), replacing the last one whole', async () => {
    const summary = join(tmp.dir, 'stopped.json');
    writeFileSync(summary, '{"exitCode":0}\n');
    writeFileSync(join(tmp.dir, 'empty-ids.txt'), '# nothing today\n');
    const r = await runCli(['chat', 'delete', '--ids', join(tmp.dir, 'empty-ids.txt'), '--yes', '--summary-json', summary], sim.env);
    expect(r.code).toBe(1);
    const json = JSON.parse(readFileSync(summary, 'utf8')) as { exitCode: number; fatal: string; command: string };
    expect(json).toMatchObject({ command: 'delete', exitCode: 1 });
    expect(json.fatal).toMatch(/id/);
  });
});

describe('export', () => {
  (hasDevFull ? test : test.skip)('to stdout on a full disk: a clean fatal error (exit 1)', async () => {
    const r = await runWithStdout(['chat', 'export', '--ids', join(tmp.dir, 'ids.txt')], sim.env, '/dev/full');
    expectCleanFatal(r, /cannot write the output \(stdout\): ENOSPC/);
    expect(r.stderr).toContain('messages written: 0'); // none reached stdout
  });

  (hasDevFull ? test : test.skip)('--out on a full disk with a journal: a clean fatal error; the journal vouches for nothing unwritten', async () => {
    const journal = join(tmp.dir, 'full.journal');
    const r = await runCli(['chat', 'export', '--ids', join(tmp.dir, 'ids.txt'), '--out', '/dev/full', '--journal', journal, '--overwrite'], sim.env);
    expectCleanFatal(r, /cannot write the output \/dev\/full: ENOSPC/);
    expect(r.stderr).toContain('messages written: 0'); // none reached the disk
    const { state } = await readJournal(journal);
    expect(state.committedOut ?? 0).toBe(0);
    expect([...state.byId.values()].filter((s) => s.status === 'done' || s.status === 'progress')).toEqual([]);
  });

  (hasDevFull ? test : test.skip)('--summary-json on a full disk: exit 1, and the summary says so (never "all done")', async () => {
    const r = await runCli(['chat', 'export', '--ids', join(tmp.dir, 'ids.txt'), '--out', join(tmp.dir, 'summary-full.jsonl'), '--overwrite', '--summary-json', '/dev/full'], sim.env);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('result: FAILED (exit 1): cannot write --summary-json: ENOSPC');
    expect(r.stderr).not.toContain('all done');
  });

  test('--out is a directory: exit 1 before any request', async () => {
    const before = (await sim.stats()).requests;
    const r = await runCli(['chat', 'export', '--ids', join(tmp.dir, 'ids.txt'), '--out', join(tmp.dir, 'a-directory'), '--overwrite'], sim.env);
    expectCleanFatal(r, /cannot open the output .*a-directory: EISDIR/);
    expect((await sim.stats()).requests).toBe(before);
  });
});

describe('follow', () => {
  test('--out is a directory: exit 1, nothing claimed written', async () => {
    const r = await runCli(['chat', 'follow', '21', '--out', join(tmp.dir, 'a-directory'), '--max-polls', '2', '--interval', '0'], sim.env);
    expectCleanFatal(r, /cannot (open|write) --out .*a-directory: EISDIR/);
    expect(r.stderr).not.toMatch(/continue with --after [1-9]/);
  });

  (hasDevFull ? test : test.skip)('--out on a full disk: exit 1; the --after it suggests is the last message written (none)', async () => {
    const r = await runCli(['chat', 'follow', '21', '--out', '/dev/full', '--max-polls', '2', '--interval', '0'], sim.env);
    expectCleanFatal(r, /cannot write --out \/dev\/full: ENOSPC/);
    expect(r.stderr).not.toMatch(/continue with --after [1-9]/);
  });

  (hasDevFull ? test : test.skip)('stdout on a full disk: exit 1, clean; nothing claimed written, the --after it suggests is where it started', async () => {
    const r = await runWithStdout(['chat', 'follow', '21', '--max-polls', '2', '--interval', '0'], sim.env, '/dev/full');
    expectCleanFatal(r, /cannot write the output \(stdout\): ENOSPC/);
    expect(r.stderr).toContain('followed session 21: 0 messages');
    expect(r.stderr).toContain('(continue with --after 0)');
  });
});

test('credentials in SO_ENDPOINT (user:pass@host) are never journaled or logged', async () => {
  const url = new URL(sim.env.SO_ENDPOINT);
  url.username = 'svc-user';
  url.password = 'endpoint-pass-0042';
  const journal = join(tmp.dir, 'creds.journal');
  const summary = join(tmp.dir, 'creds.json');
  const r = await runCli(['chat', 'reset', '--ids', join(tmp.dir, 'reset-ids.txt'), '--yes', '--journal', journal, '--summary-json', summary, '--verbose'], { ...sim.env, SO_ENDPOINT: url.toString() });
  expect(r.code).toBe(0);
  const journalText = readFileSync(journal, 'utf8');
  expect(JSON.parse(journalText.split('\n')[0]).endpoint).toBe(sim.env.SO_ENDPOINT);
  for (const text of [journalText, readFileSync(summary, 'utf8'), r.stderr, r.stdout]) {
    expect(text).not.toContain('endpoint-pass-0042');
    expect(text).not.toContain('svc-user');
  }
});
