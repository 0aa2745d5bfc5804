/** `so-soap chat <export|delete|reset|follow>`: the batch commands on Chat data (DESIGN.md §6). */
import { UsageError } from '../args.js';
import type { Io } from '../dynamic.js';
import { EXIT } from '../exit-codes.js';
import { FatalError, refuseSecretArgs, type ChatIo } from './common.js';
import { EXPORT_USAGE, runExport } from './export.js';
import { FOLLOW_USAGE, runFollow } from './follow.js';
import { DELETE_USAGE, RESET_USAGE, runDelete, runReset } from './mutate.js';

export const CHAT_USAGE = `Usage: so-soap chat <command> [options]

Batch jobs on chat data (credentials from SO_ENDPOINT, SO_APPLICATION_TOKEN, SO_TICKET/SO_TICKET_FILE,
or the system user / OAuth variables: docs/guide/superoffice-online.md; --transport soap|rest):
  export   messages and transcripts of sessions as JSON Lines (resumable with --journal)
  delete   delete sessions (--yes; resumable; a session already gone counts as done)
  reset    reset sessions (--yes; resumable; in-doubt resets are listed, not re-sent)
  follow   print the messages of a session as they arrive
(run a command with --help for its options)

Exit codes: 0 all done; 1 fatal (nothing (more) done); 2 partial. See so-soap --help.`;

export const CHAT_SUBCOMMANDS: Record<string, { run: (argv: string[], io: ChatIo) => Promise<number>; usage: string }> = {
  export: { run: runExport, usage: EXPORT_USAGE },
  delete: { run: runDelete, usage: DELETE_USAGE },
  reset: { run: runReset, usage: RESET_USAGE },
  follow: { run: runFollow, usage: FOLLOW_USAGE },
};

/** Exit codes (../exit-codes.ts): 0 all done, 2 partial, 1 fatal (usage errors included: nothing was done). */
export async function runChat(argv: string[], io: Io | ChatIo): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h') {
    if (name) io.stdout(`${CHAT_USAGE}\n`);
    else io.stderr(`so-soap chat: no command given\n\n${CHAT_USAGE}\n`);
    return name ? EXIT.ok : EXIT.fatal;
  }
  const sub = CHAT_SUBCOMMANDS[name];
  if (!sub) {
    io.stderr(`so-soap chat: unknown command "${name}"\n\n${CHAT_USAGE}\n`);
    return 1;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout(`${sub.usage}\n`);
    return 0;
  }
  try {
    refuseSecretArgs(rest);
    return await sub.run(rest, io);
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr(`so-soap chat ${name}: ${e.message}\n(so-soap chat ${name} --help for the options)\n`);
      return 1;
    }
    if (e instanceof FatalError) {
      io.stderr(`so-soap chat ${name}: ${e.message}\n`);
      return 1;
    }
    throw e;
  }
}
