/**
 * `so-soap generate` from so-soap.config.json (issue 16, build item 2): every configured service of
 * the shared WSDLs generated into a temp folder, so-soap.lock.json, `--check` (drift, a WSDL changed
 * since the lock with its semantic diff), `--from <tenant url>` against a local server that serves
 * them as `<Service>.svc?wsdl` (one of them split in two documents, as WCF's ?wsdl is), config errors
 * named by property, and the published JSON Schema held to examples.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { runGenerateCaptured as run } from './generate-helpers';
import { configSchema, configSchemaPath, readConfig } from '../../codegen/config/config';
import { validate } from '../../codegen/config/json-schema';
import { BIN, ensureBuilt, ROOT } from './chat-helpers';
import { describeWithWsdls, WSDL_DIR } from '../codegen/shared';


const snapshot = (dir: string) => Object.fromEntries(readdirSync(dir).sort().map((f) => [f, readFileSync(join(dir, f), 'utf8')]));
const lockOf = (dir: string) => JSON.parse(readFileSync(join(dir, 'so-soap.lock.json'), 'utf8'));
const NS = 'http://www.superoffice.net/ws/crm/NetServer/Services88';
/** Chat with one more ChatSessionStatus member: an API change a reader must see. */
const patchedChat = () => readFileSync(join(WSDL_DIR, 'Services88-Chat.wsdl'), 'utf8').replace('<xs:enumeration value="ClosedFromQueue" />', '<xs:enumeration value="ClosedFromQueue" />\n<xs:enumeration value="Archived" />');

describeWithWsdls('so-soap generate with so-soap.config.json', () => {
  let tmp: string;
  let configFile: string;
  const writeConfig = (config: object) => writeFileSync(configFile, `${JSON.stringify(config, null, 2)}\n`);
  beforeEach(() => {
    tmp = mkdtempSync(join(tmpdir(), 'so-soap-config-'));
    configFile = join(tmp, 'so-soap.config.json');
    writeConfig({ wsdlDir: WSDL_DIR, out: 'gen', services: ['Chat', { name: 'SoPrincipal', out: 'principal' }] });
  });
  afterEach(() => rmSync(tmp, { recursive: true, force: true }));

  it('generates every configured service as generate --wsdl does, and locks each WSDL by its sha256', async () => {
    const r = await run('--config', configFile);
    expect(r).toEqual({
      code: 0,
      stdout: 'so-soap generate: Chat (31 operations, 63 types) → gen/chat\nso-soap generate: SoPrincipal (5 operations, 31 types) → principal\n',
      stderr: [
        `so-soap generate: [1/2] Chat ← ${relative(tmp, join(WSDL_DIR, 'Services88-Chat.wsdl'))}`,
        `so-soap generate: [2/2] SoPrincipal ← ${relative(tmp, join(WSDL_DIR, 'Services88-SoPrincipal.wsdl'))}`,
        'so-soap generate: so-soap.lock.json: 2 of 2 services locked',
        '',
      ].join('\n'),
    });
    await run('--wsdl', join(WSDL_DIR, 'Services88-Chat.wsdl'), '--out', join(tmp, 'single'));
    expect(snapshot(join(tmp, 'gen/chat'))).toEqual(snapshot(join(tmp, 'single')));
    const lock = lockOf(tmp);
    const headerSha = (out: string) => /sha256 ([0-9a-f]{64})/.exec(readFileSync(join(tmp, out, 'types.ts'), 'utf8'))?.[1];
    expect(lock).toEqual({
      lockfileVersion: 1,
      services: {
        Chat: { source: relative(tmp, join(WSDL_DIR, 'Services88-Chat.wsdl')), sha256: headerSha('gen/chat'), out: 'gen/chat' },
        SoPrincipal: { source: relative(tmp, join(WSDL_DIR, 'Services88-SoPrincipal.wsdl')), sha256: headerSha('principal'), out: 'principal' },
      },
    });
  });

  it('--check: 0 when every folder and hash is as locked; 4 on a drifted folder or a service not locked', async () => {
    await run('--config', configFile);
    const ok = await run('--config', configFile, '--check');
    expect([ok.code, ok.stdout]).toEqual([0, [
      'so-soap generate --check: Chat: gen/chat is up to date (31 operations)',
      'so-soap generate --check: SoPrincipal: principal is up to date (5 operations)',
      'so-soap generate --check: 2 services up to date with their WSDLs and so-soap.lock.json',
      '',
    ].join('\n')]);
    const types = join(tmp, 'principal/types.ts');
    writeFileSync(types, readFileSync(types, 'utf8').replace(/^export interface /m, 'export interface Edited {}\nexport interface '));
    const drift = await run('--config', configFile, '--check');
    expect(drift.code).toBe(4);
    expect(drift.stderr).toContain(`so-soap generate --check: SoPrincipal: principal differs from what ${relative(tmp, join(WSDL_DIR, 'Services88-SoPrincipal.wsdl'))} generates:\n--- ${types} (committed)`);
    expect(drift.stderr).toContain('+export interface Edited {}'.replace('+', '-'));
    writeConfig({ wsdlDir: WSDL_DIR, out: 'gen', services: ['Chat', 'List'] });
    const unlocked = await run('--config', configFile, '--check');
    expect([unlocked.code, unlocked.stderr.split('\n').filter((l) => l.includes('--check'))]).toEqual([4, ['so-soap generate --check: List: not in so-soap.lock.json (run so-soap generate to write it)']]);
  });

  it('--check: a WSDL changed since the lock is a difference, explained by the semantic diff against the locked model.json', async () => {
    await run('--config', configFile);
    const wsdl = join(tmp, 'Chat.wsdl');
    writeFileSync(wsdl, readFileSync(join(WSDL_DIR, 'Services88-Chat.wsdl')));
    writeConfig({ wsdlDir: WSDL_DIR, out: 'gen', services: [{ name: 'Chat', wsdl: 'Chat.wsdl' }] });
    await run('--config', configFile);
    writeFileSync(wsdl, patchedChat());
    const r = await run('--config', configFile, '--check');
    expect(r.code).toBe(4);
    const sha = lockOf(tmp).services.Chat.sha256.slice(0, 12);
    expect(r.stderr).toMatch(new RegExp(`so-soap generate --check: Chat: the WSDL at Chat\\.wsdl changed since the lock \\(sha256 ${sha} → [0-9a-f]{12}, locked from Chat\\.wsdl\\)\n`));
    expect(r.stderr).toContain('Chat: API changes since the lock: 1 change: 1 breaking (0 both, 0 callers, 1 readers), 0 compatible');
    expect(r.stderr).toContain('ChatSessionStatus');
    expect(r.stderr).toContain('so-soap generate --check: Chat: run so-soap generate to regenerate gen/chat and update so-soap.lock.json');
  });

  it('a config that does not match the schema is refused, each problem named by its property (exit 1)', async () => {
    writeConfig({ tenant: 'ftp://x', wsdlDir: 'w', out: 'gen', services: ['Chat', { name: 'Con tact', outt: 'x' }, 7], extra: true });
    const r = await run('--config', configFile);
    expect(r).toEqual({
      code: 1,
      stdout: '',
      stderr: [
        `so-soap generate: ${configFile} does not match so-soap.config.schema.json:`,
        '  tenant: must match ^https?://',
        '  services[1].name: must match ^[A-Za-z][A-Za-z0-9_]*$',
        '  services[1].outt: unknown property "outt"',
        '  services[2]: must be a string, not integer',
        '  services[2]: must be an object, not integer',
        '  extra: unknown property "extra"',
        '  (root): "tenant" and "wsdlDir" cannot be given together',
        '',
      ].join('\n'),
    });
    writeConfig({ out: 'gen', services: ['Chat', 'Chat'] });
    expect((await run('--config', configFile)).stderr).toBe(`so-soap generate: ${configFile}: services[1]: Chat is listed twice\n`);
    writeConfig({ out: 'gen', services: ['Chat'] });
    expect((await run('--config', configFile)).stderr).toBe(
      `so-soap generate: ${configFile}: services[0] (Chat): no WSDL: give "tenant" or "wsdlDir" in the config, "wsdl" for the service, or generate --from <tenant url>\n`,
    );
    expect(await run('--config', join(tmp, 'none.json'))).toEqual({ code: 1, stdout: '', stderr: `so-soap generate: ${join(tmp, 'none.json')}: not found\n` });
  });

  it('keeps the two ways apart: --wsdl options without --wsdl, and --from/--config with it, are usage errors', async () => {
    for (const [argv, message] of [
      [['--config', configFile, '--out', 'x'], `--out needs --wsdl (with so-soap.config.json, set it in the config)`],
      [['--wsdl', 'a.wsdl', '--out', 'x', '--from', 'http://127.0.0.1:1'], '--from is for generating from so-soap.config.json, not with --wsdl'],
      [['--from', 'tenant.example.com'], '--from is the tenant\'s http(s) URL, not "tenant.example.com"'],
    ] as const) {
      const r = await run(...argv);
      expect([r.code, r.stderr.split('\n')[0]]).toEqual([1, `so-soap generate: ${message}`]);
    }
  });

  it('with no arguments, reads so-soap.config.json of the current folder (the built CLI)', () => {
    ensureBuilt();
    const first = spawnSync(process.execPath, [BIN, 'generate'], { cwd: tmp, encoding: 'utf8' });
    expect([first.status, first.stdout.split('\n').length]).toEqual([0, 3]);
    expect(spawnSync(process.execPath, [BIN, 'generate', '--check'], { cwd: tmp, encoding: 'utf8' }).status).toBe(0);
    const empty = mkdtempSync(join(tmpdir(), 'so-soap-noconfig-'));
    try {
      const none = spawnSync(process.execPath, [BIN, 'generate'], { cwd: empty, encoding: 'utf8' });
      expect([none.status, none.stderr.split('\n')[0]]).toEqual([1, 'so-soap generate: --wsdl is required (or a so-soap.config.json in the current folder)']);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });
});

describeWithWsdls('so-soap generate --from <tenant url>', () => {
  let server: Server;
  let tenant: string;
  const requests: string[] = [];
  const served = new Map<string, string>();
  beforeAll(async () => {
    server = createServer((req, res) => {
      requests.push(req.url ?? '');
      const m = /^\/tenant\/Remote\/Services88\/([A-Za-z]+)\.svc\?(wsdl(?:=wsdl0)?)$/.exec(req.url ?? '');
      const text = m && served.get(`${m[1]}?${m[2]}`);
      if (text === undefined || text === null) res.writeHead(404).end();
      else res.writeHead(200, { 'content-type': 'text/xml; charset=utf-8' }).end(text);
    });
    await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready));
    tenant = `http://127.0.0.1:${(server.address() as AddressInfo).port}/tenant`;
  });
  afterAll(async () => new Promise((done) => server.close(done)));

  let tmp: string;
  let configFile: string;
  beforeEach(() => {
    tmp = mkdtempSync(join(tmpdir(), 'so-soap-from-'));
    configFile = join(tmp, 'so-soap.config.json');
    writeFileSync(configFile, JSON.stringify({ wsdlDir: WSDL_DIR, out: 'gen', services: ['Chat', 'SoPrincipal'] }));
    requests.length = 0;
    served.clear();
    served.set('Chat?wsdl', readFileSync(join(WSDL_DIR, 'Services88-Chat.wsdl'), 'utf8'));
    // SoPrincipal as WCF's ?wsdl serves it: a first document importing the rest.
    served.set('SoPrincipal?wsdl', `<?xml version="1.0" encoding="utf-8"?>\n<wsdl:definitions targetNamespace="${NS}" xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/">\n<wsdl:import namespace="${NS}" location="${tenant}/Remote/Services88/SoPrincipal.svc?wsdl=wsdl0"/>\n</wsdl:definitions>\n`);
    served.set('SoPrincipal?wsdl=wsdl0', readFileSync(join(WSDL_DIR, 'Services88-SoPrincipal.wsdl'), 'utf8'));
  });
  afterEach(() => rmSync(tmp, { recursive: true, force: true }));

  it('fetches each <Service>.svc?wsdl and what it imports, a progress line per service, and locks the URLs', async () => {
    const r = await run('--config', configFile, '--from', tenant);
    expect(r.code).toBe(0);
    expect(requests).toEqual(['/tenant/Remote/Services88/Chat.svc?wsdl', '/tenant/Remote/Services88/SoPrincipal.svc?wsdl', '/tenant/Remote/Services88/SoPrincipal.svc?wsdl=wsdl0']);
    expect(r.stderr).toBe([
      `so-soap generate: [1/2] Chat ← ${tenant}/Remote/Services88/Chat.svc?wsdl`,
      `so-soap generate: [2/2] SoPrincipal ← ${tenant}/Remote/Services88/SoPrincipal.svc?wsdl`,
      'so-soap generate: so-soap.lock.json: 2 of 2 services locked',
      '',
    ].join('\n'));
    expect(r.stdout).toBe('so-soap generate: Chat (31 operations, 63 types) → gen/chat\nso-soap generate: SoPrincipal (5 operations, 31 types) → gen/soprincipal\n');
    expect(Object.values(lockOf(tmp).services).map((s) => (s as { source: string }).source)).toEqual([
      `${tenant}/Remote/Services88/Chat.svc?wsdl`,
      `${tenant}/Remote/Services88/SoPrincipal.svc?wsdl`,
    ]);
    expect((await run('--config', configFile, '--from', tenant, '--check')).code).toBe(0);
  });

  it('--check --from on code generated from the WSDL files: the same API passes; a changed one is reported with the semantic diff (exit 4)', async () => {
    await run('--config', configFile);
    const same = await run('--config', configFile, '--from', tenant, '--check');
    expect(same.code).toBe(0);
    // Chat's bytes are the locked ones; SoPrincipal's two documents hash differently, with the same API.
    expect(same.stdout).toContain(`so-soap generate --check: Chat: ${tenant}/Remote/Services88/Chat.svc?wsdl is the locked WSDL (sha256 `);
    expect(same.stderr).toContain(`so-soap generate --check: SoPrincipal: the WSDL at ${tenant}/Remote/Services88/SoPrincipal.svc?wsdl changed since the lock`);
    expect(same.stderr).toContain('SoPrincipal: API changes since the lock: no change\n');
    served.set('Chat?wsdl', patchedChat());
    const changed = await run('--config', configFile, '--from', tenant, '--check');
    expect(changed.code).toBe(4);
    expect(changed.stderr).toContain(`so-soap generate --check: Chat: the WSDL at ${tenant}/Remote/Services88/Chat.svc?wsdl changed since the lock`);
    expect(changed.stderr).toMatch(/Breaking for readers \(code that reads responses\):\n {2}ChatSessionStatus: .*Archived/);
    // nothing written under --check
    expect(lockOf(tmp).services.Chat.source).toBe(relative(tmp, join(WSDL_DIR, 'Services88-Chat.wsdl')));
  });

  it('a service that cannot be fetched fails alone: the others are generated, its lock entry kept, exit 1', async () => {
    await run('--config', configFile, '--from', tenant);
    const locked = lockOf(tmp).services.SoPrincipal;
    served.delete('SoPrincipal?wsdl=wsdl0');
    const r = await run('--config', configFile, '--from', tenant);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`so-soap generate: SoPrincipal: error: ${tenant}/Remote/Services88/SoPrincipal.svc?wsdl:3: wsdl:import location "${tenant}/Remote/Services88/SoPrincipal.svc?wsdl=wsdl0": cannot fetch ${tenant}/Remote/Services88/SoPrincipal.svc?wsdl=wsdl0: HTTP 404\n`);
    expect(r.stderr).toContain('so-soap.lock.json: 1 of 2 services locked (1 failed: their entries are kept as they were)');
    expect(lockOf(tmp).services.SoPrincipal).toEqual(locked);
  });
});

describe('schema/so-soap.config.schema.json', () => {
  const schema = configSchema();
  const violations = (config: unknown) => validate(config, schema).map((v) => `${v.path}: ${v.message}`);

  it('is the file the package publishes', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { files: string[] };
    expect(relative(ROOT, configSchemaPath())).toBe('schema/so-soap.config.schema.json');
    expect(pkg.files).toContain('schema');
  });

  it('accepts its own examples and the configs of the docs', () => {
    for (const example of schema.examples as unknown[]) expect(violations(example)).toEqual([]);
    const docs = readFileSync(join(ROOT, 'docs/guide/wsdl-updates.md'), 'utf8');
    const configs = [...docs.matchAll(/cat > so-soap\.config\.json <<'EOF'\n([\s\S]*?)\nEOF/g)].map((m) => JSON.parse(m[1]));
    expect(configs.length).toBeGreaterThan(0);
    for (const config of configs) expect(violations(config)).toEqual([]);
  });

  it('rejects what a config must not be', () => {
    expect(violations({ services: ['Chat'] })).toEqual(['(root): "out" is required']);
    expect(violations({ out: 'x', services: [] })).toEqual(['services: must have at least 1 item']);
    expect(violations({ out: 'x', services: ['Chat'], timeoutMs: 0 })).toEqual(['timeoutMs: must be at least 1']);
    expect(violations({ out: 'x', services: ['Chat'], timeoutMs: 1.5 })).toEqual(['timeoutMs: must be an integer, not number']);
    expect(violations({ out: 'x', services: ['Chat'], wsdlFile: 'Chat.wsdl' })).toEqual(['wsdlFile: must match \\{service\\}']);
    expect(violations({ out: 'x', services: [{ wsdl: 'a.wsdl' }] })).toEqual(['services[0]: "name" is required']);
    expect(violations([])).toEqual(['(root): must be an object, not array']);
  });

  it('uses only keywords the validator implements, and agrees with ajv where it is installed', () => {
    expect(() => validate({}, { ...schema, uniqueItems: true })).toThrow('JSON Schema keyword "uniqueItems" is not supported');
    let Ajv: (new (o?: object) => { compile: (s: object) => ((d: unknown) => boolean) }) | undefined;
    try {
      // eslint's own dependency (ajv 6, draft-07, untyped): not one of ours, so it is optional here
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      Ajv = require('ajv');
    } catch {
      console.warn('ajv (a dependency of eslint) is not installed: the schema is checked by codegen/config/json-schema.ts only');
      return;
    }
    const check = new Ajv!({ allErrors: true }).compile(schema);
    const samples: unknown[] = [
      ...(schema.examples as unknown[]),
      { wsdlDir: 'w', out: 'x', services: ['Chat', { name: 'List', binding: 'b' }] },
      { tenant: 'https://h/t', wsdlDir: 'w', out: 'x', services: ['Chat'] },
      { out: 'x', services: [{ name: 'Chat', extra: 1 }] },
      { out: 'x', services: ['bad name'] },
      { out: 'x', services: [] },
      { out: '', services: ['Chat'] },
    ];
    for (const sample of samples) expect([sample, violations(sample).length === 0]).toEqual([sample, check(sample)]);
  });

  it('readConfig resolves paths against the config file and names each service\'s source and folder', () => {
    const dir = mkdtempSync(join(tmpdir(), 'so-soap-readconfig-'));
    try {
      const file = join(dir, 'so-soap.config.json');
      writeFileSync(file, JSON.stringify({ tenant: 'https://h.example/Cust1/', out: 'src/gen', services: ['Chat', { name: 'List', wsdl: 'w/List.wsdl', out: 'lst' }] }));
      expect(readConfig(file).services).toEqual([
        { name: 'Chat', wsdl: 'https://h.example/Cust1/Remote/Services88/Chat.svc?wsdl', out: join(dir, 'src/gen/chat') },
        { name: 'List', wsdl: join(dir, 'w/List.wsdl'), out: join(dir, 'lst') },
      ]);
      expect(readConfig(file, 'http://127.0.0.1:9/t').services[0].wsdl).toBe('http://127.0.0.1:9/t/Remote/Services88/Chat.svc?wsdl');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
