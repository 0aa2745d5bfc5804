/**
 * A journal belongs to one job (issue 14 §2): its first run records the job's identity (command,
 * endpoint without credentials, the options that shape the output: --include, --html); a resume
 * with another identity is refused before any request (exit 1) saying what differs, unless
 * `--force-resume`, which prints the differences and goes on.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensureBuilt, idsText, runCli, startChildSimulator, tempDir, type ChildSimulator } from './chat-helpers';

jest.setTimeout(120_000);

let tmp: ReturnType<typeof tempDir>;
let a: ChildSimulator;
let b: ChildSimulator;

beforeAll(async () => {
  ensureBuilt();
  tmp = tempDir('so-soap-identity-');
  [a, b] = await Promise.all([
    startChildSimulator(['--seed', '1', '--sessions', '20', '--messages', '2']),
    startChildSimulator(['--seed', '2', '--sessions', '20', '--messages', '2']),
  ]);
  writeFileSync(join(tmp.dir, 'ids.txt'), idsText(1, 5));
});
afterAll(async () => {
  await Promise.all([a.stop(), b.stop()]);
  tmp.cleanup();
});

test('a reset journal from endpoint A resumed against endpoint B: refused, nothing sent to B; --force-resume goes on and says why', async () => {
  const journal = join(tmp.dir, 'reset.journal');
  const args = ['chat', 'reset', '--ids', join(tmp.dir, 'ids.txt'), '--yes', '--journal', journal];
  expect((await runCli(args, a.env)).code).toBe(0);

  const before = (await b.stats()).requests;
  const refused = await runCli(args, b.env);
  expect(refused.code).toBe(1);
  expect(refused.stderr).toContain(`endpoint: ${a.env.SO_ENDPOINT} → ${b.env.SO_ENDPOINT}`);
  expect(refused.stderr).toContain('--force-resume');
  expect((await b.stats()).requests).toBe(before);

  const forced = await runCli([...args, '--force-resume'], b.env);
  expect(forced.stderr).toContain(`resuming a journal of another job (--force-resume): endpoint: ${a.env.SO_ENDPOINT} → ${b.env.SO_ENDPOINT}`);
  expect(forced.code).toBe(0);
});

test('an export journal resumed with another --include or --html: refused (the file would mix two shapes)', async () => {
  const journal = join(tmp.dir, 'export.journal');
  const out = join(tmp.dir, 'export.jsonl');
  const args = ['chat', 'export', '--ids', join(tmp.dir, 'ids.txt'), '--journal', journal, '--out', out];
  expect((await runCli([...args, '--include', 'messages'], a.env)).code).toBe(0);

  const include = await runCli(args, a.env);
  expect(include.code).toBe(1);
  expect(include.stderr).toContain('--include: messages → messages,transcripts');
  const html = await runCli([...args, '--include', 'messages', '--html'], a.env);
  expect(html.code).toBe(1);
  expect(html.stderr).toContain('--html: no → yes');
  const same = await runCli([...args, '--include', 'messages'], a.env);
  expect(same.code).toBe(0);
  expect(same.stderr).toContain('5 ids already done');
});
