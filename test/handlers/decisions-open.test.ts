import { describe, expect, test } from "@jest/globals";
import { decodeState } from "../../src/decisions/state.js";
import {
  COMMENTS,
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

describe("/decide opens a decision", () => {
  test("issue_comment.created › /decide with a deadline from a writer › labels created and added, one status comment tagging the stakeholders, the team's members read, a 👍 reaction", async () => {
    const gh = reacts(
      commandDelivery([], { login: "octocat", is: "write" }, { "org/team": ["carol", "dan"] })
        .label("decision", false)
        .label("decision: pending", false)
        .label("due: 2026-11-28", false)
        .addLabels(ISSUE)
        .createComment(ISSUE, 950),
      900,
    );
    const app = await decisionApp();

    await app.comment("created", {
      body: "/decide ship option B by 2026-11-28 @alice @org/team",
      id: 900,
    });

    expect(gh.calls()).toEqual([
      "POST /app/installations/2/access_tokens",
      `GET ${REPO_PATH}/contents/.github/async-status.yml`,
      `GET ${COMMENTS}?per_page=100`,
      `GET ${REPO_PATH}/collaborators/octocat/permission`,
      "GET /orgs/org/teams/team/members?per_page=100",
      `GET ${REPO_PATH}/labels/decision`,
      `POST ${REPO_PATH}/labels`,
      `GET ${REPO_PATH}/labels/decision: pending`,
      `POST ${REPO_PATH}/labels`,
      `GET ${REPO_PATH}/labels/due: 2026-11-28`,
      `POST ${REPO_PATH}/labels`,
      `POST ${REPO_PATH}/issues/1/labels`,
      `POST ${COMMENTS}`,
      `POST ${reactionsOf(900)}`,
    ]);
    expect(read.reaction(gh, 900)).toEqual({ content: "+1" });
    expect(read.addedLabels(gh)).toEqual({
      labels: ["decision", "decision: pending", "due: 2026-11-28"],
    });
    const status = read.posted(gh);
    expect(status.startsWith("<!-- async-status:decision 900 -->")).toBe(true);
    expect(status).toContain("### 🗳️ Decision pending: ship option B");
    expect(status).toContain(
      "| **Deadline** | Sat 2026-11-28 23:59 Europe/Berlin · 2026-11-28 22:59 UTC · in 4 business days (6 days) |",
    );
    expect(status).toContain("| **Stakeholders** | @alice @org/team |");
    // Who has not answered is listed without mentioning anyone again.
    expect(status).toContain(
      "| **Not answered yet** | @&#8203;alice · @&#8203;org/team (carol, dan) |",
    );
    expect(decodeState(status)).toMatchObject({
      status: "pending",
      owner: "octocat",
      recommendation: "ship option B",
      deadline: "2026-11-28T22:59:59Z",
      stakeholders: ["@alice", "@org/team"],
    });
  });

  test("issue_comment.created › /decide without a deadline › 3 business days, recommendation from the title", async () => {
    const gh = reacts(
      commandDelivery([], { login: "octocat", is: "admin" })
        .label("decision", true)
        .label("decision: pending", true)
        .label("due: 2026-11-26", true)
        .addLabels(ISSUE)
        .createComment(ISSUE),
    );
    const app = await decisionApp();

    await app.comment("created", { body: "/decide", title: "Pick a queue" });

    expect(decodeState(read.posted(gh))).toMatchObject({
      recommendation: "Pick a queue",
      deadline: "2026-11-26T10:00:00Z",
    });
  });

  test("issue_comment.created › /decide cancel then /decide in one comment › the old decision is cancelled, the new one opened, and `decision: pending` is kept rather than removed and re-added", async () => {
    const gh = reacts(
      dropsDueLabel(onOpenDecision("octocat", "write").updateComment(STATUS))
        .label("due: 2026-12-04", true)
        .addLabels(ISSUE)
        .createComment(ISSUE, 960),
    );
    const app = await decisionApp();

    await app.comment("created", {
      body: "/decide cancel\n/decide option C by 2026-12-04",
      labels: PENDING_LABELS,
    });

    expect(read.state(gh)?.status).toBe("cancelled");
    expect(read.addedLabels(gh)).toEqual({
      labels: ["due: 2026-12-04"],
    });
    expect(decodeState(read.posted(gh))).toMatchObject({
      status: "pending",
      recommendation: "option C",
    });
    // One status comment for the new decision, no other comment; one reaction for both lines.
    expect(read.allPosted(gh)).toHaveLength(1);
    expect(read.reaction(gh)).toEqual({ content: "+1" });
  });
});

describe("/decide that opens nothing", () => {
  test("issue_comment.created › mistyped weekday in the deadline › the suggestion and examples, nothing else", async () => {
    const gh = commandDelivery([], { login: "octocat", is: "write" }).createComment(ISSUE);
    const app = await decisionApp();

    await app.comment("created", { body: "/decide ship it by next fryday" });

    const reply = read.posted(gh);
    expect(reply).toContain(
      'I could not set that deadline: "fryday" is not a day I know (did you mean "next Friday"?). Nothing changed.',
    );
    expect(reply).toContain("`next monday`");
  });

  test("issue_comment.created › a second /decide while one is open › a link to it, nothing opened", async () => {
    const open = openStatus();
    const gh = commandDelivery(
      [open],
      { login: "octocat", is: "write" },
      UNREADABLE_TEAM,
    ).createComment(ISSUE);
    const app = await decisionApp();

    await app.comment("created", { body: "/decide something else", labels: PENDING_LABELS });

    expect(read.posted(gh)).toContain(
      `already has an open decision: see [its status](${open.html_url})`,
    );
  });

  test("issue_comment.created › redelivered /decide › the applied command is not run again", async () => {
    const created = openStatus({ applied: ["1001:0:/decide ship option B by friday"] });
    const gh = commandDelivery([created], { login: "octocat", is: "write" }, UNREADABLE_TEAM);
    const app = await decisionApp();

    await app.comment("created", {
      body: "/decide ship option B by friday",
      labels: PENDING_LABELS,
    });

    expect(read.writes(gh)).toEqual([]);
  });
});
