/**
 * Batches change events: paths that change together (a rename is a delete and a create, an editor
 * types several characters) are checked once. Runs one batch at a time, in order.
 */
export class Scheduler {
  private pending = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> = Promise.resolve();

  /** @param delayMs how long to wait for more events of the same burst */
  constructor(
    private readonly work: (paths: string[]) => Promise<void>,
    /** Told about a batch that failed; the next batch still runs. */
    private readonly onError: (e: unknown) => void,
    private readonly delayMs = 15,
  ) {}

  add(paths: string[]): void {
    for (const p of paths) this.pending.add(p);
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      const batch = [...this.pending];
      this.pending.clear();
      this.running = this.running.then(() => this.work(batch)).catch(this.onError);
    }, this.delayMs);
  }
}
