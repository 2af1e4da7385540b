import { afterAll, beforeAll, describe, expect, test } from "@jest/globals";
import { FakeGitHub, freePort } from "../helpers/fake-github.js";
import { type RealServer, SECRET, sign, startRealServer } from "./real-server.js";

const NEW_SECRET = "webhook-secret-new";
const PING = JSON.stringify({ zen: "Keep it logically awesome.", hook_id: 1 });

const deliver = (base: string, body: string, signature: string, id: string) =>
  fetch(`${base}/api/github/webhooks`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "x-github-event": "ping",
      "x-github-delivery": id,
      "x-hub-signature-256": signature,
    },
    body,
  });

/** The value of one sample line of /metrics, e.g. `name{a="b"}`; undefined when absent. */
const sample = (text: string, series: string) => {
  const line = text.split("\n").find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
};

describe("ops endpoints on the real server, app authentication working", () => {
  const github = new FakeGitHub().route(
    "GET",
    /^\/api\/v3\/app$/,
    200,
    { id: 123, slug: "async" },
    {
      "x-ratelimit-remaining": "4999",
    },
  );
  let server: RealServer;

  beforeAll(async () => {
    // The second secret is the new one: GitHub signs with it once the app's settings change.
    server = await startRealServer(github, {
      WEBHOOK_SECRET: `${SECRET}, ${NEW_SECRET}`,
      TICK_INTERVAL_MINUTES: "0",
    });
  });
  afterAll(async () => {
    await server.stop();
  });

  test("GET /healthz › 200", async () => {
    const res = await fetch(`${server.base}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: "ok" });
  });

  test("GET /ping › still PONG", async () => {
    expect(await (await fetch(`${server.base}/ping`)).text()).toBe("PONG");
  });

  test("GET /readyz › GET /app with the app's JWT succeeds › 200, and the answer is cached", async () => {
    const res = await fetch(`${server.base}/readyz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: "ready", checks: { github: "ok" } });
    expect(github.calls()).toEqual(["GET /api/v3/app"]);
    expect(github.requests[0]?.headers.authorization).toMatch(/^bearer ey/i);
    expect((await fetch(`${server.base}/readyz`)).status).toBe(200);
    expect(github.calls()).toEqual(["GET /api/v3/app"]);
  });

  test.each([
    ["the first (old) secret", SECRET],
    ["the second (new) secret", NEW_SECRET],
  ])("ping signed with %s › 200", async (_name, secret) => {
    const res = await deliver(server.base, PING, sign(PING, secret), `ping-${secret}`);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe("ok\n");
  });

  test("ping signed with neither secret › 400, and the payload is not logged", async () => {
    const body = JSON.stringify({ zen: "UNTRUSTED-PAYLOAD-MARKER", hook_id: 1 });
    const res = await deliver(server.base, body, sign(body, "another-secret"), "ping-bad");
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({
      error: "Error: [@octokit/webhooks] signature does not match event payload and secret",
    });
    expect(server.logs.join("")).not.toContain("UNTRUSTED-PAYLOAD-MARKER");
  });

  test("GET /metrics › deliveries by event and outcome, durations, GitHub requests, rate limit", async () => {
    const res = await fetch(`${server.base}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/plain");
    const text = await res.text();
    expect(sample(text, 'async_status_webhooks_total{event="ping",outcome="handled"}')).toBe(2);
    expect(sample(text, 'async_status_webhooks_total{event="unverified",outcome="rejected"}')).toBe(
      1,
    );
    expect(sample(text, 'async_status_webhook_duration_seconds_count{event="ping"}')).toBe(2);
    expect(sample(text, 'async_status_github_requests_total{route="GET /app",status="200"}')).toBe(
      1,
    );
    expect(sample(text, 'async_status_github_rate_limit_remaining{installation="app"}')).toBe(4999);
    expect(text).toContain("# TYPE async_status_tick_duration_seconds histogram");
    expect(text).toContain("# TYPE async_status_job_duration_seconds histogram");
  });
});

describe("ops endpoints on the real server, app authentication failing", () => {
  const github = new FakeGitHub().route("GET", /^\/api\/v3\/app$/, 401, {
    message: "A JSON web token could not be decoded",
  });
  let server: RealServer;

  beforeAll(async () => {
    server = await startRealServer(github, { TICK_INTERVAL_MINUTES: "0" });
  });
  afterAll(async () => {
    await server.stop();
  });

  test("GET /readyz › GET /app answers 401 › 503 naming the check", async () => {
    const res = await fetch(`${server.base}/readyz`);
    expect(res.status).toBe(503);
    const body = (await res.json()) as { status: string; checks: Record<string, string> };
    expect(body.status).toBe("not ready");
    expect(body.checks.github).toContain("A JSON web token could not be decoded");
  });

  test("GET /healthz › still 200 (alive, not ready)", async () => {
    expect((await fetch(`${server.base}/healthz`)).status).toBe(200);
  });
});

describe("METRICS_PORT", () => {
  test("a port of its own › /metrics there, not on PORT", async () => {
    const metricsPort = await freePort();
    const server = await startRealServer(new FakeGitHub(), {
      METRICS_PORT: String(metricsPort),
      TICK_INTERVAL_MINUTES: "0",
    });
    try {
      const res = await fetch(`http://127.0.0.1:${metricsPort}/metrics`);
      expect(res.status).toBe(200);
      expect(await res.text()).toContain("# TYPE async_status_webhooks_total counter");
      expect((await fetch(`${server.base}/metrics`)).status).toBe(404);
    } finally {
      await server.stop();
    }
  });

  test("0 › no /metrics anywhere, health still served", async () => {
    const server = await startRealServer(new FakeGitHub(), {
      METRICS_PORT: "0",
      TICK_INTERVAL_MINUTES: "0",
    });
    try {
      expect((await fetch(`${server.base}/metrics`)).status).toBe(404);
      expect((await fetch(`${server.base}/healthz`)).status).toBe(200);
    } finally {
      await server.stop();
    }
  });
});
