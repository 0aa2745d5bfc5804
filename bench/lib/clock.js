'use strict';
/**
 * CPU time of the main thread in ms: Linux `/proc/self/task/<pid>/schedstat` (nanoseconds on the
 * CPU). Unlike `process.cpuUsage()` it leaves out V8's background threads (concurrent marking and
 * sweeping, compilation), whose work may be left over from the previous contender's garbage; unlike
 * wall time it leaves out the time other processes held the core. Elsewhere: process CPU time.
 */
const fs = require('node:fs');

const SCHEDSTAT = `/proc/self/task/${process.pid}/schedstat`;
const HAVE_SCHEDSTAT = (() => {
  try {
    return Number.isFinite(Number(fs.readFileSync(SCHEDSTAT, 'utf8').split(' ')[0]));
  } catch {
    return false;
  }
})();
/** What `cpuMs` measures, for table titles. */
const CLOCK = HAVE_SCHEDSTAT ? 'main-thread CPU time' : 'process CPU time';

function cpuMs() {
  if (HAVE_SCHEDSTAT) return Number(fs.readFileSync(SCHEDSTAT, 'utf8').split(' ')[0]) / 1e6;
  const c = process.cpuUsage();
  return (c.user + c.system) / 1000;
}

module.exports = { cpuMs, CLOCK, HAVE_SCHEDSTAT };
