/** Test helpers: hand-written SOAP 1.1 response envelopes and a recording fake `fetch`. */
export const TNS = 'http://www.superoffice.net/ws/crm/NetServer/Services88';
export const SOAP_ENV = 'http://schemas.xmlsoap.org/soap/envelope/';

export interface EnvelopeOptions {
  succeeded?: boolean;
  exceptionInfo?: string;
  extraHeaders?: string;
}

/** `<s:Envelope>` with the Succeeded header and `<{op}Response>{inner}</…>` as body. */
export function responseEnvelope(operation: string, inner: string, o: EnvelopeOptions = {}): string {
  const succeeded = o.succeeded ?? true;
  return (
    `<?xml version="1.0" encoding="utf-8"?><s:Envelope xmlns:s="${SOAP_ENV}"><s:Header>` +
    (o.exceptionInfo ? `<ExceptionInfo xmlns="${TNS}">${o.exceptionInfo}</ExceptionInfo>` : '') +
    `<Succeeded xmlns="${TNS}">${succeeded}</Succeeded>${o.extraHeaders ?? ''}</s:Header>` +
    `<s:Body><${operation}Response xmlns="${TNS}">${inner}</${operation}Response></s:Body></s:Envelope>`
  );
}

export function faultEnvelope(code: string, text: string, detail = ''): string {
  return (
    `<s:Envelope xmlns:s="${SOAP_ENV}"><s:Body><s:Fault><faultcode>${code}</faultcode>` +
    `<faultstring xml:lang="en-US">${text}</faultstring>${detail ? `<detail>${detail}</detail>` : ''}</s:Fault></s:Body></s:Envelope>`
  );
}

export interface RecordedRequest {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: string;
}

export type Responder = (req: RecordedRequest, index: number) => Response | Promise<Response>;

/** A fake fetch that records every request and answers with `respond`. */
export function fakeFetch(respond: Responder) {
  const requests: RecordedRequest[] = [];
  const fn = async (url: string, init: RequestInit): Promise<Response> => {
    init.signal?.throwIfAborted();
    const headers: Record<string, string> = {};
    new Headers(init.headers).forEach((v, k) => (headers[k] = v));
    const req = { url, method: init.method ?? 'GET', headers, body: String(init.body ?? '') };
    requests.push(req);
    const res = await respond(req, requests.length - 1);
    return res;
  };
  return Object.assign(fn, { requests });
}

export function xmlResponse(body: string, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(body, { status, headers: { 'content-type': 'text/xml; charset=utf-8', ...headers } });
}
