/**
 * What the `so-soap chat` batch commands share: the environment (endpoint and secrets, never from
 * argv), the client, the id list, the confirmation guard, SIGINT handling, the journal and the
 * error classification that decides what is done, failed (not applied, safe to send again) or in
 * doubt (may have been applied).
 */
import { constants as fsConstants } from 'node:fs';
import { access, open, realpath, rename, stat, unlink, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import type { EventEmitter } from 'node:events';
// (not the package's index: it loads the SoPrincipal descriptor, which these commands never use)
import { ChatService, type ChatClient } from '../../generated/chat/index.js';
import { chatTransport } from '../../chat-transport.js';
import type { LogEntry } from '../../runtime/client/logger.js';
import { HttpError, NetworkError, RequestValidationError, ResponseFormatError, SoExceptionError } from '../../runtime/client/errors.js';
import { DEFAULT_MAX_RESPONSE_BYTES, createClient } from '../../runtime/client/client.js';
import { SignInError, TokenVerificationError } from '../../runtime/auth/errors.js';
import { soapTransport } from '../../runtime/http/soap-transport.js';
import { isAuthenticationFailure } from '../../runtime/client/credentials.js';
import { isNotFoundException } from '../../runtime/client/exception-types.js';
import { readIdList, parseIdList, IdListError } from '../../batch/ids.js';
import { Committer, WriteFailure, openJournal, readJournal, type JournalRecord, type JournalState, type OutputChunk } from '../../batch/journal.js';
import { acquireLock, describeHolder, LockError, type HeldLock } from '../../batch/lock.js';
import { Progress, type ProgressMode } from '../../batch/progress.js';
import { Summary } from '../../batch/summary.js';
import { UsageError, intOption, sizeOption, type ParsedArgs } from '../args.js';
import { redact, registerSecret } from '../../runtime/client/redact.js';
import { signInFromEnv } from '../sign-in.js';
import { cliHttpClient } from '../proxy.js';
import type { Credentials } from '../../runtime/client/credentials.js';
import type { Io } from '../dynamic.js';

/** The CLI's I/O, plus what the chat commands need from the process (injectable for tests and the demo). */
export interface ChatIo extends Io {
  stdin?: NodeJS.ReadableStream;
  stdinIsTTY?: boolean;
  stderrIsTTY?: boolean;
  /** Source of SIGINT/SIGTERM/SIGHUP (default: `process`). */
  signals?: EventEmitter;
  /** Force the progress mode (the demo uses `lines` off a TTY). */
  progressMode?: ProgressMode;
  /** Where progress goes (default: `stderr`). */
  progressWrite?: (s: string) => void;
}

/** A fatal condition: nothing (more) can be done; exit 1. */
export class FatalError extends Error {
  override readonly name = 'FatalError';
}

export const SECRET_OPTIONS = ['ticket', 'app-token', 'application-token', 'password', 'token'];

/** Refuse secrets on the command line (they end up in `ps` and shell history). */
export function refuseSecretArgs(argv: readonly string[]): void {
  for (const a of argv) {
    const name = /^--([^=]+)/.exec(a)?.[1];
    if (name && SECRET_OPTIONS.includes(name)) {
      throw new FatalError(`--${name}: secrets are never taken from the command line (they would show in ps and the shell history); set SO_TICKET or SO_TICKET_FILE and SO_APPLICATION_TOKEN in the environment`);
    }
  }
}

export interface Connection {
  endpoint: string;
  applicationToken: string | undefined;
  /** A ticket, or the system user / OAuth provider (src/cli/sign-in.ts). */
  credentials: Credentials;
}

/**
 * The endpoint and credentials from the environment (src/cli/sign-in.ts): `SO_ENDPOINT`, or the
 * endpoint the system user's or OAuth token names (then the sign-in happens here, before any call).
 */
export async function connectionFromEnv(env: NodeJS.ProcessEnv, settings?: Pick<ClientSettings, 'timeoutMs'>): Promise<Connection> {
  let signIn;
  try {
    // (the sign-in's requests have the command's --timeout too)
    signIn = signInFromEnv(env, { timeoutMs: settings?.timeoutMs });
  } catch (e) {
    throw new FatalError((e as Error).message);
  }
  if (!signIn.credentials) throw new FatalError('no credentials: set SO_TICKET or SO_TICKET_FILE, or the system user (SO_SYSTEM_USER_TOKEN, SO_PRIVATE_KEY_FILE, SO_CONTEXT_ID), or OAuth (SO_REFRESH_TOKEN_FILE, SO_CLIENT_ID) — see docs/guide/superoffice-online.md');
  let endpoint = env.SO_ENDPOINT;
  // The system user and OAuth sign in here, before any call, also when SO_ENDPOINT names the
  // endpoint: a refused sign-in is fatal at once, not a failure of every id (each signing in again).
  if (signIn.discover && signIn.signIn) {
    try {
      if (endpoint) await signIn.signIn();
      else endpoint = await signIn.discover('Chat');
    } catch (e) {
      throw new FatalError(`sign-in (${signIn.way}) failed: ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`);
    }
  }
  if (!endpoint) throw new FatalError('SO_ENDPOINT is not set (the Chat service URL, e.g. https://sod.superoffice.com/Cust12345/Remote/Services88/Chat.svc)');
  if (!/^https?:\/\//i.test(endpoint)) throw new FatalError(`SO_ENDPOINT must be an http(s) URL, got "${redact(endpoint)}"`);
  return { endpoint: withoutCredentials(endpoint), applicationToken: signIn.applicationToken, credentials: signIn.credentials };
}

/**
 * The endpoint without `user:pass@`: the ticket is the credential (the HTTP client never sends URL
 * credentials), and the endpoint is journaled, logged and printed. The password is also registered
 * as a secret, so that redaction masks it should it show anywhere else.
 */
export function withoutCredentials(endpoint: string): string {
  let u: URL;
  try {
    u = new URL(endpoint);
  } catch {
    throw new FatalError('SO_ENDPOINT is not a valid URL');
  }
  if (u.username === '' && u.password === '') return endpoint;
  registerSecret(u.password);
  registerSecret(decodeURIComponent(u.password));
  u.username = '';
  u.password = '';
  return u.toString();
}

export interface ClientSettings {
  timeoutMs: number;
  retries: number;
  verbose: boolean;
  /** `soap` (default) or `rest` (the REST Agents API, same operations and results). */
  transport: 'soap' | 'rest';
  /** `--max-response-bytes`: the largest response accepted (the library's `maxResponseBytes`). */
  maxResponseBytes: number;
}

/** The client settings every chat command takes: `--timeout`, `--retries`, `--verbose`, `--transport`, `--max-response-bytes`. */
export function clientSettings(args: ParsedArgs, env: NodeJS.ProcessEnv): ClientSettings {
  const transport = args.values.transport ?? env.SO_TRANSPORT ?? 'soap';
  if (transport !== 'soap' && transport !== 'rest') throw new UsageError(`--transport must be soap or rest, got "${transport}"`);
  return {
    timeoutMs: intOption(args, 'timeout', 30_000, 1, 3_600_000),
    retries: intOption(args, 'retries', 4, 0, 20),
    verbose: args.flags.has('verbose'),
    transport,
    // Not given: the library's default (64 MiB).
    maxResponseBytes: sizeOption(args, 'max-response-bytes', DEFAULT_MAX_RESPONSE_BYTES),
  };
}

/**
 * The Chat client of a job; retries of safe reads are counted into `summary.retries`. `strings:
 * 'share'` for a job that lets each answer go once written (the SOAP decoder's `DecodeOptions.strings`).
 */
export function makeClient(conn: Connection, s: ClientSettings, io: ChatIo, summary: { retries: number }, strings: 'copy' | 'share' = 'copy'): ChatClient {
  const show = (e: LogEntry): void => io.stderr(`${e.level}: ${e.message}${e.error ? ` (${e.error})` : ''}\n`);
  // (what createChatClient does with credentials that are not a username and password)
  return createClient(ChatService, {
    endpoint: conn.endpoint,
    applicationToken: conn.applicationToken,
    credentials: conn.credentials,
    transport: s.transport === 'soap' && strings === 'share' ? (o) => soapTransport({ ...o, strings }) : chatTransport(s.transport),
    timeoutMs: s.timeoutMs,
    maxResponseBytes: s.maxResponseBytes,
    httpClient: cliHttpClient(io.env),
    retry: { maxAttempts: s.retries + 1, baseDelayMs: 100, maxDelayMs: 10_000 },
    // no `debug`: the entry of each successful attempt is then never made (runtime/client/logger.ts)
    logger: {
      warn: (_message: string, e: LogEntry) => {
        if (/retrying/.test(e.message)) summary.retries++;
        if (s.verbose) show(e);
      },
      ...(s.verbose ? { info: (_message: string, e: LogEntry) => show(e), error: (_message: string, e: LogEntry) => show(e) } : {}),
    },
  });
}

/**
 * The ids from positional arguments, `--ids <file>`, `--ids -` or piped stdin. An empty list is
 * fatal unless `--allow-empty` (a cron job fed an empty pipe must not "succeed").
 */
export async function readIds(args: ParsedArgs, io: ChatIo): Promise<{ ids: number[]; fromStdin: boolean }> {
  const read = await collectIds(args, io);
  if (read.ids.length === 0 && !args.flags.has('allow-empty')) {
    const from = args.values.ids !== undefined && args.values.ids !== '-' ? args.values.ids : 'stdin';
    throw new FatalError(`the id list is empty (${from}): nothing to do; pass --allow-empty if an empty list means "nothing to do, done"`);
  }
  return read;
}

async function collectIds(args: ParsedArgs, io: ChatIo): Promise<{ ids: number[]; fromStdin: boolean }> {
  try {
    const path = args.values.ids;
    if (args.positional.length > 0) {
      if (path !== undefined) throw new UsageError('give the ids either as arguments or with --ids, not both');
      return { ids: parseIdList(args.positional.join(' '), 'arguments').ids, fromStdin: false };
    }
    const stdin = io.stdin ?? process.stdin;
    const stdinIsTTY = io.stdinIsTTY ?? Boolean(process.stdin.isTTY);
    if (path === undefined && stdinIsTTY) throw new UsageError('no session ids: give --ids <file>, pipe them on stdin, or list them as arguments');
    const list = await readIdList(path ?? '-', stdin);
    if (list.duplicates > 0) io.stderr(`note: ${list.duplicates} duplicate id${list.duplicates === 1 ? '' : 's'} in the list ignored\n`);
    return { ids: list.ids, fromStdin: path === undefined || path === '-' };
  } catch (e) {
    if (e instanceof IdListError) throw new FatalError(e.message);
    throw e;
  }
}

/**
 * The confirmation guard of destructive commands: `--yes`, or a typed "yes" on a terminal. On a
 * non-TTY stdin (a script, CI, ids piped in) without `--yes` the command refuses.
 */
export async function confirm(what: string, args: ParsedArgs, io: ChatIo, idsFromStdin: boolean): Promise<void> {
  if (args.flags.has('yes') || args.flags.has('dry-run')) return;
  const stdinIsTTY = io.stdinIsTTY ?? Boolean(process.stdin.isTTY);
  if (!stdinIsTTY || idsFromStdin) {
    throw new FatalError(`refusing to ${what} without confirmation: stdin is not a terminal; pass --yes to confirm (or --dry-run to see what would happen)`);
  }
  const stdin = io.stdin ?? process.stdin;
  io.stderr(`About to ${what}. Type "yes" to continue: `);
  const rl = createInterface({ input: stdin, terminal: false });
  const answer = await new Promise<string>((res) => {
    rl.once('line', (l) => res(l));
    rl.once('close', () => res(''));
  });
  rl.close();
  if (answer.trim().toLowerCase() !== 'yes') throw new FatalError('not confirmed; nothing was done');
}

/** A second SIGINT this soon after the first is the same Ctrl-C (through `npx`, the terminal and npm both deliver it). */
export const SAME_CTRL_C_MS = 100;

/** The signals that stop a job: Ctrl-C, `kill`, and a terminal that went away (an SSH session dropped). */
const STOP_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/**
 * First SIGINT/SIGTERM/SIGHUP: stop taking new ids, finish in-flight calls. Second (more than
 * SAME_CTRL_C_MS later): exit at once (130).
 */
export function onInterrupt(io: ChatIo, what: string): { stopped: () => boolean; dispose: () => void; signal: AbortSignal } {
  const emitter = io.signals ?? process;
  let count = 0;
  let firstAt = 0;
  const controller = new AbortController();
  const handler = () => {
    if (count === 1 && Date.now() - firstAt < SAME_CTRL_C_MS) return;
    if (count === 0) firstAt = Date.now();
    count++;
    if (count === 1) {
      controller.abort();
      io.stderr(`\ninterrupted: ${what} (Ctrl-C again to quit at once)\n`);
    } else {
      io.stderr('\nquitting at once; calls in flight are in doubt\n');
      process.exit(130);
    }
  };
  for (const signal of STOP_SIGNALS) emitter.on(signal, handler);
  return {
    stopped: () => count > 0,
    signal: controller.signal,
    dispose: () => {
      for (const signal of STOP_SIGNALS) emitter.off(signal, handler);
    },
  };
}

/** The fatal message of an output that cannot be written (stdout or a file), one wording everywhere. */
export function cannotWrite(what: string, e: unknown): string {
  const code = typeof e === 'string' ? e : (e as NodeJS.ErrnoException).code ?? (e as Error).message;
  return `cannot write ${what}: ${code}${code === 'EPIPE' ? ' (its reader went away)' : ''}`;
}

export function progressMode(args: ParsedArgs, io: ChatIo): ProgressMode {
  if (args.flags.has('no-progress')) return 'off';
  if (io.progressMode) return io.progressMode;
  const tty = io.stderrIsTTY ?? Boolean(process.stderr.isTTY);
  return tty ? 'bar' : 'off';
}

export function makeProgress(args: ParsedArgs, io: ChatIo, total: number, label: string): Progress {
  return new Progress(progressMode(args, io), total, label, io.progressWrite ?? io.stderr);
}

// Errors ------------------------------------------------------------------------------------------

export function describeError(e: unknown): string {
  let text = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
  if (text.length > 300) text = `${text.slice(0, 297)}...`;
  // The transport's own wording (http-client.ts tooLarge): say which option moves the limit.
  if (e instanceof ResponseFormatError && / exceeds the limit of \d+ bytes/.test(e.message)) text += ' (the limit is --max-response-bytes)';
  return text;
}

/** The service says the entity does not exist: by exception type only (`exception-types.ts`); a NULL answer is checked where the call's result is. */
export function isNotFound(e: unknown): boolean {
  return isNotFoundException(e);
}

/** The credentials were refused, or the sign-in that renews them was (every later call would fail the same way). */
export function isFatal(e: unknown): boolean {
  return isAuthenticationFailure(e) || e instanceof SignInError || e instanceof TokenVerificationError;
}

/**
 * Network errors that come before a connection exists, so before any byte of the request was
 * sent: the connection refused, the host not found (or the DNS not answering), no route to it,
 * undici's connect timeout, a closed HTTP client.
 */
const NOT_CONNECTED = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'EADDRNOTAVAIL', 'UND_ERR_CONNECT_TIMEOUT', 'CLIENT_CLOSED']);

/**
 * Whether a failed mutation certainly was not applied: it was never sent (validation, a
 * connection that never opened), the service answered `Succeeded=false` (the operation failed
 * and rolled back), or the HTTP status says the request was not processed (429, 503, other 4xx
 * but 408). Anything else (a cut connection, a timeout, 500/502/504, a SOAP Fault, an
 * unreadable response) leaves it in doubt: over REST, so does an error object that came with a
 * 5xx status (an exception the server did not handle, as a SOAP Fault is).
 */
export function certainlyNotApplied(e: unknown): boolean {
  if (e instanceof RequestValidationError) return true;
  if (e instanceof SoExceptionError) return e.status === undefined || e.status < 500;
  if (e instanceof HttpError) return e.status === 429 || e.status === 503 || (e.status >= 400 && e.status < 500 && e.status !== 408);
  if (e instanceof NetworkError) return e.code !== undefined && NOT_CONNECTED.has(e.code);
  return false;
}

// Journal -----------------------------------------------------------------------------------------

export interface OpenedJournal {
  path: string;
  state: JournalState;
  committer: Committer;
  resumed: boolean;
  /** Flush, close and unlock; never throws: resolves to the message of a failure (e.g. ENOSPC), if any. */
  close: () => Promise<string | undefined>;
}

export interface JournalSetup {
  command: string;
  journalPath: string | undefined;
  endpoint: string;
  total: number;
  /** Export: the output file (absolute), or undefined for stdout. */
  outPath?: string;
  overwrite?: boolean;
  dryRun: boolean;
  /** `--force-unlock`: take over locks held from another host or PID namespace (or unreadable ones); never a live run's of this machine. */
  forceUnlock?: boolean;
  /** The options that shape the job's output (`--include`, `--html`), recorded and compared on resume. */
  options?: Record<string, string>;
  /** `--force-resume`: resume a journal of another job (endpoint or options differ), printing the differences. */
  forceResume?: boolean;
  io: ChatIo;
}

/** The file a path reaches, symbolic links followed (also when the file is not there yet): one lock however a journal is named. */
async function realLocation(path: string): Promise<string> {
  try {
    return await realpath(path);
  } catch {
    return join(await realpath(dirname(path)).catch(() => dirname(path)), basename(path));
  }
}

/** Lock the journal and the output for this run (not in a dry run: it writes neither). */
async function lockJob(s: JournalSetup, journalPath: string | undefined): Promise<HeldLock[]> {
  const locks: HeldLock[] = [];
  const targets: [string | undefined, string][] = [[journalPath, 'the journal'], [s.outPath, 'the output']];
  try {
    for (const [target, what] of targets) {
      if (target === undefined) continue;
      const lock = await acquireLock(await realLocation(target), s.command, what, s.forceUnlock);
      locks.push(lock);
      if (lock.tookOver) {
        s.io.stderr(`note: took over the lock of ${what} ${target} from ${describeHolder(lock.tookOver)}: ${s.forceUnlock ? '--force-unlock' : 'that process is no longer running'}\n`);
      }
    }
  } catch (e) {
    await Promise.all(locks.map((l) => l.release()));
    throw e instanceof LockError ? new FatalError(e.message) : e;
  }
  return locks;
}

/**
 * How this run differs from the job the journal was started for: the endpoint (credentials never
 * recorded) and the output-shaping options. A journal written before options were recorded is
 * compared on what it has.
 */
function jobDifferences(first: Extract<JournalRecord, { t: 'run' }>, s: JournalSetup): string[] {
  const out: string[] = [];
  if (first.endpoint !== undefined && first.endpoint !== s.endpoint) out.push(`endpoint: ${first.endpoint} → ${s.endpoint}`);
  if (first.options !== undefined) {
    for (const name of new Set([...Object.keys(first.options), ...Object.keys(s.options ?? {})])) {
      const was = first.options[name];
      const now = s.options?.[name];
      if (was !== now) out.push(`${name}: ${was ?? '(not given)'} → ${now ?? '(not given)'}`);
    }
  }
  return out;
}

/** Open the output file; failures (a directory, no permission, no such directory) are fatal. */
async function openOutput(path: string, flags: string): Promise<FileHandle> {
  try {
    return await open(path, flags);
  } catch (e) {
    throw new FatalError(`cannot open the output ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}

/** The same file under two names? (`--out x --journal x` would write the output into the journal.) */
async function sameFile(a: string, b: string): Promise<boolean> {
  if (a === b) return true;
  const [sa, sb] = await Promise.all([stat(a).catch(() => undefined), stat(b).catch(() => undefined)]);
  return sa !== undefined && sb !== undefined && sa.dev === sb.dev && sa.ino === sb.ino;
}

/**
 * Open (or create) the journal and the output file, check that a journal being resumed belongs to
 * this command (and output), cut the output back to the length the journal vouches for, and write
 * this run's `run` record.
 */
export async function openJob(s: JournalSetup): Promise<OpenedJournal> {
  const path = s.journalPath === undefined ? undefined : resolve(s.journalPath);
  if (path && s.outPath !== undefined && (await sameFile(path, s.outPath))) {
    throw new FatalError(`--out and --journal are the same file (${path}): the output would overwrite the journal; give them different paths`);
  }
  // Before the journal is read: what it says must not change under this run.
  const locks = s.dryRun ? [] : await lockJob(s, path);
  const unlock = () => Promise.all(locks.map((l) => l.release())).then(() => undefined);
  try {
    return await openLocked(s, path, locks.length > 0 ? unlock : async () => undefined);
  } catch (e) {
    await unlock();
    throw e;
  }
}

async function openLocked(s: JournalSetup, path: string | undefined, unlock: () => Promise<void>): Promise<OpenedJournal> {
  let state: JournalState = { runs: [], byId: new Map(), committedOut: undefined };
  let validBytes = 0;
  if (path) {
    try {
      ({ state, validBytes } = await readJournal(path));
    } catch (e) {
      throw new FatalError((e as Error).message);
    }
    const first = state.runs[0];
    if (first && first.command !== s.command) {
      throw new FatalError(`the journal ${path} belongs to "chat ${first.command}", not "chat ${s.command}"; use another --journal`);
    }
    if (first && s.outPath !== first.out) {
      throw new FatalError(`the journal ${path} was written for output ${first.out ?? '(stdout)'}; resume with --out ${first.out ?? '(none)'} (got ${s.outPath ?? 'stdout'})`);
    }
    const differences = first ? jobDifferences(first, s) : [];
    if (differences.length > 0) {
      if (!s.forceResume) {
        throw new FatalError(
          `the journal ${path} belongs to another job: ${differences.join('; ')}. Resuming would mix the two (ids done against one endpoint, output of two shapes); ` +
            'use another --journal, or --force-resume if this is deliberate',
        );
      }
      s.io.stderr(`note: resuming a journal of another job (--force-resume): ${differences.join('; ')}\n`);
    }
  }
  const resumed = state.runs.length > 0;
  if (s.dryRun) {
    return { path: path ?? '', state, committer: new Committer({ sink: () => undefined }), resumed, close: async () => undefined };
  }
  let outFh: FileHandle | undefined;
  let outOffset = 0;
  if (s.outPath !== undefined) {
    const existing = await stat(s.outPath).catch(() => undefined);
    if (resumed && path) {
      const committed = state.committedOut ?? 0;
      if (committed > (existing?.size ?? 0)) {
        throw new FatalError(`the output ${s.outPath} is ${existing?.size ?? 0} bytes but the journal says ${committed} bytes were written; it was changed or removed, so resuming cannot guarantee every message exactly once`);
      }
      outFh = await openOutput(s.outPath, existing ? 'r+' : 'w');
      if ((existing?.size ?? 0) > committed) {
        s.io.stderr(`resuming: cutting ${existing!.size - committed} uncommitted bytes off ${s.outPath} (back to ${committed} bytes, the last journaled line)\n`);
        await outFh.truncate(committed);
      }
      outOffset = committed;
    } else {
      if (existing && existing.size > 0 && !s.overwrite) {
        throw new FatalError(`the output ${s.outPath} already exists; remove it, pass --overwrite, or give the --journal of the run that wrote it to resume`);
      }
      outFh = await openOutput(s.outPath, 'w');
    }
  }
  let journalFh: FileHandle | undefined;
  if (path) {
    try {
      journalFh = await openJournal(path, validBytes);
    } catch (e) {
      await outFh?.close();
      throw new FatalError(`cannot open the journal ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
  }
  const committer = new Committer({
    journal: journalFh,
    out: outFh,
    outOffset,
    sink: outFh ? undefined : (s.io.writeStdout ?? s.io.stdout),
    outName: s.outPath === undefined ? 'the output (stdout)' : `the output ${s.outPath}`,
    ...(path ? { journalName: `the journal ${path}` } : {}),
  });
  const run: JournalRecord = { t: 'run', v: 1, command: s.command, at: new Date().toISOString(), pid: process.pid, endpoint: s.endpoint, ids: s.total };
  if (s.outPath !== undefined) run.out = s.outPath;
  if (s.options !== undefined) run.options = s.options;
  if (journalFh) {
    try {
      await committer.commit(undefined, [run]);
    } catch (e) {
      await outFh?.close().catch(() => undefined);
      await journalFh.close().catch(() => undefined);
      throw new FatalError(writeFailed(e));
    }
  }
  if (resumed) s.io.stderr(`resuming from ${path} (run ${state.runs.length + 1}; ${countDone(state)} ids already done)\n`);
  return {
    path: path ?? '',
    state,
    committer,
    resumed,
    close: async () => {
      // Every step is tried; the first failure is reported (a full disk shows here too).
      let failure: unknown;
      const step = async (f: (() => Promise<void>) | undefined): Promise<void> => {
        try {
          await f?.();
        } catch (e) {
          failure ??= e;
        }
      };
      await step(() => committer.drain());
      await step(outFh && (() => outFh.sync()));
      await step(outFh && (() => outFh.close()));
      await step(journalFh && (() => journalFh.close()));
      await unlock();
      return failure === undefined ? undefined : writeFailed(failure);
    },
  };
}

/** The message of a failed write of the journal or the output, naming the file when the committer said which. */
function writeFailed(e: unknown): string {
  return e instanceof WriteFailure ? e.message : cannotWrite('the journal or the output', e);
}

/** `committer.commit` whose failures (the journal or output cannot be written) are fatal. */
export function durable(committer: Committer): (chunk: OutputChunk | undefined, records: JournalRecord[]) => Promise<void> {
  return (chunk, records) =>
    committer.commit(chunk, records).catch((e: unknown) => {
      throw new FatalError(writeFailed(e));
    });
}

function countDone(state: JournalState): number {
  let n = 0;
  for (const s of state.byId.values()) if (s.status === 'done') n++;
  return n;
}

/**
 * Where `--summary-json` goes. Checked before the job starts, and written once, at the end, whole:
 * never a file emptied up front (a refused or crashed run left 0 bytes, and `--summary-json` naming
 * the journal wiped it before the journal was read).
 */
export interface SummaryTarget {
  readonly path: string;
  /** A regular file or none yet: written beside and renamed over it; else (a device, a pipe) written in place. */
  readonly replace: boolean;
}

/**
 * Check `--summary-json` before the job starts: not the journal, its lock, the output or the id
 * file (the summary would overwrite it), and writable, so that a bad path stops the job before it
 * changes anything. Nothing is written yet.
 */
export async function summaryTarget(args: ParsedArgs): Promise<SummaryTarget | undefined> {
  const file = args.values['summary-json'];
  if (!file) return undefined;
  const path = resolve(file);
  const others: [string, string | undefined][] = [
    ['--journal', args.values.journal],
    ['--out', args.values.out],
    ['--ids', args.values.ids === '-' ? undefined : args.values.ids],
  ];
  for (const [option, other] of others) {
    if (other === undefined) continue;
    const at = resolve(other);
    if ((await sameFile(path, at)) || (option !== '--ids' && path === `${at}.lock`)) {
      throw new FatalError(`--summary-json and ${option} name the same file (${path}): the summary would overwrite it; give them different paths`);
    }
  }
  const st = await stat(path).catch(() => undefined);
  try {
    if (st?.isDirectory()) throw Object.assign(new Error('a directory'), { code: 'EISDIR' });
    const replace = st === undefined || st.isFile();
    await access(replace ? dirname(path) : path, fsConstants.W_OK);
    return { path, replace };
  } catch (e) {
    throw new FatalError(`cannot write --summary-json ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}

/** Write the summary to its target: a regular file is replaced whole (a reader never sees half of it). */
async function writeSummary(target: SummaryTarget, summary: Summary | Record<string, unknown>): Promise<void> {
  const text = `${JSON.stringify(summary instanceof Summary ? summary.toJSON() : summary, null, 2)}\n`;
  if (!target.replace) {
    const handle = await open(target.path, 'w');
    try {
      await handle.writeFile(text);
    } finally {
      await handle.close();
    }
    return;
  }
  const temporary = `${target.path}.${process.pid}.tmp`;
  try {
    const handle = await open(temporary, 'w');
    try {
      await handle.writeFile(text);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporary, target.path);
  } catch (e) {
    await unlink(temporary).catch(() => undefined);
    throw e;
  }
}

/**
 * Run a job whose `--summary-json` is `target`: a run that stops with a fatal or usage error (the
 * lock refused, an empty id list, a refused sign-in) still leaves a summary saying so (exit 1).
 */
export async function withSummary(target: SummaryTarget | undefined, command: string, dryRun: boolean, job: () => Promise<number>): Promise<number> {
  // The last run's summary is replaced at once by one saying this run is going: a run that then
  // ends without writing its own (a second Ctrl-C, kill -9) never leaves the last one's "exit 0".
  if (target?.replace) {
    await writeSummary(target, { command, running: true, pid: process.pid, startedAt: new Date().toISOString(), dryRun, exitCode: null }).catch((e: unknown) => {
      throw new FatalError(`cannot write --summary-json ${target.path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    });
  }
  try {
    return await job();
  } catch (e) {
    if (target !== undefined && (e instanceof FatalError || e instanceof UsageError)) {
      const summary = new Summary(command, 0, dryRun);
      summary.fatal = e.message;
      await writeSummary(target, summary).catch(() => undefined);
    }
    throw e;
  }
}

/**
 * A journal whose every id earlier runs had done: say so. A cron line with a fixed `--journal`
 * would otherwise do nothing from its second night on, exit 0 ("all done") each time.
 */
export function noteAllDoneEarlier(summary: Summary, job: OpenedJournal, io: ChatIo): void {
  if (!job.resumed || summary.dryRun || summary.total === 0) return;
  const earlier = (summary.counts.get('done earlier') ?? 0) + (summary.counts.get('not found (earlier run)') ?? 0);
  if (earlier !== summary.total) return;
  io.stderr(`note: every id was done by an earlier run of the journal ${job.path} (its first run: ${job.state.runs[0]?.at ?? '?'}); nothing was sent. A new job needs a new --journal\n`);
}

/** Print the summary (stderr), write it to `--summary-json`, and return the exit code. */
export async function finish(summary: Summary, io: ChatIo, target: SummaryTarget | undefined): Promise<number> {
  // The JSON summary first: a failure to write it is the run's result too, so the text below
  // never says "all done (exit 0)" for a run that exits 1.
  if (target) {
    try {
      await writeSummary(target, summary);
    } catch (e) {
      const failure = cannotWrite('--summary-json', e);
      if (summary.fatal === undefined) summary.fatal = failure;
      else io.stderr(`${failure}\n`);
    }
  }
  io.stderr(summary.format());
  return summary.exitCode();
}

/** Options every batch command takes. */
export const COMMON_VALUES = ['ids', 'concurrency', 'journal', 'summary-json', 'timeout', 'retries', 'transport', 'max-response-bytes'];
export const COMMON_FLAGS = ['dry-run', 'yes', 'no-progress', 'verbose', 'force-unlock', 'force-resume', 'allow-empty'];

export const COMMON_HELP = `Common options:
  --ids <file|->        session ids (whitespace/comma separated, # comments); "-" or a pipe: stdin;
                        ids may also be given as arguments
  --concurrency <n>     calls in flight at once (default 4, at most 64)
  --journal <file>      resumable checkpoint journal (append-only JSON Lines, fsync'd); re-run the
                        same command with the same journal to resume after a crash or Ctrl-C.
                        The journal (and --out) is locked for the run (<file>.lock): a second run
                        on it is refused (exit 1) naming the holder's pid and host; a lock left by a
                        dead process on this host is taken over. Without --journal a run has no
                        resume and no journal lock
  --force-unlock        take over a lock held from another host or PID namespace (a container), or
                        unreadable: only when you know that run is no longer going (a live run
                        of this machine is never taken over)
  --force-resume        resume a journal started for another job (another endpoint, or for export
                        other --include/--html), which is refused otherwise; prints the differences
  --dry-run             read only: report what would be done and what would be written; change
                        nothing, write nothing (no journal, no output, no lock)
  --allow-empty         an empty id list is done (exit 0) instead of an error (exit 1)
  --yes                 confirm a destructive command (required when stdin is not a terminal)
  --summary-json <file> also write the summary as JSON (whole, at the end; also for exit 1)
  --timeout <ms>        time limit of one call (default 30000; the library's default is 60000)
  --retries <n>         retries of a failed read (Get*) on 429/5xx/network errors (default 4, so
                        5 attempts; the library's default is 3 attempts);
                        mutations are never retried within a run
  --transport <soap|rest> SOAP 1.1 (default) or the REST Agents API (also SO_TRANSPORT)
  --max-response-bytes <size>  largest response accepted, e.g. 200MiB (default 64MiB, as the
                        library); a larger one fails that id (exit 2), naming the limit. Memory:
                        about 4 x size x --concurrency at most, plus ~150 MB
  --no-progress         no progress bar (it is only drawn when stderr is a terminal anyway)
  --verbose             log retries and failures to stderr

Environment: SO_ENDPOINT (the Chat.svc URL), SO_APPLICATION_TOKEN, SO_TICKET or SO_TICKET_FILE; or the system
user (SO_SYSTEM_USER_TOKEN, SO_PRIVATE_KEY_FILE, SO_CONTEXT_ID, SO_ENVIRONMENT or SO_LOGIN_BASE) or OAuth
(SO_REFRESH_TOKEN_FILE, SO_CLIENT_ID, SO_CLIENT_SECRET), when SO_ENDPOINT may be left out: the token names it
(docs/guide/superoffice-online.md).
Secrets are never accepted as arguments.
Exit codes: 0 all done; 2 partial (failures, in-doubt ids, interrupted: resume with --journal);
1 fatal (usage error, empty id list, refused confirmation, bad credentials, unusable journal).`;
