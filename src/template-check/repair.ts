import type { Config } from "../config/schema.js";
import type { CheckedItem } from "./item.js";
import { assess, isEnabled, skipReason } from "./outcome.js";
import type { ItemKind, RepoTemplate } from "./requirements.js";

/** An open item as the repair search saw it. */
export interface SeenItem {
  item: CheckedItem;
  /** When the item last changed. */
  updatedAt: string;
  /**
   * Pull requests: the conclusion (`success`, `failure`, `neutral`, …) of this app's newest
   * `async-status/template` check run on the current head commit; `null` when there is none
   * (or none completed, or the head commit could not be seen).
   */
  conclusion?: string | null;
}

/** The trigger repairs run the template check with (not an edit, not a label change). */
export const REPAIR_TRIGGER = { action: "repair" } as const;

/** Whether judging the item takes its verdict, and so perhaps the repository's templates. */
export function needsVerdict(seen: SeenItem, config: Config): boolean {
  const { item } = seen;
  if (!isEnabled(item, config) || skipReason(item, config)) return false;
  return item.kind === "issue" || (seen.conclusion ?? null) !== null;
}

/** Whether the verdict on this kind of item depends on the repository's templates. */
export function verdictUsesTemplates(kind: ItemKind, config: Config): boolean {
  const kindConfig = kind === "pr" ? config.template.pull_requests : config.template.issues;
  return kindConfig.sections === "from-template" || config.template.placeholders_from_template;
}

/**
 * Why an open item's template result is missing or wrong, or `undefined` when it is right
 * (pure). The item is judged as the webhook judges it (same config, same templates); its
 * label, and for a pull request the head commit's check run, must agree with that verdict.
 * Skipped and disabled items are left alone, and so is a comment's wording: only what the
 * search sees is compared, so an item that is right costs no request.
 */
export function repairReason(
  seen: SeenItem,
  config: Config,
  templates: readonly RepoTemplate[],
): string | undefined {
  const { item } = seen;
  if (!isEnabled(item, config) || skipReason(item, config)) return undefined;
  const isPr = item.kind === "pr";
  const conclusion = seen.conclusion ?? null;
  if (isPr && conclusion === null) return "no async-status/template check run on the head commit";
  const { outcome } = assess(item, REPAIR_TRIGGER, config, templates);
  if (outcome.type !== "checked") {
    // The requirements cannot be built (`from-template` without a template): a PR's check
    // fails and names the problem, the label is left as it is; an issue's report is its comment.
    return isPr && conclusion !== "failure"
      ? `the check run says ${conclusion}, but the template requirements cannot be built`
      : undefined;
  }
  const { complete } = outcome.verdict;
  const state = complete ? "complete" : "incomplete";
  const expected = complete ? "success" : config.template.incomplete_conclusion;
  if (isPr && conclusion !== expected)
    return `the check run says ${conclusion}, but the description is ${state}`;
  const label = config.template.label.toLowerCase();
  const labelled = item.labels.some((l) => l.toLowerCase() === label);
  if (labelled === complete)
    return `the description is ${state}, but the "${config.template.label}" label is ${labelled ? "there" : "missing"}`;
  return undefined;
}
