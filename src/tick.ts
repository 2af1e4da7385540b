import type { ProbotOctokit } from "probot";
import { Temporal } from "temporal-polyfill";
import { loadConfig } from "./config/load.js";
import { configPortFor } from "./config/port.js";
import type { Config } from "./config/schema.js";
import { labelNames, type RepoRef } from "./github/port.js";
import {
  type Candidate,
  DEFAULT_LOOKBACK,
  failure,
  type Job,
  type JobFailure,
  type JobOptions,
  type RepoMeta,
} from "./job.js";

type Octokit = InstanceType<typeof ProbotOctokit>;

/** What the tick needs: app and installation authentication (a Probot instance has both). */
export interface TickApp {
  auth(installationId?: number): Promise<Octokit>;
}

export interface TickOptions extends JobOptions {
  /** Remembered across runs by the server's scheduler. */
  state?: TickState;
}

export interface TickReport {
  installations: number;
  repositories: number;
  /** Per job: items acted on and writes planned. */
  jobs: Record<string, { items: number; actions: number }>;
  failures: JobFailure[];
}

/** What the in-process scheduler remembers between ticks, to keep quiet ticks free. */
export class TickState {
  readonly configs = new Map<string, RepoConfig & { until: Temporal.Instant }>();
  readonly #memory = new Map<string, Map<string, string>>();

  /** A job's own memory, per repository. */
  memory(job: string): Map<string, string> {
    const found = this.#memory.get(job) ?? new Map<string, string>();
    this.#memory.set(job, found);
    return found;
  }
}

const emptyReport = (jobs: readonly Job[]): TickReport => ({
  installations: 0,
  repositories: 0,
  jobs: Object.fromEntries(jobs.map((j) => [j.name, { items: 0, actions: 0 }])),
  failures: [],
});

/**
 * Run every job once, for every installation and repository. Each job's search runs once per
 * installation; a repository is visited only when a job has hits there or wants every
 * repository. One installation's, repository's or job's failure is reported and the others
 * still run.
 */
export async function runTick(
  app: TickApp,
  jobs: readonly Job[],
  options: TickOptions,
): Promise<TickReport> {
  const report = emptyReport(jobs);
  const appOctokit = await app.auth();
  const installations = await appOctokit.paginate(appOctokit.rest.apps.listInstallations, {
    per_page: 100,
  });
  for (const installation of installations) {
    report.installations++;
    if (installation.suspended_at) continue;
    const account =
      installation.account && "login" in installation.account
        ? installation.account.login
        : undefined;
    try {
      if (!account) continue;
      const octokit = await app.auth(installation.id);
      const repos = await octokit.paginate(octokit.rest.apps.listReposAccessibleToInstallation, {
        per_page: 100,
      });
      const qualifier = `${installation.target_type === "Organization" ? "org" : "user"}:${account}`;
      const hits = await searchJobs(octokit, jobs, qualifier, options);
      for (const meta of repos) {
        const repo: RepoMeta = {
          owner: meta.owner.login,
          repo: meta.name,
          archived: meta.archived === true,
          hasIssues: meta.has_issues !== false,
          isPrivate: meta.private === true,
        };
        await visit(octokit, repo, jobs, hits, options, report);
      }
    } catch (error) {
      report.failures.push(
        failure(`installation ${installation.id} (${account ?? installation.id})`, error),
      );
      options.log.error(
        { err: error, installation: installation.id },
        "tick failed for an installation",
      );
    }
  }
  return report;
}

/** Run every job once for one repository (the CLI's `--repo` and the GitHub Action). */
export async function tickRepository(
  octokit: Octokit,
  ref: RepoRef,
  jobs: readonly Job[],
  options: TickOptions,
): Promise<TickReport> {
  const report = emptyReport(jobs);
  const { data } = await octokit.rest.repos.get({ ...ref });
  const repo: RepoMeta = {
    ...ref,
    archived: data.archived,
    hasIssues: data.has_issues,
    isPrivate: data.private,
  };
  const hits = await searchJobs(octokit, jobs, `repo:${ref.owner}/${ref.repo}`, options);
  await visit(octokit, repo, jobs, hits, options, report);
  return report;
}

/** The options with `since` filled in: a caller that does not know looks back one hour. */
const withSince = (options: JobOptions): JobOptions & { since: Temporal.Instant } => ({
  ...options,
  since: options.since ?? options.now.subtract(DEFAULT_LOOKBACK),
});

type Hits = Map<string, Map<string, Candidate[]>>;
const keyOf = (repo: RepoRef) => `${repo.owner}/${repo.repo}`.toLowerCase();

/** Each job's search, once: its hits by job, then by repository. */
async function searchJobs(
  octokit: Octokit,
  jobs: readonly Job[],
  qualifier: string,
  options: JobOptions,
): Promise<Hits> {
  const hits: Hits = new Map();
  for (const job of jobs) {
    if (!job.search) continue;
    const search = typeof job.search === "string" ? job.search : job.search(withSince(options));
    const found = await octokit.paginate(octokit.rest.search.issuesAndPullRequests, {
      q: `${search} ${qualifier}`,
      per_page: 100,
    });
    const byRepo = new Map<string, Candidate[]>();
    for (const item of found) {
      const repo = item.repository_url.split("/repos/")[1]?.toLowerCase() ?? "";
      byRepo.set(repo, [
        ...(byRepo.get(repo) ?? []),
        {
          number: item.number,
          labels: labelNames(item.labels),
          ...(item.updated_at ? { updatedAt: item.updated_at } : {}),
        },
      ]);
    }
    hits.set(job.name, byRepo);
  }
  return hits;
}

async function visit(
  octokit: Octokit,
  repo: RepoMeta,
  jobs: readonly Job[],
  hits: Hits,
  options: TickOptions,
  report: TickReport,
): Promise<void> {
  const key = keyOf(repo);
  const candidates = (job: Job) => hits.get(job.name)?.get(key) ?? [];
  const due = jobs.filter((job) => candidates(job).length > 0 || job.everyRepository?.(repo));
  if (due.length === 0) return;
  report.repositories++;
  let config: RepoConfig | undefined;
  try {
    config = await repoConfig(octokit, repo, options);
  } catch (error) {
    report.failures.push(failure(`${repo.owner}/${repo.repo}`, error));
    options.log.error({ err: error, repo: key }, "tick failed for a repository");
    return;
  }
  if (!config) return;
  for (const job of due) {
    try {
      const result = await job.run({
        octokit,
        repo,
        config: config.config,
        ...(config.inherited ? { configInherited: true } : {}),
        candidates: candidates(job),
        options: withSince(options),
        ...(options.state ? { memory: options.state.memory(job.name) } : {}),
      });
      const total = report.jobs[job.name] ?? { items: 0, actions: 0 };
      total.items += result.items;
      total.actions += result.actions;
      report.jobs[job.name] = total;
      report.failures.push(...result.failures);
    } catch (error) {
      report.failures.push(failure(`${repo.owner}/${repo.repo}`, error));
      options.log.error({ err: error, repo: key, job: job.name }, "tick failed for a repository");
    }
  }
}

/** A repository's config, and whether it is its organisation's (no file of its own). */
interface RepoConfig {
  config: Config;
  inherited: boolean;
}

/** A repository's config, cached in the scheduler's process for an hour; `undefined` when invalid. */
async function repoConfig(
  octokit: Octokit,
  repo: RepoRef,
  options: TickOptions,
): Promise<RepoConfig | undefined> {
  const key = keyOf(repo);
  const cached = options.state?.configs.get(key);
  if (cached && Temporal.Instant.compare(cached.until, options.now) > 0) return cached;
  const loaded = await loadConfig(configPortFor(octokit, { owner: repo.owner, repo: repo.repo }));
  if (!loaded.ok) {
    options.log.warn(
      { repo: key, problems: loaded.problems },
      "invalid configuration; scheduled work waits until it is fixed",
    );
    return undefined;
  }
  const found = { config: loaded.config, inherited: loaded.inherited === true };
  options.state?.configs.set(key, { ...found, until: options.now.add({ hours: 1 }) });
  return found;
}
