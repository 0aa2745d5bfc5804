/** The final summary of a batch job: counts by outcome, retries, first errors, in-doubt ids, exit code. */
import { EXIT } from '../cli/exit-codes.js';

/** The batch rows of the CLI's one exit-code table. */
export const EXIT_DONE = EXIT.ok;
export const EXIT_FATAL = EXIT.fatal;
export const EXIT_PARTIAL = EXIT.partial;

const MAX_ERRORS = 5;
const MAX_LISTED_IDS = 50;

export interface SummaryJson {
  command: string;
  total: number;
  counts: Record<string, number>;
  notDone: number;
  /** Of `notDone`: ids found missing (a resume does not change them). */
  notFound: number;
  notStarted: number;
  retries: number;
  messages?: number;
  firstErrors: { id: number; error: string }[];
  inDoubt: number[];
  interrupted: boolean;
  fatal?: string;
  dryRun: boolean;
  durationMs: number;
  exitCode: number;
  journal?: string;
  output?: string;
  /** A dry run: the files the run would write (it writes none of them). */
  wouldWrite?: string[];
  peakRssBytes: number;
}

export class Summary {
  readonly counts = new Map<string, number>();
  notDone = 0;
  /** Of `notDone`: ids found missing. */
  notFound = 0;
  retries = 0;
  messages: number | undefined;
  readonly firstErrors: { id: number; error: string }[] = [];
  readonly inDoubt: number[] = [];
  interrupted = false;
  fatal: string | undefined;
  finished = 0;
  journal: string | undefined;
  output: string | undefined;
  private readonly started = Date.now();

  constructor(readonly command: string, readonly total: number, readonly dryRun = false) {}

  /** Record an id found missing (not done, and a resume does not change that). */
  addNotFound(outcome: string, id?: number, error?: string): void {
    this.notFound++;
    this.add(outcome, false, id, error);
  }

  /** Record one id's outcome (`ok`: the id needs nothing more). */
  add(outcome: string, ok: boolean, id?: number, error?: string): void {
    this.counts.set(outcome, (this.counts.get(outcome) ?? 0) + 1);
    this.finished++;
    if (!ok) this.notDone++;
    if (error !== undefined && id !== undefined && this.firstErrors.length < MAX_ERRORS) this.firstErrors.push({ id, error });
  }

  get notStarted(): number {
    return Math.max(0, this.total - this.finished);
  }

  exitCode(): number {
    if (this.fatal !== undefined) return EXIT_FATAL;
    return this.notDone > 0 || this.notStarted > 0 ? EXIT_PARTIAL : EXIT_DONE;
  }

  toJSON(): SummaryJson {
    return {
      command: this.command,
      total: this.total,
      counts: Object.fromEntries(this.counts),
      notDone: this.notDone,
      notFound: this.notFound,
      notStarted: this.notStarted,
      retries: this.retries,
      ...(this.messages === undefined ? {} : { messages: this.messages }),
      firstErrors: this.firstErrors,
      inDoubt: this.inDoubt,
      interrupted: this.interrupted,
      ...(this.fatal === undefined ? {} : { fatal: this.fatal }),
      dryRun: this.dryRun,
      durationMs: Date.now() - this.started,
      exitCode: this.exitCode(),
      ...(this.dryRun ? { wouldWrite: [this.output, this.journal].filter((f) => f !== undefined) } : {}),
      ...(this.journal === undefined || this.dryRun ? {} : { journal: this.journal }),
      ...(this.output === undefined || this.dryRun ? {} : { output: this.output }),
      peakRssBytes: process.resourceUsage().maxRSS * 1024,
    };
  }

  /** What a dry run would have written; it claims no file (none was written). */
  private wouldWriteLines(): string[] {
    const lines: string[] = [];
    if (this.output) lines.push(`would write: ${this.output} (the export)`);
    else if (this.command === 'export') lines.push('would write: the export to stdout');
    if (this.journal) lines.push(`would write: ${this.journal} (the journal)`);
    else if (this.command !== 'export') lines.push('would write: nothing (no --journal)');
    lines.push('dry run: nothing was written');
    return lines;
  }

  /** The human-readable summary (stderr). */
  format(): string {
    const j = this.toJSON();
    const lines: string[] = [];
    const secs = (j.durationMs / 1000).toFixed(1);
    lines.push(`so-soap chat ${this.command}${this.dryRun ? ' (dry run: nothing changed)' : ''}: ${this.total} id${this.total === 1 ? '' : 's'} in ${secs} s${this.interrupted ? ', interrupted' : ''}`);
    const width = Math.max(12, ...[...this.counts.keys()].map((k) => k.length));
    for (const [k, v] of [...this.counts].sort((a, b) => b[1] - a[1])) lines.push(`  ${k.padEnd(width)} ${String(v).padStart(7)}`);
    if (j.notStarted > 0) lines.push(`  ${'not started'.padEnd(width)} ${String(j.notStarted).padStart(7)}`);
    if (this.messages !== undefined) lines.push(`  messages written: ${this.messages}`);
    lines.push(`  retries: ${this.retries}`);
    if (this.firstErrors.length > 0) {
      lines.push('first errors:');
      for (const e of this.firstErrors) lines.push(`  id ${e.id}: ${e.error}`);
    }
    if (this.inDoubt.length > 0) {
      const shown = this.inDoubt.slice(0, MAX_LISTED_IDS).join(', ');
      // (a delete in doubt is sent again on resume, a session already gone counting as done; a reset is not)
      const next = this.command === 'delete' ? 'a resume with the same --journal sends them again' : 'not sent again, check them or re-run with --retry-in-doubt';
      lines.push(`in doubt (may or may not have been applied; ${next}): ${this.inDoubt.length}`);
      lines.push(`  ids: ${shown}${this.inDoubt.length > MAX_LISTED_IDS ? `, … (${this.inDoubt.length - MAX_LISTED_IDS} more, see --summary-json)` : ''}`);
    }
    if (this.dryRun) lines.push(...this.wouldWriteLines());
    else {
      if (this.output) lines.push(`output: ${this.output}`);
      if (this.journal) lines.push(`journal: ${this.journal}`);
    }
    const code = j.exitCode;
    if (code === EXIT_FATAL) lines.push(`result: FAILED (exit 1): ${this.fatal}`);
    else if (code === EXIT_PARTIAL) {
      const found = j.notFound === 0 ? '' : j.notFound === j.notDone ? ` (not found${j.notDone === 1 ? '' : ', all of them'})` : ` (${j.notFound} of them not found)`;
      // (a resume does not bring missing sessions back: no resume advice when only they are left)
      const resumable = j.notDone - j.notFound + j.notStarted > 0;
      const advice = !resumable
        ? ' — no such session: check the ids (a resume does not change this)'
        : this.journal
          ? ` — run the same command with --journal ${this.journal} to resume${j.notFound ? ' the others' : ''}`
          : ' — use --journal to make a job resumable';
      lines.push(`result: partial (exit 2): ${j.notDone} not done${found}${j.notStarted ? `, ${j.notStarted} not started` : ''}${advice}`);
    } else lines.push('result: all done (exit 0)');
    return `${lines.join('\n')}\n`;
  }
}
