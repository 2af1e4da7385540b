import { Temporal } from "temporal-polyfill";
import type { Config } from "../config/schema.js";
import type { ProjectCalendar } from "../time/calendar.js";
import { addSpan } from "../time/deadline.js";
import { type DecisionState, openObjections } from "./state.js";
import { reminderMentions, type TeamMembers } from "./teams.js";

export interface DueWork {
  after: DecisionState;
  /** Mentions for the reminder, when one is due now. */
  remind?: string[];
}

/**
 * What time has done to a decision (pure). At the deadline: accepted when no objection is
 * open, otherwise `needs_sync`. Before it, within `reminder_before`: one reminder to the
 * stakeholders who have neither agreed nor objected, all of whom may answer (see
 * `reminderMentions`: a team's members by name when they could be read, the team itself when
 * not). `undefined` when nothing is due.
 */
export function dueWork(
  state: DecisionState,
  now: Temporal.Instant,
  config: Config,
  calendar: ProjectCalendar,
  teams: TeamMembers,
): DueWork | undefined {
  if (state.status !== "pending") return undefined;
  const deadline = Temporal.Instant.from(state.deadline);
  if (Temporal.Instant.compare(now, deadline) >= 0) {
    const after = structuredClone(state);
    after.status = openObjections(state).length > 0 ? "needs_sync" : "accepted";
    after.closedAt = now.toString();
    return { after };
  }
  if (state.reminded) return undefined;
  const remindFrom = addSpan(
    deadline.toZonedDateTimeISO(calendar.timeZone),
    { ...config.decisions.reminder_before, amount: -config.decisions.reminder_before.amount },
    calendar,
  );
  if (Temporal.Instant.compare(now, remindFrom.toInstant()) < 0) return undefined;
  return {
    after: { ...structuredClone(state), reminded: true },
    remind: reminderMentions(state, teams),
  };
}

/**
 * Whether an issue found by search may have due work, judged from its `due: YYYY-MM-DD`
 * label alone (no request): the deadline is at the earliest the start of that day in a zone
 * 14 hours ahead of UTC, so the issue may be due once the reminder window of that earliest
 * deadline has opened. Issues without a due label are checked.
 */
export function mayBeDue(
  labels: readonly string[],
  now: Temporal.Instant,
  reminderHours: number,
): boolean {
  const due = labels.map((l) => /^due: (\d{4}-\d{2}-\d{2})$/.exec(l)?.[1]).find(Boolean);
  if (!due) return true;
  let earliest: Temporal.Instant;
  try {
    // The deadline is at the earliest the start of that day in a zone 14 hours ahead of UTC.
    earliest = Temporal.PlainDate.from(due)
      .toZonedDateTime({ timeZone: "UTC", plainTime: "00:00" })
      .toInstant()
      .subtract({ hours: 14 });
  } catch {
    return true;
  }
  return Temporal.Instant.compare(now, earliest.subtract({ hours: reminderHours })) >= 0;
}
