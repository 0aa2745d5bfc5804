#!/usr/bin/env node
/**
 * The `so-soap` command line: one entry point, one module per command.
 */
import { runGenerate } from '../../codegen/cli.js';

const USAGE = `Usage: so-soap <command> [options]

Commands:
  generate   generate typed TypeScript from a Services88 WSDL (--help for options)
`;

const io = {
  stdout: (s: string) => void process.stdout.write(s),
  stderr: (s: string) => void process.stderr.write(s),
};

type Command = (argv: string[]) => Promise<number>;

const commands: Record<string, Command> = {
  generate: (argv) => runGenerate(argv, io),
};

export async function main(argv: string[]): Promise<number> {
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
  return command(rest);
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      process.stderr.write(`so-soap: ${e instanceof Error ? e.message : String(e)}\n`);
      process.exitCode = 1;
    },
  );
}
