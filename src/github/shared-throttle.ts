import Bottleneck from "bottleneck";
import { Redis } from "ioredis";
import type { AppOctokit } from "./octokit.js";

/**
 * Octokit's write throttle shared by every replica through one Redis (REDIS_URL): the
 * throttling plugin's queues become Bottleneck clusters, so the replicas together keep
 * GitHub's per-installation pace. The app owns the connection (Probot would open one of its
 * own that nothing closes), and `close()` ends it on shutdown.
 */
export function sharedThrottle(
  Octokit: typeof AppOctokit,
  url: string,
): { Octokit: typeof AppOctokit; close(): Promise<void> } {
  const client = new Redis(url, { maxRetriesPerRequest: 2 });
  // Errors surface in the requests that wait on Redis, and in /readyz; no unhandled events.
  client.on("error", () => undefined);
  const connection = new Bottleneck.IORedisConnection({ client });
  connection.on("error", () => undefined);
  return {
    Octokit: Octokit.defaults((options: Record<string, unknown>) => ({
      ...options,
      throttle: { ...(options.throttle as object | undefined), Bottleneck, connection },
    })),
    close: async () => {
      await connection.disconnect();
    },
  };
}
