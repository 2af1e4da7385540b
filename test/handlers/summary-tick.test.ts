import { describe, expect, test } from "@jest/globals";
import { Temporal } from "temporal-polyfill";
import { encodeBlock } from "../../src/github/markers.js";
import { fakeRepo, mergedNode, summaryTick as tick } from "../helpers/fake-repo.js";
import { useNock } from "../helpers/nock.js";

const CONFIG = "timezone: Europe/Berlin\n";
// Monday 23 November 2026, 09:00 in Berlin, and just before.
const DUE = Temporal.Instant.from("2026-11-23T08:00:00Z");
const NOT_YET = Temporal.Instant.from("2026-11-23T07:59:00Z");

useNock({ allPending: false });

const activeWeek = (query: string) =>
  query.includes("is:merged merged:2026-11-16")
    ? [mergedNode(1), mergedNode(2, "dependabot", "Bot")]
    : [];

describe("weekly summary, from the tick", () => {
  test("not yet due (Monday 08:59) › last week's summary exists › nothing is collected or written", async () => {
    const repo = fakeRepo({ config: CONFIG, search: activeWeek });
    repo.addSummary("2026-11-09", 50);

    const report = await tick(NOT_YET);

    expect(report.jobs.summaries?.items).toBe(0);
    expect(repo.graphqlQueries.filter((q) => q.includes("search("))).toEqual([]);
    expect(repo.issues.map((i) => i.number)).toEqual([50]);
  });

  test("due › one issue, labelled, titled, the previous summary closed with a link, the lock released", async () => {
    const repo = fakeRepo({ config: CONFIG, search: activeWeek });
    repo.addSummary("2026-11-09", 50);

    const report = await tick(DUE);

    expect(report.jobs.summaries?.items).toBe(1);
    const created = repo.issues.find((i) =>
      i.body.startsWith("<!-- async-status:summary 2026-11-16 -->"),
    );
    expect(created).toMatchObject({
      title: "Weekly summary: 16–22 Nov 2026",
      labels: ["weekly-summary"],
      state: "open",
    });
    expect(created?.body).toContain("| PRs merged | 1 |");
    expect(created?.body).not.toContain("dependabot");
    expect(repo.issues.find((i) => i.number === 50)?.state).toBe("closed");
    expect(repo.comments).toEqual([
      { issue: 50, body: expect.stringContaining(`Superseded by #${created?.number}`) },
    ]);
    expect([...repo.labels.keys()]).toEqual(["weekly-summary"]);
  });

  test("run twice › still exactly one summary issue", async () => {
    const repo = fakeRepo({ config: CONFIG, search: activeWeek });

    await tick(DUE);
    await tick(DUE.add({ minutes: 5 }));

    expect(repo.issues.filter((i) => i.body.includes("summary 2026-11-16"))).toHaveLength(1);
  });

  test("another machine holds the week's claim › this tick publishes nothing", async () => {
    const repo = fakeRepo({ config: CONFIG, search: activeWeek });
    // Claims are timed by the real clock, which every machine shares.
    repo.labels.set("async-status-lock: summary 2026-11-16", {
      description: `claimed ${Temporal.Now.instant().toString()}`,
    });

    await tick(DUE.add({ minutes: 1 }));

    expect(repo.issues).toHaveLength(0);
  });

  test("skip empty › a week without activity publishes nothing", async () => {
    const repo = fakeRepo({ config: CONFIG, search: () => [] });

    const report = await tick(DUE);

    expect(report.jobs.summaries?.items).toBe(0);
    expect(repo.issues).toHaveLength(0);
  });

  test("catch up › a week missed while the app was down is published late, then the current one", async () => {
    const repo = fakeRepo({
      config: CONFIG,
      search: (q) => (q.includes("is:merged merged:") ? [mergedNode(7)] : []),
    });
    repo.addSummary("2026-11-02", 40);

    await tick(DUE);

    const keys = repo.issues
      .filter((i) => i.number !== 40)
      .map((i) => /summary (\S+)/.exec(i.body)?.[1]);
    expect(keys).toEqual(["2026-11-09", "2026-11-16"]);
    expect(repo.issues.find((i) => i.body.includes("summary 2026-11-09"))?.body).toContain(
      "Published late (due 2026-11-16 09:00 Europe/Berlin)",
    );
  });

  test("a first run does not back-fill history: only the current week", async () => {
    const repo = fakeRepo({
      config: CONFIG,
      search: (q) => (q.includes("is:merged merged:") ? [mergedNode(7)] : []),
    });

    await tick(DUE);

    expect(repo.issues.map((i) => /summary (\S+)/.exec(i.body)?.[1])).toEqual(["2026-11-16"]);
  });

  test("the DST week › the period runs from midnight to midnight across the change", async () => {
    const repo = fakeRepo({
      config: CONFIG,
      search: (q) => (q.includes("is:merged merged:") ? [mergedNode(7)] : []),
    });

    await tick(Temporal.Instant.from("2026-10-26T08:00:00Z"));

    expect(repo.graphqlQueries.find((q) => q.includes("is:merged merged:"))).toContain(
      "merged:2026-10-19T00:00:00+02:00..2026-10-25T23:59:59+01:00",
    );
    expect(repo.issues[0]?.title).toBe("Weekly summary: 19–25 Oct 2026");
  });

  test("a summary published by a person (token) for this week › found; no second issue", async () => {
    const repo = fakeRepo({ config: CONFIG, search: activeWeek });
    repo.issues.push({
      number: 70,
      title: "Weekly summary: 16–22 Nov 2026",
      body: "<!-- async-status:summary 2026-11-16 -->\nby hand",
      state: "open",
      labels: ["weekly-summary"],
      app: false,
    });

    await tick(DUE);

    expect(repo.issues).toHaveLength(1);
  });

  test("an empty week, ticks without memory (cron) › collected once; later ticks cost one request", async () => {
    const repo = fakeRepo({ config: CONFIG, search: () => [] });

    await tick(DUE);
    await tick(DUE.add({ minutes: 5 }));
    await tick(DUE.add({ minutes: 10 }));

    expect(repo.graphqlQueries.filter((q) => q.includes("merged:"))).toHaveLength(1);
    expect(repo.labels.get("weekly-summary")?.description).toContain("handled up to 2026-11-16");
  });

  test("last week's change › read from the previous summary's own figures, not from search counts", async () => {
    const repo = fakeRepo({ config: CONFIG, search: activeWeek });
    repo.issues.push({
      number: 50,
      title: "Weekly summary: 9–15 Nov 2026",
      body: `<!-- async-status:summary 2026-11-09 -->\n${encodeBlock("summary-figures", { merged: 1, openedPrs: 4, openedIssues: 2, closedIssues: 3, decisions: 0 })}`,
      state: "open",
      labels: ["weekly-summary"],
      app: true,
    });

    await tick(DUE);

    const created = repo.issues.find((i) =>
      i.body.startsWith("<!-- async-status:summary 2026-11-16 -->"),
    );
    expect(created?.body).toContain("| PRs merged | 1 | 1 | ±0 |");
    expect(created?.body).toContain("| PRs opened | 0 | 4 | −4 |");
  });
});

describe("weekly summary › a first run does not back-fill", () => {
  const search = (q: string) => (q.includes("is:merged merged:") ? [mergedNode(7)] : []);

  test("first run on the Wednesday after the week ended › nothing published; the next week is", async () => {
    const repo = fakeRepo({ config: CONFIG, search });

    await tick(Temporal.Instant.from("2026-11-25T10:00:00Z"));

    expect(repo.issues).toEqual([]);
    expect(repo.graphqlQueries.filter((q) => q.includes("search("))).toEqual([]);
    expect(repo.labels.get("weekly-summary")?.description).toContain("handled up to 2026-11-16");

    await tick(Temporal.Instant.from("2026-11-30T08:00:00Z"));

    expect(repo.issues.map((i) => /summary (\S+)/.exec(i.body)?.[1])).toEqual(["2026-11-23"]);
    expect(repo.issues[0]?.body).not.toContain("Published late");
  });

  test("first run three hours after the publishing time (cron, default one-hour lookback) › nothing published", async () => {
    const repo = fakeRepo({ config: CONFIG, search });

    await tick(DUE.add({ hours: 3 }));

    expect(repo.issues).toEqual([]);
  });

  test("first run whose lookback covers the publishing time (the server's previous tick) › published", async () => {
    const repo = fakeRepo({ config: CONFIG, search });

    await tick(DUE.add({ minutes: 3 }), DUE.subtract({ minutes: 2 }));

    expect(repo.issues.map((i) => /summary (\S+)/.exec(i.body)?.[1])).toEqual(["2026-11-16"]);
  });

  test("the label records an earlier week handled (empty, nothing published) › a missed week is published late", async () => {
    const repo = fakeRepo({ config: CONFIG, search });
    repo.labels.set("weekly-summary", {
      description: "Weekly summary by async-status; handled up to 2026-11-09",
    });

    await tick(DUE.add({ hours: 30 }));

    expect(repo.issues.map((i) => /summary (\S+)/.exec(i.body)?.[1])).toEqual(["2026-11-16"]);
    expect(repo.issues[0]?.body).toContain("Published late (due 2026-11-23 09:00 Europe/Berlin)");
  });
});

describe("weekly summary › claims leave no label behind", () => {
  const claimed = (at: Temporal.Instant) => ({ description: `claimed ${at.toString()}` });

  test("a claim of another week, older than its lease (its holder crashed after publishing) › removed by the week's run", async () => {
    const repo = fakeRepo({ config: CONFIG, search: activeWeek });
    repo.addSummary("2026-11-09", 50);
    repo.labels.set(
      "async-status-lock: summary 2026-11-09",
      claimed(Temporal.Now.instant().subtract({ hours: 2 })),
    );

    await tick(DUE);

    expect([...repo.labels.keys()]).toEqual(["weekly-summary"]);
    expect(repo.issues.filter((i) => i.body.includes("summary 2026-11-16"))).toHaveLength(1);
  });

  test("a claim still within its lease › kept, and the week is not marked handled until it can be removed", async () => {
    const repo = fakeRepo({ config: CONFIG, search: activeWeek });
    repo.addSummary("2026-11-09", 50);
    repo.labels.set("async-status-lock: summary 2026-11-09", claimed(Temporal.Now.instant()));

    await tick(DUE);

    expect(repo.issues.filter((i) => i.body.includes("summary 2026-11-16"))).toHaveLength(1);
    expect(repo.labels.has("async-status-lock: summary 2026-11-09")).toBe(true);
    expect(repo.labels.get("weekly-summary")?.description).not.toContain("handled up to");

    // The lease runs out (its holder crashed): the next tick removes it and marks the week.
    repo.labels.set(
      "async-status-lock: summary 2026-11-09",
      claimed(Temporal.Now.instant().subtract({ minutes: 16 })),
    );
    await tick(DUE.add({ minutes: 20 }));

    expect([...repo.labels.keys()]).toEqual(["weekly-summary"]);
    expect(repo.labels.get("weekly-summary")?.description).toContain("handled up to 2026-11-16");
    expect(repo.issues.filter((i) => i.body.includes("summary 2026-11-16"))).toHaveLength(1);
  });

  test("a quiet tick (cron, week already handled) › the same two requests per repository: config and label", async () => {
    const repo = fakeRepo({ config: CONFIG, search: activeWeek });
    await tick(DUE);
    repo.requests.length = 0;

    await tick(DUE.add({ minutes: 5 }));

    expect(repo.requests).toEqual([
      "GET /app/installations",
      "POST /app/installations/2/access_tokens",
      "GET /installation/repositories",
      "GET /repos/Codertocat/Hello-World/contents/.github/async-status.yml",
      "GET /repos/Codertocat/Hello-World/labels/weekly-summary",
    ]);
  });

  test("the week's run › one label search for stale claims, then the publication as before", async () => {
    const repo = fakeRepo({ config: CONFIG, search: activeWeek });
    repo.addSummary("2026-11-09", 50);
    repo.labels.set("weekly-summary", {
      description: "Weekly summary by async-status; handled up to 2026-11-09",
    });

    await tick(DUE);

    const repoRequests = repo.requests.filter(
      (r) => r.includes("/repos/") || r === "POST /graphql",
    );
    expect(repoRequests).toEqual([
      "GET /repos/Codertocat/Hello-World/contents/.github/async-status.yml",
      "GET /repos/Codertocat/Hello-World/labels/weekly-summary",
      "POST /graphql", // stale claims
      "GET /repos/Codertocat/Hello-World/issues",
      "POST /graphql", // the week's searches
      "POST /graphql", // first-time contributors
      "GET /repos/Codertocat/Hello-World/contents/.github/async-status/summary.md.hbs",
      "POST /repos/Codertocat/Hello-World/labels", // the claim
      "GET /repos/Codertocat/Hello-World/issues",
      "GET /repos/Codertocat/Hello-World/labels/weekly-summary", // the issue's label exists
      "POST /repos/Codertocat/Hello-World/issues",
      "POST /repos/Codertocat/Hello-World/issues/50/comments",
      "PATCH /repos/Codertocat/Hello-World/issues/50",
      "DELETE /repos/Codertocat/Hello-World/labels/async-status-lock: summary 2026-11-16",
      "PATCH /repos/Codertocat/Hello-World/labels/weekly-summary",
    ]);
  });
});
