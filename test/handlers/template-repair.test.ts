import { describe, expect, test } from "@jest/globals";
import { pino } from "pino";
import { Probot } from "probot";
import { Temporal } from "temporal-polyfill";
import { KeyedLock } from "../../src/github/keyed-lock.js";
import { MARKERS } from "../../src/github/markers.js";
import { templateRepairJob } from "../../src/template-check/job.js";
import type { RawNode } from "../../src/template-check/repair-search.js";
import { runTick, TickState } from "../../src/tick.js";
import { APP_ID, githubMock, REPO_PATH } from "../helpers/github.js";
import { useNock } from "../helpers/nock.js";
import { PRIVATE_KEY, TestOctokit } from "../helpers/probot.js";
import {
  COMPLETE,
  CONFIG,
  checkRunOf,
  firstReport,
  type GitHubMock,
  HEAD_SHA,
  INCOMPLETE,
  ISSUE,
  ISSUE_UNDESCRIBED,
  LABEL,
  PR,
  postedComment,
} from "../helpers/template-scenario.js";

useNock();

const NOW = Temporal.Instant.from("2026-11-28T08:00:00Z");
/** The previous run's start, as the scheduler passes it. */
const SINCE = Temporal.Instant.from("2026-11-28T07:55:00Z");
/** What the search asks for: open items changed since then, less the 30 settling seconds. */
const SEARCH = "repo:Codertocat/Hello-World is:open updated:>=2026-11-28T07:54:30Z";
/** Changed during the outage, a few minutes ago. */
const UPDATED = "2026-11-28T07:57:00Z";
const GRAPHQL = "POST /graphql";

/**
 * What the tick reads before the job runs: installations, token and repositories (the config
 * comes next). A later tick of the same app has its token already.
 */
function repository(gh: GitHubMock = githubMock(), token = true, changed = 1) {
  gh.scope
    .get("/app/installations")
    .query({ per_page: "100" })
    .reply(200, [{ id: 2, account: { login: "Codertocat" }, target_type: "User" }]);
  if (token) gh.token();
  gh.scope
    .get("/installation/repositories")
    .query({ per_page: "100" })
    .reply(200, {
      total_count: 1,
      repositories: [{ name: "Hello-World", owner: { login: "Codertocat" }, archived: false }],
    });
  // One search per installation: which repositories have open items changed since then.
  gh.scope
    .get("/search/issues")
    .query({ q: `${INSTALLATION_SEARCH} user:Codertocat`, per_page: "100" })
    .reply(200, {
      total_count: changed,
      incomplete_results: false,
      items: Array.from({ length: changed }, (_, i) => ({
        number: i + 1,
        repository_url: `https://api.github.com${REPO_PATH}`,
        labels: [],
      })),
    });
  return gh;
}
const INSTALLATION_SEARCH = "is:open archived:false updated:>=2026-11-28T07:54:30Z";
const SEARCHED = `GET /search/issues?q=${INSTALLATION_SEARCH} user:Codertocat&per_page=100`;
const TICK_READS = [
  "GET /app/installations?per_page=100",
  "POST /app/installations/2/access_tokens",
  "GET /installation/repositories?per_page=100",
  SEARCHED,
  `GET ${REPO_PATH}/contents/.github/async-status.yml`,
];

/** A pull request hit: its head commit carries this app's check run with `conclusion`, or none. */
function prHit(o: {
  body?: string;
  labels?: string[];
  draft?: boolean;
  conclusion?: "SUCCESS" | "FAILURE";
}): RawNode {
  const runs = o.conclusion ? [{ conclusion: o.conclusion }] : [];
  return {
    __typename: "PullRequest",
    number: PR,
    updatedAt: UPDATED,
    body: o.body ?? COMPLETE,
    isDraft: o.draft ?? false,
    author: { login: "octocat", __typename: "User" },
    labels: { nodes: (o.labels ?? []).map((name) => ({ name })) },
    headRefOid: HEAD_SHA,
    commits: {
      nodes: [
        {
          commit: {
            oid: HEAD_SHA,
            checkSuites: {
              nodes: o.conclusion
                ? [{ app: { databaseId: APP_ID }, checkRuns: { nodes: runs } }]
                : [],
            },
          },
        },
      ],
    },
  };
}

const issueHit = (o: { body: string; labels?: string[] }): RawNode => ({
  __typename: "Issue",
  number: ISSUE,
  updatedAt: UPDATED,
  body: o.body,
  author: { login: "octocat", __typename: "User" },
  labels: { nodes: (o.labels ?? []).map((name) => ({ name })) },
});

/** One page of the repair search. */
function searchPage(gh: GitHubMock, nodes: RawNode[], next?: string) {
  gh.scope.post("/graphql").reply(200, {
    data: {
      search: {
        issueCount: nodes.length,
        pageInfo: { hasNextPage: next !== undefined, endCursor: next ?? null },
        nodes,
      },
      repository: { github: { oid: "tree-github-1" }, root: { oid: "tree-root-1" } },
    },
  });
  return gh;
}

/** The PR as `GET /pulls/2` returns it when the repair re-reads it. */
const currentPr = (body: string) => ({
  number: PR,
  body,
  labels: [],
  user: { login: "octocat", type: "User" },
  state: "open",
  draft: false,
  head: { sha: HEAD_SHA },
});

const app = () =>
  new Probot({
    appId: APP_ID,
    privateKey: PRIVATE_KEY,
    log: pino({ level: "silent" }),
    Octokit: TestOctokit,
  });

const tick = (
  probot = app(),
  extra: {
    state?: TickState;
    dryRun?: boolean;
    print?: (l: string) => void;
    lock?: KeyedLock;
  } = {},
) =>
  runTick(probot, [templateRepairJob], {
    now: NOW,
    since: SINCE,
    log: pino({ level: "silent" }),
    appId: APP_ID,
    ...extra,
  });

const graphqlBody = (gh: GitHubMock, i = 0) =>
  gh.requests.filter((r) => r.path === "/graphql")[i]?.body as {
    query: string;
    variables: Record<string, unknown>;
  };

describe("template repair, from the tick", () => {
  test("tick › PR opened during an outage, no check run on its head › checked again: check run, comment and label", async () => {
    const gh = searchPage(repository().config(CONFIG), [prHit({ body: INCOMPLETE })]);
    gh.scope.get(`${REPO_PATH}/pulls/${PR}`).reply(200, currentPr(INCOMPLETE));
    firstReport(gh.config(CONFIG).noTemplates().checkRun(), PR);

    // With the lock the server shares with the webhook handlers (comment upserts take it too).
    const report = await tick(app(), { lock: new KeyedLock() });

    expect(gh.calls()).toEqual([
      ...TICK_READS,
      GRAPHQL,
      `GET ${REPO_PATH}/pulls/2`,
      `GET ${REPO_PATH}/contents/.github/async-status.yml`,
      `GET ${REPO_PATH}/contents/.github`,
      `GET ${REPO_PATH}/contents`,
      `GET ${REPO_PATH}/contents/docs`,
      `POST ${REPO_PATH}/check-runs`,
      `GET ${REPO_PATH}/issues/2/comments?per_page=100`,
      `POST ${REPO_PATH}/issues/2/comments`,
      `GET ${REPO_PATH}/labels/${LABEL}`,
      `POST ${REPO_PATH}/issues/2/labels`,
    ]);
    expect(graphqlBody(gh).variables).toEqual({
      q: SEARCH,
      after: null,
      owner: "Codertocat",
      name: "Hello-World",
    });
    expect(graphqlBody(gh).query).toContain(
      `checkSuites(first: 1, filterBy: { appId: ${APP_ID} })`,
    );
    expect(checkRunOf(gh)).toMatchObject({
      name: "async-status/template",
      head_sha: HEAD_SHA,
      status: "completed",
      conclusion: "failure",
    });
    expect(checkRunOf(gh).output.title).toBe("2 of 3 required sections filled; needs How to test");
    const comment = postedComment(gh, PR);
    expect(comment.startsWith(MARKERS.template)).toBe(true);
    expect(comment).toContain("| ❌ | How to test | missing |");
    expect(gh.body("POST", `${REPO_PATH}/issues/2/labels`)).toEqual({ labels: [LABEL] });
    expect(report.jobs.templates).toEqual({ items: 1, actions: 3 });
    expect(report.failures).toEqual([]);
  });

  test("tick › PR already checked and labelled as its description says › no write; again with the scheduler's memory › one GraphQL request and nothing else", async () => {
    const probot = app();
    const state = new TickState();
    const right = prHit({ conclusion: "SUCCESS" });
    const first = searchPage(repository().config(CONFIG), [right]).noTemplates();

    const report = await tick(probot, { state });

    // The verdict takes the repository's templates (placeholders_from_template): read once.
    expect(first.calls()).toEqual([
      ...TICK_READS,
      GRAPHQL,
      `GET ${REPO_PATH}/contents/.github`,
      `GET ${REPO_PATH}/contents`,
      `GET ${REPO_PATH}/contents/docs`,
    ]);
    expect(report.jobs.templates).toEqual({ items: 0, actions: 0 });
    // An unexpected request (a repair) would fail in nock and be reported here.
    expect(report.failures).toEqual([]);

    const second = repository(githubMock(), false);
    searchPage(second, [right]);

    const again = await tick(probot, { state });

    expect(again.failures).toEqual([]);
    // The token, config and templates are remembered; the trees they came from are unchanged.
    expect(second.calls()).toEqual([
      "GET /app/installations?per_page=100",
      "GET /installation/repositories?per_page=100",
      SEARCHED,
      GRAPHQL,
    ]);
  });

  test("tick › issue incomplete without the label (its delivery was lost) › comment and label", async () => {
    const body = ISSUE_UNDESCRIBED;
    const gh = searchPage(repository().config(CONFIG), [issueHit({ body })]).noTemplates();
    firstReport(gh.getIssue(ISSUE, { body }).config(CONFIG), ISSUE, { labelExists: false });

    const report = await tick();

    // The templates read to judge the issue serve its repair too: no second lookup.
    expect(gh.calls()).toEqual([
      ...TICK_READS,
      GRAPHQL,
      `GET ${REPO_PATH}/contents/.github`,
      `GET ${REPO_PATH}/contents`,
      `GET ${REPO_PATH}/contents/docs`,
      `GET ${REPO_PATH}/issues/1`,
      `GET ${REPO_PATH}/contents/.github/async-status.yml`,
      `GET ${REPO_PATH}/issues/1/comments?per_page=100`,
      `POST ${REPO_PATH}/issues/1/comments`,
      `GET ${REPO_PATH}/labels/${LABEL}`,
      `POST ${REPO_PATH}/labels`,
      `POST ${REPO_PATH}/issues/1/labels`,
    ]);
    const comment = postedComment(gh, ISSUE);
    expect(comment.startsWith(MARKERS.template)).toBe(true);
    expect(comment).toContain("### 📝 This issue needs a description");
    expect(gh.body("POST", `${REPO_PATH}/labels`)).toEqual({
      name: LABEL,
      color: "d93f0b",
      description: "The description is missing required sections (async-status)",
    });
    expect(gh.body("POST", `${REPO_PATH}/issues/1/labels`)).toEqual({ labels: [LABEL] });
    expect(report.jobs.templates).toEqual({ items: 1, actions: 2 });
    expect(report.failures).toEqual([]);
  });

  test("tick › nothing changed anywhere in the installation › one search, no config read and no GraphQL", async () => {
    const gh = repository(githubMock(), true, 0);

    const report = await tick();

    expect(report.failures).toEqual([]);
    expect(gh.calls()).toEqual(TICK_READS.slice(0, 4));
  });

  test("tick › draft PR without a check run › skipped: nothing read or written after the search", async () => {
    const gh = searchPage(repository().config(CONFIG), [prHit({ body: INCOMPLETE, draft: true })]);

    const report = await tick();

    expect(gh.calls()).toEqual([...TICK_READS, GRAPHQL]);
    expect(report).toMatchObject({ jobs: { templates: { items: 0, actions: 0 } }, failures: [] });
  });

  test("tick › changed seconds ago (its delivery may be in flight) › waits for the next tick", async () => {
    const fresh = { ...prHit({ body: INCOMPLETE }), updatedAt: "2026-11-28T07:59:40Z" };
    const gh = searchPage(repository().config(CONFIG), [fresh]);

    const report = await tick();

    expect(gh.calls()).toEqual([...TICK_READS, GRAPHQL]);
    expect(report.failures).toEqual([]);
  });

  test("tick › more than 100 changed items › the next page is read with the cursor", async () => {
    const config =
      "template:\n  placeholders_from_template: false\n  issues:\n    sections: [Problem]\n";
    const gh = repository().config(config);
    searchPage(gh, [issueHit({ body: ISSUE_UNDESCRIBED, labels: [LABEL] })], "cursor-1");
    searchPage(gh, [prHit({ conclusion: "SUCCESS" })]);

    const report = await tick();

    expect(report.failures).toEqual([]);
    expect(gh.calls()).toEqual([...TICK_READS, GRAPHQL, GRAPHQL]);
    expect(graphqlBody(gh, 1).variables).toMatchObject({ q: SEARCH, after: "cursor-1" });
  });

  test("tick --dry-run › PR without a check run › prints the plan under the handler's lock, writes nothing", async () => {
    const gh = searchPage(repository().config(CONFIG), [prHit({ body: INCOMPLETE })]);
    gh.scope.get(`${REPO_PATH}/pulls/${PR}`).reply(200, currentPr(INCOMPLETE));
    gh.config(CONFIG).noTemplates();
    const lock = new KeyedLock();
    const keys: string[] = [];
    const run = lock.run.bind(lock);
    lock.run = (key, work) => {
      keys.push(key);
      return run(key, work);
    };
    const lines: string[] = [];

    const report = await tick(app(), { dryRun: true, print: (l) => lines.push(l), lock });

    expect(report).toMatchObject({ jobs: { templates: { items: 1, actions: 3 } }, failures: [] });
    expect(keys).toEqual(["Codertocat/Hello-World#2:template"]);
    expect(lines).toEqual([
      '[dry-run] Codertocat/Hello-World: create check run "async-status/template" on ec26c3e: failure (2 of 3 required sections filled; needs How to test)',
      "[dry-run] Codertocat/Hello-World: create or update comment <!-- async-status:template --> on #2",
      '[dry-run] Codertocat/Hello-World: add label "template: incomplete" to #2',
    ]);
    expect(gh.calls().filter((c) => !c.startsWith("GET"))).toEqual([
      "POST /app/installations/2/access_tokens",
      GRAPHQL,
    ]);
  });

  test("tick › one item's repair fails › reported as that item, and the next is still repaired", async () => {
    const other = { ...issueHit({ body: ISSUE_UNDESCRIBED }), number: 3 };
    const config =
      "template:\n  placeholders_from_template: false\n  issues:\n    sections: [Problem]\n";
    const gh = searchPage(repository().config(config), [prHit({ body: INCOMPLETE }), other]);
    gh.scope.get(`${REPO_PATH}/pulls/${PR}`).reply(500, { message: "Server Error" });
    firstReport(gh.getIssue(3, { body: ISSUE_UNDESCRIBED }).config(config), 3);

    const report = await tick();

    expect(report.failures).toEqual([
      { repo: "Codertocat/Hello-World#2", error: expect.stringContaining("Server Error") },
    ]);
    expect(gh.body("POST", `${REPO_PATH}/issues/3/labels`)).toEqual({ labels: [LABEL] });
    expect(report.jobs.templates).toEqual({ items: 1, actions: 2 });
  });
});
