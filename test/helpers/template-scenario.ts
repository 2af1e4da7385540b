import nock from "nock";
import { API, githubMock, REPO_PATH } from "./github.js";
import { issuePayload, pullRequestPayload } from "./payloads.js";
import { makeProbot } from "./probot.js";

/*
 * Scenarios for the handler tests of the template check and of the decisions tick: the
 * repeated set-up (the app, the first requests of a delivery, the report a new item gets),
 * named for what it means. Every request is still a `githubMock` interceptor, so the tests
 * keep asserting exactly what was sent and that nothing was left pending.
 */

export type GitHubMock = ReturnType<typeof githubMock>;
type Comments = Parameters<GitHubMock["listComments"]>[1];
type PayloadOptions = NonNullable<Parameters<typeof pullRequestPayload>[1]>;

// ---------------------------------------------------------------- template check

export const PR = 2;
export const ISSUE = 1;
export const LABEL = "template: incomplete";
export const HEAD_SHA = "ec26c3e57ca3a959ca5aad62de7213c562f8c821";
export const CONFIG = "template:\n  min_words: 1\n";
export const INCOMPLETE = "## Problem\nThe cache is stale.\n\n## Solution\nInvalidate on write.\n";
export const INCOMPLETE_REWORDED =
  "## Problem\nThe cache goes stale after deploys.\n\n## Solution\nInvalidate it on every write.\n";
export const COMPLETE = `${INCOMPLETE}\n## How to test\nRun \`npm test\` and deploy to staging.\n`;

/*
 * Issues under the default rules: the sections of the issue template or form the issue was
 * written from, or (written from none) a description of the problem, heading optional.
 */
/** A blank issue that says what is wrong, without any heading. */
export const ISSUE_DESCRIBED =
  "Exporting a report to CSV fails with a 500 error since 2.3.0; PDF export still works.\n";
/** An issue whose only words are a heading and a comment: nothing describes the problem. */
export const ISSUE_UNDESCRIBED = "## Problem\n<!-- What happened? -->\n";

/** `.github/ISSUE_TEMPLATE/bug_report.yml`, shaped like GitHub's own issue form example. */
export const BUG_REPORT_FORM = `name: Bug report
description: Report something that does not work
labels: [bug]
body:
  - type: markdown
    attributes:
      value: Thanks for taking the time to fill out this bug report!
  - type: textarea
    id: what-happened
    attributes:
      label: What happened?
      description: Also tell us what you expected to happen.
      placeholder: Tell us what you see!
    validations:
      required: true
  - type: textarea
    id: steps
    attributes:
      label: Steps to reproduce
      placeholder: "1. Go to … 2. Click on …"
    validations:
      required: true
  - type: input
    id: version
    attributes:
      label: Version
`;

/** `.github/ISSUE_TEMPLATE/feature_request.yml`. */
export const FEATURE_REQUEST_FORM = `name: Feature request
description: Suggest an idea
labels: [enhancement]
body:
  - type: textarea
    attributes:
      label: Is your feature request related to a problem?
    validations:
      required: true
  - type: textarea
    attributes:
      label: Describe the solution you'd like
    validations:
      required: true
`;

/** How GitHub writes a bug report submitted through \`BUG_REPORT_FORM\` (Version left blank). */
export const BUG_REPORT_BODY =
  "### What happened?\n\nExporting a report to CSV fails with a 500 error.\n\n### Steps to reproduce\n\n1. Open Reports\n2. Click Export → CSV\n\n### Version\n\n_No response_";

/**
 * The repository's issue forms: \`.github/\` lists an \`ISSUE_TEMPLATE/\` folder holding
 * \`forms\` (each read, in order) and a \`config.yml\` (the chooser's settings, never read).
 */
export function issueForms(gh: GitHubMock, forms: Record<string, string>) {
  const folder = ".github/ISSUE_TEMPLATE";
  gh.scope.get(`${REPO_PATH}/contents/.github`).reply(200, [
    { name: "ISSUE_TEMPLATE", path: folder, type: "dir" },
    { name: "workflows", path: ".github/workflows", type: "dir" },
  ]);
  const files = [...Object.keys(forms), "config.yml"].map((name) => ({
    name,
    path: `${folder}/${name}`,
    type: "file",
  }));
  gh.scope.get(`${REPO_PATH}/contents/${encodeURIComponent(folder)}`).reply(200, files);
  for (const [name, text] of Object.entries(forms)) {
    gh.scope
      .get(`${REPO_PATH}/contents/${encodeURIComponent(`${folder}/${name}`)}`)
      .reply(200, text, { "content-type": "text/plain" });
  }
  return gh;
}

/** The calls \`issueForms\` answers, for forms named \`names\`. */
export const issueFormReads = (...names: string[]) => [
  `GET ${REPO_PATH}/contents/.github`,
  `GET ${REPO_PATH}/contents/.github/ISSUE_TEMPLATE`,
  ...names.map((n) => `GET ${REPO_PATH}/contents/.github/ISSUE_TEMPLATE/${n}`),
];

export interface CheckRunBody {
  name: string;
  head_sha: string;
  status: string;
  conclusion: string;
  output: { title: string; summary: string };
}

/**
 * The app loaded into Probot; each call delivers one real payload from
 * @octokit/webhooks-examples. The check first re-reads the item: unless a test says how the
 * item is now (`current`), GitHub answers with the payload's own item, once (an interceptor
 * left unused fails the test). `current: null` expects no re-read: the event is skipped
 * before any request.
 */
export async function templateApp() {
  const { receive, logs } = await makeProbot();
  return {
    logs,
    pullRequest: (
      action: string,
      options: PayloadOptions = {},
      delivery?: string,
      current?: object | null,
    ) => {
      const payload = pullRequestPayload(action, options);
      const pr = payload.pull_request as { number: number };
      if (current !== null)
        nock(API)
          .get(`${REPO_PATH}/pulls/${pr.number}`)
          .reply(200, current ?? pr);
      return receive("pull_request", payload, delivery);
    },
    issue: (action: string, options: PayloadOptions = {}, current?: object | null) => {
      const payload = issuePayload(action, options);
      const issue = payload.issue as { number: number };
      if (current !== null)
        nock(API)
          .get(`${REPO_PATH}/issues/${issue.number}`)
          .reply(200, current ?? issue);
      return receive("issues", payload);
    },
  };
}

/** The first requests of an installation's delivery: its token and the config. */
export const delivery = (config: string | null = CONFIG) => githubMock().token().config(config);

/** A delivery for a pull request: token, config, the template lookup (none found), the check run. */
export const prDelivery = (config: string | null = CONFIG) =>
  delivery(config).noTemplates().checkRun();

/** A delivery for an issue: token, config and the template lookup (none found); no check run. */
export const issueDelivery = (config: string | null = CONFIG) => delivery(config).noTemplates();

/** The calls `delivery().noTemplates()` makes, in order. */
export const FIRST_READS = [
  "POST /app/installations/2/access_tokens",
  `GET ${REPO_PATH}/contents/.github/async-status.yml`,
  `GET ${REPO_PATH}/contents/.github`,
  `GET ${REPO_PATH}/contents`,
  `GET ${REPO_PATH}/contents/docs`,
];

/**
 * The item's first report: its comments are listed (`comments`, none by default), the app's
 * comment is posted, the label is looked up (and created unless `labelExists`) and added.
 */
export function firstReport(
  gh: GitHubMock,
  item: number,
  options: { labelExists?: boolean; commentId?: number; comments?: Comments } = {},
) {
  return gh
    .listComments(item, options.comments ?? [])
    .createComment(item, options.commentId)
    .label(LABEL, options.labelExists ?? true)
    .addLabels(item);
}

/** The check run the delivery posted. */
export const checkRunOf = (gh: GitHubMock) =>
  gh.body("POST", `${REPO_PATH}/check-runs`) as CheckRunBody;

/** The body of the comment posted on an issue or pull request. */
export const postedComment = (gh: GitHubMock, item: number) =>
  (gh.body("POST", `${REPO_PATH}/issues/${item}/comments`) as { body: string }).body;

/** The new body of an edited comment. */
export const editedComment = (gh: GitHubMock, id: number) =>
  (gh.body("PATCH", `${REPO_PATH}/issues/comments/${id}`) as { body: string }).body;
