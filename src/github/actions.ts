/** A label the app owns, created with its colour and description when the repo lacks it. */
export interface LabelSpec {
  name: string;
  color: string;
  description: string;
}

export type CheckConclusion = "success" | "failure" | "neutral";

/** The reactions the app leaves on comments (GitHub's names), and how they look. */
export const REACTIONS = { "+1": "👍" } as const;
export type Reaction = keyof typeof REACTIONS;

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
      /**
       * The comment when the caller already read the thread (`null`: known not to exist), which
       * saves listing the comments again.
       */
      existing?: { id: number; body: string } | null;
    }
  /** A new comment; callers dedupe by the marker it starts with before planning it. */
  | {
      type: "createComment";
      issueNumber: number;
      body: string;
      /** Skip when a comment of the app with this marker appeared meanwhile (checked right before posting). */
      unlessMarker?: string;
    }
  /** Append a marked section to the issue body, unless that exact section is already there. */
  | { type: "appendToIssueBody"; issueNumber: number; marker: string; text: string }
  | { type: "closeIssue"; issueNumber: number }
  /** Replace the body of an issue the app wrote (its agenda); planned only when it changed. */
  | { type: "editIssueBody"; issueNumber: number; body: string }
  /** Create the repository label with its colour and description if it is missing. */
  | { type: "ensureLabel"; label: LabelSpec }
  /** Delete a repository label once no issue or PR carries it (stale `due:` labels). */
  | { type: "deleteLabelIfUnused"; name: string }
  | { type: "deleteComment"; issueNumber: number; marker: string }
  /** Create or update the repository label, description and colour included (a durable note). */
  | { type: "updateLabel"; label: LabelSpec }
  /** A new issue with labels (each created first if missing); callers claim it first. */
  | { type: "createIssue"; title: string; body: string; labels: LabelSpec[]; marker: string }
  /**
   * React to a comment (on an issue or a pull request's conversation), acknowledging a command.
   * Idempotent: GitHub answers 200 for the app's existing reaction and 201 for a new one.
   */
  | { type: "addReaction"; commentId: number; content: Reaction }
  | { type: "addLabel"; issueNumber: number; label: LabelSpec }
  | { type: "removeLabel"; issueNumber: number; name: string };

/** One line per action, for logs and `--dry-run`. */
export function describeAction(action: Action): string {
  switch (action.type) {
    case "createCheckRun":
      return `create check run "${action.name}" on ${action.headSha.slice(0, 7)}: ${action.conclusion} (${action.title})`;
    case "upsertComment":
      return `${action.createIfMissing ? "create or update" : "update (if present)"} comment ${action.marker} on #${action.issueNumber}`;
    case "createComment":
      return `comment on #${action.issueNumber}: ${action.body.split("\n").find((l) => l.trim() !== "" && !l.startsWith("<!--")) ?? ""}`;
    case "appendToIssueBody":
      return `append ${action.marker} to the body of #${action.issueNumber}`;
    case "closeIssue":
      return `close #${action.issueNumber}`;
    case "editIssueBody":
      return `edit the body of #${action.issueNumber} (${action.body.length} characters)`;
    case "ensureLabel":
      return `create label "${action.label.name}" if missing`;
    case "deleteLabelIfUnused":
      return `delete label "${action.name}" if no issue uses it`;
    case "deleteComment":
      return `delete comment ${action.marker} on #${action.issueNumber}`;
    case "updateLabel":
      return `set label "${action.label.name}": ${action.label.description}`;
    case "createIssue":
      return `create issue "${action.title}" labelled ${action.labels.map((l) => l.name).join(", ")} (${action.body.length} characters)`;
    case "addReaction":
      return `react ${REACTIONS[action.content]} (${action.content}) to comment ${action.commentId}`;
    case "addLabel":
      return `add label "${action.label.name}" to #${action.issueNumber}`;
    case "removeLabel":
      return `remove label "${action.name}" from #${action.issueNumber}`;
  }
}
