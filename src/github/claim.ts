import { Temporal } from "temporal-polyfill";
import { type GitHubPort, isHttpStatus, type RepoRef } from "./port.js";

/** What a claim needs: creating, reading and deleting repository labels. */
export type ClaimPort = {
  rest: { issues: Pick<GitHubPort["rest"]["issues"], "createLabel" | "getLabel" | "deleteLabel"> };
};

/** What a sweep needs besides: one GraphQL read of the repository's labels. */
export type SweepPort = ClaimPort & {
  graphql: <T>(query: string, variables?: Record<string, unknown>) => Promise<T>;
};

export interface Claim {
  /** Give the claim up (idempotent: a claim already gone is fine). */
  release(): Promise<void>;
}

export interface LeaseOptions {
  leaseMinutes: number;
  clock: () => Temporal.Instant;
}

const CLAIMED = /^claimed (\S+)$/;

/** A claim whose label does not say when it was taken, or was taken longer ago than the lease. */
function isStale(description: string | null | undefined, options: LeaseOptions): boolean {
  const at = CLAIMED.exec(description ?? "")?.[1];
  let since: Temporal.Instant | undefined;
  try {
    since = at ? Temporal.Instant.from(at) : undefined;
  } catch {
    since = undefined;
  }
  return (
    !since ||
    Temporal.Instant.compare(since.add({ minutes: options.leaseMinutes }), options.clock()) < 0
  );
}

async function deleteClaim(octokit: ClaimPort, repo: RepoRef, name: string): Promise<void> {
  try {
    await octokit.rest.issues.deleteLabel({ ...repo, name });
  } catch (error) {
    if (!isHttpStatus(error, 404)) throw error;
  }
}

/**
 * A lease on `name` in a repository, shared by every process that can write there: creating a
 * label is atomic on GitHub, so only one caller gets it. A claim older than `leaseMinutes` is
 * taken to belong to a holder that crashed: it is removed, and the next attempt can claim.
 * Returns `undefined` when someone else holds it.
 */
export async function claimLabel(
  octokit: ClaimPort,
  repo: RepoRef,
  name: string,
  options: LeaseOptions,
): Promise<Claim | undefined> {
  const release = () => deleteClaim(octokit, repo, name);
  try {
    await octokit.rest.issues.createLabel({
      ...repo,
      name,
      color: "ededed",
      description: `claimed ${options.clock().toString()}`,
    });
    return { release };
  } catch (error) {
    if (!isHttpStatus(error, 422)) throw error;
  }
  let description: string | null | undefined;
  try {
    ({ description } = (await octokit.rest.issues.getLabel({ ...repo, name })).data);
  } catch (error) {
    // Released between our attempt and this read: busy now, free next time.
    if (isHttpStatus(error, 404)) return undefined;
    throw error;
  }
  if (isStale(description, options)) await release();
  return undefined;
}

/**
 * Run `work` while holding the claim on `name` (see `claimLabel`), and release it afterwards,
 * also when `work` throws. `held: false` when someone else holds it: nothing was run.
 */
export async function withClaim<T>(
  octokit: ClaimPort,
  repo: RepoRef,
  name: string,
  options: LeaseOptions,
  work: () => Promise<T>,
): Promise<{ held: true; value: T } | { held: false }> {
  const claim = await claimLabel(octokit, repo, name, options);
  if (!claim) return { held: false };
  try {
    return { held: true, value: await work() };
  } finally {
    await claim.release();
  }
}

const LABELS_QUERY = `query($owner: String!, $name: String!, $q: String!) {
  repository(owner: $owner, name: $name) { labels(first: 100, query: $q) { nodes { name description } } }
}`;

/**
 * Remove every claim whose name starts with `prefix` and whose lease has run out, whichever
 * key it is for: a holder that crashed after its work was done is never asked for that key
 * again, so `claimLabel` alone would leave its label behind. One GraphQL request (label search
 * by name), plus one delete per stale claim. Returns the claims removed and those still held.
 */
export async function sweepStaleClaims(
  octokit: SweepPort,
  repo: RepoRef,
  prefix: string,
  options: LeaseOptions,
): Promise<{ removed: string[]; held: string[] }> {
  const data = await octokit.graphql<{
    repository: {
      labels: { nodes: Array<{ name: string; description: string | null } | null> } | null;
    } | null;
  }>(LABELS_QUERY, { owner: repo.owner, name: repo.repo, q: prefix });
  // The label search also matches descriptions and parts of names: keep the exact prefix only.
  const claims = (data.repository?.labels?.nodes ?? []).filter(
    (l): l is { name: string; description: string | null } =>
      l?.name.toLowerCase().startsWith(prefix.toLowerCase()) === true,
  );
  const removed: string[] = [];
  const held: string[] = [];
  for (const claim of claims) {
    if (!isStale(claim.description, options)) {
      held.push(claim.name);
      continue;
    }
    await deleteClaim(octokit, repo, claim.name);
    removed.push(claim.name);
  }
  return { removed, held };
}
