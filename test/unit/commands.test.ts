import { describe, expect, test } from "@jest/globals";
import fc from "fast-check";
import { type Command, parseCommands } from "../../src/decisions/commands.js";

const commands = (body: string | null, previous?: string | null): Command[] =>
  parseCommands(body, previous).map((c) => c.command);

describe("parseCommands › grammar", () => {
  test.each<[string, string, Command[]]>([
    [
      "open with everything",
      "/decide ship option B by 2026-11-28 @alice @org/team",
      [
        {
          type: "decide",
          recommendation: "ship option B",
          deadline: "2026-11-28",
          stakeholders: ["@alice", "@org/team"],
        },
      ],
    ],
    [
      "open with nothing",
      "/decide",
      [{ type: "decide", recommendation: null, deadline: null, stakeholders: [] }],
    ],
    [
      "mentions first, deadline with spaces",
      "/decide @bob use Postgres by next monday",
      [
        {
          type: "decide",
          recommendation: "use Postgres",
          deadline: "next monday",
          stakeholders: ["@bob"],
        },
      ],
    ],
    [
      "only a deadline",
      "/decide by 5bd",
      [{ type: "decide", recommendation: null, deadline: "5bd", stakeholders: [] }],
    ],
    [
      "the last 'by' is the deadline",
      "/decide go by bike by friday",
      [{ type: "decide", recommendation: "go by bike", deadline: "friday", stakeholders: [] }],
    ],
    [
      "duplicate stakeholders once",
      "/decide x @Alice @alice",
      [{ type: "decide", recommendation: "x", deadline: null, stakeholders: ["@Alice"] }],
    ],
    ["help", "/decide help", [{ type: "help" }]],
    ["extend", "/decide extend to next friday", [{ type: "extend", deadline: "next friday" }]],
    [
      "extend without a deadline",
      "/decide extend",
      [
        {
          type: "usage",
          message: "`/decide extend` needs a new deadline, e.g. `/decide extend next friday`",
        },
      ],
    ],
    [
      "cancel, accept, reject",
      "/decide cancel\n/decide accept\n/decide reject",
      [{ type: "cancel" }, { type: "accept" }, { type: "reject" }],
    ],
    [
      "cancel with junk",
      "/decide cancel now",
      [{ type: "usage", message: "`/decide cancel` takes no arguments" }],
    ],
    ["agree", "/agree", [{ type: "agree" }]],
    [
      "object with a reason",
      "/object breaks the public API",
      [{ type: "object", reason: "breaks the public API" }],
    ],
    [
      "object without a reason",
      "/object",
      [
        {
          type: "usage",
          message: "`/object` needs a reason, e.g. `/object this breaks the public API`",
        },
      ],
    ],
    ["withdraw", "/withdraw", [{ type: "withdraw", user: null }]],
    ["withdraw someone's", "/withdraw @bob", [{ type: "withdraw", user: "bob" }]],
    [
      "blocked and unblocked",
      "/blocked waiting on legal\n/unblocked",
      [{ type: "blocked", reason: "waiting on legal" }, { type: "unblocked" }],
    ],
    [
      "blocked without a reason",
      "/blocked",
      [
        {
          type: "usage",
          message: "`/blocked` needs a reason, e.g. `/blocked waiting for the security review`",
        },
      ],
    ],
    [
      "agenda with a reason",
      "/agenda we need to choose a vendor",
      [{ type: "agenda", reason: "we need to choose a vendor" }],
    ],
    ["agenda done", "/agenda Done", [{ type: "agenda_done" }]],
    [
      "agenda without a reason",
      "/agenda",
      [
        {
          type: "usage",
          message: "`/agenda` needs a reason, e.g. `/agenda we need to choose a vendor together`",
        },
      ],
    ],
    [
      "a mistyped agenda",
      "/agend pick a vendor",
      [{ type: "typo", written: "/agend", suggestion: "/agenda" }],
    ],
    [
      "several commands run in order",
      "Thanks!\n/agree\n/blocked ci is red",
      [{ type: "agree" }, { type: "blocked", reason: "ci is red" }],
    ],
    [
      "a mistyped decide",
      "/decid ship it",
      [{ type: "typo", written: "/decid", suggestion: "/decide" }],
    ],
    [
      "a mistyped object",
      "/objection too slow",
      [{ type: "typo", written: "/objection", suggestion: "/object" }],
    ],
    [
      "other bots' commands are ignored",
      "/lgtm\n/assign @me\n/approve\n/retest\n/area networking\n/define x\n/decline",
      [],
    ],
    ["command inside a fenced code block", "```\n/decide ship\n```", []],
    ["command inside an indented code block", "    /decide ship", []],
    ["command inside a quote", "> /object no", []],
    ["command inside an HTML comment", "<!--\n/agree\n-->", []],
    ["command inside a list item", "- /agree", []],
    ["not at the start of a line", "please /agree", []],
    ["a path is not a command", "/usr/bin/env node", []],
    ["CRLF", "/agree\r\n/withdraw\r\n", [{ type: "agree" }, { type: "withdraw", user: null }]],
    ["null body", null as unknown as string, []],
  ])("%s", (_name, body, expected) => {
    expect(commands(body)).toEqual(expected);
  });

  test("edited comment › only lines that are new run", () => {
    expect(commands("/agree\n/object too risky", "/agree")).toEqual([
      { type: "object", reason: "too risky" },
    ]);
    expect(commands("/agree", "/agree")).toEqual([]);
  });

  test("at most 10 commands per comment", () => {
    expect(commands(Array.from({ length: 30 }, () => "/agree").join("\n"))).toHaveLength(10);
  });
});

test("property › parseCommands never throws and yields only known command shapes", () => {
  const known = new Set([
    "decide",
    "help",
    "extend",
    "cancel",
    "accept",
    "reject",
    "agree",
    "object",
    "withdraw",
    "blocked",
    "unblocked",
    "agenda",
    "agenda_done",
    "usage",
    "typo",
  ]);
  const lines = fc.oneof(
    fc.string({ maxLength: 200 }),
    fc
      .tuple(
        fc.constantFrom(
          "/decide",
          "/agree",
          "/object",
          "/withdraw",
          "/blocked",
          "/unblocked",
          "/agenda",
          "/decid",
          "> /agree",
          "```",
          "<!--",
        ),
        fc.string({ maxLength: 80 }),
      )
      .map(([a, b]) => `${a} ${b}`),
  );
  fc.assert(
    fc.property(
      fc.array(lines, { maxLength: 20 }),
      fc.option(fc.string({ maxLength: 200 })),
      (parts, previous) => {
        const parsed = parseCommands(parts.join("\n"), previous);
        return (
          parsed.length <= 10 &&
          parsed.every((c) => known.has(c.command.type) && typeof c.line === "string")
        );
      },
    ),
    { numRuns: 500 },
  );
});
