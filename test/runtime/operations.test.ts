/**
 * Operations of services other than Services88, at run time: typed fault details (encode/decode
 * round trip, 1.1 and 1.2), SOAP 1.2 envelopes and HTTP headers, one-way operations, and the
 * generic client options (typed header parts per client and per call, `safeOperations`,
 * `secretHeaders`). Descriptors are written by hand, as codegen emits them.
 */
import { decodeRequest, decodeResponse, encodeDeclaredFault, encodeFault, encodeRequest, encodeResponse } from '../../src/codec';
import { createClient, HttpError, SoapFaultError, type LogEntry, type TypedServiceDescriptor } from '../../src/index';
import { fakeFetch, xmlResponse } from '../helpers/soap';

const NS = 'urn:ops';
const SOAP11 = 'http://schemas.xmlsoap.org/soap/envelope/';
const SOAP12 = 'http://www.w3.org/2003/05/soap-envelope';

interface ApiFault {
  Code?: number;
  Errors?: string[];
}
interface OpsHeaders {
  DeveloperToken?: string;
  CustomerId?: string;
}
interface OpsClient {
  addThings(input: { Name: string }, options?: { headers?: OpsHeaders }): Promise<{ Id: number }>;
  getThing(input: { Name: string }, options?: { headers?: OpsHeaders }): Promise<{ Id: number }>;
  notify(input: { Text: string }): Promise<undefined>;
}

function service(soapVersion: '1.1' | '1.2'): TypedServiceDescriptor<OpsClient, OpsHeaders> {
  return {
    name: 'Ops',
    namespace: NS,
    soapVersion,
    headers: { DeveloperToken: { name: 'DeveloperToken', type: 'xs:string' }, CustomerId: { name: 'CustomerId', type: 'xs:string' } },
    operations: {
      AddThings: {
        name: 'AddThings',
        method: 'addThings',
        soapAction: 'urn:ops/AddThings',
        input: { element: 'AddThings', fields: [{ name: 'Name', type: 'xs:string' }] },
        output: { element: 'AddThingsResponse', fields: [{ name: 'Id', type: 'xs:int' }] },
        inputHeaders: ['DeveloperToken', 'CustomerId'],
        outputHeaders: [],
        safe: false,
        faults: [{ name: 'ApiFaultFault', element: 'ApiFaultDetail', type: 'ApiFault' }],
      },
      GetThing: {
        name: 'GetThing',
        method: 'getThing',
        soapAction: 'urn:ops/GetThing',
        input: { element: 'GetThing', fields: [{ name: 'Name', type: 'xs:string' }] },
        output: { element: 'GetThingResponse', fields: [{ name: 'Id', type: 'xs:int' }] },
        inputHeaders: ['DeveloperToken'],
        outputHeaders: [],
        safe: false,
      },
      Notify: {
        name: 'Notify',
        method: 'notify',
        soapAction: 'urn:ops/Notify',
        input: { element: 'Notify', fields: [{ name: 'Text', type: 'xs:string' }] },
        output: { element: 'NotifyResponse', fields: [] },
        inputHeaders: [],
        outputHeaders: [],
        safe: false,
        oneWay: true,
      },
    },
    types: {
      ApiFault: { kind: 'complex', name: 'ApiFault', fields: [{ name: 'Code', type: 'xs:int', optional: true }, { name: 'Errors', type: 'xs:string', optional: true, repeated: true }] },
    },
  };
}
const Ops11 = service('1.1');
const Ops12 = service('1.2');

function thrown(f: () => unknown): SoapFaultError<ApiFault> {
  try {
    f();
  } catch (e) {
    if (e instanceof SoapFaultError) return e as SoapFaultError<ApiFault>;
    throw e;
  }
  throw new Error('no fault');
}

const endpoint = 'http://127.0.0.1:9/ops';

describe('typed fault details', () => {
  const detail: ApiFault = { Code: 105, Errors: ['bad name', 'too long'] };

  test.each([['1.1', Ops11], ['1.2', Ops12]] as const)('SOAP %s: a declared fault round-trips: detail is the decoded value, detailXml the raw detail', (_v, svc) => {
    const xml = encodeDeclaredFault(svc, 'AddThings', 'ApiFaultFault', { code: 's:Client', string: 'Invalid' }, detail);
    const e = thrown(() => decodeResponse(svc, 'AddThings', xml));
    expect(e.faultName).toBe('ApiFaultFault');
    expect(e.detail).toEqual(detail);
    expect(e.code).toBe('s:Client');
    expect(e.faultString).toBe('Invalid');
    expect(e.detailXml).toBe('<ns:ApiFaultDetail><ns:Code>105</ns:Code><ns:Errors>bad name</ns:Errors><ns:Errors>too long</ns:Errors></ns:ApiFaultDetail>');
  });

  test('an undeclared detail (WCF ExceptionDetail) stays text, as before', () => {
    const xml = encodeFault({ code: 's:Server', string: 'boom' }).replace('</faultstring>', '</faultstring><detail><ExceptionDetail xmlns="urn:wcf"><Message>x</Message></ExceptionDetail></detail>');
    const e = thrown(() => decodeResponse(Ops11, 'AddThings', xml));
    expect([e.faultName, e.detail, e.detailXml]).toEqual([undefined, '<ExceptionDetail xmlns="urn:wcf"><Message>x</Message></ExceptionDetail>', '<ExceptionDetail xmlns="urn:wcf"><Message>x</Message></ExceptionDetail>']);
  });

  test('a text-only detail keeps its characters: XML whitespace around it is dropped, a no-break space is text', () => {
    const xml = encodeFault({ code: 's:Server', string: 'boom' }).replace('</faultstring>', '</faultstring><detail>\n  \u00a0quota exceeded\u00a0\n</detail>');
    expect(thrown(() => decodeResponse(Ops11, 'AddThings', xml)).detailXml).toBe('\u00a0quota exceeded\u00a0');
  });

  test('the declared element in another namespace, or of another operation, is not matched', () => {
    const xml = encodeDeclaredFault(Ops11, 'AddThings', 'ApiFaultFault', { code: 's:Client', string: 'Invalid' }, detail);
    expect(thrown(() => decodeResponse(Ops11, 'GetThing', xml)).faultName).toBeUndefined();
    const other = xml.replace(`xmlns:ns="${NS}"`, 'xmlns:ns="urn:other"');
    expect(thrown(() => decodeResponse(Ops11, 'AddThings', other)).detail).toBe('<ns:ApiFaultDetail><ns:Code>105</ns:Code><ns:Errors>bad name</ns:Errors><ns:Errors>too long</ns:Errors></ns:ApiFaultDetail>');
  });

  test('a declared detail that does not fit its type keeps the raw detail (the fault is still the error)', () => {
    const xml = encodeDeclaredFault(Ops11, 'AddThings', 'ApiFaultFault', { code: 's:Client', string: 'Invalid' }, { Code: 1 }).replace('<ns:Code>1</ns:Code>', '<ns:Code>one</ns:Code>');
    const e = thrown(() => decodeResponse(Ops11, 'AddThings', xml));
    expect([e.faultName, e.detail]).toEqual([undefined, '<ns:ApiFaultDetail><ns:Code>one</ns:Code></ns:ApiFaultDetail>']);
  });

  test('an unknown fault name is refused when encoding', () => {
    expect(() => encodeDeclaredFault(Ops11, 'AddThings', 'Nope', { code: 's:Client', string: 'x' }, {})).toThrow('AddThings declares no fault "Nope" (it declares ApiFaultFault)');
  });

  test('secrets in a typed detail are redacted', () => {
    const xml = encodeDeclaredFault(Ops11, 'AddThings', 'ApiFaultFault', { code: 's:Client', string: 'x' }, { Errors: ['echo <Ticket>7T:abcdefgh</Ticket>'] });
    expect(thrown(() => decodeResponse(Ops11, 'AddThings', xml)).detail).toEqual({ Errors: ['echo <Ticket>***</Ticket>'] });
  });
});

describe('SOAP 1.2', () => {
  test('the request envelope is in the 1.2 namespace', () => {
    expect(encodeRequest(Ops12, 'GetThing', { Name: 'a' }, { DeveloperToken: 'dt' })).toBe(
      `<s:Envelope xmlns:s="${SOAP12}" xmlns:ns="${NS}"><s:Header><ns:DeveloperToken>dt</ns:DeveloperToken></s:Header><s:Body><ns:GetThing><ns:Name>a</ns:Name></ns:GetThing></s:Body></s:Envelope>`,
    );
    expect(encodeRequest(Ops11, 'GetThing', { Name: 'a' })).toContain(`xmlns:s="${SOAP11}"`);
  });

  test('requests and responses round-trip in the 1.2 envelope', () => {
    const req = encodeRequest(Ops12, 'GetThing', { Name: 'a & b' }, { DeveloperToken: 'dt' });
    expect(decodeRequest(Ops12, 'GetThing', req)).toEqual({ headers: { DeveloperToken: 'dt' }, body: { Name: 'a & b' } });
    const res = encodeResponse(Ops12, 'GetThing', { Id: 7 });
    expect(res).toBe(`<s:Envelope xmlns:s="${SOAP12}" xmlns:ns="${NS}"><s:Body><ns:GetThingResponse><ns:Id>7</ns:Id></ns:GetThingResponse></s:Body></s:Envelope>`);
    expect(decodeResponse(Ops12, 'GetThing', res).body).toEqual({ Id: 7 });
  });

  test('a 1.2 Fault: Code/Value, the first Subcode/Value, Reason/Text', () => {
    const xml = encodeFault({ code: 's:Sender', subcode: 's:Auth', string: 'No access', detail: 'd' }, '1.2');
    expect(xml).toBe(
      `<s:Envelope xmlns:s="${SOAP12}"><s:Body><s:Fault><s:Code><s:Value>s:Sender</s:Value><s:Subcode><s:Value>s:Auth</s:Value></s:Subcode></s:Code>` +
        '<s:Reason><s:Text xml:lang="en">No access</s:Text></s:Reason><s:Detail>d</s:Detail></s:Fault></s:Body></s:Envelope>',
    );
    const e = thrown(() => decodeResponse(Ops12, 'GetThing', xml));
    expect([e.code, e.subcode, e.faultString, e.detail, e.message]).toEqual(['s:Sender', 's:Auth', 'No access', 'd', 'GetThing: SOAP Fault s:Sender (s:Auth): No access']);
  });

  test('the client POSTs application/soap+xml with the action parameter and no SOAPAction header', async () => {
    const fetch = fakeFetch(() => xmlResponse(`<e:Envelope xmlns:e="${SOAP12}"><e:Body><GetThingResponse xmlns="${NS}"><Id>7</Id></GetThingResponse></e:Body></e:Envelope>`, 200, { 'content-type': 'application/soap+xml; charset=utf-8' }));
    await expect(createClient(Ops12, { endpoint, fetch }).getThing({ Name: 'a' })).resolves.toEqual({ Id: 7 });
    const h = fetch.requests[0].headers;
    expect([h['content-type'], h.soapaction, h.accept]).toEqual(['application/soap+xml; charset=utf-8; action="urn:ops/GetThing"', undefined, 'application/soap+xml']);
    expect(fetch.requests[0].body).toContain(`xmlns:s="${SOAP12}"`);
  });

  test('a Sender Fault over HTTP 400 is a SoapFaultError with its status and typed detail', async () => {
    const fault = encodeDeclaredFault(Ops12, 'AddThings', 'ApiFaultFault', { code: 's:Sender', string: 'Invalid' }, { Code: 3 });
    const fetch = fakeFetch(() => xmlResponse(fault, 400, { 'content-type': 'application/soap+xml; charset=utf-8' }));
    const e = await createClient(Ops12, { endpoint, fetch }).addThings({ Name: 'a' }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(SoapFaultError);
    expect(e).toMatchObject({ status: 400, code: 's:Sender', faultName: 'ApiFaultFault', detail: { Code: 3 } });
  });
});

describe('one-way operations', () => {
  test.each([
    ['HTTP 202, empty body', 202, ''],
    ['HTTP 200, empty body', 200, ''],
    ['HTTP 202 with a body', 202, 'Accepted'],
    ['HTTP 200, an envelope with an empty Body', 200, `<s:Envelope xmlns:s="${SOAP11}"><s:Body/></s:Envelope>`],
  ])('resolve undefined on %s', async (_name, status, body) => {
    const fetch = fakeFetch(() => new Response(body === '' ? null : body, { status, headers: body.startsWith('<') ? { 'content-type': 'text/xml' } : {} }));
    await expect(createClient(Ops11, { endpoint, fetch }).notify({ Text: 'hi' })).resolves.toBeUndefined();
    expect(fetch.requests[0].body).toContain('<ns:Notify><ns:Text>hi</ns:Text></ns:Notify>');
  });

  test('a Fault still throws (HTTP 200 or 500)', async () => {
    for (const status of [200, 500]) {
      const fetch = fakeFetch(() => xmlResponse(encodeFault({ code: 's:Server', string: 'no' }), status));
      await expect(createClient(Ops11, { endpoint, fetch }).notify({ Text: 'hi' })).rejects.toMatchObject({ name: 'SoapFaultError', faultString: 'no' });
    }
  });

  test('decodeResponse of a one-way operation reads only a Fault', () => {
    expect(decodeResponse(Ops11, 'Notify', `<s:Envelope xmlns:s="${SOAP11}"><s:Body><Whatever/></s:Body></s:Envelope>`).body).toBeUndefined();
    expect(() => decodeResponse(Ops11, 'Notify', encodeFault({ code: 's:Server', string: 'no' }))).toThrow(SoapFaultError);
  });
});

describe('bare (not wrapped) bodies', () => {
  const Bare: TypedServiceDescriptor<{ count(input: { A: number }): Promise<number>; echo(input: { A: number }): Promise<unknown> }> = {
    name: 'Bare',
    namespace: NS,
    soapVersion: '1.1',
    headers: {},
    operations: {
      Count: { name: 'Count', method: 'count', soapAction: '', input: { element: 'Order', fields: [], type: 'Order' }, output: { element: 'Total', fields: [], type: 'xs:int' }, inputHeaders: [], outputHeaders: [], safe: false },
      Echo: { name: 'Echo', method: 'echo', soapAction: '', input: { element: 'Order', fields: [], type: 'Order' }, output: { element: 'Response', fields: [], type: 'xs:anyType' }, inputHeaders: [], outputHeaders: [], safe: false },
    },
    types: { Order: { kind: 'complex', name: 'Order', fields: [{ name: 'A', type: 'xs:int' }] } },
  };

  test('the call\'s value is the body element\'s value, both ways', async () => {
    const fetch = fakeFetch(() => xmlResponse(`<s:Envelope xmlns:s="${SOAP11}"><s:Body><Total xmlns="${NS}">42</Total></s:Body></s:Envelope>`));
    await expect(createClient(Bare, { endpoint, fetch }).count({ A: 1 })).resolves.toBe(42);
    expect(fetch.requests[0].body).toContain(`<s:Body><ns:Order><ns:A>1</ns:A></ns:Order></s:Body>`);
  });

  test('an untyped body element (xs:anyType) keeps its content', async () => {
    const fetch = fakeFetch(() => xmlResponse(`<s:Envelope xmlns:s="${SOAP11}"><s:Body><Response xmlns="${NS}">done</Response></s:Body></s:Envelope>`));
    await expect(createClient(Bare, { endpoint, fetch }).echo({ A: 1 })).resolves.toEqual({ $type: 'xs:string', $value: 'done' });
  });
});

describe('generic client options', () => {
  const ok = (op: string) => xmlResponse(`<s:Envelope xmlns:s="${SOAP11}"><s:Body><${op}Response xmlns="${NS}"><Id>1</Id></${op}Response></s:Body></s:Envelope>`);

  test('header parts set per client and per call; only the declared parts are sent; no SuperOffice headers unless asked', async () => {
    const fetch = fakeFetch((req) => ok(req.body.includes('GetThing') ? 'GetThing' : 'AddThings'));
    const ops = createClient(Ops11, { endpoint, fetch, headers: { DeveloperToken: 'dev-token', CustomerId: '42' } });
    await ops.addThings({ Name: 'a' });
    await ops.addThings({ Name: 'b' }, { headers: { CustomerId: '43' } });
    await ops.getThing({ Name: 'c' });
    const headerOf = (body: string) => /<s:Header>(.*)<\/s:Header>/.exec(body)?.[1];
    expect(fetch.requests.map((r) => headerOf(r.body))).toEqual([
      '<ns:DeveloperToken>dev-token</ns:DeveloperToken><ns:CustomerId>42</ns:CustomerId>',
      '<ns:DeveloperToken>dev-token</ns:DeveloperToken><ns:CustomerId>43</ns:CustomerId>',
      '<ns:DeveloperToken>dev-token</ns:DeveloperToken>',
    ]);
    expect(fetch.requests.some((r) => /ApplicationToken|Credentials|TimeZone/.test(r.body))).toBe(false);
  });

  test('secretHeaders are masked in errors and logs', async () => {
    const token = 'BBD37VB98-dev-token';
    const fetch = fakeFetch(() => xmlResponse(encodeFault({ code: 's:Client', string: `token ${token} is not valid` }), 500));
    const logs: LogEntry[] = [];
    const ops = createClient(Ops11, { endpoint, fetch, headers: { DeveloperToken: token }, secretHeaders: ['DeveloperToken'], logger: (e) => logs.push(e) });
    const e = (await ops.getThing({ Name: 'a' }).catch((x: unknown) => x)) as SoapFaultError;
    expect(e.message).toBe('GetThing: SOAP Fault s:Client: token *** is not valid');
    expect(JSON.stringify(logs)).not.toContain(token);
    // A per-call value of a secret part too.
    const other = 'CCC-per-call-secret';
    const fetch2 = fakeFetch(() => xmlResponse(encodeFault({ code: 's:Client', string: `bad ${other}` }), 500));
    const e2 = (await createClient(Ops11, { endpoint, fetch: fetch2, secretHeaders: ['DeveloperToken'] }).getThing({ Name: 'a' }, { headers: { DeveloperToken: other } }).catch((x: unknown) => x)) as SoapFaultError;
    expect(e2.faultString).toBe('bad ***');
  });

  test('a header part whose name says it is a secret (…Token, …Password, …Secret) is masked without secretHeaders; other parts are not', async () => {
    const token = 'DDD-named-dev-token';
    const fetch = fakeFetch(() => xmlResponse(encodeFault({ code: 's:Client', string: `token ${token} of customer 4711-customer is not valid` }), 500));
    const logs: LogEntry[] = [];
    const ops = createClient(Ops11, { endpoint, fetch, headers: { DeveloperToken: token, CustomerId: '4711-customer' }, logger: (e) => logs.push(e) });
    const e = (await ops.getThing({ Name: 'a' }).catch((x: unknown) => x)) as SoapFaultError;
    expect(e.faultString).toBe('token *** of customer 4711-customer is not valid');
    expect(JSON.stringify(logs)).not.toContain(token);
    // per call, too
    const other = 'EEE-per-call-named';
    const fetch2 = fakeFetch(() => xmlResponse(encodeFault({ code: 's:Client', string: `bad ${other}` }), 500));
    const e2 = (await createClient(Ops11, { endpoint, fetch: fetch2 }).getThing({ Name: 'a' }, { headers: { DeveloperToken: other } }).catch((x: unknown) => x)) as SoapFaultError;
    expect(e2.faultString).toBe('bad ***');
  });

  test('no operation is retried unless listed in safeOperations', async () => {
    const busy = () => new Response('busy', { status: 503 });
    const plain = fakeFetch(busy);
    await expect(createClient(Ops11, { endpoint, fetch: plain, retry: { baseDelayMs: 1 } }).getThing({ Name: 'a' })).rejects.toBeInstanceOf(HttpError);
    expect(plain.requests).toHaveLength(1);
    const listed = fakeFetch(busy);
    const ops = createClient(Ops11, { endpoint, fetch: listed, retry: { baseDelayMs: 1, maxAttempts: 3 }, safeOperations: ['GetThing'] });
    await expect(ops.getThing({ Name: 'a' })).rejects.toBeInstanceOf(HttpError);
    expect(listed.requests).toHaveLength(3);
    await expect(ops.addThings({ Name: 'a' })).rejects.toBeInstanceOf(HttpError);
    expect(listed.requests).toHaveLength(4);
  });

  test('header values are typed by the descriptor (its generated request header type)', () => {
    // @ts-expect-error DeveloperToken is a string
    expect(() => createClient(Ops11, { endpoint, headers: { DeveloperToken: 1 } })).not.toThrow();
    // @ts-expect-error Ops declares no such part
    expect(() => createClient(Ops11, { endpoint, headers: { Unknown: 'x' } })).not.toThrow();
  });

  test('safeOperations naming an operation the service does not have is refused', () => {
    expect(() => createClient(Ops11, { endpoint, safeOperations: ['GetThings'] })).toThrow('createClient: safeOperations names "GetThings", which Ops does not have');
  });
});
