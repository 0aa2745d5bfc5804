/**
 * The `so-soap` executable (CommonJS) loads its command modules and undici with `require`: import()
 * of a CommonJS file goes through Node's ES module loader, which lexes the file (and what it
 * re-exports) for export names first, ~3% of a `chat export`'s wall time (bench/README.md).
 * Observed from inside the CLI process: a preload script reports which of Node's own modules were
 * loaded by the time it exits.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensureBuilt, runCli, startChildSimulator, tempDir, type ChildSimulator } from './chat-helpers.js';

jest.setTimeout(60_000);

let tmp: ReturnType<typeof tempDir>;
let sim: ChildSimulator;
let probe: string;
beforeAll(async () => {
  ensureBuilt();
  tmp = tempDir('so-soap-modules-');
  probe = join(tmp.dir, 'probe.js');
  const report = join(tmp.dir, 'modules.json');
  writeFileSync(probe, `process.on('exit', () => require('node:fs').writeFileSync(${JSON.stringify(report)}, JSON.stringify({ node: process.moduleLoadList, files: Object.keys(require.cache) })));\n`);
  sim = await startChildSimulator(['--sessions', '3', '--messages', '5']);
});
afterAll(async () => {
  await sim?.stop();
  tmp?.cleanup();
});

const ESM_LOADER = ['NativeModule internal/modules/esm/loader', 'NativeModule internal/modules/esm/translators', 'NativeModule internal/deps/cjs-module-lexer/lexer'];

test('chat export over HTTP loads no module through the ES module loader', async () => {
  const out = join(tmp.dir, 'export.jsonl');
  const r = await runCli(['chat', 'export', '--include', 'messages', '--out', out, '--no-progress', '1', '2', '3'], { ...sim.env, NODE_OPTIONS: `--require ${probe}` });
  expect(r.code).toBe(0);
  const loaded = JSON.parse(readFileSync(join(tmp.dir, 'modules.json'), 'utf8')) as { node: string[]; files: string[] };
  // the run did load the chat commands and undici's client (the probe sees the whole process)
  expect(loaded.files.some((f) => f.endsWith(join('dist', 'src', 'cli', 'chat', 'export.js')))).toBe(true);
  expect(loaded.files.some((f) => f.endsWith(join('undici', 'lib', 'dispatcher', 'client.js')))).toBe(true);
  expect(loaded.node.filter((m) => ESM_LOADER.includes(m))).toEqual([]);
});
