/**
 * What the `so-soap` process does around a command, observed from inside it: a preload script
 * (NODE_OPTIONS=--require) reports on the process that runs a real `chat export` over HTTP.
 *
 * - It loads its command modules and undici with `require` (the CommonJS build): import() of a
 *   CommonJS file goes through Node's ES module loader, which lexes the file (and what it
 *   re-exports) for export names first, ~3% of a `chat export`'s wall time (bench/README.md).
 * - It keeps WebAssembly on V8's baseline compiler (src/cli/wasm-baseline.ts): without that, V8
 *   re-compiles undici's llhttp parser with TurboFan after a few responses, and the process waits
 *   ~175 ms of compilation before it can exit.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensureBuilt, runCli, startChildSimulator, tempDir, type ChildSimulator } from './chat-helpers.js';

jest.setTimeout(60_000);

let tmp: ReturnType<typeof tempDir>;
let sim: ChildSimulator;
beforeAll(async () => {
  ensureBuilt();
  tmp = tempDir('so-soap-process-');
  // enough pages for V8 to find llhttp hot (without the baseline-only flag it tiers up in this run)
  sim = await startChildSimulator(['--sessions', '4', '--messages', '400', '--page-size', '100']);
});
afterAll(async () => {
  await sim?.stop();
  tmp?.cleanup();
});

/** `so-soap chat export` of every session, with `probe` (a script's text) preloaded. */
function exportWithProbe(name: string, probe: string) {
  const file = join(tmp.dir, `${name}.js`);
  writeFileSync(file, probe);
  const out = join(tmp.dir, `${name}.jsonl`);
  return runCli(['chat', 'export', '--include', 'messages', '--out', out, '--no-progress', '1', '2', '3', '4'], { ...sim.env, NODE_OPTIONS: `--require ${file}` });
}

const ESM_LOADER = ['NativeModule internal/modules/esm/loader', 'NativeModule internal/modules/esm/translators', 'NativeModule internal/deps/cjs-module-lexer/lexer'];

test('chat export over HTTP loads no module through the ES module loader', async () => {
  const report = join(tmp.dir, 'modules.json');
  const r = await exportWithProbe('modules', `process.on('exit', () => require('node:fs').writeFileSync(${JSON.stringify(report)}, JSON.stringify({ node: process.moduleLoadList, files: Object.keys(require.cache) })));\n`);
  expect(r.code).toBe(0);
  const loaded = JSON.parse(readFileSync(report, 'utf8')) as { node: string[]; files: string[] };
  // the run did load the chat commands and undici's client (the probe sees the whole process)
  expect(loaded.files.some((f) => f.endsWith(join('dist', 'src', 'cli', 'chat', 'export.js')))).toBe(true);
  expect(loaded.files.some((f) => f.endsWith(join('undici', 'lib', 'dispatcher', 'client.js')))).toBe(true);
  expect(loaded.node.filter((m) => ESM_LOADER.includes(m))).toEqual([]);
});

test('chat export parses HTTP with baseline WebAssembly code only: no TurboFan compile to wait for at exit', async () => {
  const r = await exportWithProbe('wasm', `require('node:v8').setFlagsFromString('--trace-wasm-compilation-times');\n`);
  expect(r.code).toBe(0);
  const traced = r.stdout.split('\n').filter((l) => l.startsWith('Compiled function'));
  // llhttp was compiled (the trace works and the run went over undici), by Liftoff alone
  expect(traced.some((l) => l.includes('using Liftoff'))).toBe(true);
  expect(traced.filter((l) => l.includes('using TurboFan'))).toEqual([]);
});
