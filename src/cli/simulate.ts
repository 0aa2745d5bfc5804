/** `so-soap simulate`: run the Chat service simulator until Ctrl-C / SIGTERM. */
import { parseArgs, UsageError } from './args.js';
import type { Io } from './dynamic.js';
import { FaultSpecError, parseFaultSpec } from '../simulator/faults.js';
import { startSimulator } from '../simulator/server.js';
import type { EventEmitter } from 'node:events';

export const SIMULATE_USAGE = `Usage: so-soap simulate [--port 0] [--seed N] [--sessions N] [--messages N|MIN-MAX] [--page-size N] [--faults <spec>] [--verbose]

Serve the Chat service (SOAP 1.1, all 31 operations, in-memory data seeded from --seed) on 127.0.0.1
until Ctrl-C. Prints the endpoint and the dev credentials to use with the chat commands.

  --port <n>          TCP port (default 0: a free one)
  --seed <n>          seed of the data and of fault decisions (default 1)
  --sessions <n>      sessions, ids 1..n (default 20)
  --messages <n|a-b>  messages per session (default 2-24)
  --page-size <n>     most messages one GetChatMessages answer carries (default 500)
  --faults <spec>     inject faults, comma-separated items:
                        <status>[@<retry-after s>][:<trigger>]   HTTP 4xx/5xx, nothing applied (429 sends Retry-After: 1 by default)
                        fault[:<trigger>]                        HTTP 500 SOAP Fault, nothing applied
                        cut[:<trigger>]                          applied, then the connection is cut mid-response
                        latency=<ms>[-<ms>][:<trigger>]          added delay
                      trigger: a rate 0.05 or 5%, xN = the first N requests, /N = every N-th (default: every request)
                      e.g. 503:0.1,429@2:0.05,cut:0.02,latency=20ms
  --verbose           one line per request on stderr

GET /_sim/stats answers the request, fault and mutation counters as JSON.

Exit codes: 0 stopped (Ctrl-C, SIGTERM); 1 usage error or the port cannot be opened.`;

export async function runSimulate(argv: string[], io: Io & { signals?: EventEmitter }): Promise<number> {
  const args = parseArgs(argv, { values: ['port', 'seed', 'sessions', 'messages', 'page-size', 'faults'], flags: ['verbose'] });
  const int = (name: string, dflt: number, min: number, max: number): number => {
    const v = args.values[name];
    if (v === undefined) return dflt;
    if (!/^\d+$/.test(v) || Number(v) < min || Number(v) > max) throw new UsageError(`--${name} must be an integer from ${min} to ${max}`);
    return Number(v);
  };
  let messagesPerSession: number | [number, number] | undefined;
  const m = args.values.messages;
  if (m !== undefined) {
    const r = /^(\d+)(?:-(\d+))?$/.exec(m);
    if (!r || (r[2] !== undefined && Number(r[2]) < Number(r[1]))) throw new UsageError('--messages is N or MIN-MAX');
    messagesPerSession = r[2] === undefined ? Number(r[1]) : [Number(r[1]), Number(r[2])];
  }
  try {
    parseFaultSpec(args.values.faults);
  } catch (e) {
    if (e instanceof FaultSpecError) throw new UsageError(e.message);
    throw e;
  }
  const sim = await startSimulator({
    port: int('port', 0, 0, 65535),
    seed: int('seed', 1, 0, 2 ** 31 - 1),
    sessions: int('sessions', 20, 0, 10_000_000),
    messagesPerSession,
    pageSize: int('page-size', 500, 1, 1_000_000),
    faults: args.values.faults,
    log: args.flags.has('verbose') ? (line) => io.stderr(`${line}\n`) : undefined,
  });
  const st = sim.stats;
  io.stdout(
    `Chat simulator listening on ${sim.url} (${st.sessions} sessions, ${st.messages} messages${args.values.faults ? `, faults: ${args.values.faults}` : ''})\n` +
      `Dev credentials (this simulator only):\n` +
      `export SO_ENDPOINT=${sim.endpoint}\n` +
      `export SO_APPLICATION_TOKEN=${sim.applicationToken}\n` +
      `export SO_TICKET='${sim.ticket}'\n` +
      `Counters: ${sim.url}/_sim/stats\n` +
      `Ctrl-C to stop.\n`,
  );
  const emitter = io.signals ?? process;
  await new Promise<void>((resolve) => {
    const stop = () => {
      emitter.off('SIGINT', stop);
      emitter.off('SIGTERM', stop);
      resolve();
    };
    emitter.on('SIGINT', stop);
    emitter.on('SIGTERM', stop);
  });
  const end = sim.stats;
  await sim.stop();
  io.stderr(`simulator stopped: ${end.requests} requests, ${end.mutations.total} mutations (deleted ${end.mutations.deleted}, reset ${end.mutations.reset}, added ${end.mutations.added})\n`);
  return 0;
}
