/**
 * Typed default values from the descriptors, for operations the simulator gives no behaviour of
 * their own: scalars get their zero value, enums their first value, arrays `[]`, dictionaries `{}`,
 * nested complex values `null` where nillable (else their own default), like a freshly created
 * WCF DataContract.
 */
import type { ServiceDescriptor, TypeDescriptor } from '../runtime/codec/descriptor.js';
import { elementFields } from '../runtime/codec/plan.js';

const ZERO_DATE = '0001-01-01T00:00:00';

export function defaultValue(service: ServiceDescriptor, type: string, depth = 0): unknown {
  switch (type) {
    case 'xs:string':
    case 'xs:anyURI':
    case 'xs:QName':
      return '';
    case 'xs:int': case 'xs:short': case 'xs:long': case 'xs:byte': case 'xs:unsignedByte': case 'xs:unsignedShort':
    case 'xs:unsignedInt': case 'xs:unsignedLong': case 'xs:double': case 'xs:float':
      return 0;
    case 'xs:decimal':
      return '0';
    case 'xs:boolean':
      return false;
    case 'xs:dateTime':
      return ZERO_DATE;
    case 'xs:base64Binary':
      return new Uint8Array(0);
    case 'ser:guid':
      return '00000000-0000-0000-0000-000000000000';
    case 'ser:duration':
    case 'xs:duration':
      return 'PT0S';
    case 'ser:char':
      return 0;
    case 'xs:anyType':
      return { $type: 'xs:string', $value: '' };
  }
  const t: TypeDescriptor | undefined = service.types[type];
  if (!t) throw new Error(`simulator: unknown type ${type}`);
  switch (t.kind) {
    case 'enum':
      return t.values[0];
    case 'flags':
      return [];
    case 'array':
      return [];
    case 'dictionary':
      return {};
    case 'alias':
      return defaultValue(service, t.base, depth);
    case 'complex': {
      const out: Record<string, unknown> = {};
      const chain: TypeDescriptor[] = [];
      for (let c: TypeDescriptor | undefined = t; c && c.kind === 'complex'; c = c.base ? service.types[c.base] : undefined) chain.unshift(c);
      for (const c of chain) {
        if (c.kind !== 'complex') continue;
        for (const f of elementFields(c.fields, `simulator: ${c.name}`)) {
          if (f.repeated) {
            out[f.name] = [];
            continue;
          }
          const ft = service.types[f.type];
          const nested = ft !== undefined && ft.kind === 'complex';
          if (nested && (f.nillable || depth >= 3)) {
            if (f.nillable) out[f.name] = null;
            continue;
          }
          if (f.type === 'xs:anyType' && f.nillable) {
            out[f.name] = null;
            continue;
          }
          out[f.name] = defaultValue(service, f.type, depth + 1);
        }
      }
      return out;
    }
  }
}
