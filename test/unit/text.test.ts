import { describe, expect, test } from "@jest/globals";
import { countWords, isNotApplicable, titleKey } from "../../src/markdown/text.js";

describe("titleKey", () => {
  test.each([
    ["case", "How To Test", "how to test"],
    ["punctuation", "How to test?!:", "how to test"],
    ["ampersand", "Context & Problem", "context problem"],
    ["emoji", "🧪 How to test", "how to test"],
    ["shortcode emoji", ":test_tube: How to test", "how to test"],
    ["leading The", "The Problem", "problem"],
    ["unicode letters kept", "Lösung", "lösung"],
    ["hyphens", "how-to-test", "how to test"],
  ])("%s", (_name, input, expected) => {
    expect(titleKey(input)).toBe(expected);
  });
});

describe("countWords", () => {
  test.each([
    ["words", "fix the cache", Number.POSITIVE_INFINITY, 3],
    ["punctuation only", "-- ** !!", Number.POSITIVE_INFINITY, 0],
    ["stops at the limit", "a b c d e f", 2, 2],
  ])("%s", (_name, text, limit, expected) => {
    expect(countWords(text, limit)).toBe(expected);
  });
});

test("countWords › CJK text without spaces › counts several words, not one", () => {
  // The exact split depends on ICU's dictionary; what matters is that it is not 0 or 1.
  expect(countWords("修复缓存问题")).toBeGreaterThanOrEqual(2);
});

describe("isNotApplicable", () => {
  test.each([
    ["N/A", true],
    ["n/a – docs only change", true],
    ["_N/A_", true],
    ["Not applicable.", true],
    ["NA", true],
    ["None", true],
    ["None of the existing tests cover this", false],
    ["Nah, I tested it by hand", false],
    ["Navigate to /settings", false],
  ])("%s → %s", (text, expected) => {
    expect(isNotApplicable(text)).toBe(expected);
  });
});
