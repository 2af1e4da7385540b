import type { Logger } from "pino";
import type { ProbotOctokit } from "probot";
import { Temporal } from "temporal-polyfill";
import type { Config } from "../config/schema.js";
import type { Action } from "../github/actions.js";
import { executePlan } from "../github/executor.js";
import { isOwnMarkedComment } from "../github/marked-comment.js";
import { isHttpStatus, type RepoRef } from "../github/port.js";
import { githubTree } from "../template-check/repo-templates.js";
import { collectActivity } from "./collect.js";
import type { SummaryWeek } from "./period.js";
import { renderSummary } from "./render.js";
import { summaryMarker } from "./view.js";

type Octokit = InstanceType<typeof ProbotOctokit>;

export const OVERRIDE_PATH = ".github/async-status/summary.md.hbs";
export const SUMMARY_LABEL_COLOR = "0075ca";
/** A claim older than this is taken over: its holder crashed. */
const LOCK_STALE_MINUTES = 15;

export type PublishResult =
  | { status: "exists"; number: number }
  | { status: "skipped_empty" }
  | { status: "busy" }
  | { status: "printed"; body: string; requests: number }
  | { status: "created"; number: number; body: string; requests: number };

interface SummaryIssue {
  number: number;
  key: string;
  state: string;
  url: string;
}

/** The app's own summary issues, newest first (one request). */
async function summaryIssues(
  octokit: Octokit,
  repo: RepoRef,
  config: Config,
  appId?: number,
): Promise<SummaryIssue[]> {
  const { data } = await octokit.rest.issues.listForRepo({
    ...repo,
    labels: config.summary.label,
    state: "all",
    sort: "created",
    direction: "desc",
    per_page: 30,
  });
  return data.flatMap((issue) => {
    if (!isOwnMarkedComment(issue, "<!-- async-status:summary ", appId)) return [];
    const key = /^<!-- async-status:summary (\S+) -->/.exec(issue.body ?? "")?.[1];
    return key ? [{ number: issue.number, key, state: issue.state, url: issue.html_url }] : [];
  });
}

/** Keys of the weeks already published (from the newest 30 summary issues). */
export async function listSummaryKeys(
  octokit: Octokit,
  repo: RepoRef,
  config: Config,
  appId?: number,
): Promise<Set<string>> {
  return new Set((await summaryIssues(octokit, repo, config, appId)).map((i) => i.key));
}

const lockName = (week: SummaryWeek) => `async-status-lock: summary ${week.key}`;

/** Claim the week with a label: creating a label is atomic, so only one tick publishes. */
async function claim(
  octokit: Octokit,
  repo: RepoRef,
  week: SummaryWeek,
  now: Temporal.Instant,
): Promise<boolean> {
  try {
    await octokit.rest.issues.createLabel({
      ...repo,
      name: lockName(week),
      color: "ededed",
      description: `claimed ${now.toString()}`,
    });
    return true;
  } catch (error) {
    if (!isHttpStatus(error, 422)) throw error;
  }
  const { data } = await octokit.rest.issues.getLabel({ ...repo, name: lockName(week) });
  const at = /^claimed (\S+)$/.exec(data.description ?? "")?.[1];
  const stale =
    !at ||
    Temporal.Instant.compare(Temporal.Instant.from(at).add({ minutes: LOCK_STALE_MINUTES }), now) <
      0;
  if (stale) await release(octokit, repo, week);
  return false;
}

async function release(octokit: Octokit, repo: RepoRef, week: SummaryWeek): Promise<void> {
  try {
    await octokit.rest.issues.deleteLabel({ ...repo, name: lockName(week) });
  } catch (error) {
    if (!isHttpStatus(error, 404)) throw error;
  }
}

/**
 * Publish one week's summary issue, exactly once: look for it first (its key is in a hidden
 * marker), claim the week with a lock label, look again, create it, close the previous
 * summary with a link, release the claim. `dryRun` renders it and writes nothing.
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
}): Promise<PublishResult> {
  const { octokit, repo, week, config, now, log } = input;
  let requests = 1;
  const existing = await summaryIssues(octokit, repo, config, input.appId);
  const done = existing.find((i) => i.key === week.key);
  if (done && !input.dryRun) return { status: "exists", number: done.number };

  const activity = await collectActivity((q, v) => octokit.graphql(q, v), repo, week, config);
  requests += activity.requests;
  const override = await githubTree(octokit, repo).read(OVERRIDE_PATH);
  requests++;
  const rendered = renderSummary({ activity, week, config, now, override });
  if (rendered.overrideError)
    log.warn(
      { error: rendered.overrideError },
      "summary template override failed; using the built-in template",
    );
  if (rendered.view.empty && config.summary.skip_empty && !input.dryRun)
    return { status: "skipped_empty" };
  if (input.dryRun) return { status: "printed", body: rendered.body, requests };

  if (!(await claim(octokit, repo, week, now))) return { status: "busy" };
  try {
    const again = await summaryIssues(octokit, repo, config, input.appId);
    const raced = again.find((i) => i.key === week.key);
    if (raced) return { status: "exists", number: raced.number };
    const ports = { octokit, repo, log, ...(input.appId ? { appId: input.appId } : {}) };
    const label = {
      name: config.summary.label,
      color: SUMMARY_LABEL_COLOR,
      description: "Weekly summary written by async-status",
    };
    await executePlan(ports, [{ type: "ensureLabel", label }] as Action[]);
    const { data: issue } = await octokit.rest.issues.create({
      ...repo,
      title: week.title,
      body: rendered.body,
      labels: [config.summary.label],
    });
    log.info({ issue: issue.number, week: week.key }, "weekly summary published");
    const previous = again.filter((i) => i.state === "open" && i.key < week.key);
    const plan: Action[] = previous.flatMap((p) => [
      {
        type: "createComment",
        issueNumber: p.number,
        body: `${summaryMarker(`${p.key}-superseded`)}\nSuperseded by #${issue.number}, the summary of ${week.title.replace(/^Weekly summary: /, "")}.\n`,
      },
      { type: "closeIssue", issueNumber: p.number },
    ]);
    await executePlan(ports, plan);
    return { status: "created", number: issue.number, body: rendered.body, requests };
  } finally {
    await release(octokit, repo, week);
  }
}
