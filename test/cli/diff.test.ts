/**
 * `so-soap diff`: the shared Services88 WSDLs against versions patched at test time in a temp folder
 * (nothing patched is committed): a removed operation, a new optional field, a changed enum, a field
 * made required; and two different services. The Markdown report is held to a golden under test/cli/golden
 * (`UPDATE_GOLDEN=1` rewrites it and fails once). Exit codes: 0 no breaking change, 4 breaking, 1 input error.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/main';
import { describeWithWsdls, WSDL_DIR } from '../codegen/shared';

const GOLDEN = join(__dirname, 'golden', 'chat-diff.md');

async function run(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, { stdout: (s) => void (stdout += s), stderr: (s) => void (stderr += s), env: {} });
  return { code, stdout, stderr };
}

/** Services88-Chat.wsdl with five changes a new NetServer version could bring. */
function patchedChat(text: string): string {
  const patched = text
    // an operation removed (portType and binding)
    .replace(/<wsdl:operation name="ResetChatSession">[\s\S]*?<\/wsdl:operation>/g, '')
    // a new optional field on a type used in requests and responses
    .replace('<xs:element minOccurs="0" name="AlertLevel" type="xs:int" />', '<xs:element minOccurs="0" name="AlertLevel" type="xs:int" /><xs:element minOccurs="0" name="Priority" type="xs:int" />')
    // an enum member removed and one added
    .replace('<xs:enumeration value="ClosedFromQueue" />', '<xs:enumeration value="Archived" />')
    // a request field made required
    .replace(/(<xs:element name="DeleteChatSessionEntity">\s*<xs:complexType>\s*<xs:sequence>\s*<xs:element) minOccurs="0"/, '$1');
  if (patched === text) throw new Error('the patches no longer apply to Services88-Chat.wsdl');
  return patched;
}

describeWithWsdls('so-soap diff on the shared WSDLs', () => {
  let dir = '';
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'so-soap-diff-'));
    writeFileSync(join(dir, 'Chat-next.wsdl'), patchedChat(readFileSync(join(WSDL_DIR, 'Services88-Chat.wsdl'), 'utf8')));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reports the five changes with their classification (Markdown golden), exit 4', async () => {
    const r = await run(['diff', join(WSDL_DIR, 'Services88-Chat.wsdl'), join(dir, 'Chat-next.wsdl'), '--format', 'markdown']);
    expect(r.stderr).toBe('');
    const report = r.stdout.replace(WSDL_DIR, '<shared>/wsdl').replace(dir, '<tmp>');
    if (process.env.UPDATE_GOLDEN === '1') {
      writeFileSync(GOLDEN, report);
      throw new Error(`${GOLDEN} rewritten: review it, then run again without UPDATE_GOLDEN`);
    }
    expect(report).toBe(existsSync(GOLDEN) ? readFileSync(GOLDEN, 'utf8') : '(no golden)');
    expect(r.code).toBe(4);
  });

  it('no change: exit 0; JSON says not breaking', async () => {
    const r = await run(['diff', join(WSDL_DIR, 'Services88-Chat.wsdl'), join(WSDL_DIR, 'Services88-Chat.wsdl'), '--format', 'json']);
    expect([r.code, JSON.parse(r.stdout)]).toEqual([0, { title: expect.any(String), breaking: false, changes: [] }]);
  });

  it('a generated folder (its model.json) is a side', async () => {
    const out = join(dir, 'gen');
    expect((await run(['generate', '--wsdl', join(WSDL_DIR, 'Services88-Chat.wsdl'), '--out', out])).code).toBe(0);
    const r = await run(['diff', out, join(dir, 'Chat-next.wsdl')]);
    expect(r.code).toBe(4);
    expect(r.stdout).toContain('ResetChatSession: operation removed');
  });

  it('a model.json that is not one generate wrote: exit 1 naming the file (not a TypeError)', async () => {
    const bad = join(dir, 'bad-model');
    mkdirSync(bad, { recursive: true });
    for (const text of ['{bad', '{"generator":"so-soap 9.9.9","service":{}}', 'null', '{"service":{"operations":[{}],"types":[]}}', '{"service":{"operations":{"X":{}},"types":{}}}']) {
      writeFileSync(join(bad, 'model.json'), text);
      const r = await run(['diff', bad, join(WSDL_DIR, 'Services88-Chat.wsdl')]);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(`${join(bad, 'model.json')} is not a model so-soap generate wrote`);
      expect(r.stderr).not.toMatch(/TypeError|Cannot convert/);
      // generate into that folder says why it has no change notes
      const g = await run(['generate', '--wsdl', join(WSDL_DIR, 'Services88-SoPrincipal.wsdl'), '--out', bad]);
      expect(g.code).toBe(0);
      expect(g.stdout).toContain(`no change notes: ${join(bad, 'model.json')} is not a model so-soap generate wrote`);
    }
  });

  it('two different services: every operation of the new one added, of the old one removed (breaking)', async () => {
    const r = await run(['diff', join(WSDL_DIR, 'Services88-SoPrincipal.wsdl'), join(WSDL_DIR, 'Services88-Chat.wsdl'), '--format', 'json']);
    const report = JSON.parse(r.stdout) as { breaking: boolean; changes: { impact: string; message: string }[] };
    expect(report.changes.filter((c) => c.message === 'operation added')).toHaveLength(31);
    expect(report.breaking).toBe(true); // SoPrincipal's operations are gone in "Chat"
    expect(r.code).toBe(4);
  });

  it('WSDL URLs are shown without their credentials or query secrets, in every format', async () => {
    const chat = readFileSync(join(WSDL_DIR, 'Services88-Chat.wsdl'));
    const server = createServer((req, res) => res.writeHead(200, { 'content-type': 'text/xml' }).end(chat));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const base = `http://alice:S3cretPw@127.0.0.1:${(server.address() as AddressInfo).port}/Chat.svc?wsdl`;
      for (const format of ['text', 'markdown', 'json']) {
        const r = await run(['diff', `${base}&token=T0KEN1`, `${base}&token=T0KEN2`, '--format', format]);
        expect(r.code).toBe(0);
        expect(r.stdout).toMatch(/\/Chat\.svc\?wsdl&token=(\*\*\*|\\\*\\\*\\\*)/); // Markdown escapes the mask
        expect(r.stdout + r.stderr).not.toMatch(/alice|S3cretPw|T0KEN/);
      }
    } finally {
      server.close();
    }
  });

  it('input errors exit 1 with a one-line message', async () => {
    expect(await run(['diff', join(dir, 'missing.wsdl'), join(dir, 'Chat-next.wsdl')])).toEqual({ code: 1, stdout: '', stderr: expect.stringMatching(/^so-soap diff: WSDL not found: .*missing\.wsdl\n$/) });
    expect((await run(['diff', join(dir, 'Chat-next.wsdl')])).code).toBe(1);
    expect((await run(['diff', 'a', 'b', '--format', 'yaml'])).stderr).toContain('--format must be text, markdown or json');
  });
});

describeWithWsdls('so-soap generate prints the change notes when it replaces a generation', () => {
  it('names the changes against the model.json it overwrites, and nothing on a first generation', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'so-soap-notes-'));
    try {
      const out = join(dir, 'chat');
      writeFileSync(join(dir, 'next.wsdl'), patchedChat(readFileSync(join(WSDL_DIR, 'Services88-Chat.wsdl'), 'utf8')));
      const first = await run(['generate', '--wsdl', join(WSDL_DIR, 'Services88-Chat.wsdl'), '--out', out]);
      expect(first.stdout).toBe(`so-soap generate: Chat (31 operations, 63 types) → ${out}\n`);
      const second = await run(['generate', '--wsdl', join(dir, 'next.wsdl'), '--out', out]);
      expect(second.code).toBe(0);
      expect(second.stdout).toContain(`changes since the last generation of ${out}: 5 changes: 4 breaking`);
      expect(second.stdout).toContain('  ResetChatSession: operation removed\n');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
