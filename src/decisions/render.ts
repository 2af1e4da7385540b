import { Temporal } from "temporal-polyfill";
import type { Config } from "../config/schema.js";
import { MARKERS } from "../github/markers.js";
import { truncateMarkdown } from "../markdown/escape.js";
import { render } from "../output/render.js";
import type { ProjectCalendar } from "../time/calendar.js";
import { DEADLINE_EXAMPLES, describeUntil, formatDeadline } from "../time/deadline.js";
import { formatSpan } from "../time/duration.js";
import type { Reply } from "./rules.js";
import { type DecisionState, encodeState, type Objection, openObjections } from "./state.js";

const COMMENT_LIMIT = 65_536;

function deadlineView(state: DecisionState, now: Temporal.Instant, calendar: ProjectCalendar) {
  const deadline = Temporal.Instant.from(state.deadline).toZonedDateTimeISO(calendar.timeZone);
  return { ...formatDeadline(deadline), relative: describeUntil(deadline, now, calendar) };
}

/** The status comment; stakeholders are @-mentioned only in its first version. */
export function statusComment(
  state: DecisionState,
  opts: {
    now: Temporal.Instant;
    calendar: ProjectCalendar;
    mention: boolean;
    closeOnAccept: boolean;
  },
): string {
  const body = render("decision-status.md", {
    marker: MARKERS.decision(state.id),
    status: state.status,
    recommendation: state.recommendation,
    deadline: deadlineView(state, opts.now, opts.calendar),
    owner: state.owner,
    stakeholders: state.stakeholders,
    mention: opts.mention,
    closedBy: state.closedBy ?? null,
    agreements: state.agreements.map((a) => a.user),
    objections: openObjections(state),
    withdrawn: state.objections.filter((o) => o.withdrawnAt),
    closeOnAccept: opts.closeOnAccept,
    state: encodeState(state),
  });
  return truncateForState(body, encodeState(state));
}

/** Cut an over-long status comment without losing its state block. */
function truncateForState(body: string, stateBlock: string): string {
  if (body.length <= COMMENT_LIMIT) return body;
  return `${truncateMarkdown(body.slice(0, body.length - stateBlock.length - 1), COMMENT_LIMIT - stateBlock.length - 2)}\n${stateBlock}\n`;
}

export function replyComment(reply: Reply, user: string, config: Config): string {
  return render("decision-reply.md", {
    marker: MARKERS.reply(reply.key),
    user,
    examples: DEADLINE_EXAMPLES,
    timezone: config.timezone,
    defaultDeadline: formatSpan(config.decisions.default_deadline),
    minDeadline: formatSpan(config.decisions.min_deadline),
    maxDeadline: formatSpan(config.decisions.max_deadline),
    deciders: config.decisions.author_can_decide
      ? "write access, or the issue's author"
      : "write access",
    objectors: {
      collaborators: "collaborators",
      stakeholders: "stakeholders and writers",
      anyone: "anyone",
    }[config.decisions.objections_from],
    ...reply,
  });
}

export function objectionNotice(state: DecisionState, objection: Objection, url: string): string {
  return render("decision-notice.md", {
    marker: MARKERS.notice("objection", state.id),
    kind: "objection",
    owner: `@${state.owner}`,
    objector: objection.user,
    reason: objection.reason,
    url,
  });
}

export function reminderNotice(
  state: DecisionState,
  people: string[],
  url: string,
  now: Temporal.Instant,
  calendar: ProjectCalendar,
): string {
  const d = deadlineView(state, now, calendar);
  return render("decision-notice.md", {
    marker: MARKERS.notice("reminder", state.id),
    kind: "reminder",
    recommendation: state.recommendation,
    relative: d.relative,
    local: d.local,
    people,
    url,
  });
}

export function resultNotice(state: DecisionState, url: string): string {
  const kind =
    state.status === "accepted"
      ? "accepted"
      : state.status === "rejected"
        ? "rejected"
        : "needs_sync";
  // The sync notice has its own marker: a decision can go to the sync and be accepted later.
  const marker = MARKERS.notice(kind === "needs_sync" ? "sync" : "result", state.id);
  return render("decision-notice.md", {
    marker,
    kind,
    recommendation: state.recommendation,
    by: state.closedBy ?? "",
    objections: openObjections(state),
    url,
  });
}

/** The `## Decision` section appended to the issue body: the decision recorded in the document. */
export function decisionRecord(
  state: DecisionState,
  url: string,
  calendar: ProjectCalendar,
): string {
  const date = Temporal.Instant.from(state.closedAt ?? state.deadline)
    .toZonedDateTimeISO(calendar.timeZone)
    .toPlainDate()
    .toString();
  return render("decision-record.md", {
    marker: MARKERS.record(state.id),
    recommendation: state.recommendation,
    date,
    timezone: calendar.timeZone,
    owner: state.owner,
    agreements: state.agreements.map((a) => a.user),
    withdrawn: state.objections.filter((o) => o.withdrawnAt),
    url,
  });
}
