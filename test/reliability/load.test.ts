/**
 * Item 7: load. 10,000 calls at concurrency 64 against the Chat simulator over loopback HTTP, in a
 * child process (`node --expose-gc`, so the heap is measured after real collections and only the
 * run's own resources are seen). The child runs the current sources, transpiled with swc into a
 * temporary directory (no dependency on a fresh `dist/`). Checked: every call succeeds, nothing is
 * retried without cause, no unhandled rejection or warning (MaxListenersExceeded…), the shared
 * caller AbortSignal keeps no listener, the active resources (sockets, timers) after stopping the
 * server are what they were before it started, and the heap after GC stays flat.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { transformFileSync } from '@swc/core';
import { figures } from './helpers';

jest.setTimeout(170_000);

const fig = figures('load');
const ROOT = join(__dirname, '..', '..');

/** Transpile src/**\/*.ts to CommonJS under `out` (imports keep their `.js` specifiers, which then exist). */
function transpile(out: string): number {
  let files = 0;
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const full = join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (name.endsWith('.ts') && !name.endsWith('.d.ts')) {
        const { code } = transformFileSync(full, { jsc: { target: 'es2022', parser: { syntax: 'typescript' } }, module: { type: 'commonjs' }, sourceMaps: false, swcrc: false });
        const target = join(out, relative(ROOT, full)).replace(/\.ts$/, '.js');
        mkdirSync(dirname(target), { recursive: true });
        writeFileSync(target, code);
        files++;
      }
    }
  };
  walk(join(ROOT, 'src'));
  return files;
}

interface LoadResult {
  calls: number;
  warmup: number;
  concurrency: number;
  ms: number;
  cpuMs: number;
  callsPerSecond: number;
  serverRequests: number;
  errors: Record<string, number>;
  unhandled: number;
  warnings: string[];
  abortListeners: number;
  resourcesBefore: Record<string, number>;
  resourcesAfter: Record<string, number>;
  processListenersBefore: string[];
  processListenersAfter: string[];
  heapStartMB: number;
  heapEndMB: number;
  samples: { calls: number; heapMB: number }[];
  logged: Record<string, number>;
  fatal?: string;
}

let out = '';
afterAll(() => {
  if (out) rmSync(out, { recursive: true, force: true });
});

test('10,000 calls at concurrency 64: no errors, no leaked sockets, timers or listeners, no unhandled rejection, flat heap', async () => {
  out = mkdtempSync(join(tmpdir(), 'so-soap-load-'));
  const files = transpile(out);
  expect(files).toBeGreaterThan(20);
  const stdout = await new Promise<string>((resolve, reject) => {
    execFile(
      process.execPath,
      ['--expose-gc', join(__dirname, 'load-child.js'), out, '10000', '64'],
      { env: { ...process.env, NODE_PATH: join(ROOT, 'node_modules') }, timeout: 160_000, maxBuffer: 1 << 20 },
      (error, so, se) => (error ? reject(new Error(`${error.message}\n${so}\n${se}`)) : resolve(so)),
    );
  });
  const r = JSON.parse(stdout.trim().split('\n').pop()!) as LoadResult;
  if (r.fatal) throw new Error(r.fatal);
  if (process.env.RELIABILITY_DEBUG) process.stdout.write(`${JSON.stringify(r)}\n`);

  // Every call succeeded, each with exactly one request (the warm-up's included).
  expect(r.errors).toEqual({});
  expect(r.serverRequests).toBe(r.calls + r.warmup);
  expect(r.logged.warn).toBe(0);
  expect(r.logged.error).toBe(0);
  expect(r.unhandled).toBe(0);
  expect(r.warnings).toEqual([]);
  // The caller's signal, shared by all 10,500 calls, keeps no listener.
  expect(r.abortListeners).toBe(0);
  expect(r.processListenersAfter).toEqual(r.processListenersBefore);
  // No socket, server handle or timer left behind once the server is gone.
  expect(r.resourcesAfter).toEqual(r.resourcesBefore);
  // Flat heap: after GC the run ends where it started, within a loose bound.
  expect(r.heapEndMB - r.heapStartMB).toBeLessThan(8);
  const peak = Math.max(...r.samples.map((s) => s.heapMB));
  expect(peak).toBeLessThan(r.heapStartMB + 120);

  fig.add('calls', r.calls);
  fig.add('warm-up calls', r.warmup);
  fig.add('concurrency', r.concurrency);
  fig.add('server requests', r.serverRequests);
  fig.add('errors', Object.values(r.errors).reduce((a, b) => a + b, 0));
  fig.add('unhandled rejections', r.unhandled);
  fig.add('leftover abort listeners', r.abortListeners);
  fig.note(`${r.ms} ms (${r.cpuMs} ms CPU, client and simulator), ${r.callsPerSecond} calls/s`);
  fig.note(`heap after GC ${r.heapStartMB} MB -> ${r.heapEndMB} MB (samples without GC: ${r.samples.map((s) => s.heapMB).join(', ')} MB)`);
  fig.note(`active resources before ${JSON.stringify(r.resourcesBefore)}, after ${JSON.stringify(r.resourcesAfter)}`);
  fig.note('target: the simulator (same child process, loopback HTTP)');
});
