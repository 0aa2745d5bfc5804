/**
 * IR → service descriptor data: exactly the data the descriptor emitter prints, and what the
 * dynamic mode (CLI `envelope`/`decode`/`call` on any WSDL) hands to the runtime. The shape is
 * that of the runtime's `ServiceDescriptor` (src/runtime/codec/descriptor.ts); codegen never imports
 * the runtime, so it is restated here and a test proves the two agree.
 */
import type { AttributeDecl, FieldDecl, ParticleDecl, ServiceModel, TypeDecl, TypeRef, WildcardDecl, WrapperDecl } from './model/ir.js';

export interface FieldData {
  kind?: undefined;
  name: string;
  type: string;
  ns?: string;
  key?: string;
  choice?: number;
  alternative?: number;
  optional?: boolean;
  nillable?: boolean;
  repeated?: boolean;
}

export interface GroupData {
  kind: 'group';
  key: string;
  choice?: boolean;
  optional?: boolean;
  fields: (FieldData | WildcardData)[];
}

export interface WildcardData {
  kind: 'any';
  key: string;
  optional?: boolean;
  repeated?: boolean;
}

export type ParticleData = FieldData | GroupData | WildcardData;

export interface AttributeData {
  name: string;
  type: string;
  ns?: string;
  key?: string;
  required?: boolean;
}

export type TypeData =
  | {
      kind: 'complex';
      name: string;
      ns?: string;
      base?: string;
      abstract?: boolean;
      fields: ParticleData[];
      attributes?: AttributeData[];
      anyAttribute?: boolean;
      text?: string;
    }
  | { kind: 'list'; name: string; ns?: string; item: string }
  | { kind: 'enum' | 'flags'; name: string; ns?: string; values: string[]; numeric?: Record<string, number> }
  | { kind: 'array'; name: string; ns?: string; item: { name: string; type: string; ns?: string; nillable?: boolean } }
  | {
      kind: 'dictionary';
      name: string;
      ns?: string;
      entry: string;
      key: { name: string; type: string; nillable?: boolean };
      value: { name: string; type: string; nillable?: boolean };
    }
  | { kind: 'alias'; name: string; ns?: string; base: string };

export interface WrapperData {
  element: string;
  ns?: string;
  fields: ParticleData[];
  type?: string;
}

export interface FaultData {
  name: string;
  element: string;
  ns?: string;
  type: string;
}

export interface OperationData {
  name: string;
  method: string;
  soapAction: string;
  input: WrapperData;
  output: WrapperData;
  inputHeaders: string[];
  outputHeaders: string[];
  safe: boolean;
  oneWay?: boolean;
  style?: 'rpc';
  faults?: FaultData[];
}

export interface ServiceData {
  name: string;
  namespace: string;
  soapVersion: '1.1' | '1.2';
  headers: Record<string, { name: string; type: string; ns?: string; nillable?: boolean }>;
  operations: Record<string, OperationData>;
  types: Record<string, TypeData>;
}

/** Turn the IR into descriptor data. Namespaces equal to the owner's are left out. */
export function toServiceData(model: ServiceModel): ServiceData {
  const ref = (t: TypeRef): string => (t.kind === 'builtin' ? t.name : model.types[t.key].tsName);
  const ns = (value: string, owner: string): { ns?: string } => (value === owner ? {} : { ns: value });
  const repeated = (max: number | 'unbounded') => (max === 'unbounded' || max > 1 ? { repeated: true } : {});
  const field = (f: FieldDecl, owner: string): FieldData => ({
    name: f.name,
    type: ref(f.type),
    ...ns(f.ns, owner),
    ...(f.key ? { key: f.key } : {}),
    ...(f.choice ? { choice: f.choice.index, alternative: f.choice.alternative } : {}),
    // A choice member without `optional` is required within its alternative: the runtime treats
    // every choice member as optional on the wire, and checks it once its alternative is present.
    ...(f.minOccurs === 0 ? { optional: true } : {}),
    ...(f.nillable ? { nillable: true } : {}),
    ...repeated(f.maxOccurs),
  });
  const wildcard = (w: WildcardDecl): WildcardData => ({ kind: 'any', key: w.key, ...(w.minOccurs === 0 ? { optional: true } : {}), ...repeated(w.maxOccurs) });
  const particle = (p: ParticleDecl, owner: string): ParticleData => {
    if (p.kind === 'any') return wildcard(p);
    if (p.kind === 'group') {
      return {
        kind: 'group',
        key: p.key,
        ...(p.choice ? { choice: true } : {}),
        ...(p.minOccurs === 0 ? { optional: true } : {}),
        fields: p.fields.map((f) => (f.kind === 'any' ? wildcard(f) : field(f, owner))),
      };
    }
    return field(p, owner);
  };
  const attribute = (a: AttributeDecl): AttributeData => ({
    name: a.name,
    type: ref(a.type),
    ...(a.ns ? { ns: a.ns } : {}),
    ...(a.key ? { key: a.key } : {}),
    ...(a.required ? { required: true } : {}),
  });
  const type = (t: TypeDecl): TypeData => {
    const head = { name: t.qname.local, ...ns(t.qname.ns, model.namespace) };
    switch (t.kind) {
      case 'complex':
        return {
          kind: 'complex',
          ...head,
          ...(t.base ? { base: model.types[t.base].tsName } : {}),
          ...(t.abstract ? { abstract: true } : {}),
          fields: t.fields.map((f) => particle(f, t.qname.ns)),
          ...(t.attributes?.length ? { attributes: t.attributes.map(attribute) } : {}),
          ...(t.anyAttribute ? { anyAttribute: true } : {}),
          ...(t.text ? { text: ref(t.text) } : {}),
        };
      case 'enum':
      case 'flags': {
        const numeric = Object.fromEntries(t.values.filter((v) => v.numeric !== undefined).map((v) => [v.value, v.numeric!]));
        return { kind: t.kind, ...head, values: t.values.map((v) => v.value), ...(Object.keys(numeric).length ? { numeric } : {}) };
      }
      case 'array':
        return {
          kind: 'array',
          ...head,
          item: { name: t.item.name, type: ref(t.item.type), ...ns(t.item.ns, t.qname.ns), ...(t.item.nillable ? { nillable: true } : {}) },
        };
      case 'dictionary':
        return {
          kind: 'dictionary',
          ...head,
          entry: t.entry.name,
          key: { name: t.key.name, type: ref(t.key.type), ...(t.key.nillable ? { nillable: true } : {}) },
          value: { name: t.value.name, type: ref(t.value.type), ...(t.value.nillable ? { nillable: true } : {}) },
        };
      case 'alias':
        return { kind: 'alias', ...head, base: ref(t.base) };
      case 'list':
        return { kind: 'list', ...head, item: ref(t.item) };
    }
  };
  const types: Record<string, TypeData> = {};
  for (const t of Object.values(model.types)) types[t.tsName] = type(t);
  const headers: ServiceData['headers'] = {};
  for (const [part, h] of Object.entries(model.headers)) {
    headers[part] = { name: h.name, type: ref(h.type), ...ns(h.ns, model.namespace), ...(h.nillable ? { nillable: true } : {}) };
  }
  const wrapper = (w: WrapperDecl): WrapperData => ({
    element: w.element.local,
    ...ns(w.element.ns, model.namespace),
    fields: w.fields.map((f) => particle(f, w.element.ns)),
    ...(w.type ? { type: ref(w.type) } : {}),
  });
  const operations: Record<string, OperationData> = {};
  for (const op of model.operations) {
    operations[op.name] = {
      name: op.name,
      method: op.methodName,
      soapAction: op.soapAction,
      input: wrapper(op.input),
      output: wrapper(op.output),
      inputHeaders: op.inputHeaders,
      outputHeaders: op.outputHeaders,
      safe: op.safeToRetry,
      ...(op.oneWay ? { oneWay: true } : {}),
      ...(op.style === 'rpc' ? { style: 'rpc' as const } : {}),
      ...(op.faults.length > 0
        ? { faults: op.faults.map((f) => ({ name: f.name, element: f.element.local, ...ns(f.element.ns, model.namespace), type: ref(f.type) })) }
        : {}),
    };
  }
  return { name: model.name, namespace: model.namespace, soapVersion: model.soapVersion, headers, operations, types };
}
