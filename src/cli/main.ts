/**
 * The `so-soap` command line: one entry point, one module per command, one exit-code table
 * (./exit-codes.ts). `--help`/`-h` and `--version`/`-V` are answered here for every command and
 * subcommand, before the command parses its options.
 */
import { DIFF_USAGE, runDiff } from '../../codegen/api-diff/cli.js';
import { GENERATE_USAGE, runGenerate } from '../../codegen/cli.js';
import { safeUrls } from '../../codegen/load/fetch.js';
import { GENERATOR_VERSION } from '../../codegen/version.js';
import { UsageError } from './args.js';
import { CHAT_USAGE, CHAT_SUBCOMMANDS, runChat } from './chat/index.js';
import { DEMO_USAGE, runDemo } from './demo.js';
import { EXIT, EXIT_CODES_HELP } from './exit-codes.js';
import { runSimulate, SIMULATE_USAGE } from './simulate.js';
import { CALL_USAGE, DECODE_USAGE, ENVELOPE_USAGE, runCall, runDecode, runEnvelope, type Io } from './dynamic.js';

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

type Command = { run: (argv: string[], io: Io) => Promise<number>; usage: string };

const commands: Record<string, Command> = {
  generate: { run: (argv, io) => runGenerate(argv, io), usage: GENERATE_USAGE },
  diff: { run: (argv, io) => runDiff(argv, io), usage: DIFF_USAGE },
  envelope: { run: runEnvelope, usage: ENVELOPE_USAGE },
  decode: { run: runDecode, usage: DECODE_USAGE },
  call: { run: runCall, usage: CALL_USAGE },
  chat: { run: runChat, usage: CHAT_USAGE },
  simulate: { run: runSimulate, usage: SIMULATE_USAGE },
  demo: { run: runDemo, usage: DEMO_USAGE },
};

/** `so-soap <version>`, what `--version` prints (the version generated files name in their header). */
export const VERSION_TEXT = `so-soap ${GENERATOR_VERSION}\n`;

const isHelp = (a: string) => a === '--help' || a === '-h';
const isVersion = (a: string) => a === '--version' || a === '-V';

/** The usage text `--help` prints for `argv` (a command, or a chat subcommand). */
function usageOf(name: string, rest: readonly string[]): string {
  if (name === 'chat') {
    const sub = rest[0] !== undefined ? CHAT_SUBCOMMANDS[rest[0]] : undefined;
    if (sub) return sub.usage;
  }
  return commands[name].usage;
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
  const command = commands[name];
  if (!command) {
    io.stderr(`so-soap: unknown command "${name}"\n\n${USAGE}\n`);
    return EXIT.fatal;
  }
  if (rest.some(isHelp)) {
    io.stdout(`${usageOf(name, rest)}\n`);
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
    io.stderr(`so-soap ${name}: ${safeUrls(e instanceof Error ? `${e.name === 'Error' ? '' : `${e.name}: `}${e.message}` : String(e))}\n`);
    return EXIT.fatal;
  }
}

export const processIo: Io = {
  stdout: (s) => void process.stdout.write(s),
  stderr: (s) => void process.stderr.write(s),
  env: process.env,
};
