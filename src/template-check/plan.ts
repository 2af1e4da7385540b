import type { ConfigProblem } from "../config/load.js";
import type { TemplateConfig } from "../config/schema.js";
import type { Action, CheckConclusion, LabelSpec } from "../github/actions.js";
import { MARKERS } from "../github/markers.js";
import type { Verdict } from "./evaluate.js";
import type { CheckedItem } from "./item.js";
import {
  type CheckOutput,
  checkOutputForProblems,
  checkOutputForSkip,
  checkOutputForVerdict,
  commentForProblems,
  commentForSkip,
  commentForVerdict,
} from "./report.js";

export const CHECK_NAME = "async-status/template";
export const LABEL_COLOR = "d93f0b";
export const LABEL_DESCRIPTION = "The description is missing required sections (async-status)";

/** The result of looking at an item, before deciding what to write. */
export type Outcome =
  | { type: "checked"; verdict: Verdict; templatePath?: string }
  | { type: "skipped"; reason: string }
  | { type: "config_error"; problems: ConfigProblem[] };

export interface PlanInput {
  item: CheckedItem;
  outcome: Outcome;
  /** Label names and comment policy; the defaults when the config is invalid. */
  config: TemplateConfig;
  /**
   * True when the comment's text may differ from what it last said even though the label
   * state agrees: the body's verdict changed in an edit, labels changed, or the item reopened.
   */
  commentMayBeStale: boolean;
}

function checkRun(item: CheckedItem, conclusion: CheckConclusion, output: CheckOutput): Action[] {
  if (item.kind !== "pr" || !item.headSha) return [];
  return [
    { type: "createCheckRun", name: CHECK_NAME, headSha: item.headSha, conclusion, ...output },
  ];
}

/**
 * Decide the writes for one template check. Comments and labels are only touched when their
 * state changes, so an unchanged result costs nothing beyond the PR's check run.
 */
export function planTemplateCheck({
  item,
  outcome,
  config,
  commentMayBeStale,
}: PlanInput): Action[] {
  const hasLabel = item.labels.some((l) => l.toLowerCase() === config.label.toLowerCase());
  const label: LabelSpec = {
    name: config.label,
    color: LABEL_COLOR,
    description: LABEL_DESCRIPTION,
  };
  const issueNumber = item.number;
  const marker = MARKERS.template;

  if (outcome.type === "config_error") {
    const check = checkRun(item, "failure", checkOutputForProblems(item.kind, outcome.problems));
    if (item.kind === "pr") return check;
    return [
      {
        type: "upsertComment",
        issueNumber,
        marker,
        body: commentForProblems(item.kind, outcome.problems),
        createIfMissing: true,
      },
    ];
  }

  if (outcome.type === "skipped") {
    const actions = checkRun(item, "neutral", checkOutputForSkip(item.kind, outcome.reason));
    if (hasLabel) {
      actions.push({ type: "removeLabel", issueNumber, name: config.label });
      actions.push({
        type: "upsertComment",
        issueNumber,
        marker,
        body: commentForSkip(item.kind, outcome.reason),
        createIfMissing: false,
      });
    }
    return actions;
  }

  const { verdict, templatePath } = outcome;
  const conclusion = verdict.complete ? "success" : config.incomplete_conclusion;
  const actions = checkRun(
    item,
    conclusion,
    checkOutputForVerdict(item.kind, verdict, config.skip_label, templatePath),
  );
  if (!verdict.complete) {
    if (!hasLabel || commentMayBeStale) {
      const body = commentForVerdict(item.kind, verdict, config.skip_label, templatePath);
      actions.push({ type: "upsertComment", issueNumber, marker, body, createIfMissing: true });
    }
    if (!hasLabel) actions.push({ type: "addLabel", issueNumber, label });
    return actions;
  }
  if (hasLabel || commentMayBeStale) {
    actions.push(
      config.on_complete === "delete"
        ? { type: "deleteComment", issueNumber, marker }
        : {
            type: "upsertComment",
            issueNumber,
            marker,
            body: commentForVerdict(item.kind, verdict, config.skip_label, templatePath),
            createIfMissing: false,
          },
    );
  }
  if (hasLabel) actions.push({ type: "removeLabel", issueNumber, name: config.label });
  return actions;
}
