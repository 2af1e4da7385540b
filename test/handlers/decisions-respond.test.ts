import { describe, expect, test } from "@jest/globals";
import { Temporal } from "temporal-polyfill";
import { NOW } from "../factories/decision.js";
import {
  accepts,
  commandDelivery,
  decisionApp,
  dropsDueLabel,
  ISSUE,
  notice,
  openStatus,
  PENDING_LABELS,
  read,
  STATUS,
} from "../helpers/decision-scenario.js";
import { useNock } from "../helpers/nock.js";

useNock();

describe("responses to an open decision", () => {
  test("issue_comment.created › /object from a collaborator › objected label, status updated, the owner told once", async () => {
    const status = openStatus();
    const gh = notice(
      commandDelivery([status], { login: "bob", is: "write" })
        .label("decision: objected", true)
        .addLabels(ISSUE),
      [status],
    ).updateComment(STATUS);
    const app = await decisionApp();

    await app.comment("created", {
      body: "/object it breaks the v1 API",
      login: "bob",
      labels: PENDING_LABELS,
    });

    const updated = read.status(gh);
    expect(updated).toContain("- bob: it breaks the v1 API");
    expect(read.state(gh)?.objections).toEqual([
      { user: "bob", reason: "it breaks the v1 API", at: NOW.toString() },
    ]);
    expect(read.posted(gh)).toBe(
      `<!-- async-status:decision-objection 900 -->\n@octocat, bob objected to your decision: it breaks the v1 API\n\nThe decision will not be accepted automatically while an objection is open. [Status](${status.html_url})\n`,
    );
  });

  test("issue_comment.created › /agree › only the status comment changes", async () => {
    const gh = commandDelivery([openStatus()], { login: "alice", is: "triage" }).updateComment(
      STATUS,
    );
    const app = await decisionApp();

    await app.comment("created", { body: "/agree", login: "alice", labels: PENDING_LABELS });

    const updated = read.status(gh);
    expect(updated).toContain("**Agree (1):** alice");
    // Stakeholders were tagged in the first version only: edits do not mention them again.
    expect(updated).toContain("| **Stakeholders** | @&#8203;alice @&#8203;org/team |");
  });

  test("issue_comment.created › /withdraw › objection withdrawn, objected label removed", async () => {
    const status = openStatus({
      objections: [{ user: "bob", reason: "risky", at: "2026-11-22T10:00:00Z" }],
      ownerNotified: true,
    });
    const gh = commandDelivery([status], { login: "bob", is: "write" })
      .removeLabel(ISSUE, "decision: objected")
      .updateComment(STATUS);
    const app = await decisionApp();

    await app.comment("created", {
      body: "/withdraw",
      login: "bob",
      labels: [...PENDING_LABELS, "decision: objected"],
    });

    expect(read.state(gh)?.objections[0]).toMatchObject({ user: "bob", withdrawnBy: "bob" });
  });

  test("issue_comment.edited › /object added below an /agree that was there before › only the new line runs: no agreement, the objection recorded", async () => {
    const gh = notice(
      commandDelivery([openStatus()], { login: "alice", is: "write" }),
    ).updateComment(STATUS);
    const app = await decisionApp();

    await app.comment("edited", {
      body: "/agree\n/object too slow",
      previousBody: "/agree",
      login: "alice",
      labels: [...PENDING_LABELS, "decision: objected"],
    });

    const state = read.state(gh);
    expect(state?.agreements).toEqual([]);
    expect(state?.objections.map((o) => o.reason)).toEqual(["too slow"]);
  });

  test("issue_comment.created › /object after the deadline, before the tick ran › the decision is accepted without it, and the late objection gets a reply", async () => {
    const status = openStatus();
    const gh = dropsDueLabel(
      accepts(commandDelivery([status], { login: "bob", is: "write" }).createComment(ISSUE), {
        body: "Body.",
        thread: [status],
      }).removeLabel(ISSUE, "decision: pending"),
    );
    const app = await decisionApp(Temporal.Instant.from("2026-11-27T23:05:00Z"));

    await app.comment("created", { body: "/object wait", login: "bob", labels: PENDING_LABELS });

    expect(read.state(gh)).toMatchObject({
      status: "accepted",
      objections: [],
    });
  });
});

describe("responses without a decision", () => {
  test("issue_comment.created › /object without an open decision › says so", async () => {
    const gh = commandDelivery([], { login: "bob", is: "write" }).createComment(ISSUE);
    const app = await decisionApp();

    await app.comment("created", { body: "/object nope", login: "bob" });

    expect(read.posted(gh)).toContain(
      "`/object` needs an open decision on this issue; start one with `/decide`.",
    );
  });

  test("issue_comment.created › /blocked with a reason › blocked label added, the reason kept in a comment for the summary", async () => {
    const gh = commandDelivery([], { login: "bob", is: "write" })
      .label("blocked", true)
      .addLabels(ISSUE)
      .createComment(ISSUE);
    const app = await decisionApp();

    await app.comment("created", {
      body: "/blocked waiting for the security review",
      login: "bob",
    });

    expect(read.posted(gh)).toContain("🚧 **Blocked** (bob): waiting for the security review");
  });
});
