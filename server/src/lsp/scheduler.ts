/**
 * Batches change events: paths that change together (a rename is a delete and a create, an editor
 * types several characters) are checked once. Runs one batch at a time, in order.
 */
export class Scheduler {
  private pending = new Set<string>();
  /** A batch's timer is set and has not fired yet: more paths join that batch. */
  private waiting = false;
  private running: Promise<void> = Promise.resolve();

  /** @param delayMs how long to wait for more events of the same burst */
  constructor(
    private readonly work: (paths: string[]) => Promise<void>,
    /** Told about a batch that failed; the next batch still runs. */
    private readonly onError: (e: unknown) => void,
    private readonly delayMs = 15,
    /** Runs `fire` after `ms` (tests pass their own, and fire it by hand). */
    private readonly setTimer: (fire: () => void, ms: number) => void = (fire, ms) => void setTimeout(fire, ms),
  ) {}

  add(paths: string[]): void {
    for (const p of paths) this.pending.add(p);
    if (this.waiting) return;
    this.waiting = true;
    this.setTimer(() => {
      this.waiting = false;
      const batch = [...this.pending];
      this.pending.clear();
      this.running = this.running.then(() => this.work(batch)).catch(this.onError);
    }, this.delayMs);
  }
}
