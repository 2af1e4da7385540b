import { describe, expect, test } from "@jest/globals";
import { parseBody, stripHtmlComments } from "../../src/markdown/sections.js";

const titles = (body: string | null | undefined) =>
  parseBody(body).starts.map((s) => `${s.depth}:${s.title}`);
const contentOf = (body: string, title: string) =>
  parseBody(body)
    .starts.find((s) => s.title === title)
    ?.units.map((u) =>
      u.kind === "task" ? `[${u.checked ? "x" : " "}] ${u.text}` : u.text.trim(),
    );

describe("parseBody › section starts", () => {
  test.each([
    ["ATX headings of every level", "# One\n## Two\n###### Six", ["1:One", "2:Two", "6:Six"]],
    [
      "setext headings",
      "Problem\n=======\ntext\n\nSolution\n--------\n",
      ["1:Problem", "2:Solution"],
    ],
    ["bold paragraph title", "**How to test:**\n\nrun it", ["7:How to test"]],
    ["bold title with colon outside", "__Why__:\n\nbecause", ["7:Why"]],
    ["bold title followed by text on the next line", "**Why**\nbecause it broke", ["7:Why"]],
    [
      "bold text followed by more text on the same line is not a title",
      "**Note** this is prose",
      [],
    ],
    [
      "emphasis inside an ATX heading is plain text",
      "## **Problem** `statement`",
      ["2:Problem statement"],
    ],
    [
      "CRLF line endings",
      "## Problem\r\nIt broke\r\n\r\n## Solution\r\nFix\r\n",
      ["2:Problem", "2:Solution"],
    ],
    ["heading inside a fenced code block", "## Real\n```md\n## Fake\n```", ["2:Real"]],
    ["heading inside an indented code block", "## Real\n\n    ## Fake", ["2:Real"]],
    ["heading inside a block quote", "> ## Quoted\n\n## Real", ["2:Real"]],
    ["heading inside an HTML comment", "<!--\n## Hidden\n-->\n## Real", ["2:Real"]],
    ["heading inside a nested list", "- item\n  - ## nested\n\n## Real", ["2:Real"]],
    [
      "emoji and unicode headings",
      "## 🧪 How to test\n## Lösung ✨\n## 问题",
      ["2:🧪 How to test", "2:Lösung ✨", "2:问题"],
    ],
    ["null body", null, []],
    ["undefined body", undefined, []],
    ["empty body", "", []],
  ])("%s", (_name, body, expected) => {
    expect(titles(body)).toEqual(expected);
  });
});

describe("parseBody › content", () => {
  test("HTML comments are removed from paragraphs and blocks", () => {
    expect(contentOf("## A\n\nkeep <!-- drop --> this\n\n<!-- only a comment -->", "A")).toEqual([
      "keep  this",
    ]);
  });

  test("task items keep their checked state; nested lists are content", () => {
    const body = "## Checklist\n- [ ] todo\n- [x] done\n- plain\n  - nested\n- [ ]";
    expect(contentOf(body, "Checklist")).toEqual(["[ ] todo", "[x] done", "plain", "nested"]);
  });

  test("code blocks are content, with their text", () => {
    expect(contentOf("## How to test\n```sh\nnpm test\n```", "How to test")).toEqual(["npm test"]);
  });

  test("quoted text is content of the enclosing section", () => {
    expect(contentOf("## Problem\n> Error: boom", "Problem")).toEqual(["Error: boom"]);
  });

  test("text before the first heading is the preamble", () => {
    expect(parseBody("intro\n\n## A\nx").preamble.map((u) => u.text)).toEqual(["intro"]);
  });

  test("a 65,536-character body parses without error and keeps its last section", () => {
    const tail = "\n\n## End\nfinal";
    const head = "## Problem\n";
    const body = head + "word ".repeat(20_000).slice(0, 65_536 - head.length - tail.length) + tail;
    expect(body).toHaveLength(65_536);
    const parsed = parseBody(body);
    expect(parsed.starts.map((s) => s.title)).toEqual(["Problem", "End"]);
    expect(parsed.starts[1]?.units.map((u) => u.text)).toEqual(["final"]);
  });

  test("deeply nested quotes do not overflow the stack", () => {
    expect(() => parseBody(">".repeat(65_536))).not.toThrow();
  });
});

describe("stripHtmlComments", () => {
  test.each([
    ["no comment", "plain", "plain"],
    ["one comment", "a<!-- x -->b", "ab"],
    ["two comments", "a<!--x-->b<!--y-->c", "abc"],
    ["unterminated comment drops the rest", "a<!-- open", "a"],
    ["comment spanning lines", "a<!--\nx\n-->b", "ab"],
  ])("%s", (_name, input, expected) => {
    expect(stripHtmlComments(input)).toBe(expected);
  });
});
