import { describe, expect, test } from "@jest/globals";
import { Temporal } from "temporal-polyfill";
import { encodeBlock } from "../../src/github/markers.js";
import { decodeFigures } from "../../src/summary/view.js";
import { type FakeItem, fakeRepo, summaryTick as tick } from "../helpers/fake-repo.js";
import { useNock } from "../helpers/nock.js";

const CONFIG = "timezone: Europe/Berlin\n";
// Monday 23 November 2026, 09:00 in Berlin: the summary of 16–22 November is due.
const DUE = Temporal.Instant.from("2026-11-23T08:00:00Z");

useNock({ allPending: false });

/** A decision of issue `number`, settled (and the issue closed) at `at`, through these labels. */
const decision = (number: number, labels: string[], at: string): FakeItem => ({
  kind: "issue",
  number,
  title: `Decide ${number}`,
  createdAt: "2026-10-01T10:00:00Z",
  closedAt: at,
  labels: ["decision", labels.at(-1) as string],
  labelled: labels.map((label, i) => ({
    label,
    at: i === labels.length - 1 ? at : "2026-10-01T11:00:00Z",
  })),
});

/**
 * The seeded week (Berlin is UTC+1): known answers, in business hours, derived by hand.
 *  - PR #1, opened Monday 10:00: bob's review at 12:00 (erin's pending review does not count):
 *    2 h; merged after 24 h.
 *  - PR #2, opened Wednesday 09:00: a bot's comment and the author's do not answer, dave's at
 *    13:00 does: 4 h; merged after 48 h.
 *  - Issue #3, opened Friday 16:00, answered Monday 08:00: 8 + 8 = 16 h (the weekend counts 0).
 *  - Issue #4, opened Saturday: no answer; waiting since then (46 hours at publication).
 *  - Issue #5, from earlier: bob answered, then the author asked again on the 12th, unanswered.
 * Time to first response: 2, 4, 16 → median 4 h, p90 (3rd of 3) 16 h; 1 of 4 unanswered.
 * Cycle time: 24 h, 48 h → median 36 h, p90 48 h (2 d). Waiting: #5, then #4.
 * Decisions: #21 and #23 settled without a meeting, #22 through `decision: needs sync`.
 */
const WEEK: FakeItem[] = [
  {
    kind: "pr",
    number: 1,
    createdAt: "2026-11-16T09:00:00Z",
    mergedAt: "2026-11-17T09:00:00Z",
    replies: [
      { login: "erin", at: "2026-11-16T09:30:00Z", review: true, pending: true },
      { login: "bob", at: "2026-11-16T11:00:00Z", review: true },
    ],
  },
  {
    kind: "pr",
    number: 2,
    createdAt: "2026-11-18T08:00:00Z",
    mergedAt: "2026-11-20T08:00:00Z",
    replies: [
      { login: "renovate", type: "Bot", at: "2026-11-18T08:05:00Z" },
      { login: "octocat", at: "2026-11-18T08:10:00Z" },
      { login: "dave", at: "2026-11-18T12:00:00Z" },
    ],
  },
  {
    kind: "issue",
    number: 3,
    createdAt: "2026-11-20T15:00:00Z",
    replies: [{ login: "dave", at: "2026-11-23T07:00:00Z" }],
  },
  { kind: "issue", number: 4, createdAt: "2026-11-21T10:00:00Z" },
  {
    kind: "issue",
    number: 5,
    createdAt: "2026-11-02T10:00:00Z",
    replies: [
      { login: "bob", at: "2026-11-03T10:00:00Z" },
      { login: "octocat", at: "2026-11-12T10:00:00Z" },
    ],
  },
  decision(21, ["decision: pending", "decision: accepted"], "2026-11-18T12:00:00Z"),
  decision(
    22,
    ["decision: pending", "decision: objected", "decision: needs sync", "decision: accepted"],
    "2026-11-19T12:00:00Z",
  ),
  decision(23, ["decision: pending", "decision: rejected"], "2026-11-20T12:00:00Z"),
];

/** Last week's summary, with the figures it recorded (`health` absent: written before them). */
const lastWeek = (health?: object) => ({
  number: 50,
  title: "Weekly summary: 9–15 Nov 2026",
  body: `<!-- async-status:summary 2026-11-09 -->\n${encodeBlock("summary-figures", {
    merged: 1,
    openedPrs: 2,
    openedIssues: 0,
    closedIssues: 0,
    decisions: 2,
    ...(health ? { health } : {}),
  })}`,
  state: "open" as const,
  labels: ["weekly-summary"],
  app: true,
});

const published = (repo: ReturnType<typeof fakeRepo>) =>
  repo.issues.find((i) => i.body.startsWith("<!-- async-status:summary 2026-11-16 -->"))?.body ??
  "";
const section = (body: string, heading: string) => {
  const start = body.indexOf(heading);
  const end = body.indexOf("\n## ", start + 1);
  return start === -1 ? "" : body.slice(start, end === -1 ? undefined : end);
};
const rows = (text: string) =>
  text.split("\n").filter((l) => l.startsWith("| ") && !l.startsWith("| |"));

describe("weekly summary › async health, through the tick and the fake GitHub", () => {
  test("the seeded week, last week's summary with its health figures › each figure and last week's value, the waiting list oldest first", async () => {
    const repo = fakeRepo({ config: CONFIG, items: WEEK });
    repo.issues.push(
      lastWeek({
        decisions: { async: 1, sync: 1 },
        response: { count: 2, median: 60, p90: 300, samples: [60, 300], unanswered: 0 },
        cycle: { count: 1, median: 4320, p90: 4320, samples: [4320] },
        waiting: 4,
      }),
    );

    await tick(DUE);

    const body = published(repo);
    const health = section(body, "## ⏱️ Async health");
    expect(rows(health)).toEqual([
      "| Decisions made without a meeting | 2 of 3 (67%); 1 through sync | 1 of 2 (50%); 1 through sync |",
      "| Time to first response, median / p90 (business hours) | 4 h / 16 h | 1 h / 5 h |",
      "| Opened and still unanswered | 1 of 4 | 0 of 2 |",
      "| PR cycle time, median / p90 | 36 h / 2 d | 3 d / 3 d |",
      "| Waiting for an answer for more than 24 hours | 2 | 4 |",
    ]);
    expect(
      health
        .slice(health.indexOf("### Waiting for an answer for more than 24 hours, oldest first"))
        .split("\n")
        .filter((l) => l.startsWith("- ")),
    ).toEqual([
      "- [#5](https://github.com/Codertocat/Hello-World/issues/5) Change 5 — `octocat` · waiting 10 days",
      "- [#4](https://github.com/Codertocat/Hello-World/issues/4) Change 4 — `octocat` · waiting 46 hours",
    ]);
    // Recorded for next week's comparison and the roll-up, raw samples included.
    expect(decodeFigures(body)?.health).toEqual({
      decisions: { async: 2, sync: 1 },
      response: { count: 3, median: 240, p90: 960, samples: [120, 240, 960], unanswered: 1 },
      cycle: { count: 2, median: 2160, p90: 2880, samples: [1440, 2880] },
      waiting: 2,
    });
    // No request of their own: the claim search, the week's searches, the first-timer check.
    expect(repo.requests.filter((r) => r === "POST /graphql")).toHaveLength(3);
    const searches = repo.graphqlQueries.find((q) => q.includes("merged: search(")) ?? "";
    expect(searches).toContain(
      "replies: timelineItems(itemTypes: [ISSUE_COMMENT, PULL_REQUEST_REVIEW], first: 10)",
    );
  });

  test("last week's summary written before the health figures › last week's values are unknown (—)", async () => {
    const repo = fakeRepo({ config: CONFIG, items: WEEK });
    repo.issues.push(lastWeek());

    await tick(DUE);

    expect(rows(section(published(repo), "## ⏱️ Async health"))).toEqual([
      "| Decisions made without a meeting | 2 of 3 (67%); 1 through sync | — |",
      "| Time to first response, median / p90 (business hours) | 4 h / 16 h | — |",
      "| Opened and still unanswered | 1 of 4 | — |",
      "| PR cycle time, median / p90 | 36 h / 2 d | — |",
      "| Waiting for an answer for more than 24 hours | 2 | — |",
    ]);
  });

  test("a first summary (no earlier one) › last week's decisions and cycle time from search; the rest unknown", async () => {
    const repo = fakeRepo({
      config: CONFIG,
      items: [
        ...WEEK,
        // Last week: a PR merged 3 hours after opening, a decision settled at the sync.
        {
          kind: "pr",
          number: 9,
          createdAt: "2026-11-10T09:00:00Z",
          mergedAt: "2026-11-10T12:00:00Z",
        },
        decision(
          29,
          ["decision: pending", "decision: needs sync", "decision: rejected"],
          "2026-11-11T12:00:00Z",
        ),
      ],
    });

    await tick(DUE);

    expect(rows(section(published(repo), "## ⏱️ Async health"))).toEqual([
      "| Decisions made without a meeting | 2 of 3 (67%); 1 through sync | 0 of 1 (0%); 1 through sync |",
      "| Time to first response, median / p90 (business hours) | 4 h / 16 h | — |",
      "| Opened and still unanswered | 1 of 4 | — |",
      "| PR cycle time, median / p90 | 36 h / 2 d | 3 h / 3 h |",
      "| Waiting for an answer for more than 24 hours | 2 | — |",
    ]);
  });

  test("response_expectation 1bd › Saturday 11:00's issue is due Monday 11:00: not listed yet", async () => {
    const repo = fakeRepo({
      config: `${CONFIG}summary:\n  response_expectation: 1bd\n`,
      items: WEEK,
    });

    await tick(DUE);

    const health = section(published(repo), "## ⏱️ Async health");
    expect(health).toContain("| Waiting for an answer for more than 1 business day | 1 |");
    expect(health).toContain(
      "### Waiting for an answer for more than 1 business day, oldest first",
    );
    expect(health).not.toContain("[#4]");
  });
});
