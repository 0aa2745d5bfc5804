/**
 * Dynamic mode: `envelope`, `decode` and `call` work on any Services88 WSDL without generating
 * code first. The WSDL is turned into descriptor data by the generator's own function
 * (`toServiceData`) and handed to the runtime.
 */
import { readFileSync } from 'node:fs';
import { toServiceData } from '../../codegen/descriptors.js';
import { buildModel } from '../../codegen/generate.js';
import { loadWsdl } from '../../codegen/load/loader.js';
import { decodeResponse, encodeRequest } from '../codec.js';
import { DEFAULT_MAX_RESPONSE_BYTES, createClient } from '../runtime/client/client.js';
import type { RequestHeaderValues } from '../runtime/client/call-types.js';
import type { ServiceDescriptor } from '../runtime/codec/descriptor.js';
import { SoapFaultError, SoExceptionError, SoSoapError } from '../runtime/client/errors.js';
import { toJsonForm } from '../runtime/codec/values.js';
import { intOption, noPositional, parseArgs, required, sizeOption, UsageError } from './args.js';
import { EXIT } from './exit-codes.js';
import { signInFromEnv } from './sign-in.js';
import { cliHttpClient } from './proxy.js';

export interface Io {
  stdout: (s: string) => void;
  /** Write to stdout and settle once written (rejected with the write's error): where what was written is counted or resumed from. Default: `stdout`, taken as written. */
  writeStdout?: (s: string) => Promise<void>;
  stderr: (s: string) => void;
  env: NodeJS.ProcessEnv;
}

export async function loadDescriptor(wsdl: string, service?: string): Promise<ServiceDescriptor> {
  return toServiceData(buildModel(await loadWsdl(wsdl), { service })) as ServiceDescriptor;
}

function operationOf(service: ServiceDescriptor, name: string) {
  const op = service.operations[name];
  if (!op) throw new UsageError(`operation "${name}" is not in ${service.name}; it has: ${Object.keys(service.operations).join(', ')}`);
  return op;
}

/** A Fault as `decode`/`call` print it: the code, a SOAP 1.2 subcode, the text, a declared fault's name, the detail. */
function faultJson(e: SoapFaultError): Record<string, unknown> {
  return {
    code: e.code,
    ...(e.subcode === undefined ? {} : { subcode: e.subcode }),
    message: e.faultString,
    ...(e.faultName === undefined ? {} : { faultName: e.faultName }),
    detail: e.detail ?? null,
  };
}

/** The bytes of the file an option names (`-`: stdin); a file that cannot be read is a usage error naming it. */
function readOptionFile(path: string, what: string): Buffer {
  try {
    return readFileSync(path === '-' ? 0 : path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'a directory' : (code ?? (e as Error).message);
    throw new UsageError(`cannot read ${what} ${path}: ${why}`);
  }
}

/** `--args '{"ChatSessionId": 5}'` or `--args @file.json`. */
export function readJsonArg(value: string | undefined, what: string): unknown {
  if (value === undefined) return {};
  const text = value.startsWith('@') ? readOptionFile(value.slice(1), what).toString('utf8') : value;
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new UsageError(`${what} is not valid JSON: ${(e as Error).message}`);
  }
}

/** An operation's input from `--args`: a JSON object (`null`, an array or a number is a usage error, not empty input). */
function readInput(value: string | undefined): Record<string, unknown> {
  const input = readJsonArg(value, '--args');
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new UsageError(`--args must be a JSON object of the operation's fields (e.g. '{"ChatSessionId": 5}'), got ${input === null ? 'null' : Array.isArray(input) ? 'an array' : typeof input}`);
  }
  return input as Record<string, unknown>;
}

function printJson(io: Io, v: unknown): void {
  io.stdout(`${JSON.stringify(toJsonForm(v), null, 2)}\n`);
}

export const ENVELOPE_USAGE = `Usage: so-soap envelope --wsdl <file|url> --operation <Op> [--args <json|@file>] [--app-token T] [--ticket K] [--time-zone <json>] [--service <name>]
  (without --app-token / --ticket: SO_APPLICATION_TOKEN / SO_TICKET from the environment, with a note
   on stderr, as the envelope then holds them in clear)

Exit codes: 0 printed; 1 usage or input error.`;

export async function runEnvelope(argv: string[], io: Io): Promise<number> {
  const args = parseArgs(argv, { values: ['wsdl', 'operation', 'args', 'app-token', 'ticket', 'time-zone', 'service'] });
  noPositional(args);
  const service = await loadDescriptor(required(args, 'wsdl'), args.values.service);
  const op = operationOf(service, required(args, 'operation'));
  const input = readInput(args.values.args);
  const given: RequestHeaderValues = {};
  const fromEnv: string[] = [];
  const appToken = args.values['app-token'] ?? io.env.SO_APPLICATION_TOKEN;
  const ticket = args.values.ticket ?? io.env.SO_TICKET;
  if (appToken !== undefined) given.ApplicationToken = appToken;
  if (ticket !== undefined) given.Credentials = { Ticket: ticket };
  if (args.values['time-zone'] !== undefined) given.TimeZone = readJsonArg(args.values['time-zone'], '--time-zone') as RequestHeaderValues['TimeZone'];
  const headers: RequestHeaderValues = {};
  for (const [part, value] of Object.entries(given)) {
    if (!op.inputHeaders.includes(part)) {
      io.stderr(`note: ${op.name} does not declare the ${part} header; it is left out\n`);
      continue;
    }
    headers[part] = value;
    if (part === 'ApplicationToken' && args.values['app-token'] === undefined) fromEnv.push('SO_APPLICATION_TOKEN');
    if (part === 'Credentials' && args.values.ticket === undefined) fromEnv.push('SO_TICKET');
  }
  io.stdout(`${encodeRequest(service, op.name, input, headers)}\n`);
  // (an "offline" envelope pasted into a bug report must not carry a live ticket unnoticed)
  if (fromEnv.length > 0) io.stderr(`note: the envelope holds ${fromEnv.join(' and ')} from the environment in clear; share it with care\n`);
  return 0;
}

export const DECODE_USAGE = `Usage: so-soap decode --wsdl <file|url> --operation <Op> --response <file|-> [--service <name>] [--max-response-bytes <size>]
  --response <file|->           the saved response (-: stdin)
  --max-response-bytes <size>   largest response read, e.g. 200MiB (default 64MiB)

Exit codes: 0 decoded; 1 usage or input error; 3 the response is a SOAP Fault (printed as {"fault": …}).`;

export async function runDecode(argv: string[], io: Io): Promise<number> {
  const args = parseArgs(argv, { values: ['wsdl', 'operation', 'response', 'service', 'max-response-bytes'] });
  noPositional(args);
  const maxBytes = sizeOption(args, 'max-response-bytes', DEFAULT_MAX_RESPONSE_BYTES);
  const service = await loadDescriptor(required(args, 'wsdl'), args.values.service);
  const op = operationOf(service, required(args, 'operation'));
  const bytes = readOptionFile(required(args, 'response'), '--response');
  try {
    printJson(io, decodeResponse(service, op.name, bytes, { maxBytes }));
    return 0;
  } catch (e) {
    if (e instanceof SoapFaultError) {
      printJson(io, { fault: faultJson(e) });
      return EXIT.fault;
    }
    throw e;
  }
}

export const CALL_USAGE = `Usage: so-soap call --endpoint <url> --wsdl <file|url> --operation <Op> [--args <json|@file|@->] [--service <name>] [--timeout-ms <ms>] [--max-response-bytes <size>]
  (SO_APPLICATION_TOKEN and SO_TICKET or SO_TICKET_FILE from the environment, or the system user / OAuth
   variables of docs/guide/superoffice-online.md; never from arguments)
  --timeout-ms <ms>  time limit of one attempt (default: the library's, 60000)
  --max-response-bytes <size>  largest response accepted, e.g. 200MiB (default 64MiB)

Exit codes: 0 answered; 1 usage or input error, refused credentials, no answer; 3 the service answered a SOAP Fault.`;

export async function runCall(argv: string[], io: Io): Promise<number> {
  const args = parseArgs(argv, { values: ['endpoint', 'wsdl', 'operation', 'args', 'service', 'timeout-ms', 'max-response-bytes'] });
  noPositional(args);
  const maxResponseBytes = sizeOption(args, 'max-response-bytes', DEFAULT_MAX_RESPONSE_BYTES);
  // (at most what a timer can hold: a larger delay fires at once)
  const timeoutMs = args.values['timeout-ms'] === undefined ? undefined : intOption(args, 'timeout-ms', 0, 1, 2_147_483_647);
  const input = readInput(args.values.args);
  const signIn = signInFromEnv(io.env);
  const endpoint = args.values.endpoint ?? io.env.SO_ENDPOINT;
  if (!endpoint && !signIn.discover) throw new UsageError('--endpoint (or SO_ENDPOINT) is required (or a system user / OAuth sign-in whose token names it)');
  const service = await loadDescriptor(required(args, 'wsdl'), args.values.service);
  const op = operationOf(service, required(args, 'operation'));
  const client = createClient(service, {
    endpoint,
    applicationToken: signIn.applicationToken,
    credentials: signIn.credentials,
    timeoutMs,
    maxResponseBytes,
    httpClient: cliHttpClient(io.env),
  }) as unknown as Record<string, (input: unknown, o: { withMeta: true }) => Promise<{ headers: unknown; data: unknown; status: number }>>;
  try {
    const r = await client[op.method](input, { withMeta: true });
    printJson(io, { headers: r.headers, data: r.data });
    return 0;
  } catch (e) {
    if (e instanceof SoapFaultError) {
      printJson(io, { fault: faultJson(e) });
      return EXIT.fault;
    }
    if (e instanceof SoExceptionError) {
      printJson(io, { error: e.toJSON() });
      return EXIT.fatal;
    }
    if (e instanceof SoSoapError) {
      io.stderr(`so-soap call: ${e.name}: ${e.message}\n`);
      return EXIT.fatal;
    }
    throw e;
  }
}
