import { randomBytes } from "node:crypto";
import type { Logger } from "pino";
import { createProbot, run } from "probot";
import { createApp } from "./app.js";
import { mayHaveCommand } from "./decisions/index.js";
import { readEnv } from "./env.js";
import { type DeliveryLog, MemoryDeliveryLog } from "./github/deliveries.js";
import { type ItemLock, KeyedLock } from "./github/keyed-lock.js";
import { AppOctokit } from "./github/octokit.js";
import { type MetricsServer, startMetricsServer } from "./http/metrics-server.js";
import { type ReadinessCheck, withOps } from "./http/ops.js";
import { pingRedis } from "./http/redis-ping.js";
import { withWebhookGuard } from "./http/webhook-guard.js";
import { createLogger } from "./log.js";
import { createMetrics, instrumentOctokit } from "./metrics.js";
import { type Scheduler, startScheduler } from "./scheduler.js";
import type { TickApp } from "./tick.js";

type Server = Awaited<ReturnType<typeof run>>;

export interface RunningApp {
  server: Server;
  /** The in-process tick; absent on the first-run page or with TICK_INTERVAL_MINUTES=0. */
  scheduler?: Scheduler;
  /** The METRICS_PORT listener, when /metrics has a port of its own. */
  metricsServer?: MetricsServer;
  stop(): Promise<void>;
}

/**
 * Start the webhook server exactly as `npm start` does: Probot's `run`, which serves the
 * first-run registration page (from app.yml) when there are no credentials, and the live
 * webhook endpoint at /api/github/webhooks when there are. With credentials it also runs the
 * tick in process, every TICK_INTERVAL_MINUTES (default 5), starting with a catch-up run.
 * Webhook bodies pass a guard first (src/http/webhook-guard.ts): over 25 MiB is a 413 while
 * streaming, the signature is verified against every secret in WEBHOOK_SECRET (comma-separated,
 * for rotation), and a signed body that is not a JSON object is a 400. In front of it,
 * src/http/ops.ts answers /healthz, /readyz and /metrics (unless METRICS_PORT moves it to a
 * listener of its own, or METRICS_PORT=0 turns it off) and counts the deliveries.
 */
export async function startServer(
  env: NodeJS.ProcessEnv,
  options: { log?: Logger; makeTickApp?: () => TickApp } = {},
): Promise<RunningApp> {
  const checked = readEnv(env);
  if (!checked.ok) throw new Error(checked.message);
  const { appId, tickIntervalMinutes: minutes, webhookSecrets, redisUrl } = checked.options;
  const log = options.log ?? (await createLogger(env));
  const metrics = checked.options.metrics === "off" ? undefined : createMetrics();
  // AppOctokit: bounded rate-limit retries, no blind repeat of POSTs (src/github/octokit.ts);
  // with metrics, every request is counted by route and status.
  const counted = metrics ? instrumentOctokit(AppOctokit, metrics) : AppOctokit;
  // With REDIS_URL the replicas share the per-item lock, the delivery log and the write
  // throttle through Redis, on connections the app owns (Probot is not given REDIS_URL: it
  // would open one nobody closes). Without it, all three live in this process.
  const replicas = redisUrl
    ? (await import("./replicas/index.js")).replicaServices(counted, redisUrl, log)
    : undefined;
  const lock: ItemLock = replicas?.lock ?? new KeyedLock();
  const deliveries: DeliveryLog = replicas?.deliveries ?? new MemoryDeliveryLog();
  const Octokit = replicas?.Octokit ?? counted;
  const { REDIS_URL: _shared, ...probotEnv } = env;
  // Probot verifies against one secret: a random one of this process's own. The guard
  // verifies against every configured secret and re-signs what passed with this one.
  const probotSecret = randomBytes(32).toString("hex");
  const guarded = withWebhookGuard(createApp({ lock, deliveries, ...(appId ? { appId } : {}) }), {
    secrets: webhookSecrets,
    probotSecret,
    log: log.child({ name: "webhook-guard" }),
    // A comment without a line starting with `/` holds no command: no work, no request.
    ignore: {
      issue_comment: (payload) =>
        !mayHaveCommand((payload.comment as { body?: string | null } | undefined)?.body),
    },
  });
  const app = withOps(guarded, {
    ...(metrics ? { metrics } : {}),
    serveMetrics: checked.options.metrics === "main",
    checks: (probot): ReadinessCheck[] => [
      {
        // The app's JWT works: the key matches APP_ID and GitHub answers.
        name: "github",
        check: async () => {
          const octokit = await probot.auth();
          await octokit.request("GET /app");
        },
      },
      // A local ping, cheap: asked on every probe, so Redis going away shows at once.
      ...(redisUrl ? [{ name: "redis", check: () => pingRedis(redisUrl), ttlMs: 0 }] : []),
    ],
  });
  const server = await run(app, {
    env: webhookSecrets.length > 0 ? { ...probotEnv, WEBHOOK_SECRET: probotSecret } : probotEnv,
    log,
    Octokit,
  });
  const metricsPort = checked.options.metrics;
  const metricsServer =
    metrics && typeof metricsPort === "object"
      ? await startMetricsServer(metrics, {
          port: metricsPort.port,
          host: env.HOST || "localhost",
        }).catch(async (error: unknown) => {
          await server.stop();
          throw new Error(`METRICS_PORT ${metricsPort.port}: cannot listen`, { cause: error });
        })
      : undefined;
  const tickApp = () =>
    options.makeTickApp?.() ??
    createProbot({ env: probotEnv, overrides: { log: log.child({ name: "tick" }), Octokit } });
  const tickOptions = {
    intervalMs: minutes * 60_000,
    lock,
    log: log.child({ name: "tick" }),
    ...(appId ? { appId } : {}),
    ...(metrics ? { metrics } : {}),
  };
  let scheduler: Scheduler | undefined;
  if (checked.options.app && minutes > 0) {
    scheduler = redisUrl
      ? // Loaded only with REDIS_URL: a single process never pays for BullMQ.
        (await import("./replicas/index.js")).startQueuedScheduler({
          ...tickOptions,
          app: tickApp(),
          redisUrl,
        })
      : startScheduler({ ...tickOptions, app: tickApp() });
  }
  return {
    server,
    ...(scheduler ? { scheduler } : {}),
    ...(metricsServer ? { metricsServer } : {}),
    async stop() {
      await scheduler?.stop();
      await metricsServer?.stop();
      await server.stop();
      await replicas?.close();
    },
  };
}
