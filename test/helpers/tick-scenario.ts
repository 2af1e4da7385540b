import nock from "nock";
import { Temporal } from "temporal-polyfill";
import { decisionsJob } from "../../src/decisions/job.js";
import type { Job } from "../../src/job.js";
import { DECISION_CONFIG_YAML } from "../factories/decision.js";
import { type TeamAnswer, teamMembers } from "./decision-scenario.js";
import { API, githubMock } from "./github.js";
import { tickJobs } from "./probot.js";

/*
 * Scenarios for the handler tests of the decisions tick: the installation and search it
 * finds, one run of the job, and the reads and writes of a due decision, named for what
 * they mean. Every request is still a nock interceptor.
 */

type GitHubMock = ReturnType<typeof githubMock>;
type Comments = Parameters<GitHubMock["listComments"]>[1];

export const DUE_LABEL = "due: 2026-11-27";
export const PENDING_LABELS = ["decision", "decision: pending", DUE_LABEL];
/** After the deadline of makeDecision(): Friday 27 November 23:59:59 in Berlin. */
export const AFTER_DEADLINE = Temporal.Instant.from("2026-11-28T08:00:00Z");

/** The installations list: one, Codertocat (a user account). */
function installations(scope: nock.Scope) {
  scope
    .get("/app/installations")
    .query({ per_page: "100" })
    .reply(200, [{ id: 2, account: { login: "Codertocat" }, target_type: "User" }]);
  return scope;
}

/** The tick finds an installation whose token GitHub refuses. */
export function refusedInstallation(message: string) {
  installations(nock(API)).post("/app/installations/2/access_tokens").reply(403, { message });
}

/** One installation (Codertocat, a user account), its token, and these repositories of it. */
export function installationWith(names: readonly string[]) {
  const scope = installations(nock(API));
  scope
    .post("/app/installations/2/access_tokens")
    .reply(201, { token: "ghs_test", expires_at: "2099-01-01T00:00:00Z" });
  scope
    .get("/installation/repositories")
    .query({ per_page: "100" })
    .reply(200, {
      total_count: names.length,
      repositories: names.map((name) => ({
        full_name: `Codertocat/${name}`,
        name,
        owner: { login: "Codertocat" },
      })),
    });
  return scope;
}

/** One installation with Hello-World and Other, and the pending-decision search result. */
export function discovery(items: Array<{ number: number; labels: string[]; repo?: string }>) {
  const scope = installationWith(["Hello-World", "Other"]);
  scope
    .get("/search/issues")
    .query({ q: 'label:"decision: pending" archived:false user:Codertocat', per_page: "100" })
    .reply(200, {
      total_count: items.length,
      incomplete_results: false,
      items: items.map((i) => ({
        number: i.number,
        repository_url: `${API}/repos/Codertocat/${i.repo ?? "Hello-World"}`,
        labels: i.labels.map((name) => ({ name })),
      })),
    });
  return scope;
}

/** One run of the decisions job (or `jobs`) at `now`, as `async-status tick` does it. */
export const tick = (
  now: Temporal.Instant,
  extra: { dryRun?: boolean; print?: (l: string) => void; jobs?: readonly Job[] } = {},
) => {
  const { jobs, ...options } = extra;
  return tickJobs(jobs ?? [decisionsJob], now, options);
};

/**
 * Hello-World's config, then issue #1 as the tick reads it: its labels, its comments and, for a
 * decision that may be reminded, the members of its teams (`teams`: `org/team` → the answer).
 */
export const decisionRead = (
  issue: number,
  labels: string[],
  comments: Comments,
  teams: Record<string, TeamAnswer> = {},
) => {
  const gh = githubMock().config(DECISION_CONFIG_YAML).getIssue(issue, { labels });
  gh.listComments(issue, comments);
  for (const [team, answer] of Object.entries(teams)) teamMembers(gh, team, answer);
  return gh;
};

/**
 * After the read, accepting the decision in order: the accepted label, the pending and due
 * labels removed, the unused due label deleted, the state saved in comment 901, the record
 * appended to the body (which is `body` when read) and the announcement posted.
 */
export const accepts = (gh: GitHubMock, issue: number, body: string) =>
  gh
    .label("decision: accepted", true)
    .addLabels(issue)
    .removeLabel(issue, "decision: pending")
    .removeLabel(issue, DUE_LABEL)
    .issuesWithLabel(DUE_LABEL, 0)
    .deleteLabel(DUE_LABEL)
    .updateComment(901)
    .getIssue(issue, { body })
    .updateIssue(issue)
    .listComments(issue, [])
    .createComment(issue);

/** The bodies of posted and edited comments (shared with the template scenarios). */
export { editedComment, postedComment } from "./template-scenario.js";
