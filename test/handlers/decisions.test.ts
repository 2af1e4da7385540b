import { describe, expect, test } from "@jest/globals";
import { Temporal } from "temporal-polyfill";
import { decodeState } from "../../src/decisions/state.js";
import {
  DECISION_CONFIG_YAML,
  makeDecision,
  NOW,
  statusCommentFixture,
} from "../factories/decision.js";
import { githubMock, REPO_PATH } from "../helpers/github.js";
import { useNock } from "../helpers/nock.js";
import { commentPayload } from "../helpers/payloads.js";
import { makeProbot } from "../helpers/probot.js";

const ISSUE = 1;
const PENDING_LABELS = ["decision", "decision: pending", "due: 2026-11-27"];
const comments = `${REPO_PATH}/issues/1/comments`;
const bodyOf = (gh: ReturnType<typeof githubMock>, method: string, path: string) =>
  (gh.body(method, path) as { body: string } | undefined)?.body ?? "";

useNock();

const probot = () => makeProbot({ now: () => NOW });

describe("/decide", () => {
  test("issue_comment.created › /decide with a deadline from a writer › labels created and added, one status comment tagging the stakeholders", async () => {
    const gh = githubMock()
      .token()
      .config(DECISION_CONFIG_YAML)
      .listComments(ISSUE, [])
      .permission("octocat", "write")
      .label("decision", false)
      .label("decision: pending", false)
      .label("due: 2026-11-28", false)
      .addLabels(ISSUE)
      .createComment(ISSUE, 950);
    const { receive } = await probot();

    await receive(
      "issue_comment",
      commentPayload("created", {
        body: "/decide ship option B by 2026-11-28 @alice @org/team",
        id: 900,
      }),
    );

    expect(gh.calls()).toEqual([
      "POST /app/installations/2/access_tokens",
      `GET ${REPO_PATH}/contents/.github/async-status.yml`,
      `GET ${comments}?per_page=100`,
      `GET ${REPO_PATH}/collaborators/octocat/permission`,
      `GET ${REPO_PATH}/labels/decision`,
      `POST ${REPO_PATH}/labels`,
      `GET ${REPO_PATH}/labels/decision: pending`,
      `POST ${REPO_PATH}/labels`,
      `GET ${REPO_PATH}/labels/due: 2026-11-28`,
      `POST ${REPO_PATH}/labels`,
      `POST ${REPO_PATH}/issues/1/labels`,
      `POST ${comments}`,
    ]);
    expect(gh.body("POST", `${REPO_PATH}/issues/1/labels`)).toEqual({
      labels: ["decision", "decision: pending", "due: 2026-11-28"],
    });
    const status = bodyOf(gh, "POST", comments);
    expect(status.startsWith("<!-- async-status:decision 900 -->")).toBe(true);
    expect(status).toContain("### 🗳️ Decision pending: ship option B");
    expect(status).toContain(
      "| **Deadline** | 2026-11-28 23:59 Europe/Berlin · 2026-11-28 22:59 UTC · in 4 business days (6 days) |",
    );
    expect(status).toContain("| **Stakeholders** | @alice @org/team |");
    expect(decodeState(status)).toMatchObject({
      status: "pending",
      owner: "octocat",
      recommendation: "ship option B",
      deadline: "2026-11-28T22:59:59Z",
      stakeholders: ["@alice", "@org/team"],
    });
  });

  test("issue_comment.created › /decide without a deadline › 3 business days, recommendation from the title", async () => {
    const gh = githubMock()
      .token()
      .config(DECISION_CONFIG_YAML)
      .listComments(ISSUE, [])
      .permission("octocat", "admin")
      .label("decision", true)
      .label("decision: pending", true)
      .label("due: 2026-11-26", true)
      .addLabels(ISSUE)
      .createComment(ISSUE);
    const { receive } = await probot();

    await receive(
      "issue_comment",
      commentPayload("created", { body: "/decide", title: "Pick a queue" }),
    );

    expect(decodeState(bodyOf(gh, "POST", comments))).toMatchObject({
      recommendation: "Pick a queue",
      deadline: "2026-11-26T10:00:00Z",
    });
  });

  test("issue_comment.created › /decide from a read-only user › one polite refusal, no labels", async () => {
    const gh = githubMock()
      .token()
      .config(DECISION_CONFIG_YAML)
      .listComments(ISSUE, [])
      .permission("visitor", "read")
      .createComment(ISSUE);
    const { receive } = await probot();

    await receive(
      "issue_comment",
      commentPayload("created", { body: "/decide ship it by friday", login: "visitor" }),
    );

    expect(gh.calls().filter((c) => c.includes("labels"))).toEqual([]);
    expect(bodyOf(gh, "POST", comments)).toMatch(
      /^<!-- async-status:reply 1001:0:\w+ -->\nSorry, visitor: only people with write access to this repository can open a decision, so `\/decide` changed nothing.\n$/,
    );
  });

  test("issue_comment.created › unreadable deadline › the reason and examples, nothing else", async () => {
    const gh = githubMock()
      .token()
      .config(DECISION_CONFIG_YAML)
      .listComments(ISSUE, [])
      .permission("octocat", "write")
      .createComment(ISSUE);
    const { receive } = await probot();

    await receive(
      "issue_comment",
      commentPayload("created", { body: "/decide ship it by next fryday" }),
    );

    const reply = bodyOf(gh, "POST", comments);
    expect(reply).toContain(
      'I could not set that deadline: I could not read "next fryday" as a deadline. Nothing changed.',
    );
    expect(reply).toContain("`next monday`");
  });

  test("issue_comment.created › a second /decide while one is open › a link to it, nothing opened", async () => {
    const open = statusCommentFixture(makeDecision());
    const gh = githubMock()
      .token()
      .config(DECISION_CONFIG_YAML)
      .listComments(ISSUE, [open])
      .permission("octocat", "write")
      .createComment(ISSUE);
    const { receive } = await probot();

    await receive(
      "issue_comment",
      commentPayload("created", { body: "/decide something else", labels: PENDING_LABELS }),
    );

    expect(bodyOf(gh, "POST", comments)).toContain(
      `already has an open decision: see [its status](${open.html_url})`,
    );
  });

  test("issue_comment.created › redelivered /decide › the applied command is not run again", async () => {
    const created = statusCommentFixture(
      makeDecision({ applied: ["1001:0:/decide ship option B by friday"] }),
    );
    const gh = githubMock()
      .token()
      .config(DECISION_CONFIG_YAML)
      .listComments(ISSUE, [created])
      .permission("octocat", "write");
    const { receive } = await probot();

    await receive(
      "issue_comment",
      commentPayload("created", {
        body: "/decide ship option B by friday",
        labels: PENDING_LABELS,
      }),
    );

    expect(gh.calls().filter((c) => !c.startsWith("GET") && !c.includes("access_tokens"))).toEqual(
      [],
    );
  });
});

describe("responses", () => {
  test("issue_comment.created › /object from a collaborator › objected label, status updated, the owner told once", async () => {
    const status = statusCommentFixture(makeDecision());
    const gh = githubMock()
      .token()
      .config(DECISION_CONFIG_YAML)
      .listComments(ISSUE, [status])
      .permission("bob", "write")
      .label("decision: objected", true)
      .addLabels(ISSUE)
      .listComments(ISSUE, [status])
      .createComment(ISSUE)
      .updateComment(901);
    const { receive } = await probot();

    await receive(
      "issue_comment",
      commentPayload("created", {
        body: "/object it breaks the v1 API",
        login: "bob",
        labels: PENDING_LABELS,
      }),
    );

    const updated = bodyOf(gh, "PATCH", `${REPO_PATH}/issues/comments/901`);
    expect(updated).toContain("- bob: it breaks the v1 API");
    expect(decodeState(updated)?.objections).toEqual([
      { user: "bob", reason: "it breaks the v1 API", at: NOW.toString() },
    ]);
    expect(bodyOf(gh, "POST", comments)).toBe(
      `<!-- async-status:decision-objection 900 -->\n@octocat, bob objected to your decision: it breaks the v1 API\n\nThe decision will not be accepted automatically while an objection is open. [Status](${status.html_url})\n`,
    );
  });

  test("issue_comment.created › /agree › only the status comment changes", async () => {
    const gh = githubMock()
      .token()
      .config(DECISION_CONFIG_YAML)
      .listComments(ISSUE, [statusCommentFixture(makeDecision())])
      .permission("alice", "triage")
      .updateComment(901);
    const { receive } = await probot();

    await receive(
      "issue_comment",
      commentPayload("created", { body: "/agree", login: "alice", labels: PENDING_LABELS }),
    );

    const updated = bodyOf(gh, "PATCH", `${REPO_PATH}/issues/comments/901`);
    expect(updated).toContain("**Agree (1):** alice");
    // Stakeholders were tagged in the first version only: edits do not mention them again.
    expect(updated).toContain("| **Stakeholders** | @&#8203;alice @&#8203;org/team |");
  });

  test("issue_comment.created › /withdraw › objection withdrawn, objected label removed", async () => {
    const state = makeDecision({
      objections: [{ user: "bob", reason: "risky", at: "2026-11-22T10:00:00Z" }],
      ownerNotified: true,
    });
    const gh = githubMock()
      .token()
      .config(DECISION_CONFIG_YAML)
      .listComments(ISSUE, [statusCommentFixture(state)])
      .permission("bob", "write")
      .removeLabel(ISSUE, "decision: objected")
      .updateComment(901);
    const { receive } = await probot();

    await receive(
      "issue_comment",
      commentPayload("created", {
        body: "/withdraw",
        login: "bob",
        labels: [...PENDING_LABELS, "decision: objected"],
      }),
    );

    expect(
      decodeState(bodyOf(gh, "PATCH", `${REPO_PATH}/issues/comments/901`))?.objections[0],
    ).toMatchObject({ user: "bob", withdrawnBy: "bob" });
  });

  test("issue_comment.created › /decide extend › the due label moves and the old one is deleted when unused", async () => {
    const gh = githubMock()
      .token()
      .config(DECISION_CONFIG_YAML)
      .listComments(ISSUE, [statusCommentFixture(makeDecision())])
      .permission("octocat", "write")
      .label("due: 2026-12-04", false)
      .addLabels(ISSUE)
      .removeLabel(ISSUE, "due: 2026-11-27")
      .issuesWithLabel("due: 2026-11-27", 0)
      .deleteLabel("due: 2026-11-27")
      .updateComment(901);
    const { receive } = await probot();

    await receive(
      "issue_comment",
      commentPayload("created", { body: "/decide extend 2026-12-04", labels: PENDING_LABELS }),
    );

    expect(decodeState(bodyOf(gh, "PATCH", `${REPO_PATH}/issues/comments/901`))?.deadline).toBe(
      "2026-12-04T22:59:59Z",
    );
  });

  test("issue_comment.created › /decide cancel by the owner › pending and due labels removed", async () => {
    const gh = githubMock()
      .token()
      .config(DECISION_CONFIG_YAML)
      .listComments(ISSUE, [statusCommentFixture(makeDecision())])
      .permission("octocat", "write")
      .removeLabel(ISSUE, "decision: pending")
      .removeLabel(ISSUE, "due: 2026-11-27")
      .issuesWithLabel("due: 2026-11-27", 1)
      .updateComment(901);
    const { receive } = await probot();

    await receive(
      "issue_comment",
      commentPayload("created", { body: "/decide cancel", labels: PENDING_LABELS }),
    );

    expect(bodyOf(gh, "PATCH", `${REPO_PATH}/issues/comments/901`)).toContain(
      "### 🚫 Decision cancelled: ship option B",
    );
  });

  test("issue_comment.created › /decide accept by a maintainer › accepted, recorded in the body, announced", async () => {
    const status = statusCommentFixture(
      makeDecision({ agreements: [{ user: "alice", at: "2026-11-22T10:00:00Z" }] }),
    );
    const gh = githubMock()
      .token()
      .config(DECISION_CONFIG_YAML)
      .listComments(ISSUE, [status])
      .permission("lead", "maintain")
      .label("decision: accepted", true)
      .addLabels(ISSUE)
      .removeLabel(ISSUE, "decision: pending")
      .removeLabel(ISSUE, "due: 2026-11-27")
      .issuesWithLabel("due: 2026-11-27", 0)
      .deleteLabel("due: 2026-11-27")
      .getIssue(ISSUE, { body: "We need a queue." })
      .updateIssue(ISSUE)
      .listComments(ISSUE, [status])
      .createComment(ISSUE)
      .updateComment(901);
    const { receive } = await probot();

    await receive(
      "issue_comment",
      commentPayload("created", { body: "/decide accept", login: "lead", labels: PENDING_LABELS }),
    );

    const body = (gh.body("PATCH", `${REPO_PATH}/issues/1`) as { body: string }).body;
    expect(body).toBe(
      `We need a queue.\n\n<!-- async-status:decision-record 900 -->\n## Decision\n\n**Accepted:** ship option B\n\n- **Date:** 2026-11-23 (Europe/Berlin)\n- **Owner:** octocat\n- **Agreed:** alice\n- **Discussion:** [decision status](${status.html_url})\n`,
    );
    expect(bodyOf(gh, "POST", comments)).toContain("✅ Decision accepted: **ship option B**");
  });

  test("issue_comment.created › /decide reject by a writer who is not a maintainer › refused", async () => {
    const gh = githubMock()
      .token()
      .config(DECISION_CONFIG_YAML)
      .listComments(ISSUE, [statusCommentFixture(makeDecision())])
      .permission("bob", "write")
      .createComment(ISSUE);
    const { receive } = await probot();

    await receive(
      "issue_comment",
      commentPayload("created", { body: "/decide reject", login: "bob", labels: PENDING_LABELS }),
    );

    expect(bodyOf(gh, "POST", comments)).toContain("only maintainers can end a decision early");
  });

  test("issue_comment.created › /object without an open decision › says so", async () => {
    const gh = githubMock()
      .token()
      .config(DECISION_CONFIG_YAML)
      .listComments(ISSUE, [])
      .permission("bob", "write")
      .createComment(ISSUE);
    const { receive } = await probot();

    await receive(
      "issue_comment",
      commentPayload("created", { body: "/object nope", login: "bob" }),
    );

    expect(bodyOf(gh, "POST", comments)).toContain(
      "`/object` needs an open decision on this issue; start one with `/decide`.",
    );
  });

  test("issue_comment.created › /blocked then the reason is kept for the summary", async () => {
    const gh = githubMock()
      .token()
      .config(DECISION_CONFIG_YAML)
      .listComments(ISSUE, [])
      .permission("bob", "write")
      .label("blocked", true)
      .addLabels(ISSUE)
      .createComment(ISSUE);
    const { receive } = await probot();

    await receive(
      "issue_comment",
      commentPayload("created", { body: "/blocked waiting for the security review", login: "bob" }),
    );

    expect(bodyOf(gh, "POST", comments)).toContain(
      "🚧 **Blocked** (bob): waiting for the security review",
    );
  });
});

describe("what is not a command", () => {
  test.each([
    ["a plain comment", "Looks good to me!"],
    ["a command in a quote", "> /object no"],
    ["a command in a code block", "```\n/decide ship\n```"],
    ["another bot's command", "/lgtm"],
  ])("issue_comment.created › %s › no request at all", async (_name, body) => {
    const gh = githubMock();
    const { receive } = await probot();

    await receive("issue_comment", commentPayload("created", { body }));

    expect(gh.calls()).toEqual([]);
  });

  test("issue_comment.created › from a bot › no request at all", async () => {
    const gh = githubMock();
    const { receive } = await probot();

    await receive(
      "issue_comment",
      commentPayload("created", { body: "/decide ship", login: "ci[bot]", userType: "Bot" }),
    );

    expect(gh.calls()).toEqual([]);
  });

  test("issue_comment.created › a mistyped command › one help reply, no permission lookup", async () => {
    const gh = githubMock()
      .token()
      .config(DECISION_CONFIG_YAML)
      .listComments(ISSUE, [])
      .createComment(ISSUE);
    const { receive } = await probot();

    await receive("issue_comment", commentPayload("created", { body: "/decid ship" }));

    expect(bodyOf(gh, "POST", comments)).toMatch(
      /^<!-- async-status:reply 1001:0:\w+ -->\n`\/decid` is not a command. Did you mean `\/decide`\? Comment `\/decide help` for the list.\n$/,
    );
  });

  test("issue_comment.edited › only the new line runs", async () => {
    const gh = githubMock()
      .token()
      .config(DECISION_CONFIG_YAML)
      .listComments(ISSUE, [statusCommentFixture(makeDecision())])
      .permission("alice", "write")
      .listComments(ISSUE, [])
      .createComment(ISSUE)
      .updateComment(901);
    const { receive } = await probot();

    await receive(
      "issue_comment",
      commentPayload("edited", {
        body: "/agree\n/object too slow",
        previousBody: "/agree",
        login: "alice",
        labels: [...PENDING_LABELS, "decision: objected"],
      }),
    );

    const state = decodeState(bodyOf(gh, "PATCH", `${REPO_PATH}/issues/comments/901`));
    expect(state?.agreements).toEqual([]);
    expect(state?.objections.map((o) => o.reason)).toEqual(["too slow"]);
  });

  test("issue_comment.created › /decide help, delivered twice › the grammar and examples, posted once", async () => {
    const { receive } = await probot();
    const first = githubMock()
      .token()
      .config(DECISION_CONFIG_YAML)
      .listComments(ISSUE, [])
      .createComment(ISSUE);
    await receive("issue_comment", commentPayload("created", { body: "/decide help" }), "help");
    const help = bodyOf(first, "POST", comments);
    expect(help).toContain(
      "| `/decide [recommendation] [by DEADLINE] [@user @org/team …]` | write access |",
    );
    expect(help).toContain(
      "Deadlines are read in Europe/Berlin: `2026-11-28`, `2026-11-28 17:00 Europe/Berlin`",
    );
    expect(help).toContain(
      "Without one, the deadline is 3 business days; it must be between 24 hours and 30 days away.",
    );

    const second = githubMock()
      .config(DECISION_CONFIG_YAML)
      .listComments(ISSUE, [
        {
          id: 5,
          body: help,
          user: { login: "async-status[bot]", type: "Bot" },
          performed_via_github_app: { id: 123 },
        },
      ]);
    await receive("issue_comment", commentPayload("created", { body: "/decide help" }), "help");
    expect(second.calls().filter((c) => c.startsWith("POST"))).toEqual([]);
  });
});

describe("review findings", () => {
  test("issue_comment.edited › a writer adds /decide accept to a maintainer's comment › nothing runs, no request", async () => {
    const gh = githubMock();
    const { receive } = await probot();

    await receive(
      "issue_comment",
      commentPayload("edited", {
        body: "LGTM overall.\n/decide accept",
        previousBody: "LGTM overall.",
        login: "lead",
        editor: "mallory",
      }),
    );

    expect(gh.calls()).toEqual([]);
  });

  test("issue_comment.created › /decide cancel then /decide in one comment › the old decision is closed, the new one opened, and `decision: pending` is kept rather than removed and re-added", async () => {
    const old = statusCommentFixture(makeDecision());
    const gh = githubMock()
      .token()
      .config(DECISION_CONFIG_YAML)
      .listComments(ISSUE, [old])
      .permission("octocat", "write")
      .updateComment(901)
      .removeLabel(ISSUE, "due: 2026-11-27")
      .issuesWithLabel("due: 2026-11-27", 0)
      .deleteLabel("due: 2026-11-27")
      .label("due: 2026-12-04", true)
      .addLabels(ISSUE)
      .createComment(ISSUE, 960);
    const { receive } = await probot();

    await receive(
      "issue_comment",
      commentPayload("created", {
        body: "/decide cancel\n/decide option C by 2026-12-04",
        labels: PENDING_LABELS,
      }),
    );

    expect(decodeState(bodyOf(gh, "PATCH", `${REPO_PATH}/issues/comments/901`))?.status).toBe(
      "cancelled",
    );
    expect(gh.body("POST", `${REPO_PATH}/issues/1/labels`)).toEqual({
      labels: ["due: 2026-12-04"],
    });
    expect(decodeState(bodyOf(gh, "POST", comments))).toMatchObject({
      status: "pending",
      recommendation: "option C",
    });
  });

  test("issue_comment.created › /decide accept on a decision that went to the sync › accepted and recorded", async () => {
    const synced = statusCommentFixture(
      makeDecision({
        status: "needs_sync",
        objections: [{ user: "bob", reason: "risky", at: "2026-11-22T10:00:00Z" }],
      }),
    );
    const labels = ["decision", "decision: needs sync", "decision: objected"];
    const gh = githubMock()
      .token()
      .config(DECISION_CONFIG_YAML)
      .listComments(ISSUE, [synced])
      .permission("lead", "admin")
      .label("decision: accepted", true)
      .addLabels(ISSUE)
      .getIssue(ISSUE, { body: "Body." })
      .updateIssue(ISSUE)
      .listComments(ISSUE, [synced])
      .createComment(ISSUE)
      .updateComment(901)
      .removeLabel(ISSUE, "decision: needs sync")
      .removeLabel(ISSUE, "decision: objected");
    const { receive } = await probot();

    await receive(
      "issue_comment",
      commentPayload("created", { body: "/decide accept", login: "lead", labels }),
    );

    expect(decodeState(bodyOf(gh, "PATCH", `${REPO_PATH}/issues/comments/901`))?.status).toBe(
      "accepted",
    );
    expect((gh.body("PATCH", `${REPO_PATH}/issues/1`) as { body: string }).body).toContain(
      "## Decision",
    );
  });

  test("issue_comment.created › /object arriving after the deadline, before the tick › the decision is accepted first; the objection gets a reply", async () => {
    const status = statusCommentFixture(makeDecision());
    const gh = githubMock()
      .token()
      .config(DECISION_CONFIG_YAML)
      .listComments(ISSUE, [status])
      .permission("bob", "write")
      .createComment(ISSUE)
      .label("decision: accepted", true)
      .addLabels(ISSUE)
      .getIssue(ISSUE, { body: "Body." })
      .updateIssue(ISSUE)
      .listComments(ISSUE, [status])
      .createComment(ISSUE)
      .updateComment(901)
      .removeLabel(ISSUE, "due: 2026-11-27")
      .removeLabel(ISSUE, "decision: pending")
      .issuesWithLabel("due: 2026-11-27", 0)
      .deleteLabel("due: 2026-11-27");
    const { receive } = await makeProbot({
      now: () => Temporal.Instant.from("2026-11-27T23:05:00Z"),
    });

    await receive(
      "issue_comment",
      commentPayload("created", { body: "/object wait", login: "bob", labels: PENDING_LABELS }),
    );

    expect(decodeState(bodyOf(gh, "PATCH", `${REPO_PATH}/issues/comments/901`))).toMatchObject({
      status: "accepted",
      objections: [],
    });
  });

  test("issue_comment.created › /object by a read-only user on a private repository › allowed (read access means a member there)", async () => {
    const gh = githubMock()
      .token()
      .config(DECISION_CONFIG_YAML)
      .listComments(ISSUE, [statusCommentFixture(makeDecision())])
      .permission("dana", "read")
      .label("decision: objected", true)
      .addLabels(ISSUE)
      .listComments(ISSUE, [])
      .createComment(ISSUE)
      .updateComment(901);
    const { receive } = await probot();

    await receive(
      "issue_comment",
      commentPayload("created", {
        body: "/object not yet",
        login: "dana",
        labels: PENDING_LABELS,
        isPrivate: true,
      }),
    );

    expect(
      decodeState(bodyOf(gh, "PATCH", `${REPO_PATH}/issues/comments/901`))?.objections.map(
        (o) => o.user,
      ),
    ).toEqual(["dana"]);
  });

  test("issue_comment.created › /object by a read-only user on a public repository › refused", async () => {
    const gh = githubMock()
      .token()
      .config(DECISION_CONFIG_YAML)
      .listComments(ISSUE, [statusCommentFixture(makeDecision())])
      .permission("drive-by", "read")
      .createComment(ISSUE);
    const { receive } = await probot();

    await receive(
      "issue_comment",
      commentPayload("created", { body: "/object no", login: "drive-by", labels: PENDING_LABELS }),
    );

    expect(bodyOf(gh, "POST", comments)).toContain(
      "only collaborators of this repository can do that here",
    );
  });

  test("issue_comment.created › an /object reason over 1,000 characters › a usage reply, nothing else", async () => {
    const gh = githubMock()
      .token()
      .config(DECISION_CONFIG_YAML)
      .listComments(ISSUE, [])
      .createComment(ISSUE);
    const { receive } = await probot();

    await receive(
      "issue_comment",
      commentPayload("created", { body: `/object ${"x".repeat(5000)}`, labels: PENDING_LABELS }),
    );

    expect(bodyOf(gh, "POST", comments)).toContain("is longer than 1,000 characters");
  });
});
