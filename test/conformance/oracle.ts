/**
 * Where the conformance oracle lives and whether it can run here.
 *
 * The oracle (`../shared/oracle`: zeep + libxml2) is read by path, never copied into the project:
 * `SO_ORACLE_DIR ?? <repo>/../shared/oracle`, WSDLs from `SO_WSDL_DIR ?? <repo>/../shared/wsdl`.
 * Its tools run with Debian's `/usr/bin/python3` (the one with python3-zeep). When anything is
 * missing, `describeWithOracle` prints a loud warning and registers the suite as skipped: it is
 * counted as skipped, never as passed.
 */
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { buildServiceModel } from '../../codegen/model/build';
import { toServiceData } from '../../codegen/descriptors';
import type { ServiceDescriptor } from '../../src/runtime/codec/descriptor';

export const REPO = resolve(__dirname, '..', '..');
export const WSDL_DIR = resolve(process.env.SO_WSDL_DIR ?? join(REPO, '..', 'shared', 'wsdl'));
export const ORACLE_DIR = resolve(process.env.SO_ORACLE_DIR ?? join(REPO, '..', 'shared', 'oracle'));
export const PYTHON = '/usr/bin/python3';
export const DRIVER = join(__dirname, 'oracle_driver.py');

/** The six WSDLs of ../shared/wsdl by service name (dump.py's folder names). */
export const SERVICES = ['Chat', 'Contact', 'CustomerService', 'List', 'Person', 'SoPrincipal'] as const;
export type ServiceName = (typeof SERVICES)[number];
export const wsdlPath = (service: string): string => join(WSDL_DIR, `Services88-${service}.wsdl`);

/** The header values dump.py renders (its APP_TOKEN and TICKET): characters that need escaping. */
export const APP_TOKEN = 'app&<token>';
export const TICKET = `7T:ticket"'<x>`;

/** Why the oracle cannot run here, or undefined when it can. */
export function oracleMissing(): string | undefined {
  if (!existsSync(WSDL_DIR)) return `the WSDL directory ${WSDL_DIR} does not exist (set SO_WSDL_DIR)`;
  for (const s of SERVICES) if (!existsSync(wsdlPath(s))) return `${wsdlPath(s)} does not exist`;
  if (!existsSync(join(ORACLE_DIR, 'dump.py'))) return `the oracle ${ORACLE_DIR}/dump.py does not exist (set SO_ORACLE_DIR)`;
  if (!existsSync(PYTHON)) return `${PYTHON} does not exist (apt-get install -y python3-zeep)`;
  try {
    execFileSync(PYTHON, ['-c', 'import zeep, lxml'], { stdio: 'pipe', timeout: 30_000 });
  } catch {
    return `${PYTHON} cannot import zeep/lxml (apt-get install -y python3-zeep)`;
  }
  try {
    execFileSync('xmllint', ['--version'], { stdio: 'pipe', timeout: 30_000 });
  } catch {
    return 'xmllint is not installed (apt-get install -y libxml2-utils)';
  }
  return undefined;
}

/** `describe` when the oracle can run; otherwise a loud warning and `describe.skip`. */
export function describeWithOracle(name: string, body: () => void): void {
  const missing = oracleMissing();
  if (missing === undefined) {
    describe(name, body);
    return;
  }
  const bar = '!'.repeat(100);
  console.warn(
    `${bar}\nSKIPPED "${name}": the conformance oracle cannot run here: ${missing}.\n` +
      `Install it with: apt-get update && apt-get install -y python3-zeep libxml2-utils (see ../shared/oracle/README.md).\n` +
      `These tests are reported as SKIPPED, not passed.\n${bar}`,
  );
  describe.skip(name, body);
}

/** Run a program; resolve with stdout, reject with stderr on a non-zero exit. */
export function run(file: string, args: string[], timeoutMs = 120_000): Promise<{ stdout: string; stderr: string; code: number }> {
  return new Promise((resolvePromise) => {
    // no __pycache__ written into ../shared/oracle or test/conformance
    const env = { ...process.env, PYTHONDONTWRITEBYTECODE: '1' };
    execFile(file, args, { maxBuffer: 256 * 1024 * 1024, timeout: timeoutMs, env }, (err, stdout, stderr) => {
      const code = err === null ? 0 : typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : -1;
      resolvePromise({ stdout, stderr, code });
    });
  });
}

/** The runtime descriptor of a WSDL, built at run time (the dynamic mode). */
export function loadService(service: string): ServiceDescriptor {
  const file = wsdlPath(service);
  return toServiceData(buildServiceModel(readFileSync(file, 'utf8'), `Services88-${service}.wsdl`)) as ServiceDescriptor;
}

/** Header values of dump.py limited to the parts `operation` declares. */
export function dumpHeaders(service: ServiceDescriptor, operation: string, appToken = APP_TOKEN, ticket = TICKET): Record<string, unknown> {
  const all: Record<string, unknown> = { ApplicationToken: appToken, Credentials: { Ticket: ticket } };
  const declared = service.operations[operation].inputHeaders;
  return Object.fromEntries(Object.entries(all).filter(([k]) => declared.includes(k)));
}
