#!/usr/bin/env node
/**
 * Memory-bound row of issue 14 item 6: peak RSS of `so-soap chat export` over pages of about
 * PAGE_MIB MiB (default 50) at concurrency 4, against the simulator in its own process
 * (`--page-size 50 --message-bytes <page/50>`), compared with the bound
 * 4 × page bytes × concurrency + 150 MB. Each round is a new `chat export` process against the
 * same simulator; peak RSS is the export's own (`--summary-json` `peakRssBytes`, i.e. its maxRSS).
 * Prints one row (and JSON with --json): the highest peak against the bound, with the min–max over
 * rounds; exit 0 when every round is within the bound, 1 when one is over it (the row says by how
 * much). Runs dist/ (npm run build first). `npm run bench` runs it as its `memexport` row (pages of
 * 5 MiB and one round with --quick).
 *
 *   node bench/memory-export.js [--page-mib 50] [--concurrency 4] [--sessions 8] [--rounds 1] [--json]
 */
'use strict';
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const BIN = path.join(__dirname, '..', 'dist', 'src', 'cli', 'bin.js');
const MB = 1e6;
const MIB = 1024 * 1024;
const MESSAGES_PER_PAGE = 50;

function arg(name, dflt) {
  const i = process.argv.indexOf(`--${name}`);
  return i < 0 ? dflt : Number(process.argv[i + 1]);
}

function startSimulator(args) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, 'simulate', ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      const env = {};
      for (const m of out.matchAll(/^export (SO_\w+)=(.*)$/gm)) env[m[1]] = m[2].replace(/^'(.*)'$/, '$1');
      if (env.SO_ENDPOINT && env.SO_TICKET && env.SO_APPLICATION_TOKEN) resolve({ child, env });
    });
    child.on('exit', (code) => reject(new Error(`the simulator exited (${code}) before it listened`)));
  });
}

function run(args, env) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, ...env } });
    let err = '';
    child.stderr.on('data', (d) => (err += d));
    child.on('exit', (code) => resolve({ code, stderr: err }));
  });
}

async function main() {
  if (!fs.existsSync(BIN)) throw new Error(`${BIN} is missing: npm run build first`);
  const pageMiB = arg('page-mib', 50);
  const concurrency = arg('concurrency', 4);
  const sessions = arg('sessions', 8);
  const rounds = arg('rounds', 1);
  const messageBytes = Math.round((pageMiB * MIB) / MESSAGES_PER_PAGE);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'so-soap-memory-export-'));
  const sim = await startSimulator(['--seed', '1', '--sessions', String(sessions), '--messages', String(MESSAGES_PER_PAGE), '--page-size', String(MESSAGES_PER_PAGE), '--message-bytes', String(messageBytes)]);
  try {
    const ids = Array.from({ length: sessions }, (_, i) => String(i + 1));
    // The limit is raised above the page (64 MiB by default) only when the page needs it.
    const limit = Math.max(64 * MIB, Math.ceil(pageMiB * MIB * 1.25));
    const pageBytes = pageMiB * MIB;
    const bound = 4 * pageBytes * concurrency + 150 * MB;
    const started = Date.now();
    const peaks = [];
    let messages;
    for (let round = 0; round < rounds; round++) {
      const summaryPath = path.join(dir, `summary-${round}.json`);
      const out = path.join(dir, `out-${round}.jsonl`);
      const r = await run(['chat', 'export', '--include', 'messages', '--concurrency', String(concurrency), '--max-response-bytes', String(limit), '--out', out, '--summary-json', summaryPath, ...ids], sim.env);
      if (r.code !== 0) throw new Error(`chat export exited ${r.code}:\n${r.stderr}`);
      const summary = JSON.parse(fs.readFileSync(summaryPath, 'utf8'));
      if (summary.messages !== sessions * MESSAGES_PER_PAGE) throw new Error(`chat export wrote ${summary.messages} messages, expected ${sessions * MESSAGES_PER_PAGE}`);
      messages = summary.messages;
      peaks.push(summary.peakRssBytes);
      fs.rmSync(out, { force: true });
    }
    const peak = Math.max(...peaks);
    const row = {
      row: 'memory: chat export, peak RSS',
      pageMiB,
      concurrency,
      sessions,
      rounds,
      messages,
      peakRssMB: Math.round(peak / MB),
      minRssMB: Math.round(Math.min(...peaks) / MB),
      roundsRssMB: peaks.map((p) => Math.round(p / MB)),
      boundMB: Math.round(bound / MB),
      within: peak <= bound,
      seconds: Math.round((Date.now() - started) / 100) / 10,
      load: os.loadavg().map((x) => Math.round(x * 10) / 10),
    };
    if (process.argv.includes('--json')) process.stdout.write(`${JSON.stringify(row)}\n`);
    else {
      const spread = rounds > 1 ? ` (${row.minRssMB}–${row.peakRssMB} MB over ${rounds} rounds: ${row.roundsRssMB.join(', ')})` : '';
      process.stdout.write(
        `${row.row}: ${row.sessions} pages of ${pageMiB} MiB at concurrency ${concurrency}: ${row.peakRssMB} MB${spread} ` +
          `(bound 4 x page x c + 150 MB = ${row.boundMB} MB): ${row.within ? 'within' : `OVER by ${row.peakRssMB - row.boundMB} MB`} ` +
          `(${row.seconds} s, load average ${row.load.join('/')})\n`,
      );
    }
    return row.within ? 0 : 1;
  } finally {
    sim.child.kill('SIGTERM');
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (e) => {
    process.stderr.write(`memory-export: ${e.message}\n`);
    process.exit(2);
  },
);
