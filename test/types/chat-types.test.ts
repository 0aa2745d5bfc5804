/**
 * Guards test/types/chat-types.ts (a type-level test checked by `tsc -p tsconfig.json --noEmit`)
 * against passing vacuously: compiled as is it has no error, and with any one `@ts-expect-error`
 * removed, or one exact-type assertion changed, it fails on exactly that line. One compiler
 * program, all variants side by side in a temp directory, so it stays cheap.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import * as ts from 'typescript';

const REPO = resolve(__dirname, '../..');
const SOURCE = join(REPO, 'test/types/chat-types.ts');
const IMPORT = "'../../src/generated/chat/index.js'";

interface Variant {
  name: string;
  text: string;
  /** 1-based line that must now have an error. */
  line: number;
}

function variants(source: string): Variant[] {
  const lines = source.split('\n');
  const out: Variant[] = [];
  lines.forEach((l, i) => {
    if (l.trim().startsWith('// @ts-expect-error')) {
      const copy = [...lines];
      copy[i] = '';
      out.push({ name: `without @ts-expect-error of line ${i + 1}: ${l.trim().slice('// @ts-expect-error'.length).trim()}`, text: copy.join('\n'), line: i + 2 });
    }
  });
  // An exact-type assertion with a wrong expectation must fail too (Equals is not assignability).
  for (const [from, to] of [
    ["'Special' | undefined>>", "'Special'>>"],
    ["'Special' | undefined>>", "'Special' | 'Extra' | undefined>>"],
    ['WhenPosted\'], Date | undefined>>', "WhenPosted'], Date | string | undefined>>"],
    ['(ChatMessage | null)[] | null | undefined>>;', 'ChatMessage[] | null | undefined>>;'],
  ]) {
    const i = lines.findIndex((l) => l.includes(from));
    if (i < 0) throw new Error(`${from} is not in ${SOURCE}`);
    const copy = [...lines];
    copy[i] = copy[i].replace(from, to);
    out.push({ name: `line ${i + 1} with ${to}`, text: copy.join('\n'), line: i + 1 });
  }
  return out;
}

describe('test/types/chat-types.ts', () => {
  it('compiles as is, and fails on the line of every removed @ts-expect-error or changed assertion', () => {
    const source = readFileSync(SOURCE, 'utf8');
    expect(source).toContain(IMPORT);
    const absolute = source.replace(IMPORT, JSON.stringify(join(REPO, 'src/generated/chat/index.js')));
    const all = variants(absolute);
    expect(all.length).toBeGreaterThanOrEqual(10);

    const dir = mkdtempSync(join(tmpdir(), 'so-soap-types-'));
    try {
      const files = [{ name: 'original', text: absolute, line: 0 }, ...all].map((v, i) => {
        const file = join(dir, `variant${i}.ts`);
        writeFileSync(file, v.text);
        return { ...v, file };
      });
      const config = ts.parseJsonConfigFileContent(ts.readConfigFile(join(REPO, 'tsconfig.json'), ts.sys.readFile).config, ts.sys, REPO);
      const options: ts.CompilerOptions = { ...config.options, noEmit: true, types: [], declaration: false, sourceMap: false };
      delete options.rootDir;
      delete options.outDir;
      const program = ts.createProgram(files.map((f) => f.file), options);
      const errorsOf = (file: string) => {
        const sf = program.getSourceFile(file)!;
        return [...program.getSyntacticDiagnostics(sf), ...program.getSemanticDiagnostics(sf)].map((d) => ({
          line: sf.getLineAndCharacterOfPosition(d.start ?? 0).line + 1,
          message: ts.flattenDiagnosticMessageText(d.messageText, ' '),
        }));
      };
      const [original, ...rest] = files;
      expect(errorsOf(original.file)).toEqual([]);
      const vacuous = rest.filter((v) => !errorsOf(v.file).some((e) => e.line === v.line)).map((v) => v.name);
      expect(vacuous).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
