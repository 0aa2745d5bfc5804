/**
 * Reading one document of a WSDL (the WSDL itself or a file it imports) from a path or an http(s)
 * URL, under the same limits for every document: a time limit for the whole exchange and a size
 * limit. Failures are one line naming the location and the cause (URLs: codegen/load/fetch.ts).
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { FetchError, fetchDocument, safeUrl, type FetchOptions } from './fetch.js';

export interface ReadLimits {
  /** Time limit for fetching one URL: the answer's headers and its body. */
  timeoutMs: number;
  /** Size limit for one document, in bytes. */
  maxBytes: number;
}

export const DEFAULT_LIMITS: ReadLimits = { timeoutMs: 30_000, maxBytes: 32 * 1024 * 1024 };

/** Test hooks of the URL fetcher (codegen/load/fetch.ts): a DNS lookup, certificate authorities. */
export type NetworkOptions = Partial<Pick<FetchOptions, 'lookup' | 'ca'>>;

/** A document could not be read; `message` is one line naming the location. */
export class ReadError extends Error {
  override readonly name = 'ReadError';
}

export function isUrl(location: string): boolean {
  return /^https?:\/\//i.test(location);
}

/** The text of the document at `location` (a path or an http(s) URL), checked to look like XML. */
export async function readDocument(location: string, limits: ReadLimits & NetworkOptions): Promise<string> {
  return isUrl(location) ? fetchText(location, limits) : checkXml(location, readFile(location, limits), undefined);
}

function readFile(path: string, limits: ReadLimits): string {
  if (!existsSync(path)) throw new ReadError(`${path}: file not found`);
  const stats = statSync(path);
  if (stats.isDirectory()) throw new ReadError(`${path}: a directory, not a WSDL or XSD file`);
  if (stats.size > limits.maxBytes) throw new ReadError(`${path}: ${stats.size} bytes, more than the limit of ${limits.maxBytes}`);
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    throw new ReadError(`${path}: cannot read it: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}

async function fetchText(url: string, limits: ReadLimits & NetworkOptions): Promise<string> {
  try {
    const { text, contentType } = await fetchDocument(url, limits);
    return checkXml(safeUrl(url), text, contentType);
  } catch (e) {
    throw e instanceof FetchError ? new ReadError(e.message, { cause: e.cause }) : e;
  }
}

/** A document that is not XML (an HTML page, JSON, plain text) is named as what it is. */
function checkXml(location: string, text: string, contentType: string | undefined): string {
  const start = text.replace(/^\uFEFF/, '').trimStart();
  if (/^<(!doctype\s+html|html)\b/i.test(start)) throw new ReadError(`${location}: got text/html, not a WSDL`);
  if (!start.startsWith('<')) {
    const what = contentType ? contentType.split(';')[0].trim() : start === '' ? 'an empty document' : 'text';
    throw new ReadError(`${location}: got ${what}, not XML`);
  }
  return text;
}
