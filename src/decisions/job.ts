import { Temporal } from "temporal-polyfill";
import type { Config } from "../config/schema.js";
import type { Action } from "../github/actions.js";
import { executePlan } from "../github/executor.js";
import { MARKERS } from "../github/markers.js";
import type { EffectPorts } from "../github/port.js";
import { labelNames } from "../github/port.js";
import {
  type Candidate,
  emptyResult,
  failure,
  type Job,
  type JobResult,
  type JobScope,
} from "../job.js";
import { calendarOf, type ProjectCalendar } from "../time/calendar.js";
import { spanHours } from "../time/duration.js";
import { COMMAND_NAMES } from "./commands.js";
import { dueWork, mayBeDue } from "./due.js";
import { DECISION_LABELS, DUE_LABEL_PREFIX, isDecisionLabel } from "./labels.js";
import { type IssueThread, loadTeams, loadThread } from "./load.js";
import { planDecisionChange } from "./plan.js";
import { reminderNotice } from "./render.js";
import { type LostCommands, lostCommands, replayCommands } from "./replay.js";
import type { DecisionState } from "./state.js";
import { NO_TEAMS, type TeamMembers, teamsNamed } from "./teams.js";

/**
 * Due decisions: the one reminder before the deadline, and the deadline itself (accepted, or
 * agenda for the sync). Candidates come from one search per installation (the
 * `decision: pending` label), so the cost grows with pending decisions, not with issues; a
 * `due:` label rules most of them out without a request. Each issue is re-read right before
 * acting, and every write is idempotent, so two ticks have the effect of one.
 */
export const decisionsJob: Job = {
  name: "decisions",
  counts: "decision(s) due",
  // Closed issues too (a decision on a closed issue is still settled); archived repos cannot be written.
  search: `label:"${DECISION_LABELS.pending.name}" archived:false`,
  run: runDueDecisions,
};

/**
 * Commands whose delivery was lost, or whose handling crashed before its first write: comments
 * with our commands, written since the last run, that left no trace. One search per
 * installation finds the issues with recent comments naming a command; each is handled as its
 * delivery would have been.
 */
export const lostCommandsJob: Job = {
  name: "commands",
  counts: "lost command(s) handled",
  search: (options) =>
    `${COMMAND_NAMES.join(" OR ")} in:comments updated:>=${(options.since ?? options.now).toString({ smallestUnit: "second" })}`,
  run: (scope) =>
    eachCandidate(scope, async (issueNumber, result, ports) => {
      const { octokit, repo, config, options } = scope;
      const ref = { owner: repo.owner, repo: repo.repo };
      const { data: issue } = await octokit.rest.issues.get({ ...ref, issue_number: issueNumber });
      const thread = await loadThread(octokit, ref, issueNumber, options.appId);
      // A comment written in the last two minutes may still be in its delivery's hands.
      const window = { since: options.since ?? options.now, until: settled(options.now) };
      const lost = lostCommands(thread, window, config);
      result.items += lost.length;
      result.actions += await replayAll(scope, ports, issue, lost);
      if (lost.length === 0 || options.dryRun) return;
      // A `/decide` whose labels were written before a crash, and that is refused now: its
      // labels go, so no stray decision or due: label stays.
      const { data: after } = await octokit.rest.issues.get({ ...ref, issue_number: issueNumber });
      const labels = labelNames(after.labels);
      if (!labels.some(isDecisionLabel)) return;
      const now = await loadThread(octokit, ref, issueNumber, options.appId);
      if (now.decision) return;
      const calendar = calendarOf(config);
      const rollback = planDue(issueNumber, labels, now, config, calendar, options.now, NO_TEAMS);
      result.actions += rollback.length;
      await executePlan(ports, rollback, executeOptions(options));
    }),
};

/** Handle lost comments in order, as their deliveries would have; the writes planned. */
async function replayAll(
  scope: JobScope,
  ports: EffectPorts,
  issue: Issue,
  lost: readonly LostCommands[],
): Promise<number> {
  let actions = 0;
  for (const item of lost) {
    const plan = await replayCommands(
      ports,
      issueOf(issue, scope.repo.isPrivate),
      item,
      scope.config,
      executeOptions(scope.options),
    );
    actions += plan.length;
  }
  return actions;
}

type Issue = Awaited<ReturnType<JobScope["octokit"]["rest"]["issues"]["get"]>>["data"];
const issueOf = (issue: Issue, isPrivate: boolean) => ({
  number: issue.number,
  title: issue.title,
  labels: labelNames(issue.labels),
  author: issue.user?.login ?? "",
  isPrivate,
});

const executeOptions = (options: JobScope["options"]) => ({
  dryRun: options.dryRun === true,
  ...(options.print ? { print: options.print } : {}),
  ...(options.lock ? { lock: options.lock } : {}),
});

/**
 * Run `work` for each candidate issue, under the lock the webhook handler takes, isolating
 * failures: a broken issue is reported and the others still run.
 */
async function eachCandidate(
  scope: JobScope,
  work: (issueNumber: number, result: JobResult, ports: EffectPorts) => Promise<void>,
  filter: (candidate: Candidate) => boolean = () => true,
): Promise<JobResult> {
  const { octokit, repo, options } = scope;
  const result = emptyResult();
  if (!scope.config.decisions.enabled) return result;
  const ports = {
    octokit,
    repo: { owner: repo.owner, repo: repo.repo },
    log: options.log,
    ...(options.appId ? { appId: options.appId } : {}),
  };
  for (const candidate of scope.candidates.filter(filter)) {
    const run = () => work(candidate.number, result, ports);
    try {
      await (options.lock
        ? options.lock.run(`${repo.owner}/${repo.repo}#${candidate.number}:decision`, run)
        : run());
    } catch (error) {
      result.failures.push(failure(`${repo.owner}/${repo.repo}#${candidate.number}`, error));
      options.log.error(
        { err: error, repo: `${repo.owner}/${repo.repo}`, issue: candidate.number },
        "tick failed for a decision",
      );
    }
  }
  return result;
}

/** An issue changed this recently may still be in the middle of a delivery's writes. */
const SETTLING_SECONDS = 120;
const settled = (now: Temporal.Instant) => now.subtract({ seconds: SETTLING_SECONDS });
/**
 * How far back a `/decide` whose labels were written without its status comment is finished;
 * an older one (or one written before the app was installed) is rolled back instead.
 */
const FINISH_WITHIN = { hours: 24 } as const;

function runDueDecisions(scope: JobScope): Promise<JobResult> {
  const { octokit, repo, config, options } = scope;
  const calendar = calendarOf(config);
  const reminder = config.decisions.reminder_before;
  const reminderHours = spanHours(reminder) ?? reminder.amount * 24 + 96;
  const ref = { owner: repo.owner, repo: repo.repo };
  const settling = (c: Candidate) =>
    c.updatedAt !== undefined &&
    Temporal.Instant.compare(
      Temporal.Instant.from(c.updatedAt).add({ seconds: SETTLING_SECONDS }),
      options.now,
    ) > 0;
  return eachCandidate(
    scope,
    async (issueNumber, result, ports) => {
      // Re-check right before acting: the search index lags, and another tick may have run.
      const { data: issue } = await octokit.rest.issues.get({ ...ref, issue_number: issueNumber });
      let thread = await loadThread(octokit, ref, issueNumber, options.appId);
      const labels = labelNames(issue.labels);
      if (!thread.decision) {
        // Labels without a decision: a `/decide` stopped between its labels and its status
        // comment. Finish it from its comment; what cannot be finished is rolled back below.
        const candidate = scope.candidates.find((c) => c.number === issueNumber);
        if (candidate && settling(candidate)) return;
        const window = { since: options.now.subtract(FINISH_WITHIN), until: settled(options.now) };
        const lost = lostCommands(thread, window, config);
        result.actions += await replayAll(scope, ports, issue, lost);
        if (lost.length > 0) {
          result.items++;
          if (options.dryRun) return;
          const { data: after } = await octokit.rest.issues.get({
            ...ref,
            issue_number: issueNumber,
          });
          thread = await loadThread(octokit, ref, issueNumber, options.appId);
          labels.splice(0, labels.length, ...labelNames(after.labels));
        }
      }
      const teams = await loadTeams(octokit, teamsToRemind(thread.decision?.state, options.now));
      const plan = planDue(issueNumber, labels, thread, config, calendar, options.now, teams);
      if (plan.length === 0) return;
      result.items++;
      result.actions += plan.length;
      await executePlan(ports, plan, executeOptions(options));
    },
    (c) => mayBeDue(c.labels, options.now, reminderHours),
  );
}

/**
 * The teams whose members the tick reads: those of a pending decision not yet reminded and
 * not yet due, the only one whose status it shows as pending again (with the reminder, or
 * `reminded` saved). At the deadline it is settled, and who has not answered is moot.
 */
function teamsToRemind(state: DecisionState | undefined, now: Temporal.Instant): string[] {
  if (state?.status !== "pending" || state.reminded) return [];
  if (Temporal.Instant.compare(now, Temporal.Instant.from(state.deadline)) >= 0) return [];
  return teamsNamed(state.stakeholders);
}

/**
 * What the tick writes for one issue (pure, given what it read; `teams` are the named teams'
 * members, for the reminder and the status).
 */
export function planDue(
  issueNumber: number,
  labels: string[],
  thread: IssueThread,
  config: Config,
  calendar: ProjectCalendar,
  now: Temporal.Instant,
  teams: TeamMembers,
): Action[] {
  const decision = thread.decision;
  const pending = labels.some((l) => l.toLowerCase() === DECISION_LABELS.pending.name);
  if (!decision) {
    // Decision labels without a decision (a `/decide` that could not be finished, or labels
    // added by hand): roll them back, so no stray `decision` or `due:` label stays, and the
    // issue is not searched for again.
    const stray = labels.filter(isDecisionLabel);
    return [
      ...stray.map((name): Action => ({ type: "removeLabel", issueNumber, name })),
      ...stray
        .filter((name) => name.toLowerCase().startsWith(DUE_LABEL_PREFIX))
        .map((name): Action => ({ type: "deleteLabelIfUnused", name })),
    ];
  }
  const status = { id: decision.commentId, body: decision.commentBody, url: decision.commentUrl };
  const common = {
    issueNumber,
    labels,
    postedMarkers: thread.postedMarkers,
    config,
    calendar,
    now,
    teams,
  };
  const work = dueWork(decision.state, now, config, calendar, teams);
  if (!work) {
    // Recovery: the state says it is over, but an earlier run stopped before removing the
    // pending label (a failed write). Redo the transition: every step of it is idempotent.
    if (decision.state.status !== "pending" && pending) {
      return planDecisionChange({
        ...common,
        transitions: [
          { before: { ...decision.state, status: "pending" }, after: decision.state, status },
        ],
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
  plan.push(
    ...planDecisionChange({
      ...common,
      transitions: [{ before: decision.state, after: work.after, status }],
    }),
  );
  return plan;
}
