/**
 * `npm run bench`, part 2: GitHub API requests one `async-status tick` makes for a repository
 * with 0 pending decisions, and with 50 pending decisions of which 1 is due. The goal is a
 * cost that grows with the due decisions, not with the pending ones.
 */
import nock from "nock";
import { pino } from "pino";
import { Temporal } from "temporal-polyfill";
import { ConfigSchema } from "../src/config/schema.js";
import { decisionsJob } from "../src/decisions/job.js";
import { statusComment } from "../src/decisions/render.js";
import type { DecisionState } from "../src/decisions/state.js";
import { runTick } from "../src/tick.js";
import { calendarOf } from "../src/time/calendar.js";
import { benchProbot } from "./probot.js";

const API = "https://api.github.com";
const NOW = Temporal.Instant.from("2026-11-28T08:00:00Z");
const config = ConfigSchema.parse({});

function decision(number: number, deadline: string): DecisionState {
  return {
    v: 1,
    id: String(number),
    status: "pending",
    recommendation: `option ${number}`,
    owner: "owner",
    openedAt: "2026-11-20T10:00:00Z",
    deadline,
    stakeholders: [],
    agreements: [],
    objections: [],
    reminded: true,
    ownerNotified: false,
    applied: [],
  };
}

async function measure(pending: number, due: number): Promise<number> {
  const { probot: app, api, counter } = benchProbot();
  const items = Array.from({ length: pending }, (_, i) => {
    const number = i + 1;
    const date = number <= due ? "2026-11-27" : "2026-12-20";
    return {
      number,
      repository_url: `${API}/repos/o/r`,
      labels: [{ name: "decision: pending" }, { name: `due: ${date}` }],
    };
  });
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
    .reply(200, {
      total_count: 1,
      repositories: [{ full_name: "o/r", name: "r", owner: { login: "o" } }],
    });
  api
    .get("/search/issues")
    .query(true)
    .reply(200, { total_count: items.length, incomplete_results: false, items });
  api.get(/\/contents\//).reply(200, "timezone: UTC\n");
  api.get(/\/issues\/\d+$/).reply(200, (uri) => ({
    number: Number(uri.split("/").pop()),
    body: "",
    labels: [{ name: "decision: pending" }],
    state: "open",
  }));
  api.get(/\/issues\/\d+\/comments/).reply(200, (uri) => {
    const number = Number(/issues\/(\d+)\//.exec(uri)?.[1]);
    const state = decision(number, number <= due ? "2026-11-27T23:59:59Z" : "2026-12-20T23:59:59Z");
    const body = statusComment(state, {
      now: NOW,
      calendar: calendarOf(config),
      mention: false,
      closeOnAccept: false,
    });
    return [
      {
        id: 5000 + number,
        body,
        user: { login: "app[bot]", type: "Bot" },
        performed_via_github_app: { id: 1 },
        html_url: "https://example.test",
      },
    ];
  });
  api.get(/\/labels\//).reply(200, {});
  api.post(/\/labels$/).reply(200, []);
  api.delete(/\/labels\//).reply(200, []);
  api.get(/\/issues\?/).reply(200, [{ number: 1 }]);
  api.patch(/.*/).reply(200, {});
  api.post(/\/comments$/).reply(201, { id: 1 });
  await runTick(app, [decisionsJob], { now: NOW, log: pino({ level: "silent" }), appId: 1 });
  nock.cleanAll();
  return counter.count;
}

console.log(
  "\n3. GitHub API requests per tick, decisions only (goal: grows with the due decisions, not the pending ones)\n",
);
const rows: Array<[string, number]> = [
  ["0 pending decisions", await measure(0, 0)],
  ["50 pending decisions, 1 due", await measure(50, 1)],
  ["50 pending decisions, 5 due", await measure(50, 5)],
];
for (const [name, n] of rows) console.log(`${name.padEnd(44)} ${String(n).padStart(3)}`);
console.log(
  "\n(fixed cost: installations, token, repositories, search; per repository with pending decisions: the config; per due decision: the issue, its comments and the writes)",
);
