import type { Temporal } from "temporal-polyfill";
import { type ConfigPort, loadConfig } from "../config/load.js";
import type { Action } from "../github/actions.js";
import { type ExecuteOptions, executePlan } from "../github/executor.js";
import type { EffectPorts } from "../github/port.js";
import { render } from "../output/render.js";
import { applyCommands, calendarOf } from "./apply.js";
import { planBlocked } from "./blocked.js";
import type { ParsedCommand } from "./commands.js";
import { loadPermission, loadThread } from "./load.js";
import { needsPermission } from "./permissions.js";
import { planDecisionChange } from "./plan.js";
import { replyComment, replyMarker } from "./render.js";

export interface DecisionPorts extends EffectPorts {
  config: ConfigPort;
  now: () => Temporal.Instant;
}

export interface CommentEvent {
  issue: { number: number; title: string; labels: string[]; author: string };
  repoIsPrivate: boolean;
  comment: { id: number; author: string };
  commands: ParsedCommand[];
}

/**
 * Run the commands of one comment: load the config, the commenter's permission (only when a
 * command needs it) and the issue's thread once, apply the commands in order, then write.
 */
export async function runDecisionCommands(
  ports: DecisionPorts,
  event: CommentEvent,
  options: ExecuteOptions = {},
): Promise<Action[]> {
  const { octokit, repo, log } = ports;
  const issueNumber = event.issue.number;
  const loaded = await loadConfig(ports.config);
  const thread = await loadThread(octokit, repo, issueNumber, ports.appId);
  const reply = (key: string, body: string): Action[] =>
    thread.postedMarkers.has(replyMarker(key))
      ? []
      : [{ type: "createComment", issueNumber, body }];
  if (!loaded.ok) {
    log.warn({ problems: loaded.problems }, "invalid configuration");
    const body = render("decision-reply.md", {
      marker: replyMarker(`${event.comment.id}:config`),
      kind: "config_error",
      problems: loaded.problems.slice(0, 50),
      moreProblems: Math.max(0, loaded.problems.length - 50),
    });
    const plan = reply(`${event.comment.id}:config`, body);
    await executePlan(ports, plan, options);
    return plan;
  }
  const { config } = loaded;
  if (!config.decisions.enabled) {
    const plan = reply(
      `${event.comment.id}:disabled`,
      render("decision-reply.md", {
        marker: replyMarker(`${event.comment.id}:disabled`),
        kind: "disabled",
      }),
    );
    await executePlan(ports, plan, options);
    return plan;
  }
  const calendar = calendarOf(config);
  const permission = event.commands.some((c) => needsPermission(c.command))
    ? await loadPermission(octokit, repo, event.comment.author)
    : "none";
  const now = ports.now();
  const outcome = applyCommands({
    commands: event.commands,
    actor: {
      login: event.comment.author,
      permission,
      isIssueAuthor: event.comment.author.toLowerCase() === event.issue.author.toLowerCase(),
    },
    decision: thread.decision,
    issue: { title: event.issue.title, isPrivate: event.repoIsPrivate },
    commentId: event.comment.id,
    now,
    config,
    calendar,
  });

  const plan: Action[] = [];
  for (const r of outcome.replies)
    plan.push(...reply(r.key, replyComment(r, event.comment.author, config)));
  if (
    outcome.after &&
    (outcome.created || JSON.stringify(outcome.after) !== JSON.stringify(outcome.before))
  ) {
    const status =
      !outcome.created && thread.decision
        ? {
            id: thread.decision.commentId,
            body: thread.decision.commentBody,
            url: thread.decision.commentUrl,
          }
        : undefined;
    plan.push(
      ...planDecisionChange({
        issueNumber,
        labels: event.issue.labels,
        before: outcome.created ? undefined : outcome.before,
        after: outcome.after,
        created: outcome.created,
        ...(status ? { status } : {}),
        postedMarkers: thread.postedMarkers,
        config,
        calendar,
        now,
        ...(outcome.ownerNotice ? { ownerNotice: outcome.ownerNotice } : {}),
      }),
    );
  }
  if (outcome.block) {
    plan.push(
      ...planBlocked({
        issueNumber,
        labels: event.issue.labels,
        change: outcome.block,
        ...(thread.blocked ? { existing: thread.blocked } : {}),
        now: now.toString(),
      }),
    );
  }
  log.debug(
    { commands: event.commands.map((c) => c.command.type), actions: plan.map((a) => a.type) },
    "decision commands planned",
  );
  await executePlan(ports, plan, options);
  return plan;
}
