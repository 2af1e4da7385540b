/**
 * The sync agenda: `/agenda REASON` and `/agenda done` (read with the decision commands, from
 * the same comment) and what other capabilities may use. The scheduled work, publishing and
 * updating the agenda issue, is `job.ts`.
 */
import type { Config } from "../config/schema.js";
import { AGENDA_FLAG_LABEL } from "./flag.js";

export {
  AGENDA_FLAG_LABEL,
  type AgendaFlagState,
  decodeAgendaFlag,
  planAgendaFlag,
} from "./flag.js";

/** The label of agenda issues when `sync.label` is not set. */
export const DEFAULT_AGENDA_LABEL = "sync-agenda";

/** Labels this capability writes: the `/agenda` flag, the agenda issues' label, and its claims. */
export const isAgendaLabel = (name: string, config: Config) => {
  const lower = name.toLowerCase();
  return (
    lower === AGENDA_FLAG_LABEL.name ||
    lower === (config.sync?.label ?? DEFAULT_AGENDA_LABEL).toLowerCase() ||
    lower.startsWith("async-status-lock: agenda ")
  );
};
export { type AgendaRunResult, type AgendaTarget, agendaTarget, runAgenda } from "./run.js";
