/** A small line printer: the emitters read like the code they produce. */
export class Printer {
  private readonly lines: string[] = [];
  private depth = 0;

  /** Print one line at the current indentation (an empty call prints a blank line). */
  line(text = ''): this {
    this.lines.push(text === '' ? '' : '  '.repeat(this.depth) + text);
    return this;
  }

  /** Print `open`, the body one level deeper, then `close`. */
  block(open: string, body: () => void, close = '}'): this {
    this.line(open);
    this.depth++;
    body();
    this.depth--;
    return this.line(close);
  }

  /** A JSDoc comment; one line when it fits, else one line per entry. Nothing for no text. */
  doc(...entries: (string | undefined)[]): this {
    const text = entries.filter((e): e is string => !!e).map((e) => e.replace(/\*\//g, '*\\/'));
    if (text.length === 0) return this;
    if (text.length === 1 && !text[0].includes('\n')) return this.line(`/** ${text[0]} */`);
    this.line('/**');
    for (const t of text) for (const l of t.split('\n')) this.line(l ? ` * ${l}` : ' *');
    return this.line(' */');
  }

  toString(): string {
    return `${this.lines.join('\n')}\n`;
  }
}

/** A string literal in single quotes. */
export function quote(s: string): string {
  return `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n').replace(/\r/g, '\\r')}'`;
}
