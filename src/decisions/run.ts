import type { Temporal } from "temporal-polyfill";
import { type ConfigPort, loadConfig } from "../config/load.js";
import type { Action } from "../github/actions.js";
import { type ExecuteOptions, executePlan } from "../github/executor.js";
import type { EffectPorts } from "../github/port.js";
import { render } from "../output/render.js";
import { applyCommands, calendarOf } from "./apply.js";
import { planBlocked } from "./blocked.js";
import type { ParsedCommand } from "./commands.js";
import { dueWork } from "./due.js";
import { loadPermission, loadThread } from "./load.js";
import { needsPermission } from "./permissions.js";
import { planDecisionChange } from "./plan.js";
import { replyComment } from "./render.js";
import { MARKERS } from "../github/markers.js";

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

/** The labels an issue will carry once these actions ran (for planning two changes in a row). */
function labelsAfter(labels: readonly string[], actions: readonly Action[]): string[] {
  const out = new Map(labels.map((l) => [l.toLowerCase(), l]));
  for (const a of actions) {
    if (a.type === "addLabel") out.set(a.label.name.toLowerCase(), a.label.name);
    if (a.type === "removeLabel") out.delete(a.name.toLowerCase());
  }
  return [...out.values()];
}

/**
 * Run the commands of one comment: load the config, the issue's thread and (only when a
 * command needs it) the commenter's permission once; settle a deadline that passed before the
 * tick got to it; apply the commands in order; then write.
 */
export async function runDecisionCommands(
  ports: DecisionPorts,
  event: CommentEvent,
  options: ExecuteOptions = {},
): Promise<Action[]> {
  const { octokit, repo, log } = ports;
  const issueNumber = event.issue.number;
  const author = event.comment.author;
  // A lone look-alike (`/decid`) may not be meant for us: no reply when decisions are off.
  const onlyTypos = event.commands.every((c) => c.command.type === "typo");
  const loaded = await loadConfig(ports.config);
  if (loaded.ok && loaded.config.bots.some((b) => b.toLowerCase() === author.toLowerCase())) {
    log.debug({ author }, "skipped: the author is listed under bots");
    return [];
  }
  if ((!loaded.ok || !loaded.config.decisions.enabled) && onlyTypos) return [];
  const thread = await loadThread(octokit, repo, issueNumber, ports.appId);
  const reply = (key: string, body: string): Action[] =>
    thread.postedMarkers.has(MARKERS.reply(key))
      ? []
      : [{ type: "createComment", issueNumber, body }];
  const finish = async (plan: Action[]) => {
    log.debug(
      { commands: event.commands.map((c) => c.command.type), actions: plan.map((a) => a.type) },
      "decision commands planned",
    );
    await executePlan(ports, plan, options);
    return plan;
  };
  if (!loaded.ok) {
    log.warn({ problems: loaded.problems }, "invalid configuration");
    const key = `${event.comment.id}:config`;
    const problems = {
      problems: loaded.problems.slice(0, 50),
      moreProblems: Math.max(0, loaded.problems.length - 50),
    };
    return finish(
      reply(
        key,
        render("decision-reply.md", {
          marker: MARKERS.reply(key),
          kind: "config_error",
          ...problems,
        }),
      ),
    );
  }
  const { config } = loaded;
  if (!config.decisions.enabled) {
    const key = `${event.comment.id}:disabled`;
    return finish(
      reply(key, render("decision-reply.md", { marker: MARKERS.reply(key), kind: "disabled" })),
    );
  }
  const calendar = calendarOf(config);
  const permission = event.commands.some((c) => needsPermission(c.command))
    ? await loadPermission(octokit, repo, author)
    : "none";
  const now = ports.now();

  // Time goes first: a deadline that passed before the tick ran settles the decision, so a
  // late `/object` cannot turn an acceptance into a sync.
  const stored = thread.decision;
  let current = stored;
  if (stored) {
    const work = dueWork(stored.state, now, config, calendar);
    if (work && work.after.status !== stored.state.status)
      current = { ...stored, state: work.after };
  }
  const outcome = applyCommands({
    commands: event.commands,
    actor: {
      login: author,
      permission,
      isIssueAuthor: author.toLowerCase() === event.issue.author.toLowerCase(),
    },
    decision: current,
    issue: { title: event.issue.title, isPrivate: event.repoIsPrivate },
    commentId: event.comment.id,
    now,
    config,
    calendar,
  });

  const plan: Action[] = [];
  for (const r of outcome.replies) plan.push(...reply(r.key, replyComment(r, author, config)));
  const common = { issueNumber, postedMarkers: thread.postedMarkers, config, calendar, now };
  let labels = event.issue.labels;
  // The stored decision changed (settled by time, or closed by an earlier command of this
  // comment): its own labels, status and record first.
  const old = outcome.created ? (outcome.replaced ?? current?.state) : outcome.after;
  if (stored && old && JSON.stringify(old) !== JSON.stringify(stored.state)) {
    const changes = planDecisionChange({
      ...common,
      labels,
      before: stored.state,
      after: old,
      created: false,
      status: { id: stored.commentId, body: stored.commentBody, url: stored.commentUrl },
      ...(!outcome.created && outcome.ownerNotice ? { ownerNotice: outcome.ownerNotice } : {}),
    });
    plan.push(...changes);
    labels = labelsAfter(labels, changes);
  }
  if (outcome.created && outcome.after) {
    plan.push(
      ...planDecisionChange({
        ...common,
        labels,
        before: undefined,
        after: outcome.after,
        created: true,
      }),
    );
  }
  if (outcome.block) {
    plan.push(
      ...planBlocked({
        issueNumber,
        labels,
        change: outcome.block,
        ...(thread.blocked ? { existing: thread.blocked } : {}),
        now: now.toString(),
      }),
    );
  }
  return finish(plan);
}
