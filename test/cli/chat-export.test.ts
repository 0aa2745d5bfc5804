/**
 * `so-soap chat export` against the simulator over real HTTP: kill -9 part-way and resume (every
 * message exactly once, valid JSONL), a crash between the output write and the journal write
 * (uncommitted output cut off on resume), faults (completes through retries), SIGINT (finishes
 * in-flight calls, exit 2, resumable), and bounded memory (peak RSS for 10,000 vs 100,000 messages).
 */
import { appendFileSync, readFileSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SummaryJson } from '../../src/batch/summary.js';
import { messageJson, messageLines } from '../../src/cli/chat/export.js';
import { toJsonForm } from '../../src/codec.js';
import type { ChatMessage } from '../../src/generated/chat/index.js';
import { ensureBuilt, idsText, readJsonl, runCli, startChildSimulator, startCli, tempDir, waitFor, type ChildSimulator } from './chat-helpers.js';

jest.setTimeout(150_000);

let tmp: ReturnType<typeof tempDir>;
beforeAll(() => {
  ensureBuilt();
  tmp = tempDir();
});
afterAll(() => tmp.cleanup());

const summaryOf = (path: string): SummaryJson => JSON.parse(readFileSync(path, 'utf8')) as SummaryJson;

interface Line {
  type: 'message' | 'transcript';
  sessionId: number;
  ChatMessageId?: number;
  ChatSessionId?: number;
  Message?: string;
  transcript?: string;
}

/** Every message of sessions 1..n exactly once, and one transcript per session. */
function expectExactlyOnce(lines: Line[], sessions: number, messages: number): void {
  const messageIds = lines.filter((l) => l.type === 'message').map((l) => l.ChatMessageId!);
  expect(messageIds).toHaveLength(messages);
  expect(new Set(messageIds).size).toBe(messages);
  expect(Math.min(...messageIds)).toBe(1);
  expect(Math.max(...messageIds)).toBe(messages); // the simulator numbers messages 1..N
  const transcripts = lines.filter((l) => l.type === 'transcript').map((l) => l.sessionId);
  expect(transcripts).toHaveLength(sessions);
  expect(new Set(transcripts).size).toBe(sessions);
  for (const l of lines) if (l.type === 'message') expect(l.ChatSessionId).toBe(l.sessionId);
}

describe('export killed with SIGKILL part-way, then resumed', () => {
  let sim: ChildSimulator;
  let total: number;
  beforeAll(async () => {
    // Small pages, so a session takes several journaled chunks and the kill lands inside sessions.
    sim = await startChildSimulator(['--seed', '7', '--sessions', '200', '--messages', '10-40', '--page-size', '8', '--faults', 'latency=0-2ms']);
    total = (await sim.stats()).messages;
  });
  afterAll(() => sim.stop());

  test('every message exactly once in valid JSONL', async () => {
    const ids = join(tmp.dir, 'export-ids.txt');
    const out = join(tmp.dir, 'export.jsonl');
    const journal = join(tmp.dir, 'export.journal');
    writeFileSync(ids, idsText(1, 200));
    const args = ['chat', 'export', '--ids', ids, '--out', out, '--journal', journal, '--concurrency', '6'];
    const first = startCli(args, sim.env);
    await waitFor(() => {
      try {
        return statSync(out).size > 300_000;
      } catch {
        return false;
      }
    }, 60_000, 'part of the export');
    first.child.kill('SIGKILL');
    expect((await first.result).signal).toBe('SIGKILL');

    const second = await runCli([...args, '--summary-json', join(tmp.dir, 'export2.json')], sim.env);
    expect(second.stderr).toContain('resuming from');
    expect(second.code).toBe(0);
    expectExactlyOnce(readJsonl<Line>(out), 200, total);
    const s = summaryOf(join(tmp.dir, 'export2.json'));
    expect(s.counts['done earlier']).toBeGreaterThan(0);
    expect(s.counts.exported).toBeGreaterThan(0);
    expect((await sim.stats()).mutations.total).toBe(0);
  });

  test('output written but not journaled (a crash in between) is cut off on resume', async () => {
    const ids = join(tmp.dir, 'cut-ids.txt');
    const out = join(tmp.dir, 'cut.jsonl');
    const journal = join(tmp.dir, 'cut.journal');
    writeFileSync(ids, idsText(1, 24));
    const args = ['chat', 'export', '--ids', ids, '--out', out, '--journal', journal];
    expect((await runCli(args, sim.env)).code).toBe(0);
    const complete = readFileSync(out, 'utf8');
    // Rewind the journal to a point in the middle, leave the output as it is (longer than the
    // journal vouches for), and add a torn record at the end of the journal, as a kill -9 would.
    const records = readFileSync(journal, 'utf8').split('\n').filter(Boolean);
    const keep = records.slice(0, Math.floor(records.length / 2));
    const lastOut = keep.map((r) => JSON.parse(r) as { out?: number }).reduce((a, r) => r.out ?? a, 0);
    writeFileSync(journal, `${keep.join('\n')}\n{"t":"progress","id":3,"aft`);
    appendFileSync(out, '{"type":"message","sessionId":1,"ChatMess'); // a torn output line too
    expect(statSync(out).size).toBeGreaterThan(lastOut);

    const r = await runCli(args, sim.env);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/cutting \d+ uncommitted bytes off .* \(back to \d+ bytes, the last journaled line\)/);
    const lines = readJsonl<Line>(out);
    const msgs = lines.filter((l) => l.type === 'message');
    expect(new Set(msgs.map((l) => l.ChatMessageId)).size).toBe(msgs.length);
    // Same content as the uninterrupted run, line for line (order may differ between sessions).
    expect(lines.map((l) => JSON.stringify(l)).sort()).toEqual(complete.split('\n').filter(Boolean).sort());
    // The journal's torn line was cut off before appending: every line parses.
    for (const line of readFileSync(journal, 'utf8').split('\n').filter(Boolean)) expect(() => JSON.parse(line)).not.toThrow();
  });

  test('a changed output file is refused instead of resumed', async () => {
    const ids = join(tmp.dir, 'changed-ids.txt');
    const out = join(tmp.dir, 'changed.jsonl');
    const journal = join(tmp.dir, 'changed.journal');
    writeFileSync(ids, idsText(1, 5));
    const args = ['chat', 'export', '--ids', ids, '--out', out, '--journal', journal];
    expect((await runCli(args, sim.env)).code).toBe(0);
    truncateSync(out, 10);
    const r = await runCli(args, sim.env);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('resuming cannot guarantee every message exactly once');
    const other = await runCli(['chat', 'delete', '--yes', '--ids', ids, '--journal', journal], sim.env);
    expect(other.code).toBe(1);
    expect(other.stderr).toContain('belongs to "chat export"');
  });

  test('SIGINT finishes the calls in flight, writes the journal, exits 2; a re-run completes', async () => {
    const ids = join(tmp.dir, 'int-ids.txt');
    const out = join(tmp.dir, 'int.jsonl');
    const journal = join(tmp.dir, 'int.journal');
    writeFileSync(ids, idsText(101, 200));
    const args = ['chat', 'export', '--ids', ids, '--out', out, '--journal', journal, '--include', 'messages'];
    const first = startCli(args, sim.env);
    await waitFor(() => {
      try {
        return statSync(out).size > 60_000;
      } catch {
        return false;
      }
    }, 60_000, 'part of the export');
    first.child.kill('SIGINT');
    const r = await first.result;
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('interrupted: finishing the calls in flight');
    expect(r.stderr).toContain('result: partial (exit 2)');
    const records = readFileSync(journal, 'utf8').trimEnd().split('\n');
    expect(JSON.parse(records[records.length - 1])).toMatchObject({ t: 'end', interrupted: true });
    expect((await runCli(args, sim.env)).code).toBe(0);
    const msgs = readJsonl<Line>(out);
    expect(new Set(msgs.map((l) => l.ChatMessageId)).size).toBe(msgs.length);
    expect(new Set(msgs.map((l) => l.sessionId)).size).toBe(100);
  });
});

describe('export with faults injected (5xx, 429 + Retry-After, cut connections)', () => {
  let sim: ChildSimulator;
  beforeAll(async () => {
    sim = await startChildSimulator(['--seed', '21', '--sessions', '60', '--messages', '5-30', '--page-size', '10', '--faults', '503:0.1,502:0.03,429@1:0.03,cut:0.05']);
  });
  afterAll(() => sim.stop());

  test('completes through retries: every message exactly once', async () => {
    const out = join(tmp.dir, 'faults.jsonl');
    const r = await runCli(['chat', 'export', '--out', out, '--retries', '8', '--summary-json', join(tmp.dir, 'faults.json')], sim.env, idsText(1, 60));
    const stats = await sim.stats();
    expect(r.stderr).toContain('result: all done (exit 0)');
    expect(r.code).toBe(0);
    expectExactlyOnce(readJsonl<Line>(out), 60, stats.messages);
    const s = summaryOf(join(tmp.dir, 'faults.json'));
    const injected = stats.faultsInjected;
    expect(injected['503:0.1']).toBeGreaterThan(0);
    expect(injected['429@1:0.03']).toBeGreaterThan(0);
    expect(injected['cut:0.05']).toBeGreaterThan(0);
    // Every injected fault cost exactly one retry of a read.
    expect(s.retries).toBeGreaterThanOrEqual(injected['503:0.1'] + (injected['502:0.03'] ?? 0) + injected['429@1:0.03'] + injected['cut:0.05']);
  });
});

describe('missing and empty sessions', () => {
  test.each([
    ['NULL (the default, as documented)', [] as string[], 'GetChatSessionEntity answered NULL (no such session)'],
    ['--not-found exception', ['--not-found', 'exception'], 'SoEntityNotFoundException'],
  ])('a session answered %s is "not found" (exit 2); a session without messages is exported empty', async (_name, simArgs, why) => {
    const sim = await startChildSimulator(['--seed', '5', '--sessions', '2', '--messages', '3', ...simArgs]);
    try {
      const { createChatClient } = await import('../../src/index.js');
      const chat = createChatClient({ endpoint: sim.env.SO_ENDPOINT!, applicationToken: sim.env.SO_APPLICATION_TOKEN!, credentials: sim.env.SO_TICKET! });
      const empty = await chat.saveChatSessionEntity({ ChatSessionEntity: { ChatSessionId: 0, CustomerName: 'Nobody Yet' } });
      const out = join(tmp.dir, `missing-${simArgs.length}.jsonl`);
      const summary = join(tmp.dir, `missing-${simArgs.length}.json`);
      const r = await runCli(['chat', 'export', '--out', out, '--summary-json', summary, '1', String(empty!.ChatSessionId), '9999'], sim.env);
      expect(r.code).toBe(2);
      expect(summaryOf(summary).counts).toEqual({ exported: 2, 'not found': 1 });
      expect(r.stderr).toContain(`id 9999: `);
      expect(r.stderr).toContain(why);
      const lines = readJsonl<Line>(out);
      expect(lines.filter((l) => l.sessionId === empty!.ChatSessionId).map((l) => l.type)).toEqual(['transcript']);
      expect(lines.filter((l) => l.sessionId === 1 && l.type === 'message')).toHaveLength(3);
      expect(lines.some((l) => l.sessionId === 9999)).toBe(false);
    } finally {
      await sim.stop();
    }
  });
});

describe('a page becomes lines', () => {
  test('one JSON line per message above `after`, in UTF-8; the page lets go of each message once its line exists', () => {
    const m = (id: number, text: string): ChatMessage => ({ ChatMessageId: id, ChatSessionId: 7, Message: text, WhenPosted: new Date('2026-01-02T03:04:05Z') }) as ChatMessage;
    // Small lines are encoded together, a large one alone (here between small ones).
    const page: (ChatMessage | null)[] = [m(3, 'old'), m(5, 'æøå ✓ 😀'), m(6, 'b'), null, m(4, 'x'.repeat(100_000)), m(8, 'c ✓')];
    const json = (x: ChatMessage) => JSON.stringify({ type: 'message', sessionId: 7, ...x, WhenPosted: '2026-01-02T03:04:05.000Z' }) + '\n';
    const [, five, six, , four, eight] = page as ChatMessage[];
    const expected = [json(five!) + json(six!), json(four!), json(eight!)];
    const got = messageLines(7, page, 3);
    expect(got.present).toBe(5);
    expect(got.count).toBe(4);
    expect(got.last).toBe(8);
    expect(got.lines.map((l) => Buffer.from(l).toString('utf8'))).toEqual(expected);
    // Nothing of the page is held beside its lines (a large page is held once).
    expect(page).toEqual([null, null, null, null, null, null]);
  });
});

describe('the JSON line of a message', () => {
  test('is byte for byte JSON.stringify({ type, sessionId, ...toJsonForm(message) }), whatever the values and keys', () => {
    const proto = JSON.parse('{"__proto__": "own"}') as Record<string, unknown>;
    const messages: Record<string, unknown>[] = [
      { ChatMessageId: 1, Message: 'a "quoted" \u2028 ✓ 😀 \ud800', Author: null, WhenPosted: new Date('2026-01-02T03:04:05Z'), Gone: undefined },
      { 7: 'integer-like keys come first', ChatMessageId: 2, type: 'overwrites in place', sessionId: 'too', Flag: true },
      { ChatMessageId: 4, type: 'overwrites in place' },
      { ChatMessageId: 5, sessionId: 'overwrites in place too' },
      { Score: NaN, Big: Infinity, Small: -Infinity, Zero: -0, Bytes: new Uint8Array([1, 2, 250]), Bad: new Date(NaN) },
      { Nested: { When: new Date(0), List: [new Date(86_400_000), null, undefined, { X: NaN }] }, Empty: {} },
      Object.assign(proto, { ChatMessageId: 3 }),
      {},
      // short strings (quoted without JSON.stringify when nothing needs escaping) and long ones, at the boundary
      { A: '', B: 'ToUser', C: 'say "hi"', D: 'back\\slash', E: 'line\nend', F: '\u001f\u007f', G: '\ud83d', H: '😀', I: '\udc00x', J: 'é ✓ \u2028' },
      { A: 'x'.repeat(31), B: 'x'.repeat(32), C: `${'x'.repeat(30)}"`, D: `${'x'.repeat(31)}"`, E: `${'x'.repeat(30)}\u0000`, F: `${'x'.repeat(31)}\ud800` },
      // Dates: their text between quotes as it is
      { A: new Date('2024-01-15T08:32:06.123Z'), B: new Date(-62198755200000), C: new Date(253402300800000), D: new Date(-1) },
    ];
    for (const m of messages) {
      for (const id of [9, NaN]) expect(messageJson(id, m as unknown as ChatMessage)).toBe(JSON.stringify({ type: 'message', sessionId: id, ...(toJsonForm(m) as object) }));
    }
  });
});

describe('memory stays bounded', () => {
  test('peak RSS exporting 100,000 messages is about that of 10,000', async () => {
    const rss: Record<string, number> = {};
    for (const [label, sessions] of [['10k', 20], ['100k', 200]] as const) {
      const sim = await startChildSimulator(['--seed', '1', '--sessions', String(sessions), '--messages', '500', '--page-size', '500']);
      try {
        const summary = join(tmp.dir, `rss-${label}.json`);
        const out = join(tmp.dir, `rss-${label}.jsonl`);
        const r = await runCli(['chat', 'export', '--include', 'messages', '--out', out, '--journal', join(tmp.dir, `rss-${label}.journal`), '--summary-json', summary], sim.env, idsText(1, sessions));
        expect(r.code).toBe(0);
        const s = summaryOf(summary);
        expect(s.messages).toBe(sessions * 500);
        rss[label] = s.peakRssBytes;
      } finally {
        await sim.stop();
      }
    }
    const mb = (b: number) => (b / 1048576).toFixed(1);
    process.stdout.write(`peak RSS of the export: 10,000 messages ${mb(rss['10k'])} MiB, 100,000 messages ${mb(rss['100k'])} MiB\n`);
    expect(rss['100k']).toBeLessThan(rss['10k'] * 1.6);
    expect(rss['100k']).toBeLessThan(300 * 1048576);
  });
});
