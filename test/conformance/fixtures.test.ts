/**
 * The committed Chat wire fixtures (test/fixtures/<Op>__<case>/, recorded from the oracle by
 * test/conformance/record_fixtures.py) checked with NO oracle: `npm test` checks all 31 Chat
 * operations even where Python/zeep/xmllint and ../shared are missing.
 *
 * Per fixture:
 *   - our `encodeRequest(ChatService, …)` of args.json, with dump.py's header values, equals
 *     request.xml canonically after the same redaction (header secrets → `***`), compared with
 *     canon.ts (which prints canon.py's form: request.xml is a fixed point of it);
 *   - `toJsonForm(decodeResponse(response.xml))` equals response.json, and failed.xml → failed.json
 *     (the named exceptions of exceptions.ts, nothing else);
 *   - through `createChatClient` with an injected fetch: the SOAPAction (quoted) and Content-Type
 *     sent equal http.json, the body sent equals request.xml, the method resolves to the wrapper's
 *     `Response` for response.xml and rejects with SoExceptionError for failed.xml.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { encodeRequest } from '../../src/codec';
import { ChatService } from '../../src/generated/chat';
import { createChatClient } from '../../src/index';
import { resultOf } from '../../src/runtime/client/client';
import { SoExceptionError, ResponseFormatError } from '../../src/runtime/client/errors';
import { toJsonForm } from '../../src/runtime/codec/values';
import { canonicalXml } from './canon';
import { compareResponse, isListed } from './exceptions';
import { jsonDiff } from './json-diff';

const FIXTURES = join(__dirname, '..', 'fixtures');
const FILES = ['args.json', 'request.xml', 'http.json', 'response.xml', 'response.json', 'failed.xml', 'failed.json'] as const;
/** dump.py's header values (characters that need escaping); stored redacted as `***`. */
const APP_TOKEN = 'app&<token>';
const TICKET = `7T:ticket"'<x>`;

const folders = existsSync(FIXTURES) ? readdirSync(FIXTURES).filter((n) => n.includes('__')).sort() : [];
const read = (folder: string, file: string) => readFileSync(join(FIXTURES, folder, file), 'utf8');
const json = (folder: string, file: string) => JSON.parse(read(folder, file));

function headersFor(op: string): Record<string, unknown> {
  const all: Record<string, unknown> = { ApplicationToken: APP_TOKEN, Credentials: { Ticket: TICKET } };
  return Object.fromEntries(Object.entries(all).filter(([k]) => ChatService.operations[op].inputHeaders.includes(k)));
}

describe('committed Chat fixtures (test/fixtures, no oracle needed)', () => {
  test('every one of the 31 Chat operations has a __sample fixture with all of dump.py\'s files', () => {
    const ops = Object.keys(ChatService.operations).sort();
    expect(ops).toHaveLength(31);
    expect(folders.filter((f) => f.endsWith('__sample')).map((f) => f.replace(/__sample$/, '')).sort()).toEqual(ops);
    for (const f of folders) {
      expect(ops).toContain(f.split('__')[0]);
      for (const file of FILES) expect(existsSync(join(FIXTURES, f, file)) ? file : `${f}/${file} is missing`).toBe(file);
    }
  });

  test('no secret is stored in any fixture (redacted to ***)', () => {
    const forms = [APP_TOKEN, TICKET].flatMap((s) => [s, s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;'), JSON.stringify(s).slice(1, -1), 'app&amp;', '7T:ticket']);
    const leaks = folders.flatMap((f) => FILES.filter((file) => forms.some((s) => read(f, file).includes(s))).map((file) => `${f}/${file}`));
    expect(leaks).toEqual([]);
    const withHeaders = folders.filter((f) => ChatService.operations[f.split('__')[0]].inputHeaders.includes('Credentials'));
    for (const f of withHeaders) expect(read(f, 'request.xml')).toMatch(/<ns0:ApplicationToken>\*\*\*<\/ns0:ApplicationToken>[\s\S]*<ns0:Ticket>\*\*\*<\/ns0:Ticket>/);
  });

  describe.each(folders.map((f) => [f]))('%s', (folder) => {
    const op = folder.split('__')[0];
    const id = `Chat/${op}`;
    const sampleWithRepeatedKey = folder.endsWith('__sample') && isListed('sampler-repeats-dictionary-key', id);

    test('our request equals request.xml canonically (secrets redacted on both sides)', () => {
      const stored = read(folder, 'request.xml');
      const ours = encodeRequest(ChatService, op, json(folder, 'args.json'), headersFor(op));
      // the secrets really are in our request before redaction (escaped), and only there
      expect(canonicalXml(ours)).toContain('app&amp;&lt;token&gt;');
      expect(canonicalXml(stored)).toBe(stored);
      expect(canonicalXml(ours, { redact: true })).toBe(stored);
    });

    for (const kind of ['response', 'failed'] as const) {
      test(`${kind}.xml decodes to ${kind}.json`, () => {
        const c = compareResponse(ChatService, id, read(folder, `${kind}.xml`), json(folder, `${kind}.json`));
        // exceptions.ts 'sampler-repeats-dictionary-key': the sample repeats a key, we reject it
        expect(c.duplicateKey === true).toBe(sampleWithRepeatedKey);
        expect(c.diffs).toEqual([]);
      });
    }

    test('through createChatClient: SOAPAction and Content-Type of http.json, the same body, the typed result', async () => {
      const http = json(folder, 'http.json') as Record<string, string>;
      const sent: { headers: Headers; body: string }[] = [];
      let reply = 'response';
      const client = createChatClient({
        endpoint: 'http://127.0.0.1:9/Remote/Services88/Chat.svc',
        applicationToken: APP_TOKEN,
        credentials: TICKET,
        retry: false,
        fetch: async (_url, init) => {
          sent.push({ headers: new Headers(init?.headers), body: String(init?.body) });
          return new Response(read(folder, `${reply}.xml`), { status: 200, headers: { 'Content-Type': 'text/xml; charset=utf-8' } });
        },
      }) as unknown as Record<string, (input: unknown) => Promise<unknown>>;
      const method = ChatService.operations[op].method;
      const args = json(folder, 'args.json');
      if (sampleWithRepeatedKey) {
        await expect(client[method](args)).rejects.toBeInstanceOf(ResponseFormatError);
      } else {
        const data = await client[method](args);
        const want = json(folder, 'response.json') as { body: Record<string, unknown> | null };
        const expected = want.body === null ? undefined : resultOf(ChatService.operations[op], want.body);
        expect(jsonDiff(data === undefined ? null : toJsonForm(data), expected === undefined ? null : expected)).toEqual([]);
      }
      expect(sent[0].headers.get('SOAPAction')).toBe(http.SOAPAction);
      expect(http.SOAPAction).toBe(`"${ChatService.operations[op].soapAction}"`);
      expect(sent[0].headers.get('Content-Type')).toBe(http['Content-Type']);
      expect(canonicalXml(sent[0].body, { redact: true })).toBe(read(folder, 'request.xml'));

      reply = 'failed';
      const failure = await client[method](args).then(
        () => new Error('resolved'),
        (e: unknown) => e,
      );
      if (sampleWithRepeatedKey) {
        expect(failure).toBeInstanceOf(ResponseFormatError);
        return;
      }
      expect(failure).toBeInstanceOf(SoExceptionError);
      const info = (json(folder, 'failed.json') as { headers: { ExceptionInfo: Record<string, unknown> } }).headers.ExceptionInfo;
      const e = failure as SoExceptionError;
      expect(e.operation).toBe(op);
      expect({ exceptionType: e.exceptionType, friendlyText: e.friendlyText, source: e.source, parameters: e.parameters }).toEqual({
        exceptionType: info.ExceptionType,
        friendlyText: info.FriendlyText,
        source: info.Source,
        parameters: info.Parameters,
      });
      expect(toJsonForm(e.innerException)).toEqual(info.InnerException);
    });
  });
});
