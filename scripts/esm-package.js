// Marks dist/esm as ES modules (the CommonJS build in dist/ follows the root package's "type").
const { writeFileSync } = require('node:fs');
const { join } = require('node:path');
writeFileSync(join(__dirname, '..', 'dist', 'esm', 'package.json'), '{ "type": "module" }\n');
