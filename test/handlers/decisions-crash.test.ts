import { describe, expect, test } from "@jest/globals";
import { Temporal } from "temporal-polyfill";
import { lostCommandsJob } from "../../src/decisions/job.js";
import { decodeState } from "../../src/decisions/state.js";
import { makeDecision, statusCommentFixture } from "../factories/decision.js";
import { reactionsOf, reacts } from "../helpers/decision-scenario.js";
import { API, githubMock, REPO_PATH } from "../helpers/github.js";
import { useNock } from "../helpers/nock.js";
import {
  discovery,
  installationWith,
  PENDING_LABELS,
  postedComment,
  tick,
} from "../helpers/tick-scenario.js";

useNock();

const ISSUE = 1;
const WRITTEN = "2026-11-23T10:00:00Z";
/** octocat's `/decide`, comment 950, written on Monday at 11:00 in Berlin. */
const decideComment = (login = "octocat") =>
  ({
    id: 950,
    body: "/decide ship option B by friday",
    created_at: WRITTEN,
    user: { login, type: "User" },
  }) as const;
/** The status comment that comment 950's decision gets. */
const opened = statusCommentFixture(
  makeDecision({
    id: "950",
    openedAt: WRITTEN,
    stakeholders: [],
    applied: ["950:0:/decide ship option B by friday"],
  }),
);
const decisionOf = (gh: ReturnType<typeof githubMock>) => decodeState(postedComment(gh, ISSUE));
/**
 * The lost-commands tick's reads of issue #1, unlabelled, with octocat's lost `/decide`: the
 * config, the issue, its comments (for the job, then for the replayed run), her permission.
 */
const lostDecide = () =>
  githubMock()
    .config("timezone: Europe/Berlin\n")
    .getIssue(ISSUE, { labels: [] })
    .listComments(ISSUE, [decideComment()])
    .listComments(ISSUE, [decideComment()])
    .permission("octocat", "write");

/** The installation, its repositories, and the lost-commands search since `since`. */
function commentSearch(since: string, numbers: number[]) {
  installationWith(["Hello-World"])
    .get("/search/issues")
    .query({
      q: `decide OR agree OR object OR withdraw OR blocked OR unblocked OR agenda in:comments updated:>=${since} user:Codertocat`,
      per_page: "100",
    })
    .reply(200, {
      total_count: numbers.length,
      incomplete_results: false,
      items: numbers.map((number) => ({
        number,
        repository_url: `${API}${REPO_PATH}`,
        labels: [],
      })),
    });
}

describe("/decide survives a crash at any point: the tick completes it or rolls it back", () => {
  test("crash before the first write (or a lost delivery) › the next tick opens the decision as of the comment's time", async () => {
    commentSearch("2026-11-23T09:30:00Z", [ISSUE]);
    const gh = lostDecide()
      .label("decision", true)
      .label("decision: pending", true)
      .label("due: 2026-11-27", true)
      .addLabels(ISSUE)
      .createComment(ISSUE, 901);
    reacts(gh, 950);

    const report = await tick(Temporal.Instant.from("2026-11-23T10:30:00Z"), {
      jobs: [lostCommandsJob],
    });

    expect(report.jobs.commands).toEqual({ items: 1, actions: 5 });
    expect(gh.body("POST", reactionsOf(950))).toEqual({ content: "+1" });
    expect(gh.body("POST", `${REPO_PATH}/issues/1/labels`)).toEqual({
      labels: ["decision", "decision: pending", "due: 2026-11-27"],
    });
    expect(decisionOf(gh)).toMatchObject({
      id: "950",
      status: "pending",
      openedAt: WRITTEN,
      deadline: "2026-11-27T22:59:59Z",
    });
  });

  test("crash before the first write, tick --dry-run › prints the writes, the reaction last, and writes nothing", async () => {
    commentSearch("2026-11-23T09:30:00Z", [ISSUE]);
    const gh = lostDecide();
    const lines: string[] = [];

    await tick(Temporal.Instant.from("2026-11-23T10:30:00Z"), {
      jobs: [lostCommandsJob],
      dryRun: true,
      print: (l) => lines.push(l),
    });

    expect(lines).toEqual([
      '[dry-run] Codertocat/Hello-World: add label "decision" to #1',
      '[dry-run] Codertocat/Hello-World: add label "decision: pending" to #1',
      '[dry-run] Codertocat/Hello-World: add label "due: 2026-11-27" to #1',
      "[dry-run] Codertocat/Hello-World: create or update comment <!-- async-status:decision 950 --> on #1",
      "[dry-run] Codertocat/Hello-World: react 👍 (+1) to comment 950",
    ]);
    expect(gh.calls().filter((c) => !c.startsWith("GET"))).toEqual([]);
  });

  test("a comment written seconds ago › left to its delivery: the lost-commands tick writes nothing", async () => {
    commentSearch("2026-11-23T09:00:30Z", [ISSUE]);
    const gh = githubMock()
      .config("timezone: Europe/Berlin\n")
      .getIssue(ISSUE, { labels: [] })
      .listComments(ISSUE, [decideComment()]);

    const report = await tick(Temporal.Instant.from("2026-11-23T10:00:30Z"), {
      jobs: [lostCommandsJob],
    });

    expect(report.jobs.commands).toEqual({ items: 0, actions: 0 });
    expect(gh.calls().filter((c) => !c.startsWith("GET"))).toEqual([]);
  });

  test("already handled › the lost-commands tick writes nothing", async () => {
    commentSearch("2026-11-23T09:30:00Z", [ISSUE]);
    const gh = githubMock()
      .config("timezone: Europe/Berlin\n")
      .getIssue(ISSUE, { labels: PENDING_LABELS })
      .listComments(ISSUE, [decideComment(), opened]);

    const report = await tick(Temporal.Instant.from("2026-11-23T10:30:00Z"), {
      jobs: [lostCommandsJob],
    });

    expect(report.jobs.commands).toEqual({ items: 0, actions: 0 });
    expect(gh.calls().filter((c) => !c.startsWith("GET"))).toEqual([]);
  });

  test("crash after the labels, before the status comment › the next tick writes the status comment, no stray label is left", async () => {
    commentSearch("2026-11-23T09:30:00Z", [ISSUE]);
    const gh = githubMock()
      .config("timezone: Europe/Berlin\n")
      .getIssue(ISSUE, { labels: PENDING_LABELS })
      .listComments(ISSUE, [decideComment()])
      .listComments(ISSUE, [decideComment()])
      .permission("octocat", "write")
      .createComment(ISSUE, 901)
      .getIssue(ISSUE, { labels: PENDING_LABELS })
      .listComments(ISSUE, [decideComment(), opened]);
    reacts(gh, 950);

    const report = await tick(Temporal.Instant.from("2026-11-23T10:30:00Z"), {
      jobs: [lostCommandsJob],
    });

    expect(report.failures).toEqual([]);
    expect(decisionOf(gh)).toMatchObject({ id: "950", status: "pending", openedAt: WRITTEN });
    expect(gh.calls().filter((c) => !c.startsWith("GET"))).toEqual([
      `POST ${REPO_PATH}/issues/1/comments`,
      `POST ${reactionsOf(950)}`,
    ]);
  });

  test("crash after the labels, and the command is refused now › the refusal is posted and the labels are rolled back", async () => {
    commentSearch("2026-11-23T09:30:00Z", [ISSUE]);
    const refusal = {
      id: 960,
      body: "<!-- async-status:reply 950:0:x -->\n@reader only people with write access…",
      user: { login: "async-status[bot]", type: "Bot" },
      performed_via_github_app: { id: 123 },
    };
    const gh = githubMock()
      .config("timezone: Europe/Berlin\n")
      .getIssue(ISSUE, { labels: PENDING_LABELS })
      .listComments(ISSUE, [decideComment("reader")])
      .listComments(ISSUE, [decideComment("reader")])
      .permission("reader", "read")
      .createComment(ISSUE, 960)
      .getIssue(ISSUE, { labels: PENDING_LABELS })
      .listComments(ISSUE, [decideComment("reader"), refusal])
      .removeLabel(ISSUE, "decision")
      .removeLabel(ISSUE, "decision: pending")
      .removeLabel(ISSUE, "due: 2026-11-27")
      .issuesWithLabel("due: 2026-11-27", 0)
      .deleteLabel("due: 2026-11-27");

    await tick(Temporal.Instant.from("2026-11-23T10:30:00Z"), { jobs: [lostCommandsJob] });

    expect(postedComment(gh, ISSUE)).toContain("only people with write access");
  });

  test("labels without a decision, their /decide older than a day › rolled back, not opened days late", async () => {
    discovery([{ number: ISSUE, labels: PENDING_LABELS }]);
    const gh = githubMock()
      .config("timezone: Europe/Berlin\n")
      .getIssue(ISSUE, { labels: PENDING_LABELS })
      .listComments(ISSUE, [decideComment()])
      .removeLabel(ISSUE, "decision")
      .removeLabel(ISSUE, "decision: pending")
      .removeLabel(ISSUE, "due: 2026-11-27")
      .issuesWithLabel("due: 2026-11-27", 0)
      .deleteLabel("due: 2026-11-27");

    await tick(Temporal.Instant.from("2026-11-26T12:00:00Z"));

    // Nothing is posted: the old command is not run, only its labels removed.
    expect(gh.calls().filter((c) => c.startsWith("POST"))).toEqual([]);
  });

  test("an edited /decide comment › not replayed (the edit may be someone else's)", async () => {
    commentSearch("2026-11-23T09:30:00Z", [ISSUE]);
    const edited = { ...decideComment(), updated_at: "2026-11-23T10:05:00Z" };
    const gh = githubMock()
      .config("timezone: Europe/Berlin\n")
      .getIssue(ISSUE, { labels: [] })
      .listComments(ISSUE, [edited]);

    const report = await tick(Temporal.Instant.from("2026-11-23T10:30:00Z"), {
      jobs: [lostCommandsJob],
    });

    expect(report.jobs.commands).toEqual({ items: 0, actions: 0 });
    expect(gh.calls().filter((c) => !c.startsWith("GET"))).toEqual([]);
  });

  test("labels without any /decide left (the comment was deleted) › rolled back: no decision, pending or due label stays", async () => {
    discovery([{ number: ISSUE, labels: PENDING_LABELS }]);
    const gh = githubMock()
      .config("timezone: Europe/Berlin\n")
      .getIssue(ISSUE, { labels: PENDING_LABELS })
      .listComments(ISSUE, [])
      .removeLabel(ISSUE, "decision")
      .removeLabel(ISSUE, "decision: pending")
      .removeLabel(ISSUE, "due: 2026-11-27")
      .issuesWithLabel("due: 2026-11-27", 0)
      .deleteLabel("due: 2026-11-27");

    await tick(Temporal.Instant.from("2026-11-26T12:00:00Z"));

    expect(gh.calls().filter((c) => c.startsWith("DELETE"))).toEqual([
      `DELETE ${REPO_PATH}/issues/1/labels/decision`,
      `DELETE ${REPO_PATH}/issues/1/labels/decision: pending`,
      `DELETE ${REPO_PATH}/issues/1/labels/due: 2026-11-27`,
      `DELETE ${REPO_PATH}/labels/due: 2026-11-27`,
    ]);
  });
});
