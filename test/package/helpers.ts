/**
 * Helpers of the packaging tests: the packed tarball (`SO_SOAP_TARBALL`, e.g. packed from a fresh
 * clone by .ci/steps/40-pack-smoke.sh, or `npm pack` of this checkout's build), installed offline
 * into an empty project (scripts/install-tarball.js), the installed CLI, and a simulator started
 * through it on 127.0.0.1.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, symlinkSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

export const ROOT = resolve(__dirname, '../..');
const run = promisify(execFile);

/** `npm run build` when dist is missing (`npm test` builds first anyway). */
export async function ensureBuilt(): Promise<void> {
  if (!existsSync(join(ROOT, 'dist/src/cli/bin.js')) || !existsSync(join(ROOT, 'dist/esm/src/index.js'))) await run('npm', ['run', 'build'], { cwd: ROOT });
}

/**
 * The tarball under test: `SO_SOAP_TARBALL` when set, else `npm pack` of this checkout into `dir`
 * (`--ignore-scripts`: the build is already there, and rebuilding dist/ under tests that run it
 * would race them; the prepack build itself is exercised by the CI step from a fresh clone).
 */
export async function tarball(dir: string): Promise<string> {
  if (process.env.SO_SOAP_TARBALL) return resolve(process.env.SO_SOAP_TARBALL);
  await ensureBuilt();
  await run('npm', ['pack', '--silent', '--ignore-scripts', '--pack-destination', dir], { cwd: ROOT });
  const packed = readdirSync(dir).filter((f) => f.endsWith('.tgz'));
  if (packed.length !== 1) throw new Error(`npm pack left ${packed.length} tarballs in ${dir}`);
  return join(dir, packed[0]);
}

/** Install `tgz` into `project` (offline; the runtime dependencies from the tarball's own list). */
export async function installTarball(tgz: string, project: string): Promise<void> {
  await run(process.execPath, [join(ROOT, 'scripts/install-tarball.js'), tgz, project], { cwd: ROOT });
  // The consumer's own dev dependency: Node's types (what a TypeScript project on Node has).
  mkdirSync(join(project, 'node_modules/@types'), { recursive: true });
  symlinkSync(join(ROOT, 'node_modules/@types/node'), join(project, 'node_modules/@types/node'), 'dir');
}

/** Run a command; resolves with its output, rejects with stdout and stderr in the message. */
export async function exec(file: string, args: string[], options: { cwd: string; env?: NodeJS.ProcessEnv }): Promise<{ stdout: string; stderr: string }> {
  try {
    return await run(file, args, { cwd: options.cwd, env: { ...process.env, ...options.env }, maxBuffer: 16 * 1024 * 1024 });
  } catch (e) {
    const err = e as Error & { stdout?: string; stderr?: string; code?: number };
    throw new Error(`${file} ${args.join(' ')} (in ${options.cwd}) exited ${err.code}:\n${err.stdout ?? ''}${err.stderr ?? ''}`, { cause: e });
  }
}

export interface InstalledSimulator {
  env: Record<string, string>;
  child: ChildProcess;
  stop(): Promise<void>;
}

/** `so-soap simulate` of the installed package (its bin), on a free port of 127.0.0.1. */
export function startInstalledSimulator(project: string, args: string[] = []): Promise<InstalledSimulator> {
  const child = spawn(join(project, 'node_modules/.bin/so-soap'), ['simulate', '--port', '0', ...args], { cwd: project, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  return new Promise((resolvePromise, reject) => {
    const timer = setTimeout(() => reject(new Error(`the simulator did not start: ${out}${err}`)), 30_000);
    child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) => reject(new Error(`the simulator exited (${code}): ${out}${err}`)));
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (!out.includes('Ctrl-C to stop.')) return;
      clearTimeout(timer);
      child.removeAllListeners('exit');
      const env: Record<string, string> = {};
      for (const m of out.matchAll(/^export (SO_\w+)=(.*)$/gm)) env[m[1]] = m[2].replace(/^'(.*)'$/, '$1');
      resolvePromise({
        env,
        child,
        stop: () =>
          new Promise<void>((done) => {
            if (child.exitCode !== null) return done();
            child.once('exit', () => done());
            child.kill('SIGTERM');
          }),
      });
    });
  });
}

/** Run `tasks` with at most `limit` at once (the machine's cores are shared with other tests). */
export function limiter(limit: number): <T>(task: () => Promise<T>) => Promise<T> {
  let active = 0;
  const waiting: (() => void)[] = [];
  return async (task) => {
    if (active >= limit) await new Promise<void>((r) => waiting.push(r));
    active++;
    try {
      return await task();
    } finally {
      active--;
      waiting.shift()?.();
    }
  };
}
