/**
 * Untyped element content (`<xs:element name="Response"/>` holding elements, no `xsi:type`) read
 * as zeep reads it: zeep returns the element's raw child elements; our decoder keeps them as the
 * XML fragment `$any` of `{ $type: 'xs:anyType', $any }`. Both are put in exclusive C14N by the
 * driver and must be the same elements in the same order. (zeep cannot render raw children into an
 * anyType element, so only the reading side is compared; the encoder's side is the round trip of
 * test/codegen/any-type.test.ts.)
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeResponse } from '../../src/codec';
import type { ServiceDescriptor } from '../../src/runtime/codec/descriptor';
import { generate, wsdl } from '../codegen/helpers';
import { describeWithOracle, ORACLE_DIR, PYTHON, run } from './oracle';

const spec = { operations: [{ name: 'Query', input: '<xs:element name="Filter" type="xs:string"/>', output: '<xs:element minOccurs="0" name="Response"/>' }] };

const RESPONSES = {
  'elements of other namespaces, attributes, entities': '<r:Rows xmlns:r="urn:rows" count="2"><r:Row>a</r:Row><r:Row id="x">b &amp; c</r:Row></r:Rows><Note>n</Note>',
  'prefixes declared on the envelope, an element in the service namespace': '<q:Item>1</q:Item><tns:Other><q:Deep q:a="1"/></tns:Other>',
  'mixed text between elements': 'before <b>bold</b> after <i>x</i>',
};

describeWithOracle('untyped element content against zeep', () => {
  let tmp = '';
  const service = generate(spec).data as ServiceDescriptor;

  beforeAll(() => {
    tmp = mkdtempSync(join(tmpdir(), 'so-soap-anytype-'));
    writeFileSync(join(tmp, 'test.wsdl'), wsdl(spec));
  });
  afterAll(() => {
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  it.each(Object.entries(RESPONSES))('%s: the same child elements', async (_name, content) => {
    const response =
      '<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/" xmlns:q="urn:q" xmlns:tns="urn:test"><s:Body>' +
      `<tns:QueryResponse><tns:Response>${content}</tns:Response></tns:QueryResponse></s:Body></s:Envelope>`;
    const decoded = decodeResponse(service, 'Query', response).body.Response as { $type: string; $any: string };
    expect(decoded.$type).toBe('xs:anyType');
    const job = join(tmp, 'job.json');
    writeFileSync(job, JSON.stringify({ wsdl: join(tmp, 'test.wsdl'), operation: 'Query', field: 'Response', response, ours: decoded.$any }));
    const r = await run(PYTHON, [join(__dirname, 'any_type_driver.py'), job, ORACLE_DIR]);
    if (r.code !== 0) throw new Error(`any_type_driver.py failed (${r.code}):\n${r.stderr.slice(-3000)}`);
    const { zeep, ours } = JSON.parse(r.stdout) as { zeep: unknown[]; ours: string[] };
    expect(ours.length).toBeGreaterThan(0);
    expect(ours).toEqual(zeep);
  });
});
