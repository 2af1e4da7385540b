import { Temporal } from "temporal-polyfill";
import { z } from "zod";
import type { Config } from "../config/schema.js";
import { decodeBlock, encodeBlock, MARKERS } from "../github/markers.js";
import { calendarOf } from "../time/calendar.js";
import { formatSpan } from "../time/duration.js";
import type { Activity, Figures, Item } from "./collect.js";
import {
  computeHealth,
  formatMinutes,
  type HealthFigures,
  HealthFiguresSchema,
  type Spread,
} from "./health.js";
import type { SummaryWeek } from "./period.js";

export interface ItemView {
  ref: string;
  title: string;
  url: string;
  author: string;
  firstTime: boolean;
  /** Extra text: a deadline, an age, a reason. */
  note: string | null;
}

export interface ListView {
  /** What the list holds, for its count: `PRs merged`, `issues opened`. */
  what: string;
  items: ItemView[];
  total: number;
  /** Items left out to fit GitHub's size limit. */
  more: number;
  /** Long lists are collapsed in `<details>`. */
  collapsed: boolean;
}

/** What every weekly issue's view starts with: its marker, recorded figures and its week. */
export interface WeekHeader {
  marker: string;
  /** This week's figures, kept in the issue so next week's change is exact. */
  figuresState: string;
  title: string;
  period: string;
  isoWeek: string;
  timezone: string;
  late: string | null;
  /**
   * When the issue is published more than an hour after its time: the moment its lists of
   * the current state (agenda, waiting for review, pending, blocked, template) were read.
   */
  asOf: string | null;
  overrideError: string | null;
}

export interface SummaryView extends WeekHeader {
  /** Nothing merged, opened, closed or decided this week: the summary says so in one line. */
  empty: boolean;
  /** All five figures; `shown` is false for one that is 0 this week and last. */
  figures: Array<{
    name: string;
    value: number;
    previous: number;
    change: string;
    shown: boolean;
  }>;
  categories: Array<{ title: string; list: ListView }>;
  waitingForReview: ListView;
  staleReviewDays: number;
  openedIssues: ListView;
  closedIssues: ListView;
  accepted: ListView;
  pending: ListView;
  needsSync: ListView;
  blocked: ListView;
  incomplete: ListView;
  incompleteLabel: string;
  health: HealthView;
  /** Sections made of several lists: shown when one of them has items. */
  sections: { decisions: boolean; issues: boolean };
  contributors: ContributorView[];
  moreContributors: number;
  /** `shown` is false when every week reads 0. */
  chart: { weeks: string; merged: string; closed: string; max: number; shown: boolean };
}

/** The async-health figures, each with last week's value (`—` when not known). */
export interface HealthView {
  /** Shown when one of its rows is. */
  shown: boolean;
  /** `shown` is false for a figure with nothing to measure this week or last. */
  rows: Array<{ name: string; thisWeek: string; lastWeek: string; shown: boolean }>;
  /** `24 hours`: `summary.response_expectation`. */
  expectation: string;
  /** Open items whose author waits for an answer, oldest first. */
  waiting: ListView;
}

export interface ContributorView {
  login: string;
  firstTime: boolean;
  merged: number;
  issues: number;
  /** What the figures count: `2 PRs merged, 1 issue opened`. */
  what: string;
}

export const FiguresSchema = z.object({
  merged: z.number(),
  openedPrs: z.number(),
  openedIssues: z.number(),
  closedIssues: z.number(),
  decisions: z.number(),
  health: HealthFiguresSchema.optional(),
});

/** The figures a published summary recorded about its own week. */
export function decodeFigures(body: string): Figures | undefined {
  return decodeBlock("summary-figures", body, FiguresSchema);
}

const COLLAPSE_OVER = 10;

/**
 * Mermaid's xychart puts d3's ~10 ticks on the y axis `0 --> max`; from a maximum of 8 on,
 * their step is at least 1, so every tick is a whole number.
 */
const AXIS_MIN_MAX = 8;
/** Published later than this after its time, a summary says so, and when its lists were read. */
const LATE_AFTER = { hours: 1 } as const;

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

const NOT_KNOWN = "—";
const decisionsText = (d: HealthFigures["decisions"]) => {
  if (!d) return NOT_KNOWN;
  const total = d.async + d.sync;
  if (total === 0) return "none settled";
  return `${d.async} of ${total} (${Math.round((100 * d.async) / total)}%); ${d.sync} through sync`;
};
const spreadText = (s: Spread | undefined) =>
  !s
    ? NOT_KNOWN
    : s.median === null || s.p90 === null
      ? "none"
      : `${formatMinutes(s.median)} / ${formatMinutes(s.p90)}`;
const unansweredText = (r: HealthFigures["response"]) =>
  r ? `${r.unanswered} of ${r.count + r.unanswered}` : NOT_KNOWN;

/**
 * The health rows, as text for this week and last (partly or wholly unknown for older
 * summaries); a row is shown when it measured something in either week.
 */
export function healthRows(now: HealthFigures, before: HealthFigures, expectation: string) {
  const rows: Array<[string, (h: HealthFigures) => string, (h: HealthFigures) => number]> = [
    [
      "Decisions made without a meeting",
      (h) => decisionsText(h.decisions),
      (h) => (h.decisions?.async ?? 0) + (h.decisions?.sync ?? 0),
    ],
    [
      "Time to first response, median / p90 (business hours)",
      (h) => spreadText(h.response),
      (h) => (h.response?.count ?? 0) + (h.response?.unanswered ?? 0),
    ],
    [
      "Opened and still unanswered",
      (h) => unansweredText(h.response),
      (h) => (h.response?.count ?? 0) + (h.response?.unanswered ?? 0),
    ],
    ["PR cycle time, median / p90", (h) => spreadText(h.cycle), (h) => h.cycle?.count ?? 0],
    [
      `Waiting for an answer for more than ${expectation}`,
      (h) => (h.waiting === undefined ? NOT_KNOWN : String(h.waiting)),
      (h) => h.waiting ?? 0,
    ],
  ];
  return rows.map(([name, text, measured]) => ({
    name,
    thisWeek: text(now),
    lastWeek: text(before),
    shown: measured(now) > 0 || measured(before) > 0,
  }));
}

/** How long since `since`: `20 hours`, `3 days`. */
function waitedFor(since: Temporal.Instant, now: Temporal.Instant): string {
  const hours = Math.floor(now.since(since).total({ unit: "hours" }));
  return hours < 48
    ? plural(hours, "hour", "hours")
    : plural(Math.floor(hours / 24), "day", "days");
}

/**
 * A list of items as templates show it, at most `limit` of them ("…and N more"), collapsed
 * when long; `ref` names an item (`#12`; `api#12` across repositories).
 */
export function listView(
  what: string,
  items: readonly Item[],
  limit: number,
  note: (i: Item) => string | null = () => null,
  ref: (i: Item) => string = (i) => `#${i.number}`,
): ListView {
  const shown = items.slice(0, limit).map((i) => ({
    ref: ref(i),
    title: i.title,
    url: i.url,
    author: i.author.login,
    firstTime: i.firstTime,
    note: note(i),
  }));
  return {
    what,
    items: shown,
    total: items.length,
    more: items.length - shown.length,
    collapsed: items.length > COLLAPSE_OVER,
  };
}

/** How a figure changed: `+2`, `−1`, `±0`. */
export const change = (now: number, before: number) =>
  now > before ? `+${now - before}` : now < before ? `−${before - now}` : "±0";
/** People's items: accounts of type Bot and the configured `bots` left out. */
export const humans = (items: readonly Item[]) => items.filter((i) => !i.author.isBot);
/** The deadline of a pending decision, from its `due:` label. */
export const dueOf = (i: Item) =>
  i.labels.map((l) => /^due: (\d{4}-\d{2}-\d{2})$/.exec(l)?.[1]).find(Boolean);

export type SummaryHealth = ReturnType<typeof summaryHealth>;

/** The week's async-health figures and waiting items, from its activity (pure). */
export function summaryHealth(a: Activity, config: Config, now: Temporal.Instant) {
  return computeHealth(
    {
      opened: [...a.openedPrs, ...a.openedIssues],
      merged: a.merged,
      settled: [...a.accepted, ...a.rejected],
      open: a.recentOpen,
    },
    { calendar: calendarOf(config), expectation: config.summary.response_expectation, now },
  );
}

/**
 * The header of a weekly issue's view. Published more than an hour after its time
 * (`config.summary.time`), the issue says so (`late`), and when its lists of the current state
 * were read (`asOf`).
 */
export function weekHeader(input: {
  week: SummaryWeek;
  config: Config;
  now: Temporal.Instant;
  marker: string;
  figuresState: string;
  overrideError?: string | undefined;
}): WeekHeader {
  const { week, config, now } = input;
  const late = Temporal.Instant.compare(now, week.publishAt.toInstant().add(LATE_AFTER)) > 0;
  const readAt = now.toZonedDateTimeISO(config.timezone);
  const last = week.end.toPlainDate().subtract({ days: 1 });
  return {
    marker: input.marker,
    figuresState: input.figuresState,
    title: week.title,
    period: `${week.start.toPlainDate().toString()} – ${last.toString()}`,
    isoWeek: week.isoWeek,
    timezone: config.timezone,
    late: late
      ? `Published late (due ${week.publishAt.toPlainDate().toString()} ${config.summary.time} ${config.timezone}): async-status was not running then.`
      : null,
    asOf: late
      ? `${readAt.toPlainDate().toString()} ${readAt.toPlainTime().toString({ smallestUnit: "minute" })} ${config.timezone}`
      : null,
    overrideError: input.overrideError ?? null,
  };
}

/**
 * Build the summary's view model from a week's activity (pure). Bots are left out of every
 * list and figure; `limit` caps each list (the renderer lowers it until the issue fits).
 */
export function buildSummaryView(input: {
  activity: Activity;
  week: SummaryWeek;
  config: Config;
  now: Temporal.Instant;
  limit?: number;
  overrideError?: string;
  /** Figures recorded by earlier summaries, by week key: exact, bots and summaries left out. */
  history?: ReadonlyMap<string, Figures>;
  /** The week's health, when the caller computed it already (`summaryHealth`). */
  health?: SummaryHealth;
}): SummaryView {
  const { activity: a, week, config } = input;
  const limit = input.limit ?? Number.POSITIVE_INFINITY;
  const merged = humans(a.merged);
  const openedPrs = humans(a.openedPrs);
  const openedIssues = humans(a.openedIssues);
  const closedIssues = humans(a.closedIssues);
  const decided = [...humans(a.accepted), ...humans(a.rejected)];

  const lower = (l: string) => l.toLowerCase();
  const remaining = new Set(merged);
  const categories = config.summary.categories.map((category) => {
    const wanted = new Set(category.labels.map(lower));
    const items = [...remaining].filter((i) => i.labels.some((l) => wanted.has(lower(l))));
    for (const i of items) remaining.delete(i);
    return { title: category.title, list: listView("PRs merged", items, limit) };
  });
  categories.push({ title: "Other changes", list: listView("PRs merged", [...remaining], limit) });

  const contributors = new Map<string, Omit<ContributorView, "what">>();
  for (const item of [...merged, ...openedIssues]) {
    const entry = contributors.get(item.author.login) ?? {
      login: item.author.login,
      firstTime: false,
      merged: 0,
      issues: 0,
    };
    if (item.kind === "pr") entry.merged++;
    else entry.issues++;
    entry.firstTime ||= item.firstTime;
    contributors.set(item.author.login, entry);
  }

  const history = input.history ?? new Map<string, Figures>();
  const recorded = history.get(a.chart.at(-2)?.key ?? "");
  const previous = recorded ?? a.previous;
  const health = input.health ?? summaryHealth(a, config, input.now);
  // Last week's summary recorded what it knew (nothing, written before these figures); without
  // one, what last week's searches tell.
  const previousHealth = recorded ? (recorded.health ?? {}) : (a.previous.health ?? {});
  const expectation = formatSpan(config.summary.response_expectation);
  const healthRowList = healthRows(health.figures, previousHealth, expectation);
  const waitingSince = new Map(health.waiting.map((w) => [w.item, w.since]));
  const chart = a.chart.map((c, i) => {
    if (i === a.chart.length - 1)
      return { ...c, merged: merged.length, closed: closedIssues.length };
    const kept = history.get(c.key);
    return kept ? { ...c, merged: kept.merged, closed: kept.closedIssues } : c;
  });
  const figures: Figures = {
    merged: merged.length,
    openedPrs: openedPrs.length,
    openedIssues: openedIssues.length,
    closedIssues: closedIssues.length,
    decisions: decided.length,
    health: health.figures,
  };
  const contributorList = [...contributors.values()]
    .sort((x, y) => y.merged + y.issues - (x.merged + x.issues) || x.login.localeCompare(y.login))
    .map((c) => ({
      ...c,
      what: [
        c.merged > 0 ? plural(c.merged, "PR merged", "PRs merged") : "",
        c.issues > 0 ? plural(c.issues, "issue opened", "issues opened") : "",
      ]
        .filter(Boolean)
        .join(", "),
    }));
  const chartValues = chart.flatMap((c) => [c.merged, c.closed]);
  const empty =
    merged.length +
      openedPrs.length +
      openedIssues.length +
      closedIssues.length +
      decided.length ===
    0;
  const ageDays = (i: Item) =>
    Math.floor(
      week.end.toInstant().since(Temporal.Instant.from(i.createdAt)).total({ unit: "hours" }) / 24,
    );
  return {
    ...weekHeader({
      week,
      config,
      now: input.now,
      marker: MARKERS.summary(week.key),
      figuresState: encodeBlock("summary-figures", figures),
      overrideError: input.overrideError,
    }),
    empty,
    figures: [
      { name: "PRs merged", value: figures.merged, previous: previous.merged },
      { name: "PRs opened", value: figures.openedPrs, previous: previous.openedPrs },
      { name: "Issues opened", value: figures.openedIssues, previous: previous.openedIssues },
      { name: "Issues closed", value: figures.closedIssues, previous: previous.closedIssues },
      { name: "Decisions made", value: figures.decisions, previous: previous.decisions },
    ].map((f) => ({
      ...f,
      change: change(f.value, f.previous),
      shown: f.value > 0 || f.previous > 0,
    })),
    categories: categories.filter((c) => c.list.total > 0),
    waitingForReview: listView(
      "PRs waiting for review",
      [...humans(a.waitingForReview)].sort((x, y) => x.createdAt.localeCompare(y.createdAt)),
      limit,
      (i) => `waiting ${ageDays(i)} days`,
    ),
    staleReviewDays: config.summary.stale_review_days,
    openedIssues: listView("issues opened", openedIssues, limit),
    closedIssues: listView("issues closed", closedIssues, limit),
    accepted: listView(
      "decisions accepted",
      humans(a.accepted).map((i) => ({ ...i, url: `${i.url}#user-content-decision` })),
      limit,
    ),
    pending: listView(
      "decisions pending",
      [...humans(a.pending)].sort((x, y) => (dueOf(x) ?? "9999").localeCompare(dueOf(y) ?? "9999")),
      limit,
      (i) => (dueOf(i) ? `due ${dueOf(i)}` : null),
    ),
    needsSync: listView("decisions to discuss", humans(a.needsSync), limit),
    blocked: listView("blocked items", humans(a.blocked), limit, (i) => i.blockedReason ?? null),
    incomplete: listView("incomplete items", humans(a.incomplete), limit),
    incompleteLabel: config.template.label,
    health: {
      shown: healthRowList.some((r) => r.shown),
      rows: healthRowList,
      expectation,
      waiting: listView(
        "items waiting for an answer",
        health.waiting.map((w) => w.item),
        limit,
        (i) => {
          const since = waitingSince.get(i);
          return since ? `waiting ${waitedFor(since, input.now)}` : null;
        },
      ),
    },
    sections: {
      decisions: humans(a.accepted).length + humans(a.pending).length > 0,
      issues: openedIssues.length + closedIssues.length > 0,
    },
    contributors: contributorList.slice(0, limit),
    moreContributors: Math.max(0, contributorList.length - limit),
    chart: {
      weeks: chart.map((c) => JSON.stringify(c.week.replace(/^\d{4}-/, ""))).join(", "),
      merged: chart.map((c) => c.merged).join(", "),
      closed: chart.map((c) => c.closed).join(", "),
      max: Math.max(AXIS_MIN_MAX, ...chartValues),
      shown: chartValues.some((v) => v > 0),
    },
  };
}
