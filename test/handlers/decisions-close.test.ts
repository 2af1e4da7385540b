import { describe, expect, test } from "@jest/globals";
import {
  accepts,
  commandDelivery,
  decisionApp,
  dropsDueLabel,
  ISSUE,
  openStatus,
  PENDING_LABELS,
  read,
  STATUS,
} from "../helpers/decision-scenario.js";
import { useNock } from "../helpers/nock.js";

useNock();

describe("the owner moves the deadline or cancels", () => {
  test("issue_comment.created › /decide extend › the due label moves and the old one is deleted when unused", async () => {
    const gh = dropsDueLabel(
      commandDelivery([openStatus()], { login: "octocat", is: "write" })
        .label("due: 2026-12-04", false)
        .addLabels(ISSUE),
    ).updateComment(STATUS);
    const app = await decisionApp();

    await app.comment("created", { body: "/decide extend 2026-12-04", labels: PENDING_LABELS });

    expect(read.state(gh)?.deadline).toBe("2026-12-04T22:59:59Z");
  });

  test("issue_comment.created › /decide cancel by the owner › pending and due labels removed", async () => {
    const gh = dropsDueLabel(
      commandDelivery([openStatus()], { login: "octocat", is: "write" }).removeLabel(
        ISSUE,
        "decision: pending",
      ),
      { stillUsed: true },
    ).updateComment(STATUS);
    const app = await decisionApp();

    await app.comment("created", { body: "/decide cancel", labels: PENDING_LABELS });

    expect(read.status(gh)).toContain("### 🚫 Decision cancelled: ship option B");
  });
});

describe("a maintainer accepts", () => {
  test("issue_comment.created › /decide accept by a maintainer › accepted, recorded in the body, announced", async () => {
    const status = openStatus({ agreements: [{ user: "alice", at: "2026-11-22T10:00:00Z" }] });
    const gh = dropsDueLabel(
      accepts(commandDelivery([status], { login: "lead", is: "maintain" }), {
        body: "We need a queue.",
        thread: [status],
      }).removeLabel(ISSUE, "decision: pending"),
    );
    const app = await decisionApp();

    await app.comment("created", { body: "/decide accept", login: "lead", labels: PENDING_LABELS });

    expect(read.issueBody(gh)).toBe(
      `We need a queue.\n\n<!-- async-status:decision-record 900 -->\n## Decision\n\n**Accepted:** ship option B\n\n- **Date:** 2026-11-23 (Europe/Berlin)\n- **Owner:** octocat\n- **Agreed:** alice\n- **Discussion:** [decision status](${status.html_url})\n`,
    );
    expect(read.posted(gh)).toContain("✅ Decision accepted: **ship option B**");
  });

  test("issue_comment.created › /decide accept on a decision that went to the sync › accepted and recorded, the needs-sync and objected labels removed", async () => {
    const synced = openStatus({
      status: "needs_sync",
      objections: [{ user: "bob", reason: "risky", at: "2026-11-22T10:00:00Z" }],
    });
    const labels = ["decision", "decision: needs sync", "decision: objected"];
    const gh = accepts(commandDelivery([synced], { login: "lead", is: "admin" }), {
      body: "Body.",
      thread: [synced],
    })
      .removeLabel(ISSUE, "decision: needs sync")
      .removeLabel(ISSUE, "decision: objected");
    const app = await decisionApp();

    await app.comment("created", { body: "/decide accept", login: "lead", labels });

    expect(read.state(gh)?.status).toBe("accepted");
    expect(read.issueBody(gh)).toContain("## Decision");
  });
});
