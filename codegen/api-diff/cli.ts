/**
 * `so-soap diff <old> <new> [--format text|markdown|json] [--service <name>]`: the semantic API
 * difference of two versions of a service. Each side is a WSDL (file or URL) or a folder written by
 * `so-soap generate` (its `model.json`). Exit codes (the CLI's table): 0 no breaking change,
 * 4 a breaking change, 1 usage or input error.
 */
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { CliIO } from '../cli.js';
import type { ServiceData } from '../descriptors.js';
import { CodegenError } from '../errors.js';
import { generateFromDocuments, MODEL_FILE } from '../generate.js';
import { safeUrls } from '../load/fetch.js';
import { readModelFile } from './notes.js';
import { loadWsdl } from '../load/loader.js';
import { compareServices, hasBreaking } from './compare.js';
import { renderJson, renderMarkdown, renderText } from './render.js';

const EXIT_OK = 0;
const EXIT_FATAL = 1;
const EXIT_DIFFERENCE = 4;

export const DIFF_USAGE = `Usage: so-soap diff <old> <new> [--format text|markdown|json] [--service <name>] [--timeout-ms <ms>]

  <old>, <new>            a WSDL (file or http(s) URL), or a folder written by so-soap generate (its ${MODEL_FILE})
  --format <f>            text (default), markdown (for a pull request) or json
  --service <name>        which service, when a WSDL has several
  --timeout-ms <ms>       time limit for fetching a WSDL URL (default 30000)

Every change is classified: breaking for callers (code that builds requests), breaking for readers
(code that reads responses), breaking for both, or compatible.
Exit codes: 0 no breaking change; 4 a breaking change found; 1 usage or input error.`;

class DiffUsageError extends Error {}

interface DiffArgs {
  sides: string[];
  format: 'text' | 'markdown' | 'json';
  service?: string;
  timeoutMs: number;
}

function parse(argv: string[]): DiffArgs {
  const args: DiffArgs = { sides: [], format: 'text', timeoutMs: 30_000 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined || v.startsWith('--')) throw new DiffUsageError(`${a} needs a value`);
      return v;
    };
    if (a === '--format') {
      const f = value();
      if (f !== 'text' && f !== 'markdown' && f !== 'json') throw new DiffUsageError(`--format must be text, markdown or json, not "${f}"`);
      args.format = f;
    } else if (a === '--service') args.service = value();
    else if (a === '--timeout-ms') args.timeoutMs = Number(value());
    else if (a.startsWith('--')) throw new DiffUsageError(`unknown option ${a}`);
    else args.sides.push(a);
  }
  if (args.sides.length !== 2) throw new DiffUsageError(`expected two sides (<old> <new>), got ${args.sides.length}`);
  // (at most what a timer can hold: a larger delay fires at once)
  if (!Number.isInteger(args.timeoutMs) || args.timeoutMs <= 0 || args.timeoutMs > 2_147_483_647) throw new DiffUsageError('--timeout-ms must be a whole number of milliseconds from 1 to 2147483647');
  return args;
}

/** The service data of one side: a generated folder's model.json, or a WSDL generated in memory. */
export async function readSide(side: string, options: { service?: string; timeoutMs: number }): Promise<ServiceData> {
  const isUrl = /^https?:\/\//i.test(side);
  if (!isUrl && existsSync(side) && statSync(side).isDirectory()) {
    const file = join(side, MODEL_FILE);
    if (!existsSync(file)) throw new Error(`${side} is a folder without ${MODEL_FILE} (generate into it with so-soap generate first)`);
    return readModelFile(file);
  }
  return generateFromDocuments(await loadWsdl(side, { timeoutMs: options.timeoutMs }), { service: options.service }).data;
}

export async function runDiff(argv: string[], io: CliIO): Promise<number> {
  let args: DiffArgs;
  try {
    args = parse(argv);
  } catch (e) {
    io.stderr(`so-soap diff: ${(e as Error).message}\n\n${DIFF_USAGE}\n`);
    return EXIT_FATAL;
  }
  let before: ServiceData;
  let after: ServiceData;
  try {
    before = await readSide(args.sides[0], args);
    after = await readSide(args.sides[1], args);
  } catch (e) {
    io.stderr(`so-soap diff: ${e instanceof CodegenError ? 'error: ' : ''}${safeUrls((e as Error).message)}\n`);
    return EXIT_FATAL;
  }
  const changes = compareServices(before, after);
  // a side given as a URL is shown without its credentials or query secrets
  const [from, to] = args.sides.map(safeUrls);
  const title = before.name === after.name ? `${after.name}: ${from} → ${to}` : `${before.name} → ${after.name}`;
  const render = args.format === 'json' ? renderJson : args.format === 'markdown' ? renderMarkdown : renderText;
  io.stdout(render(changes, title));
  return hasBreaking(changes) ? EXIT_DIFFERENCE : EXIT_OK;
}
