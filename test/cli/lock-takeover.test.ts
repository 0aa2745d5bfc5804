/**
 * Taking over a stale journal lock (src/batch/lock.ts) when several runs find it at once, as
 * overlapping cron runs do after a crash: exactly one run gets the lock, the others are refused
 * naming it; never two holders (every mutation would be sent twice). The file system calls of the
 * lock module are delayed at random here, so that the runs' steps interleave in many orders (in one
 * process: the runs are concurrent calls, and "the holder is alive" is this process).
 * Also: a lock file that could not be written (a full disk) is not left behind.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

let delays = false;
/** Each call of the lock module into node:fs/promises waits 0–3 ms first (when `delays`). */
jest.mock('node:fs/promises', () => {
  const real = jest.requireActual<typeof import('node:fs/promises')>('node:fs/promises');
  const later = <A extends unknown[], R>(f: (...a: A) => Promise<R>) => async (...a: A): Promise<R> => {
    if (delays) await new Promise((resolve) => setTimeout(resolve, Math.random() * 3));
    return f(...a);
  };
  return { ...real, open: later(real.open), readFile: later(real.readFile), unlink: later(real.unlink) };
});

// (imported after the mock)
import { acquireLock, LockError } from '../../src/batch/lock';

const deadPid = Number(spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout);
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'so-soap-lock-race-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(() => {
  delays = false;
});

test('runs that find one stale lock at once: exactly one takes it over, the others are refused naming it', async () => {
  delays = true;
  const RUNS = 6;
  for (let trial = 0; trial < 40; trial++) {
    const target = join(dir, `journal-${trial}`);
    writeFileSync(`${target}.lock`, JSON.stringify({ pid: deadPid, host: hostname(), command: 'reset', at: '2026-01-01T00:00:00.000Z', token: 'old' }));
    const results = await Promise.allSettled(Array.from({ length: RUNS }, () => acquireLock(target, 'reset', 'the journal')));
    const won = results.filter((r) => r.status === 'fulfilled');
    expect({ trial, holders: won.length }).toEqual({ trial, holders: 1 });
    const winner = (won[0] as PromiseFulfilledResult<Awaited<ReturnType<typeof acquireLock>>>).value;
    for (const r of results) {
      if (r.status === 'rejected') {
        expect(r.reason).toBeInstanceOf(LockError);
        expect(String(r.reason.message)).toMatch(/is in use by pid \d+|other runs keep taking it/);
      }
    }
    // the lock file is the winner's, and no guard is left
    expect(JSON.parse(readFileSync(winner.path, 'utf8')).pid).toBe(process.pid);
    expect(existsSync(`${winner.path}.takeover`)).toBe(false);
    await winner.release();
    expect(existsSync(winner.path)).toBe(false);
  }
});

test('a takeover guard left by a dead run is refused with a way out; --force-unlock clears it', async () => {
  const target = join(dir, 'guarded');
  writeFileSync(`${target}.lock`, JSON.stringify({ pid: deadPid, host: hostname(), command: 'reset', at: '2026-01-01T00:00:00.000Z', token: 'old' }));
  writeFileSync(`${target}.lock.takeover`, JSON.stringify({ pid: deadPid, host: hostname(), command: 'delete', at: '2026-01-01T00:00:01.000Z', token: 'mid' }));
  await expect(acquireLock(target, 'reset', 'the journal')).rejects.toThrow(/a takeover of its stale lock by pid \d+ .* did not finish \(.*guarded\.lock\.takeover is left\); if no other run uses it, re-run with --force-unlock/);
  const forced = await acquireLock(target, 'reset', 'the journal', true);
  expect(existsSync(`${target}.lock.takeover`)).toBe(false);
  await forced.release();
});

test('a lock file that cannot be written (a full disk) is removed again, so the next run is not stopped by it', async () => {
  // (O_EXCL cannot open /dev/full: the lock file's handle fails its writes as a full disk does)
  const target = join(dir, 'full');
  const realOpen = jest.requireActual<typeof import('node:fs/promises')>('node:fs/promises').open;
  const mocked = jest.requireMock<typeof import('node:fs/promises')>('node:fs/promises');
  const spy = jest.spyOn(mocked, 'open').mockImplementation(async (path, flags) => {
    const fh = await realOpen(path, flags);
    // writes to this handle fail as on a full disk
    return Object.assign(Object.create(fh), { writeFile: () => Promise.reject(Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' })), close: () => fh.close() });
  });
  try {
    await expect(acquireLock(target, 'delete', 'the journal')).rejects.toThrow(`cannot write the lock ${target}.lock for the journal ${target}: ENOSPC`);
  } finally {
    spy.mockRestore();
  }
  expect(existsSync(`${target}.lock`)).toBe(false);
  const next = await acquireLock(target, 'delete', 'the journal');
  await next.release();
});
