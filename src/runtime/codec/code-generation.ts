/**
 * Whether this process lets the runtime compile functions from text (`new Function`): not under a
 * Content Security Policy without 'unsafe-eval' or `node --disallow-code-generation-from-strings`.
 * The compiled fast paths (compiled-encoder.ts, field-store.ts) are skipped where it does not.
 */
let allowed: boolean | undefined;

export function canGenerateCode(): boolean {
  if (allowed === undefined) {
    try {
      allowed = typeof new Function('return 1') === 'function';
    } catch {
      allowed = false;
    }
  }
  return allowed;
}
