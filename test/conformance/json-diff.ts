/** Structural differences between two JSON values, as `path: ours … oracle …` lines (key order ignored). */
export function jsonDiff(ours: unknown, oracle: unknown, path = '$', out: string[] = [], limit = 12): string[] {
  if (out.length >= limit) return out;
  const show = (v: unknown): string => (v === undefined ? '(absent)' : JSON.stringify(v)?.slice(0, 200) ?? String(v));
  if (Array.isArray(ours) && Array.isArray(oracle)) {
    if (ours.length !== oracle.length) out.push(`${path}: ours has ${ours.length} items, the oracle ${oracle.length}`);
    for (let i = 0; i < Math.min(ours.length, oracle.length); i++) jsonDiff(ours[i], oracle[i], `${path}[${i}]`, out, limit);
    return out;
  }
  const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
  if (isObj(ours) && isObj(oracle)) {
    const keys = [...new Set([...Object.keys(oracle), ...Object.keys(ours)])];
    for (const k of keys) {
      const has = (o: Record<string, unknown>) => Object.prototype.hasOwnProperty.call(o, k);
      if (!has(ours) || !has(oracle)) {
        if (out.length < limit) out.push(`${path}.${k}: ours ${show(has(ours) ? ours[k] : undefined)}, the oracle ${show(has(oracle) ? oracle[k] : undefined)}`);
        continue;
      }
      jsonDiff(ours[k], oracle[k], `${path}.${k}`, out, limit);
    }
    return out;
  }
  if (!Object.is(ours, oracle)) out.push(`${path}: ours ${show(ours)}, the oracle ${show(oracle)}`);
  return out;
}
