/**
 * `so-soap demo` (`npm start`): the main batch job against the embedded Chat simulator. No set-up,
 * no credentials, non-interactive: it starts the simulator in-process, exports the messages and
 * transcripts of its sessions to JSON Lines, deletes a subset with progress (confirming its own
 * destructive step, because the target is the embedded simulator), checks the simulator's
 * counters, and prints a summary and where the output went (a fresh directory each run).
 */
import { mkdir, stat, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { createChatClient } from '../index.js';
import { startSimulator } from '../simulator/server.js';
import { parseArgs, UsageError } from './args.js';
import type { Io } from './dynamic.js';
import { EXIT } from './exit-codes.js';
import type { ChatIo } from './chat/common.js';
import { runDelete } from './chat/mutate.js';
import { runExport } from './chat/export.js';

export const DEMO_USAGE = `Usage: so-soap demo [--sessions N] [--seed N] [--out-dir <dir>] [--faults <spec>]

Run the batch job against an embedded Chat simulator: export every session's messages and transcript
to JSON Lines, delete every fourth session, print a summary. Writes to a fresh out/demo-<time>-<pid>/.

Exit codes: 0 OK; 1 usage error or a step failed; 2 a step was partial (e.g. with --faults).`;

export async function runDemo(argv: string[], io: Io): Promise<number> {
  const args = parseArgs(argv, { values: ['sessions', 'seed', 'out-dir', 'faults'] });
  const num = (name: string, dflt: number): number => {
    const v = args.values[name];
    if (v === undefined) return dflt;
    if (!/^\d+$/.test(v)) throw new UsageError(`--${name} must be a number`);
    return Number(v);
  };
  const sessions = num('sessions', 200);
  const seed = num('seed', 42);
  const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\..*/, '');
  const dir = join(args.values['out-dir'] ?? 'out', `demo-${stamp}-${process.pid}`);
  await mkdir(dir, { recursive: true });
  const shown = relative(process.cwd(), dir) || dir;
  const started = Date.now();

  const sim = await startSimulator({ seed, sessions, messagesPerSession: [5, 40], faults: args.values.faults });
  const say = (s: string) => io.stdout(`${s}\n`);
  try {
    const total = sim.stats;
    say(`so-soap demo: a batch job against the embedded Chat simulator`);
    say(`  simulator  ${sim.endpoint} (seed ${seed}, ${total.sessions} sessions, ${total.messages} messages)`);
    const env = { ...io.env, SO_ENDPOINT: sim.endpoint, SO_APPLICATION_TOKEN: sim.applicationToken, SO_TICKET: sim.ticket, SO_TICKET_FILE: undefined };
    const tty = Boolean(process.stderr.isTTY);
    // The commands' summaries go to stdout with the rest of the demo's report; the bar stays on stderr.
    const indent = (s: string) => io.stdout(s.replace(/^(?=.)/gm, '     '));
    const chatIo: ChatIo = { ...io, env, stderr: indent, stdinIsTTY: false, stderrIsTTY: tty, progressMode: tty ? 'bar' : 'lines', progressWrite: tty ? io.stderr : indent };

    // The session ids, as a user would list them.
    const chat = createChatClient({ endpoint: sim.endpoint, applicationToken: sim.applicationToken, credentials: sim.ticket });
    const ids = ((await chat.chatSessionsForUser()) ?? []).map((s) => s?.ChatSessionId).filter((id): id is number => typeof id === 'number');
    const idsFile = join(dir, 'session-ids.txt');
    await writeFile(idsFile, `${ids.join('\n')}\n`);
    say(`  1. listed  ${ids.length} sessions (ChatSessionsForUser) → ${join(shown, 'session-ids.txt')}`);

    // Step 2: export.
    const outFile = join(dir, 'messages.jsonl');
    say(`  2. export  messages and transcripts of ${ids.length} sessions → ${join(shown, 'messages.jsonl')}`);
    const exportCode = await runExport(
      ['--ids', idsFile, '--allow-empty', '--out', outFile, '--journal', join(dir, 'export.journal'), '--summary-json', join(dir, 'export-summary.json'), '--concurrency', '4'],
      chatIo,
    );

    // Step 3: delete every fourth session, confirmed by the demo itself.
    const subset = ids.filter((_, i) => i % 4 === 3);
    const subsetFile = join(dir, 'delete-ids.txt');
    await writeFile(subsetFile, `${subset.join('\n')}\n`);
    say(`  3. delete  ${subset.length} sessions (every fourth) → confirmed by the demo itself: the target is the embedded simulator at ${sim.url}`);
    const deleteCode = await runDelete(
      ['--ids', subsetFile, '--allow-empty', '--yes', '--journal', join(dir, 'delete.journal'), '--summary-json', join(dir, 'delete-summary.json'), '--concurrency', '4'],
      chatIo,
    );

    // Check what the simulator says happened.
    const after = sim.stats;
    const size = (await stat(outFile)).size;
    const lines = await countLines(outFile);
    const countsMatch = after.mutations.deleted === subset.length && after.mutations.total === subset.length && lines === total.messages + ids.length;
    const ok = exportCode === EXIT.ok && deleteCode === EXIT.ok && countsMatch;
    say('');
    say('Summary');
    say(`  exported      ${total.messages} messages + ${ids.length} transcripts = ${lines} JSON lines (${(size / 1024).toFixed(0)} KiB), exit ${exportCode}`);
    say(`  deleted       ${after.mutations.deleted} of ${subset.length} sessions (the simulator counted ${after.mutations.total} mutation${after.mutations.total === 1 ? '' : 's'} in all), exit ${deleteCode}`);
    say(`  remaining     ${after.sessions} sessions, ${after.messages} messages`);
    say(`  took          ${((Date.now() - started) / 1000).toFixed(1)} s`);
    say(`  output        ${shown}/`);
    say(`                  messages.jsonl        the export (one JSON object per line)`);
    say(`                  export.journal        checkpoint journal of the export (resumable)`);
    say(`                  delete.journal        checkpoint journal of the deletes`);
    say(`                  *-summary.json        the summaries as JSON`);
    say(`  result        ${ok ? 'OK' : `NOT OK: ${notOkReason(exportCode, deleteCode)}`}`);
    say('');
    say('Next: `npx so-soap simulate` serves the simulator on its own and prints the SO_* variables to use with');
    say('`npx so-soap chat export|delete|reset|follow` (see docs/guide/batch-jobs.md).');
    return ok ? EXIT.ok : Math.max(exportCode, deleteCode) || EXIT.fatal;
  } finally {
    await sim.stop();
  }
}

/** Why the demo is not OK: the step that did not finish cleanly, else the counts (a bug: both steps said done). */
function notOkReason(exportCode: number, deleteCode: number): string {
  const step = (name: string, code: number) => `the ${name} ${code === EXIT.partial ? 'was partial' : 'failed'} (exit ${code}; its summary is above)`;
  const steps = [exportCode !== EXIT.ok ? step('export', exportCode) : '', deleteCode !== EXIT.ok ? step('delete', deleteCode) : ''].filter(Boolean);
  return steps.length > 0 ? steps.join('; ') : 'the counts do not match what both steps reported as done';
}

async function countLines(path: string): Promise<number> {
  const { createReadStream } = await import('node:fs');
  let n = 0;
  for await (const chunk of createReadStream(path)) for (const b of chunk as Buffer) if (b === 0x0a) n++;
  return n;
}
