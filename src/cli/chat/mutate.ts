/**
 * `so-soap chat delete` and `so-soap chat reset`: one mutation per session id, with the intent
 * journaled (and fsync'd) before the call and the outcome after it (DESIGN.md §6).
 *
 * On resume, per id: done → skipped; failed (certainly not applied) → sent again; in doubt
 * (intent without outcome, or an outcome that leaves it open) → a delete is sent again (a session
 * already gone counts as done), a reset is NOT sent again but listed as in doubt, unless
 * `--retry-in-doubt`. Within a run a failed mutation is reported, never retried.
 */
import type { ChatClient } from '../../generated/chat/index.js';
import { runPool } from '../../batch/pool.js';
import { Summary } from '../../batch/summary.js';
import { intOption, parseArgs, type ParsedArgs } from '../args.js';
import {
  certainlyNotApplied, COMMON_FLAGS, COMMON_HELP, COMMON_VALUES, confirm, connectionFromEnv, describeError, summaryTarget, withSummary, noteAllDoneEarlier, type SummaryTarget, durable, FatalError, finish,
  isFatal, isNotFound, clientSettings, makeClient, makeProgress, onInterrupt, openJob, readIds, type ChatIo,
} from './common.js';

type Kind = 'delete' | 'reset';

const HELP: Record<Kind, string> = {
  delete: `Usage: so-soap chat delete [--ids <file|->] --yes [options] [ids…]

Delete chat sessions (DeleteChatSessionEntity). A session that is already gone counts as done:
"deleted or already gone" when the service answers without an error (it cannot tell them apart),
"already gone" when it says not-found.
Resuming with the same --journal skips done ids and sends in-doubt deletes again.`,
  reset: `Usage: so-soap chat reset [--ids <file|->] --yes [options] [ids…]

Reset chat sessions (ResetChatSession). A reset is not idempotent: after a crash, ids whose reset
may or may not have been applied are listed as in doubt and not sent again, unless --retry-in-doubt.

  --retry-in-doubt      send in-doubt resets again`,
};

export const DELETE_USAGE = `${HELP.delete}\n\n${COMMON_HELP}`;
export const RESET_USAGE = `${HELP.reset}\n\n${COMMON_HELP}`;

export function runDelete(argv: string[], io: ChatIo): Promise<number> {
  return runMutation('delete', argv, io);
}

export function runReset(argv: string[], io: ChatIo): Promise<number> {
  return runMutation('reset', argv, io);
}

async function runMutation(kind: Kind, argv: string[], io: ChatIo): Promise<number> {
  const args = parseArgs(argv, { values: COMMON_VALUES, flags: [...COMMON_FLAGS, ...(kind === 'reset' ? ['retry-in-doubt'] : [])] });
  const target = await summaryTarget(args);
  return withSummary(target, kind, args.flags.has('dry-run'), () => mutation(kind, args, io, target));
}

async function mutation(kind: Kind, args: ParsedArgs, io: ChatIo, target: SummaryTarget | undefined): Promise<number> {
  const concurrency = intOption(args, 'concurrency', 4, 1, 64);
  const dryRun = args.flags.has('dry-run');
  const retryInDoubt = args.flags.has('retry-in-doubt');
  const settings = clientSettings(args, io.env);
  const conn = await connectionFromEnv(io.env, settings);
  const { ids, fromStdin } = await readIds(args, io);
  await confirm(`${kind} ${ids.length} chat session${ids.length === 1 ? '' : 's'} at ${new URL(conn.endpoint).host}`, args, io, fromStdin);
  const summary = new Summary(kind, ids.length, dryRun);
  const job = await openJob({ command: kind, journalPath: args.values.journal, endpoint: conn.endpoint, total: ids.length, dryRun, forceUnlock: args.flags.has('force-unlock'), forceResume: args.flags.has('force-resume'), io });
  if (job.path) summary.journal = job.path;
  const commit = durable(job.committer);
  const chat = makeClient(conn, settings, io, summary);
  const progress = makeProgress(args, io, ids.length, kind);
  const interrupt = onInterrupt(io, 'finishing the calls in flight and writing the journal');
  const done = kind === 'delete' ? 'deleted' : 'reset';
  // A delete the service answered without complaint: it cannot tell "deleted" from "already gone"
  // (the agents answer NULL, i.e. nothing, for a missing session), so the summary says both.
  const doneLabel = kind === 'delete' ? 'deleted or already gone' : 'reset';
  progress.draw();

  const one = async (id: number): Promise<boolean> => {
    const before = job.state.byId.get(id);
    if (before?.status === 'done') {
      if (before.outcome === 'not-found') summary.addNotFound('not found (earlier run)');
      else summary.add('done earlier', true);
      return before.outcome !== 'not-found';
    }
    if (before?.status === 'in-doubt' && kind === 'reset' && !retryInDoubt) {
      summary.add('in doubt (not re-sent)', false);
      summary.inDoubt.push(id);
      return false;
    }
    const resend = before?.status === 'in-doubt' ? ' (in doubt, sent again)' : before?.status === 'failed' ? ' (failed earlier, sent again)' : '';
    if (dryRun) return dryRunOne(chat, kind, id, summary, before?.status);
    try {
      await commit(undefined, [{ t: 'intent', id }]);
    } catch (e) {
      summary.fatal = (e as Error).message;
      summary.add('not sent (its intent could not be journaled)', false);
      return false;
    }
    const notFound = async (why: string): Promise<boolean> => {
      if (kind === 'delete') {
        await commit(undefined, [{ t: 'done', id, outcome: 'already-gone' }]).catch(fatal);
        summary.add(`already gone${resend}`, true);
        return true;
      }
      await commit(undefined, [{ t: 'done', id, outcome: 'not-found' }]).catch(fatal);
      summary.addNotFound('not found', id, why);
      return false;
    };
    try {
      if (kind === 'delete') {
        await chat.deleteChatSessionEntity({ ChatSessionEntityId: id }, { retry: false });
      } else if ((await chat.resetChatSession({ ChatSessionId: id }, { retry: false })) == null) {
        // The agents' documented "not found": "a failed call will return NULL".
        return await notFound('ResetChatSession answered NULL (no such session)');
      }
      await commit(undefined, [{ t: 'done', id, outcome: done }]);
      summary.add(`${doneLabel}${resend}`, true);
      return true;
    } catch (e) {
      if (e instanceof FatalError) {
        summary.fatal = e.message;
        summary.add('in doubt', false, id, e.message);
        summary.inDoubt.push(id);
        return false;
      }
      if (isNotFound(e)) return await notFound(describeError(e));
      if (isFatal(e)) summary.fatal = describeError(e);
      if (certainlyNotApplied(e)) {
        await commit(undefined, [{ t: 'failed', id, error: describeError(e) }]).catch(fatal);
        summary.add('failed (not applied)', false, id, describeError(e));
        return false;
      }
      await commit(undefined, [{ t: 'unknown', id, error: describeError(e) }]).catch(fatal);
      summary.add('in doubt', false, id, describeError(e));
      summary.inDoubt.push(id);
      return false;
    }
  };
  const fatal = (e: unknown): void => {
    summary.fatal = (e as Error).message;
  };

  try {
    await runPool(ids, concurrency, async (id) => {
      if (summary.fatal !== undefined) return;
      progress.tick(await one(id));
    }, () => interrupt.stopped() || summary.fatal !== undefined);
  } finally {
    interrupt.dispose();
    progress.end();
    summary.interrupted = interrupt.stopped();
    if (!dryRun && job.path) await job.committer.commit(undefined, [{ t: 'end', at: new Date().toISOString(), interrupted: summary.interrupted }]).catch(() => undefined);
    const closeFailure = await job.close();
    if (closeFailure !== undefined) summary.fatal ??= closeFailure;
  }
  noteAllDoneEarlier(summary, job, io);
  return finish(summary, io, target);
}

/** Read only: does the session exist? */
async function dryRunOne(chat: ChatClient, kind: Kind, id: number, summary: Summary, earlier: string | undefined): Promise<boolean> {
  const note = earlier === 'in-doubt' ? ' (in doubt in the journal)' : earlier === 'failed' ? ' (failed earlier)' : '';
  const notFound = (why: string): boolean => {
    if (kind === 'delete') summary.add('already gone', true);
    else summary.addNotFound('not found', id, why);
    return kind === 'delete';
  };
  try {
    if ((await chat.getChatSessionEntity({ ChatSessionEntityId: id })) == null) return notFound('GetChatSessionEntity answered NULL (no such session)');
    summary.add(`would ${kind}${note}`, true);
    return true;
  } catch (e) {
    if (isNotFound(e)) return notFound(describeError(e));
    if (isFatal(e)) summary.fatal = describeError(e);
    summary.add('failed', false, id, describeError(e));
    return false;
  }
}
