/**
 * The decoder writes a field through a store compiled for its property name (field-store.ts); where
 * code generation from strings is disallowed it falls back to a keyed store. Both must give the same
 * values, and no property name can break out of the compiled text.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { fieldStore } from '../../src/runtime/codec/field-store.js';
import { decodeResponse } from '../../src/codec.js';
import { Mini, response } from './codec.fixture.js';
import { servicePlan, type ComplexPlan } from '../../src/runtime/codec/plan.js';

const ROOT = join(__dirname, '..', '..');

test('a compiled store writes exactly its property, whatever its name', () => {
  for (const key of ['Id', 'a"b', "a'b", 'a\\b', 'x\u2028y\u2029z', '0', '1e3', 'with space', '});throw 1;({', '`${x}`']) {
    const o: Record<string, unknown> = {};
    fieldStore(key)(o, 42);
    expect(Object.keys(o)).toEqual([key]);
    expect(o[key]).toBe(42);
  }
});

test('with code generation from strings disallowed, the decoder reads the same values', () => {
  const xml = response(
    '<m:SaveResponse><m:Response><m:Id>7</m:Id><m:Name>n</m:Name><m:Status>Closed</m:Status><m:Tags><a:string>x</a:string><a:string i:nil="true"/></m:Tags></m:Response></m:SaveResponse>',
  );
  // (a field gets its compiled store once it is hot: decoded many times)
  let here = decodeResponse(Mini, 'Save', xml);
  for (let i = 0; i < 100; i++) here = decodeResponse(Mini, 'Save', xml);
  const idField = servicePlan(Mini).types.get('Entity') as ComplexPlan;
  expect(idField.byName.get('Id')!.store).toBeDefined();
  const script = `
    try { new Function('return 1'); process.stdout.write('COMPILES'); process.exit(3); } catch {}
    const { decodeResponse } = require(${JSON.stringify(join(ROOT, 'dist/src/codec.js'))});
    const service = JSON.parse(process.argv[1]);
    let out;
    for (let i = 0; i < 101; i++) out = decodeResponse(service, 'Save', process.argv[2]);
    process.stdout.write(JSON.stringify(out));
  `;
  const out = execFileSync(process.execPath, ['--disallow-code-generation-from-strings', '-e', script, JSON.stringify(Mini), xml], { encoding: 'utf8' });
  expect(JSON.parse(out)).toStrictEqual(JSON.parse(JSON.stringify(here)));
  expect(here.body).toStrictEqual({ Response: { Id: 7, Name: 'n', Status: 'Closed', Tags: ['x', null] } });
});
