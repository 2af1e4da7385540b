import type { Temporal } from "temporal-polyfill";
import { z } from "zod";
import type { Config } from "../config/schema.js";
import { decodeBlock, encodeBlock, MARKERS } from "../github/markers.js";
import {
  type Activity,
  change,
  dueOf,
  type Figures,
  FiguresSchema,
  type HealthFigures,
  HealthFiguresSchema,
  healthRows,
  humans,
  type Item,
  type ListView,
  listView,
  summaryHealth,
  type WeekHeader,
  weekHeader,
} from "../summary/index.js";
import { formatSpan } from "../time/duration.js";
import type { RollupActivity, RollupRepo } from "./collect.js";
import { type RollupWeek, rollupSchedule } from "./period.js";

/** What a roll-up records about its own week: each repository's figures, by `owner/name`. */
export interface RollupFigures {
  repos: Record<string, Figures>;
  /** The async-health figures across the covered repositories (absent from older roll-ups). */
  health?: HealthFigures | undefined;
}

const RollupFiguresSchema = z.object({
  repos: z.record(z.string(), FiguresSchema),
  health: HealthFiguresSchema.optional(),
});

/** The figures a published roll-up recorded about its own week. */
export function decodeRollupFigures(body: string): RollupFigures | undefined {
  return decodeBlock("rollup-figures", body, RollupFiguresSchema);
}

/** A figure and its change from last week's roll-up (`null` when last week recorded none). */
export interface CellView {
  value: number;
  change: string | null;
}

/** The headline figures a row shows (the summary's figures, its health aside). */
type Headline = Exclude<keyof Figures, "health">;

export type FigureCells = Record<Headline, CellView>;

export interface RowView extends FigureCells {
  repository: string;
  url: string;
  /** That repository's own summary of the same week, when it has one. */
  summary: { ref: string; url: string } | null;
}

/**
 * The async-health figures across the covered repositories (`src/summary/health.ts` on their
 * pooled items), each with last week's roll-up's value; a row shows when it measured something.
 */
export type HealthView = Array<{ name: string; thisWeek: string; lastWeek: string }>;

export interface RollupView extends WeekHeader {
  /** Nothing merged, opened, closed or decided in any repository this week. */
  empty: boolean;
  repositoryCount: number;
  /** One row per repository, busiest first; cut to fit GitHub's size limit. */
  rows: RowView[];
  moreRows: number;
  totals: FigureCells;
  needsSync: ListView;
  pending: ListView;
  blocked: ListView;
  decided: ListView;
  firstTimers: ListView;
  /** Repositories left out because their configuration is invalid. */
  leftOut: Array<{ repository: string; reason: string }>;
  health: HealthView;
}

const FIGURES: readonly Headline[] = [
  "merged",
  "openedPrs",
  "openedIssues",
  "closedIssues",
  "decisions",
];
const zero = (): Figures => ({
  merged: 0,
  openedPrs: 0,
  openedIssues: 0,
  closedIssues: 0,
  decisions: 0,
});
const cells = (now: Figures, before: Figures | undefined): FigureCells => {
  const cell = (f: Headline) => ({
    value: now[f],
    change: before ? change(now[f], before[f]) : null,
  });
  return {
    merged: cell("merged"),
    openedPrs: cell("openedPrs"),
    openedIssues: cell("openedIssues"),
    closedIssues: cell("closedIssues"),
    decisions: cell("decisions"),
  };
};
const sum = (list: readonly Figures[]): Figures => {
  const total = zero();
  for (const figures of list) for (const f of FIGURES) total[f] += figures[f];
  return total;
};

/**
 * Build the roll-up's view model (pure): the organisation-wide activity grouped by repository,
 * only the repositories in `repos` (opted-out, summary-disabled and archived ones were left out
 * by the caller), bots left out as in the summary; the change from last week comes from last
 * week's roll-up (`history`). `limit` caps every list and the rows.
 */
export function buildRollupView(input: {
  collected: RollupActivity;
  repos: readonly RollupRepo[];
  week: RollupWeek;
  config: Config;
  now: Temporal.Instant;
  limit?: number;
  overrideError?: string;
  history?: ReadonlyMap<string, RollupFigures>;
  previousKey?: string;
  leftOut?: ReadonlyArray<{ repository: string; reason: string }>;
}): RollupView {
  const { week, config } = input;
  const limit = input.limit ?? Number.POSITIVE_INFINITY;
  const byKey = new Map(input.repos.map((r) => [r.fullName.toLowerCase(), r]));
  const repoOf = (i: Item) => byKey.get((i.repository ?? "").toLowerCase());
  const ownLabels = new Set([config.rollup.label.toLowerCase()]);
  // Only the covered repositories' items, and none of the app's own weekly issues.
  const mine = (items: readonly Item[]) =>
    humans(items).filter((i) => {
      const repo = repoOf(i);
      if (!repo) return false;
      const labels = i.labels.map((l) => l.toLowerCase());
      return !labels.some((l) => ownLabels.has(l) || l === repo.summaryLabel.toLowerCase());
    });
  const a: Activity = input.collected.activity;
  const lists = {
    merged: mine(a.merged),
    openedPrs: mine(a.openedPrs),
    openedIssues: mine(a.openedIssues),
    closedIssues: mine(a.closedIssues),
    accepted: mine(a.accepted),
    rejected: mine(a.rejected),
  };
  const health = summaryHealth(
    {
      ...a,
      ...lists,
      recentOpen: mine(a.recentOpen),
    },
    config,
    input.now,
  );
  const healthBefore = input.history?.get(input.previousKey ?? "")?.health ?? {};
  const healthView = healthRows(
    health.figures,
    healthBefore,
    formatSpan(config.summary.response_expectation),
  )
    .filter((row) => row.shown)
    .map(({ name, thisWeek, lastWeek }) => ({ name, thisWeek, lastWeek }));
  const count = (items: readonly Item[], key: string) =>
    items.filter((i) => (i.repository ?? "").toLowerCase() === key).length;
  const figuresOf = (key: string): Figures => ({
    merged: count(lists.merged, key),
    openedPrs: count(lists.openedPrs, key),
    openedIssues: count(lists.openedIssues, key),
    closedIssues: count(lists.closedIssues, key),
    decisions: count([...lists.accepted, ...lists.rejected], key),
  });
  const previous = input.history?.get(input.previousKey ?? "")?.repos;
  const figures = new Map(
    input.repos.map((r) => [r.fullName.toLowerCase(), figuresOf(r.fullName.toLowerCase())]),
  );
  const activityOf = (f: Figures) => FIGURES.reduce((n, k) => n + f[k], 0);
  const rows = input.repos
    .map((repo) => {
      const key = repo.fullName.toLowerCase();
      const own = figures.get(key) ?? zero();
      return {
        repository: repo.fullName,
        url: input.collected.urls.get(key) ?? `https://github.com/${repo.fullName}`,
        summary: input.collected.summaries.get(key) ?? null,
        ...cells(own, previous?.[key]),
        activity: activityOf(own),
      };
    })
    .sort((x, y) => y.activity - x.activity || x.repository.localeCompare(y.repository))
    .map(({ activity: _activity, ...row }) => row);
  const total = sum([...figures.values()]);
  const totalBefore = previous
    ? sum(input.repos.flatMap((r) => previous[r.fullName.toLowerCase()] ?? []))
    : undefined;
  // Items across repositories are named `api#12`.
  const ref = (i: Item) => `${(i.repository ?? "").split("/").pop()}#${i.number}`;
  const outcomes = new Map<Item, string>();
  const decided = (["accepted", "rejected"] as const).flatMap((outcome) =>
    lists[outcome].map((i) => {
      const linked = { ...i, url: `${i.url}#user-content-decision` };
      outcomes.set(linked, outcome);
      return linked;
    }),
  );
  return {
    ...weekHeader({
      week,
      config: rollupSchedule(config),
      now: input.now,
      marker: MARKERS.rollup(week.key),
      figuresState: encodeBlock("rollup-figures", {
        repos: Object.fromEntries(figures),
        health: health.figures,
      }),
      overrideError: input.overrideError,
    }),
    empty: activityOf(total) === 0,
    repositoryCount: input.repos.length,
    rows: rows.slice(0, limit),
    moreRows: Math.max(0, rows.length - limit),
    totals: cells(total, totalBefore),
    needsSync: listView("decisions to discuss", mine(a.needsSync), limit, () => null, ref),
    pending: listView(
      "decisions pending",
      [...mine(a.pending)].sort((x, y) => (dueOf(x) ?? "9999").localeCompare(dueOf(y) ?? "9999")),
      limit,
      (i) => (dueOf(i) ? `due ${dueOf(i)}` : null),
      ref,
    ),
    blocked: listView("blocked items", mine(a.blocked), limit, (i) => i.blockedReason ?? null, ref),
    decided: listView("decisions made", decided, limit, (i) => outcomes.get(i) ?? null, ref),
    firstTimers: listView(
      "first contributions",
      lists.merged.filter((i) => i.firstTime),
      limit,
      () => null,
      ref,
    ),
    leftOut: [...(input.leftOut ?? [])],
    health: healthView,
  };
}
