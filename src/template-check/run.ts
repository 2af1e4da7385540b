import { type ConfigPort, loadConfig } from "../config/load.js";
import { DEFAULT_CONFIG } from "../config/schema.js";
import type { Action } from "../github/actions.js";
import { type ExecuteOptions, executePlan } from "../github/executor.js";
import type { EffectPorts } from "../github/port.js";
import type { CheckedItem, Trigger } from "./item.js";
import { assess, isEnabled, isRelevantLabel } from "./outcome.js";
import { planTemplateCheck } from "./plan.js";
import { loadRepoTemplates } from "./repo-templates.js";

export interface TemplateCheckPorts extends EffectPorts {
  config: ConfigPort;
}

/**
 * Load → assess → plan → execute for one pull request or issue. Reads the config once and
 * the repository templates (one GraphQL request) only when `sections: from-template`.
 * Returns the plan that was executed.
 */
export async function runTemplateCheck(
  ports: TemplateCheckPorts,
  item: CheckedItem,
  trigger: Trigger,
  options: ExecuteOptions = {},
): Promise<Action[]> {
  const { log } = ports;
  const loaded = await loadConfig(ports.config);
  if (!loaded.ok) {
    log.warn({ problems: loaded.problems }, "invalid configuration");
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
  const templates =
    kindConfig.sections === "from-template"
      ? await loadRepoTemplates(ports.octokit, ports.repo, item.kind)
      : [];
  const { outcome, commentMayBeStale } = assess(item, trigger, config, templates);
  const plan = planTemplateCheck({ item, outcome, config: config.template, commentMayBeStale });
  log.debug({ outcome: outcome.type, actions: plan.map((a) => a.type) }, "template check planned");
  await executePlan(ports, plan, options);
  return plan;
}
