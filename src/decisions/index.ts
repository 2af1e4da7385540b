/**
 * Async decisions (`/decide`, `/agree`, `/object`, …): what other capabilities may use. The
 * scheduled work is `job.ts`.
 */
export { mayHaveCommand } from "./commands.js";
export { COMMENT_EVENTS, handleCommentEvent } from "./handler.js";
export { DECISION_LABELS, isDecisionLabel } from "./labels.js";
export { type IssueThread, loadThread } from "./load.js";
export { type DecisionState, openObjections } from "./state.js";
