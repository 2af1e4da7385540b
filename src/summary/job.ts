import { executePlan } from "../github/executor.js";
import { emptyResult, type Job, type JobResult, type JobScope } from "../job.js";
import { latestDueWeek, previousWeek, type SummaryWeek } from "./period.js";
import { handledUpTo, listSummaries, markHandled, publishSummary } from "./publish.js";

/**
 * The weekly summary: the latest due week, plus missed weeks up to `summary.catch_up` back
 * when the app had published before them (a first run does not back-fill history). The
 * summary label remembers the last week handled, so a cron tick costs one request per
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
  const latest = latestDueWeek(options.now, config);
  if (memory?.get(key) === latest.key) return result;
  if (!options.dryRun && (await handledUpTo(octokit, repo, config)) === latest.key) {
    memory?.set(key, latest.key);
    return result;
  }
  const weeks: SummaryWeek[] = [latest];
  for (let i = 0; i < config.summary.catch_up; i++)
    weeks.unshift(previousWeek(weeks[0] as SummaryWeek, config));
  const existing = await listSummaries(octokit, repo, config);
  const published = new Set(existing.map((i) => i.key));
  const oldest = [...published].sort()[0];
  const due = weeks.filter(
    (w) => !published.has(w.key) && (w === latest || (oldest !== undefined && oldest < w.key)),
  );
  for (const week of due) {
    const published = await publishSummary({
      octokit,
      repo,
      week,
      config,
      now: options.now,
      log: options.log,
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
  const ports = { octokit, repo, log: options.log };
  await executePlan(ports, [markHandled(config, latest)]);
  memory?.set(key, latest.key);
  return result;
}
