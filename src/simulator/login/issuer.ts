/** The simulator's token issuer: an RSA key generated at start, its JWKS, the OpenID metadata, RS256 JWTs. */
import { generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';

export class TokenIssuer {
  readonly kid = `sim-${randomBytes(6).toString('hex')}`;
  private readonly key: KeyObject;
  private readonly publicKey: KeyObject;

  constructor(readonly issuer: string) {
    const pair = generateKeyPairSync('rsa', { modulusLength: 2048 });
    this.key = pair.privateKey;
    this.publicKey = pair.publicKey;
  }

  metadata(): Record<string, unknown> {
    return {
      issuer: this.issuer,
      jwks_uri: `${this.issuer}/.well-known/jwks`,
      token_endpoint: `${this.issuer}/common/oauth/tokens`,
      id_token_signing_alg_values_supported: ['RS256'],
    };
  }

  jwks(): { keys: Record<string, unknown>[] } {
    return { keys: [{ ...this.publicKey.export({ format: 'jwk' }), kid: this.kid, use: 'sig', alg: 'RS256' }] };
  }

  /** A signed JWT with `claims` (iss, iat, exp added). */
  sign(claims: Record<string, unknown>, ttlMs: number, nowMs = Date.now()): string {
    const iat = Math.floor(nowMs / 1000);
    const header = { alg: 'RS256', typ: 'JWT', kid: this.kid };
    const payload = { iss: this.issuer, iat, nbf: iat, exp: Math.floor((nowMs + ttlMs) / 1000), ...claims };
    const data = `${b64(header)}.${b64(payload)}`;
    return `${data}.${sign('RSA-SHA256', Buffer.from(data), this.key).toString('base64url')}`;
  }
}

function b64(v: unknown): string {
  return Buffer.from(JSON.stringify(v)).toString('base64url');
}
