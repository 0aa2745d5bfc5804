#!/usr/bin/env node
'use strict';
/**
 * Profile one workload of this client with the V8 CPU profiler and print the functions with the most
 * self time (the .cpuprofile is kept for Chrome DevTools / speedscope):
 *
 *   node bench/profile.js build [count]          encodeDeleteChatSessionEntity, default 300,000
 *   node bench/profile.js parse [messages]       decodeResponse of GetChatMessages, default 100,000
 *   node bench/profile.js entity [times]         decodeResponse of the full ChatSessionEntity, default 2,000
 *   node bench/profile.js roundtrip [calls]      getChatMessages against the loopback server, default 5,000 (concurrency 16)
 *   node bench/profile.js roundtrip-fetch [calls] the same with fetch = the global fetch instead of node:http
 *   node bench/profile.js roundtrip-rest [calls]  the same over the REST transport (the Agents API)
 *   node bench/profile.js limit-parse [messages] the saxes generic builder (for comparison)
 *
 * Runs itself again under `node --cpu-prof --cpu-prof-dir=.bench-fixtures/profiles`.
 */
const fs = require('node:fs');
const path = require('node:path');
const { spawnSync, fork } = require('node:child_process');
const { FIXTURE_DIR, ensureFixtures } = require('./lib/fixtures.js');
const C = require('./lib/contenders.js');

const PROFILE_DIR = path.join(FIXTURE_DIR, 'profiles');
const [what = 'build', nArg] = process.argv.slice(2);

function summarize(file, top = 25) {
  const p = JSON.parse(fs.readFileSync(file, 'utf8'));
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const self = new Map();
  let total = 0;
  p.samples.forEach((id, i) => {
    const n = byId.get(id);
    const f = n.callFrame;
    const key = `${f.functionName || '(anonymous)'} ${f.url ? `${path.relative(C.ROOT, f.url.replace('file://', ''))}:${f.lineNumber + 1}` : ''}`;
    const dt = p.timeDeltas[i] ?? 0;
    self.set(key, (self.get(key) ?? 0) + dt);
    total += dt;
  });
  const rows = [...self].sort((a, b) => b[1] - a[1]).slice(0, top);
  process.stdout.write(`self time, ${(total / 1000).toFixed(0)} ms sampled (${path.relative(C.ROOT, file)})\n`);
  for (const [k, v] of rows) process.stdout.write(`${((100 * v) / total).toFixed(1).padStart(5)}%  ${(v / 1000).toFixed(1).padStart(8)} ms  ${k}\n`);
  // inclusive time: every function on the sampled stack, counted once per sample
  const parent = new Map();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const incl = new Map();
  p.samples.forEach((id, i) => {
    const dt = p.timeDeltas[i] ?? 0;
    const seen = new Set();
    for (let cur = id; cur !== undefined; cur = parent.get(cur)) {
      const f = byId.get(cur).callFrame;
      if (!f.url || f.url.startsWith('node:internal/modules') || f.url.endsWith('bench/profile.js')) continue;
      const key = `${f.functionName || '(anonymous)'} ${path.relative(C.ROOT, f.url.replace('file://', ''))}:${f.lineNumber + 1}`;
      if (seen.has(key)) continue;
      seen.add(key);
      incl.set(key, (incl.get(key) ?? 0) + dt);
    }
  });
  process.stdout.write('inclusive time (functions with a source file)\n');
  for (const [k, v] of [...incl].sort((a, b) => b[1] - a[1]).slice(0, top)) process.stdout.write(`${((100 * v) / total).toFixed(1).padStart(5)}%  ${(v / 1000).toFixed(1).padStart(8)} ms  ${k}\n`);
}

async function workload() {
  const ours = C.loadOurs();
  if (what === 'build') {
    const n = Number(nArg ?? 300_000);
    const headers = { ApplicationToken: C.APP_TOKEN, Credentials: { Ticket: C.TICKET } };
    let len = 0;
    for (let i = 0; i < n; i++) len += ours.index.encodeDeleteChatSessionEntity({ ChatSessionEntityId: i }, headers).length;
    return `${n} envelopes, ${len} chars`;
  }
  if (what === 'parse' || what === 'limit-parse') {
    const n = Number(nArg ?? 100_000);
    const files = ensureFixtures([n]);
    const buf = fs.readFileSync(files[`messages-${n}`].xmlPath);
    const reps = Math.max(1, Math.round(300_000 / n));
    const { saxesGeneric } = require('./lib/generic-sax.js');
    for (let i = 0; i < reps; i++) {
      if (what === 'parse') ours.codec.decodeResponse(ours.ChatService, 'GetChatMessages', buf);
      else saxesGeneric(buf.toString('utf8'));
    }
    return `${reps} × ${n} messages`;
  }
  if (what === 'entity') {
    const files = ensureFixtures([]);
    const buf = fs.readFileSync(files.entity.xmlPath);
    const n = Number(nArg ?? 2_000);
    for (let i = 0; i < n; i++) ours.codec.decodeResponse(ours.ChatService, 'GetChatSessionEntity', buf);
    return `${n} entities`;
  }
  if (what === 'roundtrip' || what === 'roundtrip-fetch' || what === 'roundtrip-rest') {
    const server = fork(path.join(__dirname, 'server.js'), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], execArgv: [] });
    const port = await new Promise((resolve) => server.once('message', (m) => resolve(m.port)));
    const fetchLike = what === 'roundtrip-fetch' ? (url, init) => fetch(url, init) : undefined;
    const chat = ours.index.createChatClient({ endpoint: `http://127.0.0.1:${port}/Remote/Services88/Chat.svc`, applicationToken: C.APP_TOKEN, credentials: C.TICKET, fetch: fetchLike, transport: what === 'roundtrip-rest' ? 'rest' : 'soap' });
    const n = Number(nArg ?? 5_000);
    let next = 0;
    await Promise.all(
      Array.from({ length: 16 }, async () => {
        while (next < n) {
          next++;
          await chat.getChatMessages({ ChatSessionId: 59, After: 0 });
        }
      }),
    );
    server.send('stop');
    return `${n} calls`;
  }
  throw new Error(`unknown workload ${what}`);
}

if (process.env.BENCH_PROFILE_CHILD) {
  const t0 = performance.now();
  workload().then((d) => {
    process.stdout.write(`${what}: ${d} in ${(performance.now() - t0).toFixed(0)} ms\n`);
    process.exit(0);
  });
} else {
  if (!C.oursAvailable()) {
    process.stderr.write('dist/src/codec.js is missing: run `npm run build` first\n');
    process.exit(1);
  }
  fs.mkdirSync(PROFILE_DIR, { recursive: true });
  const before = new Set(fs.readdirSync(PROFILE_DIR));
  const r = spawnSync(process.execPath, ['--cpu-prof', `--cpu-prof-dir=${PROFILE_DIR}`, __filename, what, ...(nArg ? [nArg] : [])], {
    stdio: 'inherit',
    env: { ...process.env, BENCH_PROFILE_CHILD: '1' },
  });
  if (r.status !== 0) process.exit(r.status ?? 1);
  const made = fs.readdirSync(PROFILE_DIR).filter((f) => !before.has(f) && f.endsWith('.cpuprofile'));
  for (const f of made) summarize(path.join(PROFILE_DIR, f));
}
