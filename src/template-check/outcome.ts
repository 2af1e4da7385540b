import type { Config } from "../config/schema.js";
import { CONFIG_PATH } from "../config/schema.js";
import { evaluate } from "./evaluate.js";
import type { CheckedItem, Trigger } from "./item.js";
import type { Outcome } from "./plan.js";
import { type RepoTemplate, resolveRequirements } from "./requirements.js";

/** Why an item is not checked, or `undefined` when it is. */
export function skipReason(item: CheckedItem, config: Config): string | undefined {
  const t = config.template;
  const lower = (s: string) => s.toLowerCase();
  if (item.labels.some((l) => lower(l) === lower(t.skip_label)))
    return `it carries the "${t.skip_label}" label`;
  if (item.kind === "pr" && item.draft && t.skip_drafts) return "it is a draft";
  const isBot =
    item.author.type === "Bot" || config.bots.some((b) => lower(b) === lower(item.author.login));
  if (isBot && t.skip_bots && !t.check_bots.some((b) => lower(b) === lower(item.author.login))) {
    return `it was opened by the bot ${item.author.login}`;
  }
  return undefined;
}

/** Whether the kind of item is checked at all under this config. */
export function isEnabled(item: CheckedItem, config: Config): boolean {
  const kind = item.kind === "pr" ? config.template.pull_requests : config.template.issues;
  return config.template.enabled && kind.enabled;
}

/** Labels whose addition or removal can change the result. */
export function isRelevantLabel(label: string, item: CheckedItem, config: Config): boolean {
  const kind = item.kind === "pr" ? config.template.pull_requests : config.template.issues;
  const lower = label.toLowerCase();
  return (
    lower === config.template.skip_label.toLowerCase() ||
    Object.keys(kind.by_label).some((l) => l.toLowerCase() === lower)
  );
}

export interface Assessment {
  outcome: Outcome;
  commentMayBeStale: boolean;
}

/**
 * Judge an item (pure): skipped, a requirements problem, or a verdict; plus whether the bot
 * comment's text may have changed. For an edit, the body before the edit is judged too: the
 * comment is only rewritten when the verdict moved.
 */
export function assess(
  item: CheckedItem,
  trigger: Trigger,
  config: Config,
  templates: readonly RepoTemplate[],
): Assessment {
  const reason = skipReason(item, config);
  if (reason) return { outcome: { type: "skipped", reason }, commentMayBeStale: false };
  const body = item.body ?? "";
  const resolved = resolveRequirements({
    kind: item.kind,
    config: config.template,
    labels: item.labels,
    body,
    templates,
  });
  if (resolved.problem) {
    const path =
      item.kind === "pr" ? "template.pull_requests.sections" : "template.issues.sections";
    return {
      outcome: {
        type: "config_error",
        problems: [{ file: CONFIG_PATH, path, message: resolved.problem }],
      },
      commentMayBeStale: false,
    };
  }
  const verdict = evaluate(body, resolved.requirements);
  // Issues have no check run: their comment is the only report, so it is always reconciled
  // (one read; a write only when its text changed). A PR's comment is reconciled when its
  // verdict may have moved.
  let commentMayBeStale =
    item.kind === "issue" ||
    trigger.stale === true ||
    ["reopened", "labeled", "unlabeled"].includes(trigger.action);
  if (
    item.kind === "pr" &&
    !trigger.stale &&
    trigger.action === "edited" &&
    trigger.previousBody !== undefined
  ) {
    commentMayBeStale =
      evaluate(trigger.previousBody, resolved.requirements).fingerprint !== verdict.fingerprint;
  }
  const outcome: Outcome = {
    type: "checked",
    verdict,
    ...(resolved.templatePath ? { templatePath: resolved.templatePath } : {}),
  };
  return { outcome, commentMayBeStale };
}
