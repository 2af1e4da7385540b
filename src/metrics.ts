import type { ProbotOctokit } from "probot";
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";
import type { Job } from "./job.js";

/** How a webhook delivery ended, as the `outcome` label says it. */
export type WebhookOutcome = "handled" | "error" | "rejected" | "too_large";

/**
 * The server's Prometheus metrics, on their own registry. Created by `startServer` and passed
 * down (no module singleton): two servers in one process, as in the tests, do not share counts.
 */
export interface Metrics {
  registry: Registry;
  /** Deliveries by event and outcome. Unverified deliveries count as event `unverified`. */
  webhooks: Counter<"event" | "outcome">;
  /** Time Probot took on a verified delivery (its handlers included), by event. */
  webhookDuration: Histogram<"event">;
  /** GitHub API requests by route template (`GET /repos/{owner}/{repo}`) and status. */
  githubRequests: Counter<"route" | "status">;
  /** The last `x-ratelimit-remaining` GitHub sent, per installation (`app` for the JWT). */
  rateLimitRemaining: Gauge<"installation">;
  /** One in-process tick, by outcome (`ok`, `failures`, `error`). */
  tickDuration: Histogram<"outcome">;
  /** One job's run in one repository, by job and outcome (`ok`, `error`). */
  jobDuration: Histogram<"job" | "outcome">;
  /** With REDIS_URL: the tick queue's jobs by state, read from Redis at each scrape. */
  queueJobs: Gauge<"state">;
  /** Where `queueJobs` reads its counts from (the queued scheduler sets it). */
  observeQueue(counts: () => Promise<Record<string, number>>): void;
}

export function createMetrics(): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: "async_status_" });
  const registers = [registry];
  let queueCounts: (() => Promise<Record<string, number>>) | undefined;
  return {
    registry,
    webhooks: new Counter({
      name: "async_status_webhooks_total",
      help: "Webhook deliveries by event and outcome (handled, error, rejected, too_large)",
      labelNames: ["event", "outcome"],
      registers,
    }),
    webhookDuration: new Histogram({
      name: "async_status_webhook_duration_seconds",
      help: "Time to handle a verified webhook delivery, by event",
      labelNames: ["event"],
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers,
    }),
    githubRequests: new Counter({
      name: "async_status_github_requests_total",
      help: "GitHub API requests by route and response status",
      labelNames: ["route", "status"],
      registers,
    }),
    rateLimitRemaining: new Gauge({
      name: "async_status_github_rate_limit_remaining",
      help: "The last x-ratelimit-remaining GitHub answered, per installation (app: the app's JWT)",
      labelNames: ["installation"],
      registers,
    }),
    tickDuration: new Histogram({
      name: "async_status_tick_duration_seconds",
      help: "Duration of one in-process tick, by outcome (ok, failures, error)",
      labelNames: ["outcome"],
      buckets: [0.1, 0.5, 1, 5, 15, 30, 60, 120, 300, 600],
      registers,
    }),
    jobDuration: new Histogram({
      name: "async_status_job_duration_seconds",
      help: "Duration of one job in one repository, by job and outcome (ok, error)",
      labelNames: ["job", "outcome"],
      buckets: [0.05, 0.1, 0.5, 1, 5, 15, 30, 60],
      registers,
    }),
    queueJobs: new Gauge({
      name: "async_status_queue_jobs",
      help: "With REDIS_URL: jobs of the tick queue by state (waiting, active, delayed, failed), shared by the replicas",
      labelNames: ["state"],
      registers,
      async collect() {
        const counts = await queueCounts?.().catch(() => undefined);
        for (const [state, count] of Object.entries(counts ?? {})) this.set({ state }, count);
      },
    }),
    observeQueue(counts) {
      queueCounts = counts;
    },
  };
}

/** The outcome label of a webhook answer's status code. */
export function webhookOutcome(status: number): WebhookOutcome {
  if (status === 413) return "too_large";
  if (status >= 500) return "error";
  if (status >= 400) return "rejected";
  return "handled";
}

/**
 * A route label of bounded cardinality: the route template Octokit was called with, or, for
 * an absolute URL (pagination's next links), its path with numeric segments as `{n}`; never
 * the query string.
 */
export function routeLabel(method: string, url: string): string {
  let path = url.split("?")[0] ?? "";
  if (/^https?:\/\//.test(path)) {
    path = new URL(path).pathname.replace(/^\/api\/v3(?=\/)/, "");
    path = path.replace(/\/\d+(?=\/|$)/g, "/{n}");
  }
  return `${method} ${path}`;
}

type OctokitClass = typeof ProbotOctokit;
interface RequestOptions {
  method: string;
  url: string;
}
interface Answer {
  status?: number;
  headers?: Record<string, string | number | undefined>;
}

/**
 * `Octokit` with a `request` hook that counts every request by route and status and keeps
 * the rate limit remaining per installation. Installation clients are built from the app
 * client's class (Probot's `getAuthenticatedOctokit`), so they are counted too.
 */
export function instrumentOctokit<T extends OctokitClass>(
  Octokit: T,
  metrics: Pick<Metrics, "githubRequests" | "rateLimitRemaining">,
): T {
  return Octokit.plugin((octokit, options) => {
    const auth = (options as { auth?: { installationId?: number | string } }).auth;
    const installation = auth?.installationId ? String(auth.installationId) : "app";
    const record = (request: RequestOptions, answer: Answer | undefined) => {
      metrics.githubRequests.inc({
        route: routeLabel(request.method, request.url),
        status: String(answer?.status ?? "none"),
      });
      const remaining = Number(answer?.headers?.["x-ratelimit-remaining"]);
      if (answer?.headers?.["x-ratelimit-remaining"] !== undefined && Number.isFinite(remaining))
        metrics.rateLimitRemaining.set({ installation }, remaining);
    };
    octokit.hook.wrap("request", async (request, requestOptions) => {
      const opts = requestOptions as unknown as RequestOptions;
      try {
        const response = await request(requestOptions);
        record(opts, response as Answer);
        return response;
      } catch (error) {
        record(opts, (error as { response?: Answer }).response ?? (error as Answer));
        throw error;
      }
    });
    return {};
  }) as T;
}

/** Jobs whose runs are timed into `jobDuration`; they behave as before. */
export function timedJobs(jobs: readonly Job[], metrics: Pick<Metrics, "jobDuration">): Job[] {
  return jobs.map((job) => ({
    ...job,
    async run(scope) {
      const end = metrics.jobDuration.startTimer({ job: job.name });
      try {
        const result = await job.run(scope);
        end({ outcome: "ok" });
        return result;
      } catch (error) {
        end({ outcome: "error" });
        throw error;
      }
    },
  }));
}
