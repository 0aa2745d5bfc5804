/**
 * `so-soap generate --wsdl <file|url> --out <dir> [--service <name>] [--binding <name>] [--check] [--dump-ir]`
 * Reads a WSDL and the documents it imports from files or http(s) URLs (codegen/load), writes the generated files, or with
 * `--check` regenerates in memory and exits 4 with a diff when the files on disk differ.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { lineDiff } from './diff.js';
import { CodegenError } from './errors.js';
import { changeNotes } from './api-diff/notes.js';
import { generateFromDocuments } from './generate.js';
import { loadWsdl } from './load/loader.js';

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
}

/**
 * The CLI's exit-code table (src/cli/exit-codes.ts; codegen/ cannot import src/, so the two numbers
 * generate uses are restated here and held equal by test/cli/conventions.test.ts).
 */
const EXIT_FATAL = 1;
const EXIT_DIFFERENCE = 4;

export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export const GENERATE_USAGE = `Usage: so-soap generate --wsdl <file|url> --out <dir> [--service <name>] [--binding <name>] [--check] [--dump-ir]
                        [--timeout-ms <ms>] [--runtime-module <m>] [--codec-module <m>]

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

Exit codes: 0 done (or up to date); 1 usage or input error, or <dir> cannot be written; 4 --check found drift.`;

export function parseGenerateArgs(argv: string[]): GenerateArgs {
  const args: GenerateArgs = { wsdl: '', check: false, dumpIr: false, timeoutMs: 30_000 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined || v.startsWith('--')) throw new UsageError(`${a} needs a value`);
      return v;
    };
    switch (a) {
      case '--wsdl': args.wsdl = value(); break;
      case '--out': args.out = value(); break;
      case '--service': args.service = value(); break;
      case '--binding': args.binding = value(); break;
      case '--check': args.check = true; break;
      case '--dump-ir': args.dumpIr = true; break;
      case '--timeout-ms': args.timeoutMs = Number(value()); break;
      case '--runtime-module': args.runtimeModule = value(); break;
      case '--codec-module': args.codecModule = value(); break;
      default: throw new UsageError(`unknown option ${a}`);
    }
  }
  if (!args.wsdl) throw new UsageError('--wsdl is required');
  if (!args.out && !args.dumpIr) throw new UsageError('--out is required (or --dump-ir alone)');
  if (!Number.isFinite(args.timeoutMs) || args.timeoutMs <= 0) throw new UsageError('--timeout-ms must be a positive number');
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
    return EXIT_FATAL;
  }
  let generated;
  try {
    const loaded = await loadWsdl(args.wsdl, { timeoutMs: args.timeoutMs });
    const notes = [...loaded.notes];
    generated = generateFromDocuments(loaded, { service: args.service, binding: args.binding, notes, runtimeModule: args.runtimeModule, codecModule: args.codecModule });
    for (const note of notes) io.stderr(`so-soap generate: ${note}\n`);
  } catch (e) {
    io.stderr(`so-soap generate: ${e instanceof CodegenError ? 'error: ' : ''}${(e as Error).message}\n`);
    return EXIT_FATAL;
  }
  if (args.dumpIr) io.stdout(`${JSON.stringify(generated.model, null, 2)}\n`);
  if (!args.out) return 0;
  const out = args.out;
  if (args.check) {
    const diffs: string[] = [];
    for (const [name, content] of Object.entries(generated.files)) {
      const path = join(out, name);
      const current = existsSync(path) ? readFileSync(path, 'utf8') : undefined;
      if (current === undefined) diffs.push(`missing: ${path}`);
      else if (current !== content) diffs.push(lineDiff(current, content, path));
    }
    if (existsSync(out)) {
      for (const f of readdirSync(out)) if (f.endsWith('.ts') && !(f in generated.files)) diffs.push(`not generated (stale?): ${join(out, f)}`);
    }
    if (diffs.length > 0) {
      io.stderr(`so-soap generate --check: ${out} differs from what ${args.wsdl} generates:\n${diffs.join('\n')}\n`);
      return EXIT_DIFFERENCE;
    }
    io.stdout(`so-soap generate --check: ${out} is up to date (${generated.model.name}, ${generated.model.operations.length} operations)\n`);
    return 0;
  }
  const notes = changeNotes(out, generated.data);
  try {
    mkdirSync(out, { recursive: true });
    for (const [name, content] of Object.entries(generated.files)) writeFileSync(join(out, name), content);
  } catch (e) {
    io.stderr(`so-soap generate: cannot write ${out}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}\n`);
    return EXIT_FATAL;
  }
  io.stdout(`so-soap generate: ${generated.model.name} (${generated.model.operations.length} operations, ${Object.keys(generated.model.types).length} types) → ${out}\n`);
  if (notes !== undefined) io.stdout(notes);
  return 0;
}
