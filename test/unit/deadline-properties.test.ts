import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, test } from "@jest/globals";
import { transformFileSync } from "@swc/core";
import fc from "fast-check";
import { Temporal } from "temporal-polyfill";
import type { ProjectCalendar } from "../../src/time/calendar.js";
import {
  addSpan,
  type DeadlineBounds,
  looksLikeMistypedDeadline,
  parseDeadline,
} from "../../src/time/deadline.js";
import { loadNaturalDates } from "../../src/time/natural-deadline.js";

// Deadlines are read by chrono-node, which loads on first need (tables below read some).
await loadNaturalDates();

const BOUNDS: DeadlineBounds = {
  min: { unit: "hours", amount: 24 },
  max: { unit: "days", amount: 30 },
};
const zones = fc.constantFrom(
  "UTC",
  "Europe/Berlin",
  "America/New_York",
  "Asia/Kolkata",
  "Pacific/Chatham",
  "Australia/Lord_Howe",
);
/** Instants from 1970 to 2096, at any second. */
const nows = fc
  .integer({ min: 0, max: 4_000_000_000 })
  .map((s) => Temporal.Instant.fromEpochMilliseconds(s * 1000));
const calendarIn = (timeZone: string): ProjectCalendar => ({
  timeZone,
  holidays: new Set(["2026-12-25", "2026-11-27"]),
});
/** Pieces people put in deadlines, typos and junk included. */
const TOKENS = [
  ...["friday", "Thursday", "mon", "tues", "next", "this", "last", "on", "at", "by", "the"],
  ...["5pm", "17:00", "9am", "noon", "midnight", "morning", "tonight", "12", "12th", "2026"],
  ...["eod", "EOD", "end", "of", "day", "week", "month", "eow", "in", "two", "a", "weeks"],
  ...["from", "now", "Dec", "December", "Feb", "29", "tomorrow", "today", "3bd", "72h"],
  ...["Europe/Berlin", "America/New_York", "Mars/Olympus", "UTC", "CET", "+0200", "Z"],
  ...["2026-11-28", "2026-02-30", "12/11", "thrusday", "blursday", "Decmber", "frj"],
  ...["Google", "to", "or", ",", ".", "-", "/", ":", "  ", "\t", "\u00a0", "🙂"],
];
const dateish = fc
  .array(fc.constantFrom(...TOKENS), { maxLength: 10 })
  .map((tokens) => tokens.join(" "));
/** Spans, zero, negative and huge amounts included. */
const spans = fc
  .tuple(
    fc.integer({ min: -5, max: 99999 }),
    fc.constantFrom("h", "d", "bd", " weeks", " business days"),
  )
  .map(([n, unit]) => `${n}${unit}`);
const texts = fc.oneof(
  fc.string({ maxLength: 100 }),
  fc.string({ unit: "binary", maxLength: 100 }),
  dateish,
  spans,
);

describe("parseDeadline › properties", () => {
  test("never throws; an accepted deadline is in the project zone and within the bounds", () => {
    fc.assert(
      fc.property(texts, nows, zones, (text, now, zone) => {
        const calendar = calendarIn(zone);
        const result = parseDeadline(text, now, calendar, BOUNDS);
        if (!result.ok) {
          expect(result.error.length).toBeGreaterThan(0);
          return;
        }
        const here = now.toZonedDateTimeISO(zone);
        const { deadline } = result;
        expect(deadline.timeZoneId).toBe(zone);
        const earliest = addSpan(here, BOUNDS.min, calendar);
        const latest = addSpan(here, BOUNDS.max, calendar);
        expect(Temporal.ZonedDateTime.compare(deadline, earliest)).toBeGreaterThanOrEqual(0);
        expect(Temporal.ZonedDateTime.compare(deadline, latest)).toBeLessThanOrEqual(0);
      }),
      { numRuns: 1500 },
    );
  });

  // A typo is judged by the form of the corrected text, at a fixed now: whether "Friday Dec 11"
  // is then right depends on the year, and is the next reply's business.
  const FIXED = Temporal.Instant.from("2026-01-05T12:00:00Z");
  test("a suggestion is offered exactly when looksLikeMistypedDeadline says so, and it reads", () => {
    fc.assert(
      fc.property(dateish, nows, zones, (text, now, zone) => {
        const calendar = calendarIn(zone);
        const result = parseDeadline(text, now, calendar, BOUNDS);
        if (result.ok || result.suggestion === undefined) {
          expect(looksLikeMistypedDeadline(text)).toBe(false);
          return;
        }
        expect(looksLikeMistypedDeadline(text)).toBe(true);
        expect(parseDeadline(result.suggestion, FIXED, calendarIn("UTC")).ok).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });

  test("GitHub's largest bodies (65,536 characters) are refused before any parsing", () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...TOKENS), { minLength: 1, maxLength: 40 }),
        fc.integer({ min: 81, max: 65_536 }),
        (tokens, length) => {
          const unit = tokens.join(" ");
          const text = `${unit} `.repeat(Math.ceil(length / (unit.length + 1))).slice(0, length);
          // Long once whitespace is collapsed and trailing punctuation dropped, as people see it.
          const collapsed = text
            .trim()
            .replace(/\s+/g, " ")
            .replace(/[\s.,;:!]+$/, "");
          fc.pre(collapsed.length > 80);
          const result = parseDeadline(text, Temporal.Now.instant(), calendarIn("UTC"), BOUNDS);
          expect(result).toEqual({ ok: false, error: "the deadline is too long to be a date" });
          expect(looksLikeMistypedDeadline(text)).toBe(false);
        },
      ),
      { numRuns: 100 },
    );
  });
});

/**
 * chrono works with JS Dates, whose local fields follow the machine's time zone. The deadline
 * must not: the same text at the same instant gives the same deadline on any machine. The time
 * modules are compiled as they are and run in child processes with other `TZ`s.
 */
describe("parseDeadline › the machine's own time zone changes nothing", () => {
  const root = fileURLToPath(new URL("../..", import.meta.url));
  const dir = mkdtempSync(join(tmpdir(), "deadline-tz-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const CASES = [
    ...["Thursday 5pm", "friday 17:00", "monday 9am Europe/Berlin", "EOD Friday", "end of week"],
    ...["Dec 12", "12 December", "December 12th", "tomorrow noon", "in two weeks", "5pm"],
    ...["tonight", "in 26 hours 30 minutes", "a week from now", "next week", "sunday 2:30am"],
    ...["the day after tomorrow", "thrusday", "2026-11-28 17:00 America/New_York", "5bd"],
  ];
  // Around both Berlin DST changes, just after midnight in Berlin (still the day before in
  // UTC), and around the US change (8 March 2026) for the machines in America/Los_Angeles.
  const NOWS = [
    "2026-11-23T09:00:00Z",
    "2026-03-27T23:30:00Z",
    "2026-10-24T23:30:00Z",
    "2026-03-08T09:30:00Z",
    "2026-12-31T23:30:00Z",
  ];

  function compile() {
    mkdirSync(join(dir, "time"));
    symlinkSync(join(root, "node_modules"), join(dir, "node_modules"), "dir");
    writeFileSync(join(dir, "package.json"), '{ "type": "module" }');
    for (const name of ["deadline", "natural-deadline", "deadline-typo", "calendar", "duration"]) {
      const { code } = transformFileSync(join(root, "src/time", `${name}.ts`), {
        jsc: { parser: { syntax: "typescript" }, target: "es2022" },
        module: { type: "es6" },
      });
      writeFileSync(join(dir, "time", `${name}.js`), code);
    }
    writeFileSync(
      join(dir, "run.mjs"),
      `import { Temporal } from "temporal-polyfill";
import { parseDeadline } from "./time/deadline.js";
import { loadNaturalDates } from "./time/natural-deadline.js";

await loadNaturalDates();
const { cases, nows } = JSON.parse(process.argv[2]);
const calendar = { timeZone: "Europe/Berlin", holidays: new Set(["2026-12-25"]) };
const bounds = { min: { unit: "hours", amount: 24 }, max: { unit: "days", amount: 30 } };
const out = nows.flatMap((now) => cases.map((text) => {
  const r = parseDeadline(text, Temporal.Instant.from(now), calendar, bounds);
  return r.ok ? r.deadline.toString() : r.error;
}));
console.log(JSON.stringify({ offset: new Date("2026-01-15T00:00:00Z").getTimezoneOffset(), out }));
`,
    );
  }

  beforeAll(compile);

  const inProcess = NOWS.flatMap((now) =>
    CASES.map((text) => {
      const calendar = { timeZone: "Europe/Berlin", holidays: new Set(["2026-12-25"]) };
      const r = parseDeadline(text, Temporal.Instant.from(now), calendar, BOUNDS);
      return r.ok ? r.deadline.toString() : r.error;
    }),
  );

  test.each([
    ["UTC", 0],
    ["America/Los_Angeles", 480],
    ["Asia/Kolkata", -330],
    ["Pacific/Chatham", -825],
    ["Australia/Lord_Howe", -660],
  ])("TZ=%s › the same deadlines as here", (tz, offset) => {
    const stdout = execFileSync(
      process.execPath,
      [join(dir, "run.mjs"), JSON.stringify({ cases: CASES, nows: NOWS })],
      { env: { ...process.env, TZ: tz, NODE_OPTIONS: "" }, encoding: "utf8" },
    );
    const child = JSON.parse(stdout) as { offset: number; out: string[] };
    // The child really ran in that zone (its offset on 15 January 2026).
    expect(child.offset).toBe(offset);
    expect(child.out).toEqual(inProcess);
  });
});
