import type { Temporal } from "temporal-polyfill";
import type { Config } from "../config/schema.js";
import type { ProjectCalendar } from "../time/calendar.js";
import { type DeadlineResult, looksLikeMistypedDeadline, parseDeadline } from "../time/deadline.js";
import type { Command } from "./commands.js";
import { type Actor, objectionOf } from "./permissions.js";
import { type DecisionState, isActive } from "./state.js";

/**
 * A reply to a command line, for what a person must read (a refusal, an error, help, a typo):
 * `key` makes it idempotent (one reply per command line, ever). A comment's replies go into one
 * reply comment.
 */
export type Reply =
  | { key: string; kind: "help" }
  | { key: string; kind: "typo"; written: string; suggestion: string }
  | { key: string; kind: "usage"; message: string }
  | { key: string; kind: "refused"; command: string; reason: string }
  | { key: string; kind: "bad_deadline"; error: string }
  | { key: string; kind: "already_open"; url: string }
  | { key: string; kind: "no_decision"; command: string }
  | { key: string; kind: "no_objection"; user: string };
export type ReplyBody = Reply extends infer R
  ? R extends unknown
    ? Omit<R, "key">
    : never
  : never;

/** What a command does besides changing the decision. */
export type Effect =
  | { type: "block"; reason: string; by: string }
  | { type: "unblock"; by: string }
  | { type: "flag"; reason: string; by: string }
  | { type: "flag_done"; by: string };

/** Everything a rule may look at. Pure data: no GitHub, no clock but `now`. */
export interface RuleInput<C extends Command = Command> {
  /** The issue's decision as it stands before this command (settled by time, earlier lines applied). */
  state: DecisionState | undefined;
  actor: Actor;
  command: C;
  now: Temporal.Instant;
  config: Config;
  calendar: ProjectCalendar;
  issue: { title: string };
  /** The comment the command is in (a decision it opens takes its id). */
  commentId: number;
  /** The command as written (`/decide`, `/Agree`), for replies. */
  name: string;
  /** The line's idempotency key, recorded in the state it changes. */
  key: string;
  /** The current status comment's address, for replies that point to it. */
  statusUrl: string;
}

/** One rule's answer: a new state, effects, and replies; an absent `next` changes nothing. */
export interface RuleResult {
  next?: DecisionState;
  effects?: Effect[];
  reply?: ReplyBody;
}

export type Rule<C extends Command = Command> = (input: RuleInput<C>) => RuleResult;
type RuleTable = { [K in Command["type"]]: Rule<Extract<Command, { type: K }>> };

const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/** Apply `change` to a copy of the active decision and record the line; `no_decision` without one. */
function onActive<C extends Command>(
  input: RuleInput<C>,
  change: (draft: DecisionState) => RuleResult | undefined,
): RuleResult {
  const { state } = input;
  if (!state || !isActive(state)) return { reply: { kind: "no_decision", command: input.name } };
  const draft = structuredClone(state);
  const result = change(draft);
  if (result?.reply) return result;
  draft.applied = [...draft.applied, input.key].slice(-MAX_APPLIED);
  return { ...result, next: draft };
}

/** Keep the idempotency log bounded. */
export const MAX_APPLIED = 200;

/**
 * Text that was surely meant as a deadline (digits, weekdays, "next", spans, a mistyped weekday
 * or month such as "thrusday"), so an error is reported.
 */
export function looksLikeDeadline(text: string): boolean {
  return (
    /\d|\b(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\b|\b(?:today|tomorrow|next|in|days?|weeks?|hours?|bd)\b/i.test(
      text,
    ) || looksLikeMistypedDeadline(text)
  );
}

function defaultDeadline(input: RuleInput): DeadlineResult {
  const { config, now, calendar } = input;
  const span = config.decisions.default_deadline;
  const text = span.unit === "business_days" ? `${span.amount}bd` : `${span.amount} ${span.unit}`;
  // The configured default is trusted to be within bounds: it is the team's own choice.
  const parsed = parseDeadline(text, now, calendar);
  return parsed.ok
    ? parsed
    : { ok: true, deadline: now.toZonedDateTimeISO(calendar.timeZone).add({ days: 3 }) };
}

const bounds = (config: Config) => ({
  min: config.decisions.min_deadline,
  max: config.decisions.max_deadline,
});

const close =
  (status: "cancelled" | "accepted" | "rejected"): Rule =>
  (input) =>
    onActive(input, (d) => {
      d.status = status;
      d.closedAt = input.now.toString();
      d.closedBy = input.actor.login;
      return undefined;
    });

/**
 * The decision rules: one pure function per command, mapping (state, actor, command, now,
 * config) to a new state, effects and a reply. Permissions are checked before a rule runs.
 */
export const RULES: RuleTable = {
  help: () => ({ reply: { kind: "help" } }),
  typo: ({ command }) => ({
    reply: { kind: "typo", written: command.written, suggestion: command.suggestion },
  }),
  usage: ({ command }) => ({ reply: { kind: "usage", message: command.message } }),

  decide(input) {
    const { command, state, now, config, actor } = input;
    if (state && isActive(state)) return { reply: { kind: "already_open", url: input.statusUrl } };
    let recommendation = command.recommendation;
    let deadline =
      command.deadline === null
        ? defaultDeadline(input)
        : parseDeadline(command.deadline, now, input.calendar, bounds(config));
    if (!deadline.ok && command.deadline !== null && !looksLikeDeadline(command.deadline)) {
      // "Adopt the guide written by Google": "by" was part of the recommendation.
      recommendation = `${recommendation ?? ""} by ${command.deadline}`.trim();
      deadline = defaultDeadline(input);
    }
    if (!deadline.ok) return { reply: { kind: "bad_deadline", error: deadline.error } };
    return {
      next: {
        v: 1,
        id: String(input.commentId),
        status: "pending",
        recommendation: (recommendation ?? input.issue.title).slice(0, 256),
        owner: actor.login,
        openedAt: now.toString(),
        deadline: deadline.deadline.toInstant().toString(),
        stakeholders: command.stakeholders,
        agreements: [],
        objections: [],
        reminded: false,
        ownerNotified: false,
        applied: [input.key],
      },
    };
  },

  extend: (input) =>
    onActive(input, (d) => {
      const parsed = parseDeadline(
        input.command.deadline,
        input.now,
        input.calendar,
        bounds(input.config),
      );
      if (!parsed.ok) return { reply: { kind: "bad_deadline", error: parsed.error } };
      d.deadline = parsed.deadline.toInstant().toString();
      d.reminded = false;
      // Extending a decision that went to the sync gives it another round.
      d.status = "pending";
      return undefined;
    }),
  cancel: close("cancelled"),
  accept: close("accepted"),
  reject: close("rejected"),

  agree: (input) =>
    onActive(input, (d) => {
      const { login } = input.actor;
      const at = input.now.toString();
      if (!d.agreements.some((a) => same(a.user, login))) d.agreements.push({ user: login, at });
      // Agreeing after objecting is a change of mind: the objection is withdrawn.
      const own = objectionOf(d, login);
      if (own) {
        own.withdrawnAt = at;
        own.withdrawnBy = login;
      }
      return undefined;
    }),

  object: (input) =>
    onActive(input, (d) => {
      const { login } = input.actor;
      d.agreements = d.agreements.filter((a) => !same(a.user, login));
      const existing = objectionOf(d, login);
      if (existing) existing.reason = input.command.reason;
      else
        d.objections.push({ user: login, reason: input.command.reason, at: input.now.toString() });
      // No notice to the owner: they opened the decision with a comment, so GitHub already
      // notifies them of the objection's comment; the status and `decision: objected` show it.
      return undefined;
    }),

  withdraw: (input) =>
    onActive(input, (d) => {
      const target = input.command.user ?? input.actor.login;
      const objection = objectionOf(d, target);
      if (!objection) return { reply: { kind: "no_objection", user: target } };
      objection.withdrawnAt = input.now.toString();
      objection.withdrawnBy = input.actor.login;
      return undefined;
    }),

  blocked: ({ command, actor }) => ({
    effects: [{ type: "block", reason: command.reason, by: actor.login }],
  }),
  unblocked: ({ actor }) => ({ effects: [{ type: "unblock", by: actor.login }] }),
  agenda: ({ command, actor }) => ({
    effects: [{ type: "flag", reason: command.reason, by: actor.login }],
  }),
  agenda_done: ({ actor }) => ({ effects: [{ type: "flag_done", by: actor.login }] }),
};
