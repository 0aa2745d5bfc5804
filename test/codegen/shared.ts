/**
 * The Services88 WSDLs the project is generated from live outside the repository, in
 * `process.env.SO_WSDL_DIR ?? <repo>/../shared/wsdl` (read by path, never copied in). Tests that need
 * them are skipped with a loud warning when the directory is missing; they never pass silently.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { REPO } from './project';

export const WSDL_DIR = resolve(process.env.SO_WSDL_DIR ?? join(REPO, '..', 'shared', 'wsdl'));

/** The six WSDLs of ../shared/wsdl, with the folder each is generated into. */
export const SHARED_WSDLS = [
  'Services88-Chat.wsdl',
  'Services88-Contact.wsdl',
  'Services88-CustomerService.wsdl',
  'Services88-List.wsdl',
  'Services88-Person.wsdl',
  'Services88-SoPrincipal.wsdl',
] as const;

/** `describe` when the WSDL directory exists; otherwise a loud warning and `describe.skip`. */
export function describeWithWsdls(name: string, body: () => void): void {
  if (existsSync(WSDL_DIR)) {
    describe(name, body);
    return;
  }
  const bar = '!'.repeat(100);
  console.warn(`${bar}\nSKIPPED "${name}": the WSDL directory ${WSDL_DIR} does not exist.\nSet SO_WSDL_DIR to the folder holding ${SHARED_WSDLS.join(', ')}.\n${bar}`);
  describe.skip(name, body);
}
