/**
 * Progress on stderr (stdout stays free for piping): a line that redraws itself on a terminal, or a line every
 * 25% when stderr is a file or a pipe.
 */
export class ProgressReporter {
  private lastBucket = -1;

  constructor(private readonly out: NodeJS.WriteStream = process.stderr) {}

  info(message: string): void {
    this.clear();
    this.out.write(`${message}\n`);
  }

  /** Progress of the current step, fraction in [0, 1]. */
  update(label: string, fraction: number): void {
    const percent = Math.floor(fraction * 100);
    if (this.out.isTTY) {
      this.out.write(`\r${label} ${percent}%\x1b[K`);
      return;
    }
    const bucket = Math.floor(percent / 25);
    if (bucket !== this.lastBucket) {
      this.lastBucket = bucket;
      this.out.write(`${label} ${percent}%\n`);
    }
  }

  /** Ends the current step. */
  done(message: string): void {
    this.lastBucket = -1;
    this.info(message);
  }

  private clear(): void {
    if (this.out.isTTY) this.out.write('\r\x1b[K');
  }
}
