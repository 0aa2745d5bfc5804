/** wsdl/README.md names the sha256 of the WSDLs the committed code came from: it must match the generated headers. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO } from './project';

it.each([
  ['Chat', 'Services88-Chat.wsdl', 'src/generated/chat'],
  ['SoPrincipal', 'Services88-SoPrincipal.wsdl', 'src/generated/soprincipal'],
])('wsdl/README.md gives the sha256 of the %s WSDL that %s was generated from', (service, file, dir) => {
  const readme = readFileSync(join(REPO, 'wsdl/README.md'), 'utf8');
  const row = readme.split('\n').find((l) => l.startsWith(`| ${service} | \`${file}\``));
  const documented = /`([0-9a-f]{64})`/.exec(row ?? '')?.[1];
  for (const name of ['types.ts', 'descriptor.ts', 'client.ts', 'index.ts']) {
    const header = readFileSync(join(REPO, dir, name), 'utf8').split('\n')[0];
    expect(/ from (\S+) \(sha256 ([0-9a-f]{64})\)/.exec(header)?.slice(1)).toEqual([file, documented]);
  }
  const model = JSON.parse(readFileSync(join(REPO, dir, 'model.json'), 'utf8')) as { source: string; sha256: string };
  expect([model.source, model.sha256]).toEqual([file, documented]);
});
