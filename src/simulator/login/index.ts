/** The simulator's sign-in side: the application's key pair and dev secrets made at start, and the routes. */
import { createPublicKey, generateKeyPairSync, randomBytes } from 'node:crypto';
import { DEV_CLIENT_ID, DEV_CONTEXT_ID, DEV_SYSTEM_USER_TOKEN, DEV_USER, LOGIN_PATH, LoginSide, type LoginCounts, type LoginOptions } from './routes.js';

/** What a test or `so-soap simulate` needs to sign in against the simulator. */
export interface LoginInfo {
  /** `SO_LOGIN_BASE`: `http://127.0.0.1:<port>/login`. */
  readonly base: string;
  readonly systemUserToken: string;
  readonly contextIdentifier: string;
  /** The application's private key (PKCS#8 PEM), generated at start: the simulator checks signatures with its public half. */
  readonly privateKeyPem: string;
  readonly clientId: string;
  /** The first refresh token the OAuth endpoint accepts (every use rotates it). */
  readonly refreshToken: string;
  readonly username: string;
  readonly password: string;
  readonly counts: LoginCounts;
  readonly side: LoginSide;
}

export function startLogin(options: Omit<LoginOptions, 'applicationKey' | 'refreshToken'>): LoginInfo {
  // Made on first use: generating RSA keys costs more than starting the rest of the simulator.
  let pair: { publicKey: string; privateKey: string } | undefined;
  const keys = () => (pair ??= generateKeyPairSync('rsa', { modulusLength: 2048, publicKeyEncoding: { format: 'pem', type: 'spki' }, privateKeyEncoding: { format: 'pem', type: 'pkcs8' } }));
  const refreshToken = `sim-refresh-${randomBytes(18).toString('base64url')}`;
  const side = new LoginSide({ ...options, applicationKey: () => createPublicKey(keys().publicKey), refreshToken });
  return {
    base: `${options.url}${LOGIN_PATH}`,
    systemUserToken: options.systemUserToken ?? DEV_SYSTEM_USER_TOKEN,
    contextIdentifier: options.contextIdentifier ?? DEV_CONTEXT_ID,
    get privateKeyPem() {
      return keys().privateKey;
    },
    clientId: options.clientId ?? DEV_CLIENT_ID,
    refreshToken,
    username: DEV_USER.username,
    password: DEV_USER.password,
    counts: side.counts,
    side,
  };
}
