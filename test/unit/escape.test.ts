import { describe, expect, test } from "@jest/globals";
import {
  codeSpan,
  commentSafe,
  escapeMarkdown,
  fenceFor,
  truncateMarkdown,
} from "../../src/markdown/escape.js";

describe("escapeMarkdown › hostile text cannot change the layout", () => {
  test.each([
    ["user mention", "@octocat", "@&#8203;octocat"],
    ["team mention", "@org/team", "@&#8203;org/team"],
    ["HTML comment opener", "<!-- hidden", "&lt;!-- hidden"],
    ["table pipe", "a | b", "a \\| b"],
    ["link", "[x](javascript:alert(1))", "\\[x\\](javascript:alert(1))"],
    ["newlines", "line1\nline2\r\n## heading", "line1 line2 ## heading"],
    ["emphasis and code", "*a* _b_ `c`", "\\*a\\* \\_b\\_ \\`c\\`"],
    ["entity", "&amp;", "&amp;amp;"],
    ["unicode untouched", "Lösung 🧪 问题", "Lösung 🧪 问题"],
  ])("%s", (_name, input, expected) => {
    expect(escapeMarkdown(input)).toBe(expected);
  });
});

describe("codeSpan", () => {
  test.each([
    ["plain", "template.min_words", "`template.min_words`"],
    ["backticks inside", "a`b", "``a`b``"],
    ["leading backtick", "`x", "`` `x ``"],
    ["pipe stays escaped for tables", "a|b", "`a\\|b`"],
  ])("%s", (_name, input, expected) => {
    expect(codeSpan(input)).toBe(expected);
  });
});

test("fenceFor › longer than any backtick run inside", () => {
  expect(fenceFor("no ticks")).toBe("```");
  expect(fenceFor("has ```` four")).toBe("`````");
});

test("commentSafe › cannot close an HTML comment", () => {
  expect(commentSafe("a --> b")).not.toContain("-->");
});

describe("truncateMarkdown", () => {
  test("short text › unchanged", () => {
    expect(truncateMarkdown("abc", 10)).toBe("abc");
  });
  test("long text › cut to the limit with a visible note, never splitting a surrogate pair", () => {
    const text = "😀".repeat(40_000);
    const cut = truncateMarkdown(text, 65_536);
    expect(cut.length).toBeLessThanOrEqual(65_536);
    expect(cut.endsWith("…(truncated to fit GitHub's size limit)")).toBe(true);
    expect(cut).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
  });
});
