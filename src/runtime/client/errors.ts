/**
 * The error classes of the runtime (DESIGN.md §5). Every error is an `Error` subclass with a
 * literal `name`, the operation it happened in (when known) and `cause`. Messages and `toJSON()`
 * never contain secrets: whatever text an error keeps from the wire goes through `redact()` first.
 */
import { redact, redactCause, redactClip, redactDeep } from './redact.js';

/** Constructor options every error class accepts. */
export interface SoErrorOptions {
  /** The WSDL operation name, when the error belongs to a call. */
  operation?: string;
  /** The underlying error (kept as the standard `Error.cause`; redacted: a copy of it where its chain held a secret). */
  cause?: unknown;
}

/** Base class of every error this package throws. */
export abstract class SoSoapError extends Error {
  /** The concrete class name, a string literal in each subclass (e.g. `'HttpError'`). */
  abstract override readonly name: string;
  /** The WSDL operation name, when the error belongs to a call. */
  readonly operation: string | undefined;

  constructor(message: string, options: SoErrorOptions = {}) {
    // The cause chain too: util.inspect and loggers print it (a copy where it held a secret).
    super(redact(message), options.cause === undefined ? undefined : { cause: redactCause(options.cause) });
    this.operation = options.operation;
  }

  /** A plain, secret-free object for logs and JSON output. */
  toJSON(): Record<string, unknown> {
    const out: Record<string, unknown> = { name: this.name, message: this.message };
    for (const [k, v] of Object.entries(this)) {
      if (v !== undefined && k !== 'cause') out[k] = v;
    }
    return JSON.parse(redact(JSON.stringify(out))) as Record<string, unknown>;
  }
}

function redactOptional(text: string | null | undefined): string | undefined {
  return text === null || text === undefined ? undefined : redact(text);
}

/** WCF `SoExceptionInfo`, as the `ExceptionInfo` response header carries it. */
export interface SoExceptionInfo {
  /** The exception message (technical). */
  Message?: string | null;
  /** The server-side .NET stack trace. */
  StackTrace?: string | null;
  /** A message meant for end users. */
  FriendlyText?: string | null;
  /** The .NET exception type, e.g. `SoSecurityException`. */
  ExceptionType?: string | null;
  /** Where the exception was raised (server component). */
  Source?: string | null;
  /** The exception that caused this one, if any (recursive). */
  InnerException?: SoExceptionInfo | null;
  /** Extra key/value details of the exception. */
  Parameters?: Record<string, string | null> | null;
}

/** The service answered `Succeeded=false` with an `ExceptionInfo` header (HTTP 200). */
export class SoExceptionError extends SoSoapError {
  /** Always `'SoExceptionError'`: identifies the class also where `instanceof` cannot (e.g. two copies of the package). */
  override readonly name = 'SoExceptionError' as const;
  /** `ExceptionInfo.ExceptionType` (redacted), e.g. `SoSecurityException`. */
  readonly exceptionType: string | undefined;
  /** `ExceptionInfo.FriendlyText` (redacted): the message meant for end users. */
  readonly friendlyText: string | undefined;
  /** `ExceptionInfo.Source` (redacted). */
  readonly source: string | undefined;
  /** `ExceptionInfo.Parameters` (keys and values redacted). */
  readonly parameters: Record<string, string | null> | undefined;
  /** `ExceptionInfo.InnerException`, the whole chain (every text redacted). */
  readonly innerException: SoExceptionInfo | undefined;
  /** `ExceptionInfo.StackTrace` (redacted): the server's .NET stack trace, not this error's `stack`. */
  readonly stackTraceText: string | undefined;
  /** The typed response headers (ExceptionInfo, ExtraInfo, TimeZone…). */
  readonly headers: Record<string, unknown> | undefined;
  /** The HTTP status of the answer (200 over SOAP; over REST the status the error object came with, e.g. 401 or 404). */
  readonly status: number | undefined;

  constructor(info: SoExceptionInfo | null | undefined, options: SoErrorOptions & { headers?: Record<string, unknown>; status?: number } = {}) {
    const i = info ?? {};
    const text = i.FriendlyText || i.Message || 'the service answered Succeeded=false without ExceptionInfo';
    super(`${options.operation ?? 'call'} failed: ${i.ExceptionType ? `${i.ExceptionType}: ` : ''}${text}`, options);
    // Everything kept from the wire is redacted: a service may echo a ticket in any of these.
    this.exceptionType = redactOptional(i.ExceptionType);
    this.friendlyText = redactOptional(i.FriendlyText);
    this.source = redactOptional(i.Source);
    this.parameters = i.Parameters ? redactDeep(i.Parameters) : undefined;
    this.innerException = i.InnerException ? redactDeep(i.InnerException) : undefined;
    this.stackTraceText = i.StackTrace ? redact(i.StackTrace) : undefined;
    this.headers = options.headers ? redactDeep(options.headers) : undefined;
    this.status = options.status;
  }
}

/** What a SOAP Fault carries (1.1 `faultcode`/`faultstring`/`detail`, 1.2 `Code`/`Reason`/`Detail`). */
export interface SoapFault {
  /** `faultcode` (1.1) or `Code/Value` (1.2): a QName such as `s:Client` or `s:Sender`. */
  code: string;
  /** `faultstring` (1.1) or the first `Reason/Text` (1.2). */
  string: string;
  /** 1.2: `Code/Subcode/Value`, when present. */
  subcode?: string;
  /** The detail: the decoded value of a declared fault (`faultName` set), else the detail as text. */
  detail?: unknown;
  /** The detail's XML as text, whatever it holds. */
  detailXml?: string;
  /** The `wsdl:fault` name of the declared fault the detail element matched. */
  faultName?: string;
  /** The HTTP status the fault came with. */
  status?: number;
}

/**
 * A SOAP Fault (at any HTTP status), SOAP 1.1 or 1.2. When the operation declares the fault
 * (`wsdl:fault`) whose element the detail holds, `detail` is that element's decoded value (typed
 * by the generated `<Op>Fault` union: `SoapFaultError<AddThingsFault>`) and `faultName` names it;
 * otherwise `detail` is the detail as text, as `detailXml` always is.
 */
export class SoapFaultError<D = unknown> extends SoSoapError {
  /** Always `'SoapFaultError'`: identifies the class also where `instanceof` cannot (e.g. two copies of the package). */
  override readonly name = 'SoapFaultError' as const;
  /** `faultcode` (1.1) or `Code/Value` (1.2), a QName such as `s:Client` or `a:InternalServiceFault` (redacted). */
  readonly code: string;
  /** 1.2 only: `Code/Subcode/Value` (redacted), when present. */
  readonly subcode: string | undefined;
  /** `faultstring` (1.1) or `Reason/Text` (1.2), the fault's message (redacted). */
  readonly faultString: string;
  /**
   * The fault detail (redacted): the decoded, typed value of the declared fault `faultName`, or,
   * when the detail matches no declared fault (e.g. WCF's `ExceptionDetail`), the detail as text.
   */
  readonly detail: D | string | undefined;
  /** The detail's content as XML text (redacted), when there is a detail. */
  readonly detailXml: string | undefined;
  /** The `wsdl:fault` name of the declared fault `detail` holds, when it matched one. */
  readonly faultName: string | undefined;
  /** The HTTP status the fault came with (usually 500), when it came over HTTP. */
  readonly status: number | undefined;

  constructor(fault: SoapFault, options: SoErrorOptions = {}) {
    super(`${options.operation ?? 'call'}: SOAP Fault ${fault.code}${fault.subcode ? ` (${fault.subcode})` : ''}: ${fault.string}`, options);
    this.code = redact(fault.code);
    this.subcode = fault.subcode === undefined ? undefined : redact(fault.subcode);
    this.faultString = redact(fault.string);
    this.detailXml = fault.detailXml === undefined ? (typeof fault.detail === 'string' ? redact(fault.detail) : undefined) : redact(fault.detailXml);
    this.faultName = fault.faultName;
    this.detail = fault.faultName === undefined ? this.detailXml : (redactDeep(fault.detail) as D);
    this.status = fault.status;
  }

  /** The fault as the constructor takes it (to rethrow it with more context, e.g. the HTTP status). */
  toFault(): SoapFault {
    const f: SoapFault = { code: this.code, string: this.faultString, detail: this.detail };
    if (this.subcode !== undefined) f.subcode = this.subcode;
    if (this.detailXml !== undefined) f.detailXml = this.detailXml;
    if (this.faultName !== undefined) f.faultName = this.faultName;
    if (this.status !== undefined) f.status = this.status;
    return f;
  }
}

/** A non-2xx HTTP status (a 5xx is never success, even with a valid envelope). */
export class HttpError extends SoSoapError {
  /** Always `'HttpError'`: identifies the class also where `instanceof` cannot (e.g. two copies of the package). */
  override readonly name = 'HttpError' as const;
  /** The HTTP status code, e.g. 503. */
  readonly status: number;
  /** `Retry-After` in milliseconds, when the server sent one. */
  readonly retryAfterMs: number | undefined;
  /** The start of the body (redacted, at most 2 KB). */
  readonly body: string | undefined;
  /**
   * A redirect (3xx, never followed): the origin of its `Location` (scheme, host and port only: no
   * credentials, path or query), `'(unknown)'` when the response did not say where.
   */
  readonly location: string | undefined;

  constructor(status: number, options: SoErrorOptions & { retryAfterMs?: number; body?: string; statusText?: string; location?: string } = {}) {
    const redirect = options.location === undefined ? '' : `: redirect to ${options.location} not followed`;
    super(`${options.operation ?? 'call'}: HTTP ${status}${options.statusText ? ` ${options.statusText}` : ''}${redirect}`, options);
    this.status = status;
    this.retryAfterMs = options.retryAfterMs;
    this.body = options.body === undefined ? undefined : redactClip(options.body, 2048, '');
    this.location = options.location === undefined ? undefined : redact(options.location);
  }
}

/** The call did not complete within its time limit. */
export class TimeoutError extends SoSoapError {
  /** Always `'TimeoutError'`: identifies the class also where `instanceof` cannot (e.g. two copies of the package). */
  override readonly name = 'TimeoutError' as const;
  /** The time limit that was exceeded, in milliseconds. */
  readonly timeoutMs: number;

  constructor(timeoutMs: number, options: SoErrorOptions = {}) {
    super(`${options.operation ?? 'call'}: timed out after ${timeoutMs} ms`, options);
    this.timeoutMs = timeoutMs;
  }
}

/** The response is not what the operation's contract says (not XML, wrong element, bad value…). */
export class ResponseFormatError extends SoSoapError {
  /** Always `'ResponseFormatError'`: identifies the class also where `instanceof` cannot (e.g. two copies of the package). */
  override readonly name = 'ResponseFormatError' as const;
  /** Element path where the problem was found, e.g. `GetChatMessagesResponse.Response.ChatMessage[3].WhenPosted`. */
  readonly path: string | undefined;

  constructor(message: string, options: SoErrorOptions & { path?: string } = {}) {
    super(`${options.operation ? `${options.operation}: ` : ''}${message}${options.path ? ` (at ${options.path})` : ''}`, options);
    // (redacted as the message is: a dictionary key on the path may be a secret the service echoed)
    this.path = redactOptional(options.path);
  }
}

/** The input does not fit the schema; nothing was sent. */
export class RequestValidationError extends SoSoapError {
  /** Always `'RequestValidationError'`: identifies the class also where `instanceof` cannot (e.g. two copies of the package). */
  override readonly name = 'RequestValidationError' as const;
  /** Path of the offending value, e.g. `ChatSessionEntity.Person.Firstname`. */
  readonly path: string;

  constructor(message: string, options: SoErrorOptions & { path: string }) {
    super(`${options.operation ? `${options.operation}: ` : ''}${options.path ? `${options.path}: ` : ''}${message}`, options);
    this.path = redact(options.path);
  }
}

/** A network-level failure (DNS, connection refused or reset) before a response arrived. */
export class NetworkError extends SoSoapError {
  /** Always `'NetworkError'`: identifies the class also where `instanceof` cannot (e.g. two copies of the package). */
  override readonly name = 'NetworkError' as const;
  /** The system error code when there is one, e.g. `ENOTFOUND`, `ECONNREFUSED`, `ECONNRESET`. */
  readonly code: string | undefined;

  constructor(message: string, options: SoErrorOptions & { code?: string } = {}) {
    super(`${options.operation ?? 'call'}: ${message}`, options);
    this.code = options.code;
  }
}
