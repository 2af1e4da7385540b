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
