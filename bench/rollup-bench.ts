/**
 * `npm run bench`, part 6: the organisation's weekly roll-up for 5 and for 50 repositories with
 * the same activity (600 items in the week: 360 merged PRs, 120 new issues, 120 closed issues,
 * spread over the repositories). Prints the GitHub requests of the collection (goal: the same
 * for 5 and 50 repositories, as the searches are organisation-wide) next to what one query set
 * per repository would cost, and the time to build and render the issue. Each repository's
 * config read (one per repository, shared with its own summary in the same tick) is not counted.
 */
import { Temporal } from "temporal-polyfill";
import { ConfigSchema } from "../src/config/schema.js";
import { collectRollup } from "../src/rollup/collect.js";
import { latestRollupWeek, previousRollupWeek } from "../src/rollup/period.js";
import { renderRollup } from "../src/rollup/render.js";
import { collectActivity } from "../src/summary/collect.js";
import { fakeSearchGraphql } from "./fake-search.js";

const config = ConfigSchema.parse({ timezone: "Europe/Berlin", rollup: { enabled: true } });
const week = latestRollupWeek(Temporal.Instant.from("2026-11-23T08:00:00Z"), config);
const IN_WEEK: Array<[RegExp, number]> = [
  [/is:pr is:merged .*merged:/, 360],
  [/is:issue (?!is:closed).*created:/, 120],
  [/is:issue is:closed .*closed:/, 120],
];

async function measure(repositories: number) {
  const repos = Array.from({ length: repositories }, (_, i) => ({
    fullName: `acme/repo-${i}`,
    summaryLabel: "weekly-summary",
  }));
  // Per repository, the activity is divided among them; organisation-wide, it is all of it.
  const count = (share: number) => (q: string) => {
    const kind = IN_WEEK.find(([re]) => re.test(q));
    return kind ? Math.round(kind[1] / share) : 0;
  };
  const node = (serial: number) => ({
    __typename: "PullRequest",
    number: serial,
    title: `Change ${serial} with a realistic title`,
    url: `https://github.com/acme/repo-${serial % repositories}/pull/${serial}`,
    createdAt: "2026-11-17T10:00:00Z",
    mergedAt: "2026-11-18T10:00:00Z",
    author: { login: `dev${serial % 40}`, __typename: "User" },
    labels: { nodes: [] },
    repository: { nameWithOwner: `acme/repo-${serial % repositories}` },
  });
  const { graphql, calls } = fakeSearchGraphql(count(1), node);
  const start = performance.now();
  const collected = await collectRollup(graphql, "acme", week, config, repos);
  const mid = performance.now();
  const rendered = renderRollup({
    collected,
    repos,
    week,
    config,
    now: week.publishAt.toInstant(),
  });
  const done = performance.now();
  // The same collection, one query set per repository (what the roll-up avoids).
  const perRepo = fakeSearchGraphql(count(repositories), node);
  const recorded = new Set<string>();
  for (
    let w = previousRollupWeek(week, config);
    recorded.size < 7;
    w = previousRollupWeek(w, config)
  )
    recorded.add(w.key);
  for (const repo of repos) {
    const [owner, name] = repo.fullName.split("/") as [string, string];
    await collectActivity(perRepo.graphql, { owner, repo: name }, week, config, { recorded });
  }
  return {
    requests: calls.length,
    perRepository: perRepo.calls.length,
    collect: mid - start,
    render: done - mid,
    body: rendered.body.length,
  };
}

console.log("\n6. Organisation roll-up, the same 600 items this week in 5 or 50 repositories\n");
for (const n of [5, 50]) {
  const m = await measure(n);
  console.log(
    `${`${n} repositories: GitHub requests (one query set per repository: ${m.perRepository})`.padEnd(72)}${m.requests}`,
  );
  console.log(
    `${"  collect / build and render (fake API, no network)".padEnd(72)}${m.collect.toFixed(1)} ms / ${m.render.toFixed(1)} ms`,
  );
  console.log(`${"  issue body".padEnd(72)}${m.body} characters (limit 65,536)`);
}
