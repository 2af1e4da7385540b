import { BLOCKED_LABEL, decodeBlocked } from "../blocked/index.js";
import { DECISION_LABELS, loadThread } from "../decisions/index.js";
import { type GitHubPort, isHttpStatus } from "../github/port.js";
import { AGENDA_FLAG_LABEL, decodeAgendaFlag } from "./flag.js";
import { type ItemReading, refOf } from "./model.js";

/** An issue or PR the search found: enough to list it without reading it again. */
type Hit = Omit<ItemReading, "decision" | "flag" | "blocked">;

/**
 * The one search that finds every candidate of an agenda: open items labelled
 * `decision: needs sync`, `sync: agenda` or `blocked` (a comma in `label:` means any of them)
 * in the repository or, with `org:`, the whole organisation.
 */
export const candidateQuery = (qualifier: string) =>
  `is:open archived:false label:"${DECISION_LABELS.needsSync.name}","${AGENDA_FLAG_LABEL.name}","${BLOCKED_LABEL.name}" ${qualifier}`;

/** Run the candidate search (one request per 100 hits). */
export async function searchCandidates(octokit: GitHubPort, qualifier: string): Promise<Hit[]> {
  const found = await octokit.paginate(octokit.rest.search.issuesAndPullRequests, {
    q: candidateQuery(qualifier),
    per_page: 100,
  });
  return found.map((item) => ({
    repo: item.repository_url.split("/repos/")[1] ?? "",
    number: item.number,
    title: item.title,
    url: item.html_url,
    open: item.state === "open",
  }));
}

/**
 * Read each item's current state: the issue (from the search hit when there is one, else one
 * request; a deleted or inaccessible item has no reading) and the app's comments on it, once:
 * the decision's status, the `/agenda` note and the `/blocked` note, trusted only when this
 * app wrote them.
 */
export async function readItems(
  octokit: GitHubPort,
  items: ReadonlyArray<{ repo: string; number: number }>,
  hits: readonly Hit[],
  appId?: number,
): Promise<Map<string, ItemReading>> {
  const byRef = new Map(hits.map((h) => [refOf(h), h]));
  const readings = new Map<string, ItemReading>();
  for (const item of items) {
    const ref = refOf(item);
    if (readings.has(ref)) continue;
    const [owner = "", repo = ""] = item.repo.split("/");
    const hit = byRef.get(ref) ?? (await readIssue(octokit, { owner, repo }, item.number));
    if (!hit) continue;
    const thread = await loadThread(octokit, { owner, repo }, item.number, appId);
    const flag = thread.agendaFlag && decodeAgendaFlag(thread.agendaFlag.body);
    const blocked = thread.blocked && decodeBlocked(thread.blocked.body);
    readings.set(ref, {
      ...hit,
      ...(thread.decision
        ? { decision: { state: thread.decision.state, url: thread.decision.commentUrl } }
        : {}),
      ...(flag && thread.agendaFlag ? { flag: { state: flag, url: thread.agendaFlag.url } } : {}),
      ...(blocked && thread.blocked
        ? { blocked: { state: blocked, url: thread.blocked.url } }
        : {}),
    });
  }
  return readings;
}

async function readIssue(
  octokit: GitHubPort,
  repo: { owner: string; repo: string },
  number: number,
): Promise<Hit | undefined> {
  try {
    const { data } = await octokit.rest.issues.get({ ...repo, issue_number: number });
    return {
      repo: `${repo.owner}/${repo.repo}`,
      number,
      title: data.title,
      url: data.html_url,
      open: data.state === "open",
    };
  } catch (error) {
    // Deleted, transferred away or no longer readable: the entry is settled as gone.
    if (isHttpStatus(error, 404) || isHttpStatus(error, 410)) return undefined;
    throw error;
  }
}
