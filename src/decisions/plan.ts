import type { Temporal } from "temporal-polyfill";
import type { Config } from "../config/schema.js";
import type { Action } from "../github/actions.js";
import { MARKERS } from "../github/markers.js";
import type { ProjectCalendar } from "../time/calendar.js";
import { DECISION_LABELS, dueLabel, wantedLabels } from "./labels.js";
import { decisionRecord, resultNotice, statusComment } from "./render.js";
import type { DecisionState } from "./state.js";
import type { TeamMembers } from "./teams.js";

/** One decision's move from one state to another (`before` absent: opened just now). */
export interface Transition {
  before: DecisionState | undefined;
  after: DecisionState;
  /** The decision's existing status comment, when there is one. */
  status?: { id: number; body: string; url: string };
}

export interface DecisionChange {
  issueNumber: number;
  /** The issue's labels now. */
  labels: readonly string[];
  /**
   * In order; usually one. Two when one comment closes a decision and opens the next: the
   * labels follow the last one.
   */
  transitions: readonly Transition[];
  /** Markers of comments the app has already posted on the issue (for idempotent notices). */
  postedMarkers: ReadonlySet<string>;
  config: Config;
  calendar: ProjectCalendar;
  now: Temporal.Instant;
  /** The members of the decisions' teams, as read, for the status comment. */
  teams: TeamMembers;
}

const FINISHED = new Set(["accepted", "rejected", "needs_sync"]);

/**
 * The writes that bring GitHub in line with the decisions' new states: labels (added and
 * removed only as needed, stale `due:` labels deleted), each status comment (created once,
 * then edited), and, on a transition, the `## Decision` record and closing. Quiet by default:
 * the only notices are the acceptance announcement and the needs-sync agenda note (and the
 * tick's one reminder); a rejection or cancellation by command is announced by the command's
 * own comment, and shown by the status and the labels.
 */
export function planDecisionChange(change: DecisionChange): Action[] {
  const { issueNumber, calendar } = change;
  const last = change.transitions.at(-1);
  if (!last) return [];
  const have = new Set(change.labels.map((l) => l.toLowerCase()));
  const wanted = wantedLabels(last.after, calendar);
  const wantedNames = new Set(wanted.map((l) => l.name.toLowerCase()));
  const dueNames = change.transitions.flatMap((t) =>
    [t.before, t.after].flatMap((s) => (s ? [dueLabel(s, calendar).name] : [])),
  );
  const managed = new Set([
    ...Object.values(DECISION_LABELS).map((l) => l.name.toLowerCase()),
    ...dueNames.map((n) => n.toLowerCase()),
  ]);

  // Order matters for recovery: additions and effects first, then the state, and the
  // `decision: pending` label (what the tick searches for) is removed last. If a write fails
  // half-way, the next tick still finds the issue and finishes the idempotent rest.
  const additions: Action[] = wanted
    .filter((l) => !have.has(l.name.toLowerCase()))
    .map((label) => ({ type: "addLabel", issueNumber, label }));
  const writes = change.transitions.flatMap((t) => planTransition(change, t));
  const removed = change.labels.filter(
    (name) => managed.has(name.toLowerCase()) && !wantedNames.has(name.toLowerCase()),
  );
  const isPending = (name: string) => Number(name.toLowerCase() === DECISION_LABELS.pending.name);
  const removals: Action[] = removed
    .sort((a, b) => isPending(a) - isPending(b))
    .map((name) => ({ type: "removeLabel", issueNumber, name }));
  // Only a due label this change removes can have become unused.
  const dueRemoved = new Set(dueNames.map((n) => n.toLowerCase()));
  const cleanup: Action[] = removed
    .filter((name) => dueRemoved.has(name.toLowerCase()))
    .map((name) => ({ type: "deleteLabelIfUnused", name }));
  return [...additions, ...writes, ...removals, ...cleanup];
}

/** A decision's own writes for one transition: notices, the record, closing, the status comment. */
function planTransition(change: DecisionChange, t: Transition): Action[] {
  const { issueNumber, calendar } = change;
  const { before, after } = t;
  const url = t.status?.url ?? "";
  // Notices are checked against the thread again right before posting (`unlessMarker`), so two
  // ticks racing post them once.
  const notice = (kind: string, body: string): Action[] => {
    const marker = MARKERS.notice(kind, after.id);
    return change.postedMarkers.has(marker)
      ? []
      : [{ type: "createComment", issueNumber, body, unlessMarker: marker }];
  };
  const effects: Action[] = [];
  const transitioned =
    before !== undefined &&
    before.status !== after.status &&
    FINISHED.has(after.status) &&
    (before.status === "pending" || before.status === "needs_sync");
  if (transitioned) {
    if (after.status === "accepted") {
      effects.push({
        type: "appendToIssueBody",
        issueNumber,
        marker: MARKERS.record(after.id),
        text: decisionRecord(after, url, calendar),
      });
    }
    if (after.status === "accepted") effects.push(...notice("result", resultNotice(after, url)));
    if (after.status === "needs_sync") effects.push(...notice("sync", resultNotice(after, url)));
    if (after.status === "accepted" && change.config.decisions.close_on_accept)
      effects.push({ type: "closeIssue", issueNumber });
  }
  const created = before === undefined;
  const status: Action = {
    type: "upsertComment",
    issueNumber,
    marker: MARKERS.decision(after.id),
    body: statusComment(after, {
      now: change.now,
      calendar,
      mention: created,
      closeOnAccept: change.config.decisions.close_on_accept,
      teams: change.teams,
    }),
    createIfMissing: created,
    existing: t.status ? { id: t.status.id, body: t.status.body } : null,
  };
  return [...effects, status];
}
