import { describe, expect, test } from "@jest/globals";
import {
  countWords,
  isNotApplicable,
  looseText,
  titleKey,
  titleKeyWithoutParenthetical,
} from "../../src/markdown/text.js";

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

describe("titleKey › invisible characters inside a heading › ignored", () => {
  test.each([
    ["zero-width space (U+200B)", "How to te\u200Bst"],
    ["zero-width non-joiner (U+200C)", "How to te\u200Cst"],
    ["zero-width joiner (U+200D)", "How to te\u200Dst"],
    ["left-to-right mark (U+200E)", "How to \u200Etest"],
    ["right-to-left mark (U+200F)", "How to test\u200F"],
    ["word joiner (U+2060)", "How\u2060 to test"],
    ["invisible times and plus (U+2062, U+2064)", "Ho\u2062w to te\u2064st"],
    ["byte order mark (U+FEFF)", "\uFEFFHow to test"],
    ["soft hyphen (U+00AD)", "How to tes\u00ADt"],
    ["Mongolian vowel separator (U+180E)", "How to\u180E test"],
    ["combining grapheme joiner (U+034F)", "How to te\u034Fst"],
    ["bidi embedding and override (U+202A…U+202E)", "\u202AHow\u202C to \u202Etest\u202C"],
    ["bidi isolates (U+2066…U+2069)", "\u2066How to test\u2069"],
    ["variation selector (U+FE00)", "How to te\uFE00st"],
    ["tag characters (U+E0041)", "How to te\u{E0041}st"],
    ["Hangul filler (U+3164)", "How to \u3164test"],
  ])("%s", (_name, input) => {
    expect(titleKey(input)).toBe("how to test");
  });

  test.each([
    ["emoji ZWJ sequence before the words", "👩\u200D💻 How to test", "how to test"],
    ["flag ZWJ sequence", "🏳️\u200D🌈 How to test", "how to test"],
    ["keycap emoji", "1️⃣ How to test", "how to test"],
    ["only invisible characters and emoji", "\u200B👩\u200D💻\u200B", ""],
    ["non-Latin letters around a ZWNJ are kept", "آزمایش\u200Cها", "آزمایشها"],
  ])("%s", (_name, input, expected) => {
    expect(titleKey(input)).toBe(expected);
  });

  test("a trailing parenthetical followed by a ZWSP › still stripped", () => {
    expect(titleKeyWithoutParenthetical("Screenshots (optional)\u200B")).toBe("screenshots");
  });
});

test("looseText › a soft hyphen inside a placeholder › compares equal to the plain text", () => {
  expect(looseText("Describe the pro\u00ADblem")).toBe(looseText("Describe the problem"));
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
