'use strict';
/**
 * Memory of one parse, measured in a fresh process (run by run.js with --expose-gc):
 *   node --expose-gc bench/memory-child.js <contender> <fixture name> <operation>
 * Sets up only that contender, warms it on a small fixture, reads the input, collects garbage and
 * takes the baseline; parses; reads peak RSS (getrusage maxRSS) and drops the input; collects
 * garbage twice and reads the heap again while the result is still referenced.
 * Prints one JSON line: retainedHeap (heapUsed after − before, input dropped: a result that pins the
 * input string pays for it here), peakRssGrowth (maxRSS − RSS at baseline), and details.
 */
const fs = require('node:fs');
const path = require('node:path');
const { parsers, oursAvailable, loadOurs } = require('./lib/contenders.js');
const { FIXTURE_DIR, messagesFixture } = require('./lib/fixtures.js');

async function main() {
  const [id, name, op] = process.argv.slice(2);
  if (typeof global.gc !== 'function') throw new Error('run with --expose-gc');
  const ours = id === 'ours' && oursAvailable() ? loadOurs() : null;
  const [contender] = await parsers({ ours, only: id });
  if (!contender) throw new Error(`unknown or unavailable contender ${id}`);
  const warm = messagesFixture(10);
  for (let i = 0; i < 20; i++) contender.parse(Buffer.from(contender.json ? warm.json : warm.xml), 'GetChatMessages');

  let input = fs.readFileSync(path.join(FIXTURE_DIR, `${name}.${contender.json ? 'json' : 'xml'}`));
  const inputBytes = input.length;
  global.gc();
  global.gc();
  const before = process.memoryUsage();
  const maxRssBefore = process.resourceUsage().maxRSS * 1024;
  const t0 = performance.now();
  let result = contender.parse(input, op);
  const parseMs = performance.now() - t0;
  const peakRss = process.resourceUsage().maxRSS * 1024;
  // eslint-disable-next-line no-useless-assignment -- drop the input so that gc() can collect it before measuring
  input = null;
  global.gc();
  global.gc();
  const after = process.memoryUsage();
  const out = {
    id,
    retainedHeap: after.heapUsed - before.heapUsed,
    peakRssGrowth: peakRss - before.rss,
    peakBeforeParseAboveBaseline: Math.max(0, maxRssBefore - before.rss),
    externalDelta: after.external + after.arrayBuffers - (before.external + before.arrayBuffers),
    rssAfter: after.rss,
    inputBytes,
    parseMs,
  };
  if (!result) throw new Error('no result');
  process.stdout.write(JSON.stringify(out) + '\n');
  // eslint-disable-next-line no-useless-assignment -- release the parsed result (measured above) before the child exits
  result = null;
}

main().catch((e) => {
  process.stderr.write(`${e.stack ?? e}\n`);
  process.exit(1);
});
