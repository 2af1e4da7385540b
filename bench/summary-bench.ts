/**
 * `npm run bench`, part 3: the weekly summary of a synthetic repository with 2,000 items in the
 * week and 50,000 in its history. Prints the GitHub requests (goal: ≤ ⌈n/100⌉ + 5 for n items
 * in the week) and the time to build and render the issue.
 */
import { Temporal } from "temporal-polyfill";
import { ConfigSchema } from "../src/config/schema.js";
import { collectActivity } from "../src/summary/collect.js";
import { weekPublishedOn } from "../src/summary/period.js";
import { renderSummary } from "../src/summary/render.js";

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

let serial = 0;
let requests = 0;
async function graphql<T>(query: string): Promise<T> {
  requests++;
  const data: Record<string, unknown> = {};
  for (const m of query.matchAll(
    /(\w+): search\(query: ("(?:[^"\\]|\\.)*"), type: ISSUE, first: (\d+)(?:, after: "([^"]*)")?\)/g,
  )) {
    const q = JSON.parse(m[2] as string) as string;
    const range = /(merged|created|closed|updated):(\S+)\.\.(\S+)/.exec(q);
    let total = 0;
    if (range) {
      const from = Temporal.Instant.from(range[2] as string).epochMilliseconds;
      const to = Temporal.Instant.from(range[3] as string).epochMilliseconds + 1000;
      const kind = IN_WEEK.find(([re]) => re.test(q));
      if (kind && from >= WEEK_START && to <= WEEK_END)
        total = Math.round((kind[1] * (to - from)) / (WEEK_END - WEEK_START));
      else if (kind && from >= HISTORY_START)
        total = Math.round((HISTORY / 3 / 52) * ((to - from) / (7 * 86_400_000)));
    }
    const offset = m[4] ? Number(m[4]) : 0;
    const size = Math.min(Number(m[3]), Math.max(0, Math.min(total, 1000) - offset));
    data[m[1] as string] = {
      issueCount: total,
      pageInfo: {
        hasNextPage: offset + size < Math.min(total, 1000),
        endCursor: String(offset + size),
      },
      nodes: Array.from({ length: size }, () => ({
        __typename: "PullRequest",
        number: ++serial,
        title: `Change ${serial} with a realistic title`,
        url: `https://github.com/o/r/pull/${serial}`,
        createdAt: "2026-11-17T10:00:00Z",
        mergedAt: "2026-11-18T10:00:00Z",
        authorAssociation: serial % 50 === 0 ? "FIRST_TIME_CONTRIBUTOR" : "MEMBER",
        author: { login: `dev${serial % 40}`, __typename: "User" },
        labels: { nodes: [{ name: ["bug", "feature", "docs", "chore", "misc"][serial % 5] }] },
      })),
    };
  }
  return { ...data } as T;
}

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
console.log(`GitHub requests (goal ≤ ⌈n/100⌉ + 5 = ${Math.ceil(n / 100) + 5})         ${requests}`);
console.log(`collect (fake API, no network)               ${(collected - start).toFixed(1)} ms`);
console.log(`build and render                             ${(done - collected).toFixed(1)} ms`);
console.log(
  `issue body                                   ${rendered.body.length} characters (limit 65,536)`,
);
