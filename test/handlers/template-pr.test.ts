import { describe, expect, test } from "@jest/globals";
import { MARKERS } from "../../src/github/markers.js";
import { APP_ID, githubMock, ownComment, REPO_PATH } from "../helpers/github.js";
import { useNock } from "../helpers/nock.js";
import {
  COMPLETE,
  CONFIG,
  checkRunOf,
  editedComment,
  FIRST_READS,
  firstReport,
  HEAD_SHA,
  INCOMPLETE,
  INCOMPLETE_REWORDED,
  LABEL,
  PR,
  postedComment,
  prDelivery,
  templateApp,
} from "../helpers/template-scenario.js";

useNock();

describe("template check on pull requests: the check run, the one comment and the label", () => {
  test("pull_request.opened › no How to test › failing check, one comment, label created and added", async () => {
    const gh = firstReport(prDelivery(), PR, { labelExists: false });
    const app = await templateApp();

    await app.pullRequest("opened", { body: INCOMPLETE });

    expect(gh.calls()).toEqual([
      ...FIRST_READS,
      `POST ${REPO_PATH}/check-runs`,
      `GET ${REPO_PATH}/issues/2/comments?per_page=100`,
      `POST ${REPO_PATH}/issues/2/comments`,
      `GET ${REPO_PATH}/labels/${LABEL}`,
      `POST ${REPO_PATH}/labels`,
      `POST ${REPO_PATH}/issues/2/labels`,
    ]);
    const check = checkRunOf(gh);
    expect(check).toMatchObject({
      name: "async-status/template",
      head_sha: HEAD_SHA,
      status: "completed",
      conclusion: "failure",
    });
    expect(check.output.title).toBe("2 of 3 required sections filled; needs How to test");
    expect(check.output.summary).toContain("| ✅ | Problem | filled |");
    expect(check.output.summary).toContain("| ❌ | How to test | missing |");
    expect(check.output.summary).toContain(
      "```markdown\n## How to test\n\n<!-- How can a reviewer check that it works? -->\n```",
    );
    const comment = postedComment(gh, PR);
    expect(comment.startsWith(MARKERS.template)).toBe(true);
    expect(comment).toContain("### 📝 This pull request's description is missing some sections");
    expect(comment).toContain("| ❌ | How to test | missing |");
    expect(gh.body("POST", `${REPO_PATH}/labels`)).toEqual({
      name: LABEL,
      color: "d93f0b",
      description: "The description is missing required sections (async-status)",
    });
    expect(gh.body("POST", `${REPO_PATH}/issues/2/labels`)).toEqual({ labels: [LABEL] });
  });

  test("pull_request.edited › body now complete › check passes, the same comment becomes a short note, label removed", async () => {
    const gh = prDelivery()
      .listComments(PR, [
        { id: 5, body: "LGTM", user: { login: "octocat", type: "User" } },
        ownComment(7, `${MARKERS.template}\nold`),
      ])
      .updateComment(7)
      .removeLabel(PR, LABEL);
    const app = await templateApp();

    await app.pullRequest("edited", { body: COMPLETE, previousBody: INCOMPLETE, labels: [LABEL] });

    expect(gh.calls()).toEqual([
      ...FIRST_READS,
      `POST ${REPO_PATH}/check-runs`,
      `GET ${REPO_PATH}/issues/2/comments?per_page=100`,
      `PATCH ${REPO_PATH}/issues/comments/7`,
      `DELETE ${REPO_PATH}/issues/2/labels/${LABEL}`,
    ]);
    const check = checkRunOf(gh);
    expect(check.conclusion).toBe("success");
    expect(check.output.title).toBe("All 3 required sections filled");
    expect(gh.body("PATCH", `${REPO_PATH}/issues/comments/7`)).toEqual({
      body: `${MARKERS.template}\n✅ All required sections of this pull request's description are filled in. Thank you!\n`,
    });
  });

  test("pull_request.edited › still missing the same section › only the config read and the check run", async () => {
    const app = await templateApp();
    prDelivery();
    await app.pullRequest("synchronize", { body: INCOMPLETE, labels: [LABEL] });
    const gh = githubMock().config(CONFIG).checkRun();

    await app.pullRequest("edited", {
      body: INCOMPLETE_REWORDED,
      previousBody: INCOMPLETE,
      labels: [LABEL],
    });

    expect(gh.calls()).toEqual([
      `GET ${REPO_PATH}/contents/.github/async-status.yml`,
      `POST ${REPO_PATH}/check-runs`,
    ]);
  });

  test("pull_request.edited › a different section now missing › the comment is edited in place, label untouched", async () => {
    const gh = prDelivery()
      .listComments(PR, [ownComment(7, `${MARKERS.template}\nold`)])
      .updateComment(7);
    const app = await templateApp();

    await app.pullRequest("edited", {
      body: "## Problem\nx\n## How to test\ny",
      previousBody: INCOMPLETE,
      labels: [LABEL],
    });

    expect(editedComment(gh, 7)).toContain("| ❌ | Solution | missing |");
    expect(gh.calls()).not.toContain(`POST ${REPO_PATH}/issues/2/labels`);
  });

  test("pull_request.synchronize › steady state › two API requests: the config read and the check run", async () => {
    const app = await templateApp();
    // The first event also reads the repo's templates (then cached) and the installation token.
    const first = prDelivery();
    await app.pullRequest("synchronize", { body: INCOMPLETE, labels: [LABEL] });
    expect(first.calls()).toHaveLength(6);
    const gh = githubMock().config(CONFIG).checkRun();

    await app.pullRequest("synchronize", { body: INCOMPLETE, labels: [LABEL] });

    expect(gh.calls().filter((c) => !c.includes("access_tokens"))).toEqual([
      `GET ${REPO_PATH}/contents/.github/async-status.yml`,
      `POST ${REPO_PATH}/check-runs`,
    ]);
  });

  test("pull_request.opened › redelivered › the existing comment is found and not duplicated", async () => {
    const app = await templateApp();
    const first = firstReport(prDelivery(), PR, { labelExists: false, commentId: 99 });
    await app.pullRequest("opened", { body: INCOMPLETE }, "same-delivery");
    const posted = postedComment(first, PR);

    const second = githubMock()
      .config(CONFIG)
      .checkRun()
      .listComments(PR, [ownComment(99, posted)])
      .label(LABEL, true)
      .addLabels(PR);
    await app.pullRequest("opened", { body: INCOMPLETE }, "same-delivery");

    expect(second.calls()).toEqual([
      `GET ${REPO_PATH}/contents/.github/async-status.yml`,
      `POST ${REPO_PATH}/check-runs`,
      `GET ${REPO_PATH}/issues/2/comments?per_page=100`,
      `GET ${REPO_PATH}/labels/${LABEL}`,
      `POST ${REPO_PATH}/issues/2/labels`,
    ]);
  });

  test("pull_request.opened › a user pasted the marker into their own comment › it is not edited; the app posts its own", async () => {
    const forged = {
      id: 8,
      body: `${MARKERS.template}\nfake`,
      user: { login: "mallory", type: "User" },
    };
    const otherApp = {
      id: 9,
      body: `${MARKERS.template}\nother`,
      user: { login: "other[bot]", type: "Bot" },
      performed_via_github_app: { id: APP_ID + 1 },
    };
    const gh = firstReport(prDelivery(), PR, { comments: [forged, otherApp] });
    const app = await templateApp();

    await app.pullRequest("opened", { body: INCOMPLETE });

    expect(gh.calls()).not.toContain(`PATCH ${REPO_PATH}/issues/comments/8`);
    expect(gh.calls()).toContain(`POST ${REPO_PATH}/issues/2/comments`);
  });

  test("pull_request.edited › complete and on_complete: delete › the comment is deleted", async () => {
    const gh = prDelivery("template:\n  on_complete: delete\n")
      .listComments(PR, [ownComment(7, `${MARKERS.template}\nold`)])
      .deleteComment(7)
      .removeLabel(PR, LABEL, 404);
    const app = await templateApp();

    await app.pullRequest("edited", { body: COMPLETE, previousBody: INCOMPLETE, labels: [LABEL] });

    expect(gh.calls()).toContain(`DELETE ${REPO_PATH}/issues/comments/7`);
  });

  test("pull_request.opened › incomplete with incomplete_conclusion: neutral › neutral check", async () => {
    const gh = firstReport(prDelivery("template:\n  incomplete_conclusion: neutral\n"), PR);
    const app = await templateApp();

    await app.pullRequest("opened", { body: INCOMPLETE });

    expect(checkRunOf(gh).conclusion).toBe("neutral");
  });
});
