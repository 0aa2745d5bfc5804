/**
 * Jest global setup: build dist/ when any source is newer than it, so that the tests that run the
 * built package (the CLI as a child process, the API surface, the packed corpus) never run against a
 * stale build. `npm test` builds first anyway (pretest); this covers `npx jest <path>`. Runs once,
 * before the workers start.
 */
'use strict';
const { execFileSync } = require('node:child_process');
const { existsSync, readdirSync, statSync } = require('node:fs');
const { join } = require('node:path');

const ROOT = join(__dirname, '..');
const SOURCE_DIRS = ['src', 'codegen'];
const SOURCE_FILES = ['package.json', 'tsconfig.json', 'tsconfig.build.json', 'tsconfig.esm.json', 'scripts/esm-package.js'];
/** Outputs of `npm run build` (tsc rewrites every output on each build). */
const OUTPUTS = ['dist/src/index.js', 'dist/src/index.d.ts', 'dist/src/cli/bin.js', 'dist/codegen/cli.js', 'dist/esm/src/index.js', 'dist/esm/package.json'];

function newestIn(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestIn(path));
    else if (entry.isFile()) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

/** Whether dist/ is missing or older than a source; `why` says which. */
function staleness(root = ROOT) {
  const outputs = OUTPUTS.map((f) => join(root, f));
  const missing = outputs.find((f) => !existsSync(f));
  if (missing) return `${missing} is missing`;
  const built = Math.min(...outputs.map((f) => statSync(f).mtimeMs));
  const sources = Math.max(...SOURCE_DIRS.map((d) => newestIn(join(root, d))), ...SOURCE_FILES.filter((f) => existsSync(join(root, f))).map((f) => statSync(join(root, f)).mtimeMs));
  return sources > built ? 'a source is newer than dist/' : undefined;
}

module.exports = async function globalSetup() {
  const why = staleness();
  if (why === undefined) return;
  process.stdout.write(`\n[global-setup] ${why}: npm run build\n`);
  execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'inherit' });
};
module.exports.staleness = staleness;
