/**
 * An exclusive lock on a file of a batch job (its journal, its `--out`), held for the run: a lock
 * file `<path>.lock` created with O_EXCL holding the holder's pid, host, command and start time.
 * Two runs on one journal (an overlapping cron, a retry wrapper) would otherwise apply every
 * mutation twice and interleave their output.
 *
 * - held by a live process of this machine → refused, naming it, also with `force`;
 * - held by a process this run cannot see (another host, or another PID namespace of this host: a
 *   container sharing the host's name and a volume) → refused, unless `force` (`--force-unlock`:
 *   the user says the holder is gone); an unreadable lock file likewise;
 * - held by a process of this machine that is gone (a crash, kill -9; a pid since reused by another
 *   process, told by its start time; a reboot since, told by the boot id) → stale: taken over, with
 *   a note; runs that find it at once take turns through a guard file (`removeUnderGuard`), so one
 *   of them gets it.
 *
 * The lock is released on `release()` and, should the process exit first (a second Ctrl-C), by an
 * exit hook; either way only while the file still holds this run's token.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, readlinkSync, unlinkSync } from 'node:fs';
import { open, readFile, unlink, type FileHandle } from 'node:fs/promises';
import { hostname } from 'node:os';
import { syncDirectoryOf } from './journal.js';

export class LockError extends Error {
  override readonly name = 'LockError';
}

/** What a lock file says about its holder. */
export interface LockHolder {
  pid: number;
  host: string;
  command: string;
  at: string;
  token: string;
  /** Linux: the boot id, the PID namespace and the process's start time (clock ticks after boot), which tell a pid apart across reboots, containers and reuse. */
  boot?: string;
  pidns?: string;
  start?: string;
}

export interface HeldLock {
  /** The lock file. */
  path: string;
  /** The holder that was taken over (stale or forced), if any. */
  tookOver: LockHolder | undefined;
  release(): Promise<void>;
}

const held = new Map<string, string>(); // lock path → token, for the exit hook
let hooked = false;

function releaseAllSync(): void {
  for (const [path, token] of held) {
    try {
      if (parse(readFileSync(path, 'utf8'))?.token === token) unlinkSync(path);
    } catch {
      // already gone, or not readable: nothing to release
    }
  }
  held.clear();
}

function parse(text: string): LockHolder | undefined {
  try {
    const v = JSON.parse(text) as Partial<LockHolder>;
    if (typeof v.pid === 'number' && typeof v.host === 'string') {
      const optional = (x: unknown) => (typeof x === 'string' ? x : undefined);
      return { pid: v.pid, host: v.host, command: String(v.command ?? '?'), at: String(v.at ?? '?'), token: String(v.token ?? ''), boot: optional(v.boot), pidns: optional(v.pidns), start: optional(v.start) };
    }
  } catch {
    // a lock file being written, or not ours
  }
  return undefined;
}

/** Whether `pid` is a live process on this host (EPERM: alive, owned by someone else). */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

const readOr = (read: () => string): string | undefined => {
  try {
    return read();
  } catch {
    return undefined; // (not Linux, or /proc not mounted)
  }
};

/** The start time of `pid` (field 22 of /proc/<pid>/stat: clock ticks after boot), if readable. */
export function startTimeOf(pid: number | 'self'): string | undefined {
  const stat = readOr(() => readFileSync(`/proc/${pid}/stat`, 'utf8'));
  // (the command name, field 2, is in parentheses and may hold spaces: count from its end)
  return stat?.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
}

/** Where this process runs, as a lock records it. */
function machine(): Pick<LockHolder, 'host' | 'boot' | 'pidns' | 'start'> {
  return {
    host: hostname(),
    boot: readOr(() => readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim()),
    pidns: readOr(() => readlinkSync('/proc/self/ns/pid')),
    start: startTimeOf('self'),
  };
}

/**
 * What this run can tell of a lock's holder: `alive` (a process of this machine, still running),
 * `gone` (a process of this machine that ended, or whose pid another process has since taken, or
 * from before a reboot) or `unknown` (another host, or another PID namespace: nothing here can
 * see it). A field a lock does not record (an older one, not Linux) is not compared.
 */
export function holderState(holder: LockHolder, here = machine()): 'alive' | 'gone' | 'unknown' | 'unverified' {
  if (holder.host !== here.host) return 'unknown';
  if (holder.pidns !== undefined && holder.pidns !== here.pidns) return 'unknown';
  if (holder.boot !== undefined && here.boot !== undefined && holder.boot !== here.boot) return 'gone';
  if (!alive(holder.pid)) return 'gone';
  if (holder.start !== undefined) {
    const start = startTimeOf(holder.pid);
    if (start !== undefined && start !== holder.start) return 'gone';
  } else if (here.start !== undefined) {
    // A lock that records no start time (an earlier version's) on a machine that has them: its
    // pid is running, but perhaps as another process (after a reboot): only the user can tell.
    return 'unverified';
  }
  return 'alive';
}

export function describeHolder(h: LockHolder): string {
  return `pid ${h.pid} on host ${h.host} ("chat ${h.command}", since ${h.at})`;
}

/** Attempts at the lock file before giving up (each after another run's takeover or release). */
const ATTEMPTS = 10;

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const codeOf = (e: unknown): string => (e as NodeJS.ErrnoException).code ?? (e as Error).message;

/**
 * Take the lock of `target` (the file `<target>.lock`) for `command`; throws `LockError` naming the
 * holder when another run holds it. `what` names the target in messages ("the journal", "the output").
 */
export async function acquireLock(target: string, command: string, what: string, force = false): Promise<HeldLock> {
  const path = `${target}.lock`;
  const here = machine();
  const me: LockHolder = { pid: process.pid, command, at: new Date().toISOString(), token: randomBytes(12).toString('hex'), ...here };
  let tookOver: LockHolder | undefined;
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    if (await create(path, me, what, target)) {
      held.set(path, me.token);
      if (!hooked) {
        hooked = true;
        process.once('exit', releaseAllSync);
      }
      return { path, tookOver, release: () => release(path, me.token) };
    }
    const text = await readFile(path, 'utf8').catch(() => undefined);
    if (text === undefined) continue; // released meanwhile: try again
    const holder = parse(text);
    if (holder === undefined) {
      // Being written by another run right now (or not a lock of ours): never taken silently.
      if (!force) throw new LockError(`${what} ${target} is locked (${path} exists but names no holder); if no other run uses it, re-run with --force-unlock`);
    } else {
      const state = holderState(holder, here);
      // (a live run of this machine is never taken over: --force-unlock is for a holder nothing here can see)
      if (state === 'alive') throw new LockError(`${what} ${target} is in use by ${describeHolder(holder)}; wait for it to finish (or stop it) and run again`);
      if (state === 'unverified' && !force) {
        throw new LockError(`${what} ${target} is in use by ${describeHolder(holder)}, a lock written by an earlier so-soap that records no start time: pid ${holder.pid} is running, perhaps another process since; if that run is no longer going, re-run with --force-unlock`);
      }
      if (state === 'unknown' && !force) {
        const where = holder.host === here.host ? 'another PID namespace of this host (a container?)' : 'another host';
        throw new LockError(`${what} ${target} is in use by ${describeHolder(holder)}; a run in ${where} cannot be seen from here: if it is no longer going, re-run with --force-unlock`);
      }
    }
    // Stale (dead pid on this host) or forced: take it over, unless another run does.
    const taken = await removeUnderGuard(path, text, me, force, what, target);
    if (taken) tookOver = holder ?? { pid: 0, host: '?', command: '?', at: '?', token: '' };
    else await pause(10 + Math.random() * 40);
  }
  if (existsSync(`${path}.takeover`)) {
    throw new LockError(`cannot take the lock ${path} for ${what} ${target}: ${path}.takeover is left by a takeover that did not finish; if no other run uses it, re-run with --force-unlock`);
  }
  throw new LockError(`cannot take the lock ${path} for ${what} ${target}: other runs keep taking it`);
}

/**
 * Create the lock file with O_EXCL holding `me`; false when it exists. A lock file this run made but
 * could not write (a full disk) is removed again: an empty lock would stop every later run.
 */
async function create(path: string, me: LockHolder, what: string, target: string): Promise<boolean> {
  let fh: FileHandle;
  try {
    fh = await open(path, 'wx');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw new LockError(`cannot create the lock ${path} for ${what} ${target}: ${codeOf(e)}`);
  }
  try {
    await fh.writeFile(`${JSON.stringify(me)}\n`);
    await fh.sync();
    await syncDirectoryOf(path);
  } catch (e) {
    await fh.close().catch(() => undefined);
    await unlink(path).catch(() => undefined);
    throw new LockError(`cannot write the lock ${path} for ${what} ${target}: ${codeOf(e)}`);
  }
  await fh.close();
  return true;
}

/**
 * Remove the lock file if it still reads `text` (a stale or forced lock), holding the guard file
 * `<path>.takeover` (made with O_EXCL) meanwhile: runs that find the same stale lock at once take
 * turns, so that none removes the lock another has just made in its place (two holders, every
 * mutation sent twice). True when this run removed it; false when the lock changed or another run
 * is taking it over (try again). A guard left by a run that died in those few milliseconds is an
 * error to resolve by hand (or `--force-unlock`), not guessed at.
 */
async function removeUnderGuard(path: string, text: string, me: LockHolder, force: boolean, what: string, target: string): Promise<boolean> {
  const guard = `${path}.takeover`;
  let fh: FileHandle;
  try {
    fh = await open(guard, 'wx');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw new LockError(`cannot create ${guard} to take over the lock of ${what} ${target}: ${codeOf(e)}`);
    const holder = parse((await readFile(guard, 'utf8').catch(() => undefined)) ?? '');
    if (force) await unlink(guard).catch(() => undefined);
    else if (holder !== undefined && holderState(holder) !== 'alive') {
      throw new LockError(`${what} ${target}: a takeover of its stale lock by ${describeHolder(holder)} did not finish (${guard} is left); if no other run uses it, re-run with --force-unlock`);
    }
    // (else another run is at it, or has just made the guard: try again)
    return false;
  }
  try {
    await fh.writeFile(`${JSON.stringify(me)}\n`).catch(() => undefined);
    const again = await readFile(path, 'utf8').catch(() => undefined);
    if (again !== text) return false;
    await unlink(path).catch(() => undefined);
    return true;
  } finally {
    await fh.close().catch(() => undefined);
    await unlink(guard).catch(() => undefined);
  }
}

async function release(path: string, token: string): Promise<void> {
  if (held.get(path) !== token) return;
  held.delete(path);
  const text = await readFile(path, 'utf8').catch(() => undefined);
  if (text !== undefined && parse(text)?.token === token) await unlink(path).catch(() => undefined);
}
