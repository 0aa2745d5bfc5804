/** Secrets for the CLI come from the environment or a file, never from argv. */
import { readFileSync } from 'node:fs';
import { UsageError } from './args.js';

export interface Secrets {
  applicationToken?: string;
  ticket?: string;
}

export function readSecrets(env: NodeJS.ProcessEnv): Secrets {
  const out: Secrets = {};
  if (env.SO_APPLICATION_TOKEN) out.applicationToken = env.SO_APPLICATION_TOKEN;
  if (env.SO_TICKET) out.ticket = env.SO_TICKET;
  else if (env.SO_TICKET_FILE) {
    try {
      out.ticket = readFileSync(env.SO_TICKET_FILE, 'utf8').trim();
    } catch (e) {
      throw new UsageError(`cannot read SO_TICKET_FILE: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
    if (!out.ticket) throw new UsageError('SO_TICKET_FILE is empty');
  }
  return out;
}
