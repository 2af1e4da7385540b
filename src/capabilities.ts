import { isAgendaLabel } from "./agenda/index.js";
import { agendaJob } from "./agenda/job.js";
import { isBlockedLabel } from "./blocked/index.js";
import { type Config, DEFAULT_CONFIG } from "./config/schema.js";
import { isDecisionLabel } from "./decisions/index.js";
import { decisionsJob, lostCommandsJob } from "./decisions/job.js";
import type { Job } from "./job.js";
import { isRollupLabel } from "./rollup/index.js";
import { rollupJob } from "./rollup/job.js";
import { isSummaryLabel } from "./summary/index.js";
import { summaryJob } from "./summary/job.js";
import { isTemplateLabel } from "./template-check/index.js";
import { templateRepairJob } from "./template-check/job.js";

/**
 * The registry of capabilities. A capability with scheduled work adds its job here (one
 * line); the tick, the CLI and the GitHub Action run whatever is listed, in order.
 */
export const JOBS: readonly Job[] = [
  lostCommandsJob,
  decisionsJob,
  summaryJob,
  agendaJob,
  templateRepairJob,
  rollupJob,
];

/** Each capability's own labels (its declared names, and the configured ones). */
const LABEL_OWNERS: ReadonlyArray<(name: string, config: Config) => boolean> = [
  isTemplateLabel,
  isDecisionLabel,
  isBlockedLabel,
  isSummaryLabel,
  isRollupLabel,
  isAgendaLabel,
];

/**
 * Whether async-status writes this label itself, so a change to it needs no re-check. With
 * no config at hand, the default names are used.
 */
export const isAppLabel = (name: string, config: Config = DEFAULT_CONFIG) =>
  LABEL_OWNERS.some((owns) => owns(name, config));
