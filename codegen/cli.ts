/**
 * `so-soap generate --wsdl <file|url> --out <dir> [--service <name>] [--binding <name>] [--check] [--dump-ir]`
 * Reads a WSDL and the documents it imports from files or http(s) URLs (codegen/load), writes the generated files, or with
 * `--check` regenerates in memory and exits 4 with a diff when the files on disk differ.
 * `so-soap generate [--config <file>] [--from <tenant url>] [--check]` does the same for every service of
 * a so-soap.config.json (codegen/config).
 */
import { changeNotes } from './api-diff/notes.js';
import { existsSync } from 'node:fs';
import { CONFIG_FILE } from './config/config.js';
import { runConfig } from './config/run.js';
import { generateFromDocuments } from './generate.js';
import { safeUrls } from './load/fetch.js';
import { loadWsdl } from './load/loader.js';
import { errorText, GENERATE_EXIT, outputDifferences, writeOutput } from './output.js';

export interface GenerateArgs {
  wsdl: string;
  out?: string;
  service?: string;
  binding?: string;
  check: boolean;
  dumpIr: boolean;
  timeoutMs: number;
  runtimeModule?: string;
  codecModule?: string;
  /** Without --wsdl: the config file (default ./so-soap.config.json). */
  config?: string;
  /** Without --wsdl: the tenant URL every configured service is fetched from. */
  from?: string;
  /** --timeout-ms was given (it overrides the config's). */
  timeoutGiven?: boolean;
}

export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export const GENERATE_USAGE = `Usage: so-soap generate --wsdl <file|url> --out <dir> [--service <name>] [--binding <name>] [--check] [--dump-ir]
                        [--timeout-ms <ms>] [--runtime-module <m>] [--codec-module <m>]
       so-soap generate [--config <file>] [--from <tenant url>] [--check] [--timeout-ms <ms>]

  --wsdl <file|url>       the WSDL (a file, or a URL such as https://<host>/<tenant>/Remote/Services88/Chat.svc?wsdl);
                          the documents it imports are read too (relative to it, each with the time and size limits)
  --out <dir>             where to write types.ts, descriptor.ts, client.ts, index.ts and model.json (what so-soap diff reads)
  --service <name>        which service (portType or wsdl:service) to generate when the WSDL has several
  --binding <name>        which of its bindings (default: the first SOAP 1.1 one, else the first SOAP 1.2 one)
  --check                 regenerate in memory; exit 4 with a diff if <dir> differs (CI)
  --dump-ir               print the intermediate representation as JSON on stdout
  --timeout-ms <ms>       time limit for fetching each document of a WSDL URL (default 30000)
  --runtime-module <m>    module generated code imports runtime types from (default so-soap/runtime)
  --codec-module <m>      module the envelope builders import encodeRequest from (default so-soap/codec)

Without --wsdl, every service of ${CONFIG_FILE} (docs/guide/wsdl-updates.md) is generated, and
so-soap.lock.json beside it records each WSDL's sha256:
  --config <file>         the config (default ./${CONFIG_FILE})
  --from <tenant url>     fetch each service from <tenant url>/Remote/Services88/<Service>.svc?wsdl (the config's
                          servicePath), whatever the config's tenant or wsdlDir
  --check                 exit 4 when a folder differs from what its WSDL generates, or when a WSDL changed
                          since the lock (with the semantic diff against the locked model.json)

Exit codes: 0 done (or up to date); 1 usage or input error, or <dir> cannot be written; 4 --check found drift
or a WSDL changed since the lock.`;

/** Options of one mode that the other does not take. */
const SINGLE_ONLY = ['--out', '--service', '--binding', '--dump-ir', '--runtime-module', '--codec-module'];
const CONFIG_ONLY = ['--config', '--from'];

export function parseGenerateArgs(argv: string[]): GenerateArgs {
  const args: GenerateArgs = { wsdl: '', check: false, dumpIr: false, timeoutMs: 30_000 };
  const given: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined || v.startsWith('--')) throw new UsageError(`${a} needs a value`);
      return v;
    };
    given.push(a);
    switch (a) {
      case '--wsdl': args.wsdl = value(); break;
      case '--out': args.out = value(); break;
      case '--service': args.service = value(); break;
      case '--binding': args.binding = value(); break;
      case '--check': args.check = true; break;
      case '--dump-ir': args.dumpIr = true; break;
      case '--timeout-ms': args.timeoutMs = Number(value()); args.timeoutGiven = true; break;
      case '--config': args.config = value(); break;
      case '--from': args.from = value(); break;
      case '--runtime-module': args.runtimeModule = value(); break;
      case '--codec-module': args.codecModule = value(); break;
      default: throw new UsageError(`unknown option ${a}`);
    }
  }
  // (at most what a timer can hold: a larger delay fires at once)
  if (!Number.isInteger(args.timeoutMs) || args.timeoutMs <= 0 || args.timeoutMs > 2_147_483_647) throw new UsageError('--timeout-ms must be a whole number of milliseconds from 1 to 2147483647');
  if (args.wsdl) {
    const wrong = given.find((a) => CONFIG_ONLY.includes(a));
    if (wrong) throw new UsageError(`${wrong} is for generating from ${CONFIG_FILE}, not with --wsdl`);
    if (!args.out && !args.dumpIr) throw new UsageError('--out is required (or --dump-ir alone)');
  } else {
    const wrong = given.find((a) => SINGLE_ONLY.includes(a));
    if (wrong) throw new UsageError(`${wrong} needs --wsdl (with ${CONFIG_FILE}, set it in the config)`);
    if (args.from !== undefined && !/^https?:\/\/[^/]/i.test(args.from)) throw new UsageError(`--from is the tenant's http(s) URL, not "${args.from}"`);
    if (args.config === undefined && !existsSync(CONFIG_FILE)) throw new UsageError(`--wsdl is required (or a ${CONFIG_FILE} in the current folder)`);
  }
  return args;
}

export interface CliIO {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
}

/** Run `generate`; returns the exit code (0 ok, 1 usage or input error, 4 drift). */
export async function runGenerate(argv: string[], io: CliIO): Promise<number> {
  let args: GenerateArgs;
  try {
    args = parseGenerateArgs(argv);
  } catch (e) {
    io.stderr(`so-soap generate: ${(e as Error).message}\n\n${GENERATE_USAGE}\n`);
    return GENERATE_EXIT.fatal;
  }
  if (!args.wsdl) {
    return runConfig({ config: args.config ?? CONFIG_FILE, from: args.from, check: args.check, timeoutMs: args.timeoutGiven ? args.timeoutMs : undefined }, io);
  }
  let generated;
  try {
    const loaded = await loadWsdl(args.wsdl, { timeoutMs: args.timeoutMs });
    const notes = [...loaded.notes];
    generated = generateFromDocuments(loaded, { service: args.service, binding: args.binding, notes, runtimeModule: args.runtimeModule, codecModule: args.codecModule });
    for (const note of notes) io.stderr(`so-soap generate: ${note}\n`);
  } catch (e) {
    io.stderr(`so-soap generate: ${errorText(e)}\n`);
    return GENERATE_EXIT.fatal;
  }
  if (args.dumpIr) io.stdout(`${JSON.stringify(generated.model, null, 2)}\n`);
  if (!args.out) return GENERATE_EXIT.ok;
  const out = args.out;
  if (args.check) {
    const diffs = outputDifferences(out, generated.files);
    if (diffs.length > 0) {
      io.stderr(`so-soap generate --check: ${out} differs from what ${safeUrls(args.wsdl)} generates:\n${diffs.join('\n')}\n`);
      return GENERATE_EXIT.difference;
    }
    io.stdout(`so-soap generate --check: ${out} is up to date (${generated.model.name}, ${generated.model.operations.length} operations)\n`);
    return GENERATE_EXIT.ok;
  }
  const notes = changeNotes(out, generated.data);
  try {
    writeOutput(out, generated.files);
  } catch (e) {
    io.stderr(`so-soap generate: ${(e as Error).message}\n`);
    return GENERATE_EXIT.fatal;
  }
  io.stdout(`so-soap generate: ${generated.model.name} (${generated.model.operations.length} operations, ${Object.keys(generated.model.types).length} types) → ${out}\n`);
  if (notes !== undefined) io.stdout(notes);
  return GENERATE_EXIT.ok;
}
