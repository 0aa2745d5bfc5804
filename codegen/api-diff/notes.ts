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
 * a readable summary. Undefined when there is nothing to compare with (or the old model is unreadable).
 */
export function changeNotes(out: string, next: ServiceData): string | undefined {
  const before = readGeneratedModel(out);
  if (!before) return undefined;
  return renderText(compareServices(before, next), `changes since the last generation of ${out}`);
}

/** The service model of a generated folder (its model.json); undefined when missing or unreadable. */
export function readGeneratedModel(out: string): ServiceData | undefined {
  const file = join(out, MODEL_FILE);
  if (!existsSync(file)) return undefined;
  try {
    const service = (JSON.parse(readFileSync(file, 'utf8')) as { service?: ServiceData }).service;
    return service && typeof service === 'object' ? service : undefined;
  } catch {
    return undefined;
  }
}
