/** `so-soap simulate`: run the Chat service simulator until Ctrl-C / SIGTERM / SIGHUP (or, under npx, npm's end). */
import { parseArgs, UsageError } from './args.js';
import { alive } from '../batch/lock.js';
import type { Io } from './dynamic.js';
import { FaultSpecError, parseFaultSpec } from '../simulator/faults.js';
import { startSimulator } from '../simulator/server.js';
import type { EventEmitter } from 'node:events';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LoginInfo } from '../simulator/login/index.js';

/** `2s`, `500ms`, `10m`, `1h` (a bare number is seconds) → ms. */
export function parseDuration(text: string): number | undefined {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(text.trim());
  if (!m) return undefined;
  return Math.round(Number(m[1]) * { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[(m[2] ?? 's') as 'ms' | 's' | 'm' | 'h']);
}

function duration(value: string | undefined, name: string, dflt: number): number {
  if (value === undefined) return dflt;
  const ms = parseDuration(value);
  if (ms === undefined || ms < 1) throw new UsageError(`--${name} is a duration such as 2s, 500ms, 10m or 1h, got "${value}"`);
  return ms;
}

/** The application's private key and the first refresh token, in a new temporary folder (mode 0700, files 0600). */
function writeSignInFiles(login: LoginInfo): { dir: string; privateKey: string; refreshToken: string } {
  const dir = mkdtempSync(join(tmpdir(), 'so-soap-sim-'));
  const privateKey = join(dir, 'application-key.pem');
  const refreshToken = join(dir, 'refresh-token');
  writeFileSync(privateKey, login.privateKeyPem, { mode: 0o600 });
  writeFileSync(refreshToken, `${login.refreshToken}\n`, { mode: 0o600 });
  return { dir, privateKey, refreshToken };
}

/** The parent process of `pid` (via ps: Linux and macOS), or undefined. */
function parentOf(pid: number): number | undefined {
  try {
    const ppid = Number(execFileSync('ps', ['-o', 'ppid=', '-p', String(pid)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim());
    return Number.isInteger(ppid) && ppid > 1 ? ppid : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Under `npx so-soap simulate` (npm exec) the simulator runs as npm → sh → node, and npm does not
 * pass every end on: a SIGTERM, SIGHUP or SIGKILL of npm alone leaves the simulator running,
 * orphaned. So under npm it also stops when npm or the shell between ends. The processes are
 * noted at start (once npm is gone, the shell's parent no longer names it); run directly
 * (`node_modules/.bin/so-soap simulate &`, nohup) there is nothing to watch: it runs until stopped.
 */
function launchers(env: NodeJS.ProcessEnv): { parent: number; npm: number | undefined } | undefined {
  if (env.npm_command === undefined && env.npm_lifecycle_event === undefined) return undefined;
  return { parent: process.ppid, npm: parentOf(process.ppid) };
}

/** Calls `stop` once a launcher has ended (checked twice a second); returns the unwatch. */
function watchLaunchers(of: ReturnType<typeof launchers>, stop: () => void): () => void {
  if (!of) return () => {};
  const timer = setInterval(() => {
    if (process.ppid !== of.parent || (of.npm !== undefined && !alive(of.npm))) stop();
  }, 500);
  timer.unref();
  return () => clearInterval(timer);
}

export const SIMULATE_USAGE = `Usage: so-soap simulate [--port 0] [--seed N] [--sessions N] [--messages N|MIN-MAX] [--page-size N] [--message-bytes N] [--not-found null|exception] [--faults <spec>] [--ticket-ttl 1h] [--sign-window 5m] [--verbose]

Serve the Chat service (all 31 operations over SOAP 1.1 and over the REST Agents API's routes,
in-memory data seeded from --seed) on 127.0.0.1 until Ctrl-C. Prints the endpoint and the dev credentials to use with the chat commands.

  --port <n>          TCP port (default 0: a free one)
  --seed <n>          seed of the data and of fault decisions (default 1)
  --sessions <n>      sessions, ids 1..n (default 20)
  --messages <n|a-b>  messages per session (default 2-24)
  --page-size <n>     most messages one GetChatMessages answer carries (default 500)
  --message-bytes <n> every message's text padded to n characters when served (large pages:
                      --page-size 50 --message-bytes 1048576 answers pages of about 50 MiB)
  --not-found <mode>  a missing entity: null (default; SuperOffice documents "a failed call will
                      return NULL": SOAP a nil Response, REST 200 null) or exception (SOAP
                      Succeeded=false + SoEntityNotFoundException, REST 404)
  --faults <spec>     inject faults, comma-separated items:
                        <status>[@<retry-after s>][:<trigger>]   HTTP 4xx/5xx, nothing applied (429 sends Retry-After: 1 by default)
                        fault[:<trigger>]                        HTTP 500 SOAP Fault (REST: 500 with an error object), nothing applied
                        cut[:<trigger>]                          applied, then the connection is cut mid-response
                        latency=<ms>[-<ms>][:<trigger>]          added delay
                      trigger: a rate 0.05 or 5%, xN = the first N requests, /N = every N-th (default: every request)
                      e.g. 503:0.1,429@2:0.05,cut:0.02,latency=20ms
  --ticket-ttl <d>    lifetime of the tickets and tokens the sign-in side issues (default 1h; e.g. 2s, 500ms, 10m)
  --sign-window <d>   how old a signed system user token's timestamp may be (default 5m)
  --verbose           one line per request on stderr

The sign-in side (docs/guide/superoffice-online.md) is served too: PartnerSystemUser (REST and SOAP),
the OpenID metadata and JWKS, the OAuth token endpoint and SoPrincipal. The application's private key
and a refresh token are written to files in a new temporary folder (mode 0600, removed on stop).

GET /_sim/stats answers the request, fault and mutation counters as JSON.

Under npx (npm exec) it also stops when npm ends (npm does not pass every signal on).

Exit codes: 0 stopped (Ctrl-C, SIGTERM, SIGHUP); 1 usage error or the port cannot be opened.`;

export async function runSimulate(argv: string[], io: Io & { signals?: EventEmitter }): Promise<number> {
  const launchedBy = io.signals ? undefined : launchers(io.env);
  const args = parseArgs(argv, { values: ['port', 'seed', 'sessions', 'messages', 'page-size', 'message-bytes', 'not-found', 'faults', 'ticket-ttl', 'sign-window'], flags: ['verbose'] });
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
  const notFound = args.values['not-found'] ?? 'null';
  if (notFound !== 'null' && notFound !== 'exception') throw new UsageError('--not-found is null or exception');
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
    messageBytes: args.values['message-bytes'] === undefined ? undefined : int('message-bytes', 0, 1, 512 * 1024 * 1024),
    notFound,
    faults: args.values.faults,
    ticketTtlMs: duration(args.values['ticket-ttl'], 'ticket-ttl', 3_600_000),
    signWindowMs: duration(args.values['sign-window'], 'sign-window', 300_000),
    log: args.flags.has('verbose') ? (line) => io.stderr(`${line}\n`) : undefined,
  });
  const st = sim.stats;
  const files = writeSignInFiles(sim.login);
  io.stdout(
    `Chat simulator listening on ${sim.url} (${st.sessions} sessions, ${st.messages} messages${args.values.faults ? `, faults: ${args.values.faults}` : ''})\n` +
      `Dev credentials (this simulator only). Three ways to sign in; when more than one is set, a ticket wins, then the system user, then OAuth:\n` +
      `# 1. a ticket\n` +
      `export SO_ENDPOINT=${sim.endpoint}\n` +
      `export SO_APPLICATION_TOKEN=${sim.applicationToken}\n` +
      `export SO_TICKET='${sim.ticket}'\n` +
      `# 2. the system user (no SO_ENDPOINT: the token names it)\n` +
      `export SO_APPLICATION_TOKEN=${sim.applicationToken}\n` +
      `export SO_SYSTEM_USER_TOKEN=${sim.login.systemUserToken}\n` +
      `export SO_PRIVATE_KEY_FILE=${files.privateKey}\n` +
      `export SO_CONTEXT_ID=${sim.login.contextIdentifier}\n` +
      `export SO_LOGIN_BASE=${sim.login.base}\n` +
      `# 3. OAuth refresh token (the file is rewritten with each rotated token)\n` +
      `export SO_REFRESH_TOKEN_FILE=${files.refreshToken}\n` +
      `export SO_CLIENT_ID=${sim.login.clientId}\n` +
      `export SO_CLIENT_SECRET=${sim.applicationToken}\n` +
      `export SO_LOGIN_BASE=${sim.login.base}\n` +
      `# username/password (SoPrincipal, library only): ${sim.login.username} / ${sim.login.password}\n` +
      `Counters: ${sim.url}/_sim/stats\n` +
      `Ctrl-C to stop.\n`,
  );
  const emitter = io.signals ?? process;
  await new Promise<void>((resolve) => {
    // SIGHUP too: a closed terminal or a killed process group must not leave the key folder behind.
    const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
    let unwatch = () => {};
    const stop = () => {
      for (const signal of signals) emitter.off(signal, stop);
      unwatch();
      resolve();
    };
    for (const signal of signals) emitter.on(signal, stop);
    unwatch = watchLaunchers(launchedBy, stop);
  });
  const end = sim.stats;
  await sim.stop();
  rmSync(files.dir, { recursive: true, force: true });
  io.stderr(`simulator stopped: ${end.requests} requests, ${end.mutations.total} mutations (deleted ${end.mutations.deleted}, reset ${end.mutations.reset}, added ${end.mutations.added})\n`);
  return 0;
}
