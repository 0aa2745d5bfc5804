/** What a SuperOffice Online token says about its tenant: the ticket and the endpoints (claims). */
import { TokenVerificationError } from './errors.js';

export const TICKET_CLAIM = 'http://schemes.superoffice.net/identity/ticket';
export const NETSERVER_URL_CLAIM = 'http://schemes.superoffice.net/identity/netserver_url';
export const WEBAPI_URL_CLAIM = 'http://schemes.superoffice.net/identity/webapi_url';

/** `sod` → `https://sod.superoffice.com/login`; a `loginBase` wins (the simulator's, a proxy's). */
export function loginBaseOf(options: { environment?: string; loginBase?: string }): string {
  if (options.loginBase) {
    if (!/^https?:\/\//i.test(options.loginBase)) throw new TypeError(`loginBase must be an http(s) URL, got "${options.loginBase}"`);
    return options.loginBase.replace(/\/+$/, '');
  }
  const env = options.environment ?? 'online';
  if (!/^[a-z0-9-]+$/i.test(env)) throw new TypeError(`environment must be a name such as sod, stage or online, got "${env}"`);
  // (SuperOffice's Stage environment signs in at qaonline; stage.superoffice.com serves tenants)
  return `https://${env.toLowerCase() === 'stage' ? 'qaonline' : env}.superoffice.com/login`;
}

/** The tenant's endpoints, from the token's claims. */
export interface TenantEndpoints {
  /** `…/identity/netserver_url`, e.g. `https://sod.superoffice.com/Cust12345/Remote/Services86/`. */
  netserverUrl?: string;
  /** `…/identity/webapi_url`, e.g. `https://sod.superoffice.com/Cust12345/api/`. */
  webapiUrl?: string;
}

/** The claims' ticket (required) and endpoints. */
export function tenantOf(claims: Record<string, unknown>): { ticket: string } & TenantEndpoints {
  const ticket = claims[TICKET_CLAIM];
  if (typeof ticket !== 'string' || ticket === '') throw new TokenVerificationError('claim', `the token has no ${TICKET_CLAIM} claim`);
  const url = (name: string) => (typeof claims[name] === 'string' && /^https?:\/\//i.test(claims[name] as string) ? (claims[name] as string) : undefined);
  return { ticket, netserverUrl: url(NETSERVER_URL_CLAIM), webapiUrl: url(WEBAPI_URL_CLAIM) };
}

/**
 * The Services88 SOAP endpoint of `service` at the tenant: the tenant base of `netserver_url`
 * (whatever ServicesNN it names) or of `webapi_url`, then `/Remote/Services88/<Service>.svc`.
 */
export function serviceEndpoint(tenant: TenantEndpoints, service: string): string {
  let base: string | undefined;
  if (tenant.netserverUrl) base = tenant.netserverUrl.replace(/\/+$/, '').replace(/\/Remote(\/Services\d+)?$/i, '');
  else if (tenant.webapiUrl) base = tenant.webapiUrl.replace(/\/+$/, '').replace(/\/api(\/v\d+)?$/i, '');
  if (base === undefined) throw new TypeError('the token names no netserver_url or webapi_url: pass endpoint');
  return `${base}/Remote/Services88/${service}.svc`;
}
