// Removes dist/ before `npm pack` builds it again (prepack), so files of modules that were moved or
// deleted since the last build never ship in the tarball.
const { rmSync } = require('node:fs');
const { join } = require('node:path');
rmSync(join(__dirname, '..', 'dist'), { recursive: true, force: true });
