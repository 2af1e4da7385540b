import { describe, expect, test } from "@jest/globals";
import { MARKERS } from "../../src/github/markers.js";
import { ownComment, REPO_PATH } from "../helpers/github.js";
import { useNock } from "../helpers/nock.js";
import {
  COMPLETE,
  delivery,
  FIRST_READS,
  firstReport,
  INCOMPLETE,
  ISSUE,
  issueDelivery,
  LABEL,
  postedComment,
  templateApp,
} from "../helpers/template-scenario.js";

useNock();

describe("template check on issues: a comment and the label, never a check run", () => {
  test("issues.opened › incomplete › comment and label, no check run", async () => {
    const gh = firstReport(issueDelivery(), ISSUE);
    const app = await templateApp();

    await app.issue("opened", { body: "## Problem\nIt crashes", labels: [] });

    expect(gh.calls()).toEqual([
      ...FIRST_READS,
      `GET ${REPO_PATH}/issues/1/comments?per_page=100`,
      `POST ${REPO_PATH}/issues/1/comments`,
      `GET ${REPO_PATH}/labels/${LABEL}`,
      `POST ${REPO_PATH}/issues/1/labels`,
    ]);
    expect(postedComment(gh, ISSUE)).toContain(
      "### 📝 This issue's description is missing some sections",
    );
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
