import type { IncomingMessage, ServerResponse } from "node:http";
import type { ApplicationFunction, Probot } from "probot";
import { type Metrics, webhookOutcome } from "../metrics.js";
import { pathOf, trimSlashes } from "./path.js";

type WebhookHandler = Awaited<ReturnType<Probot["getNodeMiddleware"]>>;

/** One thing the server needs to be ready: it resolves when that works, rejects otherwise. */
export interface ReadinessCheck {
  name: string;
  check(): Promise<void>;
  /** How long a pass counts (default {@link READINESS_TTL_MS}); 0 checks on every probe. */
  ttlMs?: number;
}

export interface ReadinessReport {
  ready: boolean;
  /** Per check: `ok`, or why it failed. */
  checks: Record<string, string>;
}

/** How long a check that passed counts as passed, and how long one may take. */
export const READINESS_TTL_MS = 60_000;
export const READINESS_TIMEOUT_MS = 5_000;

/**
 * Readiness: every check passed within the last {@link READINESS_TTL_MS}. A check that
 * passed is not repeated within that time (GET /app is not called on every probe); a failed
 * one is tried again at the next probe, and concurrent probes share one attempt.
 */
export class Readiness {
  readonly #checks: readonly ReadinessCheck[];
  readonly #now: () => number;
  readonly #passed = new Map<string, number>();
  readonly #running = new Map<string, Promise<string>>();

  constructor(checks: readonly ReadinessCheck[], now: () => number = Date.now) {
    this.#checks = checks;
    this.#now = now;
  }

  async report(): Promise<ReadinessReport> {
    const results = await Promise.all(this.#checks.map((c) => this.#run(c)));
    const checks = Object.fromEntries(this.#checks.map((c, i) => [c.name, results[i] ?? ""]));
    return { ready: results.every((r) => r === "ok"), checks };
  }

  #run(check: ReadinessCheck): Promise<string> {
    const passed = this.#passed.get(check.name);
    if (passed !== undefined && this.#now() - passed < (check.ttlMs ?? READINESS_TTL_MS))
      return Promise.resolve("ok");
    const running = this.#running.get(check.name);
    if (running) return running;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`no answer in ${READINESS_TIMEOUT_MS} ms`)),
        READINESS_TIMEOUT_MS,
      );
    });
    const attempt = Promise.race([check.check(), timeout])
      .then(
        () => {
          this.#passed.set(check.name, this.#now());
          return "ok";
        },
        (error: unknown) => {
          this.#passed.delete(check.name);
          return error instanceof Error ? error.message : String(error);
        },
      )
      .finally(() => {
        clearTimeout(timer);
        this.#running.delete(check.name);
      });
    this.#running.set(check.name, attempt);
    return attempt;
  }
}

export interface OpsOptions {
  /** Counts deliveries and times them; absent with METRICS_PORT=0. */
  metrics?: Metrics;
  /** Serve GET /metrics here (false when it has a port of its own, or is off). */
  serveMetrics: boolean;
  /** The readiness checks, given the Probot instance the server runs. */
  checks(probot: Probot): ReadinessCheck[];
}

/**
 * Wrap an app so that its server answers `/healthz`, `/readyz` and (optionally) `/metrics`
 * before Probot's webhook handler, and counts webhook deliveries by event and outcome. It
 * decorates `probot.getNodeMiddleware` after the inner app function has run, so it sits in
 * front of every decoration the inner one made (the webhook guard): refused deliveries are
 * counted too. Probot's `/ping` still answers after it. Setup mode (no credentials) loads no
 * app and serves none of these.
 */
export function withOps(appFn: ApplicationFunction, options: OpsOptions): ApplicationFunction {
  return async (probot, appOptions) => {
    await appFn(probot, appOptions);
    const getNodeMiddleware = probot.getNodeMiddleware.bind(probot);
    const readiness = new Readiness(options.checks(probot));
    probot.getNodeMiddleware = async (middlewareOptions = {}) =>
      opsHandler(await getNodeMiddleware(middlewareOptions), {
        ...options,
        readiness,
        path: middlewareOptions.path ?? probot.webhookPath,
      });
  };
}

export function opsHandler(
  handler: WebhookHandler,
  options: Omit<OpsOptions, "checks"> & { readiness: Readiness; path: string },
): WebhookHandler {
  const webhookPath = trimSlashes(options.path);
  return async (
    req: IncomingMessage,
    res: ServerResponse,
    next?: Parameters<WebhookHandler>[2],
  ) => {
    const path = pathOf(req.url);
    const read = req.method === "GET" || req.method === "HEAD";
    if (read && path === "/healthz") return json(res, 200, { status: "ok" });
    if (read && path === "/readyz") {
      const report = await options.readiness.report();
      return json(res, report.ready ? 200 : 503, {
        status: report.ready ? "ready" : "not ready",
        checks: report.checks,
      });
    }
    if (read && path === "/metrics" && options.serveMetrics && options.metrics)
      return serveMetrics(res, options.metrics);
    const { metrics } = options;
    if (!metrics || req.method !== "POST" || path !== webhookPath) return handler(req, res, next);
    const started = process.hrtime.bigint();
    try {
      return await handler(req, res, next);
    } finally {
      const outcome = webhookOutcome(res.statusCode);
      const verified = outcome === "handled" || outcome === "error";
      // The event header of a refused delivery is anyone's input: not a label.
      const header = req.headers["x-github-event"];
      const event = verified && typeof header === "string" ? header : "unverified";
      metrics.webhooks.inc({ event, outcome });
      if (verified)
        metrics.webhookDuration.observe({ event }, Number(process.hrtime.bigint() - started) / 1e9);
    }
  };
}

/** Answer GET /metrics in Prometheus' text format. */
export async function serveMetrics(res: ServerResponse, metrics: Metrics): Promise<true> {
  const text = await metrics.registry.metrics();
  res
    .writeHead(200, {
      "content-type": metrics.registry.contentType,
      "content-length": Buffer.byteLength(text),
    })
    .end(text);
  return true;
}

function json(res: ServerResponse, status: number, body: unknown): true {
  const text = JSON.stringify(body);
  res
    .writeHead(status, {
      "content-type": "application/json",
      "content-length": Buffer.byteLength(text),
      "cache-control": "no-store",
    })
    .end(text);
  return true;
}
