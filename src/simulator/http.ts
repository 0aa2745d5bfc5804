/** HTTP plumbing the simulator's SOAP and REST routes share. */
import type { IncomingMessage } from 'node:http';

/** The largest request body the simulator reads. */
export const MAX_REQUEST_BYTES = 16 * 1024 * 1024;

/** The request body, or undefined when it is larger than `MAX_REQUEST_BYTES` (the rest is drained, not kept). */
export function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let total = 0;
    let tooLarge = false;
    req.on('data', (c: Buffer) => {
      total += c.length;
      if (total > MAX_REQUEST_BYTES) tooLarge = true;
      else chunks.push(c);
    });
    req.on('end', () => resolve(tooLarge ? undefined : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}
