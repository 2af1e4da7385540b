import type { ItemKind } from "./requirements.js";

/** What the template check needs to know about a pull request or an issue. */
export interface CheckedItem {
  kind: ItemKind;
  number: number;
  body: string | null;
  labels: string[];
  author: { login: string; type: string };
  draft: boolean;
  state: "open" | "closed";
  /** Pull requests only. */
  headSha?: string;
}

/** What happened: the webhook action, plus what changed. */
export interface Trigger {
  action: string;
  /** `edited` only: the body before the edit, when the body changed. */
  previousBody?: string | null;
  /** `labeled` / `unlabeled` only. */
  label?: string;
}

interface PayloadUser {
  login: string;
  type?: string;
}
interface PayloadLabel {
  name: string;
}

/** Build the item from a `pull_request.*` payload. */
export function itemFromPullRequest(pr: {
  number: number;
  body?: string | null;
  labels?: Array<PayloadLabel | null>;
  user: PayloadUser | null;
  draft?: boolean;
  state: string;
  head: { sha: string };
}): CheckedItem {
  return {
    kind: "pr",
    number: pr.number,
    body: pr.body ?? null,
    labels: (pr.labels ?? []).flatMap((l) => (l ? [l.name] : [])),
    author: { login: pr.user?.login ?? "ghost", type: pr.user?.type ?? "User" },
    draft: pr.draft === true,
    state: pr.state === "closed" ? "closed" : "open",
    headSha: pr.head.sha,
  };
}

/** Build the item from an `issues.*` payload. */
export function itemFromIssue(issue: {
  number: number;
  body?: string | null;
  labels?: Array<PayloadLabel | null>;
  user: PayloadUser | null;
  state?: string;
}): CheckedItem {
  return {
    kind: "issue",
    number: issue.number,
    body: issue.body ?? null,
    labels: (issue.labels ?? []).flatMap((l) => (l ? [l.name] : [])),
    author: { login: issue.user?.login ?? "ghost", type: issue.user?.type ?? "User" },
    draft: false,
    state: issue.state === "closed" ? "closed" : "open",
  };
}

/** Build the trigger from any `pull_request` or `issues` payload. */
export function triggerFrom(payload: {
  action: string;
  changes?: unknown;
  label?: PayloadLabel;
}): Trigger {
  const trigger: Trigger = { action: payload.action };
  const changes = payload.changes;
  if (
    payload.action === "edited" &&
    typeof changes === "object" &&
    changes !== null &&
    "body" in changes
  ) {
    const from = (changes.body as { from?: unknown } | null)?.from;
    trigger.previousBody = typeof from === "string" ? from : null;
  }
  if (payload.label) trigger.label = payload.label.name;
  return trigger;
}
