/**
 * `so-soap.config.json`: the services `so-soap generate` (no arguments) generates, where each WSDL
 * comes from (a tenant URL, a folder of WSDLs, or per service) and where its code goes. Checked
 * against schema/so-soap.config.schema.json (the schema editors complete from); paths are relative
 * to the config file.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { validate, type JsonSchema } from './json-schema.js';

export const CONFIG_FILE = 'so-soap.config.json';
export const SCHEMA_FILE = 'so-soap.config.schema.json';

/** The config as written (what the schema describes). */
export interface ConfigFile {
  tenant?: string;
  servicePath?: string;
  wsdlDir?: string;
  wsdlFile?: string;
  out: string;
  timeoutMs?: number;
  runtimeModule?: string;
  codecModule?: string;
  services: Array<string | ServiceEntry>;
}

interface ServiceEntry {
  name: string;
  wsdl?: string;
  out?: string;
  wsdlService?: string;
  binding?: string;
}

/** One service to generate, resolved: where to read its WSDL and where to write. */
export interface ConfiguredService {
  name: string;
  /** A path (absolute) or an http(s) URL. */
  wsdl: string;
  /** Absolute. */
  out: string;
  wsdlService?: string;
  binding?: string;
}

export interface Config {
  /** The config file (absolute); the lock sits beside it. */
  file: string;
  dir: string;
  services: ConfiguredService[];
  timeoutMs?: number;
  runtimeModule?: string;
  codecModule?: string;
}

/** A config that cannot be used; the message names the file (and the property). */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/** The published schema: schema/ beside dist/ in the package, or at the repository's root. */
export function configSchemaPath(): string {
  for (let dir = __dirname, i = 0; i < 5; dir = dirname(dir), i++) {
    const candidate = join(dir, 'schema', SCHEMA_FILE);
    if (existsSync(candidate)) return candidate;
  }
  throw new Error(`${SCHEMA_FILE} not found above ${__dirname}`);
}

export function configSchema(): JsonSchema {
  return JSON.parse(readFileSync(configSchemaPath(), 'utf8')) as JsonSchema;
}

/** `<tenant>/<servicePath>/<Service>.svc?wsdl`. */
export function tenantWsdlUrl(tenant: string, servicePath: string, service: string): string {
  const path = servicePath.replace(/^\/+|\/+$/g, '');
  return `${tenant.replace(/\/+$/, '')}/${path ? `${path}/` : ''}${service}.svc?wsdl`;
}

/**
 * Read and check the config at `file`. `from` (generate --from) is a tenant URL that replaces the
 * config's source for every service that does not name its own WSDL.
 */
export function readConfig(file: string, from?: string): Config {
  const path = resolve(file);
  if (!existsSync(path)) throw new ConfigError(`${file}: not found`);
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new ConfigError(`${file}: not valid JSON: ${(e as Error).message}`);
  }
  const violations = validate(raw, configSchema());
  if (violations.length > 0) throw new ConfigError(`${file} does not match ${SCHEMA_FILE}:\n${violations.map((v) => `  ${v.path}: ${v.message}`).join('\n')}`);
  const config = raw as ConfigFile;
  const dir = dirname(path);
  const entries = config.services.map((s): ServiceEntry => (typeof s === 'string' ? { name: s } : s));
  entries.forEach((entry, i) => {
    if (entries.findIndex((e) => e.name === entry.name) < i) throw new ConfigError(`${file}: services[${i}]: ${entry.name} is listed twice`);
  });
  const services = entries.map((entry, i): ConfiguredService => {
    return {
      name: entry.name,
      wsdl: wsdlOf(entry, config, dir, from, `${file}: services[${i}] (${entry.name})`),
      out: resolve(dir, entry.out ?? join(config.out, entry.name.toLowerCase())),
      ...(entry.wsdlService !== undefined && { wsdlService: entry.wsdlService }),
      ...(entry.binding !== undefined && { binding: entry.binding }),
    };
  });
  const outs = new Map<string, string>();
  for (const s of services) {
    const other = outs.get(s.out);
    if (other) throw new ConfigError(`${file}: ${other} and ${s.name} are both generated into ${s.out}`);
    outs.set(s.out, s.name);
  }
  return {
    file: path,
    dir,
    services,
    ...(config.timeoutMs !== undefined && { timeoutMs: config.timeoutMs }),
    ...(config.runtimeModule !== undefined && { runtimeModule: config.runtimeModule }),
    ...(config.codecModule !== undefined && { codecModule: config.codecModule }),
  };
}

function wsdlOf(entry: ServiceEntry, config: ConfigFile, dir: string, from: string | undefined, where: string): string {
  if (entry.wsdl !== undefined) return /^https?:\/\//i.test(entry.wsdl) ? entry.wsdl : resolve(dir, entry.wsdl);
  const tenant = from ?? config.tenant;
  if (tenant !== undefined) return tenantWsdlUrl(tenant, config.servicePath ?? 'Remote/Services88', entry.name);
  if (config.wsdlDir !== undefined) return resolve(dir, config.wsdlDir, (config.wsdlFile ?? 'Services88-{service}.wsdl').replaceAll('{service}', entry.name));
  throw new ConfigError(`${where}: no WSDL: give "tenant" or "wsdlDir" in the config, "wsdl" for the service, or generate --from <tenant url>`);
}
