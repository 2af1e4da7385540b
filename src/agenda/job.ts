import { emptyResult, type Job, type JobResult, type JobScope } from "../job.js";
import { agendaTarget, runAgenda } from "./run.js";

/**
 * The sync agenda: published `sync.lead` before each sync, then kept in step with its items
 * until it closes. Every repository with `sync` configured is visited (a cron tick without
 * memory costs one listing of its agenda issues until one is open or due); the organisation's
 * agenda is looked after on the visit of its `.github` repository.
 */
export const agendaJob: Job = {
  name: "agendas",
  counts: "agenda(s) published",
  // The organisation's `.github` repository may have issues off: its agenda lives elsewhere.
  everyRepository: (repo) => !repo.archived && (repo.hasIssues || repo.repo === ".github"),
  run: runAgendaJob,
};

async function runAgendaJob(scope: JobScope): Promise<JobResult> {
  const { octokit, repo, config, options } = scope;
  const result = emptyResult();
  const target = agendaTarget(repo, config, scope.configInherited === true);
  if (!target || repo.archived) return result;
  // A failure goes up to the tick, which reports it for this repository and goes on.
  const run = await runAgenda({
    octokit,
    target,
    config,
    now: options.now,
    log: options.log,
    ...(options.appId ? { appId: options.appId } : {}),
    ...(options.dryRun ? { dryRun: true } : {}),
    ...(options.print ? { print: options.print } : {}),
    ...(scope.memory ? { memory: scope.memory } : {}),
  });
  result.items += run.published;
  result.actions += run.actions;
  return result;
}
