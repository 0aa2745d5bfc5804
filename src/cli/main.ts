/**
 * The `so-soap` command line: one entry point, one module per command. Exit codes: 0 done,
 * 1 failed, 2 usage or input error (and 2 = partial for batch commands), 3 SOAP Fault.
 */
import { runGenerate } from '../../codegen/cli.js';
import { UsageError } from './args.js';
import { runChat } from './chat/index.js';
import { DEMO_USAGE, runDemo } from './demo.js';
import { runSimulate, SIMULATE_USAGE } from './simulate.js';
import { CALL_USAGE, DECODE_USAGE, ENVELOPE_USAGE, runCall, runDecode, runEnvelope, type Io } from './dynamic.js';

const USAGE = `Usage: so-soap <command> [options]

Commands:
  generate   generate typed TypeScript from a Services88 WSDL
  envelope   print the SOAP request envelope of an operation (offline)
  decode     decode a SOAP response of an operation to JSON
  call       call an operation of any Services88 WSDL
  chat       batch jobs on chat data: export | delete | reset | follow
  simulate   serve a simulator of the Chat service on 127.0.0.1
  demo       the batch job against an embedded simulator (npm start)
  (run a command with --help for its options)
`;

type Command = { run: (argv: string[], io: Io) => Promise<number>; usage: string };

const commands: Record<string, Command> = {
  generate: { run: (argv, io) => runGenerate(argv, io), usage: '' },
  envelope: { run: runEnvelope, usage: ENVELOPE_USAGE },
  decode: { run: runDecode, usage: DECODE_USAGE },
  call: { run: runCall, usage: CALL_USAGE },
  chat: { run: runChat, usage: '' }, // handles --help per subcommand itself
  simulate: { run: runSimulate, usage: SIMULATE_USAGE },
  demo: { run: runDemo, usage: DEMO_USAGE },
};

/** Register more commands (the chat batch commands and the simulator add themselves here). */
export function addCommand(name: string, command: Command): void {
  commands[name] = command;
}

export async function main(argv: string[], io: Io): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h') {
    io.stdout(USAGE);
    return name ? 0 : 2;
  }
  const command = commands[name];
  if (!command) {
    io.stderr(`so-soap: unknown command "${name}"\n\n${USAGE}`);
    return 2;
  }
  if (command.usage && (rest.includes('--help') || rest.includes('-h'))) {
    io.stdout(`${command.usage}\n`);
    return 0;
  }
  try {
    return await command.run(rest, io);
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr(`so-soap ${name}: ${e.message}\n${command.usage ? `\n${command.usage}\n` : ''}`);
      return 2;
    }
    io.stderr(`so-soap ${name}: ${e instanceof Error ? `${e.name === 'Error' ? '' : `${e.name}: `}${e.message}` : String(e)}\n`);
    return 1;
  }
}

export const processIo: Io = {
  stdout: (s) => void process.stdout.write(s),
  stderr: (s) => void process.stderr.write(s),
  env: process.env,
};
