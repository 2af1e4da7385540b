import { beforeAll, describe, expect, test } from "@jest/globals";
import fc from "fast-check";
import { Temporal } from "temporal-polyfill";
import { looksLikeDeadline } from "../../src/decisions/rules.js";
import { looksLikeMistypedDeadline, parseDeadline } from "../../src/time/deadline.js";
import { editDistance } from "../../src/time/deadline-typo.js";
import { loadNaturalDates } from "../../src/time/natural-deadline.js";

// Deadlines are read by chrono-node, which loads on first need.
beforeAll(() => loadNaturalDates());

const BOUNDS = { min: { unit: "hours", amount: 24 }, max: { unit: "days", amount: 30 } } as const;
const CAL = { timeZone: "Europe/Berlin", holidays: new Set<string>() };
/** Monday 23 November 2026, 10:00 in Berlin. */
const NOW = Temporal.Instant.from("2026-11-23T09:00:00Z");

describe("parseDeadline › a mistyped weekday or month › an error with the suggestion", () => {
  test.each([
    ["swapped letters", "thrusday", "thrusday", "day", "Thursday"],
    ["two letters off, same ending", "blursday", "blursday", "day", "Thursday"],
    ["a letter missing", "wenesday", "wenesday", "day", "Wednesday"],
    ["two letters missing, same first letter", "wensday", "wensday", "day", "Wednesday"],
    ["with a time", "thrusday 5pm", "thrusday", "day", "Thursday 5pm"],
    ["abbreviation next to a time", "frj 5pm", "frj", "day", "Friday 5pm"],
    ["next + typo", "next tuesdya", "tuesdya", "day", "next Tuesday"],
    ["EOD + typo", "EOD fridya", "fridya", "day", "EOD Friday"],
    ["month", "Decmber 12", "Decmber", "month", "December 12"],
    ["month, swapped", "Jaunary 12", "Jaunary", "month", "January 12"],
    ["month, before the day", "12 Novmber", "Novmber", "month", "12 November"],
    ["tomorrow", "tomorow noon", "tomorow", "day", "tomorrow noon"],
    ["capitals kept out of the suggestion", "THRUSDAY", "THRUSDAY", "day", "Thursday"],
  ])("%s: %s", (_name, text, written, kind, suggestion) => {
    expect(parseDeadline(text, NOW, CAL, BOUNDS)).toEqual({
      ok: false,
      error: `"${written}" is not a ${kind} I know (did you mean "${suggestion}"?)`,
      suggestion,
    });
    expect(looksLikeMistypedDeadline(text)).toBe(true);
  });
});

describe("looksLikeMistypedDeadline › words that are not a mistyped date", () => {
  test.each([
    ["a company", "Google"],
    ["a phrase", "the guide written last year"],
    ["five letters, two edits from April", "Apple"],
    ["a short name alone (Sam ~ Sat)", "Sam"],
    ["a short name alone (Mark ~ Mar)", "Mark"],
    ["short names in a phrase", "Sam and Tom"],
    ["close to a weekday, but the rest is no date", "Sundar and the team"],
    ["three edits from Monday", "Monica"],
    ["as close to March as to May", "maz 12"],
    ["a correct weekday", "friday"],
    ["a deadline that reads", "Thursday 5pm"],
    ["empty", ""],
    ["too long", `thrusday ${"x".repeat(100)}`],
  ])("%s: %s", (_name, text) => {
    expect(looksLikeMistypedDeadline(text)).toBe(false);
    expect(parseDeadline(text, NOW, CAL, BOUNDS)).not.toHaveProperty("suggestion");
  });
});

describe("rules › looksLikeDeadline › a typo is a deadline, a name is the recommendation", () => {
  test.each([
    ["thrusday", true],
    ["blursday", true],
    ["Decmber", false], // no day: "December" alone does not read, so no suggestion
    ["Decmber 12", true],
    ["Google", false],
    ["the team", false],
  ])("%s › %s", (text, expected) => {
    expect(looksLikeDeadline(text)).toBe(expected);
  });
});

describe("editDistance › optimal string alignment", () => {
  test.each([
    ["", "", 0],
    ["", "abc", 3],
    ["abc", "", 3],
    ["thursday", "thursday", 0],
    ["thrusday", "thursday", 1], // one swap, not two substitutions
    ["blursday", "thursday", 2],
    ["wensday", "wednesday", 2],
    ["kitten", "sitting", 3],
    ["ca", "abc", 3], // OSA, not full Damerau: no edit after a swap
  ])("%s → %s: %i", (a, b, expected) => {
    expect(editDistance(a, b)).toBe(expected);
  });

  test("property › a metric's basics: zero only for equal words, symmetric, at most the longer length", () => {
    const word = fc.string({ maxLength: 12 });
    fc.assert(
      fc.property(word, word, (a, b) => {
        const d = editDistance(a, b);
        expect(d === 0).toBe(a === b);
        expect(editDistance(b, a)).toBe(d);
        expect(d).toBeLessThanOrEqual(Math.max(a.length, b.length));
        expect(d).toBeGreaterThanOrEqual(Math.abs(a.length - b.length));
      }),
    );
  });
});
