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
  return businessClock(calendar)(from, to);
}

/**
 * `businessHoursBetween` for many spans in one calendar: each day's bounds are worked out once
 * (the Temporal polyfill is slow, and a week's items share their days).
 */
export function businessClock(
  calendar: ProjectCalendar,
): (from: Temporal.Instant, to: Temporal.Instant) => number {
  const days = new Map<string, { start: number; end: number; business: boolean }>();
  const dayOf = (date: Temporal.PlainDate) => {
    const key = date.toString();
    let day = days.get(key);
    if (!day) {
      const start = date.toZonedDateTime({ timeZone: calendar.timeZone });
      day = {
        start: start.epochMilliseconds,
        end: date.add({ days: 1 }).toZonedDateTime({ timeZone: calendar.timeZone })
          .epochMilliseconds,
        business: isBusinessDay(date, calendar),
      };
      days.set(key, day);
    }
    return day;
  };
  return (from, to) => {
    if (Temporal.Instant.compare(to, from) <= 0) return 0;
    const [a, b] = [from.epochMilliseconds, to.epochMilliseconds];
    let date = from.toZonedDateTimeISO(calendar.timeZone).toPlainDate();
    let ms = 0;
    // A day-by-day walk, bounded at ten years as businessDaysBetween is.
    for (let i = 0; i < 3660; i++) {
      const day = dayOf(date);
      if (day.business) ms += Math.max(0, Math.min(day.end, b) - Math.max(day.start, a));
      if (day.end >= b) break;
      date = date.add({ days: 1 });
    }
    return ms / 3_600_000;
  };
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
