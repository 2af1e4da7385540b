import { Temporal } from "temporal-polyfill";

/** The project's calendar: its time zone and the dates that are not business days. */
export interface ProjectCalendar {
  timeZone: string;
  /** ISO dates (`2026-12-25`) that are holidays. */
  holidays: ReadonlySet<string>;
}

/** Whether `zone` is a time zone the Temporal database knows (`UTC`, `Europe/Berlin`, `+02:00`). */
export function isValidTimeZone(zone: string): boolean {
  try {
    Temporal.Now.instant().toZonedDateTimeISO(zone);
    return true;
  } catch {
    return false;
  }
}

export function isBusinessDay(date: Temporal.PlainDate, calendar: ProjectCalendar): boolean {
  return date.dayOfWeek <= 5 && !calendar.holidays.has(date.toString());
}

/**
 * `n` business days after `from` (before it, for a negative `n`), at the same wall-clock time
 * (weekends and holidays skipped).
 */
export function addBusinessDays(
  from: Temporal.ZonedDateTime,
  n: number,
  calendar: ProjectCalendar,
): Temporal.ZonedDateTime {
  const step = n < 0 ? -1 : 1;
  let at = from;
  let counted = 0;
  while (counted < Math.abs(n)) {
    at = at.add({ days: step });
    if (isBusinessDay(at.toPlainDate(), calendar)) counted++;
  }
  return at;
}

/** Business days strictly after `from`'s date, up to and including `to`'s date. */
export function businessDaysBetween(
  from: Temporal.ZonedDateTime,
  to: Temporal.ZonedDateTime,
  calendar: ProjectCalendar,
): number {
  let date = from.toPlainDate();
  const end = to.toPlainDate();
  let count = 0;
  // Bounded by the maximum deadline (weeks), so a day-by-day walk is cheap.
  for (let i = 0; i < 3660 && Temporal.PlainDate.compare(date, end) < 0; i++) {
    date = date.add({ days: 1 });
    if (isBusinessDay(date, calendar)) count++;
  }
  return count;
}

/** The last second of a date in the project time zone: what "by 2026-11-28" and "by friday" mean. */
export function endOfDay(date: Temporal.PlainDate, timeZone: string): Temporal.ZonedDateTime {
  return date.toZonedDateTime({ timeZone, plainTime: Temporal.PlainTime.from("23:59:59") });
}

/** The project calendar a configuration describes. */
export function calendarOf(config: {
  timezone: string;
  holidays: readonly string[];
}): ProjectCalendar {
  return { timeZone: config.timezone, holidays: new Set(config.holidays) };
}
