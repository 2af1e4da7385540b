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
 * A comment is the app's own only when it carries the marker at its start AND was written by
 * a bot account (AND, when GitHub says which app wrote it, by this app). A user pasting the
 * marker into their own comment cannot make the app edit or trust it.
 */
export function isOwnMarkedComment(comment: CommentLike, marker: string, appId?: number): boolean {
  if (!comment.body?.startsWith(marker)) return false;
  if (comment.user?.type !== "Bot") return false;
  const viaApp = comment.performed_via_github_app?.id;
  return appId === undefined || viaApp === undefined || viaApp === appId;
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
