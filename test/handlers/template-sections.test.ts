import { describe, expect, test } from "@jest/globals";
import { REPO_PATH } from "../helpers/github.js";
import { useNock } from "../helpers/nock.js";
import {
  CONFIG,
  checkRunOf,
  delivery,
  firstReport,
  ISSUE,
  issueDelivery,
  PR,
  postedComment,
  prDelivery,
  templateApp,
} from "../helpers/template-scenario.js";

useNock();

describe("template check: which sections are required and how a body is judged", () => {
  test("pull_request.opened › sections from the repo template › placeholder text is reported", async () => {
    const template =
      "## Summary\nWhat does this change?\n\n## Risk\n<!-- low / medium / high -->\n";
    const gh = firstReport(
      delivery("template:\n  pull_requests:\n    sections: from-template\n")
        .template("PULL_REQUEST_TEMPLATE.md", template)
        .checkRun(),
      PR,
    );
    const app = await templateApp();

    await app.pullRequest("opened", { body: "## Summary\nWhat does this change?\n\n## Risk\nlow" });

    expect(gh.calls().slice(2, 4)).toEqual([
      `GET ${REPO_PATH}/contents/.github`,
      `GET ${REPO_PATH}/contents/.github/PULL_REQUEST_TEMPLATE.md`,
    ]);
    const check = checkRunOf(gh);
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
    const gh = firstReport(
      delivery(CONFIG).template("pull_request_template.md", template).checkRun(),
      PR,
    );
    const app = await templateApp();

    await app.pullRequest("opened", {
      body: template.replace("Describe the problem.", "The cache is stale."),
    });

    const check = checkRunOf(gh);
    expect(check.output.summary).toContain("| ✅ | Problem | filled |");
    expect(check.output.summary).toContain(
      "| ❌ | Solution | still the template's placeholder text |",
    );
    expect(check.output.summary).toContain(
      "| ❌ | How to test | still the template's placeholder text |",
    );
  });

  test("pull_request.opened › null body › every section missing", async () => {
    const gh = firstReport(prDelivery(), PR);
    const app = await templateApp();

    await app.pullRequest("opened", { body: null });

    expect(checkRunOf(gh).output.title).toBe(
      "0 of 3 required sections filled; needs Problem, Solution, How to test",
    );
  });

  test("pull_request.opened › 65,536-character body › judged without error, summary within GitHub's limit", async () => {
    const body = `## Problem\n${"é".repeat(65_536 - 11)}`;
    const gh = firstReport(prDelivery(), PR);
    const app = await templateApp();

    await app.pullRequest("opened", { body });

    const check = checkRunOf(gh);
    expect(check.output.summary.length).toBeLessThanOrEqual(65_535);
    expect(check.output.summary).toContain("| ✅ | Problem | filled |");
  });

  test("issues.opened › labelled bug with by_label sections › the extra sections are required", async () => {
    const config =
      "template:\n  issues:\n    sections: [Problem]\n    by_label:\n      bug: [Steps to reproduce, Expected behaviour]\n";
    const gh = firstReport(issueDelivery(config), ISSUE);
    const app = await templateApp();

    await app.issue("opened", {
      body: "## Problem\nIt crashes\n## Steps to reproduce\n1. click",
      labels: ["bug"],
    });

    const body = postedComment(gh, ISSUE);
    expect(body).toContain("| ❌ | Expected behaviour | missing |");
    expect(body).toContain("| ✅ | Steps to reproduce | filled |");
  });
});
