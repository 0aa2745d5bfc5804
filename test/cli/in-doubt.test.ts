/**
 * The in-doubt rule of `chat reset` under every answer that may follow an applied reset (issue 14
 * §9): HTTP 500, 502, 504, a SOAP Fault and a timeout leave the reset in doubt — journaled
 * `unknown`, listed, and not sent again on resume without `--retry-in-doubt` — while 503, 429 and
 * `Succeeded=false` say it was not applied (failed, sent again on resume). Over REST, an error
 * object with a 5xx status is in doubt as a SOAP Fault is, and one with a 4xx is not applied. The fake service applies
 * nothing itself; only the CLI's classification is under test.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { runChat } from '../../src/cli/chat/index';
import { faultEnvelope, responseEnvelope } from '../helpers/soap';
import { startLocalServer, type LocalServer } from '../reliability/helpers';
import { inDoubtIds, tempDir } from './chat-helpers';

let tmp: ReturnType<typeof tempDir>;
let server: LocalServer;
/** How the next ResetChatSession of a session is answered. */
let answer: 'ok' | '500' | '502' | '504' | '503' | '429' | 'fault' | 'slow' | 'failed' | 'rest-500-object' | 'rest-500-aspnet' | 'rest-400-object' = 'ok';
let resets: number[] = [];

beforeAll(async () => {
  tmp = tempDir('so-soap-in-doubt-');
  server = await startLocalServer(async (req, res) => {
    const body = await new Promise<string>((r) => {
      let b = '';
      req.on('data', (c: Buffer) => (b += c.toString()));
      req.on('end', () => r(b));
    });
    const id = Number(/ChatSessionId(?:>|=|":\s*)(\d+)/i.exec(`${req.url} ${body}`)?.[1]);
    resets.push(id);
    if (req.url?.includes('/api/v1/Agents/Chat/ResetChatSession')) {
      // the REST Agents API: its error object (an exception the server did not handle, or one it
      // did), or ASP.NET's own error body
      const [status, json] =
        answer === 'rest-500-object'
          ? [500, { Error: true, ErrorType: 'SoServerException', ErrorMessage: 'boom', ErrorSource: 'NetServer' }]
          : answer === 'rest-400-object'
            ? [400, { Error: true, ErrorType: 'SoValidationException', ErrorMessage: 'no', ErrorSource: 'NetServer' }]
            : answer === 'rest-500-aspnet'
              ? [500, { Message: 'An error has occurred.' }]
              : [200, { ChatSessionId: id }];
      res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8' });
      return void res.end(JSON.stringify(json));
    }
    const xml = (status: number, text: string) => {
      res.writeHead(status, { 'Content-Type': 'text/xml; charset=utf-8' });
      res.end(text);
    };
    switch (answer) {
      case 'ok':
        return xml(200, responseEnvelope('ResetChatSession', `<Response><ChatSessionId>${id}</ChatSessionId></Response>`));
      case 'failed':
        return xml(200, responseEnvelope('ResetChatSession', '', { succeeded: false, exceptionInfo: '<ExceptionType>SoBusinessException</ExceptionType><Message>no</Message>' }));
      case 'fault':
        return xml(500, faultEnvelope('s:Server', 'The server was unable to process the request due to an internal error.'));
      case 'slow':
        return void setTimeout(() => xml(200, responseEnvelope('ResetChatSession', `<Response><ChatSessionId>${id}</ChatSessionId></Response>`)), 3000);
      default:
        res.writeHead(Number(answer), { 'Content-Type': 'text/plain' });
        return void res.end(`HTTP ${answer}`);
    }
  });
});
beforeAll(async () => {
  // Load the HTTP client once (undici loads on the first request), so no attempt below is slowed by it.
  answer = 'ok';
  await reset(join(tmp.dir, 'warm-up.journal'));
});

afterAll(async () => {
  await server.close();
  tmp.cleanup();
});

async function reset(journal: string, extra: string[] = [], endpoint = `${server.url}/Remote/Services88/Chat.svc`): Promise<{ code: number; summary: { counts: Record<string, number>; inDoubt: number[] } }> {
  const summaryPath = join(tmp.dir, `s-${Math.random()}.json`);
  const code = await runChat(['reset', '7', '--yes', '--no-progress', '--journal', journal, '--timeout', '2000', '--summary-json', summaryPath, ...extra], {
    stdout: () => undefined,
    stderr: () => undefined,
    env: { SO_ENDPOINT: endpoint, SO_TICKET: '7T:in-doubt-ticket' },
    stdin: Readable.from([]),
    stdinIsTTY: false,
  });
  return { code, summary: JSON.parse(readFileSync(summaryPath, 'utf8')) };
}

describe.each(['500', '502', '504', 'fault', 'slow', 'rest-500-object', 'rest-500-aspnet'] as const)('reset answered %s', (kind) => {
  test('is in doubt: journaled unknown, listed, not sent again on resume', async () => {
    const journal = join(tmp.dir, `${kind}.journal`);
    answer = kind;
    resets = [];
    const rest = kind.startsWith('rest-') ? ['--transport', 'rest'] : [];
    const first = await reset(journal, rest);
    const why = { slow: /TimeoutError/, fault: /SoapFaultError/, 'rest-500-object': /SoExceptionError: .*SoServerException/, 'rest-500-aspnet': /HTTP 500/ }[kind as string] ?? new RegExp(`HTTP ${kind}`);
    expect(first.summary).toMatchObject({ counts: { 'in doubt': 1 }, firstErrors: [{ id: 7, error: expect.stringMatching(why) }] });
    expect(first.summary.inDoubt).toEqual([7]);
    expect(inDoubtIds(journal)).toEqual([7]);
    expect(first.code).toBe(2);

    answer = 'ok';
    const resumed = await reset(journal, rest);
    expect(resumed.summary.counts).toEqual({ 'in doubt (not re-sent)': 1 });
    expect(resets).toEqual([7]); // only the first run's attempt
    expect(resumed.code).toBe(2);

    const retried = await reset(journal, [...rest, '--retry-in-doubt']);
    expect(retried.summary.counts).toEqual({ 'reset (in doubt, sent again)': 1 });
    expect(retried.code).toBe(0);
  });
});

describe.each(['503', '429', 'failed', 'rest-400-object'] as const)('reset answered %s', (kind) => {
  test('was not applied: failed, sent again on resume', async () => {
    const journal = join(tmp.dir, `${kind}.journal`);
    answer = kind;
    resets = [];
    const rest = kind.startsWith('rest-') ? ['--transport', 'rest'] : [];
    const first = await reset(journal, rest);
    expect(first.summary.counts).toEqual({ 'failed (not applied)': 1 });
    expect(inDoubtIds(journal)).toEqual([]);
    answer = 'ok';
    const resumed = await reset(journal, rest);
    expect(resumed.summary.counts).toEqual({ 'reset (failed earlier, sent again)': 1 });
    expect(resets).toEqual([7, 7]);
  });
});

test('a connection that never opened (refused): not sent, so not applied: failed, sent again on resume', async () => {
  const closed = await startLocalServer((_req, res) => void res.end());
  const refused = `${closed.url}/Chat.svc`;
  await closed.close(); // nothing listens on that port now
  const journal = join(tmp.dir, 'refused.journal');
  resets = [];
  const first = await reset(journal, [], refused);
  expect(first.summary).toMatchObject({ counts: { 'failed (not applied)': 1 }, inDoubt: [], firstErrors: [{ id: 7, error: expect.stringMatching(/ECONNREFUSED/) }] });
  expect(inDoubtIds(journal)).toEqual([]);
  answer = 'ok';
  // (the service is back, at another port: the same job, deliberately)
  const resumed = await reset(journal, ['--force-resume']);
  expect(resumed.summary.counts).toEqual({ 'reset (failed earlier, sent again)': 1 });
  expect(resets).toEqual([7]);
  expect(resumed.code).toBe(0);
});
