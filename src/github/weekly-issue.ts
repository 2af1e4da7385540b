import type { Logger } from "pino";
import { Temporal } from "temporal-polyfill";
import {
  DEFAULT_LOOKBACK,
  emptyResult,
  type JobOctokit,
  type JobOptions,
  type JobResult,
} from "../job.js";
import type { Action, LabelSpec } from "./actions.js";
import { claimLabel, sweepStaleClaims } from "./claim.js";
import { executePlan } from "./executor.js";
import { type GitHubPort, isHttpStatus, type RepoRef } from "./port.js";

/**
 * An issue published once a week (the weekly summary, the organisation's roll-up): found by its
 * label and the week's key in a hidden marker, claimed with a lock label while it is written,
 * and remembered as handled in the label's description. Each kind says how it is spelled.
 */
export interface WeeklyIssueKind<F> {
  /** In claim labels: `async-status-lock: summary 2026-11-16`. */
  id: string;
  /** In notes people read: `the summary of 16–22 Nov 2026`. */
  noun: string;
  label: string;
  color: string;
  /** The label's description, before `; handled up to …`. */
  description: string;
  /** What the title starts with, before the period: `Weekly summary: `. */
  titlePrefix: string;
  marker(key: string): string;
  /** The week key of the marker in a body, if it carries one. */
  keyOf(body: string): string | undefined;
  /** The figures the issue recorded about its own week. */
  figures(body: string): F | undefined;
}

/** A week one weekly issue covers. */
export interface IssueWeek {
  /** Idempotency key: the first day of the period, e.g. `2026-11-16`. */
  key: string;
  title: string;
  publishAt: Temporal.ZonedDateTime;
}

export interface WeeklyIssue<F> {
  number: number;
  key: string;
  state: string;
  url: string;
  figures?: F;
}

export type PublishResult =
  | { status: "exists"; number: number }
  | { status: "skipped_empty" }
  | { status: "busy" }
  | { status: "printed"; body: string; requests: number }
  | { status: "created"; number: number; body: string; requests: number };

type Octokit = GitHubPort & {
  graphql: <T>(query: string, variables?: Record<string, unknown>) => Promise<T>;
};

/** How a weekly issue is published: when, where logs and dry-run lines go, and as whom. */
export interface PublishOptions {
  now: Temporal.Instant;
  log: Pick<Logger, "debug" | "info" | "warn" | "error">;
  appId?: number;
  dryRun?: boolean;
  /** Where dry-run lines go. */
  print?: (line: string) => void;
  /** The real clock, for the claim's timestamp (a long tick's `now` grows old). */
  clock?: () => Temporal.Instant;
}

/** A job's options as publishing takes them. */
export const publishOptions = (options: JobOptions): PublishOptions => ({
  now: options.now,
  log: options.log,
  dryRun: options.dryRun === true,
  ...(options.appId ? { appId: options.appId } : {}),
  ...(options.print ? { print: options.print } : {}),
});

/** A claim older than this is taken over: its holder crashed. */
const LOCK_STALE_MINUTES = 15;
const HANDLED = /handled up to (\d{4}-\d{2}-\d{2})/;

/**
 * The kind's issues, newest first (one request): any issue with the label and the marker,
 * whoever wrote it (one published with a personal token counts too). Only the idempotency key
 * and the recorded figures are read from it.
 */
export async function listWeeklyIssues<F>(
  octokit: Pick<GitHubPort, "rest">,
  repo: RepoRef,
  kind: WeeklyIssueKind<F>,
): Promise<Array<WeeklyIssue<F>>> {
  const { data } = await octokit.rest.issues.listForRepo({
    ...repo,
    labels: kind.label,
    state: "all",
    sort: "created",
    direction: "desc",
    per_page: 30,
  });
  return data.flatMap((issue) => {
    const body = issue.body ?? "";
    const key = kind.keyOf(body);
    if (!key) return [];
    const figures = kind.figures(body);
    return [
      {
        number: issue.number,
        key,
        state: issue.state,
        url: issue.html_url,
        ...(figures ? { figures } : {}),
      },
    ];
  });
}

/** The last week handled (published or found empty), kept in the kind's label. */
export async function handledUpTo(
  octokit: Pick<GitHubPort, "rest">,
  repo: RepoRef,
  kind: WeeklyIssueKind<unknown>,
): Promise<string | undefined> {
  try {
    const { data } = await octokit.rest.issues.getLabel({ ...repo, name: kind.label });
    return HANDLED.exec(data.description ?? "")?.[1];
  } catch (error) {
    if (isHttpStatus(error, 404)) return undefined;
    throw error;
  }
}

const labelOf = (kind: WeeklyIssueKind<unknown>, handled?: string): LabelSpec => ({
  name: kind.label,
  color: kind.color,
  description: `${kind.description}${handled ? `; handled up to ${handled}` : ""}`,
});

/** Remember durably that `week` is done (published, or empty), so later ticks skip it for one request. */
export const markHandled = (kind: WeeklyIssueKind<unknown>, week: IssueWeek): Action => ({
  type: "updateLabel",
  label: labelOf(kind, week.key),
});

const claimPrefix = (kind: WeeklyIssueKind<unknown>) => `async-status-lock: ${kind.id} `;

/**
 * Remove the kind's claims, of any week, whose lease ran out: their holder crashed, perhaps
 * after publishing, and no one would claim that week again (one request, plus one per claim
 * removed). Returns the claims still held by someone.
 */
export async function sweepWeeklyClaims(input: {
  octokit: Octokit;
  repo: RepoRef;
  kind: WeeklyIssueKind<unknown>;
  log: Pick<Logger, "info">;
  clock?: () => Temporal.Instant;
}): Promise<string[]> {
  const { removed, held } = await sweepStaleClaims(
    input.octokit,
    input.repo,
    claimPrefix(input.kind),
    { leaseMinutes: LOCK_STALE_MINUTES, clock: input.clock ?? (() => Temporal.Now.instant()) },
  );
  if (removed.length > 0)
    input.log.info({ labels: removed }, `stale ${input.kind.noun} claims removed`);
  return held;
}

/** The week's issue, labelled. */
export const planPublication = (
  kind: WeeklyIssueKind<unknown>,
  week: IssueWeek,
  body: string,
): Action[] => [
  {
    type: "createIssue",
    title: week.title,
    body,
    labels: [labelOf(kind)],
    marker: kind.marker(week.key),
  },
];

/** Earlier issues of the kind still open are closed with a link to the new one. */
export function planSupersede(
  kind: WeeklyIssueKind<unknown>,
  previous: ReadonlyArray<WeeklyIssue<unknown>>,
  week: IssueWeek,
  number: number | undefined,
): Action[] {
  const ref = number === undefined ? `the new ${kind.noun}` : `#${number}`;
  const period = week.title.startsWith(kind.titlePrefix)
    ? week.title.slice(kind.titlePrefix.length)
    : week.title;
  return previous.flatMap((p): Action[] => [
    {
      type: "createComment",
      issueNumber: p.number,
      body: `${kind.marker(`${p.key}-superseded`)}\nSuperseded by ${ref}, the ${kind.noun} of ${period}.\n`,
    },
    { type: "closeIssue", issueNumber: p.number },
  ]);
}

/** What the caller renders for a week: the body, and whether the week had nothing in it. */
export interface ComposedIssue {
  body: string;
  empty: boolean;
  /** GitHub requests composing it made. */
  requests: number;
}

/**
 * Publish one week's issue, exactly once: look for it first (its key is in a hidden marker),
 * compose it, claim the week with a lock label, look again, create it, close the previous one
 * with a link, release the claim. `dryRun` prints the same plan and writes nothing.
 */
export async function publishWeeklyIssue<F>(input: {
  octokit: Octokit;
  repo: RepoRef;
  kind: WeeklyIssueKind<F>;
  week: IssueWeek;
  log: Pick<Logger, "debug" | "info" | "warn" | "error">;
  /** Render the week's body; `history` holds the figures earlier issues recorded, by week key. */
  compose: (history: ReadonlyMap<string, F>) => Promise<ComposedIssue>;
  /** Publish nothing for an empty week. */
  skipEmpty: boolean;
  appId?: number;
  dryRun?: boolean;
  print?: (line: string) => void;
  /** Render and return the body whatever the week holds; writes nothing. */
  preview?: boolean;
  /** Issues of the kind already listed by the caller. */
  existing?: Array<WeeklyIssue<F>>;
  /** The real clock, for the claim's timestamp (a long tick's `now` grows old). */
  clock?: () => Temporal.Instant;
}): Promise<PublishResult> {
  const { octokit, repo, kind, week, log } = input;
  const clock = input.clock ?? (() => Temporal.Now.instant());
  let requests = 0;
  let existing = input.existing;
  if (!existing) {
    existing = await listWeeklyIssues(octokit, repo, kind);
    requests++;
  }
  const done = existing.find((i) => i.key === week.key);
  if (done && !input.preview) return { status: "exists", number: done.number };

  const history = new Map(
    existing.flatMap((i) => (i.figures ? [[i.key, i.figures] as const] : [])),
  );
  const composed = await input.compose(history);
  requests += composed.requests;
  // A preview always shows the body; a dry-run tick reports what it would really do.
  if (input.preview) return { status: "printed", body: composed.body, requests };
  if (composed.empty && input.skipEmpty) return { status: "skipped_empty" };
  const ports = { octokit, repo, log, ...(input.appId ? { appId: input.appId } : {}) };
  const previous = (list: ReadonlyArray<WeeklyIssue<F>>) =>
    list.filter((i) => i.state === "open" && i.key < week.key);
  if (input.dryRun) {
    const plan = [
      ...planPublication(kind, week, composed.body),
      ...planSupersede(kind, previous(existing), week, undefined),
    ];
    await executePlan(ports, plan, {
      dryRun: true,
      ...(input.print ? { print: input.print } : {}),
    });
    return { status: "printed", body: composed.body, requests };
  }

  const claim = await claimLabel(octokit, repo, `${claimPrefix(kind)}${week.key}`, {
    leaseMinutes: LOCK_STALE_MINUTES,
    clock,
  });
  if (!claim) return { status: "busy" };
  try {
    const again = await listWeeklyIssues(octokit, repo, kind);
    const raced = again.find((i) => i.key === week.key);
    if (raced) return { status: "exists", number: raced.number };
    const created = await executePlan(ports, planPublication(kind, week, composed.body));
    const number = created.createdIssues[0] as number;
    log.info({ issue: number, week: week.key }, `weekly ${kind.noun} published`);
    await executePlan(ports, planSupersede(kind, previous(again), week, number));
    return { status: "created", number, body: composed.body, requests };
  } finally {
    await claim.release();
  }
}

/**
 * A tick's weekly publishing in one repository: the latest due week, plus missed weeks up to
 * `catchUp` back when the app had handled the repository before them. A first run (no issue,
 * no week recorded as handled) publishes the latest week only when its publishing time falls
 * within this tick's lookback, so a fresh installation does not back-fill weeks that ended
 * before it. The label remembers the last week handled, so a tick costs one request until the
 * next week is due (none with the scheduler's `memory`).
 */
export async function publishDueWeeks<F, W extends IssueWeek>(input: {
  octokit: JobOctokit;
  repo: RepoRef;
  kind: WeeklyIssueKind<F>;
  latest: W;
  previous: (week: W) => W;
  catchUp: number;
  options: JobOptions;
  memory?: Map<string, string> | undefined;
  publish: (week: W, existing: Array<WeeklyIssue<F>>) => Promise<PublishResult>;
}): Promise<JobResult> {
  const { octokit, repo, kind, latest, options, memory } = input;
  const result = emptyResult();
  const key = `${repo.owner}/${repo.repo}`.toLowerCase();
  const log = options.log;
  if (memory?.get(key) === latest.key) return result;
  const handled = await handledUpTo(octokit, repo, kind);
  if (!options.dryRun && handled === latest.key) {
    memory?.set(key, latest.key);
    return result;
  }
  // Once per week handled: claims left by a holder that crashed go, whichever week they hold.
  const held = options.dryRun ? [] : await sweepWeeklyClaims({ octokit, repo, kind, log });
  const weeks: W[] = [latest];
  for (let i = 0; i < input.catchUp; i++) weeks.unshift(input.previous(weeks[0] as W));
  const existing = await listWeeklyIssues(octokit, repo, kind);
  const published = new Set(existing.map((i) => i.key));
  // The first week the app is known to have handled here, by an issue or by the label.
  const knownSince = [...published, ...(handled ? [handled] : [])].sort()[0];
  const lookback = options.since ?? options.now.subtract(DEFAULT_LOOKBACK);
  const dueNow = Temporal.Instant.compare(latest.publishAt.toInstant(), lookback) >= 0;
  // Weeks up to the one recorded as handled were published or found empty then.
  const due = weeks.filter(
    (w) =>
      !published.has(w.key) &&
      (handled === undefined || handled < w.key) &&
      ((knownSince !== undefined && knownSince < w.key) || (w === latest && dueNow)),
  );
  if (knownSince === undefined && !dueNow)
    log.debug(
      { repo: key, week: latest.key },
      `first run after the week's publishing time: no ${kind.noun} back-filled`,
    );
  for (const week of due) {
    const outcome = await input.publish(week, existing);
    if (outcome.status === "created") {
      result.items++;
      // Its recorded figures give the next week published in this run its change.
      const figures = kind.figures(outcome.body);
      existing.unshift({
        number: outcome.number,
        key: week.key,
        state: "open",
        url: "",
        ...(figures ? { figures } : {}),
      });
    }
    if (outcome.status === "busy") return result;
  }
  if (options.dryRun) return result;
  if (held.length > 0) {
    // Not marked handled while a claim is held: if its holder crashed, a later tick removes
    // it once its lease runs out.
    log.debug({ repo: key, labels: held }, `${kind.noun} claims still held; checking again`);
    return result;
  }
  await executePlan({ octokit, repo, log }, [markHandled(kind, latest)]);
  memory?.set(key, latest.key);
  return result;
}
