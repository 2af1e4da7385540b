import { type ChildProcess, spawn } from "node:child_process";
import { Redis } from "ioredis";
import { freePort } from "./fake-github.js";

/**
 * A real redis-server from Debian's package (.ci/run installs it), started on `port` for one
 * test file alone, without persistence, so it can be stopped and started again.
 */
export async function startRedis(port: number): Promise<ChildProcess> {
  const redis = spawn(
    "redis-server",
    ["--port", String(port), "--save", "", "--appendonly", "no"],
    {
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  await new Promise<void>((resolve, reject) => {
    redis.once("error", reject);
    redis.stdout?.on("data", (chunk: Buffer) => {
      if (chunk.toString().includes("Ready to accept connections")) resolve();
    });
  });
  return redis;
}

export const stopRedis = (redis: ChildProcess) =>
  new Promise<void>((resolve) => {
    if (redis.exitCode !== null) return resolve();
    redis.once("exit", () => resolve());
    redis.kill("SIGTERM");
  });

export interface TestRedis {
  /** redis://127.0.0.1:PORT */
  url: string;
  /** Empty the database (FLUSHDB). */
  flush(): Promise<void>;
  /** Stop the redis-server this file started; one from REDIS_TEST_URL is left running. */
  stop(): Promise<void>;
}

/**
 * The Redis a test file uses: REDIS_TEST_URL when set (CI starts one), else a redis-server of
 * its own on a free port. Each test file takes a database number of its own (`db`, default
 * 0), which is emptied before it is handed out.
 */
export async function testRedis(
  options: { db?: number; env?: NodeJS.ProcessEnv } = {},
): Promise<TestRedis> {
  const env = options.env ?? process.env;
  const own = env.REDIS_TEST_URL ? undefined : await freePort();
  const server = own === undefined ? undefined : await startRedis(own);
  // Test files run in parallel on CI's one Redis: each flushes only its own database.
  const base = (env.REDIS_TEST_URL ?? `redis://127.0.0.1:${own}`).replace(/\/\d*$/, "");
  const url = `${base}/${options.db ?? 0}`;
  const flush = async () => {
    const client = new Redis(url, { maxRetriesPerRequest: 1 });
    try {
      await client.flushdb();
    } finally {
      client.disconnect();
    }
  };
  await flush();
  return {
    url,
    flush,
    stop: async () => {
      if (server) await stopRedis(server);
    },
  };
}
