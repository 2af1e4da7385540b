import { describe, expect, test } from "@jest/globals";
import { decodeAgendaFlag } from "../../src/agenda/flag.js";
import { DECISION_CONFIG_YAML, NOW } from "../factories/decision.js";
import {
  COMMENTS,
  commandDelivery,
  decisionApp,
  ISSUE,
  onOpenDecision,
  PENDING_LABELS,
  reactionsOf,
  reacts,
  read,
} from "../helpers/decision-scenario.js";
import { githubMock, ownComment, REPO_PATH } from "../helpers/github.js";
import { useNock } from "../helpers/nock.js";

useNock();

const REACTION = `POST ${reactionsOf(1001)}`;
const LABELS = `POST ${REPO_PATH}/issues/1/labels`;
const FLAG = "sync: agenda";

/** The app's `/agenda` comment as it was posted by an earlier delivery (comment 970). */
const flagComment = (gh: Parameters<typeof read.posted>[0]) => ownComment(970, read.posted(gh));

describe("/agenda", () => {
  test("issue_comment.created › /agenda REASON from a collaborator › the sync: agenda label, the reason kept in the app's comment, a 👍 reaction", async () => {
    const gh = reacts(
      commandDelivery([], { login: "bob", is: "write" })
        .label(FLAG, false)
        .addLabels(ISSUE)
        .createComment(ISSUE),
    );
    const app = await decisionApp();

    await app.comment("created", { body: "/agenda we must pick a vendor together", login: "bob" });

    expect(read.writes(gh)).toEqual([
      `POST ${REPO_PATH}/labels`,
      LABELS,
      `POST ${COMMENTS}`,
      REACTION,
    ]);
    expect(gh.body("POST", `${REPO_PATH}/labels`)).toMatchObject({ name: FLAG });
    expect(read.addedLabels(gh)).toEqual({ labels: [FLAG] });
    expect(read.posted(gh)).toContain(
      "🗓️ **On the sync agenda** (bob): we must pick a vendor together",
    );
    expect(decodeAgendaFlag(read.posted(gh))).toEqual({
      flagged: true,
      reason: "we must pick a vendor together",
      by: "bob",
      at: NOW.toString(),
    });
  });

  test("issue_comment.created › /agenda from someone who may not object › one refusal, no label", async () => {
    const gh = commandDelivery([], { login: "eve", is: null }).createComment(ISSUE);
    const app = await decisionApp();

    await app.comment("created", { body: "/agenda pick a vendor", login: "eve" });

    expect(read.writes(gh)).toEqual([`POST ${COMMENTS}`]);
    expect(read.posted(gh)).toContain(
      "Sorry, eve: only collaborators of this repository can do that here, so `/agenda` changed nothing.",
    );
  });

  test("issue_comment.created › /agenda from a stakeholder of the open decision without access › allowed, as /object is", async () => {
    const gh = reacts(
      onOpenDecision("alice", null).label(FLAG, true).addLabels(ISSUE).createComment(ISSUE),
    );
    const app = await decisionApp();

    await app.comment("created", {
      body: "/agenda needs a call",
      login: "alice",
      labels: PENDING_LABELS,
    });

    expect(read.writes(gh)).toEqual([LABELS, `POST ${COMMENTS}`, REACTION]);
  });

  test("issue_comment.created › /agenda without a reason, and another bad line › one reply for both, no permission read, nothing else", async () => {
    const gh = commandDelivery().createComment(ISSUE);
    const app = await decisionApp();

    await app.comment("created", { body: "/agenda\n/blocked", login: "bob" });

    expect(read.writes(gh)).toEqual([`POST ${COMMENTS}`]);
    const reply = read.posted(gh);
    expect(reply).toMatch(/^<!-- async-status:reply 1001:0:\w+ 1001:1:\w+ -->\n/);
    expect(reply).toContain(
      "`/agenda` needs a reason, e.g. `/agenda we need to choose a vendor together`",
    );
    expect(reply).toContain("`/blocked` needs a reason");
  });

  test("issue_comment.created › /agenda redelivered › the comment is as it was: nothing written but the label GitHub keeps once, no second reaction", async () => {
    const first = reacts(
      commandDelivery([], { login: "bob", is: "write" })
        .label(FLAG, true)
        .addLabels(ISSUE)
        .createComment(ISSUE, 970),
    );
    const app = await decisionApp();
    await app.comment("created", { body: "/agenda pick a vendor", login: "bob" }, "agenda");

    // The same payload: its labels are those of then.
    const second = githubMock()
      .config(DECISION_CONFIG_YAML)
      .listComments(ISSUE, [flagComment(first)])
      .permission("bob", "write")
      .label(FLAG, true)
      .addLabels(ISSUE);
    await app.comment("created", { body: "/agenda pick a vendor", login: "bob" }, "agenda");

    expect(read.writes(second)).toEqual([LABELS]);
  });

  test("issue_comment.created › /agenda done on a flagged item › the label removed, the comment says who settled it, a 👍 reaction", async () => {
    const first = reacts(
      commandDelivery([], { login: "bob", is: "write" })
        .label(FLAG, true)
        .addLabels(ISSUE)
        .createComment(ISSUE, 970),
    );
    const app = await decisionApp();
    await app.comment("created", { body: "/agenda pick a vendor", login: "bob" });

    const gh = reacts(
      githubMock()
        .config(DECISION_CONFIG_YAML)
        .listComments(ISSUE, [flagComment(first)])
        .permission("carol", "maintain")
        .removeLabel(ISSUE, FLAG)
        .updateComment(970),
      1002,
    );
    await app.comment("created", {
      body: "/agenda done",
      id: 1002,
      login: "carol",
      labels: [FLAG],
    });

    expect(read.writes(gh)).toEqual([
      `DELETE ${REPO_PATH}/issues/1/labels/${FLAG}`,
      `PATCH ${REPO_PATH}/issues/comments/970`,
      `POST ${reactionsOf(1002)}`,
    ]);
    const body = (gh.body("PATCH", `${REPO_PATH}/issues/comments/970`) as { body: string }).body;
    expect(body).toContain("✅ Settled at the sync (`/agenda done` by carol).");
    expect(decodeAgendaFlag(body)).toEqual({
      flagged: false,
      reason: "pick a vendor",
      by: "bob",
      at: NOW.toString(),
      done: { by: "carol", at: NOW.toString() },
    });
  });

  test("issue_comment.edited › a line added by the author › only that line runs", async () => {
    const gh = reacts(
      commandDelivery([], { login: "bob", is: "write" })
        .label(FLAG, true)
        .addLabels(ISSUE)
        .createComment(ISSUE),
    );
    const app = await decisionApp();

    await app.comment("edited", {
      body: "/agree\n/agenda pick a vendor",
      previousBody: "/agree",
      login: "bob",
    });

    expect(read.writes(gh)).toEqual([LABELS, `POST ${COMMENTS}`, REACTION]);
  });
});
