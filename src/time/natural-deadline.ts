import type { ParsedComponents, ParsedResult } from "chrono-node";

/**
 * chrono-node, loaded on first need: it costs about 20 MB and most deliveries never read a
 * deadline. Every entry that may parse one (`runDecisionCommands`) awaits
 * {@link loadNaturalDates} first.
 */
let chrono: typeof import("chrono-node") | undefined;

/** Load the natural-language date parser, once; reading deadlines needs it. */
export async function loadNaturalDates(): Promise<void> {
  chrono ??= await import("chrono-node");
}

import { Temporal } from "temporal-polyfill";
import { endOfDay, isBusinessDay, isValidTimeZone, type ProjectCalendar } from "./calendar.js";
import type { DeadlineResult } from "./deadline.js";

/** What a natural-language deadline is read against. */
export interface Reading {
  /** Now, in the project time zone. */
  here: Temporal.ZonedDateTime;
  /**
   * The earliest a recurring form (a weekday, a bare time of day, "end of week") may fall:
   * now plus `min_deadline`, or now without bounds. Such a form means the next one from here.
   */
  earliest: Temporal.ZonedDateTime;
  calendar: ProjectCalendar;
}

/** The reply for a zone Temporal does not know. */
export function unknownZone(zone: string): DeadlineResult {
  return {
    ok: false,
    error: `"${zone}" is not a time zone I know (use an IANA name such as Europe/Berlin, or an offset such as +01:00)`,
  };
}

/** A trailing IANA name, offset or UTC: `monday 9am Europe/Berlin`, `5pm -05:00`, `5pm Z`. */
const ZONE_SUFFIX = /^(.*\S) ([A-Za-z][\w+-]*(?:\/[\w+-]+)+|[+-]\d{2}:?\d{2}|utc|z)$/i;
const END_OF_WEEK = /^(?:the )?(?:end of (?:the |this |(next) )?week|eow|this week)$/i;
const EOD_FIRST = /^(?:eod|(?:the )?end of (?:the )?day)(?:,? (?:on )?(.+))?$/i;
const EOD_LAST = /^(.+?),? (?:eod|(?:at )?(?:the )?end of (?:the )?day)$/i;
/** "end of friday", but not "end of the month" (chrono reads that itself). */
const END_OF = /^(?:the )?end of (?!(?:the )?(?:month|year)$)(.+)$/i;
/** Words a deadline may have around what chrono read: "on friday", "friday at 5pm". */
const FILLER = new Set(["", "on", "at", "by", "the"]);
/** Parts of the day chrono gives an implied hour (morning 06:00, tonight 22:00): honoured. */
const PART_OF_DAY = /^casualReference\/(?:morning|afternoon|evening|tonight)$/;
/** Relative dates that are spans ("in 2 months", "a month from now") keep the time of day. */
const SPAN_LIKE = /^(?:in|within) |\b(?:from now|later)$/i;
const PAST = /\b(?:last|past|previous|ago|yesterday)\b/i;
const WEEKDAY_NAMES = [
  "Monday",
  "Tuesday",
  "Wednesday",
  "Thursday",
  "Friday",
  "Saturday",
  "Sunday",
] as const;

/**
 * Read a deadline as people write it ("Thursday 5pm", "EOD Friday", "Dec 12", "end of week",
 * "monday 9am Europe/Berlin"), or `undefined` when it is not one. Input is whitespace-collapsed
 * and at most 80 characters (the caller's limits), so every step here is bounded.
 *
 * chrono reads the words; the result is built here, in Temporal: chrono is given the reference
 * instant with the project zone's offset at that instant, and only its parsed components
 * (year, month, day, weekday, hour, minute, and which are known) are used, so the machine's
 * own time zone and the JS Date arithmetic never decide a wall-clock time across a DST change.
 */
export function readNatural(text: string, reading: Reading): DeadlineResult | undefined {
  let rest = text;
  let zone: string | undefined;
  const zoned = ZONE_SUFFIX.exec(rest);
  if (zoned) {
    zone = (zoned[2] as string)
      .replace(/^(?:utc|z)$/i, "UTC")
      .replace(/^([+-]\d{2})(\d{2})$/, "$1:$2");
    if (!isValidTimeZone(zone)) return unknownZone(zone);
    rest = zoned[1] as string;
  }
  const week = END_OF_WEEK.exec(rest);
  if (week) return endOfWeek(week[1] !== undefined, zone ?? reading.calendar.timeZone, reading);

  const eod = EOD_FIRST.exec(rest) ?? EOD_LAST.exec(rest) ?? END_OF.exec(rest);
  const words = eod ? (eod[1] ?? "today") : rest;
  const result = parseWhole(words.replace(/\btues\b/gi, "Tuesday"), reading.here);
  try {
    return result && fromChrono(result, { zone, endOfDay: eod !== null }, reading);
  } catch (error) {
    // Components chrono accepted but Temporal cannot hold (a year past 275760): no deadline.
    if (error instanceof RangeError) return undefined;
    throw error;
  }
}

/** The project zone's offset from UTC at `here`, in minutes: chrono's reference time zone. */
const offsetMinutes = (here: Temporal.ZonedDateTime) => Math.round(here.offsetNanoseconds / 60e9);

/** The one chrono result that covers the whole text (up to filler words), if any. */
function parseWhole(text: string, here: Temporal.ZonedDateTime): ParsedResult | undefined {
  const reference = { instant: new Date(here.epochMilliseconds), timezone: offsetMinutes(here) };
  if (!chrono) throw new Error("loadNaturalDates() must be awaited before reading a deadline");
  const results = chrono.casual.parse(text, reference, { forwardDate: true });
  const [result] = results;
  if (results.length !== 1 || !result) return undefined;
  const around = `${text.slice(0, result.index)} ${text.slice(result.index + result.text.length)}`;
  return around.split(/[\s,.;:!]+/).every((word) => FILLER.has(word)) ? result : undefined;
}

const ok = (deadline: Temporal.ZonedDateTime): DeadlineResult => ({ ok: true, deadline });

/** A Temporal date from chrono's components; `undefined` for one that does not exist. */
function dateOf(c: ParsedComponents): Temporal.PlainDate | undefined {
  try {
    return Temporal.PlainDate.from(
      { year: c.get("year") ?? 0, month: c.get("month") ?? 0, day: c.get("day") ?? 0 },
      { overflow: "reject" },
    );
  } catch {
    return undefined;
  }
}

/** `date`'s month and day in `year`, if that year has it (29 February). */
function dateIn(year: number, date: Temporal.PlainDate): Temporal.PlainDate | undefined {
  try {
    return date.with({ year }, { overflow: "reject" });
  } catch {
    return undefined;
  }
}

/** The time of day written (or a part of the day); `undefined` means the end of the day. */
function timeOf(c: ParsedComponents, tags: Set<string>): Temporal.PlainTime | undefined {
  // "midnight friday" is the end of Friday, not its first second.
  if (tags.has("casualReference/midnight")) return undefined;
  if (!c.isCertain("hour") && ![...tags].some((tag) => PART_OF_DAY.test(tag))) return undefined;
  return new Temporal.PlainTime(c.get("hour") ?? 0, c.get("minute") ?? 0, c.get("second") ?? 0);
}

/** `+02:00` for chrono's offset in minutes. */
function offsetZone(minutes: number): string {
  const abs = Math.abs(minutes);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${minutes < 0 ? "-" : "+"}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/**
 * The zone the time of day is in: a trailing IANA name, else an offset or UTC chrono read
 * ("5pm UTC", "5pm +0200"), else the project zone. Abbreviations such as CET or IST are refused:
 * they are ambiguous, and chrono decides their DST from today rather than from the deadline.
 */
function zoneOf(result: ParsedResult, zone: string | undefined, reading: Reading) {
  const c = result.start;
  if (!c.isCertain("timezoneOffset")) return zone ?? reading.calendar.timeZone;
  if (zone) return undefined;
  const label = result.text.split(" ").at(-1) ?? "";
  if (!/^(?:utc|gmt|z|[+-]\d{2}:?\d{2})$/i.test(label)) {
    return {
      ok: false,
      error: `"${label}" could be more than one time zone: use an IANA name such as Europe/Berlin, or an offset such as +01:00`,
    } as const;
  }
  return offsetZone(c.get("timezoneOffset") ?? 0);
}

function fromChrono(
  result: ParsedResult,
  written: { zone: string | undefined; endOfDay: boolean },
  reading: Reading,
): DeadlineResult | undefined {
  const c = result.start;
  const tags = result.tags();
  if (result.end) return { ok: false, error: `"${result.text}" is a range: give one deadline` };
  // The parser's tag is lost when a weekday is merged in ("Friday 12/11").
  if (tags.has("parser/SlashDateFormatParser") || /\d\/\d/.test(result.text)) {
    return {
      ok: false,
      error: `"${result.text}" could be day/month or month/day: write the date as YYYY-MM-DD or with the month's name (12 December)`,
    };
  }
  const relative = tags.has("result/relativeDate");
  // "the day after tomorrow": chrono's merge refiners re-read part of it against the machine's
  // own zone (an offset that is not the reference's); such a date cannot be trusted.
  if (relative && c.get("timezoneOffset") !== offsetMinutes(reading.here)) return undefined;
  if (tags.has("result/relativeDateAndTime")) {
    // "in 90 minutes": chrono added the span to the wall clock it was given; the same span
    // added to the instant is exact, whatever DST does in between.
    const at = new Temporal.PlainDateTime(
      c.get("year") ?? 0,
      c.get("month") ?? 0,
      c.get("day") ?? 0,
      c.get("hour") ?? 0,
      c.get("minute") ?? 0,
      c.get("second") ?? 0,
      c.get("millisecond") ?? 0,
    );
    const from = reading.here
      .toPlainDateTime()
      .round({ smallestUnit: "millisecond", roundingMode: "trunc" });
    return ok(reading.here.add(at.since(from, { largestUnit: "hours" })));
  }
  const zone = zoneOf(result, written.zone, reading);
  if (zone === undefined) return undefined;
  if (typeof zone !== "string") return zone;
  const eod = written.endOfDay;
  if (eod && c.isCertain("hour")) return undefined;
  const time = eod ? undefined : timeOf(c, tags);
  const { here } = reading;
  const place = (date: Temporal.PlainDate) =>
    (time ? date.toZonedDateTime({ timeZone: zone, plainTime: time }) : endOfDay(date, zone))
      // The time of day is in `zone`; the deadline is kept and shown in the project zone.
      .withTimeZone(reading.calendar.timeZone);

  if (c.isCertain("day") || relative) {
    const named = dateOf(c);
    // "in 2 months" keeps the time of day, like "in 3 days"; "next week" is a date.
    if (named && relative && !time && !eod && SPAN_LIKE.test(result.text)) {
      const plainTime = here.toPlainTime();
      return ok(named.toZonedDateTime({ timeZone: here.timeZoneId, plainTime }));
    }
    // "Dec 12": this year's, unless that has passed; "Feb 29": the next leap year's.
    const date = c.isCertain("year") || relative ? named : named && coming(named, place, reading);
    if (!date) return { ok: false, error: `"${result.text}" is not a calendar date` };
    const weekday = c.get("weekday");
    if (c.isCertain("weekday") && weekday !== null && (weekday || 7) !== date.dayOfWeek) {
      return {
        ok: false,
        error: `${date.toString()} is a ${WEEKDAY_NAMES[date.dayOfWeek - 1]}, not a ${WEEKDAY_NAMES[(weekday || 7) - 1]}`,
      };
    }
    return ok(place(date));
  }
  if (c.isCertain("month"))
    return { ok: false, error: `"${result.text}" needs a day of the month (12 December)` };

  const today = here.toPlainDate();
  if (c.isCertain("weekday")) {
    const weekday = c.get("weekday") || 7;
    if (PAST.test(result.text)) return { ok: false, error: `"${result.text}" is in the past` };
    // "next friday" on a Friday is a week away, plain "friday" may be today: then the first
    // such day at least min_deadline away.
    const first = /\bnext\b/i.test(result.text) ? today.add({ days: 1 }) : today;
    const start = first.add({ days: (weekday - first.dayOfWeek + 7) % 7 });
    return ok(nextOne(start, 7, place, reading));
  }
  // A bare time of day ("by 5pm"): the next such time at least min_deadline away.
  if (time) return ok(nextOne(today, 1, place, reading));
  return undefined;
}

/** The first of `date`'s month and day, this year or after, whose deadline is still ahead. */
function coming(
  date: Temporal.PlainDate,
  place: (date: Temporal.PlainDate) => Temporal.ZonedDateTime,
  reading: Reading,
): Temporal.PlainDate | undefined {
  const { here } = reading;
  for (let year = here.year; year <= here.year + 8; year++) {
    const day = dateIn(year, date);
    if (day && Temporal.Instant.compare(place(day).toInstant(), here.toInstant()) > 0) return day;
  }
  return undefined;
}

/** Whether `at` is late enough for a recurring form: after now, and not before `earliest`. */
function lateEnough(at: Temporal.ZonedDateTime, reading: Reading): boolean {
  return (
    Temporal.Instant.compare(at.toInstant(), reading.here.toInstant()) > 0 &&
    Temporal.Instant.compare(at.toInstant(), reading.earliest.toInstant()) >= 0
  );
}

/**
 * The first of `start`, `start + step`, … whose `place` is late enough. The walk starts near
 * the earliest allowed day, so it takes a few steps whatever `min_deadline` is.
 */
function nextOne(
  start: Temporal.PlainDate,
  step: number,
  place: (date: Temporal.PlainDate) => Temporal.ZonedDateTime | undefined,
  reading: Reading,
): Temporal.ZonedDateTime {
  let date = start;
  const near = reading.earliest.toPlainDate().subtract({ days: step + 1 });
  if (Temporal.PlainDate.compare(near, date) > 0)
    date = date.add({ days: Math.floor(date.until(near).days / step) * step });
  let last: Temporal.ZonedDateTime | undefined;
  // Weeks without a business day (a holiday week) are skipped; a dozen covers any calendar.
  for (let i = 0; i < 16; i++, date = date.add({ days: step })) {
    last = place(date) ?? last;
    if (last && lateEnough(last, reading)) return last;
  }
  return last ?? endOfDay(date, reading.calendar.timeZone);
}

/** The end of the last business day of the week (Monday to Sunday), the next one late enough. */
function endOfWeek(next: boolean, zone: string, reading: Reading): DeadlineResult {
  const today = reading.here.toPlainDate();
  const monday = today.subtract({ days: today.dayOfWeek - 1 }).add({ days: next ? 7 : 0 });
  const lastBusinessDay = (start: Temporal.PlainDate) => {
    for (let back = 6; back >= 0; back--) {
      const date = start.add({ days: back });
      if (isBusinessDay(date, reading.calendar))
        return endOfDay(date, zone).withTimeZone(reading.calendar.timeZone);
    }
    return undefined;
  };
  return ok(nextOne(monday, 7, lastBusinessDay, reading));
}
