/**
 * The named exceptions of the conformance tests: where the oracle's view differs from ours for a
 * reason that is not our bug. Each states exactly what it allows and where; the tests check that
 * each applies exactly where it is listed (no stale entry, no silent skip).
 */
import { decodeResponse } from '../../src/codec';
import type { ServiceDescriptor } from '../../src/runtime/codec/descriptor';
import { ResponseFormatError } from '../../src/runtime/client/errors';
import { toJsonForm } from '../../src/runtime/codec/values';
import { jsonDiff } from './json-diff';

export const ORACLE_EXCEPTIONS = {
  /**
   * response.py's sampler gives the entries of a dictionary the same Key (dump.py makes the keys of
   * the *arguments* distinct, not those of its sample responses; the oracle README notes the
   * sampler's habit). Our decoder rejects a repeated key with ResponseFormatError (two values for
   * one key would be data loss: DESIGN.md §2 "strict where data would be lost"); the projection
   * keeps the last entry. For these operations the tests assert that ResponseFormatError, and then
   * compare against the same responses re-rendered by zeep with distinct keys
   * (oracle_driver.py "distinctKeys"; committed as test/fixtures/<Op>__distinct-keys).
   */
  'sampler-repeats-dictionary-key': {
    ops: [
      'Chat/ChatTopicsForUser', // ChatTopicEntity.OpeningHours.TzLocation.TimeZoneSTDRules: 2 × 2024-01-02T03:04:05
      'Chat/CreateDefaultChatTopicEntity', // the same TimeZoneRule dictionaries
      'Chat/GetChatTopicEntity',
      'Chat/SaveChatTopicEntity',
      'List/GetDocumentTypesForPlugin', // IntStringKeyValuePair: 2 × 42
    ],
  },
  /**
   * zeep reads a present but empty `ArrayOfX` wrapper (`<Children/>`, which zeep itself writes where
   * its sampler cut the recursive HierarchyEntity) as None, and the projection then leaves the key
   * out. DESIGN.md §4: "ArrayOfX → X[] (never undefined for a present wrapper; empty wrapper → [])",
   * so ours is `[]`. The only difference allowed: `ours [], the oracle (absent)`.
   */
  'zeep-empty-array-wrapper-is-absent': {
    ops: [
      'List/AddHierarchyToPath', // HierarchyEntity.Children[i].Children
      'List/CreateDefaultHierarchyEntity',
      'List/GetHierarchyEntity',
      'List/GetHierarchyFromPath',
      'List/SaveHierarchyEntity',
      'List/UpdateHierarchyFromPath',
    ],
  },
  /**
   * An output wrapper that declares no children (`<DeleteChatSessionEntityResponse/>`): zeep's
   * process_reply returns None, so response.json has `"body": null`; our decodeResponse returns `{}`.
   * DESIGN.md §5 and issue 4 allow both ("`{}` or `null` when the wrapper is empty"); the codec
   * documents `{}`. Applies to exactly the operations whose output wrapper has no fields, and only
   * to `body` (the headers must still be equal).
   */
  'empty-output-wrapper-body': { ops: 'every operation whose output wrapper declares no fields' },
} as const;

export type ExceptionName = keyof typeof ORACLE_EXCEPTIONS;
export type ListedException = Exclude<ExceptionName, 'empty-output-wrapper-body'>;

export function isListed(name: ListedException, id: string): boolean {
  return (ORACLE_EXCEPTIONS[name].ops as readonly string[]).includes(id);
}

export interface Comparison {
  /** Differences left after the named exceptions (empty = equal). */
  diffs: string[];
  /** The exceptions that were needed. */
  used: Set<ExceptionName>;
}

/**
 * `toJsonForm(decodeResponse(xml))` against the oracle's `{headers, body}` (dump.py's response.json),
 * allowing only the named exceptions that apply to `id` (`<Service>/<Op>`).
 * A repeated dictionary key where `sampler-repeats-dictionary-key` lists the operation gives
 * `{ duplicateKey: true }` (the caller then compares the distinct-keys variant); anything else
 * thrown is rethrown.
 */
export function compareResponse(service: ServiceDescriptor, id: string, xml: string | Uint8Array, want: { headers: unknown; body: unknown }): Comparison & { duplicateKey?: boolean } {
  const op = id.slice(id.indexOf('/') + 1);
  const used = new Set<ExceptionName>();
  let got: { headers: unknown; body: unknown };
  try {
    got = toJsonForm(decodeResponse(service, op, xml)) as typeof got;
  } catch (e) {
    if (e instanceof ResponseFormatError && /duplicate dictionary key/.test(e.message) && isListed('sampler-repeats-dictionary-key', id)) {
      used.add('sampler-repeats-dictionary-key');
      return { diffs: [], used, duplicateKey: true };
    }
    throw e;
  }
  if (service.operations[op].output.fields.length === 0 && want.body === null && isEmptyObject(got.body)) {
    used.add('empty-output-wrapper-body');
    want = { ...want, body: {} };
  }
  let diffs = jsonDiff(got, want, '$', [], 1000);
  if (isListed('zeep-empty-array-wrapper-is-absent', id)) {
    const rest = diffs.filter((d) => !/: ours \[\], the oracle \(absent\)$/.test(d));
    if (rest.length < diffs.length) used.add('zeep-empty-array-wrapper-is-absent');
    diffs = rest;
  }
  return { diffs: diffs.slice(0, 12), used };
}

function isEmptyObject(v: unknown): boolean {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && Object.keys(v).length === 0;
}
