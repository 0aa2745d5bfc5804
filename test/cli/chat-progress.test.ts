/**
 * The progress bar is drawn on a terminal and only there: the CLI runs under a pseudo-terminal with
 * `script` (util-linux), and in a pipe.
 */
import { execFileSync, spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startSimulator, type Simulator } from '../../src/simulator/index.js';
import { BIN, ensureBuilt, idsText, runCli, tempDir } from './chat-helpers.js';

jest.setTimeout(60_000);

let sim: Simulator;
let env: Record<string, string>;
let tmp: ReturnType<typeof tempDir>;
beforeAll(async () => {
  ensureBuilt();
  tmp = tempDir();
  sim = await startSimulator({ seed: 2, sessions: 40, messagesPerSession: 3, faults: 'latency=5ms' });
  env = { SO_ENDPOINT: sim.endpoint, SO_APPLICATION_TOKEN: sim.applicationToken, SO_TICKET: sim.ticket };
});
afterAll(async () => {
  await sim.stop();
  tmp.cleanup();
});

function hasScript(): boolean {
  try {
    execFileSync('script', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Run a shell command under a pseudo-terminal; resolves with everything the terminal showed. */
function underPty(command: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn('script', ['-qfec', command, '/dev/null'], { env: { ...process.env, ...env, TERM: 'xterm' }, stdio: ['pipe', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('close', (code) => resolve({ code, output }));
  });
}

// eslint-disable-next-line no-control-regex -- the progress bar's ANSI "erase line" escape is what is checked
const BAR = /\r\x1b\[2Kexport \[[#.]{28}\] \d+\/40 \d+%/;

test('under a pseudo-terminal the bar is drawn on stderr', async () => {
  if (!hasScript()) throw new Error('`script` (util-linux) is needed for this test and is not installed');
  const ids = join(tmp.dir, 'ids.txt');
  writeFileSync(ids, idsText(1, 40));
  const out = join(tmp.dir, 'tty.jsonl');
  const r = await underPty(`'${process.execPath}' '${BIN}' chat export --ids '${ids}' --out '${out}' 2>&1`);
  expect(r.code).toBe(0);
  expect(r.output).toMatch(BAR);
  expect(r.output).toMatch(/\] 40\/40 100%/);
});

test('in a pipe there is no bar, only the summary', async () => {
  const r = await runCli(['chat', 'export', '--out', join(tmp.dir, 'pipe.jsonl')], env, idsText(1, 40));
  expect(r.code).toBe(0);
  // eslint-disable-next-line no-control-regex -- no ANSI escape may reach a non-TTY stderr
  expect(r.stderr).not.toMatch(/\r|\x1b\[|\[#/);
  expect(r.stderr).toContain('result: all done (exit 0)');
});
