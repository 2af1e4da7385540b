import { describe, expect, test } from "@jest/globals";
import { MARKERS } from "../../src/github/markers.js";
import { githubMock, ownComment } from "../helpers/github.js";
import { useNock } from "../helpers/nock.js";
import {
  COMPLETE,
  checkRunOf,
  delivery,
  editedComment,
  INCOMPLETE,
  ISSUE,
  issueDelivery,
  postedComment,
  prDelivery,
  templateApp,
} from "../helpers/template-scenario.js";

useNock();

describe("template check: configuration problems and GitHub errors are visible", () => {
  test("pull_request.opened › invalid config › failing check listing file, key path and message; logged", async () => {
    const gh = delivery("template:\n  min_word: 2\n  skip_drafts: sometimes\n").checkRun();
    const { pullRequest, logs } = await templateApp();

    await pullRequest("opened", { body: COMPLETE });

    const check = checkRunOf(gh);
    expect(check.conclusion).toBe("failure");
    expect(check.output.title).toBe("Configuration error: 2 problems in .github/async-status.yml");
    expect(check.output.summary).toContain(
      "| `.github/async-status.yml` | `template.skip_drafts` | Invalid input: expected boolean, received string |",
    );
    expect(check.output.summary).toContain(
      "| `.github/async-status.yml` | `template.min_word` | unknown key",
    );
    const logged = logs.find((l) => l.msg === "invalid configuration");
    expect(logged?.level).toBe(40);
    expect(JSON.stringify(logged?.problems)).toContain("template.min_word");
    expect(gh.calls()).toHaveLength(3);
  });

  test("pull_request.opened › malformed YAML › failing check saying so", async () => {
    const gh = delivery("template: [unclosed\n").checkRun();
    const app = await templateApp();

    await app.pullRequest("opened", { body: COMPLETE });

    const check = checkRunOf(gh);
    expect(check.conclusion).toBe("failure");
    expect(check.output.summary).toMatch(/\(invalid YAML\): /);
  });

  test("pull_request.opened › no config in the repo or the org › defaults apply", async () => {
    const gh = prDelivery(null);
    const app = await templateApp();

    await app.pullRequest("opened", { body: COMPLETE });

    expect(checkRunOf(gh).conclusion).toBe("success");
  });

  test("pull_request.opened › GitHub answers 500 › the handler fails loudly and nothing else is written", async () => {
    const gh = githubMock().token();
    gh.scope.get(/contents/).reply(500, { message: "Server Error" });
    const app = await templateApp();

    await expect(app.pullRequest("opened", { body: INCOMPLETE })).rejects.toThrow(/Server Error/);
    expect(gh.calls()).toHaveLength(2);
  });

  test("issues.opened › invalid config › the issue comment lists the problems", async () => {
    const gh = delivery("template:\n  allow_na: sometimes\n")
      .listComments(ISSUE, [])
      .createComment(ISSUE);
    const app = await templateApp();

    await app.issue("opened", { body: COMPLETE, labels: [] });

    const body = postedComment(gh, ISSUE);
    expect(body).toContain("### ⚠️ async-status could not check this issue");
    expect(body).toContain(
      '| `.github/async-status.yml` | `template.allow_na` | Invalid option: expected one of "never"\\|"optional"\\|"always" |',
    );
  });

  test("issues.opened › invalid config, issue by a bot › no error comment (quiet by default)", async () => {
    const gh = delivery("template:\n  allow_na: sometimes\n");
    const app = await templateApp();

    await app.issue("opened", { body: "", labels: [], userType: "Bot", login: "renovate[bot]" });

    expect(gh.calls()).toHaveLength(2);
  });

  test("issues.edited › config fixed after an error comment › that comment becomes the complete note", async () => {
    const errorComment = ownComment(
      3,
      `${MARKERS.template}\n### ⚠️ async-status could not check this issue`,
    );
    const gh = issueDelivery().listComments(ISSUE, [errorComment]).updateComment(3);
    const app = await templateApp();

    await app.issue("edited", { body: COMPLETE, previousBody: COMPLETE, labels: [] });

    expect(editedComment(gh, 3)).toContain("✅ All required sections");
  });
});
