import type { Logger } from "pino";
import { Temporal } from "temporal-polyfill";
import type { Config } from "../config/schema.js";
import type { Action } from "../github/actions.js";
import { sweepStaleClaims, withClaim } from "../github/claim.js";
import { executePlan } from "../github/executor.js";
import { listLabelledIssues } from "../github/labelled-issues.js";
import { MARKERS, summaryKeyOf } from "../github/markers.js";
import { type GitHubPort, isHttpStatus, type RepoRef } from "../github/port.js";
import { githubTree } from "../github/tree.js";
import { collectActivity, type Figures, type GraphQL } from "./collect.js";
import type { SummaryWeek } from "./period.js";
import { renderSummary } from "./render.js";
import { decodeFigures } from "./view.js";

/** What publishing a summary calls: the issue and label endpoints, contents, and GraphQL search. */
type Octokit = GitHubPort & { graphql: GraphQL };

export const OVERRIDE_PATH = ".github/async-status/summary.md.hbs";
export const SUMMARY_LABEL_COLOR = "0075ca";
/** A claim older than this is taken over: its holder crashed. */
const LOCK_STALE_MINUTES = 15;
const HANDLED = /handled up to (\d{4}-\d{2}-\d{2})/;

export type PublishResult =
  | { status: "exists"; number: number }
  | { status: "skipped_empty" }
  | { status: "busy" }
  | { status: "printed"; body: string; requests: number }
  | { status: "created"; number: number; body: string; requests: number };

export interface SummaryIssue {
  number: number;
  key: string;
  state: string;
  url: string;
  figures?: Figures;
}

/**
 * Summary issues, newest first (one request): any issue with the label and the marker, whoever
 * wrote it (a summary published with a personal token counts too). Only the idempotency key
 * and the recorded figures are read from it.
 */
export async function listSummaries(
  octokit: Octokit,
  repo: RepoRef,
  config: Config,
): Promise<SummaryIssue[]> {
  const issues = await listLabelledIssues(octokit, repo, config.summary.label);
  return issues.flatMap((issue) => {
    const key = summaryKeyOf(issue.body);
    if (!key) return [];
    const figures = decodeFigures(issue.body);
    return [
      {
        number: issue.number,
        key,
        state: issue.state,
        url: issue.url,
        ...(figures ? { figures } : {}),
      },
    ];
  });
}

/** The last week the repository's summaries were handled for (published or found empty), kept in the label. */
export async function handledUpTo(
  octokit: Octokit,
  repo: RepoRef,
  config: Config,
): Promise<string | undefined> {
  try {
    const { data } = await octokit.rest.issues.getLabel({ ...repo, name: config.summary.label });
    return HANDLED.exec(data.description ?? "")?.[1];
  } catch (error) {
    if (isHttpStatus(error, 404)) return undefined;
    throw error;
  }
}

const summaryLabel = (config: Config, handled?: string) => ({
  name: config.summary.label,
  color: SUMMARY_LABEL_COLOR,
  description: `Weekly summary by async-status${handled ? `; handled up to ${handled}` : ""}`,
});

/** Remember durably that `week` is done (published, or empty), so later ticks skip it for one request. */
export const markHandled = (config: Config, week: SummaryWeek): Action => ({
  type: "updateLabel",
  label: summaryLabel(config, week.key),
});

/** Every summary claim starts so: `async-status-lock: summary 2026-11-16`. */
const CLAIM_PREFIX = "async-status-lock: summary ";
const claimName = (week: SummaryWeek) => `${CLAIM_PREFIX}${week.key}`;

/**
 * Remove the summary claims, of any week, whose lease ran out: their holder crashed, perhaps
 * after publishing, and no one would claim that week again (one request, plus one per claim
 * removed). Returns the claims still held by someone.
 */
export async function sweepSummaryClaims(input: {
  octokit: Octokit;
  repo: RepoRef;
  log: Pick<Logger, "info">;
  clock?: () => Temporal.Instant;
}): Promise<string[]> {
  const { removed, held } = await sweepStaleClaims(input.octokit, input.repo, CLAIM_PREFIX, {
    leaseMinutes: LOCK_STALE_MINUTES,
    clock: input.clock ?? (() => Temporal.Now.instant()),
  });
  if (removed.length > 0) input.log.info({ labels: removed }, "stale summary claims removed");
  return held;
}

/** The week's summary issue, labelled. */
export const planPublication = (config: Config, week: SummaryWeek, body: string): Action[] => [
  {
    type: "createIssue",
    title: week.title,
    body,
    labels: [summaryLabel(config)],
    marker: MARKERS.summary(week.key),
  },
];

/** Earlier summaries still open are closed with a link to the new one. */
export function planSupersede(
  previous: readonly SummaryIssue[],
  week: SummaryWeek,
  number: number | undefined,
): Action[] {
  const ref = number === undefined ? "the new summary" : `#${number}`;
  return previous.flatMap((p): Action[] => [
    {
      type: "createComment",
      issueNumber: p.number,
      body: `${MARKERS.summary(`${p.key}-superseded`)}\nSuperseded by ${ref}, the summary of ${week.title.replace(/^Weekly summary: /, "")}.\n`,
    },
    { type: "closeIssue", issueNumber: p.number },
  ]);
}

/**
 * Publish one week's summary issue, exactly once: look for it first (its key is in a hidden
 * marker), claim the week with a lock label, look again, create it, close the previous
 * summary with a link, release the claim. `dryRun` prints the same plan and writes nothing.
 */
export async function publishSummary(input: {
  octokit: Octokit;
  repo: RepoRef;
  week: SummaryWeek;
  config: Config;
  now: Temporal.Instant;
  log: Pick<Logger, "debug" | "info" | "warn" | "error">;
  appId?: number;
  dryRun?: boolean;
  /** Where dry-run lines go. */
  print?: (line: string) => void;
  /** Render and return the body whatever the week holds (`summary --dry-run`); writes nothing. */
  preview?: boolean;
  /** Summaries already listed by the caller. */
  existing?: SummaryIssue[];
  /** The real clock, for the claim's timestamp (a long tick's `now` grows old). */
  clock?: () => Temporal.Instant;
}): Promise<PublishResult> {
  const { octokit, repo, week, config, now, log } = input;
  const clock = input.clock ?? (() => Temporal.Now.instant());
  let requests = 0;
  let existing = input.existing;
  if (!existing) {
    existing = await listSummaries(octokit, repo, config);
    requests++;
  }
  const done = existing.find((i) => i.key === week.key);
  if (done && !input.preview) return { status: "exists", number: done.number };

  const history = new Map(
    existing.flatMap((i) => (i.figures ? [[i.key, i.figures] as const] : [])),
  );
  // Weeks whose summary recorded its figures are not searched again.
  const activity = await collectActivity((q, v) => octokit.graphql(q, v), repo, week, config, {
    recorded: new Set(history.keys()),
  });
  requests += activity.requests;
  // The repository's own template is read only when it may be used.
  const override = await githubTree(octokit, repo).read(OVERRIDE_PATH);
  requests++;
  const rendered = renderSummary({ activity, week, config, now, override, history });
  if (rendered.overrideError)
    log.warn(
      { error: rendered.overrideError },
      "summary template override failed; using the built-in template",
    );
  // A preview always shows the body; a dry-run tick reports what it would really do.
  if (input.preview) return { status: "printed", body: rendered.body, requests };
  if (rendered.view.empty && config.summary.skip_empty) return { status: "skipped_empty" };
  const ports = { octokit, repo, log, ...(input.appId ? { appId: input.appId } : {}) };
  const previous = (list: readonly SummaryIssue[]) =>
    list.filter((i) => i.state === "open" && i.key < week.key);
  if (input.dryRun) {
    const plan = [
      ...planPublication(config, week, rendered.body),
      ...planSupersede(previous(existing), week, undefined),
    ];
    await executePlan(ports, plan, {
      dryRun: true,
      ...(input.print ? { print: input.print } : {}),
    });
    return { status: "printed", body: rendered.body, requests };
  }

  const claimed = await withClaim(
    octokit,
    repo,
    claimName(week),
    { leaseMinutes: LOCK_STALE_MINUTES, clock },
    async (): Promise<PublishResult> => {
      const again = await listSummaries(octokit, repo, config);
      const raced = again.find((i) => i.key === week.key);
      if (raced) return { status: "exists", number: raced.number };
      const created = await executePlan(ports, planPublication(config, week, rendered.body));
      const number = created.createdIssues[0] as number;
      log.info({ issue: number, week: week.key }, "weekly summary published");
      await executePlan(ports, planSupersede(previous(again), week, number));
      return { status: "created", number, body: rendered.body, requests };
    },
  );
  return claimed.held ? claimed.value : { status: "busy" };
}
