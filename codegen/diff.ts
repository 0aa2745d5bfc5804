/**
 * A small, readable unified diff for `generate --check`: the common prefix and suffix are trimmed,
 * the rest is aligned by a longest common subsequence, and changes are shown in hunks with three
 * lines of context, removals (`-`, what is committed) before additions (`+`, what would be generated).
 */

const CONTEXT = 3;
const MAX_LCS_CELLS = 4_000_000;

type Op = { kind: ' ' | '-' | '+'; text: string };

/** Edit script of `a` → `b` (LCS; a plain replace when the middle part is too large for the table). */
function editScript(a: string[], b: string[]): Op[] {
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  const ops: Op[] = a.slice(0, start).map((text) => ({ kind: ' ', text }));
  const midA = a.slice(start, endA);
  const midB = b.slice(start, endB);
  const n = midA.length;
  const m = midB.length;
  if (n * m <= MAX_LCS_CELLS) {
    const lcs = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
    for (let i = n - 1; i >= 0; i--) for (let j = m - 1; j >= 0; j--) lcs[i][j] = midA[i] === midB[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
    let i = 0;
    let j = 0;
    while (i < n || j < m) {
      if (i < n && j < m && midA[i] === midB[j]) {
        ops.push({ kind: ' ', text: midA[i++] });
        j++;
      } else if (i < n && (j === m || lcs[i + 1][j] >= lcs[i][j + 1])) ops.push({ kind: '-', text: midA[i++] });
      else ops.push({ kind: '+', text: midB[j++] });
    }
  } else {
    for (const text of midA) ops.push({ kind: '-', text });
    for (const text of midB) ops.push({ kind: '+', text });
  }
  for (const text of a.slice(endA)) ops.push({ kind: ' ', text });
  return ops;
}

/** Unified diff of `before` (committed) → `after` (generated); empty when equal. */
export function lineDiff(before: string, after: string, name: string): string {
  if (before === after) return '';
  const ops = editScript(before.split('\n'), after.split('\n'));
  const out = [`--- ${name} (committed)`, `+++ ${name} (generated)`];
  // Line numbers (1-based) of each op in `before` and `after`.
  const lineA: number[] = [];
  const lineB: number[] = [];
  let la = 1;
  let lb = 1;
  for (const op of ops) {
    lineA.push(la);
    lineB.push(lb);
    if (op.kind !== '+') la++;
    if (op.kind !== '-') lb++;
  }
  let k = 0;
  while (k < ops.length) {
    if (ops[k].kind === ' ') {
      k++;
      continue;
    }
    // A hunk: from CONTEXT lines before this change to CONTEXT lines after the last change that
    // is at most 2*CONTEXT unchanged lines away from the previous one.
    const first = Math.max(0, k - CONTEXT);
    let last = k;
    for (let q = k; q < ops.length && q - last <= 2 * CONTEXT; q++) if (ops[q].kind !== ' ') last = q;
    const end = Math.min(ops.length, last + CONTEXT + 1);
    const slice = ops.slice(first, end);
    const countA = slice.filter((o) => o.kind !== '+').length;
    const countB = slice.filter((o) => o.kind !== '-').length;
    out.push(`@@ -${lineA[first]},${countA} +${lineB[first]},${countB} @@`);
    for (const o of slice) out.push(`${o.kind}${o.text}`);
    k = end;
  }
  return out.join('\n');
}
