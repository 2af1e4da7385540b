import { describe, expect, test } from "@jest/globals";
import { Temporal } from "temporal-polyfill";
import { ConfigSchema } from "../../src/config/schema.js";
import { collectRollup, type RollupActivity } from "../../src/rollup/collect.js";
import { latestRollupWeek } from "../../src/rollup/period.js";
import { renderRollup } from "../../src/rollup/render.js";
import { buildRollupView, decodeRollupFigures } from "../../src/rollup/view.js";
import type { Activity } from "../../src/summary/collect.js";
import { makeActivity, makeItem } from "../factories/activity.js";

const config = ConfigSchema.parse({ timezone: "Europe/Berlin", rollup: { enabled: true } });
// Monday 23 November 2026, 09:00 in Berlin.
const NOW = Temporal.Instant.from("2026-11-23T08:00:00Z");
const week = latestRollupWeek(NOW, config);
const REPOS = [
  { fullName: "acme/api", summaryLabel: "weekly-summary" },
  { fullName: "acme/web", summaryLabel: "digest" },
];
const item = (repo: string, overrides: Parameters<typeof makeItem>[0] = {}) => {
  const made = makeItem({ ...overrides, repository: repo });
  return { ...made, url: `https://github.com/${repo}/pull/${made.number}` };
};
const collected = (activity: Partial<Activity>, extra: Partial<RollupActivity> = {}) => ({
  activity: makeActivity(activity),
  summaries: new Map(),
  urls: new Map(),
  requests: 0,
  ...extra,
});
const view = (
  activity: Partial<Activity>,
  extra: Partial<Parameters<typeof buildRollupView>[0]> = {},
) =>
  buildRollupView({
    collected: collected(activity),
    repos: REPOS,
    week,
    config,
    now: NOW,
    ...extra,
  });

describe("roll-up week", () => {
  test.each([
    ["the summary's day and time", {}, "2026-11-16", "Weekly roll-up: 16–22 Nov 2026"],
    [
      "its own day (tuesday), not yet due on Monday",
      { day: "tuesday" },
      "2026-11-10",
      "Weekly roll-up: 10–16 Nov 2026",
    ],
    [
      "its own time (08:00), due",
      { time: "08:00" },
      "2026-11-16",
      "Weekly roll-up: 16–22 Nov 2026",
    ],
  ])("%s › %s", (_name, rollup, key, title) => {
    const own = ConfigSchema.parse({
      timezone: "Europe/Berlin",
      rollup: { enabled: true, ...rollup },
    });
    const found = latestRollupWeek(NOW, own);
    expect([found.key, found.title]).toEqual([key, title]);
  });
});

describe("roll-up view", () => {
  test("rows › one per covered repository, busiest first; bots, other repositories and the app's own issues left out; totals add up", () => {
    const v = view({
      merged: [
        item("acme/web"),
        item("acme/web"),
        item("acme/api"),
        item("acme/api", { login: "dependabot", bot: true }),
        item("acme/legacy"),
      ],
      openedIssues: [
        item("acme/api", { kind: "issue" }),
        item("acme/web", { kind: "issue", labels: ["digest"] }),
        item("acme/web", { kind: "issue", labels: ["weekly-rollup"] }),
      ],
      accepted: [item("acme/api", { kind: "issue" })],
    });

    expect(
      v.rows.map((r) => [r.repository, r.merged.value, r.openedIssues.value, r.decisions.value]),
    ).toEqual([
      ["acme/api", 1, 1, 1],
      ["acme/web", 2, 0, 0],
    ]);
    expect(v.totals.merged).toEqual({ value: 3, change: null });
    expect(v.empty).toBe(false);
    expect(decodeRollupFigures(v.figuresState)?.repos["acme/web"]).toEqual({
      merged: 2,
      openedPrs: 0,
      openedIssues: 0,
      closedIssues: 0,
      decisions: 0,
    });
  });

  test("change › from last week's roll-up's own figures; a repository it did not cover has none", () => {
    const history = new Map([
      [
        "2026-11-09",
        {
          repos: {
            "acme/api": { merged: 3, openedPrs: 0, openedIssues: 1, closedIssues: 0, decisions: 0 },
          },
        },
      ],
    ]);
    const v = view({ merged: [item("acme/api")] }, { history, previousKey: "2026-11-09" });

    const api = v.rows.find((r) => r.repository === "acme/api");
    expect([api?.merged, api?.openedIssues]).toEqual([
      { value: 1, change: "−2" },
      { value: 0, change: "−1" },
    ]);
    expect(v.rows.find((r) => r.repository === "acme/web")?.merged.change).toBeNull();
    expect(v.totals.merged).toEqual({ value: 1, change: "−2" });
  });

  test("links › each repository's own summary of the week, when it has one", () => {
    const v = buildRollupView({
      collected: collected(
        {},
        {
          summaries: new Map([
            ["acme/web", { ref: "#12", url: "https://github.com/acme/web/issues/12" }],
          ]),
          urls: new Map([["acme/web", "https://ghe.example/acme/web"]]),
        },
      ),
      repos: REPOS,
      week,
      config,
      now: NOW,
    });
    expect(v.rows.map((r) => [r.repository, r.url, r.summary?.ref ?? null])).toEqual([
      ["acme/api", "https://github.com/acme/api", null],
      ["acme/web", "https://ghe.example/acme/web", "#12"],
    ]);
  });

  test("lists › agenda, pending by deadline, blocked with reasons, decisions made, first-timers, named across repositories", () => {
    const v = view({
      needsSync: [item("acme/web", { number: 5 })],
      pending: [
        item("acme/api", { number: 8, labels: ["due: 2026-12-04"] }),
        item("acme/web", { number: 9, labels: ["due: 2026-11-27"] }),
        item("acme/web", { number: 10 }),
      ],
      blocked: [item("acme/api", { number: 6, blockedReason: "waiting for legal" })],
      accepted: [item("acme/api", { number: 2 })],
      rejected: [item("acme/web", { number: 3 })],
      merged: [item("acme/api", { number: 4, firstTime: true }), item("acme/api", { number: 11 })],
    });

    expect(v.needsSync.items.map((i) => i.ref)).toEqual(["web#5"]);
    expect(v.pending.items.map((i) => [i.ref, i.note])).toEqual([
      ["web#9", "due 2026-11-27"],
      ["api#8", "due 2026-12-04"],
      ["web#10", null],
    ]);
    expect(v.blocked.items.map((i) => [i.ref, i.note])).toEqual([["api#6", "waiting for legal"]]);
    expect(v.decided.items.map((i) => [i.ref, i.note, i.url])).toEqual([
      ["api#2", "accepted", "https://github.com/acme/api/pull/2#user-content-decision"],
      ["web#3", "rejected", "https://github.com/acme/web/pull/3#user-content-decision"],
    ]);
    expect(v.firstTimers.items.map((i) => i.ref)).toEqual(["api#4"]);
  });
});

describe("roll-up async health", () => {
  test("merged PRs of two repositories, one opted out › cycle time pooled over the covered ones, last week's from its roll-up", () => {
    const merged = (repo: string, number: number, createdAt: string, mergedAt: string) =>
      item(repo, { number, createdAt, mergedAt });
    const v = view(
      {
        merged: [
          merged("acme/api", 1, "2026-11-17T10:00:00Z", "2026-11-17T12:00:00Z"),
          merged("acme/web", 2, "2026-11-17T10:00:00Z", "2026-11-18T10:00:00Z"),
          // Not a covered repository: left out of the figures.
          merged("acme/legacy", 3, "2026-11-01T10:00:00Z", "2026-11-20T10:00:00Z"),
        ],
      },
      {
        previousKey: "2026-11-09",
        history: new Map([
          [
            "2026-11-09",
            { repos: {}, health: { cycle: { count: 1, median: 60, p90: 60, samples: [60] } } },
          ],
        ]),
      },
    );
    expect(v.health).toContainEqual({
      name: "PR cycle time, median / p90",
      // Median of 2 h and 24 h; p90 by nearest rank. acme/legacy's 19 days are not pooled.
      thisWeek: "13 h / 24 h",
      lastWeek: "1 h / 1 h",
    });
    const recorded = decodeRollupFigures(
      renderRollup({ collected: collected({ merged: [] }), repos: REPOS, week, config, now: NOW })
        .body,
    );
    expect(recorded?.health?.cycle?.count).toBe(0);
  });
});

describe("roll-up rendering", () => {
  const render = (activity: Partial<Activity>, override?: string) =>
    renderRollup({
      collected: collected(activity),
      repos: REPOS,
      week,
      config,
      now: NOW,
      override,
    });

  test("the built-in template › snapshot", () => {
    const { body } = render({
      merged: [item("acme/api", { number: 1, login: "alice", firstTime: true })],
      needsSync: [item("acme/web", { number: 5, title: "Pick a date format", login: "bob" })],
      blocked: [
        item("acme/web", { number: 6, title: "CDN", login: "bob", blockedReason: "vendor" }),
      ],
    });
    expect(body).toMatchSnapshot();
  });

  test("user text › escaped: no mention, no comment, no table break, no forged marker", () => {
    const { body } = render({
      blocked: [
        item("acme/api", {
          title: "@acme/everyone | <!-- async-status:rollup 2026-11-23 --> [x](http://evil)",
          login: "mallory",
          blockedReason: "ask @boss\nnow",
        }),
      ],
    });
    const line = body.split("\n").find((l) => l.includes("api#")) ?? "";
    expect(line).toContain("`@acme/everyone`");
    expect(line).toContain("`@boss`");
    expect(line).toContain("`mallory`");
    expect(line).not.toMatch(/(?<!\\)\|/);
    expect(line).not.toContain("<!--");
    expect(body.match(/<!-- async-status:rollup /g)).toHaveLength(1);
  });

  test("a huge week › cut list by list to GitHub's 65,536 characters, saying how many more", () => {
    const many = Array.from({ length: 3000 }, (_, i) =>
      item("acme/api", {
        number: 1000 + i,
        title: `A long title for blocked item ${i} `.repeat(3),
        blockedReason: "x".repeat(40),
      }),
    );
    const { body } = render({ blocked: many, pending: many });
    expect(body.length).toBeLessThanOrEqual(65_536);
    expect(body).toMatch(/- …and \d+ more/);
    expect(body).toContain("| **Total** |");
  });

  test("an override › used, marker and figures kept first; user text escaped there too", () => {
    const { body, overrideError } = render(
      { blocked: [item("acme/api", { title: "@here" })] },
      "# Org\n{{#each rows}}{{repository}};{{/each}}\n{{#each blocked.items}}{{title}}{{/each}}",
    );
    expect(overrideError).toBeUndefined();
    expect(body.split("\n").slice(0, 1)).toEqual(["<!-- async-status:rollup 2026-11-16 -->"]);
    expect(body).toContain("acme/api;acme/web;");
    expect(body).toContain("`@here`");
  });

  test("a broken override › the built-in template, with a visible note", () => {
    const { body, overrideError } = render({}, "{{#each rows}");
    expect(overrideError).toMatch(/^Parse error on line 1/);
    expect(body).toContain(
      "The roll-up template (`.github/async-status/rollup.md.hbs`) could not be used: Parse error",
    );
    expect(body).toContain("| Repository | PRs merged |");
  });
});

describe("roll-up collection", () => {
  test("one org-wide query set (org:acme), whatever the number of repositories; repositories' summaries in one read", async () => {
    const queries: string[] = [];
    const graphql = async <T>(query: string): Promise<T> => {
      queries.push(query);
      return {} as T;
    };
    const repos = (n: number) =>
      Array.from({ length: n }, (_, i) => ({
        fullName: `acme/r${i}`,
        summaryLabel: "weekly-summary",
      }));

    const few = await collectRollup(graphql, "acme", week, config, repos(3));
    const searches = queries.filter((q) => q.includes("search(")).length;
    const many = await collectRollup(graphql, "acme", week, config, repos(60));

    expect([few.requests, many.requests]).toEqual([2, 2]);
    expect(searches).toBe(1);
    const search = queries[0] ?? "";
    expect(search).toContain(
      'query: "org:acme is:pr is:merged merged:2026-11-16T00:00:00+01:00..2026-11-22T23:59:59+01:00"',
    );
    expect(search).not.toContain("repo:");
    expect(search).toContain("repository { nameWithOwner }");
    // No chart or last-week counts: last week's figures are last week's roll-up's own.
    expect(search).not.toMatch(/chartMerged|prevMerged/);
    expect(queries.at(-1)).toContain(
      'r59: repository(owner: "acme", name: "r59") { url issues(labels: ["weekly-summary"]',
    );
  });
});
