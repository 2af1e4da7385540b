import { z } from "zod";
import { isOwnMarkedComment } from "../github/marked-comment.js";
import { decodeBlock, encodeBlock, MARKERS } from "../github/markers.js";

const Objection = z.object({
  user: z.string(),
  reason: z.string(),
  at: z.string(),
  withdrawnAt: z.string().optional(),
  withdrawnBy: z.string().optional(),
});

/** The machine-readable state kept (base64 JSON) in the app's own status comment. */
export const DecisionStateSchema = z.object({
  v: z.literal(1),
  /** The id of the comment that opened the decision. */
  id: z.string(),
  status: z.enum(["pending", "accepted", "rejected", "cancelled", "needs_sync"]),
  recommendation: z.string(),
  owner: z.string(),
  openedAt: z.string(),
  /** ISO instant. */
  deadline: z.string(),
  stakeholders: z.array(z.string()),
  agreements: z.array(z.object({ user: z.string(), at: z.string() })),
  objections: z.array(Objection),
  reminded: z.boolean(),
  /**
   * No longer read or set (the owner is not sent a notice of objections any more); still
   * written, as `false` for new decisions, so an earlier version reading the state accepts it.
   */
  ownerNotified: z.boolean(),
  closedAt: z.string().optional(),
  closedBy: z.string().optional(),
  /** Commands already applied (`<comment id>:<line>`), so a redelivery changes nothing. */
  applied: z.array(z.string()),
});
export type DecisionState = z.infer<typeof DecisionStateSchema>;
export type Objection = z.infer<typeof Objection>;

export function encodeState(state: DecisionState): string {
  return encodeBlock("decision-state", state);
}

/** Read the state block of a status comment; `undefined` when absent or malformed. */
export function decodeState(body: string): DecisionState | undefined {
  return decodeBlock("decision-state", body, DecisionStateSchema);
}

export interface CommentLike {
  id: number;
  body?: string | null;
  html_url?: string;
  created_at?: string;
  updated_at?: string;
  user?: { login?: string; type?: string } | null;
  performed_via_github_app?: { id?: number } | null;
}

export interface StoredDecision {
  state: DecisionState;
  commentId: number;
  commentUrl: string;
  commentBody: string;
}

/**
 * The current decision: the state in the newest status comment written by this app.
 * Markers in other people's comments (or the issue body) are never read.
 */
export function findDecision(
  comments: readonly CommentLike[],
  appId?: number,
): StoredDecision | undefined {
  let found: StoredDecision | undefined;
  for (const comment of comments) {
    if (!isOwnMarkedComment(comment, MARKERS.decisionPrefix, appId)) continue;
    const state = decodeState(comment.body ?? "");
    if (state && (!found || comment.id > found.commentId))
      found = {
        state,
        commentId: comment.id,
        commentUrl: comment.html_url ?? "",
        commentBody: comment.body ?? "",
      };
  }
  return found;
}

export const openObjections = (state: DecisionState) =>
  state.objections.filter((o) => !o.withdrawnAt);
/** Still to be decided: pending, or waiting for the sync after its deadline. */
export const isActive = (state: DecisionState) =>
  state.status === "pending" || state.status === "needs_sync";
