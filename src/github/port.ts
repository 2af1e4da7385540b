import type { Logger } from "pino";
import type { ProbotOctokit } from "probot";

type Octokit = InstanceType<typeof ProbotOctokit>;

/** The strict subset of Octokit the app uses, so tests and the CLI can hand in fakes. */
export interface GitHubPort {
  rest: {
    checks: Pick<Octokit["rest"]["checks"], "create">;
    pulls: Pick<Octokit["rest"]["pulls"], "get">;
    reactions: Pick<Octokit["rest"]["reactions"], "createForIssueComment">;
    repos: Pick<Octokit["rest"]["repos"], "getCollaboratorPermissionLevel">;
    search: Pick<Octokit["rest"]["search"], "issuesAndPullRequests">;
    teams: Pick<Octokit["rest"]["teams"], "listMembersInOrg">;
    issues: Pick<
      Octokit["rest"]["issues"],
      | "listComments"
      | "createComment"
      | "updateComment"
      | "deleteComment"
      | "addLabels"
      | "removeLabel"
      | "getLabel"
      | "createLabel"
      | "deleteLabel"
      | "get"
      | "update"
      | "listForRepo"
      | "create"
      | "updateLabel"
    >;
  };
  paginate: Octokit["paginate"];
  request: Octokit["request"];
}

export interface RepoRef {
  owner: string;
  repo: string;
}

/** What effects need: GitHub, a logger, the repository, and the app's own id for trust checks. */
export interface EffectPorts {
  octokit: GitHubPort;
  log: Pick<Logger, "debug" | "info" | "warn" | "error">;
  repo: RepoRef;
  /** The GitHub App id; a marked comment from another app is not trusted. */
  appId?: number;
}

/** True for an Octokit request error with the given HTTP status. */
export function isHttpStatus(error: unknown, status: number): boolean {
  return (
    typeof error === "object" &&
    error !== null &&
    "status" in error &&
    (error as { status: unknown }).status === status
  );
}

/** Label names, from any of GitHub's label shapes (objects, strings, nulls in payloads). */
export function labelNames(
  labels: ReadonlyArray<string | { name?: string | null } | null> | null | undefined,
): string[] {
  return (labels ?? []).flatMap((l) => (typeof l === "string" ? [l] : l?.name ? [l.name] : []));
}
