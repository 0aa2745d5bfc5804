/** The version written into generated headers is the package's version. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GENERATOR_VERSION } from '../../codegen/version';
import { REPO } from './project';

it('GENERATOR_VERSION equals the version in package.json', () => {
  const pkg = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { version: string };
  expect(GENERATOR_VERSION).toBe(pkg.version);
});
