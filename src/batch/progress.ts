/**
 * Progress on stderr. `bar`: a one-line bar redrawn in place (only when stderr is a TTY);
 * `lines`: a line at every 25 % (the demo, when not on a TTY); `off`: nothing (a pipe).
 */
export type ProgressMode = 'bar' | 'lines' | 'off';

const WIDTH = 28;

export class Progress {
  private done = 0;
  private failed = 0;
  private lastDraw = 0;
  private lastQuarter = 0;
  private readonly started = Date.now();
  private drawn = false;

  constructor(
    private readonly mode: ProgressMode,
    private readonly total: number,
    private readonly label: string,
    private readonly write: (s: string) => void,
    private readonly now: () => number = Date.now,
  ) {}

  /** One more id finished (`ok` false: failed or in doubt). */
  tick(ok: boolean): void {
    this.done++;
    if (!ok) this.failed++;
    if (this.mode === 'bar') {
      const t = this.now();
      if (t - this.lastDraw >= 100 || this.done === this.total) {
        this.lastDraw = t;
        this.draw();
      }
    } else if (this.mode === 'lines' && this.total > 0) {
      const quarter = Math.floor((this.done * 4) / this.total);
      if (quarter > this.lastQuarter) {
        this.lastQuarter = quarter;
        this.write(`${this.label}: ${this.done}/${this.total} (${quarter * 25}%)${this.failed ? `, ${this.failed} not done` : ''}\n`);
      }
    }
  }

  /** Redraw the bar now (e.g. right away at start). */
  draw(): void {
    if (this.mode !== 'bar') return;
    const frac = this.total === 0 ? 1 : this.done / this.total;
    const filled = Math.round(frac * WIDTH);
    const secs = (this.now() - this.started) / 1000;
    const rate = secs > 0 ? this.done / secs : 0;
    const eta = rate > 0 && this.done < this.total ? ` ETA ${Math.ceil((this.total - this.done) / rate)}s` : '';
    const line = `${this.label} [${'#'.repeat(filled)}${'.'.repeat(WIDTH - filled)}] ${this.done}/${this.total} ${Math.floor(frac * 100)}%${this.failed ? ` (${this.failed} not done)` : ''} ${rate.toFixed(1)}/s${eta}`;
    this.write(`\r\x1b[2K${line}`);
    this.drawn = true;
  }

  /** Finish: leave the final bar on its own line. */
  end(): void {
    if (this.mode === 'bar') {
      this.draw();
      if (this.drawn) this.write('\n');
    }
  }
}
