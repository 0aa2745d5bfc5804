/** The batch commands run over either transport (`--transport rest`) against the same simulator. */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { main } from '../../src/cli/main';
import type { ChatIo } from '../../src/cli/chat/common';
import { startSimulator, type Simulator } from '../../src/simulator/index';
import { ROOT, ensureBuilt, tempDir } from './chat-helpers';

let sim: Simulator;
let tmp: ReturnType<typeof tempDir>;
beforeAll(async () => {
  sim = await startSimulator({ seed: 11, sessions: 12 });
  tmp = tempDir();
});
afterAll(async () => {
  await sim.stop();
  tmp.cleanup();
});

async function run(argv: string[]): Promise<{ code: number; stderr: string }> {
  let stderr = '';
  const io: ChatIo = {
    stdout: () => undefined,
    stderr: (s) => void (stderr += s),
    env: { SO_ENDPOINT: sim.endpoint, SO_APPLICATION_TOKEN: sim.applicationToken, SO_TICKET: sim.ticket },
    stdinIsTTY: false,
    stderrIsTTY: false,
  };
  const code = await main(argv, io);
  return { code, stderr };
}

test('export writes the same JSON Lines over SOAP and over REST', async () => {
  const outs: Record<string, string> = {};
  for (const transport of ['soap', 'rest']) {
    const out = join(tmp.dir, `export-${transport}.jsonl`);
    const r = await run(['chat', 'export', '--transport', transport, '--out', out, '--no-progress', ...Array.from({ length: 12 }, (_, i) => String(i + 1))]);
    expect(r).toEqual({ code: 0, stderr: expect.any(String) });
    outs[transport] = readFileSync(out, 'utf8').split('\n').sort().join('\n'); // concurrent sessions interleave
  }
  expect(outs.rest.split('\n').length).toBeGreaterThan(12);
  expect(outs.rest).toBe(outs.soap);
});

test('delete over REST deletes exactly once', async () => {
  const before = sim.stats.mutations.deleted;
  const r = await run(['chat', 'delete', '--transport', 'rest', '--yes', '--no-progress', '3', '4']);
  expect(r.code).toBe(0);
  expect(sim.stats.mutations.deleted - before).toBe(2);
});

test('an unknown transport is a usage error', async () => {
  const r = await run(['chat', 'export', '--transport', 'carrier-pigeon', '1']);
  expect(r.code).not.toBe(0);
  expect(r.stderr).toMatch(/--transport must be soap or rest/);
});

test('the chat commands load neither the package index nor the SoPrincipal descriptor (username/password sign-in only)', () => {
  ensureBuilt();
  const script = `require(${JSON.stringify(join(ROOT, 'dist/src/cli/chat/index.js'))}); process.stdout.write(JSON.stringify(Object.keys(require.cache)))`;
  const loaded: string[] = JSON.parse(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' }));
  const ours = loaded.filter((f) => f.startsWith(join(ROOT, 'dist/src'))).map((f) => f.slice(join(ROOT, 'dist/src').length + 1));
  expect(ours).toContain('generated/chat/index.js');
  expect(ours).toContain('runtime/rest/rest-transport.js');
  expect(ours.filter((f) => f === 'index.js' || f === 'auth.js' || f.startsWith('generated/soprincipal/'))).toEqual([]);
});
