/**
 * The weekly summary issue: what other capabilities and the CLI may use (the roll-up builds on
 * its collection, views and rendering). The scheduled work is `job.ts`.
 */
import type { Config } from "../config/schema.js";

export {
  type Activity,
  collectActivity,
  type Figures,
  type GraphQL,
  type Item,
  type SearchScope,
} from "./collect.js";
export { type HealthFigures, HealthFiguresSchema } from "./health.js";
export {
  latestDueWeek,
  periodTitle,
  previousWeek,
  type SummaryWeek,
  weekFromIso,
} from "./period.js";
export { type PublishResult, publishSummary } from "./publish.js";
export { BODY_LIMIT, type RenderedIssue, renderFitted } from "./render.js";
export {
  change,
  dueOf,
  FiguresSchema,
  healthRows,
  humans,
  type ListView,
  listView,
  summaryHealth,
  type WeekHeader,
  weekHeader,
} from "./view.js";

/** Labels this capability writes: the configured summary label, and its weekly claims. */
export const isSummaryLabel = (name: string, config: Config) =>
  name.toLowerCase() === config.summary.label.toLowerCase() ||
  name.toLowerCase().startsWith("async-status-lock:");
