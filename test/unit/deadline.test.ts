import { beforeAll, describe, expect, test } from "@jest/globals";
import { Temporal } from "temporal-polyfill";
import type { ProjectCalendar } from "../../src/time/calendar.js";
import { describeUntil, formatDeadline, parseDeadline } from "../../src/time/deadline.js";
import { parseSpan } from "../../src/time/duration.js";
import { loadNaturalDates } from "../../src/time/natural-deadline.js";

// Deadlines are read by chrono-node, which loads on first need.
beforeAll(() => loadNaturalDates());

const BOUNDS = { min: { unit: "hours", amount: 24 }, max: { unit: "days", amount: 30 } } as const;
const cal = (timeZone = "UTC", holidays: string[] = []): ProjectCalendar => ({
  timeZone,
  holidays: new Set(holidays),
});
// Saturday 21 November 2026, 10:00 UTC.
const NOW = Temporal.Instant.from("2026-11-21T10:00:00Z");

function deadline(
  text: string,
  now = NOW,
  calendar = cal(),
  bounds: typeof BOUNDS | null = BOUNDS,
): string {
  const result = parseDeadline(text, now, calendar, bounds ?? undefined);
  return result.ok ? result.deadline.toString({ timeZoneName: "auto" }) : `error: ${result.error}`;
}

describe("parseDeadline › forms, at Saturday 2026-11-21 10:00 UTC", () => {
  test.each([
    ["ISO date › end of that day", "2026-11-28", "2026-11-28T23:59:59+00:00[UTC]"],
    [
      "ISO date and time with a zone",
      "2026-11-28 17:00 Europe/Berlin",
      "2026-11-28T16:00:00+00:00[UTC]",
    ],
    [
      "ISO date and time with an offset",
      "2026-11-28T17:00+05:30",
      "2026-11-28T11:30:00+00:00[UTC]",
    ],
    ["ISO date and time in UTC", "2026-11-28 17:00 Z", "2026-11-28T17:00:00+00:00[UTC]"],
    [
      "ISO date and time without zone › project zone",
      "2026-11-28 17:00",
      "2026-11-28T17:00:00+00:00[UTC]",
    ],
    ["weekday › end of the coming one", "friday", "2026-11-27T23:59:59+00:00[UTC]"],
    ["short weekday, any case", "FRI", "2026-11-27T23:59:59+00:00[UTC]"],
    ["next weekday", "next monday", "2026-11-23T23:59:59+00:00[UTC]"],
    ["tomorrow", "tomorrow", "2026-11-22T23:59:59+00:00[UTC]"],
    ["in N days", "in 3 days", "2026-11-24T10:00:00+00:00[UTC]"],
    ["hours", "72h", "2026-11-24T10:00:00+00:00[UTC]"],
    ["days shorthand", "3d", "2026-11-24T10:00:00+00:00[UTC]"],
    ["weeks", "2 weeks", "2026-12-05T10:00:00+00:00[UTC]"],
    ["business days from a Saturday skip the weekend", "5bd", "2026-11-27T10:00:00+00:00[UTC]"],
    ["business days, long form", "5 business days", "2026-11-27T10:00:00+00:00[UTC]"],
  ])("%s: %s", (_name, text, expected) => {
    expect(deadline(text)).toBe(expected);
  });

  test("next friday on a Friday › a week later; plain friday › today", () => {
    const friday = Temporal.Instant.from("2026-11-27T08:00:00Z");
    expect(deadline("friday", friday, cal(), null)).toBe("2026-11-27T23:59:59+00:00[UTC]");
    expect(deadline("next friday", friday)).toBe("2026-12-04T23:59:59+00:00[UTC]");
  });

  test("holidays are not business days", () => {
    expect(deadline("3bd", NOW, cal("UTC", ["2026-11-24"]))).toBe("2026-11-26T10:00:00+00:00[UTC]");
  });

  test("end of month › date arithmetic rolls into the next month", () => {
    const now = Temporal.Instant.from("2026-01-30T12:00:00Z");
    expect(deadline("3 days", now)).toBe("2026-02-02T12:00:00+00:00[UTC]");
    expect(deadline("2026-02-28", now)).toBe("2026-02-28T23:59:59+00:00[UTC]");
  });

  test("DST › '3 days' keeps the wall-clock time across the change in Europe/Berlin", () => {
    const now = Temporal.Instant.from("2026-03-27T09:00:00Z"); // 10:00 CET, Friday
    const result = parseDeadline("3 days", now, cal("Europe/Berlin"), BOUNDS);
    expect(result.ok && result.deadline.toString()).toBe(
      "2026-03-30T10:00:00+02:00[Europe/Berlin]",
    );
  });

  test("DST › '72h' is exactly 72 hours, so the wall clock moves", () => {
    const now = Temporal.Instant.from("2026-03-27T09:00:00Z");
    const result = parseDeadline("72h", now, cal("Europe/Berlin"), BOUNDS);
    expect(result.ok && result.deadline.toString()).toBe(
      "2026-03-30T11:00:00+02:00[Europe/Berlin]",
    );
  });

  test("a date is the end of that day in the project time zone", () => {
    const result = parseDeadline("2026-11-28", NOW, cal("America/New_York"), BOUNDS);
    expect(result.ok && formatDeadline(result.deadline)).toEqual({
      local: "2026-11-28 23:59 America/New_York",
      utc: "2026-11-29 04:59 UTC",
      date: "2026-11-28",
      weekday: "Sat",
    });
  });
});

describe("parseDeadline › every error message", () => {
  test.each([
    ["empty", "", "error: the deadline is empty"],
    ["gibberish", "whenever", 'error: I could not read "whenever" as a deadline'],
    ["impossible date", "2026-02-30", 'error: "2026-02-30" is not a calendar date'],
    [
      "impossible date with time",
      "2026-02-30 10:00",
      'error: "2026-02-30 10:00" is not a calendar date',
    ],
    ["impossible time", "2026-11-28 25:00", 'error: "25:00" is not a time of day'],
    [
      "unknown zone",
      "2026-11-28 17:00 Mars/Olympus",
      'error: "Mars/Olympus" is not a time zone I know (use an IANA name such as Europe/Berlin, or an offset such as +01:00)',
    ],
    ["zero span", "0d", 'error: "0d" is no time at all'],
    ["too long", "x".repeat(81), "error: the deadline is too long to be a date"],
    ["past", "2026-11-20", "error: 2026-11-20 23:59 UTC is in the past"],
    [
      "too soon",
      "5h",
      "error: 2026-11-21 15:00 UTC is too soon: give people at least 24 hours, across time zones",
    ],
    ["too far", "2027-01-31", "error: 2027-01-31 23:59 UTC is too far away: the limit is 30 days"],
  ])("%s", (_name, text, expected) => {
    expect(deadline(text)).toBe(expected);
  });
});

describe("describeUntil", () => {
  test.each([
    ["hours", "2026-11-22T06:00:00Z", "in 20 hours"],
    ["business days over a weekend", "2026-11-27T23:59:59Z", "in 5 business days (7 days)"],
    ["past", "2026-11-21T08:00:00Z", "2 hours ago"],
  ])("%s", (_name, at, expected) => {
    expect(describeUntil(Temporal.Instant.from(at).toZonedDateTimeISO("UTC"), NOW, cal())).toBe(
      expected,
    );
  });
});

test("parseSpan › forms", () => {
  expect(parseSpan("24h")).toEqual({ unit: "hours", amount: 24 });
  expect(parseSpan("in 2 working days")).toEqual({ unit: "business_days", amount: 2 });
  expect(parseSpan("soon")).toBeUndefined();
});

// The property tests (never throws, within the bounds, long input) are in deadline-properties.test.ts.
