#!/usr/bin/env node
'use strict';
/**
 * Rejecting invalid input takes time linear in its size (issue 18): `so-soap generate` and
 * `so-soap decode` run as a user runs them (a new process each) on inputs of 1, 4 and 16 MB whose
 * error is either early (random bytes after an XML prolog: rejected at once, whatever the size) or
 * late (well-formed text up to a missing end tag: the whole input must be read).
 *
 * Limit: a process that starts Node and reads the same file (`fs.readFileSync` + UTF-8 decode), the
 * cheapest way to look at every byte. The table shows the fastest time over rounds (noise only adds
 * time: a median of 3 once put one slow round of the limit at 4 MB into the verdict and called a
 * linear row superlinear), the time above that floor, and the growth of the time above the floor
 * from 4 to 16 MB: linear work grows ≤ 4x (plus noise); the bug this row guards against grew 5–6x
 * per 4x of input.
 *
 *   node bench/invalid-input.js [--rounds=N] [--sizes=1,4,16]
 *
 * Needs `npm run build` (dist/). Writes its inputs to a temp folder, removed at the end.
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const { randomBytes } = require('node:crypto');

const REPO = path.resolve(__dirname, '..');
const BIN = path.join(REPO, 'dist/src/cli/bin.js');
const WSDL_DIR = process.env.SO_WSDL_DIR ?? path.resolve(REPO, '../shared/wsdl');
const CHAT_WSDL = path.join(WSDL_DIR, 'Services88-Chat.wsdl');
const argv = process.argv.slice(2);
const ROUNDS = Number((argv.find((a) => a.startsWith('--rounds=')) ?? '--rounds=5').slice(9));
const SIZES = (argv.find((a) => a.startsWith('--sizes=')) ?? '--sizes=1,4,16').slice(8).split(',').map(Number);
const MB = 1_000_000;

/** Text that is valid XML character data (no `<` or `&`), `n` bytes. */
function filler(n) {
  const line = 'lorem ipsum dolor sit amet, consectetur adipiscing elit 0123456789\n';
  return line.repeat(Math.ceil(n / line.length)).slice(0, n);
}

const WSDL_OPEN = '<?xml version="1.0"?><definitions xmlns="http://schemas.xmlsoap.org/wsdl/"><documentation>';
const ENV_OPEN = '<?xml version="1.0"?><s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><GetChatMessagesResponse xmlns="http://www.superoffice.net/ws/crm/NetServer/Services88"><Response><ChatMessage><Message>';

const CASES = [
  { id: 'generate-early', title: 'generate: random bytes after an XML prolog (error at byte ~80)', input: (n) => Buffer.concat([Buffer.from(WSDL_OPEN), randomBytes(n)]), args: (f) => ['generate', '--wsdl', f, '--out', path.join(os.tmpdir(), 'so-soap-invalid-out')] },
  { id: 'generate-late', title: 'generate: well-formed text, the end tags missing (error at the end)', input: (n) => Buffer.from(WSDL_OPEN + filler(n)), args: (f) => ['generate', '--wsdl', f, '--out', path.join(os.tmpdir(), 'so-soap-invalid-out')] },
  { id: 'decode-early', title: 'decode: random bytes in the Body (error at once)', input: (n) => Buffer.concat([Buffer.from(ENV_OPEN), randomBytes(n)]), args: (f) => ['decode', '--wsdl', CHAT_WSDL, '--operation', 'GetChatMessages', '--response', f] },
  { id: 'decode-late', title: 'decode: well-formed text, the end tags missing (error at the end)', input: (n) => Buffer.from(ENV_OPEN + filler(n)), args: (f) => ['decode', '--wsdl', CHAT_WSDL, '--operation', 'GetChatMessages', '--response', f] },
];

function timeProcess(args) {
  const started = process.hrtime.bigint();
  const r = spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 64 * MB });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  return { ms, status: r.status, stderr: r.stderr };
}


function main() {
  if (!fs.existsSync(BIN)) throw new Error('run `npm run build` first (dist/src/cli/bin.js is missing)');
  if (!fs.existsSync(CHAT_WSDL)) throw new Error(`the Chat WSDL is missing: ${CHAT_WSDL} (set SO_WSDL_DIR)`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'so-soap-invalid-'));
  const rows = [];
  const problems = [];
  try {
    for (const c of CASES) {
      const perSize = {};
      for (const size of SIZES) {
        const file = path.join(dir, `${c.id}-${size}.xml`);
        fs.writeFileSync(file, c.input(size * MB));
        const ours = [];
        const floor = [];
        for (let round = 0; round < ROUNDS; round++) {
          // interleaved, so that a slow moment of the machine hits both
          floor.push(timeProcess(['-e', `require('node:fs').readFileSync(${JSON.stringify(file)}, 'utf8')`]).ms);
          const r = timeProcess([BIN, ...c.args(file)]);
          if (r.status !== 1) problems.push(`${c.id} ${size} MB: exit ${r.status}, expected 1 (input error): ${r.stderr.slice(0, 200)}`);
          ours.push(r.ms);
        }
        perSize[size] = { ours: Math.min(...ours), floor: Math.min(...floor) };
        fs.rmSync(file);
      }
      rows.push({ c, perSize });
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  const lines = [
    `Rejecting invalid input (fastest of ${ROUNDS} rounds; ms; limit = a process that reads the file)`,
    '',
    `| case | ${SIZES.map((s) => `${s} MB: ours / limit`).join(' | ')} | growth above the limit, ${SIZES.at(-2)}→${SIZES.at(-1)} MB |`,
    `| --- | ${SIZES.map(() => '---').join(' | ')} | --- |`,
  ];
  for (const { c, perSize } of rows) {
    const a = perSize[SIZES.at(-2)];
    const b = perSize[SIZES.at(-1)];
    const above = (x) => Math.max(1, x.ours - x.floor);
    const growth = above(b) / above(a);
    const sizeFactor = SIZES.at(-1) / SIZES.at(-2);
    // a generous margin for noise: superlinear work at these sizes grows by far more
    const verdict = growth <= sizeFactor * 1.25 ? 'linear' : 'SUPERLINEAR';
    if (verdict !== 'linear') problems.push(`${c.id}: grows ${growth.toFixed(1)}x for ${sizeFactor}x the input`);
    lines.push(`| ${c.title} | ${SIZES.map((s) => `${perSize[s].ours.toFixed(0)} / ${perSize[s].floor.toFixed(0)}`).join(' | ')} | ${growth.toFixed(1)}x (${verdict}) |`);
  }
  process.stdout.write(`${lines.join('\n')}\n`);
  if (problems.length) {
    process.stderr.write(`invalid-input bench problems:\n${problems.map((p) => `  - ${p}`).join('\n')}\n`);
    return 2;
  }
  return 0;
}

process.exitCode = main();
