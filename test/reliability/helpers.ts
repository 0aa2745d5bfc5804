/**
 * Shared pieces of the reliability suite (issue 6): the figures every file reports, the check that
 * an outcome is one of the documented errors, local HTTP servers on 127.0.0.1 that count what they
 * see, and the secret scanner.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { SoSoapError } from '../../src/runtime/client/errors';

/** The fixed seed of every property in the suite (CI is deterministic). */
export const SEED = 20240606;

// ---------------------------------------------------------------------------------------------
// figures

/**
 * Counters of one test file, printed as one `[reliability] <suite>: …` line on stdout when the file
 * ends (and kept as JSON in the temp directory), so the README's numbers come from a run.
 */
export function figures(suite: string) {
  const counts = new Map<string, number>();
  const notes: string[] = [];
  const api = {
    add(key: string, n = 1): void {
      counts.set(key, (counts.get(key) ?? 0) + n);
    },
    get(key: string): number {
      return counts.get(key) ?? 0;
    },
    note(text: string): void {
      notes.push(text);
    },
    report(): void {
      const fields = [...counts].map(([k, v]) => `${k}=${v}`).join(' ');
      process.stdout.write(`[reliability] ${suite}: ${fields}${notes.length ? ` | ${notes.join('; ')}` : ''}\n`);
      try {
        const dir = join(tmpdir(), 'so-soap-reliability');
        mkdirSync(dir, { recursive: true });
        writeFileSync(join(dir, `${suite}.json`), JSON.stringify({ suite, at: new Date().toISOString(), counts: Object.fromEntries(counts), notes }, null, 2));
      } catch {
        // the figures file is a convenience; the stdout line is the record
      }
    },
  };
  afterAll(() => api.report());
  return api;
}

// ---------------------------------------------------------------------------------------------
// outcomes

/** Run `fn` and return what it threw (fails when it returned). */
export function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e) {
    return e;
  }
  throw new Error('expected an error, but the call returned');
}

/** Await `p` and return its rejection (fails when it resolved). */
export async function rejection(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (e) {
    return e;
  }
  throw new Error('expected a rejection, but the call resolved');
}

/** Whether `e` is one of the project's error classes. */
export function isProjectError(e: unknown): e is SoSoapError {
  return e instanceof SoSoapError;
}

/** A short description of an unexpected outcome, for assertion messages. */
export function describeOutcome(e: unknown): string {
  if (e instanceof Error) return `${e.constructor.name} ${e.name}: ${e.message.slice(0, 300)}`;
  return inspect(e, { depth: 2 }).slice(0, 300);
}

// ---------------------------------------------------------------------------------------------
// local servers

export interface LocalServer {
  readonly url: string;
  readonly port: number;
  readonly server: Server;
  /** Requests received (every request line the server parsed). */
  readonly requests: number;
  /** Connections accepted. */
  readonly connections: number;
  /** Requests by SOAPAction operation name (last path segment of the action). */
  readonly byOperation: Map<string, number>;
  /** Sockets currently open. */
  readonly sockets: Set<Socket>;
  close(): Promise<void>;
}

export type Handler = (req: IncomingMessage, res: ServerResponse, n: number, server: LocalServer) => void | Promise<void>;

/** A node:http server on 127.0.0.1 (any free port) that counts requests and connections. */
export async function startLocalServer(handler: Handler, setup?: (server: Server) => void): Promise<LocalServer> {
  const sockets = new Set<Socket>();
  const byOperation = new Map<string, number>();
  const counts = { requests: 0, connections: 0 };
  const server = createServer((req, res) => {
    counts.requests++;
    const action = String(req.headers.soapaction ?? '').replace(/"/g, '');
    const op = action.slice(action.lastIndexOf('/') + 1);
    if (op) byOperation.set(op, (byOperation.get(op) ?? 0) + 1);
    void Promise.resolve(handler(req, res, counts.requests, local)).catch(() => res.destroy());
  });
  server.on('connection', (s: Socket) => {
    counts.connections++;
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  setup?.(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const local: LocalServer = {
    url: `http://127.0.0.1:${port}`,
    port,
    server,
    get requests() {
      return counts.requests;
    },
    get connections() {
      return counts.connections;
    },
    byOperation,
    sockets,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const s of sockets) s.destroy();
      }),
  };
  return local;
}

/** Read a request body fully. */
export function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

// ---------------------------------------------------------------------------------------------
// secrets

/** Every textual rendering of an error a user or a log pipeline may see. */
export function renderings(e: unknown): string[] {
  const out: string[] = [String(e)];
  if (e instanceof Error) {
    out.push(e.message, e.stack ?? '');
    out.push(JSON.stringify(e));
    if (e instanceof SoSoapError) out.push(JSON.stringify(e.toJSON()));
  }
  // The debug dump: everything util.inspect shows, the cause chain included.
  out.push(inspect(e, { depth: Infinity, showHidden: false, maxStringLength: Infinity, maxArrayLength: Infinity, breakLength: Infinity }));
  // Stack frames name code, never data: left out, so that a secret piece that happens to spell an
  // identifier (fast-check shrinks towards such words) is no false alarm.
  return out.map((t) => t.replace(/^ +at .*$/gm, ''));
}

/** The base64 text of `secret` that shows whatever bytes precede it (0, 1 or 2 filler bytes): the characters its bytes alone decide. */
export function base64Cores(secret: string): string[] {
  const bytes = Buffer.from(secret, 'utf8');
  const out: string[] = [Buffer.from(bytes).toString('base64').replace(/=+$/, '')];
  for (const k of [1, 2]) {
    const b64 = Buffer.concat([Buffer.alloc(k, 0xff), bytes]).toString('base64');
    // Character j covers bits [6j, 6j+6): the secret's bits are [8k, 8(k+n)).
    const first = Math.ceil((8 * k) / 6);
    const last = Math.floor((8 * (k + bytes.length)) / 6); // exclusive
    out.push(b64.slice(first, last));
  }
  return out;
}

/**
 * The forms a secret may take in text: as it is, XML-escaped, JSON-escaped, URL-encoded, as decimal
 * and hex character references (also `&amp;`-escaped once more), base64 (any alignment), and (compared
 * case-insensitively by `findSecret`) case-changed.
 */
export function secretForms(secret: string): string[] {
  const xml = secret.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const dec = [...secret].map((c) => `&#${c.codePointAt(0)};`).join('');
  const hex = [...secret].map((c) => `&#x${c.codePointAt(0)!.toString(16)};`).join('');
  const forms = new Set([secret, xml, xml.replace(/"/g, '&quot;').replace(/'/g, '&apos;'), JSON.stringify(secret).slice(1, -1)]);
  for (const f of [encodeURIComponent(secret), dec, hex, dec.replace(/&/g, '&amp;'), hex.replace(/&/g, '&amp;'), ...base64Cores(secret)]) forms.add(f);
  return [...forms];
}

/**
 * The first place (rendering and form) where `secret` or a long piece of it shows, or undefined.
 * A piece counts from `minPiece` characters: a clipped message must not keep a prefix of a secret.
 */
export function findSecret(texts: readonly string[], secret: string, minPiece = 12): string | undefined {
  const b64 = new Set(base64Cores(secret));
  for (const raw of texts) {
    for (const rawForm of secretForms(secret)) {
      // Base64 is case-sensitive; every other form is looked for case-insensitively (an echo may change case).
      const [text, form] = b64.has(rawForm) ? [raw, rawForm] : [raw.toLowerCase(), rawForm.toLowerCase()];
      if (text.includes(form)) return `full secret (${JSON.stringify(rawForm.slice(0, 30))}) in: ${raw.slice(0, 400)}`;
      if (form.length > minPiece) {
        for (let i = 0; i + minPiece <= form.length; i++) {
          const piece = form.slice(i, i + minPiece);
          if (text.includes(piece)) return `secret piece "${piece}" in: ${process.env.RELIABILITY_DEBUG ? raw : raw.slice(0, 400)}`;
        }
      }
    }
  }
  return undefined;
}
