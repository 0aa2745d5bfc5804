/**
 * The SuperOffice exception types the client and the batch commands act on, in one place. An error
 * is classified by its type (`ExceptionInfo.ExceptionType` over SOAP, the error object's
 * `ErrorType` over REST; a refused ticket over REST also by HTTP 401), never by its message: a business error
 * whose text says "not found" or "ticket" is neither (issue 14).
 *
 * Where the names come from: SuperOffice's public documentation (docs.superoffice.com, the
 * NetServer and Agents WebAPI reference, searched for this list) names no exception type for these
 * cases; what it documents is the Agents' behaviour: "the agents do not return HTTP errors – a
 * failed call will return NULL" (so a NULL answer is the documented "not found"), and standard
 * HTTP 401 for a refused ticket over REST. The names below are therefore the ones this package
 * itself uses and models — the simulator's answers (src/simulator), the username/password
 * provider's refusal (src/auth.ts) — not verified against a production NetServer. When a
 * production trace shows another name, add it here (and a test), nowhere else.
 */
import { HttpError, SoExceptionError } from './errors.js';

/** "The entity does not exist": the simulator's `--not-found exception` answer (SOAP and REST). */
export const NOT_FOUND_EXCEPTION_TYPES: ReadonlySet<string> = new Set(['SoEntityNotFoundException']);

/**
 * "The credentials were refused" (a refresh may help): the simulator's answer to a missing,
 * expired or unknown ticket or application token, and the username/password provider's refusal.
 */
export const AUTHENTICATION_EXCEPTION_TYPES: ReadonlySet<string> = new Set(['SoAuthenticationException']);

/** The type name without its namespace (`SuperOffice.Exceptions.SoX` → `SoX`). */
function shortType(type: string | undefined): string {
  if (!type) return '';
  const t = type.trim();
  return t.slice(t.lastIndexOf('.') + 1);
}

/** The service said the entity does not exist (by exception type only). */
export function isNotFoundException(error: unknown): boolean {
  return error instanceof SoExceptionError && NOT_FOUND_EXCEPTION_TYPES.has(shortType(error.exceptionType));
}

/** The service refused the credentials: an authentication exception type, or HTTP 401 (REST, with or without an error object). */
export function isAuthenticationException(error: unknown): boolean {
  if (error instanceof SoExceptionError) return AUTHENTICATION_EXCEPTION_TYPES.has(shortType(error.exceptionType)) || error.status === 401;
  return error instanceof HttpError && error.status === 401;
}
