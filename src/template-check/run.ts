import { type ConfigPort, loadConfig } from "../config/load.js";
import { DEFAULT_CONFIG } from "../config/schema.js";
import type { Action } from "../github/actions.js";
import { type ExecuteOptions, executePlan } from "../github/executor.js";
import type { EffectPorts } from "../github/port.js";
import { githubTree } from "../github/tree.js";
import { type CheckedItem, itemFromIssue, itemFromPullRequest, type Trigger } from "./item.js";
import { assess, isEnabled, isRelevantLabel, skipReason } from "./outcome.js";
import { planTemplateCheck } from "./plan.js";
import { loadRepoTemplates, type TemplateCache } from "./repo-templates.js";

export interface TemplateCheckPorts extends EffectPorts {
  config: ConfigPort;
  /** Templates per repository, cached across events (10 minutes). */
  templates?: TemplateCache;
}

/** The pull request or issue as GitHub has it now (one request). */
async function loadCurrentItem(ports: TemplateCheckPorts, item: CheckedItem): Promise<CheckedItem> {
  const { octokit, repo } = ports;
  if (item.kind === "pr") {
    const { data } = await octokit.rest.pulls.get({ ...repo, pull_number: item.number });
    return itemFromPullRequest(data);
  }
  const { data } = await octokit.rest.issues.get({ ...repo, issue_number: item.number });
  return itemFromIssue(data);
}

/**
 * Load → assess → plan → execute for one pull request or issue. Reads the config once and
 * the repository templates (about two requests) through a 10-minute cache.
 * Returns the plan that was executed.
 */
export async function runTemplateCheck(
  ports: TemplateCheckPorts,
  seen: CheckedItem,
  seenTrigger: Trigger,
  options: ExecuteOptions = {},
): Promise<Action[]> {
  const { log } = ports;
  // Judge the item as it is now, not as the payload saw it: deliveries come late, twice and
  // out of order, and the newest check run, the label and the comment must match the
  // current description whichever event ran last.
  const item = await loadCurrentItem(ports, seen);
  if (item.state === "closed") {
    log.debug("skipped: closed by now");
    return [];
  }
  const stale = item.body !== seen.body || item.headSha !== seen.headSha;
  if (stale) log.debug("the payload was stale; checking the current description");
  const trigger: Trigger = stale ? { ...seenTrigger, stale } : seenTrigger;
  const loaded = await loadConfig(ports.config);
  if (!loaded.ok) {
    log.warn({ problems: loaded.problems }, "invalid configuration");
    // Quiet by default: an issue the default rules would skip (a bot's, or one carrying
    // skip-template) gets no error comment; PRs still get the failing check.
    const skip = skipReason(item, DEFAULT_CONFIG);
    if (item.kind === "issue" && skip) {
      log.debug({ reason: skip }, "skipped the config error comment");
      return [];
    }
    const plan = planTemplateCheck({
      item,
      outcome: { type: "config_error", problems: loaded.problems },
      config: DEFAULT_CONFIG.template,
      commentMayBeStale: false,
    });
    await executePlan(ports, plan, options);
    return plan;
  }
  const { config } = loaded;
  if (!isEnabled(item, config)) {
    log.debug({ kind: item.kind }, "template check disabled by config");
    return [];
  }
  if (trigger.label !== undefined && !isRelevantLabel(trigger.label, item, config)) {
    log.debug({ label: trigger.label }, "label does not affect the template check");
    return [];
  }
  const kindConfig = item.kind === "pr" ? config.template.pull_requests : config.template.issues;
  // Skipped items (drafts, bots, the skip label) need no templates.
  const needsTemplates =
    !skipReason(item, config) &&
    (kindConfig.sections === "from-template" || config.template.placeholders_from_template);
  const load = () => loadRepoTemplates(githubTree(ports.octokit, ports.repo), item.kind);
  const key = `${ports.repo.owner}/${ports.repo.repo}:${item.kind}`.toLowerCase();
  const templates = needsTemplates
    ? await (ports.templates ? ports.templates.get(key, load) : load())
    : [];
  const { outcome, commentMayBeStale } = assess(item, trigger, config, templates);
  const plan = planTemplateCheck({ item, outcome, config: config.template, commentMayBeStale });
  log.debug({ outcome: outcome.type, actions: plan.map((a) => a.type) }, "template check planned");
  await executePlan(ports, plan, options);
  return plan;
}
