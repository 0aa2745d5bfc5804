/**
 * Oracle sweep (issue 4 acceptance): every operation of the six WSDLs of ../shared/wsdl (482), against
 * the independent oracle in ../shared/oracle (zeep + libxml2), read by path, never copied.
 *
 * One `dump.py` run writes, per operation, zeep's sample arguments (args.json, in our data shape),
 * zeep's request (request.xml, canonical), and two zeep-rendered responses with zeep's own parse of
 * them projected into our shape (response.xml/json, failed.xml/json). Then, per operation:
 *   1. our `encodeRequest` of args.json with dump.py's header values (only the parts the operation
 *      declares) equals request.xml canonically (oraclelib.canonicalize = canon.py);
 *   2. our request validates as `validate.sh --operation` does it (SOAP 1.1 frame, element names,
 *      every part against the WSDL's own schemas with libxml2); batched in one Python process by
 *      oracle_driver.py, and the real validate.sh runs on every Chat request as well;
 *   3. `toJsonForm(decodeResponse(response.xml))` equals response.json, and the same for failed.xml.
 * Differences that are the oracle's (or its projection's) and not ours are listed by name in
 * ORACLE_EXCEPTIONS with their reason; each is checked to apply exactly where listed, never skipped.
 * Without the oracle (no ../shared, no /usr/bin/python3 with zeep, no xmllint) the suite is
 * reported as SKIPPED with a loud warning.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeRequest } from '../../src/codec';
import type { ServiceDescriptor } from '../../src/runtime/codec/descriptor';
import { canonicalXml } from './canon';
import { compareResponse, ORACLE_EXCEPTIONS, type ExceptionName } from './exceptions';
import { describeWithOracle, DRIVER, dumpHeaders, loadService, ORACLE_DIR, PYTHON, run, SERVICES, wsdlPath, type ServiceName } from './oracle';

type Kind = 'response' | 'failed';

const FIXTURES = join(__dirname, '..', 'fixtures');
const FIXTURE_FILES = ['args.json', 'request.xml', 'http.json', 'response.xml', 'response.json', 'failed.xml', 'failed.json'] as const;

/** dump.py and oracle_driver.py run as two processes each: List.wsdl, and the five others. */
const BATCHES: readonly (readonly ServiceName[])[] = [['List'], ['Chat', 'Contact', 'CustomerService', 'Person', 'SoPrincipal']];

interface DriverOutput {
  results: { id: string; equal: boolean; valid: boolean; ours?: string; expected?: string; validation?: string[]; error?: string }[];
  distinctKeys: { id: string; error?: string }[];
}
interface Outcome {
  id: string;
  service: ServiceName;
  op: string;
  requestEqual?: boolean;
  requestValid?: boolean;
  response?: boolean;
  failed?: boolean;
  /** Exceptions used by this operation (by name). */
  exceptions: Set<ExceptionName>;
  problems: { request: string[]; valid: string[]; response: string[]; failed: string[] };
  /** dump.py's folder, ours, and the distinct-key folder when used. */
  dir: string;
  distinctDir?: string;
}

describeWithOracle('oracle sweep: every operation of the six shared WSDLs against zeep + libxml2', () => {
  const outcomes: Outcome[] = [];
  const services = new Map<ServiceName, ServiceDescriptor>();
  const dumpOps = new Map<ServiceName, string[]>();
  const timings: string[] = [];
  const canonProblems: string[] = [];
  const controls = new Map<string, DriverOutput['results'][number]>();
  let work = '';

  /** Compare one decoded response with the oracle's JSON (named exceptions only); records what was used. */
  function compare(o: Outcome, service: ServiceDescriptor, kind: Kind, xml: Buffer, want: { headers: unknown; body: unknown }): string[] {
    const c = compareResponse(service, o.id, xml, want);
    for (const u of c.used) o.exceptions.add(u);
    if (c.duplicateKey) {
      o.distinctDir = join(work, 'distinct', o.service, o.op);
      return [];
    }
    return c.diffs.map((d) => `${kind}: ${d}`);
  }

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'so-soap-sweep-'));
    const dump = join(work, 'oracle');
    let t = Date.now();
    // Two dump.py processes (List.wsdl alone has 305 of the 482 operations) on the two cores.
    await Promise.all(
      BATCHES.map(async (batch) => {
        const r = await run(PYTHON, [join(ORACLE_DIR, 'dump.py'), '--out', dump, ...batch.map(wsdlPath)], 150_000);
        if (r.code !== 0) throw new Error(`dump.py ${batch.join(' ')} exited ${r.code}:\n${r.stderr}`);
      }),
    );
    timings.push(`dump.py ${Date.now() - t} ms`);

    t = Date.now();
    const jobs = { wsdls: {} as Record<string, string>, requests: [] as object[], distinctKeys: [] as object[] };
    for (const svc of SERVICES) {
      jobs.wsdls[svc] = wsdlPath(svc);
      const service = loadService(svc);
      services.set(svc, service);
      const ops = readdirSync(join(dump, svc)).sort();
      dumpOps.set(svc, ops);
      for (const op of ops) {
        const dir = join(dump, svc, op);
        const o: Outcome = { id: `${svc}/${op}`, service: svc, op, dir, exceptions: new Set(), problems: { request: [], valid: [], response: [], failed: [] } };
        outcomes.push(o);
        if (!service.operations[op]) {
          o.problems.request.push(`our descriptor of ${svc} has no operation ${op}`);
          continue;
        }
        try {
          const args = JSON.parse(readFileSync(join(dir, 'args.json'), 'utf8'));
          const file = join(work, `${svc}-${op}.request.xml`);
          const ours = encodeRequest(service, op, args, dumpHeaders(service, op));
          writeFileSync(file, ours);
          jobs.requests.push({ id: o.id, wsdl: svc, op, ours: file, expected: join(dir, 'request.xml') });
          // canon.ts (used where the oracle is missing) must print canon.py's form, and agree.
          const zeep = readFileSync(join(dir, 'request.xml'), 'utf8');
          if (canonicalXml(zeep) !== zeep) canonProblems.push(`${o.id}: canon.ts of zeep's request is not canon.py's form`);
          else if (canonicalXml(ours) !== zeep) canonProblems.push(`${o.id}: canon.ts of our request differs from zeep's`);
          if (o.id === 'Chat/GetChatMessages') {
            // negative controls for the driver: a changed value, and a value the schema rejects
            const changed = encodeRequest(service, op, { ...args, After: args.After + 1 }, dumpHeaders(service, op));
            const invalid = ours.replace(/(ChatSessionId>)42(<)/, '$1forty-two$2');
            expect(invalid).not.toBe(ours);
            for (const [name, text] of [['changed', changed], ['invalid', invalid]]) {
              writeFileSync(join(work, `control-${name}.xml`), text);
              jobs.requests.push({ id: `control/${name}`, wsdl: svc, op, ours: join(work, `control-${name}.xml`), expected: join(dir, 'request.xml') });
            }
          }
        } catch (e) {
          o.requestEqual = o.requestValid = false;
          o.problems.request.push(`encodeRequest threw ${(e as Error).name}: ${(e as Error).message}`);
        }
        for (const kind of ['response', 'failed'] as const) {
          try {
            const want = JSON.parse(readFileSync(join(dir, `${kind}.json`), 'utf8'));
            const problems = compare(o, service, kind, readFileSync(join(dir, `${kind}.xml`)), want);
            o.problems[kind].push(...problems);
            // with a repeated dictionary key (named exception) the verdict waits for the distinct-keys variant
            if (!o.distinctDir) o[kind] = problems.length === 0;
          } catch (e) {
            o[kind] = false;
            o.problems[kind].push(`decodeResponse threw ${(e as Error).name}: ${(e as Error).message}`);
          }
        }
        if (o.distinctDir) jobs.distinctKeys.push({ id: o.id, wsdl: svc, op, out: o.distinctDir });
      }
    }
    timings.push(`our encode + decode of ${outcomes.length} operations ${Date.now() - t} ms`);

    t = Date.now();
    // The driver in two processes as well, one per batch of WSDLs.
    const results = await Promise.all(
      BATCHES.map(async (batch, i) => {
        const mine = (j: object) => (batch as readonly string[]).includes((j as { wsdl: string }).wsdl);
        const file = join(work, `jobs-${i}.json`);
        writeFileSync(file, JSON.stringify({ wsdls: jobs.wsdls, requests: jobs.requests.filter(mine), distinctKeys: jobs.distinctKeys.filter(mine) }));
        const d = await run(PYTHON, [DRIVER, '--oracle', ORACLE_DIR, file], 150_000);
        if (d.code !== 0) throw new Error(`oracle_driver.py exited ${d.code}:\n${d.stderr}`);
        return JSON.parse(d.stdout) as DriverOutput;
      }),
    );
    timings.push(`oracle_driver.py (canonical form + schema validation of ${jobs.requests.length} requests) ${Date.now() - t} ms`);
    const byId = new Map(outcomes.map((o) => [o.id, o]));
    const out: DriverOutput = { results: results.flatMap((r) => r.results), distinctKeys: results.flatMap((r) => r.distinctKeys) };
    for (const res of out.results) {
      if (res.id.startsWith('control/')) {
        controls.set(res.id, res);
        continue;
      }
      const o = byId.get(res.id)!;
      o.requestEqual = res.equal;
      o.requestValid = res.valid;
      if (res.error) o.problems.request.push(`oracle_driver.py: ${res.error}`);
      if (!res.equal && res.ours !== undefined) o.problems.request.push(lineDiff(res.ours, res.expected ?? ''));
      if (!res.valid) o.problems.valid.push(...(res.validation ?? []).filter((m) => !m.startsWith('PASS')), ...(res.error ? [res.error] : []));
    }
    for (const res of out.distinctKeys) {
      const o = byId.get(res.id)!;
      for (const kind of ['response', 'failed'] as const) {
        if (res.error) {
          o[kind] = false;
          o.problems[kind].push(`oracle_driver.py distinctKeys: ${res.error}`);
          continue;
        }
        try {
          const want = JSON.parse(readFileSync(join(o.distinctDir!, `${kind}.json`), 'utf8'));
          const c = compareResponse(services.get(o.service)!, o.id, readFileSync(join(o.distinctDir!, `${kind}.xml`)), want);
          const problems = c.duplicateKey ? ['the distinct-keys response still repeats a dictionary key'] : c.diffs;
          for (const u of c.used) o.exceptions.add(u);
          o.problems[kind].push(...problems.map((p) => `(distinct keys) ${kind}: ${p}`));
          o[kind] = problems.length === 0;
        } catch (e) {
          o[kind] = false;
          o.problems[kind].push(`(distinct keys) decodeResponse threw ${(e as Error).name}: ${(e as Error).message}`);
        }
      }
    }
  }, 300_000);

  afterAll(() => {
    if (outcomes.length > 0) {
      const rows = SERVICES.map((svc) => {
        const list = outcomes.filter((o) => o.service === svc);
        const n = (k: 'requestEqual' | 'requestValid' | 'response' | 'failed') => list.filter((o) => o[k] === true).length;
        return `  ${svc.padEnd(16)} ${String(list.length).padStart(4)} ops   requests equal ${n('requestEqual')}/${list.length}   valid ${n('requestValid')}/${list.length}   responses equal ${n('response')}/${list.length}   failed equal ${n('failed')}/${list.length}`;
      });
      const used = (Object.keys(ORACLE_EXCEPTIONS) as ExceptionName[]).map((name) => `  ${name}: ${outcomes.filter((o) => o.exceptions.has(name)).length} operations`);
      process.stdout.write(`\nOracle sweep (${outcomes.length} operations)\n${rows.join('\n')}\nNamed exceptions applied:\n${used.join('\n')}\nTimings: ${timings.join('; ')}\n`);
    }
    if (work) rmSync(work, { recursive: true, force: true });
  });

  /** Fail with every operation that does not pass, each with its own problems. */
  function expectAll(svc: ServiceName, key: 'requestEqual' | 'requestValid' | 'response' | 'failed', problems: 'request' | 'valid' | 'response' | 'failed') {
    const list = outcomes.filter((o) => o.service === svc);
    expect(list.length).toBeGreaterThan(0);
    const bad = list.filter((o) => o[key] !== true).map((o) => `${o.id}:\n    ${(o.problems[problems].length ? o.problems[problems] : ['not checked']).join('\n    ')}`);
    if (bad.length) throw new Error(`${bad.length} of ${list.length} ${svc} operations fail:\n${bad.join('\n')}`);
  }

  test('dump.py and our descriptors agree on the operations (482 in all)', () => {
    for (const svc of SERVICES) expect(dumpOps.get(svc)).toEqual(Object.keys(services.get(svc)!.operations).sort());
    expect(outcomes).toHaveLength(482);
  });

  describe.each(SERVICES.map((s) => [s]))('%s', (svc) => {
    test("every request equals zeep's canonically (canon.py form)", () => expectAll(svc, 'requestEqual', 'request'));
    test("every request validates against the WSDL's schemas (validate.sh --operation, batched)", () => expectAll(svc, 'requestValid', 'valid'));
    test('every sample response decodes to what zeep reads (response.json)', () => expectAll(svc, 'response', 'response'));
    test('every Succeeded=false response decodes to what zeep reads (failed.json)', () => expectAll(svc, 'failed', 'failed'));
  });

  test('negative controls: the batch driver reports a changed value as different and a bad value as invalid', () => {
    expect(controls.get('control/changed')).toMatchObject({ equal: false, valid: true });
    expect(controls.get('control/invalid')).toMatchObject({ equal: false, valid: false });
    expect(controls.get('control/invalid')!.validation!.join('\n')).toMatch(/FAIL body .*GetChatMessages[\s\S]*ChatSessionId/);
  });

  test("canon.ts (the fixture test's canonicalizer) prints canon.py's form for every request, ours and zeep's", () => {
    expect(canonProblems).toEqual([]);
  });

  test('the committed Chat fixtures (test/fixtures) equal this run of the oracle', () => {
    // Re-record with: /usr/bin/python3 test/conformance/record_fixtures.py (test/fixtures/README.md)
    const stale: string[] = [];
    for (const o of outcomes.filter((x) => x.service === 'Chat')) {
      const cases: [string, string, readonly string[]][] = [[`${o.op}__sample`, o.dir, FIXTURE_FILES]];
      if (o.distinctDir) cases.push([`${o.op}__distinct-keys`, o.distinctDir, ['response.xml', 'response.json', 'failed.xml', 'failed.json']]);
      for (const [folder, dir, files] of cases) {
        for (const file of files) {
          const committed = join(FIXTURES, folder, file);
          if (!existsSync(committed)) {
            stale.push(`${folder}/${file} is missing`);
            continue;
          }
          const fresh = readFileSync(join(dir, file), 'utf8');
          const want = file === 'request.xml' ? canonicalXml(fresh, { redact: true }) : fresh;
          if (readFileSync(committed, 'utf8') !== want) stale.push(`${folder}/${file} differs from the oracle's`);
        }
      }
    }
    expect(stale).toEqual([]);
  });

  test('the real validate.sh --operation passes on every Chat request', async () => {
    const chat = outcomes.filter((o) => o.service === 'Chat');
    expect(chat).toHaveLength(31);
    const failures: string[] = [];
    let next = 0;
    const worker = async () => {
      while (next < chat.length) {
        const o = chat[next++];
        const r = await run('bash', [join(ORACLE_DIR, 'validate.sh'), '--operation', o.op, wsdlPath('Chat'), join(work, `Chat-${o.op}.request.xml`)], 60_000);
        const passes = r.stdout.split('\n').filter((l) => l.startsWith('PASS')).length;
        if (r.code !== 0 || passes < 2) failures.push(`${o.id}: validate.sh exited ${r.code}\n${r.stdout}${r.stderr}`);
      }
    };
    await Promise.all([worker(), worker()]);
    expect(failures).toEqual([]);
  }, 120_000);

  test('every named exception applies exactly where it is listed', () => {
    const problems: string[] = [];
    for (const name of ['sampler-repeats-dictionary-key', 'zeep-empty-array-wrapper-is-absent'] as const) {
      const usedBy = outcomes.filter((o) => o.exceptions.has(name)).map((o) => o.id).sort();
      const want = [...ORACLE_EXCEPTIONS[name].ops].sort();
      if (JSON.stringify(usedBy) !== JSON.stringify(want)) problems.push(`${name}: listed for ${want.join(', ')}; applied to ${usedBy.join(', ') || 'none'}`);
    }
    const emptyWrapperOps = outcomes.filter((o) => services.get(o.service)!.operations[o.op]?.output.fields.length === 0).map((o) => o.id);
    const usedBy = outcomes.filter((o) => o.exceptions.has('empty-output-wrapper-body')).map((o) => o.id);
    if (JSON.stringify(usedBy) !== JSON.stringify(emptyWrapperOps)) problems.push(`empty-output-wrapper-body: ${emptyWrapperOps.length} operations have an empty output wrapper; applied to ${usedBy.length}`);
    expect(problems).toEqual([]);
    expect(emptyWrapperOps.length).toBeGreaterThan(0);
  });
});

/** A small line diff of two canonical texts (lines only in ours: `+`, only in zeep's: `-`). */
function lineDiff(ours: string, zeep: string): string {
  const a = ours.split('\n');
  const b = zeep.split('\n');
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  let j = 0;
  while (j < a.length - i && j < b.length - i && a[a.length - 1 - j] === b[b.length - 1 - j]) j++;
  const out = [`canonical forms differ from line ${i + 1}:`];
  for (const l of b.slice(i, b.length - j).slice(0, 20)) out.push(`- ${l}`);
  for (const l of a.slice(i, a.length - j).slice(0, 20)) out.push(`+ ${l}`);
  return out.join('\n      ');
}
