/**
 * `so-soap generate` through its CLI function (runGenerate with captured output): writing files,
 * determinism on disk, `--check` (exit 0 when clean, 4 with a readable diff on drift), reading a WSDL
 * from an http URL with a time limit, and exit code 1 with a clear message for bad input.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runGenerateCaptured as run } from '../cli/generate-helpers';
import { BIN, ensureBuilt } from '../cli/chat-helpers';
import { lineDiff } from '../../codegen/diff';
import { REPO } from './project';

const ECHO = join(REPO, 'wsdl/test/Echo.wsdl');


const snapshot = (dir: string) => Object.fromEntries(readdirSync(dir).sort().map((f) => [f, readFileSync(join(dir, f), 'utf8')]));

describe('so-soap generate', () => {
  let tmp: string;
  beforeEach(() => {
    tmp = mkdtempSync(join(tmpdir(), 'so-soap-cli-'));
  });
  afterEach(() => rmSync(tmp, { recursive: true, force: true }));

  it('writes the four files and the model, and says what it did', async () => {
    const out = join(tmp, 'echo');
    expect(await run('--wsdl', ECHO, '--out', out)).toEqual({ code: 0, stdout: `so-soap generate: Echo (2 operations, 3 types) → ${out}\n`, stderr: '' });
    expect(Object.keys(snapshot(out))).toEqual(['client.ts', 'descriptor.ts', 'index.ts', 'model.json', 'types.ts']);
    expect(snapshot(out)['index.ts'].split('\n').slice(2)).toEqual(["export * from './types.js';", "export * from './descriptor.js';", "export * from './client.js';", '']);
  });

  it('writes identical bytes when run twice', async () => {
    await run('--wsdl', ECHO, '--out', join(tmp, 'a'));
    await run('--wsdl', ECHO, '--out', join(tmp, 'b'));
    expect(snapshot(join(tmp, 'b'))).toEqual(snapshot(join(tmp, 'a')));
  });

  it('--check exits 0 when the output is up to date, and writes nothing', async () => {
    const out = join(tmp, 'echo');
    await run('--wsdl', ECHO, '--out', out);
    const before = snapshot(out);
    expect(await run('--wsdl', ECHO, '--out', out, '--check')).toEqual({ code: 0, stdout: `so-soap generate --check: ${out} is up to date (Echo, 2 operations)\n`, stderr: '' });
    expect(snapshot(out)).toEqual(before);
  });

  it('--check exits 4 with a unified diff when a file drifted, and leaves it alone', async () => {
    const out = join(tmp, 'echo');
    await run('--wsdl', ECHO, '--out', out);
    const types = join(out, 'types.ts');
    const edited = readFileSync(types, 'utf8').replace('  Mood?: Mood;', '  Mood?: string;');
    writeFileSync(types, edited);
    const result = await run('--wsdl', ECHO, '--out', out, '--check');
    expect(result).toEqual({
      code: 4,
      stdout: '',
      stderr: [
        `so-soap generate --check: ${out} differs from what ${ECHO} generates:`,
        `--- ${types} (committed)`,
        `+++ ${types} (generated)`,
        '@@ -6,7 +6,7 @@',
        '   /** xs:string, minOccurs=0, nillable */',
        '   Text?: string | null;',
        '   /** Mood, minOccurs=0 */',
        '-  Mood?: string;',
        '+  Mood?: Mood;',
        '   /** xs:dateTime, minOccurs=0 */',
        '   When?: Date;',
        ' }',
        '',
      ].join('\n'),
    });
    expect(readFileSync(types, 'utf8')).toBe(edited);
  });

  it('--check reports missing and stale generated files; generate removes the stale ones; a file of the user is left alone by both', async () => {
    const out = join(tmp, 'echo');
    await run('--wsdl', ECHO, '--out', out);
    rmSync(join(out, 'client.ts'));
    // a file an earlier generation wrote (its header), and one of the user's
    writeFileSync(join(out, 'old.ts'), `${readFileSync(join(out, 'types.ts'), 'utf8').split('\n')[0]}\nexport {};\n`);
    writeFileSync(join(out, 'extra.ts'), 'export const mine = 1;\n');
    expect(await run('--wsdl', ECHO, '--out', out, '--check')).toEqual({
      code: 4,
      stdout: '',
      stderr: `so-soap generate --check: ${out} differs from what ${ECHO} generates:\nmissing: ${join(out, 'client.ts')}\ngenerated earlier, no longer generated: ${join(out, 'old.ts')}\n`,
    });
    expect((await run('--wsdl', ECHO, '--out', out)).code).toBe(0);
    expect(readdirSync(out).sort()).toEqual(['client.ts', 'descriptor.ts', 'extra.ts', 'index.ts', 'model.json', 'types.ts']);
    expect(await run('--wsdl', ECHO, '--out', out, '--check')).toMatchObject({ code: 0 });
  });

  it('an --out that cannot be made (a folder under /proc) is an error, not a hang', () => {
    // (in a process of its own, with a time limit: a hang would be synchronous)
    ensureBuilt();
    const out = existsSync('/proc/self') ? '/proc/so-soap-nope/out' : join(ECHO, 'out');
    const result = spawnSync(process.execPath, [BIN, 'generate', '--wsdl', ECHO, '--out', out], { encoding: 'utf8', timeout: 30_000 });
    expect(result.signal).toBeNull();
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/cannot write .*: (ENOENT|ENOTDIR|EACCES|EPERM)/);
  });

  it('--dump-ir prints the IR as JSON', async () => {
    const { code, stdout } = await run('--wsdl', ECHO, '--dump-ir');
    expect(code).toBe(0);
    const ir = JSON.parse(stdout);
    expect([ir.name, ir.namespace, ir.binding, ir.address, ir.operations.map((o: { name: string }) => o.name)]).toEqual([
      'Echo', 'http://example.com/so-soap/Echo', 'BasicHttpBinding_Echo', 'http://localhost/Echo.svc', ['Echo', 'GetNumbers'],
    ]);
  });

  it('exits 1 with the usage on bad arguments', async () => {
    for (const [argv, message] of [
      [[], '--wsdl is required (or a so-soap.config.json in the current folder)'],
      [['--wsdl', ECHO], '--out is required (or --dump-ir alone)'],
      [['--wsdl', ECHO, '--out', tmp, '--bogus'], 'unknown option --bogus'],
      [['--wsdl', ECHO, '--out'], '--out needs a value'],
      [['--wsdl', ECHO, '--out', tmp, '--timeout-ms', 'soon'], '--timeout-ms must be a whole number of milliseconds from 1 to 2147483647'],
      [['--wsdl', ECHO, '--out', tmp, '--timeout-ms', '3000000000'], '--timeout-ms must be a whole number of milliseconds from 1 to 2147483647'],
      [['--wsdl', ECHO, '--out', tmp, '--timeout-ms', '1.5'], '--timeout-ms must be a whole number of milliseconds from 1 to 2147483647'],
    ] as const) {
      const result = await run(...argv);
      expect([result.code, result.stdout, result.stderr.split('\n')[0]]).toEqual([1, '', `so-soap generate: ${message}`]);
      expect(result.stderr).toContain('Usage: so-soap generate --wsdl <file|url> --out <dir>');
    }
  });

  it('exits 1 with file:line for an unsupported construct, and for a missing file', async () => {
    const bad = join(tmp, 'Bad.wsdl');
    writeFileSync(bad, readFileSync(ECHO, 'utf8').replace('<xs:complexType name="Greeting">', '<xs:complexType name="Greeting"><xs:attribute name="a" type="xs:year"/>'));
    expect(await run('--wsdl', bad, '--out', join(tmp, 'out'))).toEqual({
      code: 1,
      stdout: '',
      stderr: `so-soap generate: error: ${bad}:10: xs:year is not an XSD 1.0 builtin type\n`,
    });
    expect(await run('--wsdl', join(tmp, 'nope.wsdl'), '--out', join(tmp, 'out'))).toEqual({ code: 1, stdout: '', stderr: `so-soap generate: WSDL not found: ${join(tmp, 'nope.wsdl')}\n` });
  });
});

describe('so-soap generate --wsdl <http URL>', () => {
  let server: Server;
  let base: string;
  const wsdlText = readFileSync(ECHO, 'utf8');
  // The same WSDL with its Arrays schema in a document of its own, imported by a location with a token.
  const arraysSchema = /<xs:schema elementFormDefault="qualified" targetNamespace="http:\/\/schemas\.microsoft\.com[\s\S]*?<\/xs:schema>/.exec(wsdlText)![0];
  const splitWsdl = wsdlText
    .replace(arraysSchema, '')
    .replace('<xs:import namespace="http://schemas.microsoft.com/2003/10/Serialization/Arrays" />', '<xs:import namespace="http://schemas.microsoft.com/2003/10/Serialization/Arrays" schemaLocation="arrays.xsd?token=T-import" />');
  beforeAll(async () => {
    server = createServer((req, res) => {
      if (req.url === '/Echo.svc?singleWsdl') {
        res.writeHead(200, { 'content-type': 'text/xml; charset=utf-8' }).end(wsdlText);
      } else if (req.url === '/Split.svc?wsdl&token=T-main') {
        res.writeHead(200, { 'content-type': 'text/xml; charset=utf-8' }).end(splitWsdl);
      } else if (req.url === '/arrays.xsd?token=T-import') {
        res.writeHead(200, { 'content-type': 'text/xml; charset=utf-8' }).end(`<?xml version="1.0"?>\n${arraysSchema.replace('<xs:schema ', '<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" ')}`);
      } else if (req.url === '/Stalled.svc?wsdl') {
        // never answers
      } else if (req.url === '/Trickle.svc?wsdl') {
        res.writeHead(200, { 'content-type': 'text/xml' });
        res.write(wsdlText.slice(0, 100)); // the rest never comes
      } else {
        res.writeHead(404).end('not here');
      }
    });
    await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((done) => server.close(done));
  });

  let tmp: string;
  beforeEach(() => {
    tmp = mkdtempSync(join(tmpdir(), 'so-soap-url-'));
  });
  afterEach(() => rmSync(tmp, { recursive: true, force: true }));

  it('generates from a URL, naming the URL (without its query) in the headers', async () => {
    const out = join(tmp, 'echo');
    const result = await run('--wsdl', `${base}/Echo.svc?singleWsdl`, '--out', out);
    expect(result).toEqual({ code: 0, stdout: `so-soap generate: Echo (2 operations, 3 types) → ${out}\n`, stderr: '' });
    const fromFile = join(tmp, 'file');
    await run('--wsdl', ECHO, '--out', fromFile);
    const byUrl = snapshot(out);
    const byFile = snapshot(fromFile);
    expect(byUrl['types.ts'].split('\n')[0]).toMatch(new RegExp(`^// Code generated by so-soap \\S+ from ${base.replace(/\./g, '\\.')}/Echo\\.svc \\(sha256 [0-9a-f]{64}\\)\\. DO NOT EDIT\\.$`));
    // Same content apart from where the WSDL came from.
    expect(byUrl['types.ts'].replaceAll(`${base}/Echo.svc`, 'Echo.wsdl')).toEqual(byFile['types.ts']);
  });

  it("a URL's user name, password and query tokens, and those of the documents it imports, never reach the generated files or the model dump", async () => {
    const url = `${base.replace('http://', 'http://alice:S3cret-pw@')}/Split.svc?wsdl&token=T-main`;
    const out = join(tmp, 'split');
    const result = await run('--wsdl', url, '--out', out);
    expect(result.code).toBe(0);
    const files = snapshot(out);
    const dump = await run('--wsdl', url, '--dump-ir');
    expect(dump.code).toBe(0);
    for (const text of [...Object.values(files), dump.stdout, result.stdout, result.stderr]) {
      for (const secret of ['alice', 'S3cret-pw', 'T-main', 'T-import']) expect(text).not.toContain(secret);
    }
    // the imported document is named (its token masked), so a type's source can still be found
    expect(files['types.ts']).toContain(`${base}/arrays.xsd?token=***:`);
  });

  it('times out with a clear error when the URL never answers', async () => {
    const started = Date.now();
    expect(await run('--wsdl', `${base}/Stalled.svc?wsdl`, '--out', tmp, '--timeout-ms', '200')).toEqual({
      code: 1,
      stdout: '',
      stderr: `so-soap generate: cannot fetch ${base}/Stalled.svc?wsdl: timed out after 200 ms\n`,
    });
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('times out when the body never ends', async () => {
    expect(await run('--wsdl', `${base}/Trickle.svc?wsdl`, '--out', tmp, '--timeout-ms', '200')).toEqual({
      code: 1,
      stdout: '',
      stderr: `so-soap generate: cannot fetch ${base}/Trickle.svc?wsdl: timed out after 200 ms\n`,
    });
  });

  it('reports an HTTP error status', async () => {
    expect(await run('--wsdl', `${base}/Missing.svc?wsdl`, '--out', tmp)).toEqual({ code: 1, stdout: '', stderr: `so-soap generate: cannot fetch ${base}/Missing.svc?wsdl: HTTP 404\n` });
  });
});

describe('lineDiff', () => {
  const lines = Array.from({ length: 30 }, (_, i) => `line ${i + 1}`);
  it('is empty for equal text', () => {
    expect(lineDiff('a\nb\n', 'a\nb\n', 'f')).toBe('');
  });
  it('shows separate hunks with three lines of context, removals first, with unified line numbers', () => {
    const after = [...lines];
    after[2] = 'three';
    after.splice(20, 1, 'twenty-one', 'and more');
    expect(lineDiff(lines.join('\n'), after.join('\n'), 'f.ts')).toEqual([
      '--- f.ts (committed)',
      '+++ f.ts (generated)',
      '@@ -1,6 +1,6 @@',
      ' line 1',
      ' line 2',
      '-line 3',
      '+three',
      ' line 4',
      ' line 5',
      ' line 6',
      '@@ -18,7 +18,8 @@',
      ' line 18',
      ' line 19',
      ' line 20',
      '-line 21',
      '+twenty-one',
      '+and more',
      ' line 22',
      ' line 23',
      ' line 24',
    ].join('\n'));
  });
});
