import { Temporal } from "temporal-polyfill";
import {
  addBusinessDays,
  businessDaysBetween,
  endOfDay,
  type ProjectCalendar,
} from "./calendar.js";
import { formatSpan, parseSpan, type Span } from "./duration.js";

export const DEADLINE_EXAMPLES = [
  "2026-11-28",
  "2026-11-28 17:00 Europe/Berlin",
  "friday",
  "next monday",
  "in 3 days",
  "72h",
  "5bd",
  "5 business days",
];

export type DeadlineResult =
  | { ok: true; deadline: Temporal.ZonedDateTime }
  | { ok: false; error: string };

export interface DeadlineBounds {
  min: Span;
  max: Span;
}

const WEEKDAYS: Record<string, number> = {
  monday: 1,
  mon: 1,
  tuesday: 2,
  tue: 2,
  tues: 2,
  wednesday: 3,
  wed: 3,
  thursday: 4,
  thu: 4,
  thurs: 4,
  friday: 5,
  fri: 5,
  saturday: 6,
  sat: 6,
  sunday: 7,
  sun: 7,
};

const ISO_DATE = /^(\d{4}-\d{2}-\d{2})$/;
const ISO_DATE_TIME =
  /^(\d{4}-\d{2}-\d{2})[ T](\d{1,2}:\d{2}(?::\d{2})?)\s*(Z|[+-]\d{2}(?::?\d{2})?|[A-Za-z][A-Za-z0-9_+\-/]*)?$/;

function plainDate(text: string): Temporal.PlainDate | undefined {
  try {
    return Temporal.PlainDate.from(text, { overflow: "reject" });
  } catch {
    return undefined;
  }
}

/** Add a span to `now`, in the project calendar. */
export function addSpan(
  now: Temporal.ZonedDateTime,
  span: Span,
  calendar: ProjectCalendar,
): Temporal.ZonedDateTime {
  if (span.unit === "business_days") return addBusinessDays(now, span.amount, calendar);
  return now.add({ [span.unit]: span.amount });
}

/**
 * Read a deadline. Every form is read in the project time zone: an ISO date (end of that
 * day), an ISO date and time with an optional zone or offset, a weekday or "next <weekday>"
 * (end of that day), "today"/"tomorrow", or a span ("in 3 days", "72h", "5bd").
 * Never throws: an unreadable or out-of-bounds deadline is an error with the reason.
 */
export function parseDeadline(
  input: string,
  now: Temporal.Instant,
  calendar: ProjectCalendar,
  bounds?: DeadlineBounds,
): DeadlineResult {
  const text = input.trim().replace(/\s+/g, " ");
  if (text.length > 80) return { ok: false, error: "the deadline is too long to be a date" };
  const result = read(text, now.toZonedDateTimeISO(calendar.timeZone), calendar);
  if (!result.ok || !bounds) return result;
  return checkBounds(result.deadline, now, calendar, bounds);
}

function read(
  text: string,
  here: Temporal.ZonedDateTime,
  calendar: ProjectCalendar,
): DeadlineResult {
  const lower = text.toLowerCase();
  const unreadable: DeadlineResult = {
    ok: false,
    error: `I could not read "${text}" as a deadline`,
  };
  if (lower === "") return { ok: false, error: "the deadline is empty" };

  const span = parseSpan(lower);
  if (span) {
    if (span.amount === 0) return { ok: false, error: `"${text}" is no time at all` };
    return { ok: true, deadline: addSpan(here, span, calendar) };
  }
  if (lower === "today")
    return { ok: true, deadline: endOfDay(here.toPlainDate(), calendar.timeZone) };
  if (lower === "tomorrow")
    return { ok: true, deadline: endOfDay(here.toPlainDate().add({ days: 1 }), calendar.timeZone) };

  const weekday = /^(next\s+|this\s+|on\s+)?([a-z]+)$/.exec(lower);
  if (weekday && WEEKDAYS[weekday[2] ?? ""] !== undefined) {
    const target = WEEKDAYS[weekday[2] ?? ""] as number;
    const today = here.toPlainDate();
    let ahead = (target - today.dayOfWeek + 7) % 7;
    // "next friday" on a Friday is a week away; plain "friday" on a Friday is today.
    if (weekday[1]?.startsWith("next") && ahead === 0) ahead = 7;
    return { ok: true, deadline: endOfDay(today.add({ days: ahead }), calendar.timeZone) };
  }

  const dateOnly = ISO_DATE.exec(text);
  if (dateOnly) {
    const date = plainDate(dateOnly[1] ?? "");
    if (!date) return { ok: false, error: `"${text}" is not a calendar date` };
    return { ok: true, deadline: endOfDay(date, calendar.timeZone) };
  }

  const dateTime = ISO_DATE_TIME.exec(text);
  if (dateTime) {
    const date = plainDate(dateTime[1] ?? "");
    if (!date) return { ok: false, error: `"${text}" is not a calendar date` };
    let time: Temporal.PlainTime;
    try {
      time = Temporal.PlainTime.from(dateTime[2]?.padStart(5, "0") ?? "", { overflow: "reject" });
    } catch {
      return { ok: false, error: `"${dateTime[2]}" is not a time of day` };
    }
    const zone =
      dateTime[3] === undefined ? calendar.timeZone : dateTime[3] === "Z" ? "UTC" : dateTime[3];
    try {
      return {
        ok: true,
        deadline: date
          .toZonedDateTime({ timeZone: zone, plainTime: time })
          .withTimeZone(calendar.timeZone),
      };
    } catch {
      return {
        ok: false,
        error: `"${zone}" is not a time zone I know (use an IANA name such as Europe/Berlin, or an offset such as +01:00)`,
      };
    }
  }
  return unreadable;
}

function checkBounds(
  deadline: Temporal.ZonedDateTime,
  now: Temporal.Instant,
  calendar: ProjectCalendar,
  bounds: DeadlineBounds,
): DeadlineResult {
  const here = now.toZonedDateTimeISO(calendar.timeZone);
  if (Temporal.Instant.compare(deadline.toInstant(), now) <= 0)
    return { ok: false, error: `${formatDeadline(deadline).local} is in the past` };
  const earliest = addSpan(here, bounds.min, calendar);
  if (Temporal.ZonedDateTime.compare(deadline, earliest) < 0) {
    return {
      ok: false,
      error: `${formatDeadline(deadline).local} is too soon: give people at least ${formatSpan(bounds.min)}, across time zones`,
    };
  }
  const latest = addSpan(here, bounds.max, calendar);
  if (Temporal.ZonedDateTime.compare(deadline, latest) > 0) {
    return {
      ok: false,
      error: `${formatDeadline(deadline).local} is too far away: the limit is ${formatSpan(bounds.max)}`,
    };
  }
  return { ok: true, deadline };
}

/** The deadline for people: in the project time zone, in UTC, and how far away. */
export function formatDeadline(deadline: Temporal.ZonedDateTime) {
  const pad = (n: number) => String(n).padStart(2, "0");
  const fmt = (z: Temporal.ZonedDateTime) =>
    `${z.toPlainDate().toString()} ${pad(z.hour)}:${pad(z.minute)}`;
  const utc = deadline.withTimeZone("UTC");
  return {
    local: `${fmt(deadline)} ${deadline.timeZoneId}`,
    utc: `${fmt(utc)} UTC`,
    date: deadline.toPlainDate().toString(),
  };
}

/** "in 3 business days (4 days)", "in 20 hours", or "2 days ago". */
export function describeUntil(
  deadline: Temporal.ZonedDateTime,
  now: Temporal.Instant,
  calendar: ProjectCalendar,
): string {
  const here = now.toZonedDateTimeISO(calendar.timeZone);
  const hours = Math.round(deadline.toInstant().since(now).total({ unit: "hours" }));
  if (hours < 0) return hours > -48 ? `${-hours} hours ago` : `${Math.round(-hours / 24)} days ago`;
  if (hours < 48) return `in ${hours} hour${hours === 1 ? "" : "s"}`;
  const days = Math.round(hours / 24);
  const business = businessDaysBetween(here, deadline, calendar);
  return `in ${business} business day${business === 1 ? "" : "s"} (${days} days)`;
}
