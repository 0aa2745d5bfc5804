/**
 * The checkpoint journal of a batch job: an append-only JSON Lines file, one record per line,
 * written with a group commit (records of concurrent workers are appended together and made
 * durable with one `fdatasync` before any of their callers continues).
 *
 * Records (`t` = type):
 *
 * ```
 * {"t":"run","v":1,"command":"export","at":"<ISO time>","pid":123,"endpoint":"http://…","ids":2000,"out":"/abs/out.jsonl","options":{"--include":"messages","--html":"no"}}
 * {"t":"intent","id":17}                                   before a mutation is sent
 * {"t":"done","id":17,"outcome":"deleted"}                 outcomes: deleted, already-gone, reset, exported, not-found
 * {"t":"failed","id":18,"error":"HttpError: … HTTP 503"}   the call failed and was NOT applied (safe to send again)
 * {"t":"unknown","id":19,"error":"NetworkError: …"}        the call may have been applied: in doubt
 * {"t":"progress","id":21,"after":1234,"messages":500,"out":123456}   export: messages up to id 1234 are in the output, which is 123456 bytes long
 * {"t":"end","at":"<ISO time>","interrupted":false}
 * ```
 *
 * Replay: the last record of an id decides its state. An `intent` without a later record, or
 * `unknown`, is *in doubt*. A torn last line (the process was killed while writing it) is ignored
 * and cut off before new records are appended.
 */
import { writeSync } from 'node:fs';
import { open, readFile, stat, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';

export type JournalRecord =
  | { t: 'run'; v: 1; command: string; at: string; pid: number; endpoint?: string; ids: number; out?: string; options?: Record<string, string> }
  | { t: 'intent'; id: number }
  | { t: 'done'; id: number; outcome: string; messages?: number; after?: number; out?: number }
  | { t: 'failed'; id: number; error: string; out?: number }
  | { t: 'unknown'; id: number; error: string }
  | { t: 'progress'; id: number; after: number; messages: number; out?: number }
  | { t: 'end'; at: string; interrupted: boolean };

export type IdStatus = 'done' | 'failed' | 'in-doubt' | 'progress';

export interface IdState {
  status: IdStatus;
  outcome?: string;
  /** Export: the last message id written. */
  after?: number;
  /** Export: messages written so far. */
  messages?: number;
  error?: string;
}

export interface JournalState {
  /** The `run` records found (one per run so far). */
  runs: Extract<JournalRecord, { t: 'run' }>[];
  byId: Map<number, IdState>;
  /** The output length the last journaled record vouches for (export), or undefined when none did. */
  committedOut: number | undefined;
}

export class JournalError extends Error {
  override readonly name = 'JournalError';
}

/** Read a journal: its state and the byte length of its complete lines. */
export async function readJournal(path: string): Promise<{ state: JournalState; validBytes: number; exists: boolean }> {
  const state: JournalState = { runs: [], byId: new Map(), committedOut: undefined };
  let buf: Buffer;
  try {
    buf = await readFile(path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { state, validBytes: 0, exists: false };
    throw new JournalError(`cannot read the journal ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  let at = 0;
  let lineNo = 0;
  let validBytes = 0;
  while (at < buf.length) {
    const nl = buf.indexOf(0x0a, at);
    lineNo++;
    if (nl < 0) break; // a torn last line: ignored
    const line = buf.subarray(at, nl).toString('utf8');
    let rec: JournalRecord;
    try {
      rec = JSON.parse(line) as JournalRecord;
    } catch {
      if (nl + 1 >= buf.length) break; // a torn last line that happens to end in a newline
      throw new JournalError(`${path}:${lineNo}: not a journal record (the file is damaged; it is safer to look at it than to resume)`);
    }
    apply(state, rec, `${path}:${lineNo}`);
    at = nl + 1;
    validBytes = at;
  }
  return { state, validBytes, exists: true };
}

function apply(state: JournalState, rec: JournalRecord, where: string): void {
  if (!rec || typeof rec !== 'object' || typeof (rec as { t?: unknown }).t !== 'string') throw new JournalError(`${where}: not a journal record`);
  switch (rec.t) {
    case 'run':
      state.runs.push(rec);
      return;
    case 'end':
      return;
    case 'intent':
      state.byId.set(rec.id, { ...keep(state.byId.get(rec.id)), status: 'in-doubt' });
      return;
    case 'done':
      state.byId.set(rec.id, { status: 'done', outcome: rec.outcome, after: rec.after, messages: rec.messages });
      if (rec.out !== undefined) state.committedOut = rec.out;
      return;
    case 'failed':
      state.byId.set(rec.id, { ...keep(state.byId.get(rec.id)), status: 'failed', error: rec.error });
      if (rec.out !== undefined) state.committedOut = rec.out;
      return;
    case 'unknown':
      state.byId.set(rec.id, { ...keep(state.byId.get(rec.id)), status: 'in-doubt', error: rec.error });
      return;
    case 'progress':
      state.byId.set(rec.id, { status: 'progress', after: rec.after, messages: rec.messages });
      if (rec.out !== undefined) state.committedOut = rec.out;
      return;
    default:
      throw new JournalError(`${where}: unknown record type "${(rec as { t: string }).t}"`);
  }
}

/** Export progress survives a failure or an intent: keep `after`/`messages`. */
function keep(s: IdState | undefined): Partial<IdState> {
  return s && s.after !== undefined ? { after: s.after, messages: s.messages } : {};
}

/**
 * Output of one commit: text, or lines already encoded (UTF-8, each complete with its newline),
 * written a few at a time, so that a large export page never exists as one string or one buffer
 * (issue 14 item 6). The committer empties an array of lines as it writes them: a line is let go
 * once it is written.
 */
export type OutputChunk = string | Uint8Array[];

interface Pending {
  chunk: OutputChunk | undefined;
  records: JournalRecord[];
  resolve: () => void;
  reject: (e: unknown) => void;
}

export interface CommitterOptions {
  /** The journal (opened for appending), or none. */
  journal?: FileHandle;
  /** The output file, written at explicit offsets from `outOffset`. */
  out?: FileHandle;
  outOffset?: number;
  /** Where output goes when there is no output file (stdout); a promise it returns settles when the text is written (rejected: it was not). */
  sink?: (text: string) => void | Promise<void>;
  /** fdatasync after each group (default true). */
  sync?: boolean;
  /** The files as messages name them (`the output out.jsonl`, `the journal j`). */
  outName?: string;
  journalName?: string;
}

/** A write (or sync) the committer could not make, naming the file; `code` is the system error's (ENOSPC, EIO …). */
export class WriteFailure extends Error {
  override readonly name = 'WriteFailure';
  readonly code: string | undefined;

  constructor(readonly target: string, cause: unknown) {
    const code = (cause as NodeJS.ErrnoException | undefined)?.code;
    super(`cannot write ${target}: ${code ?? (cause as Error | undefined)?.message ?? String(cause)}`, { cause });
    this.code = code;
  }
}

/**
 * Serialises output and journal writes: each commit's output chunk is written (and synced) before
 * its journal records, and records are appended in the order their chunks were written, so the
 * last journaled `out` offset always marks a prefix of the output that is complete. Commits that
 * arrive while a group is being written form the next group.
 */
export class Committer {
  private pending: Pending[] = [];
  private flushing: Promise<void> | undefined;
  private failure: unknown;
  private offset: number;
  /** Journal records written (for tests and stats). */
  records = 0;
  /** Groups made durable (fdatasync calls on the journal). */
  groups = 0;

  constructor(private readonly o: CommitterOptions) {
    this.offset = o.outOffset ?? 0;
  }

  /** Bytes of output written so far. */
  get outBytes(): number {
    return this.offset;
  }

  /** Write `chunk` to the output (if any), then append `records` to the journal; resolves once both are durable. */
  commit(chunk: OutputChunk | undefined, records: JournalRecord[]): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise<void>((resolve, reject) => {
      this.pending.push({ chunk, records, resolve, reject });
      if (!this.flushing) this.flushing = this.loop();
    });
  }

  /** Wait until everything committed so far is written. */
  async drain(): Promise<void> {
    while (this.flushing) await this.flushing;
  }

  private async loop(): Promise<void> {
    while (this.pending.length > 0) {
      const group = this.pending.splice(0);
      try {
        await this.write(group);
        for (const p of group) p.resolve();
      } catch (e) {
        this.failure = e;
        for (const p of group) p.reject(e);
        for (const p of this.pending.splice(0)) p.reject(e);
      }
    }
    this.flushing = undefined;
  }

  private async write(group: Pending[]): Promise<void> {
    const sync = this.o.sync !== false;
    const lines: string[] = [];
    let end = this.offset;
    let wrote = false;
    // Each chunk is written on its own, in order, and a chunk of lines in pieces of about
    // WRITE_PIECE characters (never joined: a group of large export pages joined, then encoded,
    // would hold every page twice more at once).
    const outName = this.o.outName ?? 'the output';
    const sunk: Promise<void>[] = [];
    for (const p of group) {
      const chunk = p.chunk;
      p.chunk = undefined;
      if (chunk !== undefined && chunk.length > 0) {
        for (const piece of pieces(chunk)) {
          if (this.o.out) {
            failingAs(outName, () => writeAll(this.o.out!, piece, end));
          } else {
            const written = this.o.sink?.(piece.toString('utf8'));
            if (written) sunk.push(written);
          }
          end += piece.byteLength;
        }
        wrote = true;
      }
      for (const r of p.records) {
        if (this.o.out && (r.t === 'progress' || r.t === 'done' || r.t === 'failed')) r.out = end;
        lines.push(JSON.stringify(r));
      }
    }
    if (sunk.length > 0) {
      // (a commit resolves once its output is written: what is counted as written was)
      try {
        await Promise.all(sunk);
      } catch (e) {
        throw new WriteFailure(outName, e);
      }
    }
    if (wrote) {
      if (this.o.out && sync && this.o.journal) await syncAs(outName, this.o.out);
      this.offset = end;
    }
    if (lines.length > 0 && this.o.journal) {
      const journalName = this.o.journalName ?? 'the journal';
      failingAs(journalName, () => writeAll(this.o.journal!, Buffer.from(`${lines.join('\n')}\n`, 'utf8'), null));
      if (sync) await syncAs(journalName, this.o.journal);
      this.groups++;
    }
    this.records += lines.length;
  }
}

/** Run a synchronous write; its failure is a `WriteFailure` naming `target`. */
function failingAs(target: string, write: () => void): void {
  try {
    write();
  } catch (e) {
    throw new WriteFailure(target, e);
  }
}

/** fdatasync `fh`; its failure is a `WriteFailure` naming `target`. */
async function syncAs(target: string, fh: FileHandle): Promise<void> {
  try {
    await fh.datasync();
  } catch (e) {
    throw new WriteFailure(target, e);
  }
}

/** Small lines are joined into pieces of about this many bytes before they are written. */
const WRITE_PIECE = 1 << 20;
const NO_BYTES = new Uint8Array(0);

/**
 * The bytes of a chunk in pieces: a string encoded as it is; lines a few at a time (small lines
 * joined into one piece of about WRITE_PIECE bytes, a large line alone, not copied), so that a
 * page of many small messages stays a few writes and a page of large ones is never copied whole.
 */
function* pieces(chunk: OutputChunk): Generator<Buffer> {
  if (typeof chunk === 'string') {
    yield Buffer.from(chunk, 'utf8');
    return;
  }
  let from = 0;
  let size = 0;
  for (let i = 0; i < chunk.length; i++) {
    size += chunk[i]!.byteLength;
    if (size >= WRITE_PIECE || i === chunk.length - 1) {
      const piece = i === from ? bufferOf(chunk[i]!) : Buffer.concat(chunk.slice(from, i + 1), size);
      chunk.fill(NO_BYTES, from, i + 1);
      yield piece;
      from = i + 1;
      size = 0;
    }
  }
}

function bufferOf(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/**
 * Write all of `buf` at `position` (null: at the end of an append-mode file).
 *
 * Synchronous, as Node writes stdout to a file or a pipe: a write into the page cache takes
 * microseconds, while `FileHandle#write` hands each one to the thread pool and back (two thread
 * wake-ups per page, competing for the cores with the HTTP work: ~3% of a chat export's wall time
 * on 2 cores). What may really wait for the disk, `datasync`, stays asynchronous. Errors (ENOSPC,
 * EIO) are thrown inside the committer's async `write`, which rejects its commits as before.
 */
function writeAll(fh: FileHandle, buf: Buffer, position: number | null): void {
  let done = 0;
  while (done < buf.length) {
    done += writeSync(fh.fd, buf, done, buf.length - done, position === null ? null : position + done);
  }
}

/** Open a journal for appending, cutting off a torn last line first. */
export async function openJournal(path: string, validBytes: number): Promise<FileHandle> {
  const existed = await stat(path).then(() => true, () => false);
  const fh = await open(path, 'a+');
  const { size } = await fh.stat();
  if (size > validBytes) await fh.truncate(validBytes);
  // A new file's name is durable only once its folder is: a power loss could lose the whole
  // journal, its intents (vouched for as durable before a mutation is sent) with it.
  if (!existed) await syncDirectoryOf(path);
  return fh;
}

/** fsync the folder holding `path` (a file just created in it); where folders cannot be opened (Windows), nothing. */
export async function syncDirectoryOf(path: string): Promise<void> {
  let dir: FileHandle | undefined;
  try {
    dir = await open(dirname(path), 'r');
  } catch {
    return;
  }
  try {
    await dir.sync().catch(() => undefined); // (EINVAL on file systems without it)
  } finally {
    await dir.close();
  }
}
