/**
 * A one-line progress bar for long scans: commits done / total and the rate, redrawn in place on stderr.
 * Only drawn on a terminal: piped or captured stderr gets nothing extra.
 */
export class Progress {
  private done = 0;
  private lastDraw = 0;
  private readonly started = performance.now();

  private constructor(
    private readonly stream: NodeJS.WriteStream,
    private readonly total: number,
  ) {}

  /** A progress bar on `stream`, or null when it is not a terminal. */
  static on(stream: NodeJS.WriteStream, total: number): Progress | null {
    return stream.isTTY ? new Progress(stream, total) : null;
  }

  tick(): void {
    this.done++;
    const now = performance.now();
    if (now - this.lastDraw >= 100) {
      this.lastDraw = now;
      this.draw(now);
    }
  }

  /** Clears the line so the report starts on a clean one. */
  finish(): void {
    this.stream.write('\r\x1b[K');
  }

  private draw(now: number): void {
    const seconds = (now - this.started) / 1000;
    const rate = seconds > 0 ? Math.round(this.done / seconds) : 0;
    const width = 24;
    const filled = this.total > 0 ? Math.min(width, Math.round((this.done / this.total) * width)) : 0;
    const bar = `${'#'.repeat(filled)}${'-'.repeat(width - filled)}`;
    this.stream.write(`\r\x1b[Kmailguard: [${bar}] ${this.done}/${this.total} commits · ${rate} commits/s`);
  }
}
