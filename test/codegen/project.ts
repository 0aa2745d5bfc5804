/**
 * A throwaway TypeScript project in the OS temp directory, set up as a user's project would be:
 * `node_modules/so-soap` is a symlink to this repository (so `so-soap/runtime` and `so-soap/codec`
 * resolve through package.json `exports` to dist/src/**\/*.d.ts, built by `npm run build`), and
 * tsc runs with `--strict --noEmit --module nodenext --moduleResolution nodenext --target es2022`,
 * no skipLibCheck and no @types.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

export const REPO = resolve(__dirname, '../..');
const TSC = join(REPO, 'node_modules/typescript/bin/tsc');

/** The compiler options of a user's project (the command line of DESIGN.md §3, as a tsconfig). */
export const USER_COMPILER_OPTIONS = {
  strict: true,
  noEmit: true,
  module: 'nodenext',
  moduleResolution: 'nodenext',
  target: 'es2022',
  types: [] as string[],
};

/** The declaration files of the package that generated code imports; missing ones mean `npm run build` did not run (or failed). */
export function missingPackageTypes(): string[] {
  return ['dist/src/runtime/index.d.ts', 'dist/src/codec.d.ts'].filter((f) => !existsSync(join(REPO, f)));
}

export interface TempProject {
  dir: string;
  /** Write `files` (path relative to the project → content). */
  write(files: Record<string, string>): void;
  /** Run tsc over `include` (globs relative to the project); resolves to its exit code and output. */
  tsc(include: string[]): Promise<{ code: number; output: string }>;
  remove(): void;
}

/** A temp project of type `module` (an ESM user project); subfolders may say otherwise with their own package.json. */
export function tempProject(prefix: string): TempProject {
  const dir = mkdtempSync(join(tmpdir(), `so-soap-${prefix}-`));
  mkdirSync(join(dir, 'node_modules'));
  symlinkSync(REPO, join(dir, 'node_modules', 'so-soap'), 'dir');
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify({ name: `${prefix}-user`, private: true, type: 'module' })}\n`);
  return {
    dir,
    write(files) {
      for (const [name, content] of Object.entries(files)) {
        mkdirSync(dirname(join(dir, name)), { recursive: true });
        writeFileSync(join(dir, name), content);
      }
    },
    tsc(include) {
      writeFileSync(join(dir, 'tsconfig.json'), `${JSON.stringify({ compilerOptions: USER_COMPILER_OPTIONS, include }, null, 2)}\n`);
      return new Promise((done) => {
        execFile(process.execPath, [TSC, '-p', join(dir, 'tsconfig.json'), '--pretty', 'false'], { cwd: dir, maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) => {
          const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
          done({ code, output: `${stdout}${stderr}` });
        });
      });
    },
    remove() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Prefix every file name of a generated service with `folder/`. */
export function under(folder: string, files: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(files).map(([n, c]) => [`${folder}/${n}`, c]));
}

/** Expect generated `files` (under `out/`) and the project's own `use.ts` to compile with `tsc --strict`, in a temp project. */
export async function expectCompiles(prefix: string, files: Record<string, string>, use: string[]): Promise<void> {
  const missing = missingPackageTypes();
  if (missing.length > 0) throw new Error(`run \`npm run build\` first: missing ${missing.join(', ')}`);
  const project = tempProject(prefix);
  try {
    project.write(under('out', files));
    project.write({ 'use.ts': [...use, ''].join('\n') });
    const { code, output } = await project.tsc(['out', 'use.ts']);
    expect(output).toBe('');
    expect(code).toBe(0);
  } finally {
    project.remove();
  }
}
