/**
 * `/blocked REASON` and `/unblocked`: the `blocked` label, and one comment that keeps the
 * reason (the weekly summary and the sync agenda list it). The commands are read with the
 * decision commands, from the same comment.
 */
export { BLOCKED_LABEL, type BlockedState, decodeBlocked, planBlocked } from "./plan.js";

/** Labels this capability writes. */
export const isBlockedLabel = (name: string) => name.toLowerCase() === "blocked";
