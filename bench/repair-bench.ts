/**
 * The template repair job: GitHub API requests one tick makes for a repository, with 0, 100
 * and 250 open items changed since the last run, all of them right; the same with the
 * scheduler's memory (templates and config remembered); and 100 changed of which 5 PRs lost
 * their check run. The goal is a cost that grows with recently changed items (one GraphQL
 * request per 100), and with the broken ones, never with history. Not wired into
 * `npm run bench`; run it with `npm run build && node dist/bench/repair-bench.js`.
 */
import nock from "nock";
import { pino } from "pino";
import { Temporal } from "temporal-polyfill";
import { templateRepairJob } from "../src/template-check/job.js";
import { runTick, TickState } from "../src/tick.js";
import { benchProbot } from "./probot.js";

const NOW = Temporal.Instant.from("2026-11-28T08:00:00Z");
const SINCE = NOW.subtract({ minutes: 6 });
const SHA = "ec26c3e57ca3a959ca5aad62de7213c562f8c821";
const BODY =
  "## Problem\nThe cache is stale.\n\n## Solution\nInvalidate on write.\n\n## How to test\nRun the tests.\n";

/** Item `n`: even numbers are PRs with a passing check (unless broken), odd ones issues. */
function node(n: number, broken: boolean) {
  const common = {
    number: n,
    updatedAt: "2026-11-28T07:57:00Z",
    body: BODY,
    author: { login: "octocat", __typename: "User" },
    labels: { nodes: [] },
  };
  if (n % 2 === 1) return { __typename: "Issue", ...common };
  const runs = broken ? [] : [{ conclusion: "SUCCESS" }];
  return {
    __typename: "PullRequest",
    ...common,
    isDraft: false,
    headRefOid: SHA,
    commits: {
      nodes: [
        {
          commit: {
            oid: SHA,
            checkSuites: { nodes: [{ app: { databaseId: 1 }, checkRuns: { nodes: runs } }] },
          },
        },
      ],
    },
  };
}

async function measure(changed: number, broken: number, ticks = 1): Promise<number[]> {
  const { probot, api, counter } = benchProbot();
  const state = new TickState();
  api
    .get("/app/installations")
    .query(true)
    .reply(200, [{ id: 2, account: { login: "o" }, target_type: "Organization" }]);
  api
    .post("/app/installations/2/access_tokens")
    .reply(201, { token: "t", expires_at: "2099-01-01T00:00:00Z" });
  api
    .get("/installation/repositories")
    .query(true)
    .reply(200, { total_count: 1, repositories: [{ name: "r", owner: { login: "o" } }] });
  api.get(/\/contents\/\.github(%2F|\/)async-status\.yml/).reply(200, "timezone: UTC\n");
  api.get("/repos/o/r/contents/.github").reply(404, { message: "Not Found" });
  api.get("/repos/o/r/contents/docs").reply(404, { message: "Not Found" });
  api.get("/repos/o/r/contents").reply(200, []);
  api.post("/graphql").reply(200, (_uri, body) => {
    const after = Number((body as { variables: { after: string | null } }).variables.after ?? 0);
    const size = Math.min(100, changed - after);
    const nodes = Array.from({ length: size }, (_, i) => {
      const n = after + i + 1;
      return node(n, n % 2 === 0 && n <= broken * 2);
    });
    return {
      data: {
        search: {
          issueCount: changed,
          pageInfo: { hasNextPage: after + size < changed, endCursor: String(after + size) },
          nodes,
        },
        repository: { github: null, root: { oid: "root-tree" } },
      },
    };
  });
  api.get(/\/pulls\/\d+$/).reply(200, (uri) => ({
    number: Number(uri.split("/").pop()),
    body: BODY,
    labels: [],
    user: { login: "octocat", type: "User" },
    state: "open",
    head: { sha: SHA },
  }));
  api.post(/\/check-runs$/).reply(201, { id: 1 });
  const counts: number[] = [];
  for (let i = 0; i < ticks; i++) {
    const before = counter.count;
    await runTick(probot, [templateRepairJob], {
      now: NOW,
      since: SINCE,
      log: pino({ level: "silent" }),
      appId: 1,
      state,
    });
    counts.push(counter.count - before);
  }
  nock.cleanAll();
  return counts;
}

console.log(
  "\n4. GitHub API requests per tick, template repair only (goal: one GraphQL request per 100 changed items, plus the broken ones' repairs)\n",
);
const [cold, warm] = await measure(100, 0, 2);
const rows: Array<[string, number]> = [
  ["0 changed items", (await measure(0, 0))[0] as number],
  ["100 changed, all right (first run)", cold as number],
  ["100 changed, all right (scheduler memory)", warm as number],
  ["250 changed, all right (first run)", (await measure(250, 0))[0] as number],
  ["100 changed, 5 PRs without a check run", (await measure(100, 5))[0] as number],
];
for (const [name, n] of rows) console.log(`${name.padEnd(44)} ${String(n).padStart(3)}`);
console.log(
  [
    "",
    "(fixed cost: installations, token, repositories, config; per 100 changed items: one GraphQL",
    "request; first run: each kind's templates, for the verdict (3 reads when there are none); per",
    "repaired PR: the PR and its check run, plus one config read per repository repaired. GraphQL",
    "cost of a full page by GitHub's formula: 1 + 4 nested connections × 100 = 401 → 4 points.)",
  ].join("\n"),
);
