/**
 * `so-soap generate` without --wsdl: every service of so-soap.config.json, one progress line each,
 * then so-soap.lock.json (each WSDL's source and sha256). With --check nothing is written: a folder
 * that differs from what its WSDL generates, or a WSDL whose sha256 is not the locked one, is a
 * difference (exit 4); a changed WSDL is explained by the semantic diff against the folder's
 * model.json (the locked model).
 */
import { join } from 'node:path';
import { changeNotes, readGeneratedModel } from '../api-diff/notes.js';
import { compareServices } from '../api-diff/compare.js';
import { renderText } from '../api-diff/render.js';
import type { CliIO } from '../cli.js';
import type { ServiceData } from '../descriptors.js';
import { generateFromDocuments, MODEL_FILE, type GeneratedService } from '../generate.js';
import { loadWsdl } from '../load/loader.js';
import { DEFAULT_LIMITS } from '../load/read.js';
import { errorText, GENERATE_EXIT, outputDifferences, writeOutput } from '../output.js';
import { ConfigError, readConfig, type Config, type ConfiguredService } from './config.js';
import { LOCK_FILE, lockPath, readLock, writeLock, type Lock, type LockEntry } from './lock.js';

export interface ConfigArgs {
  config: string;
  from?: string | undefined;
  check: boolean;
  /** --timeout-ms, which wins over the config's timeoutMs. */
  timeoutMs?: number | undefined;
}

const PREFIX = 'so-soap generate';

export async function runConfig(args: ConfigArgs, io: CliIO): Promise<number> {
  let config: Config;
  let lock: Lock | undefined;
  try {
    config = readConfig(args.config, args.from);
    lock = readLock(config.dir);
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    io.stderr(`${PREFIX}: ${e.message}\n`);
    return GENERATE_EXIT.fatal;
  }
  const timeoutMs = args.timeoutMs ?? config.timeoutMs ?? DEFAULT_LIMITS.timeoutMs;
  const next: Lock = { lockfileVersion: 1, services: {} };
  let failed = 0;
  let differing = 0;
  const total = config.services.length;
  for (const [i, service] of config.services.entries()) {
    const source = lockPath(service.wsdl, config.dir);
    io.stderr(`${PREFIX}: [${i + 1}/${total}] ${service.name} ← ${source}\n`);
    let generated: GeneratedService;
    try {
      const loaded = await loadWsdl(service.wsdl, { timeoutMs });
      const notes = [...loaded.notes];
      generated = generateFromDocuments(loaded, { service: service.wsdlService, binding: service.binding, notes, runtimeModule: config.runtimeModule, codecModule: config.codecModule });
      for (const note of notes) io.stderr(`${PREFIX}: ${service.name}: ${note}\n`);
    } catch (e) {
      io.stderr(`${PREFIX}: ${service.name}: ${errorText(e)}\n`);
      failed++;
      const kept = lock?.services[service.name];
      if (kept) next.services[service.name] = kept;
      continue;
    }
    const entry: LockEntry = { source, sha256: generated.sha256, out: lockPath(service.out, config.dir) };
    if (args.check) {
      if (!checkService(service, generated, entry, lock?.services[service.name], io)) differing++;
      continue;
    }
    const notes = changeNotes(service.out, generated.data);
    try {
      writeOutput(service.out, generated.files);
    } catch (e) {
      io.stderr(`${PREFIX}: ${service.name}: ${(e as Error).message}\n`);
      failed++;
      continue;
    }
    next.services[service.name] = entry;
    const { model } = generated;
    io.stdout(`${PREFIX}: ${model.name} (${model.operations.length} operations, ${Object.keys(model.types).length} types) → ${entry.out}\n`);
    if (notes !== undefined) io.stdout(notes);
  }
  if (!args.check) {
    writeLock(config.dir, next);
    io.stderr(`${PREFIX}: ${LOCK_FILE}: ${total - failed} of ${total} services locked${failed > 0 ? ` (${failed} failed: their entries are kept as they were)` : ''}\n`);
  } else if (failed === 0 && differing === 0) {
    io.stdout(`${PREFIX} --check: ${total} service${total === 1 ? '' : 's'} up to date with their WSDLs and ${LOCK_FILE}\n`);
  }
  return failed > 0 ? GENERATE_EXIT.fatal : differing > 0 ? GENERATE_EXIT.difference : GENERATE_EXIT.ok;
}

/**
 * One service under --check; true when it passes. The generated files are compared only when the
 * WSDL is read from where the lock says (a WSDL fetched from a tenant names another source in the
 * headers than the committed file it was generated from); the hash is compared whenever locked.
 */
function checkService(service: ConfiguredService, generated: GeneratedService, entry: LockEntry, locked: LockEntry | undefined, io: CliIO): boolean {
  const say = (line: string) => io.stderr(`${PREFIX} --check: ${service.name}: ${line}\n`);
  if (!locked) {
    say(`not in ${LOCK_FILE} (run so-soap generate to write it)`);
    return false;
  }
  const sameSource = locked.source === entry.source;
  if (locked.sha256 === entry.sha256) {
    if (!sameSource) {
      io.stdout(`${PREFIX} --check: ${service.name}: ${entry.source} is the locked WSDL (sha256 ${short(entry.sha256)}, locked from ${locked.source})\n`);
      return true;
    }
    const diffs = outputDifferences(service.out, generated.files);
    if (diffs.length > 0) {
      say(`${entry.out} differs from what ${entry.source} generates:\n${diffs.join('\n')}`);
      return false;
    }
    io.stdout(`${PREFIX} --check: ${service.name}: ${entry.out} is up to date (${generated.model.operations.length} operations)\n`);
    return true;
  }
  say(`the WSDL at ${entry.source} changed since the lock (sha256 ${short(locked.sha256)} → ${short(entry.sha256)}, locked from ${locked.source})`);
  let before: ServiceData | undefined;
  try {
    before = readGeneratedModel(service.out);
  } catch (e) {
    say(`${(e as Error).message}; nothing to compare it with`);
    return false;
  }
  if (!before) {
    say(`no ${join(entry.out, MODEL_FILE)} to compare it with`);
    return false;
  }
  const changes = compareServices(before, generated.data);
  io.stderr(renderText(changes, `${service.name}: API changes since the lock`));
  if (sameSource) {
    say(`run so-soap generate to regenerate ${entry.out} and update ${LOCK_FILE}`);
    return false;
  }
  // Another source with the same API (addresses, formatting, another tenant): nothing to act on.
  return changes.length === 0;
}

const short = (sha: string) => sha.slice(0, 12);

