/**
 * Reading one document of a WSDL (the WSDL itself or a file it imports) from a path or an http(s)
 * URL, under the same limits for every document: a time limit for the whole exchange and a size
 * limit. Failures are one line naming the location and the cause (ECONNREFUSED, ENOTFOUND host,
 * the TLS reason, HTTP status, an HTML page instead of XML).
 */
import { existsSync, readFileSync, statSync } from 'node:fs';

export interface ReadLimits {
  /** Time limit for fetching one URL: the answer's headers and its body. */
  timeoutMs: number;
  /** Size limit for one document, in bytes. */
  maxBytes: number;
}

export const DEFAULT_LIMITS: ReadLimits = { timeoutMs: 30_000, maxBytes: 32 * 1024 * 1024 };

/** A document could not be read; `message` is one line naming the location. */
export class ReadError extends Error {
  override readonly name = 'ReadError';
}

export function isUrl(location: string): boolean {
  return /^https?:\/\//i.test(location);
}

/** The text of the document at `location` (a path or an http(s) URL), checked to look like XML. */
export async function readDocument(location: string, limits: ReadLimits): Promise<string> {
  return isUrl(location) ? fetchText(location, limits) : checkXml(location, readFile(location, limits), undefined);
}

function readFile(path: string, limits: ReadLimits): string {
  if (!existsSync(path)) throw new ReadError(`${path}: file not found`);
  const size = statSync(path).size;
  if (size > limits.maxBytes) throw new ReadError(`${path}: ${size} bytes, more than the limit of ${limits.maxBytes}`);
  return readFileSync(path, 'utf8');
}

async function fetchText(url: string, limits: ReadLimits): Promise<string> {
  const signal = AbortSignal.timeout(limits.timeoutMs);
  const failed = (e: unknown) => new ReadError(`cannot fetch ${url}: ${fetchCause(e, limits.timeoutMs)}`, { cause: e });
  let res: Response;
  try {
    res = await fetch(url, { signal });
  } catch (e) {
    throw failed(e);
  }
  if (!res.ok) {
    await res.body?.cancel().catch(() => undefined);
    throw new ReadError(`cannot fetch ${url}: HTTP ${res.status}`);
  }
  const contentType = res.headers.get('content-type') ?? '';
  if (/\btext\/html\b/i.test(contentType)) {
    await res.body?.cancel().catch(() => undefined);
    throw new ReadError(`${url}: got text/html, not a WSDL (an HTML page: is this the service's help page? add ?wsdl or ?singleWsdl)`);
  }
  const length = Number(res.headers.get('content-length') ?? NaN);
  if (length > limits.maxBytes) {
    await res.body?.cancel().catch(() => undefined);
    throw new ReadError(`${url}: ${length} bytes, more than the limit of ${limits.maxBytes}`);
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for await (const chunk of res.body ?? []) {
      size += chunk.byteLength;
      if (size > limits.maxBytes) {
        await res.body?.cancel().catch(() => undefined);
        throw new ReadError(`${url}: more than the limit of ${limits.maxBytes} bytes`);
      }
      chunks.push(chunk);
    }
  } catch (e) {
    if (e instanceof ReadError) throw e;
    throw failed(e);
  }
  return checkXml(url, new TextDecoder().decode(Buffer.concat(chunks)), contentType);
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

/** The cause of a failed fetch in a few words: the errno code, host or TLS reason undici reports. */
function fetchCause(e: unknown, timeoutMs: number): string {
  const err = e as Error & { cause?: { code?: string; hostname?: string; message?: string; reason?: string } };
  if (err.name === 'TimeoutError' || err.name === 'AbortError') return `timed out after ${timeoutMs} ms`;
  const cause = err.cause;
  if (!cause) return err.message;
  const code = cause.code ?? '';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return `${code} ${cause.hostname ?? ''}`.trim();
  if (/^(ERR_TLS|CERT_|UNABLE_TO|DEPTH_ZERO|SELF_SIGNED|ERR_SSL)/.test(code) || /certificate|ssl|tls/i.test(cause.message ?? '')) {
    return `TLS: ${cause.reason ?? cause.message ?? code}${code ? ` (${code})` : ''}`;
  }
  if (code) return code;
  return cause.message ?? err.message;
}
