import { randomUUID } from "node:crypto";
import type { Redis } from "ioredis";
import { type ItemLock, KeyedLock } from "../github/keyed-lock.js";

/** Delete the key only while it still holds our token (someone else's lock is left alone). */
const RELEASE = `if redis.call("get", KEYS[1]) == ARGV[1] then return redis.call("del", KEYS[1]) else return 0 end`;
/** Extend the key's expiry only while it still holds our token. */
const EXTEND = `if redis.call("get", KEYS[1]) == ARGV[1] then return redis.call("pexpire", KEYS[1], ARGV[2]) else return 0 end`;

export interface RedisLockOptions {
  /** Key prefix, so several apps can share one Redis. Default: `async-status:lock:`. */
  prefix?: string;
  /** How long a holder keeps the lock without renewing it (it renews every third). Default: 30 s. */
  ttlMs?: number;
  /**
   * How long to wait for a lock another replica holds before giving up. Default: 8 s, within
   * the 9 s after which Probot answers 202: a delivery that gave up fails visibly (500).
   */
  waitMs?: number;
  /** Told when a held lock expired before the work finished. Default: nothing. */
  onLost?: (key: string) => void;
}

/**
 * The per-item lock across replicas: Redis's single-instance lock pattern (SET NX PX with a
 * random token, renewed while the work runs, released by compare-and-delete). Work on one key
 * inside this process queues on a `KeyedLock` first, so a replica never polls against itself.
 *
 * A holder that dies leaves the key to expire after `ttlMs`. A waiter that gives up throws:
 * the delivery fails (and is not recorded as done), and the next tick repairs the item.
 */
export class RedisLock implements ItemLock {
  readonly #local = new KeyedLock();
  readonly #client: Redis;
  readonly #prefix: string;
  readonly #ttlMs: number;
  readonly #waitMs: number;
  readonly #onLost: (key: string) => void;

  constructor(client: Redis, options: RedisLockOptions = {}) {
    this.#client = client;
    this.#prefix = options.prefix ?? "async-status:lock:";
    this.#ttlMs = options.ttlMs ?? 30_000;
    this.#waitMs = options.waitMs ?? 8_000;
    this.#onLost = options.onLost ?? (() => undefined);
  }

  run<T>(key: string, work: () => Promise<T>): Promise<T> {
    return this.#local.run(key, () => this.#holding(this.#prefix + key, work));
  }

  async #holding<T>(name: string, work: () => Promise<T>): Promise<T> {
    const token = randomUUID();
    const giveUpAt = Date.now() + this.#waitMs;
    let delay = 20;
    while ((await this.#client.set(name, token, "PX", this.#ttlMs, "NX")) !== "OK") {
      if (Date.now() >= giveUpAt) {
        throw new Error(
          `${name} stayed locked by another replica for ${this.#waitMs / 1000} s; the next tick repairs the item`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, delay + Math.random() * delay));
      delay = Math.min(delay * 2, 250);
    }
    const renew = setInterval(() => {
      this.#client.eval(EXTEND, 1, name, token, this.#ttlMs).then(
        (kept) => {
          // Expired meanwhile (Redis was away past the ttl): another replica may hold it now.
          if (kept !== 1) this.#onLost(name);
        },
        () => undefined,
      );
    }, this.#ttlMs / 3);
    renew.unref();
    try {
      return await work();
    } finally {
      clearInterval(renew);
      // A failed release only delays the next holder until the key expires.
      await this.#client.eval(RELEASE, 1, name, token).catch(() => undefined);
    }
  }
}
