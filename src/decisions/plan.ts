import { Temporal } from "temporal-polyfill";
import type { Config } from "../config/schema.js";
import type { Action, LabelSpec } from "../github/actions.js";
import type { ProjectCalendar } from "../time/calendar.js";
import {
  decisionRecord,
  noticeMarker,
  objectionNotice,
  recordMarker,
  resultNotice,
  statusComment,
} from "./render.js";
import { type DecisionState, decisionMarker, openObjections } from "./state.js";

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
  const actions: Action[] = [];
  const have = new Set(change.labels.map((l) => l.toLowerCase()));
  const wanted = wantedLabels(after, calendar);
  const wantedNames = new Set(wanted.map((l) => l.name.toLowerCase()));
  const managed = new Set([
    ...Object.values(DECISION_LABELS).map((l) => l.name.toLowerCase()),
    ...(before ? [dueLabel(before, calendar).name.toLowerCase()] : []),
  ]);
  for (const label of wanted)
    if (!have.has(label.name.toLowerCase())) actions.push({ type: "addLabel", issueNumber, label });
  for (const name of change.labels) {
    if (managed.has(name.toLowerCase()) && !wantedNames.has(name.toLowerCase()))
      actions.push({ type: "removeLabel", issueNumber, name });
  }
  const oldDue = before ? dueLabel(before, calendar).name : undefined;
  if (oldDue && !wantedNames.has(oldDue.toLowerCase()))
    actions.push({ type: "deleteLabelIfUnused", name: oldDue });

  const body = statusComment(after, {
    now: change.now,
    calendar,
    mention: change.created,
    closeOnAccept: change.config.decisions.close_on_accept,
  });
  actions.push({
    type: "upsertComment",
    issueNumber,
    marker: decisionMarker(after.id),
    body,
    createIfMissing: change.created,
    existing: change.status ? { id: change.status.id, body: change.status.body } : null,
  });

  const url = change.status?.url ?? "";
  const once = (marker: string, make: () => Action[]) =>
    change.postedMarkers.has(marker) ? [] : make();
  if (change.ownerNotice) {
    const notice = change.ownerNotice;
    actions.push(
      ...once(noticeMarker("objection", after.id), () => [
        { type: "createComment", issueNumber, body: objectionNotice(after, notice, url) },
      ]),
    );
  }
  const transitioned =
    before?.status === "pending" && after.status !== "pending" && after.status !== "cancelled";
  if (transitioned) {
    if (after.status === "accepted") {
      actions.push({
        type: "appendToIssueBody",
        issueNumber,
        marker: recordMarker(after.id),
        text: decisionRecord(after, url, calendar),
      });
    }
    actions.push(
      ...once(noticeMarker("result", after.id), () => [
        { type: "createComment", issueNumber, body: resultNotice(after, url) },
      ]),
    );
    if (after.status === "accepted" && change.config.decisions.close_on_accept)
      actions.push({ type: "closeIssue", issueNumber });
  }
  return actions;
}
