import { publishDueWeeks, publishOptions } from "../github/weekly-issue.js";
import { emptyResult, type Job, type JobResult, type JobScope } from "../job.js";
import { latestDueWeek, previousWeek } from "./period.js";
import { publishSummary, summaryKind } from "./publish.js";

/**
 * The weekly summary: the latest due week, plus missed weeks up to `summary.catch_up` back
 * when the app had handled the repository before them (see `publishDueWeeks`). The summary
 * label remembers the last week handled, so a cron tick costs one request per repository
 * until the next week is due.
 */
export const summaryJob: Job = {
  name: "summaries",
  counts: "summary(ies) published",
  // Archived repositories cannot be written, and some have issues turned off.
  everyRepository: (repo) => !repo.archived && repo.hasIssues,
  run: runSummary,
};

async function runSummary(scope: JobScope): Promise<JobResult> {
  const { octokit, config, options } = scope;
  if (!config.summary.enabled || scope.repo.archived || !scope.repo.hasIssues) return emptyResult();
  const repo = { owner: scope.repo.owner, repo: scope.repo.repo };
  return publishDueWeeks({
    octokit,
    repo,
    kind: summaryKind(config),
    latest: latestDueWeek(options.now, config),
    previous: (week) => previousWeek(week, config),
    catchUp: config.summary.catch_up,
    options,
    memory: scope.memory,
    publish: (week, existing) =>
      publishSummary({
        octokit,
        repo,
        week,
        config,
        existing,
        ...publishOptions(options),
      }),
  });
}
