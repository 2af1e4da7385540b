import { Temporal } from "temporal-polyfill";
import { executePlan } from "../github/executor.js";
import { DEFAULT_LOOKBACK, emptyResult, type Job, type JobResult, type JobScope } from "../job.js";
import { latestDueWeek, previousWeek, type SummaryWeek } from "./period.js";
import {
  handledUpTo,
  listSummaries,
  markHandled,
  publishSummary,
  sweepSummaryClaims,
} from "./publish.js";

/**
 * The weekly summary: the latest due week, plus missed weeks up to `summary.catch_up` back
 * when the app had handled the repository before them. A first run (no summary, no week
 * recorded as handled) publishes the latest week only when its publishing time falls within
 * this tick's lookback, so a fresh installation does not back-fill weeks that ended before it.
 * The summary label remembers the last week handled, so a cron tick costs one request per
 * repository until the next week is due.
 */
export const summaryJob: Job = {
  name: "summaries",
  counts: "summary(ies) published",
  // Archived repositories cannot be written, and some have issues turned off.
  everyRepository: (repo) => !repo.archived && repo.hasIssues,
  run: runSummary,
};

async function runSummary(scope: JobScope): Promise<JobResult> {
  const { octokit, config, options, memory } = scope;
  const result = emptyResult();
  if (!config.summary.enabled || scope.repo.archived || !scope.repo.hasIssues) return result;
  const repo = { owner: scope.repo.owner, repo: scope.repo.repo };
  const key = `${repo.owner}/${repo.repo}`.toLowerCase();
  const log = options.log;
  const latest = latestDueWeek(options.now, config);
  if (memory?.get(key) === latest.key) return result;
  const handled = await handledUpTo(octokit, repo, config);
  if (!options.dryRun && handled === latest.key) {
    memory?.set(key, latest.key);
    return result;
  }
  // Once per week handled: claims left by a holder that crashed go, whichever week they hold.
  const held = options.dryRun ? [] : await sweepSummaryClaims({ octokit, repo, log });
  const weeks: SummaryWeek[] = [latest];
  for (let i = 0; i < config.summary.catch_up; i++)
    weeks.unshift(previousWeek(weeks[0] as SummaryWeek, config));
  const existing = await listSummaries(octokit, repo, config);
  const published = new Set(existing.map((i) => i.key));
  // The first week the app is known to have handled here, by a summary or by the label.
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
      "first run after the week's publishing time: not back-filled",
    );
  for (const week of due) {
    const published = await publishSummary({
      octokit,
      repo,
      week,
      config,
      now: options.now,
      log,
      existing,
      ...(options.appId ? { appId: options.appId } : {}),
      ...(options.print ? { print: options.print } : {}),
      dryRun: options.dryRun === true,
    });
    if (published.status === "created") {
      result.items++;
      existing.unshift({ number: published.number, key: week.key, state: "open", url: "" });
    }
    if (published.status === "busy") return result;
  }
  if (options.dryRun) return result;
  if (held.length > 0) {
    // Not marked handled while a claim is held: if its holder crashed, a later tick removes
    // it once its lease runs out.
    log.debug({ repo: key, labels: held }, "summary claims still held; checking again next tick");
    return result;
  }
  const ports = { octokit, repo, log };
  await executePlan(ports, [markHandled(config, latest)]);
  memory?.set(key, latest.key);
  return result;
}
