import { describe, expect, test } from "@jest/globals";
import nock from "nock";
import { decisionRecord } from "../../src/decisions/render.js";
import { CALENDAR, makeDecision, statusCommentFixture } from "../factories/decision.js";
import { API, REPO_PATH } from "../helpers/github.js";
import { useNock } from "../helpers/nock.js";
import {
  AFTER_DEADLINE,
  DUE_LABEL,
  decisionRead,
  discovery,
  PENDING_LABELS,
  postedComment,
  refusedInstallation,
  tick,
} from "../helpers/tick-scenario.js";

const ISSUE = 1;
const ACCEPTED_LABELS = ["decision", "decision: accepted"];

useNock();

describe("decisions tick: reruns, dry runs, failures and half-finished work", () => {
  test("tick › run again after acceptance (the search index lags) › finds the decision already accepted and writes nothing", async () => {
    // The search index can lag: the issue still shows up with its old labels.
    discovery([{ number: ISSUE, labels: PENDING_LABELS }]);
    const accepted = makeDecision({ status: "accepted", closedAt: AFTER_DEADLINE.toString() });
    const gh = decisionRead(ISSUE, ACCEPTED_LABELS, [statusCommentFixture(accepted)]);

    const report = await tick(AFTER_DEADLINE);

    expect(report.jobs.decisions?.items).toBe(0);
    expect(gh.calls().every((c) => c.startsWith("GET"))).toBe(true);
  });

  test("tick --dry-run › a decision is due › prints the plan and writes nothing", async () => {
    discovery([{ number: ISSUE, labels: PENDING_LABELS }]);
    decisionRead(ISSUE, PENDING_LABELS, [statusCommentFixture(makeDecision())]);
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

  test("tick › one repository fails › it is reported and the others are still processed", async () => {
    discovery([
      { number: 7, labels: PENDING_LABELS, repo: "Other" },
      { number: ISSUE, labels: PENDING_LABELS },
    ]);
    nock(API)
      .get(/\/repos\/Codertocat\/Other\/contents\//)
      .reply(500, { message: "Server Error" });
    decisionRead(ISSUE, ACCEPTED_LABELS, [
      statusCommentFixture(makeDecision({ status: "accepted" })),
    ]);

    const report = await tick(AFTER_DEADLINE);

    expect(report.repositories).toBe(2);
    expect(report.failures).toEqual([
      { repo: "Codertocat/Other", error: expect.stringContaining("Server Error") },
    ]);
  });

  test("tick › state accepted but the pending label still there (an earlier run failed half-way) › the rest is finished", async () => {
    discovery([{ number: ISSUE, labels: PENDING_LABELS }]);
    const accepted = makeDecision({ status: "accepted", closedAt: AFTER_DEADLINE.toString() });
    const status = statusCommentFixture(accepted);
    const recordDone = `Which queue?\n\n${decisionRecord(accepted, status.html_url, CALENDAR)}`;
    const gh = decisionRead(ISSUE, PENDING_LABELS, [status])
      .label("decision: accepted", true)
      .addLabels(ISSUE)
      .getIssue(ISSUE, { body: recordDone })
      .listComments(ISSUE, [status])
      .createComment(ISSUE)
      .updateComment(901)
      .removeLabel(ISSUE, DUE_LABEL)
      .removeLabel(ISSUE, "decision: pending")
      .issuesWithLabel(DUE_LABEL, 0)
      .deleteLabel(DUE_LABEL);

    await tick(AFTER_DEADLINE);

    // The record was already in the body: not appended again; the announcement is posted once.
    expect(gh.calls()).not.toContain(`PATCH ${REPO_PATH}/issues/1`);
    expect(postedComment(gh, ISSUE)).toContain("✅ Decision accepted");
  });

  test("tick › the decision's record marker pasted into the body by someone › the real record is still appended", async () => {
    discovery([{ number: ISSUE, labels: PENDING_LABELS }]);
    const accepted = makeDecision({ status: "accepted", closedAt: AFTER_DEADLINE.toString() });
    const status = statusCommentFixture(accepted);
    const forged =
      "Which queue?\n\n<!-- async-status:decision-record 900 -->\n## Decision\nRejected, obviously.";
    const gh = decisionRead(ISSUE, PENDING_LABELS, [status])
      .label("decision: accepted", true)
      .addLabels(ISSUE)
      .getIssue(ISSUE, { body: forged })
      .updateIssue(ISSUE)
      .listComments(ISSUE, [status])
      .createComment(ISSUE)
      .updateComment(901)
      .removeLabel(ISSUE, DUE_LABEL)
      .removeLabel(ISSUE, "decision: pending")
      .issuesWithLabel(DUE_LABEL, 0)
      .deleteLabel(DUE_LABEL);

    await tick(AFTER_DEADLINE);

    const { body } = gh.body("PATCH", `${REPO_PATH}/issues/1`) as { body: string };
    expect(body).toBe(`${forged}\n\n${decisionRecord(accepted, status.html_url, CALENDAR)}`);
  });

  test("tick › a stray pending label without a decision › removed once, so it is not searched for again", async () => {
    discovery([{ number: ISSUE, labels: ["decision: pending"] }]);
    const gh = decisionRead(ISSUE, ["decision: pending"], []).removeLabel(
      ISSUE,
      "decision: pending",
    );

    await tick(AFTER_DEADLINE);

    expect(gh.calls()).toContain(`DELETE ${REPO_PATH}/issues/1/labels/decision: pending`);
  });

  test("tick › an installation that fails (token refused) › reported, and the tick does not throw", async () => {
    refusedInstallation("This installation has been suspended");

    const report = await tick(AFTER_DEADLINE);

    expect(report.failures).toEqual([
      { repo: "installation 2 (Codertocat)", error: expect.stringContaining("suspended") },
    ]);
  });
});
