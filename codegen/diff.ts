/** A small, readable line diff for `generate --check` (common prefix/suffix trimmed, LCS on the rest). */

const CONTEXT = 3;
const MAX_LCS_CELLS = 4_000_000;

/** Unified-style diff of `before` → `after`; empty when equal. */
export function lineDiff(before: string, after: string, name: string): string {
  if (before === after) return '';
  const a = before.split('\n');
  const b = after.split('\n');
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  const midA = a.slice(start, endA);
  const midB = b.slice(start, endB);
  const ops: string[] = [];
  if (midA.length * midB.length <= MAX_LCS_CELLS) {
    const n = midA.length;
    const m = midB.length;
    const lcs = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
    for (let i = n - 1; i >= 0; i--) for (let j = m - 1; j >= 0; j--) lcs[i][j] = midA[i] === midB[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
    let i = 0;
    let j = 0;
    while (i < n || j < m) {
      if (i < n && j < m && midA[i] === midB[j]) { ops.push(` ${midA[i]}`); i++; j++; }
      else if (j < m && (i === n || lcs[i][j + 1] >= lcs[i + 1][j])) ops.push(`+${midB[j++]}`);
      else ops.push(`-${midA[i++]}`);
    }
  } else {
    for (const l of midA) ops.push(`-${l}`);
    for (const l of midB) ops.push(`+${l}`);
  }
  const pre = a.slice(Math.max(0, start - CONTEXT), start).map((l) => ` ${l}`);
  const post = a.slice(endA, endA + CONTEXT).map((l) => ` ${l}`);
  return [`--- ${name} (committed)`, `+++ ${name} (generated)`, `@@ -${start + 1 - pre.length} +${start + 1 - pre.length} @@`, ...pre, ...ops, ...post].join('\n');
}
