import type { ItemLock } from "./keyed-lock.js";

/**
 * Which deliveries' work has completed, by `X-GitHub-Delivery` and handler. A delivery GitHub
 * (or a person) redelivers after it succeeded is skipped at no request; one that failed was
 * never recorded, so its redelivery runs again. The handlers are idempotent anyway: this
 * saves the requests, it does not carry correctness.
 */
export interface DeliveryLog {
  /** True when the work under `key` completed before. */
  completed(key: string): Promise<boolean>;
  /** Record that the work under `key` completed. */
  record(key: string): Promise<void>;
}

/** One process's log: the most recent `capacity` keys (GitHub redelivers within days, rarely). */
export class MemoryDeliveryLog implements DeliveryLog {
  readonly #keys = new Set<string>();
  constructor(readonly capacity = 10_000) {}

  async completed(key: string): Promise<boolean> {
    return this.#keys.has(key);
  }

  async record(key: string): Promise<void> {
    this.#keys.add(key);
    if (this.#keys.size > this.capacity) {
      const oldest = this.#keys.values().next().value;
      if (oldest !== undefined) this.#keys.delete(oldest);
    }
  }
}

interface Quiet {
  warn(fields: object, message: string): void;
  debug(fields: object, message: string): void;
}

/**
 * Run `work` unless the log says this delivery's work completed; record it when it does. The
 * log failing (Redis away) never blocks the work: it runs, as it would without a log. Under
 * `lock`, keyed by the delivery, two copies of one delivery arriving at once (GitHub's retry
 * racing the original, or one sent to two replicas) run one after the other, and the second
 * finds the first completed.
 */
export async function oncePerDelivery(
  log: DeliveryLog | undefined,
  key: string | undefined,
  work: () => Promise<void>,
  logger: Quiet,
  lock?: ItemLock,
): Promise<void> {
  if (!log || !key) return work();
  if (lock) return lock.run(`delivery:${key}`, () => oncePerDelivery(log, key, work, logger));
  const done = await log.completed(key).catch((error: unknown) => {
    logger.warn({ err: error, delivery: key }, "delivery log unavailable; handling the delivery");
    return false;
  });
  if (done) return logger.debug({ delivery: key }, "skipped: delivery already handled");
  await work();
  await log.record(key).catch((error: unknown) => {
    logger.warn({ err: error, delivery: key }, "delivery handled but not recorded");
  });
}
