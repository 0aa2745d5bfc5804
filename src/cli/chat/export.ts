/**
 * `so-soap chat export`: the messages (and transcripts) of a list of sessions as JSON Lines,
 * streamed: each page of `GetChatMessages` (paged with `After` = the last message id seen, until
 * an empty page) is written as one chunk and then journaled with the output length, so a resumed
 * export cuts the output back to the last journaled line and continues each session after its
 * last journaled message: every message exactly once.
 *
 * Lines: `{"type":"message","sessionId":5,"ChatMessageId":…,…}` and
 * `{"type":"transcript","sessionId":5,"html":false,"transcript":"…"}`.
 */
import { resolve } from 'node:path';
import { toJsonForm } from '../../codec.js';
import { setOwn } from '../../runtime/codec/values.js';
import type { ChatClient, ChatMessage } from '../../generated/chat/index.js';
import type { IdState, JournalRecord, OutputChunk } from '../../batch/journal.js';
import { runPool } from '../../batch/pool.js';
import { Summary } from '../../batch/summary.js';
import { intOption, parseArgs, UsageError, type ParsedArgs } from '../args.js';
import {
  COMMON_FLAGS, COMMON_HELP, COMMON_VALUES, connectionFromEnv, durable, summaryTarget, withSummary, noteAllDoneEarlier, type SummaryTarget, describeError, FatalError, finish, isFatal, isNotFound,
  clientSettings, makeClient, makeProgress, onInterrupt, openJob, readIds, cannotWrite, type ChatIo,
} from './common.js';
import { watchStdout } from '../output-errors.js';

export const EXPORT_USAGE = `Usage: so-soap chat export [--ids <file|->] [--out <file>] [options] [ids…]

Export the messages and transcripts of chat sessions as JSON Lines (stdout, or --out), one line per
message ({"type":"message","sessionId":…, …ChatMessage}) and one per transcript
({"type":"transcript","sessionId":…,"html":false,"transcript":"…"}).

  --out <file>          write to a file (required with --journal: a resumed export cuts the file back
                        to its last journaled line, so every message is in it exactly once)
  --overwrite           replace an existing --out file on a fresh run
  --include <list>      messages,transcripts (default both)
  --html                transcripts as HTML

${COMMON_HELP}`;

export async function runExport(argv: string[], io: ChatIo): Promise<number> {
  const args = parseArgs(argv, { values: [...COMMON_VALUES, 'out', 'include'], flags: [...COMMON_FLAGS, 'overwrite', 'html'] });
  const target = await summaryTarget(args);
  return withSummary(target, 'export', args.flags.has('dry-run'), () => exportJob(args, io, target));
}

async function exportJob(args: ParsedArgs, io: ChatIo, target: SummaryTarget | undefined): Promise<number> {
  const include = new Set((args.values.include ?? 'messages,transcripts').split(',').map((s) => s.trim()).filter(Boolean));
  for (const i of include) if (i !== 'messages' && i !== 'transcripts') throw new UsageError(`--include takes messages and/or transcripts, got "${i}"`);
  if (include.size === 0) throw new UsageError('--include needs messages and/or transcripts');
  const concurrency = intOption(args, 'concurrency', 4, 1, 64);
  const dryRun = args.flags.has('dry-run');
  const outPath = args.values.out === undefined ? undefined : resolve(args.values.out);
  if (args.values.journal !== undefined && outPath === undefined && !dryRun) {
    throw new UsageError('--journal needs --out <file> for export (stdout cannot be cut back to the last journaled line on resume)');
  }
  const settings = clientSettings(args, io.env);
  const conn = await connectionFromEnv(io.env, settings);
  const { ids } = await readIds(args, io);
  const summary = new Summary('export', ids.length, dryRun);
  if (!dryRun) summary.messages = 0;
  const job = await openJob({ command: 'export', journalPath: args.values.journal, endpoint: conn.endpoint, total: ids.length, outPath, overwrite: args.flags.has('overwrite'), options: { '--include': [...include].sort().join(','), '--html': args.flags.has('html') ? 'yes' : 'no' }, dryRun, forceUnlock: args.flags.has('force-unlock'), forceResume: args.flags.has('force-resume'), io });
  if (job.path) summary.journal = job.path;
  if (outPath) summary.output = outPath;
  // (each page is written out and let go: its strings need not be copied off the response text)
  const chat = makeClient(conn, settings, io, summary, 'share');
  const progress = makeProgress(args, io, ids.length, 'export');
  const interrupt = onInterrupt(io, 'finishing the calls in flight and writing the journal');
  const html = args.flags.has('html');
  const unwatch = outPath === undefined && !dryRun ? watchStdout((code) => (summary.fatal ??= cannotWrite('the output (stdout)', code))) : () => undefined;
  progress.draw();
  try {
    await runPool(ids, concurrency, async (id) => {
      if (summary.fatal !== undefined) return;
      const before = job.state.byId.get(id);
      if (before?.status === 'done') {
        if (before.outcome === 'not-found') summary.addNotFound('not found (earlier run)');
        else summary.add('done earlier', true);
        progress.tick(before.outcome !== 'not-found');
        return;
      }
      const ok = dryRun ? await dryRunOne(chat, id, summary) : await exportOne(chat, id, before, { include, html, summary, commit: durable(job.committer), stopped: interrupt.stopped });
      progress.tick(ok);
    }, () => interrupt.stopped() || summary.fatal !== undefined);
  } finally {
    interrupt.dispose();
    unwatch();
    progress.end();
    summary.interrupted = interrupt.stopped();
    if (!dryRun && job.path) await job.committer.commit(undefined, [{ t: 'end', at: new Date().toISOString(), interrupted: summary.interrupted }]).catch(() => undefined);
    const closeFailure = await job.close();
    if (closeFailure !== undefined) summary.fatal ??= closeFailure;
  }
  noteAllDoneEarlier(summary, job, io);
  return finish(summary, io, target);
}

async function dryRunOne(chat: ChatClient, id: number, summary: Summary): Promise<boolean> {
  try {
    if ((await chat.getChatSessionEntity({ ChatSessionEntityId: id })) == null) {
      summary.addNotFound('not found', id, 'GetChatSessionEntity answered NULL (no such session)');
      return false;
    }
    summary.add('would export', true);
    return true;
  } catch (e) {
    if (isNotFound(e)) {
      summary.addNotFound('not found', id, describeError(e));
      return false;
    }
    if (isFatal(e)) summary.fatal = describeError(e);
    summary.add('failed', false, id, describeError(e));
    return false;
  }
}

interface ExportContext {
  include: Set<string>;
  html: boolean;
  summary: Summary;
  commit: (chunk: OutputChunk | undefined, records: JournalRecord[]) => Promise<void>;
  stopped: () => boolean;
}

/** Whether the session is gone: `GetChatSessionEntity` answers NULL (or not-found). */
async function sessionMissing(chat: ChatClient, id: number): Promise<boolean> {
  try {
    return (await chat.getChatSessionEntity({ ChatSessionEntityId: id })) == null;
  } catch (e) {
    if (isNotFound(e)) return true;
    throw e;
  }
}

/** Journal and count a session found missing (exit 2: "not found"). */
async function missing(c: ExportContext, id: number, messages: number, after: number): Promise<false> {
  await c.commit(undefined, [{ t: 'done', id, outcome: 'not-found', messages, after }]);
  c.summary.addNotFound('not found', id, 'GetChatSessionEntity answered NULL (no such session)');
  return false;
}

export interface PageLines {
  /** Messages in the page (NULL items left out). */
  present: number;
  /** Messages above `after` (as many JSON lines). */
  count: number;
  /** The JSON lines of the messages above `after`, newlines included, in UTF-8: a large one alone, small ones together. */
  lines: Uint8Array[];
  /** The highest message id seen (`after` when none is above it). */
  last: number;
}

/**
 * The JSON lines of a page's messages above `after` (never twice, whatever the service sends), encoded.
 * Each item of `page` is set to null once its line is made: a large page is then held once, as
 * decoded values or as lines, never both in full.
 */
export function messageLines(id: number, page: (ChatMessage | null)[], after: number): PageLines {
  const lines: Uint8Array[] = [];
  // Small lines are joined as text and encoded together (one buffer per SMALL_LINES characters):
  // a buffer per line of a few hundred bytes costs more than the text.
  let small = '';
  let present = 0;
  let count = 0;
  let last = after;
  for (let i = 0; i < page.length; i++) {
    const m = page[i];
    if (m == null) continue;
    page[i] = null;
    present++;
    const mid = m.ChatMessageId ?? 0;
    if (mid <= after) continue;
    const json = messageJson(id, m);
    if (mid > last) last = mid;
    count++;
    if (json.length < LARGE_LINE) {
      small += `${json}\n`;
      if (small.length < SMALL_LINES) continue;
    } else if (small === '') {
      lines.push(line(json));
      continue;
    }
    lines.push(Buffer.from(small, 'utf8'));
    small = '';
    if (json.length >= LARGE_LINE) lines.push(line(json));
  }
  if (small !== '') lines.push(Buffer.from(small, 'utf8'));
  return { present, count, lines, last };
}

/**
 * The JSON of a message's line: `JSON.stringify({ type: 'message', sessionId: id, ...toJsonForm(m) })`,
 * byte for byte, written as text: no object for the line, each value in its JSON form (strings by
 * `JSON.stringify`, finite numbers, booleans and null as they are; Dates, bytes, non-finite numbers
 * and nested values through toJsonForm), each key's `,"key":` made once per process. A message
 * whose keys would not come after `type` and `sessionId` in that object (an array-index-like key,
 * or `type`/`sessionId` themselves, which take their place) has its line made from the object.
 */
export function messageJson(id: number, m: ChatMessage): string {
  const msg = m as unknown as Record<string, unknown>;
  const keys = Object.keys(msg);
  let json = Number.isFinite(id) ? `{"type":"message","sessionId":${id}` : '{"type":"message","sessionId":null';
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i];
    const v = msg[k];
    if (v === undefined) continue;
    const first = k.charCodeAt(0);
    if (k === 'type' || k === 'sessionId' || (first >= 0x30 && first <= 0x39)) return lineObjectJson(id, msg);
    const t = typeof v;
    json += keyJson(k) + (t === 'string' ? jsonString(v as string) : v === null || t === 'boolean' || (t === 'number' && Number.isFinite(v)) ? String(v) : valueJson(v));
  }
  return `${json}}`;
}

/** Strings this long or longer are quoted by JSON.stringify; shorter ones are checked here first. */
const SHORT_STRING = 32;

/**
 * `JSON.stringify(s)`. A short string with nothing to escape (no `"`, `\`, control character or
 * surrogate: a lone one is escaped, a pair left to JSON.stringify too) is put between quotes as it
 * is: checking a few characters costs less than the call (enum values, names, ids).
 */
function jsonString(s: string): string {
  const n = s.length;
  if (n >= SHORT_STRING) return JSON.stringify(s);
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c === 0x22 || c === 0x5c || (c >= 0xd800 && c <= 0xdfff)) return JSON.stringify(s);
  }
  return `"${s}"`;
}

/** The JSON of a value that is not a string, a finite number, a boolean or null: a Date's text needs no escaping. */
function valueJson(v: unknown): string {
  const form = toJsonForm(v);
  return v instanceof Date && typeof form === 'string' ? `"${form}"` : JSON.stringify(form);
}

/** `,"key":` of the keys seen so far (a schema's field names: a few dozen; no more than KEY_TEXTS kept). */
const keyTexts = new Map<string, string>();
const KEY_TEXTS = 1024;

function keyJson(k: string): string {
  let text = keyTexts.get(k);
  if (text === undefined) {
    text = `,${JSON.stringify(k)}:`;
    if (keyTexts.size < KEY_TEXTS) keyTexts.set(k, text);
  }
  return text;
}

/** messageJson the plain way: the line's object, then JSON.stringify. */
function lineObjectJson(id: number, msg: Record<string, unknown>): string {
  const line: Record<string, unknown> = { type: 'message', sessionId: id };
  for (const k of Object.keys(msg)) {
    const v = msg[k];
    if (v !== undefined) setOwn(line, k, toJsonForm(v));
  }
  return JSON.stringify(line);
}

/** A message whose JSON has this many characters or more is encoded on its own, at once (`line`). */
const LARGE_LINE = 64 * 1024;
/** Small lines are encoded together once their text reaches this many characters. */
const SMALL_LINES = 256 * 1024;

/**
 * `json` and a newline in UTF-8, encoded at once: the string (which may be two bytes a character,
 * whatever its content, when the document it was decoded from was) is let go, and is never copied
 * whole by appending the newline to it.
 */
function line(json: string): Uint8Array {
  const n = Buffer.byteLength(json, 'utf8');
  const bytes = Buffer.allocUnsafe(n + 1);
  bytes.write(json, 0, n, 'utf8');
  bytes[n] = 0x0a;
  return bytes;
}

/** Export one session from where the journal left it. Returns whether the id is done. */
async function exportOne(chat: ChatClient, id: number, before: IdState | undefined, c: ExportContext): Promise<boolean> {
  let after = before?.after ?? 0;
  let messages = before?.messages ?? 0;
  const s = c.summary;
  try {
    if (c.include.has('messages')) {
      for (;;) {
        if (c.stopped()) {
          s.add('interrupted', false);
          return false;
        }
        let page = await chat.getChatMessages({ ChatSessionId: id, After: after });
        // NULL is the agents' documented "not found" ("a failed call will return NULL"); a session
        // without (more) messages may answer it too, so the session itself decides.
        if (page == null && (await sessionMissing(chat, id))) return await missing(c, id, messages, after);
        // One line per message; each message is let go once its line exists (the page is ours),
        // so a large page is held once, as decoded values or as lines, not both.
        let lines: PageLines | undefined = messageLines(id, page ?? [], after);
        page = undefined;
        if (lines.present === 0) break;
        if (lines.last <= after) throw new Error(`GetChatMessages(After=${after}) returned no message above ${after}; stopping this session to avoid a loop`);
        const count = lines.count;
        messages += count;
        after = lines.last;
        const written = c.commit(lines.lines, [{ t: 'progress', id, after, messages }]);
        lines = undefined; // the committer lets each line go once it is written
        await written;
        // (counted once written: a page the disk refused is not in "messages written")
        s.messages = (s.messages ?? 0) + count;
      }
    }
    let chunk: string | undefined;
    if (c.include.has('transcripts')) {
      const transcript = await chat.getChatTranscript({ ChatSessionId: id, Html: c.html });
      if (transcript == null && !c.include.has('messages') && (await sessionMissing(chat, id))) return await missing(c, id, messages, after);
      chunk = `${JSON.stringify({ type: 'transcript', sessionId: id, html: c.html, transcript: transcript ?? null })}\n`;
    }
    await c.commit(chunk, [{ t: 'done', id, outcome: 'exported', messages, after }]);
    s.add('exported', true);
    return true;
  } catch (e) {
    if (e instanceof FatalError) {
      s.fatal = e.message;
      s.add('failed', false, id, e.message);
      return false;
    }
    if (isNotFound(e)) {
      await c.commit(undefined, [{ t: 'done', id, outcome: 'not-found', messages, after }]);
      s.addNotFound('not found', id, describeError(e));
      return false;
    }
    if (isFatal(e)) s.fatal = describeError(e);
    await c.commit(undefined, [{ t: 'failed', id, error: describeError(e) }]).catch(() => undefined);
    s.add('failed', false, id, describeError(e));
    return false;
  }
}
