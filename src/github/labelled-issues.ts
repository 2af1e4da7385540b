import type { GitHubPort, RepoRef } from "./port.js";

export interface LabelledIssue {
  number: number;
  state: string;
  url: string;
  body: string;
}

/**
 * The newest issues with `label`, open or closed, newest first (one request): how the summary
 * and the agenda find their own issues, whose bodies they then check for their marker.
 */
export async function listLabelledIssues(
  octokit: Pick<GitHubPort, "rest">,
  repo: RepoRef,
  label: string,
): Promise<LabelledIssue[]> {
  const { data } = await octokit.rest.issues.listForRepo({
    ...repo,
    labels: label,
    state: "all",
    sort: "created",
    direction: "desc",
    per_page: 30,
  });
  return data.map((i) => ({
    number: i.number,
    state: i.state,
    url: i.html_url,
    body: i.body ?? "",
  }));
}
