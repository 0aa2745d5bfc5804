/**
 * The simulator's sign-in side, under `/login` (its `SO_LOGIN_BASE`) and at `…/SoPrincipal.svc`:
 *
 * - `GET /login/.well-known/openid-configuration` and `/login/.well-known/jwks` (a key generated at start);
 * - `POST /login/api/PartnerSystemUser/Authenticate` (JSON) and `/login/Services/PartnerSystemUserService.svc`
 *   (SOAP): the signed system user token checked against the application's public key, its timestamp
 *   against the signing window, the context identifier and application token; answers
 *   `{ IsSuccessful, ErrorMessage, Token }` with a JWT whose ticket the Chat routes accept until the ticket TTL;
 * - `POST /login/common/oauth/tokens`: the refresh-token grant, refresh tokens rotated on every use;
 * - SoPrincipal `AuthenticateUsernamePassword` and `GetSystemInfo`;
 * - `GET /login/_sim/counts`: the sign-in counters as JSON (exchanges, refusals, JWKS fetches…).
 *
 * Refusals are `IsSuccessful=false` with an `ErrorMessage` of the simulator's own wording (the real
 * service's texts are not documented).
 */
import { randomBytes, verify, type KeyObject } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { SoPrincipalService } from '../../generated/soprincipal/descriptor.js';
import { decodeRequest, encodeFault, encodeResponse } from '../../runtime/codec/server-codec.js';
import { readBody } from '../http.js';
import { TokenIssuer } from './issuer.js';
import type { TicketBook } from './tickets.js';

export const LOGIN_PATH = '/login';
export const DEV_SYSTEM_USER_TOKEN = 'SYS-sim-system-user-token-0123456789';
export const DEV_CONTEXT_ID = 'Cust12345';
export const DEV_USER = { username: 'sim-user', password: 'sim-password-0123' };
export const DEV_CLIENT_ID = 'sim-client-id-0123';

const PSU_NS = 'http://www.superoffice.com/superid/partnersystemuser/0.1';
const JSON_TYPE = 'application/json; charset=utf-8';
const XML = 'text/xml; charset=utf-8';

export interface LoginOptions {
  /** `http://127.0.0.1:<port>` */
  url: string;
  applicationToken: string;
  /** The application's public key (checks the signed system user token); made on first use. */
  applicationKey: () => KeyObject;
  tickets: TicketBook;
  /** Lifetime of issued tickets, JWTs and access tokens in ms. */
  ticketTtlMs: number;
  /** How old a signed token's timestamp may be, ms. */
  signWindowMs: number;
  systemUserToken?: string;
  contextIdentifier?: string;
  clientId?: string;
  /** The refresh token accepted first (then each answer rotates it). */
  refreshToken: string;
  log?: (line: string) => void;
}

/** Sign-in counters (tests read them to prove "one exchange per expiry"). */
export interface LoginCounts {
  exchanges: number;
  refused: number;
  jwks: number;
  metadata: number;
  oauth: number;
  soPrincipal: number;
}

export class LoginSide {
  private tokenIssuer: TokenIssuer | undefined;
  readonly counts: LoginCounts = { exchanges: 0, refused: 0, jwks: 0, metadata: 0, oauth: 0, soPrincipal: 0 };
  private refreshTokens: Set<string>;

  constructor(private readonly o: LoginOptions) {
    this.refreshTokens = new Set([o.refreshToken]);
  }

  /** The token issuer (its RSA key generated on first use: most simulator runs never sign in). */
  get issuer(): TokenIssuer {
    return (this.tokenIssuer ??= new TokenIssuer(`${this.o.url}${LOGIN_PATH}`));
  }

  /** Whether `pathname` is served here. */
  handles(pathname: string): boolean {
    return pathname.startsWith(`${LOGIN_PATH}/`) || /\/SoPrincipal\.svc$/i.test(pathname);
  }

  async serve(req: IncomingMessage, res: ServerResponse, pathname: string): Promise<void> {
    const p = pathname.slice(LOGIN_PATH.length);
    if (req.method === 'GET' && p === '/.well-known/openid-configuration') {
      this.counts.metadata++;
      return send(res, 200, JSON_TYPE, JSON.stringify(this.issuer.metadata()));
    }
    if (req.method === 'GET' && p === '/_sim/counts') return send(res, 200, JSON_TYPE, JSON.stringify(this.counts));
    if (req.method === 'GET' && p === '/.well-known/jwks') {
      this.counts.jwks++;
      return send(res, 200, JSON_TYPE, JSON.stringify(this.issuer.jwks()));
    }
    if (req.method !== 'POST') return send(res, 405, 'text/plain', 'Method Not Allowed');
    const body = (await readBody(req))?.toString('utf8');
    if (body === undefined) return send(res, 413, 'text/plain', 'Request Entity Too Large');
    if (p === '/api/PartnerSystemUser/Authenticate') return this.partnerRest(res, body);
    if (p === '/Services/PartnerSystemUserService.svc') return this.partnerSoap(req, res, body);
    if (p === '/common/oauth/tokens') return this.oauth(res, body);
    if (/\/SoPrincipal\.svc$/i.test(pathname)) return this.soPrincipal(req, res, body);
    send(res, 404, 'text/plain', 'Not Found');
  }

  /** The check of a PartnerSystemUser request: the JWT, or the refusal text. */
  private authenticate(signed: unknown, applicationToken: unknown, context: unknown): { token?: string; error?: string } {
    const refuse = (error: string) => {
      this.counts.refused++;
      this.o.log?.(`PartnerSystemUser refused: ${error}`);
      return { error };
    };
    if (applicationToken !== this.o.applicationToken) return refuse('The application token is not valid');
    if (context !== (this.o.contextIdentifier ?? DEV_CONTEXT_ID)) return refuse('Unknown context identifier');
    if (typeof signed !== 'string') return refuse('SignedSystemToken is missing');
    const sigAt = signed.lastIndexOf('.');
    const stampAt = signed.lastIndexOf('.', sigAt - 1);
    if (sigAt < 0 || stampAt < 0) return refuse('The signed system token is malformed');
    const data = signed.slice(0, sigAt);
    const stamp = signed.slice(stampAt + 1, sigAt);
    if (!verify('RSA-SHA256', Buffer.from(data, 'utf8'), this.o.applicationKey(), Buffer.from(signed.slice(sigAt + 1), 'base64'))) return refuse('The signature of the system token is not valid');
    if (signed.slice(0, stampAt) !== (this.o.systemUserToken ?? DEV_SYSTEM_USER_TOKEN)) return refuse('Unknown system user token');
    const m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})$/.exec(stamp);
    if (!m) return refuse('The timestamp of the system token is malformed');
    const at = Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5]);
    const age = Date.now() - at;
    // The stamp has minute resolution: a token stamped this minute is up to 60 s "old" already.
    if (age > this.o.signWindowMs + 60_000 || age < -60_000) return refuse('The system token has expired (its timestamp is outside the accepted window)');
    this.counts.exchanges++;
    const ticket = this.o.tickets.issue('7T', this.o.ticketTtlMs);
    const token = this.issuer.sign(
      {
        // (as SuperOffice's system user tokens: the federated-ID issuer, not the OpenID one)
        iss: 'SuperOffice AS',
        sub: 'system-user',
        aud: `spn:${this.o.clientId ?? DEV_CLIENT_ID}`,
        'http://schemes.superoffice.net/identity/ticket': ticket.value,
        'http://schemes.superoffice.net/identity/ctx': this.o.contextIdentifier ?? DEV_CONTEXT_ID,
        'http://schemes.superoffice.net/identity/netserver_url': `${this.o.url}/Remote/Services86/`,
        'http://schemes.superoffice.net/identity/webapi_url': `${this.o.url}/api/`,
      },
      this.o.ticketTtlMs,
    );
    return { token };
  }

  private partnerRest(res: ServerResponse, body: string): void {
    let json: Record<string, unknown>;
    try {
      json = JSON.parse(body) as Record<string, unknown>;
    } catch {
      return send(res, 400, JSON_TYPE, JSON.stringify({ IsSuccessful: false, ErrorMessage: 'The request body is not JSON', Token: null }));
    }
    const r = this.authenticate(json.SignedSystemToken, json.ApplicationToken, json.ContextIdentifier);
    send(res, 200, JSON_TYPE, JSON.stringify({ IsSuccessful: r.token !== undefined, ErrorMessage: r.error ?? '', Token: r.token ?? null }));
  }

  private partnerSoap(req: IncomingMessage, res: ServerResponse, body: string): void {
    const text = (name: string) => {
      const m = new RegExp(`<(?:[\\w.-]+:)?${name}\\b[^>]*>([^<]*)</`).exec(body);
      return m ? m[1].replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&') : undefined;
    };
    if (!/\/Authenticate"?$/.test(String(req.headers.soapaction ?? ''))) return send(res, 500, XML, encodeFault('s:Client', 'ActionNotSupported'));
    const r = this.authenticate(text('SignedSystemToken'), text('ApplicationToken'), text('ContextIdentifier'));
    const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
    send(
      res,
      200,
      XML,
      `<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><AuthenticationResponse xmlns="${PSU_NS}">` +
        `<ErrorMessage>${esc(r.error ?? '')}</ErrorMessage><IsSuccessful>${r.token !== undefined}</IsSuccessful><Token>${esc(r.token ?? '')}</Token></AuthenticationResponse></s:Body></s:Envelope>`,
    );
  }

  private oauth(res: ServerResponse, body: string): void {
    this.counts.oauth++;
    const form = new URLSearchParams(body);
    const error = (code: string, description: string) => send(res, 400, JSON_TYPE, JSON.stringify({ error: code, error_description: description }));
    if (form.get('grant_type') !== 'refresh_token') return error('unsupported_grant_type', 'Only the refresh_token grant is served');
    if (form.get('client_id') !== (this.o.clientId ?? DEV_CLIENT_ID) || form.get('client_secret') !== this.o.applicationToken) return error('invalid_client', 'The client id or client secret is not valid');
    const refresh = form.get('refresh_token') ?? '';
    if (!this.refreshTokens.delete(refresh)) return error('invalid_grant', 'The refresh token is not valid');
    const rotated = `sim-refresh-${randomBytes(18).toString('base64url')}`;
    this.refreshTokens.add(rotated);
    const access = this.o.tickets.issue('8A', this.o.ticketTtlMs);
    const idToken = this.issuer.sign(
      {
        sub: 'sim-user',
        aud: this.o.clientId ?? DEV_CLIENT_ID,
        'http://schemes.superoffice.net/identity/netserver_url': `${this.o.url}/Remote/Services86/`,
        'http://schemes.superoffice.net/identity/webapi_url': `${this.o.url}/api/`,
      },
      this.o.ticketTtlMs,
    );
    send(res, 200, JSON_TYPE, JSON.stringify({ token_type: 'Bearer', access_token: access.value, expires_in: Math.max(1, Math.round(this.o.ticketTtlMs / 1000)), refresh_token: rotated, id_token: idToken }));
  }

  private soPrincipal(req: IncomingMessage, res: ServerResponse, body: string): void {
    this.counts.soPrincipal++;
    const action = String(req.headers.soapaction ?? '').trim().replace(/^"(.*)"$/, '$1');
    const op = Object.values(SoPrincipalService.operations).find((o) => o.soapAction === action);
    if (!op || (op.name !== 'AuthenticateUsernamePassword' && op.name !== 'GetSystemInfo')) {
      return send(res, 500, XML, encodeFault('s:Client', `ActionNotSupported: the simulator serves SoPrincipal AuthenticateUsernamePassword and GetSystemInfo only, not '${action}'`));
    }
    let decoded;
    try {
      decoded = decodeRequest(SoPrincipalService, op.name, body);
    } catch (e) {
      return send(res, 500, XML, encodeFault('s:Client', `DeserializationFailed: ${(e as Error).message}`));
    }
    if (decoded.headers.ApplicationToken !== this.o.applicationToken) {
      const info = { Message: 'The application token is missing or not valid', FriendlyText: 'Application token is not valid', ExceptionType: 'SoAuthenticationException', Source: 'SuperOffice.Simulator' };
      return send(res, 200, XML, encodeResponse(SoPrincipalService, op.name, undefined, { ExceptionInfo: info, Succeeded: false }));
    }
    if (op.name === 'GetSystemInfo') {
      return send(res, 200, XML, encodeResponse(SoPrincipalService, op.name, { SystemInfo: { Description: 'SuperOffice simulator (so-soap)', DatabaseVersion: 88, IsUnicode: true } }, { Succeeded: true }));
    }
    const ok = decoded.body.UserName === DEV_USER.username && decoded.body.Password === DEV_USER.password;
    if (!ok) return send(res, 200, XML, encodeResponse(SoPrincipalService, op.name, { AuthenticationSucceeded: false }, { Succeeded: true }));
    const ticket = this.o.tickets.issue('7T', this.o.ticketTtlMs);
    send(res, 200, XML, encodeResponse(SoPrincipalService, op.name, { Credentials: { Ticket: ticket.value }, AuthenticationSucceeded: true }, { Succeeded: true }));
  }
}

function send(res: ServerResponse, status: number, contentType: string, text: string): void {
  const buf = Buffer.from(text, 'utf8');
  res.writeHead(status, { 'Content-Type': contentType, 'Content-Length': buf.length });
  res.end(buf);
}
