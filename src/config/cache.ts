import type { RepoRef } from "../github/port.js";
import type { ConfigPort, ConfigResult } from "./load.js";

/** How long a repository's loaded configuration is trusted without a `push` saying otherwise. */
export const CONFIG_TTL_MS = 10 * 60_000;
/** Repositories remembered at most; the least recently used goes first. */
export const CONFIG_CACHE_ENTRIES = 1000;

/** What `loadConfig` asks of a cache: the result for a repository, loading it on a miss. */
export interface ConfigMemo {
  get(repo: RepoRef, load: () => Promise<ConfigResult>): Promise<ConfigResult>;
}

const keyOf = (owner: string, repo: string) => `${owner}/${repo}`.toLowerCase();

/**
 * Loaded configurations per repository (a bounded LRU with a TTL), so a repository without a
 * config file pays its own and the organisation's `.github` reads once, not on every event.
 * What is kept is the parsed result: a config, "no file" (the defaults) or the problems.
 * Errors (5xx, auth) are not kept. `push` events to a default branch invalidate entries
 * (src/config/push.ts); the TTL bounds what no push reports (a file named by `_extends` in
 * another repository).
 */
export class ConfigCache implements ConfigMemo {
  readonly #entries = new Map<string, { at: number; result: ConfigResult }>();
  /** Bumped by every invalidation: a load that was in flight across one is not kept. */
  #epoch = 0;

  constructor(
    private readonly options: { ttlMs?: number; maxEntries?: number; clock?: () => number } = {},
  ) {}

  get size(): number {
    return this.#entries.size;
  }

  async get(repo: RepoRef, load: () => Promise<ConfigResult>): Promise<ConfigResult> {
    const key = keyOf(repo.owner, repo.repo);
    const clock = this.options.clock ?? Date.now;
    const hit = this.#entries.get(key);
    if (hit && clock() - hit.at < (this.options.ttlMs ?? CONFIG_TTL_MS)) {
      // Most recently used goes last, so the first key is always the one to evict.
      this.#entries.delete(key);
      this.#entries.set(key, hit);
      return hit.result;
    }
    const epoch = this.#epoch;
    const result = await load();
    if (epoch !== this.#epoch) return result;
    this.#entries.delete(key);
    this.#entries.set(key, { at: clock(), result });
    const max = this.options.maxEntries ?? CONFIG_CACHE_ENTRIES;
    while (this.#entries.size > max)
      this.#entries.delete(this.#entries.keys().next().value as string);
    return result;
  }

  /** Forget one repository's configuration. */
  invalidate(owner: string, repo: string): void {
    this.#epoch++;
    this.#entries.delete(keyOf(owner, repo));
  }

  /** Forget every repository of an owner (its `.github` repository's file is their fallback). */
  invalidateOwner(owner: string): void {
    this.#epoch++;
    const prefix = `${owner.toLowerCase()}/`;
    for (const key of [...this.#entries.keys()])
      if (key.startsWith(prefix)) this.#entries.delete(key);
  }
}

/** The port with the cache attached: `loadConfig` then answers from it. */
export function withConfigCache(port: ConfigPort, cache: ConfigMemo | undefined): ConfigPort {
  return cache ? { ...port, memo: cache } : port;
}
