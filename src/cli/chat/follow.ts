/**
 * `so-soap chat follow <sessionId>`: poll `GetChatMessages` with `After` = the last message id
 * seen and print each new message (JSON Lines, or text) until Ctrl-C, `--max-polls` or
 * `--until-idle`. A page with messages is followed at once by the next poll (there may be more);
 * an empty one waits `--interval`.
 */
import { open, type FileHandle } from 'node:fs/promises';
import { toJsonForm } from '../../codec.js';
import type { ChatMessage } from '../../generated/chat/index.js';
import { sleep } from '../../runtime/client/retry.js';
import { intOption, parseArgs, UsageError } from '../args.js';
import { cannotWrite, connectionFromEnv, describeError, FatalError, isFatal, isNotFound, clientSettings, makeClient, onInterrupt, type ChatIo } from './common.js';
import { watchStdout } from '../output-errors.js';

export const FOLLOW_USAGE = `Usage: so-soap chat follow <sessionId> [options]

Print the messages of a chat session as they arrive (polls GetChatMessages with After), until Ctrl-C.

  --after <id>          start after this message id (default 0: the whole history first)
  --interval <ms>       wait between polls that found nothing (default 2000)
  --format jsonl|text   output format (default jsonl: {"type":"message","sessionId":…, …ChatMessage})
  --out <file>          append to a file instead of stdout
  --max-polls <n>       stop after n polls
  --until-idle <n>      stop after n polls in a row that found nothing
  --timeout <ms>        time limit of one call (default 30000)
  --retries <n>         retries of a failed poll (default 4); 5 failed polls in a row end the command
  --max-response-bytes <size>  largest answer accepted, e.g. 200MiB (default 64MiB); a larger one is
                        a failed poll naming the limit
  --transport <soap|rest> SOAP 1.1 (default) or the REST Agents API (also SO_TRANSPORT)
  --verbose             log retries to stderr

Environment: SO_ENDPOINT, SO_APPLICATION_TOKEN, SO_TICKET or SO_TICKET_FILE (or the system user / OAuth
variables: docs/guide/superoffice-online.md).
Exit codes: 0 stopped (Ctrl-C, --max-polls, --until-idle); 1 fatal (no such session, bad credentials,
the service kept failing).`;

const MAX_FAILED_POLLS = 5;

export async function runFollow(argv: string[], io: ChatIo): Promise<number> {
  const args = parseArgs(argv, { values: ['session', 'after', 'interval', 'format', 'out', 'max-polls', 'until-idle', 'timeout', 'retries', 'transport', 'max-response-bytes'], flags: ['verbose'] });
  const idText = args.values.session ?? args.positional[0];
  if (idText === undefined || args.positional.length > (args.values.session ? 0 : 1)) throw new UsageError('give exactly one session id');
  if (!/^\d+$/.test(idText)) throw new UsageError(`"${idText}" is not a session id`);
  const id = Number(idText);
  let after = intOption(args, 'after', 0, 0, 2_147_483_647);
  const interval = intOption(args, 'interval', 2000, 0, 3_600_000);
  const maxPolls = args.values['max-polls'] === undefined ? Infinity : intOption(args, 'max-polls', 0, 1, Number.MAX_SAFE_INTEGER);
  const untilIdle = args.values['until-idle'] === undefined ? Infinity : intOption(args, 'until-idle', 0, 1, Number.MAX_SAFE_INTEGER);
  const format = args.values.format ?? 'jsonl';
  if (format !== 'jsonl' && format !== 'text') throw new UsageError('--format is jsonl or text');
  const settings = clientSettings(args, io.env);
  const conn = await connectionFromEnv(io.env, settings);
  const counters = { retries: 0 };
  const chat = makeClient(conn, settings, io, counters);
  const outPath = args.values.out;
  // Opened before the first poll: a directory or an unwritable path stops here (exit 1).
  let file: FileHandle | undefined;
  if (outPath !== undefined) {
    try {
      file = await open(outPath, 'a');
    } catch (e) {
      throw new FatalError(`cannot open --out ${outPath}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
  }
  const interrupt = onInterrupt(io, 'stopping');
  let closed = false;
  /** Why the output cannot be written any more (a full disk…); the reader going away (EPIPE) just ends the command. */
  let outputFailure: string | undefined;
  const unwatch = file
    ? () => undefined
    : watchStdout((code) => {
        closed = true;
        if (code !== 'EPIPE' && code !== 'ERR_STREAM_DESTROYED') outputFailure ??= cannotWrite('the output (stdout)', code);
      });
  let polls = 0;
  let idle = 0;
  let failures = 0;
  let printed = 0;
  let code = 0;
  try {
    while (!interrupt.stopped() && !closed && polls < maxPolls && idle < untilIdle) {
      polls++;
      let page: ChatMessage[];
      try {
        const answer = await chat.getChatMessages({ ChatSessionId: id, After: after }, { signal: interrupt.signal });
        if (answer == null) {
          // The agents' documented "not found": "a failed call will return NULL" (a session without new messages answers []).
          io.stderr(`so-soap chat follow: session ${id} not found: GetChatMessages answered NULL (no such session)\n`);
          code = 1;
          break;
        }
        page = answer.filter((m): m is ChatMessage => m !== null);
        failures = 0;
      } catch (e) {
        if (interrupt.stopped()) break;
        if (isNotFound(e) || isFatal(e)) {
          io.stderr(`so-soap chat follow: ${describeError(e)}\n`);
          code = 1;
          break;
        }
        failures++;
        io.stderr(`poll ${polls} failed: ${describeError(e)}\n`);
        if (failures >= MAX_FAILED_POLLS) {
          io.stderr(`so-soap chat follow: ${failures} polls in a row failed; giving up\n`);
          code = 1;
          break;
        }
        await sleep(interval, interrupt.signal).catch(() => undefined);
        continue;
      }
      let out = '';
      let last = after;
      let count = 0;
      for (const m of page) {
        const mid = m.ChatMessageId ?? 0;
        if (mid <= last) continue;
        last = mid;
        count++;
        out += format === 'text' ? `[${toJsonForm(m.WhenPosted) ?? ''}] ${m.Author ?? ''}: ${m.Message ?? ''}\n` : `${JSON.stringify({ type: 'message', sessionId: id, ...(toJsonForm(m) as object) })}\n`;
      }
      if (out) {
        // `after` moves only once the page is written: the --after printed at the end is where to continue.
        if (file) {
          const size = (await file.stat().catch(() => undefined))?.size;
          try {
            await file.appendFile(out);
          } catch (e) {
            outputFailure = cannotWrite(`--out ${outPath}`, e);
            // (a page written in part is cut off again: a run resumed with the --after printed appends whole lines)
            if (size !== undefined) await file.truncate(size).catch(() => undefined);
            break;
          }
        } else if (io.writeStdout) {
          const failed = await io.writeStdout(out).then(() => false, () => true);
          if (failed || closed || outputFailure !== undefined) break;
        } else {
          io.stdout(out);
          if (closed || outputFailure !== undefined) break;
        }
        after = last;
        printed += count;
        idle = 0;
        continue; // there may be more right away
      }
      idle++;
      if (idle < untilIdle && polls < maxPolls) await sleep(interval, interrupt.signal).catch(() => undefined);
    }
  } finally {
    interrupt.dispose();
    unwatch();
    await file?.close().catch((e: unknown) => (outputFailure ??= cannotWrite(`--out ${outPath}`, e)));
  }
  if (outputFailure !== undefined) {
    io.stderr(`so-soap chat follow: ${outputFailure}\n`);
    code = 1;
  }
  io.stderr(`followed session ${id}: ${printed} message${printed === 1 ? '' : 's'} in ${polls} poll${polls === 1 ? '' : 's'}, ${counters.retries} retries; last message id ${after} (continue with --after ${after})\n`);
  return code;
}
