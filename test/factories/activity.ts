import type { Activity, Item } from "../../src/summary/collect.js";

let next = 100;
/** A pull request or issue as the summary collects it. */
export function makeItem(overrides: Partial<Item> & { login?: string; bot?: boolean } = {}): Item {
  const number = overrides.number ?? next++;
  const { login, bot, ...rest } = overrides;
  return {
    kind: "pr",
    number,
    title: `Change ${number}`,
    url: `https://github.com/Codertocat/Hello-World/pull/${number}`,
    createdAt: "2026-11-17T10:00:00Z",
    author: { login: login ?? "octocat", isBot: bot ?? false },
    firstTime: false,
    labels: [],
    ...rest,
  };
}

export function makeActivity(overrides: Partial<Activity> = {}): Activity {
  return {
    merged: [],
    openedPrs: [],
    openedIssues: [],
    closedIssues: [],
    waitingForReview: [],
    accepted: [],
    rejected: [],
    pending: [],
    needsSync: [],
    blocked: [],
    incomplete: [],
    recentOpen: [],
    previous: { merged: 0, openedPrs: 0, openedIssues: 0, closedIssues: 0, decisions: 0 },
    chart: Array.from({ length: 8 }, (_, i) => ({
      week: `2026-W${40 + i}`,
      key: `2026-10-0${i + 1}`,
      merged: i,
      closed: 8 - i,
    })),
    requests: 1,
    ...overrides,
  };
}
