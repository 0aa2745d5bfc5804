/** What `so-soap generate` prints when it replaces an earlier generation: the semantic diff, compact. */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ServiceData } from '../descriptors.js';
import { MODEL_FILE } from '../generate.js';
import { compareServices } from './compare.js';
import { renderText } from './render.js';

/**
 * The change notes `generate` prints when it replaces an earlier generation in `out` (its
 * model.json): the semantic diff in compact text, so the commit that updates generated code carries
 * a readable summary. Undefined when there is nothing to compare with; one line saying why when the
 * old model cannot be read.
 */
export function changeNotes(out: string, next: ServiceData): string | undefined {
  let before: ServiceData | undefined;
  try {
    before = readGeneratedModel(out);
  } catch (e) {
    return `no change notes: ${(e as Error).message}\n`;
  }
  if (!before) return undefined;
  try {
    return renderText(compareServices(before, next), `changes since the last generation of ${out}`);
  } catch (e) {
    // (a model that passed the checks above and still cannot be compared: the new files are written all the same)
    return `no change notes: ${join(out, MODEL_FILE)} could not be compared: ${(e as Error).message}\n`;
  }
}

/** The service model of a generated folder (its model.json); undefined when there is none. Throws as `readModelFile`. */
export function readGeneratedModel(out: string): ServiceData | undefined {
  const file = join(out, MODEL_FILE);
  if (!existsSync(file)) return undefined;
  return readModelFile(file);
}

/** The service model a `model.json` holds; an `Error` naming the file when it is not one `generate` wrote (not JSON, no service). */
export function readModelFile(file: string): ServiceData {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new Error(`${file} is not a model so-soap generate wrote: ${(e as Error).message}`, { cause: e });
  }
  const service = (parsed as { service?: Partial<ServiceData> } | null)?.service;
  const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
  const wellFormed =
    isRecord(service) &&
    isRecord(service.operations) &&
    isRecord(service.types) &&
    Object.values(service.operations).every((op) => isRecord(op) && isRecord(op.input) && isRecord(op.output)) &&
    Object.values(service.types).every((t) => isRecord(t) && typeof t.kind === 'string');
  if (!wellFormed) throw new Error(`${file} is not a model so-soap generate wrote (no "service" with its operations and types): regenerate it`);
  return service as ServiceData;
}
