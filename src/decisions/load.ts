import { isOwnMarkedComment } from "../github/marked-comment.js";
import { firstLine, MARKER_PREFIX, MARKERS } from "../github/markers.js";
import type { GitHubPort, RepoRef } from "../github/port.js";
import { isHttpStatus } from "../github/port.js";
import type { Permission } from "./permissions.js";
import { type CommentLike, decodeState, findDecision, type StoredDecision } from "./state.js";
import type { TeamMembers } from "./teams.js";

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

/** A team with more members than this (ten pages) is treated as one whose members are not known. */
const MAX_TEAM_MEMBERS = 1000;

/**
 * The members of each named team (`@org/team`), read with the installation's token: GitHub's
 * team members API, which needs the organisation's "members: read" permission. A 403 or 404
 * (no permission, a secret team, another organisation's team, a user account) means the app
 * cannot read the team: `null`, as for a team too large to list.
 */
export async function loadTeams(
  octokit: GitHubPort,
  teams: readonly string[],
): Promise<TeamMembers> {
  const members = new Map<string, string[] | null>();
  for (const handle of teams) {
    const [org = "", slug = ""] = handle.replace(/^@/, "").split("/");
    members.set(handle.toLowerCase(), await teamMembers(octokit, org, slug.toLowerCase()));
  }
  return members;
}

async function teamMembers(octokit: GitHubPort, org: string, slug: string) {
  const logins: string[] = [];
  try {
    const pages = octokit.paginate.iterator(octokit.rest.teams.listMembersInOrg, {
      org,
      team_slug: slug,
      per_page: 100,
    });
    for await (const page of pages) {
      logins.push(...page.data.map((m) => m.login));
      if (logins.length > MAX_TEAM_MEMBERS) return null;
    }
  } catch (error) {
    if (isHttpStatus(error, 403) || isHttpStatus(error, 404)) return null;
    throw error;
  }
  return logins;
}

export interface IssueThread {
  decision: StoredDecision | undefined;
  /** Markers (first line) of every comment this app wrote, for idempotent notices and replies. */
  postedMarkers: Set<string>;
  /** The app's `/blocked` comment, if any. */
  blocked?: { id: number; body: string; url: string };
  /** The app's `/agenda` comment, if any. */
  agendaFlag?: { id: number; body: string; url: string };
  /** Every comment, for finding commands the app never handled (lost deliveries, crashes). */
  comments: readonly CommentLike[];
  /**
   * Comments whose commands left a trace: a decision they opened, a line recorded in any of
   * the app's status comments, or a reply.
   */
  handled: ReadonlySet<number>;
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
  const marked = (marker: string) => {
    const found = own.find((c) => c.body?.startsWith(marker));
    return found && { id: found.id, body: found.body ?? "", url: found.html_url ?? "" };
  };
  const blocked = marked(MARKERS.blocked);
  const agendaFlag = marked(MARKERS.agendaFlag);
  const postedMarkers = new Set(own.map((c) => firstLine(c.body)));
  return {
    decision: findDecision(comments, appId),
    postedMarkers,
    ...(blocked ? { blocked } : {}),
    ...(agendaFlag ? { agendaFlag } : {}),
    comments,
    handled: handledComments(own, postedMarkers),
  };
}

const REPLY = new RegExp(`^${MARKER_PREFIX}reply (.+?) -->$`);

/**
 * The reply keys (`<comment id>:…`) a reply marker answers: the one reply comment to a command
 * comment names every line it answers; older replies named one.
 */
export function replyKeysOf(marker: string): string[] {
  return REPLY.exec(marker)?.[1]?.split(" ").filter(Boolean) ?? [];
}

/** The ids of comments whose commands the app has handled, read from its own comments. */
function handledComments(own: readonly CommentLike[], markers: ReadonlySet<string>): Set<number> {
  const ids = new Set<number>();
  for (const comment of own) {
    if (!comment.body?.startsWith(MARKERS.decisionPrefix)) continue;
    const state = decodeState(comment.body);
    if (!state) continue;
    ids.add(Number(state.id));
    for (const key of state.applied) ids.add(Number(key.split(":", 1)[0]));
  }
  for (const marker of markers) {
    for (const key of replyKeysOf(marker)) {
      const id = /^(\d+):/.exec(key)?.[1];
      if (id) ids.add(Number(id));
    }
  }
  return ids;
}
