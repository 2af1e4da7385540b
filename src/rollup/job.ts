import type { Config } from "../config/schema.js";
import { publishDueWeeks, publishOptions } from "../github/weekly-issue.js";
import {
  emptyResult,
  type InstallationPort,
  type Job,
  type JobResult,
  type JobScope,
} from "../job.js";
import type { RollupRepo } from "./collect.js";
import { latestRollupWeek, previousRollupWeek } from "./period.js";
import { publishRollup, rollupKind } from "./publish.js";

/**
 * The organisation's weekly roll-up. Enabled by `rollup.enabled` in the owner's `.github`
 * repository's own config, it runs once per installation in `rollup.repository`, on the
 * summary's schedule (`publishDueWeeks`: exactly once, catch-up, handled-up-to label). The
 * repositories' configs are read only when a week is due.
 */
export const rollupJob: Job = {
  name: "rollups",
  counts: "roll-up(s) published",
  organisation: (config) => (config.rollup.enabled ? config.rollup.repository : undefined),
  run: runRollup,
};

async function runRollup(scope: JobScope): Promise<JobResult> {
  const { octokit, config, options, installation } = scope;
  if (!installation || !config.rollup.enabled || !scope.repo.hasIssues) return emptyResult();
  const repo = { owner: scope.repo.owner, repo: scope.repo.repo };
  let covered: Promise<Coverage> | undefined;
  return publishDueWeeks({
    octokit,
    repo,
    kind: rollupKind(config),
    latest: latestRollupWeek(options.now, config),
    previous: (week) => previousRollupWeek(week, config),
    catchUp: config.summary.catch_up,
    options,
    memory: scope.memory,
    publish: async (week, existing) => {
      covered ??= coverage(installation, repo.owner);
      const { repos, leftOut } = await covered;
      return publishRollup({
        octokit,
        repo,
        week,
        config,
        repos,
        leftOut,
        existing,
        ...publishOptions(options),
      });
    },
  });
}

interface Coverage {
  repos: RollupRepo[];
  leftOut: Array<{ repository: string; reason: string }>;
}

/**
 * The repositories the roll-up covers: the owner's, not archived, whose config enables the
 * summary and does not opt out (`summary.rollup: false`). One whose config is invalid is left
 * out and named in the roll-up.
 */
async function coverage(installation: InstallationPort, owner: string): Promise<Coverage> {
  const result: Coverage = { repos: [], leftOut: [] };
  for (const repo of installation.repositories) {
    if (repo.archived || repo.owner.toLowerCase() !== owner.toLowerCase()) continue;
    const config: Config | undefined = await installation.config(repo);
    const fullName = `${repo.owner}/${repo.repo}`;
    if (!config) {
      result.leftOut.push({ repository: fullName, reason: "its configuration is invalid" });
      continue;
    }
    if (!config.summary.enabled || !config.summary.rollup) continue;
    result.repos.push({ fullName, summaryLabel: config.summary.label });
  }
  result.repos.sort((x, y) => x.fullName.localeCompare(y.fullName));
  return result;
}
