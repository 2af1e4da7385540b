import { Temporal } from "temporal-polyfill";
import type { LabelSpec } from "../github/actions.js";
import type { ProjectCalendar } from "../time/calendar.js";
import { type DecisionState, openObjections } from "./state.js";

/** The labels decisions write: fixed names, plus one `due: YYYY-MM-DD` per deadline day. */
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

/** `due: 2026-12-04`: the deadline's day in the project time zone. */
export const DUE_LABEL_PREFIX = "due: ";

export function dueLabel(state: DecisionState, calendar: ProjectCalendar): LabelSpec {
  const date = Temporal.Instant.from(state.deadline)
    .toZonedDateTimeISO(calendar.timeZone)
    .toPlainDate()
    .toString();
  return {
    name: `${DUE_LABEL_PREFIX}${date}`,
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

/** Whether a label is one decisions write (any `decision…` or `due:` label). */
export function isDecisionLabel(name: string): boolean {
  const lower = name.toLowerCase();
  return (
    Object.values(DECISION_LABELS).some((l) => l.name === lower) ||
    lower.startsWith("decision:") ||
    lower.startsWith(DUE_LABEL_PREFIX)
  );
}
