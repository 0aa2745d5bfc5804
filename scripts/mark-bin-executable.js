// tsc writes files without the execute bit; npm sets it on install, but the built CLI is also run
// straight from a clone (a node_modules/.bin link in a test project, ./dist/src/cli/bin.js).
const { chmodSync } = require('node:fs');
const { join } = require('node:path');
chmodSync(join(__dirname, '..', 'dist', 'src', 'cli', 'bin.js'), 0o755);
