/**
 * Sending through the HTTP proxy the environment names, as curl reads it: `HTTPS_PROXY` /
 * `HTTP_PROXY` (or lower case) for https / http URLs, `NO_PROXY` for the hosts to reach directly.
 * The default HTTP client ignores these variables, as Node's own `fetch` does; the CLI uses this
 * one when one of them is set. Loopback destinations (127.0.0.1, ::1, localhost) are always reached
 * directly (Go's rule too: a proxy cannot reach this machine's own services).
 */
import { registerSecret } from '../client/redact.js';
import { fetchHttpClient, type HttpClient } from './http-client.js';
import type { FetchLike } from './transport.js';
import { defaultHttpClient, loadCommonJs } from './undici-http.js';

type Undici = typeof import('undici');

/** The proxy settings of an environment (`undefined`: none set). */
export interface ProxySettings {
  /** The proxy of http:// URLs (`HTTP_PROXY`). */
  httpProxy: string | undefined;
  /** The proxy of https:// URLs (`HTTPS_PROXY`). */
  httpsProxy: string | undefined;
  /** Hosts reached directly (`NO_PROXY`: comma-separated names, `.domain` suffixes, `*`). */
  noProxy: string | undefined;
}

const first = (env: Readonly<Record<string, string | undefined>>, ...names: string[]): string | undefined => names.map((n) => env[n]).find((v) => v !== undefined && v !== '');

/** `HTTP_PROXY`, `HTTPS_PROXY` and `NO_PROXY` (upper or lower case) of `env`; `undefined` when no proxy is set. */
export function proxySettingsFrom(env: Readonly<Record<string, string | undefined>>): ProxySettings | undefined {
  const httpProxy = first(env, 'HTTP_PROXY', 'http_proxy');
  const httpsProxy = first(env, 'HTTPS_PROXY', 'https_proxy');
  if (httpProxy === undefined && httpsProxy === undefined) return undefined;
  return { httpProxy, httpsProxy, noProxy: first(env, 'NO_PROXY', 'no_proxy') };
}

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|\[::1\]|localhost)$/i;

/**
 * An `HttpClient` that sends through the proxy of `env` (undici's `EnvHttpProxyAgent` under its
 * `fetch`), or `undefined` when `env` names no proxy. A proxy URL's password is a secret (redacted).
 */
export function envProxyHttpClient(env: Readonly<Record<string, string | undefined>> = process.env, direct?: HttpClient): HttpClient | undefined {
  const settings = proxySettingsFrom(env);
  if (settings === undefined) return undefined;
  for (const proxy of [settings.httpProxy, settings.httpsProxy]) {
    try {
      if (proxy !== undefined) registerSecret(decodeURIComponent(new URL(proxy).password) || undefined);
    } catch {
      // (not a URL: undici says so on the first request)
    }
  }
  let viaProxy: Promise<FetchLike> | undefined;
  const proxied = fetchHttpClient(async (url, init) => {
    viaProxy ??= loadCommonJs<Undici>('undici').then(({ fetch, EnvHttpProxyAgent }) => {
      // http:// in absolute form, as curl sends it (proxies often allow CONNECT to port 443 only); https:// through CONNECT
      const dispatcher = new EnvHttpProxyAgent({ ...settings, proxyTunnel: false });
      return (u: string, i: RequestInit) => fetch(u, { ...(i as object), dispatcher }) as unknown as Promise<Response>;
    });
    return (await viaProxy)(url, init);
  });
  return (request) => {
    let host = '';
    try {
      host = new URL(request.url).hostname;
    } catch {
      // (the HTTP client's own error says what is wrong with it)
    }
    return LOOPBACK.test(host) ? (direct ?? defaultHttpClient())(request) : proxied(request);
  };
}
