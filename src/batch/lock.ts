/**
 * An exclusive lock on a file of a batch job (its journal, its `--out`), held for the run: a lock
 * file `<path>.lock` created with O_EXCL holding the holder's pid, host, command and start time.
 * Two runs on one journal (an overlapping cron, a retry wrapper) would otherwise apply every
 * mutation twice and interleave their output.
 *
 * - held by a live process (this host) or by any process on another host → refused, naming it;
 * - held by a dead pid on this host (a crash, kill -9) → stale: taken over, with a note;
 * - `force` (`--force-unlock`) → taken over whatever holds it (the user says the holder is gone).
 *
 * The lock is released on `release()` and, should the process exit first (a second Ctrl-C), by an
 * exit hook; either way only while the file still holds this run's token.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync, unlinkSync } from 'node:fs';
import { open, readFile, unlink } from 'node:fs/promises';
import { hostname } from 'node:os';

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
    if (typeof v.pid === 'number' && typeof v.host === 'string') return { pid: v.pid, host: v.host, command: String(v.command ?? '?'), at: String(v.at ?? '?'), token: String(v.token ?? '') };
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

export function describeHolder(h: LockHolder): string {
  return `pid ${h.pid} on host ${h.host} ("chat ${h.command}", since ${h.at})`;
}

/**
 * Take the lock of `target` (the file `<target>.lock`) for `command`; throws `LockError` naming the
 * holder when another run holds it. `what` names the target in messages ("the journal", "the output").
 */
export async function acquireLock(target: string, command: string, what: string, force = false): Promise<HeldLock> {
  const path = `${target}.lock`;
  const me: LockHolder = { pid: process.pid, host: hostname(), command, at: new Date().toISOString(), token: randomBytes(12).toString('hex') };
  let tookOver: LockHolder | undefined;
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      const fh = await open(path, 'wx');
      try {
        await fh.writeFile(`${JSON.stringify(me)}\n`);
        await fh.sync();
      } finally {
        await fh.close();
      }
      held.set(path, me.token);
      if (!hooked) {
        hooked = true;
        process.once('exit', releaseAllSync);
      }
      return { path, tookOver, release: () => release(path, me.token) };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') {
        throw new LockError(`cannot create the lock ${path} for ${what} ${target}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
      }
    }
    const text = await readFile(path, 'utf8').catch(() => undefined);
    if (text === undefined) continue; // released meanwhile: try again
    const holder = parse(text);
    if (holder === undefined) {
      // Being written by another run right now (or not a lock of ours): never taken silently.
      if (!force) throw new LockError(`${what} ${target} is locked (${path} exists but names no holder); if no other run uses it, re-run with --force-unlock`);
    } else if (!force) {
      if (holder.host !== hostname()) {
        throw new LockError(`${what} ${target} is in use by ${describeHolder(holder)}; another host cannot tell whether that run is still going: if it is not, re-run with --force-unlock`);
      }
      if (alive(holder.pid)) throw new LockError(`${what} ${target} is in use by ${describeHolder(holder)}; wait for it to finish (or stop it) and run again`);
    }
    // Stale (dead pid on this host) or forced: take it over, unless someone else did meanwhile.
    const again = await readFile(path, 'utf8').catch(() => undefined);
    if (again !== text) continue;
    await unlink(path).catch(() => undefined);
    tookOver = holder ?? { pid: 0, host: '?', command: '?', at: '?', token: '' };
  }
  throw new LockError(`cannot take the lock ${path} for ${what} ${target}: other runs keep taking it`);
}

async function release(path: string, token: string): Promise<void> {
  if (held.get(path) !== token) return;
  held.delete(path);
  const text = await readFile(path, 'utf8').catch(() => undefined);
  if (text !== undefined && parse(text)?.token === token) await unlink(path).catch(() => undefined);
}
