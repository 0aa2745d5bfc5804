/**
 * Every TypeScript sample in README.md and the guides (docs/guide/*.md) compiles against the real
 * API: each ```ts block is written to
 * a temp directory as an ES module (top-level await allowed) importing `so-soap`, `so-soap/runtime`
 * and `so-soap/codec` from src/ (as tsconfig.json's `paths` do), and the lot is type-checked in one
 * compiler program with `--strict`. A block fenced as ```ts no-check (code that needs files the
 * reader has and this repository has not, e.g. their own generated service) is skipped.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import * as ts from 'typescript';

const REPO = resolve(__dirname, '../..');

function tsBlocks(markdown: string): { line: number; code: string }[] {
  const out: { line: number; code: string }[] = [];
  const re = /^```ts\n([\s\S]*?)^```$/gm;
  for (let m = re.exec(markdown); m; m = re.exec(markdown)) {
    out.push({ line: markdown.slice(0, m.index).split('\n').length + 1, code: m[1] });
  }
  return out;
}

const DOCS = ['README.md', ...readdirSync(join(REPO, 'docs/guide')).filter((f) => f.endsWith('.md')).sort().map((f) => `docs/guide/${f}`)];

describe('README.md and docs/guide', () => {
  const blocks = DOCS.flatMap((doc) => tsBlocks(readFileSync(join(REPO, doc), 'utf8')).map((b) => ({ ...b, doc })));

  test('have TypeScript samples, the README its client example', () => {
    expect(blocks.length).toBeGreaterThanOrEqual(8);
    expect(blocks.filter((b) => b.doc === 'README.md').length).toBeGreaterThanOrEqual(1);
  });

  test('the README stays short: what it is, quick start, install, an example, the CLI, links', () => {
    expect(readFileSync(join(REPO, 'README.md'), 'utf8').split('\n').length).toBeLessThanOrEqual(250);
  });

  test('every relative link of the README and the guides points to a file that exists', () => {
    const broken: string[] = [];
    for (const doc of DOCS) {
      const text = readFileSync(join(REPO, doc), 'utf8');
      for (const m of text.matchAll(/\]\((?!https?:|#|mailto:)([^)#\s]+)(#[^)]*)?\)/g)) {
        const target = join(REPO, doc, '..', m[1]);
        if (!existsSync(target)) broken.push(`${doc}: ${m[1]}`);
      }
    }
    expect(broken).toEqual([]);
  });

  test('every ```ts block type-checks against the package API', () => {
    const dir = mkdtempSync(join(tmpdir(), 'so-soap-readme-'));
    try {
      const files = blocks.map((b) => {
        const file = join(dir, `${b.doc.replace(/[/.]/g, '_')}-line-${b.line}.mts`);
        writeFileSync(file, `${b.code}\nexport {};\n`);
        return file;
      });
      // A control in the same program: a wrong field name must be an error (the check is not vacuous).
      const control = join(dir, 'control.mts');
      writeFileSync(control, "import { createChatClient } from 'so-soap';\nawait createChatClient({ endpoint: 'http://x/Chat.svc' }).getChatMessages({ ChatSessionID: 1 });\nexport {};\n");
      files.push(control);
      const program = ts.createProgram(files, {
        strict: true,
        noEmit: true,
        skipLibCheck: true,
        target: ts.ScriptTarget.ES2022,
        lib: ['lib.es2023.d.ts'],
        module: ts.ModuleKind.NodeNext,
        moduleResolution: ts.ModuleResolutionKind.NodeNext,
        types: ['node'],
        typeRoots: [join(REPO, 'node_modules/@types')],
        paths: {
          'so-soap': [join(REPO, 'src/index.ts')],
          'so-soap/runtime': [join(REPO, 'src/runtime/index.ts')],
          'so-soap/codec': [join(REPO, 'src/codec.ts')],
        },
      });
      const all = ts.getPreEmitDiagnostics(program);
      expect(all.filter((d) => d.file?.fileName === control).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'))).toEqual([
        expect.stringMatching(/ChatSessionID/),
      ]);
      const problems = all
        .filter((d) => d.file?.fileName !== control)
        .map((d) => {
          const where = d.file ? `${d.file.fileName.replace(dir, 'docs').replace(REPO, '.')}:${d.file.getLineAndCharacterOfPosition(d.start ?? 0).line + 1}` : '';
          return `${where} ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
        });
      expect(problems).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
