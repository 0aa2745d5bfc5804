/** The semantic diff as text (a terminal), Markdown (a pull request) or JSON (tools). */
import { IMPACT_ORDER, type ApiChange, type Impact } from './compare.js';

const TITLES: Record<Impact, string> = {
  'breaking-both': 'Breaking for callers and readers',
  'breaking-callers': 'Breaking for callers (code that builds requests)',
  'breaking-readers': 'Breaking for readers (code that reads responses)',
  compatible: 'Compatible',
};

function counts(changes: readonly ApiChange[]): string {
  const n = (i: Impact) => changes.filter((c) => c.impact === i).length;
  const breaking = changes.length - n('compatible');
  return `${changes.length} change${changes.length === 1 ? '' : 's'}: ${breaking} breaking (${n('breaking-both')} both, ${n('breaking-callers')} callers, ${n('breaking-readers')} readers), ${n('compatible')} compatible`;
}

const line = (c: ApiChange) => `${c.path}: ${c.message}${c.hint ? ` (${c.hint})` : ''}`;

export function renderText(changes: readonly ApiChange[], title: string): string {
  if (changes.length === 0) return `${title}: no change\n`;
  const out = [`${title}: ${counts(changes)}`];
  for (const impact of IMPACT_ORDER) {
    const of = changes.filter((c) => c.impact === impact);
    if (of.length === 0) continue;
    out.push('', `${TITLES[impact]}:`, ...of.map((c) => `  ${line(c)}`));
  }
  return `${out.join('\n')}\n`;
}

export function renderMarkdown(changes: readonly ApiChange[], title: string): string {
  const md = (s: string) => s.replace(/[\\`*_|<>]/g, (ch) => `\\${ch}`);
  if (changes.length === 0) return `### ${md(title)}\n\nNo change.\n`;
  const out = [`### ${md(title)}`, '', counts(changes)];
  for (const impact of IMPACT_ORDER) {
    const of = changes.filter((c) => c.impact === impact);
    if (of.length === 0) continue;
    out.push('', `#### ${TITLES[impact]}`, '', ...of.map((c) => `- \`${c.path}\`: ${md(c.message)}${c.hint ? ` _(${md(c.hint)})_` : ''}`));
  }
  return `${out.join('\n')}\n`;
}

export function renderJson(changes: readonly ApiChange[], title: string): string {
  return `${JSON.stringify({ title, breaking: changes.some((c) => c.impact !== 'compatible'), changes }, null, 2)}\n`;
}
