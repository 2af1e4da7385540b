import { describe, expect, test } from "@jest/globals";
import { MARKERS } from "../../src/github/markers.js";
import { githubMock, ownComment, REPO_PATH } from "../helpers/github.js";
import { useNock } from "../helpers/nock.js";
import { issuePayload, pullRequestPayload } from "../helpers/payloads.js";
import {
  COMPLETE,
  checkRunOf,
  editedComment,
  INCOMPLETE,
  ISSUE,
  issueDelivery,
  LABEL,
  PR,
  prDelivery,
  templateApp,
} from "../helpers/template-scenario.js";

useNock();

/** The PR as GitHub has it now: its current description, labels and head. */
const currentPr = (
  body: string,
  extra: { labels?: string[]; sha?: string; state?: string } = {},
) => {
  const pr = pullRequestPayload("opened", {
    body,
    ...(extra.labels ? { labels: extra.labels } : {}),
    ...(extra.state ? { state: extra.state } : {}),
  }).pull_request as { head: { sha: string } };
  if (extra.sha) pr.head.sha = extra.sha;
  return pr;
};
const NEW_HEAD = "0123456789abcdef0123456789abcdef01234567";

describe("template check on the current state, whatever order deliveries arrive in", () => {
  test("pull_request.opened › redelivered late, after the description was completed › the check passes and the label and comment follow the current text", async () => {
    const gh = prDelivery()
      .listComments(PR, [ownComment(7, `${MARKERS.template}\nold`)])
      .updateComment(7)
      .removeLabel(PR, LABEL);
    const app = await templateApp();

    // The payload still carries the first, incomplete description.
    await app.pullRequest(
      "opened",
      { body: INCOMPLETE },
      "late-opened",
      currentPr(COMPLETE, { labels: [LABEL] }),
    );

    expect(checkRunOf(gh)).toMatchObject({ conclusion: "success" });
    expect(editedComment(gh, 7)).toContain("All required sections");
    expect(gh.calls()).toContain(`DELETE ${REPO_PATH}/issues/2/labels/${LABEL}`);
  });

  test("pull_request.edited › a stale edit (the payload's body is older than GitHub's) › judged on the current body, the comment reconciled", async () => {
    const gh = prDelivery().listComments(PR, []).createComment(PR).label(LABEL, true).addLabels(PR);
    const app = await templateApp();

    // The edit event says the body became complete; it was changed back since.
    await app.pullRequest(
      "edited",
      { body: COMPLETE, previousBody: INCOMPLETE },
      "stale-edit",
      currentPr(INCOMPLETE),
    );

    expect(checkRunOf(gh)).toMatchObject({ conclusion: "failure" });
    expect(gh.body("POST", `${REPO_PATH}/issues/2/labels`)).toEqual({ labels: [LABEL] });
  });

  test("pull_request.synchronize › delivered after another push › the check run goes on the current head", async () => {
    // A stale payload also reconciles the comment (there is none: nothing to change).
    const gh = prDelivery().listComments(PR, []);
    const app = await templateApp();

    await app.pullRequest(
      "synchronize",
      { body: COMPLETE },
      "old-push",
      currentPr(COMPLETE, { sha: NEW_HEAD }),
    );

    expect(checkRunOf(gh).head_sha).toBe(NEW_HEAD);
  });

  test("pull_request.edited › closed since › nothing written", async () => {
    // Only the token and the re-read: the PR is found closed, and left alone.
    const gh = githubMock().token();
    const app = await templateApp();

    await app.pullRequest(
      "edited",
      { body: INCOMPLETE, previousBody: "" },
      "closed-since",
      currentPr(INCOMPLETE, { state: "closed" }),
    );

    expect(gh.calls()).toEqual(["POST /app/installations/2/access_tokens"]);
  });

  test("pull_request.opened and .edited at the same instant › both judge the current description: every check run passes", async () => {
    const gh = prDelivery().checkRun().listComments(PR, []).listComments(PR, []);
    // The second delivery reads the config again (the templates are cached).
    gh.config("template:\n  min_words: 1\n");
    const app = await templateApp();

    await Promise.all([
      app.pullRequest("opened", { body: INCOMPLETE }, "opened", currentPr(COMPLETE)),
      app.pullRequest(
        "edited",
        { body: COMPLETE, previousBody: INCOMPLETE },
        "edited",
        currentPr(COMPLETE),
      ),
    ]);

    const checks = gh.requests.filter((r) => r.path.endsWith("/check-runs"));
    expect(checks.map((c) => (c.body as { conclusion: string }).conclusion)).toEqual([
      "success",
      "success",
    ]);
    expect(gh.calls().filter((c) => c.includes("/labels"))).toEqual([]);
  });

  test("issues.opened › redelivered after the reporter filled it in › no template comment is posted", async () => {
    const gh = issueDelivery().listComments(ISSUE, []);
    const app = await templateApp();
    const current = issuePayload("opened", { body: COMPLETE }).issue as object;

    // The payload's empty body would get a comment; the issue as it is now needs none.
    await app.issue("opened", { body: "" }, current);

    expect(gh.calls().filter((c) => !c.startsWith("GET"))).toEqual([
      "POST /app/installations/2/access_tokens",
    ]);
  });
});
