import { describe, expect, test } from "@jest/globals";
import { MARKERS } from "../../src/github/markers.js";
import { ownComment, REPO_PATH } from "../helpers/github.js";
import { useNock } from "../helpers/nock.js";
import {
  BUG_REPORT_BODY,
  BUG_REPORT_FORM,
  COMPLETE,
  checkRunOf,
  delivery,
  FEATURE_REQUEST_FORM,
  FIRST_READS,
  firstReport,
  INCOMPLETE,
  ISSUE,
  ISSUE_DESCRIBED,
  ISSUE_UNDESCRIBED,
  issueDelivery,
  issueFormReads,
  issueForms,
  LABEL,
  PR,
  postedComment,
  prDelivery,
  templateApp,
} from "../helpers/template-scenario.js";

useNock();

describe("template check on issues: a comment and the label, never a check run", () => {
  test("issues.opened › empty body › a comment asking for a problem description, and the label, no check run", async () => {
    const gh = firstReport(issueDelivery(), ISSUE);
    const app = await templateApp();

    await app.issue("opened", { body: "", labels: [] });

    expect(gh.calls()).toEqual([
      ...FIRST_READS,
      `GET ${REPO_PATH}/issues/1/comments?per_page=100`,
      `POST ${REPO_PATH}/issues/1/comments`,
      `GET ${REPO_PATH}/labels/${LABEL}`,
      `POST ${REPO_PATH}/issues/1/labels`,
    ]);
    const comment = postedComment(gh, ISSUE);
    expect(comment).toContain("### 📝 This issue needs a description");
    expect(comment).toContain(
      "Please edit the description and tell us: What happened, or what is missing? Steps, logs or screenshots help. Plain text is enough, no heading needed;",
    );
    expect(comment).toContain("| ❌ | Problem | missing |");
    // One thing is asked for: no list of sections to copy, no Solution, no How to test.
    expect(comment).not.toContain("```markdown");
    expect(comment).not.toMatch(/Solution|How to test/);
    expect(gh.body("POST", `${REPO_PATH}/issues/1/labels`)).toEqual({ labels: [LABEL] });
  });

  test("issues.opened › complete › the comments are read once (the issue's only report), nothing is written", async () => {
    const gh = issueDelivery().listComments(ISSUE, []);
    const app = await templateApp();

    await app.issue("opened", { body: COMPLETE, labels: [] });

    expect(gh.calls()).toEqual([...FIRST_READS, `GET ${REPO_PATH}/issues/1/comments?per_page=100`]);
  });

  test("issues.edited › filled in › comment updated and label removed", async () => {
    const gh = issueDelivery()
      .listComments(ISSUE, [ownComment(3, `${MARKERS.template}\nold`)])
      .updateComment(3)
      .removeLabel(ISSUE, LABEL);
    const app = await templateApp();

    await app.issue("edited", { body: COMPLETE, previousBody: INCOMPLETE, labels: [LABEL] });

    expect(gh.calls()).toContain(`DELETE ${REPO_PATH}/issues/1/labels/${LABEL}`);
  });

  test("issues.opened › template disabled for issues › no writes", async () => {
    const gh = delivery("template:\n  issues:\n    enabled: false\n");
    const app = await templateApp();

    await app.issue("opened", { body: "", labels: [] });

    expect(gh.calls()).toHaveLength(2);
  });
});

describe("template check on issues: the default rules", () => {
  const TOKEN_AND_CONFIG = FIRST_READS.slice(0, 2);
  const NO_WRITES = ["POST /app/installations/2/access_tokens"];
  const writes = (gh: { calls: () => string[] }) => gh.calls().filter((c) => !c.startsWith("GET"));

  test("issues.opened › bug report through the repository's issue form › no comment, no label", async () => {
    const gh = issueForms(delivery(), { "bug_report.yml": BUG_REPORT_FORM }).listComments(
      ISSUE,
      [],
    );
    const app = await templateApp();

    await app.issue("opened", { body: BUG_REPORT_BODY, labels: ["bug"] });

    expect(gh.calls()).toEqual([
      ...TOKEN_AND_CONFIG,
      ...issueFormReads("bug_report.yml"),
      `GET ${REPO_PATH}/issues/1/comments?per_page=100`,
    ]);
    expect(writes(gh)).toEqual(NO_WRITES);
  });

  test("issues.opened › bug report through the form, a required field left blank › the form's field is asked for", async () => {
    const gh = firstReport(
      issueForms(delivery(), {
        "bug_report.yml": BUG_REPORT_FORM,
        "feature_request.yml": FEATURE_REQUEST_FORM,
      }),
      ISSUE,
    );
    const app = await templateApp();

    await app.issue("opened", {
      body: BUG_REPORT_BODY.replace("1. Open Reports\n2. Click Export → CSV", "_No response_"),
      labels: ["bug"],
    });

    const comment = postedComment(gh, ISSUE);
    expect(comment).toContain("| ✅ | What happened? | filled |");
    expect(comment).toContain("| ❌ | Steps to reproduce | empty |");
    expect(comment).toContain("| ➖ | Version | empty |");
    expect(comment).toContain("Sections come from `.github/ISSUE_TEMPLATE/bug_report.yml`.");
    expect(comment).not.toMatch(/Problem|Solution|How to test/);
  });

  test("issues.opened › blank issue with a description, repository has issue forms › no comment: it is not judged by a form it never used", async () => {
    const gh = issueForms(delivery(), {
      "bug_report.yml": BUG_REPORT_FORM,
      "feature_request.yml": FEATURE_REQUEST_FORM,
    }).listComments(ISSUE, []);
    const app = await templateApp();

    await app.issue("opened", { body: ISSUE_DESCRIBED, labels: [] });

    expect(gh.calls()).toEqual([
      ...TOKEN_AND_CONFIG,
      ...issueFormReads("bug_report.yml", "feature_request.yml"),
      `GET ${REPO_PATH}/issues/1/comments?per_page=100`,
    ]);
    expect(writes(gh)).toEqual(NO_WRITES);
  });

  test("issues.opened › blank issue with a description, no templates › no comment, no label", async () => {
    const gh = issueDelivery().listComments(ISSUE, []);
    const app = await templateApp();

    await app.issue("opened", { body: ISSUE_DESCRIBED, labels: [] });

    expect(gh.calls()).toEqual([...FIRST_READS, `GET ${REPO_PATH}/issues/1/comments?per_page=100`]);
  });

  test("issues.opened › bug report with a Problem section and no Solution › not flagged", async () => {
    const gh = issueDelivery().listComments(ISSUE, []);
    const app = await templateApp();

    await app.issue("opened", { body: "## Problem\nIt crashes", labels: [] });

    expect(writes(gh)).toEqual(NO_WRITES);
  });

  test("issues.opened › a Problem heading with only a comment under it › flagged as empty", async () => {
    const gh = firstReport(issueDelivery(), ISSUE);
    const app = await templateApp();

    await app.issue("opened", { body: ISSUE_UNDESCRIBED, labels: [] });

    const comment = postedComment(gh, ISSUE);
    expect(comment).toContain("### 📝 This issue needs a description");
    expect(comment).toContain("| ❌ | Problem | empty |");
  });

  test("pull_request.opened › no How to test › still flagged: pull requests keep Problem, Solution, How to test", async () => {
    const gh = firstReport(prDelivery(), PR);
    const app = await templateApp();

    await app.pullRequest("opened", { body: INCOMPLETE });

    const check = checkRunOf(gh);
    expect(check.conclusion).toBe("failure");
    expect(check.output.title).toBe("2 of 3 required sections filled; needs How to test");
    expect(postedComment(gh, PR)).toContain(
      "### 📝 This pull request's description is missing some sections",
    );
  });
});
