/**
 * Fetching one document of a WSDL by http(s) URL: one time limit for the whole exchange (headers
 * and body, redirects included), a size limit, and a failure that says in one line what went wrong
 * (connection refused, unknown host, the TLS reason, the HTTP status, an HTML page) and where.
 * URLs in messages never carry secrets: userinfo is dropped and query values other than WCF's
 * `?wsdl`/`?xsd=` are masked (safeUrl).
 *
 * node:http(s) rather than fetch(): its errors keep their code and host, and tests can inject a
 * DNS lookup and a certificate authority (FetchOptions) without a network.
 */
import { request as httpRequest, type IncomingMessage, type RequestOptions } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import { GENERATOR_VERSION } from '../version.js';

export interface FetchOptions {
  /** Time limit for the whole exchange (every redirect, the answer's headers and its body). */
  timeoutMs: number;
  /** Size limit of the document, in bytes. */
  maxBytes: number;
  /** Host name lookup (tests inject failures; default: the system's). */
  lookup?: LookupFunction;
  /** Certificate authorities to trust instead of the defaults (tests; users set NODE_EXTRA_CA_CERTS). */
  ca?: string | Buffer;
}

export interface Fetched {
  text: string;
  /** The answer's Content-Type ('' when none). */
  contentType: string;
}

/** A document could not be fetched; `message` is one line naming the URL (safeUrl) and the cause. */
export class FetchError extends Error {
  override readonly name = 'FetchError';
}

const MAX_REDIRECTS = 5;
/** Query parameters whose values say which part of a WCF WSDL is asked for, never a secret. */
const PLAIN_PARAMS = /^(wsdl|singlewsdl|xsd)$/i;

/** A query string (without `?`) with its values masked except WCF's `wsdl`/`singleWsdl`/`xsd`. */
function safeQuery(search: string): string {
  return search
    .split('&')
    .filter((p) => p !== '')
    .map((p) => {
      const eq = p.indexOf('=');
      const name = eq < 0 ? p : p.slice(0, eq);
      let plain: boolean;
      try {
        plain = PLAIN_PARAMS.test(decodeURIComponent(name));
      } catch {
        plain = false;
      }
      return eq < 0 || plain ? p : `${name}=***`;
    })
    .join('&');
}

/**
 * `url` as it may be shown: no userinfo, query values masked except WCF's `wsdl`/`singleWsdl`/`xsd`.
 * Also for a relative reference (an import's `location="b.wsdl?token=…"`), which `URL` cannot parse.
 */
export function safeUrl(url: string): string {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    const noUser = url.replace(/\/\/[^/@?#]*@/, '//');
    const q = noUser.indexOf('?');
    if (q < 0) return noUser;
    const hash = noUser.indexOf('#', q);
    const end = hash < 0 ? noUser.length : hash;
    const query = safeQuery(noUser.slice(q + 1, end));
    return `${noUser.slice(0, q)}${query === '' ? '' : `?${query}`}${noUser.slice(end)}`;
  }
  const query = safeQuery(u.search.slice(1));
  return `${u.protocol}//${u.host}${u.pathname}${query.length > 0 ? `?${query}` : ''}${u.hash}`;
}

/**
 * Every http(s) URL in `text` made safe (for messages built elsewhere that may quote one); what
 * follows a URL in a message (`:line:`, a colon, a full stop) stays as it is.
 */
export function safeUrls(text: string): string {
  return text.replace(/https?:\/\/[^\s"'<>]+/gi, (match) => {
    const [, url, tail] = /^(.*?)((?::\d+)*[.,;:)\]]*)$/s.exec(match) ?? [match, match, ''];
    return safeUrl(url) + tail;
  });
}

/** Fetch the document at `url` (http or https), following up to five redirects. */
export async function fetchDocument(url: string, options: FetchOptions): Promise<Fetched> {
  const shown = safeUrl(url);
  const signal = AbortSignal.timeout(options.timeoutMs);
  const failed = (e: unknown) => new FetchError(`cannot fetch ${shown}: ${describeCause(e, options.timeoutMs, signal)}`, { cause: e });
  let current = new URL(url);
  for (let redirects = 0; ; redirects++) {
    let res: IncomingMessage;
    try {
      res = await get(current, options, signal);
    } catch (e) {
      throw failed(e);
    }
    const status = res.statusCode ?? 0;
    const location = res.headers.location;
    if (status >= 300 && status < 400 && location !== undefined) {
      res.resume();
      if (redirects === MAX_REDIRECTS) throw new FetchError(`cannot fetch ${shown}: more than ${MAX_REDIRECTS} redirects`);
      const next = new URL(location, current);
      if (next.protocol !== 'http:' && next.protocol !== 'https:') throw new FetchError(`cannot fetch ${shown}: redirected to ${next.protocol} (not http or https)`);
      // Credentials of the URL go to its own origin only.
      if (next.origin !== current.origin) next.username = next.password = '';
      else if (current.username && !next.username) [next.username, next.password] = [current.username, current.password];
      current = next;
      continue;
    }
    if (status < 200 || status >= 300) {
      res.resume();
      throw new FetchError(`cannot fetch ${shown}: HTTP ${status}${status === 401 || status === 403 ? ' (the WSDL needs sign-in: fetch it with a browser or curl and generate from the file)' : ''}`);
    }
    const contentType = String(res.headers['content-type'] ?? '');
    if (/\btext\/html\b/i.test(contentType)) {
      res.destroy();
      throw new FetchError(`${shown}: got text/html, not a WSDL (an HTML page: is this the service's help page? add ?wsdl or ?singleWsdl)`);
    }
    const length = Number(res.headers['content-length'] ?? NaN);
    if (length > options.maxBytes) {
      res.destroy();
      throw new FetchError(`${shown}: ${length} bytes, more than the limit of ${options.maxBytes}`);
    }
    const chunks: Buffer[] = [];
    let size = 0;
    try {
      for await (const chunk of res as AsyncIterable<Buffer>) {
        size += chunk.byteLength;
        if (size > options.maxBytes) {
          res.destroy();
          throw new FetchError(`${shown}: more than the limit of ${options.maxBytes} bytes`);
        }
        chunks.push(chunk);
      }
    } catch (e) {
      if (e instanceof FetchError) throw e;
      throw failed(e);
    }
    return { text: new TextDecoder().decode(Buffer.concat(chunks)), contentType };
  }
}

function get(url: URL, options: FetchOptions, signal: AbortSignal): Promise<IncomingMessage> {
  const request = url.protocol === 'https:' ? httpsRequest : url.protocol === 'http:' ? httpRequest : undefined;
  if (!request) return Promise.reject(new Error(`${url.protocol} is not http or https`));
  const headers = { accept: 'text/xml, application/xml, application/wsdl+xml, */*;q=0.5', 'user-agent': `so-soap/${GENERATOR_VERSION}` };
  const init: RequestOptions & { ca?: string | Buffer } = { method: 'GET', headers, signal, agent: false };
  if (url.username) init.auth = `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`;
  if (options.lookup) init.lookup = options.lookup;
  if (options.ca !== undefined) init.ca = options.ca;
  const target = new URL(url);
  target.username = target.password = '';
  return new Promise((resolve, reject) => {
    const req = request(target, init, resolve);
    req.on('error', reject);
    req.end();
  });
}

/** The cause of a failed exchange in a few words: what happened, with the errno code, host or TLS reason. */
function describeCause(e: unknown, timeoutMs: number, signal: AbortSignal): string {
  const err = e as NodeJS.ErrnoException & { hostname?: string; reason?: string; address?: string; port?: number };
  if (signal.aborted || err.name === 'TimeoutError' || err.name === 'AbortError') return `timed out after ${timeoutMs} ms`;
  const code = err.code ?? '';
  if (code === 'ENOTFOUND') return `unknown host ${err.hostname ?? ''} (ENOTFOUND)`.replace('  ', ' ');
  if (code === 'EAI_AGAIN') return `host name lookup failed for ${err.hostname ?? '?'} (EAI_AGAIN: DNS not answering)`;
  if (code === 'ECONNREFUSED') return `connection refused by ${err.address ?? '?'}:${err.port ?? '?'} (ECONNREFUSED: is the URL right, is the service up?)`;
  if (code === 'ECONNRESET' || code === 'EPIPE') return `the connection was closed by the server (${code})`;
  if (code === 'ETIMEDOUT' || code === 'EHOSTUNREACH' || code === 'ENETUNREACH') return `cannot connect (${code})`;
  if (/^(ERR_TLS|ERR_SSL|CERT_|UNABLE_TO|DEPTH_ZERO|SELF_SIGNED|HOSTNAME_MISMATCH)/.test(code) || /certificate|ssl|tls/i.test(err.message)) {
    return `TLS: ${err.reason ?? err.message}${code ? ` (${code})` : ''}; a private certificate authority: set NODE_EXTRA_CA_CERTS to its PEM file`;
  }
  return code ? `${err.message} (${code})` : err.message;
}
