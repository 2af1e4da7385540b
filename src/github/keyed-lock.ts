/**
 * Serialises work on one item (an issue's decision, a PR's template check). In one process
 * that is `KeyedLock`; with replicas it is `RedisLock` (src/replicas/lock.ts), which spans
 * them. Handlers and jobs only see this interface.
 */
export interface ItemLock {
  run<T>(key: string, work: () => Promise<T>): Promise<T>;
}

/**
 * Serialises async work per key inside one process, so two deliveries for the same issue
 * (say `opened` and an `edited` a second later) cannot both create the bot comment.
 */
export class KeyedLock implements ItemLock {
  readonly #tails = new Map<string, Promise<unknown>>();

  async run<T>(key: string, work: () => Promise<T>): Promise<T> {
    const previous = this.#tails.get(key) ?? Promise.resolve();
    const current = previous.then(work, work);
    const tail = current.catch(() => undefined);
    this.#tails.set(key, tail);
    try {
      return await current;
    } finally {
      if (this.#tails.get(key) === tail) this.#tails.delete(key);
    }
  }
}
