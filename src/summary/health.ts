import { Temporal } from "temporal-polyfill";
import { z } from "zod";
import { DECISION_LABELS } from "../decisions/index.js";
import { businessClock, type ProjectCalendar } from "../time/calendar.js";
import { addSpan } from "../time/deadline.js";
import type { Span } from "../time/duration.js";

/*
 * The async-health figures of the weekly summary, computed from item timelines (pure). Every
 * function takes items of one repository or pooled from many (the roll-up), and leaves out
 * items written by bots.
 */

/** A comment or review on an item: who wrote it, whether a bot, and when. */
export interface Reply {
  login: string;
  isBot: boolean;
  at: string;
}

/** Some of an item's comments and reviews, oldest first; `more` when the item has others not read. */
export interface Replies {
  replies: Reply[];
  more: boolean;
}

/** What the figures read of an item. */
export interface HealthItem {
  kind: "pr" | "issue";
  createdAt: string;
  mergedAt?: string | undefined;
  author: { login: string; isBot: boolean };
  /** Opened this week: its first comments and reviews (`more`: later ones not read). */
  firstReplies?: Replies | undefined;
  /** Open: its last comments and reviews (`more`: earlier ones not read). */
  lastReplies?: Replies | undefined;
  /** A decision settled this week: whether it went through `decision: needs sync`. */
  throughSync?: boolean | undefined;
}

/** A median and 90th percentile in minutes, with the samples they came from. */
export interface Spread {
  /** How many items were measured. */
  count: number;
  median: number | null;
  p90: number | null;
  /**
   * The measured values in whole minutes, sorted; more than `MAX_SAMPLES` are thinned evenly
   * (so percentiles pooled across repositories stay close), and `count` keeps the real number.
   */
  samples: number[];
}

/**
 * One week's async-health figures, as a summary records them in its hidden figures block.
 * Every part is optional: a summary written before these figures existed has none, and last
 * week's value is then unknown.
 */
export interface HealthFigures {
  /** Decisions settled this week: without a meeting, and through `decision: needs sync`. */
  decisions?: { async: number; sync: number } | undefined;
  /** Issues and PRs opened this week: business minutes to the first answer, and how many have none. */
  response?: (Spread & { unanswered: number }) | undefined;
  /** PRs merged this week: minutes from opened to merged. */
  cycle?: Spread | undefined;
  /** Open items waiting longer than `summary.response_expectation` for an answer. */
  waiting?: number | undefined;
}

const SpreadSchema = z.object({
  count: z.number(),
  median: z.number().nullable(),
  p90: z.number().nullable(),
  samples: z.array(z.number()),
});
export const HealthFiguresSchema = z.object({
  decisions: z.object({ async: z.number(), sync: z.number() }).optional(),
  response: SpreadSchema.extend({ unanswered: z.number() }).optional(),
  cycle: SpreadSchema.optional(),
  waiting: z.number().optional(),
});

/** Samples kept per figure in the hidden block (the block counts towards the 65,536 characters). */
export const MAX_SAMPLES = 500;

const people = <T extends HealthItem>(items: readonly T[]) => items.filter((i) => !i.author.isBot);
const at = (text: string) => Temporal.Instant.from(text);
const notAfter = (text: string, now: Temporal.Instant) =>
  Temporal.Instant.compare(at(text), now) <= 0;
const isAnswer = (reply: Reply, item: HealthItem) =>
  !reply.isBot && reply.login.toLowerCase() !== item.author.login.toLowerCase();

/** The median of sorted values (the mean of the middle two for an even count). */
export function median(sorted: readonly number[]): number | null {
  if (sorted.length === 0) return null;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** The 90th percentile of sorted values, by nearest rank: the ⌈0.9·n⌉-th smallest. */
export function p90(sorted: readonly number[]): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.ceil(0.9 * sorted.length) - 1] as number;
}

/** At most `MAX_SAMPLES` of sorted values, evenly spaced, the smallest and largest kept. */
function thin(sorted: readonly number[]): number[] {
  if (sorted.length <= MAX_SAMPLES) return [...sorted];
  const step = (sorted.length - 1) / (MAX_SAMPLES - 1);
  return Array.from({ length: MAX_SAMPLES }, (_, i) => sorted[Math.round(i * step)] as number);
}

/** The spread of values in minutes; `count` is how many they stand for (more when thinned). */
function spread(minutes: readonly number[], count = minutes.length): Spread {
  const sorted = [...minutes].sort((a, b) => a - b);
  const round = (v: number | null) => (v === null ? null : Math.round(v));
  return {
    count,
    median: round(median(sorted)),
    p90: round(p90(sorted)),
    samples: thin(sorted.map(Math.round)),
  };
}

/**
 * Whether a decision went through `decision: needs sync`, from its labeled events (oldest
 * first): that label added after the last `decision: pending` (the start of the decision's
 * latest round), so a needs-sync of an earlier, cancelled decision on the same issue does not
 * count.
 */
export function wentThroughSync(labelled: ReadonlyArray<{ label: string }>): boolean {
  const names = labelled.map((e) => e.label.toLowerCase());
  const round = names.lastIndexOf(DECISION_LABELS.pending.name);
  return names.slice(round + 1).includes(DECISION_LABELS.needsSync.name);
}

/** Decisions settled this week: without a meeting (`async`), and through needs sync (`sync`). */
export function decisionSplit(settled: readonly HealthItem[]): { async: number; sync: number } {
  const decided = people(settled);
  const sync = decided.filter((i) => i.throughSync === true).length;
  return { async: decided.length - sync, sync };
}

/**
 * When an item was first answered: the first comment or review, up to `now`, by someone other
 * than its author and not a bot. `unknown` when none of the replies read is one and there are
 * more; `undefined` when it has none yet.
 */
export function firstAnswer(
  item: HealthItem,
  now: Temporal.Instant,
): Temporal.Instant | "unknown" | undefined {
  const replies = item.firstReplies ?? { replies: [], more: false };
  const answer = replies.replies.find((r) => isAnswer(r, item) && notAfter(r.at, now));
  if (answer) return at(answer.at);
  return replies.more ? "unknown" : undefined;
}

/**
 * Time to first response of the issues and PRs opened this week, in business hours of the
 * project calendar (recorded in minutes), and how many have no answer yet. Items whose first
 * replies read hold no answer while more exist are left out of both.
 */
export function responseTimes(
  opened: readonly HealthItem[],
  calendar: ProjectCalendar,
  now: Temporal.Instant,
): Spread & { unanswered: number } {
  const minutes: number[] = [];
  const businessHours = businessClock(calendar);
  let unanswered = 0;
  for (const item of people(opened)) {
    const answer = firstAnswer(item, now);
    if (answer === "unknown") continue;
    if (answer === undefined) unanswered++;
    else minutes.push(businessHours(at(item.createdAt), answer) * 60);
  }
  return { ...spread(minutes), unanswered };
}

/** PR cycle time of the PRs merged this week: calendar minutes from opened to merged. */
export function cycleTimes(merged: readonly HealthItem[]): Spread {
  return spread(
    people(merged).flatMap((i) =>
      i.mergedAt
        ? [(at(i.mergedAt).epochMilliseconds - at(i.createdAt).epochMilliseconds) / 60_000]
        : [],
    ),
  );
}

/**
 * Open items whose author's last comment (or, with no answer at all, the item itself) has gone
 * unanswered for longer than `expectation` (a span of the project calendar: `24h`, `2d`, `1bd`),
 * oldest first. The ball is in the author's court once someone else (not a bot) has answered
 * after them. An item whose last replies read are all bots' while earlier ones exist is left
 * out: who spoke last is not known.
 */
export function waitingForAnswer<T extends HealthItem>(
  open: readonly T[],
  expectation: Span,
  calendar: ProjectCalendar,
  now: Temporal.Instant,
): Array<{ item: T; since: Temporal.Instant }> {
  const waiting: Array<{ item: T; since: Temporal.Instant }> = [];
  for (const item of people(open)) {
    const read = item.lastReplies;
    if (!read) continue;
    const last = read.replies.filter((r) => !r.isBot && notAfter(r.at, now)).at(-1);
    if (last && isAnswer(last, item)) continue;
    if (!last && read.more) continue;
    const since = at(last?.at ?? item.createdAt);
    const due = addSpan(since.toZonedDateTimeISO(calendar.timeZone), expectation, calendar);
    if (Temporal.Instant.compare(due.toInstant(), now) < 0) waiting.push({ item, since });
  }
  return waiting.sort((x, y) => Temporal.Instant.compare(x.since, y.since));
}

/** The week's lists a summary computes its figures from. */
export interface HealthInput<T extends HealthItem> {
  /** Issues and PRs opened this week, with their first replies. */
  opened: readonly T[];
  /** PRs merged this week. */
  merged: readonly T[];
  /** Decisions accepted or rejected this week. */
  settled: readonly T[];
  /** Open items, with their last replies. */
  open: readonly T[];
}

/** Every async-health figure of a week, and the items waiting for an answer (oldest first). */
export function computeHealth<T extends HealthItem>(
  input: HealthInput<T>,
  options: { calendar: ProjectCalendar; expectation: Span; now: Temporal.Instant },
): { figures: Required<HealthFigures>; waiting: Array<{ item: T; since: Temporal.Instant }> } {
  const { calendar, expectation, now } = options;
  const waiting = waitingForAnswer(input.open, expectation, calendar, now);
  return {
    figures: {
      decisions: decisionSplit(input.settled),
      response: responseTimes(input.opened, calendar, now),
      cycle: cycleTimes(input.merged),
      waiting: waiting.length,
    },
    waiting,
  };
}

/**
 * Figures recorded by several summaries (one per repository) pooled into one: counts add up,
 * percentiles come from the pooled samples (exact while no repository passed `MAX_SAMPLES`). A
 * part missing from any record is missing from the result.
 */
export function poolHealth(records: readonly HealthFigures[]): HealthFigures {
  const all = <K extends keyof HealthFigures>(key: K) =>
    records.every((r) => r[key] !== undefined)
      ? records.map((r) => r[key] as NonNullable<HealthFigures[K]>)
      : undefined;
  const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
  const pooled = (spreads: Spread[]) =>
    spread(
      spreads.flatMap((s) => s.samples),
      sum(spreads.map((s) => s.count)),
    );
  const decisions = all("decisions");
  const response = all("response");
  const cycle = all("cycle");
  const waiting = all("waiting");
  return {
    ...(decisions && {
      decisions: {
        async: sum(decisions.map((d) => d.async)),
        sync: sum(decisions.map((d) => d.sync)),
      },
    }),
    ...(response && {
      response: { ...pooled(response), unanswered: sum(response.map((r) => r.unanswered)) },
    }),
    ...(cycle && { cycle: pooled(cycle) }),
    ...(waiting && { waiting: sum(waiting) }),
  };
}

/** A span of minutes for people: `40 min`, `2.5 h`, `18 h`, `3.5 d` (24 hours a day). */
export function formatMinutes(minutes: number): string {
  const one = (v: number) => String(Math.round(v * 10) / 10);
  if (minutes < 60) return `${Math.round(minutes)} min`;
  if (minutes < 600) return `${one(minutes / 60)} h`;
  if (minutes < 48 * 60) return `${Math.round(minutes / 60)} h`;
  return `${one(minutes / 1440)} d`;
}
