import { Temporal } from "temporal-polyfill";
import type { ConfigPort, RawFile } from "../config/load.js";
import { configPortFor } from "../config/port.js";
import { githubTree } from "../github/tree.js";
import { emptyResult, failure, type Job, type JobResult, type JobScope } from "../job.js";
import { needsVerdict, REPAIR_TRIGGER, repairReason, verdictUsesTemplates } from "./repair.js";
import { type RepairSearch, searchForRepair } from "./repair-search.js";
import { loadRepoTemplates, TemplateCache } from "./repo-templates.js";
import type { ItemKind, RepoTemplate } from "./requirements.js";
import { runTemplateCheck } from "./run.js";

/**
 * Repair of lost or failed template checks. A delivery GitHub never made, or one whose writes
 * failed (a secondary rate limit on the check run, a run of 5xx), leaves a PR without its
 * `async-status/template` check, comment and label, and a required check waits forever. Each
 * tick, one search per installation finds the repositories with open items changed since the
 * last run; in each of those only, one GraphQL search lists those items,
 * with their labels and the head commit's check run; each is judged as the webhook would
 * judge it, and only the ones whose result is missing or wrong are checked again, under the
 * handler's lock, by the handler's own code path. Items that are right cost nothing more.
 */
export const templateRepairJob: Job = {
  name: "templates",
  counts: "template result(s) repaired",
  // One search per installation finds the repositories with recent changes (archived ones
  // cannot be written); the check runs on each PR's head are only reachable per item, so the
  // GraphQL search that reads them runs per repository, and only where something changed.
  search: (options) =>
    `is:open archived:false updated:>=${(options.since ?? options.now).subtract({ seconds: SETTLING_SECONDS }).toString({ smallestUnit: "second" })}`,
  run: runRepair,
};

/** An item changed this recently may still have its delivery in flight: it waits a tick. */
const SETTLING_SECONDS = 30;
/** Templates remembered across runs while the default branch's trees stay the same, at most this long. */
const TEMPLATE_MEMORY = { hours: 1 } as const;
const KINDS: readonly ItemKind[] = ["pr", "issue"];

async function runRepair(scope: JobScope): Promise<JobResult> {
  const { octokit, config, options } = scope;
  const result = emptyResult();
  const repo = { owner: scope.repo.owner, repo: scope.repo.repo };
  const where = `${repo.owner}/${repo.repo}`;
  const kinds = KINDS.filter(
    (k) =>
      config.template.enabled &&
      (k === "pr" ? config.template.pull_requests : config.template.issues).enabled,
  );
  if (scope.repo.archived || kinds.length === 0 || scope.candidates.length === 0) return result;
  // The search reaches back over the settling time, so what waits now is seen next time.
  const since = (options.since ?? options.now).subtract({ seconds: SETTLING_SECONDS });
  const found = await searchForRepair((q, v) => octokit.graphql(q, v), repo, {
    since,
    kinds,
    appId: options.appId,
  });
  if (found.total > found.items.length)
    options.log.warn(
      { repo: where, found: found.total, read: found.items.length },
      "more items changed than one search returns; the rest are not repaired this time",
    );
  const settled = found.items.filter(
    (s) =>
      Temporal.Instant.compare(
        Temporal.Instant.from(s.updatedAt).add({ seconds: SETTLING_SECONDS }),
        options.now,
      ) <= 0,
  );
  // The same templates judge the items and, through the cache, serve the repairs.
  const templates = new TemplateCache(undefined, undefined, () => options.now.epochMilliseconds);
  const templatesOf = (kind: ItemKind) =>
    templates.get(`${where}:${kind}`.toLowerCase(), () => rememberedTemplates(scope, found, kind));
  const byKind = new Map<ItemKind, readonly RepoTemplate[]>();
  for (const kind of kinds) {
    const judged = settled.some((s) => s.item.kind === kind && needsVerdict(s, config));
    byKind.set(kind, judged && verdictUsesTemplates(kind, config) ? await templatesOf(kind) : []);
  }
  const ports = {
    octokit,
    repo,
    log: options.log,
    config: readOnce(configPortFor(octokit, repo)),
    templates,
    ...(options.appId ? { appId: options.appId } : {}),
  };
  const execute = {
    dryRun: options.dryRun === true,
    ...(options.print ? { print: options.print } : {}),
    ...(options.lock ? { lock: options.lock } : {}),
  };
  for (const seen of settled) {
    const { number, kind } = seen.item;
    const reason = repairReason(seen, config, byKind.get(kind) ?? []);
    if (!reason) continue;
    options.log.info({ repo: where, number, kind, reason }, "repairing the template result");
    const check = () => runTemplateCheck(ports, seen.item, REPAIR_TRIGGER, execute);
    try {
      // The handler's lock: a delivery and a repair for one item never interleave.
      const plan = await (options.lock
        ? options.lock.run(`${where}#${number}:template`, check)
        : check());
      if (plan.length > 0) result.items++;
      result.actions += plan.length;
    } catch (error) {
      result.failures.push(failure(`${where}#${number}`, error));
      options.log.error({ err: error, repo: where, number }, "template repair failed");
    }
  }
  return result;
}

interface Remembered {
  tree: string;
  until: string;
  templates: RepoTemplate[];
}

/**
 * The repository's templates of one kind: remembered in the job's memory while the tree they
 * came from is unchanged (`.github`, or the root for templates elsewhere or none), else read.
 */
async function rememberedTemplates(
  scope: JobScope,
  found: RepairSearch,
  kind: ItemKind,
): Promise<RepoTemplate[]> {
  const { octokit, memory, options } = scope;
  const repo = { owner: scope.repo.owner, repo: scope.repo.repo };
  const key = `templates ${repo.owner}/${repo.repo}:${kind}`.toLowerCase();
  const treeOf = (templates: readonly RepoTemplate[]) =>
    templates[0]?.path.startsWith(".github/") ? found.trees.github : found.trees.root;
  const raw = memory?.get(key);
  if (raw) {
    const kept = JSON.parse(raw) as Remembered;
    const fresh = Temporal.Instant.compare(Temporal.Instant.from(kept.until), options.now) > 0;
    if (fresh && kept.tree === treeOf(kept.templates)) return kept.templates;
  }
  const templates = await loadRepoTemplates(githubTree(octokit, repo), kind);
  const tree = treeOf(templates);
  if (tree) {
    const until = options.now.add(TEMPLATE_MEMORY).toString();
    memory?.set(key, JSON.stringify({ tree, until, templates } satisfies Remembered));
  } else memory?.delete(key);
  return templates;
}

/** A config port that reads each file once, however many items one run repairs. */
function readOnce(port: ConfigPort): ConfigPort {
  const read = new Map<string, Promise<RawFile>>();
  return {
    repo: port.repo,
    readFile(file, maxBytes) {
      const key = JSON.stringify([file, maxBytes]);
      const hit = read.get(key);
      if (hit) return hit;
      const reading = port.readFile(file, maxBytes);
      read.set(key, reading);
      reading.catch(() => read.delete(key));
      return reading;
    },
  };
}
