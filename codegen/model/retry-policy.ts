/**
 * Which operations are safe to retry: a replay cannot change server state. The rule is by name,
 * because the WSDL says nothing about side effects: read-only verbs are safe, everything else
 * (Add, Save, Delete, Reset, PickUp, Transfer, Create, Set, …) is not. Unknown means unsafe.
 */

/** The namespace of SuperOffice's Services88: the name rule below is theirs, no other service's. */
export const SERVICES88_NS = 'http://www.superoffice.net/ws/crm/NetServer/Services88';

const SAFE_PREFIXES = ['Get', 'Is', 'Has', 'Find'];
const SAFE_SUFFIXES = ['ForUser', 'Exists', 'IsValid'];

/** Whether operation `name` is marked safe to retry. */
export function isSafeToRetry(name: string): boolean {
  const startsWithVerb = (verb: string) => name.startsWith(verb) && (name.length === verb.length || /[A-Z0-9]/.test(name.charAt(verb.length)));
  return SAFE_PREFIXES.some(startsWithVerb) || SAFE_SUFFIXES.some((s) => name.endsWith(s));
}
