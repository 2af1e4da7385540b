import { Temporal } from "temporal-polyfill";
import {
  addBusinessDays,
  businessDaysBetween,
  endOfDay,
  type ProjectCalendar,
} from "./calendar.js";
import { type DeadlineTypo, findDeadlineTypo } from "./deadline-typo.js";
import { formatSpan, parseSpan, type Span } from "./duration.js";
import { type Reading, readNatural, unknownZone } from "./natural-deadline.js";

export const DEADLINE_EXAMPLES = [
  "2026-11-28",
  "2026-11-28 17:00 Europe/Berlin",
  "friday",
  "next monday",
  "Thursday 5pm",
  "EOD Friday",
  "end of week",
  "Dec 12",
  "in 3 days",
  "72h",
  "5bd",
  "5 business days",
];

/**
 * A deadline, or why not. A word that looks like a mistyped weekday or month (`thrusday`)
 * carries `suggestion`, the deadline corrected (`Thursday`): the error says it too.
 */
export type DeadlineResult =
  | { ok: true; deadline: Temporal.ZonedDateTime }
  | { ok: false; error: string; suggestion?: string };

export interface DeadlineBounds {
  min: Span;
  max: Span;
}

const ISO_DATE = /^(\d{4}-\d{2}-\d{2})$/;
const ISO_DATE_TIME =
  /^(\d{4}-\d{2}-\d{2})[ T](\d{1,2}:\d{2}(?::\d{2})?)\s*(Z|[+-]\d{2}(?::?\d{2})?|[A-Za-z][A-Za-z0-9_+\-/]*)?$/;
const NUMBER_WORDS: Record<string, string> = {
  ...{ a: "1", an: "1", one: "1", two: "2", three: "3", four: "4", five: "5", six: "6" },
  ...{ seven: "7", eight: "8", nine: "9", ten: "10", eleven: "11", twelve: "12" },
};

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

/** Whitespace collapsed, trailing punctuation dropped (`by Friday.`). */
const normalise = (input: string) =>
  input
    .trim()
    .replace(/\s+/g, " ")
    .replace(/[\s.,;:!]+$/, "");

/**
 * Read a deadline, in the project time zone. Exact forms: an ISO date (end of that day), an
 * ISO date and time with an optional zone or offset, a span ("in 3 days", "in two weeks",
 * "72h", "5bd"). Natural forms, read by chrono (see `readNatural`): "friday", "next monday",
 * "Thursday 5pm", "monday 9am Europe/Berlin", "EOD Friday", "end of week", "Dec 12",
 * "tomorrow noon". A weekday, a bare time of day and "end of week" mean the next one at
 * least `bounds.min` away. Never throws once `loadNaturalDates()` has run: an unreadable or out-of-bounds deadline is an error
 * with the reason, and a mistyped weekday or month (`thrusday`) also carries a suggestion.
 */
export function parseDeadline(
  input: string,
  now: Temporal.Instant,
  calendar: ProjectCalendar,
  bounds?: DeadlineBounds,
): DeadlineResult {
  const text = normalise(input);
  if (text.length > 80) return { ok: false, error: "the deadline is too long to be a date" };
  const here = now.toZonedDateTimeISO(calendar.timeZone);
  const earliest = bounds ? addSpan(here, bounds.min, calendar) : here;
  const result = read(text, { here, earliest, calendar });
  if (!result) return unreadable(text);
  if (!result.ok || !bounds) return result;
  return checkBounds(result.deadline, now, calendar, bounds);
}

function unreadable(text: string): DeadlineResult {
  if (text === "") return { ok: false, error: "the deadline is empty" };
  const typo = deadlineTypo(text);
  if (!typo) return { ok: false, error: `I could not read "${text}" as a deadline` };
  return {
    ok: false,
    error: `"${typo.written}" is not a ${typo.kind} I know (did you mean "${typo.suggestion}"?)`,
    suggestion: typo.suggestion,
  };
}

/** Typos are judged by whether the corrected text reads at all, so any fixed "now" will do. */
const PROBE: Reading = {
  here: Temporal.ZonedDateTime.from("2026-01-05T12:00:00+00:00[UTC]"),
  earliest: Temporal.ZonedDateTime.from("2026-01-05T12:00:00+00:00[UTC]"),
  calendar: { timeZone: "UTC", holidays: new Set() },
};

/** The mistyped weekday or month in a deadline that does not read (`thrusday`), if any. */
export function deadlineTypo(input: string): DeadlineTypo | undefined {
  const text = normalise(input);
  if (text.length > 80 || read(text, PROBE)) return undefined;
  return findDeadlineTypo(text, (corrected) => read(corrected, PROBE)?.ok === true);
}

/**
 * Whether text after "by" is a deadline with a mistyped weekday or month (`by thrusday`), so
 * it gets an error with a suggestion rather than becoming part of the recommendation.
 */
export function looksLikeMistypedDeadline(text: string): boolean {
  return deadlineTypo(text) !== undefined;
}

/** The deadline `text` names, an error about it, or `undefined` when it is no deadline at all. */
function read(text: string, reading: Reading): DeadlineResult | undefined {
  const { here, calendar } = reading;
  if (text === "") return undefined;
  const span = parseSpan(
    text
      .toLowerCase()
      .replace(/ from now$/, "")
      .replace(/^(in )?([a-z]+) /, (all, prefix = "", word: string) =>
        NUMBER_WORDS[word] ? `${prefix}${NUMBER_WORDS[word]} ` : all,
      ),
  );
  if (span) {
    if (span.amount === 0) return { ok: false, error: `"${text}" is no time at all` };
    return { ok: true, deadline: addSpan(here, span, calendar) };
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
      return unknownZone(zone);
    }
  }
  return readNatural(text, reading);
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

const WEEKDAY_SHORT = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

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
    /** The weekday in the project zone, so "Thursday 5pm" can be checked at a glance. */
    weekday: WEEKDAY_SHORT[deadline.dayOfWeek - 1] as string,
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
