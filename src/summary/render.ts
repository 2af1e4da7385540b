import type { Temporal } from "temporal-polyfill";
import type { Config } from "../config/schema.js";
import { codeSpan, truncateMarkdown } from "../markdown/escape.js";
import { inlineText, userName } from "../markdown/inline.js";
import { render, renderSource, type TemplateName } from "../output/render.js";
import type { Activity, Figures } from "./collect.js";
import type { SummaryWeek } from "./period.js";
import { buildSummaryView, type SummaryHealth, type SummaryView, summaryHealth } from "./view.js";

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
  // Figure names and values; people are `login` and `author`.
  "name",
  "thisWeek",
  "lastWeek",
  "expectation",
]);
/** User text shown as code: names (so they notify no one) and the label. */
const AS_CODE: Record<string, (text: string) => string> = {
  author: userName,
  login: userName,
  incompleteLabel: codeSpan,
};

export type RenderedSummary = RenderedIssue<SummaryView>;

/**
 * The view as every template sees it, the built-in one and a repository's own: each piece of
 * user text escaped for Markdown, names as code, so `{{title}}` cannot mention anyone or open a
 * comment, and no invisible character is added to what readers copy.
 */
function escapedView(value: unknown, trusted: ReadonlySet<string>, key = ""): unknown {
  if (trusted.has(key)) return value;
  if (typeof value === "string") return (AS_CODE[key] ?? inlineText)(value);
  if (Array.isArray(value)) return value.map((v) => escapedView(v, trusted));
  if (value && typeof value === "object")
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>).map(([k, v]) => [
        k,
        escapedView(v, trusted, k),
      ]),
    );
  return value;
}

function renderOverride<V extends MarkedView>(
  view: V,
  source: string,
  trusted: ReadonlySet<string>,
): { body?: string; error?: string } {
  try {
    const body = renderSource(source, escapedView(view, trusted) as object, { rawHelpers: true });
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

/** A view that starts its issue: the hidden marker and the recorded figures. */
export interface MarkedView {
  marker: string;
  figuresState: string;
}

export interface RenderedIssue<V> {
  body: string;
  view: V;
  /** Why the repository's own template was not used, if it was given and failed. */
  overrideError?: string;
}

/**
 * Render a weekly issue with the repository's template when it has one (a broken or oversized
 * one falls back to the built-in `template`, and `build` is told why so the issue can say so),
 * lowering every list's cap ("…and N more") until the body fits GitHub's 65,536 characters.
 * User text is escaped in every field but the `trusted` ones (and the summary's own).
 */
export function renderFitted<V extends MarkedView>(input: {
  template: TemplateName;
  build: (limit: number, overrideError?: string) => V;
  override?: string | undefined;
  trusted?: Iterable<string>;
}): RenderedIssue<V> {
  const trusted = new Set([...TRUSTED, ...(input.trusted ?? [])]);
  let overrideError: string | undefined;
  if (input.override !== undefined) {
    const view = input.build(LIMITS[1] as number);
    const rendered = renderOverride(view, input.override, trusted);
    if (rendered.body !== undefined) return { body: rendered.body, view };
    overrideError = rendered.error;
  }
  const withError = overrideError ? { overrideError } : {};
  for (const limit of LIMITS) {
    const view = input.build(limit, overrideError);
    const body = render(input.template, escapedView(view, trusted) as object);
    if (body.length <= BODY_LIMIT) return { body, view, ...withError };
  }
  const view = input.build(0, overrideError);
  return {
    body: truncateMarkdown(
      render(input.template, escapedView(view, trusted) as object),
      BODY_LIMIT,
    ),
    view,
    ...withError,
  };
}

/** The summary, rendered by `renderFitted` with `templates/summary.md.hbs`. */
export function renderSummary(given: {
  activity: Activity;
  week: SummaryWeek;
  config: Config;
  now: Temporal.Instant;
  override?: string | undefined;
  history?: ReadonlyMap<string, Figures>;
  health?: SummaryHealth;
}): RenderedSummary {
  // The same for every list cap tried: computed once.
  const input = {
    ...given,
    health: given.health ?? summaryHealth(given.activity, given.config, given.now),
  };
  return renderFitted({
    template: "summary.md",
    override: input.override,
    build: (limit, overrideError) =>
      buildSummaryView({ ...input, limit, ...(overrideError ? { overrideError } : {}) }),
  });
}
