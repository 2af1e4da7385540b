import { Temporal } from "temporal-polyfill";
import { type Config, WEEKDAYS } from "../config/schema.js";

/** One summary week: the 7 days that end at 00:00 of the publishing day, in the project zone. */
export interface SummaryWeek {
  /** Idempotency key: the first day of the period, e.g. `2026-11-16`. */
  key: string;
  /** ISO week of the first day, e.g. `2026-W47`. */
  isoWeek: string;
  start: Temporal.ZonedDateTime;
  /** Exclusive: 00:00 of the publishing day. */
  end: Temporal.ZonedDateTime;
  publishAt: Temporal.ZonedDateTime;
  /** `Weekly summary: 16–22 Nov 2026`. */
  title: string;
}

const DAYS = WEEKDAYS;
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** A period as titles show it: `16–22 Nov 2026`, `30 Nov – 6 Dec 2026`. */
export function periodTitle(first: Temporal.PlainDate, last: Temporal.PlainDate): string {
  const month = (d: Temporal.PlainDate) => MONTHS[d.month - 1] as string;
  if (first.year !== last.year)
    return `${first.day} ${month(first)} ${first.year} – ${last.day} ${month(last)} ${last.year}`;
  if (first.month !== last.month)
    return `${first.day} ${month(first)} – ${last.day} ${month(last)} ${last.year}`;
  return `${first.day}–${last.day} ${month(last)} ${last.year}`;
}

/** The week published on `publishDate` (a date in the project zone). */
export function weekPublishedOn(publishDate: Temporal.PlainDate, config: Config): SummaryWeek {
  const zone = config.timezone;
  const first = publishDate.subtract({ days: 7 });
  const last = publishDate.subtract({ days: 1 });
  return {
    key: first.toString(),
    isoWeek: `${first.yearOfWeek}-W${String(first.weekOfYear).padStart(2, "0")}`,
    start: first.toZonedDateTime({ timeZone: zone }),
    end: publishDate.toZonedDateTime({ timeZone: zone }),
    publishAt: publishDate.toZonedDateTime({
      timeZone: zone,
      plainTime: Temporal.PlainTime.from(config.summary.time),
    }),
    title: `Weekly summary: ${periodTitle(first, last)}`,
  };
}

/** The most recent week whose publishing moment is at or before `now`. */
export function latestDueWeek(now: Temporal.Instant, config: Config): SummaryWeek {
  const today = now.toZonedDateTimeISO(config.timezone).toPlainDate();
  const target = DAYS.indexOf(config.summary.day) + 1;
  let date = today.subtract({ days: (today.dayOfWeek - target + 7) % 7 });
  let week = weekPublishedOn(date, config);
  if (Temporal.Instant.compare(week.publishAt.toInstant(), now) > 0) {
    date = date.subtract({ days: 7 });
    week = weekPublishedOn(date, config);
  }
  return week;
}

/** The week before. */
export function previousWeek(week: SummaryWeek, config: Config): SummaryWeek {
  return weekPublishedOn(week.end.toPlainDate().subtract({ days: 7 }), config);
}

/** The summary week whose first day is in ISO week `2026-W47` (for `summary --week`). */
export function weekFromIso(isoWeek: string, config: Config): SummaryWeek | undefined {
  const match = /^(\d{4})-W(\d{2})$/.exec(isoWeek);
  if (!match) return undefined;
  const year = Number(match[1]);
  const number = Number(match[2]);
  // ISO week 1 contains 4 January; its Monday starts the ISO year.
  const jan4 = Temporal.PlainDate.from({ year, month: 1, day: 4 });
  const monday = jan4.subtract({ days: jan4.dayOfWeek - 1 }).add({ weeks: number - 1 });
  if (monday.weekOfYear !== number || monday.yearOfWeek !== year) return undefined;
  const target = DAYS.indexOf(config.summary.day) + 1;
  // The first period start on or after that Monday, within the same ISO week.
  const first = monday.add({ days: (target - 1 + 7) % 7 });
  return weekPublishedOn(first.add({ days: 7 }), config);
}
