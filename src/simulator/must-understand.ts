/**
 * SOAP 1.1 `mustUnderstand`: a header block marked `s:mustUnderstand="1"` (or `"true"`) that the
 * operation does not declare must not be ignored — WCF answers a `s:MustUnderstand` Fault and runs
 * nothing. The decoder skips undeclared header blocks, so the simulator looks at them here, in a
 * request it has already decoded (the envelope is well-formed).
 */
import { scanXml } from '../runtime/xml/xml-scanner.js';

const SOAP11 = 'http://schemas.xmlsoap.org/soap/envelope/';
const LIMITS = { maxAttributes: 256, maxNameLength: 1024, maxAttributeLength: 64 * 1024 };

/** A header block by namespace and local name. */
export interface HeaderName {
  readonly ns: string;
  readonly name: string;
}

/** The first header block of `envelope` marked mustUnderstand that is not one of `understood`, or undefined. */
export function notUnderstood(envelope: string, understood: readonly HeaderName[]): HeaderName | undefined {
  const known = new Set(understood.map((h) => `{${h.ns}}${h.name}`));
  // Namespace declarations in scope, one map per open element.
  const scopes: Map<string, string>[] = [];
  const names: string[] = [];
  let found: HeaderName | undefined;
  const resolve = (prefix: string): string | undefined => {
    for (let i = scopes.length - 1; i >= 0; i--) {
      const ns = scopes[i]!.get(prefix);
      if (ns !== undefined) return ns;
    }
    return prefix === '' ? '' : undefined;
  };
  const split = (qname: string): [string, string] => {
    const i = qname.indexOf(':');
    return i < 0 ? ['', qname] : [qname.slice(0, i), qname.slice(i + 1)];
  };
  scanXml(
    envelope,
    {
      open(name, attributes) {
        const scope = new Map<string, string>();
        for (const [a, v] of Object.entries(attributes)) {
          if (a === 'xmlns') scope.set('', v);
          else if (a.startsWith('xmlns:')) scope.set(a.slice(6), v);
        }
        scopes.push(scope);
        names.push(name);
        // Envelope > Header > block: only the blocks themselves are looked at.
        if (found !== undefined || names.length !== 3 || split(names[1]!)[1] !== 'Header' || resolve(split(names[1]!)[0]) !== SOAP11) return;
        const marked = Object.entries(attributes).some(([a, v]) => {
          const [p, local] = split(a);
          return local === 'mustUnderstand' && p !== '' && resolve(p) === SOAP11 && (v.trim() === '1' || v.trim() === 'true');
        });
        const [p, local] = split(name);
        const ns = resolve(p) ?? '';
        if (marked && !known.has(`{${ns}}${local}`)) found = { ns, name: local };
      },
      text() {},
      close() {
        scopes.pop();
        names.pop();
      },
    },
    LIMITS,
  );
  return found;
}

/** WCF's faultstring for a header it did not understand. */
export function mustUnderstandMessage(h: HeaderName): string {
  return `The header '${h.name}' from the namespace '${h.ns}' was not understood by the recipient of this message, causing the message to not be processed.  This error typically indicates that the sender of this message has enabled a communication protocol that the receiver cannot process.  Please ensure that the configuration of the client's binding is consistent with the service's binding. `;
}
