import { z } from "zod";
import type { Action } from "../github/actions.js";
import { decodeBlock, encodeBlock, MARKERS } from "../github/markers.js";
import { render } from "../output/render.js";

export const BLOCKED_LABEL = {
  name: "blocked",
  color: "b60205",
  description: "Blocked; the reason is in the async-status comment",
};
const BlockedStateSchema = z.object({
  blocked: z.boolean(),
  reason: z.string(),
  by: z.string(),
  at: z.string(),
});
export type BlockedState = z.infer<typeof BlockedStateSchema>;

/** Read the reason kept in the app's `/blocked` comment (the weekly summary lists it). */
export function decodeBlocked(body: string): BlockedState | undefined {
  return decodeBlock("blocked-state", body, BlockedStateSchema);
}

/** `/blocked REASON` and `/unblocked`: the `blocked` label, and one comment that keeps the reason. */
export function planBlocked(input: {
  issueNumber: number;
  labels: readonly string[];
  change: { action: "block"; reason: string; by: string } | { action: "unblock"; by: string };
  existing?: { id: number; body: string };
  now: string;
}): Action[] {
  const { issueNumber, change } = input;
  const has = input.labels.some((l) => l.toLowerCase() === BLOCKED_LABEL.name);
  const previous = input.existing ? decodeBlocked(input.existing.body) : undefined;
  const state: BlockedState =
    change.action === "block"
      ? {
          blocked: true,
          reason: change.reason,
          by: change.by,
          at: previous?.blocked && previous.reason === change.reason ? previous.at : input.now,
        }
      : { blocked: false, reason: previous?.reason ?? "", by: change.by, at: input.now };
  if (change.action === "unblock" && !has && !previous?.blocked) return [];
  const body = render("blocked.md", {
    marker: MARKERS.blocked,
    blocked: state.blocked,
    reason: state.reason,
    by: state.by,
    state: encodeBlock("blocked-state", state),
  });
  const actions: Action[] = [];
  if (change.action === "block" && !has)
    actions.push({ type: "addLabel", issueNumber, label: BLOCKED_LABEL });
  if (change.action === "unblock" && has)
    actions.push({ type: "removeLabel", issueNumber, name: BLOCKED_LABEL.name });
  actions.push({
    type: "upsertComment",
    issueNumber,
    marker: MARKERS.blocked,
    body,
    createIfMissing: true,
    existing: input.existing ?? null,
  });
  return actions;
}
