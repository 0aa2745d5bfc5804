/**
 * The `so-soap` process compiles WebAssembly with V8's baseline compiler (Liftoff) only.
 *
 * undici parses HTTP with llhttp, a WebAssembly module. After a few responses V8 re-compiles its
 * main parser function (33 KB of WebAssembly) with TurboFan on a helper thread: ~175 ms of CPU
 * on this project's machines, which a process must wait for before it can exit, and which
 * competes with the work on small machines. A batch job of one session took ~0.47 s with it and
 * ~0.26 s without; an export of 40,000 messages used 16% less CPU and ~5% less wall time on 2
 * cores (bench/README.md). llhttp's baseline code is fast enough for what the CLI parses: the
 * headers of a few responses a second; bodies are handed over as byte ranges.
 *
 * Only the CLI does this: a V8 flag is process-wide, so the library, imported by other programs,
 * leaves it to them (`node --liftoff-only app.js`).
 */
import { setFlagsFromString } from 'node:v8';

/** Call before the first WebAssembly module is compiled (undici loads lazily, on the first HTTP call). */
export function compileWasmWithBaselineOnly(): void {
  setFlagsFromString('--liftoff-only');
}
