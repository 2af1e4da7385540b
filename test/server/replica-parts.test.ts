import { afterAll, beforeAll, describe, expect, test } from "@jest/globals";
import { Redis } from "ioredis";
import { pino } from "pino";
import { Temporal } from "temporal-polyfill";
import type { Job } from "../../src/job.js";
import { createMetrics } from "../../src/metrics.js";
import { RedisDeliveryLog } from "../../src/replicas/deliveries.js";
import { RedisLock } from "../../src/replicas/lock.js";
import { startQueuedScheduler } from "../../src/replicas/tick-queue.js";
import type { TickApp } from "../../src/tick.js";
import { type TestRedis, testRedis } from "../helpers/redis.js";

/*
 * The pieces replicas share through Redis, each against a real redis-server with two
 * clients standing for two replicas: the per-item lock, the delivery log and the queued tick.
 */

let redis: TestRedis;
const clients: Redis[] = [];
const client = () => {
  const c = new Redis(redis.url, { maxRetriesPerRequest: 2 });
  clients.push(c);
  return c;
};
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

beforeAll(async () => {
  redis = await testRedis({ db: 1 });
});
afterAll(async () => {
  for (const c of clients) c.disconnect();
  await redis.stop();
});

describe("RedisLock, two replicas", () => {
  test("same key, concurrent work on both › never overlaps, every piece runs", async () => {
    const locks = [new RedisLock(client()), new RedisLock(client())];
    let active = 0;
    let most = 0;
    const ran: number[] = [];
    const work = (i: number) => async () => {
      active++;
      most = Math.max(most, active);
      await sleep(15);
      ran.push(i);
      active--;
      return i;
    };
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) => locks[i % 2]?.run("acme/app#1:decision", work(i))),
    );
    expect(results).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(most).toBe(1);
    expect(ran.sort()).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });

  test("different keys › run at the same time", async () => {
    const [a, b] = [new RedisLock(client()), new RedisLock(client())];
    let active = 0;
    let most = 0;
    const work = async () => {
      active++;
      most = Math.max(most, active);
      await sleep(50);
      active--;
    };
    await Promise.all([a.run("acme/app#1:template", work), b.run("acme/app#2:template", work)]);
    expect(most).toBe(2);
  });

  test("work outlasting the ttl › renewed, so the other replica still waits", async () => {
    const [a, b] = [client(), client()];
    const first = new RedisLock(a, { ttlMs: 150 });
    const second = new RedisLock(b, { ttlMs: 150 });
    const order: string[] = [];
    const holding = first.run("acme/app#3:decision", async () => {
      order.push("first in");
      await sleep(500);
      order.push("first out");
    });
    await sleep(20);
    await second.run("acme/app#3:decision", async () => {
      order.push("second");
    });
    await holding;
    expect(order).toEqual(["first in", "first out", "second"]);
  });

  test("a holder that died › its lock expires and the next one gets it", async () => {
    const c = client();
    await c.set("async-status:lock:acme/app#4:decision", "dead-replica", "PX", 200);
    const started = Date.now();
    await new RedisLock(c).run("acme/app#4:decision", async () => undefined);
    expect(Date.now() - started).toBeGreaterThanOrEqual(150);
    // Released: the key is gone, not left to expire.
    expect(await c.exists("async-status:lock:acme/app#4:decision")).toBe(0);
  });

  test("held too long by another › the waiter gives up with a reason, the holder's key stays", async () => {
    const c = client();
    await c.set("async-status:lock:acme/app#5:decision", "other", "PX", 5000);
    await expect(
      new RedisLock(c, { waitMs: 200 }).run("acme/app#5:decision", async () => "ran"),
    ).rejects.toThrow(/stayed locked by another replica.*next tick repairs/);
    expect(await c.get("async-status:lock:acme/app#5:decision")).toBe("other");
  });

  test("work that throws › the lock is released and the error is the work's", async () => {
    const c = client();
    const lock = new RedisLock(c);
    await expect(
      lock.run("acme/app#6:decision", async () => {
        throw new Error("GitHub said 502");
      }),
    ).rejects.toThrow("GitHub said 502");
    expect(await c.exists("async-status:lock:acme/app#6:decision")).toBe(0);
  });
});

describe("RedisDeliveryLog, two replicas", () => {
  test("recorded on one › completed on the other; other handlers and deliveries not", async () => {
    const [one, two] = [new RedisDeliveryLog(client()), new RedisDeliveryLog(client())];
    expect(await two.completed("d-1:template")).toBe(false);
    await one.record("d-1:template");
    expect(await two.completed("d-1:template")).toBe(true);
    expect(await two.completed("d-1:commands")).toBe(false);
    expect(await two.completed("d-2:template")).toBe(false);
    const ttl = await client().ttl("async-status:delivery:d-1:template");
    expect(ttl).toBeGreaterThan(6 * 24 * 3600);
  });
});

describe("the queued tick, two replicas", () => {
  /** A GitHub of three installations with two repositories each, no config anywhere. */
  function fakeApp(): TickApp {
    const installations = [1, 2, 3].map((id) => ({
      id,
      account: { login: `org${id}` },
      target_type: "Organization",
    }));
    const octokit = (installation?: number) => ({
      rest: {
        apps: { listInstallations: "installations", listReposAccessibleToInstallation: "repos" },
      },
      paginate: async (what: string) =>
        what === "installations"
          ? installations
          : ["api", "web"].map((name) => ({ name, owner: { login: `org${installation}` } })),
      request: async () => {
        throw Object.assign(new Error("Not Found"), { status: 404 });
      },
    });
    return { auth: async (id?: number) => octokit(id) as never };
  }

  test("both started › one tick, each installation's repositories visited once", async () => {
    await redis.flush();
    const visits: string[] = [];
    const since = new Set<string>();
    const job: Job = {
      name: "probe",
      counts: "repositories visited",
      everyRepository: () => true,
      async run(scope) {
        visits.push(`${scope.repo.owner}/${scope.repo.repo}`);
        since.add(String(scope.options.since));
        await sleep(30);
        return { items: 1, actions: 0, failures: [] };
      },
    };
    const log = pino({ level: "silent" });
    const metrics = createMetrics();
    const start = () =>
      startQueuedScheduler({
        app: fakeApp(),
        redisUrl: redis.url,
        intervalMs: 60_000,
        log,
        jobs: [job],
        metrics,
        now: () => Temporal.Instant.from("2026-12-02T09:00:00Z"),
      });
    const replicas = [start(), start()];
    try {
      for (let i = 0; i < 100 && visits.length < 6; i++) await sleep(50);
      await sleep(500); // long enough for a duplicate run to show
      expect(visits.sort()).toEqual([
        "org1/api",
        "org1/web",
        "org2/api",
        "org2/web",
        "org3/api",
        "org3/web",
      ]);
      const schedulers = await replicas[0]?.queue.getJobSchedulers();
      expect(schedulers?.map((s) => [s.key, s.every])).toEqual([["tick", 60_000]]);
      // No earlier tick in Redis: repair work looks back an hour, and three minutes more.
      expect([...since]).toEqual(["2026-12-02T07:57:00Z"]);
      expect(await client().get("async-status:tick:last")).toBe("2026-12-02T09:00:00Z");
      // The next tick waits in the queue: /metrics shows it.
      const text = await metrics.registry.metrics();
      expect(text).toContain('async_status_queue_jobs{state="delayed"} 1');
      expect(text).toContain('async_status_queue_jobs{state="failed"} 0');
      expect(text).toMatch(/async_status_tick_duration_seconds_count\{outcome="ok"\} 3/);
    } finally {
      await Promise.all(replicas.map((r) => r.stop()));
    }
  });
});
