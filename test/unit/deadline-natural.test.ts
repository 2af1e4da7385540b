import { beforeAll, describe, expect, test } from "@jest/globals";
import { Temporal } from "temporal-polyfill";
import type { ProjectCalendar } from "../../src/time/calendar.js";
import { type DeadlineBounds, parseDeadline } from "../../src/time/deadline.js";
import { loadNaturalDates } from "../../src/time/natural-deadline.js";

// Deadlines are read by chrono-node, which loads on first need.
beforeAll(() => loadNaturalDates());

// The decisions defaults: min_deadline 24h, max_deadline 30 days.
const BOUNDS: DeadlineBounds = {
  min: { unit: "hours", amount: 24 },
  max: { unit: "days", amount: 30 },
};
const cal = (timeZone = "Europe/Berlin", holidays: string[] = ["2026-12-25"]): ProjectCalendar => ({
  timeZone,
  holidays: new Set(holidays),
});
/** Monday 23 November 2026, 10:00 in Berlin. */
const MONDAY = Temporal.Instant.from("2026-11-23T09:00:00Z");

/** What was understood, as the project zone's ISO string, or the error (and any suggestion). */
function read(
  text: string,
  now = MONDAY,
  calendar = cal(),
  bounds: DeadlineBounds | null = BOUNDS,
): string {
  const result = parseDeadline(text, now, calendar, bounds ?? undefined);
  if (result.ok) return result.deadline.toString();
  return `error: ${result.error}${result.suggestion ? ` [${result.suggestion}]` : ""}`;
}

type Row = [name: string, text: string, expected: string];
const table = (rows: Row[], now = MONDAY, calendar = cal(), bounds: DeadlineBounds = BOUNDS) =>
  test.each(rows)("%s: %s", (_name, text, expected) => {
    expect(read(text, now, calendar, bounds)).toBe(expected);
  });

describe("parseDeadline › natural forms, at Monday 2026-11-23 10:00 Europe/Berlin", () => {
  table([
    // A weekday with a time of day, in the project zone.
    ["weekday and 12-hour time", "Thursday 5pm", "2026-11-26T17:00:00+01:00[Europe/Berlin]"],
    ["weekday and 24-hour time", "friday 17:00", "2026-11-27T17:00:00+01:00[Europe/Berlin]"],
    ["time before the weekday", "5pm friday", "2026-11-27T17:00:00+01:00[Europe/Berlin]"],
    ["weekday at a time", "friday at 5:30pm", "2026-11-27T17:30:00+01:00[Europe/Berlin]"],
    ["abbreviation with a time", "tues 5pm", "2026-11-24T17:00:00+01:00[Europe/Berlin]"],
    ["weekday and noon", "noon friday", "2026-11-27T12:00:00+01:00[Europe/Berlin]"],
    ["part of a day", "friday morning", "2026-11-27T06:00:00+01:00[Europe/Berlin]"],
    [
      "midnight › the end of that day",
      "midnight friday",
      "2026-11-27T23:59:59+01:00[Europe/Berlin]",
    ],
    // Weekdays: the next one at least min_deadline (24h) away.
    ["weekday › end of that day", "friday", "2026-11-27T23:59:59+01:00[Europe/Berlin]"],
    ["on weekday", "on Friday", "2026-11-27T23:59:59+01:00[Europe/Berlin]"],
    ["today's weekday › a week away", "monday", "2026-11-30T23:59:59+01:00[Europe/Berlin]"],
    ["next weekday", "next monday", "2026-11-30T23:59:59+01:00[Europe/Berlin]"],
    ["tomorrow's weekday", "tuesday", "2026-11-24T23:59:59+01:00[Europe/Berlin]"],
    ["tomorrow's weekday, too early", "tuesday 9am", "2026-12-01T09:00:00+01:00[Europe/Berlin]"],
    ["bare time › next one far enough", "5pm", "2026-11-24T17:00:00+01:00[Europe/Berlin]"],
    ["bare 24-hour time", "17:00", "2026-11-24T17:00:00+01:00[Europe/Berlin]"],
    ["trailing full stop", "Friday.", "2026-11-27T23:59:59+01:00[Europe/Berlin]"],
    // End of day, end of week.
    ["EOD weekday", "EOD Friday", "2026-11-27T23:59:59+01:00[Europe/Berlin]"],
    ["end of day weekday", "end of day friday", "2026-11-27T23:59:59+01:00[Europe/Berlin]"],
    [
      "end of the day on weekday",
      "end of the day on friday",
      "2026-11-27T23:59:59+01:00[Europe/Berlin]",
    ],
    ["weekday EOD", "friday EOD", "2026-11-27T23:59:59+01:00[Europe/Berlin]"],
    ["end of weekday", "end of Thursday", "2026-11-26T23:59:59+01:00[Europe/Berlin]"],
    ["EOD tomorrow", "eod tomorrow", "2026-11-24T23:59:59+01:00[Europe/Berlin]"],
    ["end of week › Friday", "end of week", "2026-11-27T23:59:59+01:00[Europe/Berlin]"],
    ["end of the week", "end of the week", "2026-11-27T23:59:59+01:00[Europe/Berlin]"],
    ["EOW", "EOW", "2026-11-27T23:59:59+01:00[Europe/Berlin]"],
    ["end of next week", "end of next week", "2026-12-04T23:59:59+01:00[Europe/Berlin]"],
    // Dates: the end of that day; this year's unless it has passed.
    ["month day", "Dec 12", "2026-12-12T23:59:59+01:00[Europe/Berlin]"],
    ["day month", "12 December", "2026-12-12T23:59:59+01:00[Europe/Berlin]"],
    ["month ordinal", "December 12th", "2026-12-12T23:59:59+01:00[Europe/Berlin]"],
    ["ordinal of month", "12th of December", "2026-12-12T23:59:59+01:00[Europe/Berlin]"],
    ["date with year", "12 Dec 2026", "2026-12-12T23:59:59+01:00[Europe/Berlin]"],
    ["date and time", "Dec 12 at 5pm", "2026-12-12T17:00:00+01:00[Europe/Berlin]"],
    ["weekday and date that agree", "Fri 27 Nov", "2026-11-27T23:59:59+01:00[Europe/Berlin]"],
    ["ISO date and 12-hour time", "2026-11-28 5pm", "2026-11-28T17:00:00+01:00[Europe/Berlin]"],
    ["tomorrow › end of that day", "tomorrow", "2026-11-24T23:59:59+01:00[Europe/Berlin]"],
    ["tomorrow noon", "tomorrow noon", "2026-11-24T12:00:00+01:00[Europe/Berlin]"],
    ["tomorrow at 11", "tomorrow at 11", "2026-11-24T11:00:00+01:00[Europe/Berlin]"],
    ["end of the month", "end of the month", "2026-11-30T23:59:59+01:00[Europe/Berlin]"],
    [
      "next week › a week from today, end of day",
      "next week",
      "2026-11-30T23:59:59+01:00[Europe/Berlin]",
    ],
    // Spans keep the time of day, like "in 3 days".
    ["span in words", "in two weeks", "2026-12-07T10:00:00+01:00[Europe/Berlin]"],
    ["a span", "in a week", "2026-11-30T10:00:00+01:00[Europe/Berlin]"],
    ["from now", "three days from now", "2026-11-26T10:00:00+01:00[Europe/Berlin]"],
    ["chrono span", "a week from now", "2026-11-30T10:00:00+01:00[Europe/Berlin]"],
    [
      "hours and minutes, exact",
      "in 26 hours 30 minutes",
      "2026-11-24T12:30:00+01:00[Europe/Berlin]",
    ],
  ]);
});

describe("parseDeadline › explicit zones: the day in the project calendar, the time in the zone", () => {
  table([
    [
      "IANA zone, same as the project's",
      "monday 9am Europe/Berlin",
      "2026-11-30T09:00:00+01:00[Europe/Berlin]",
    ],
    ["IANA zone behind", "monday 9am America/New_York", "2026-11-30T15:00:00+01:00[Europe/Berlin]"],
    [
      "IANA zone with a half-hour offset",
      "friday 17:00 Asia/Kolkata",
      "2026-11-27T12:30:00+01:00[Europe/Berlin]",
    ],
    ["IANA zone, any case", "Friday 5PM europe/london", "2026-11-27T18:00:00+01:00[Europe/Berlin]"],
    [
      "date in a zone › end of its day there",
      "Dec 12 Europe/London",
      "2026-12-13T00:59:59+01:00[Europe/Berlin]",
    ],
    ["EOD in a zone", "EOD Friday America/Los_Angeles", "2026-11-28T08:59:59+01:00[Europe/Berlin]"],
    ["end of week in a zone", "end of week Asia/Tokyo", "2026-11-27T15:59:59+01:00[Europe/Berlin]"],
    ["UTC", "friday 5pm UTC", "2026-11-27T18:00:00+01:00[Europe/Berlin]"],
    ["offset", "friday 5pm +0200", "2026-11-27T16:00:00+01:00[Europe/Berlin]"],
    [
      "negative offset, not a range",
      "friday 5pm -05:00",
      "2026-11-27T23:00:00+01:00[Europe/Berlin]",
    ],
    ["Z", "friday 5pm Z", "2026-11-27T18:00:00+01:00[Europe/Berlin]"],
    ["GMT", "friday 5pm GMT", "2026-11-27T18:00:00+01:00[Europe/Berlin]"],
  ]);

  describe("project zone America/New_York (Monday 04:00 there)", () => {
    table(
      [
        [
          "IANA zone ahead",
          "monday 9am Europe/Berlin",
          "2026-11-30T03:00:00-05:00[America/New_York]",
        ],
        [
          "weekday in the project zone",
          "tuesday 5pm",
          "2026-11-24T17:00:00-05:00[America/New_York]",
        ],
        ["bare date", "Dec 12", "2026-12-12T23:59:59-05:00[America/New_York]"],
      ],
      MONDAY,
      cal("America/New_York"),
    );
  });
});

describe("parseDeadline › the earliest allowed (min_deadline) decides which weekday", () => {
  const threeDays: DeadlineBounds = { ...BOUNDS, min: { unit: "days", amount: 3 } };
  test.each([
    [
      "without bounds, today's weekday is today",
      "monday",
      null,
      "2026-11-23T23:59:59+01:00[Europe/Berlin]",
    ],
    [
      "without bounds, a time already past › next week",
      "monday 9am",
      null,
      "2026-11-30T09:00:00+01:00[Europe/Berlin]",
    ],
    [
      "3 days › Thursday 10:00 is the earliest",
      "thursday 5pm",
      threeDays,
      "2026-11-26T17:00:00+01:00[Europe/Berlin]",
    ],
    [
      "3 days › Thursday 9:00 is too early",
      "thursday 9am",
      threeDays,
      "2026-12-03T09:00:00+01:00[Europe/Berlin]",
    ],
    [
      "3 days › Wednesday › next week's",
      "wednesday",
      threeDays,
      "2026-12-02T23:59:59+01:00[Europe/Berlin]",
    ],
    [
      "5 business days › Monday 10:00 is the earliest",
      "monday 9am",
      { ...BOUNDS, min: { unit: "business_days", amount: 5 } },
      "2026-12-07T09:00:00+01:00[Europe/Berlin]",
    ],
    [
      "2 weeks › end of week is two Fridays on",
      "end of week",
      { min: { unit: "weeks", amount: 2 }, max: { unit: "days", amount: 30 } },
      "2026-12-11T23:59:59+01:00[Europe/Berlin]",
    ],
  ] as const)("%s: %s", (_name, text, bounds, expected) => {
    expect(read(text, MONDAY, cal(), bounds)).toBe(expected);
  });

  test("a fixed date too soon is an error, not moved", () => {
    expect(read("Nov 24 9am")).toBe(
      "error: 2026-11-24 09:00 Europe/Berlin is too soon: give people at least 24 hours, across time zones",
    );
  });
});

describe("parseDeadline › end of week is the last business day (project calendar)", () => {
  test.each([
    [
      "Friday a holiday › Thursday",
      ["2026-11-27"],
      MONDAY,
      "2026-11-26T23:59:59+01:00[Europe/Berlin]",
    ],
    [
      "a whole week of holidays › the next week's Friday",
      ["2026-11-23", "2026-11-24", "2026-11-25", "2026-11-26", "2026-11-27"],
      MONDAY,
      "2026-12-04T23:59:59+01:00[Europe/Berlin]",
    ],
    [
      "on Friday, within min_deadline › next week's",
      [],
      Temporal.Instant.from("2026-11-27T09:00:00Z"),
      "2026-12-04T23:59:59+01:00[Europe/Berlin]",
    ],
    [
      "on Saturday › next week's Friday",
      [],
      Temporal.Instant.from("2026-11-28T09:00:00Z"),
      "2026-12-04T23:59:59+01:00[Europe/Berlin]",
    ],
    [
      "Christmas week: Friday 25 December off › Thursday",
      ["2026-12-25"],
      Temporal.Instant.from("2026-12-21T09:00:00Z"),
      "2026-12-24T23:59:59+01:00[Europe/Berlin]",
    ],
  ] as const)("%s", (_name, holidays, now, expected) => {
    expect(read("end of week", now, cal("Europe/Berlin", [...holidays]))).toBe(expected);
  });
});

describe("parseDeadline › across DST in Europe/Berlin", () => {
  describe("spring forward (29 March 2026), from Friday 27 March 10:00 CET", () => {
    table(
      [
        [
          "weekday and time after the change",
          "monday 9am",
          "2026-03-30T09:00:00+02:00[Europe/Berlin]",
        ],
        [
          "a time in the gap › moved forward an hour",
          "sunday 2:30am",
          "2026-03-29T03:30:00+02:00[Europe/Berlin]",
        ],
        ["the end of the short day", "EOD Sunday", "2026-03-29T23:59:59+02:00[Europe/Berlin]"],
        [
          "tomorrow, before the change",
          "tomorrow noon",
          "2026-03-28T12:00:00+01:00[Europe/Berlin]",
        ],
        [
          "a day span keeps the wall clock",
          "in two days",
          "2026-03-29T10:00:00+02:00[Europe/Berlin]",
        ],
        ["an hour span is exact", "in 50 hours", "2026-03-29T13:00:00+02:00[Europe/Berlin]"],
        [
          "end of week › next week's Friday",
          "end of week",
          "2026-04-03T23:59:59+02:00[Europe/Berlin]",
        ],
        ["date after the change", "April 1", "2026-04-01T23:59:59+02:00[Europe/Berlin]"],
        [
          "another zone's time on that day",
          "monday 9am America/New_York",
          "2026-03-30T15:00:00+02:00[Europe/Berlin]",
        ],
      ],
      Temporal.Instant.from("2026-03-27T09:00:00Z"),
    );
  });

  describe("fall back (25 October 2026), from Friday 23 October 10:00 CEST", () => {
    table(
      [
        [
          "weekday and time after the change",
          "monday 9am",
          "2026-10-26T09:00:00+01:00[Europe/Berlin]",
        ],
        [
          "a repeated time › the first of the two",
          "sunday 2:30am",
          "2026-10-25T02:30:00+02:00[Europe/Berlin]",
        ],
        ["the end of the long day", "EOD Sunday", "2026-10-25T23:59:59+01:00[Europe/Berlin]"],
        [
          "a day span keeps the wall clock",
          "in three days",
          "2026-10-26T10:00:00+01:00[Europe/Berlin]",
        ],
        ["an hour span is exact", "in 50 hours", "2026-10-25T11:00:00+01:00[Europe/Berlin]"],
        [
          "end of week › next week's Friday",
          "end of week",
          "2026-10-30T23:59:59+01:00[Europe/Berlin]",
        ],
        ["UTC time on the day after", "monday 9am UTC", "2026-10-26T10:00:00+01:00[Europe/Berlin]"],
      ],
      Temporal.Instant.from("2026-10-23T08:00:00Z"),
    );
  });

  describe("just after midnight on the day of the change (Sunday 25 October 01:30 CEST)", () => {
    table(
      [
        [
          "tomorrow is Monday in Berlin, though still Saturday in UTC",
          "tomorrow noon",
          "2026-10-26T12:00:00+01:00[Europe/Berlin]",
        ],
        [
          "90 minutes across the change is exact",
          "in 26 hours 30 minutes",
          "2026-10-26T03:00:00+01:00[Europe/Berlin]",
        ],
      ],
      Temporal.Instant.from("2026-10-24T23:30:00Z"),
    );
  });
});

test("parseDeadline › weekday and date on that day, after chrono's implied noon › this year's", () => {
  const fridayAfternoon = Temporal.Instant.from("2026-12-11T12:00:01Z");
  expect(read("Fri 11 Dec", fridayAfternoon, cal(), null)).toBe(
    "2026-12-11T23:59:59+01:00[Europe/Berlin]",
  );
});

describe("parseDeadline › month and year ends", () => {
  test.each([
    [
      "into the next month",
      "2026-11-30T09:00:00Z",
      "Dec 1 5pm",
      "2026-12-01T17:00:00+01:00[Europe/Berlin]",
    ],
    [
      "weekday in the next month",
      "2026-11-30T09:00:00Z",
      "thursday",
      "2026-12-03T23:59:59+01:00[Europe/Berlin]",
    ],
    [
      "a passed date › next year's",
      "2026-12-28T09:00:00Z",
      "Jan 4",
      "2027-01-04T23:59:59+01:00[Europe/Berlin]",
    ],
    [
      "weekday in the next year",
      "2026-12-30T09:00:00Z",
      "friday",
      "2027-01-01T23:59:59+01:00[Europe/Berlin]",
    ],
    [
      "end of week across the year",
      "2026-12-28T09:00:00Z",
      "end of week",
      "2027-01-01T23:59:59+01:00[Europe/Berlin]",
    ],
    [
      "end of a 31-day month",
      "2027-01-25T09:00:00Z",
      "end of month",
      "2027-01-31T23:59:59+01:00[Europe/Berlin]",
    ],
    [
      "end of February",
      "2027-02-22T09:00:00Z",
      "end of the month",
      "2027-02-28T23:59:59+01:00[Europe/Berlin]",
    ],
    ["a leap day", "2028-02-21T09:00:00Z", "Feb 29", "2028-02-29T23:59:59+01:00[Europe/Berlin]"],
    [
      "a passed date a year on › too far",
      "2026-12-13T09:00:00Z",
      "Dec 12",
      "error: 2027-12-12 23:59 Europe/Berlin is too far away: the limit is 30 days",
    ],
  ])("%s: %s at %s", (_name, now, text, expected) => {
    expect(read(text, Temporal.Instant.from(now))).toBe(expected);
  });
});

describe("parseDeadline › natural forms that are refused, and why", () => {
  table([
    [
      "ambiguous zone abbreviation",
      "friday 5pm CET",
      'error: "CET" could be more than one time zone: use an IANA name such as Europe/Berlin, or an offset such as +01:00',
    ],
    [
      "unknown IANA zone",
      "friday 5pm Mars/Olympus",
      'error: "Mars/Olympus" is not a time zone I know (use an IANA name such as Europe/Berlin, or an offset such as +01:00)',
    ],
    [
      "day/month or month/day",
      "12/11",
      'error: "12/11" could be day/month or month/day: write the date as YYYY-MM-DD or with the month\'s name (12 December)',
    ],
    [
      "day/month with a weekday",
      "Friday 12/11",
      'error: "Friday 12/11" could be day/month or month/day: write the date as YYYY-MM-DD or with the month\'s name (12 December)',
    ],
    ["a range", "friday 5pm to 6pm", 'error: "friday 5pm to 6pm" is a range: give one deadline'],
    ["weekday and date disagree", "Thu 27 Nov", "error: 2026-11-27 is a Friday, not a Thursday"],
    ["a past weekday", "last friday", 'error: "last friday" is in the past'],
    [
      "a month without a day",
      "December",
      'error: "December" needs a day of the month (12 December)',
    ],
    ["a date that does not exist", "Feb 30", 'error: I could not read "Feb 30" as a deadline'],
    ["EOD and a time", "EOD friday 5pm", 'error: I could not read "EOD friday 5pm" as a deadline'],
    [
      "left-over words",
      "friday or monday",
      'error: I could not read "friday or monday" as a deadline',
    ],
    [
      "a fixed time today, too soon",
      "tonight",
      "error: 2026-11-23 22:00 Europe/Berlin is too soon: give people at least 24 hours, across time zones",
    ],
    [
      "EOD today, too soon",
      "EOD",
      "error: 2026-11-23 23:59 Europe/Berlin is too soon: give people at least 24 hours, across time zones",
    ],
    [
      "a span too far",
      "in 2 months",
      "error: 2027-01-23 10:00 Europe/Berlin is too far away: the limit is 30 days",
    ],
    ["not a date at all", "Google", 'error: I could not read "Google" as a deadline'],
  ]);
});
