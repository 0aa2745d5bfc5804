/**
 * How the CLI signs in, from the environment only (secrets never come from argv). When the
 * variables of more than one way are set, the first of this list wins (the most explicit: a ticket
 * is used as given, a refresh token file is the last resort), and the others are not read:
 *
 * - a ticket: `SO_TICKET` or `SO_TICKET_FILE`;
 * - the system user: `SO_SYSTEM_USER_TOKEN`, `SO_PRIVATE_KEY_FILE` (PEM or `<RSAKeyValue>`),
 *   `SO_CONTEXT_ID`, `SO_ENVIRONMENT` (sod, stage, online) or `SO_LOGIN_BASE`, and
 *   `SO_APPLICATION_TOKEN` (the application's client secret);
 * - OAuth: `SO_REFRESH_TOKEN_FILE`, `SO_CLIENT_ID`, `SO_CLIENT_SECRET` (default: `SO_APPLICATION_TOKEN`),
 *   `SO_ENVIRONMENT` or `SO_LOGIN_BASE`; a rotated refresh token is written back to its file
 *   atomically (a temporary file renamed over it) with mode 0600.
 *
 * The endpoint: `SO_ENDPOINT` when set, else (system user, OAuth) the one the token names.
 */
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { oauthRefreshProvider } from '../runtime/auth/oauth.js';
import { systemUserProvider } from '../runtime/auth/system-user.js';
import type { Credentials, ManagedTicketProvider } from '../runtime/client/credentials.js';
import { UsageError } from './args.js';
import { readSecrets } from './secrets.js';
import { cliHttpClient } from './proxy.js';

/** The CLI's credentials, read from the environment. */
export interface SignIn {
  /** Which way: `ticket`, `system-user` or `oauth`; undefined when none is configured. */
  way: 'ticket' | 'system-user' | 'oauth' | undefined;
  applicationToken: string | undefined;
  credentials: Credentials | undefined;
  /** The endpoint of `service` named by the token (system user, OAuth). */
  discover?: (service: string) => Promise<string>;
  /** Sign in now (system user, OAuth): the first ticket, or the refusal. */
  signIn?: () => Promise<string>;
}

/** Which ways the environment configures, in precedence order. */
function configured(env: NodeJS.ProcessEnv): SignIn['way'][] {
  const ways: SignIn['way'][] = [];
  if (env.SO_TICKET || env.SO_TICKET_FILE) ways.push('ticket');
  if (env.SO_SYSTEM_USER_TOKEN) ways.push('system-user');
  if (env.SO_REFRESH_TOKEN_FILE) ways.push('oauth');
  return ways;
}

function need(env: NodeJS.ProcessEnv, name: string, why: string): string {
  const v = env[name];
  if (!v) throw new UsageError(`${name} is not set (${why})`);
  return v;
}

function readFile(name: string, path: string): string {
  let text: string;
  try {
    text = readFileSync(path, 'utf8').trim();
  } catch (e) {
    throw new UsageError(`cannot read ${name}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  if (!text) throw new UsageError(`${name} is empty`);
  return text;
}

function login(env: NodeJS.ProcessEnv): { environment?: string; loginBase?: string } {
  if (env.SO_LOGIN_BASE) return { loginBase: env.SO_LOGIN_BASE };
  return { environment: need(env, 'SO_ENVIRONMENT', 'sod, stage or online; or SO_LOGIN_BASE') };
}

/** Write `text` to `path` atomically (temporary file in the same folder, renamed over it), mode 0600. */
export function writeSecretFile(path: string, text: string): void {
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, `${text}\n`, { mode: 0o600 });
  renameSync(tmp, path);
}

/** The sign-in the environment configures (see the module comment for the variables and the rule). */
export function signInFromEnv(env: NodeJS.ProcessEnv, http: { timeoutMs?: number } = {}): SignIn {
  const ways = configured(env);
  const secrets = readSecrets(env);
  // (OAuth: the ApplicationToken header is the application's client secret, so SO_CLIENT_SECRET serves for both)
  const applicationToken = secrets.applicationToken ?? (ways[0] === 'oauth' ? env.SO_CLIENT_SECRET || undefined : undefined);
  const managed = (p: ManagedTicketProvider & { endpointFor(service: string): Promise<string> }, way: SignIn['way']): SignIn => ({
    way,
    applicationToken,
    credentials: p,
    discover: (service) => p.endpointFor(service),
    signIn: () => Promise.resolve(p({ reason: 'initial' })),
  });
  switch (ways[0]) {
    case 'ticket':
      return { way: 'ticket', applicationToken, credentials: secrets.ticket };
    case 'system-user':
      return managed(
        systemUserProvider({
          systemUserToken: env.SO_SYSTEM_USER_TOKEN!,
          privateKey: readFile('SO_PRIVATE_KEY_FILE', need(env, 'SO_PRIVATE_KEY_FILE', "the application's RSA private key, PEM or <RSAKeyValue> XML")),
          applicationToken: need(env, 'SO_APPLICATION_TOKEN', "the application's client secret"),
          contextIdentifier: need(env, 'SO_CONTEXT_ID', 'the tenant, e.g. Cust12345'),
          ...login(env),
          timeoutMs: http.timeoutMs,
          httpClient: cliHttpClient(env),
        }),
        'system-user',
      );
    case 'oauth': {
      const file = env.SO_REFRESH_TOKEN_FILE!;
      return managed(
        oauthRefreshProvider({
          clientId: need(env, 'SO_CLIENT_ID', "the application's client id"),
          clientSecret: env.SO_CLIENT_SECRET || need(env, 'SO_APPLICATION_TOKEN', "SO_CLIENT_SECRET or SO_APPLICATION_TOKEN: the application's client secret"),
          refreshToken: readFile('SO_REFRESH_TOKEN_FILE', file),
          ...login(env),
          timeoutMs: http.timeoutMs,
          httpClient: cliHttpClient(env),
          onRefreshToken: (token) => writeSecretFile(file, token),
        }),
        'oauth',
      );
    }
    default:
      return { way: undefined, applicationToken, credentials: undefined };
  }
}
