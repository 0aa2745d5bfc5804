'use strict';
/**
 * saxes 6 (xmlns: false, position: false) against the strict scanner `scanXml` on the benchmark's
 * SOAP responses (bench/lib/fixtures.js: GetChatMessagesResponse with 1,000 and 100,000 messages,
 * and the fully populated ChatSessionEntity), each as the decoder gets it: decoded from UTF-8 bytes
 * (a flat string). Three contenders per fixture:
 *   - saxes with no handlers (the parser alone),
 *   - saxes with no-op opentag / text / closetag handlers (what a decoder pays at least),
 *   - scanXml with no-op events.
 * Before timing, the two are checked to report the same events on each fixture.
 *
 * Method (as bench/run.js): one process, R rounds, contenders in an order rotated per round. A
 * sample runs enough calls for ~200 ms after a full GC and a 25 ms pause, the first twentieth of
 * them untimed; it is timed in main-thread CPU time (/proc/self/task/<pid>/schedstat, which leaves
 * out V8's background threads and the time other processes held the core; elsewhere process CPU
 * time). The table shows the median time per document over the rounds and the ratio to scanXml.
 *
 *   npm run build:cjs && node --expose-gc bench/scanner.js [--rounds=N] [--only=1000,100000,entity]
 */
const fs = require('node:fs');
const path = require('node:path');
const { SaxesParser } = require('saxes');
const { messagesFixture, entityFixture, loadChatDescriptor } = require('./lib/fixtures.js');
const { median, rotate } = require('./lib/stats.js');
const { cpuMs, HAVE_SCHEDSTAT } = require('./lib/clock.js');

const { scanXml } = require(path.join(__dirname, '..', 'dist/src/runtime/xml/xml-scanner.js'));

const LIMITS = { maxAttributes: 256, maxNameLength: 1024, maxAttributeLength: 64 * 1024 };
const arg = (name, fallback) => {
  const a = process.argv.find((x) => x.startsWith(`--${name}=`));
  return a === undefined ? fallback : a.slice(name.length + 3);
};
const ROUNDS = Number(arg('rounds', '9'));
const ONLY = arg('only', '1000,100000,entity').split(',');
const SAMPLE_MS = 200;


function pause(ms) {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

const noop = () => {};
const NOOP_EVENTS = { open: noop, text: noop, close: noop };

function saxesBare(xml) {
  const p = new SaxesParser({ xmlns: false, position: false });
  p.write(xml).close();
}

function saxesNoop(xml) {
  const p = new SaxesParser({ xmlns: false, position: false });
  p.on('opentag', noop);
  p.on('text', noop);
  p.on('closetag', noop);
  p.write(xml).close();
}

function scanner(xml) {
  scanXml(xml, NOOP_EVENTS, LIMITS);
}

/** Events as one string per document (adjacent text merged, text outside the root dropped). */
function eventsOf(run) {
  const out = [];
  let text = '';
  const flush = () => {
    if (text !== '') out.push(`T${text}`);
    text = '';
  };
  run({
    open(name, attrs) {
      flush();
      out.push(`<${name}${Object.keys(attrs).map((k) => ` ${k}=${JSON.stringify(attrs[k])}`).join('')}>`);
    },
    text(t) {
      text += t;
    },
    close(name) {
      flush();
      out.push(`</${name}>`);
    },
  });
  flush();
  return out;
}

/** The number of events, after checking that saxes and scanXml report the same ones. */
function sameEvents(xml) {
  const viaSaxes = eventsOf((e) => {
    const p = new SaxesParser({ xmlns: false, position: false });
    let depth = 0;
    p.on('error', (err) => {
      throw err;
    });
    p.on('opentag', (t) => {
      depth++;
      e.open(t.name, t.attributes);
    });
    p.on('text', (t) => depth > 0 && e.text(t));
    p.on('cdata', (t) => e.text(t));
    p.on('closetag', (t) => {
      depth--;
      e.close(t.name);
    });
    p.write(xml).close();
  });
  const viaScanner = eventsOf((e) => scanXml(xml, e, LIMITS));
  if (viaSaxes.length !== viaScanner.length || viaSaxes.some((x, k) => x !== viaScanner[k])) throw new Error('saxes and scanXml report different events');
  return viaSaxes.length;
}

/** Milliseconds (main-thread CPU) per call of `fn(xml)` over `calls` calls. */
function sample(fn, xml, calls) {
  if (global.gc) global.gc();
  pause(25);
  if (calls >= 10) for (let k = 0, m = Math.ceil(calls / 20); k < m; k++) fn(xml);
  const c0 = cpuMs();
  for (let k = 0; k < calls; k++) fn(xml);
  return (cpuMs() - c0) / calls;
}

function bench(name, xml) {
  const events = sameEvents(xml);
  const contenders = [
    ['saxes, no handlers', saxesBare],
    ['saxes, no-op handlers', saxesNoop],
    ['scanXml, no-op events', scanner],
  ];
  // warm up for ~0.5 s each, then calibrate the calls per sample
  const calls = new Map();
  for (const [label, fn] of contenders) {
    const t0 = cpuMs();
    let k = 0;
    while (cpuMs() - t0 < 500 || k < 3) {
      fn(xml);
      k++;
    }
    calls.set(label, Math.max(1, Math.round(SAMPLE_MS / sample(fn, xml, Math.max(1, k >> 2)))));
  }
  const times = new Map(contenders.map(([label]) => [label, []]));
  for (let r = 0; r < ROUNDS; r++) {
    for (const [label, fn] of rotate(contenders, r)) times.get(label).push(sample(fn, xml, calls.get(label)));
  }
  const scan = median(times.get('scanXml, no-op events'));
  const mb = Buffer.byteLength(xml) / 1e6;
  console.log(`\n${name}: ${mb.toFixed(2)} MB, ${events} events, median of ${ROUNDS} rounds (min–max)`);
  for (const [label] of contenders) {
    const ts = times.get(label);
    const ms = median(ts);
    const range = `${Math.min(...ts).toFixed(3)}–${Math.max(...ts).toFixed(3)}`;
    const ratio = label.startsWith('saxes') ? `  ${(ms / scan).toFixed(2)}x the time of scanXml` : '';
    console.log(`  ${label.padEnd(22)} ${ms.toFixed(3).padStart(9)} ms (${range})  ${(mb / (ms / 1000)).toFixed(0).padStart(4)} MB/s${ratio}`);
  }
}

/** The document as the decoder gets it: decoded from UTF-8 bytes (a flat string, not the fixture's concatenation). */
function asDecoded(xml) {
  return Buffer.from(xml, 'utf8').toString('utf8');
}

function main() {
  if (!global.gc) console.log('(run with node --expose-gc for a full GC before each sample)');
  console.log(`node ${process.version}, ${HAVE_SCHEDSTAT ? 'main-thread' : 'process'} CPU time, load average ${fs.existsSync('/proc/loadavg') ? fs.readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ') : '?'}`);
  if (ONLY.includes('1000')) bench('GetChatMessagesResponse, 1,000 messages', asDecoded(messagesFixture(1000).xml));
  if (ONLY.includes('100000')) bench('GetChatMessagesResponse, 100,000 messages', asDecoded(messagesFixture(100_000).xml));
  if (ONLY.includes('entity')) bench('GetChatSessionEntityResponse (ChatSessionEntity)', asDecoded(entityFixture(loadChatDescriptor()).xml));
}

main();
