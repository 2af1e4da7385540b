import { afterEach, describe, expect, test } from "@jest/globals";
import { decodeState } from "../../src/decisions/state.js";
import { makeDecision, statusCommentFixture } from "../factories/decision.js";
import { FakeGitHub, type FakeRequest } from "../helpers/fake-github.js";
import {
  ACTIONS_APP,
  annotations,
  bodyOf,
  calls,
  REPO_PATH,
  REST,
  runBundle,
  WORKFLOW_TOKEN,
  workflowComment,
} from "./bundle.js";

// Writes are throttled as in production (one a second), so a run takes several seconds.
const TIMEOUT = 60_000;
/** GraphQL where the runner says (GITHUB_GRAPHQL_URL), not where Octokit would derive it. */
const GRAPHQL = "/custom/graphql";
const PENDING = ["decision", "decision: pending", "due: 2026-11-27"];
/**
 * Monday 30 November 2026, 09:30 in Berlin: after the decision's deadline (Friday 27th, end of
 * day) and half an hour after the week's summary is due (Monday 09:00).
 */
const NOW = "2026-11-30T08:30:00Z";

/** A PR merged in the week of 23–29 November, as the summary's GraphQL search returns it. */
const merged = {
  __typename: "PullRequest",
  number: 7,
  title: "Invalidate the cache on write",
  url: "https://github.com/Codertocat/Hello-World/pull/7",
  createdAt: "2026-11-24T10:00:00Z",
  mergedAt: "2026-11-25T10:00:00Z",
  closedAt: "2026-11-25T10:00:00Z",
  authorAssociation: "MEMBER",
  author: { login: "octocat", __typename: "User" },
  labels: { nodes: [] },
};

/** What GraphQL answers: each aliased search (the summary), the repair search, label search. */
function graphql(labels: Map<string, string>) {
  return (request: FakeRequest): [number, unknown] => {
    const { query, variables } = request.body as { query: string; variables?: { q?: string } };
    if (query.includes("labels(first: 100, query: $q)")) {
      const q = (variables?.q ?? "").toLowerCase();
      const nodes = [...labels]
        .filter(([name, description]) => `${name} ${description}`.toLowerCase().includes(q))
        .map(([name, description]) => ({ name, description }));
      return [200, { data: { repository: { labels: { nodes } } } }];
    }
    const empty = { issueCount: 0, pageInfo: { hasNextPage: false, endCursor: null }, nodes: [] };
    const data: Record<string, unknown> = {};
    for (const match of query.matchAll(
      /(\w+): search\(query: ("(?:[^"\\]|\\.)*"), type: ISSUE, first: \d+/g,
    )) {
      const q = JSON.parse(match[2] as string) as string;
      const nodes = q.includes("is:merged merged:2026-11-23") ? [merged] : [];
      data[match[1] as string] = { ...empty, issueCount: nodes.length, nodes };
    }
    // The template repair's search: nothing changed in the last hour.
    if (query.includes("search(query: $q"))
      Object.assign(data, { search: empty, repository: { github: null, root: null } });
    return [200, { data }];
  };
}

/**
 * Hello-World with decision #1 pending (its status comment by github-actions[bot]) and no
 * summary yet. Labels are kept, so claims and the summary label behave as on GitHub.
 */
function scheduledRepo() {
  const labels = new Map<string, string>(
    [...PENDING, "decision: accepted"].map((name) => [name, ""] as const),
  );
  const status = workflowComment(901, statusCommentFixture(makeDecision()).body);
  const label = (path: string) => decodeURIComponent(path.split("/labels/")[1] ?? "");
  const github = new FakeGitHub()
    .route("GET", /^\/api\/v3\/apps\/github-actions$/, 200, ACTIONS_APP)
    .route("GET", new RegExp(`^${REPO_PATH}$`), 200, {
      full_name: "Codertocat/Hello-World",
      archived: false,
      has_issues: true,
      private: false,
    })
    .respond("GET", /^\/api\/v3\/search\/issues\?/, (r) => {
      const pending = r.path.includes('label:"decision: pending"');
      return [
        200,
        {
          total_count: pending ? 1 : 0,
          incomplete_results: false,
          items: pending
            ? [
                {
                  number: 1,
                  repository_url: `http://github.test${REPO_PATH}`,
                  labels: PENDING.map((name) => ({ name })),
                },
              ]
            : [],
        },
      ];
    })
    .route(
      "GET",
      /\/contents\/\.github(%2F|\/)async-status\.yml/,
      200,
      "timezone: Europe/Berlin\n",
      {
        "content-type": "application/vnd.github.raw; charset=utf-8",
      },
    )
    .route("GET", /\/contents\/\.github(%2F|\/)async-status(%2F|\/)summary\.md\.hbs/, 404, {
      message: "Not Found",
    })
    .route("GET", new RegExp(`^${REPO_PATH}/issues/1$`), 200, {
      number: 1,
      title: "Which queue?",
      body: "Which queue?",
      state: "open",
      labels: PENDING.map((name) => ({ name })),
    })
    .route("GET", new RegExp(`^${REPO_PATH}/issues/1/comments\\?`), 200, [status])
    // Issues by label: no other issue uses the due label; no summary was published yet.
    .route("GET", new RegExp(`^${REPO_PATH}/issues\\?`), 200, [])
    .respond("GET", new RegExp(`^${REPO_PATH}/labels/`), (r) => {
      const name = label(r.path);
      return labels.has(name)
        ? [200, { name, description: labels.get(name) }]
        : [404, { message: "Not Found" }];
    })
    .respond("POST", new RegExp(`^${REPO_PATH}/labels$`), (r) => {
      const { name, description } = r.body as { name: string; description?: string };
      if (labels.has(name)) return [422, { message: "Validation Failed" }];
      labels.set(name, description ?? "");
      return [201, { name }];
    })
    .respond("PATCH", new RegExp(`^${REPO_PATH}/labels/`), (r) => {
      const name = label(r.path);
      if (!labels.has(name)) return [404, { message: "Not Found" }];
      labels.set(name, (r.body as { description?: string }).description ?? "");
      return [200, { name }];
    })
    .respond("DELETE", new RegExp(`^${REPO_PATH}/labels/`), (r) => {
      labels.delete(label(r.path));
      return [204, undefined];
    })
    .route("POST", new RegExp(`^${REPO_PATH}/issues/1/labels$`), 200, [])
    .route("DELETE", new RegExp(`^${REPO_PATH}/issues/1/labels/`), 200, [])
    .route("PATCH", new RegExp(`^${REPO_PATH}/issues/comments/901$`), 200, { id: 901 })
    .route("PATCH", new RegExp(`^${REPO_PATH}/issues/1$`), 200, { number: 1 })
    .route("POST", new RegExp(`^${REPO_PATH}/issues/1/comments$`), 201, { id: 960 })
    .route("POST", new RegExp(`^${REPO_PATH}/issues$`), 201, {
      number: 100,
      html_url: "https://github.com/Codertocat/Hello-World/issues/100",
    })
    .respond("POST", new RegExp(`^${GRAPHQL}$`), graphql(labels));
  return { github, labels };
}

let github: FakeGitHub;
afterEach(async () => {
  await github.stop();
});

describe("the Action on schedule: the tick for this repository, with GITHUB_TOKEN", () => {
  test(
    "schedule, now after the deadline and the summary's time › the due decision accepted and recorded, the week's summary published",
    async () => {
      const repo = scheduledRepo();
      github = repo.github;
      const host = await github.start();

      const run = await runBundle({
        host,
        event: "schedule",
        graphqlPath: GRAPHQL,
        inputs: { now: NOW },
      });

      expect(annotations(run)).toEqual([]);
      expect(run.code).toBe(0);
      expect(github.unmatched).toEqual([]);
      const line = `tick at ${NOW}: 0 installation(s), 1 repository(ies) checked, 0 lost command(s) handled, 1 decision(s) due, 1 summary(ies) published, 0 agenda(s) published, 0 template result(s) repaired`;
      expect(run.stdout).toContain(line);
      expect(run.summary).toContain(line);
      // REST under GITHUB_API_URL, GraphQL at GITHUB_GRAPHQL_URL, all with the workflow's token.
      expect(
        github.requests.filter((r) => !r.path.startsWith(`${REST}/`) && r.path !== GRAPHQL),
      ).toEqual([]);
      expect(github.requests.filter((r) => r.path === GRAPHQL).length).toBeGreaterThan(0);
      expect(new Set(github.requests.map((r) => r.headers.authorization))).toEqual(
        new Set([`token ${WORKFLOW_TOKEN}`]),
      );
      // One search per job that has one, scoped to this repository.
      expect(
        calls(github.requests)
          .filter((c) => c.includes("/search/"))
          .map((c) => c.replace(/updated:>=\S+/, "updated:>=…")),
      ).toEqual([
        `GET ${REST}/search/issues?q=decide OR agree OR object OR withdraw OR blocked OR unblocked OR agenda in:comments updated:>=… repo:Codertocat/Hello-World&per_page=100`,
        `GET ${REST}/search/issues?q=label:"decision: pending" archived:false repo:Codertocat/Hello-World&per_page=100`,
        // Template repair: open items changed recently.
        `GET ${REST}/search/issues?q=is:open archived:false updated:>=… repo:Codertocat/Hello-World&per_page=100`,
      ]);

      // The decision: accepted in its state (the status comment GITHUB_TOKEN wrote), labelled
      // and recorded in the issue body.
      const state = decodeState(
        bodyOf(github, "PATCH", `${REPO_PATH}/issues/comments/901`)?.body as string,
      );
      expect(state).toMatchObject({ status: "accepted", recommendation: "ship option B" });
      expect(bodyOf(github, "POST", `${REPO_PATH}/issues/1/labels`)).toEqual({
        labels: ["decision: accepted"],
      });
      expect(
        calls(github.requests).filter((c) => c.startsWith(`DELETE ${REPO_PATH}/issues/1/labels/`)),
      ).toEqual([
        `DELETE ${REPO_PATH}/issues/1/labels/due: 2026-11-27`,
        // Last: what the tick searches for goes only once everything else is written.
        `DELETE ${REPO_PATH}/issues/1/labels/decision: pending`,
      ]);
      const issueBody = bodyOf(github, "PATCH", `${REPO_PATH}/issues/1`)?.body as string;
      expect(issueBody).toContain(
        "Which queue?\n\n<!-- async-status:decision-record 900 -->\n## Decision",
      );

      // The summary: one issue for 23–29 November, labelled, with the merged PR.
      const summaries = github.requests.filter(
        (r) => r.method === "POST" && r.path === `${REPO_PATH}/issues`,
      );
      expect(summaries).toHaveLength(1);
      const summary = summaries[0]?.body as { title: string; body: string; labels: string[] };
      expect(summary.title).toBe("Weekly summary: 23–29 Nov 2026");
      expect(summary.labels).toEqual(["weekly-summary"]);
      expect(summary.body.startsWith("<!-- async-status:summary 2026-11-23 -->")).toBe(true);
      expect(summary.body).toContain("| PRs merged | 1 |");
      expect(summary.body).toContain("Invalidate the cache on write");
      // The week is remembered as handled; the claim was released.
      expect(repo.labels.get("weekly-summary")).toContain("handled up to 2026-11-23");
      expect([...repo.labels.keys()].filter((l) => l.startsWith("async-status-lock:"))).toEqual([]);
    },
    TIMEOUT,
  );

  test(
    "workflow_dispatch with dry-run › the plan printed and put in the job summary; nothing written",
    async () => {
      const repo = scheduledRepo();
      github = repo.github;
      const host = await github.start();

      const run = await runBundle({
        host,
        event: "workflow_dispatch",
        graphqlPath: GRAPHQL,
        inputs: { now: NOW, "dry-run": "true" },
      });

      expect(annotations(run)).toEqual([]);
      expect(run.code).toBe(0);
      expect(github.unmatched).toEqual([]);
      // Reads only (a GraphQL POST is a query).
      expect(github.requests.filter((r) => r.method !== "GET" && r.path !== GRAPHQL)).toEqual([]);
      expect(run.stdout).toContain(
        `tick at ${NOW} (dry run): 0 installation(s), 1 repository(ies) checked, 0 lost command(s) handled, 1 decision(s) due`,
      );
      expect(run.stdout).toContain("[dry-run] Codertocat/Hello-World: ");
      expect(run.summary).toContain("Would write:");
      expect(run.summary).toContain("[dry-run] Codertocat/Hello-World: ");
    },
    TIMEOUT,
  );
});
