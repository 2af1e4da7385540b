import type { ConfigProblem } from "../config/load.js";
import { CONFIG_PATH } from "../config/schema.js";
import { MARKERS } from "../github/markers.js";
import { commentSafe, fenceFor, truncateMarkdown } from "../markdown/escape.js";
import { render } from "../output/render.js";
import type { SectionResult, SectionStatus, Verdict } from "./evaluate.js";
import type { ItemKind } from "./requirements.js";

/** GitHub's limits: check run summary 65,535 characters; comment bodies 65,536. */
export const CHECK_SUMMARY_LIMIT = 65_535;
export const COMMENT_LIMIT = 65_536;
/** At most this many configuration problems are listed; the rest are counted. */
const MAX_PROBLEMS = 50;

const STATUS_TEXT: Record<SectionStatus, string> = {
  filled: "filled",
  not_applicable: "N/A",
  too_short: "too short",
  placeholder: "still the template's placeholder text",
  na_not_allowed: "says N/A, but this section is required",
  empty: "empty",
  missing: "missing",
};

export interface SectionRow {
  mark: string;
  name: string;
  state: string;
}

function row(section: SectionResult): SectionRow {
  let state = STATUS_TEXT[section.status];
  if (section.status === "too_short")
    state = `too short: ${section.words} of ${section.minWords} words`;
  if (!section.required && !section.ok) state += " (optional)";
  if (!section.required && section.status === "missing") state = "optional, not present";
  const mark =
    section.status === "filled" || section.status === "not_applicable"
      ? "✅"
      : section.required
        ? "❌"
        : "➖";
  return { mark, name: section.name, state };
}

/** Copy-paste Markdown for the sections that still need work, at the body's own heading depth. */
export function skeleton(verdict: Verdict): string {
  const todo = verdict.sections.filter((s) => !s.ok);
  return todo
    .map((s) => {
      const title =
        verdict.headingDepth >= 7
          ? `**${s.name}**`
          : `${"#".repeat(verdict.headingDepth)} ${s.name}`;
      return `${title}\n\n<!-- ${commentSafe(s.hint ?? `Describe the ${s.name.toLowerCase()}.`)} -->\n`;
    })
    .join("\n");
}

function nouns(kind: ItemKind) {
  return kind === "pr" ? "pull request" : "issue";
}

/** The view model shared by the check run summary and the comment. */
export function reportView(
  kind: ItemKind,
  verdict: Verdict,
  skipLabel: string,
  templatePath?: string,
) {
  const required = verdict.sections.filter((s) => s.required);
  const text = skeleton(verdict);
  const todo = verdict.sections.filter((s) => !s.ok);
  return {
    noun: nouns(kind),
    complete: verdict.complete,
    /**
     * When only sections that plain text may fill are wanting (an issue's problem
     * description, by default): what to ask for, instead of a list of sections to add.
     */
    ask:
      todo.length > 0 && todo.every((s) => s.untitled)
        ? todo.map((s) => s.hint ?? `Describe the ${s.name.toLowerCase()}.`).join(" ")
        : null,
    filled: required.filter((s) => s.ok).length,
    required: required.length,
    rows: verdict.sections.map(row),
    skeleton: text === "" ? null : { fence: fenceFor(text), text: text.trimEnd() },
    skipLabel,
    templatePath: templatePath ?? null,
    configPath: CONFIG_PATH,
  };
}

function problemsView(problems: readonly ConfigProblem[]) {
  return {
    problems: problems
      .slice(0, MAX_PROBLEMS)
      .map((p) => ({ file: p.file, path: p.path || "(whole file)", message: p.message })),
    moreProblems: Math.max(0, problems.length - MAX_PROBLEMS),
  };
}

export interface CheckOutput {
  title: string;
  summary: string;
}

/** Title and summary of the `async-status/template` check run. */
export function checkOutputForVerdict(
  kind: ItemKind,
  verdict: Verdict,
  skipLabel: string,
  templatePath?: string,
): CheckOutput {
  const view = reportView(kind, verdict, skipLabel, templatePath);
  const missing = verdict.sections.filter((s) => !s.ok).map((s) => s.name);
  const title = verdict.complete
    ? `All ${view.required} required sections filled`
    : `${view.filled} of ${view.required} required sections filled; needs ${missing.join(", ")}`;
  return {
    title:
      title.length > 200 ? `${view.filled} of ${view.required} required sections filled` : title,
    summary: truncateMarkdown(
      render("check-summary.md", { state: "verdict", ...view, reason: null, ...problemsView([]) }),
      CHECK_SUMMARY_LIMIT,
    ),
  };
}

export function checkOutputForSkip(kind: ItemKind, reason: string): CheckOutput {
  return {
    title: `Skipped: ${reason}`,
    summary: render("check-summary.md", {
      state: "skipped",
      noun: nouns(kind),
      reason,
      ...problemsView([]),
    }),
  };
}

export function checkOutputForProblems(
  kind: ItemKind,
  problems: readonly ConfigProblem[],
): CheckOutput {
  return {
    title: `Configuration error: ${problems.length} problem${problems.length === 1 ? "" : "s"} in ${problems[0]?.file ?? CONFIG_PATH}`,
    summary: truncateMarkdown(
      render("check-summary.md", {
        state: "config_error",
        noun: nouns(kind),
        reason: null,
        ...problemsView(problems),
      }),
      CHECK_SUMMARY_LIMIT,
    ),
  };
}

/** Body of the one bot comment per item. */
export function commentForVerdict(
  kind: ItemKind,
  verdict: Verdict,
  skipLabel: string,
  templatePath?: string,
): string {
  const view = reportView(kind, verdict, skipLabel, templatePath);
  const state = verdict.complete ? "complete" : "incomplete";
  return truncateMarkdown(
    render("template-comment.md", {
      marker: MARKERS.template,
      state,
      reason: null,
      ...view,
      ...problemsView([]),
    }),
    COMMENT_LIMIT,
  );
}

export function commentForSkip(kind: ItemKind, reason: string): string {
  return render("template-comment.md", {
    marker: MARKERS.template,
    state: "skipped",
    noun: nouns(kind),
    reason,
    ...problemsView([]),
  });
}

export function commentForProblems(kind: ItemKind, problems: readonly ConfigProblem[]): string {
  return truncateMarkdown(
    render("template-comment.md", {
      marker: MARKERS.template,
      state: "config_error",
      noun: nouns(kind),
      reason: null,
      ...problemsView(problems),
    }),
    COMMENT_LIMIT,
  );
}
