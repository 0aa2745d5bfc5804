#!/usr/bin/env node
/**
 * Print the figures of the last reliability run (each test file of test/reliability writes its
 * counters to <tmpdir>/so-soap-reliability/<suite>.json besides its `[reliability]` stdout line).
 *
 *   npx jest test/reliability && node test/reliability/figures.js
 */
'use strict';
const { readdirSync, readFileSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');

const dir = join(tmpdir(), 'so-soap-reliability');
let files = [];
try {
  files = readdirSync(dir).filter((f) => f.endsWith('.json')).sort();
} catch {
  // nothing yet
}
if (files.length === 0) {
  process.stderr.write(`no figures in ${dir}: run \`npx jest test/reliability\` first\n`);
  process.exit(1);
}
for (const f of files) {
  const { suite, at, counts, notes } = JSON.parse(readFileSync(join(dir, f), 'utf8'));
  process.stdout.write(`${suite} (${at})\n`);
  for (const [k, v] of Object.entries(counts)) process.stdout.write(`  ${k}: ${v}\n`);
  for (const n of notes) process.stdout.write(`  - ${n}\n`);
}
