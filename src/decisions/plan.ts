import { Temporal } from "temporal-polyfill";
import type { Config } from "../config/schema.js";
import type { Action, LabelSpec } from "../github/actions.js";
import type { ProjectCalendar } from "../time/calendar.js";
import {
  decisionRecord,
  objectionNotice,
  resultNotice,
  statusComment,
} from "./render.js";
import { type DecisionState, openObjections } from "./state.js";
import { MARKERS } from "../github/markers.js";

export const DECISION_LABELS = {
  decision: {
    name: "decision",
    color: "5319e7",
    description: "Has an async decision (async-status)",
  },
  pending: {
    name: "decision: pending",
    color: "fbca04",
    description: "A decision is open for objections (async-status)",
  },
  objected: {
    name: "decision: objected",
    color: "d93f0b",
    description: "A decision has open objections (async-status)",
  },
  accepted: {
    name: "decision: accepted",
    color: "0e8a16",
    description: "The decision was accepted (async-status)",
  },
  rejected: {
    name: "decision: rejected",
    color: "b60205",
    description: "The decision was rejected (async-status)",
  },
  needsSync: {
    name: "decision: needs sync",
    color: "e99695",
    description: "Open objections at the deadline: agenda for the sync (async-status)",
  },
} satisfies Record<string, LabelSpec>;

export function dueLabel(state: DecisionState, calendar: ProjectCalendar): LabelSpec {
  const date = Temporal.Instant.from(state.deadline)
    .toZonedDateTimeISO(calendar.timeZone)
    .toPlainDate()
    .toString();
  return {
    name: `due: ${date}`,
    color: "c5def5",
    description: "Decision deadline, in the project time zone (async-status)",
  };
}

/** The decision labels an issue should carry for a state. */
export function wantedLabels(state: DecisionState, calendar: ProjectCalendar): LabelSpec[] {
  const L = DECISION_LABELS;
  const objected = openObjections(state).length > 0;
  switch (state.status) {
    case "pending":
      return [L.decision, L.pending, dueLabel(state, calendar), ...(objected ? [L.objected] : [])];
    case "accepted":
      return [L.decision, L.accepted];
    case "rejected":
      return [L.decision, L.rejected];
    case "cancelled":
      return [L.decision];
    case "needs_sync":
      return [L.decision, L.needsSync, L.objected];
  }
}

export interface DecisionChange {
  issueNumber: number;
  /** The issue's labels now. */
  labels: readonly string[];
  before: DecisionState | undefined;
  after: DecisionState;
  created: boolean;
  /** The existing status comment, when there is one. */
  status?: { id: number; body: string; url: string };
  /** Markers of comments the app has already posted on the issue (for idempotent notices). */
  postedMarkers: ReadonlySet<string>;
  config: Config;
  calendar: ProjectCalendar;
  now: Temporal.Instant;
  /** Set when a new objection must be announced to the owner. */
  ownerNotice?: DecisionState["objections"][number];
}

/**
 * The writes that bring GitHub in line with a decision's new state: labels (added and
 * removed only as needed, stale `due:` labels deleted), the status comment (created once,
 * then edited), and, on a transition, the announcement, the `## Decision` record and closing.
 */
export function planDecisionChange(change: DecisionChange): Action[] {
  const { after, before, issueNumber, calendar } = change;
  const have = new Set(change.labels.map((l) => l.toLowerCase()));
  const wanted = wantedLabels(after, calendar);
  const wantedNames = new Set(wanted.map((l) => l.name.toLowerCase()));
  const managed = new Set([
    ...Object.values(DECISION_LABELS).map((l) => l.name.toLowerCase()),
    ...(before ? [dueLabel(before, calendar).name.toLowerCase()] : []),
  ]);
  const url = change.status?.url ?? "";
  // Notices are checked against the thread again right before posting (`unlessMarker`), so two
  // ticks racing post them once.
  const notice = (kind: string, body: string): Action[] => {
    const marker = MARKERS.notice(kind, after.id);
    return change.postedMarkers.has(marker)
      ? []
      : [{ type: "createComment", issueNumber, body, unlessMarker: marker }];
  };

  // Order matters for recovery: additions and effects first, then the state, and the
  // `decision: pending` label (what the tick searches for) is removed last. If a write fails
  // half-way, the next tick still finds the issue and finishes the idempotent rest.
  const additions: Action[] = wanted
    .filter((l) => !have.has(l.name.toLowerCase()))
    .map((label) => ({ type: "addLabel", issueNumber, label }));
  const effects: Action[] = [];
  if (change.ownerNotice)
    effects.push(...notice("objection", objectionNotice(after, change.ownerNotice, url)));
  const finished = ["accepted", "rejected", "needs_sync"].includes(after.status);
  const transitioned =
    before !== undefined &&
    before.status !== after.status &&
    finished &&
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
    effects.push(
      ...notice(after.status === "needs_sync" ? "sync" : "result", resultNotice(after, url)),
    );
    if (after.status === "accepted" && change.config.decisions.close_on_accept)
      effects.push({ type: "closeIssue", issueNumber });
  }
  const status: Action = {
    type: "upsertComment",
    issueNumber,
    marker: MARKERS.decision(after.id),
    body: statusComment(after, {
      now: change.now,
      calendar,
      mention: change.created,
      closeOnAccept: change.config.decisions.close_on_accept,
    }),
    createIfMissing: change.created,
    existing: change.status ? { id: change.status.id, body: change.status.body } : null,
  };
  const removals: Action[] = change.labels
    .filter((name) => managed.has(name.toLowerCase()) && !wantedNames.has(name.toLowerCase()))
    .sort(
      (a, b) =>
        Number(a.toLowerCase() === DECISION_LABELS.pending.name) -
        Number(b.toLowerCase() === DECISION_LABELS.pending.name),
    )
    .map((name) => ({ type: "removeLabel", issueNumber, name }));
  const oldDue = before ? dueLabel(before, calendar).name : undefined;
  // Only a due label this change removes can have become unused.
  const removedDue =
    oldDue !== undefined &&
    !wantedNames.has(oldDue.toLowerCase()) &&
    change.labels.some((l) => l.toLowerCase() === oldDue.toLowerCase());
  const cleanup: Action[] = removedDue ? [{ type: "deleteLabelIfUnused", name: oldDue }] : [];
  return [...additions, ...effects, status, ...removals, ...cleanup];
}
