/**
 * The `so-soap` executable keeps WebAssembly on V8's baseline compiler (src/cli/wasm-baseline.ts):
 * without that, V8 re-compiles undici's llhttp parser with TurboFan after a few responses, and the
 * process waits ~175 ms of compilation before it can exit. Observed from inside the CLI process: a
 * preload script turns on V8's trace of each WebAssembly function compiled, and with which compiler.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensureBuilt, runCli, startChildSimulator, tempDir, type ChildSimulator } from './chat-helpers.js';

jest.setTimeout(60_000);

let tmp: ReturnType<typeof tempDir>;
let sim: ChildSimulator;
let probe: string;
beforeAll(async () => {
  ensureBuilt();
  tmp = tempDir('so-soap-wasm-');
  probe = join(tmp.dir, 'probe.js');
  writeFileSync(probe, `require('node:v8').setFlagsFromString('--trace-wasm-compilation-times');\n`);
  // enough pages for V8 to find llhttp hot (without the baseline-only flag it tiers up in this run)
  sim = await startChildSimulator(['--sessions', '4', '--messages', '400', '--page-size', '100']);
});
afterAll(async () => {
  await sim?.stop();
  tmp?.cleanup();
});

test('chat export parses HTTP with baseline WebAssembly code only: no TurboFan compile to wait for at exit', async () => {
  const out = join(tmp.dir, 'export.jsonl');
  const r = await runCli(['chat', 'export', '--include', 'messages', '--out', out, '--no-progress', '1', '2', '3', '4'], { ...sim.env, NODE_OPTIONS: `--require ${probe}` });
  expect(r.code).toBe(0);
  const traced = r.stdout.split('\n').filter((l) => l.startsWith('Compiled function'));
  // llhttp was compiled (the trace works and the run went over undici), by Liftoff alone
  expect(traced.some((l) => l.includes('using Liftoff'))).toBe(true);
  expect(traced.filter((l) => l.includes('using TurboFan'))).toEqual([]);
});
