/** The jest global setup rebuilds dist/ when it is missing or older than a source (issue 14 §9). */
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { staleness } = require('../global-setup.js') as { staleness(root: string): string | undefined };

const OUTPUTS = ['dist/src/index.js', 'dist/src/index.d.ts', 'dist/src/cli/bin.js', 'dist/codegen/cli.js', 'dist/esm/src/index.js', 'dist/esm/package.json'];

test('missing, fresh, stale', () => {
  const root = mkdtempSync(join(tmpdir(), 'so-soap-stale-'));
  try {
    const write = (f: string, seconds: number) => {
      mkdirSync(dirname(join(root, f)), { recursive: true });
      writeFileSync(join(root, f), 'x');
      utimesSync(join(root, f), seconds, seconds);
    };
    write('src/runtime/client/client.ts', 1000);
    write('codegen/cli.ts', 1000);
    write('package.json', 1000);
    expect(staleness(root)).toMatch(/dist\/src\/index\.js is missing/);
    for (const f of OUTPUTS) write(f, 2000);
    expect(staleness(root)).toBeUndefined();
    write('src/runtime/client/client.ts', 3000); // edited after the build
    expect(staleness(root)).toBe('a source is newer than dist/');
    for (const f of OUTPUTS) write(f, 4000);
    write('codegen/cli.ts', 5000);
    expect(staleness(root)).toBe('a source is newer than dist/');
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
