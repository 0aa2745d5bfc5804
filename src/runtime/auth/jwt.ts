/**
 * JWT verification with `node:crypto` alone: RS256 only (no `none`, no HMAC), the key by `kid` from
 * the environment's JWKS (named by its OpenID Connect metadata), expiry and not-before with a clock
 * skew, issuer and audience. Metadata and keys are cached; a `kid` the cache does not know makes
 * one refetch of the JWKS (keys rotate), shared by concurrent verifications.
 */
import type * as Crypto from 'node:crypto';
import type { JsonWebKey, KeyObject } from 'node:crypto';

/** node:crypto, loaded on first use (not at import: a client that never verifies a token does not pay for it). */
const crypto = (): typeof Crypto => process.getBuiltinModule('node:crypto');
import { ResponseFormatError } from '../client/errors.js';
import { TokenVerificationError } from './errors.js';
import { loginRequest, type LoginHttpOptions } from './login-http.js';

/** The part of the OpenID Connect discovery document used here. */
export interface OpenIdMetadata {
  /** The issuer tokens of this environment carry in `iss`. */
  issuer: string;
  /** Where the environment publishes its signing keys (JWKS). */
  jwks_uri: string;
  /** The OAuth token endpoint, when the metadata names one. */
  token_endpoint?: string;
}

/** What a token must satisfy besides its signature. */
export interface TokenExpectations {
  /** The `iss` required (default: the metadata's `issuer`, or one of `otherIssuers`). */
  issuer?: string;
  /** Issuers accepted besides the metadata's when `issuer` is not given (system user tokens: `SuperOffice AS`). */
  otherIssuers?: readonly string[];
  /** The `aud` required (one of, when a list); not checked when undefined. */
  audience?: string | readonly string[];
  /** Clock skew allowed on `exp`/`nbf`, seconds (default 60). */
  clockSkewSeconds?: number;
  /** Now, in ms (tests). */
  now?: () => number;
}

/** The environment's OpenID metadata and signing keys, fetched on first use and cached. */
export class OpenIdKeys {
  private meta: Promise<OpenIdMetadata> | undefined;
  private keys = new Map<string, KeyObject>();
  private loading: Promise<void> | undefined;
  /** How many times the JWKS was fetched (tests, diagnostics). */
  jwksFetches = 0;

  constructor(
    private readonly metadataUrl: string,
    private readonly http: LoginHttpOptions,
  ) {}

  /** The OpenID metadata (cached; a failed fetch is not). */
  metadata(signal?: AbortSignal): Promise<OpenIdMetadata> {
    if (this.meta === undefined) {
      const p = loginRequest(this.http, { url: this.metadataUrl, method: 'GET', operation: 'openid-configuration', signal }).then(({ text }) => {
        const m = parseJson(text, 'openid-configuration') as Partial<OpenIdMetadata>;
        if (typeof m.issuer !== 'string' || typeof m.jwks_uri !== 'string') throw new ResponseFormatError('the OpenID metadata names no issuer or jwks_uri', { operation: 'openid-configuration' });
        return m as OpenIdMetadata;
      });
      this.meta = p;
      p.catch(() => {
        if (this.meta === p) this.meta = undefined;
      });
    }
    return this.meta;
  }

  /** The key of `kid`: from the cache, else after one refetch of the JWKS. */
  async key(kid: string, signal?: AbortSignal): Promise<KeyObject | undefined> {
    const known = this.keys.get(kid);
    if (known) return known;
    await this.reload(signal);
    return this.keys.get(kid);
  }

  private reload(signal?: AbortSignal): Promise<void> {
    this.loading ??= (async () => {
      const { jwks_uri } = await this.metadata(signal);
      this.jwksFetches++;
      const { text } = await loginRequest(this.http, { url: jwks_uri, method: 'GET', operation: 'jwks', signal });
      const set = parseJson(text, 'jwks') as { keys?: (JsonWebKey & { kid?: string; use?: string })[] };
      const next = new Map<string, KeyObject>();
      for (const jwk of set.keys ?? []) {
        if (jwk.kty !== 'RSA' || typeof jwk.kid !== 'string' || (jwk.use !== undefined && jwk.use !== 'sig')) continue;
        try {
          next.set(jwk.kid, crypto().createPublicKey({ key: jwk, format: 'jwk' }));
        } catch {
          // A key we cannot read cannot verify anything: skip it.
        }
      }
      this.keys = next;
    })().finally(() => {
      this.loading = undefined;
    });
    return this.loading;
  }
}

function parseJson(text: string, operation: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new ResponseFormatError(`the ${operation} answer is not JSON`, { operation });
  }
}

function b64json(part: string, what: string): Record<string, unknown> {
  try {
    const v = JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as unknown;
    if (v && typeof v === 'object' && !Array.isArray(v)) return v as Record<string, unknown>;
  } catch {
    // fall through
  }
  throw new TokenVerificationError('format', `the ${what} is not a base64url JSON object`);
}

/** Verify `token` (compact JWS) and return its claims; throws `TokenVerificationError` naming the failed check. */
export async function verifyJwt(token: string, keys: OpenIdKeys, expect: TokenExpectations = {}, signal?: AbortSignal): Promise<Record<string, unknown>> {
  const parts = token.split('.');
  if (parts.length !== 3 || parts.some((p) => !/^[A-Za-z0-9_-]*$/.test(p)) || parts[2] === '') throw new TokenVerificationError('format', 'not a signed JWT (three base64url parts)');
  const header = b64json(parts[0], 'header');
  const claims = b64json(parts[1], 'payload');
  if (header.alg !== 'RS256') throw new TokenVerificationError('algorithm', `alg ${JSON.stringify(header.alg)} is not RS256`);
  if (typeof header.kid !== 'string') throw new TokenVerificationError('key', 'the header names no kid');
  const key = await keys.key(header.kid, signal);
  if (!key) throw new TokenVerificationError('key', `kid ${JSON.stringify(header.kid)} is not in the environment's JWKS (refetched once)`);
  const ok = crypto().verify('RSA-SHA256', Buffer.from(`${parts[0]}.${parts[1]}`, 'ascii'), key, Buffer.from(parts[2], 'base64url'));
  if (!ok) throw new TokenVerificationError('signature', 'the RS256 signature does not match the JWKS key');
  const now = (expect.now ?? Date.now)() / 1000;
  const skew = expect.clockSkewSeconds ?? 60;
  if (typeof claims.exp !== 'number') throw new TokenVerificationError('expiry', 'no exp claim');
  if (claims.exp + skew <= now) throw new TokenVerificationError('expiry', `expired at ${new Date(claims.exp * 1000).toISOString()}`);
  if (typeof claims.nbf === 'number' && claims.nbf - skew > now) throw new TokenVerificationError('not-before', `not valid before ${new Date(claims.nbf * 1000).toISOString()}`);
  const issuers = expect.issuer !== undefined ? [expect.issuer] : [(await keys.metadata(signal)).issuer, ...(expect.otherIssuers ?? [])];
  if (!issuers.includes(claims.iss as string)) throw new TokenVerificationError('issuer', `iss ${JSON.stringify(claims.iss)} is not ${issuers.map((i) => JSON.stringify(i)).join(' or ')}`);
  if (expect.audience !== undefined) {
    const wanted = typeof expect.audience === 'string' ? [expect.audience] : expect.audience;
    const aud = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
    if (!aud.some((a) => typeof a === 'string' && wanted.includes(a))) throw new TokenVerificationError('audience', `aud ${JSON.stringify(claims.aud)} is not ${wanted.map((w) => JSON.stringify(w)).join(' or ')}`);
  }
  return claims;
}
