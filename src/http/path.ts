/** The request's pathname, exactly as @octokit/webhooks matches it against its path. */
export function pathOf(url: string | undefined): string | undefined {
  try {
    return new URL(trimSlashes(url ?? ""), "http://localhost").pathname;
  } catch {
    return undefined;
  }
}

/**
 * Without trailing slashes, as @octokit/webhooks' normalizeTrailingSlashes (a loop, not a
 * regex: a 16 KB run of slashes would make `/\/+$/` quadratic).
 */
export function trimSlashes(path: string): string {
  let end = path.length;
  while (end > 0 && path[end - 1] === "/") end--;
  return end === 0 ? "/" : path.slice(0, end);
}
