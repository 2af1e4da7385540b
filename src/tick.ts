import type { Logger } from "pino";
import type { ProbotOctokit } from "probot";
import { Temporal } from "temporal-polyfill";
import { loadConfig } from "./config/load.js";
import { configPortFor } from "./config/port.js";
import type { Config } from "./config/schema.js";
import { calendarOf } from "./decisions/apply.js";
import { dueWork, mayBeDue } from "./decisions/due.js";
import { type IssueThread, loadThread } from "./decisions/load.js";
import { DECISION_LABELS, planDecisionChange } from "./decisions/plan.js";
import { reminderNotice } from "./decisions/render.js";
import { MARKERS } from "./github/markers.js";
import type { Action } from "./github/actions.js";
import { executePlan } from "./github/executor.js";
import type { KeyedLock } from "./github/keyed-lock.js";
import { labelNames, type RepoRef } from "./github/port.js";
import { latestDueWeek, previousWeek, type SummaryWeek } from "./summary/period.js";
import { handledUpTo, listSummaries, markHandled, publishSummary } from "./summary/publish.js";
import type { ProjectCalendar } from "./time/calendar.js";
import { spanHours } from "./time/duration.js";

type Octokit = InstanceType<typeof ProbotOctokit>;

/** What the tick needs: app and installation authentication (a Probot instance has both). */
export interface TickApp {
  auth(installationId?: number): Promise<Octokit>;
}

export interface TickOptions {
  app: TickApp;
  now: Temporal.Instant;
  log: Pick<Logger, "debug" | "info" | "warn" | "error">;
  appId?: number;
  dryRun?: boolean;
  print?: (line: string) => void;
  /** Remembered across runs by the server's scheduler. */
  state?: TickState;
  /** Weekly summaries too (default true). */
  summaries?: boolean;
  /** Shared with the webhook handler, so a tick and a command on the same issue do not race. */
  lock?: KeyedLock;
}

export interface TickReport {
  installations: number;
  repositories: number;
  decisions: number;
  summaries: number;
  actions: number;
  failures: Array<{ repo: string; error: string }>;
}

/** What the in-process scheduler remembers between ticks, to keep quiet ticks free. */
export class TickState {
  readonly configs = new Map<string, { config: Config; until: Temporal.Instant }>();
  /** The last summary week already handled (published, found, or empty) per repository. */
  readonly summaries = new Map<string, string>();
}

interface Candidate {
  number: number;
  labels: string[];
}

/**
 * Run all due time-based work once, for every installation and repository: reminders and
 * deadlines of decisions. Due work is found with one search per installation (the
 * `decision: pending` label), so the cost grows with due decisions, not with issues. Each
 * issue is re-read right before acting, and every write is idempotent, so running twice, or
 * on two machines, has the effect of running once. A failing repository is reported and the
 * others are still processed.
 */
export async function runTick(options: TickOptions): Promise<TickReport> {
  const report: TickReport = {
    installations: 0,
    repositories: 0,
    decisions: 0,
    summaries: 0,
    actions: 0,
    failures: [],
  };
  const appOctokit = await options.app.auth();
  const installations = await appOctokit.paginate(appOctokit.rest.apps.listInstallations, {
    per_page: 100,
  });
  for (const installation of installations) {
    report.installations++;
    if (installation.suspended_at) continue;
    // One installation's failure (revoked, suspended meanwhile) does not stop the others.
    try {
      await tickInstallation(installation, options, report);
    } catch (error) {
      const account =
        installation.account && "login" in installation.account
          ? installation.account.login
          : String(installation.id);
      report.failures.push({
        repo: `installation ${installation.id} (${account})`,
        error: error instanceof Error ? error.message : String(error),
      });
      options.log.error(
        { err: error, installation: installation.id },
        "tick failed for an installation",
      );
    }
  }
  return report;
}

type Installation = Awaited<
  ReturnType<Octokit["rest"]["apps"]["listInstallations"]>
>["data"][number];

async function tickInstallation(
  installation: Installation,
  options: TickOptions,
  report: TickReport,
): Promise<void> {
  const octokit = await options.app.auth(installation.id);
  const account =
    installation.account && "login" in installation.account ? installation.account : undefined;
  if (!account) return;
  const repos = await octokit.paginate(octokit.rest.apps.listReposAccessibleToInstallation, {
    per_page: 100,
  });
  const installed = new Map(repos.map((r) => [r.full_name.toLowerCase(), r]));
  const qualifier =
    installation.target_type === "Organization" ? `org:${account.login}` : `user:${account.login}`;
  const found = await octokit.paginate(octokit.rest.search.issuesAndPullRequests, {
    // Closed issues too (a decision on a closed issue is still settled); archived repos cannot be written.
    q: `label:"${DECISION_LABELS.pending.name}" archived:false ${qualifier}`,
    per_page: 100,
  });
  const byRepo = new Map<string, Candidate[]>();
  for (const item of found) {
    const fullName = item.repository_url.split("/repos/")[1]?.toLowerCase() ?? "";
    if (!installed.has(fullName)) continue;
    const labels = labelNames(item.labels);
    byRepo.set(fullName, [...(byRepo.get(fullName) ?? []), { number: item.number, labels }]);
  }
  for (const meta of repos) {
    const candidates = byRepo.get(meta.full_name.toLowerCase()) ?? [];
    // Nothing to do in an archived repository without pending decisions (it cannot be written).
    if (candidates.length === 0 && (options.summaries === false || meta.archived)) continue;
    const repo = { owner: meta.owner.login, repo: meta.name };
    report.repositories++;
    try {
      const config = await repoConfig(octokit, repo, options);
      if (!config) continue;
      if (candidates.length > 0)
        await tickDecisions(octokit, repo, candidates, config, options, report);
      // Archived repositories cannot be written, and some have issues turned off.
      const canPublish = !meta.archived && meta.has_issues !== false;
      if (options.summaries !== false && canPublish)
        await tickSummary(octokit, repo, config, options, report);
    } catch (error) {
      report.failures.push({
        repo: meta.full_name,
        error: error instanceof Error ? error.message : String(error),
      });
      options.log.error({ err: error, repo: meta.full_name }, "tick failed for a repository");
    }
  }
}

/** A repository's config, cached in the scheduler's process for an hour; `undefined` when invalid. */
async function repoConfig(
  octokit: Octokit,
  repo: RepoRef,
  options: TickOptions,
): Promise<Config | undefined> {
  const key = `${repo.owner}/${repo.repo}`.toLowerCase();
  const cached = options.state?.configs.get(key);
  if (cached && Temporal.Instant.compare(cached.until, options.now) > 0) return cached.config;
  const loaded = await loadConfig(configPortFor(octokit, repo));
  if (!loaded.ok) {
    options.log.warn(
      { repo: key, problems: loaded.problems },
      "invalid configuration; decisions and summaries wait until it is fixed",
    );
    return undefined;
  }
  options.state?.configs.set(key, { config: loaded.config, until: options.now.add({ hours: 1 }) });
  return loaded.config;
}

async function tickDecisions(
  octokit: Octokit,
  repo: RepoRef,
  candidates: Candidate[],
  config: Config,
  options: TickOptions,
  report: TickReport,
): Promise<void> {
  if (!config.decisions.enabled) return;
  const log = options.log;
  const calendar = calendarOf(config);
  const reminder = config.decisions.reminder_before;
  const reminderHours = spanHours(reminder) ?? reminder.amount * 24 + 96;
  const ports = { octokit, repo, log, ...(options.appId ? { appId: options.appId } : {}) };
  const execute = {
    dryRun: options.dryRun === true,
    ...(options.print ? { print: options.print } : {}),
    ...(options.lock ? { lock: options.lock } : {}),
  };
  for (const candidate of candidates) {
    if (!mayBeDue(candidate.labels, options.now, reminderHours)) continue;
    const work = async () => {
      // Re-check right before acting: the search index lags, and another tick may have run.
      const { data: issue } = await octokit.rest.issues.get({
        ...repo,
        issue_number: candidate.number,
      });
      const labels = labelNames(issue.labels);
      const thread = await loadThread(octokit, repo, candidate.number, options.appId);
      const plan = planDue(candidate.number, labels, thread, config, calendar, options.now);
      if (plan.length === 0) return;
      report.decisions++;
      report.actions += plan.length;
      await executePlan(ports, plan, execute);
    };
    // Serialised with the webhook handler on the same issue (in the server's process), and a
    // broken issue does not stop the others.
    try {
      await (options.lock
        ? options.lock.run(`${repo.owner}/${repo.repo}#${candidate.number}:decision`, work)
        : work());
    } catch (error) {
      report.failures.push({
        repo: `${repo.owner}/${repo.repo}#${candidate.number}`,
        error: error instanceof Error ? error.message : String(error),
      });
      log.error(
        { err: error, repo: `${repo.owner}/${repo.repo}`, issue: candidate.number },
        "tick failed for a decision",
      );
    }
  }
}

/** What the tick writes for one issue (pure, given what it read). */
function planDue(
  issueNumber: number,
  labels: string[],
  thread: IssueThread,
  config: Config,
  calendar: ProjectCalendar,
  now: Temporal.Instant,
): Action[] {
  const decision = thread.decision;
  const pending = labels.some((l) => l.toLowerCase() === DECISION_LABELS.pending.name);
  if (!decision) {
    // A stray `decision: pending` label without a decision would be searched for on every
    // tick: remove it once.
    return pending
      ? [{ type: "removeLabel", issueNumber, name: DECISION_LABELS.pending.name }]
      : [];
  }
  const status = { id: decision.commentId, body: decision.commentBody, url: decision.commentUrl };
  const common = {
    issueNumber,
    labels,
    created: false,
    status,
    postedMarkers: thread.postedMarkers,
    config,
    calendar,
    now,
  };
  const work = dueWork(decision.state, now, config, calendar);
  if (!work) {
    // Recovery: the state says it is over, but an earlier run stopped before removing the
    // pending label (a failed write). Redo the transition: every step of it is idempotent.
    if (decision.state.status !== "pending" && pending) {
      return planDecisionChange({
        ...common,
        before: { ...decision.state, status: "pending" },
        after: decision.state,
      });
    }
    return [];
  }
  const plan: Action[] = [];
  // The reminder goes out before `reminded` is saved: if saving fails, its marker stops a repeat.
  const reminderMarker = MARKERS.notice("reminder", decision.state.id);
  if (work.remind && work.remind.length > 0 && !thread.postedMarkers.has(reminderMarker)) {
    plan.push({
      type: "createComment",
      issueNumber,
      body: reminderNotice(decision.state, work.remind, decision.commentUrl, now, calendar),
      unlessMarker: reminderMarker,
    });
  }
  plan.push(...planDecisionChange({ ...common, before: decision.state, after: work.after }));
  return plan;
}

/**
 * The weekly summary: the latest due week, plus missed weeks up to `summary.catch_up` back
 * when the app had published before them (a first run does not back-fill history).
 */
async function tickSummary(
  octokit: Octokit,
  repo: RepoRef,
  config: Config,
  options: TickOptions,
  report: TickReport,
): Promise<void> {
  if (!config.summary.enabled) return;
  const key = `${repo.owner}/${repo.repo}`.toLowerCase();
  const latest = latestDueWeek(options.now, config);
  if (options.state?.summaries.get(key) === latest.key) return;
  // Durable: the label remembers the last week handled (published or empty), so a cron tick
  // that has no memory costs one request per repository until the next week is due.
  if (!options.dryRun && (await handledUpTo(octokit, repo, config)) === latest.key) {
    options.state?.summaries.set(key, latest.key);
    return;
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
    const result = await publishSummary({
      octokit,
      repo,
      week,
      config,
      now: options.now,
      log: options.log,
      existing,
      ...(options.appId ? { appId: options.appId } : {}),
      dryRun: options.dryRun === true,
    });
    if (result.status === "printed")
      options.print?.(
        `[dry-run] ${key}: would publish "${week.title}" (${result.body.length} characters)`,
      );
    if (result.status === "created") {
      report.summaries++;
      existing.unshift({ number: result.number, key: week.key, state: "open", url: "" });
    }
    if (result.status === "busy") return;
  }
  if (options.dryRun) return;
  await markHandled(octokit, repo, config, latest);
  options.state?.summaries.set(key, latest.key);
}
