/** Emits `descriptor.ts`: the service descriptor data the runtime is driven by. */
import type { ServiceData } from '../descriptors.js';
import type { ServiceModel } from '../model/ir.js';
import { propertyKey, serviceNames } from '../names.js';
import { Printer, quote } from './printer.js';

/** A value as a TypeScript literal on one line (objects with bare keys where possible). */
export function literal(v: unknown): string {
  if (typeof v === 'string') return quote(v);
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return `[${v.map(literal).join(', ')}]`;
  if (v && typeof v === 'object') {
    const entries = Object.entries(v).filter(([, x]) => x !== undefined);
    return entries.length === 0 ? '{}' : `{ ${entries.map(([k, x]) => `${propertyKey(k)}: ${literal(x)}`).join(', ')} }`;
  }
  throw new Error(`cannot print ${String(v)}`);
}

export function emitDescriptor(model: ServiceModel, data: ServiceData, header: string, runtimeModule: string): string {
  const names = serviceNames(model.name);
  const p = new Printer();
  p.line(header);
  p.line(`import type { TypedServiceDescriptor } from '${runtimeModule}';`);
  p.line(`import type { ${names.client} } from './client.js';`);
  p.line(`import type { ${names.requestHeaders} } from './types.js';`);
  p.line();
  p.doc(`The ${model.name} service (binding \`${model.binding}\`, SOAP ${model.soapVersion}, namespace \`${model.namespace}\`): the data the runtime encodes, decodes and calls by.`);
  p.block(`export const ${names.descriptor}: TypedServiceDescriptor<${names.client}, ${names.requestHeaders}> = {`, () => {
    p.line(`name: ${quote(data.name)},`);
    p.line(`namespace: ${quote(data.namespace)},`);
    p.line(`soapVersion: ${quote(data.soapVersion)},`);
    if (Object.keys(data.headers).length === 0) p.line('headers: {},');
    else p.block('headers: {', () => {
      for (const [part, h] of Object.entries(data.headers)) p.line(`${propertyKey(part)}: ${literal(h)},`);
    }, '},');
    p.block('operations: {', () => {
      for (const op of model.operations) {
        const d = data.operations[op.name];
        p.doc(`${op.name}: ${op.source.file}:${op.source.line}`);
        p.block(`${propertyKey(op.name)}: {`, () => {
          p.line(`name: ${quote(d.name)},`);
          p.line(`method: ${quote(d.method)},`);
          p.line(`soapAction: ${quote(d.soapAction)},`);
          p.line(`input: ${literal(d.input)},`);
          p.line(`output: ${literal(d.output)},`);
          p.line(`inputHeaders: ${literal(d.inputHeaders)},`);
          p.line(`outputHeaders: ${literal(d.outputHeaders)},`);
          p.line(`safe: ${d.safe},`);
          if (d.oneWay) p.line('oneWay: true,');
          if (d.style) p.line(`style: ${quote(d.style)},`);
          if (d.faults) p.line(`faults: ${literal(d.faults)},`);
        }, '},');
      }
    }, '},');
    p.block('types: {', () => {
      for (const t of Object.values(model.types)) {
        const d = data.types[t.tsName];
        if (d.kind === 'complex' && d.fields.length > 0) {
          const { fields, ...head } = d;
          p.block(`${propertyKey(t.tsName)}: { ${literal(head).slice(2, -2)}, fields: [`, () => {
            for (const f of fields) p.line(`${literal(f)},`);
          }, '] },');
        } else {
          p.line(`${propertyKey(t.tsName)}: ${literal(d)},`);
        }
      }
    }, '},');
  }, '};');
  return p.toString();
}
