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
  type InstallationPort,
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

/** Loaded configurations by repository, kept until `until`. */
type Configs = Map<string, RepoConfig & { until: Temporal.Instant }>;

/** What the in-process scheduler remembers between ticks, to keep quiet ticks free. */
export class TickState {
  readonly configs: Configs = new Map();
  readonly #memory = new Map<string, Map<string, string>>();

  /** A job's own memory, per repository. */
  memory(job: string): Map<string, string> {
    const found = this.#memory.get(job) ?? new Map<string, string>();
    this.#memory.set(job, found);
    return found;
  }
}

export const emptyReport = (jobs: readonly Job[]): TickReport => ({
  installations: 0,
  repositories: 0,
  jobs: Object.fromEntries(jobs.map((j) => [j.name, { items: 0, actions: 0 }])),
  failures: [],
});

/** An installation the tick visits: its id and account (an organisation or a user). */
export interface InstallationRef {
  id: number;
  account: string;
  /** `Organization` or `User`: which search qualifier covers the account. */
  targetType: string;
}

/** The app's installations worth a tick: suspended ones and ones without an account are left out. */
export async function listInstallations(app: TickApp): Promise<InstallationRef[]> {
  const appOctokit = await app.auth();
  const installations = await appOctokit.paginate(appOctokit.rest.apps.listInstallations, {
    per_page: 100,
  });
  return installations.flatMap((installation) => {
    const account =
      installation.account && "login" in installation.account
        ? installation.account.login
        : undefined;
    return installation.suspended_at || !account
      ? []
      : [{ id: installation.id, account, targetType: installation.target_type }];
  });
}

/**
 * Run every job once, for every installation and repository. Each job's search runs once per
 * installation; a repository is visited only when a job has hits there or wants every
 * repository. Organisation-wide jobs run last, once per installation, in the repository the
 * owner's `.github` config names. Each repository's config is read once per tick (and kept an
 * hour by the scheduler's state). One installation's, repository's or job's failure is
 * reported and the others still run.
 */
export async function runTick(
  app: TickApp,
  jobs: readonly Job[],
  options: TickOptions,
): Promise<TickReport> {
  const report = emptyReport(jobs);
  for (const installation of await listInstallations(app)) {
    addReport(report, await tickInstallation(app, installation, jobs, options));
  }
  return report;
}

/** The repository whose own config file is the organisation's (and enables its roll-up). */
const ORG_CONFIG_REPO = ".github";

type ListedRepo = {
  name: string;
  owner: { login: string };
  archived?: boolean;
  has_issues?: boolean;
  private?: boolean;
};
const repoMeta = (meta: ListedRepo): RepoMeta => ({
  owner: meta.owner.login,
  repo: meta.name,
  archived: meta.archived === true,
  hasIssues: meta.has_issues !== false,
  isPrivate: meta.private === true,
});

/** Every job once for one installation's repositories: one unit of the tick, on any replica. */
export async function tickInstallation(
  app: TickApp,
  installation: InstallationRef,
  jobs: readonly Job[],
  options: TickOptions,
): Promise<TickReport> {
  const report = { ...emptyReport(jobs), installations: 1 };
  try {
    const octokit = await app.auth(installation.id);
    const repos = await octokit.paginate(octokit.rest.apps.listReposAccessibleToInstallation, {
      per_page: 100,
    });
    const qualifier = `${installation.targetType === "Organization" ? "org" : "user"}:${installation.account}`;
    const hits = await searchJobs(octokit, jobs, qualifier, options);
    const configs: Configs = options.state?.configs ?? new Map();
    const metas = repos.map(repoMeta);
    for (const repo of metas) await visit(octokit, repo, jobs, hits, configs, options, report);
    const home = metas.find((r) => r.repo.toLowerCase() === ORG_CONFIG_REPO);
    if (home) await visitOrganisation(octokit, home, metas, jobs, configs, options, report);
  } catch (error) {
    report.failures.push(
      failure(`installation ${installation.id} (${installation.account})`, error),
    );
    options.log.error(
      { err: error, installation: installation.id },
      "tick failed for an installation",
    );
  }
  return report;
}

/** Add one part's report into the whole. */
export function addReport(into: TickReport, part: TickReport): void {
  into.installations += part.installations;
  into.repositories += part.repositories;
  for (const [name, counts] of Object.entries(part.jobs)) {
    const total = into.jobs[name] ?? { items: 0, actions: 0 };
    total.items += counts.items;
    total.actions += counts.actions;
    into.jobs[name] = total;
  }
  into.failures.push(...part.failures);
}

/**
 * Run every job once for one repository (the CLI's `--repo` and the GitHub Action). An
 * organisation-wide job runs too when this is the repository it runs in: this repository's
 * config names it, and so does the `.github` repository's (one more config read, in that
 * repository only); it lists the installation's repositories.
 */
export async function tickRepository(
  octokit: Octokit,
  ref: RepoRef,
  jobs: readonly Job[],
  options: TickOptions,
): Promise<TickReport> {
  const report = emptyReport(jobs);
  const configs: Configs = options.state?.configs ?? new Map();
  const { data } = await octokit.rest.repos.get({ ...ref });
  const repo: RepoMeta = {
    ...ref,
    archived: data.archived,
    hasIssues: data.has_issues,
    isPrivate: data.private,
  };
  const hits = await searchJobs(octokit, jobs, `repo:${ref.owner}/${ref.repo}`, options);
  await visit(octokit, repo, jobs, hits, configs, options, report);
  if (!jobs.some((job) => job.organisation)) return report;
  try {
    // Read by the visit already (cached) when a repository job ran.
    const own = (await repoConfig(octokit, repo, configs, options))?.config;
    const named = (job: Job) =>
      own !== undefined && job.organisation?.(own)?.toLowerCase() === ref.repo.toLowerCase();
    if (!jobs.some(named)) return report;
    const home = { ...ref, repo: ORG_CONFIG_REPO };
    const listed = await octokit.paginate(octokit.rest.apps.listReposAccessibleToInstallation, {
      per_page: 100,
    });
    const metas = listed.map(repoMeta);
    const homeMeta = metas.find((r) => keyOf(r) === keyOf(home)) ?? {
      ...home,
      archived: false,
      hasIssues: true,
      isPrivate: true,
    };
    await visitOrganisation(octokit, homeMeta, metas, jobs.filter(named), configs, options, report);
  } catch (error) {
    report.failures.push(failure(`${ref.owner}/${ref.repo}`, error));
    options.log.error({ err: error, repo: keyOf(ref) }, "organisation-wide work failed");
  }
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
  configs: Configs,
  options: TickOptions,
  report: TickReport,
): Promise<void> {
  const key = keyOf(repo);
  const candidates = (job: Job) => hits.get(job.name)?.get(key) ?? [];
  const due = jobs.filter(
    (job) => !job.organisation && (candidates(job).length > 0 || job.everyRepository?.(repo)),
  );
  if (due.length === 0) return;
  report.repositories++;
  let config: RepoConfig | undefined;
  try {
    config = await repoConfig(octokit, repo, configs, options);
  } catch (error) {
    report.failures.push(failure(`${repo.owner}/${repo.repo}`, error));
    options.log.error({ err: error, repo: key }, "tick failed for a repository");
    return;
  }
  if (!config) return;
  for (const job of due)
    await runJob(
      job,
      {
        octokit,
        repo,
        config: config.config,
        ...(config.inherited ? { configInherited: true } : {}),
        candidates: candidates(job),
      },
      options,
      report,
    );
}

/** One job's run, its result added to the report; its failure is reported, not thrown. */
async function runJob(
  job: Job,
  scope: Omit<Parameters<Job["run"]>[0], "options" | "memory">,
  options: TickOptions,
  report: TickReport,
): Promise<void> {
  try {
    const result = await job.run({
      ...scope,
      options: withSince(options),
      ...(options.state ? { memory: options.state.memory(job.name) } : {}),
    });
    const total = report.jobs[job.name] ?? { items: 0, actions: 0 };
    total.items += result.items;
    total.actions += result.actions;
    report.jobs[job.name] = total;
    report.failures.push(...result.failures);
  } catch (error) {
    report.failures.push(failure(`${scope.repo.owner}/${scope.repo.repo}`, error));
    options.log.error(
      { err: error, repo: keyOf(scope.repo), job: job.name },
      "tick failed for a repository",
    );
  }
}

/**
 * The organisation-wide jobs of one installation: the `.github` repository's config (already
 * loaded by its visit) names the repository each runs in; a repository the installation
 * cannot reach is reported, an archived one skipped.
 */
async function visitOrganisation(
  octokit: Octokit,
  home: RepoMeta,
  repos: readonly RepoMeta[],
  jobs: readonly Job[],
  configs: Configs,
  options: TickOptions,
  report: TickReport,
): Promise<void> {
  const wanted = jobs.filter((job) => job.organisation);
  if (wanted.length === 0) return;
  let config: Config | undefined;
  try {
    config = (await repoConfig(octokit, home, configs, options))?.config;
  } catch (error) {
    report.failures.push(failure(`${home.owner}/${home.repo}`, error));
    options.log.error({ err: error, repo: keyOf(home) }, "tick failed for a repository");
    return;
  }
  if (!config) return;
  const installation: InstallationPort = {
    repositories: repos,
    config: async (repo) => (await repoConfig(octokit, repo, configs, options))?.config,
  };
  for (const job of wanted) {
    const name = job.organisation?.(config);
    if (!name) continue;
    const repo = repos.find((r) => keyOf(r) === keyOf({ owner: home.owner, repo: name }));
    if (!repo) {
      report.failures.push(
        failure(
          `${home.owner}/${name}`,
          `${job.name}: the repository named in ${home.owner}/${home.repo}'s config is not one the app is installed on`,
        ),
      );
      continue;
    }
    if (repo.archived) {
      options.log.debug({ repo: keyOf(repo), job: job.name }, "archived: not written");
      continue;
    }
    await runJob(job, { octokit, repo, config, candidates: [], installation }, options, report);
  }
}

/**
 * A repository's config, read once per tick (the scheduler's state keeps it an hour);
 * `undefined` when invalid.
 */
/** A repository's config, and whether it is its organisation's (no file of its own). */
interface RepoConfig {
  config: Config;
  inherited: boolean;
}

/** A repository's config, cached in the scheduler's process for an hour; `undefined` when invalid. */
async function repoConfig(
  octokit: Octokit,
  repo: RepoRef,
  configs: Configs,
  options: TickOptions,
): Promise<RepoConfig | undefined> {
  const key = keyOf(repo);
  const cached = configs.get(key);
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
  configs.set(key, { ...found, until: options.now.add({ hours: 1 }) });
  return found;
}
