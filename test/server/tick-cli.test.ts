import { afterAll, beforeAll, expect, test } from "@jest/globals";
import { pino } from "pino";
import { main } from "../../src/cli/main.js";
import { decodeState } from "../../src/decisions/state.js";
import { makeDecision, statusCommentFixture } from "../factories/decision.js";
import { memoryIo } from "../helpers/cli-io.js";
import { FakeGitHub } from "../helpers/fake-github.js";
import { PRIVATE_KEY } from "../helpers/probot.js";

const REPO = "/api/v3/repos/Codertocat/Hello-World";
const github = new FakeGitHub()
  .route("GET", /^\/api\/v3\/app\/installations\?/, 200, [
    { id: 2, account: { login: "Codertocat" }, target_type: "User" },
  ])
  .route("POST", /^\/api\/v3\/app\/installations\/2\/access_tokens$/, 201, {
    token: "ghs_test",
    expires_at: "2099-01-01T00:00:00Z",
  })
  .route("GET", /^\/api\/v3\/installation\/repositories\?/, 200, {
    total_count: 1,
    repositories: [
      { full_name: "Codertocat/Hello-World", name: "Hello-World", owner: { login: "Codertocat" } },
    ],
  })
  .route("GET", /^\/api\/v3\/search\/issues\?/, 200, {
    total_count: 1,
    incomplete_results: false,
    items: [
      {
        number: 1,
        repository_url: "http://x/api/v3/repos/Codertocat/Hello-World",
        labels: [{ name: "decision" }, { name: "decision: pending" }, { name: "due: 2026-11-27" }],
      },
    ],
  })
  .route(
    "GET",
    /\/contents\/\.github\/async-status\.yml/,
    200,
    "timezone: Europe/Berlin\nsummary:\n  enabled: false\n",
    {
      "content-type": "application/vnd.github.raw; charset=utf-8",
    },
  )
  // The template repair's search: nothing changed recently.
  .route("POST", /^\/api\/graphql$/, 200, {
    data: {
      search: { issueCount: 0, pageInfo: { hasNextPage: false, endCursor: null }, nodes: [] },
    },
  })
  .route("GET", /^\/api\/v3\/repos\/Codertocat\/Hello-World$/, 200, {
    full_name: "Codertocat/Hello-World",
    archived: false,
    has_issues: true,
  })
  .route("GET", /^\/api\/v3\/repos\/Codertocat\/Hello-World\/issues\/1$/, 200, {
    number: 1,
    body: "Which queue?",
    state: "open",
    labels: [{ name: "decision" }, { name: "decision: pending" }, { name: "due: 2026-11-27" }],
  })
  .route("GET", /\/issues\/1\/comments\?/, 200, [statusCommentFixture(makeDecision())])
  .route("GET", /\/labels\//, 200, { name: "x" })
  .route("POST", /\/issues\/1\/labels$/, 200, [])
  .route("DELETE", /\/issues\/1\/labels\//, 200, [])
  .route("GET", /\/issues\?labels=/, 200, [{ number: 2 }])
  .route("PATCH", /\/issues\/comments\/901$/, 200, { id: 901 })
  .route("PATCH", /\/issues\/1$/, 200, { number: 1 })
  .route("POST", /\/issues\/1\/comments$/, 201, { id: 1 });
let host: string;

beforeAll(async () => {
  host = await github.start();
});
afterAll(async () => {
  await github.stop();
});

test("`async-status tick --now` after the deadline, against GHE_HOST › accepts the decision and records it in the issue body", async () => {
  const { io, stdout, stderr } = memoryIo();
  const env = { APP_ID: "123", PRIVATE_KEY, GHE_HOST: host, GHE_PROTOCOL: "http" };
  const code = await main(["tick", "--now", "2026-11-28T08:00:00Z"], io, async () => ({
    env,
    log: pino({ level: "silent" }),
  }));

  expect(stdout() + stderr()).toContain("1 decision(s) due");
  expect(code).toBe(0);
  // REST under /api/v3 and GraphQL at /api/graphql: GHE_HOST and nowhere else.
  expect(
    github.requests.every((r) => r.path.startsWith("/api/v3/") || r.path === "/api/graphql"),
  ).toBe(true);
  const status = github.requests.find(
    (r) => r.method === "PATCH" && r.path.endsWith("/issues/comments/901"),
  )?.body as { body: string };
  expect(decodeState(status.body)?.status).toBe("accepted");
  const issue = github.requests.find((r) => r.method === "PATCH" && r.path === `${REPO}/issues/1`)
    ?.body as { body: string };
  expect(issue.body).toContain(
    "Which queue?\n\n<!-- async-status:decision-record 900 -->\n## Decision",
  );
});

test("`async-status tick --repo` with GITHUB_TOKEN › one repository, one search scoped to it, no app authentication", async () => {
  const { io, stdout, stderr } = memoryIo();
  const before = github.requests.length;
  const env = { GITHUB_TOKEN: "ghp_test", GHE_HOST: host, GHE_PROTOCOL: "http" };
  const code = await main(
    ["tick", "--repo", "Codertocat/Hello-World", "--now", "2026-11-28T08:00:00Z", "--dry-run"],
    io,
    async () => ({ env, log: pino({ level: "silent" }) }),
  );

  expect(stderr()).toBe("");
  expect(code).toBe(0);
  expect(stdout()).toContain(
    "0 installation(s), 1 repository(ies) checked, 0 lost command(s) handled, 1 decision(s) due, 0 summary(ies) published",
  );
  const made = github.requests.slice(before);
  expect(made.every((r) => r.headers.authorization === "token ghp_test")).toBe(true);
  expect(made.filter((r) => r.path.includes("/app/"))).toEqual([]);
  expect(made.filter((r) => r.path.startsWith("/api/v3/search/")).map((r) => r.path)).toEqual([
    // Lost commands: comments naming a command since an hour before --now.
    "/api/v3/search/issues?q=decide OR agree OR object OR withdraw OR blocked OR unblocked OR agenda in:comments updated:>=2026-11-28T07:00:00Z repo:Codertocat/Hello-World&per_page=100",
    '/api/v3/search/issues?q=label:"decision: pending" archived:false repo:Codertocat/Hello-World&per_page=100',
    // Template repair: open items changed since then (less 30 settling seconds).
    "/api/v3/search/issues?q=is:open archived:false updated:>=2026-11-28T06:59:30Z repo:Codertocat/Hello-World&per_page=100",
  ]);
  // A dry run writes nothing (GraphQL's POST is a query).
  expect(made.filter((r) => r.method !== "GET" && r.path !== "/api/graphql")).toEqual([]);
});
