import type { Logger } from "pino";
import type { ProbotOctokit } from "probot";
import type { Temporal } from "temporal-polyfill";
import type { Config } from "./config/schema.js";
import type { ItemLock } from "./github/keyed-lock.js";
import type { RepoRef } from "./github/port.js";

/**
 * Scheduled work of one capability, run by the tick for each repository. A capability owns
 * its job (`src/<capability>/job.ts`); the tick only walks installations and repositories,
 * isolates failures and adds up the reports. Add a job to `JOBS` in `src/capabilities.ts`.
 */
export interface Job {
  /** The key of this job in the tick's report, e.g. `decisions`. */
  name: string;
  /** What `JobResult.items` counts, for the CLI's report line, e.g. `decision(s) due`. */
  counts: string;
  /**
   * A search (without `org:`/`user:`/`repo:`) whose hits are this job's candidates. The tick
   * runs it once per installation, so the cost grows with the hits, not with repositories.
   */
  search?: string | ((options: JobOptions) => string);
  /** Whether a repository without hits still needs this job (say, weekly work). */
  everyRepository?(repo: RepoMeta): boolean;
  /**
   * Organisation-wide work, not per repository: from the config of the owner's `.github`
   * repository, the name of the one repository this job runs in (`undefined`: none). The tick
   * runs it once per installation, after every repository's jobs, with `scope.installation`.
   */
  organisation?(config: Config): string | undefined;
  run(scope: JobScope): Promise<JobResult>;
}

/** What an organisation-wide job sees of its installation. */
export interface InstallationPort {
  /** The installation's repositories. */
  repositories: readonly RepoMeta[];
  /**
   * A repository's configuration as the tick loads it: once per tick, cached for an hour by
   * the server's scheduler; `undefined` when it is invalid (the tick logs its problems).
   */
  config(repo: RepoRef): Promise<Config | undefined>;
}

/** Issues and PRs a job's search found in one repository. */
export interface Candidate {
  number: number;
  labels: string[];
  /** When the item last changed, as the search index saw it. */
  updatedAt?: string;
}

export interface RepoMeta extends RepoRef {
  archived: boolean;
  hasIssues: boolean;
  isPrivate: boolean;
}

type Octokit = InstanceType<typeof ProbotOctokit>;
/** The installation's Octokit, as the tick hands it to jobs. */
export type JobOctokit = Octokit;

/** How far back repair work looks when the caller does not know when the last run was. */
export const DEFAULT_LOOKBACK = { hours: 1 } as const;

export interface JobOptions {
  now: Temporal.Instant;
  /**
   * Repair work (lost deliveries, failed writes) looks at items updated since this instant:
   * the previous run's start (the server's scheduler), or `now` minus `DEFAULT_LOOKBACK`.
   */
  since?: Temporal.Instant;
  log: Pick<Logger, "debug" | "info" | "warn" | "error">;
  appId?: number;
  dryRun?: boolean;
  print?: (line: string) => void;
  /** Shared with the webhook handlers, so a job and a command on the same item do not race. */
  lock?: ItemLock;
}

export interface JobScope {
  octokit: JobOctokit;
  repo: RepoMeta;
  config: Config;
  /** The repository has no config file of its own: `config` is its organisation's. */
  configInherited?: boolean;
  /** This job's search hits in the repository ([] without a search). */
  candidates: readonly Candidate[];
  options: JobOptions;
  /** What this job remembers per repository across runs of the server's scheduler. */
  memory?: Map<string, string>;
  /** For an organisation-wide job: the installation's repositories and their configs. */
  installation?: InstallationPort;
}

export interface JobResult {
  /** Items this job acted on (decisions due, summaries published). */
  items: number;
  /** Writes planned. */
  actions: number;
  /** Items that failed; the others were still processed. */
  failures: JobFailure[];
}

export interface JobFailure {
  /** Where: `owner/repo`, `owner/repo#12`, or an installation. */
  repo: string;
  error: string;
}

export const emptyResult = (): JobResult => ({ items: 0, actions: 0, failures: [] });

/** A failure as the report shows it. */
export function failure(where: string, error: unknown): JobFailure {
  return { repo: where, error: error instanceof Error ? error.message : String(error) };
}
