/**
 * Where the real-world WSDL corpus lives (`SO_CORPUS_DIR ?? <repo>/../shared/corpus`, read by path,
 * never copied) and its manifest. When it is missing, suites say so loudly and are skipped (counted
 * as skipped, never as passed).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const CORPUS_DIR = resolve(process.env.SO_CORPUS_DIR ?? join(__dirname, '..', '..', '..', 'shared', 'corpus'));

export interface CorpusCase {
  name: string;
  /** The main WSDL, relative to the case's folder. */
  main: string;
  kind: string;
  notes: string;
}

/** The cases of MANIFEST.tsv, in its order. */
export function readManifest(): CorpusCase[] {
  const lines = readFileSync(join(CORPUS_DIR, 'MANIFEST.tsv'), 'utf8').split('\n').filter((l) => l.trim() !== '');
  const head = lines[0].split('\t');
  const col = (name: string) => head.indexOf(name);
  return lines.slice(1).map((l) => {
    const cells = l.split('\t');
    return { name: cells[col('case')], main: cells[col('main_wsdl_relative_path')], kind: cells[col('kind')], notes: cells[col('notes')] ?? '' };
  });
}

/** `describe` when the corpus is here; otherwise a loud warning and `describe.skip`. */
export function describeWithCorpus(name: string, body: () => void): void {
  if (existsSync(join(CORPUS_DIR, 'MANIFEST.tsv'))) {
    describe(name, body);
    return;
  }
  const bar = '!'.repeat(100);
  console.warn(`${bar}\nSKIPPED "${name}": ${CORPUS_DIR}/MANIFEST.tsv does not exist (set SO_CORPUS_DIR).\nThese tests are reported as SKIPPED, not passed.\n${bar}`);
  describe.skip(name, body);
}
