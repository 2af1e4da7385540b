import { z } from "zod";
import type { Action, LabelSpec } from "../github/actions.js";
import { decodeBlock, encodeBlock, MARKERS } from "../github/markers.js";
import { render } from "../output/render.js";

/** The label `/agenda REASON` adds, so the agenda job finds flagged items with one search. */
export const AGENDA_FLAG_LABEL: LabelSpec = {
  name: "sync: agenda",
  color: "c5def5",
  description: "On the next sync's agenda; the reason is in the async-status comment",
};

const FlagStateSchema = z.object({
  /** On the agenda now. */
  flagged: z.boolean(),
  reason: z.string(),
  by: z.string(),
  /** When it was flagged (or, for `/agenda done` alone, when that was said). */
  at: z.string(),
  /** `/agenda done`: the sync settled it. */
  done: z.object({ by: z.string(), at: z.string() }).optional(),
});
export type AgendaFlagState = z.infer<typeof FlagStateSchema>;

/** Read the state kept in the app's `/agenda` comment. */
export function decodeAgendaFlag(body: string): AgendaFlagState | undefined {
  return decodeBlock("agenda-flag", body, FlagStateSchema);
}

export type FlagChange =
  | { action: "flag"; reason: string; by: string }
  | { action: "done"; by: string };

/** The flag after a change; the times of an unchanged flag are kept, so a redelivery writes nothing. */
function nextState(
  previous: AgendaFlagState | undefined,
  change: FlagChange,
  now: string,
): AgendaFlagState {
  if (change.action === "flag") {
    const same = previous?.flagged && previous.reason === change.reason;
    return {
      flagged: true,
      reason: change.reason,
      by: change.by,
      at: same ? previous.at : now,
    };
  }
  if (previous && !previous.flagged && previous.done) return previous;
  return {
    flagged: false,
    reason: previous?.reason ?? "",
    by: previous?.by ?? change.by,
    at: previous?.at ?? now,
    done: { by: change.by, at: now },
  };
}

/**
 * `/agenda REASON` and `/agenda done`: the `sync: agenda` label (added, or removed once done)
 * and one comment of the app that keeps the reason and who settled it. `/agenda done` also
 * settles an item the agenda lists for another reason (blocked for long), so it is recorded
 * even on an item that was never flagged.
 */
export function planAgendaFlag(input: {
  issueNumber: number;
  labels: readonly string[];
  change: FlagChange;
  existing?: { id: number; body: string };
  now: string;
}): Action[] {
  const { issueNumber } = input;
  const has = input.labels.some((l) => l.toLowerCase() === AGENDA_FLAG_LABEL.name);
  const state = nextState(
    input.existing ? decodeAgendaFlag(input.existing.body) : undefined,
    input.change,
    input.now,
  );
  const body = render("agenda-flag.md", {
    marker: MARKERS.agendaFlag,
    flagged: state.flagged,
    reason: state.reason,
    by: state.by,
    doneBy: state.done?.by ?? "",
    state: encodeBlock("agenda-flag", state),
  });
  const actions: Action[] = [];
  if (state.flagged && !has)
    actions.push({ type: "addLabel", issueNumber, label: AGENDA_FLAG_LABEL });
  if (!state.flagged && has)
    actions.push({ type: "removeLabel", issueNumber, name: AGENDA_FLAG_LABEL.name });
  actions.push({
    type: "upsertComment",
    issueNumber,
    marker: MARKERS.agendaFlag,
    body,
    createIfMissing: true,
    existing: input.existing ?? null,
  });
  return actions;
}
