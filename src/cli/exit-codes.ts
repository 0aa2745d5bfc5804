/**
 * The one exit-code table of every `so-soap` command (docs/guide/cli.md). The batch summary
 * (src/batch/summary.ts) and `generate` (codegen/cli.ts, which cannot import src/: same numbers,
 * held equal by test/cli/conventions.test.ts) follow it.
 */
export const EXIT = {
  /** Success (for a check: no difference that fails it). */
  ok: 0,
  /** Fatal: a usage or input error, refused credentials or lock; nothing (more) was done. */
  fatal: 1,
  /** Partial: a batch job with failures, in-doubt or not-found ids, or interrupted. */
  partial: 2,
  /** The service answered a SOAP Fault (`call`, `decode`). */
  fault: 3,
  /** A check found a difference (`generate --check`: the files on disk drifted; `diff`: a breaking change). */
  difference: 4,
} as const;

export const EXIT_CODES_HELP = `Exit codes:
  0  success (for a check: no difference)
  1  fatal: usage or input error, refused credentials or lock; nothing (more) done
  2  partial: a batch job with failures, in-doubt or not-found ids, or interrupted
  3  the service answered a SOAP Fault (call, decode)
  4  a check found a difference (generate --check; diff: a breaking change)`;
