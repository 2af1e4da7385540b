/**
 * The weekly summary issue: what other capabilities and the CLI may use. The scheduled work
 * is `job.ts`.
 */
import type { Config } from "../config/schema.js";

export { latestDueWeek, type SummaryWeek, weekFromIso } from "./period.js";
export { type PublishResult, publishSummary } from "./publish.js";

/** Labels this capability writes: the configured summary label, and its weekly claims. */
export const isSummaryLabel = (name: string, config: Config) =>
  name.toLowerCase() === config.summary.label.toLowerCase() ||
  name.toLowerCase().startsWith("async-status-lock:");
