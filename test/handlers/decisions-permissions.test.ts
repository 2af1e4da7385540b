import { describe, expect, test } from "@jest/globals";
import {
  commandDelivery,
  decisionApp,
  ISSUE,
  notice,
  openStatus,
  PENDING_LABELS,
  read,
  STATUS,
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
    const gh = commandDelivery([openStatus()], { login: "bob", is: "write" }).createComment(ISSUE);
    const app = await decisionApp();

    await app.comment("created", { body: "/decide reject", login: "bob", labels: PENDING_LABELS });

    expect(read.posted(gh)).toContain("only maintainers can end a decision early");
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
    const gh = notice(
      commandDelivery([openStatus()], { login: "dana", is: "read" })
        .label("decision: objected", true)
        .addLabels(ISSUE),
    ).updateComment(STATUS);
    const app = await decisionApp();

    await app.comment("created", {
      body: "/object not yet",
      login: "dana",
      labels: PENDING_LABELS,
      isPrivate: true,
    });

    expect(read.state(gh)?.objections.map((o) => o.user)).toEqual(["dana"]);
  });

  test("issue_comment.created › /object by a read-only user on a public repository › refused: only collaborators may object there", async () => {
    const gh = commandDelivery([openStatus()], { login: "drive-by", is: "read" }).createComment(
      ISSUE,
    );
    const app = await decisionApp();

    await app.comment("created", {
      body: "/object no",
      login: "drive-by",
      labels: PENDING_LABELS,
    });

    expect(read.posted(gh)).toContain("only collaborators of this repository can do that here");
  });
});
