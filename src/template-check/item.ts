import { labelNames } from "../github/port.js";
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
  /** The payload's description was no longer the current one when the check ran. */
  stale?: boolean;
}

interface PayloadUser {
  login: string;
  type?: string;
}
interface PayloadLabel {
  name: string;
}

interface PayloadItem {
  number: number;
  body?: string | null;
  labels?: Array<string | { name?: string } | null>;
  user: PayloadUser | null;
  state?: string;
}

function baseItem(kind: CheckedItem["kind"], item: PayloadItem): CheckedItem {
  return {
    kind,
    number: item.number,
    body: item.body ?? null,
    labels: labelNames(item.labels),
    author: { login: item.user?.login ?? "ghost", type: item.user?.type ?? "User" },
    draft: false,
    state: item.state === "closed" ? "closed" : "open",
  };
}

/** Build the item from a `pull_request.*` payload. */
export function itemFromPullRequest(
  pr: PayloadItem & { draft?: boolean; head: { sha: string } },
): CheckedItem {
  return { ...baseItem("pr", pr), draft: pr.draft === true, headSha: pr.head.sha };
}

/** Build the item from an `issues.*` payload. */
export function itemFromIssue(issue: PayloadItem): CheckedItem {
  return baseItem("issue", issue);
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
