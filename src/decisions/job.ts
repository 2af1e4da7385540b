import type { Temporal } from "temporal-polyfill";
import type { Config } from "../config/schema.js";
import type { Action } from "../github/actions.js";
import { executePlan } from "../github/executor.js";
import { MARKERS } from "../github/markers.js";
import { labelNames } from "../github/port.js";
import { emptyResult, failure, type Job, type JobResult, type JobScope } from "../job.js";
import { calendarOf, type ProjectCalendar } from "../time/calendar.js";
import { spanHours } from "../time/duration.js";
import { dueWork, mayBeDue } from "./due.js";
import { DECISION_LABELS } from "./labels.js";
import { type IssueThread, loadThread } from "./load.js";
import { planDecisionChange } from "./plan.js";
import { reminderNotice } from "./render.js";

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

async function runDueDecisions(scope: JobScope): Promise<JobResult> {
  const { octokit, repo, config, options } = scope;
  const result = emptyResult();
  if (!config.decisions.enabled) return result;
  const calendar = calendarOf(config);
  const reminder = config.decisions.reminder_before;
  const reminderHours = spanHours(reminder) ?? reminder.amount * 24 + 96;
  const ref = { owner: repo.owner, repo: repo.repo };
  const ports = {
    octokit,
    repo: ref,
    log: options.log,
    ...(options.appId ? { appId: options.appId } : {}),
  };
  const execute = {
    dryRun: options.dryRun === true,
    ...(options.print ? { print: options.print } : {}),
    ...(options.lock ? { lock: options.lock } : {}),
  };
  for (const candidate of scope.candidates) {
    if (!mayBeDue(candidate.labels, options.now, reminderHours)) continue;
    const work = async () => {
      // Re-check right before acting: the search index lags, and another tick may have run.
      const { data: issue } = await octokit.rest.issues.get({
        ...ref,
        issue_number: candidate.number,
      });
      const thread = await loadThread(octokit, ref, candidate.number, options.appId);
      const plan = planDue(
        candidate.number,
        labelNames(issue.labels),
        thread,
        config,
        calendar,
        options.now,
      );
      if (plan.length === 0) return;
      result.items++;
      result.actions += plan.length;
      await executePlan(ports, plan, execute);
    };
    // Serialised with the webhook handler on the same issue, and a broken issue does not stop the others.
    try {
      await (options.lock
        ? options.lock.run(`${repo.owner}/${repo.repo}#${candidate.number}:decision`, work)
        : work());
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

/** What the tick writes for one issue (pure, given what it read). */
export function planDue(
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
