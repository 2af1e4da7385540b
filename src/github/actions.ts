/** A label the app owns, created with its colour and description when the repo lacks it. */
export interface LabelSpec {
  name: string;
  color: string;
  description: string;
}

export type CheckConclusion = "success" | "failure" | "neutral";

/** One intended write to GitHub. Planners return these; the executor performs (or prints) them. */
export type Action =
  | {
      type: "createCheckRun";
      name: string;
      headSha: string;
      conclusion: CheckConclusion;
      title: string;
      summary: string;
    }
  | {
      /** Edit the app's marked comment if its body differs; create it only when `createIfMissing`. */
      type: "upsertComment";
      issueNumber: number;
      marker: string;
      body: string;
      createIfMissing: boolean;
    }
  | { type: "deleteComment"; issueNumber: number; marker: string }
  | { type: "addLabel"; issueNumber: number; label: LabelSpec }
  | { type: "removeLabel"; issueNumber: number; name: string };

/** One line per action, for logs and `--dry-run`. */
export function describeAction(action: Action): string {
  switch (action.type) {
    case "createCheckRun":
      return `create check run "${action.name}" on ${action.headSha.slice(0, 7)}: ${action.conclusion} (${action.title})`;
    case "upsertComment":
      return `${action.createIfMissing ? "create or update" : "update (if present)"} comment ${action.marker} on #${action.issueNumber}`;
    case "deleteComment":
      return `delete comment ${action.marker} on #${action.issueNumber}`;
    case "addLabel":
      return `add label "${action.label.name}" to #${action.issueNumber}`;
    case "removeLabel":
      return `remove label "${action.name}" from #${action.issueNumber}`;
  }
}
