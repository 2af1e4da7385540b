import { describe, expect, test } from "@jest/globals";
import { Temporal } from "temporal-polyfill";
import { type FakeItem, fakeRepo, summaryTick as tick } from "../helpers/fake-repo.js";
import { useNock } from "../helpers/nock.js";

const CONFIG = "timezone: Europe/Berlin\n";
// Monday 23 November 2026, 09:00 in Berlin: the summary of 16–22 November is due.
const DUE = Temporal.Instant.from("2026-11-23T08:00:00Z");

useNock({ allPending: false });

const merged = (number: number, at: string, login = "carol", type?: "Bot"): FakeItem => ({
  kind: "pr",
  number,
  login,
  ...(type ? { type } : {}),
  createdAt: "2026-09-01T10:00:00Z",
  mergedAt: at,
});
/** An issue whose decision label was added at `at` (earlier labels: when it was opened). */
const decided = (number: number, label: string, at: string, updatedAt?: string): FakeItem => ({
  kind: "issue",
  number,
  title: `Decide ${number}`,
  createdAt: "2026-10-01T10:00:00Z",
  labels: ["decision", label],
  labelled: [
    { label: "decision", at: "2026-10-01T11:00:00Z" },
    { label: "decision: pending", at: "2026-10-01T11:00:00Z" },
    { label, at },
  ],
  ...(updatedAt ? { updatedAt } : {}),
});
const published = (repo: ReturnType<typeof fakeRepo>, key = "2026-11-16") =>
  repo.issues.find((i) => i.body.startsWith(`<!-- async-status:summary ${key} -->`))?.body ?? "";
const headings = (body: string) => body.split("\n").filter((l) => l.startsWith("#"));

describe("weekly summary, end to end through the fake GitHub search", () => {
  test("two merged PRs and nothing else › a short summary: one figure, no empty section, names as code", async () => {
    const repo = fakeRepo({
      config: CONFIG,
      items: [merged(1, "2026-11-17T10:00:00Z"), merged(2, "2026-11-19T10:00:00Z")],
    });

    await tick(DUE);

    const body = published(repo);
    expect(headings(body)).toEqual([
      "## 🚢 Merged",
      "### Other changes",
      "## ⏱️ Async health",
      "## 👋 Contributors",
      "## 📈 The last 8 weeks",
    ]);
    expect(body).not.toContain("_None._");
    expect(body.split("\n").filter((l) => l.startsWith("| ") && !l.startsWith("| |"))).toEqual([
      "| PRs merged | 2 | 0 | +2 |",
      // Opened 1 September, merged 17 and 19 November; nothing merged last week.
      "| PR cycle time, median / p90 | 78 d / 79 d | none |",
    ]);
    expect(body).toContain("- `carol`: 2 PRs merged");
    expect(body).toContain('y-axis "PRs merged, issues closed" 0 --> 8');
    expect(body).not.toMatch(/\u200b|&#8203;/);
  });

  test("decisions › 'decisions made' and 'accepted this week' follow the labeled events, in the project zone", async () => {
    const repo = fakeRepo({
      config: CONFIG,
      items: [
        merged(1, "2026-11-17T10:00:00Z"),
        decided(21, "decision: accepted", "2026-11-18T12:00:00Z"),
        decided(22, "decision: accepted", "2026-11-20T12:00:00Z"),
        decided(23, "decision: rejected", "2026-11-19T12:00:00Z"),
        // 00:30 on Monday 16 November in Berlin: this week.
        decided(27, "decision: accepted", "2026-11-15T23:30:00Z"),
        // Last week, commented on this week.
        decided(24, "decision: accepted", "2026-11-12T12:00:00Z", "2026-11-18T09:00:00Z"),
        // Long ago, commented on this week.
        decided(25, "decision: accepted", "2026-10-01T12:00:00Z", "2026-11-17T09:00:00Z"),
        // 00:30 on Monday 23 November in Berlin: next week's.
        decided(26, "decision: accepted", "2026-11-22T23:30:00Z"),
      ],
    });

    await tick(DUE);

    const body = published(repo);
    expect(body).toContain("| Decisions made | 4 | 1 | +3 |");
    const accepted = body.slice(body.indexOf("### Accepted this week"));
    expect(
      [...accepted.slice(0, accepted.indexOf("\n## ")).matchAll(/\[#(\d+)\]/g)].map((m) => m[1]),
    ).toEqual(["21", "22", "27"]);
    expect(body).toContain(
      "[#21](https://github.com/Codertocat/Hello-World/issues/21#user-content-decision) Decide 21",
    );
    // The decision date came from the timeline the collector asked for.
    expect(repo.graphqlQueries.join("\n")).toContain(
      "timelineItems(itemTypes: [LABELED_EVENT], last: 10)",
    );
  });

  test("bots › last week's figure and the chart's earlier weeks leave out accounts of type Bot, as this week does", async () => {
    const repo = fakeRepo({
      config: CONFIG,
      items: [
        merged(1, "2026-11-17T10:00:00Z"),
        merged(2, "2026-11-18T10:00:00Z", "renovate", "Bot"),
        // Last week: one person, one bot.
        merged(3, "2026-11-10T10:00:00Z"),
        merged(4, "2026-11-11T10:00:00Z", "dependabot", "Bot"),
        // ISO week 45 (2–8 November): two people, three bots.
        merged(5, "2026-11-03T10:00:00Z"),
        merged(6, "2026-11-04T10:00:00Z", "dave"),
        merged(7, "2026-11-04T11:00:00Z", "dependabot", "Bot"),
        merged(8, "2026-11-05T11:00:00Z", "dependabot", "Bot"),
        merged(9, "2026-11-06T11:00:00Z", "renovate", "Bot"),
      ],
    });

    await tick(DUE);

    const body = published(repo);
    expect(body).toContain("| PRs merged | 1 | 1 | ±0 |");
    expect(body).toContain("  bar [0, 0, 0, 0, 0, 2, 1, 1]");
    expect(body).not.toMatch(/renovate|dependabot/);
  });

  test("published late › the lists of the current state say when they were read", async () => {
    const repo = fakeRepo({
      config: CONFIG,
      items: [
        merged(1, "2026-11-17T10:00:00Z"),
        {
          kind: "issue",
          number: 30,
          title: "Pick a queue",
          createdAt: "2026-11-20T10:00:00Z",
          labels: ["decision", "decision: pending", "due: 2026-11-27"],
        },
        { kind: "pr", number: 31, createdAt: "2026-11-10T10:00:00Z", labels: ["blocked"] },
      ],
    });
    repo.addSummary("2026-11-09", 50);

    // The server was down on Monday morning: published at 12:30 in Berlin.
    await tick(DUE.add({ hours: 3, minutes: 30 }));

    const body = published(repo);
    expect(body).toContain("> Published late (due 2026-11-23 09:00 Europe/Berlin)");
    expect(headings(body)).toEqual([
      "## 🚢 Merged",
      "### Other changes",
      "## 👀 Waiting for review for more than 2 days (as of 2026-11-23 12:30 Europe/Berlin)",
      "## ⏱️ Async health",
      // #30 and #31: no one has answered them.
      "### Waiting for an answer for more than 24 hours, oldest first (as of 2026-11-23 12:30 Europe/Berlin)",
      "## 🗳️ Decisions",
      "### Pending, soonest deadline first (as of 2026-11-23 12:30 Europe/Berlin)",
      "## 🚧 Blocked (as of 2026-11-23 12:30 Europe/Berlin)",
      "## 🐛 Issues",
      "### Opened",
      "## 👋 Contributors",
      "## 📈 The last 8 weeks",
    ]);
  });

  test("published on time › no 'as of'", async () => {
    const repo = fakeRepo({
      config: CONFIG,
      items: [
        merged(1, "2026-11-17T10:00:00Z"),
        { kind: "pr", number: 31, createdAt: "2026-11-10T10:00:00Z", labels: ["blocked"] },
      ],
    });
    repo.addSummary("2026-11-09", 50);

    await tick(DUE.add({ minutes: 5 }));

    expect(published(repo)).toContain("## 🚧 Blocked\n");
    expect(published(repo)).not.toContain("as of");
  });
});
