/**
 * The load run of the reliability suite (item 7), in its own process so that it can force garbage
 * collection (`node --expose-gc`) and see only its own resources. Started by load.test.ts with the
 * project's sources transpiled into a temporary directory (argv[2]); prints one JSON line.
 *
 * 10,000 calls at concurrency 64 against the Chat simulator (same process, loopback HTTP): a mix
 * of safe reads and unsafe updates, every call with the same caller AbortSignal (its listeners
 * must all be removed again). Afterwards the simulator is stopped and the keep-alive sockets are
 * given time to close; then the active resources, the listeners and the heap are compared.
 */
'use strict';
const { getEventListeners } = require('node:events');
const path = require('node:path');

const root = process.argv[2];
const CALLS = Number(process.argv[3] ?? 10_000);
const CONCURRENCY = Number(process.argv[4] ?? 64);
const WARMUP = 500;
const { createChatClient } = require(path.join(root, 'src/index.js'));
const { startSimulator } = require(path.join(root, 'src/simulator/index.js'));

function resources() {
  const counts = {};
  for (const r of process.getActiveResourcesInfo()) counts[r] = (counts[r] ?? 0) + 1;
  return counts;
}

function heapAfterGc() {
  for (let i = 0; i < 3; i++) global.gc();
  return process.memoryUsage().heapUsed;
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function main() {
  let unhandled = 0;
  const warnings = [];
  process.on('unhandledRejection', () => unhandled++);
  process.on('warning', (w) => warnings.push(`${w.name}: ${w.message}`));
  // The stdio pipes are opened lazily: open them now so that they count before and after alike.
  void process.stdout;
  void process.stderr;
  const processListenersBefore = process.eventNames().map((e) => `${String(e)}=${process.listenerCount(e)}`);
  await sleep(50);
  const before = resources();

  const sim = await startSimulator({ seed: 7, sessions: 64, messagesPerSession: [1, 4] });
  const caller = new AbortController();
  const logged = { debug: 0, warn: 0, error: 0, info: 0 };
  const chat = createChatClient({
    endpoint: sim.endpoint,
    applicationToken: sim.applicationToken,
    credentials: sim.ticket,
    timeoutMs: 30_000,
    retry: { maxAttempts: 3, baseDelayMs: 5, maxDelayMs: 50 },
    logger: (e) => logged[e.level]++,
  });
  const signal = caller.signal;

  /** Call `i`: 70% safe reads, 30% unsafe updates of existing data (the state does not grow). */
  function call(i) {
    const id = (i % 64) + 1;
    switch (i % 10) {
      case 0:
      case 1:
      case 2:
        return chat.getChatMessages({ ChatSessionId: id, After: 0 }, { signal });
      case 3:
      case 4:
        return chat.getChatSessionEntity({ ChatSessionEntityId: id }, { signal });
      case 5:
        return chat.isWithinOpeningHours({ ChatTopicId: 1 }, { signal });
      case 6:
        return chat.getChatTopicEntity({ ChatTopicEntityId: 1 }, { signal });
      case 7:
      case 8:
        return chat.saveChatSessionEntity({ ChatSessionEntity: { ChatSessionId: id, TopicId: 1, CustomerName: `load ${i % 97}`, CustomerConsented: true } }, { signal });
      default:
        return chat.transferChatSession({ ChatSessionId: id, ToAssociate: 'ann' }, { signal });
    }
  }

  const errors = {};
  let done = 0;
  async function run(from, to, checkpoints) {
    let next = from;
    async function worker() {
      while (next < to) {
        const i = next++;
        try {
          await call(i);
        } catch (e) {
          const key = e && e.name ? e.name : String(e);
          errors[key] = (errors[key] ?? 0) + 1;
        }
        done++;
        if (checkpoints && done % 2000 === 0) checkpoints.push({ calls: done, heapMB: Math.round((process.memoryUsage().heapUsed / 1048576) * 10) / 10 });
      }
    }
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  }

  // Warm-up (JIT, plans, connection pool), then the measured run.
  await run(0, WARMUP);
  const heapStart = heapAfterGc();
  done = 0;
  const samples = [];
  const started = performance.now();
  const cpu = process.cpuUsage();
  await run(0, CALLS, samples);
  const ms = performance.now() - started;
  const used = process.cpuUsage(cpu);
  const cpuMs = Math.round((used.user + used.system) / 1000);
  const heapEnd = heapAfterGc();
  const stats = sim.stats;

  const abortListeners = getEventListeners(signal, 'abort').length;
  await sim.stop();
  // Let the client notice the closed keep-alive sockets.
  let after = resources();
  for (let i = 0; i < 50 && JSON.stringify(after) !== JSON.stringify(before); i++) {
    await sleep(100);
    after = resources();
  }
  const processListenersAfter = process.eventNames().map((e) => `${String(e)}=${process.listenerCount(e)}`);
  process.stdout.write(
    `${JSON.stringify({
      calls: CALLS,
      warmup: WARMUP,
      concurrency: CONCURRENCY,
      ms: Math.round(ms),
      cpuMs,
      callsPerSecond: Math.round((CALLS / ms) * 1000),
      serverRequests: stats.requests,
      errors,
      unhandled,
      warnings,
      abortListeners,
      resourcesBefore: before,
      resourcesAfter: after,
      processListenersBefore,
      processListenersAfter,
      heapStartMB: Math.round((heapStart / 1048576) * 10) / 10,
      heapEndMB: Math.round((heapEnd / 1048576) * 10) / 10,
      samples,
      logged,
    })}\n`,
  );
}

main().catch((e) => {
  process.stdout.write(`${JSON.stringify({ fatal: String((e && e.stack) || e) })}\n`);
  process.exitCode = 1;
});
