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

/**
 * The Octokit the app, the tick and the CLI use: Probot's (throttling per installation,
 * retry of idempotent requests), with bounded rate-limit retries. Applied after Probot's own
 * defaults, so these handlers win over Probot's.
 */
export const AppOctokit = ProbotOctokit.defaults((options: Record<string, unknown>) => ({
  ...options,
  throttle: {
    ...(options.throttle as object | undefined),
    onSecondaryRateLimit: shouldRetryRateLimit,
    onRateLimit: shouldRetryRateLimit,
  },
}));
