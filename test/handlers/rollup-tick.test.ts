import { describe, expect, test } from "@jest/globals";
import nock from "nock";
import { pino } from "pino";
import { Temporal } from "temporal-polyfill";
import { encodeBlock } from "../../src/github/markers.js";
import { rollupJob } from "../../src/rollup/job.js";
import { TickState, tickRepository } from "../../src/tick.js";
import { fakeOrg, orgTick } from "../helpers/fake-org.js";
import type { FakeItem } from "../helpers/fake-repo.js";
import { useNock } from "../helpers/nock.js";
import { TestOctokit } from "../helpers/probot.js";

// Monday 23 November 2026, 09:00 in Berlin.
const DUE = Temporal.Instant.from("2026-11-23T08:00:00Z");
const ZONE = "timezone: Europe/Berlin\n";
/** The organisation's config: the roll-up on; `.github` itself has no summary. */
const ORG_CONFIG = `${ZONE}rollup:\n  enabled: true\nsummary:\n  enabled: false\n`;

useNock({ allPending: false });

const ITEMS: FakeItem[] = [
  {
    repo: "acme/api",
    kind: "pr",
    number: 1,
    login: "alice",
    createdAt: "2026-11-17T10:00:00Z",
    mergedAt: "2026-11-18T10:00:00Z",
  },
  {
    repo: "acme/api",
    kind: "pr",
    number: 2,
    login: "dependabot",
    type: "Bot",
    createdAt: "2026-11-17T10:00:00Z",
    mergedAt: "2026-11-18T11:00:00Z",
  },
  {
    repo: "acme/api",
    kind: "pr",
    number: 8,
    login: "dave",
    createdAt: "2026-11-09T10:00:00Z",
    mergedAt: "2026-11-10T10:00:00Z",
  },
  {
    repo: "acme/web",
    kind: "issue",
    number: 5,
    title: "Pick a date format",
    login: "bob",
    createdAt: "2026-11-17T12:00:00Z",
    labels: ["decision", "decision: needs sync"],
  },
  {
    repo: "acme/web",
    kind: "issue",
    number: 6,
    title: "Deploy the new CDN",
    login: "bob",
    createdAt: "2026-11-01T12:00:00Z",
    labels: ["blocked"],
  },
  {
    repo: "acme/legacy",
    kind: "pr",
    number: 3,
    login: "carol",
    createdAt: "2026-11-17T10:00:00Z",
    mergedAt: "2026-11-19T10:00:00Z",
  },
  {
    repo: "acme/legacy",
    kind: "issue",
    number: 7,
    title: "Legacy is stuck",
    login: "carol",
    createdAt: "2026-11-01T12:00:00Z",
    labels: ["blocked"],
  },
];

/** acme: `.github` with the roll-up on, api and web, and legacy opted out. */
const acme = (extra: Partial<Parameters<typeof fakeOrg>[0]> = {}) =>
  fakeOrg({
    repos: [
      { name: ".github", config: ORG_CONFIG },
      { name: "api", config: ZONE },
      { name: "legacy", config: `${ZONE}summary:\n  rollup: false\n` },
      { name: "web", config: ZONE },
    ],
    items: ITEMS,
    ...extra,
  });

const rollups = (org: ReturnType<typeof fakeOrg>) => org.labelled(".github", "weekly-rollup");

describe("organisation roll-up, from the tick", () => {
  test("Monday 09:00 › three repositories, legacy opted out › one roll-up in acme/.github with api and web, their agenda and blocked items; a second tick adds nothing", async () => {
    const org = acme();

    const first = await orgTick(DUE);
    const posts = org.requests.filter((r) => r.startsWith("POST /repos/")).length;
    const second = await orgTick(DUE.add({ minutes: 5 }));

    expect(first.jobs.rollups?.items).toBe(1);
    expect(second.jobs.rollups?.items).toBe(0);
    expect(first.failures).toEqual([]);
    expect(org.requests.filter((r) => r.startsWith("POST /repos/")).length).toBe(posts);
    const [rollup, ...others] = rollups(org);
    expect(others).toEqual([]);
    expect(rollup).toMatchObject({ title: "Weekly roll-up: 16–22 Nov 2026", state: "open" });
    const body = rollup?.body ?? "";
    expect(body.startsWith("<!-- async-status:rollup 2026-11-16 -->")).toBe(true);
    const api = org.labelled("api", "weekly-summary")[0];
    expect(body).toContain(
      `| [acme/api](https://github.com/acme/api) | 1 | 1 | 0 | 0 | 0 | [#${api?.number}](https://github.com/acme/api/issues/${api?.number}) |`,
    );
    expect(body).toContain("| [acme/web](https://github.com/acme/web) | 0 | 0 | 1 | 0 | 0 |");
    expect(body).toContain("| **Total** | **1** | **1** | **1** | **0** | **0** | |");
    expect(body).not.toContain("legacy");
    expect(body).not.toContain("dependabot");
    expect(body).toMatch(
      /## 🗓️ Agenda for the next sync[\s\S]*\[web#5\]\(https:\/\/github.com\/acme\/web\/issues\/5\) Pick a date format/,
    );
    expect(body).toMatch(/## 🚧 Blocked[\s\S]*\[web#6\]\([^)]+\) Deploy the new CDN/);
    expect(body).toMatch(/## 👋 First-time contributors[\s\S]*\[api#1\]/);
    // `.github` has the summary off; each other repository has its own.
    expect(org.labelled(".github", "weekly-summary")).toEqual([]);
    expect(
      org.issues
        .filter((i) => i.labels.includes("weekly-summary"))
        .map((i) => i.repo)
        .sort(),
    ).toEqual(["api", "legacy", "web"]);
    expect(org.labels(".github").get("weekly-rollup")?.description).toBe(
      "Weekly roll-up by async-status; handled up to 2026-11-16",
    );
  });

  test("first run, Monday 08:59 › last week is not back-filled: nothing searched or published, last week remembered as handled", async () => {
    const org = acme();

    const report = await orgTick(DUE.subtract({ minutes: 1 }), { jobs: [rollupJob] });

    expect(report.jobs.rollups?.items).toBe(0);
    expect(org.graphqlQueries.filter((q) => q.includes("search("))).toEqual([]);
    expect(org.issues).toEqual([]);
    expect(org.labels(".github").get("weekly-rollup")?.description).toBe(
      "Weekly roll-up by async-status; handled up to 2026-11-09",
    );
  });

  test("the roll-up's POST commits and answers 502 › found by its marker, not posted again: one issue", async () => {
    const org = acme({ commitThen502: ".github" });

    const report = await orgTick(DUE, { jobs: [rollupJob] });

    expect(report.failures).toEqual([]);
    expect(rollups(org)).toHaveLength(1);
    expect(org.requests.filter((r) => r === "POST /repos/acme/.github/issues")).toHaveLength(1);
  });

  test("catch up › a week missed while the app was down is published late, then the current one; the old one closed", async () => {
    const org = acme();
    org.issues.push({
      repo: ".github",
      number: 40,
      title: "Weekly roll-up: 2–8 Nov 2026",
      body: `<!-- async-status:rollup 2026-11-02 -->\n${encodeBlock("rollup-figures", { repos: { "acme/api": { merged: 3, openedPrs: 1, openedIssues: 0, closedIssues: 0, decisions: 0 } } })}`,
      state: "open",
      labels: ["weekly-rollup"],
    });

    await orgTick(DUE, { jobs: [rollupJob] });

    const keys = rollups(org).map((i) => /rollup (\S+) -->/.exec(i.body)?.[1]);
    expect(keys).toEqual(["2026-11-02", "2026-11-09", "2026-11-16"]);
    const late = rollups(org).find((i) => i.body.includes("rollup 2026-11-09"));
    expect(late?.title).toBe("Weekly roll-up: 9–15 Nov 2026");
    expect(late?.body).toContain("Published late (due 2026-11-16 09:00 Europe/Berlin)");
    // The change is from the week before's own recorded figures (none for web then).
    expect(late?.body).toContain("| [acme/api](https://github.com/acme/api) | 1 (−2) | 1 (±0) |");
    expect(late?.body).toContain("| [acme/web](https://github.com/acme/web) | 0 | 0 | 0 | 0 | 0 |");
    const current = rollups(org).find((i) => i.body.includes("rollup 2026-11-16"));
    expect(current?.body).toContain(
      "| [acme/api](https://github.com/acme/api) | 1 (±0) | 1 (±0) |",
    );
    expect(org.issues.find((i) => i.number === 40)?.state).toBe("closed");
    expect(org.comments.map((c) => [c.repo, c.issue, c.body.split("\n")[1]])).toEqual([
      [".github", 40, "Superseded by #100, the roll-up of 9–15 Nov 2026."],
      [".github", 100, "Superseded by #101, the roll-up of 16–22 Nov 2026."],
    ]);
  });

  test("the rollup key in a repository's own config › ignored: only acme/.github's enables it", async () => {
    const org = fakeOrg({
      repos: [
        { name: ".github", config: ZONE },
        { name: "api", config: `${ZONE}rollup:\n  enabled: true\n  repository: api\n` },
      ],
      items: ITEMS,
    });

    const report = await orgTick(DUE, { jobs: [rollupJob] });

    expect(report.jobs.rollups?.items).toBe(0);
    expect(org.issues).toEqual([]);
  });

  test("the roll-up repository is not one of the installation's › reported as a failure", async () => {
    fakeOrg({
      repos: [
        { name: ".github", config: `${ZONE}rollup:\n  enabled: true\n  repository: status\n` },
      ],
    });

    const report = await orgTick(DUE, { jobs: [rollupJob] });

    expect(report.failures).toEqual([
      {
        repo: "acme/status",
        error:
          "rollups: the repository named in acme/.github's config is not one the app is installed on",
      },
    ]);
  });

  test("with the scheduler's state › configs read once per tick across the summary and the roll-up", async () => {
    const org = acme();

    await orgTick(DUE, { state: new TickState() });

    const configReads = org.requests.filter((r) =>
      r.endsWith("/contents/.github/async-status.yml"),
    );
    expect(configReads.sort()).toEqual([
      "GET /repos/acme/.github/contents/.github/async-status.yml",
      "GET /repos/acme/api/contents/.github/async-status.yml",
      "GET /repos/acme/legacy/contents/.github/async-status.yml",
      "GET /repos/acme/web/contents/.github/async-status.yml",
    ]);
  });

  test("cost › the same activity in 3 or 30 repositories › the same requests but for one config read per repository", async () => {
    const costOf = async (n: number) => {
      const names = ["api", "web", ...Array.from({ length: n - 2 }, (_, i) => `quiet${i}`)];
      const org = fakeOrg({
        repos: [
          { name: ".github", config: ORG_CONFIG },
          ...names.map((name) => ({ name, config: ZONE })),
        ],
        items: ITEMS,
      });
      await orgTick(DUE, { jobs: [rollupJob] });
      const configReads = org.requests.filter((r) =>
        r.endsWith("/contents/.github/async-status.yml"),
      );
      expect(rollups(org)).toHaveLength(1);
      return { configReads: configReads.length, other: org.requests.length - configReads.length };
    };

    const few = await costOf(3);
    nock.cleanAll();
    const many = await costOf(30);

    expect(few).toEqual({ configReads: 4, other: many.other });
    expect(many.configReads).toBe(31);
  });

  test.each([
    [".github", 1],
    ["api", 0],
  ])(
    "one repository's tick (the Action, tick --repo) in acme/%s › %i roll-up(s)",
    async (name, expected) => {
      const org = acme();

      const report = await tickRepository(
        new TestOctokit({ auth: "ghs_test" }),
        { owner: "acme", repo: name },
        [rollupJob],
        { now: DUE, log: pino({ level: "silent" }) },
      );

      expect(report.failures).toEqual([]);
      expect(report.jobs.rollups?.items).toBe(expected);
      expect(rollups(org)).toHaveLength(expected);
      if (expected === 0)
        expect(org.requests.filter((r) => r.includes("/installation/repositories"))).toEqual([]);
      else expect(rollups(org)[0]?.body).toContain("| [acme/web](https://github.com/acme/web) |");
    },
  );
});
