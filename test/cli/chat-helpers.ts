/**
 * Helpers of the batch CLI acceptance tests: the built CLI run as a child process
 * (`node dist/src/cli/bin.js …`), a simulator in a child process of its own (it survives a
 * `kill -9` of the CLI), its counters over HTTP, and journal/JSONL readers.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { SimulatorStats } from '../../src/simulator/server.js';

export const ROOT = resolve(__dirname, '../..');
export const BIN = join(ROOT, 'dist/src/cli/bin.js');

/** `npm test` builds first (pretest); a direct `npx jest test/cli` builds only when dist is missing. */
export function ensureBuilt(): void {
  if (!existsSync(BIN)) execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'inherit' });
}

export function tempDir(prefix = 'so-soap-chat-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface ChildSimulator {
  url: string;
  env: Record<string, string>;
  process: ChildProcess;
  stats(): Promise<SimulatorStats>;
  setFaults(spec: string): Promise<void>;
  stop(): Promise<void>;
}

/** `so-soap simulate` in a child process; resolves once it printed its endpoint. */
export function startChildSimulator(args: string[]): Promise<ChildSimulator> {
  const child = spawn(process.execPath, [BIN, 'simulate', '--port', '0', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  return new Promise((resolvePromise, reject) => {
    const timer = setTimeout(() => reject(new Error(`simulator did not start: ${out}${err}`)), 20_000);
    child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    child.on('exit', (code) => reject(new Error(`simulator exited (${code}): ${out}${err}`)));
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (!out.includes('Ctrl-C to stop.')) return;
      clearTimeout(timer);
      const env: Record<string, string> = {};
      for (const m of out.matchAll(/^export (SO_\w+)=(.*)$/gm)) env[m[1]] = m[2].replace(/^'(.*)'$/, '$1');
      const url = /listening on (http:\/\/\S+)/.exec(out)![1];
      child.removeAllListeners('exit');
      resolvePromise({
        url,
        env,
        process: child,
        stats: async () => (await (await fetch(`${url}/_sim/stats`)).json()) as SimulatorStats,
        setFaults: async (spec) => {
          const r = await fetch(`${url}/_sim/faults`, { method: 'PUT', body: spec });
          if (!r.ok) throw new Error(await r.text());
        },
        stop: () =>
          new Promise<void>((res) => {
            if (child.exitCode !== null) return res();
            child.once('exit', () => res());
            child.kill('SIGTERM');
          }),
      });
    });
  });
}

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface CliRun {
  child: ChildProcess;
  result: Promise<CliResult>;
}

/** Start `so-soap <args>` as a child with `env` added; stdin is a pipe (not a TTY), closed at once unless `input` is given. */
export function startCli(args: string[], env: Record<string, string | undefined>, input?: string): CliRun {
  const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  child.stdin!.end(input ?? '');
  const result = new Promise<CliResult>((res) => child.on('close', (code, signal) => res({ code, signal, stdout, stderr })));
  return { child, result };
}

export function runCli(args: string[], env: Record<string, string | undefined>, input?: string): Promise<CliResult> {
  return startCli(args, env, input).result;
}

/** Poll `check` every 10 ms until it returns true (or fail after `timeoutMs`). */
export async function waitFor(check: () => boolean | Promise<boolean>, timeoutMs = 30_000, what = 'condition'): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Every line of a JSONL file, parsed (throws on an invalid line, naming it). */
export function readJsonl<T = Record<string, unknown>>(path: string): T[] {
  const text = readFileSync(path, 'utf8');
  if (text !== '' && !text.endsWith('\n')) throw new Error(`${path}: the last line is incomplete`);
  return text
    .split('\n')
    .filter((l) => l !== '')
    .map((l, i) => {
      try {
        return JSON.parse(l) as T;
      } catch {
        throw new Error(`${path}:${i + 1}: not JSON: ${l.slice(0, 80)}`);
      }
    });
}

/** Ids whose last journal record is an intent or `unknown`: in doubt. */
export function inDoubtIds(journalPath: string): number[] {
  const last = new Map<number, string>();
  const text = readFileSync(journalPath, 'utf8');
  for (const line of text.split('\n')) {
    if (!line) continue;
    let r: { t: string; id?: number };
    try {
      r = JSON.parse(line) as { t: string; id?: number };
    } catch {
      continue; // torn last line
    }
    if (r.id !== undefined) last.set(r.id, r.t);
  }
  return [...last].filter(([, t]) => t === 'intent' || t === 'unknown').map(([id]) => id).sort((a, b) => a - b);
}

export function idsText(from: number, to: number): string {
  let s = '';
  for (let i = from; i <= to; i++) s += `${i}\n`;
  return s;
}
