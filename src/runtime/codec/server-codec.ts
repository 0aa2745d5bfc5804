/**
 * The server side of the SOAP codec (the simulator, tests): decode a request envelope, encode a
 * response envelope with its output headers (`Succeeded`, `ExceptionInfo`, …), encode a SOAP 1.1
 * Fault. The same descriptor-driven plans as the client side (`../../codec.ts`), in the other direction.
 */
import { decodeRequest as decodeRequestEnvelope, encodeFault as encodeFaultEnvelope, encodeResponse as encodeResponseEnvelope } from '../../codec.js';
import type { DecodeOptions, DecodedEnvelope } from './decode.js';
import type { ServiceDescriptor } from './descriptor.js';

/**
 * Decode a request envelope of `operation`: `headers` = the input header blocks present
 * (ApplicationToken, Credentials, TimeZone), `body` = the input wrapper's children.
 * @throws ResponseFormatError when it is not this operation's request (the simulator answers a SOAP Fault).
 */
export function decodeRequest(service: ServiceDescriptor, operation: string, bytes: string | Uint8Array, options?: DecodeOptions): DecodedEnvelope {
  return decodeRequestEnvelope(service, operation, bytes, options);
}

/** Encode a response envelope of `operation`: `body` = the output wrapper's children, `headers` by part name. */
export function encodeResponse(service: ServiceDescriptor, operation: string, body: Record<string, unknown> | undefined, headers: Record<string, unknown>): string {
  return encodeResponseEnvelope(service, operation, body, headers);
}

/** A SOAP 1.1 Fault envelope; `code` is a QName such as `s:Client` or `s:Server`, `detail` plain text. */
export function encodeFault(code: string, message: string, detail?: string): string {
  return encodeFaultEnvelope(detail === undefined ? { code, string: message } : { code, string: message, detail });
}
