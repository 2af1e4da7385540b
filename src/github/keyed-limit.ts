/**
 * At most `limit` tasks at once per key (an installation), the rest waiting in order. One
 * tenant's burst then queues behind itself, while other installations' work starts at once.
 */
export class KeyedLimit {
  readonly #running = new Map<string, number>();
  readonly #waiting = new Map<string, Array<() => void>>();

  constructor(readonly limit: number) {}

  async run<T>(key: string, work: () => Promise<T>): Promise<T> {
    if ((this.#running.get(key) ?? 0) >= this.limit) {
      await new Promise<void>((resolve) => {
        this.#waiting.set(key, [...(this.#waiting.get(key) ?? []), resolve]);
      });
    }
    this.#running.set(key, (this.#running.get(key) ?? 0) + 1);
    try {
      return await work();
    } finally {
      this.#release(key);
    }
  }

  /** Tasks waiting for a slot, per key (for metrics and tests). */
  waiting(key: string): number {
    return this.#waiting.get(key)?.length ?? 0;
  }

  #release(key: string): void {
    const left = (this.#running.get(key) ?? 1) - 1;
    if (left === 0) this.#running.delete(key);
    else this.#running.set(key, left);
    const queue = this.#waiting.get(key);
    const next = queue?.shift();
    if (queue?.length === 0) this.#waiting.delete(key);
    next?.();
  }
}
