/**
 * Every XSD construct of docs/guide/xsd-mapping.md in one WSDL: the generated files compile with
 * `tsc --strict` in a user's project, and values of the documented shapes type-check (an exclusive
 * choice refuses two alternatives).
 */
import { constructs } from './constructs.fixture';
import { expectCompiles } from './project';

describe('every construct compiles', () => {
  const g = constructs();
  it('with tsc --strict, and values of the documented shapes type-check', async () => {
    await expectCompiles('constructs', g.files, [
      "import type { Derived, Money, PutRequest } from './out/index.js';",
      "const d: Derived = { Item: 'a', A: 1, Item_2: 2, Note: 'n', From: '2024-01-01', To: '2024-01-02', $choice: [{ P: new Uint8Array(1) }, { Q: 3 }],",
      "  $sequence: [{ K: 'k', V: { $type: 'xs:string', $value: 'v' } }], Inner: { Deep: ['a', 'b'], kind: 'x' }, $any: ['<x/>'], by: 'me', Item_3: '2024', Id: 'i1', $attributes: { foo: 'bar' } };",
      "const m: Money = { $value: '1.50', currency: 'EUR' };",
      "export const req: PutRequest = { D: d, M: m, N: { Item: 'a', Id: 'n1' }, I: [1, 2], E: '7' };",
      '// @ts-expect-error two alternatives of one choice',
      "export const both: Derived = { ...d, B: 'b' };",
    ]);
  }, 120_000);
});
