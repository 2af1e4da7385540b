import { Temporal } from "temporal-polyfill";
import { z } from "zod";
import type { Config } from "../config/schema.js";
import { decodeBlock, encodeBlock, MARKERS } from "../github/markers.js";
import type { Activity, Figures, Item } from "./collect.js";
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
  items: ItemView[];
  total: number;
  /** Items left out to fit GitHub's size limit. */
  more: number;
  /** Long lists are collapsed in `<details>`. */
  collapsed: boolean;
}

export interface SummaryView {
  marker: string;
  /** This week's figures, kept in the issue so next week's change is exact. */
  figuresState: string;
  title: string;
  period: string;
  isoWeek: string;
  timezone: string;
  late: string | null;
  overrideError: string | null;
  empty: boolean;
  figures: Array<{ name: string; value: number; previous: number; change: string }>;
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
  contributors: Array<{ name: string; firstTime: boolean; count: number }>;
  moreContributors: number;
  chart: { weeks: string; merged: string; closed: string; max: number };
}

const FiguresSchema = z.object({
  merged: z.number(),
  openedPrs: z.number(),
  openedIssues: z.number(),
  closedIssues: z.number(),
  decisions: z.number(),
});

/** The figures a published summary recorded about its own week. */
export function decodeFigures(body: string): Figures | undefined {
  return decodeBlock("summary-figures", body, FiguresSchema);
}

const COLLAPSE_OVER = 10;

function list(
  items: readonly Item[],
  limit: number,
  note: (i: Item) => string | null = () => null,
): ListView {
  const shown = items.slice(0, limit).map((i) => ({
    ref: `#${i.number}`,
    title: i.title,
    url: i.url,
    author: i.author.login,
    firstTime: i.firstTime,
    note: note(i),
  }));
  return {
    items: shown,
    total: items.length,
    more: items.length - shown.length,
    collapsed: items.length > COLLAPSE_OVER,
  };
}

const change = (now: number, before: number) =>
  now > before ? `+${now - before}` : now < before ? `−${before - now}` : "±0";
const humans = (items: readonly Item[]) => items.filter((i) => !i.author.isBot);
const dueOf = (i: Item) =>
  i.labels.map((l) => /^due: (\d{4}-\d{2}-\d{2})$/.exec(l)?.[1]).find(Boolean);

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
    return { title: category.title, list: list(items, limit) };
  });
  categories.push({ title: "Other changes", list: list([...remaining], limit) });

  const contributors = new Map<string, { name: string; firstTime: boolean; count: number }>();
  for (const item of [...merged, ...openedIssues]) {
    const entry = contributors.get(item.author.login) ?? {
      name: item.author.login,
      firstTime: false,
      count: 0,
    };
    entry.count++;
    entry.firstTime ||= item.firstTime;
    contributors.set(item.author.login, entry);
  }

  const history = input.history ?? new Map<string, Figures>();
  const previous = history.get(a.chart.at(-2)?.key ?? "") ?? a.previous;
  const chart = a.chart.map((c, i) => {
    if (i === a.chart.length - 1)
      return { ...c, merged: merged.length, closed: closedIssues.length };
    const recorded = history.get(c.key);
    return recorded ? { ...c, merged: recorded.merged, closed: recorded.closedIssues } : c;
  });
  const figures: Figures = {
    merged: merged.length,
    openedPrs: openedPrs.length,
    openedIssues: openedIssues.length,
    closedIssues: closedIssues.length,
    decisions: decided.length,
  };
  const contributorList = [...contributors.values()].sort(
    (x, y) => y.count - x.count || x.name.localeCompare(y.name),
  );
  const publishedLate =
    Temporal.Instant.compare(input.now, week.publishAt.toInstant().add({ hours: 24 })) > 0;
  const ageDays = (i: Item) =>
    Math.floor(
      week.end.toInstant().since(Temporal.Instant.from(i.createdAt)).total({ unit: "hours" }) / 24,
    );
  const last = week.end.toPlainDate().subtract({ days: 1 });

  return {
    marker: MARKERS.summary(week.key),
    figuresState: encodeBlock("summary-figures", figures),
    title: week.title,
    period: `${week.start.toPlainDate().toString()} – ${last.toString()}`,
    isoWeek: week.isoWeek,
    timezone: config.timezone,
    late: publishedLate
      ? `Published late (due ${week.publishAt.toPlainDate().toString()} ${config.summary.time} ${config.timezone}): async-status was not running then.`
      : null,
    overrideError: input.overrideError ?? null,
    empty:
      merged.length +
        openedPrs.length +
        openedIssues.length +
        closedIssues.length +
        decided.length ===
      0,
    figures: [
      { name: "PRs merged", value: figures.merged, previous: previous.merged },
      { name: "PRs opened", value: figures.openedPrs, previous: previous.openedPrs },
      { name: "Issues opened", value: figures.openedIssues, previous: previous.openedIssues },
      { name: "Issues closed", value: figures.closedIssues, previous: previous.closedIssues },
      { name: "Decisions made", value: figures.decisions, previous: previous.decisions },
    ].map((f) => ({ ...f, change: change(f.value, f.previous) })),
    categories: categories.filter((c) => c.list.total > 0),
    waitingForReview: list(
      [...humans(a.waitingForReview)].sort((x, y) => x.createdAt.localeCompare(y.createdAt)),
      limit,
      (i) => `waiting ${ageDays(i)} days`,
    ),
    staleReviewDays: config.summary.stale_review_days,
    openedIssues: list(openedIssues, limit),
    closedIssues: list(closedIssues, limit),
    accepted: list(
      humans(a.accepted).map((i) => ({ ...i, url: `${i.url}#user-content-decision` })),
      limit,
    ),
    pending: list(
      [...humans(a.pending)].sort((x, y) => (dueOf(x) ?? "9999").localeCompare(dueOf(y) ?? "9999")),
      limit,
      (i) => (dueOf(i) ? `due ${dueOf(i)}` : null),
    ),
    needsSync: list(humans(a.needsSync), limit),
    blocked: list(humans(a.blocked), limit, (i) => i.blockedReason ?? null),
    incomplete: list(humans(a.incomplete), limit),
    incompleteLabel: config.template.label,
    contributors: contributorList.slice(0, limit),
    moreContributors: Math.max(0, contributorList.length - limit),
    chart: {
      weeks: chart.map((c) => JSON.stringify(c.week.replace(/^\d{4}-/, ""))).join(", "),
      merged: chart.map((c) => c.merged).join(", "),
      closed: chart.map((c) => c.closed).join(", "),
      max: Math.max(1, ...chart.map((c) => Math.max(c.merged, c.closed))),
    },
  };
}
