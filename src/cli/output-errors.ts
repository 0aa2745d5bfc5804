/**
 * Write errors of the process's stdout and stderr: a reader that went away (`| head`: EPIPE), a
 * full disk (ENOSPC). Never an uncaught exception with a stack trace: a command that writes data to
 * stdout watches it (the chat jobs end with exit 1 saying so); for the others the process ends at
 * once with exit 1 and one line. Nothing can be said about stderr itself: its errors are ignored,
 * and the job goes on (its exit code and `--summary-json` still tell how it ended).
 */
const stdoutWatchers = new Set<(code: string) => void>();
let listening = false;
let exitOnStdoutError = false;

function listen(): void {
  if (listening) return;
  listening = true;
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    const code = e.code ?? e.message;
    if (stdoutWatchers.size > 0 || !exitOnStdoutError) {
      for (const w of stdoutWatchers) w(code);
      return;
    }
    process.stderr.write(`so-soap: cannot write stdout: ${code}${code === 'EPIPE' ? ' (its reader went away)' : ''}\n`);
    process.exit(1);
  });
}

/** The executable's setting: stdout and stderr write errors as described above. */
export function handleOutputErrors(): void {
  process.stderr.on('error', () => undefined);
  exitOnStdoutError = true;
  listen();
}

/**
 * Call `onError` with the error code when stdout cannot be written any more. From the first call
 * on, no stdout write error is ever an uncaught exception (late write errors can arrive after the
 * command finished).
 */
export function watchStdout(onError: (code: string) => void): () => void {
  listen();
  stdoutWatchers.add(onError);
  return () => stdoutWatchers.delete(onError);
}
