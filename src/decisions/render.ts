import { Temporal } from "temporal-polyfill";
import type { Config } from "../config/schema.js";
import { MARKERS } from "../github/markers.js";
import { truncateMarkdown } from "../markdown/escape.js";
import { render } from "../output/render.js";
import type { ProjectCalendar } from "../time/calendar.js";
import { DEADLINE_EXAMPLES, describeUntil, formatDeadline } from "../time/deadline.js";
import { formatSpan } from "../time/duration.js";
import type { Reply } from "./rules.js";
import { type DecisionState, encodeState, openObjections } from "./state.js";
import { MAX_NAMED_MEMBERS, NO_TEAMS, type TeamMembers, unanswered } from "./teams.js";

const COMMENT_LIMIT = 65_536;

function deadlineView(state: DecisionState, now: Temporal.Instant, calendar: ProjectCalendar) {
  const deadline = Temporal.Instant.from(state.deadline).toZonedDateTimeISO(calendar.timeZone);
  return { ...formatDeadline(deadline), relative: describeUntil(deadline, now, calendar) };
}

/** Who has not answered a pending decision, for the status comment (never mentioned). */
function waitingView(state: DecisionState, teams: TeamMembers) {
  if (state.status !== "pending") return [];
  return unanswered(state, teams).map((u) => {
    const members = u.kind === "team" ? u.members : [];
    return {
      handle: u.handle,
      members: members.slice(0, MAX_NAMED_MEMBERS),
      more: Math.max(0, members.length - MAX_NAMED_MEMBERS),
      unknown: u.kind === "unknown_team",
    };
  });
}

/**
 * The status comment; stakeholders are @-mentioned only in its first version. A pending
 * decision lists who has not answered: `teams` are the named teams' members as read (a team
 * missing from it shows as a team whose members are not known, which has not answered).
 */
export function statusComment(
  state: DecisionState,
  opts: {
    now: Temporal.Instant;
    calendar: ProjectCalendar;
    mention: boolean;
    closeOnAccept: boolean;
    teams?: TeamMembers;
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
    waiting: waitingView(state, opts.teams ?? NO_TEAMS),
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

/** The marker of the one reply comment to a command comment: it names every reply key it answers. */
export const replyMarker = (keys: readonly string[]) => MARKERS.reply(keys.join(" "));

/** The one reply comment to a command comment: its replies, in the order of its lines. */
export function replyComment(replies: readonly Reply[], user: string, config: Config): string {
  return render("decision-reply.md", {
    marker: replyMarker(replies.map((r) => r.key)),
    user,
    examples: DEADLINE_EXAMPLES,
    timezone: config.timezone,
    defaultDeadline: formatSpan(config.decisions.default_deadline),
    minDeadline: formatSpan(config.decisions.min_deadline),
    maxDeadline: formatSpan(config.decisions.max_deadline),
    deciders: config.decisions.author_can_decide
      ? "write access, or the issue's author"
      : "write access",
    // The decision's stakeholders may always answer it; `/blocked` follows `objections_from` only.
    answerers: {
      collaborators: "collaborators, and the decision's stakeholders",
      stakeholders: "stakeholders and writers",
      anyone: "anyone",
    }[config.decisions.objections_from],
    blockers: {
      collaborators: "collaborators",
      stakeholders: "stakeholders and writers",
      anyone: "anyone",
    }[config.decisions.objections_from],
    replies,
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

/** The announcement of an acceptance, or the agenda note of a decision that goes to the sync. */
export function resultNotice(state: DecisionState, url: string): string {
  const kind = state.status === "accepted" ? "accepted" : "needs_sync";
  // The sync notice has its own marker: a decision can go to the sync and be accepted later.
  const marker = MARKERS.notice(kind === "needs_sync" ? "sync" : "result", state.id);
  return render("decision-notice.md", {
    marker,
    kind,
    recommendation: state.recommendation,
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
