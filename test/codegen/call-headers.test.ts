/**
 * Services other than SuperOffice (issue 13's decision): the header parts a WSDL declares are typed
 * per client (`ClientOptions.headers`) and per call (`CallOptions.headers`), each method with
 * exactly the parts its operation declares (BingAds-like `DeveloperToken`, `CustomerId`).
 * Output-first (the generated signatures), type-level (a wrong part name or value type does not
 * compile; every `@ts-expect-error` is proven to be needed), and at run time (a call's header is
 * sent, the client's other headers are kept).
 */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import * as ts from 'typescript';
import { createClient, type TypedServiceDescriptor } from '../../src/index';
import { fakeFetch, xmlResponse } from '../helpers/soap';
import { declaration, generate } from './helpers';

const REPO = resolve(__dirname, '../..');
const spec = {
  service: 'Bing',
  schema: `
<xs:element name="DeveloperToken" type="xs:string"/>
<xs:element name="CustomerId" nillable="true" type="xs:string"/>
<xs:element name="TrackingId" type="xs:string"/>`,
  operations: [
    { name: 'GetCampaigns', input: '<xs:element name="AccountId" type="xs:long"/>', output: '<xs:element minOccurs="0" maxOccurs="unbounded" name="Names" type="xs:string"/>', inputHeaders: ['DeveloperToken', 'CustomerId'], outputHeaders: ['TrackingId'] },
    { name: 'GetUser', inputHeaders: ['DeveloperToken'], outputHeaders: ['TrackingId'] },
    { name: 'Ping' },
  ],
};

describe('typed per-call headers of a generic service', () => {
  it('types each method with the request header parts its operation declares (output first)', () => {
    const g = generate(spec);
    const client = g.files['client.ts'];
    expect(client.split('\n')[3]).toBe("import type { OperationMethod, OptionalInputMethod } from 'so-soap/runtime';");
    expect(declaration(client, 'BingClient').split('\n').filter((l) => l.startsWith('  ') && !l.includes('/**'))).toEqual([
      '  getCampaigns: OperationMethod<GetCampaignsRequest, GetCampaignsResponse, BingResponseHeaders, BingRequestHeaders>;',
      "  getUser: OptionalInputMethod<GetUserRequest, undefined, BingResponseHeaders, Pick<BingRequestHeaders, 'DeveloperToken'>>;",
      '  ping: OptionalInputMethod<PingRequest, undefined, Pick<BingResponseHeaders, never>, Pick<BingRequestHeaders, never>>;',
    ]);
    expect(declaration(g.files['types.ts'], 'BingRequestHeaders').split('\n').filter((l) => !l.includes('/**'))).toEqual([
      'export interface BingRequestHeaders {',
      '  DeveloperToken?: string | undefined;',
      '  CustomerId?: string | null | undefined;',
      '}',
    ]);
  });

  it('a wrong header part or value type does not compile, per client and per call', () => {
    const dir = mkdtempSync(join(tmpdir(), 'so-soap-call-headers-'));
    try {
      const g = generate(spec, { runtimeModule: join(REPO, 'src/runtime/index.js'), codecModule: join(REPO, 'src/codec.js') });
      mkdirSync(join(dir, 'bing'));
      for (const [name, text] of Object.entries(g.files)) writeFileSync(join(dir, 'bing', name), text);
      const usage = [
        `import { createClient } from ${JSON.stringify(join(REPO, 'src/runtime/index.js'))};`,
        "import { BingService } from './bing/index.js';",
        '',
        "const bing = createClient(BingService, { endpoint: 'https://bing.example/', headers: { DeveloperToken: 'dt', CustomerId: '42' } });",
        '// @ts-expect-error a client-level header part the service does not declare',
        "createClient(BingService, { endpoint: 'https://bing.example/', headers: { ApplicationToken: 'x' } });",
        '',
        'export async function calls(): Promise<void> {',
        "  await bing.getCampaigns({ AccountId: 1 }, { headers: { DeveloperToken: 'other' } });",
        '  await bing.getCampaigns({ AccountId: 1 }, { headers: { CustomerId: null } });',
        '  await bing.getCampaigns({ AccountId: 1 }, { headers: { CustomerId: undefined } });',
        '  // @ts-expect-error a header part the operation does not declare',
        "  await bing.getCampaigns({ AccountId: 1 }, { headers: { ApplicationToken: 'x' } });",
        '  // @ts-expect-error a header value of the wrong type',
        '  await bing.getCampaigns({ AccountId: 1 }, { headers: { DeveloperToken: 1 } });',
        '  // @ts-expect-error DeveloperToken is not nillable',
        '  await bing.getCampaigns({ AccountId: 1 }, { headers: { DeveloperToken: null } });',
        "  const meta = await bing.getCampaigns({ AccountId: 1 }, { withMeta: true, headers: { CustomerId: '43' } });",
        '  void meta.headers.TrackingId;',
        '  // @ts-expect-error the withMeta overload checks the parts too',
        "  await bing.getCampaigns({ AccountId: 1 }, { withMeta: true, headers: { Bogus: 'x' } });",
        "  await bing.getUser({}, { headers: { DeveloperToken: 'x' } });",
        '  // @ts-expect-error CustomerId is a part of the service, but GetUser does not declare it',
        "  await bing.getUser({}, { headers: { CustomerId: '1' } });",
        '  await bing.ping(undefined, { headers: {} });',
        '  // @ts-expect-error Ping declares no header parts',
        "  await bing.ping(undefined, { headers: { DeveloperToken: 'x' } });",
        '}',
        '',
      ].join('\n');
      const lines = usage.split('\n');
      const variants = [{ name: 'as is', text: usage, line: 0 }];
      lines.forEach((l, i) => {
        if (!l.trim().startsWith('// @ts-expect-error')) return;
        const copy = [...lines];
        copy[i] = '';
        variants.push({ name: `without the @ts-expect-error of line ${i + 1} (${l.trim().slice(19).trim()})`, text: copy.join('\n'), line: i + 2 });
      });
      expect(variants.length).toBe(8);
      const files = variants.map((v, i) => {
        const file = join(dir, `usage${i}.ts`);
        writeFileSync(file, v.text);
        return { ...v, file };
      });
      const config = ts.parseJsonConfigFileContent(ts.readConfigFile(join(REPO, 'tsconfig.json'), ts.sys.readFile).config, ts.sys, REPO);
      const options: ts.CompilerOptions = { ...config.options, noEmit: true, types: [], declaration: false, sourceMap: false, noUnusedLocals: false };
      delete options.rootDir;
      delete options.outDir;
      const program = ts.createProgram(files.map((f) => f.file), options);
      const errorsOf = (file: string) => {
        const sf = program.getSourceFile(file)!;
        return [...program.getSyntacticDiagnostics(sf), ...program.getSemanticDiagnostics(sf)].map((d) => ({
          line: sf.getLineAndCharacterOfPosition(d.start ?? 0).line + 1,
          message: ts.flattenDiagnosticMessageText(d.messageText, ' '),
        }));
      };
      const [original, ...rest] = files;
      expect(errorsOf(original.file)).toEqual([]);
      // the generated code itself compiles (strict, nodenext, exactOptionalPropertyTypes as the project's tsconfig)
      for (const name of ['types.ts', 'client.ts', 'descriptor.ts']) expect(errorsOf(join(dir, 'bing', name))).toEqual([]);
      expect(rest.filter((v) => !errorsOf(v.file).some((e) => e.line === v.line)).map((v) => v.name)).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it("sends a call's header part and keeps the client's other parts (and the next call has the client's again)", async () => {
    const service = generate(spec).data as TypedServiceDescriptor<
      {
        getCampaigns(input: { AccountId: number }, options?: { headers?: { DeveloperToken?: string; CustomerId?: string | null } }): Promise<unknown>;
        getUser(input?: object, options?: { headers?: { DeveloperToken?: string } }): Promise<undefined>;
      },
      { DeveloperToken?: string; CustomerId?: string | null }
    >;
    const fetch = fakeFetch((req) => {
      const op = req.body.includes('GetUser') ? 'GetUser' : 'GetCampaigns';
      return xmlResponse(`<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><${op}Response xmlns="urn:test"/></s:Body></s:Envelope>`);
    });
    const bing = createClient(service, { endpoint: 'https://bing.example/Service.svc', fetch, headers: { DeveloperToken: 'client-dt', CustomerId: '42' } });
    await bing.getCampaigns({ AccountId: 1 }, { headers: { DeveloperToken: 'call-dt' } });
    await bing.getCampaigns({ AccountId: 2 }, { headers: { CustomerId: '43', DeveloperToken: undefined } });
    await bing.getCampaigns({ AccountId: 3 });
    await bing.getUser({}, { headers: { DeveloperToken: 'user-dt', CustomerId: '44' } as { DeveloperToken: string } });
    const headerOf = (body: string) => /<s:Header>(.*)<\/s:Header>/.exec(body)?.[1];
    expect(fetch.requests.map((r) => headerOf(r.body))).toEqual([
      '<ns:DeveloperToken>call-dt</ns:DeveloperToken><ns:CustomerId>42</ns:CustomerId>',
      '<ns:DeveloperToken>client-dt</ns:DeveloperToken><ns:CustomerId>43</ns:CustomerId>',
      '<ns:DeveloperToken>client-dt</ns:DeveloperToken><ns:CustomerId>42</ns:CustomerId>',
      // only the parts GetUser declares are sent, whatever the call passes
      '<ns:DeveloperToken>user-dt</ns:DeveloperToken>',
    ]);
  });
});
