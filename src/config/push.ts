import type { Context } from "probot";
import type { ConfigCache } from "./cache.js";
import { CONFIG_PATH } from "./schema.js";

export const PUSH_EVENTS = ["push"] as const;

/** GitHub lists at most this many commits in a push payload; a longer push may hide files. */
const LISTED_COMMITS = 20;

interface PushedCommit {
  added?: string[];
  modified?: string[];
  removed?: string[];
}

/** The part of a `push` payload that says whether the configuration may have changed. */
export interface PushFacts {
  ref: string;
  defaultBranch: string | undefined;
  owner: string;
  repo: string;
  commits: ReadonlyArray<PushedCommit>;
  headCommit: PushedCommit | null | undefined;
}

export type Invalidation = { type: "none"; reason: string } | { type: "repo" } | { type: "owner" };

/**
 * What a push invalidates, from the payload alone (no request): nothing unless it is to the
 * default branch (the config is read from there) and touches `.github/async-status.yml`; the
 * repository's entry when it does; every repository of the owner when the repository is the
 * organisation's `.github` (their fallback). A push with more commits than GitHub lists is
 * treated as touching it.
 */
export function pushInvalidation(push: PushFacts): Invalidation {
  if (!push.defaultBranch || push.ref !== `refs/heads/${push.defaultBranch}`)
    return { type: "none", reason: "not the default branch" };
  const commits = push.headCommit ? [...push.commits, push.headCommit] : push.commits;
  const touched =
    push.commits.length >= LISTED_COMMITS ||
    commits.some(
      (c) =>
        c.added?.includes(CONFIG_PATH) ||
        c.modified?.includes(CONFIG_PATH) ||
        c.removed?.includes(CONFIG_PATH),
    );
  if (!touched) return { type: "none", reason: `${CONFIG_PATH} not touched` };
  return push.repo.toLowerCase() === ".github" ? { type: "owner" } : { type: "repo" };
}

/** `push`: forget cached configurations the push may have changed. No GitHub request. */
export async function handlePushEvent(
  context: Context<"push">,
  deps: { configs: ConfigCache },
): Promise<void> {
  const { payload } = context;
  const owner = payload.repository.owner?.login ?? payload.repository.owner?.name ?? "";
  const repo = payload.repository.name;
  const log = context.log.child({ repo: `${owner}/${repo}` });
  const change = pushInvalidation({
    ref: payload.ref,
    defaultBranch: payload.repository.default_branch,
    owner,
    repo,
    commits: payload.commits ?? [],
    headCommit: payload.head_commit,
  });
  if (change.type === "none") return log.debug({ reason: change.reason }, "push: config kept");
  if (change.type === "owner") deps.configs.invalidateOwner(owner);
  else deps.configs.invalidate(owner, repo);
  log.info({ scope: change.type }, "push: configuration cache invalidated");
}
