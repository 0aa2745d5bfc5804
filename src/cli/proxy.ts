/** The CLI's HTTP client: through the proxy the environment names (HTTPS_PROXY, HTTP_PROXY, NO_PROXY), else the library's default. */
import type { HttpClient } from '../runtime/http/http-client.js';
import { envProxyHttpClient } from '../runtime/http/proxy.js';

let made: { env: NodeJS.ProcessEnv; client: HttpClient | undefined } | undefined;

/** One per environment: a command's sign-in and calls share the proxy's connections. `undefined`: no proxy, the default client. */
export function cliHttpClient(env: NodeJS.ProcessEnv): HttpClient | undefined {
  if (made?.env !== env) made = { env, client: envProxyHttpClient(env) };
  return made.client;
}
