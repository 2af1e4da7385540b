import { generateKeyPairSync } from "node:crypto";
import { pino } from "pino";
import { Probot, ProbotOctokit } from "probot";
import type { Temporal } from "temporal-polyfill";
import { createApp } from "../../src/app.js";
import { ConfigCache } from "../../src/config/cache.js";
import type { Job } from "../../src/job.js";
import { runTick, type TickOptions } from "../../src/tick.js";
import { APP_ID } from "./github.js";

/** A throwaway RSA key: Probot signs a real app JWT with it. */
export const PRIVATE_KEY = generateKeyPairSync("rsa", {
  modulusLength: 2048,
  privateKeyEncoding: { type: "pkcs1", format: "pem" },
  publicKeyEncoding: { type: "pkcs1", format: "pem" },
}).privateKey;

/**
 * Probot always passes its own throttle options, which replace a plain `{ enabled: false }`
 * default; a function default runs last and really switches throttling (1 s between writes)
 * and retries off.
 */
export const TestOctokit = ProbotOctokit.defaults((options: Record<string, unknown>) => ({
  ...options,
  throttle: { ...(options.throttle as object), enabled: false },
  retry: { enabled: false },
}));

export interface LogLine {
  level: number;
  msg: string;
  [key: string]: unknown;
}

/**
 * A Probot instance with the app loaded, retries and throttling off, logs captured. Each
 * delivery reads the config afresh (a cache that keeps nothing) unless `configs` is given.
 */
export async function makeProbot(
  options: { now?: () => Temporal.Instant; configs?: ConfigCache } = {},
) {
  const logs: LogLine[] = [];
  const log = pino(
    { level: "debug" },
    { write: (line: string) => logs.push(JSON.parse(line) as LogLine) },
  );
  const probot = new Probot({
    appId: APP_ID,
    privateKey: PRIVATE_KEY,
    log,
    Octokit: TestOctokit,
  });
  const configs = options.configs ?? new ConfigCache({ ttlMs: 0 });
  await probot.load(
    createApp({ appId: APP_ID, configs, ...(options.now ? { now: options.now } : {}) }),
  );
  let delivery = 0;
  return {
    probot,
    logs,
    receive: (name: string, payload: object, id = `delivery-${++delivery}`) =>
      probot.receive({ id, name, payload } as unknown as Parameters<Probot["receive"]>[0]),
  };
}

/**
 * One tick of `jobs` at `now`, as the server or `async-status tick` runs it: a Probot with the
 * test app's credentials and silent logs; `extra` adds tick options (`since`, `state`,
 * `dryRun`, `print`).
 */
export const tickJobs = (
  jobs: readonly Job[],
  now: Temporal.Instant,
  extra: Partial<Omit<TickOptions, "now" | "log" | "appId">> = {},
) =>
  runTick(
    new Probot({
      appId: APP_ID,
      privateKey: PRIVATE_KEY,
      log: pino({ level: "silent" }),
      Octokit: TestOctokit,
    }),
    jobs,
    { now, log: pino({ level: "silent" }), appId: APP_ID, ...extra },
  );
