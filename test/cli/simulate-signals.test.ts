/**
 * Issue 18: killing a backgrounded `npx so-soap simulate` must not leave the simulator running.
 * npx runs it as npm → sh → node and does not pass every end on, so each way a user or a script
 * stops it is tried for real: SIGTERM, SIGHUP or SIGKILL of the npx process alone, and SIGTERM or
 * SIGHUP of the process group. npx runs offline in a throwaway project whose node_modules/.bin
 * links to the built CLI (nothing is asked of a registry). After each, the port must be closed and
 * the folder of the sign-in key removed (the simulator stopped cleanly, not merely died).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { BIN, ensureBuilt } from './chat-helpers';

const hasNpx = spawnSync('npx', ['--version'], { stdio: 'ignore' }).status === 0;
if (!hasNpx) console.warn(`${'!'.repeat(100)}\nSKIPPED the npx simulate tests: npx is not on PATH\n${'!'.repeat(100)}`);
const describeWithNpx = hasNpx && process.platform !== 'win32' ? describe : describe.skip;

/** Whether something accepts connections on 127.0.0.1:port. */
function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });
}

/** Waits (generously: a loaded machine) until `condition` holds; false if it never does. */
async function eventually(condition: () => Promise<boolean> | boolean, ms = 30_000): Promise<boolean> {
  for (const end = Date.now() + ms; Date.now() < end; await new Promise((r) => setTimeout(r, 100))) if (await condition()) return true;
  return false;
}

describeWithNpx('a backgrounded npx so-soap simulate', () => {
  let project: string;
  beforeAll(() => {
    ensureBuilt();
    project = mkdtempSync(join(tmpdir(), 'so-soap-npx-'));
    writeFileSync(join(project, 'package.json'), '{ "name": "consumer", "version": "1.0.0", "private": true }\n');
    mkdirSync(join(project, 'node_modules/.bin'), { recursive: true });
    symlinkSync(BIN, join(project, 'node_modules/.bin/so-soap'));
  });
  afterAll(() => rmSync(project, { recursive: true, force: true }));

  /** `npx so-soap simulate` in a process group of its own; resolves with its port and key folder once it listens. */
  async function start(): Promise<{ npx: ChildProcess; port: number; keyDir: string }> {
    const env = { ...process.env, npm_config_offline: 'true', npm_config_update_notifier: 'false', npm_config_fund: 'false', npm_config_audit: 'false' };
    const npx = spawn('npx', ['--offline', 'so-soap', 'simulate', '--port', '0', '--sessions', '3'], { cwd: project, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    npx.stdout!.on('data', (d) => (out += d));
    npx.stderr!.on('data', (d) => (err += d));
    const ready = () => /listening on http:\/\/127\.0\.0\.1:\d+/.test(out) && /SO_PRIVATE_KEY_FILE=\S+/.test(out);
    // stop waiting as soon as npx has exited (e.g. the CLI could not be run): the output says why
    await eventually(() => ready() || npx.exitCode !== null || npx.signalCode !== null, 60_000);
    const started = ready();
    if (!started) throw new Error(`npx so-soap simulate did not start:\n${out}\n${err}`);
    return { npx, port: Number(/127\.0\.0\.1:(\d+)/.exec(out)![1]), keyDir: dirname(/SO_PRIVATE_KEY_FILE=(\S+)/.exec(out)![1]) };
  }

  it.each([
    ['SIGTERM', 'the npx process'],
    ['SIGHUP', 'the npx process'],
    ['SIGKILL', 'the npx process'],
    ['SIGTERM', 'the process group'],
    ['SIGHUP', 'the process group'],
  ] as const)('%s to %s stops the simulator: its port closes and its key folder is removed', async (signal, target) => {
    const { npx, port, keyDir } = await start();
    try {
      expect([await listening(port), existsSync(keyDir)]).toEqual([true, true]);
      process.kill(target === 'the process group' ? -npx.pid! : npx.pid!, signal);
      const closed = await eventually(async () => !(await listening(port)));
      if (!closed) throw new Error(`still listening on ${port}:\n${spawnSync('ps', ['-o', 'pid,ppid,pgid,stat,cmd', '-g', String(npx.pid)], { encoding: 'utf8' }).stdout}`);
      expect(await eventually(() => !existsSync(keyDir))).toBe(true);
    } finally {
      try {
        process.kill(-npx.pid!, 'SIGKILL'); // whatever of this group is left (the orphaned simulator, before the fix)
      } catch {
        // the group is gone
      }
    }
  }, 120_000);
});
