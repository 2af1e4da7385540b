import type { Logger } from "pino";
import { createProbot, run } from "probot";
import { createApp } from "./app.js";
import { readEnv } from "./env.js";
import { KeyedLock } from "./github/keyed-lock.js";
import { AppOctokit } from "./github/octokit.js";
import { withWebhookGuard } from "./http/webhook-guard.js";
import { createLogger } from "./log.js";
import { type Scheduler, startScheduler } from "./scheduler.js";
import type { TickApp } from "./tick.js";

type Server = Awaited<ReturnType<typeof run>>;

export interface RunningApp {
  server: Server;
  /** The in-process tick; absent on the first-run page or with TICK_INTERVAL_MINUTES=0. */
  scheduler?: Scheduler;
  stop(): Promise<void>;
}

/**
 * Start the webhook server exactly as `npm start` does: Probot's `run`, which serves the
 * first-run registration page (from app.yml) when there are no credentials, and the live
 * webhook endpoint at /api/github/webhooks when there are. With credentials it also runs the
 * tick in process, every TICK_INTERVAL_MINUTES (default 5), starting with a catch-up run.
 * Webhook bodies pass a guard first (src/http/webhook-guard.ts): over 25 MiB is a 413 while
 * streaming, and a signed body that is not a JSON object is a 400.
 */
export async function startServer(
  env: NodeJS.ProcessEnv,
  options: { log?: Logger; makeTickApp?: () => TickApp } = {},
): Promise<RunningApp> {
  const checked = readEnv(env);
  if (!checked.ok) throw new Error(checked.message);
  const { appId, tickIntervalMinutes: minutes } = checked.options;
  const log = options.log ?? (await createLogger(env));
  const lock = new KeyedLock();
  const app = withWebhookGuard(createApp({ lock, ...(appId ? { appId } : {}) }), {
    secrets: env.WEBHOOK_SECRET ? [env.WEBHOOK_SECRET] : [],
    log: log.child({ name: "webhook-guard" }),
  });
  // AppOctokit: bounded rate-limit retries, no blind repeat of POSTs (src/github/octokit.ts).
  const server = await run(app, { env, log, Octokit: AppOctokit });
  const scheduler =
    checked.options.app && minutes > 0
      ? startScheduler({
          app:
            options.makeTickApp?.() ??
            createProbot({
              env,
              overrides: { log: log.child({ name: "tick" }), Octokit: AppOctokit },
            }),
          intervalMs: minutes * 60_000,
          lock,
          log: log.child({ name: "tick" }),
          ...(appId ? { appId } : {}),
        })
      : undefined;
  return {
    server,
    ...(scheduler ? { scheduler } : {}),
    async stop() {
      await scheduler?.stop();
      await server.stop();
    },
  };
}
