import { describe, expect, test } from "@jest/globals";
import { MARKERS } from "../../src/github/markers.js";
import { APP_ID, githubMock, ownComment, REPO_PATH } from "../helpers/github.js";
import { useNock } from "../helpers/nock.js";
import { issuePayload, pullRequestPayload } from "../helpers/payloads.js";
import { makeProbot } from "../helpers/probot.js";

const PR = 2;
const ISSUE = 1;
const LABEL = "template: incomplete";
const HEAD_SHA = "ec26c3e57ca3a959ca5aad62de7213c562f8c821";
const CONFIG = "template:\n  min_words: 1\n";
const INCOMPLETE = "## Problem\nThe cache is stale.\n\n## Solution\nInvalidate on write.\n";
const INCOMPLETE_REWORDED =
  "## Problem\nThe cache goes stale after deploys.\n\n## Solution\nInvalidate it on every write.\n";
const COMPLETE = `${INCOMPLETE}\n## How to test\nRun \`npm test\` and deploy to staging.\n`;

interface CheckRunBody {
  name: string;
  head_sha: string;
  status: string;
  conclusion: string;
  output: { title: string; summary: string };
}

useNock();

describe("pull_request", () => {
  test("pull_request.opened › no How to test › failing check, one comment, label created and added", async () => {
    const gh = githubMock()
      .token()
      .config(CONFIG)
      .noTemplates()
      .checkRun()
      .listComments(PR, [])
      .createComment(PR)
      .label(LABEL, false)
      .addLabels(PR);
    const { receive } = await makeProbot();

    await receive("pull_request", pullRequestPayload("opened", { body: INCOMPLETE }));

    expect(gh.calls()).toEqual([
      "POST /app/installations/2/access_tokens",
      `GET ${REPO_PATH}/contents/.github/async-status.yml`,
      `GET ${REPO_PATH}/contents/.github`,
      `GET ${REPO_PATH}/contents`,
      `GET ${REPO_PATH}/contents/docs`,
      `POST ${REPO_PATH}/check-runs`,
      `GET ${REPO_PATH}/issues/2/comments?per_page=100`,
      `POST ${REPO_PATH}/issues/2/comments`,
      `GET ${REPO_PATH}/labels/${LABEL}`,
      `POST ${REPO_PATH}/labels`,
      `POST ${REPO_PATH}/issues/2/labels`,
    ]);
    const check = gh.body("POST", `${REPO_PATH}/check-runs`) as CheckRunBody;
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
    const comment = gh.body("POST", `${REPO_PATH}/issues/2/comments`) as { body: string };
    expect(comment.body.startsWith(MARKERS.template)).toBe(true);
    expect(comment.body).toContain(
      "### 📝 This pull request's description is missing some sections",
    );
    expect(comment.body).toContain("| ❌ | How to test | missing |");
    expect(gh.body("POST", `${REPO_PATH}/labels`)).toEqual({
      name: LABEL,
      color: "d93f0b",
      description: "The description is missing required sections (async-status)",
    });
    expect(gh.body("POST", `${REPO_PATH}/issues/2/labels`)).toEqual({ labels: [LABEL] });
  });

  test("pull_request.edited › body now complete › check passes, the same comment becomes a short note, label removed", async () => {
    const gh = githubMock()
      .token()
      .config(CONFIG)
      .noTemplates()
      .checkRun()
      .listComments(PR, [
        { id: 5, body: "LGTM", user: { login: "octocat", type: "User" } },
        ownComment(7, `${MARKERS.template}\nold`),
      ])
      .updateComment(7)
      .removeLabel(PR, LABEL);
    const { receive } = await makeProbot();

    await receive(
      "pull_request",
      pullRequestPayload("edited", { body: COMPLETE, previousBody: INCOMPLETE, labels: [LABEL] }),
    );

    expect(gh.calls()).toEqual([
      "POST /app/installations/2/access_tokens",
      `GET ${REPO_PATH}/contents/.github/async-status.yml`,
      `GET ${REPO_PATH}/contents/.github`,
      `GET ${REPO_PATH}/contents`,
      `GET ${REPO_PATH}/contents/docs`,
      `POST ${REPO_PATH}/check-runs`,
      `GET ${REPO_PATH}/issues/2/comments?per_page=100`,
      `PATCH ${REPO_PATH}/issues/comments/7`,
      `DELETE ${REPO_PATH}/issues/2/labels/${LABEL}`,
    ]);
    const check = gh.body("POST", `${REPO_PATH}/check-runs`) as CheckRunBody;
    expect(check.conclusion).toBe("success");
    expect(check.output.title).toBe("All 3 required sections filled");
    expect(gh.body("PATCH", `${REPO_PATH}/issues/comments/7`)).toEqual({
      body: `${MARKERS.template}\n✅ All required sections of this pull request's description are filled in. Thank you!\n`,
    });
  });

  test("pull_request.edited › still missing the same section › only the config read and the check run", async () => {
    const { receive } = await makeProbot();
    githubMock().token().config(CONFIG).noTemplates().checkRun();
    await receive(
      "pull_request",
      pullRequestPayload("synchronize", { body: INCOMPLETE, labels: [LABEL] }),
    );
    const gh = githubMock().config(CONFIG).checkRun();

    await receive(
      "pull_request",
      pullRequestPayload("edited", {
        body: INCOMPLETE_REWORDED,
        previousBody: INCOMPLETE,
        labels: [LABEL],
      }),
    );

    expect(gh.calls()).toEqual([
      `GET ${REPO_PATH}/contents/.github/async-status.yml`,
      `POST ${REPO_PATH}/check-runs`,
    ]);
  });

  test("pull_request.edited › a different section now missing › the comment is edited in place, label untouched", async () => {
    const gh = githubMock()
      .token()
      .config(CONFIG)
      .noTemplates()
      .checkRun()
      .listComments(PR, [ownComment(7, `${MARKERS.template}\nold`)])
      .updateComment(7);
    const { receive } = await makeProbot();

    await receive(
      "pull_request",
      pullRequestPayload("edited", {
        body: "## Problem\nx\n## How to test\ny",
        previousBody: INCOMPLETE,
        labels: [LABEL],
      }),
    );

    const body = (gh.body("PATCH", `${REPO_PATH}/issues/comments/7`) as { body: string }).body;
    expect(body).toContain("| ❌ | Solution | missing |");
    expect(gh.calls()).not.toContain(`POST ${REPO_PATH}/issues/2/labels`);
  });

  test("pull_request.synchronize › steady state › two API requests: the config read and the check run", async () => {
    const { receive } = await makeProbot();
    // The first event also reads the repo's templates (then cached) and the installation token.
    const first = githubMock().token().config(CONFIG).noTemplates().checkRun();
    await receive(
      "pull_request",
      pullRequestPayload("synchronize", { body: INCOMPLETE, labels: [LABEL] }),
    );
    expect(first.calls()).toHaveLength(6);
    const gh = githubMock().config(CONFIG).checkRun();

    await receive(
      "pull_request",
      pullRequestPayload("synchronize", { body: INCOMPLETE, labels: [LABEL] }),
    );

    expect(gh.calls().filter((c) => !c.includes("access_tokens"))).toEqual([
      `GET ${REPO_PATH}/contents/.github/async-status.yml`,
      `POST ${REPO_PATH}/check-runs`,
    ]);
  });

  test("pull_request.opened › redelivered › the existing comment is found and not duplicated", async () => {
    const { receive } = await makeProbot();
    const first = githubMock()
      .token()
      .config(CONFIG)
      .noTemplates()
      .checkRun()
      .listComments(PR, [])
      .createComment(PR, 99)
      .label(LABEL, false)
      .addLabels(PR);
    const payload = pullRequestPayload("opened", { body: INCOMPLETE });
    await receive("pull_request", payload, "same-delivery");
    const posted = (first.body("POST", `${REPO_PATH}/issues/2/comments`) as { body: string }).body;

    const second = githubMock()
      .config(CONFIG)
      .checkRun()
      .listComments(PR, [ownComment(99, posted)])
      .label(LABEL, true)
      .addLabels(PR);
    await receive("pull_request", payload, "same-delivery");

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
    const gh = githubMock()
      .token()
      .config(CONFIG)
      .noTemplates()
      .checkRun()
      .listComments(PR, [forged, otherApp])
      .createComment(PR)
      .label(LABEL, true)
      .addLabels(PR);
    const { receive } = await makeProbot();

    await receive("pull_request", pullRequestPayload("opened", { body: INCOMPLETE }));

    expect(gh.calls()).not.toContain(`PATCH ${REPO_PATH}/issues/comments/8`);
    expect(gh.calls()).toContain(`POST ${REPO_PATH}/issues/2/comments`);
  });

  test("pull_request.opened › draft › neutral check saying why, nothing else", async () => {
    const gh = githubMock().token().config(CONFIG).checkRun();
    const { receive } = await makeProbot();

    await receive("pull_request", pullRequestPayload("opened", { body: "", draft: true }));

    const check = gh.body("POST", `${REPO_PATH}/check-runs`) as CheckRunBody;
    expect(check.conclusion).toBe("neutral");
    expect(check.output.title).toBe("Skipped: it is a draft");
    expect(gh.calls()).toHaveLength(3);
  });

  test("pull_request.opened › draft with skip_drafts: false › checked like any PR", async () => {
    const gh = githubMock()
      .token()
      .config("template:\n  skip_drafts: false\n")
      .noTemplates()
      .checkRun()
      .listComments(PR, [])
      .createComment(PR)
      .label(LABEL, true)
      .addLabels(PR);
    const { receive } = await makeProbot();

    await receive("pull_request", pullRequestPayload("opened", { body: "", draft: true }));

    expect((gh.body("POST", `${REPO_PATH}/check-runs`) as CheckRunBody).conclusion).toBe("failure");
  });

  test("pull_request.opened › bot author › neutral check naming the bot", async () => {
    const gh = githubMock().token().config(CONFIG).checkRun();
    const { receive } = await makeProbot();

    await receive(
      "pull_request",
      pullRequestPayload("opened", {
        body: "Bumps lodash",
        userType: "Bot",
        login: "dependabot[bot]",
      }),
    );

    expect((gh.body("POST", `${REPO_PATH}/check-runs`) as CheckRunBody).output.title).toBe(
      "Skipped: it was opened by the bot dependabot[bot]",
    );
  });

  test("pull_request.opened › bot on the check_bots allow-list › checked", async () => {
    const gh = githubMock()
      .token()
      .config('template:\n  check_bots: ["renovate[bot]"]\n')
      .noTemplates()
      .checkRun()
      .listComments(PR, [])
      .createComment(PR)
      .label(LABEL, true)
      .addLabels(PR);
    const { receive } = await makeProbot();

    await receive(
      "pull_request",
      pullRequestPayload("opened", { body: "Update x", userType: "Bot", login: "renovate[bot]" }),
    );

    expect((gh.body("POST", `${REPO_PATH}/check-runs`) as CheckRunBody).conclusion).toBe("failure");
  });

  test("pull_request.labeled › skip label added to a flagged PR › neutral check, label removed, comment says skipped", async () => {
    const gh = githubMock()
      .token()
      .config(CONFIG)
      .checkRun()
      .removeLabel(PR, LABEL)
      .listComments(PR, [ownComment(7, `${MARKERS.template}\nold`)])
      .updateComment(7);
    const { receive } = await makeProbot();

    await receive(
      "pull_request",
      pullRequestPayload("labeled", {
        body: INCOMPLETE,
        labels: [LABEL, "skip-template"],
        label: "skip-template",
      }),
    );

    expect((gh.body("POST", `${REPO_PATH}/check-runs`) as CheckRunBody).output.title).toBe(
      'Skipped: it carries the "skip-template" label',
    );
    expect((gh.body("PATCH", `${REPO_PATH}/issues/comments/7`) as { body: string }).body).toContain(
      "⏭️ The template check no longer applies to this pull request",
    );
  });

  test("pull_request.labeled › by the app itself › no request at all", async () => {
    const gh = githubMock();
    const { receive } = await makeProbot();

    await receive(
      "pull_request",
      pullRequestPayload("labeled", {
        body: INCOMPLETE,
        labels: [LABEL],
        label: LABEL,
        senderType: "Bot",
      }),
    );

    expect(gh.calls()).toEqual([]);
  });

  test("pull_request.labeled › skip label added by another bot (a labeler) › handled", async () => {
    const gh = githubMock()
      .token()
      .config(CONFIG)
      .checkRun()
      .removeLabel(PR, LABEL)
      .listComments(PR, []);
    const { receive } = await makeProbot();

    await receive(
      "pull_request",
      pullRequestPayload("labeled", {
        body: INCOMPLETE,
        labels: [LABEL, "skip-template"],
        label: "skip-template",
        senderType: "Bot",
      }),
    );

    expect((gh.body("POST", `${REPO_PATH}/check-runs`) as CheckRunBody).conclusion).toBe("neutral");
  });

  test("pull_request.labeled › an unrelated label › config read only", async () => {
    const gh = githubMock().token().config(CONFIG);
    const { receive } = await makeProbot();

    await receive(
      "pull_request",
      pullRequestPayload("labeled", { body: INCOMPLETE, labels: ["docs"], label: "docs" }),
    );

    expect(gh.calls()).toHaveLength(2);
  });

  test("pull_request.edited › closed PR › no request at all", async () => {
    const gh = githubMock();
    const { receive } = await makeProbot();

    await receive(
      "pull_request",
      pullRequestPayload("edited", { body: INCOMPLETE, previousBody: "", state: "closed" }),
    );

    expect(gh.calls()).toEqual([]);
  });

  test("pull_request.opened › invalid config › failing check listing file, key path and message; logged", async () => {
    const gh = githubMock()
      .token()
      .config("template:\n  min_word: 2\n  skip_drafts: sometimes\n")
      .checkRun();
    const { receive, logs } = await makeProbot();

    await receive("pull_request", pullRequestPayload("opened", { body: COMPLETE }));

    const check = gh.body("POST", `${REPO_PATH}/check-runs`) as CheckRunBody;
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
    const gh = githubMock().token().config("template: [unclosed\n").checkRun();
    const { receive } = await makeProbot();

    await receive("pull_request", pullRequestPayload("opened", { body: COMPLETE }));

    const check = gh.body("POST", `${REPO_PATH}/check-runs`) as CheckRunBody;
    expect(check.conclusion).toBe("failure");
    expect(check.output.summary).toMatch(/\(invalid YAML\): /);
  });

  test("pull_request.opened › no config in the repo or the org › defaults apply", async () => {
    const gh = githubMock().token().config(null).checkRun().noTemplates();
    const { receive } = await makeProbot();

    await receive("pull_request", pullRequestPayload("opened", { body: COMPLETE }));

    expect((gh.body("POST", `${REPO_PATH}/check-runs`) as CheckRunBody).conclusion).toBe("success");
  });

  test("pull_request.opened › sections from the repo template › placeholder text is reported", async () => {
    const template =
      "## Summary\nWhat does this change?\n\n## Risk\n<!-- low / medium / high -->\n";
    const gh = githubMock()
      .token()
      .config("template:\n  pull_requests:\n    sections: from-template\n")
      .template("PULL_REQUEST_TEMPLATE.md", template)
      .checkRun()
      .listComments(PR, [])
      .createComment(PR)
      .label(LABEL, true)
      .addLabels(PR);
    const { receive } = await makeProbot();

    await receive(
      "pull_request",
      pullRequestPayload("opened", { body: "## Summary\nWhat does this change?\n\n## Risk\nlow" }),
    );

    expect(gh.calls().slice(2, 4)).toEqual([
      `GET ${REPO_PATH}/contents/.github`,
      `GET ${REPO_PATH}/contents/.github/PULL_REQUEST_TEMPLATE.md`,
    ]);
    const check = gh.body("POST", `${REPO_PATH}/check-runs`) as CheckRunBody;
    expect(check.output.summary).toContain(
      "| ❌ | Summary | still the template's placeholder text |",
    );
    expect(check.output.summary).toContain("| ✅ | Risk | filled |");
    expect(check.output.summary).toContain(
      "Sections come from `.github/PULL_REQUEST_TEMPLATE.md`.",
    );
  });

  test("pull_request.opened › default sections, body left as the repo template › its placeholder does not count", async () => {
    const template =
      "## Problem\nDescribe the problem.\n\n## Solution\nDescribe the fix.\n\n## How to test\nSteps for the reviewer.\n";
    const gh = githubMock()
      .token()
      .config(CONFIG)
      .template("pull_request_template.md", template)
      .checkRun()
      .listComments(PR, [])
      .createComment(PR)
      .label(LABEL, true)
      .addLabels(PR);
    const { receive } = await makeProbot();

    await receive(
      "pull_request",
      pullRequestPayload("opened", {
        body: template.replace("Describe the problem.", "The cache is stale."),
      }),
    );

    const check = gh.body("POST", `${REPO_PATH}/check-runs`) as CheckRunBody;
    expect(check.output.summary).toContain("| ✅ | Problem | filled |");
    expect(check.output.summary).toContain(
      "| ❌ | Solution | still the template's placeholder text |",
    );
    expect(check.output.summary).toContain(
      "| ❌ | How to test | still the template's placeholder text |",
    );
  });

  test("pull_request.opened › null body › every section missing", async () => {
    const gh = githubMock()
      .token()
      .config(CONFIG)
      .noTemplates()
      .checkRun()
      .listComments(PR, [])
      .createComment(PR)
      .label(LABEL, true)
      .addLabels(PR);
    const { receive } = await makeProbot();

    await receive("pull_request", pullRequestPayload("opened", { body: null }));

    expect((gh.body("POST", `${REPO_PATH}/check-runs`) as CheckRunBody).output.title).toBe(
      "0 of 3 required sections filled; needs Problem, Solution, How to test",
    );
  });

  test("pull_request.opened › 65,536-character body › judged without error, summary within GitHub's limit", async () => {
    const body = `## Problem\n${"é".repeat(65_536 - 11)}`;
    const gh = githubMock()
      .token()
      .config(CONFIG)
      .noTemplates()
      .checkRun()
      .listComments(PR, [])
      .createComment(PR)
      .label(LABEL, true)
      .addLabels(PR);
    const { receive } = await makeProbot();

    await receive("pull_request", pullRequestPayload("opened", { body }));

    const check = gh.body("POST", `${REPO_PATH}/check-runs`) as CheckRunBody;
    expect(check.output.summary.length).toBeLessThanOrEqual(65_535);
    expect(check.output.summary).toContain("| ✅ | Problem | filled |");
  });

  test("pull_request.edited › complete and on_complete: delete › the comment is deleted", async () => {
    const gh = githubMock()
      .token()
      .config("template:\n  on_complete: delete\n")
      .noTemplates()
      .checkRun()
      .listComments(PR, [ownComment(7, `${MARKERS.template}\nold`)])
      .deleteComment(7)
      .removeLabel(PR, LABEL, 404);
    const { receive } = await makeProbot();

    await receive(
      "pull_request",
      pullRequestPayload("edited", { body: COMPLETE, previousBody: INCOMPLETE, labels: [LABEL] }),
    );

    expect(gh.calls()).toContain(`DELETE ${REPO_PATH}/issues/comments/7`);
  });

  test("pull_request.opened › incomplete with incomplete_conclusion: neutral › neutral check", async () => {
    const gh = githubMock()
      .token()
      .config("template:\n  incomplete_conclusion: neutral\n")
      .noTemplates()
      .checkRun()
      .listComments(PR, [])
      .createComment(PR)
      .label(LABEL, true)
      .addLabels(PR);
    const { receive } = await makeProbot();

    await receive("pull_request", pullRequestPayload("opened", { body: INCOMPLETE }));

    expect((gh.body("POST", `${REPO_PATH}/check-runs`) as CheckRunBody).conclusion).toBe("neutral");
  });

  test("pull_request.opened › GitHub answers 500 › the handler fails loudly and nothing else is written", async () => {
    const gh = githubMock().token();
    gh.scope.get(/contents/).reply(500, { message: "Server Error" });
    const { receive } = await makeProbot();

    await expect(
      receive("pull_request", pullRequestPayload("opened", { body: INCOMPLETE })),
    ).rejects.toThrow(/Server Error/);
    expect(gh.calls()).toHaveLength(2);
  });
});

describe("issues", () => {
  test("issues.opened › incomplete › comment and label, no check run", async () => {
    const gh = githubMock()
      .token()
      .config(CONFIG)
      .noTemplates()
      .listComments(ISSUE, [])
      .createComment(ISSUE)
      .label(LABEL, true)
      .addLabels(ISSUE);
    const { receive } = await makeProbot();

    await receive("issues", issuePayload("opened", { body: "## Problem\nIt crashes", labels: [] }));

    expect(gh.calls()).toEqual([
      "POST /app/installations/2/access_tokens",
      `GET ${REPO_PATH}/contents/.github/async-status.yml`,
      `GET ${REPO_PATH}/contents/.github`,
      `GET ${REPO_PATH}/contents`,
      `GET ${REPO_PATH}/contents/docs`,
      `GET ${REPO_PATH}/issues/1/comments?per_page=100`,
      `POST ${REPO_PATH}/issues/1/comments`,
      `GET ${REPO_PATH}/labels/${LABEL}`,
      `POST ${REPO_PATH}/issues/1/labels`,
    ]);
    expect((gh.body("POST", `${REPO_PATH}/issues/1/comments`) as { body: string }).body).toContain(
      "### 📝 This issue's description is missing some sections",
    );
  });

  test("issues.opened › labelled bug with by_label sections › the extra sections are required", async () => {
    const config =
      "template:\n  issues:\n    sections: [Problem]\n    by_label:\n      bug: [Steps to reproduce, Expected behaviour]\n";
    const gh = githubMock()
      .token()
      .config(config)
      .noTemplates()
      .listComments(ISSUE, [])
      .createComment(ISSUE)
      .label(LABEL, true)
      .addLabels(ISSUE);
    const { receive } = await makeProbot();

    await receive(
      "issues",
      issuePayload("opened", {
        body: "## Problem\nIt crashes\n## Steps to reproduce\n1. click",
        labels: ["bug"],
      }),
    );

    const body = (gh.body("POST", `${REPO_PATH}/issues/1/comments`) as { body: string }).body;
    expect(body).toContain("| ❌ | Expected behaviour | missing |");
    expect(body).toContain("| ✅ | Steps to reproduce | filled |");
  });

  test("issues.opened › complete › the comments are read once (the issue's only report), nothing is written", async () => {
    const gh = githubMock().token().config(CONFIG).listComments(ISSUE, []).noTemplates();
    const { receive } = await makeProbot();

    await receive("issues", issuePayload("opened", { body: COMPLETE, labels: [] }));

    expect(gh.calls()).toEqual([
      "POST /app/installations/2/access_tokens",
      `GET ${REPO_PATH}/contents/.github/async-status.yml`,
      `GET ${REPO_PATH}/contents/.github`,
      `GET ${REPO_PATH}/contents`,
      `GET ${REPO_PATH}/contents/docs`,
      `GET ${REPO_PATH}/issues/1/comments?per_page=100`,
    ]);
  });

  test("issues.edited › config fixed after an error comment › that comment becomes the complete note", async () => {
    const errorComment = ownComment(
      3,
      `${MARKERS.template}\n### ⚠️ async-status could not check this issue`,
    );
    const gh = githubMock()
      .token()
      .config(CONFIG)
      .listComments(ISSUE, [errorComment])
      .updateComment(3)
      .noTemplates();
    const { receive } = await makeProbot();

    await receive(
      "issues",
      issuePayload("edited", { body: COMPLETE, previousBody: COMPLETE, labels: [] }),
    );

    expect((gh.body("PATCH", `${REPO_PATH}/issues/comments/3`) as { body: string }).body).toContain(
      "✅ All required sections",
    );
  });

  test("issues.opened › invalid config, issue by a bot › no error comment (quiet by default)", async () => {
    const gh = githubMock().token().config("template:\n  allow_na: sometimes\n");
    const { receive } = await makeProbot();

    await receive(
      "issues",
      issuePayload("opened", { body: "", labels: [], userType: "Bot", login: "renovate[bot]" }),
    );

    expect(gh.calls()).toHaveLength(2);
  });

  test("issues.opened › invalid config › the issue comment lists the problems", async () => {
    const gh = githubMock()
      .token()
      .config("template:\n  allow_na: sometimes\n")
      .listComments(ISSUE, [])
      .createComment(ISSUE);
    const { receive } = await makeProbot();

    await receive("issues", issuePayload("opened", { body: COMPLETE, labels: [] }));

    const body = (gh.body("POST", `${REPO_PATH}/issues/1/comments`) as { body: string }).body;
    expect(body).toContain("### ⚠️ async-status could not check this issue");
    expect(body).toContain(
      '| `.github/async-status.yml` | `template.allow_na` | Invalid option: expected one of "never"\\|"optional"\\|"always" |',
    );
  });

  test("issues.edited › filled in › comment updated and label removed", async () => {
    const gh = githubMock()
      .token()
      .config(CONFIG)
      .noTemplates()
      .listComments(ISSUE, [ownComment(3, `${MARKERS.template}\nold`)])
      .updateComment(3)
      .removeLabel(ISSUE, LABEL);
    const { receive } = await makeProbot();

    await receive(
      "issues",
      issuePayload("edited", { body: COMPLETE, previousBody: INCOMPLETE, labels: [LABEL] }),
    );

    expect(gh.calls()).toContain(`DELETE ${REPO_PATH}/issues/1/labels/${LABEL}`);
  });

  test("issues.opened › template disabled for issues › no writes", async () => {
    const gh = githubMock().token().config("template:\n  issues:\n    enabled: false\n");
    const { receive } = await makeProbot();

    await receive("issues", issuePayload("opened", { body: "", labels: [] }));

    expect(gh.calls()).toHaveLength(2);
  });
});
