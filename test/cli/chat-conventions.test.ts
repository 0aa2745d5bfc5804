/**
 * The batch commands' share of the CLI conventions (issue 18): an empty id list is an error (exit 1)
 * unless `--allow-empty`; the dry run says what it would write and claims no journal (none is
 * written); a second SIGINT within 100 ms of the first is the same Ctrl-C (through `npx` the
 * terminal and npm both deliver it), a later one quits at once (130).
 */
import { EventEmitter } from 'node:events';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { main } from '../../src/cli/main';
import { onInterrupt, type ChatIo } from '../../src/cli/chat/common';
import { startSimulator, type Simulator } from '../../src/simulator/server';

let sim: Simulator;
let tmp: string;
let env: NodeJS.ProcessEnv;
beforeAll(async () => {
  sim = await startSimulator({ sessions: 4, messagesPerSession: 2 });
  env = { SO_ENDPOINT: sim.endpoint, SO_APPLICATION_TOKEN: sim.applicationToken, SO_TICKET: sim.ticket };
  tmp = mkdtempSync(join(tmpdir(), 'so-soap-chat-conv-'));
});
afterAll(async () => {
  await sim.stop();
  rmSync(tmp, { recursive: true, force: true });
});

async function chat(argv: string[], stdin?: string): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: ChatIo = {
    stdout: (s) => void (stdout += s),
    stderr: (s) => void (stderr += s),
    env,
    stdin: Readable.from(stdin === undefined ? [] : [stdin]),
    stdinIsTTY: false,
    stderrIsTTY: false,
  };
  const code = await main(['chat', ...argv], io);
  return { code, stdout, stderr };
}

describe('an empty id list', () => {
  it.each(['export', 'delete', 'reset'])('chat %s: exit 1 and nothing done, unless --allow-empty (exit 0)', async (command) => {
    const before = sim.stats.requests;
    for (const input of ['', '# only a comment\n\n']) {
      const r = await chat([command, '--yes'], input);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain('the id list is empty');
      expect(r.stderr).toContain('--allow-empty');
    }
    expect(sim.stats.requests).toBe(before);
    const allowed = await chat([command, '--yes', '--allow-empty'], '');
    expect(allowed.code).toBe(0);
    expect(allowed.stderr).toContain('0 ids');
  });
});

describe('the dry run', () => {
  it('export: says what it would write, writes neither the output nor the journal, and claims no journal', async () => {
    const out = join(tmp, 'dry.jsonl');
    const journal = join(tmp, 'dry.journal');
    const summaryJson = join(tmp, 'dry-summary.json');
    const r = await chat(['export', '--dry-run', '--out', out, '--journal', journal, '--summary-json', summaryJson, '1', '2']);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(`would write: ${out} (the export)`);
    expect(r.stderr).toContain(`would write: ${journal} (the journal)`);
    expect(r.stderr).toContain('dry run: nothing was written');
    expect(r.stderr).not.toMatch(/^journal: /m);
    expect(r.stderr).not.toMatch(/^output: /m);
    expect(r.stderr).not.toContain('messages written');
    expect(existsSync(out)).toBe(false);
    expect(existsSync(journal)).toBe(false);
    const json = JSON.parse(readFileSync(summaryJson, 'utf8')) as Record<string, unknown>;
    expect(json).not.toHaveProperty('journal');
    expect(json).not.toHaveProperty('output');
    expect(json.wouldWrite).toEqual([out, journal]);
  });
  it('delete without --journal: would write nothing', async () => {
    const r = await chat(['delete', '--dry-run', '1']);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('would write: nothing (no --journal)');
    expect(sim.stats.mutations.total).toBe(0);
  });
});

describe('a journal whose every id earlier runs had done', () => {
  it('reset: nothing is sent, and a note says a new job needs a new --journal (a cron line with a fixed journal)', async () => {
    const journal = join(tmp, 'nightly.journal');
    const first = await chat(['reset', '--yes', '--journal', journal, '1', '2']);
    expect(first.code).toBe(0);
    expect(first.stderr).not.toContain('note: every id was done');
    const resets = sim.stats.mutations.total;
    const second = await chat(['reset', '--yes', '--journal', journal, '1', '2']);
    expect(second.code).toBe(0);
    expect(second.stderr).toContain(`note: every id was done by an earlier run of the journal ${journal}`);
    expect(sim.stats.mutations.total).toBe(resets);
    // one id not done yet: no note
    const third = await chat(['reset', '--yes', '--journal', journal, '1', '2', '3']);
    expect(third.stderr).not.toContain('note: every id was done');
  });
});

describe('Ctrl-C', () => {
  afterEach(() => jest.useRealTimers());
  it('a second SIGINT within 100 ms of the first is the same Ctrl-C; a later one quits at once (130)', () => {
    jest.useFakeTimers({ now: 1_000_000 });
    const signals = new EventEmitter();
    let stderr = '';
    const exit = jest.spyOn(process, 'exit').mockImplementation((() => undefined) as never);
    try {
      const interrupt = onInterrupt({ stdout: () => undefined, stderr: (s) => void (stderr += s), env: {}, signals }, 'stopping');
      signals.emit('SIGINT');
      jest.advanceTimersByTime(40);
      signals.emit('SIGINT'); // npm forwarding the terminal's own SIGINT
      expect(interrupt.stopped()).toBe(true);
      expect(exit).not.toHaveBeenCalled();
      expect(stderr.match(/interrupted/g)).toHaveLength(1);
      jest.advanceTimersByTime(200);
      signals.emit('SIGINT');
      expect(exit).toHaveBeenCalledWith(130);
      interrupt.dispose();
    } finally {
      exit.mockRestore();
    }
  });

  it.each(['SIGTERM', 'SIGHUP'])('%s stops a job as Ctrl-C does (SIGHUP: the SSH session that ran it dropped); dispose stops listening', (signal) => {
    const signals = new EventEmitter();
    let stderr = '';
    const interrupt = onInterrupt({ stdout: () => undefined, stderr: (s) => void (stderr += s), env: {}, signals }, 'stopping');
    signals.emit(signal);
    expect(interrupt.stopped()).toBe(true);
    expect(interrupt.signal.aborted).toBe(true);
    expect(stderr).toContain('interrupted: stopping');
    interrupt.dispose();
    expect(signals.listenerCount(signal)).toBe(0);
  });
});
