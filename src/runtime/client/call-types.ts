/** The public types of a call: options, results, and the method signatures generated clients use. */

/** `xs:anyType`: a value that carries its own XSD type (`xsi:type`). */
export type AnyValue =
  | {
      /** The XSD type of a simple value, with the schema's prefix, e.g. `xs:int`. */
      $type: string;
      /** The simple value itself, mapped as its `$type` says (DESIGN.md §4). */
      $value: string | number | boolean | Date | Uint8Array | null;
    }
  | {
      /**
       * `xs:anyType` itself: an untyped value (no `xsi:type`) whose content holds elements, or whose
       * element has attributes, or a value whose `xsi:type` the service does not know, kept
       * losslessly as raw XML (docs/guide/xsd-mapping.md).
       */
      $type: 'xs:anyType';
      /**
       * The element's `xsi:type` when it names a type the service does not know, as
       * `{namespace}local` (`local` in no namespace); written back as that `xsi:type`.
       */
      $xsiType?: string | undefined;
      /**
       * The content as an XML fragment: the child elements, each with the namespace declarations it
       * needs, and the text between them (escaped); whitespace between elements is not kept.
       */
      $any: string;
      /** The element's own attributes, keyed `local` or `{namespace}local` (like xs:anyAttribute's). */
      $attributes?: Record<string, string> | undefined;
    }
  | {
      /** The XSD type name of a complex value, e.g. `Person`; its fields are the other keys. */
      $type: string;
      [field: string]: unknown;
    };

/** Header blocks a call sends, by part name (only those the operation declares are sent). */
export interface RequestHeaderValues {
  /** The `ApplicationToken` header: the application's secret token from the SuperOffice developer portal. */
  ApplicationToken?: string | null | undefined;
  /** The `Credentials` header (`SoCredentials`). */
  Credentials?: {
    /** A ticket (`7T:…`) or an access token (`8A:…`) of the signed-in user. */
    Ticket?: string | null | undefined;
  } | null | undefined;
  /** The `TimeZone` header (`SoTimeZone`): the time zone the service interprets and returns dates in. */
  TimeZone?: {
    /** SuperOffice time zone id. */
    SoTimeZoneId?: number | undefined;
    /** SuperOffice time zone location code, e.g. `NO` or `UK`. */
    SoTimeZoneLocationCode?: string | null | undefined;
  } | null | undefined;
  [part: string]: unknown;
}

/**
 * Per-call values a SuperOffice (Services88) client takes beside its SOAP header parts: generated
 * Services88 clients type a call's `headers` as the operation's parts and these.
 */
export interface SuperOfficeCallHeaders {
  /** The REST transport's `SO-Language` for this call (operations that declare it); not a SOAP header. */
  Language?: string | undefined;
}

/**
 * Header values of one call: the header parts `Q` the operation declares, each optional; a part
 * left out (or `undefined`) keeps the client's value. An operation that declares none takes no
 * part at all (`{}` would accept any object).
 */
export type CallHeaders<Q extends object> = [keyof Q] extends [never] ? { readonly [part: string]: never } : { [K in keyof Q]?: Q[K] | undefined };

/**
 * Options of one call. `Q` is the operation's request header parts (a generated client types each
 * method with the parts its operation declares, e.g. `Pick<ChatRequestHeaders, 'ApplicationToken'>`
 * or BingAds' `DeveloperToken`); the default is SuperOffice's header values, open to any part.
 */
export interface CallOptions<Q extends object = RequestHeaderValues> {
  /** Abort the call (the platform's `AbortError` passes through). */
  signal?: AbortSignal | undefined;
  /** Time limit of this call in milliseconds (overrides the client's). */
  timeoutMs?: number | undefined;
  /**
   * Header values for this call only, by header part, over the client's (`ClientOptions.headers`,
   * `applicationToken`, `credentials`, `timeZone`): the other parts keep the client's values.
   */
  headers?: CallHeaders<Q> | undefined;
  /** Retry settings for this call only (`false` disables retries). */
  retry?: Partial<RetryOptions> | false | undefined;
  /** Resolve to `{ data, headers, status, durationMs, attempts }` instead of the data alone. */
  withMeta?: boolean | undefined;
}

/**
 * When and how often a safe operation is retried (on network errors, time-outs and HTTP
 * 408/429/502/503/504); operations that can change server state are never retried. Defaults:
 * `DEFAULT_RETRY`.
 */
export interface RetryOptions {
  /** Total attempts, the first included (default 3). */
  maxAttempts: number;
  /** First backoff delay in ms (default 200), doubled each attempt, with full jitter. */
  baseDelayMs: number;
  /** Upper bound of one delay, `Retry-After` included (default 10 000). */
  maxDelayMs: number;
}

/** What a call resolves to with `withMeta: true`. */
export interface CallResult<R, H> {
  /** What the call resolves to without `withMeta`: the output wrapper's `Response` value (`undefined` for an empty wrapper). */
  data: R;
  /** Typed response headers (Succeeded, ExtraInfo, TimeZone, …). */
  headers: H;
  /** HTTP status of the response. */
  status: number;
  /** Time from the call to its result in milliseconds, retries and their delays included. */
  durationMs: number;
  /** Attempts made, the first included (1 when no retry was needed). */
  attempts: number;
}

/**
 * A generated client method whose request has required fields: input `I`, result `R`, response
 * headers `H`, and `Q` the request header parts its operation declares (the type of the call's
 * `headers`; default: SuperOffice's `RequestHeaderValues`).
 */
export interface OperationMethod<I, R, H, Q extends object = RequestHeaderValues> {
  (input: I, options?: CallOptions<Q> & { withMeta?: false }): Promise<R>;
  (input: I, options: CallOptions<Q> & { withMeta: true }): Promise<CallResult<R, H>>;
}

/** A generated client method whose request fields are all optional: the input may be left out (type parameters as `OperationMethod`'s). */
export interface OptionalInputMethod<I, R, H, Q extends object = RequestHeaderValues> {
  (input?: I, options?: CallOptions<Q> & { withMeta?: false }): Promise<R>;
  (input: I | undefined, options: CallOptions<Q> & { withMeta: true }): Promise<CallResult<R, H>>;
}
