import { ProbotOctokit } from "probot";

/** Rate-limit waits longer than this fail the request instead: the tick repairs it later. */
export const MAX_RATE_LIMIT_WAIT_SECONDS = 120;
/** At most this many retries after a 403/429 rate-limit answer. */
export const MAX_RATE_LIMIT_RETRIES = 3;

interface LimitLog {
  warn(fields: object, message: string): void;
}

/**
 * Whether to retry after a rate-limit answer: GitHub's `retry-after` (secondary limits) or
 * `x-ratelimit-reset` (primary) is honoured by the throttling plugin; this bounds it. Probot's
 * own default gives up at once on a secondary limit, and retries a primary one without bound.
 */
export function shouldRetryRateLimit(
  retryAfter: number,
  options: { method?: string; url?: string },
  octokit: { log: LimitLog },
  retryCount = 0,
): boolean {
  const retry = retryCount < MAX_RATE_LIMIT_RETRIES && retryAfter <= MAX_RATE_LIMIT_WAIT_SECONDS;
  octokit.log.warn(
    { route: `${options.method} ${options.url}`, retryAfter, retryCount, retry },
    retry ? "rate limited; retrying after the wait GitHub asked for" : "rate limited; giving up",
  );
  return retry;
}

/** The installation an Octokit authenticates as, when its options say so. */
function installationOf(options: Record<string, unknown>): string | undefined {
  const auth = options.auth as { installationId?: unknown } | undefined;
  return typeof auth?.installationId === "number" || typeof auth?.installationId === "string"
    ? String(auth.installationId)
    : undefined;
}

/**
 * The Octokit the app, the tick and the CLI use: Probot's (retry of idempotent requests,
 * write throttling), with bounded rate-limit retries, and the write throttle keyed by
 * installation, as GitHub applies its secondary limits: Probot 14 gives the Octokit of a
 * webhook event no throttle id, so without this every installation in the process shares one
 * queue of writes and one burst stalls everyone. Applied after Probot's own defaults, so these
 * settings win over Probot's.
 */
export const AppOctokit = ProbotOctokit.defaults((options: Record<string, unknown>) =>
  appOctokitOptions(options),
);

/** The options AppOctokit gives every instance (pure, for tests). */
export function appOctokitOptions(options: Record<string, unknown>): Record<string, unknown> {
  const installation = installationOf(options);
  const throttle = options.throttle as { id?: string } | undefined;
  return {
    ...options,
    throttle: {
      ...throttle,
      ...(installation ? { id: `installation-${installation}` } : {}),
      onSecondaryRateLimit: shouldRetryRateLimit,
      onRateLimit: shouldRetryRateLimit,
    },
  };
}
