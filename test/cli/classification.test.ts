/**
 * Errors are classified by exception type, never by their text (issue 14 §4): "not found" and
 * "authentication failed" come from `ExceptionInfo.ExceptionType` (and the HTTP status over REST);
 * a business error whose message happens to say "not found" or "ticket" is a failure of that id.
 * In the library, a provider-backed client refreshes and replays only on an authentication failure.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { createChatClient, HttpError, isAuthenticationFailure, SoExceptionError } from '../../src/index';
import { isNotFound } from '../../src/cli/chat/common';
import { runChat } from '../../src/cli/chat/index';
import { AUTHENTICATION_EXCEPTION_TYPES, NOT_FOUND_EXCEPTION_TYPES } from '../../src/runtime/client/exception-types';
import { fakeFetch, responseEnvelope, xmlResponse } from '../helpers/soap';
import { readBody, startLocalServer, type LocalServer } from '../reliability/helpers';
import { tempDir } from './chat-helpers';

const soEx = (type: string | undefined, text: string, status?: number) => new SoExceptionError({ ExceptionType: type, Message: text, FriendlyText: text }, { operation: 'Op', status });

describe('the exception types, in one place', () => {
  test.each([
    ['SoEntityNotFoundException', 'x', true],
    ['SuperOffice.CRM.SoEntityNotFoundException', 'x', true], // a namespace-qualified type name
    ['SoBusinessException', 'Template "welcome" not found', false],
    ['SoValidationException', 'The referenced contact does not exist', false],
    [undefined, 'ChatSession with id 7 was not found', false],
    ['NotFoundish', 'x', false],
  ])('not found: %s "%s" → %s', (type, text, expected) => {
    expect(isNotFound(soEx(type, text))).toBe(expected);
  });

  test.each([
    ['SoAuthenticationException', 'x', true],
    ['SuperOffice.Exceptions.SoAuthenticationException', 'x', true],
    ['SoBusinessException', 'The ticket category is closed', false],
    ['TicketPriorityException', 'x', false],
    ['SoValidationException', 'Invalid credentials field on the contact', false],
    [undefined, 'You are not logged in: ticket expired', false],
  ])('authentication: %s "%s" → %s', (type, text, expected) => {
    expect(isAuthenticationFailure(soEx(type, text))).toBe(expected);
  });

  test('over REST the HTTP status decides too: 401 is authentication, whatever the error object says', () => {
    expect(isAuthenticationFailure(soEx('SoServerException', 'x', 401))).toBe(true);
    expect(isAuthenticationFailure(new HttpError(401))).toBe(true);
    expect(isAuthenticationFailure(new HttpError(403))).toBe(false);
    expect(isNotFound(soEx('SoServerException', 'not found', 404))).toBe(false);
  });

  test('every listed name is a plain .NET type name', () => {
    for (const name of [...NOT_FOUND_EXCEPTION_TYPES, ...AUTHENTICATION_EXCEPTION_TYPES]) expect(name).toMatch(/^So[A-Za-z]+$/);
  });
});

describe('the client: refresh and replay only on an authentication failure', () => {
  const failedEnvelope = (type: string, text: string) =>
    responseEnvelope('ResetChatSession', '', { succeeded: false, exceptionInfo: `<ExceptionType>${type}</ExceptionType><Message>${text}</Message><FriendlyText>${text}</FriendlyText>` });

  test('a business error mentioning the ticket is thrown as it is: no refresh, no replay', async () => {
    let asked = 0;
    const fetch = fakeFetch(() => xmlResponse(failedEnvelope('SoBusinessException', 'Ticket 4711 of this customer is closed')));
    const chat = createChatClient({ endpoint: 'http://127.0.0.1:9/Chat.svc', credentials: () => `7T:t${++asked}`, fetch });
    await expect(chat.resetChatSession({ ChatSessionId: 1 })).rejects.toThrow(SoExceptionError);
    expect(asked).toBe(1);
    expect(fetch.requests).toHaveLength(1);
  });

  test('SoAuthenticationException: refreshed once and replayed', async () => {
    let asked = 0;
    const fetch = fakeFetch((_r, i) => xmlResponse(i === 0 ? failedEnvelope('SoAuthenticationException', 'You are not logged in') : responseEnvelope('ResetChatSession', '<Response xmlns:i="http://www.w3.org/2001/XMLSchema-instance" i:nil="true"/>')));
    const chat = createChatClient({ endpoint: 'http://127.0.0.1:9/Chat.svc', credentials: () => `7T:t${++asked}`, fetch });
    await chat.resetChatSession({ ChatSessionId: 1 });
    expect(asked).toBe(2);
    expect(fetch.requests).toHaveLength(2);
  });
});

describe('the batch commands', () => {
  let tmp: ReturnType<typeof tempDir>;
  let server: LocalServer;
  /** What the fake service answers per session id: an exception (type, text) or NULL. */
  const answers = new Map<number, { type: string; text: string } | 'null'>();
  const applied: string[] = [];

  beforeAll(async () => {
    tmp = tempDir('so-soap-classify-');
    server = await startLocalServer(async (req, res) => {
      const body = await readBody(req);
      const op = String(req.headers.soapaction).replace(/.*\/|"/g, '');
      const id = Number(/<(?:\w+:)?(?:ChatSessionEntityId|ChatSessionId)>(\d+)</.exec(body)?.[1]);
      const answer = answers.get(id);
      res.writeHead(200, { 'Content-Type': 'text/xml; charset=utf-8' });
      if (answer === undefined) {
        applied.push(`${op} ${id}`);
        const inner = op === 'ResetChatSession' ? `<Response><ChatSessionId>${id}</ChatSessionId></Response>` : '';
        res.end(responseEnvelope(op, inner));
      } else if (answer === 'null') {
        res.end(responseEnvelope(op, op === 'DeleteChatSessionEntity' ? '' : '<Response xmlns:i="http://www.w3.org/2001/XMLSchema-instance" i:nil="true"/>'));
      } else {
        res.end(responseEnvelope(op, '', { succeeded: false, exceptionInfo: `<ExceptionType>${answer.type}</ExceptionType><Message>${answer.text}</Message><FriendlyText>${answer.text}</FriendlyText>` }));
      }
    });
  });
  afterAll(async () => {
    await server.close();
    tmp.cleanup();
  });
  beforeEach(() => {
    answers.clear();
    applied.length = 0;
  });

  async function run(args: string[]): Promise<{ code: number; stderr: string; summary: { counts: Record<string, number>; fatal?: string } }> {
    let stderr = '';
    const summaryPath = join(tmp.dir, `s-${Math.random()}.json`);
    const code = await runChat([...args, '--yes', '--no-progress', '--summary-json', summaryPath], {
      stdout: () => undefined,
      stderr: (s) => void (stderr += s),
      env: { SO_ENDPOINT: `${server.url}/Chat.svc`, SO_TICKET: '7T:classify-ticket' },
      stdin: Readable.from([]),
      stdinIsTTY: false,
    });
    return { code, stderr, summary: JSON.parse(readFileSync(summaryPath, 'utf8')) };
  }

  test('delete: a business error saying "not found" is a failure of that id, not "already gone"', async () => {
    answers.set(2, { type: 'SoBusinessException', text: 'Cannot delete: archive folder not found' });
    answers.set(3, { type: 'SoEntityNotFoundException', text: 'ChatSession 3' });
    const r = await run(['delete', '1', '2', '3']);
    expect(r.summary.counts).toEqual({ 'deleted or already gone': 1, 'failed (not applied)': 1, 'already gone': 1 });
    expect(r.code).toBe(2);
  });

  test('reset: a business error mentioning the ticket fails that id; the job goes on (no fatal, exit 2)', async () => {
    answers.set(1, { type: 'SoBusinessException', text: 'The ticket attached to this session is locked' });
    const r = await run(['reset', '1', '2', '3']);
    expect(r.summary.fatal).toBeUndefined();
    expect(r.summary.counts).toEqual({ reset: 2, 'failed (not applied)': 1 });
    expect(applied).toEqual(expect.arrayContaining(['ResetChatSession 2', 'ResetChatSession 3']));
    expect(r.code).toBe(2);
  });

  test('reset: SoAuthenticationException is fatal (exit 1)', async () => {
    answers.set(1, { type: 'SoAuthenticationException', text: 'You are not logged in' });
    const r = await run(['reset', '1', '--concurrency', '1']);
    expect(r.summary.fatal).toMatch(/SoAuthenticationException/);
    expect(r.code).toBe(1);
  });

  test('reset: a NULL answer (the documented "not found" of the agents) is "not found"', async () => {
    answers.set(2, 'null');
    const r = await run(['reset', '1', '2']);
    expect(r.summary.counts).toEqual({ reset: 1, 'not found': 1 });
    expect(r.code).toBe(2);
  });
});
