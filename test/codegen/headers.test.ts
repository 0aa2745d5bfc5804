/**
 * `soap:header` parts → typed request/response headers: the service's header interfaces hold the
 * parts its operations declare, and each operation is typed with exactly the parts it declares
 * (a SoPrincipal-style operation declares only ApplicationToken, and sends only that).
 */
import { declaration, generate, text, typeDecl } from './helpers';

const schema = `
<xs:element name="ApplicationToken" nillable="true" type="xs:string"/>
<xs:element name="Credentials" nillable="true" type="tns:SoCredentials"/>
<xs:complexType name="SoCredentials"><xs:sequence><xs:element minOccurs="0" name="Ticket" nillable="true" type="xs:string"/></xs:sequence></xs:complexType>
<xs:element name="Succeeded" type="xs:boolean"/>`;

describe('header parts', () => {
  const g = generate({
    schema,
    operations: [
      { name: 'GetThing', inputHeaders: ['ApplicationToken', 'Credentials'], outputHeaders: ['Succeeded'] },
      { name: 'Authenticate', inputHeaders: ['ApplicationToken'], outputHeaders: [] },
    ],
  });

  it('emits the request and response header interfaces of the service', () => {
    expect(typeDecl(g, 'TestRequestHeaders')).toEqual(text(
      '/** SOAP header blocks an operation of Test may send (each operation sends only those it declares). */',
      'export interface TestRequestHeaders {',
      '  /** Header element `ApplicationToken`: xs:string, nillable. test.wsdl:5 */',
      '  ApplicationToken?: string | null | undefined;',
      '  /** Header element `Credentials`: SoCredentials, nillable. test.wsdl:6 */',
      '  Credentials?: SoCredentials | null | undefined;',
      '}',
    ));
    expect(typeDecl(g, 'TestResponseHeaders')).toEqual(text(
      '/** SOAP header blocks a response of Test may carry. */',
      'export interface TestResponseHeaders {',
      '  /** Header element `Succeeded`: xs:boolean. test.wsdl:8 */',
      '  Succeeded?: boolean;',
      '}',
    ));
  });

  it('types each operation with the parts it declares', () => {
    const client = g.files['client.ts'];
    expect(declaration(client, 'TestClient').split('\n').filter((l) => l.startsWith('  ') && !l.includes('/**'))).toEqual([
      '  getThing: OptionalInputMethod<GetThingRequest, undefined, TestResponseHeaders, TestRequestHeaders>;',
      "  authenticate: OptionalInputMethod<AuthenticateRequest, undefined, Pick<TestResponseHeaders, never>, Pick<TestRequestHeaders, 'ApplicationToken'>>;",
    ]);
    expect(declaration(client, 'encodeGetThing')).toEqual(text(
      '/** The SOAP 1.1 request envelope of GetThing, with the header blocks it declares (ApplicationToken, Credentials). */',
      'export function encodeGetThing(input: GetThingRequest = {}, headers: TestRequestHeaders = {}): string {',
      "  return encodeRequest(TestService, 'GetThing', input, headers);",
      '}',
    ));
    expect(declaration(client, 'encodeAuthenticate')).toEqual(text(
      '/** The SOAP 1.1 request envelope of Authenticate, with the header blocks it declares (ApplicationToken). */',
      "export function encodeAuthenticate(input: AuthenticateRequest = {}, headers: Pick<TestRequestHeaders, 'ApplicationToken'> = {}): string {",
      "  return encodeRequest(TestService, 'Authenticate', input, headers);",
      '}',
    ));
  });

  it('records header elements and each operation\'s parts in the IR and the descriptor', () => {
    expect(g.model.headers).toEqual({
      ApplicationToken: { name: 'ApplicationToken', ns: 'urn:test', type: { kind: 'builtin', name: 'xs:string' }, nillable: true, source: { file: 'test.wsdl', line: 5 } },
      Credentials: { name: 'Credentials', ns: 'urn:test', type: { kind: 'named', key: '{urn:test}SoCredentials' }, nillable: true, source: { file: 'test.wsdl', line: 6 } },
      Succeeded: { name: 'Succeeded', ns: 'urn:test', type: { kind: 'builtin', name: 'xs:boolean' }, nillable: false, source: { file: 'test.wsdl', line: 8 } },
    });
    expect(g.data.headers).toEqual({
      ApplicationToken: { name: 'ApplicationToken', type: 'xs:string', nillable: true },
      Credentials: { name: 'Credentials', type: 'SoCredentials', nillable: true },
      Succeeded: { name: 'Succeeded', type: 'xs:boolean' },
    });
    expect(Object.values(g.data.operations).map((o) => [o.name, o.inputHeaders, o.outputHeaders])).toEqual([
      ['GetThing', ['ApplicationToken', 'Credentials'], ['Succeeded']],
      ['Authenticate', ['ApplicationToken'], []],
    ]);
  });

  it('gives a service whose operations declare only ApplicationToken (SoPrincipal) only that header', () => {
    const principal = generate({
      schema,
      service: 'SoPrincipal',
      operations: [
        { name: 'AuthenticateUsernamePassword', inputHeaders: ['ApplicationToken'], outputHeaders: ['Succeeded'] },
        { name: 'GetSystemInfo', inputHeaders: ['ApplicationToken'], outputHeaders: ['Succeeded'] },
      ],
    });
    expect(typeDecl(principal, 'SoPrincipalRequestHeaders')).toEqual(text(
      '/** SOAP header blocks an operation of SoPrincipal may send (each operation sends only those it declares). */',
      'export interface SoPrincipalRequestHeaders {',
      '  /** Header element `ApplicationToken`: xs:string, nillable. test.wsdl:5 */',
      '  ApplicationToken?: string | null | undefined;',
      '}',
    ));
    expect(declaration(principal.files['client.ts'], 'encodeAuthenticateUsernamePassword').split('\n')[1]).toBe(
      'export function encodeAuthenticateUsernamePassword(input: AuthenticateUsernamePasswordRequest = {}, headers: SoPrincipalRequestHeaders = {}): string {',
    );
    expect(Object.values(principal.data.operations).map((o) => o.inputHeaders)).toEqual([['ApplicationToken'], ['ApplicationToken']]);
    expect(Object.keys(principal.data.headers)).toEqual(['ApplicationToken', 'Succeeded']);
  });

  it('emits empty header interfaces for a service without headers', () => {
    const none = generate({ operations: [{ name: 'Ping' }] });
    expect(typeDecl(none, 'TestRequestHeaders')).toEqual(text(
      '/** SOAP header blocks an operation of Test may send (each operation sends only those it declares). */',
      'export interface TestRequestHeaders {}',
    ));
    expect(none.files['descriptor.ts']).toContain('\n  headers: {},\n');
  });
});
