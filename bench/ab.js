#!/usr/bin/env node
'use strict';
/**
 * `node bench/ab.js --base <git rev>`: the codec of an earlier commit against this checkout's, side
 * by side in one process — the build row (one DeleteChatSessionEntity envelope through the generated
 * builder) and the parse rows (GetChatMessages at 1,000 and 100,000 messages, the fully populated
 * entity). It answers "did this change move build or parse?" (issue 13 asks for ≤ 5%) without two
 * bench runs at different times on a machine whose load changes between them.
 *
 * The base commit is checked out into a temporary git worktree (kept under the OS temp folder per
 * commit, so a second run reuses it), with this checkout's node_modules linked, and compiled with
 * its own tsconfig.build.json. This checkout must be built (`npm run build:cjs`).
 *
 * Every sample is main-thread CPU time per operation (bench/lib/clock.js), the two builds in
 * rotating order within each round; the table shows head/base per round: median (min–max).
 *
 *   --base <rev>       the earlier commit (required)
 *   --rounds <n>       rounds per row (default 7)
 *   --sizes <a,b>      message counts of the parse rows (default 1000,100000)
 *   --sample-ms <ms>   CPU time of one sample (default 250)
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const v8 = require('node:v8');
const vm = require('node:vm');
const { execFileSync } = require('node:child_process');
const { isDeepStrictEqual } = require('node:util');
const { median, min, max, fmtRatio, fmtValue } = require('./lib/stats.js');
const { ensureFixtures, FIXTURE_DIR } = require('./lib/fixtures.js');
const { cpuMs, CLOCK } = require('./lib/clock.js');

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc');

const ROOT = path.resolve(__dirname, '..');
const argv = process.argv.slice(2);
function option(name, fallback) {
  const i = argv.indexOf(`--${name}`);
  if (i >= 0 && argv[i + 1] !== undefined) return argv[i + 1];
  const eq = argv.find((a) => a.startsWith(`--${name}=`));
  return eq ? eq.slice(name.length + 3) : fallback;
}
const BASE = option('base');
const ROUNDS = Number(option('rounds', '7'));
const SIZES = option('sizes', '1000,100000').split(',').map(Number);
const SAMPLE_MS = Number(option('sample-ms', '250'));
if (!BASE || !(ROUNDS >= 1) || SIZES.some((n) => !(n >= 1)) || !(SAMPLE_MS > 0)) {
  process.stderr.write('Usage: node bench/ab.js --base <git rev> [--rounds 7] [--sizes 1000,100000] [--sample-ms 250]\n');
  process.exit(1);
}
const log = (s) => process.stderr.write(`[ab] ${s}\n`);

/** The base commit compiled in a worktree of its own; returns its root. */
function buildBase(rev) {
  const sha = execFileSync('git', ['-C', ROOT, 'rev-parse', '--verify', `${rev}^{commit}`], { encoding: 'utf8' }).trim();
  const dir = path.join(os.tmpdir(), 'so-soap-ab', sha);
  if (!fs.existsSync(path.join(dir, 'dist/src/codec.js'))) {
    if (!fs.existsSync(path.join(dir, 'package.json'))) {
      fs.mkdirSync(path.dirname(dir), { recursive: true });
      execFileSync('git', ['-C', ROOT, 'worktree', 'add', '--detach', dir, sha], { stdio: 'ignore' });
    }
    if (!fs.existsSync(path.join(dir, 'node_modules'))) fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'));
    log(`compiling ${sha.slice(0, 12)} in ${dir}`);
    execFileSync(process.execPath, [path.join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', path.join(dir, 'tsconfig.build.json')], { stdio: 'inherit' });
  }
  return { label: `base ${sha.slice(0, 12)}`, root: dir };
}

/** One build's codec: the generated builder and decodeResponse. */
function load(root) {
  const index = require(path.join(root, 'dist/src/index.js'));
  const codec = require(path.join(root, 'dist/src/codec.js'));
  const headers = { ApplicationToken: 'c2f1e6f1a5b04d7c9e3b8a6d4f2e1c0b', Credentials: { Ticket: '7T:YwBhAGYAZQAxADIAMwA0ADUANgA3ADgAOQBhAGIAYwBkAGUAZgA=' } };
  const { encodeDeleteChatSessionEntity } = index;
  return {
    build: (i) => encodeDeleteChatSessionEntity({ ChatSessionEntityId: i }, headers),
    parse: (buf, op) => codec.decodeResponse(index.ChatService, op, buf),
  };
}

/** Iterations of `fn` that take about SAMPLE_MS of CPU. */
function calibrate(fn) {
  for (let n = 1; ; n *= 2) {
    const t0 = cpuMs();
    for (let i = 0; i < n; i++) fn(i);
    const ms = cpuMs() - t0;
    if (ms >= SAMPLE_MS / 4) return Math.max(1, Math.round((n * SAMPLE_MS) / ms));
  }
}

/** CPU ms per call of `fn`, over `n` calls, after a collection so that no garbage carries over. */
function sample(fn, n) {
  gc();
  const t0 = cpuMs();
  for (let i = 0; i < n; i++) fn(i);
  return (cpuMs() - t0) / n;
}

function main() {
  const head = { label: 'head (this checkout)', root: ROOT };
  if (!fs.existsSync(path.join(ROOT, 'dist/src/codec.js'))) throw new Error('this checkout is not built: npm run build:cjs');
  const base = buildBase(BASE);
  const variants = [base, head].map((v) => ({ ...v, codec: load(v.root) }));
  const files = ensureFixtures(SIZES, { log });
  const rows = [{ title: 'build DeleteChatSessionEntity', run: (c) => c.build }];
  for (const [name, op] of [...SIZES.map((n) => [`messages-${n}`, 'GetChatMessages']), ['entity', 'GetChatSessionEntity']]) {
    const xml = fs.readFileSync(files[name].xmlPath);
    rows.push({ title: `parse ${name} (${fmtValue(xml.length, 'bytes')})`, run: (c) => () => c.parse(xml, op), check: (c) => c.parse(xml, op) });
  }
  const table = [];
  for (const row of rows) {
    let note = '';
    if (row.check) {
      // both builds must read the same values, or the comparison is of different work
      const [a, b] = variants.map((v) => row.check(v.codec));
      note = isDeepStrictEqual(a, b) ? 'same result' : 'RESULTS DIFFER';
    }
    const fns = variants.map((v) => row.run(v.codec));
    const iters = fns.map(calibrate);
    const samples = variants.map(() => []);
    for (let r = 0; r < ROUNDS; r++) {
      const order = r % 2 === 0 ? [0, 1] : [1, 0];
      for (const k of order) samples[k].push(sample(fns[k], iters[k]));
    }
    const ratios = samples[1].map((h, i) => h / samples[0][i]);
    table.push({ row: row.title, base: median(samples[0]), head: median(samples[1]), ratios, note });
    log(`${row.title}: head/base ${fmtRatio(median(ratios))}`);
  }
  const lines = [
    `Codec A/B (${CLOCK} per operation, ${ROUNDS} rounds, node ${process.version}, load ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}; fixtures in ${path.relative(ROOT, FIXTURE_DIR)})`,
    `${variants[0].label} vs ${variants[1].label}`,
    '',
    '| row | base | head | head/base median (min–max) | |',
    '|---|---:|---:|---|---|',
    ...table.map((t) => `| ${t.row} | ${fmtValue(t.base, 'ms')} | ${fmtValue(t.head, 'ms')} | ${fmtRatio(median(t.ratios))} (${fmtRatio(min(t.ratios))}–${fmtRatio(max(t.ratios))}) | ${t.note} |`),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

main();
