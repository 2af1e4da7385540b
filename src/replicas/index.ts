import { Redis } from "ioredis";
import type { Logger } from "pino";
import type { DeliveryLog } from "../github/deliveries.js";
import type { ItemLock } from "../github/keyed-lock.js";
import type { AppOctokit } from "../github/octokit.js";
import { sharedThrottle } from "../github/shared-throttle.js";
import { RedisDeliveryLog } from "./deliveries.js";
import { RedisLock } from "./lock.js";

export { startQueuedScheduler } from "./tick-queue.js";

/** What replicas share through Redis, besides the tick: built by the server with REDIS_URL only. */
export interface ReplicaServices {
  lock: ItemLock;
  deliveries: DeliveryLog;
  /** Octokit whose write throttle is shared through Redis. */
  Octokit: typeof AppOctokit;
  close(): Promise<void>;
}

/**
 * The per-item lock, the delivery log and the write throttle on one Redis. This module (and
 * ioredis, Bottleneck's clustering and BullMQ with it) is imported only when REDIS_URL is
 * set, so one process without Redis never loads them.
 */
export function replicaServices(
  Octokit: typeof AppOctokit,
  url: string,
  log: Pick<Logger, "warn">,
): ReplicaServices {
  const redis = new Redis(url, { maxRetriesPerRequest: 2 });
  // Errors surface in the work that waits on Redis, and in /readyz; no unhandled events.
  redis.on("error", () => undefined);
  const throttle = sharedThrottle(Octokit, url);
  return {
    lock: new RedisLock(redis, {
      onLost: (key) =>
        log.warn({ lock: key }, "an item lock expired while its work ran; the next tick repairs"),
    }),
    deliveries: new RedisDeliveryLog(redis),
    Octokit: throttle.Octokit,
    async close() {
      await throttle.close();
      redis.disconnect();
    },
  };
}
