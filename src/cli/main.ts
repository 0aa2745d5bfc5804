/**
 * The `so-soap` command line: one entry point, one module per command, one exit-code table
 * (./exit-codes.ts). `--help`/`-h` and `--version`/`-V` are answered here for every command and
 * subcommand, before the command parses its options.
 */
import { GENERATOR_VERSION } from '../../codegen/version.js';
import { UsageError } from './args.js';
import { EXIT, EXIT_CODES_HELP } from './exit-codes.js';
import type { Io } from './dynamic.js';

const USAGE = `Usage: so-soap <command> [options]

Commands:
  generate   generate typed TypeScript from a Services88 WSDL
  diff       the semantic API difference of two WSDL versions (breaking or compatible)
  envelope   print the SOAP request envelope of an operation (offline)
  decode     decode a SOAP response of an operation to JSON
  call       call an operation of any Services88 WSDL
  chat       batch jobs on chat data: export | delete | reset | follow
  simulate   serve a simulator of the Chat service on 127.0.0.1
  demo       the batch job against an embedded simulator (npm start)

Every command takes --help (-h) and --version (-V).

${EXIT_CODES_HELP}`;

type Command = { run: (argv: string[], io: Io) => Promise<number>; usage: string; subcommands?: Record<string, { usage: string }> };

/**
 * A module of this package, loaded when first needed: by `require` in the CommonJS build (the
 * `so-soap` executable), by import() in the ES module build. import() of a CommonJS file takes it
 * through Node's ES module loader, which first lexes it and every module it re-exports for their
 * export names: ~3% of the wall time of a `so-soap chat export` of 40,000 messages (bench/README.md).
 */
function loadModule<T>(specifier: string): Promise<T> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the CommonJS build's own loader (see above)
  if (typeof require === 'function') return new Promise<T>((resolve) => resolve(require(specifier) as T));
  return import(specifier) as Promise<T>;
}

/**
 * Each command's module is loaded when the command runs (or prints its help): a run loads what its
 * command needs and not the others (`chat export` does not load the WSDL loader and generator, the
 * API differ or the simulator: about 40 ms of a CLI start).
 */
const commands: Record<string, () => Promise<Command>> = {
  generate: async () => {
    const m = await loadModule<typeof import('../../codegen/cli.js')>('../../codegen/cli.js');
    return { run: (argv, io) => m.runGenerate(argv, io), usage: m.GENERATE_USAGE };
  },
  diff: async () => {
    const m = await loadModule<typeof import('../../codegen/api-diff/cli.js')>('../../codegen/api-diff/cli.js');
    return { run: (argv, io) => m.runDiff(argv, io), usage: m.DIFF_USAGE };
  },
  envelope: async () => {
    const m = await loadModule<typeof import('./dynamic.js')>('./dynamic.js');
    return { run: m.runEnvelope, usage: m.ENVELOPE_USAGE };
  },
  decode: async () => {
    const m = await loadModule<typeof import('./dynamic.js')>('./dynamic.js');
    return { run: m.runDecode, usage: m.DECODE_USAGE };
  },
  call: async () => {
    const m = await loadModule<typeof import('./dynamic.js')>('./dynamic.js');
    return { run: m.runCall, usage: m.CALL_USAGE };
  },
  chat: async () => {
    const m = await loadModule<typeof import('./chat/index.js')>('./chat/index.js');
    return { run: m.runChat, usage: m.CHAT_USAGE, subcommands: m.CHAT_SUBCOMMANDS };
  },
  simulate: async () => {
    const m = await loadModule<typeof import('./simulate.js')>('./simulate.js');
    return { run: m.runSimulate, usage: m.SIMULATE_USAGE };
  },
  demo: async () => {
    const m = await loadModule<typeof import('./demo.js')>('./demo.js');
    return { run: m.runDemo, usage: m.DEMO_USAGE };
  },
};

/** `so-soap <version>`, what `--version` prints (the version generated files name in their header). */
export const VERSION_TEXT = `so-soap ${GENERATOR_VERSION}\n`;

const isHelp = (a: string) => a === '--help' || a === '-h';
const isVersion = (a: string) => a === '--version' || a === '-V';

/** The usage text `--help` prints for `argv` (a command, or a chat subcommand). */
function usageOf(command: Command, rest: readonly string[]): string {
  const subs = command.subcommands;
  const sub = subs !== undefined && rest[0] !== undefined && Object.prototype.hasOwnProperty.call(subs, rest[0]) ? subs[rest[0]] : undefined;
  return sub?.usage ?? command.usage;
}

export async function main(argv: string[], io: Io): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined) {
    io.stderr(`so-soap: no command given\n\n${USAGE}\n`);
    return EXIT.fatal;
  }
  if (isHelp(name)) {
    io.stdout(`${USAGE}\n`);
    return EXIT.ok;
  }
  if (isVersion(name)) {
    io.stdout(VERSION_TEXT);
    return EXIT.ok;
  }
  const load = Object.prototype.hasOwnProperty.call(commands, name) ? commands[name] : undefined;
  if (!load) {
    io.stderr(`so-soap: unknown command "${name}"\n\n${USAGE}\n`);
    return EXIT.fatal;
  }
  const command = await load();
  if (rest.some(isHelp)) {
    io.stdout(`${usageOf(command, rest)}\n`);
    return EXIT.ok;
  }
  if (rest.some(isVersion)) {
    io.stdout(VERSION_TEXT);
    return EXIT.ok;
  }
  try {
    return await command.run(rest, io);
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr(`so-soap ${name}: ${e.message}\n(so-soap ${name} --help for the options)\n`);
      return EXIT.fatal;
    }
    // a URL a message quotes (a WSDL's, an endpoint's) is shown without credentials or query secrets
    const { safeUrls } = await loadModule<typeof import('../../codegen/load/fetch.js')>('../../codegen/load/fetch.js');
    io.stderr(`so-soap ${name}: ${safeUrls(e instanceof Error ? `${e.name === 'Error' ? '' : `${e.name}: `}${e.message}` : String(e))}\n`);
    return EXIT.fatal;
  }
}

export const processIo: Io = {
  stdout: (s) => void process.stdout.write(s),
  writeStdout: (s) => new Promise((resolve, reject) => void process.stdout.write(s, (e) => (e ? reject(e) : resolve()))),
  stderr: (s) => void process.stderr.write(s),
  env: process.env,
};
