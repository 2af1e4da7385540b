import type { Temporal } from "temporal-polyfill";
import type { Config } from "../config/schema.js";
import type { ProjectCalendar } from "../time/calendar.js";
import type { ParsedCommand } from "./commands.js";
import { type Actor, needsPermission, refusal } from "./permissions.js";
import type { Transition } from "./plan.js";
import { type Effect, type Reply, RULES, type RuleInput, type RuleResult } from "./rules.js";
import { type DecisionState, isActive } from "./state.js";
import type { TeamMembers } from "./teams.js";

export interface Reduction {
  /** The issue's decision after every command. */
  decision: DecisionState | undefined;
  /** Each decision that changed, from its state before to its state after, in order. */
  transitions: Transition[];
  replies: Reply[];
  effects: Effect[];
  /**
   * Whether a decision command of the comment took effect now (the comment then gets a
   * reaction). A line applied before (a redelivery) does not count; `/blocked`, `/unblocked`
   * and `/agenda` count by what their plan changes.
   */
  acknowledged: boolean;
}

export interface ReduceInput {
  /** What time has done already (the settle step): the decision and its transition, if any. */
  start: { decision: DecisionState | undefined; transitions: Transition[] };
  commands: readonly ParsedCommand[];
  /** The commenter; their permission is "none" when no command needed a check. */
  actor: Actor;
  issue: { title: string; isPrivate: boolean };
  /** The members of the teams named by the decision (or a `/decide` of this comment), as read. */
  teams: TeamMembers;
  commentId: number;
  /**
   * Which version of the comment the lines come from, for an edit (its `updated_at`): a line
   * an edit brings back (`/agree`, then `/object`, then `/agree` again) runs again.
   */
  revision?: string;
  statusUrl: string;
  now: Temporal.Instant;
  config: Config;
  calendar: ProjectCalendar;
}

/** A short, stable hash (FNV-1a) for reply keys. */
function shortHash(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++)
    hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return hash.toString(36);
}

/**
 * Fold one rule's result into the reduction: a changed decision extends its transition. A
 * decision opened by this comment also records the comment's earlier lines (`earlier`), so a
 * redelivery skips them too: "/decide cancel" then "/decide …" must not cancel the new one.
 */
function fold(
  r: Reduction,
  result: RuleResult,
  replyKey: string,
  earlier: readonly string[],
): void {
  if (result.reply) r.replies.push({ key: replyKey, ...result.reply } as Reply);
  else if (result.next) r.acknowledged = true;
  r.effects.push(...(result.effects ?? []));
  const opened = result.next && result.next.id !== r.decision?.id;
  const next =
    opened && result.next
      ? { ...result.next, applied: [...earlier, ...result.next.applied] }
      : result.next;
  if (!next) return;
  const open = r.transitions.find((t) => t.after.id === next.id);
  if (open) open.after = next;
  else
    r.transitions.push({
      before: r.decision?.id === next.id ? r.decision : undefined,
      after: next,
    });
  r.decision = next;
}

/**
 * Apply a comment's commands in order (pure): check each one's permission, run its rule from
 * `RULES`, and fold the results. A line already applied (same comment, same position, same
 * text) is skipped, so a redelivered webhook changes nothing.
 */
export function reduceCommands(input: ReduceInput): Reduction {
  const r: Reduction = {
    decision: input.start.decision,
    transitions: input.start.transitions.map((t) => ({ ...t })),
    replies: [],
    effects: [],
    acknowledged: false,
  };
  // Lines of the first version keep the plain key; an edit's lines carry its revision.
  const at = input.revision ? `${shortHash(input.revision)}.` : "";
  const earlier: string[] = [];
  input.commands.forEach(({ line, command }, index) => {
    const key = `${input.commentId}:${at}${index}:${line}`.slice(0, 300);
    const before = [...earlier];
    earlier.push(key);
    if (r.decision?.applied.includes(key)) return;
    // The line is part of the key: an edit that adds a line gets its own reply.
    const replyKey = `${input.commentId}:${at}${index}:${shortHash(line)}`;
    const name = line.split(/\s+/)[0] ?? line;
    const state = r.decision;
    if (needsPermission(command)) {
      const reason = refusal(command, input.actor, {
        state: state && isActive(state) ? state : undefined,
        config: input.config.decisions,
        repoIsPrivate: input.issue.isPrivate,
        teams: input.teams,
      });
      if (reason) {
        fold(r, { reply: { kind: "refused", command: name, reason } }, replyKey, before);
        return;
      }
    }
    const rule = RULES[command.type] as (i: RuleInput) => RuleResult;
    const ruleInput: RuleInput = {
      state,
      actor: input.actor,
      command,
      now: input.now,
      config: input.config,
      calendar: input.calendar,
      issue: input.issue,
      commentId: input.commentId,
      name,
      key,
      statusUrl: input.statusUrl,
    };
    fold(r, rule(ruleInput), replyKey, before);
  });
  return r;
}
