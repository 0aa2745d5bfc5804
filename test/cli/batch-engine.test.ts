/** The batch engine's parts: id lists, journal replay, the group committer, pool, summary, progress. */
import { existsSync } from 'node:fs';
import { open, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseIdList, IdListError } from '../../src/batch/ids.js';
import { Committer, JournalError, openJournal, readJournal } from '../../src/batch/journal.js';
import { runPool } from '../../src/batch/pool.js';
import { Progress } from '../../src/batch/progress.js';
import { Summary } from '../../src/batch/summary.js';
import { tempDir } from './chat-helpers.js';

let tmp: ReturnType<typeof tempDir>;
beforeAll(() => (tmp = tempDir('so-soap-batch-')));
afterAll(() => tmp.cleanup());

describe('id lists', () => {
  test('whitespace, commas, comments; duplicates dropped', () => {
    expect(parseIdList('1 2,3\n# comment\n4;5  # trailing\n\n2\n', 'x')).toEqual({ ids: [1, 2, 3, 4, 5], duplicates: 1 });
  });
  test.each(['12a', '0', '-3', '2147483648', '1.5'])('rejects %s with its line', (bad) => {
    expect(() => parseIdList(`1\n${bad}\n`, 'ids.txt')).toThrow(IdListError);
    expect(() => parseIdList(`1\n${bad}\n`, 'ids.txt')).toThrow(`ids.txt:2: "${bad}" is not a session id`);
  });
});

describe('journal', () => {
  test('replay: the last record of an id decides; intent alone is in doubt; a torn last line is ignored', async () => {
    const path = join(tmp.dir, 'replay.journal');
    await writeFile(
      path,
      [
        '{"t":"run","v":1,"command":"export","at":"x","pid":1,"ids":4,"out":"/o"}',
        '{"t":"progress","id":1,"after":10,"messages":3,"out":300}',
        '{"t":"intent","id":2}',
        '{"t":"done","id":3,"outcome":"exported","messages":5,"after":20,"out":800}',
        '{"t":"failed","id":1,"error":"boom","out":800}',
        '{"t":"unknown","id":4,"error":"cut"}',
        '{"t":"done","id":5,"outco',
      ].join('\n'),
    );
    const { state, validBytes, exists } = await readJournal(path);
    expect(exists).toBe(true);
    expect(state.runs).toHaveLength(1);
    expect(state.committedOut).toBe(800);
    expect(Object.fromEntries(state.byId)).toEqual({
      1: { status: 'failed', error: 'boom', after: 10, messages: 3 }, // progress survives a failure
      2: { status: 'in-doubt' },
      3: { status: 'done', outcome: 'exported', messages: 5, after: 20 },
      4: { status: 'in-doubt', error: 'cut' },
    });
    const fh = await openJournal(path, validBytes);
    await fh.close();
    expect((await readFile(path, 'utf8')).endsWith('"error":"cut"}\n')).toBe(true); // the torn line was cut off
  });

  test('a damaged line in the middle is refused', async () => {
    const path = join(tmp.dir, 'damaged.journal');
    await writeFile(path, '{"t":"intent","id":1}\nGARBAGE\n{"t":"intent","id":2}\n');
    await expect(readJournal(path)).rejects.toThrow(JournalError);
    await expect(readJournal(path)).rejects.toThrow('damaged.journal:2');
    expect((await readJournal(join(tmp.dir, 'missing'))).exists).toBe(false);
  });

  test('committer: output before journal, offsets in records, concurrent commits grouped', async () => {
    const jpath = join(tmp.dir, 'c.journal');
    const opath = join(tmp.dir, 'c.out');
    const journal = await openJournal(jpath, 0);
    const out = await open(opath, 'w');
    const c = new Committer({ journal, out });
    await Promise.all(Array.from({ length: 20 }, (_, i) => c.commit(`line ${i}\n`, [{ t: 'progress', id: i, after: i, messages: 1 }])));
    await c.commit(undefined, [{ t: 'intent', id: 99 }]);
    await c.drain();
    await journal.close();
    await out.close();
    expect(c.groups).toBeLessThan(20);
    const text = await readFile(opath, 'utf8');
    const records = (await readFile(jpath, 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as { t: string; id: number; out?: number });
    expect(records).toHaveLength(21);
    // Each progress record vouches for exactly the output up to and including its own line.
    for (const r of records.filter((x) => x.t === 'progress')) expect(text.slice(0, r.out).endsWith(`line ${r.id}\n`)).toBe(true);
    expect(records[records.length - 1]).toEqual({ t: 'intent', id: 99 });
    expect(c.outBytes).toBe(Buffer.byteLength(text));
  });

  test('committer: a chunk of encoded lines is written exactly, in pieces, and each line is let go once written', async () => {
    const jpath = join(tmp.dir, 'lines.journal');
    const opath = join(tmp.dir, 'lines.out');
    const journal = await openJournal(jpath, 0);
    const out = await open(opath, 'w');
    const c = new Committer({ journal, out });
    // Small lines (joined into pieces), a line larger than a piece (written alone), multi-byte text.
    const text = [...Array.from({ length: 3000 }, (_, i) => `{"n":${i},"t":"æøå ✓ 😀"}\n`), `${'x'.repeat(1_500_000)}\n`, 'last ✓\n'];
    const lines = text.map((l) => Buffer.from(l, 'utf8'));
    await c.commit('head\n', [{ t: 'progress', id: 1, after: 1, messages: 1 }]);
    await c.commit(lines, [{ t: 'progress', id: 2, after: 2, messages: 3002 }]);
    await c.drain();
    await journal.close();
    await out.close();
    const written = await readFile(opath, 'utf8');
    expect(written).toBe(`head\n${text.join('')}`);
    const records = (await readFile(jpath, 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as { out?: number });
    expect(records.map((r) => r.out)).toEqual([5, Buffer.byteLength(written)]);
    // The committer keeps no written line: a large export page is not held after it is written.
    expect(lines.every((l) => l.byteLength === 0)).toBe(true);
  });

  test('committer: encoded lines go to the sink as text when there is no output file', async () => {
    let got = '';
    const c = new Committer({ sink: (s) => void (got += s) });
    const text = ['{"a":"æøå"}\n', `${'y'.repeat(1_100_000)}\n`, '{"b":"😀"}\n'];
    await c.commit(text.map((l) => Buffer.from(l, 'utf8')), []);
    expect(got).toBe(text.join(''));
    expect(c.outBytes).toBe(Buffer.byteLength(got));
  });

  test('a failing journal rejects this and later commits', async () => {
    const journal = await openJournal(join(tmp.dir, 'closed.journal'), 0);
    await journal.close();
    const c = new Committer({ journal });
    await expect(c.commit(undefined, [{ t: 'intent', id: 1 }])).rejects.toThrow();
    await expect(c.commit(undefined, [{ t: 'intent', id: 2 }])).rejects.toThrow();
  });

  (existsSync('/dev/full') ? test : test.skip)('a full disk: the failure names the file the committer could not write', async () => {
    const full = await open('/dev/full', 'r+');
    try {
      const asJournal = new Committer({ journal: full, journalName: 'the journal /x/j' });
      await expect(asJournal.commit(undefined, [{ t: 'intent', id: 1 }])).rejects.toThrow('cannot write the journal /x/j: ENOSPC');
      const asOutput = new Committer({ out: full, outName: 'the output /x/o.jsonl' });
      await expect(asOutput.commit(['{"a":1}\n'].map((l) => Buffer.from(l)), [])).rejects.toThrow('cannot write the output /x/o.jsonl: ENOSPC');
    } finally {
      await full.close();
    }
  });
});

test('pool: bounded concurrency, stops taking items when asked, in-flight ones finish', async () => {
  let inFlight = 0;
  let peak = 0;
  const done: number[] = [];
  let stop = false;
  await runPool(Array.from({ length: 50 }, (_, i) => i), 4, async (i) => {
    inFlight++;
    peak = Math.max(peak, inFlight);
    await new Promise((r) => setTimeout(r, 2));
    if (i === 20) stop = true;
    inFlight--;
    done.push(i);
  }, () => stop);
  expect(peak).toBe(4);
  expect(done.length).toBeGreaterThanOrEqual(21);
  expect(done.length).toBeLessThanOrEqual(24);
  expect(inFlight).toBe(0);
});

test('summary: exit codes and text', () => {
  const ok = new Summary('delete', 2);
  ok.add('deleted', true);
  ok.add('already gone', true);
  expect(ok.exitCode()).toBe(0);
  expect(ok.format()).toContain('result: all done (exit 0)');
  const partial = new Summary('reset', 3);
  partial.journal = '/j';
  partial.add('reset', true);
  partial.add('in doubt', false, 7, 'NetworkError: cut');
  partial.inDoubt.push(7);
  expect(partial.exitCode()).toBe(2); // one not done, one not started
  const text = partial.format();
  expect(text).toContain('  id 7: NetworkError: cut');
  expect(text).toContain('ids: 7');
  expect(text).toContain('in doubt (may or may not have been applied; not sent again, check them or re-run with --retry-in-doubt): 1');
  expect(text).toContain('result: partial (exit 2): 1 not done, 1 not started — run the same command with --journal /j to resume');
  // a delete in doubt is sent again on resume (delete has no --retry-in-doubt)
  const deletes = new Summary('delete', 1);
  deletes.add('in doubt', false, 8, 'NetworkError: cut');
  deletes.inDoubt.push(8);
  expect(deletes.format()).toContain('in doubt (may or may not have been applied; a resume with the same --journal sends them again): 1');
  expect(deletes.format()).not.toContain('--retry-in-doubt');
  // ids found missing: not done, and a resume does not change them: no resume advice for them alone
  const missing = new Summary('export', 2);
  missing.journal = '/j';
  missing.add('exported', true);
  missing.addNotFound('not found', 9999, 'GetChatSessionEntity answered NULL (no such session)');
  expect(missing.exitCode()).toBe(2);
  expect(missing.toJSON()).toMatchObject({ notDone: 1, notFound: 1 });
  expect(missing.format()).toContain('result: partial (exit 2): 1 not done (not found) — no such session: check the ids (a resume does not change this)');
  missing.add('failed', false, 5, 'HttpError: 502');
  expect(missing.format()).toContain('result: partial (exit 2): 2 not done (1 of them not found) — run the same command with --journal /j to resume the others');
  partial.fatal = 'SoExceptionError: bad ticket';
  expect(partial.exitCode()).toBe(1);
  expect(partial.toJSON()).toMatchObject({ command: 'reset', total: 3, notDone: 1, notStarted: 1, inDoubt: [7], exitCode: 1 });
});

test('progress: a bar redrawn in place, lines at quarters, or nothing', () => {
  let t = 0;
  const bar: string[] = [];
  const p = new Progress('bar', 4, 'delete', (s) => bar.push(s), () => (t += 200));
  for (let i = 0; i < 4; i++) p.tick(i !== 2);
  p.end();
  // eslint-disable-next-line no-control-regex -- the progress bar's ANSI "erase line" escape is what is checked
  expect(bar[bar.length - 2]).toMatch(/^\r\x1b\[2Kdelete \[#{28}\] 4\/4 100% \(1 not done\)/);
  expect(bar[bar.length - 1]).toBe('\n');
  const lines: string[] = [];
  const l = new Progress('lines', 8, 'export', (s) => lines.push(s));
  for (let i = 0; i < 8; i++) l.tick(true);
  expect(lines).toEqual(['export: 2/8 (25%)\n', 'export: 4/8 (50%)\n', 'export: 6/8 (75%)\n', 'export: 8/8 (100%)\n']);
  const off: string[] = [];
  const o = new Progress('off', 3, 'x', (s) => off.push(s));
  o.tick(true);
  o.end();
  expect(off).toEqual([]);
});
