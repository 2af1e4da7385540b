import { describe, expect, test } from "@jest/globals";
import {
  accepts,
  commandDelivery,
  decisionApp,
  dropsDueLabel,
  ISSUE,
  onOpenDecision,
  openStatus,
  PENDING_LABELS,
  reactionsOf,
  reacts,
  read,
  STATUS,
  UNREADABLE_TEAM,
} from "../helpers/decision-scenario.js";
import { REPO_PATH } from "../helpers/github.js";
import { useNock } from "../helpers/nock.js";

useNock();

describe("the owner moves the deadline or cancels", () => {
  test("issue_comment.created › /decide extend › the due label moves and the old one is deleted when unused, a 👍 reaction, no comment", async () => {
    const gh = reacts(
      dropsDueLabel(
        onOpenDecision("octocat", "write").label("due: 2026-12-04", false).addLabels(ISSUE),
      ).updateComment(STATUS),
    );
    const app = await decisionApp();

    await app.comment("created", { body: "/decide extend 2026-12-04", labels: PENDING_LABELS });

    expect(read.state(gh)?.deadline).toBe("2026-12-04T22:59:59Z");
    expect(read.allPosted(gh)).toEqual([]);
    expect(read.reaction(gh)).toEqual({ content: "+1" });
  });

  test("issue_comment.created › /decide cancel by the owner › pending and due labels removed, a 👍 reaction, no comment", async () => {
    const gh = reacts(
      dropsDueLabel(onOpenDecision("octocat", "write").removeLabel(ISSUE, "decision: pending"), {
        stillUsed: true,
      }).updateComment(STATUS),
    );
    const app = await decisionApp();

    await app.comment("created", { body: "/decide cancel", labels: PENDING_LABELS });

    expect(read.status(gh)).toContain("### 🚫 Decision cancelled: ship option B");
    expect(read.allPosted(gh)).toEqual([]);
    expect(read.reaction(gh)).toEqual({ content: "+1" });
  });
});

describe("a maintainer accepts", () => {
  test("issue_comment.created › /decide accept by a maintainer › accepted, recorded in the body, announced (the acceptance is a notice the protocol keeps), a 👍 reaction", async () => {
    const status = openStatus({ agreements: [{ user: "alice", at: "2026-11-22T10:00:00Z" }] });
    const gh = reacts(
      dropsDueLabel(
        accepts(commandDelivery([status], { login: "lead", is: "maintain" }, UNREADABLE_TEAM), {
          body: "We need a queue.",
          thread: [status],
        }).removeLabel(ISSUE, "decision: pending"),
      ),
    );
    const app = await decisionApp();

    await app.comment("created", { body: "/decide accept", login: "lead", labels: PENDING_LABELS });

    expect(read.issueBody(gh)).toBe(
      `We need a queue.\n\n<!-- async-status:decision-record 900 -->\n## Decision\n\n**Accepted:** ship option B\n\n- **Date:** 2026-11-23 (Europe/Berlin)\n- **Owner:** octocat\n- **Agreed:** alice\n- **Discussion:** [decision status](${status.html_url})\n`,
    );
    expect(read.allPosted(gh)).toEqual([
      expect.stringContaining("✅ Decision accepted: **ship option B**"),
    ]);
    // Last, once everything is written.
    expect(gh.calls().at(-1)).toBe(`POST ${reactionsOf(1001)}`);
  });

  test("issue_comment.created › /decide reject by a maintainer › rejected: labels and status, a 👍 reaction, no comment (the command's own comment is the news)", async () => {
    const gh = reacts(
      dropsDueLabel(
        onOpenDecision("lead", "admin")
          .label("decision: rejected", true)
          .addLabels(ISSUE)
          .updateComment(STATUS)
          .removeLabel(ISSUE, "decision: pending"),
      ),
    );
    const app = await decisionApp();

    await app.comment("created", { body: "/decide reject", login: "lead", labels: PENDING_LABELS });

    expect(read.state(gh)).toMatchObject({ status: "rejected", closedBy: "lead" });
    expect(read.addedLabels(gh)).toEqual({ labels: ["decision: rejected"] });
    expect(read.writes(gh)).toEqual([
      `POST ${REPO_PATH}/issues/1/labels`,
      `PATCH ${REPO_PATH}/issues/comments/${STATUS}`,
      `DELETE ${REPO_PATH}/issues/1/labels/due: 2026-11-27`,
      `DELETE ${REPO_PATH}/issues/1/labels/decision: pending`,
      `DELETE ${REPO_PATH}/labels/due: 2026-11-27`,
      `POST ${reactionsOf(1001)}`,
    ]);
  });

  test("issue_comment.created › /decide accept on a decision that went to the sync › accepted and recorded, the needs-sync and objected labels removed", async () => {
    const synced = openStatus({
      status: "needs_sync",
      objections: [{ user: "bob", reason: "risky", at: "2026-11-22T10:00:00Z" }],
    });
    const labels = ["decision", "decision: needs sync", "decision: objected"];
    const gh = reacts(
      accepts(commandDelivery([synced], { login: "lead", is: "admin" }, UNREADABLE_TEAM), {
        body: "Body.",
        thread: [synced],
      })
        .removeLabel(ISSUE, "decision: needs sync")
        .removeLabel(ISSUE, "decision: objected"),
    );
    const app = await decisionApp();

    await app.comment("created", { body: "/decide accept", login: "lead", labels });

    expect(read.state(gh)?.status).toBe("accepted");
    expect(read.issueBody(gh)).toContain("## Decision");
  });
});
