import { describe, expect, test } from "@jest/globals";
import { Temporal } from "temporal-polyfill";
import { decodeState } from "../../src/decisions/state.js";
import { DECISION_CONFIG_YAML, makeDecision, statusCommentFixture } from "../factories/decision.js";
import { githubMock, REPO_PATH } from "../helpers/github.js";
import { useNock } from "../helpers/nock.js";
import {
  AFTER_DEADLINE,
  accepts,
  DUE_LABEL,
  decisionRead,
  discovery,
  editedComment,
  PENDING_LABELS,
  postedComment,
  tick,
} from "../helpers/tick-scenario.js";

const ISSUE = 1;

useNock();

describe("decisions tick: deadlines and reminders", () => {
  test("tick › deadline passed, no open objection › accepted: labels, the record in the body, one announcement", async () => {
    discovery([{ number: ISSUE, labels: PENDING_LABELS }]);
    const status = statusCommentFixture(
      makeDecision({ agreements: [{ user: "alice", at: "2026-11-24T10:00:00Z" }] }),
    );
    const gh = accepts(decisionRead(ISSUE, PENDING_LABELS, [status]), ISSUE, "Which queue?");

    const report = await tick(AFTER_DEADLINE);

    expect(report).toMatchObject({
      installations: 1,
      repositories: 1,
      jobs: { decisions: { items: 1 } },
      failures: [],
    });
    expect(decodeState(editedComment(gh, 901))).toMatchObject({
      status: "accepted",
      closedAt: AFTER_DEADLINE.toString(),
    });
    expect((gh.body("PATCH", `${REPO_PATH}/issues/1`) as { body: string }).body).toContain(
      "## Decision\n\n**Accepted:** ship option B",
    );
    expect(postedComment(gh, ISSUE)).toContain("✅ Decision accepted: **ship option B**");
  });

  test("tick › deadline passed with an open objection › needs sync: the agenda comment lists the objections", async () => {
    const labels = [...PENDING_LABELS, "decision: objected"];
    discovery([{ number: ISSUE, labels }]);
    const state = makeDecision({
      objections: [{ user: "bob", reason: "breaks v1 | @everyone", at: "2026-11-24T10:00:00Z" }],
    });
    const gh = decisionRead(ISSUE, labels, [statusCommentFixture(state)])
      .label("decision: needs sync", false)
      .addLabels(ISSUE)
      .removeLabel(ISSUE, "decision: pending")
      .removeLabel(ISSUE, DUE_LABEL)
      .issuesWithLabel(DUE_LABEL, 2)
      .updateComment(901)
      .listComments(ISSUE, [])
      .createComment(ISSUE);

    await tick(AFTER_DEADLINE);

    const agenda = postedComment(gh, ISSUE);
    expect(agenda).toContain("goes on the agenda of the team's next sync");
    expect(agenda).toContain("- bob: breaks v1 \\| @&#8203;everyone");
    expect(gh.body("POST", `${REPO_PATH}/issues/1/labels`)).toEqual({
      labels: ["decision: needs sync"],
    });
  });

  const REMINDER_DUE = Temporal.Instant.from("2026-11-27T09:00:00Z");
  const carolAgreed = makeDecision({
    stakeholders: ["@alice", "@carol", "@org/team"],
    agreements: [{ user: "carol", at: "2026-11-24T10:00:00Z" }],
  });

  test("tick › 24 hours before the deadline, the team's members readable › one reminder to the people who have not answered, the team's by name", async () => {
    discovery([{ number: ISSUE, labels: PENDING_LABELS }]);
    const gh = decisionRead(ISSUE, PENDING_LABELS, [statusCommentFixture(carolAgreed)], {
      "org/team": ["carol", "erin"],
    })
      .createComment(ISSUE)
      .updateComment(901)
      .listComments(ISSUE, []);

    await tick(REMINDER_DUE);

    expect(gh.calls()).toContain("GET /orgs/org/teams/team/members?per_page=100");
    const reminder = postedComment(gh, ISSUE);
    expect(reminder.startsWith("<!-- async-status:decision-reminder 900 -->")).toBe(true);
    // carol answered (she is in the team too): not asked again.
    expect(reminder).toContain("@alice @erin please comment `/agree` or `/object REASON`");
    expect(reminder).not.toContain("@carol");
    expect(reminder).not.toContain("@org/team");
    const status = editedComment(gh, 901);
    expect(decodeState(status)?.reminded).toBe(true);
    expect(status).toContain("| **Not answered yet** | @&#8203;alice · @&#8203;org/team (erin) |");
  });

  test("tick › 24 hours before the deadline, the team cannot be read (404) › the team itself is reminded, and shown as not answered", async () => {
    discovery([{ number: ISSUE, labels: PENDING_LABELS }]);
    const gh = decisionRead(ISSUE, PENDING_LABELS, [statusCommentFixture(carolAgreed)], {
      "org/team": 404,
    })
      .createComment(ISSUE)
      .updateComment(901)
      .listComments(ISSUE, []);

    await tick(REMINDER_DUE);

    const reminder = postedComment(gh, ISSUE);
    expect(reminder).toContain("@alice @org/team please comment `/agree` or `/object REASON`");
    expect(reminder).not.toContain("@carol");
    expect(editedComment(gh, 901)).toContain(
      "| **Not answered yet** | @&#8203;alice · @&#8203;org/team (its members are not visible to the app) |",
    );
  });

  test("tick › nothing due yet › no issue is read", async () => {
    discovery([{ number: ISSUE, labels: PENDING_LABELS }]);
    const gh = githubMock().config(DECISION_CONFIG_YAML);

    const report = await tick(Temporal.Instant.from("2026-11-24T09:00:00Z"));

    expect(report.jobs.decisions?.items).toBe(0);
    expect(gh.calls()).toEqual([`GET ${REPO_PATH}/contents/.github/async-status.yml`]);
  });

  test("tick › restart after a missed deadline › the next run catches up", async () => {
    discovery([{ number: ISSUE, labels: PENDING_LABELS }]);
    accepts(decisionRead(ISSUE, PENDING_LABELS, [statusCommentFixture(makeDecision())]), ISSUE, "");

    const report = await tick(Temporal.Instant.from("2026-12-15T00:00:00Z"));

    expect(report.jobs.decisions?.items).toBe(1);
  });
});
