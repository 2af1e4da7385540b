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

/** `n` business days after `from`, at the same wall-clock time (weekends and holidays skipped). */
export function addBusinessDays(
  from: Temporal.ZonedDateTime,
  n: number,
  calendar: ProjectCalendar,
): Temporal.ZonedDateTime {
  let at = from;
  let counted = 0;
  while (counted < n) {
    at = at.add({ days: 1 });
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

/**
 * Business time between two instants, in hours: the real time elapsed on business days of the
 * project calendar (a business day counts from its midnight to the next, in the project zone,
 * so a DST day counts 23 or 25 hours); weekends and holidays count nothing. 0 when `to` is not
 * after `from`. An async project spans time zones, so there is no office-hours window.
 */
export function businessHoursBetween(
  from: Temporal.Instant,
  to: Temporal.Instant,
  calendar: ProjectCalendar,
): number {
  if (Temporal.Instant.compare(to, from) <= 0) return 0;
  let day = from.toZonedDateTimeISO(calendar.timeZone).toPlainDate();
  const last = to.toZonedDateTimeISO(calendar.timeZone).toPlainDate();
  let ms = 0;
  // A day-by-day walk, bounded at ten years as businessDaysBetween is.
  for (let i = 0; i < 3660 && Temporal.PlainDate.compare(day, last) <= 0; i++) {
    const next = day.add({ days: 1 });
    if (isBusinessDay(day, calendar)) {
      const start = day.toZonedDateTime({ timeZone: calendar.timeZone }).toInstant();
      const end = next.toZonedDateTime({ timeZone: calendar.timeZone }).toInstant();
      const a = Temporal.Instant.compare(start, from) > 0 ? start : from;
      const b = Temporal.Instant.compare(end, to) < 0 ? end : to;
      ms += Math.max(0, b.epochMilliseconds - a.epochMilliseconds);
    }
    day = next;
  }
  return ms / 3_600_000;
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
