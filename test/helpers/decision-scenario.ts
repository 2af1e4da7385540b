import type { Temporal } from "temporal-polyfill";
import { type DecisionState, decodeState } from "../../src/decisions/state.js";
import {
  DECISION_CONFIG_YAML,
  makeDecision,
  NOW,
  statusCommentFixture,
} from "../factories/decision.js";
import { githubMock, REPO_PATH } from "./github.js";
import { commentPayload } from "./payloads.js";
import { makeProbot } from "./probot.js";

/*
 * Scenarios for the handler tests of decision commands (`issue_comment.*`): the repeated
 * set-up (the app at a fixed "now", the first reads of a delivery, the writes of a common
 * outcome), named for what it means. Every request is still a `githubMock` interceptor, so
 * the tests keep asserting exactly what was sent, and `useNock` that nothing was left pending.
 */

export type GitHubMock = ReturnType<typeof githubMock>;
type Comments = Parameters<GitHubMock["listComments"]>[1];
type CommentOptions = Parameters<typeof commentPayload>[1];

/** Issue #1 of Codertocat/Hello-World: every comment payload is on it. */
export const ISSUE = 1;
/** The id of `statusCommentFixture`'s comment: the open decision's status. */
export const STATUS = 901;
/** The due label of `makeDecision()`: Friday 27 November 2026 in Berlin. */
export const DUE_LABEL = "due: 2026-11-27";
/** The labels of an issue with `makeDecision()` open. */
export const PENDING_LABELS = ["decision", "decision: pending", DUE_LABEL];
/** The issue's comments endpoint, as `gh.calls()` spells it. */
export const COMMENTS = `${REPO_PATH}/issues/${ISSUE}/comments`;

/**
 * The status comment of an open decision (`makeDecision(overrides)`: pending unless overridden),
 * as GitHub returns it.
 */
export const openStatus = (overrides: Partial<DecisionState> = {}) =>
  statusCommentFixture(makeDecision(overrides));

/**
 * The app loaded into Probot at `now` (NOW by default); `comment` delivers one real
 * `issue_comment` payload from @octokit/webhooks-examples.
 */
export async function decisionApp(now: Temporal.Instant = NOW) {
  const { receive } = await makeProbot({ now: () => now });
  return {
    comment: (action: "created" | "edited", options: CommentOptions, delivery?: string) =>
      receive("issue_comment", commentPayload(action, options), delivery),
  };
}

/** What GitHub's team members API answers for a team: its members, or 403/404 (the app cannot read it). */
export type TeamAnswer = string[] | 403 | 404;

/**
 * `GET /orgs/{org}/teams/{team}/members`, for `team` (`org/team`): one page of members, or the
 * status that says the installation cannot read the team.
 */
export function teamMembers(gh: GitHubMock, team: string, answer: TeamAnswer) {
  const route = gh.scope.get(`/orgs/${team.replace("/", "/teams/")}/members`).query({
    per_page: "100",
  });
  if (typeof answer === "number") route.reply(answer, { message: "Not Found" });
  else
    route.reply(
      200,
      answer.map((login, i) => ({ login, id: 500 + i, type: "User" })),
    );
  return gh;
}

/**
 * The first reads of a delivery that carries a command: the installation token, the config,
 * the issue's comments (`thread`) and, when `permission` is given, the commenter's permission
 * and then the members of the teams the decision names (`teams`: `org/team` → the answer).
 */
export function commandDelivery(
  thread: Comments = [],
  permission?: { login: string; is: string | null },
  teams: Record<string, TeamAnswer> = {},
) {
  const gh = githubMock().token().config(DECISION_CONFIG_YAML).listComments(ISSUE, thread);
  if (permission) gh.permission(permission.login, permission.is);
  for (const [team, answer] of Object.entries(teams)) teamMembers(gh, team, answer);
  return gh;
}

/** The fixture decision's team, `@org/team`, which the installation cannot read (no members permission). */
export const UNREADABLE_TEAM: Record<string, TeamAnswer> = { "org/team": 403 };

/**
 * The first reads of a delivery on the issue with the fixture decision open (`openStatus()`):
 * the thread with its status comment, the commenter's permission, and `@org/team`, which the
 * app cannot read.
 */
export const onOpenDecision = (login: string, is: string | null) =>
  commandDelivery([openStatus()], { login, is }, UNREADABLE_TEAM);

/**
 * An objection took effect: the `decision: objected` label added, the status comment saved,
 * and the command's comment reacted to. No comment is posted.
 */
export const objects = (gh: GitHubMock) =>
  reacts(gh.label("decision: objected", true).addLabels(ISSUE).updateComment(STATUS));

/** The reaction endpoint of a comment, as `gh.calls()` spells it. */
export const reactionsOf = (commentId: number) =>
  `${REPO_PATH}/issues/comments/${commentId}/reactions`;

/**
 * The command's comment (1001 unless given) gets a reaction: 201 when new, 200 when the app
 * had reacted already, 404 when the comment was deleted meanwhile.
 */
export const reacts = (gh: GitHubMock, commentId = 1001, status: 200 | 201 | 404 = 201) => {
  gh.scope
    .post(reactionsOf(commentId))
    .reply(
      status,
      status === 404
        ? { message: "Not Found" }
        : { id: 7, content: "+1", user: { login: "async-status[bot]" } },
    );
  return gh;
};

/** A notice posted once: the thread is read again for its marker (`thread`), then it is posted. */
export const notice = (gh: GitHubMock, thread: Comments = []) =>
  gh.listComments(ISSUE, thread).createComment(ISSUE);

/**
 * The decision is accepted: the accepted label added, the `## Decision` record appended to the
 * issue body (which reads `body`), the announcement posted and the status comment saved.
 */
export const accepts = (gh: GitHubMock, options: { body: string; thread: Comments }) =>
  notice(
    gh
      .label("decision: accepted", true)
      .addLabels(ISSUE)
      .getIssue(ISSUE, { body: options.body })
      .updateIssue(ISSUE),
    options.thread,
  ).updateComment(STATUS);

/**
 * `DUE_LABEL` is removed from the issue and then looked up on other issues: deleted when no
 * other issue carries it, kept when `stillUsed`.
 */
export const dropsDueLabel = (gh: GitHubMock, options: { stillUsed?: boolean } = {}) => {
  gh.removeLabel(ISSUE, DUE_LABEL).issuesWithLabel(DUE_LABEL, options.stillUsed ? 1 : 0);
  return options.stillUsed ? gh : gh.deleteLabel(DUE_LABEL);
};

/** What the delivery wrote, read back from the recorded request bodies. */
export const read = {
  /** The body of the comment posted on the issue ("" when none was). */
  posted: (gh: GitHubMock) =>
    (gh.body("POST", COMMENTS) as { body: string } | undefined)?.body ?? "",
  /** The new body of the status comment ("" when it was not edited). */
  status: (gh: GitHubMock) =>
    (gh.body("PATCH", `${REPO_PATH}/issues/comments/${STATUS}`) as { body: string } | undefined)
      ?.body ?? "",
  /** The decision state saved in the edited status comment. */
  state: (gh: GitHubMock) => decodeState(read.status(gh)),
  /** The issue's new body (the `## Decision` record appended). */
  issueBody: (gh: GitHubMock) =>
    (gh.body("PATCH", `${REPO_PATH}/issues/${ISSUE}`) as { body: string }).body,
  /** The body of the request that added labels to the issue. */
  addedLabels: (gh: GitHubMock) => gh.body("POST", `${REPO_PATH}/issues/${ISSUE}/labels`),
  /** The bodies of every comment posted on the issue, in order. */
  allPosted: (gh: GitHubMock) =>
    gh.requests
      .filter((r) => r.method === "POST" && r.path === COMMENTS)
      .map((r) => (r.body as { body: string }).body),
  /** The body of the reaction added to a comment (1001 unless given). */
  reaction: (gh: GitHubMock, commentId = 1001) => gh.body("POST", reactionsOf(commentId)),
  /** Every write ("METHOD /path" of what is not a GET or the token). */
  writes: (gh: GitHubMock) =>
    gh.calls().filter((c) => !c.startsWith("GET") && !c.includes("/access_tokens")),
};
