/**
 * CI fails on a skipped test unless CI_ALLOW_SKIP names it (issue 14 §9): `.ci/check-skips.js`
 * over jest JSON reports, and its exit code as `.ci/run` uses it.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '../..');
const SCRIPT = join(ROOT, '.ci/check-skips.js');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { allowList, skippedTests, unallowedSkips } = require(SCRIPT) as {
  allowList(v: string | undefined): string[];
  skippedTests(report: unknown, root?: string): string[];
  unallowedSkips(report: unknown, allowed: string[], root?: string): string[];
};

const report = {
  testResults: [
    {
      name: join(ROOT, 'test/conformance/fixtures.test.ts'),
      assertionResults: [
        { status: 'passed', title: 'a', ancestorTitles: [] },
        { status: 'pending', title: 'GetChatMessages equals zeep', ancestorTitles: ['conformance oracle'] },
      ],
    },
    { name: join(ROOT, 'test/cli/x.test.ts'), assertionResults: [{ status: 'todo', title: 'later', ancestorTitles: ['y'] }] },
  ],
};

test('skipped and todo tests are listed by file › describe › title', () => {
  expect(skippedTests(report, ROOT)).toEqual(['test/conformance/fixtures.test.ts › conformance oracle › GetChatMessages equals zeep', 'test/cli/x.test.ts › y › later']);
});

test('CI_ALLOW_SKIP entries (";" or newline separated substrings) allow skips', () => {
  expect(allowList(' a ;\nb;; ')).toEqual(['a', 'b']);
  expect(unallowedSkips(report, [], ROOT)).toHaveLength(2);
  expect(unallowedSkips(report, ['conformance oracle'], ROOT)).toEqual(['test/cli/x.test.ts › y › later']);
  expect(unallowedSkips(report, ['conformance oracle', 'test/cli/x.test.ts'], ROOT)).toEqual([]);
});

test('the script exits 1 on a skip CI_ALLOW_SKIP does not name, 0 when it does', () => {
  const dir = mkdtempSync(join(tmpdir(), 'so-soap-ci-'));
  try {
    const file = join(dir, 'jest.json');
    writeFileSync(file, JSON.stringify(report));
    const run = (allow: string) => {
      try {
        return { code: 0, out: execFileSync(process.execPath, [SCRIPT, file], { cwd: ROOT, env: { ...process.env, CI_ALLOW_SKIP: allow }, encoding: 'utf8' }) };
      } catch (e) {
        return { code: (e as { status: number }).status, out: String((e as { stdout: string }).stdout) };
      }
    };
    const refused = run('conformance oracle');
    expect(refused.code).toBe(1);
    expect(refused.out).toContain('test/cli/x.test.ts › y › later   <- NOT ALLOWED');
    expect(refused.out).toContain('1 skipped test(s) not named in CI_ALLOW_SKIP');
    expect(run('conformance oracle;x.test.ts › y').code).toBe(0);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('.ci/run checks the skips when CI=true and fails when the oracle cannot be installed there', () => {
  const run = readFileSync(join(ROOT, '.ci/run'), 'utf8');
  expect(run).toMatch(/"\$\{CI:-\}" = true \] && \[ "\$skipped" != 0 \]/);
  expect(run).toContain('node .ci/check-skips.js reports/jest.json');
  expect(run).toMatch(/oracle_missing\(\) \{[\s\S]*if \[ "\$\{CI:-\}" = true \]; then fail/);
});
