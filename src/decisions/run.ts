import type { Temporal } from "temporal-polyfill";
import { planAgendaFlag } from "../agenda/index.js";
import { planBlocked } from "../blocked/index.js";
import { type ConfigPort, loadConfig } from "../config/load.js";
import type { Config } from "../config/schema.js";
import type { Action, Reaction } from "../github/actions.js";
import { type ExecuteOptions, executePlan } from "../github/executor.js";
import type { EffectPorts } from "../github/port.js";
import { render } from "../output/render.js";
import { calendarOf, type ProjectCalendar } from "../time/calendar.js";
import { loadNaturalDates } from "../time/natural-deadline.js";
import type { ParsedCommand } from "./commands.js";
import { dueWork } from "./due.js";
import { type IssueThread, loadPermission, loadTeams, loadThread, replyKeysOf } from "./load.js";
import { needsPermission, type Permission } from "./permissions.js";
import { planDecisionChange, type Transition } from "./plan.js";
import { type Reduction, reduceCommands } from "./reduce.js";
import { replyComment, replyMarker } from "./render.js";
import type { Reply } from "./rules.js";
import { type DecisionState, isActive } from "./state.js";
import { NO_TEAMS, type TeamMembers, teamsNamed } from "./teams.js";

/** The reaction that says "done" on a command's comment: 👍. */
const ACKNOWLEDGE: Reaction = "+1";

export interface DecisionPorts extends EffectPorts {
  /** Where the config comes from, or the config already loaded (the tick's). */
  config: ConfigPort | { loaded: Config };
  now: () => Temporal.Instant;
}

export interface CommentEvent {
  issue: { number: number; title: string; labels: string[]; author: string };
  repoIsPrivate: boolean;
  /** `revision`: the edit's `updated_at`, for an edited comment. */
  comment: { id: number; author: string; revision?: string };
  commands: ParsedCommand[];
}

/** Everything the pure steps need, read once. */
interface Loaded {
  config: Config;
  calendar: ProjectCalendar;
  thread: IssueThread;
  permission: Permission;
  /** The members of the teams the decision (or a `/decide` here) names, as far as readable. */
  teams: TeamMembers;
  now: Temporal.Instant;
}

/**
 * Run the commands of one comment, in named steps: load (config, the issue's thread, and, only
 * when a command needs them, the commenter's permission and the named teams' members), settle
 * a deadline that passed before the tick got to it, reduce the commands with the rules, plan,
 * write. Quiet by default: a command that worked gets a reaction on its comment (and the status
 * comment shows it); only what a person must read gets a reply, one per command comment.
 */
export async function runDecisionCommands(
  ports: DecisionPorts,
  event: CommentEvent,
  options: ExecuteOptions = {},
): Promise<Action[]> {
  await loadNaturalDates();
  const loaded = await load(ports, event);
  if (loaded.type === "plan") return execute(ports, event, loaded.plan, options);
  const reduction = reduceCommands({
    start: settle(loaded),
    commands: event.commands,
    actor: {
      login: event.comment.author,
      permission: loaded.permission,
      isIssueAuthor: same(event.comment.author, event.issue.author),
    },
    issue: { title: event.issue.title, isPrivate: event.repoIsPrivate },
    teams: loaded.teams,
    commentId: event.comment.id,
    ...(event.comment.revision ? { revision: event.comment.revision } : {}),
    statusUrl: loaded.thread.decision?.commentUrl ?? "",
    now: loaded.now,
    config: loaded.config,
    calendar: loaded.calendar,
  });
  return execute(ports, event, planReduction(event, loaded, reduction), options);
}

const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/** Step 1: read what the rules need, or answer right away (bots, invalid config, decisions off). */
async function load(
  ports: DecisionPorts,
  event: CommentEvent,
): Promise<({ type: "loaded" } & Loaded) | { type: "plan"; plan: Action[] }> {
  const { octokit, repo, log } = ports;
  const author = event.comment.author;
  // A lone look-alike (`/decid`) may not be meant for us: no reply when decisions are off.
  const onlyTypos = event.commands.every((c) => c.command.type === "typo");
  const config =
    "loaded" in ports.config
      ? { ok: true as const, config: ports.config.loaded }
      : await loadConfig(ports.config);
  if (config.ok && config.config.bots.some((b) => same(b, author))) {
    log.debug({ author }, "skipped: the author is listed under bots");
    return { type: "plan", plan: [] };
  }
  if ((!config.ok || !config.config.decisions.enabled) && onlyTypos)
    return { type: "plan", plan: [] };
  const thread = await loadThread(octokit, repo, event.issue.number, ports.appId);
  const answer = (kind: string, view: object = {}) => {
    const key = `${event.comment.id}:${kind}`;
    const body = render("decision-reply.md", {
      marker: replyMarker([key]),
      replies: [{ key, kind, ...view }],
    });
    const plan: Action[] = answered(thread).has(key)
      ? []
      : [{ type: "createComment", issueNumber: event.issue.number, body }];
    return { type: "plan" as const, plan };
  };
  if (!config.ok) {
    log.warn({ problems: config.problems }, "invalid configuration");
    return answer("config_error", {
      problems: config.problems.slice(0, 50),
      moreProblems: Math.max(0, config.problems.length - 50),
    });
  }
  if (!config.config.decisions.enabled) return answer("disabled");
  const checked = event.commands.some((c) => needsPermission(c.command));
  const permission = checked ? await loadPermission(octokit, repo, author) : "none";
  const teams = checked ? await loadTeams(octokit, teamsToRead(thread, event.commands)) : NO_TEAMS;
  return {
    type: "loaded",
    config: config.config,
    calendar: calendarOf(config.config),
    thread,
    permission,
    teams,
    now: ports.now(),
  };
}

/** The teams named by the open decision and by any `/decide` of the comment. */
function teamsToRead(thread: IssueThread, commands: readonly ParsedCommand[]): string[] {
  const state = thread.decision?.state;
  return teamsNamed([
    ...(state && isActive(state) ? state.stakeholders : []),
    ...commands.flatMap((c) => (c.command.type === "decide" ? c.command.stakeholders : [])),
  ]);
}

/**
 * Step 2 (pure): time goes first. A deadline that passed before the tick ran settles the
 * decision, so a late `/object` cannot turn an acceptance into a sync.
 */
function settle(loaded: Loaded): {
  decision: DecisionState | undefined;
  transitions: Transition[];
} {
  const stored = loaded.thread.decision?.state;
  if (!stored) return { decision: undefined, transitions: [] };
  const work = dueWork(stored, loaded.now, loaded.config, loaded.calendar, loaded.teams);
  if (!work || work.after.status === stored.status) return { decision: stored, transitions: [] };
  return { decision: work.after, transitions: [{ before: stored, after: work.after }] };
}

/**
 * Step 3 (pure): the comment's one reply, each decision's transition, `/blocked`, and last,
 * once all of it is written, the reaction that acknowledges the comment.
 */
function planReduction(event: CommentEvent, loaded: Loaded, r: Reduction): Action[] {
  const { thread, config, calendar, now } = loaded;
  const issueNumber = event.issue.number;
  const stored = thread.decision;
  // Replies go after the state: a reply marks the comment handled for the lost-commands job,
  // so it must not be written before the state it answers alongside.
  const plan: Action[] = [];
  const transitions = r.transitions.map((t) => ({
    ...t,
    ...(stored && t.before?.id === stored.state.id
      ? { status: { id: stored.commentId, body: stored.commentBody, url: stored.commentUrl } }
      : {}),
  }));
  plan.push(
    ...planDecisionChange({
      issueNumber,
      labels: event.issue.labels,
      transitions,
      postedMarkers: thread.postedMarkers,
      config,
      calendar,
      now,
      teams: loaded.teams,
    }),
  );
  // `/blocked` and `/agenda`: the last line of each kind decides.
  const common = { issueNumber, labels: event.issue.labels, now: now.toString() };
  const block = r.effects.findLast((e) => e.type === "block" || e.type === "unblock");
  const flag = r.effects.findLast((e) => e.type === "flag" || e.type === "flag_done");
  const effects: Action[][] = [];
  if (block)
    effects.push(
      planBlocked({
        ...common,
        change:
          block.type === "block"
            ? { action: "block", reason: block.reason, by: block.by }
            : { action: "unblock", by: block.by },
        ...(thread.blocked ? { existing: thread.blocked } : {}),
      }),
    );
  if (flag)
    effects.push(
      planAgendaFlag({
        ...common,
        change:
          flag.type === "flag"
            ? { action: "flag", reason: flag.reason, by: flag.by }
            : { action: "done", by: flag.by },
        ...(thread.agendaFlag ? { existing: thread.agendaFlag } : {}),
      }),
    );
  // Judged by the app's comment, not the labels (a redelivery carries the labels of then): a
  // redelivered `/blocked` or `/agenda` plans the same comment again, which changes nothing.
  const effectChanged = effects.some(changesComment);
  plan.push(...effects.flat());
  plan.push(...replyPlan(event, thread, r.replies, config));
  if (r.acknowledged || effectChanged)
    plan.push({ type: "addReaction", commentId: event.comment.id, content: ACKNOWLEDGE });
  return plan;
}

/** Whether a plan's marked comment gets a new body (created, or edited). */
const changesComment = (plan: readonly Action[]) =>
  plan.some((a) => a.type === "upsertComment" && a.existing?.body !== a.body);

/** The reply keys the thread has answered already, read from the app's reply markers. */
const answered = (thread: IssueThread) => new Set([...thread.postedMarkers].flatMap(replyKeysOf));

/**
 * The comment's replies not yet answered, as one reply comment: a redelivery finds them all
 * answered and posts nothing; an edit that adds a failing line gets one reply for that line.
 */
function replyPlan(
  event: CommentEvent,
  thread: IssueThread,
  replies: readonly Reply[],
  config: Config,
): Action[] {
  const done = answered(thread);
  const fresh = replies.filter((x) => !done.has(x.key));
  if (fresh.length === 0) return [];
  const body = replyComment(fresh, event.comment.author, config);
  return [{ type: "createComment", issueNumber: event.issue.number, body }];
}

/** Step 4: perform the plan (or print it). */
async function execute(
  ports: DecisionPorts,
  event: CommentEvent,
  plan: Action[],
  options: ExecuteOptions,
): Promise<Action[]> {
  ports.log.debug(
    { commands: event.commands.map((c) => c.command.type), actions: plan.map((a) => a.type) },
    "decision commands planned",
  );
  await executePlan(ports, plan, options);
  return plan;
}
