/**
 * The generated descriptor of every construct (constructs.fixture.ts) drives the runtime codec both
 * ways: a value of the documented shape is encoded and decoded back unchanged, and the wire form
 * is the one docs/guide/xsd-mapping.md states.
 */
import { decodeRequest, encodeRequest } from '../../src/codec.js';
import type { ServiceDescriptor } from '../../src/runtime/codec/descriptor.js';
import { constructs } from './constructs.fixture';

describe('generated descriptors round-trip through the codec', () => {
  const service: ServiceDescriptor = constructs().data;
  const value = {
    D: {
      Item: 'a', A: 1, Item_2: 2, Note: 'n', From: '2024-01-01', To: '2024-01-02',
      $choice: [{ P: new Uint8Array([1, 255]) }, { Q: 3 }],
      $sequence: [{ K: 'k', V: { $type: 'xs:string', $value: 'v' } }],
      Inner: { Deep: ['a', 'b'], kind: 'x' },
      $any: ['<x:free xmlns:x="urn:free">t</x:free>'],
      by: 'me', Item_3: '2024', Id: 'i1',
    },
    M: { $value: '1.50', currency: 'EUR' },
    N: { Item: 'a', Id: 'n1' },
    I: [1, 2],
    E: '7',
  };

  it('encodes the wire form of each construct', () => {
    const xml = encodeRequest(service, 'Put', value);
    for (const part of ['ser:Id="i1"', 'by="me"', 'Item="2024"', '>01FF<', 'currency="EUR">1.50<', '>1 2<', '<x:free xmlns:x="urn:free">t</x:free>', 'kind="x"', '>a b<']) {
      expect(xml).toContain(part);
    }
  });

  it('decodes what it encodes', () => {
    const xml = encodeRequest(service, 'Put', value);
    expect(decodeRequest(service, 'Put', xml).body).toEqual(value);
  });
});
