/**
 * Property (issue 13): over random descriptors that use the constructs beyond WCF DataContract
 * (xsd-arbitraries.ts), whatever the encoder emits the decoder of the same descriptors accepts and
 * reads back as the value given — requests and responses. So the encoder never emits what the
 * decoder would refuse, and nothing is lost on the way.
 */
import fc from 'fast-check';
import { isDeepStrictEqual } from 'node:util';
import { decodeRequest, decodeResponse, encodeRequest, encodeResponse } from '../../src/codec';
import { SEED, figures } from './helpers';
import { serviceArbitrary, valueOf } from './xsd-arbitraries';

jest.setTimeout(120_000);

const fig = figures('property-xsd');

test('random descriptors with attributes, choices, groups, xs:any, lists, keys and unqualified elements: decode(encode(v)) equals v', () => {
  const features = new Set<string>();
  const withValue = serviceArbitrary.chain((service) => fc.tuple(fc.constant(service), valueOf(service, 'Root')));
  fc.assert(
    fc.property(withValue, ([service, value]) => {
      fig.add('runs');
      const request = encodeRequest(service, 'Put', { Value: value });
      const got = decodeRequest(service, 'Put', request).body.Value;
      if (!isDeepStrictEqual(got, value)) expect({ got, request }).toStrictEqual({ got: value, request });
      const response = encodeResponse(service, 'Put', { Value: value });
      const back = decodeResponse(service, 'Put', response).body.Value;
      if (!isDeepStrictEqual(back, value)) expect({ back, response }).toStrictEqual({ back: value, response });
      for (const t of Object.values(service.types)) {
        if (t.kind !== 'complex') continue;
        if (t.attributes) features.add('attributes');
        if (t.anyAttribute) features.add('anyAttribute');
        if (t.text) features.add('simpleContent');
        for (const p of t.fields) {
          features.add(p.kind === 'group' ? (p.choice ? 'repeated choice' : 'repeated sequence') : p.kind === 'any' ? 'xs:any' : p.choice !== undefined ? 'choice' : p.ns === '' ? 'unqualified' : p.key ? 'key' : 'element');
          if (p.kind !== 'group' && p.kind !== 'any' && p.type === 'xs:anyType') features.add('xs:anyType');
        }
      }
    }),
    { seed: SEED, numRuns: 400, endOnFailure: false },
  );
  fig.note(`features: ${[...features].sort().join(', ')}`);
  expect(features.size).toBeGreaterThanOrEqual(10);
});

afterAll(() => fig.report());
