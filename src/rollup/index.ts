/**
 * The organisation's weekly roll-up: one issue for every repository of the installation with
 * the summary enabled. What other modules may use; the scheduled work is `job.ts`.
 */
import type { Config } from "../config/schema.js";

export { latestRollupWeek } from "./period.js";

/** Labels this capability writes: the configured roll-up label (its claims are the summary's kind). */
export const isRollupLabel = (name: string, config: Config) =>
  name.toLowerCase() === config.rollup.label.toLowerCase();
