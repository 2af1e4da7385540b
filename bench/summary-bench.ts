/**
 * `npm run bench`, part 3: the weekly summary of a synthetic repository with 2,000 items in the
 * week and 50,000 in its history. Prints the GitHub requests (goal: ≤ ⌈n/100⌉ + 5 for n items
 * in the week) and the time to build and render the issue: for a first summary, whose earlier
 * weeks are counted from search (item by item, so bots can be left out), and for a repository
 * whose earlier summaries recorded their figures (those weeks are not searched). Then the
 * async-health figures: the requests made for their data alone (goal: ≤ ⌈n/100⌉; their fields
 * ride on the week's searches, and 300 open items are candidates for "waiting for an answer"),
 * and the size of the figures block they add to the issue.
 */
import { Temporal } from "temporal-polyfill";
import { ConfigSchema } from "../src/config/schema.js";
import { collectActivity } from "../src/summary/collect.js";
import { previousWeek, weekPublishedOn } from "../src/summary/period.js";
import { renderSummary } from "../src/summary/render.js";
import { summaryHealth } from "../src/summary/view.js";
import { fakeSearchGraphql } from "./fake-search.js";

const config = ConfigSchema.parse({ timezone: "Europe/Berlin" });
const week = weekPublishedOn(Temporal.PlainDate.from("2026-11-23"), config);
const WEEK_START = week.start.toInstant().epochMilliseconds;
const WEEK_END = week.end.toInstant().epochMilliseconds;
const HISTORY_START = WEEK_START - 52 * 7 * 86_400_000;
// 2,000 items in the week: 1,200 merged PRs, 400 new issues, 400 closed issues.
const IN_WEEK: Array<[RegExp, number]> = [
  [/is:pr is:merged .*merged:/, 1200],
  [/is:issue (?!is:closed).*created:/, 400],
  [/is:issue is:closed .*closed:/, 400],
];
const HISTORY = 50_000;

/** Open items updated in the last weeks: candidates for "waiting for an answer". */
const RECENT_OPEN = 300;

/** Items per query: this week's share of the synthetic activity, or a slice of its history. */
function count(q: string): number {
  if (q.includes("sort:updated-asc")) return RECENT_OPEN;
  const range = /(merged|created|closed|updated):(\S+)\.\.(\S+)/.exec(q);
  const kind = IN_WEEK.find(([re]) => re.test(q));
  if (!range || !kind) return 0;
  const from = Temporal.Instant.from(range[2] as string).epochMilliseconds;
  const to = Temporal.Instant.from(range[3] as string).epochMilliseconds + 1000;
  if (from >= WEEK_START && to <= WEEK_END)
    return Math.round((kind[1] * (to - from)) / (WEEK_END - WEEK_START));
  return from >= HISTORY_START
    ? Math.round((HISTORY / 3 / 52) * ((to - from) / (7 * 86_400_000)))
    : 0;
}

const makeNode = (serial: number) => ({
  __typename: "PullRequest",
  number: serial,
  title: `Change ${serial} with a realistic title`,
  url: `https://github.com/o/r/pull/${serial}`,
  createdAt: "2026-11-17T10:00:00Z",
  mergedAt: "2026-11-18T10:00:00Z",
  author: { login: `dev${serial % 40}`, __typename: "User" },
  labels: { nodes: [{ name: ["bug", "feature", "docs", "chore", "misc"][serial % 5] }] },
  // A bot's comment, then (for most) a person's answer some minutes to days later.
  replies: {
    pageInfo: { hasNextPage: false, hasPreviousPage: false },
    nodes: [
      { createdAt: "2026-11-17T10:01:00Z", author: { login: "ci", __typename: "Bot" } },
      ...(serial % 7 === 0
        ? []
        : [
            {
              createdAt: new Date(
                Date.parse("2026-11-17T10:00:00Z") + (serial % 97) * 1_500_000,
              ).toISOString(),
              author: { login: `rev${serial % 9}`, __typename: "User" },
            },
          ]),
    ],
  },
});
const { graphql, calls } = fakeSearchGraphql(count, makeNode);

const start = performance.now();
const activity = await collectActivity(graphql, { owner: "o", repo: "r" }, week, config);
const collected = performance.now();
const rendered = renderSummary({ activity, week, config, now: week.publishAt.toInstant() });
const done = performance.now();
const n = activity.merged.length + activity.openedIssues.length + activity.closedIssues.length;
console.log(
  "\n4. Weekly summary of a synthetic repository (2,000 items this week, 50,000 in its history)\n",
);
console.log(`items collected this week                    ${n}`);
console.log(
  `GitHub requests (goal ≤ ⌈n/100⌉ + 5 = ${Math.ceil(n / 100) + 5})         ${calls.length}`,
);
const recorded = new Set<string>();
for (let w = previousWeek(week, config), i = 0; i < 7; i++, w = previousWeek(w, config))
  recorded.add(w.key);
const steady = fakeSearchGraphql(count, makeNode);
await collectActivity(steady.graphql, { owner: "o", repo: "r" }, week, config, { recorded });
console.log(`${"  … with earlier weeks' figures recorded".padEnd(50)}${steady.calls.length}`);
console.log(`collect (fake API, no network)               ${(collected - start).toFixed(1)} ms`);
console.log(`build and render                             ${(done - collected).toFixed(1)} ms`);
console.log(
  `issue body                                   ${rendered.body.length} characters (limit 65,536)`,
);
// Requests whose every search is there for the health figures alone (the others carry their
// fields on searches the summary makes anyway).
const healthOnly = calls.filter((c) => {
  const aliases = [...c.query.matchAll(/(\w+): search\(/g)].map((m) => m[1]);
  return aliases.length > 0 && aliases.every((a) => a === "recentOpen");
}).length;
const opened = activity.openedPrs.length + activity.openedIssues.length;
console.log(
  `${`async-health requests of their own (goal ≤ ⌈n/100⌉ = ${Math.ceil(n / 100)})`.padEnd(45)}${healthOnly}`,
);
console.log(
  `  … items read for them                      ${opened} opened, ${activity.merged.length} merged, ${activity.recentOpen.length} of ${RECENT_OPEN} open (first 100)`,
);
const figures = /<!-- async-status:summary-figures v1 \S+ -->/.exec(rendered.body)?.[0] ?? "";
console.log(`  … figures block in the issue              ${figures.length} characters`);
const healthStart = performance.now();
summaryHealth(activity, config, week.publishAt.toInstant());
console.log(
  `  … computing them (part of build and render)  ${(performance.now() - healthStart).toFixed(1)} ms`,
);
const h = rendered.view.health.rows.map((r) => `${r.name}: ${r.thisWeek}`);
for (const row of h) console.log(`  ${row}`);
