import { describe, expect, test } from "@jest/globals";
import { Temporal } from "temporal-polyfill";
import { DECISION_CONFIG_YAML, NOW } from "../factories/decision.js";
import {
  accepts,
  COMMENTS,
  commandDelivery,
  decisionApp,
  dropsDueLabel,
  ISSUE,
  objects,
  onOpenDecision,
  openStatus,
  PENDING_LABELS,
  reactionsOf,
  reacts,
  read,
  STATUS,
  teamMembers,
  UNREADABLE_TEAM,
} from "../helpers/decision-scenario.js";
import { githubMock, ownComment, REPO_PATH } from "../helpers/github.js";
import { useNock } from "../helpers/nock.js";

useNock();

const STATUS_EDIT = `PATCH ${REPO_PATH}/issues/comments/${STATUS}`;
const REACTION = `POST ${reactionsOf(1001)}`;

describe("responses to an open decision", () => {
  test("issue_comment.created › /object from a collaborator › objected label, status updated, a 👍 reaction, and no comment (GitHub already notifies the owner of the objection)", async () => {
    const gh = objects(onOpenDecision("bob", "write"));
    const app = await decisionApp();

    await app.comment("created", {
      body: "/object it breaks the v1 API",
      login: "bob",
      labels: PENDING_LABELS,
    });

    expect(read.writes(gh)).toEqual([`POST ${REPO_PATH}/issues/1/labels`, STATUS_EDIT, REACTION]);
    expect(read.addedLabels(gh)).toEqual({ labels: ["decision: objected"] });
    expect(read.status(gh)).toContain("- bob: it breaks the v1 API");
    expect(read.state(gh)?.objections).toEqual([
      { user: "bob", reason: "it breaks the v1 API", at: NOW.toString() },
    ]);
    expect(read.reaction(gh)).toEqual({ content: "+1" });
    expect(read.allPosted(gh)).toEqual([]);
  });

  test("issue_comment.created › /agree › only the status comment edit and a 👍 reaction, no comment", async () => {
    const gh = reacts(onOpenDecision("alice", "triage").updateComment(STATUS));
    const app = await decisionApp();

    await app.comment("created", { body: "/agree", login: "alice", labels: PENDING_LABELS });

    expect(read.writes(gh)).toEqual([STATUS_EDIT, REACTION]);
    const updated = read.status(gh);
    expect(updated).toContain("**Agree (1):** alice");
    // Stakeholders were tagged in the first version only: edits do not mention them again.
    expect(updated).toContain("| **Stakeholders** | @&#8203;alice @&#8203;org/team |");
    // The team could not be read (403): shown as a team that has not answered.
    expect(updated).toContain(
      "| **Not answered yet** | @&#8203;org/team (its members are not visible to the app) |",
    );
    expect(read.reaction(gh)).toEqual({ content: "+1" });
  });

  test("issue_comment.created › /withdraw › objection withdrawn, objected label removed, a 👍 reaction, no comment", async () => {
    const status = openStatus({
      objections: [{ user: "bob", reason: "risky", at: "2026-11-22T10:00:00Z" }],
      ownerNotified: true,
    });
    const gh = reacts(
      commandDelivery([status], { login: "bob", is: "write" }, UNREADABLE_TEAM)
        .removeLabel(ISSUE, "decision: objected")
        .updateComment(STATUS),
    );
    const app = await decisionApp();

    await app.comment("created", {
      body: "/withdraw",
      login: "bob",
      labels: [...PENDING_LABELS, "decision: objected"],
    });

    expect(read.writes(gh)).toEqual([
      STATUS_EDIT,
      `DELETE ${REPO_PATH}/issues/1/labels/decision: objected`,
      REACTION,
    ]);
    expect(read.state(gh)?.objections[0]).toMatchObject({ user: "bob", withdrawnBy: "bob" });
    expect(read.reaction(gh)).toEqual({ content: "+1" });
  });

  test("issue_comment.created › /agree, redelivered after it was applied › nothing is written: no status edit, no reaction, no comment", async () => {
    const applied = openStatus({
      agreements: [{ user: "alice", at: NOW.toString() }],
      applied: ["900:0:/decide ship option B by friday @alice @org/team", "1001:0:/agree"],
    });
    const gh = commandDelivery([applied], { login: "alice", is: "triage" }, UNREADABLE_TEAM);
    const app = await decisionApp();

    await app.comment("created", { body: "/agree", login: "alice", labels: PENDING_LABELS });

    expect(read.writes(gh)).toEqual([]);
  });

  test("issue_comment.created › /agree, its comment deleted before the reaction (404) › the agreement stands, nothing fails", async () => {
    const gh = reacts(onOpenDecision("alice", "triage").updateComment(STATUS), 1001, 404);
    const app = await decisionApp();

    await app.comment("created", { body: "/agree", login: "alice", labels: PENDING_LABELS });

    expect(read.writes(gh)).toEqual([STATUS_EDIT, REACTION]);
    expect(read.state(gh)?.agreements.map((a) => a.user)).toEqual(["alice"]);
  });

  test("issue_comment.created › a named stakeholder with read access on a public repository objects › allowed, whatever objections_from says", async () => {
    const gh = objects(onOpenDecision("alice", "read"));
    const app = await decisionApp();

    await app.comment("created", {
      body: "/object not yet",
      login: "alice",
      labels: PENDING_LABELS,
    });

    expect(read.state(gh)?.objections.map((o) => o.user)).toEqual(["alice"]);
    expect(read.allPosted(gh)).toEqual([]);
  });

  test("issue_comment.created › a member of a named team the app can read agrees › allowed, counted as answered for the team", async () => {
    const gh = reacts(
      commandDelivery(
        [openStatus()],
        { login: "erin", is: "read" },
        { "org/team": ["erin", "frank"] },
      ).updateComment(STATUS),
      1001,
      200,
    );
    const app = await decisionApp();

    await app.comment("created", { body: "/agree", login: "erin", labels: PENDING_LABELS });

    expect(read.state(gh)?.agreements.map((a) => a.user)).toEqual(["erin"]);
    expect(read.status(gh)).toContain(
      "| **Not answered yet** | @&#8203;alice · @&#8203;org/team (frank) |",
    );
    expect(read.reaction(gh)).toEqual({ content: "+1" });
    expect(read.allPosted(gh)).toEqual([]);
  });

  test("issue_comment.edited › /object added below an /agree that was there before › only the new line runs: no agreement, the objection recorded, a 👍 reaction", async () => {
    const gh = reacts(onOpenDecision("alice", "write")).updateComment(STATUS);
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
    expect(read.writes(gh)).toEqual([STATUS_EDIT, REACTION]);
  });

  test("issue_comment.created › /object after the deadline, before the tick ran › the decision is accepted without it, and the late objection gets a reply", async () => {
    const status = openStatus();
    const gh = dropsDueLabel(
      accepts(
        commandDelivery([status], { login: "bob", is: "write" }, UNREADABLE_TEAM).createComment(
          ISSUE,
        ),
        {
          body: "Body.",
          thread: [status],
        },
      ).removeLabel(ISSUE, "decision: pending"),
    );
    const app = await decisionApp(Temporal.Instant.from("2026-11-27T23:05:00Z"));

    await app.comment("created", { body: "/object wait", login: "bob", labels: PENDING_LABELS });

    expect(read.state(gh)).toMatchObject({
      status: "accepted",
      objections: [],
    });
    // The state's writes (the announcement) come first, the reply after them.
    const [announcement, reply] = read.allPosted(gh);
    expect(reply).toMatch(
      /^<!-- async-status:reply 1001:0:\w+ -->\n`\/object` needs an open decision on this issue; start one with `\/decide`.\n$/,
    );
    expect(announcement).toContain("✅ Decision accepted: **ship option B**");
    // Nothing of the comment took effect: no reaction.
    expect(gh.calls()).not.toContain(REACTION);
  });
});

describe("one reply per command comment", () => {
  const TWO_FAILING = "/decide accept\n/decide extend someday";
  const reply = (gh: Parameters<typeof read.posted>[0]) => read.posted(gh);

  test("issue_comment.created › a comment with two failing lines › one reply comment answering both", async () => {
    const gh = onOpenDecision("octocat", "write").createComment(ISSUE);
    const app = await decisionApp();

    await app.comment("created", { body: TWO_FAILING, labels: PENDING_LABELS });

    expect(read.writes(gh)).toEqual([`POST ${COMMENTS}`]);
    const body = reply(gh);
    expect(body).toMatch(/^<!-- async-status:reply 1001:0:\w+ 1001:1:\w+ -->\n/);
    expect(body).toContain(
      'Sorry, octocat: only maintainers can end a decision early, so `/decide` changed nothing.\n\nI could not set that deadline: I could not read "someday" as a deadline. Nothing changed.',
    );
  });

  test("issue_comment.created › the same comment redelivered › the reply is there: nothing is posted", async () => {
    const first = onOpenDecision("octocat", "write").createComment(ISSUE, 960);
    const app = await decisionApp();
    await app.comment("created", { body: TWO_FAILING, labels: PENDING_LABELS }, "twice");
    const posted = { ...ownComment(960, reply(first)) };

    // The redelivery reuses the cached installation token.
    const second = githubMock()
      .config(DECISION_CONFIG_YAML)
      .listComments(ISSUE, [openStatus(), posted])
      .permission("octocat", "write");
    teamMembers(second, "org/team", 403);
    await app.comment("created", { body: TWO_FAILING, labels: PENDING_LABELS }, "twice");

    expect(read.writes(second)).toEqual([]);
  });

  test("issue_comment.edited › a new failing line added to a comment already answered › one new reply, for that line only", async () => {
    const answered = ownComment(960, "<!-- async-status:reply 1001:0:abc 1001:1:def -->\nSorry…");
    const gh = commandDelivery(
      [openStatus(), answered],
      { login: "octocat", is: "write" },
      UNREADABLE_TEAM,
    ).createComment(ISSUE);
    const app = await decisionApp();

    await app.comment("edited", {
      body: `${TWO_FAILING}\n/decide reject`,
      previousBody: TWO_FAILING,
      labels: PENDING_LABELS,
    });

    expect(read.writes(gh)).toEqual([`POST ${COMMENTS}`]);
    // The edit's lines are keyed by its revision (the comment's updated_at), not only by position.
    expect(reply(gh)).toMatch(
      /^<!-- async-status:reply 1001:\w+\.0:\w+ -->\nSorry, octocat: only maintainers can end a decision early, so `\/decide` changed nothing.\n$/,
    );
  });

  test("issue_comment.created › one line works, one is mistyped › a 👍 reaction for the first, one reply for the typo", async () => {
    const gh = reacts(onOpenDecision("alice", "triage").createComment(ISSUE).updateComment(STATUS));
    const app = await decisionApp();

    await app.comment("created", {
      body: "/agree\n/objection too slow",
      login: "alice",
      labels: PENDING_LABELS,
    });

    // The state first, then the reply, then the reaction.
    expect(read.writes(gh)).toEqual([STATUS_EDIT, `POST ${COMMENTS}`, REACTION]);
    expect(reply(gh)).toMatch(
      /^<!-- async-status:reply 1001:1:\w+ -->\n`\/objection` is not a command. Did you mean `\/object`\? Comment `\/decide help` for the list.\n$/,
    );
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

  test("issue_comment.created › /blocked with a reason › blocked label added, the reason kept in the blocked comment for the summary, a 👍 reaction", async () => {
    const gh = reacts(
      commandDelivery([], { login: "bob", is: "write" })
        .label("blocked", true)
        .addLabels(ISSUE)
        .createComment(ISSUE),
    );
    const app = await decisionApp();

    await app.comment("created", {
      body: "/blocked waiting for the security review",
      login: "bob",
    });

    expect(read.writes(gh)).toEqual([
      `POST ${REPO_PATH}/issues/1/labels`,
      `POST ${COMMENTS}`,
      REACTION,
    ]);
    expect(read.posted(gh)).toContain("🚧 **Blocked** (bob): waiting for the security review");
    expect(read.reaction(gh)).toEqual({ content: "+1" });
  });

  test("issue_comment.created › /blocked redelivered › the blocked comment is as it was: no comment written, no second reaction", async () => {
    const first = reacts(
      commandDelivery([], { login: "bob", is: "write" })
        .label("blocked", true)
        .addLabels(ISSUE)
        .createComment(ISSUE, 970),
    );
    const app = await decisionApp();
    await app.comment("created", { body: "/blocked legal review", login: "bob" }, "blocked");
    const blocked = ownComment(970, read.posted(first));

    // The same payload again: its labels are those of then, so the label is added again
    // (GitHub keeps one); the comment is unchanged, and nothing new is acknowledged.
    const second = githubMock()
      .config(DECISION_CONFIG_YAML)
      .listComments(ISSUE, [blocked])
      .permission("bob", "write")
      .label("blocked", true)
      .addLabels(ISSUE);
    await app.comment("created", { body: "/blocked legal review", login: "bob" }, "blocked");

    expect(read.writes(second)).toEqual([`POST ${REPO_PATH}/issues/1/labels`]);
  });
});
