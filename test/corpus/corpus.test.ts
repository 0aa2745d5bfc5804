/**
 * The real-world WSDLs of ../shared/corpus (WCF, ASMX, Java, ONVIF, …; MANIFEST.tsv says where each
 * comes from): every case is generated with the package's own CLI (`dist/src/cli/bin.js generate`,
 * as a user runs it) into its own folder, and all outputs are compiled in ONE tsc run in a user's
 * project (`--strict`, nodenext, no skipLibCheck). The result of every case must equal the table of
 * docs/guide/corpus.md: a case that stops generating or compiling fails here, and so does one that
 * starts to, until the table says so (`UPDATE_CORPUS_TABLE=1 npx jest test/corpus` rewrites the table
 * and fails once, so a re-record is a deliberate two-step).
 */
import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { missingPackageTypes, REPO, tempProject, type TempProject } from '../codegen/project';
import { CORPUS_DIR, describeWithCorpus, readManifest, type CorpusCase } from './corpus';

const CLI = join(REPO, 'dist/src/cli/bin.js');
const TABLE = join(REPO, 'docs/guide/corpus.md');
const BEGIN = '<!-- corpus-table:begin -->';
const END = '<!-- corpus-table:end -->';

interface Outcome {
  case: string;
  kind: string;
  /** `ok`, `refused` (a one-line error naming file:line), `tsc` (generated, does not compile), `crash`. */
  result: 'ok' | 'refused' | 'tsc' | 'crash';
  /** The refusal or first compile error, with the corpus path left out. */
  detail: string;
  operations: number;
}

function generate(c: CorpusCase, out: string): Promise<{ code: number; stderr: string; stdout: string }> {
  return new Promise((done) => {
    execFile(process.execPath, [CLI, 'generate', '--wsdl', join(CORPUS_DIR, c.name, c.main), '--out', out], { timeout: 300_000, maxBuffer: 64 << 20 }, (err, stdout, stderr) => {
      done({ code: err ? (typeof err.code === 'number' ? err.code : -1) : 0, stdout, stderr });
    });
  });
}

const clean = (s: string): string => s.split(`${CORPUS_DIR}/`).join('').replace(/\s+$/, '');

function countOperations(dir: string): number {
  const descriptor = join(dir, 'descriptor.ts');
  if (!existsSync(descriptor)) return 0;
  return (readFileSync(descriptor, 'utf8').match(/^ {4}(?:'[^']*'|[A-Za-z_$][\w$]*): \{\n {6}name: /gm) ?? []).length;
}

/** The table of docs/guide/corpus.md, by case: `[result, detail]`. */
function recordedTable(): Map<string, [string, string]> {
  const text = existsSync(TABLE) ? readFileSync(TABLE, 'utf8') : '';
  const body = text.slice(text.indexOf(BEGIN) + BEGIN.length, text.indexOf(END));
  const rows = new Map<string, [string, string]>();
  for (const line of body.split('\n')) {
    const cells = line.split(' | ').map((c) => c.replace(/^\| ?| ?\|$/g, '').trim());
    if (cells.length < 5 || cells[0] === 'case' || /^-+$/.test(cells[0])) continue;
    rows.set(cells[0].replace(/`/g, ''), [cells[2], cells[4].replace(/^`|`$/g, '').replace(/\\\|/g, '|')]);
  }
  return rows;
}

function renderTable(outcomes: Outcome[]): string {
  const esc = (s: string) => s.replace(/\|/g, '\\|');
  const lines = ['| case | kind | result | operations | detail |', '|---|---|---|---|---|'];
  for (const o of outcomes) lines.push(`| \`${o.case}\` | ${o.kind} | ${o.result} | ${o.operations} | ${o.detail ? `\`${esc(o.detail)}\`` : ''} |`);
  const counts = ['ok', 'refused', 'tsc', 'crash'].map((r) => `${r} ${outcomes.filter((o) => o.result === r).length}`).join(', ');
  return `${lines.join('\n')}\n\n${outcomes.length} cases: ${counts}.\n`;
}

describeWithCorpus('the real-world WSDLs of ../shared/corpus', () => {
  const outcomes: Outcome[] = [];
  let project: TempProject;

  beforeAll(async () => {
    const missing = missingPackageTypes();
    if (missing.length > 0 || !existsSync(CLI)) throw new Error(`run \`npm run build\` first: missing ${[...missing, CLI].join(', ')}`);
    project = tempProject('corpus');
    const cases = readManifest();
    // Two at a time: the machine has two cores, and the biggest case (economic, 3 MB) dominates.
    const queue = [...cases];
    const results = new Map<string, Outcome>();
    await Promise.all([0, 1].map(async () => {
      for (let c = queue.shift(); c; c = queue.shift()) {
        const out = join(project.dir, 'cases', c.name);
        const r = await generate(c, out);
        const firstLine = clean(r.stderr).split('\n')[0] ?? '';
        const result: Outcome['result'] = r.code === 0 ? 'ok' : /^\s+at /m.test(r.stderr) || clean(r.stderr).split('\n').length > 6 ? 'crash' : 'refused';
        results.set(c.name, { case: c.name, kind: c.kind, result, detail: result === 'ok' ? '' : firstLine.replace(/^so-soap generate: error: /, ''), operations: r.code === 0 ? countOperations(out) : 0 });
      }
    }));
    const generated = cases.filter((c) => results.get(c.name)!.result === 'ok');
    if (generated.length > 0) {
      const { output } = await project.tsc(generated.map((c) => `cases/${c.name}/**/*.ts`));
      for (const line of output.split('\n')) {
        const m = /^cases\/([^/]+)\/(.*)$/.exec(line);
        const o = m ? results.get(m[1]) : undefined;
        if (o === undefined || !/error TS/.test(line)) continue;
        if (o.result === 'ok') Object.assign(o, { result: 'tsc', detail: clean(m![2]).slice(0, 200) });
      }
      if (!/error TS/.test(output) && output.trim() !== '') throw new Error(`tsc printed something unexpected:\n${output}`);
    }
    outcomes.push(...cases.map((c) => results.get(c.name)!));
  }, 900_000);

  afterAll(() => project?.remove());

  it('every case has the result recorded in docs/guide/corpus.md', () => {
    const actual = outcomes.map((o) => [o.case, o.result, o.detail]);
    if (process.env.UPDATE_CORPUS_TABLE === '1') {
      const text = readFileSync(TABLE, 'utf8');
      writeFileSync(TABLE, `${text.slice(0, text.indexOf(BEGIN) + BEGIN.length)}\n${renderTable(outcomes)}${text.slice(text.indexOf(END))}`);
      throw new Error('docs/guide/corpus.md rewritten from this run: review the diff, then run the test again without UPDATE_CORPUS_TABLE');
    }
    const recorded = recordedTable();
    const changed = actual.filter(([name, result, detail]) => {
      const [r, d] = recorded.get(name) ?? ['(not in the table)', ''];
      return r !== result || d !== detail;
    });
    if (changed.length > 0) {
      const lines = changed.map(([name, result, detail]) => `  ${name}: now ${result}${detail ? ` (${detail})` : ''}; the table says ${(recorded.get(name) ?? ['(not in the table)'])[0]}`);
      throw new Error(
        `the corpus results differ from docs/guide/corpus.md:\n${lines.join('\n')}\n` +
          'If the change is intended (a case now generates, a refusal is worded better), re-record the table with ' +
          '`UPDATE_CORPUS_TABLE=1 npx jest test/corpus` and commit docs/guide/corpus.md with the change.',
      );
    }
  });

  it('no case crashes or generates code that does not compile', () => {
    expect(outcomes.filter((o) => o.result === 'crash' || o.result === 'tsc')).toEqual([]);
  });

  it('every refusal is one line naming file:line', () => {
    for (const o of outcomes.filter((x) => x.result === 'refused')) expect(o.detail).toMatch(/^[^\s:]+(\/[^\s:]+)*:\d+: \S/);
  });

  it('generation is deterministic: generating a case twice gives the same files', async () => {
    const c = readManifest().find((x) => outcomes.find((o) => o.case === x.name)?.result === 'ok');
    if (c === undefined) return;
    const again = join(project.dir, 'again');
    expect((await generate(c, again)).code).toBe(0);
    const first = join(project.dir, 'cases', c.name);
    for (const f of readdirSync(first)) expect(readFileSync(join(again, f), 'utf8')).toBe(readFileSync(join(first, f), 'utf8'));
  });
});
