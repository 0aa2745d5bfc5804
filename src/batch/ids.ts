/** The id list of a batch job: a file or stdin, ids separated by whitespace, commas or newlines; `#` starts a comment. */
import { readFile } from 'node:fs/promises';

export class IdListError extends Error {
  override readonly name = 'IdListError';
}

/** Parse an id list. Duplicates are dropped (first occurrence kept); anything but a positive int32 is an error with its line. */
export function parseIdList(text: string, source: string): { ids: number[]; duplicates: number } {
  const ids: number[] = [];
  const seen = new Set<number>();
  let duplicates = 0;
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].replace(/#.*/, '');
    for (const token of line.split(/[\s,;]+/)) {
      if (token === '') continue;
      if (!/^\d+$/.test(token) || Number(token) < 1 || Number(token) > 2_147_483_647) {
        throw new IdListError(`${source}:${i + 1}: "${token.slice(0, 40)}" is not a session id (a positive integer)`);
      }
      const id = Number(token);
      if (seen.has(id)) {
        duplicates++;
        continue;
      }
      seen.add(id);
      ids.push(id);
    }
  }
  return { ids, duplicates };
}

export async function readStream(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(typeof c === 'string' ? Buffer.from(c) : (c as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}

/** Read the ids from `path` (`-` = stdin). */
export async function readIdList(path: string, stdin: NodeJS.ReadableStream): Promise<{ ids: number[]; duplicates: number }> {
  if (path === '-') return parseIdList(await readStream(stdin), 'stdin');
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    throw new IdListError(`cannot read the id list ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  return parseIdList(text, path);
}
