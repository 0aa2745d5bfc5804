// dist/esm holds the ES module build. Its package.json marks the folder as ESM and repeats the
// package's name and subpath exports, so that the generated code's imports of `so-soap/runtime`
// and `so-soap/codec` (a self-reference) resolve inside the ESM build, not to the CommonJS one.
const { writeFileSync } = require('node:fs');
const { join } = require('node:path');
const pkg = require('../package.json');
const esm = {
  name: pkg.name,
  type: 'module',
  exports: {
    '.': { types: './src/index.d.ts', default: './src/index.js' },
    './runtime': { types: './src/runtime/index.d.ts', default: './src/runtime/index.js' },
    './codec': { types: './src/codec.d.ts', default: './src/codec.js' },
  },
};
writeFileSync(join(__dirname, '..', 'dist', 'esm', 'package.json'), `${JSON.stringify(esm, null, 2)}\n`);
