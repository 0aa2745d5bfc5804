/**
 * An OAuth access token (`8A:…`) kept fresh with the refresh-token grant: `POST <login>/common/oauth/tokens`
 * (`grant_type=refresh_token`, client id and secret), renewed before `expires_in` runs out (the
 * same margin and sharing as the system user ticket). A rotated refresh token replaces the held one
 * and goes to `onRefreshToken` so the caller can store it; an `id_token` in the answer is verified
 * like the system user's JWT (audience: the client id) and names the tenant's endpoints.
 */
import type { ManagedTicketProvider, TicketRequest } from '../client/credentials.js';
import { HttpError, ResponseFormatError } from '../client/errors.js';
import { registerSecret } from '../client/redact.js';
import { SignInError } from './errors.js';
import { OpenIdKeys, verifyJwt } from './jwt.js';
import { loginRequest, type LoginHttpOptions } from './login-http.js';
import { Refreshing, type Expiring } from './refreshing.js';
import { loginBaseOf, serviceEndpoint, tenantOf, type TenantEndpoints } from './tenant.js';

/** Options of `oauthRefreshProvider`. */
export interface OAuthRefreshOptions extends LoginHttpOptions {
  /** The application's client id. */
  clientId: string;
  /** The application's client secret. */
  clientSecret: string;
  /** The refresh token to start from (a secret; see `onRefreshToken`). */
  refreshToken: string;
  /** `sod`, `stage` or `online` (default `online`; `stage` signs in at `qaonline`). */
  environment?: string | undefined;
  /** The login service's base URL instead of `environment` (the simulator's `SO_LOGIN_BASE`). */
  loginBase?: string | undefined;
  /** The token endpoint (default `<login>/common/oauth/tokens`). */
  tokenUrl?: string | undefined;
  /** Called with each rotated refresh token before the new access token is used: store it (the old one stops working). */
  onRefreshToken?: ((refreshToken: string) => void | Promise<void>) | undefined;
  /** The `iss` an id_token must have (default: the OpenID metadata's issuer). */
  expectedIssuer?: string | undefined;
  /** The `aud` an id_token must have (default: `clientId`). */
  expectedAudience?: string | readonly string[] | undefined;
  /** Clock skew allowed on the id_token's `exp`/`nbf`, seconds (default 60). */
  clockSkewSeconds?: number | undefined;
  /** Now in ms (tests). */
  now?: (() => number) | undefined;
}

/** A `ManagedTicketProvider` over the refresh-token grant. */
export interface OAuthRefreshProvider extends ManagedTicketProvider {
  endpointFor(service: string, signal?: AbortSignal): Promise<string>;
  /** Token requests made so far. */
  readonly exchanges: number;
}

interface AccessToken extends Expiring, TenantEndpoints {}

/** The refresh-token grant as `credentials` for any client or transport. */
export function oauthRefreshProvider(options: OAuthRefreshOptions): OAuthRefreshProvider {
  for (const k of ['clientId', 'clientSecret', 'refreshToken'] as const) {
    if (typeof options[k] !== 'string' || options[k] === '') throw new TypeError(`oauthRefreshProvider: ${k} is required`);
  }
  registerSecret(options.clientSecret);
  registerSecret(options.refreshToken);
  const base = loginBaseOf(options);
  const tokenUrl = options.tokenUrl ?? `${base}/common/oauth/tokens`;
  const keys = new OpenIdKeys(`${base}/.well-known/openid-configuration`, options);
  const now = options.now ?? Date.now;
  let refreshToken = options.refreshToken;
  const operation = 'oauth/tokens';

  const exchange = async (signal?: AbortSignal): Promise<AccessToken> => {
    // Registered again at each exchange: the registry is bounded and forgets what is not in use.
    registerSecret(options.clientSecret);
    registerSecret(refreshToken);
    const form = new URLSearchParams({ grant_type: 'refresh_token', client_id: options.clientId, client_secret: options.clientSecret, refresh_token: refreshToken });
    const started = now();
    let text: string;
    try {
      ({ text } = await loginRequest(options, { url: tokenUrl, method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: form.toString(), operation, signal }));
    } catch (e) {
      throw oauthRefusal(e) ?? e;
    }
    let answer: Record<string, unknown>;
    try {
      answer = JSON.parse(text) as Record<string, unknown>;
    } catch {
      throw new ResponseFormatError('the token answer is not JSON', { operation });
    }
    const access = answer.access_token;
    if (typeof access !== 'string' || access === '') throw new ResponseFormatError('the token answer has no access_token', { operation });
    registerSecret(access);
    // Stored before anything else can fail: the grant has spent the old refresh token already.
    if (typeof answer.refresh_token === 'string' && answer.refresh_token !== '' && answer.refresh_token !== refreshToken) {
      registerSecret(answer.refresh_token);
      refreshToken = answer.refresh_token;
      await options.onRefreshToken?.(refreshToken);
    }
    let tenant: TenantEndpoints = {};
    if (typeof answer.id_token === 'string') {
      registerSecret(answer.id_token);
      const claims = await verifyJwt(answer.id_token, keys, { issuer: options.expectedIssuer, audience: options.expectedAudience ?? options.clientId, clockSkewSeconds: options.clockSkewSeconds, now }, signal);
      tenant = tenantOf({ ...claims, 'http://schemes.superoffice.net/identity/ticket': access });
    }
    const expiresIn = typeof answer.expires_in === 'number' ? answer.expires_in : Number(answer.expires_in ?? 3600);
    return { value: access, issuedAt: started, expiresAt: started + (Number.isFinite(expiresIn) ? expiresIn : 3600) * 1000, netserverUrl: tenant.netserverUrl, webapiUrl: tenant.webapiUrl };
  };
  const token = new Refreshing(exchange, now);
  const provider = ((request: TicketRequest) => token.get(request).then((t) => t.value)) as OAuthRefreshProvider;
  Object.defineProperty(provider, 'exchanges', { get: () => token.exchanges, enumerable: true });
  return Object.assign(provider, {
    managed: true as const,
    endpointFor: async (service: string, signal?: AbortSignal) => serviceEndpoint(token.peek() ?? (await token.get({ signal })), service),
  });
}

/** An OAuth error answer (`{ error, error_description }`, HTTP 400/401) as a `SignInError`. */
function oauthRefusal(e: unknown): SignInError | undefined {
  if (!(e instanceof HttpError) || (e.status !== 400 && e.status !== 401) || !e.body) return undefined;
  try {
    const j = JSON.parse(e.body) as { error?: unknown; error_description?: unknown };
    if (typeof j.error !== 'string') return undefined;
    return new SignInError('the refresh-token grant', `${j.error}${typeof j.error_description === 'string' ? `: ${j.error_description}` : ''}`, { operation: 'oauth/tokens' });
  } catch {
    return undefined;
  }
}
