/**
 * Operations beyond document/literal wrapped request-response: `wsdl:fault` (typed details, a
 * union per operation), one-way operations, rpc/literal, SOAP 1.2 bindings, bare
 * document/literal bodies, and the retry flag of services other than Services88. Output-first:
 * a small inline WSDL → the exact IR, descriptor data and TypeScript lines.
 */
import { CodegenError } from '../../codegen/errors';
import { generateService } from '../../codegen/generate';
import { decodeRequest, decodeResponse, encodeRequest, encodeResponse } from '../../src/codec.js';
import type { ServiceDescriptor } from '../../src/runtime/codec/descriptor.js';
import { declaration, text } from './helpers';

const WSDL = 'http://schemas.xmlsoap.org/wsdl/';
const SOAP11 = 'http://schemas.xmlsoap.org/wsdl/soap/';
const SOAP12 = 'http://schemas.xmlsoap.org/wsdl/soap12/';

interface Spec {
  /** Global declarations of the urn:ops schema. */
  schema: string;
  /** wsdl:message elements. */
  messages: string;
  /** Children of the portType. */
  portType: string;
  /** Children of the binding (after soap:binding). */
  binding: string;
  /** `soap` (1.1) or `soap12`. */
  soap?: 'soap' | 'soap12';
  /** Attributes of soap:binding beyond transport. */
  bindingAttrs?: string;
  /** elementFormDefault of the schema. */
  qualified?: boolean;
}

/** A complete WSDL of service `Ops` in `urn:ops`; line 5 is the first line of `schema`. */
function wsdl(s: Spec): string {
  const soap = s.soap ?? 'soap';
  const lines = (x: string) => x.split('\n').map((l) => l.trim()).filter((l) => l !== '');
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    `<wsdl:definitions targetNamespace="urn:ops" xmlns:wsdl="${WSDL}" xmlns:soap="${SOAP11}" xmlns:soap12="${SOAP12}" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:tns="urn:ops">`,
    '<wsdl:types>',
    `<xs:schema targetNamespace="urn:ops"${s.qualified === false ? '' : ' elementFormDefault="qualified"'}>`,
    ...lines(s.schema),
    '</xs:schema>',
    '</wsdl:types>',
    ...lines(s.messages),
    '<wsdl:portType name="Ops">',
    ...lines(s.portType),
    '</wsdl:portType>',
    `<wsdl:binding name="OpsBinding" type="tns:Ops"><${soap}:binding transport="http://schemas.xmlsoap.org/soap/http"${s.bindingAttrs ?? ''}/>`,
    ...lines(s.binding),
    '</wsdl:binding>',
    `<wsdl:service name="OpsService"><wsdl:port name="OpsPort" binding="tns:OpsBinding"><${soap}:address location="http://localhost/ops"/></wsdl:port></wsdl:service>`,
    '</wsdl:definitions>',
    '',
  ].join('\n');
}

const gen = (s: Spec) => generateService(wsdl(s), 'ops.wsdl');
const lineOf = (t: string, needle: string) => t.slice(0, t.indexOf(needle)).split('\n').length;

function failure(t: string): string {
  try {
    generateService(t, 'ops.wsdl');
  } catch (e) {
    if (e instanceof CodegenError) return e.message;
    throw e;
  }
  throw new Error('generation did not fail');
}

/** The client interface's lines for one method (JSDoc and signature). */
function method(g: { files: Record<string, string> }, name: string): string[] {
  const lines = declaration(g.files['client.ts'], 'OpsClient').split('\n');
  const at = lines.findIndex((l) => l.startsWith(`  ${name}: `));
  let start = at - 1;
  while (start > 0 && !lines[start].startsWith('  /**')) start--;
  return lines.slice(start, at + 1);
}

const wrapped = (op: string, input: string, output: string) => `
<xs:element name="${op}"><xs:complexType><xs:sequence>${input}</xs:sequence></xs:complexType></xs:element>
<xs:element name="${op}Response"><xs:complexType><xs:sequence>${output}</xs:sequence></xs:complexType></xs:element>`;

const messages = (op: string) => `
<wsdl:message name="${op}In"><wsdl:part name="parameters" element="tns:${op}"/></wsdl:message>
<wsdl:message name="${op}Out"><wsdl:part name="parameters" element="tns:${op}Response"/></wsdl:message>`;

const bindingOp = (op: string, soap = 'soap', extra = '') =>
  `<wsdl:operation name="${op}"><${soap}:operation soapAction="urn:ops/${op}" style="document"/><wsdl:input><${soap}:body use="literal"/></wsdl:input><wsdl:output><${soap}:body use="literal"/></wsdl:output>${extra}</wsdl:operation>`;

describe('wsdl:fault', () => {
  const spec: Spec = {
    schema: `
<xs:complexType name="ApiFault"><xs:sequence><xs:element minOccurs="0" name="Code" type="xs:int"/></xs:sequence></xs:complexType>
<xs:complexType name="BatchFault"><xs:sequence><xs:element minOccurs="0" name="Index" type="xs:int"/></xs:sequence></xs:complexType>
<xs:element name="ApiFaultDetail" nillable="true" type="tns:ApiFault"/>
<xs:element name="BatchFaultDetail" nillable="true" type="tns:BatchFault"/>
${wrapped('AddThings', '<xs:element name="Name" type="xs:string"/>', '<xs:element name="Id" type="xs:int"/>')}`,
    messages: `${messages('AddThings')}
<wsdl:message name="ApiFaultMessage"><wsdl:part name="detail" element="tns:ApiFaultDetail"/></wsdl:message>
<wsdl:message name="BatchFaultMessage"><wsdl:part name="detail" element="tns:BatchFaultDetail"/></wsdl:message>`,
    portType: `<wsdl:operation name="AddThings"><wsdl:input message="tns:AddThingsIn"/><wsdl:output message="tns:AddThingsOut"/>
<wsdl:fault name="ApiFaultFault" message="tns:ApiFaultMessage"/>
<wsdl:fault name="BatchFaultFault" message="tns:BatchFaultMessage"/></wsdl:operation>`,
    binding: bindingOp('AddThings', 'soap', '<wsdl:fault name="ApiFaultFault"><soap:fault name="ApiFaultFault" use="literal"/></wsdl:fault><wsdl:fault name="BatchFaultFault"><soap:fault name="BatchFaultFault" use="literal"/></wsdl:fault>'),
  };
  const t = wsdl(spec);
  const g = gen(spec);

  it('reads each fault\'s detail element and type into the IR', () => {
    expect(g.model.operations[0].faults).toEqual([
      { name: 'ApiFaultFault', element: { ns: 'urn:ops', local: 'ApiFaultDetail' }, type: { kind: 'named', key: '{urn:ops}ApiFault' }, source: { file: 'ops.wsdl', line: lineOf(t, '<wsdl:fault name="ApiFaultFault" message') } },
      { name: 'BatchFaultFault', element: { ns: 'urn:ops', local: 'BatchFaultDetail' }, type: { kind: 'named', key: '{urn:ops}BatchFault' }, source: { file: 'ops.wsdl', line: lineOf(t, '<wsdl:fault name="BatchFaultFault" message') } },
    ]);
  });

  it('emits FaultDescriptors', () => {
    expect(g.data.operations.AddThings.faults).toEqual([
      { name: 'ApiFaultFault', element: 'ApiFaultDetail', type: 'ApiFault' },
      { name: 'BatchFaultFault', element: 'BatchFaultDetail', type: 'BatchFault' },
    ]);
    expect(g.files['descriptor.ts']).toContain(
      "      faults: [{ name: 'ApiFaultFault', element: 'ApiFaultDetail', type: 'ApiFault' }, { name: 'BatchFaultFault', element: 'BatchFaultDetail', type: 'BatchFault' }],\n",
    );
  });

  it('emits a union of the detail types per operation, documented on the method', () => {
    expect(declaration(g.files['types.ts'], 'AddThingsFault')).toEqual(text(
      `/** The fault details AddThings declares: \`SoapFaultError.detail\` when a Fault's detail element is one of them (\`ApiFaultFault\` = \`ApiFaultDetail\`, \`BatchFaultFault\` = \`BatchFaultDetail\`). ops.wsdl:${lineOf(t, '<wsdl:operation name="AddThings"><soap:operation')} */`,
      'export type AddThingsFault = ApiFault | BatchFault;',
    ));
    expect(method(g, 'addThings')).toEqual([
      '  /**',
      `   * AddThings (not retried unless listed in \`safeOperations\`). ops.wsdl:${lineOf(t, '<wsdl:operation name="AddThings"><soap:operation')}`,
      '   * A declared SOAP Fault throws `SoapFaultError` whose `detail` is a `AddThingsFault` (`ApiFaultFault`, `BatchFaultFault`); `detailXml` keeps the raw detail.',
      '   */',
      '  addThings: OperationMethod<AddThingsRequest, AddThingsResponse, OpsResponseHeaders, OpsRequestHeaders>;',
    ]);
  });

  it('refuses an encoded fault with file:line', () => {
    const enc = t.replace('<soap:fault name="ApiFaultFault" use="literal"/>', '<soap:fault name="ApiFaultFault" use="encoded"/>');
    expect(failure(enc)).toBe(`ops.wsdl:${lineOf(enc, 'use="encoded"')}: operation AddThings: fault ApiFaultFault: only use="literal" is supported`);
  });
});

describe('one-way operations', () => {
  const spec: Spec = {
    schema: wrapped('Notify', '<xs:element name="Text" type="xs:string"/>', ''),
    messages: messages('Notify'),
    portType: '<wsdl:operation name="Notify"><wsdl:input message="tns:NotifyIn"/></wsdl:operation>',
    binding: '<wsdl:operation name="Notify"><soap:operation soapAction="urn:ops/Notify" style="document"/><wsdl:input><soap:body use="literal"/></wsdl:input></wsdl:operation>',
  };
  const g = gen(spec);

  it('marks the operation oneWay with an empty output wrapper', () => {
    expect(g.data.operations.Notify).toEqual({
      name: 'Notify',
      method: 'notify',
      soapAction: 'urn:ops/Notify',
      input: { element: 'Notify', fields: [{ name: 'Text', type: 'xs:string' }] },
      output: { element: 'NotifyResponse', fields: [] },
      inputHeaders: [],
      outputHeaders: [],
      safe: false,
      oneWay: true,
    });
    expect(g.files['descriptor.ts']).toContain('      safe: false,\n      oneWay: true,\n');
  });

  it('resolves undefined, and emits no response interface', () => {
    expect(method(g, 'notify').slice(-2)).toEqual([
      '   */',
      '  notify: OperationMethod<NotifyRequest, undefined, OpsResponseHeaders, OpsRequestHeaders>;',
    ]);
    expect(method(g, 'notify')[2]).toBe('   * One-way: resolves `undefined` once the server accepts the request (HTTP 202, or 200 with an empty body).');
    expect(g.files['types.ts']).not.toContain('NotifyResponse');
  });

  it('refuses a notification (output without input) with file:line', () => {
    const t = wsdl({ ...spec, portType: '<wsdl:operation name="Notify"><wsdl:output message="tns:NotifyOut"/></wsdl:operation>', binding: '<wsdl:operation name="Notify"><soap:operation soapAction="" style="document"/><wsdl:output><soap:body use="literal"/></wsdl:output></wsdl:operation>' });
    expect(failure(t)).toBe(`ops.wsdl:${lineOf(t, '<wsdl:operation name="Notify"><soap:operation')}: operation Notify: notification and solicit-response operations (no input) are not supported`);
  });
});

describe('rpc/literal', () => {
  const spec: Spec = {
    schema: `
<xs:complexType name="Point"><xs:sequence><xs:element name="X" type="xs:int"/></xs:sequence></xs:complexType>
<xs:element name="Stamp" type="xs:dateTime"/>`,
    messages: `
<wsdl:message name="MoveIn"><wsdl:part name="to" type="tns:Point"/><wsdl:part name="count" type="xs:int"/><wsdl:part name="when" element="tns:Stamp"/></wsdl:message>
<wsdl:message name="MoveOut"><wsdl:part name="result" type="xs:string"/></wsdl:message>`,
    portType: '<wsdl:operation name="Move"><wsdl:input message="tns:MoveIn"/><wsdl:output message="tns:MoveOut"/></wsdl:operation>',
    binding: '<wsdl:operation name="Move"><soap:operation soapAction="urn:ops/Move"/><wsdl:input><soap:body use="literal" namespace="urn:ops:rpc"/></wsdl:input><wsdl:output><soap:body use="literal" namespace="urn:ops:rpc"/></wsdl:output></wsdl:operation>',
    bindingAttrs: ' style="rpc"',
  };
  const g = gen(spec);

  it('wraps the parts in <Op>/<Op>Response of the soap:body namespace, type= parts unqualified', () => {
    expect(g.data.operations.Move).toEqual({
      name: 'Move',
      method: 'move',
      soapAction: 'urn:ops/Move',
      input: {
        element: 'Move',
        ns: 'urn:ops:rpc',
        fields: [
          { name: 'to', type: 'Point', ns: '' },
          { name: 'count', type: 'xs:int', ns: '' },
          { name: 'Stamp', type: 'xs:dateTime', ns: 'urn:ops' },
        ],
      },
      output: { element: 'MoveResponse', ns: 'urn:ops:rpc', fields: [{ name: 'result', type: 'xs:string', ns: '' }] },
      inputHeaders: [],
      outputHeaders: [],
      safe: false,
      style: 'rpc',
    });
    expect(g.files['descriptor.ts']).toContain("      safe: false,\n      style: 'rpc',\n");
  });

  it('types the parts as the wrapper\'s members', () => {
    expect(declaration(g.files['types.ts'], 'MoveRequest')).toEqual(text(
      `/** Input of Move: the children of the \`Move\` wrapper element. ops.wsdl:${lineOf(wsdl(spec), '<soap:body use="literal" namespace')} */`,
      'export interface MoveRequest {',
      '  /** Point */',
      '  to: Point;',
      '  /** xs:int */',
      '  count: number;',
      '  /** xs:dateTime */',
      '  Stamp: Date;',
      '}',
    ));
  });

  it('drives the codec both ways: the wrapper in the soap:body namespace, type= parts unqualified, element= parts qualified', () => {
    const service = g.data as ServiceDescriptor;
    const input = { to: { X: 1 }, count: 2, Stamp: new Date(Date.UTC(2024, 0, 2, 3, 4, 5)) };
    const req = encodeRequest(service, 'Move', input);
    expect(req.slice(req.indexOf('<s:Body>'))).toBe(
      '<s:Body><ns1:Move><to><ns:X>1</ns:X></to><count>2</count><ns:Stamp>2024-01-02T03:04:05.000Z</ns:Stamp></ns1:Move></s:Body></s:Envelope>',
    );
    expect(req).toContain('xmlns:ns="urn:ops"');
    expect(req).toContain('xmlns:ns1="urn:ops:rpc"');
    expect(decodeRequest(service, 'Move', req).body).toStrictEqual(input);
    const res = encodeResponse(service, 'Move', { result: 'moved' });
    expect(res.slice(res.indexOf('<s:Body>'))).toBe('<s:Body><ns1:MoveResponse><result>moved</result></ns1:MoveResponse></s:Body></s:Envelope>');
    expect(decodeResponse(service, 'Move', res).body).toStrictEqual({ result: 'moved' });
  });

  it('refuses rpc/encoded with file:line', () => {
    const t = wsdl(spec).replace('<wsdl:input><soap:body use="literal"', '<wsdl:input><soap:body use="encoded" encodingStyle="http://schemas.xmlsoap.org/soap/encoding/"');
    expect(failure(t)).toBe(`ops.wsdl:${lineOf(t, 'use="encoded"')}: rpc/encoded is not supported (SOAP encoding): only use="literal" is; ask the service for a literal (WS-I Basic Profile) binding`);
  });
});

describe('SOAP 1.2 bindings', () => {
  const spec: Spec = {
    schema: wrapped('Ping', '', '<xs:element name="Response" type="xs:string"/>'),
    messages: messages('Ping'),
    portType: '<wsdl:operation name="Ping"><wsdl:input message="tns:PingIn"/><wsdl:output message="tns:PingOut"/></wsdl:operation>',
    binding: bindingOp('Ping', 'soap12'),
    soap: 'soap12',
  };
  const g = gen(spec);

  it('generates a SOAP 1.2-only WSDL with soapVersion 1.2', () => {
    expect(g.model.soapVersion).toBe('1.2');
    expect(g.data.soapVersion).toBe('1.2');
    expect(g.data.operations.Ping.soapAction).toBe('urn:ops/Ping');
    expect(g.model.address).toBe('http://localhost/ops');
    expect(g.files['descriptor.ts']).toContain("  soapVersion: '1.2',\n");
    expect(declaration(g.files['client.ts'], 'encodePing').split('\n')[0]).toBe('/** The SOAP 1.2 request envelope of Ping, with the header blocks it declares (none). */');
  });

  it('prefers the SOAP 1.1 binding when both exist', () => {
    const both = wsdl(spec).replace('</wsdl:binding>', `</wsdl:binding>\n<wsdl:binding name="OpsBinding11" type="tns:Ops"><soap:binding transport="http://schemas.xmlsoap.org/soap/http"/>${bindingOp('Ping')}</wsdl:binding>`);
    const g2 = generateService(both, 'ops.wsdl');
    expect([g2.model.soapVersion, g2.model.binding]).toEqual(['1.1', 'OpsBinding11']);
  });
});

describe('bare (not wrapped) document/literal bodies', () => {
  const spec: Spec = {
    schema: `
<xs:complexType name="Base"><xs:sequence><xs:element name="A" type="xs:int"/></xs:sequence></xs:complexType>
<xs:complexType name="Order"><xs:complexContent><xs:extension base="tns:Base"><xs:sequence><xs:element name="B" type="xs:string"/></xs:sequence></xs:extension></xs:complexContent></xs:complexType>
<xs:element name="PlaceOrder" type="tns:Order"/>
<xs:element name="Count" type="xs:int"/>
<xs:element name="Response"/>`,
    messages: `
<wsdl:message name="PlaceIn"><wsdl:part name="order" element="tns:PlaceOrder"/></wsdl:message>
<wsdl:message name="PlaceOut"><wsdl:part name="count" element="tns:Count"/></wsdl:message>
<wsdl:message name="EchoOut"><wsdl:part name="r" element="tns:Response"/></wsdl:message>`,
    portType: `
<wsdl:operation name="Place"><wsdl:input message="tns:PlaceIn"/><wsdl:output message="tns:PlaceOut"/></wsdl:operation>
<wsdl:operation name="Echo"><wsdl:input message="tns:PlaceIn"/><wsdl:output message="tns:EchoOut"/></wsdl:operation>`,
    binding: `${bindingOp('Place')}${bindingOp('Echo')}`,
  };
  const t = wsdl(spec);
  const g = gen(spec);

  it('sets WrapperDescriptor.type for an element of a named complex type (with a base), a simple type, or untyped (anyType)', () => {
    expect(g.data.operations.Place.input).toEqual({ element: 'PlaceOrder', fields: [], type: 'Order' });
    expect(g.data.operations.Place.output).toEqual({ element: 'Count', fields: [], type: 'xs:int' });
    expect(g.data.operations.Echo.output).toEqual({ element: 'Response', fields: [], type: 'xs:anyType' });
    expect(g.files['descriptor.ts']).toContain("      output: { element: 'Response', fields: [], type: 'xs:anyType' },\n");
  });

  it('types the call\'s value as the body element\'s type', () => {
    expect(declaration(g.files['types.ts'], 'PlaceRequest')).toEqual(text(
      `/** Input of Place: the body element \`PlaceOrder\` itself (not a wrapper), of type Order. ops.wsdl:${lineOf(t, '<xs:element name="PlaceOrder"')} */`,
      'export type PlaceRequest = Order;',
    ));
    expect(declaration(g.files['types.ts'], 'EchoResponse')).toEqual(text(
      `/** Output of Echo: the body element \`Response\` itself (not a wrapper), of type xs:anyType. ops.wsdl:${lineOf(t, '<xs:element name="Response"')} */`,
      'export type EchoResponse = AnyValue;',
    ));
    expect(method(g, 'place').at(-1)).toBe('  place: OperationMethod<PlaceRequest, PlaceResponse, OpsResponseHeaders, OpsRequestHeaders>;');
    expect(method(g, 'echo').at(-1)).toBe('  echo: OperationMethod<EchoRequest, EchoResponse, OpsResponseHeaders, OpsRequestHeaders>;');
  });
});

describe('retries of services other than Services88', () => {
  it('marks no operation safe outside the Services88 namespace (the caller lists them in safeOperations)', () => {
    const g = gen({
      schema: wrapped('GetThing', '', ''),
      messages: messages('GetThing'),
      portType: '<wsdl:operation name="GetThing"><wsdl:input message="tns:GetThingIn"/><wsdl:output message="tns:GetThingOut"/></wsdl:operation>',
      binding: bindingOp('GetThing'),
    });
    expect(g.data.operations.GetThing.safe).toBe(false);
    expect(method(g, 'getThing')[0]).toMatch(/^ {2}\/\*\* GetThing \(not retried unless listed in `safeOperations`\)\. ops\.wsdl:\d+ \*\/$/);
  });
});

describe('retries of Services88', () => {
  it('keeps the name rule for the Services88 namespace', () => {
    const ns = 'http://www.superoffice.net/ws/crm/NetServer/Services88';
    const t = wsdl({
      schema: `${wrapped('GetThing', '', '')}${wrapped('SaveThing', '', '')}`,
      messages: `${messages('GetThing')}${messages('SaveThing')}`,
      portType: ['GetThing', 'SaveThing'].map((o) => `<wsdl:operation name="${o}"><wsdl:input message="tns:${o}In"/><wsdl:output message="tns:${o}Out"/></wsdl:operation>`).join(''),
      binding: `${bindingOp('GetThing')}${bindingOp('SaveThing')}`,
    }).replaceAll('urn:ops', ns);
    const g = generateService(t, 'ops.wsdl');
    expect([g.data.operations.GetThing.safe, g.data.operations.SaveThing.safe]).toEqual([true, false]);
  });
});

describe('soap:operation is optional (WSDL 1.1 §3.4)', () => {
  it('takes the binding\'s style and an empty SOAPAction when a binding operation has none', () => {
    const g = gen({
      schema: wrapped('GetPerson', '<xs:element name="Id" type="xs:string"/>', ''),
      messages: messages('GetPerson'),
      portType: '<wsdl:operation name="GetPerson"><wsdl:input message="tns:GetPersonIn"/><wsdl:output message="tns:GetPersonOut"/></wsdl:operation>',
      binding: '<wsdl:operation name="GetPerson"><wsdl:input><soap:body use="literal"/></wsdl:input><wsdl:output><soap:body use="literal"/></wsdl:output></wsdl:operation>',
      bindingAttrs: ' style="document"',
    });
    expect(g.model.operations.map((o) => [o.name, o.style, o.soapAction])).toEqual([['GetPerson', 'document', '']]);
    expect(g.data.operations.GetPerson.soapAction).toBe('');
  });
});

describe('an operation whose message the WSDL does not declare', () => {
  const spec: Spec = {
    schema: `${wrapped('Hello', '', '')}${wrapped('GetList', '', '')}`,
    messages: messages('Hello'),
    portType: `<wsdl:operation name="GetList"><wsdl:input message="tns:GetList"/><wsdl:output message="tns:GetListResponse"/></wsdl:operation>
<wsdl:operation name="Hello"><wsdl:input message="tns:HelloIn"/><wsdl:output message="tns:HelloOut"/></wsdl:operation>`,
    binding: `${bindingOp('GetList')}${bindingOp('Hello')}`,
  };
  const t = wsdl(spec);
  const notes: string[] = [];
  const g = generateService(t, 'ops.wsdl', { notes });
  const at = lineOf(t, '<wsdl:input message="tns:GetList"/>');

  it('is skipped as zeep does, with a warning and a line in the client\'s doc; the rest generates', () => {
    expect(g.model.operations.map((o) => o.name)).toEqual(['Hello']);
    expect(g.model.skipped).toEqual([{ name: 'GetList', reason: 'message tns:GetList not found', source: { file: 'ops.wsdl', line: at } }]);
    expect(notes).toEqual([`warning: ops.wsdl:${at}: operation GetList skipped: message tns:GetList not found`]);
    expect(declaration(g.files['client.ts'], 'OpsClient').split('\n').slice(0, 5)).toEqual([
      '/**',
      ' * A typed client of the Ops service: one method per operation, one request object per call.',
      ' * Each method resolves to the output wrapper\'s `Response` value when that is its only child (as in Services88), else to the wrapper\'s children as one object (a bare body: its value); `undefined` for an empty wrapper or a one-way operation. With `{ withMeta: true }` to `{ data, headers, status, durationMs, attempts }`.',
      ` * Not generated: GetList (message tns:GetList not found, ops.wsdl:${at}).`,
      ' */',
    ]);
  });
});

describe('a WSDL without operations', () => {
  const spec: Spec = {
    schema: '<xs:complexType name="Point"><xs:sequence><xs:element name="X" type="xs:int"/></xs:sequence></xs:complexType>',
    messages: '',
    portType: '',
    binding: '',
  };

  it('generates its types and says there are no operations', () => {
    const notes: string[] = [];
    const g = generateService(wsdl(spec), 'ops.wsdl', { notes });
    expect(g.data.operations).toEqual({});
    expect(g.data.types.Point).toEqual({ kind: 'complex', name: 'Point', fields: [{ name: 'X', type: 'xs:int' }] });
    expect(declaration(g.files['types.ts'], 'Point')).toContain('export interface Point {\n  /** xs:int */\n  X: number;\n}');
    expect(notes).toEqual(['note: Ops has no operations: only its types are generated']);
  });

  it('without any wsdl:binding, says there is nothing to generate (file:line)', () => {
    const t = wsdl(spec).replace(/<wsdl:binding[\s\S]*<\/wsdl:service>\n/, '');
    expect(failure(t)).toBe(`ops.wsdl:${lineOf(t, '<wsdl:definitions')}: the WSDL has no wsdl:binding: there is no operation to generate`);
  });
});

describe('QName references through prefixes declared on inner elements', () => {
  // a prefix declared on the portType operation, on wsdl:output, on soap:header and on the port (not on
  // the root) resolves there, as the XML namespace rules say
  const spec: Spec = {
    schema: `${wrapped('Hello', '<xs:element name="A" type="xs:int"/>', '')}<xs:element name="Token" type="xs:string"/>`,
    messages: `${messages('Hello')}<wsdl:message name="TokenHeader"><wsdl:part name="Token" element="tns:Token"/></wsdl:message>`,
    portType: '<wsdl:operation name="Hello" xmlns:m="urn:ops"><wsdl:input message="m:HelloIn"/><wsdl:output xmlns:r="urn:ops" message="r:HelloOut"/></wsdl:operation>',
    binding:
      '<wsdl:operation name="Hello"><soap:operation soapAction="urn:ops/Hello" style="document"/>' +
      '<wsdl:input><soap:header xmlns:h="urn:ops" message="h:TokenHeader" part="Token" use="literal"/><soap:body use="literal"/></wsdl:input>' +
      '<wsdl:output><soap:body use="literal"/></wsdl:output></wsdl:operation>',
  };

  it('find their messages', () => {
    const g = gen(spec);
    expect(g.data.operations.Hello).toEqual({
      name: 'Hello',
      method: 'hello',
      soapAction: 'urn:ops/Hello',
      input: { element: 'Hello', fields: [{ name: 'A', type: 'xs:int' }] },
      output: { element: 'HelloResponse', fields: [] },
      inputHeaders: ['Token'],
      outputHeaders: [],
      safe: false,
    });
    expect(g.model.skipped ?? []).toEqual([]);
  });

  it('and a prefix declared only on a sibling is not in scope', () => {
    const t = wsdl({ ...spec, portType: '<wsdl:operation name="Hello" xmlns:m="urn:ops"><wsdl:input message="m:HelloIn"/><wsdl:output message="r:HelloOut"/></wsdl:operation>' });
    expect(failure(t)).toBe(`ops.wsdl:${lineOf(t, '<wsdl:operation name="Hello" xmlns:m')}: unknown namespace prefix "r" in "r:HelloOut"`);
  });
});

describe('type= parts in a document binding (WCF Message contracts)', () => {
  const spec: Spec = {
    schema: `<xs:complexType name="MessageBody"><xs:sequence><xs:any minOccurs="0" maxOccurs="unbounded" namespace="##any"/></xs:sequence></xs:complexType>
<xs:element name="A" type="xs:string"/><xs:element name="B" type="xs:int"/>
${wrapped('Echo', '', '')}`,
    messages: `<wsdl:message name="RawIn"><wsdl:part name="message" type="tns:MessageBody"/></wsdl:message>
<wsdl:message name="RawOut"><wsdl:part name="RawResult" type="tns:MessageBody"/></wsdl:message>
<wsdl:message name="TwoParts"><wsdl:part name="A" element="tns:A"/><wsdl:part name="B" element="tns:B"/></wsdl:message>
${messages('Echo')}`,
    portType: `<wsdl:operation name="Raw"><wsdl:input message="tns:RawIn"/><wsdl:output message="tns:RawOut"/></wsdl:operation>
<wsdl:operation name="Two"><wsdl:input message="tns:EchoIn"/><wsdl:output message="tns:TwoParts"/></wsdl:operation>
<wsdl:operation name="Echo"><wsdl:input message="tns:EchoIn"/><wsdl:output message="tns:EchoOut"/></wsdl:operation>`,
    binding: `${bindingOp('Raw')}${bindingOp('Two')}${bindingOp('Echo')}`,
  };
  const t = wsdl(spec);
  const notes: string[] = [];
  const g = generateService(t, 'ops.wsdl', { notes });

  it('reads a type= part as a bare body element named after the part, unqualified, of that type (as zeep does)', () => {
    expect(g.data.operations.Raw.input).toEqual({ element: 'message', ns: '', fields: [], type: 'MessageBody' });
    expect(g.data.operations.Raw.output).toEqual({ element: 'RawResult', ns: '', fields: [], type: 'MessageBody' });
    expect(declaration(g.files['types.ts'], 'RawRequest')).toEqual(text(
      `/** Input of Raw: the body element \`message\` itself (not a wrapper), of type MessageBody. ops.wsdl:${lineOf(t, 'name="RawIn"')} */`,
      'export type RawRequest = MessageBody;',
    ));
  });

  it('skips a document/literal operation of several body parts (no wrapper element) with a warning', () => {
    expect(g.model.operations.map((o) => o.name)).toEqual(['Raw', 'Echo']);
    expect(notes).toEqual([`warning: ops.wsdl:${lineOf(t, 'name="TwoParts"')}: operation Two skipped: document/literal output of 2 body parts (message TwoParts: no wrapper element) is not supported`]);
  });
});
