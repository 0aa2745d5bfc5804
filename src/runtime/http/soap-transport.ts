/** SOAP 1.1 over HTTP: `text/xml; charset=utf-8`, quoted SOAPAction, envelope in, envelope out. */
import { decodeResponse, encodeRequest } from '../../codec.js';
import { HttpError, ResponseFormatError, SoapFaultError } from '../client/errors.js';
import { parseRetryAfter } from '../client/retry.js';
import { refuseRedirect, type HttpClient, type HttpResponse } from './http-client.js';
import { httpClientFor } from './undici-http.js';
import { abortableOf, type FetchLike, type Transport, type TransportRequest, type TransportResponse } from './transport.js';

/** Options of `soapTransport` (`createClient` fills them from its own options). */
export interface SoapTransportOptions {
  /** The service URL, e.g. `https://sod.superoffice.com/Cust12345/Remote/Services88/Chat.svc`. */
  endpoint: string;
  /** Send with this `fetch` instead of the undici keep-alive client (ignored when `httpClient` is given). */
  fetch?: FetchLike;
  /** The HTTP client to send with (default: `fetch` when given, else the shared undici keep-alive client). */
  httpClient?: HttpClient;
  /** Largest response accepted, in bytes. */
  maxResponseBytes: number;
}

const XML_CONTENT_TYPE = /(^|[/+])xml\b/i;

/**
 * The SOAP 1.1 transport (the client's default): POSTs the envelope with a quoted `SOAPAction`;
 * a 2xx XML response is decoded, a SOAP Fault (2xx or 500) throws `SoapFaultError`, any other
 * non-2xx status `HttpError` (with `Retry-After`; a 3xx is never followed), a fetch failure `NetworkError`, and a body that
 * is not this operation's response `ResponseFormatError`.
 */
export function soapTransport(options: SoapTransportOptions): Transport {
  const send = httpClientFor(options);
  return {
    kind: 'soap',
    async send(req: TransportRequest): Promise<TransportResponse> {
      const op = req.operation;
      const body = encodeRequest(req.service, op.name, req.input, req.headers);
      const request = {
        url: options.endpoint,
        headers: { 'Content-Type': 'text/xml; charset=utf-8', SOAPAction: `"${op.soapAction}"`, Accept: 'text/xml', ...req.httpHeaders },
        body,
        abort: abortableOf(req),
        maxResponseBytes: options.maxResponseBytes,
        operation: op.name,
      };
      const res: HttpResponse = await send(request);
      refuseRedirect(res, request);
      const bytes = res.body;
      const status = res.status;
      const contentType = res.header('content-type');
      if (status >= 200 && status < 300) {
        if (contentType && !XML_CONTENT_TYPE.test(contentType)) {
          throw new ResponseFormatError(`expected an XML envelope, got Content-Type "${contentType}" (HTTP ${status})`, { operation: op.name });
        }
        const decoded = decodeResponse(req.service, op.name, bytes);
        return { status, headers: decoded.headers as Record<string, unknown>, body: (decoded.body ?? {}) as Record<string, unknown> };
      }
      const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
      if (status === 500 && /Fault\b/.test(text)) {
        try {
          decodeResponse(req.service, op.name, bytes);
        } catch (e) {
          if (e instanceof SoapFaultError) {
            throw new SoapFaultError({ code: e.code, string: e.faultString, detail: e.detail, status }, { operation: op.name, cause: e });
          }
        }
      }
      throw new HttpError(status, { operation: op.name, statusText: res.statusText, retryAfterMs: parseRetryAfter(res.header('retry-after')), body: text });
    },
  };
}
