/**
 * One store function per field, so that the decoder's write of a field is a store to a constant
 * property name with its own inline cache (monomorphic: the objects of one type share a few shapes)
 * instead of one keyed store `target[key] = value` shared by every field of every type, which V8
 * turns megamorphic (a stub-cache lookup, and a transition search, per field of every value).
 *
 * The functions are compiled from text (`new Function`) because closures made at one site share
 * their inline caches. Where code generation from strings is disallowed (a CSP,
 * `--disallow-code-generation-from-strings`), every field gets the keyed store, with the same result.
 */
import { canGenerateCode } from './code-generation.js';

export type FieldStore = (target: Record<string, unknown>, value: unknown) => void;

/**
 * The store of property `key`. Not for `Object.prototype` member names (`__proto__` would set the
 * prototype): those are written with `setOwn`. `key` is embedded as a JSON string literal, which is
 * a JavaScript string literal, so any text is safe.
 */
export function fieldStore(key: string): FieldStore {
  if (canGenerateCode()) {
    // (a store with its own inline cache, see above; the key is a quoted literal)
    return new Function('o', 'v', `o[${JSON.stringify(key)}] = v;`) as FieldStore;
  }
  return (o, v) => {
    o[key] = v;
  };
}
