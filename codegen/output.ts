/**
 * A generated folder on disk: writing the files of one service, and what differs between the folder
 * and what a WSDL generates (`--check`). Shared by `generate --wsdl` and the config's `generate`.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { lineDiff } from './diff.js';
import { CodegenError } from './errors.js';
import { safeUrls } from './load/fetch.js';

/**
 * The CLI's exit-code table as `generate` uses it (src/cli/exit-codes.ts; codegen/ cannot import
 * src/, so the numbers are restated here and held equal by test/cli/conventions.test.ts).
 */
export const GENERATE_EXIT = { ok: 0, fatal: 1, difference: 4 } as const;

/** How `out` differs from `files` (missing, changed as a unified diff, stale `.ts`); empty when equal. */
export function outputDifferences(out: string, files: Record<string, string>): string[] {
  const diffs: string[] = [];
  for (const [name, content] of Object.entries(files)) {
    const path = join(out, name);
    const current = existsSync(path) ? readFileSync(path, 'utf8') : undefined;
    if (current === undefined) diffs.push(`missing: ${path}`);
    else if (current !== content) diffs.push(lineDiff(current, content, path));
  }
  if (existsSync(out)) {
    for (const f of readdirSync(out)) if (f.endsWith('.ts') && !(f in files)) diffs.push(`not generated (stale?): ${join(out, f)}`);
  }
  return diffs;
}

/** Write `files` into `out`; a failure is one line naming the folder and the cause. */
export function writeOutput(out: string, files: Record<string, string>): void {
  try {
    mkdirSync(out, { recursive: true });
    for (const [name, content] of Object.entries(files)) writeFileSync(join(out, name), content);
  } catch (e) {
    throw new Error(`cannot write ${out}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, { cause: e });
  }
}

/** An error of reading or generating as one line; URLs in it never carry secrets. */
export function errorText(e: unknown): string {
  return safeUrls(`${e instanceof CodegenError ? 'error: ' : ''}${(e as Error).message}`);
}
