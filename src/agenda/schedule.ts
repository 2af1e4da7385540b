import { Temporal } from "temporal-polyfill";
import type { Config } from "../config/schema.js";
import { addBusinessDays, calendarOf } from "../time/calendar.js";
import type { Span } from "../time/duration.js";

export type SyncConfig = NonNullable<Config["sync"]>;

/** One sync of the team, and when its agenda is published. */
export interface SyncSlot {
  /** Idempotency key: the sync's date and time in the project zone, `2026-12-10T16:00`. */
  key: string;
  /** Which sync: 0 for `sync.first`. */
  index: number;
  at: Temporal.ZonedDateTime;
  /** `sync.lead` before `at`. */
  publishAt: Temporal.ZonedDateTime;
  /** `Thu 10 Dec 2026 16:00 (Europe/Berlin)`. */
  when: string;
  /** `Sync agenda: Thu 10 Dec 2026 16:00 (Europe/Berlin)`. */
  title: string;
}

const DAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** `n` spans after (or, negative, before) `from`: days and weeks keep the wall-clock time. */
export function shift(
  from: Temporal.ZonedDateTime,
  span: Span,
  n: number,
  config: Pick<Config, "timezone" | "holidays">,
): Temporal.ZonedDateTime {
  switch (span.unit) {
    case "hours":
      return from.add({ hours: span.amount * n });
    case "days":
      return from.add({ days: span.amount * n });
    case "weeks":
      return from.add({ weeks: span.amount * n });
    case "business_days":
      return addBusinessDays(from, span.amount * n, calendarOf(config));
  }
}

/**
 * The `index`-th sync, computed in the project time zone: `sync.first` at `sync.time`, then
 * every `sync.every`. A span of days or weeks is counted on the calendar, so the sync stays at
 * 16:00 across a DST change (a time that does not exist that day moves forward an hour).
 */
export function syncSlot(
  sync: SyncConfig,
  config: Pick<Config, "timezone" | "holidays">,
  index: number,
): SyncSlot {
  const time = Temporal.PlainTime.from(sync.time);
  const first = Temporal.PlainDate.from(sync.first);
  const at =
    sync.every.unit === "hours"
      ? shift(
          first.toZonedDateTime({ timeZone: config.timezone, plainTime: time }),
          sync.every,
          index,
          config,
        )
      : shift(first.toZonedDateTime({ timeZone: config.timezone }), sync.every, index, config)
          .toPlainDate()
          .toZonedDateTime({ timeZone: config.timezone, plainTime: time });
  const when = describeSync(at);
  return {
    key: `${at.toPlainDate().toString()}T${at.toPlainTime().toString({ smallestUnit: "minute" })}`,
    index,
    at,
    publishAt: shift(at, sync.lead, -1, config),
    when,
    title: `Sync agenda: ${when}`,
  };
}

/** `Thu 10 Dec 2026 16:00 (Europe/Berlin)`. */
function describeSync(at: Temporal.ZonedDateTime): string {
  const date = at.toPlainDate();
  const clock = at.toPlainTime().toString({ smallestUnit: "minute" });
  return `${DAYS[date.dayOfWeek - 1]} ${date.day} ${MONTHS[date.month - 1]} ${date.year} ${clock} (${at.timeZoneId})`;
}

/** How the sync of an agenda's key reads, as its title and heading say it. */
export const describeKey = (key: string, timeZone: string) =>
  describeSync(Temporal.PlainDateTime.from(key).toZonedDateTime(timeZone));

const after = (a: Temporal.ZonedDateTime, b: Temporal.Instant) =>
  Temporal.Instant.compare(a.toInstant(), b) > 0;

/**
 * The next sync that has not started at `now` (the first one, before it). The index is
 * estimated from the elapsed time and then corrected, so the cost does not grow with the
 * number of syncs since `sync.first`.
 */
export function nextSync(
  now: Temporal.Instant,
  sync: SyncConfig,
  config: Pick<Config, "timezone" | "holidays">,
): SyncSlot {
  const first = syncSlot(sync, config, 0);
  if (after(first.at, now)) return first;
  const period = shift(first.at, sync.every, 1, config).toInstant().since(first.at.toInstant());
  const elapsed = now.since(first.at.toInstant()).total({ unit: "seconds" });
  let index = Math.max(0, Math.floor(elapsed / Math.max(1, period.total({ unit: "seconds" }))));
  while (!after(syncSlot(sync, config, index).at, now)) index++;
  while (index > 0 && after(syncSlot(sync, config, index - 1).at, now)) index--;
  return syncSlot(sync, config, index);
}

/** Whether the agenda of `slot` is due at `now`: published, not yet started. */
export const inPublicationWindow = (slot: SyncSlot, now: Temporal.Instant) =>
  !after(slot.publishAt, now) && after(slot.at, now);
