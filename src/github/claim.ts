import { Temporal } from "temporal-polyfill";
import { type GitHubPort, isHttpStatus, type RepoRef } from "./port.js";

/** What a claim needs: creating, reading and deleting repository labels. */
export type ClaimPort = {
  rest: { issues: Pick<GitHubPort["rest"]["issues"], "createLabel" | "getLabel" | "deleteLabel"> };
};

export interface Claim {
  /** Give the claim up (idempotent: a claim already gone is fine). */
  release(): Promise<void>;
}

const CLAIMED = /^claimed (\S+)$/;

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
  options: { leaseMinutes: number; clock: () => Temporal.Instant },
): Promise<Claim | undefined> {
  const release = async () => {
    try {
      await octokit.rest.issues.deleteLabel({ ...repo, name });
    } catch (error) {
      if (!isHttpStatus(error, 404)) throw error;
    }
  };
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
  const at = CLAIMED.exec(description ?? "")?.[1];
  let since: Temporal.Instant | undefined;
  try {
    since = at ? Temporal.Instant.from(at) : undefined;
  } catch {
    since = undefined;
  }
  const stale =
    !since ||
    Temporal.Instant.compare(since.add({ minutes: options.leaseMinutes }), options.clock()) < 0;
  if (stale) await release();
  return undefined;
}
