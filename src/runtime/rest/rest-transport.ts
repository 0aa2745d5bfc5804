/**
 * The REST Agents transport: the same operations, types and errors as SOAP 1.1, over
 * `POST <base>/api/v1/Agents/<Agent>/<Operation>` with JSON (DESIGN.md §5).
 *
 * - URL: the endpoint's tenant base (a SOAP endpoint `…/Remote/Services88/Chat.svc` is cut back to
 *   its base, so switching transports keeps the endpoint) + the operation's path from the REST
 *   mapping (`rest-mapping.ts`), + its camelCase query parameters (`?chatSessionEntityId=59`).
 * - Body: none, the bare entity (Save*), or the request object with PascalCase properties, encoded
 *   from the typed input by the service descriptors (`rest-json.ts`).
 * - Headers: `Accept: application/json`; `Content-Type: application/json; charset=utf-8` when there
 *   is a body; `Authorization: SOTicket <ticket>` or `Bearer <access token>` (a value starting with
 *   `8A:`, or any value of `{ accessToken }` credentials); `SO-AppToken`; `SO-TimeZone` (the
 *   `TimeZone.SoTimeZoneLocationCode` header value) and `SO-Language` (per call `headers.Language`,
 *   or the transport's `language`) for operations that declare them; User-Agent.
 * - Response: 2xx JSON → typed values by the descriptors; `204`/no body → `Response: null` (or an
 *   empty result for operations without output). The success headers are `{ Succeeded: true }`.
 * - Errors, mapped to the SOAP path's classes: an application error object
 *   `{ Error, ErrorType, ErrorMessage, ErrorSource }` (with HTTP 4xx/5xx, or inside a 200) is
 *   answered as `Succeeded: false` + `ExceptionInfo` so the client throws `SoExceptionError`
 *   (`ExceptionType` = ErrorType, `FriendlyText`/`Message` = ErrorMessage, `Source` = ErrorSource),
 *   except with the transient statuses 408/429/502/503/504, which stay `HttpError` so that retries
 *   behave as over SOAP; any other non-2xx → `HttpError` (status, Retry-After, redacted body);
 *   a 3xx is never followed (`HttpError` naming the Location's origin, whatever its body);
 *   a 2xx that is not JSON, or JSON that does not fit the operation's types → `ResponseFormatError`;
 *   network failures → `NetworkError`; aborts pass through. Retries, time limits, credentials
 *   refresh, logging and redaction live in the client, identical for both transports.
 */
import type { CredentialKind } from '../client/credentials.js';
import type { ServiceDescriptor } from '../codec/descriptor.js';
import { HttpError, ResponseFormatError, type SoExceptionInfo } from '../client/errors.js';
import { redact, redactParserMessage } from '../client/redact.js';
import { decodeRestResponse, encodeRestRequest, type RestJsonOptions } from './rest-json.js';
import { REST_MAPPINGS, type RestOperationMapping, type RestServiceMapping } from './rest-mapping.js';
import { parseRetryAfter } from '../client/retry.js';
import { refuseRedirect, type HttpClient, type HttpResponse } from '../http/http-client.js';
import { httpClientFor } from '../http/undici-http.js';
import { abortableOf, type FetchLike, type Transport, type TransportRequest, type TransportResponse } from '../http/transport.js';

/** The headers last made for an operation, with what they were made of (see `headersOf` in `restTransport`). */
interface MadeHeaders {
  readonly hasBody: boolean;
  readonly ticket: unknown;
  readonly kind: CredentialKind | undefined;
  readonly appToken: unknown;
  readonly tz: unknown;
  readonly language: string | undefined;
  readonly extra: Readonly<Record<string, string>>;
  readonly headers: Readonly<Record<string, string>>;
}

/** Options of `restTransport` (the REST Agents API transport). */
export interface RestTransportOptions {
  /** The tenant base URL (`https://sod.superoffice.com/Cust12345`), or the SOAP endpoint of the same tenant. */
  endpoint: string;
  /** Send with this `fetch` instead of the undici keep-alive client (ignored when `httpClient` is given). */
  fetch?: FetchLike | undefined;
  /** The HTTP client to send with (default: `fetch` when given, else the shared undici keep-alive client). */
  httpClient?: HttpClient | undefined;
  /** Largest response accepted, in bytes (default 64 MiB). */
  maxResponseBytes?: number | undefined;
  /** What kind of credential the client holds (decides `Bearer` for values without a recognisable prefix). */
  credentialKind?: () => CredentialKind | undefined;
  /** The operation mapping (default: the built-in one for the descriptor's service, e.g. Chat). */
  mapping?: RestServiceMapping | undefined;
  /** Zero-member names of flags types (default: the built-in ones for the service). */
  flagsZeroNames?: Readonly<Record<string, string>> | undefined;
  /** `SO-Language` for every call of operations that declare it (per call: `headers.Language`). */
  language?: string | undefined;
  /** JSON properties the descriptors do not know: `'ignore'` (default) or `'error'`. */
  unknownProperties?: RestJsonOptions['unknownProperties'] | undefined;
  /** xs:dateTime text without an offset: UTC (default) or local. */
  naiveDateTime?: RestJsonOptions['naiveDateTime'] | undefined;
}

const DEFAULT_MAX_RESPONSE_BYTES = 64 * 1024 * 1024;
const JSON_CONTENT_TYPE = /^(application|text)\/([\w.-]+\+)?json\b/i;
/** Statuses that stay `HttpError` (retryable for safe operations) even with an error object. */
const TRANSIENT = new Set([408, 429, 502, 503, 504]);
const SOAP_SERVICE_PATH = /\/Remote\/Services\d+\/[^/]+\.svc$/i;

/** The tenant base URL of an endpoint: no trailing slash, a SOAP service path or `/api[/v1]` cut off. */
export function restBaseUrl(endpoint: string): string {
  const u = new URL(endpoint);
  let path = u.pathname.replace(/\/+$/, '');
  path = path.replace(SOAP_SERVICE_PATH, '').replace(/\/api(\/v1)?$/i, '');
  return `${u.protocol}//${u.host}${path}`;
}

/** The `Authorization` header value for a ticket or access token. */
export function authorizationHeader(value: string, kind: CredentialKind | undefined): string {
  const isToken = value.startsWith('8A:') || (!/^\d[A-Z]:/.test(value) && kind === 'accessToken');
  return `${isToken ? 'Bearer' : 'SOTicket'} ${value}`;
}

/** The REST Agents API error object (`{ Error, ErrorType, ErrorMessage, ErrorSource }`) as `SoExceptionInfo` (texts redacted), or undefined. */
export function restErrorInfo(json: unknown): SoExceptionInfo | undefined {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return undefined;
  const o = json as Record<string, unknown>;
  const keys = Object.keys(o);
  if (keys.length === 0 || !keys.every((k) => /^(Error\w*|InnerException|StackTrace|Message|Parameters)$/.test(k))) return undefined;
  // One of its own keys at least: ASP.NET's `{ "Message": "An error has occurred." }` is an HTTP
  // error, and a result whose only property is `Message` (a ChatMessage) is a result.
  if (!('Error' in o || 'ErrorType' in o || 'ErrorMessage' in o)) return undefined;
  // Server text may echo secrets (a rejected ticket): everything kept from it is redacted.
  const str = (v: unknown): string | undefined => (typeof v === 'string' ? redact(v) : undefined);
  const type = str(o.ErrorType);
  const message = str(o.ErrorMessage) ?? str(o.Message);
  if (type === undefined && message === undefined) return undefined;
  if (o.Error !== undefined && o.Error !== true && typeof o.Error !== 'string') return undefined;
  const info: SoExceptionInfo = {
    ExceptionType: type ?? null,
    Message: message ?? null,
    FriendlyText: message ?? null,
    Source: str(o.ErrorSource) ?? null,
    StackTrace: str(o.ErrorStack) ?? str(o.StackTrace) ?? null,
    InnerException: restErrorInfo(o.InnerException) ?? null,
  };
  if (typeof o.Parameters === 'object' && o.Parameters !== null && !Array.isArray(o.Parameters)) {
    info.Parameters = Object.fromEntries(Object.entries(o.Parameters as Record<string, unknown>).map(([k, v]) => [k, v == null ? null : redact(String(v))]));
  }
  return info;
}

function utf8(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

/**
 * The REST Agents transport: the same operations, types and errors as SOAP over
 * `POST <tenant>/api/v1/Agents/<Agent>/<Operation>` with JSON: query parameters, body and
 * property names as the REST mapping (from the OpenAPI file) says; `Authorization: SOTicket <ticket>`
 * or `Bearer <access token>`, `SO-AppToken`; a REST error object becomes `SoExceptionError`. Select
 * it with `createChatClient({ transport: 'rest', … })`.
 */
export function restTransport(options: RestTransportOptions): Transport {
  const base = restBaseUrl(options.endpoint);
  const send = httpClientFor(options);
  const maxBytes = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;

  const mappingOf = (service: ServiceDescriptor, operation: string): { op: RestOperationMapping; json: RestJsonOptions } => {
    const known = REST_MAPPINGS[service.name];
    const mapping = options.mapping ?? known?.mapping;
    const op = mapping?.operations[operation];
    if (op === undefined) {
      throw new TypeError(`the REST transport has no mapping for ${service.name}.${operation} (give restTransport({ mapping }))`);
    }
    return {
      op,
      json: { flagsZeroNames: options.flagsZeroNames ?? known?.flagsZeroNames, unknownProperties: options.unknownProperties, naiveDateTime: options.naiveDateTime },
    };
  };

  /**
   * The HTTP headers of a call, frozen and made again only when what they are made of changes (per
   * operation: the credential, the application token, the time zone and language, the client's
   * headers): a frozen object lets the HTTP client add `accept-encoding` once, not copy per call.
   */
  const lastHeaders = new WeakMap<RestOperationMapping, MadeHeaders>();
  const headersOf = (op: RestOperationMapping, req: TransportRequest, hasBody: boolean): Readonly<Record<string, string>> => {
    const h = req.headers;
    const ticket = h.Credentials?.Ticket;
    const kind = typeof ticket === 'string' && ticket !== '' ? options.credentialKind?.() : undefined;
    const appToken = h.ApplicationToken;
    const tz = op.localized ? h.TimeZone?.SoTimeZoneLocationCode : undefined;
    const language = op.localized ? (typeof h.Language === 'string' ? h.Language : options.language) : undefined;
    const extra = req.httpHeaders;
    const last = lastHeaders.get(op);
    if (
      last !== undefined &&
      last.hasBody === hasBody &&
      last.ticket === ticket &&
      last.kind === kind &&
      last.appToken === appToken &&
      last.tz === tz &&
      last.language === language &&
      last.extra === extra
    ) {
      return last.headers;
    }
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (hasBody) headers['Content-Type'] = 'application/json; charset=utf-8';
    if (typeof ticket === 'string' && ticket !== '') headers.Authorization = authorizationHeader(ticket, kind);
    if (typeof appToken === 'string' && appToken !== '') headers['SO-AppToken'] = appToken;
    if (typeof tz === 'string' && tz !== '') headers['SO-TimeZone'] = tz;
    if (language) headers['SO-Language'] = language;
    Object.assign(headers, extra);
    Object.freeze(headers);
    lastHeaders.set(op, { hasBody, ticket, kind, appToken, tz, language, extra, headers });
    return headers;
  };

  return {
    kind: 'rest',
    async send(req: TransportRequest): Promise<TransportResponse> {
      const name = req.operation.name;
      const { op, json } = mappingOf(req.service, name);
      const { search, body } = encodeRestRequest(req.service, name, op, req.input, json);

      const request = { url: `${base}${op.path}${search}`, headers: headersOf(op, req, body !== undefined), body, abort: abortableOf(req), maxResponseBytes: maxBytes, operation: name };
      const res: HttpResponse = await send(request);
      // Before the error-object mapping: a 3xx carrying an error body is still a redirect, not an answer.
      refuseRedirect(res, request);
      const bytes = res.body;
      const status = res.status;
      const contentType = res.header('content-type');

      if (status >= 200 && status < 300) {
        let parsed: unknown;
        if (status !== 204 && bytes.byteLength > 0) {
          if (contentType && !JSON_CONTENT_TYPE.test(contentType)) {
            throw new ResponseFormatError(`expected JSON, got Content-Type "${contentType}" (HTTP ${status})`, { operation: name });
          }
          let text: string;
          try {
            text = strictUtf8.decode(bytes);
          } catch (e) {
            throw new ResponseFormatError('the response is not valid UTF-8', { operation: name, cause: e });
          }
          if (text.trim() !== '') {
            try {
              parsed = JSON.parse(text);
            } catch (e) {
              throw new ResponseFormatError(`the response is not JSON: ${redactParserMessage((e as Error).message)}`, { operation: name, cause: e });
            }
          }
        }
        // "200 with an internal error object"
        const info = restErrorInfo(parsed);
        if (info !== undefined) return { status, headers: { Succeeded: false, ExceptionInfo: info }, body: {} };
        if (op.response === 'none') return { status, headers: { Succeeded: true }, body: {} };
        const decoded = decodeRestResponse(req.service, name, parsed, json);
        return { status, headers: { Succeeded: true }, body: decoded.value };
      }

      const text = utf8(bytes);
      if (!TRANSIENT.has(status) && (contentType === null || JSON_CONTENT_TYPE.test(contentType) || /^\s*\{/.test(text))) {
        let parsed: unknown;
        try {
          parsed = JSON.parse(text);
        } catch {
          parsed = undefined;
        }
        const info = restErrorInfo(parsed);
        if (info !== undefined) return { status, headers: { Succeeded: false, ExceptionInfo: info }, body: {} };
      }
      throw new HttpError(status, { operation: name, statusText: res.statusText, retryAfterMs: parseRetryAfter(res.header('retry-after')), body: text });
    },
  };
}
