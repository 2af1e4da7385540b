import { readFileSync } from "node:fs";
import { describe, expect, test } from "@jest/globals";
import { parse } from "yaml";

interface Service {
  image?: string;
  build?: unknown;
  environment?: Record<string, string>;
  ports?: string[];
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] };
}

// docker compose is not available here: the file is parsed (merge keys resolved) and checked.
const compose = parse(readFileSync(new URL("../../docker-compose.yml", import.meta.url), "utf8"), {
  merge: true,
}) as { services: Record<string, Service> };
const services = compose.services;
const apps = Object.entries(services).filter(([, s]) => s.build !== undefined);

describe("docker-compose.yml", () => {
  test("two app replicas built from the Dockerfile, and Redis", () => {
    expect(apps.map(([name]) => name)).toEqual(["app-1", "app-2"]);
    expect(services.redis?.image).toMatch(/^redis:/);
    expect(services.redis?.healthcheck?.test).toEqual(["CMD", "redis-cli", "ping"]);
  });

  test.each(apps)("%s › REDIS_URL points at the redis service, which it waits for", (_n, app) => {
    expect(new URL(app.environment?.REDIS_URL ?? "").host).toBe("redis:6379");
    expect(app.depends_on).toEqual({ redis: { condition: "service_healthy" } });
  });

  test.each(apps)("%s › credentials come from the environment, never the file", (_n, app) => {
    for (const name of ["APP_ID", "PRIVATE_KEY", "WEBHOOK_SECRET"])
      expect(app.environment?.[name]).toBe(`\${${name}:?set ${name}}`);
  });

  test.each(apps)("%s › the healthcheck asks /healthz on the port it listens on", (_n, app) => {
    const port = app.environment?.PORT;
    expect(app.healthcheck?.test.join(" ")).toContain(`http://127.0.0.1:${port}/healthz`);
    expect(app.ports?.map((p) => p.split(":")[1])).toEqual([port]);
  });

  test("the replicas publish distinct host ports", () => {
    const host = apps.flatMap(([, app]) => app.ports?.map((p) => p.split(":")[0]) ?? []);
    expect(new Set(host).size).toBe(apps.length);
  });

  test("every replica ticks, on the same interval (the tick queue runs each tick once)", () => {
    const intervals = apps.map(([, app]) => app.environment?.TICK_INTERVAL_MINUTES);
    // Compose's own interpolation, not a template string: the same default on both.
    const shared = ["$", "{TICK_INTERVAL_MINUTES:-5}"].join("");
    expect(intervals).toEqual([shared, shared]);
  });
});
