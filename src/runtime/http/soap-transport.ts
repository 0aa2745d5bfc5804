/**
 * SOAP over HTTP: 1.1 (`text/xml; charset=utf-8`, quoted SOAPAction header) or 1.2
 * (`application/soap+xml; charset=utf-8; action="…"`, no SOAPAction), as the service descriptor
 * says; envelope in, envelope out (one-way operations: nothing out).
 */
import { encodeRequest } from '../../codec.js';
import { charsetOf, decodeEnvelope, ResponseBody, type DecodedEnvelope } from '../codec/decode.js';
import { servicePlan } from '../codec/plan.js';
import { HttpError, ResponseFormatError, SoapFaultError } from '../client/errors.js';
import { parseRetryAfter } from '../client/retry.js';
import { refuseRedirect, type HttpClient, type HttpResponse } from './http-client.js';
import { httpClientFor } from './undici-http.js';
import { abortableOf, type FetchLike, type Transport, type TransportRequest, type TransportResponse } from './transport.js';
import type { OperationDescriptor, ServiceDescriptor } from '../codec/descriptor.js';

/** Options of `soapTransport` (`createClient` fills them from its own options). */
export interface SoapTransportOptions {
  /** The service URL, e.g. `https://sod.superoffice.com/Cust12345/Remote/Services88/Chat.svc`. */
  endpoint: string;
  /** Send with this `fetch` instead of the undici keep-alive client (ignored when `httpClient` is given). */
  fetch?: FetchLike | undefined;
  /** The HTTP client to send with (default: `fetch` when given, else the shared undici keep-alive client). */
  httpClient?: HttpClient | undefined;
  /** Largest response accepted, in bytes. */
  maxResponseBytes: number;
  /** A response element that is not a field of its type: `'error'` (default, `ResponseFormatError`) or `'ignore'` (skipped; see `DecodeOptions`). */
  unknownElements?: 'error' | 'ignore' | undefined;
  /** String values copied off the response text (`'copy'`, default) or possibly sharing it (`'share'`; see `DecodeOptions`). */
  strings?: 'copy' | 'share' | undefined;
}

/** An XML media type (`text/xml`, `application/soap+xml`), its parameters left out: `multipart/related; type="application/xop+xml"` is not one. */
const XML_CONTENT_TYPE = /^\s*[\w.+-]+\/(?:[\w.-]+\+)?xml\s*(?:[;,]|$)/i;

/** The HTTP headers that carry a SOAP request of `soapVersion` with action `soapAction`. */
export function soapHttpHeaders(soapVersion: '1.1' | '1.2', soapAction: string): Record<string, string> {
  return soapVersion === '1.2'
    ? { 'Content-Type': `application/soap+xml; charset=utf-8; action="${soapAction}"`, Accept: 'application/soap+xml' }
    : { 'Content-Type': 'text/xml; charset=utf-8', SOAPAction: `"${soapAction}"`, Accept: 'text/xml' };
}

/** Whether a body is empty (or whitespace only). */
function isBlank(bytes: Uint8Array): boolean {
  for (const b of bytes) if (b !== 32 && b !== 10 && b !== 13 && b !== 9) return false;
  return true;
}

/**
 * The SOAP transport (the client's default): POSTs the envelope with the SOAP action of the
 * service's SOAP version; a 2xx XML response is decoded, a SOAP Fault (2xx, 400 or 500) throws
 * `SoapFaultError`, any other non-2xx status `HttpError` (with `Retry-After`; a 3xx is never
 * followed), a fetch failure `NetworkError`, and a body that is not this operation's response
 * `ResponseFormatError`. A one-way operation resolves on HTTP 202, or a 2xx with an empty body.
 */
export function soapTransport(options: SoapTransportOptions): Transport {
  const send = httpClientFor(options);
  const decodeOptions = { maxBytes: options.maxResponseBytes, unknownElements: options.unknownElements, strings: options.strings };
  /**
   * The HTTP headers of an operation's requests, made once per operation and per header object of
   * the client (the same on every call) and shared by its calls: frozen, an HTTP client must not
   * change them.
   */
  const headersByOperation = new WeakMap<OperationDescriptor, { service: ServiceDescriptor; extra: Record<string, string>; headers: Readonly<Record<string, string>> }>();
  const httpHeadersOf = (req: TransportRequest): Readonly<Record<string, string>> => {
    const op = req.operation;
    const known = headersByOperation.get(op);
    if (known !== undefined && known.extra === req.httpHeaders && known.service === req.service) return known.headers;
    const headers = Object.freeze({ ...soapHttpHeaders(req.service.soapVersion, op.soapAction), ...req.httpHeaders });
    headersByOperation.set(op, { service: req.service, extra: req.httpHeaders, headers });
    return headers;
  };
  /** The response envelope of the request's operation (its Fault thrown as `SoapFaultError`), read with the client's decode options. */
  const decodeBody = (req: TransportRequest, body: ResponseBody): DecodedEnvelope => {
    const plan = servicePlan(req.service);
    const opPlan = plan.operations.get(req.operation.name)!;
    return decodeEnvelope(plan, req.operation.name, opPlan.output, opPlan.outputHeaders, body, decodeOptions, true, opPlan);
  };
  return {
    kind: 'soap',
    async send(req: TransportRequest): Promise<TransportResponse> {
      const op = req.operation;
      const body = encodeRequest(req.service, op.name, req.input, req.headers);
      const request = {
        url: options.endpoint,
        headers: httpHeadersOf(req),
        body,
        abort: abortableOf(req),
        maxResponseBytes: options.maxResponseBytes,
        operation: op.name,
      };
      const res = await receive(send, request);
      const status = res.status;
      const contentType = res.contentType;
      if (status >= 200 && status < 300) {
        if (op.oneWay && (status === 202 || isBlank(res.body.bytes!))) return { status, headers: {}, body: {} };
        if (contentType && !XML_CONTENT_TYPE.test(contentType)) {
          // MTOM/XOP: a WCF binding with messageEncoding="Mtom"; the envelope is one part of a MIME package
          const mtom = /^\s*multipart\/related\b/i.test(contentType) ? ': an MTOM/XOP response, which this client does not read (the service\'s binding needs messageEncoding="Text")' : '';
          throw new ResponseFormatError(`expected an XML envelope, got Content-Type "${contentType}" (HTTP ${status})${mtom}`, { operation: op.name });
        }
        // The decoder takes the body and lets go of the bytes once it has their text. Its size
        // limit is the transport's (the HTTP client enforced it already; the decoder's own
        // default, 64 MiB, must not refuse what `maxResponseBytes` allows).
        const decoded = decodeBody(req, res.body);
        // A bare body is the value itself (possibly null); a wrapper's children are an object.
        const body = op.output.type !== undefined ? decoded.body : (decoded.body ?? {});
        return { status, headers: decoded.headers as Record<string, unknown>, body: body as Record<string, unknown> };
      }
      const bytes = res.body.bytes!;
      const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
      // A Fault comes with 500 (1.1; 1.2 Receiver) or 400 (1.2 Sender).
      if ((status === 500 || status === 400) && /Fault\b/.test(text)) {
        try {
          decodeBody(req, res.body);
        } catch (e) {
          if (e instanceof SoapFaultError) throw new SoapFaultError({ ...e.toFault(), status }, { operation: op.name, cause: e });
        }
      }
      throw new HttpError(status, { operation: op.name, statusText: res.statusText, retryAfterMs: parseRetryAfter(res.retryAfter), body: text });
    },
  };
}

/** What the transport reads of a response; the body in a `ResponseBody` only, so that the decoder can let go of it. */
interface Received {
  status: number;
  statusText: string;
  contentType: string | null;
  retryAfter: string | null;
  body: ResponseBody;
}

/** Send, refuse a redirect, and keep only what the transport reads (nothing else holds the body once this returns). */
function receive(send: HttpClient, request: Parameters<HttpClient>[0]): Promise<Received> {
  return send(request).then((res: HttpResponse) => {
    refuseRedirect(res, request);
    const contentType = res.header('content-type');
    return { status: res.status, statusText: res.statusText, contentType, retryAfter: res.header('retry-after'), body: new ResponseBody(res.body, charsetOf(contentType)) };
  });
}
