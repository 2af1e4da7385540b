import { describe, expect, test } from "@jest/globals";
import { Temporal } from "temporal-polyfill";
import { fakeSearchGraphql } from "../../bench/fake-search.js";
import { ConfigSchema } from "../../src/config/schema.js";
import { encodeBlock } from "../../src/github/markers.js";
import { collectActivity, type Item } from "../../src/summary/collect.js";
import {
  computeHealth,
  cycleTimes,
  decisionSplit,
  formatMinutes,
  MAX_SAMPLES,
  median,
  p90,
  poolHealth,
  type Reply,
  responseTimes,
  waitingForAnswer,
  wentThroughSync,
} from "../../src/summary/health.js";
import { weekPublishedOn } from "../../src/summary/period.js";
import { decodeFigures } from "../../src/summary/view.js";
import { businessHoursBetween, type ProjectCalendar } from "../../src/time/calendar.js";
import { makeItem } from "../factories/activity.js";

const berlin: ProjectCalendar = { timeZone: "Europe/Berlin", holidays: new Set(["2026-12-25"]) };
const at = (text: string) => Temporal.Instant.from(text);
// Monday 23 November 2026, 09:30 in Berlin: the summary of 16–22 November is being written.
const NOW = at("2026-11-23T08:30:00Z");

const reply = (login: string, time: string, isBot = false): Reply => ({ login, isBot, at: time });
const BOT = (time: string) => reply("ci-bot", time, true);
/** An item by carol, opened at `createdAt` (Berlin offsets spelled out), with these replies. */
const opened = (createdAt: string, replies: Reply[], extra: Partial<Item> = {}) =>
  makeItem({ login: "carol", createdAt, firstReplies: { replies, more: false }, ...extra });

describe("businessHoursBetween (the project calendar)", () => {
  test.each([
    ["within a business day", "2026-11-17T10:00+01:00", "2026-11-17T15:30+01:00", berlin, 5.5],
    ["a weekend counts nothing", "2026-11-21T10:00+01:00", "2026-11-22T18:00+01:00", berlin, 0],
    // Friday 16:00 CEST to Monday 10:00 CET: 67 real hours, of which the weekend is 49 (its
    // Sunday has 25), so 8 + 10. Subtracting 48 hours for the weekend would say 19.
    ["across the DST weekend", "2026-10-23T16:00+02:00", "2026-10-26T10:00+01:00", berlin, 18],
    // Thursday 24 December 20:00, Friday the 25th a holiday, to Monday 09:00: 4 + 9.
    ["across a holiday", "2026-12-24T20:00+01:00", "2026-12-28T09:00+01:00", berlin, 13],
    // Israel's clocks go forward on Friday 27 March 2026: that business day has 23 hours.
    [
      "a business day with a DST change",
      "2026-03-26T12:00+02:00",
      "2026-03-30T12:00+03:00",
      { timeZone: "Asia/Jerusalem", holidays: new Set<string>() },
      12 + 23 + 12,
    ],
    ["the end before the start", "2026-11-17T15:00+01:00", "2026-11-17T10:00+01:00", berlin, 0],
  ])("%s", (_name, from, to, calendar, hours) => {
    expect(businessHoursBetween(at(from), at(to), calendar)).toBe(hours);
  });
});

describe("median and p90 (nearest rank)", () => {
  test.each([
    [[], null, null],
    [[7], 7, 7],
    [[1, 2], 1.5, 2],
    [[1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 5.5, 9],
    [[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], 6, 10],
  ])("%j › median %p, p90 %p", (values, m, p) => {
    expect([median(values), p90(values)]).toEqual([m, p]);
  });
});

describe("time to first response (business hours)", () => {
  // The week of 16–22 November 2026 in Berlin (CET, +01:00), seeded with known answers.
  const week = [
    // A: PR reviewed by bob 2 hours after opening.
    opened("2026-11-16T10:00+01:00", [reply("bob", "2026-11-16T12:00+01:00")], { kind: "pr" }),
    // B: a bot's comment and the author's own (its login in another case) do not answer; dave's
    // does, after 4 h.
    opened("2026-11-17T10:00+01:00", [
      BOT("2026-11-17T10:05+01:00"),
      reply("Carol", "2026-11-17T10:30+01:00"),
      reply("dave", "2026-11-17T14:00+01:00"),
    ]),
    // C: opened Friday 16:00, answered Monday 08:00 (before the summary): 8 + 8 = 16 h.
    opened("2026-11-20T16:00+01:00", [reply("dave", "2026-11-23T08:00+01:00")]),
    // D: answered the next day at the same time: 24 h.
    opened("2026-11-18T09:00+01:00", [reply("erin", "2026-11-19T09:00+01:00")], { kind: "pr" }),
    // E: half an hour.
    opened("2026-11-19T09:00+01:00", [reply("frank", "2026-11-19T09:30+01:00")], { kind: "pr" }),
    // F: opened and answered at the weekend: 0 business hours.
    opened("2026-11-21T12:00+01:00", [reply("gina", "2026-11-22T18:00+01:00")]),
    // G: only the author and a bot: unanswered.
    opened("2026-11-22T10:00+01:00", [
      reply("carol", "2026-11-22T11:00+01:00"),
      BOT("2026-11-22T12:00+01:00"),
    ]),
    // K: answered after the summary was read: unanswered as of now.
    opened("2026-11-16T11:00+01:00", [reply("bob", "2026-11-23T10:00+01:00")]),
    // A bot's issue: left out, answered or not.
    opened("2026-11-16T10:00+01:00", [], { author: { login: "renovate", isBot: true } }),
    // The first 10 replies read hold no answer, and there are more: not known, left out.
    makeItem({
      login: "carol",
      createdAt: "2026-11-18T10:00+01:00",
      firstReplies: { replies: [BOT("2026-11-18T10:01+01:00")], more: true },
    }),
  ];

  test("the seeded week › answers after 0, 0.5, 2, 4, 16 and 24 business hours; 2 unanswered", () => {
    const figures = responseTimes(week, berlin, NOW);
    expect(figures).toEqual({
      count: 6,
      // The middle two of six: (2 h + 4 h) / 2 = 3 h.
      median: 180,
      // Nearest rank ⌈0.9 × 6⌉ = 6th: 24 h.
      p90: 1440,
      samples: [0, 30, 120, 240, 960, 1440],
      unanswered: 2,
    });
  });
});

describe("PR cycle time (calendar time)", () => {
  const merged = (created: string, mergedAt: string | undefined, isBot = false) =>
    makeItem({
      createdAt: created,
      ...(mergedAt ? { mergedAt } : {}),
      author: { login: isBot ? "renovate" : "carol", isBot },
    });

  test("five people's PRs › median 1 day, p90 10 days; a bot's PR left out", () => {
    const figures = cycleTimes([
      merged("2026-11-16T10:00:00Z", "2026-11-16T11:00:00Z"), // 1 h
      merged("2026-11-16T10:00:00Z", "2026-11-16T13:00:00Z"), // 3 h
      merged("2026-11-17T10:00:00Z", "2026-11-18T10:00:00Z"), // 1 d
      merged("2026-11-18T10:00:00Z", "2026-11-20T10:00:00Z"), // 2 d
      merged("2026-11-10T10:00:00Z", "2026-11-20T10:00:00Z"), // 10 d
      merged("2026-11-18T10:00:00Z", "2026-11-18T10:06:00Z", true),
    ]);
    expect(figures).toEqual({
      count: 5,
      median: 1440,
      p90: 14400,
      samples: [60, 180, 1440, 2880, 14400],
    });
  });
});

describe("decisions made without a meeting", () => {
  const labelled = (...labels: string[]) => labels.map((label) => ({ label }));

  test.each([
    [
      "accepted at the deadline",
      labelled("decision", "decision: pending", "decision: accepted"),
      false,
    ],
    [
      "objected, to the sync, then accepted",
      labelled(
        "decision: pending",
        "decision: objected",
        "decision: needs sync",
        "decision: accepted",
      ),
      true,
    ],
    [
      "an earlier decision went to the sync; this one, opened after it, did not",
      labelled(
        "decision: pending",
        "decision: needs sync",
        "decision: pending",
        "decision: rejected",
      ),
      false,
    ],
    [
      "the round's start not among the events read",
      labelled("Decision: Needs Sync", "decision: accepted"),
      true,
    ],
  ])("wentThroughSync › %s", (_name, events, expected) => {
    expect(wentThroughSync(events)).toBe(expected);
  });

  test("decisionSplit › 3 async, 1 through sync; a bot's item left out", () => {
    const decided = (throughSync: boolean, isBot = false) =>
      makeItem({ throughSync, author: { login: isBot ? "bot" : "carol", isBot } });
    expect(
      decisionSplit([
        decided(false),
        decided(false),
        decided(true),
        decided(false),
        decided(true, true),
      ]),
    ).toEqual({ async: 3, sync: 1 });
  });
});

describe("waiting for an answer", () => {
  const open = (name: string, createdAt: string, replies: Reply[] | undefined, more = false) =>
    makeItem({
      title: name,
      login: "carol",
      createdAt,
      ...(replies ? { lastReplies: { replies, more } } : {}),
    });
  const items = [
    open("asked on the 18th", "2026-11-10T10:00:00Z", [
      reply("bob", "2026-11-12T10:00:00Z"),
      reply("carol", "2026-11-18T10:00:00Z"),
    ]),
    open("never answered since opened", "2026-11-20T09:00:00Z", []),
    open("answered", "2026-11-10T10:00:00Z", [
      reply("carol", "2026-11-19T10:00:00Z"),
      reply("bob", "2026-11-20T10:00:00Z"),
    ]),
    open("asked 20.5 hours ago", "2026-11-10T10:00:00Z", [reply("carol", "2026-11-22T12:00:00Z")]),
    open("a bot is no answer", "2026-11-10T10:00:00Z", [
      reply("carol", "2026-11-17T10:00:00Z"),
      BOT("2026-11-18T10:00:00Z"),
    ]),
    open(
      "only bots among the last read",
      "2026-11-01T10:00:00Z",
      [BOT("2026-11-18T10:00:00Z")],
      true,
    ),
    open("replies not read", "2026-11-01T10:00:00Z", undefined),
    makeItem({
      title: "a bot's item",
      author: { login: "renovate", isBot: true },
      createdAt: "2026-11-01T10:00:00Z",
      lastReplies: { replies: [], more: false },
    }),
  ];

  test("24h › oldest first: since the 17th, the 18th, the 20th", () => {
    const waiting = waitingForAnswer(items, { unit: "hours", amount: 24 }, berlin, NOW);
    expect(waiting.map((w) => [w.item.title, w.since.toString()])).toEqual([
      ["a bot is no answer", "2026-11-17T10:00:00Z"],
      ["asked on the 18th", "2026-11-18T10:00:00Z"],
      ["never answered since opened", "2026-11-20T09:00:00Z"],
    ]);
  });

  test("1bd › Friday 10:00 is due Monday 10:00 in Berlin, not yet at 09:30", () => {
    const waiting = waitingForAnswer(items, { unit: "business_days", amount: 1 }, berlin, NOW);
    expect(waiting.map((w) => w.item.title)).toEqual(["a bot is no answer", "asked on the 18th"]);
  });
});

describe("computeHealth and poolHealth", () => {
  test("computeHealth › every figure, and the waiting items", () => {
    const { figures, waiting } = computeHealth(
      {
        opened: [opened("2026-11-16T10:00+01:00", [reply("bob", "2026-11-16T12:00+01:00")])],
        merged: [makeItem({ createdAt: "2026-11-16T10:00:00Z", mergedAt: "2026-11-16T12:30:00Z" })],
        settled: [makeItem({ throughSync: true })],
        open: [
          makeItem({
            createdAt: "2026-11-19T10:00:00Z",
            lastReplies: { replies: [], more: false },
          }),
        ],
      },
      { calendar: berlin, expectation: { unit: "hours", amount: 24 }, now: NOW },
    );
    expect(figures).toEqual({
      decisions: { async: 0, sync: 1 },
      response: { count: 1, median: 120, p90: 120, samples: [120], unanswered: 0 },
      cycle: { count: 1, median: 150, p90: 150, samples: [150] },
      waiting: 1,
    });
    expect(waiting).toHaveLength(1);
  });

  test("poolHealth › counts add up; percentiles from the pooled samples; a part one record lacks is unknown", () => {
    const a = {
      decisions: { async: 2, sync: 1 },
      response: { count: 3, median: 120, p90: 180, samples: [60, 120, 180], unanswered: 1 },
      cycle: { count: 1, median: 60, p90: 60, samples: [60] },
      waiting: 2,
    };
    const b = {
      decisions: { async: 1, sync: 0 },
      response: { count: 1, median: 600, p90: 600, samples: [600], unanswered: 0 },
      waiting: 3,
    };
    expect(poolHealth([a, b])).toEqual({
      decisions: { async: 3, sync: 1 },
      // 60, 120, 180, 600: median (120 + 180) / 2, p90 the 4th.
      response: { count: 4, median: 150, p90: 600, samples: [60, 120, 180, 600], unanswered: 1 },
      waiting: 5,
    });
  });

  test("more items than MAX_SAMPLES › samples thinned evenly, the count and extremes kept", () => {
    const merged = Array.from({ length: 1200 }, (_, i) =>
      makeItem({
        createdAt: "2026-11-16T10:00:00Z",
        mergedAt: at("2026-11-16T10:00:00Z")
          .add({ minutes: i + 1 })
          .toString(),
      }),
    );
    const figures = cycleTimes(merged);
    expect(figures.count).toBe(1200);
    expect(figures.samples).toHaveLength(MAX_SAMPLES);
    expect([figures.samples[0], figures.samples.at(-1)]).toEqual([1, 1200]);
    expect([figures.median, figures.p90]).toEqual([601, 1080]);
    // Pooled from the thinned samples, the percentiles stay within a few minutes.
    const pooled = poolHealth([{ cycle: figures }]).cycle;
    expect(Math.abs((pooled?.median ?? 0) - 601)).toBeLessThanOrEqual(3);
    expect(Math.abs((pooled?.p90 ?? 0) - 1080)).toBeLessThanOrEqual(3);
  });

  test.each([
    [45, "45 min"],
    [150, "2.5 h"],
    [120, "2 h"],
    [1440, "24 h"],
    [4320, "3 d"],
    [5040, "3.5 d"],
  ])("formatMinutes › %i › %s", (minutes, text) => {
    expect(formatMinutes(minutes)).toBe(text);
  });
});

describe("the figures block", () => {
  const core = { merged: 1, openedPrs: 2, openedIssues: 3, closedIssues: 4, decisions: 5 };

  test("a summary written before the health figures › still decoded, without them", () => {
    expect(decodeFigures(encodeBlock("summary-figures", core))).toEqual(core);
  });

  test("with the health figures › decoded with them", () => {
    const health = {
      decisions: { async: 1, sync: 0 },
      response: { count: 1, median: 60, p90: 60, samples: [60], unanswered: 0 },
      cycle: { count: 0, median: null, p90: null, samples: [] },
      waiting: 0,
    };
    expect(decodeFigures(encodeBlock("summary-figures", { ...core, health }))).toEqual({
      ...core,
      health,
    });
  });
});

describe("collectActivity › the health data costs no request of its own", () => {
  const config = ConfigSchema.parse({ timezone: "Europe/Berlin" });
  const week = weekPublishedOn(Temporal.PlainDate.from("2026-11-23"), config);

  test("250 PRs and 150 issues opened, 300 open items updated › 3 requests: the first round and the opened lists' pages", async () => {
    const { graphql, calls } = fakeSearchGraphql((q) =>
      /is:pr created:/.test(q)
        ? 250
        : /is:issue .*created:/.test(q)
          ? 150
          : /is:open .*sort:updated-asc/.test(q)
            ? 300
            : 0,
    );
    const activity = await collectActivity(graphql, { owner: "o", repo: "r" }, week, config);

    // Round 1 (every first page), round 2 (page 2 of both opened lists), round 3 (page 3 of
    // the PRs); the waiting candidates stop at their first 100.
    expect(activity.requests).toBe(3);
    expect(calls).toHaveLength(3);
    expect([activity.openedPrs.length, activity.openedIssues.length]).toEqual([250, 150]);
    expect(activity.recentOpen).toHaveLength(100);
    const first = calls[0]?.query ?? "";
    expect(first).toContain(
      'recentOpen: search(query: "repo:o/r is:open -label:\\"weekly-summary\\" sort:updated-asc updated:>=2026-10-26T00:00:00+01:00"',
    );
    // Reviews are asked of PRs only: an issue's timeline has none, and GitHub would refuse.
    expect(first).toContain(
      "... on PullRequest { number title url createdAt closedAt author { login __typename } labels(first: 20) { nodes { name } } repository { nameWithOwner } mergedAt replies: timelineItems(itemTypes: [ISSUE_COMMENT, PULL_REQUEST_REVIEW], first: 10)",
    );
    expect(first).toContain(
      "... on Issue { number title url createdAt closedAt author { login __typename } labels(first: 20) { nodes { name } } repository { nameWithOwner } replies: timelineItems(itemTypes: [ISSUE_COMMENT], first: 10) { pageInfo { hasNextPage } nodes { __typename ... on IssueComment { createdAt author { login __typename } } } } }",
    );
    expect(first).toContain("replies: timelineItems(itemTypes: [ISSUE_COMMENT], last: 10)");
    expect(
      calls
        .slice(1)
        .map((c) => c.query)
        .join("\n"),
    ).not.toContain("recentOpen");
  });
});
