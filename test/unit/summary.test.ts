import { describe, expect, test } from "@jest/globals";
import fc from "fast-check";
import MarkdownIt from "markdown-it";
import { Temporal } from "temporal-polyfill";
import { fakeSearchGraphql } from "../../bench/fake-search.js";
import { ConfigSchema } from "../../src/config/schema.js";
import { inlineText } from "../../src/markdown/inline.js";
import { type Activity, collectActivity } from "../../src/summary/collect.js";
import {
  latestDueWeek,
  previousWeek,
  weekFromIso,
  weekPublishedOn,
} from "../../src/summary/period.js";
import { renderSummary } from "../../src/summary/render.js";
import { buildSummaryView } from "../../src/summary/view.js";
import { makeActivity, makeItem } from "../factories/activity.js";

const config = ConfigSchema.parse({ timezone: "Europe/Berlin", bots: ["ci-user"] });
const week = weekPublishedOn(Temporal.PlainDate.from("2026-11-23"), config);
const NOW = Temporal.Instant.from("2026-11-23T08:30:00Z"); // Monday 09:30 in Berlin

describe("summary period", () => {
  test("the week published on Monday 23 November covers 16–22 November in the project zone", () => {
    expect(week).toMatchObject({
      key: "2026-11-16",
      isoWeek: "2026-W47",
      title: "Weekly summary: 16–22 Nov 2026",
    });
    expect(week.start.toString()).toBe("2026-11-16T00:00:00+01:00[Europe/Berlin]");
    expect(week.end.toString()).toBe("2026-11-23T00:00:00+01:00[Europe/Berlin]");
    expect(week.publishAt.toString()).toBe("2026-11-23T09:00:00+01:00[Europe/Berlin]");
  });

  test.each([
    [
      "Monday 08:59 in Berlin › the week before is the latest due",
      "2026-11-23T07:59:00Z",
      "2026-11-09",
    ],
    ["Monday 09:00 in Berlin › this week is due", "2026-11-23T08:00:00Z", "2026-11-16"],
    ["Sunday › last Monday's week", "2026-11-29T20:00:00Z", "2026-11-16"],
  ])("latestDueWeek › %s", (_name, at, key) => {
    expect(latestDueWeek(Temporal.Instant.from(at), config).key).toBe(key);
  });

  test("the DST week › 7 calendar days of 169 hours, from midnight to midnight", () => {
    const dst = weekPublishedOn(Temporal.PlainDate.from("2026-10-26"), config);
    expect(dst.start.toString()).toBe("2026-10-19T00:00:00+02:00[Europe/Berlin]");
    expect(dst.end.toString()).toBe("2026-10-26T00:00:00+01:00[Europe/Berlin]");
    expect(dst.end.since(dst.start).total({ unit: "hours" })).toBe(169);
  });

  test.each([
    ["across months", "2026-12-03", "Weekly summary: 26 Nov – 2 Dec 2026"],
    ["across years", "2027-01-04", "Weekly summary: 28 Dec 2026 – 3 Jan 2027"],
  ])("titles › %s", (_name, date, title) => {
    expect(weekPublishedOn(Temporal.PlainDate.from(date), config).title).toBe(title);
  });

  test("weekFromIso › 2026-W47 is the week of 16 November; malformed weeks are rejected", () => {
    expect(weekFromIso("2026-W47", config)?.key).toBe("2026-11-16");
    expect(weekFromIso("2026-W60", config)).toBeUndefined();
    expect(weekFromIso("last week", config)).toBeUndefined();
  });

  test("previousWeek › seven days earlier", () => {
    expect(previousWeek(week, config).key).toBe("2026-11-09");
  });
});

describe("summary view", () => {
  const activity = makeActivity({
    merged: [
      makeItem({ number: 1, labels: ["bug"] }),
      makeItem({ number: 2, labels: ["feature"], login: "newcomer", firstTime: true }),
      makeItem({ number: 3 }),
      makeItem({ number: 4, login: "dependabot[bot]", bot: true }),
      makeItem({ number: 5, login: "ci-user", bot: true }),
    ],
    pending: [
      makeItem({ number: 9, labels: ["due: 2026-12-01"] }),
      makeItem({ number: 8, labels: ["due: 2026-11-25"] }),
    ],
    previous: { merged: 5, openedPrs: 0, openedIssues: 0, closedIssues: 0, decisions: 0 },
  });
  const view = buildSummaryView({ activity, week, config, now: NOW });

  test("bots are left out of lists and figures", () => {
    expect(view.figures[0]).toEqual({
      name: "PRs merged",
      value: 3,
      previous: 5,
      change: "−2",
      shown: true,
    });
    expect(view.categories.flatMap((c) => c.list.items.map((i) => i.ref))).toEqual([
      "#2",
      "#1",
      "#3",
    ]);
  });

  test("categories by label, then other changes", () => {
    expect(
      view.categories.map((c) => `${c.title}: ${c.list.items.map((i) => i.ref).join(" ")}`),
    ).toEqual(["🚀 Features: #2", "🐛 Fixes: #1", "Other changes: #3"]);
  });

  test("contributors › each figure says what it counts; first-time contributors are highlighted", () => {
    const withIssue = buildSummaryView({
      activity: makeActivity({
        merged: activity.merged,
        openedIssues: [makeItem({ kind: "issue", login: "newcomer" })],
      }),
      week,
      config,
      now: NOW,
    });
    expect(withIssue.contributors.map((c) => [c.login, c.what, c.firstTime])).toEqual([
      ["newcomer", "1 PR merged, 1 issue opened", true],
      ["octocat", "2 PRs merged", false],
    ]);
  });

  test("figures › one that is 0 this week and last is not shown", () => {
    expect(view.figures.filter((f) => f.shown).map((f) => f.name)).toEqual(["PRs merged"]);
  });

  test("pending decisions, soonest deadline first", () => {
    expect(view.pending.items.map((i) => `${i.ref} ${i.note}`)).toEqual([
      "#8 due 2026-11-25",
      "#9 due 2026-12-01",
    ]);
  });

  test("an empty week is empty; published more than an hour late, it says so, and when its lists were read", () => {
    const empty = buildSummaryView({
      activity: makeActivity(),
      week,
      config,
      now: Temporal.Instant.from("2026-11-23T09:01:00Z"),
    });
    expect(empty.empty).toBe(true);
    expect(empty.late).toBe(
      "Published late (due 2026-11-23 09:00 Europe/Berlin): async-status was not running then.",
    );
    expect(empty.asOf).toBe("2026-11-23 10:01 Europe/Berlin");
    // Half an hour after the publishing time is on time.
    expect([view.late, view.asOf]).toEqual([null, null]);
  });

  /** The step of d3's ticks(10) on [0, max], which mermaid's xychart draws on its y axis. */
  const d3TickStep = (max: number) => {
    const step = max / 10;
    const power = Math.floor(Math.log10(step));
    const error = step / 10 ** power;
    const factor =
      error >= Math.sqrt(50) ? 10 : error >= Math.sqrt(10) ? 5 : error >= Math.sqrt(2) ? 2 : 1;
    return power < 0 ? factor / 10 ** -power : factor * 10 ** power;
  };
  test.each([0, 1, 2, 3, 5, 7, 9, 13, 27, 150])(
    "chart › largest weekly value %i › every tick of the y axis is a whole number",
    (value) => {
      const chart = buildSummaryView({
        activity: makeActivity({
          chart: makeActivity().chart.map((c, i) => ({
            ...c,
            merged: i === 3 ? value : 0,
            closed: 0,
          })),
        }),
        week,
        config,
        now: NOW,
      }).chart;
      expect(chart.max).toBeGreaterThanOrEqual(value);
      const step = d3TickStep(chart.max);
      expect(step).toBeGreaterThanOrEqual(1);
      expect(Number.isInteger(Math.round(step * 1e9) / 1e9)).toBe(true);
    },
  );
});

describe("summary rendering", () => {
  const hostile = "@org/team | <!-- [x](javascript:y) `code`\nnext line";
  const render = (activity: Activity, override?: string) =>
    renderSummary({ activity, week, config, now: NOW, override });

  test("snapshot › a typical week", () => {
    const activity = makeActivity({
      merged: [
        makeItem({
          number: 1,
          labels: ["bug"],
          title: "Fix the cache",
          mergedAt: "2026-11-17T16:00:00Z",
        }),
        makeItem({
          number: 2,
          login: "newcomer",
          firstTime: true,
          mergedAt: "2026-11-20T10:00:00Z",
        }),
      ],
      openedIssues: [
        makeItem({
          kind: "issue",
          number: 10,
          title: "Crash on start",
          url: "https://github.com/Codertocat/Hello-World/issues/10",
          firstReplies: {
            replies: [{ login: "bob", isBot: false, at: "2026-11-17T13:30:00Z" }],
            more: false,
          },
        }),
      ],
      recentOpen: [
        makeItem({
          kind: "issue",
          number: 13,
          title: "Where does the @config go?",
          url: "https://github.com/Codertocat/Hello-World/issues/13",
          createdAt: "2026-11-19T10:00:00Z",
          lastReplies: { replies: [], more: false },
        }),
      ],
      needsSync: [makeItem({ kind: "issue", number: 11, title: "Pick a queue" })],
      blocked: [
        makeItem({
          number: 12,
          title: "Upgrade",
          blockedReason: "waiting for the security review",
        }),
      ],
      previous: { merged: 1, openedPrs: 0, openedIssues: 3, closedIssues: 0, decisions: 1 },
    });
    expect(render(activity).body).toMatchSnapshot();
  });

  test("snapshot › a quiet week › one line, no empty sections", () => {
    const { body } = render(makeActivity());
    expect(body).toMatchSnapshot();
    expect(body).toContain("A quiet week: nothing was merged, opened, closed or decided.");
    expect(body).not.toMatch(/^#|_None\._/m);
  });

  test("hostile titles and names cannot mention, open comments, break tables or add links", () => {
    const { body } = render(
      makeActivity({ merged: [makeItem({ title: hostile, login: "evil" })] }),
    );
    const line = body.split("\n").find((l) => l.includes("javascript")) ?? "";
    expect(line).toContain(
      "`@org/team` \\| &lt;!-- \\[x\\](javascript:y) \\`code\\` next line — `evil`",
    );
    const afterHiddenBlocks = body.slice(body.indexOf("-->", body.indexOf("summary-figures")) + 3);
    expect(afterHiddenBlocks).not.toMatch(/<!--/);
    expect(mentionable(body)).toEqual([]);
    expect(body).not.toMatch(/\u200b|&#8203;/);
  });

  test("a week too big for one issue › cut list by list, collapsed, with '…and N more', within 65,536 characters", () => {
    const merged = Array.from({ length: 3000 }, (_, i) =>
      makeItem({ number: i + 1, title: `${"Long title ".repeat(6)}${i}` }),
    );
    const { body } = render(makeActivity({ merged }));
    expect(body.length).toBeLessThanOrEqual(65_536);
    expect(body).toContain("<details><summary>3000 PRs merged</summary>");
    expect(body).toMatch(/- …and \d+ more/);
    expect(body).toContain("## 📈 The last 8 weeks");
  });

  test("the repository's own template › used", () => {
    const { body, overrideError } = render(
      makeActivity({ merged: [makeItem()] }),
      "{{marker}}\nCustom: {{figures.0.value}} merged",
    );
    expect(overrideError).toBeUndefined();
    expect(body).toBe("<!-- async-status:summary 2026-11-16 -->\nCustom: 1 merged\n");
  });

  test("the repository's own template › user text reaches it escaped", () => {
    const activity = makeActivity({
      openedIssues: [makeItem({ kind: "issue", title: "@acme/everyone ping <!-- hide the rest" })],
    });
    const { body } = render(
      activity,
      "{{marker}}\n{{#each openedIssues.items}}- {{title}} ({{md author}}){{/each}}",
    );
    expect(body).toContain("- `@acme/everyone` ping &lt;!-- hide the rest (`octocat`)");
  });

  test("an override whose output is too long › the built-in template, with a note", () => {
    const { body, overrideError } = render(
      makeActivity({ merged: [makeItem()] }),
      `{{marker}}\n${"x".repeat(70_000)}`,
    );
    expect(overrideError).toBe("its output is longer than GitHub's 65,536 characters");
    expect(body).toContain("| PRs merged | 1 |");
  });

  test("a broken override › the built-in template, with a visible note", () => {
    const { body, overrideError } = render(
      makeActivity({ merged: [makeItem()] }),
      "{{#each}} broken",
    );
    expect(overrideError).toMatch(/^Parse error on line 1/);
    expect(body).toContain(
      "> The repository's summary template (`.github/async-status/summary.md.hbs`) could not be used:",
    );
    expect(body).toContain("| PRs merged | 1 |");
  });
});

const markdown = new MarkdownIt({ html: true });
/** What GitHub would mention in rendered Markdown: `@name` in text, outside code and links. */
function mentionable(source: string): string[] {
  const text = markdown
    .render(source)
    .replace(/<code>[\s\S]*?<\/code>|<pre>[\s\S]*?<\/pre>|<a [\s\S]*?<\/a>/g, " ")
    .replace(/<[^>]*>/g, " ")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, "&");
  return [...text.matchAll(/(?:^|[^A-Za-z0-9_])(@[A-Za-z0-9][A-Za-z0-9-]*)/g)].map(
    (m) => m[1] as string,
  );
}

describe("inlineText (user text in the summary)", () => {
  test.each([
    ["a user", "ping @alice, please", "ping `@alice`, please"],
    ["a team", "for @acme/core-team", "for `@acme/core-team`"],
    ["an address is no mention", "mail bob@example.com", "mail bob@example.com"],
    ["a lone @", "meet @ 10", "meet @ 10"],
    ["after punctuation", "(@bob)", "(`@bob`)"],
    ["a comment", "<!-- @x -->", "&lt;!-- `@x` --&gt;"],
    ["backticks", "`@x`", "\\``@x`\\`"],
    ["a new line", "one\ntwo", "one two"],
  ])("%s", (_name, text, expected) => {
    expect(inlineText(text)).toBe(expected);
  });

  test("any text › nothing GitHub would mention, no invisible character, no HTML", () => {
    fc.assert(
      fc.property(
        fc.string({
          unit: fc.constantFrom("@", "a", "b", "-", "/", "_", "`", " ", "<", "!", "é", "\\", "\n"),
        }),
        (text) => {
          const out = inlineText(text);
          expect(mentionable(out)).toEqual([]);
          expect(out).not.toMatch(/[\u200b\n<]|&#8203;/);
        },
      ),
    );
  });

  test("copying a name gives the name › the names in a list are the logins, as code", () => {
    const { body } = renderSummary({
      activity: makeActivity({ merged: [makeItem({ login: "carol-dev" })] }),
      week,
      config,
      now: NOW,
    });
    expect(body).toContain("— `carol-dev`");
    expect(body).toContain("- `carol-dev`: 1 PR merged");
  });
});

describe("collectActivity", () => {
  const repo = { owner: "o", repo: "r" };

  test("a quiet week › one GraphQL request for every list and count", async () => {
    const { graphql, calls } = fakeSearchGraphql(() => 0);
    const activity = await collectActivity(graphql, repo, week, config);
    expect(calls).toHaveLength(1);
    expect(activity.requests).toBe(1);
    expect(calls[0]?.query).toContain(
      'merged: search(query: "repo:o/r is:pr is:merged merged:2026-11-16T00:00:00+01:00..2026-11-22T23:59:59+01:00"',
    );
  });

  test("weeks whose summary recorded its figures › not searched again; decisions searched from this week only", async () => {
    const { graphql, calls } = fakeSearchGraphql(() => 0);
    const earlier = [week];
    for (let i = 0; i < 7; i++) earlier.unshift(previousWeek(earlier[0] as typeof week, config));
    await collectActivity(graphql, repo, week, config, {
      recorded: new Set(earlier.slice(0, 7).map((w) => w.key)),
    });
    const query = calls[0]?.query ?? "";
    expect(query).not.toMatch(/chartMerged|chartClosed|prevMerged/);
    expect(query).toContain(
      'accepted: search(query: "repo:o/r label:\\"decision: accepted\\" updated:>=2026-11-16T00:00:00+01:00"',
    );
  });

  test("last week's figures and the chart › counted from the authors: accounts of type Bot are left out", async () => {
    const { graphql } = fakeSearchGraphql(
      (q) => (/is:pr is:merged .*merged:2026-11-0[2-8]/.test(q) ? 5 : 0),
      (serial) => ({
        __typename: "PullRequest",
        number: serial,
        author:
          serial % 5 < 2 ? { login: "a", __typename: "User" } : { login: "b", __typename: "Bot" },
      }),
    );
    const activity = await collectActivity(graphql, repo, week, config);
    expect(activity.chart.map((c) => c.merged)).toEqual([0, 0, 0, 0, 0, 2, 0, 0]);
  });

  test("2,000 merged PRs › the range is split under search's 1,000 cap; cost stays near ⌈n/100⌉ + 5", async () => {
    const weekStart = Temporal.Instant.from("2026-11-16T00:00:00+01:00").epochMilliseconds;
    const weekEnd = Temporal.Instant.from("2026-11-23T00:00:00+01:00").epochMilliseconds;
    const { graphql } = fakeSearchGraphql((q) => {
      const range = /is:pr is:merged merged:(\S+)\.\.(\S+)/.exec(q);
      if (!range) return 0;
      const [from, to] = [
        Temporal.Instant.from(range[1] as string).epochMilliseconds,
        Temporal.Instant.from(range[2] as string).epochMilliseconds + 1000,
      ];
      if (from < weekStart || to > weekEnd) return 0;
      // 2,000 merges spread evenly over the week.
      return Math.round((2000 * (to - from)) / (weekEnd - weekStart));
    });

    const activity = await collectActivity(graphql, repo, week, config);
    expect(activity.merged.length).toBeGreaterThanOrEqual(1999);
    expect(activity.requests).toBeLessThanOrEqual(Math.ceil(2000 / 100) + 5);
  });
});
