/**
 * Which binding is generated: the first SOAP 1.1 one (equivalent http/https bindings with a note),
 * else the first SOAP 1.2 one; `--binding` picks another; HTTP bindings are never chosen and
 * refused when they are the only choice; the error lists the choices.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateService } from '../../codegen/generate';
import { runGenerateCaptured } from '../cli/generate-helpers';
import { FILE, wsdl } from './helpers';

const base = wsdl({ operations: [{ name: 'Ping', input: '<xs:element name="A" type="xs:int"/>', output: '<xs:element name="R" type="xs:int"/>' }] });
const lineOf = (text: string, needle: string) => text.slice(0, text.indexOf(needle)).split('\n').length;

/** The binding element of `base`, renamed and in SOAP `version`. */
function binding(name: string, version: '1.1' | '1.2', policy = ''): string {
  const start = base.indexOf('<wsdl:binding');
  const text = base.slice(start, base.indexOf('</wsdl:binding>') + '</wsdl:binding>'.length).replace('name="BasicHttpBinding_Test"', `name="${name}"`);
  const soap12 = text.replace(/<soap:/g, '<soap12:').replace(/<wsdl:binding ([^>]*)>/, '<wsdl:binding $1 xmlns:soap12="http://schemas.xmlsoap.org/wsdl/soap12/">');
  return (version === '1.1' ? text : soap12).replace(/(<wsdl:binding [^>]*>)/, `$1${policy}`);
}

function port(name: string, version: '1.1' | '1.2', address: string): string {
  const soap = version === '1.1' ? 'soap:address' : 'soap12:address xmlns:soap12="http://schemas.xmlsoap.org/wsdl/soap12/"';
  return `<wsdl:port name="${name}" binding="tns:${name}"><${soap} location="${address}"/></wsdl:port>`;
}

/** `base` with these bindings instead of its own, and a service with a port for each. */
function withBindings(bindings: string[], ports: string[]): string {
  const start = base.indexOf('<wsdl:binding');
  return `${base.slice(0, start)}${bindings.join('\n')}\n<wsdl:service name="TestService">${ports.join('')}</wsdl:service>\n</wsdl:definitions>\n`;
}

const HTTP_BINDING = '<wsdl:binding name="HttpGet" type="tns:Test" xmlns:http="http://schemas.xmlsoap.org/wsdl/http/"><http:binding verb="GET"/><wsdl:operation name="Ping"><http:operation location="/Ping"/></wsdl:operation></wsdl:binding>';

describe('binding choice', () => {
  const pair = withBindings(
    [binding('BasicHttpBinding_Test', '1.1'), binding('BasicHttpsBinding_Test', '1.1', '<wsp:PolicyReference xmlns:wsp="http://www.w3.org/ns/ws-policy" URI="#https"/>')],
    [port('BasicHttpBinding_Test', '1.1', 'http://h/T.svc'), port('BasicHttpsBinding_Test', '1.1', 'https://h/T.svc')],
  );

  it('takes the first of equivalent SOAP 1.1 bindings (http and https) and says so; --binding takes another', () => {
    const notes: string[] = [];
    const first = generateService(pair, FILE, { notes }).model;
    expect([first.binding, first.address, first.soapVersion]).toEqual(['BasicHttpBinding_Test', 'http://h/T.svc', '1.1']);
    expect(notes).toEqual(['note: Test has 2 equivalent SOAP 1.1 bindings (BasicHttpBinding_Test, BasicHttpsBinding_Test): generated BasicHttpBinding_Test (another with --binding)']);
    const second = generateService(pair, FILE, { binding: 'BasicHttpsBinding_Test' }).model;
    expect([second.binding, second.address]).toEqual(['BasicHttpsBinding_Test', 'https://h/T.svc']);
  });

  it('prefers SOAP 1.1 to SOAP 1.2 in any order; --binding takes the SOAP 1.2 one; a SOAP 1.2-only WSDL is SOAP 1.2', () => {
    const both = withBindings([binding('Soap12', '1.2'), binding('Soap11', '1.1'), HTTP_BINDING], [port('Soap12', '1.2', 'http://h/12'), port('Soap11', '1.1', 'http://h/11')]);
    expect(generateService(both, FILE).model).toMatchObject({ binding: 'Soap11', soapVersion: '1.1', address: 'http://h/11' });
    expect(generateService(both, FILE, { binding: 'Soap12' }).model).toMatchObject({ binding: 'Soap12', soapVersion: '1.2', address: 'http://h/12' });
    const only12 = withBindings([HTTP_BINDING, binding('Soap12', '1.2')], [port('Soap12', '1.2', 'http://h/12')]);
    expect(generateService(only12, FILE).model).toMatchObject({ binding: 'Soap12', soapVersion: '1.2', address: 'http://h/12' });
  });

  it('lists the choices for an unknown --binding, and refuses HTTP bindings with file:line', () => {
    const both = withBindings([binding('Soap11', '1.1'), HTTP_BINDING], []);
    expect(() => generateService(both, FILE, { binding: 'Nope' })).toThrow(`${FILE}:${lineOf(both, '<wsdl:binding name="Soap11"')}: binding "Nope" not found; the choices are: Soap11 (SOAP 1.1), HttpGet (HTTP)`);
    expect(() => generateService(both, FILE, { binding: 'HttpGet' })).toThrow(`${FILE}:${lineOf(both, '<wsdl:binding name="HttpGet"')}: binding HttpGet is an HTTP binding (http:binding): only SOAP 1.1 and SOAP 1.2 bindings are supported`);
    const onlyHttp = withBindings([HTTP_BINDING], []);
    expect(() => generateService(onlyHttp, FILE)).toThrow(`${FILE}:${lineOf(onlyHttp, '<wsdl:binding name="HttpGet"')}: binding HttpGet is an HTTP binding`);
  });

  it('refuses different SOAP 1.1 bindings of one portType without --binding, listing them', () => {
    const different = withBindings([binding('A', '1.1'), binding('B', '1.1').replace('soapAction="urn:test/Test/Ping"', 'soapAction="other"')], []);
    expect(() => generateService(different, FILE)).toThrow(`${FILE}:${lineOf(different, '<wsdl:binding name="B"')}: the service Test has several different SOAP 1.1 bindings: choose one with --binding; the choices are: A (SOAP 1.1), B (SOAP 1.1)`);
    expect(generateService(different, FILE, { binding: 'B' }).model.operations[0].soapAction).toBe('other');
  });
});

describe('rpc/encoded', () => {
  it('is refused at the first encoded body, before any type is read', () => {
    const text = base.replace('<soap:binding transport=', '<soap:binding style="rpc" transport=').replace(/style="document"/g, '')
      .replace('<wsdl:input><soap:body use="literal"/>', '<wsdl:input><soap:body use="encoded" encodingStyle="http://schemas.xmlsoap.org/soap/encoding/"/>')
      .replace('<xs:element name="A" type="xs:int"/>', '<xs:element name="A" type="xs:unknownBuiltin"/>');
    expect(() => generateService(text, FILE)).toThrow(`${FILE}:${lineOf(text, 'use="encoded"')}: rpc/encoded is not supported (SOAP encoding): only use="literal" is; ask the service for a literal (WS-I Basic Profile) binding`);
  });
});

describe('so-soap generate --binding <name> (the CLI)', () => {
  const two = withBindings([binding('Soap11', '1.1'), binding('Soap12', '1.2')], [port('Soap11', '1.1', 'http://h/11'), port('Soap12', '1.2', 'http://h/12')]);
  let tmp: string;
  beforeEach(() => {
    tmp = mkdtempSync(join(tmpdir(), 'so-soap-binding-'));
    writeFileSync(join(tmp, 'Two.wsdl'), two);
  });
  afterEach(() => rmSync(tmp, { recursive: true, force: true }));

  it('generates the named binding of a multi-binding WSDL', async () => {
    const out = join(tmp, 'out');
    expect(await runGenerateCaptured('--wsdl', join(tmp, 'Two.wsdl'), '--out', out, '--binding', 'Soap12')).toEqual({ code: 0, stdout: `so-soap generate: Test (1 operations, 0 types) → ${out}\n`, stderr: '' });
    const descriptor = readFileSync(join(out, 'descriptor.ts'), 'utf8');
    expect(descriptor).toContain('(binding `Soap12`, SOAP 1.2, namespace `urn:test`)');
    expect(descriptor).toContain("soapVersion: '1.2'");
  });

  it('exits 1 on an unknown name, listing the bindings', async () => {
    const r = await runGenerateCaptured('--wsdl', join(tmp, 'Two.wsdl'), '--out', join(tmp, 'out'), '--binding', 'Nope');
    expect(r).toEqual({ code: 1, stdout: '', stderr: `so-soap generate: error: ${join(tmp, 'Two.wsdl')}:${lineOf(two, '<wsdl:binding name="Soap11"')}: binding "Nope" not found; the choices are: Soap11 (SOAP 1.1), Soap12 (SOAP 1.2)\n` });
  });
});

