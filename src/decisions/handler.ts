import type { Context } from "probot";
import type { Temporal } from "temporal-polyfill";
import { type ConfigMemo, withConfigCache } from "../config/cache.js";
import { configPortFor } from "../config/port.js";
import type { ItemLock } from "../github/keyed-lock.js";
import { labelNames } from "../github/port.js";
import { mayHaveCommand, parseCommands } from "./commands.js";
import { runDecisionCommands } from "./run.js";

export const COMMENT_EVENTS = ["issue_comment.created", "issue_comment.edited"] as const;

export interface CommentHandlerDeps {
  lock: ItemLock;
  now: () => Temporal.Instant;
  appId?: number;
  /** Loaded configurations per repository, kept across events. */
  configs?: ConfigMemo;
}

/**
 * `issue_comment.*`: parse first, so a comment without one of our commands costs no GitHub
 * request; on `edited`, only lines that were not in the previous body run. Most comments hold
 * no line starting with `/`: they are turned away before any Markdown parse.
 */
export async function handleCommentEvent(
  context: Context<(typeof COMMENT_EVENTS)[number]>,
  deps: CommentHandlerDeps,
): Promise<void> {
  const { payload } = context;
  if (!mayHaveCommand(payload.comment.body)) return;
  const previous = payload.action === "edited" ? (payload.changes.body?.from ?? null) : undefined;
  const commands = parseCommands(payload.comment.body, previous);
  if (commands.length === 0) return;
  const repo = context.repo();
  const log = context.log.child({
    repo: `${repo.owner}/${repo.repo}`,
    number: payload.issue.number,
    comment: payload.comment.id,
  });
  if (payload.comment.user?.type === "Bot" || payload.sender?.type === "Bot")
    return log.debug("skipped: commands from a bot");
  // Commands run as the comment's author: an edit by someone else (a maintainer fixing a typo,
  // or a writer adding "/decide accept" to a maintainer's comment) runs nothing.
  if (payload.action === "edited" && payload.sender?.login !== payload.comment.user?.login) {
    return log.debug(
      { editor: payload.sender?.login },
      "skipped: comment edited by someone other than its author",
    );
  }
  const issue = payload.issue;
  await deps.lock.run(`${repo.owner}/${repo.repo}#${issue.number}:decision`, () =>
    runDecisionCommands(
      {
        octokit: context.octokit,
        log,
        repo,
        config: withConfigCache(configPortFor(context.octokit, repo), deps.configs),
        now: deps.now,
        ...(deps.appId ? { appId: deps.appId } : {}),
      },
      {
        issue: {
          number: issue.number,
          title: issue.title,
          labels: labelNames(issue.labels),
          author: issue.user?.login ?? "",
        },
        repoIsPrivate: payload.repository.private,
        comment: {
          id: payload.comment.id,
          author: payload.comment.user?.login ?? "ghost",
          ...(payload.action === "edited" ? { revision: payload.comment.updated_at } : {}),
        },
        commands,
      },
    ),
  );
}
