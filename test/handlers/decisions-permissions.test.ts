import { describe, expect, test } from "@jest/globals";
import {
  COMMENTS,
  commandDelivery,
  decisionApp,
  ISSUE,
  objects,
  onOpenDecision,
  PENDING_LABELS,
  read,
} from "../helpers/decision-scenario.js";
import { githubMock } from "../helpers/github.js";
import { useNock } from "../helpers/nock.js";

useNock();

describe("who may open and end a decision", () => {
  test("issue_comment.created › /decide from a read-only user › one polite refusal, no labels", async () => {
    const gh = commandDelivery([], { login: "visitor", is: "read" }).createComment(ISSUE);
    const app = await decisionApp();

    await app.comment("created", { body: "/decide ship it by friday", login: "visitor" });

    expect(gh.calls().filter((c) => c.includes("labels"))).toEqual([]);
    expect(read.posted(gh)).toMatch(
      /^<!-- async-status:reply 1001:0:\w+ -->\nSorry, visitor: only people with write access to this repository can open a decision, so `\/decide` changed nothing.\n$/,
    );
  });

  test("issue_comment.created › /decide reject by a writer who is not a maintainer › refused", async () => {
    const gh = onOpenDecision("bob", "write").createComment(ISSUE);
    const app = await decisionApp();

    await app.comment("created", { body: "/decide reject", login: "bob", labels: PENDING_LABELS });

    expect(read.posted(gh)).toContain("only maintainers can end a decision early");
    // A refusal changes nothing: one reply, no reaction, no status edit.
    expect(read.writes(gh)).toEqual([`POST ${COMMENTS}`]);
  });

  test("issue_comment.edited › a writer adds /decide accept to a maintainer's comment › commands run as the comment's author only, so nothing runs and no request is made", async () => {
    const gh = githubMock();
    const app = await decisionApp();

    await app.comment("edited", {
      body: "LGTM overall.\n/decide accept",
      previousBody: "LGTM overall.",
      login: "lead",
      editor: "mallory",
    });

    expect(gh.calls()).toEqual([]);
  });
});

describe("who may object", () => {
  test("issue_comment.created › /object by a read-only user on a private repository › allowed: read access means a member there", async () => {
    const gh = objects(onOpenDecision("dana", "read"));
    const app = await decisionApp();

    await app.comment("created", {
      body: "/object not yet",
      login: "dana",
      labels: PENDING_LABELS,
      isPrivate: true,
    });

    expect(read.state(gh)?.objections.map((o) => o.user)).toEqual(["dana"]);
    expect(read.allPosted(gh)).toEqual([]);
    expect(read.reaction(gh)).toEqual({ content: "+1" });
  });

  test("issue_comment.created › /object by a read-only user on a public repository, not a stakeholder › refused: only stakeholders and collaborators may object there", async () => {
    const gh = onOpenDecision("drive-by", "read").createComment(ISSUE);
    const app = await decisionApp();

    await app.comment("created", {
      body: "/object no",
      login: "drive-by",
      labels: PENDING_LABELS,
    });

    expect(read.posted(gh)).toContain(
      "Sorry, drive-by: only the decision's stakeholders and collaborators of this repository can do that here, so `/object` changed nothing.",
    );
    expect(read.writes(gh)).toEqual([`POST ${COMMENTS}`]);
  });
});
