#!/usr/bin/env node
// Install a packed so-soap tarball into a directory, offline, the way `npm install <tarball>` does:
//   node scripts/install-tarball.js <so-soap-x.y.z.tgz> <project dir>
// The project gets a package.json if it has none. The runtime dependencies are the ones the
// TARBALL's package.json lists (and theirs, transitively), each packed from this repository's
// node_modules and installed with `npm install --offline` together with the tarball: no registry
// is asked, and a runtime dependency missing from "dependencies" is missing in the project too
// (the pack smoke test then fails on its first call). Prints the installed package's directory.
'use strict';
const { execFileSync } = require('node:child_process');
const { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join, resolve } = require('node:path');

const REPO_MODULES = resolve(__dirname, '..', 'node_modules');

/** The package.json inside a tarball. */
function manifestOf(tarball) {
  return JSON.parse(execFileSync('tar', ['-xzOf', tarball, 'package/package.json'], { encoding: 'utf8' }));
}

/** `name` and every package it depends on at run time, as installed in this repository. */
function closure(names, seen = new Map()) {
  for (const name of names) {
    if (seen.has(name)) continue;
    const dir = join(REPO_MODULES, name);
    if (!existsSync(join(dir, 'package.json'))) throw new Error(`${name} is a runtime dependency but is not installed in ${REPO_MODULES} (run npm ci)`);
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    seen.set(name, { dir, version: pkg.version });
    closure(Object.keys(pkg.dependencies ?? {}), seen);
  }
  return seen;
}

function install(tarball, project) {
  tarball = resolve(tarball);
  project = resolve(project);
  mkdirSync(project, { recursive: true });
  if (!existsSync(join(project, 'package.json'))) writeFileSync(join(project, 'package.json'), '{ "name": "consumer", "private": true }\n');
  const deps = closure(Object.keys(manifestOf(tarball).dependencies ?? {}));
  const packs = mkdtempSync(join(tmpdir(), 'so-soap-deps-'));
  try {
    const specs = [tarball];
    for (const [name, { dir, version }] of deps) {
      const file = join(packs, `${name.replace('/', '-')}-${version}.tgz`);
      // The installed copy holds only the published files: pack it as it is (no lifecycle scripts).
      execFileSync('tar', ['-czf', file, '-C', dir, '--transform', 's,^\\.,package,', '.']);
      specs.push(file);
    }
    execFileSync('npm', ['install', '--offline', '--no-audit', '--no-fund', '--ignore-scripts', '--no-package-lock', '--save=false', ...specs], {
      cwd: project,
      stdio: ['ignore', 'ignore', 'inherit'],
    });
  } finally {
    rmSync(packs, { recursive: true, force: true });
  }
  return join(project, 'node_modules', manifestOf(tarball).name);
}

module.exports = { install };

if (require.main === module) {
  const [tarball, project] = process.argv.slice(2);
  if (!tarball || !project) {
    process.stderr.write('Usage: node scripts/install-tarball.js <tarball> <project dir>\n');
    process.exit(1);
  }
  process.stdout.write(`${install(tarball, project)}\n`);
}
