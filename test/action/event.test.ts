import { afterEach, describe, expect, test } from "@jest/globals";
import { decodeState } from "../../src/decisions/state.js";
import { MARKERS } from "../../src/github/markers.js";
import { FakeGitHub } from "../helpers/fake-github.js";
import { commentPayload, pullRequestPayload } from "../helpers/payloads.js";
import { COMPLETE, CONFIG, HEAD_SHA, INCOMPLETE, LABEL } from "../helpers/template-scenario.js";
import {
  ACTIONS_APP,
  ACTIONS_BOT,
  annotations,
  bodyOf,
  calls,
  REPO_PATH,
  REST,
  RUN_ID,
  runBundle,
  WORKFLOW_TOKEN,
  workflowComment,
} from "./bundle.js";

// Writes are throttled as in production (one a second), so a run takes a few seconds.
const TIMEOUT = 60_000;

let github: FakeGitHub;
afterEach(async () => {
  await github.stop();
});

/** A payload as the runner writes it to GITHUB_EVENT_PATH: no `installation` key. */
function asActionsPayload<T extends Record<string, unknown>>(payload: T): T {
  delete payload.installation;
  return payload;
}

/** The GitHub Actions app found by its slug (GHES and GHE.com give it their own id). */
const actionsApp = (gh: FakeGitHub) =>
  gh.route("GET", /^\/api\/v3\/apps\/github-actions$/, 200, ACTIONS_APP);

const rawConfig = (gh: FakeGitHub, yaml: string) =>
  gh.route("GET", /\/contents\/\.github(%2F|\/)async-status\.yml/, 200, yaml, {
    "content-type": "application/vnd.github.raw; charset=utf-8",
  });

/** No PR or issue template: `.github/` and `docs/` absent, the root without one. */
const noTemplates = (gh: FakeGitHub) =>
  gh
    .route("GET", new RegExp(`^${REPO_PATH}/contents/\\.github$`), 404, { message: "Not Found" })
    .route("GET", new RegExp(`^${REPO_PATH}/contents/docs$`), 404, { message: "Not Found" })
    .route("GET", new RegExp(`^${REPO_PATH}/contents$`), 200, [
      { name: "README.md", path: "README.md", type: "file" },
    ]);

describe("the Action on webhook events: node dist-action/index.js with GITHUB_TOKEN", () => {
  test(
    "pull_request_target.opened › no How to test › a failing check run, one comment and the label, as the pull_request handler writes them",
    async () => {
      const payload = asActionsPayload(pullRequestPayload("opened", { body: INCOMPLETE }));
      github = actionsApp(new FakeGitHub());
      rawConfig(github, CONFIG);
      noTemplates(github)
        .route("GET", new RegExp(`^${REPO_PATH}/pulls/2$`), 200, payload.pull_request)
        .route("POST", new RegExp(`^${REPO_PATH}/check-runs$`), 201, { id: 4 })
        .route("GET", new RegExp(`^${REPO_PATH}/issues/2/comments\\?`), 200, [])
        .route("POST", new RegExp(`^${REPO_PATH}/issues/2/comments$`), 201, { id: 99 })
        .route("GET", new RegExp(`^${REPO_PATH}/labels/`), 404, { message: "Not Found" })
        .route("POST", new RegExp(`^${REPO_PATH}/labels$`), 201, { name: LABEL })
        .route("POST", new RegExp(`^${REPO_PATH}/issues/2/labels$`), 200, []);
      const host = await github.start();

      const run = await runBundle({ host, event: "pull_request_target", payload });

      expect(annotations(run)).toEqual([]);
      expect(run.code).toBe(0);
      expect(calls(github.requests)).toEqual([
        `GET ${REST}/apps/github-actions`,
        // The pull request as it is now, before it is judged.
        `GET ${REPO_PATH}/pulls/2`,
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
      expect(github.unmatched).toEqual([]);
      // Every request with the workflow's token, tagged with the run as its delivery.
      expect(new Set(github.requests.map((r) => r.headers.authorization))).toEqual(
        new Set([`token ${WORKFLOW_TOKEN}`]),
      );
      expect(github.requests.at(-1)?.headers["x-github-delivery"]).toBe(`${RUN_ID}-1`);
      expect(bodyOf(github, "POST", `${REPO_PATH}/check-runs`)).toMatchObject({
        name: "async-status/template",
        head_sha: HEAD_SHA,
        status: "completed",
        conclusion: "failure",
        output: { title: "2 of 3 required sections filled; needs How to test" },
      });
      const comment = bodyOf(github, "POST", `${REPO_PATH}/issues/2/comments`)?.body as string;
      expect(comment.startsWith(MARKERS.template)).toBe(true);
      expect(comment).toContain("| ❌ | How to test | missing |");
      expect(bodyOf(github, "POST", `${REPO_PATH}/issues/2/labels`)).toEqual({ labels: [LABEL] });
      expect(run.stdout).toContain("pull_request.opened #2: handled");
      expect(run.summary).toContain("### async-status: Codertocat/Hello-World");
      expect(run.summary).toContain("`pull_request.opened #2: handled`");
    },
    TIMEOUT,
  );

  test(
    "pull_request.edited › now complete › github-actions[bot]'s comment edited in place; the marker pasted by a person or written by another app is ignored",
    async () => {
      const payload = asActionsPayload(
        pullRequestPayload("edited", {
          body: COMPLETE,
          previousBody: INCOMPLETE,
          labels: [LABEL],
        }),
      );
      github = actionsApp(new FakeGitHub());
      rawConfig(github, CONFIG);
      noTemplates(github)
        .route("GET", new RegExp(`^${REPO_PATH}/pulls/2$`), 200, payload.pull_request)
        .route("POST", new RegExp(`^${REPO_PATH}/check-runs$`), 201, { id: 4 })
        .route("GET", new RegExp(`^${REPO_PATH}/issues/2/comments\\?`), 200, [
          {
            id: 5,
            body: `${MARKERS.template}\npasted by a person`,
            user: { login: "mallory", type: "User" },
            performed_via_github_app: null,
          },
          {
            id: 6,
            body: `${MARKERS.template}\nwritten by another app`,
            user: { login: "other-app[bot]", type: "Bot" },
            performed_via_github_app: { id: 999, slug: "other-app" },
          },
          workflowComment(7, `${MARKERS.template}\nold report`),
        ])
        .route("PATCH", new RegExp(`^${REPO_PATH}/issues/comments/7$`), 200, { id: 7 })
        .route("DELETE", new RegExp(`^${REPO_PATH}/issues/2/labels/`), 200, []);
      const host = await github.start();

      const run = await runBundle({ host, event: "pull_request", payload });

      expect(annotations(run)).toEqual([]);
      expect(run.code).toBe(0);
      expect(calls(github.requests).filter((c) => !c.startsWith("GET"))).toEqual([
        `POST ${REPO_PATH}/check-runs`,
        `PATCH ${REPO_PATH}/issues/comments/7`,
        `DELETE ${REPO_PATH}/issues/2/labels/${LABEL}`,
      ]);
      expect(github.unmatched).toEqual([]);
      expect(bodyOf(github, "POST", `${REPO_PATH}/check-runs`)).toMatchObject({
        conclusion: "success",
        output: { title: "All 3 required sections filled" },
      });
      expect(bodyOf(github, "PATCH", `${REPO_PATH}/issues/comments/7`)).toEqual({
        body: `${MARKERS.template}\n✅ All required sections of this pull request's description are filled in. Thank you!\n`,
      });
    },
    TIMEOUT,
  );

  test(
    "issue_comment.created › /decide from a writer, with now › labels created and added, one status comment with the decision's state",
    async () => {
      const payload = asActionsPayload(
        commentPayload("created", { body: "/decide ship option B by 2026-11-28 @alice" }),
      );
      github = actionsApp(new FakeGitHub());
      rawConfig(github, "timezone: Europe/Berlin\n")
        .route("GET", new RegExp(`^${REPO_PATH}/issues/1/comments\\?`), 200, [])
        .route("GET", new RegExp(`^${REPO_PATH}/collaborators/octocat/permission$`), 200, {
          permission: "write",
          role_name: "write",
          user: { login: "octocat" },
        })
        .route("GET", new RegExp(`^${REPO_PATH}/labels/`), 404, { message: "Not Found" })
        .route("POST", new RegExp(`^${REPO_PATH}/labels$`), 201, { name: "x" })
        .route("POST", new RegExp(`^${REPO_PATH}/issues/1/labels$`), 200, [])
        .route("POST", new RegExp(`^${REPO_PATH}/issues/1/comments$`), 201, { id: 950 })
        .route("POST", new RegExp(`^${REPO_PATH}/issues/comments/1001/reactions$`), 201, {
          id: 7,
          content: "+1",
          user: ACTIONS_BOT,
        });
      const host = await github.start();

      const run = await runBundle({
        host,
        event: "issue_comment",
        payload,
        inputs: { now: "2026-11-23T10:00:00Z" },
      });

      expect(annotations(run)).toEqual([]);
      expect(run.code).toBe(0);
      expect(calls(github.requests)).toEqual([
        `GET ${REST}/apps/github-actions`,
        `GET ${REPO_PATH}/contents/.github/async-status.yml`,
        `GET ${REPO_PATH}/issues/1/comments?per_page=100`,
        `GET ${REPO_PATH}/collaborators/octocat/permission`,
        `GET ${REPO_PATH}/labels/decision`,
        `POST ${REPO_PATH}/labels`,
        `GET ${REPO_PATH}/labels/decision: pending`,
        `POST ${REPO_PATH}/labels`,
        `GET ${REPO_PATH}/labels/due: 2026-11-28`,
        `POST ${REPO_PATH}/labels`,
        `POST ${REPO_PATH}/issues/1/labels`,
        `POST ${REPO_PATH}/issues/1/comments`,
        `POST ${REPO_PATH}/issues/comments/1001/reactions`,
      ]);
      expect(github.unmatched).toEqual([]);
      expect(bodyOf(github, "POST", `${REPO_PATH}/issues/1/labels`)).toEqual({
        labels: ["decision", "decision: pending", "due: 2026-11-28"],
      });
      const status = bodyOf(github, "POST", `${REPO_PATH}/issues/1/comments`)?.body as string;
      expect(status.startsWith("<!-- async-status:decision 1001 -->")).toBe(true);
      expect(status).toContain("### 🗳️ Decision pending: ship option B");
      // `now` is the clock: "in 4 business days" from Monday 23 November.
      expect(status).toContain(
        "| **Deadline** | Sat 2026-11-28 23:59 Europe/Berlin · 2026-11-28 22:59 UTC · in 4 business days (6 days) |",
      );
      expect(decodeState(status)).toMatchObject({
        status: "pending",
        owner: "octocat",
        recommendation: "ship option B",
        deadline: "2026-11-28T22:59:59Z",
        openedAt: "2026-11-23T10:00:00Z",
        stakeholders: ["@alice"],
      });
      expect(run.stdout).toContain("issue_comment.created #1: handled");
    },
    TIMEOUT,
  );

  test(
    "issue_comment.created › the workflow lacks `issues: write` (GitHub answers 403) › an ::error:: annotation naming it, exit code 1",
    async () => {
      const payload = asActionsPayload(commentPayload("created", { body: "/decide ship it" }));
      github = actionsApp(new FakeGitHub());
      rawConfig(github, "timezone: Europe/Berlin\n")
        .route("GET", new RegExp(`^${REPO_PATH}/issues/1/comments\\?`), 200, [])
        .route("GET", new RegExp(`^${REPO_PATH}/collaborators/octocat/permission$`), 200, {
          permission: "admin",
          role_name: "admin",
          user: { login: "octocat" },
        })
        .route("GET", new RegExp(`^${REPO_PATH}/labels/`), 404, { message: "Not Found" })
        .route("POST", new RegExp(`^${REPO_PATH}/labels$`), 403, {
          message: "Resource not accessible by integration",
        });
      const host = await github.start();

      const run = await runBundle({ host, event: "issue_comment", payload });

      expect(run.code).toBe(1);
      expect(annotations(run)).toEqual([
        expect.stringMatching(
          /^::error::issue_comment\.created #1: .*Resource not accessible by integration/,
        ),
      ]);
      expect(calls(github.requests).filter((c) => !c.startsWith("GET"))).toEqual([
        `POST ${REPO_PATH}/labels`,
      ]);
      expect(run.summary).toContain("Failed:");
    },
    TIMEOUT,
  );
});
