/**
 * One journal, one run (issue 14 §1): a second run of a batch command on a journal (or an export
 * to an `--out`) in use is refused before it sends anything, exit 1, naming the holder's pid and
 * host; the first run finishes with nothing applied twice. A lock left by a dead process on this
 * host is taken over; one from another host is refused until `--force-unlock`; `--out` and
 * `--journal` must differ.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readlinkSync, symlinkSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { startLocalServer, type LocalServer } from '../reliability/helpers';
import { startTimeOf } from '../../src/batch/lock';
import { ensureBuilt, idsText, readJsonl, runCli, startChildSimulator, startCli, tempDir, waitFor, type ChildSimulator } from './chat-helpers';

jest.setTimeout(120_000);

const N = 120;
let tmp: ReturnType<typeof tempDir>;
let sim: ChildSimulator;
/** A second endpoint that counts what reaches it: the refused run must send nothing at all. */
let spy: LocalServer;

beforeAll(async () => {
  ensureBuilt();
  tmp = tempDir('so-soap-lock-');
  // Latency keeps the first run going while the second one starts.
  sim = await startChildSimulator(['--seed', '5', '--sessions', String(N + 10), '--messages', '3', '--faults', 'latency=50-70ms']);
  spy = await startLocalServer((_req, res) => {
    res.writeHead(500);
    res.end();
  });
  writeFileSync(join(tmp.dir, 'ids.txt'), idsText(1, N));
});
afterAll(async () => {
  await sim.stop();
  await spy.close();
  tmp.cleanup();
});

/** The command line of a run of `command` on journal `name` (export: with its own --out). */
function argsOf(command: string, name: string, extra: string[] = []): string[] {
  const journal = join(tmp.dir, `${name}.journal`);
  const out = command === 'export' ? ['--out', join(tmp.dir, `${name}.jsonl`)] : ['--yes'];
  return ['chat', command, '--ids', join(tmp.dir, 'ids.txt'), '--journal', journal, ...out, '--concurrency', '2', ...extra];
}

// delete last: it removes the sessions the others read
describe.each(['reset', 'export', 'delete'])('two concurrent %s runs with one journal', (command) => {
  test('the second is refused before any request (exit 1, holder named); nothing is applied twice', async () => {
    const before = await sim.stats();
    const args = argsOf(command, `concurrent-${command}`);
    const first = startCli(args, sim.env);
    const journal = args[args.indexOf('--journal') + 1];
    await waitFor(() => existsSync(journal) && readFileSync(journal, 'utf8').split('\n').length > 6, 60_000, 'the first run under way');

    // Against a spy endpoint: refused before sending anything; against the same service: refused too.
    // (Both at once, while the first run is still going even on a loaded machine.)
    const [spied, second] = await Promise.all([runCli(args, { ...sim.env, SO_ENDPOINT: `${spy.url}/Chat.svc` }), runCli(args, sim.env)]);
    expect(first.child.exitCode).toBeNull();
    expect(spied.code).toBe(1);
    expect(spied.stderr).toContain(`is in use by pid ${first.child.pid} on host ${hostname()}`);
    expect(spy.requests).toBe(0);
    expect(second.code).toBe(1);
    expect(second.stderr).toContain(`pid ${first.child.pid}`);

    const done = await first.result;
    expect(done.stderr).toContain('result: all done (exit 0)');
    expect(done.code).toBe(0);
    expect(existsSync(`${journal}.lock`)).toBe(false); // released
    const stats = await sim.stats();
    if (command === 'export') {
      const lines = readJsonl<{ type: string; ChatMessageId?: number }>(args[args.indexOf('--out') + 1]);
      const ids = lines.filter((l) => l.type === 'message').map((l) => l.ChatMessageId);
      expect(new Set(ids).size).toBe(ids.length);
      expect(lines.filter((l) => l.type === 'transcript')).toHaveLength(N);
    } else {
      const kind = command === 'delete' ? 'deleted' : 'reset';
      const counts = Object.values(stats.perId[kind]);
      expect(Math.max(...counts)).toBe(1);
      expect(stats.mutations[kind] - before.mutations[kind]).toBe(N);
      // The simulator counts mutation requests: exactly one per id, none from the refused runs.
      const op = command === 'delete' ? 'DeleteChatSessionEntity' : 'ResetChatSession';
      expect((stats.mutationRequests[op] ?? 0) - (before.mutationRequests[op] ?? 0)).toBe(N);
    }
  });
});

test('export: two runs with different journals but one --out: the second is refused', async () => {
  const out = join(tmp.dir, 'shared-out.jsonl');
  const ids = join(tmp.dir, 'later-ids.txt');
  writeFileSync(ids, idsText(N + 4, N + 10)); // sessions the delete run above left
  const a = ['chat', 'export', '--ids', ids, '--out', out, '--journal', join(tmp.dir, 'a.journal'), '--concurrency', '1'];
  await sim.setFaults('latency=300ms'); // the first export is still going when the second starts
  const first = startCli(a, sim.env);
  await waitFor(() => existsSync(`${out}.lock`), 30_000, 'the first export to hold its --out');
  const second = await runCli(['chat', 'export', '--ids', ids, '--out', out, '--journal', join(tmp.dir, 'b.journal'), '--overwrite'], { ...sim.env, SO_ENDPOINT: `${spy.url}/Chat.svc` });
  expect(second.code).toBe(1);
  expect(second.stderr).toContain(`the output ${out} is in use by pid ${first.child.pid}`);
  expect(spy.requests).toBe(0);
  expect((await first.result).code).toBe(0);
  await sim.setFaults('latency=50-70ms');
});

test('a lock left by a dead process on this host is taken over, with a note', async () => {
  const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  const pid = Number(dead.stdout);
  const args = argsOf('reset', 'stale', ['--ids', '-']);
  const journal = args[args.indexOf('--journal') + 1];
  writeFileSync(`${journal}.lock`, JSON.stringify({ pid, host: hostname(), command: 'reset', at: '2026-01-01T00:00:00.000Z', token: 'old' }));
  const r = await runCli(args, sim.env, `${N + 1}\n${N + 2}\n`);
  expect(r.code).toBe(0);
  expect(r.stderr).toContain(`took over the lock of the journal ${journal} from pid ${pid} on host ${hostname()}`);
  expect(existsSync(`${journal}.lock`)).toBe(false);
});

test('a lock from another host is refused naming its holder; --force-unlock takes it', async () => {
  const args = argsOf('delete', 'elsewhere', ['--ids', '-']);
  const journal = args[args.indexOf('--journal') + 1];
  writeFileSync(`${journal}.lock`, JSON.stringify({ pid: process.pid, host: 'batch-07.example', command: 'delete', at: '2026-01-01T00:00:00.000Z', token: 'x' }));
  const refused = await runCli(args, { ...sim.env, SO_ENDPOINT: `${spy.url}/Chat.svc` }, `${N + 3}\n`);
  expect(refused.code).toBe(1);
  expect(refused.stderr).toContain(`is in use by pid ${process.pid} on host batch-07.example ("chat delete", since 2026-01-01T00:00:00.000Z)`);
  expect(refused.stderr).toContain('--force-unlock');
  expect(spy.requests).toBe(0);

  const forced = await runCli([...args, '--force-unlock'], sim.env, `${N + 3}\n`);
  expect(forced.stderr).toContain('took over the lock of the journal');
  expect(forced.stderr).toContain('--force-unlock');
  expect(forced.code).toBe(0);
});

test('--out and --journal must differ (exit 1, nothing sent)', async () => {
  const same = join(tmp.dir, 'same.file');
  const r = await runCli(['chat', 'export', '--ids', join(tmp.dir, 'ids.txt'), '--out', same, '--journal', same], { ...sim.env, SO_ENDPOINT: `${spy.url}/Chat.svc` });
  expect(r.code).toBe(1);
  expect(r.stderr).toContain('--out and --journal are the same file');
  expect(spy.requests).toBe(0);
  expect(existsSync(same)).toBe(false);
});

test('--help says that without --journal there is no resume and no lock', async () => {
  for (const command of ['delete', 'reset', 'export']) {
    const r = await runCli(['chat', command, '--help'], {});
    expect(r.stdout.replace(/\s+/g, ' ')).toContain('Without --journal a run has no resume and no journal lock');
    expect(r.stdout).toContain('--force-unlock');
  }
});

describe('who holds a lock, told apart on one machine (Linux: boot id, PID namespace, start time)', () => {
  const linux = existsSync('/proc/self/ns/pid');
  /** This test process as a lock records it: a live holder on this machine. */
  const live = () => ({
    pid: process.pid,
    host: hostname(),
    command: 'reset',
    at: '2026-01-01T00:00:00.000Z',
    token: 'live',
    boot: readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim(),
    pidns: readlinkSync('/proc/self/ns/pid'),
    start: startTimeOf('self'),
  });
  const spyEnv = () => ({ ...sim.env, SO_ENDPOINT: `${spy.url}/Chat.svc` });

  (linux ? test : test.skip)('--force-unlock never takes the lock of a live run on this machine', async () => {
    const args = argsOf('reset', 'live-forced', ['--ids', '-', '--force-unlock']);
    const journal = args[args.indexOf('--journal') + 1];
    writeFileSync(`${journal}.lock`, JSON.stringify(live()));
    const before = spy.requests;
    const r = await runCli(args, spyEnv(), `${N + 4}\n`);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`is in use by pid ${process.pid} on host ${hostname()}`);
    expect(r.stderr).toContain('wait for it to finish');
    expect(spy.requests).toBe(before);
  });

  (linux ? test : test.skip)('a journal named through a symbolic link is locked as the file it reaches', async () => {
    const args = argsOf('reset', 'linked', ['--ids', '-']);
    const journal = args[args.indexOf('--journal') + 1];
    writeFileSync(journal, '');
    writeFileSync(`${journal}.lock`, JSON.stringify(live()));
    const link = join(tmp.dir, 'linked-journal-link');
    symlinkSync(journal, link);
    args[args.indexOf('--journal') + 1] = link;
    const before = spy.requests;
    const r = await runCli(args, spyEnv(), `${N + 4}\n`);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`the journal ${journal} is in use by pid ${process.pid}`);
    expect(spy.requests).toBe(before);
  });

  (linux ? test : test.skip)('a holder in another PID namespace of this host (a container) is refused until --force-unlock', async () => {
    const args = argsOf('reset', 'container', ['--ids', '-']);
    const journal = args[args.indexOf('--journal') + 1];
    writeFileSync(`${journal}.lock`, JSON.stringify({ ...live(), pid: 43, pidns: 'pid:[4026530000]' }));
    const before = spy.requests;
    const refused = await runCli(args, spyEnv(), `${N + 5}\n`);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('another PID namespace of this host');
    expect(refused.stderr).toContain('--force-unlock');
    expect(spy.requests).toBe(before);
    const forced = await runCli([...args, '--force-unlock'], sim.env, `${N + 5}\n`);
    expect(forced.stderr).toContain('took over the lock of the journal');
    expect(forced.code).toBe(0);
  });

  (linux ? test : test.skip)("a lock of an earlier version (no start time) whose pid is running: refused, and --force-unlock takes it", async () => {
    const args = argsOf('reset', 'legacy', ['--ids', '-']);
    const journal = args[args.indexOf('--journal') + 1];
    writeFileSync(`${journal}.lock`, JSON.stringify({ pid: process.pid, host: hostname(), command: 'reset', at: '2026-01-01T00:00:00.000Z', token: 'old' }));
    const before = spy.requests;
    const refused = await runCli(args, spyEnv(), `${N + 7}\n`);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('a lock written by an earlier so-soap');
    expect(spy.requests).toBe(before);
    const forced = await runCli([...args, '--force-unlock'], sim.env, `${N + 7}\n`);
    expect(forced.stderr).toContain('took over the lock of the journal');
    expect(forced.code).toBe(0);
  });

  (linux ? test.each : test.skip.each)([
    ['its pid now taken by another process (another start time)', { start: '1' }],
    ['written before a reboot (another boot id)', { boot: '00000000-0000-4000-8000-000000000000' }],
  ])('a lock whose holder is gone, %s, is taken over as stale', async (_what, change) => {
    const args = argsOf('reset', `stale-${Object.keys(change)[0]}`, ['--ids', '-']);
    const journal = args[args.indexOf('--journal') + 1];
    writeFileSync(`${journal}.lock`, JSON.stringify({ ...live(), ...change }));
    const r = await runCli(args, sim.env, `${N + 6}\n`);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(`took over the lock of the journal ${journal} from pid ${process.pid}`);
    expect(r.stderr).toContain('that process is no longer running');
  });
});
