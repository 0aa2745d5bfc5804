/**
 * The SuperOffice Online system user flow as a credentials provider: sign `<systemUserToken>.<UTC
 * yyyyMMddHHmm>` with the application's RSA key, exchange it at PartnerSystemUser (REST, or the
 * SOAP service) for a JWT, verify the JWT against the environment's JWKS, and take the ticket and
 * the tenant's endpoints from its claims. The ticket is cached and renewed before it expires.
 */
import { registerSecret } from '../client/redact.js';
import { ResponseFormatError } from '../client/errors.js';
import type { ManagedTicketProvider, TicketRequest } from '../client/credentials.js';
import { escapeText } from '../xml/xml-escape.js';
import { SignInError } from './errors.js';
import { OpenIdKeys, verifyJwt } from './jwt.js';
import { loginRequest, type LoginHttpOptions } from './login-http.js';
import { Refreshing, type Expiring } from './refreshing.js';
import { privateKeyFrom, signSystemUserToken, type PrivateKeyInput } from './signing.js';
import { loginBaseOf, serviceEndpoint, tenantOf, type TenantEndpoints } from './tenant.js';

/** Options of `systemUserProvider`. */
export interface SystemUserOptions extends LoginHttpOptions {
  /** The system user token of the tenant (from the application's install; a secret). */
  systemUserToken: string;
  /** The application's RSA private key: PEM, `<RSAKeyValue>` XML, or a `KeyObject`. */
  privateKey: PrivateKeyInput;
  /** The application's client secret (sent as `ApplicationToken`). */
  applicationToken: string;
  /** The tenant, e.g. `Cust12345`. */
  contextIdentifier: string;
  /** `sod`, `stage` or `online` (default `online`): the login service is `https://<environment>.superoffice.com/login` (`stage`: `qaonline`). */
  environment?: string | undefined;
  /** The login service's base URL instead of `environment` (the simulator's `SO_LOGIN_BASE`). */
  loginBase?: string | undefined;
  /** `rest` (default): `POST <login>/api/PartnerSystemUser/Authenticate`; `soap`: `<login>/Services/PartnerSystemUserService.svc`. */
  protocol?: 'rest' | 'soap' | undefined;
  /** The `iss` required (default: `SuperOffice AS`, what SuperOffice's system user tokens carry, or the issuer of the environment's OpenID metadata). */
  expectedIssuer?: string | undefined;
  /** The `aud` required (default: not checked; see docs/guide/superoffice-online.md). */
  expectedAudience?: string | readonly string[] | undefined;
  /** Clock skew allowed on the JWT's `exp`/`nbf`, seconds (default 60). */
  clockSkewSeconds?: number | undefined;
  /** Now in ms (tests). */
  now?: (() => number) | undefined;
}

/** A `ManagedTicketProvider` that also tells what it holds. */
export interface SystemUserProvider extends ManagedTicketProvider {
  endpointFor(service: string, signal?: AbortSignal): Promise<string>;
  /** The tenant's endpoints from the last token (after the first exchange). */
  tenant(signal?: AbortSignal): Promise<TenantEndpoints>;
  /** Token exchanges made so far. */
  readonly exchanges: number;
}

const PSU_NS = 'http://www.superoffice.com/superid/partnersystemuser/0.1';

/**
 * The `iss` of system user tokens besides the environment's OpenID issuer: SuperOffice documents
 * `SuperOffice AS` for its federated-ID tokens, the system user's among them (OIDC claims
 * reference; its own SDK's `SystemUserTokenHandler` validates that issuer).
 */
const SYSTEM_USER_ISSUERS = ['SuperOffice AS'] as const;

interface TenantTicket extends Expiring, TenantEndpoints {}

/** The system user flow as `credentials` for any client or transport. */
export function systemUserProvider(options: SystemUserOptions): SystemUserProvider {
  for (const k of ['systemUserToken', 'applicationToken', 'contextIdentifier'] as const) {
    if (typeof options[k] !== 'string' || options[k] === '') throw new TypeError(`systemUserProvider: ${k} is required`);
  }
  registerSecret(options.systemUserToken);
  registerSecret(options.applicationToken);
  const key = privateKeyFrom(options.privateKey);
  const base = loginBaseOf(options);
  const now = options.now ?? Date.now;
  const keys = new OpenIdKeys(`${base}/.well-known/openid-configuration`, options);

  const exchange = async (signal?: AbortSignal): Promise<TenantTicket> => {
    // Registered again at each exchange: the registry is bounded and forgets what is not in use
    // (hundreds of renewals register as many tickets and JWTs).
    registerSecret(options.systemUserToken);
    registerSecret(options.applicationToken);
    const signed = signSystemUserToken(options.systemUserToken, key, new Date(now()));
    registerSecret(signed);
    const jwt = options.protocol === 'soap' ? await exchangeSoap(base, signed, options, signal) : await exchangeRest(base, signed, options, signal);
    registerSecret(jwt);
    const claims = await verifyJwt(jwt, keys, { issuer: options.expectedIssuer, otherIssuers: SYSTEM_USER_ISSUERS, audience: options.expectedAudience, clockSkewSeconds: options.clockSkewSeconds, now }, signal);
    const tenant = tenantOf(claims);
    registerSecret(tenant.ticket);
    const issuedAt = typeof claims.iat === 'number' ? claims.iat * 1000 : now();
    return { value: tenant.ticket, issuedAt, expiresAt: (claims.exp as number) * 1000, netserverUrl: tenant.netserverUrl, webapiUrl: tenant.webapiUrl };
  };
  const ticket = new Refreshing(exchange, now);
  const tenant = async (signal?: AbortSignal): Promise<TenantEndpoints> => ticket.peek() ?? (await ticket.get({ signal }));
  const provider = ((request: TicketRequest) => ticket.get(request).then((t) => t.value)) as SystemUserProvider;
  Object.defineProperty(provider, 'exchanges', { get: () => ticket.exchanges, enumerable: true });
  return Object.assign(provider, {
    managed: true as const,
    tenant,
    endpointFor: async (service: string, signal?: AbortSignal) => serviceEndpoint(await tenant(signal), service),
  });
}

/** The answer's three members, in either protocol. */
function tokenOf(answer: { IsSuccessful?: unknown; ErrorMessage?: unknown; Token?: unknown }, operation: string): string {
  if (answer.IsSuccessful !== true && answer.IsSuccessful !== 'true') {
    throw new SignInError('the system user sign-in', typeof answer.ErrorMessage === 'string' && answer.ErrorMessage !== '' ? answer.ErrorMessage : undefined, { operation });
  }
  if (typeof answer.Token !== 'string' || answer.Token === '') throw new ResponseFormatError('the sign-in answer carries no Token', { operation });
  return answer.Token;
}

async function exchangeRest(base: string, signed: string, options: SystemUserOptions, signal?: AbortSignal): Promise<string> {
  const operation = 'PartnerSystemUser/Authenticate';
  const { text } = await loginRequest(options, {
    url: `${base}/api/PartnerSystemUser/Authenticate`,
    method: 'POST',
    headers: { 'Content-Type': 'application/json; charset=utf-8' },
    body: JSON.stringify({ SignedSystemToken: signed, ApplicationToken: options.applicationToken, ContextIdentifier: options.contextIdentifier, ReturnTokenType: 'JWT' }),
    operation,
    signal,
  });
  let answer: Record<string, unknown>;
  try {
    answer = JSON.parse(text) as Record<string, unknown>;
  } catch {
    throw new ResponseFormatError('the PartnerSystemUser answer is not JSON', { operation });
  }
  return tokenOf(answer ?? {}, operation);
}

async function exchangeSoap(base: string, signed: string, options: SystemUserOptions, signal?: AbortSignal): Promise<string> {
  const operation = 'PartnerSystemUserService/Authenticate';
  const esc = (v: string): string => {
    const e = escapeText(v);
    if (e === undefined) throw new TypeError('a sign-in value holds a character XML cannot carry');
    return e;
  };
  const envelope =
    `<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Header>` +
    `<ApplicationToken xmlns="${PSU_NS}">${esc(options.applicationToken)}</ApplicationToken>` +
    `<ContextIdentifier xmlns="${PSU_NS}">${esc(options.contextIdentifier)}</ContextIdentifier></s:Header>` +
    `<s:Body><AuthenticationRequest xmlns="${PSU_NS}"><SignedSystemToken>${esc(signed)}</SignedSystemToken><ReturnTokenType>Jwt</ReturnTokenType></AuthenticationRequest></s:Body></s:Envelope>`;
  const { text } = await loginRequest(options, {
    url: `${base}/Services/PartnerSystemUserService.svc`,
    method: 'POST',
    headers: { 'Content-Type': 'text/xml; charset=utf-8', SOAPAction: `"${PSU_NS}/IPartnerSystemUserService/Authenticate"` },
    body: envelope,
    operation,
    signal,
  });
  return tokenOf(soapAnswer(text), operation);
}

/** `IsSuccessful`, `ErrorMessage`, `Token` of an `AuthenticationResponse` (a flat answer: three text children). */
export function soapAnswer(xml: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of ['IsSuccessful', 'ErrorMessage', 'Token']) {
    const m = new RegExp(`<(?:[\\w.-]+:)?${name}\\b[^>]*?(?:/>|>([^<]*)</(?:[\\w.-]+:)?${name}\\s*>)`).exec(xml);
    if (m) out[name] = unescapeXml(m[1] ?? '');
  }
  return out;
}

function unescapeXml(s: string): string {
  return s.replace(/&(lt|gt|quot|apos|amp|#\d+|#x[0-9a-f]+);/gi, (_m, e: string) =>
    e === 'lt' ? '<' : e === 'gt' ? '>' : e === 'quot' ? '"' : e === 'apos' ? "'" : e === 'amp' ? '&' : String.fromCodePoint(e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10)),
  );
}
