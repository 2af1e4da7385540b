import examples from "@octokit/webhooks-examples/api.github.com/index.json" with { type: "json" };

type Example = Record<string, unknown> & { action: string };
const INSTALLATION = { id: 2, node_id: "MDIzOkludGVncmF0aW9uSW5zdGFsbGF0aW9uMg==" };

/** A deep copy of the first real payload of `event.action` from @octokit/webhooks-examples. */
export function realPayload(event: string, action: string): Example {
  const group = (examples as Array<{ name: string; examples: Example[] }>).find(
    (e) => e.name === event,
  );
  const found = group?.examples.find((e) => e.action === action);
  if (!found) throw new Error(`no example for ${event}.${action}`);
  const copy = structuredClone(found);
  copy.installation = INSTALLATION;
  return copy;
}

type Overrides = {
  body?: string | null;
  labels?: string[];
  draft?: boolean;
  userType?: string;
  login?: string;
  state?: string;
};

function applyOverrides(target: Record<string, unknown>, o: Overrides) {
  if ("body" in o) target.body = o.body;
  if (o.labels)
    target.labels = o.labels.map((name, i) => ({
      id: 100 + i,
      name,
      color: "ededed",
      default: false,
      description: null,
    }));
  if (o.draft !== undefined) target.draft = o.draft;
  if (o.state) target.state = o.state;
  const user = target.user as Record<string, unknown>;
  if (o.userType) user.type = o.userType;
  if (o.login) user.login = o.login;
}

type EventOverrides = Overrides & {
  previousBody?: string | null;
  label?: string;
  senderType?: string;
};

/** The parts every `pull_request` / `issues` payload shares: `changes`, `label`, `sender`. */
function applyEventOverrides(payload: Example, action: string, o: EventOverrides): Example {
  payload.action = action;
  if (action === "edited")
    payload.changes =
      "previousBody" in o ? { body: { from: o.previousBody } } : { title: { from: "Old title" } };
  if (o.label)
    payload.label = { id: 1, name: o.label, color: "ededed", default: false, description: null };
  if (o.senderType) (payload.sender as Record<string, unknown>).type = o.senderType;
  return payload;
}

/** A `pull_request.<action>` payload; `edited` is derived from `opened` plus a `changes` object. */
export function pullRequestPayload(action: string, o: EventOverrides = {}) {
  const payload = realPayload("pull_request", action === "edited" ? "opened" : action);
  applyOverrides(payload.pull_request as Record<string, unknown>, o);
  return applyEventOverrides(payload, action, o);
}

/** An `issues.<action>` payload. */
export function issuePayload(action: string, o: EventOverrides = {}) {
  const payload = realPayload("issues", action);
  applyOverrides(payload.issue as Record<string, unknown>, o);
  return applyEventOverrides(payload, action, o);
}

/** An `issue_comment.<action>` payload: a comment on issue #1 of Codertocat/Hello-World. */
export function commentPayload(
  action: "created" | "edited",
  o: {
    body: string;
    previousBody?: string;
    id?: number;
    login?: string;
    userType?: string;
    labels?: string[];
    title?: string;
    isPrivate?: boolean;
    /** Who edited the comment (the sender), when not its author. */
    editor?: string;
  },
) {
  const payload = realPayload("issue_comment", action);
  const comment = payload.comment as Record<string, unknown>;
  comment.body = o.body;
  comment.id = o.id ?? 1001;
  const user = comment.user as Record<string, unknown>;
  user.login = o.login ?? "octocat";
  user.type = o.userType ?? "User";
  const issue = payload.issue as Record<string, unknown>;
  issue.labels = (o.labels ?? []).map((name, i) => ({
    id: 100 + i,
    name,
    color: "ededed",
    default: false,
    description: null,
  }));
  if (o.title) issue.title = o.title;
  (payload.repository as Record<string, unknown>).private = o.isPrivate ?? false;
  if (action === "edited") payload.changes = { body: { from: o.previousBody ?? "" } };
  // The sender is the comment's author unless someone else edited it.
  const sender = payload.sender as Record<string, unknown>;
  sender.login = o.editor ?? o.login ?? "octocat";
  sender.type = o.userType ?? "User";
  return payload;
}
