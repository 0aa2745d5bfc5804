/**
 * `so-soap.lock.json`, beside the config: for each configured service, where its WSDL was read from
 * and the sha256 of what was read (the WSDL and every document it imports, as in the generated
 * headers). The models themselves are the generated `model.json` files, so a regeneration from a
 * WSDL with the locked hash is reproducible, and a WSDL that changed since is caught by its hash and
 * explained by the semantic diff against that model.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { isAbsolute, join, relative, sep } from 'node:path';
import { safeUrl } from '../load/fetch.js';
import { ConfigError } from './config.js';

export const LOCK_FILE = 'so-soap.lock.json';

export interface LockEntry {
  /** Where the WSDL was read from: a path relative to the lock's folder, or a URL (safeUrl). */
  source: string;
  sha256: string;
  /** The generated folder (relative to the lock's folder), whose model.json is the locked model. */
  out: string;
}

export interface Lock {
  lockfileVersion: 1;
  services: Record<string, LockEntry>;
}

/** The lock in `dir`, or undefined when there is none. */
export function readLock(dir: string): Lock | undefined {
  const file = join(dir, LOCK_FILE);
  if (!existsSync(file)) return undefined;
  let lock: Lock;
  try {
    lock = JSON.parse(readFileSync(file, 'utf8')) as Lock;
  } catch (e) {
    throw new ConfigError(`${file}: not valid JSON: ${(e as Error).message}`);
  }
  if (lock?.lockfileVersion !== 1 || typeof lock.services !== 'object' || lock.services === null) {
    throw new ConfigError(`${file}: not a so-soap lock (lockfileVersion 1); regenerate it with so-soap generate`);
  }
  return lock;
}

export function writeLock(dir: string, lock: Lock): void {
  writeFileSync(join(dir, LOCK_FILE), `${JSON.stringify(lock, null, 2)}\n`);
}

/** A location as the lock records it: portable (relative, `/`-separated) and without secrets. */
export function lockPath(location: string, dir: string): string {
  if (/^https?:\/\//i.test(location)) return safeUrl(location);
  const rel = isAbsolute(location) ? relative(dir, location) : location;
  return rel.split(sep).join('/');
}
