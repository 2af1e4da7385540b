import type { Context } from "probot";
import { type ConfigMemo, withConfigCache } from "../config/cache.js";
import { configPortFor } from "../config/port.js";
import type { ItemLock } from "../github/keyed-lock.js";
import { type CheckedItem, itemFromIssue, itemFromPullRequest, triggerFrom } from "./item.js";
import type { TemplateCache } from "./repo-templates.js";
import { runTemplateCheck } from "./run.js";

export const PULL_REQUEST_EVENTS = [
  "pull_request.opened",
  "pull_request.edited",
  "pull_request.reopened",
  "pull_request.synchronize",
  "pull_request.ready_for_review",
  "pull_request.labeled",
  "pull_request.unlabeled",
] as const;
export const ISSUE_EVENTS = [
  "issues.opened",
  "issues.edited",
  "issues.reopened",
  "issues.labeled",
  "issues.unlabeled",
] as const;

export interface HandlerDeps {
  lock: ItemLock;
  templates: TemplateCache;
  /** Labels async-status writes itself (the capabilities' registry): changes to them need no re-check. */
  isAppLabel: (name: string) => boolean;
  appId?: number;
  /** Loaded configurations per repository, kept across events. */
  configs?: ConfigMemo;
}

type TemplateContext = Context<
  (typeof PULL_REQUEST_EVENTS)[number] | (typeof ISSUE_EVENTS)[number]
>;

/** `pull_request.*` and `issues.*`: guard, then hand over to the template check. */
export async function handleTemplateEvent(
  context: TemplateContext,
  deps: HandlerDeps,
): Promise<void> {
  const { payload } = context;
  const item: CheckedItem =
    "pull_request" in payload
      ? itemFromPullRequest(payload.pull_request)
      : itemFromIssue(payload.issue);
  const repo = context.repo();
  const log = context.log.child({
    repo: `${repo.owner}/${repo.repo}`,
    number: item.number,
    kind: item.kind,
  });
  if (item.state === "closed") return log.debug("skipped: closed");
  // An edit that left the description alone (the title, or a PR's base) cannot change the
  // verdict: skip it without a request. Should the item still lack its check run (its earlier
  // delivery was lost), the template-repair job (src/template-check/job.ts) writes it within
  // one tick, so nothing waits on this event.
  if (payload.action === "edited" && !("body" in (payload.changes ?? {}))) {
    return log.debug({ changed: Object.keys(payload.changes ?? {}) }, "skipped: body not edited");
  }
  // The app's own label writes come back as events: skip them without a request. Other bots'
  // label changes (a labeler adding the skip label) are handled like anyone's.
  if (
    "label" in payload &&
    payload.sender?.type === "Bot" &&
    deps.isAppLabel(payload.label?.name ?? "")
  ) {
    return log.debug("skipped: the app's own label change");
  }
  // One check at a time per item in this process: read, judge and write stay together.
  await deps.lock.run(`${repo.owner}/${repo.repo}#${item.number}:template`, () =>
    runTemplateCheck(
      {
        octokit: context.octokit,
        log,
        repo,
        config: withConfigCache(configPortFor(context.octokit, repo), deps.configs),
        templates: deps.templates,
        ...(deps.appId ? { appId: deps.appId } : {}),
      },
      item,
      triggerFrom(payload),
      { lock: deps.lock },
    ),
  );
}
