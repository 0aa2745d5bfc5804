/**
 * Username/password sign-in through SoPrincipal `AuthenticateUsernamePassword` (on-site
 * installations), as a ticket provider: the client caches the ticket it yields and asks again
 * once when the service refuses it.
 */
import { SoPrincipalService } from './generated/soprincipal/index.js';
import { createClient } from './runtime/client/client.js';
import type { TicketProvider } from './runtime/client/credentials.js';
import { SoExceptionError } from './runtime/client/errors.js';
import { registerSecret } from './runtime/client/redact.js';
import type { HttpClient } from './runtime/http/http-client.js';
import type { FetchLike } from './runtime/http/transport.js';

/** Sign in with a SuperOffice username and password (on-site installations; Online uses OAuth tokens). */
export interface UsernamePasswordOptions {
  /** The SuperOffice user name. */
  username: string;
  /** The user's password (registered as a secret: redacted wherever it would appear). */
  password: string;
  /** The SoPrincipal service URL; by default the client's endpoint with its `X.svc` replaced by `SoPrincipal.svc`. */
  soPrincipalEndpoint?: string | undefined;
}

/** `https://host/tenant/Remote/Services88/Chat.svc` → `https://host/tenant/Remote/Services88/SoPrincipal.svc`. */
export function soPrincipalEndpointFor(serviceEndpoint: string): string {
  if (!/\/[^/]+\.svc\/?$/i.test(serviceEndpoint)) throw new TypeError(`cannot derive the SoPrincipal endpoint from ${serviceEndpoint}: pass soPrincipalEndpoint`);
  return serviceEndpoint.replace(/\/[^/]+\.svc\/?$/i, '/SoPrincipal.svc');
}

/** A ticket provider that signs in with a username and password. */
export function usernamePasswordProvider(options: UsernamePasswordOptions & { endpoint?: string; applicationToken?: string; fetch?: FetchLike; httpClient?: HttpClient; timeoutMs?: number }): TicketProvider {
  registerSecret(options.password);
  const principal = createClient(SoPrincipalService, {
    endpoint: options.soPrincipalEndpoint ?? soPrincipalEndpointFor(options.endpoint ?? ''),
    applicationToken: options.applicationToken,
    fetch: options.fetch,
    httpClient: options.httpClient,
    timeoutMs: options.timeoutMs,
    retry: false,
  });
  return async ({ signal }) => {
    // Registered again at each sign-in: the registry is bounded and forgets what is not in use.
    registerSecret(options.password);
    const result = await principal.authenticateUsernamePassword({ UserName: options.username, Password: options.password }, { signal });
    const ticket = result.Credentials?.Ticket;
    if (!result.AuthenticationSucceeded || !ticket) {
      throw new SoExceptionError({ ExceptionType: 'SoAuthenticationException', Message: `authentication of user "${options.username}" failed` }, { operation: 'AuthenticateUsernamePassword' });
    }
    registerSecret(ticket);
    return ticket;
  };
}

export { systemUserProvider, type SystemUserOptions, type SystemUserProvider } from './runtime/auth/system-user.js';
export { oauthRefreshProvider, type OAuthRefreshOptions, type OAuthRefreshProvider } from './runtime/auth/oauth.js';
export { SignInError, TokenVerificationError, type TokenCheck } from './runtime/auth/errors.js';
export { privateKeyFrom, signSystemUserToken, type PrivateKeyInput } from './runtime/auth/signing.js';
export { OpenIdKeys, verifyJwt, type OpenIdMetadata, type TokenExpectations } from './runtime/auth/jwt.js';
export type { TenantEndpoints } from './runtime/auth/tenant.js';
export type { LoginHttpOptions } from './runtime/auth/login-http.js';
