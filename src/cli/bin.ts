#!/usr/bin/env node
/** The `so-soap` executable. */
import { main, processIo } from './main.js';
import { compileWasmWithBaselineOnly } from './wasm-baseline.js';
import { handleOutputErrors } from './output-errors.js';

compileWasmWithBaselineOnly();
handleOutputErrors();

main(process.argv.slice(2), processIo).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`so-soap: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = 1;
  },
);
