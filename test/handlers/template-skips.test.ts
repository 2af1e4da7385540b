import { describe, expect, test } from "@jest/globals";
import { MARKERS } from "../../src/github/markers.js";
import { githubMock, ownComment } from "../helpers/github.js";
import { useNock } from "../helpers/nock.js";
import {
  checkRunOf,
  delivery,
  editedComment,
  firstReport,
  INCOMPLETE,
  LABEL,
  PR,
  prDelivery,
  templateApp,
} from "../helpers/template-scenario.js";

useNock();

describe("template check on pull requests: drafts, bots, labels and closed PRs", () => {
  test("pull_request.opened › draft › neutral check saying why, nothing else", async () => {
    const gh = delivery().checkRun();
    const app = await templateApp();

    await app.pullRequest("opened", { body: "", draft: true });

    const check = checkRunOf(gh);
    expect(check.conclusion).toBe("neutral");
    expect(check.output.title).toBe("Skipped: it is a draft");
    expect(gh.calls()).toHaveLength(3);
  });

  test("pull_request.opened › draft with skip_drafts: false › checked like any PR", async () => {
    const gh = firstReport(prDelivery("template:\n  skip_drafts: false\n"), PR);
    const app = await templateApp();

    await app.pullRequest("opened", { body: "", draft: true });

    expect(checkRunOf(gh).conclusion).toBe("failure");
  });

  test("pull_request.opened › bot author › neutral check naming the bot", async () => {
    const gh = delivery().checkRun();
    const app = await templateApp();

    await app.pullRequest("opened", {
      body: "Bumps lodash",
      userType: "Bot",
      login: "dependabot[bot]",
    });

    expect(checkRunOf(gh).output.title).toBe("Skipped: it was opened by the bot dependabot[bot]");
  });

  test("pull_request.opened › bot on the check_bots allow-list › checked", async () => {
    const gh = firstReport(prDelivery('template:\n  check_bots: ["renovate[bot]"]\n'), PR);
    const app = await templateApp();

    await app.pullRequest("opened", { body: "Update x", userType: "Bot", login: "renovate[bot]" });

    expect(checkRunOf(gh).conclusion).toBe("failure");
  });

  test("pull_request.labeled › skip label added to a flagged PR › neutral check, label removed, comment says skipped", async () => {
    const gh = delivery()
      .checkRun()
      .removeLabel(PR, LABEL)
      .listComments(PR, [ownComment(7, `${MARKERS.template}\nold`)])
      .updateComment(7);
    const app = await templateApp();

    await app.pullRequest("labeled", {
      body: INCOMPLETE,
      labels: [LABEL, "skip-template"],
      label: "skip-template",
    });

    expect(checkRunOf(gh).output.title).toBe('Skipped: it carries the "skip-template" label');
    expect(editedComment(gh, 7)).toContain(
      "⏭️ The template check no longer applies to this pull request",
    );
  });

  test("pull_request.labeled › by the app itself › no request at all", async () => {
    const gh = githubMock();
    const app = await templateApp();

    await app.pullRequest(
      "labeled",
      {
        body: INCOMPLETE,
        labels: [LABEL],
        label: LABEL,
        senderType: "Bot",
      },
      undefined,
      null,
    );

    expect(gh.calls()).toEqual([]);
  });

  test("pull_request.labeled › skip label added by another bot (a labeler) › handled: neutral check", async () => {
    const gh = delivery().checkRun().removeLabel(PR, LABEL).listComments(PR, []);
    const app = await templateApp();

    await app.pullRequest("labeled", {
      body: INCOMPLETE,
      labels: [LABEL, "skip-template"],
      label: "skip-template",
      senderType: "Bot",
    });

    expect(checkRunOf(gh).conclusion).toBe("neutral");
  });

  test("pull_request.labeled › an unrelated label › config read only", async () => {
    const gh = delivery();
    const app = await templateApp();

    await app.pullRequest("labeled", { body: INCOMPLETE, labels: ["docs"], label: "docs" });

    expect(gh.calls()).toHaveLength(2);
  });

  test("pull_request.edited › closed PR › no request at all", async () => {
    const gh = githubMock();
    const app = await templateApp();

    await app.pullRequest(
      "edited",
      { body: INCOMPLETE, previousBody: "", state: "closed" },
      undefined,
      null,
    );

    expect(gh.calls()).toEqual([]);
  });
});
