/**
 * The consumer matrix (docs/guide/install.md): the packed tarball, installed offline into empty
 * projects of four kinds, compiles a generated Contact client and a Chat client (`tsc --strict`,
 * with `exactOptionalPropertyTypes` on and off) under the oldest TypeScript we support (5.4, the
 * `typescript-5.4` dev dependency) and the latest 5.x; the emitted Chat client then calls the
 * installed package's simulator (`so-soap simulate` on 127.0.0.1) over the default HTTP client.
 *   (a) module commonjs (classic node10 resolution: subpaths through typesVersions)
 *   (b) module node16, a CommonJS package   (c) module nodenext, an ESM package
 *   (d) module esnext + moduleResolution bundler
 * Lib checking (our .d.ts and Node's types) is on for the strictest runs of (a) and (c) under each
 * TypeScript and skipped elsewhere, which keeps the 16 compilations within CI's time.
 * Without ../shared/wsdl (SO_WSDL_DIR) or the typescript-5.4 package the suite is SKIPPED loudly.
 */
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exec, installTarball, limiter, ROOT, startInstalledSimulator, tarball, type InstalledSimulator } from './helpers';

jest.setTimeout(600_000);

const WSDL_DIR = process.env.SO_WSDL_DIR ?? join(ROOT, '..', 'shared', 'wsdl');
const TYPESCRIPTS = [
  { version: 'latest 5.x', tsc: join(ROOT, 'node_modules/typescript/bin/tsc'), pkg: join(ROOT, 'node_modules/typescript/package.json') },
  { version: 'oldest supported', tsc: join(ROOT, 'node_modules/typescript-5.4/bin/tsc'), pkg: join(ROOT, 'node_modules/typescript-5.4/package.json') },
];
const SETUPS = [
  { kind: 'a', what: 'module commonjs (node10 resolution)', type: 'commonjs', options: { module: 'commonjs' } },
  { kind: 'b', what: 'module node16, CommonJS package', type: 'commonjs', options: { module: 'node16' } },
  { kind: 'c', what: 'module nodenext, ESM package', type: 'module', options: { module: 'nodenext' } },
  { kind: 'd', what: 'module esnext + moduleResolution bundler', type: 'module', options: { module: 'esnext', moduleResolution: 'bundler' } },
] as const;
/** The runs that also type-check the declaration files (CommonJS and ESM declarations once each). */
const LIB_CHECKED = new Set(['a', 'c']);

const missing = [join(WSDL_DIR, 'Services88-Contact.wsdl'), join(WSDL_DIR, 'Services88-Chat.wsdl'), ...TYPESCRIPTS.map((t) => t.tsc)].filter((f) => !existsSync(f));
if (missing.length > 0) {
  const bar = '!'.repeat(100);
  console.warn(`${bar}\nSKIPPED the consumer matrix: missing ${missing.join(', ')} (set SO_WSDL_DIR; run npm ci for typescript-5.4). Reported as SKIPPED, not passed.\n${bar}`);
}

let tmp: string;
let sim: InstalledSimulator | undefined;
let prepared: Promise<string> | undefined;
const oneAtATime = limiter(2);

/** Pack, install once, generate the clients with the installed CLI, lay out the four projects, start the simulator. */
function prepare(): Promise<string> {
  prepared ??= (async () => {
    tmp = mkdtempSync(join(tmpdir(), 'so-soap-consumers-'));
    const base = join(tmp, 'installed');
    await installTarball(await tarball(tmp), base);
    const cli = join(base, 'node_modules/.bin/so-soap');
    for (const service of ['Contact', 'Chat']) {
      await exec(cli, ['generate', '--wsdl', join(WSDL_DIR, `Services88-${service}.wsdl`), '--out', join(base, 'generated', service.toLowerCase())], { cwd: base });
    }
    for (const setup of SETUPS) {
      const dir = join(tmp, setup.kind);
      mkdirSync(dir);
      writeFileSync(join(dir, 'package.json'), `${JSON.stringify({ name: `consumer-${setup.kind}`, private: true, type: setup.type })}\n`);
      writeFileSync(join(dir, 'tsconfig.json'), `${JSON.stringify({ compilerOptions: { strict: true, target: 'es2022', types: ['node'], ...setup.options }, include: ['*.ts', 'contact/*.ts', 'chat/*.ts'] }, null, 2)}\n`);
      symlinkSync(join(base, 'node_modules'), join(dir, 'node_modules'), 'dir');
      for (const f of ['contact-app.ts', 'chat-app.ts']) copyFileSync(join(__dirname, 'consumer', f), join(dir, f));
      cpSync(join(base, 'generated'), dir, { recursive: true });
    }
    sim = await startInstalledSimulator(base, ['--sessions', '3']);
    return tmp;
  })();
  return prepared;
}

afterAll(async () => {
  await sim?.stop();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

const cases = TYPESCRIPTS.flatMap((ts) => SETUPS.flatMap((setup) => [false, true].map((exact) => ({ ts, setup, exact }))));

(missing.length === 0 ? describe : describe.skip)('consumer matrix (packed tarball)', () => {
  test.concurrent.each(cases.map((c) => [`TypeScript ${c.ts.version}, (${c.setup.kind}) ${c.setup.what}, exactOptionalPropertyTypes ${c.exact}`, c] as const))('%s', async (_name, { ts, setup, exact }) => {
    const root = await prepare();
    const dir = join(root, setup.kind);
    const version = (JSON.parse(readFileSync(ts.pkg, 'utf8')) as { version: string }).version;
    const out = `out-${version}`;
    const libCheck = exact && LIB_CHECKED.has(setup.kind);
    const flags = ['-p', 'tsconfig.json', '--exactOptionalPropertyTypes', String(exact), '--skipLibCheck', String(!libCheck), ...(exact ? ['--outDir', out] : ['--noEmit'])];
    await oneAtATime(() => exec(process.execPath, [ts.tsc, ...flags], { cwd: dir }));
    if (!exact) return;
    // The emitted Chat client, run by Node as the project's package type says (require or import).
    const { stdout } = await exec(process.execPath, [join(out, 'chat-app.js')], { cwd: dir, env: sim!.env });
    expect(stdout).toMatch(/^chat ok: 3 sessions, \d+ messages in session 1\n$/);
  });
});
