import { isOwnMarkedComment } from "../github/marked-comment.js";
import { firstLine, MARKER_PREFIX, MARKERS } from "../github/markers.js";
import type { GitHubPort, RepoRef } from "../github/port.js";
import { isHttpStatus } from "../github/port.js";
import type { Permission } from "./permissions.js";
import { type CommentLike, findDecision, type StoredDecision } from "./state.js";

/** The repository permission of `login`: GitHub's collaborator permission API; 404 means none. */
export async function loadPermission(
  octokit: GitHubPort,
  repo: RepoRef,
  login: string,
): Promise<Permission> {
  try {
    const { data } = await octokit.rest.repos.getCollaboratorPermissionLevel({
      ...repo,
      username: login,
    });
    const roles: Permission[] = ["admin", "maintain", "write", "triage", "read"];
    // `role_name` distinguishes maintain and triage; `permission` folds them into write and read.
    const role = roles.find((r) => r === data.role_name);
    return role ?? (roles.find((r) => r === data.permission) as Permission | undefined) ?? "none";
  } catch (error) {
    if (isHttpStatus(error, 404)) return "none";
    throw error;
  }
}

export interface IssueThread {
  decision: StoredDecision | undefined;
  /** Markers (first line) of every comment this app wrote, for idempotent notices and replies. */
  postedMarkers: Set<string>;
  /** The app's `/blocked` comment, if any. */
  blocked?: { id: number; body: string };
}

/** Read an issue's comments once: the current decision, what the app already posted, the blocked note. */
export async function loadThread(
  octokit: GitHubPort,
  repo: RepoRef,
  issueNumber: number,
  appId?: number,
): Promise<IssueThread> {
  const comments = (await octokit.paginate(octokit.rest.issues.listComments, {
    ...repo,
    issue_number: issueNumber,
    per_page: 100,
  })) as CommentLike[];
  const own = comments.filter((c) => isOwnMarkedComment(c, MARKER_PREFIX, appId));
  const blocked = own.find((c) => c.body?.startsWith(MARKERS.blocked));
  return {
    decision: findDecision(comments, appId),
    postedMarkers: new Set(own.map((c) => firstLine(c.body))),
    ...(blocked ? { blocked: { id: blocked.id, body: blocked.body ?? "" } } : {}),
  };
}
