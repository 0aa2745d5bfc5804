/** The fault spec grammar and the deterministic injector. */
import { FaultInjector, FaultSpecError, parseFaultSpec } from '../../src/simulator/faults.js';

describe('parseFaultSpec', () => {
  test('the documented example', () => {
    expect(parseFaultSpec('503:0.1,429@2:0.05,cut:0.02,latency=20ms')).toEqual({
      latency: [{ minMs: 20, maxMs: 20, trigger: { kind: 'rate', p: 1 } }],
      faults: [
        { kind: 'status', status: 503, retryAfter: undefined, trigger: { kind: 'rate', p: 0.1 }, label: '503:0.1' },
        { kind: 'status', status: 429, retryAfter: 2, trigger: { kind: 'rate', p: 0.05 }, label: '429@2:0.05' },
        { kind: 'cut', trigger: { kind: 'rate', p: 0.02 }, label: 'cut:0.02' },
      ],
    });
  });

  test('triggers: rate, percentage, first N, every N-th, default every request', () => {
    const spec = parseFaultSpec('500:5%, fault:x3 ,cut:/10,429,latency=5-50ms:0.5');
    expect(spec.faults.map((f) => f.trigger)).toEqual([
      { kind: 'rate', p: 0.05 },
      { kind: 'first', n: 3 },
      { kind: 'every', n: 10 },
      { kind: 'rate', p: 1 },
    ]);
    expect(spec.faults[3].retryAfter).toBe(1); // 429 sends Retry-After: 1 by default
    expect(spec.latency).toEqual([{ minMs: 5, maxMs: 50, trigger: { kind: 'rate', p: 0.5 } }]);
    expect(parseFaultSpec('')).toEqual({ latency: [], faults: [] });
    expect(parseFaultSpec(undefined)).toEqual({ latency: [], faults: [] });
  });

  test.each([
    ['503:1.5', /within 0..1/],
    ['boom', /bad fault item "boom"/],
    ['200:0.1', /400-599/],
    ['cut@2', /Retry-After\) only goes with an HTTP status/],
    ['latency=50-5ms', /reversed/],
    ['503:/0', /n >= 1/],
    ['503:often', /bad trigger "often"/],
  ])('rejects %s', (spec, message) => {
    expect(() => parseFaultSpec(spec)).toThrow(FaultSpecError);
    expect(() => parseFaultSpec(spec)).toThrow(message);
  });
});

describe('FaultInjector', () => {
  const run = (spec: string, seed: number, n: number) => {
    const f = new FaultInjector(parseFaultSpec(spec), seed);
    return Array.from({ length: n }, () => {
      const d = f.next();
      return `${d.fault?.label ?? '-'}/${d.delayMs}`;
    });
  };

  test('deterministic for a seed, different for another', () => {
    const a = run('503:0.2,cut:0.1,latency=1-9ms', 42, 200);
    expect(run('503:0.2,cut:0.1,latency=1-9ms', 42, 200)).toEqual(a);
    expect(run('503:0.2,cut:0.1,latency=1-9ms', 43, 200)).not.toEqual(a);
    const count503 = a.filter((x) => x.startsWith('503')).length;
    expect(count503).toBeGreaterThan(20);
    expect(count503).toBeLessThan(60);
  });

  test('first N and every N-th; the first item that fires wins; counts by label', () => {
    const f = new FaultInjector(parseFaultSpec('fault:x2,503:/3'), 1);
    expect(Array.from({ length: 7 }, () => f.next().fault?.label ?? '-')).toEqual(['fault:x2', 'fault:x2', '503:/3', '-', '-', '503:/3', '-']);
    expect(Object.fromEntries(f.injected)).toEqual({ 'fault:x2': 2, '503:/3': 2 });
  });
});
