import { describe, expect, test } from "@jest/globals";
import nock from "nock";
import { pino } from "pino";
import { Probot } from "probot";
import { Temporal } from "temporal-polyfill";
import { decisionsJob } from "../../src/decisions/job.js";
import { decodeState } from "../../src/decisions/state.js";
import { runTick } from "../../src/tick.js";
import { DECISION_CONFIG_YAML, makeDecision, statusCommentFixture } from "../factories/decision.js";
import { API, APP_ID, githubMock, REPO_PATH } from "../helpers/github.js";
import { useNock } from "../helpers/nock.js";
import { PRIVATE_KEY, TestOctokit } from "../helpers/probot.js";

const ISSUE = 1;
const PENDING_LABELS = ["decision", "decision: pending", "due: 2026-11-27"];
// The deadline of makeDecision(): Friday 27 November 23:59:59 in Berlin.
const AFTER_DEADLINE = Temporal.Instant.from("2026-11-28T08:00:00Z");

useNock();

function app() {
  return new Probot({
    appId: APP_ID,
    privateKey: PRIVATE_KEY,
    log: pino({ level: "silent" }),
    Octokit: TestOctokit,
  });
}

/** One installation (Codertocat, a user account) with Hello-World, and the search result. */
function discovery(items: Array<{ number: number; labels: string[]; repo?: string }>) {
  const scope = nock(API);
  scope
    .get("/app/installations")
    .query({ per_page: "100" })
    .reply(200, [{ id: 2, account: { login: "Codertocat" }, target_type: "User" }]);
  scope
    .post("/app/installations/2/access_tokens")
    .reply(201, { token: "ghs_test", expires_at: "2099-01-01T00:00:00Z" });
  scope
    .get("/installation/repositories")
    .query({ per_page: "100" })
    .reply(200, {
      total_count: 2,
      repositories: [
        {
          full_name: "Codertocat/Hello-World",
          name: "Hello-World",
          owner: { login: "Codertocat" },
        },
        { full_name: "Codertocat/Other", name: "Other", owner: { login: "Codertocat" } },
      ],
    });
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

const tick = (
  now: Temporal.Instant,
  extra: { dryRun?: boolean; print?: (l: string) => void } = {},
) =>
  runTick(app(), [decisionsJob], {
    now,
    log: pino({ level: "silent" }),
    appId: APP_ID,
    ...extra,
  });

describe("async-status tick", () => {
  test("deadline passed, no open objection › accepted: labels, the record in the body, one announcement", async () => {
    discovery([{ number: ISSUE, labels: PENDING_LABELS }]);
    const status = statusCommentFixture(
      makeDecision({ agreements: [{ user: "alice", at: "2026-11-24T10:00:00Z" }] }),
    );
    const gh = githubMock()
      .config(DECISION_CONFIG_YAML)
      .getIssue(ISSUE, { labels: PENDING_LABELS })
      .listComments(ISSUE, [status])
      .label("decision: accepted", true)
      .addLabels(ISSUE)
      .removeLabel(ISSUE, "decision: pending")
      .removeLabel(ISSUE, "due: 2026-11-27")
      .issuesWithLabel("due: 2026-11-27", 0)
      .deleteLabel("due: 2026-11-27")
      .updateComment(901)
      .getIssue(ISSUE, { body: "Which queue?" })
      .updateIssue(ISSUE)
      .listComments(ISSUE, [])
      .createComment(ISSUE);

    const report = await tick(AFTER_DEADLINE);

    expect(report).toMatchObject({
      installations: 1,
      repositories: 1,
      jobs: { decisions: { items: 1 } },
      failures: [],
    });
    expect(
      decodeState((gh.body("PATCH", `${REPO_PATH}/issues/comments/901`) as { body: string }).body),
    ).toMatchObject({ status: "accepted", closedAt: AFTER_DEADLINE.toString() });
    expect((gh.body("PATCH", `${REPO_PATH}/issues/1`) as { body: string }).body).toContain(
      "## Decision\n\n**Accepted:** ship option B",
    );
    expect((gh.body("POST", `${REPO_PATH}/issues/1/comments`) as { body: string }).body).toContain(
      "✅ Decision accepted: **ship option B**",
    );
  });

  test("deadline passed with an open objection › needs sync: the agenda comment lists the objections", async () => {
    discovery([{ number: ISSUE, labels: [...PENDING_LABELS, "decision: objected"] }]);
    const state = makeDecision({
      objections: [{ user: "bob", reason: "breaks v1 | @everyone", at: "2026-11-24T10:00:00Z" }],
    });
    const gh = githubMock()
      .config(DECISION_CONFIG_YAML)
      .getIssue(ISSUE, { labels: [...PENDING_LABELS, "decision: objected"] })
      .listComments(ISSUE, [statusCommentFixture(state)])
      .label("decision: needs sync", false)
      .addLabels(ISSUE)
      .removeLabel(ISSUE, "decision: pending")
      .removeLabel(ISSUE, "due: 2026-11-27")
      .issuesWithLabel("due: 2026-11-27", 2)
      .updateComment(901)
      .listComments(ISSUE, [])
      .createComment(ISSUE);

    await tick(AFTER_DEADLINE);

    const agenda = (gh.body("POST", `${REPO_PATH}/issues/1/comments`) as { body: string }).body;
    expect(agenda).toContain("goes on the agenda of the team's next sync");
    expect(agenda).toContain("- bob: breaks v1 \\| @&#8203;everyone");
    expect(gh.body("POST", `${REPO_PATH}/issues/1/labels`)).toEqual({
      labels: ["decision: needs sync"],
    });
  });

  test("24 hours before the deadline › one reminder to the stakeholders who have not responded", async () => {
    discovery([{ number: ISSUE, labels: PENDING_LABELS }]);
    const state = makeDecision({
      stakeholders: ["@alice", "@carol", "@org/team"],
      agreements: [{ user: "carol", at: "2026-11-24T10:00:00Z" }],
    });
    const gh = githubMock()
      .config(DECISION_CONFIG_YAML)
      .getIssue(ISSUE, { labels: PENDING_LABELS })
      .listComments(ISSUE, [statusCommentFixture(state)])
      .updateComment(901)
      .listComments(ISSUE, [])
      .createComment(ISSUE);

    await tick(Temporal.Instant.from("2026-11-27T09:00:00Z"));

    const reminder = (gh.body("POST", `${REPO_PATH}/issues/1/comments`) as { body: string }).body;
    expect(reminder.startsWith("<!-- async-status:decision-reminder 900 -->")).toBe(true);
    expect(reminder).toContain("@alice @org/team please comment `/agree` or `/object REASON`");
    expect(reminder).not.toContain("@carol");
    expect(
      decodeState((gh.body("PATCH", `${REPO_PATH}/issues/comments/901`) as { body: string }).body)
        ?.reminded,
    ).toBe(true);
  });

  test("nothing due yet › no issue is read", async () => {
    discovery([{ number: ISSUE, labels: PENDING_LABELS }]);
    const gh = githubMock().config(DECISION_CONFIG_YAML);

    const report = await tick(Temporal.Instant.from("2026-11-24T09:00:00Z"));

    expect(report.jobs.decisions?.items).toBe(0);
    expect(gh.calls()).toEqual([`GET ${REPO_PATH}/contents/.github/async-status.yml`]);
  });

  test("run twice › the second run finds the decision already accepted and writes nothing", async () => {
    // The search index can lag: the issue still shows up with its old labels.
    discovery([{ number: ISSUE, labels: PENDING_LABELS }]);
    const accepted = makeDecision({ status: "accepted", closedAt: AFTER_DEADLINE.toString() });
    const gh = githubMock()
      .config(DECISION_CONFIG_YAML)
      .getIssue(ISSUE, { labels: ["decision", "decision: accepted"] })
      .listComments(ISSUE, [statusCommentFixture(accepted)]);

    const report = await tick(AFTER_DEADLINE);

    expect(report.jobs.decisions?.items).toBe(0);
    expect(gh.calls().every((c) => c.startsWith("GET"))).toBe(true);
  });

  test("restart after a missed deadline › the next run catches up", async () => {
    discovery([{ number: ISSUE, labels: PENDING_LABELS }]);
    githubMock()
      .config(DECISION_CONFIG_YAML)
      .getIssue(ISSUE, { labels: PENDING_LABELS })
      .listComments(ISSUE, [statusCommentFixture(makeDecision())])
      .label("decision: accepted", true)
      .addLabels(ISSUE)
      .removeLabel(ISSUE, "decision: pending")
      .removeLabel(ISSUE, "due: 2026-11-27")
      .issuesWithLabel("due: 2026-11-27", 0)
      .deleteLabel("due: 2026-11-27")
      .updateComment(901)
      .getIssue(ISSUE, { body: "" })
      .updateIssue(ISSUE)
      .listComments(ISSUE, [])
      .createComment(ISSUE);

    const report = await tick(Temporal.Instant.from("2026-12-15T00:00:00Z"));

    expect(report.jobs.decisions?.items).toBe(1);
  });

  test("--dry-run › prints the plan and writes nothing", async () => {
    discovery([{ number: ISSUE, labels: PENDING_LABELS }]);
    githubMock()
      .config(DECISION_CONFIG_YAML)
      .getIssue(ISSUE, { labels: PENDING_LABELS })
      .listComments(ISSUE, [statusCommentFixture(makeDecision())]);
    const lines: string[] = [];

    await tick(AFTER_DEADLINE, { dryRun: true, print: (l) => lines.push(l) });

    // Order matters for recovery: effects, then the state, then the pending label last.
    expect(lines).toEqual([
      '[dry-run] Codertocat/Hello-World: add label "decision: accepted" to #1',
      "[dry-run] Codertocat/Hello-World: append <!-- async-status:decision-record 900 --> to the body of #1",
      "[dry-run] Codertocat/Hello-World: comment on #1: ✅ Decision accepted: **ship option B**. It is recorded in the issue description. [Status](https://github.com/Codertocat/Hello-World/issues/1#issuecomment-901)",
      "[dry-run] Codertocat/Hello-World: update (if present) comment <!-- async-status:decision 900 --> on #1",
      '[dry-run] Codertocat/Hello-World: remove label "due: 2026-11-27" from #1',
      '[dry-run] Codertocat/Hello-World: remove label "decision: pending" from #1',
      '[dry-run] Codertocat/Hello-World: delete label "due: 2026-11-27" if no issue uses it',
    ]);
  });

  test("one repository fails › it is reported and the others are still processed", async () => {
    discovery([
      { number: 7, labels: PENDING_LABELS, repo: "Other" },
      { number: ISSUE, labels: PENDING_LABELS },
    ]);
    nock(API)
      .get(/\/repos\/Codertocat\/Other\/contents\//)
      .reply(500, { message: "Server Error" });
    githubMock()
      .config(DECISION_CONFIG_YAML)
      .getIssue(ISSUE, { labels: ["decision", "decision: accepted"] })
      .listComments(ISSUE, [statusCommentFixture(makeDecision({ status: "accepted" }))]);

    const report = await tick(AFTER_DEADLINE);

    expect(report.repositories).toBe(2);
    expect(report.failures).toEqual([
      { repo: "Codertocat/Other", error: expect.stringContaining("Server Error") },
    ]);
  });

  test("recovery › state accepted but the pending label still there (an earlier run failed half-way) › the rest is finished", async () => {
    discovery([{ number: ISSUE, labels: PENDING_LABELS }]);
    const accepted = makeDecision({ status: "accepted", closedAt: AFTER_DEADLINE.toString() });
    const status = statusCommentFixture(accepted);
    const recordDone = "Which queue?\n\n<!-- async-status:decision-record 900 -->\n## Decision";
    const gh = githubMock()
      .config(DECISION_CONFIG_YAML)
      .getIssue(ISSUE, { labels: PENDING_LABELS })
      .listComments(ISSUE, [status])
      .label("decision: accepted", true)
      .addLabels(ISSUE)
      .getIssue(ISSUE, { body: recordDone })
      .listComments(ISSUE, [status])
      .createComment(ISSUE)
      .updateComment(901)
      .removeLabel(ISSUE, "due: 2026-11-27")
      .removeLabel(ISSUE, "decision: pending")
      .issuesWithLabel("due: 2026-11-27", 0)
      .deleteLabel("due: 2026-11-27");

    await tick(AFTER_DEADLINE);

    // The record was already in the body: not appended again; the announcement is posted once.
    expect(gh.calls()).not.toContain(`PATCH ${REPO_PATH}/issues/1`);
    expect((gh.body("POST", `${REPO_PATH}/issues/1/comments`) as { body: string }).body).toContain(
      "✅ Decision accepted",
    );
  });

  test("a stray pending label without a decision › removed once, so it is not searched for again", async () => {
    discovery([{ number: ISSUE, labels: ["decision: pending"] }]);
    const gh = githubMock()
      .config(DECISION_CONFIG_YAML)
      .getIssue(ISSUE, { labels: ["decision: pending"] })
      .listComments(ISSUE, [])
      .removeLabel(ISSUE, "decision: pending");

    await tick(AFTER_DEADLINE);

    expect(gh.calls()).toContain(`DELETE ${REPO_PATH}/issues/1/labels/decision: pending`);
  });

  test("an installation that fails (token refused) › reported, and the tick does not throw", async () => {
    const scope = nock(API);
    scope
      .get("/app/installations")
      .query({ per_page: "100" })
      .reply(200, [{ id: 2, account: { login: "Codertocat" }, target_type: "User" }]);
    scope
      .post("/app/installations/2/access_tokens")
      .reply(403, { message: "This installation has been suspended" });

    const report = await tick(AFTER_DEADLINE);

    expect(report.failures).toEqual([
      { repo: "installation 2 (Codertocat)", error: expect.stringContaining("suspended") },
    ]);
  });
});
