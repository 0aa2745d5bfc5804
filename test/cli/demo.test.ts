/**
 * `so-soap demo` (what `npm start` runs): non-interactive, a fresh output directory, a readable
 * summary, exit 0, well under two minutes. And `so-soap simulate` prints what a user needs.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensureBuilt, readJsonl, runCli, startChildSimulator, tempDir } from './chat-helpers.js';

jest.setTimeout(120_000);

let tmp: ReturnType<typeof tempDir>;
beforeAll(() => {
  ensureBuilt();
  tmp = tempDir();
});
afterAll(() => tmp.cleanup());

test('demo: exports, deletes a subset, prints the summary and where the output went', async () => {
  const started = Date.now();
  const r = await runCli(['demo', '--out-dir', tmp.dir], { SO_ENDPOINT: '', SO_TICKET: '' });
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  expect(Date.now() - started).toBeLessThan(120_000);
  expect(r.stdout).toMatch(/exported +\d+ messages \+ 200 transcripts = \d+ JSON lines/);
  expect(r.stdout).toMatch(/deleted +50 of 50 sessions \(the simulator counted 50 mutations in all\)/);
  expect(r.stdout).toContain('confirmed by the demo itself');
  expect(r.stdout).toContain('result        OK');
  const dirs = readdirSync(tmp.dir);
  expect(dirs).toHaveLength(1);
  expect(dirs[0]).toMatch(/^demo-\d{8}T\d{6}-\d+$/);
  const dir = join(tmp.dir, dirs[0]);
  expect(r.stdout).toContain(dirs[0]);
  for (const f of ['messages.jsonl', 'export.journal', 'delete.journal', 'export-summary.json', 'delete-summary.json']) expect(existsSync(join(dir, f))).toBe(true);
  const lines = readJsonl<{ type: string }>(join(dir, 'messages.jsonl'));
  expect(lines.filter((l) => l.type === 'transcript')).toHaveLength(200);
  expect(JSON.parse(readFileSync(join(dir, 'delete-summary.json'), 'utf8'))).toMatchObject({ exitCode: 0, counts: { 'deleted or already gone': 50 } });

  // A second run writes to a directory of its own.
  const again = await runCli(['demo', '--out-dir', tmp.dir, '--sessions', '8'], {});
  expect(again.code).toBe(0);
  expect(readdirSync(tmp.dir)).toHaveLength(2);
});

test('simulate prints the endpoint and the dev credentials, and stops on SIGTERM', async () => {
  const sim = await startChildSimulator(['--sessions', '3']);
  expect(sim.env.SO_ENDPOINT).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/Remote\/Services88\/Chat\.svc$/);
  expect(sim.env.SO_APPLICATION_TOKEN).toBeTruthy();
  expect(sim.env.SO_TICKET).toBeTruthy();
  const r = await runCli(['chat', 'export', '--include', 'transcripts', '1', '2', '3'], sim.env);
  expect(r.code).toBe(0);
  expect(r.stdout.trim().split('\n')).toHaveLength(3);
  await sim.stop();
  expect(sim.process.exitCode).toBe(0);
});

test('bad simulate and chat usage', async () => {
  const bad = await runCli(['simulate', '--faults', '503:2'], {});
  expect(bad.code).toBe(1);
  expect(bad.stderr).toContain('a rate must be within 0..1');
  const unknown = await runCli(['chat', 'purge'], {});
  expect(unknown.code).toBe(1);
  expect(unknown.stderr).toContain('unknown command "purge"');
  const help = await runCli(['chat', 'export', '--help'], {});
  expect(help.code).toBe(0);
  expect(help.stdout).toContain('Usage: so-soap chat export');
  const opt = await runCli(['chat', 'delete', '--bogus'], {});
  expect(opt.code).toBe(1);
  expect(opt.stderr).toContain('unknown option --bogus');
});
