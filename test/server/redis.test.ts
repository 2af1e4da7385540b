import { type ChildProcess, spawn } from "node:child_process";
import { afterAll, beforeAll, describe, expect, test } from "@jest/globals";
import { FakeGitHub, freePort } from "../helpers/fake-github.js";
import { startRedis, stopRedis } from "../helpers/redis.js";
import { type RealServer, startRealServer } from "./real-server.js";

const ready = async (base: string) => {
  const res = await fetch(`${base}/readyz`);
  return { status: res.status, body: (await res.json()) as { checks: Record<string, string> } };
};

describe("the real server with REDIS_URL, against a real redis-server", () => {
  const github = new FakeGitHub().route("GET", /^\/api\/v3\/app$/, 200, { id: 123 });
  let redis: ChildProcess;
  let port: number;
  let server: RealServer;

  beforeAll(async () => {
    port = await freePort();
    redis = await startRedis(port);
    server = await startRealServer(github, {
      REDIS_URL: `redis://127.0.0.1:${port}`,
      TICK_INTERVAL_MINUTES: "0",
    });
  });
  afterAll(async () => {
    await server.stop();
    if (redis.exitCode === null) await stopRedis(redis);
  });

  test("GET /readyz › Redis answers › 200, with the redis check passing", async () => {
    const { status, body } = await ready(server.base);
    expect(status).toBe(200);
    expect(body.checks.redis).toBe("ok");
  });

  test("Octokit's throttle › its queues live in Redis, shared by every replica on it", async () => {
    const keys = await new Promise<string>((resolve, reject) => {
      const cli = spawn("redis-cli", ["-p", String(port), "--raw", "keys", "b_*"]);
      let out = "";
      cli.stdout.on("data", (chunk: Buffer) => {
        out += chunk.toString();
      });
      cli.once("error", reject);
      cli.once("exit", () => resolve(out));
    });
    // Bottleneck's cluster keys for the plugin's global queue (GET /app went through it).
    expect(keys).toMatch(/^b_octokit-global/m);
  });

  test("GET /readyz › Redis gone › 503 naming the redis check; back › 200 again", async () => {
    await stopRedis(redis);
    const down = await ready(server.base);
    expect(down.status).toBe(503);
    expect(down.body.checks.redis).toMatch(/ECONNREFUSED|no answer/);

    redis = await startRedis(port);
    const back = await ready(server.base);
    expect(back.status).toBe(200);
    expect(back.body.checks.redis).toBe("ok");
  });
});
