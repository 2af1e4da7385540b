import type { Temporal } from "temporal-polyfill";
import type { Config } from "../config/schema.js";
import { truncateMarkdown } from "../markdown/escape.js";
import { render, renderSource } from "../output/render.js";
import type { Activity } from "./collect.js";
import type { SummaryWeek } from "./period.js";
import { buildSummaryView, type SummaryView } from "./view.js";

/** GitHub's limit for issue bodies. */
export const BODY_LIMIT = 65_536;
/** Caps tried per list, largest first, until the body fits. */
const LIMITS = [Number.POSITIVE_INFINITY, 200, 100, 50, 25, 10, 5, 1];

export interface RenderedSummary {
  body: string;
  view: SummaryView;
  /** Why the repository's own template was not used, if it was given and failed. */
  overrideError?: string;
}

function renderView(
  view: SummaryView,
  override: string | undefined,
): { body: string; error?: string } {
  if (override !== undefined) {
    try {
      const body = renderSource(override, view);
      if (!body.startsWith(view.marker)) return { body: `${view.marker}\n${body}` };
      return { body };
    } catch (error) {
      return {
        body: "",
        error: error instanceof Error ? (error.message.split("\n", 1)[0] ?? "") : String(error),
      };
    }
  }
  return { body: render("summary.md", view) };
}

/**
 * Render the summary with the repository's template when it has one (a broken one falls back
 * to the built-in template, and the issue says why), cutting every list section by section
 * ("…and N more") until the body fits GitHub's 65,536 characters.
 */
export function renderSummary(input: {
  activity: Activity;
  week: SummaryWeek;
  config: Config;
  now: Temporal.Instant;
  override?: string | undefined;
}): RenderedSummary {
  let overrideError: string | undefined;
  for (const limit of LIMITS) {
    let view = buildSummaryView({ ...input, limit, ...(overrideError ? { overrideError } : {}) });
    let rendered = renderView(view, overrideError ? undefined : input.override);
    if (rendered.error) {
      overrideError = rendered.error;
      view = buildSummaryView({ ...input, limit, overrideError });
      rendered = renderView(view, undefined);
    }
    if (rendered.body.length <= BODY_LIMIT)
      return { body: rendered.body, view, ...(overrideError ? { overrideError } : {}) };
  }
  const view = buildSummaryView({
    ...input,
    limit: 0,
    ...(overrideError ? { overrideError } : {}),
  });
  return {
    body: truncateMarkdown(render("summary.md", view), BODY_LIMIT),
    view,
    ...(overrideError ? { overrideError } : {}),
  };
}
