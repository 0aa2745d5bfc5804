/** The sign-in side's errors: a refused sign-in and a token that failed verification. Secret-free like every `SoSoapError`. */
import { SoSoapError, type SoErrorOptions } from '../client/errors.js';
import { redact } from '../client/redact.js';

/** The sign-in service answered `IsSuccessful=false` (or an OAuth error): `serviceMessage` is its `ErrorMessage` (redacted). */
export class SignInError extends SoSoapError {
  /** Always `'SignInError'`. */
  override readonly name = 'SignInError' as const;
  /** The service's `ErrorMessage` / `error_description` (redacted), when it gave one. */
  readonly serviceMessage: string | undefined;

  constructor(what: string, serviceMessage: string | undefined, options: SoErrorOptions = {}) {
    super(`${what} was refused${serviceMessage ? `: ${serviceMessage}` : ''}`, options);
    this.serviceMessage = serviceMessage === undefined ? undefined : redact(serviceMessage);
  }
}

/** Which verification of a JWT failed. */
export type TokenCheck = 'format' | 'algorithm' | 'key' | 'signature' | 'expiry' | 'not-before' | 'issuer' | 'audience' | 'claim';

/** A JWT failed verification; `check` says which check. */
export class TokenVerificationError extends SoSoapError {
  /** Always `'TokenVerificationError'`. */
  override readonly name = 'TokenVerificationError' as const;
  /** The check that failed. */
  readonly check: TokenCheck;

  constructor(check: TokenCheck, message: string, options: SoErrorOptions = {}) {
    super(`token verification failed (${check}): ${message}`, options);
    this.check = check;
  }
}
