/**
 * API-surface guard: the public names of every entry point and the signatures of the main ones,
 * read from the built declaration files with the TypeScript checker, must equal
 * test/api/surface.json. A change to the public surface fails here with a diff; if it is meant,
 * re-record with `UPDATE_API_SURFACE=1 npx jest test/api` (it writes the JSON and fails), review the
 * diff, run it again without the variable, and commit the JSON with the change.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';

const REPO = join(__dirname, '..', '..');
const SNAPSHOT = join(__dirname, 'surface.json');
const ENTRY_POINTS: Record<string, string> = {
  'so-soap': 'dist/src/index.d.ts',
  'so-soap/runtime': 'dist/src/runtime/index.d.ts',
  'so-soap/codec': 'dist/src/codec.d.ts',
};
/** Symbols whose full type is part of the guarded surface (not only their name). */
const SIGNATURES = new Set([
  'createChatClient', 'createClient', 'encodeRequest', 'decodeResponse', 'encodeResponse', 'decodeRequest',
  'ChatClientOptions', 'ClientOptions', 'CallOptions', 'CallResult', 'RetryOptions', 'Credentials', 'TicketProvider',
  'OperationMethod', 'OptionalInputMethod', 'usernamePasswordProvider',
]);

function surface(): Record<string, Record<string, string>> {
  const files = Object.values(ENTRY_POINTS).map((f) => join(REPO, f));
  const program = ts.createProgram(files, { module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, target: ts.ScriptTarget.ES2022, strict: true, noEmit: true, types: [] });
  const checker = program.getTypeChecker();
  const out: Record<string, Record<string, string>> = {};
  for (const [entry, file] of Object.entries(ENTRY_POINTS)) {
    const source = program.getSourceFile(join(REPO, file))!;
    const moduleSymbol = checker.getSymbolAtLocation(source)!;
    const names: Record<string, string> = {};
    for (const sym of checker.getExportsOfModule(moduleSymbol).sort((a, b) => a.name.localeCompare(b.name))) {
      const target = sym.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(sym) : sym;
      const kinds = [
        target.flags & ts.SymbolFlags.Function && 'function',
        target.flags & ts.SymbolFlags.Class && 'class',
        target.flags & ts.SymbolFlags.Interface && 'interface',
        target.flags & ts.SymbolFlags.TypeAlias && 'type',
        target.flags & (ts.SymbolFlags.Variable) && 'const',
        target.flags & ts.SymbolFlags.ValueModule && 'namespace',
      ].filter(Boolean).join('+');
      let description = kinds || 'other';
      if (SIGNATURES.has(sym.name)) {
        const decl = target.declarations?.[0];
        if (decl && (target.flags & (ts.SymbolFlags.Interface | ts.SymbolFlags.TypeAlias))) {
          description += ` ${decl.getText().replace(/\/\*\*[\s\S]*?\*\/\s*/g, '').replace(/\s+/g, ' ')}`;
        } else if (decl) {
          description += ` ${checker.typeToString(checker.getTypeOfSymbolAtLocation(target, decl), undefined, ts.TypeFormatFlags.NoTruncation)}`;
        }
      }
      names[sym.name] = description;
    }
    out[entry] = names;
  }
  return out;
}

const built = Object.values(ENTRY_POINTS).every((f) => existsSync(join(REPO, f)));
if (!built) console.warn('\n\n*** API surface test SKIPPED: dist/ is missing; run `npm run build` (npm test does) ***\n\n');

(built ? describe : describe.skip)('public API surface', () => {
  test('equals test/api/surface.json', () => {
    const current = surface();
    if (process.env.UPDATE_API_SURFACE === '1') {
      // Re-recording is a deliberate two-step: write here, fail, review the diff, run again without it.
      writeFileSync(SNAPSHOT, `${JSON.stringify(current, null, 2)}\n`);
      throw new Error('test/api/surface.json re-recorded from dist/ (UPDATE_API_SURFACE=1): review `git diff test/api/surface.json`, then run again without UPDATE_API_SURFACE');
    }
    const recorded = JSON.parse(readFileSync(SNAPSHOT, 'utf8')) as unknown;
    expect(current).toEqual(recorded);
  }, 60_000);
});
