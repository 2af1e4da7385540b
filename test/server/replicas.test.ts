import { afterAll, afterEach, beforeAll, describe, expect, test } from "@jest/globals";
import { Temporal } from "temporal-polyfill";
import { ConfigSchema } from "../../src/config/schema.js";
import { statusComment } from "../../src/decisions/render.js";
import { type DecisionState, decodeState } from "../../src/decisions/state.js";
import { MARKERS } from "../../src/github/markers.js";
import { latestDueWeek, previousWeek } from "../../src/summary/period.js";
import { CHECK_NAME } from "../../src/template-check/plan.js";
import { calendarOf } from "../../src/time/calendar.js";
import { makeDecision } from "../factories/decision.js";
import { APP_LOGIN, GitHubServer, stamp } from "../helpers/github-server.js";
import { commentPayload, pullRequestPayload } from "../helpers/payloads.js";
import { type TestRedis, testRedis } from "../helpers/redis.js";
import { type ChildServer, deliver, spawnBuiltServer } from "./real-server.js";

/*
 * Issue 9's acceptance test: two real server processes (`node dist/src/main.js`, after
 * `npm run build`) on one Redis and one stateful fake GitHub (20–60 ms a request, so two
 * replicas working on one item at once would race) behave as one server: the same delivery
 * given to both writes once, two commands on one decision given one to each are both kept,
 * and the tick they share publishes one summary and accepts a due decision once.
 */

const TIMEOUT = 60_000;
const CONFIG = "timezone: UTC\n";
const CONFIG_PATH = ".github/async-status.yml";
const REST = "/repos/Codertocat/Hello-World";
const DAY_MS = 86_400_000;
const TEMPLATE_LABEL = "template: incomplete";

/** Two replicas on one Redis database of their own and one fake GitHub. */
interface Pair {
  github: GitHubServer;
  redis: TestRedis;
  servers: ChildServer[];
}

/** Start two replicas at once on `github` and Redis database `db` (emptied first). */
async function startPair(github: GitHubServer, db: number, env: NodeJS.ProcessEnv): Promise<Pair> {
  const host = await github.start();
  const redis = await testRedis({ db });
  const started = await Promise.allSettled(
    [1, 2].map(() => spawnBuiltServer({ GHE_HOST: host, REDIS_URL: redis.url, ...env })),
  );
  const servers = started.flatMap((s) => (s.status === "fulfilled" ? [s.value] : []));
  const pair = { github, redis, servers };
  const failed = started.find((s) => s.status === "rejected");
  if (failed) {
    await stopPair(pair);
    throw failed.reason;
  }
  return pair;
}

async function stopPair(pair: Pair): Promise<void> {
  await Promise.all(pair.servers.map((s) => s.stop()));
  await pair.github.stop();
  await pair.redis.stop();
}

/** What the fake was asked and could not answer, readably. */
const unmatched = (github: GitHubServer) =>
  github.unmatched.map((r) => `${r.method} ${r.path} ${JSON.stringify(r.body ?? "")}`);

const stateOf = (body: string | undefined) => decodeState(body ?? "") as DecisionState;
const bodyOf = (r: { body: unknown }) => r.body as Record<string, unknown>;
const isPost = (path: RegExp) => (r: { method: string; path: string }) =>
  r.method === "POST" && path.test(r.path);

/**
 * Hello-World for the webhook tests: PR #2 (from the payload fixtures) and issue #1 (the one
 * every issue_comment payload is on), the config, and who may write.
 */
function webhookRepo(): GitHubServer {
  const github = new GitHubServer();
  github.files.set(CONFIG_PATH, CONFIG);
  github.permissions.set("octocat", "admin");
  github.permissions.set("alice", "write");
  github.permissions.set("bob", "write");
  const pr = pullRequestPayload("opened").pull_request as { title: string; head: { sha: string } };
  github.addItem({
    kind: "pr",
    number: 2,
    title: pr.title,
    body: PR_BODY,
    login: "Codertocat",
    headSha: pr.head.sha,
  });
  github.addItem({
    kind: "issue",
    number: ISSUE,
    title: "Spelling error in the README file",
    body: "It looks like you accidently spelled 'commit' with two 't's.",
    login: "Codertocat",
  });
  return github;
}

/** The PR's description: Problem and Solution, no How to test. */
const PR_BODY = "## Problem\nThe README is out of date.\n## Solution\nRewrite it.";
const ISSUE = 1;

const SUMMARY_CONFIG = ConfigSchema.parse({ timezone: "UTC" });
/** The tick's decision: opened three days ago by octocat's comment. */
const DECIDE = "/decide ship option B by 3d @alice";

/**
 * Hello-World for the tick, at the real "now" (the servers' clock): the summary handled up to
 * the week before the latest due one, a week of activity in that week (a PR merged, an issue
 * opened), and issue #1 with a decision whose deadline passed a minute ago.
 */
function tickRepo(now: Temporal.Instant) {
  const github = new GitHubServer();
  github.files.set(CONFIG_PATH, CONFIG);
  const week = latestDueWeek(now, SUMMARY_CONFIG);
  github.addLabel(
    "weekly-summary",
    `Weekly summary by async-status; handled up to ${previousWeek(week, SUMMARY_CONFIG).key}`,
  );
  const inWeek = (days: number) => stamp(week.start.toInstant().epochMilliseconds + days * DAY_MS);
  github.addItem({
    kind: "pr",
    number: 3,
    title: "Share the lock through Redis",
    body: "## Problem\na\n## Solution\nb\n## How to test\nc",
    headSha: "1111111111111111111111111111111111111111",
    createdAt: inWeek(1),
    mergedAt: inWeek(2),
    updatedAt: inWeek(2),
  });
  github.addItem({
    kind: "issue",
    number: 4,
    title: "Replicas double-post",
    body: "It happens.",
    createdAt: inWeek(3),
  });
  const opened = now.subtract({ hours: 72 });
  const at = stamp(opened.epochMilliseconds);
  const deadline = now.subtract({ minutes: 1 });
  github.addItem({
    kind: "issue",
    number: 1,
    title: "Which queue?",
    body: "Which queue should the tick use?",
    labels: ["decision", "decision: pending", `due: ${deadline.toString().slice(0, 10)}`],
    createdAt: at,
  });
  const decide = github.addComment(1, { login: "octocat", body: DECIDE, createdAt: at });
  const state = makeDecision({
    id: String(decide.id),
    openedAt: opened.toString(),
    deadline: deadline.toString(),
    stakeholders: ["@alice"],
    applied: [`${decide.id}:0:${DECIDE}`],
  });
  const body = statusComment(state, {
    now: opened,
    calendar: calendarOf(SUMMARY_CONFIG),
    mention: true,
    closeOnAccept: false,
  });
  const status = github.addComment(1, { app: true, body, createdAt: at });
  return { github, week, decision: String(decide.id), status: status.id };
}

const webhooks = webhookRepo();
const tick = tickRepo(Temporal.Now.instant());
let pairs: { webhooks: Pair; tick: Pair } | undefined;

// Both pairs start at once, each on a Redis database of its own: while the webhook tests run,
// the tick pair's first tick (at start-up) runs too, and its test then reads what it did.
beforeAll(async () => {
  const [a, b] = await Promise.allSettled([
    startPair(webhooks, 2, { TICK_INTERVAL_MINUTES: "0" }),
    startPair(tick.github, 3, { TICK_INTERVAL_MINUTES: "1" }),
  ]);
  if (a.status === "fulfilled" && b.status === "fulfilled")
    pairs = { webhooks: a.value, tick: b.value };
  else {
    await Promise.all([a, b].flatMap((p) => (p.status === "fulfilled" ? [stopPair(p.value)] : [])));
    throw a.status === "rejected" ? a.reason : (b as PromiseRejectedResult).reason;
  }
}, TIMEOUT);
afterAll(async () => {
  if (pairs) await Promise.all([stopPair(pairs.webhooks), stopPair(pairs.tick)]);
});

describe("two replicas on one Redis › webhooks", () => {
  const github = webhooks;
  const servers = () => pairs?.webhooks.servers ?? [];
  const base = (i: number) => servers()[i]?.base as string;
  afterEach(() => {
    expect(unmatched(github)).toEqual([]);
  });

  const opened = {
    event: "pull_request",
    id: "pr-opened-1",
    payload: pullRequestPayload("opened", { body: PR_BODY }),
  };

  /** The same delivery to every replica at the same instant, until GitHub hears no more. */
  const toAll = (delivery: typeof opened) =>
    settle(servers().map((s) => deliver(s.base, delivery)));

  /**
   * Wait for the answers (each 200, or 202 from a handler still at work after @octokit/webhooks'
   * timeout, say one waiting for the item's lock on a slow machine), then until the fake hears
   * nothing more: longer after a 202, since throttled writes are a second apart.
   */
  const settle = async (deliveries: Array<Promise<Response>>) => {
    const statuses = (await Promise.all(deliveries)).map((a) => a.status);
    for (const status of statuses) expect([200, 202]).toContain(status);
    await github.quiet(statuses.every((s) => s === 200) ? 500 : 2500);
  };

  test(
    "pull_request.opened, the same delivery to both › one template comment, one label added, one check run; once more › no write",
    async () => {
      const from = github.requests.length;
      await toAll(opened);

      const comments = github.ownComments(2, MARKERS.template);
      expect(comments).toHaveLength(1);
      expect(comments[0]?.body).toContain("How to test");
      expect(github.requests.slice(from).filter(isPost(/\/issues\/2\/comments$/))).toHaveLength(1);
      expect(github.item(2).labels).toEqual([TEMPLATE_LABEL]);
      expect(
        github.requests
          .slice(from)
          .filter(isPost(/\/issues\/2\/labels$/))
          .map(bodyOf),
      ).toEqual([{ labels: [TEMPLATE_LABEL] }]);
      // The copies ran one after the other under the delivery's lock, and the second found
      // the first completed: one check run.
      expect(github.checkRuns).toHaveLength(1);
      for (const run of github.checkRuns)
        expect(run).toMatchObject({
          name: CHECK_NAME,
          head_sha: github.item(2).headSha,
          status: "completed",
          conclusion: "failure",
        });

      // A redelivery of work already completed is skipped, by either replica.
      const again = github.requests.length;
      await settle([deliver(base(1), opened)]);
      expect(writes(github, again)).toEqual([]);
    },
    TIMEOUT,
  );

  /** A person's comment on issue #1, in the fake, and its `issue_comment.created` delivery. */
  const command = (login: string, body: string, id: string) => {
    const comment = github.addComment(ISSUE, { login, body });
    const labels = github.item(ISSUE).labels;
    const payload = commentPayload("created", { body, id: comment.id, login, labels });
    return { comment, delivery: { event: "issue_comment", id, payload } };
  };
  const statusComments = () => github.ownComments(ISSUE, MARKERS.decisionPrefix);
  const appComments = () => github.commentsOn(ISSUE).filter((c) => c.user.login === APP_LOGIN);

  test(
    "issue_comment /decide, the same delivery to both › one status comment pinging the stakeholders once, the labels once, one 👍",
    async () => {
      const from = github.requests.length;
      const before = Date.now();
      const decide = command("octocat", "/decide ship option B by 5bd @alice @bob", "decide-1");
      await toAll(decide.delivery);

      const status = statusComments();
      expect(status).toHaveLength(1);
      const state = stateOf(status[0]?.body);
      expect(state).toMatchObject({
        id: String(decide.comment.id),
        status: "pending",
        recommendation: "ship option B",
        owner: "octocat",
        stakeholders: ["@alice", "@bob"],
        agreements: [],
        objections: [],
      });
      // Five business days, as written: five to seven days away (a weekend in between).
      const deadline = Date.parse(state.deadline);
      expect(deadline).toBeGreaterThanOrEqual(before + 5 * DAY_MS - 1000);
      expect(deadline).toBeLessThanOrEqual(before + 9 * DAY_MS);
      const due = `due: ${state.deadline.slice(0, 10)}`;
      expect(github.item(ISSUE).labels).toEqual(["decision", "decision: pending", due]);
      expect(
        github.requests
          .slice(from)
          .filter(isPost(/\/issues\/1\/labels$/))
          .map(bodyOf),
      ).toEqual([{ labels: ["decision", "decision: pending", due] }]);

      // The stakeholders are mentioned once: in the status comment's one POST, nowhere else.
      const posted = github.requests.slice(from).filter(isPost(/\/issues\/1\/comments$/));
      expect(posted).toHaveLength(1);
      expect(bodyOf(posted[0] as { body: unknown }).body).toMatch(/\| @alice @bob \|/);
      expect(appComments()).toHaveLength(1);
      // Done: one 👍 on the command, asked for once.
      expect(github.reactions).toEqual([
        expect.objectContaining({ comment: decide.comment.id, content: "+1" }),
      ]);
      expect(github.requests.slice(from).filter(isPost(/\/reactions$/))).toHaveLength(1);

      // The same delivery again: completed work, nothing written.
      const again = github.requests.length;
      await settle([deliver(base(0), decide.delivery)]);
      expect(writes(github, again)).toEqual([]);
    },
    TIMEOUT,
  );

  test(
    "issue_comment /object to one replica and /agree to the other at the same instant › the status holds both, each command gets its 👍",
    async () => {
      const status = statusComments()[0];
      expect(status).toBeDefined();
      const object = command("alice", "/object not before the load test", "object-1");
      const agree = command("bob", "/agree", "agree-1");
      await settle([deliver(base(0), object.delivery), deliver(base(1), agree.delivery)]);

      expect(statusComments().map((c) => c.id)).toEqual([status?.id]);
      const state = stateOf(statusComments()[0]?.body);
      expect(state.status).toBe("pending");
      expect(state.objections).toEqual([
        expect.objectContaining({ user: "alice", reason: "not before the load test" }),
      ]);
      expect(state.agreements).toEqual([expect.objectContaining({ user: "bob" })]);
      expect(state.applied).toEqual(
        expect.arrayContaining([
          expect.stringMatching(new RegExp(`^${object.comment.id}:`)),
          expect.stringMatching(new RegExp(`^${agree.comment.id}:`)),
        ]),
      );
      expect(github.item(ISSUE).labels).toContain("decision: objected");
      expect(github.reactions.map((r) => [r.comment, r.content])).toEqual(
        expect.arrayContaining([
          [object.comment.id, "+1"],
          [agree.comment.id, "+1"],
        ]),
      );
      expect(github.reactions).toHaveLength(3);
      // Quiet: no reply, no new comment from the app.
      expect(appComments()).toHaveLength(1);
    },
    TIMEOUT,
  );
});

describe("two replicas on one Redis › the tick", () => {
  const { github, week, decision, status } = tick;
  afterEach(() => {
    expect(unmatched(github)).toEqual([]);
  });

  const summaries = () =>
    [...github.items.values()].filter((i) => i.labels.includes("weekly-summary"));
  const state = () => stateOf(github.comments.find((c) => c.id === status)?.body);
  const done = () =>
    summaries().length > 0 &&
    state()?.status === "accepted" &&
    !github.item(1).labels.includes("decision: pending");

  test(
    "start-up with TICK_INTERVAL_MINUTES=1, a summary due and a decision past its deadline › one summary issue, the decision accepted once",
    async () => {
      const until = Date.now() + 40_000;
      while (!done() && Date.now() < until) await new Promise((r) => setTimeout(r, 200));
      // Then long enough that the other replica's run, had it run the tick too, would show.
      await github.quiet(3000, 30_000);

      // The tick ran once across the replicas: one listing of the installations a minute.
      const listings = github.requests
        .filter((r) => r.method === "GET" && r.path.startsWith("/api/v3/app/installations?"))
        .map((r) => r.at);
      expect(listings.length).toBeGreaterThanOrEqual(1);
      for (let i = 1; i < listings.length; i++)
        expect((listings[i] as number) - (listings[i - 1] as number)).toBeGreaterThan(50_000);

      // One summary issue for the week, with its activity; the week recorded as handled.
      expect(
        github.requests.filter(isPost(/^\/api\/v3\/repos\/[^/]+\/[^/]+\/issues$/)),
      ).toHaveLength(1);
      expect(summaries()).toHaveLength(1);
      const summary = summaries()[0];
      expect(summary?.title).toBe(week.title);
      expect(summary?.body?.startsWith(MARKERS.summary(week.key))).toBe(true);
      expect(summary?.body).toContain("Share the lock through Redis");
      expect(summary?.body).toContain("Replicas double-post");
      expect(github.labels.get("weekly-summary")?.description).toContain(
        `handled up to ${week.key}`,
      );
      expect([...github.labels.keys()].filter((l) => l.startsWith("async-status-lock"))).toEqual(
        [],
      );

      // The decision: accepted once, labelled once, recorded once, announced once.
      expect(state()).toMatchObject({ status: "accepted", id: decision });
      expect(github.item(1).labels).toEqual(["decision", "decision: accepted"]);
      expect(github.requests.filter(isPost(/\/issues\/1\/labels$/)).map(bodyOf)).toEqual([
        { labels: ["decision: accepted"] },
      ]);
      expect(github.item(1).body?.split(MARKERS.record(decision))).toHaveLength(2);
      expect(
        github.requests.filter((r) => r.method === "PATCH" && r.path === `/api/v3${REST}/issues/1`),
      ).toHaveLength(1);
      expect(
        github.requests.filter(isPost(/\/issues\/1\/comments$/)).map((r) => firstLine(r)),
      ).toEqual([MARKERS.notice("result", decision)]);
    },
    TIMEOUT,
  );
});

const firstLine = (r: { body: unknown }) => String(bodyOf(r).body ?? "").split("\n", 1)[0];
/** What was written from request `from` on, as `METHOD /path`. */
const writes = (github: GitHubServer, from: number) =>
  github.writes(from).map((r) => `${r.method} ${r.path}`);
