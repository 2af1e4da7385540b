import type { Temporal } from "temporal-polyfill";
import type { Config } from "../config/schema.js";
import { latestDueWeek, periodTitle, previousWeek, type SummaryWeek } from "../summary/index.js";

/** A roll-up week: a summary week on the roll-up's own day and time. */
export type RollupWeek = SummaryWeek;

/** The config with the roll-up's publishing day and time (default: the summary's) as the summary's. */
export const rollupSchedule = (config: Config): Config => ({
  ...config,
  summary: {
    ...config.summary,
    day: config.rollup.day ?? config.summary.day,
    time: config.rollup.time ?? config.summary.time,
  },
});

const titled = (week: SummaryWeek): RollupWeek => ({
  ...week,
  title: `Weekly roll-up: ${periodTitle(week.start.toPlainDate(), week.end.toPlainDate().subtract({ days: 1 }))}`,
});

/** The most recent roll-up week whose publishing moment is at or before `now`. */
export const latestRollupWeek = (now: Temporal.Instant, config: Config): RollupWeek =>
  titled(latestDueWeek(now, rollupSchedule(config)));

/** The roll-up week before. */
export const previousRollupWeek = (week: RollupWeek, config: Config): RollupWeek =>
  titled(previousWeek(week, rollupSchedule(config)));
