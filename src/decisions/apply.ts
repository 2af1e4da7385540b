import type { Temporal } from "temporal-polyfill";
import type { Config } from "../config/schema.js";
import type { ProjectCalendar } from "../time/calendar.js";
import { parseDeadline } from "../time/deadline.js";
import type { Command, ParsedCommand } from "./commands.js";
import { type Actor, needsPermission, objectionOf, refusal } from "./permissions.js";
import {
  type DecisionState,
  isActive,
  MAX_APPLIED,
  type Objection,
  type StoredDecision,
} from "./state.js";

/** A reply to a command: `key` makes it idempotent (one reply per command line, ever). */
export type Reply =
  | { key: string; kind: "help" }
  | { key: string; kind: "typo"; written: string; suggestion: string }
  | { key: string; kind: "usage"; message: string }
  | { key: string; kind: "refused"; command: string; reason: string }
  | { key: string; kind: "bad_deadline"; error: string }
  | { key: string; kind: "already_open"; url: string }
  | { key: string; kind: "no_decision"; command: string }
  | { key: string; kind: "no_objection"; user: string };

type ReplyBody = Reply extends infer R ? (R extends unknown ? Omit<R, "key"> : never) : never;

export interface CommandInput {
  commands: readonly ParsedCommand[];
  /** Absent when no command needs a permission check. */
  actor: Actor | undefined;
  decision: StoredDecision | undefined;
  issue: { title: string; isPrivate: boolean };
  commentId: number;
  now: Temporal.Instant;
  config: Config;
  calendar: ProjectCalendar;
}

export interface CommandOutcome {
  before: DecisionState | undefined;
  after: DecisionState | undefined;
  /** True when this comment opened a new decision. */
  created: boolean;
  replies: Reply[];
  /** A new objection the owner should hear about (once per decision). */
  ownerNotice?: Objection;
  block?: { action: "block"; reason: string; by: string } | { action: "unblock"; by: string };
  /** The previous decision, when this comment closed it and then opened a new one. */
  replaced?: DecisionState;
}

export function calendarOf(config: Config): ProjectCalendar {
  return { timeZone: config.timezone, holidays: new Set(config.holidays) };
}

/**
 * Apply a comment's commands in order to the issue's decision. Pure: it returns the new state,
 * the replies and the side notes; the planner turns them into GitHub writes. A command already
 * applied (same comment, same line) is skipped, so a redelivered webhook changes nothing.
 */
export function applyCommands(input: CommandInput): CommandOutcome {
  const { config, now } = input;
  const before = input.decision?.state;
  const outcome: CommandOutcome = {
    before,
    after: before ? structuredClone(before) : undefined,
    created: false,
    replies: [],
  };
  const nowIso = now.toString();
  const bounds = { min: config.decisions.min_deadline, max: config.decisions.max_deadline };

  const applyOne = ({ line, command }: ParsedCommand, index: number): void => {
    const key = `${input.commentId}:${index}:${line}`.slice(0, 300);
    const state = outcome.after;
    if (state?.applied.includes(key)) return;
    // The line is part of the key: an edit that adds a line gets its own reply.
    const reply = (r: ReplyBody): void => {
      outcome.replies.push({
        key: `${input.commentId}:${index}:${shortHash(line)}`,
        ...r,
      } as Reply);
    };

    if (command.type === "help") {
      reply({ kind: "help" });
      return;
    }
    if (command.type === "typo") {
      reply({ kind: "typo", written: command.written, suggestion: command.suggestion });
      return;
    }
    if (command.type === "usage") {
      reply({ kind: "usage", message: command.message });
      return;
    }
    const actor = input.actor as Actor;
    if (needsPermission(command)) {
      const reason = refusal(
        command,
        actor,
        state && isActive(state) ? state : undefined,
        config.decisions,
        input.issue.isPrivate,
      );
      if (reason) {
        reply({ kind: "refused", command: line.split(/\s+/)[0] ?? line, reason });
        return;
      }
    }
    const record = (s: DecisionState) => {
      s.applied = [...s.applied, key].slice(-MAX_APPLIED);
    };

    switch (command.type) {
      case "decide": {
        if (state && isActive(state)) {
          reply({ kind: "already_open", url: input.decision?.commentUrl ?? "" });
          return;
        }
        let recommendation = command.recommendation;
        let deadline =
          command.deadline === null
            ? defaultDeadline(input)
            : parseDeadline(command.deadline, now, input.calendar, bounds);
        if (!deadline.ok && command.deadline !== null && !looksLikeDeadline(command.deadline)) {
          // "Adopt the guide written by Google": "by" was part of the recommendation.
          recommendation = `${recommendation ?? ""} by ${command.deadline}`.trim();
          deadline = defaultDeadline(input);
        }
        if (!deadline.ok) {
          reply({ kind: "bad_deadline", error: deadline.error });
          return;
        }
        outcome.after = {
          v: 1,
          id: String(input.commentId),
          status: "pending",
          recommendation: (recommendation ?? input.issue.title).slice(0, 256),
          owner: actor.login,
          openedAt: nowIso,
          deadline: deadline.deadline.toInstant().toString(),
          stakeholders: command.stakeholders,
          agreements: [],
          objections: [],
          reminded: false,
          ownerNotified: false,
          applied: [key],
        };
        // A decision closed earlier in this same comment still needs its own writes.
        if (state && JSON.stringify(state) !== JSON.stringify(before)) outcome.replaced = state;
        outcome.created = true;
        return;
      }
      case "blocked":
        outcome.block = { action: "block", reason: command.reason, by: actor.login };
        return;
      case "unblocked":
        outcome.block = { action: "unblock", by: actor.login };
        return;
      default:
        break;
    }

    if (!state || !isActive(state)) {
      reply({ kind: "no_decision", command: line.split(/\s+/)[0] ?? line });
      return;
    }
    switch (command.type) {
      case "extend": {
        const parsed = parseDeadline(command.deadline, now, input.calendar, bounds);
        if (!parsed.ok) {
          reply({ kind: "bad_deadline", error: parsed.error });
          return;
        }
        state.deadline = parsed.deadline.toInstant().toString();
        state.reminded = false;
        // Extending a decision that went to the sync gives it another round.
        state.status = "pending";
        break;
      }
      case "cancel":
      case "accept":
      case "reject":
        state.status =
          command.type === "cancel"
            ? "cancelled"
            : command.type === "accept"
              ? "accepted"
              : "rejected";
        state.closedAt = nowIso;
        state.closedBy = actor.login;
        break;
      case "agree": {
        if (!state.agreements.some((a) => a.user.toLowerCase() === actor.login.toLowerCase()))
          state.agreements.push({ user: actor.login, at: nowIso });
        // Agreeing after objecting is a change of mind: the objection is withdrawn.
        const own = objectionOf(state, actor.login);
        if (own) {
          own.withdrawnAt = nowIso;
          own.withdrawnBy = actor.login;
        }
        break;
      }
      case "object": {
        state.agreements = state.agreements.filter(
          (a) => a.user.toLowerCase() !== actor.login.toLowerCase(),
        );
        const existing = objectionOf(state, actor.login);
        if (existing) existing.reason = command.reason;
        else state.objections.push({ user: actor.login, reason: command.reason, at: nowIso });
        if (!state.ownerNotified && actor.login.toLowerCase() !== state.owner.toLowerCase()) {
          state.ownerNotified = true;
          outcome.ownerNotice = objectionOf(state, actor.login);
        }
        break;
      }
      case "withdraw": {
        const target = command.user ?? actor.login;
        const objection = objectionOf(state, target);
        if (!objection) {
          reply({ kind: "no_objection", user: target });
          return;
        }
        objection.withdrawnAt = nowIso;
        objection.withdrawnBy = actor.login;
        break;
      }
      default:
        return;
    }
    record(state);
  };
  input.commands.forEach(applyOne);
  return outcome;
}

/** Text that was surely meant as a deadline (digits, weekdays, "next", spans), so an error is reported. */
function looksLikeDeadline(text: string): boolean {
  return /\d|\b(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\b|\b(?:today|tomorrow|next|in|days?|weeks?|hours?|bd)\b/i.test(
    text,
  );
}

/** A short, stable hash (FNV-1a) for reply keys. */
function shortHash(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++)
    hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return hash.toString(36);
}

function defaultDeadline(input: CommandInput) {
  const { config, now, calendar } = input;
  const here = now.toZonedDateTimeISO(calendar.timeZone);
  const span = config.decisions.default_deadline;
  const text = span.unit === "business_days" ? `${span.amount}bd` : `${span.amount} ${span.unit}`;
  // The configured default is trusted to be within bounds: it is the team's own choice.
  const parsed = parseDeadline(text, now, calendar);
  return parsed.ok ? parsed : { ok: true as const, deadline: here.add({ days: 3 }) };
}

export type { Command };
