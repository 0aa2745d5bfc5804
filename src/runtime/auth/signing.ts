/**
 * The system user's signed token: `<systemUserToken>.<UTC yyyyMMddHHmm>`, a `.`, and the base64
 * RSA-SHA256 (PKCS#1 v1.5) signature of that text made with the application's private key. Keys
 * come as PEM (PKCS#1 or PKCS#8) or in the `<RSAKeyValue>` XML form SuperOffice's developer portal
 * hands out; both become a `KeyObject` with `node:crypto` alone.
 */
import type * as Crypto from 'node:crypto';
import type { KeyObject } from 'node:crypto';

/** node:crypto, loaded on first use (not at import). */
const crypto = (): typeof Crypto => process.getBuiltinModule('node:crypto');

/** A private key as PEM text, `<RSAKeyValue>` XML text, or a ready `KeyObject`. */
export type PrivateKeyInput = string | Buffer | KeyObject;

const XML_PARTS = { n: 'Modulus', e: 'Exponent', d: 'D', p: 'P', q: 'Q', dp: 'DP', dq: 'DQ', qi: 'InverseQ' } as const;

/** The `KeyObject` of a PEM or `<RSAKeyValue>` private key. The key text never appears in an error. */
export function privateKeyFrom(input: PrivateKeyInput): KeyObject {
  if (typeof input === 'object' && !Buffer.isBuffer(input)) {
    if (input.type !== 'private') throw new TypeError('the system user key must be a private key');
    return input;
  }
  const text = (Buffer.isBuffer(input) ? input.toString('utf8') : input).trim();
  try {
    if (/^<RSAKeyValue>/i.test(text)) return crypto().createPrivateKey({ key: xmlKeyToJwk(text), format: 'jwk' });
    return crypto().createPrivateKey({ key: text, format: 'pem' });
  } catch (e) {
    // Not the crypto message, and no cause: it may quote part of the key.
    // eslint-disable-next-line preserve-caught-error
    throw new TypeError(`the private key cannot be read (expected PEM or <RSAKeyValue> XML): ${(e as { code?: string }).code ?? 'invalid key'}`);
  }
}

/** `<RSAKeyValue><Modulus>…</Modulus>…` (base64 big-endian integers) → an RSA private JWK (base64url). */
function xmlKeyToJwk(xml: string): import('node:crypto').JsonWebKey {
  const jwk: Record<string, string> = { kty: 'RSA' };
  for (const [name, element] of Object.entries(XML_PARTS)) {
    const m = new RegExp(`<${element}>\\s*([A-Za-z0-9+/=\\s]+?)\\s*</${element}>`).exec(xml);
    if (!m) throw Object.assign(new Error('missing element'), { code: `RSAKeyValue without <${element}>` });
    jwk[name] = Buffer.from(m[1].replace(/\s+/g, ''), 'base64').toString('base64url');
  }
  return jwk;
}

/** UTC `yyyyMMddHHmm`, the timestamp the signed system user token carries. */
export function utcStamp(at: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${at.getUTCFullYear()}${p(at.getUTCMonth() + 1)}${p(at.getUTCDate())}${p(at.getUTCHours())}${p(at.getUTCMinutes())}`;
}

/** `<systemUserToken>.<yyyyMMddHHmm>.<base64 RSA-SHA256 signature>`. */
export function signSystemUserToken(systemUserToken: string, key: KeyObject, at: Date = new Date()): string {
  const data = `${systemUserToken}.${utcStamp(at)}`;
  return `${data}.${crypto().sign('RSA-SHA256', Buffer.from(data, 'utf8'), key).toString('base64')}`;
}
