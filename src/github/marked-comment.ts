import type { EffectPorts } from "./port.js";

export interface MarkedComment {
  id: number;
  body: string;
}

interface CommentLike {
  id: number;
  body?: string | null;
  user?: { type?: string } | null;
  performed_via_github_app?: { id?: number } | null;
}

/**
 * A comment is the app's own only when it carries the marker at its start, was written by a
 * bot account, and GitHub says this app wrote it (`performed_via_github_app.id`). A user,
 * a workflow or another app pasting the marker cannot make the app edit or trust it. Without
 * a known app id (offline tools), the bot account is the only check.
 */
export function isOwnMarkedComment(comment: CommentLike, marker: string, appId?: number): boolean {
  if (!comment.body?.startsWith(marker)) return false;
  if (comment.user?.type !== "Bot") return false;
  return appId === undefined || comment.performed_via_github_app?.id === appId;
}

/** Find the app's marked comment on an issue or PR, reading pages of 100 until found. */
export async function findMarkedComment(
  ports: EffectPorts,
  issueNumber: number,
  marker: string,
): Promise<MarkedComment | undefined> {
  const { octokit, repo, appId } = ports;
  const pages = octokit.paginate.iterator(octokit.rest.issues.listComments, {
    ...repo,
    issue_number: issueNumber,
    per_page: 100,
  });
  for await (const page of pages) {
    const found = page.data.find((c) => isOwnMarkedComment(c, marker, appId));
    if (found) return { id: found.id, body: found.body ?? "" };
  }
  return undefined;
}
