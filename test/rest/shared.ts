/**
 * The REST tests read the OpenAPI description and the seed documents from `<repo>/../shared`
 * by path (never copied into the repository). When they are missing, the tests that need them
 * are skipped with a loud warning; they never pass silently.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const REPO = resolve(__dirname, '..', '..');
export const SHARED = resolve(REPO, '..', 'shared');
export const OPENAPI_FILE = join(SHARED, 'openapi', 'openapi-v3-ChatAgent.json');
export const SEEDS_DIR = join(SHARED, 'seeds');

/** `describe` when every path exists; otherwise a loud warning and `describe.skip`. */
export function describeIfShared(name: string, paths: readonly string[], body: () => void): void {
  const missing = paths.filter((p) => !existsSync(p));
  if (missing.length === 0) {
    describe(name, body);
    return;
  }
  const bar = '!'.repeat(100);
  console.warn(`${bar}\nSKIPPED "${name}": missing ${missing.join(', ')}.\nThese tests read ../shared beside the repository (the OpenAPI file and the seed documents).\n${bar}`);
  describe.skip(name, body);
}

/** The seed document whose file name starts with `prefix` (`002`), or undefined. */
export function seedPath(prefix: string): string {
  if (!existsSync(SEEDS_DIR)) return join(SEEDS_DIR, `${prefix}_missing.txt`);
  const f = readdirSync(SEEDS_DIR).find((n) => n.startsWith(`${prefix}_`));
  return join(SEEDS_DIR, f ?? `${prefix}_missing.txt`);
}

/** The JSON blocks of a seed document's fenced samples (`http!` request, `http_` response), parsed. */
export function seedSamples(path: string): { request?: unknown; response?: unknown; requestLine?: string } {
  const text = readFileSync(path, 'utf8');
  const out: { request?: unknown; response?: unknown; requestLine?: string } = {};
  for (const m of text.matchAll(/```http([!_])\n([\s\S]*?)```/g)) {
    const block = m[2];
    const start = block.search(/^[[{]/m);
    if (m[1] === '!') out.requestLine = block.split('\n')[0];
    if (start < 0) continue;
    const json = JSON.parse(block.slice(start)) as unknown;
    if (m[1] === '!') out.request = json;
    else out.response = json;
  }
  return out;
}
