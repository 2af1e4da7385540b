import type { Temporal } from "temporal-polyfill";
import type { Config } from "../config/schema.js";
import { codeSpan, truncateMarkdown } from "../markdown/escape.js";
import { inlineText, userName } from "../markdown/inline.js";
import { render, renderSource } from "../output/render.js";
import type { Activity, Figures } from "./collect.js";
import type { SummaryWeek } from "./period.js";
import { buildSummaryView, type SummaryView } from "./view.js";

/** GitHub's limit for issue bodies. */
export const BODY_LIMIT = 65_536;
/** Caps tried per list, largest first, until the body fits. */
const LIMITS = [Number.POSITIVE_INFINITY, 200, 100, 50, 25, 10, 5, 1];
/** View fields that are not user text, with everything below them. */
const TRUSTED = new Set([
  "marker",
  "figuresState",
  "url",
  "ref",
  "chart",
  "period",
  "isoWeek",
  "timezone",
  "late",
  "asOf",
  "change",
  "what",
  // Figure names; people are `login` and `author`.
  "name",
]);
/** User text shown as code: names (so they notify no one) and the label. */
const AS_CODE: Record<string, (text: string) => string> = {
  author: userName,
  login: userName,
  incompleteLabel: codeSpan,
};

export interface RenderedSummary {
  body: string;
  view: SummaryView;
  /** Why the repository's own template was not used, if it was given and failed. */
  overrideError?: string;
}

/**
 * The view as every template sees it, the built-in one and a repository's own: each piece of
 * user text escaped for Markdown, names as code, so `{{title}}` cannot mention anyone or open a
 * comment, and no invisible character is added to what readers copy.
 */
function escapedView(value: unknown, key = ""): unknown {
  if (TRUSTED.has(key)) return value;
  if (typeof value === "string") return (AS_CODE[key] ?? inlineText)(value);
  if (Array.isArray(value)) return value.map((v) => escapedView(v));
  if (value && typeof value === "object")
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, escapedView(v, k)]),
    );
  return value;
}

function renderOverride(view: SummaryView, source: string): { body?: string; error?: string } {
  try {
    const body = renderSource(source, escapedView(view) as object, { rawHelpers: true });
    if (body.length > BODY_LIMIT)
      return {
        error: `its output is longer than GitHub's ${BODY_LIMIT.toLocaleString("en")} characters`,
      };
    return {
      body: body.startsWith(view.marker) ? body : `${view.marker}\n${view.figuresState}\n${body}`,
    };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { error: message.split("\n").filter(Boolean).slice(0, 4).join(" ").slice(0, 300) };
  }
}

/**
 * Render the summary with the repository's template when it has one (a broken or oversized
 * one falls back to the built-in template, and the issue says why), cutting every list
 * section by section ("…and N more") until the body fits GitHub's 65,536 characters.
 */
export function renderSummary(input: {
  activity: Activity;
  week: SummaryWeek;
  config: Config;
  now: Temporal.Instant;
  override?: string | undefined;
  history?: ReadonlyMap<string, Figures>;
}): RenderedSummary {
  let overrideError: string | undefined;
  if (input.override !== undefined) {
    const view = buildSummaryView({ ...input, limit: LIMITS[1] as number });
    const rendered = renderOverride(view, input.override);
    if (rendered.body !== undefined) return { body: rendered.body, view };
    overrideError = rendered.error;
  }
  for (const limit of LIMITS) {
    const view = buildSummaryView({ ...input, limit, ...(overrideError ? { overrideError } : {}) });
    const body = render("summary.md", escapedView(view) as object);
    if (body.length <= BODY_LIMIT)
      return { body, view, ...(overrideError ? { overrideError } : {}) };
  }
  const view = buildSummaryView({
    ...input,
    limit: 0,
    ...(overrideError ? { overrideError } : {}),
  });
  return {
    body: truncateMarkdown(render("summary.md", escapedView(view) as object), BODY_LIMIT),
    view,
    ...(overrideError ? { overrideError } : {}),
  };
}
