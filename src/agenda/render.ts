import { Temporal } from "temporal-polyfill";
import { openObjections } from "../decisions/index.js";
import { MARKERS } from "../github/markers.js";
import type { RepoRef } from "../github/port.js";
import { codeSpan, truncateMarkdown } from "../markdown/escape.js";
import { inlineText } from "../markdown/inline.js";
import { render } from "../output/render.js";
import { formatSpan } from "../time/duration.js";
import {
  type AgendaState,
  type Entry,
  encodeAgendaState,
  type ItemReading,
  isSettled,
  MAX_ENTRIES,
  type Outcome,
  refOf,
} from "./model.js";
import type { SyncConfig } from "./schedule.js";

/** GitHub's limit for issue bodies. */
const BODY_LIMIT = 65_536;
/** Longest user text (titles, reasons) tried, largest first, until the body fits. */
const TEXT_LIMITS = [Number.POSITIVE_INFINITY, 300, 100, 40];
/** Objections listed per decision. */
const MAX_OBJECTIONS = 10;

export interface EntryView {
  done: boolean;
  ref: string;
  url: string;
  title: string;
  /** Lines under the entry: the recommendation and objections, the reason. Escaped. */
  details: string[];
  outcome: string | null;
  carried: string | null;
}

export interface AgendaView {
  marker: string;
  state: string;
  when: string;
  scope: string | null;
  next: string | null;
  carried: number;
  started: boolean;
  settled: boolean;
  empty: boolean;
  blockedAfter: string;
  decisions: EntryView[];
  flagged: EntryView[];
  blocked: EntryView[];
  overflow: number;
  maxEntries: number;
  mentions: string | null;
}

const cut = (text: string, limit: number) =>
  text.length > limit ? `${text.slice(0, Math.max(1, limit - 1))}…` : text;
/** User text on one line: escaped for Markdown, would-be mentions as code. */
const text = (value: string, limit: number) => inlineText(cut(value, limit));
/** A name: as code, so it notifies no one. */
const name = (login: string) => codeSpan(login);

const RESULTS: Record<Outcome["result"], string> = {
  accepted: "accepted",
  rejected: "rejected",
  cancelled: "cancelled",
  extended: "extended",
  done: "done",
  unblocked: "unblocked",
  closed: "closed",
  gone: "no longer on GitHub",
};

function outcomeText(outcome: Outcome): string {
  const until = outcome.until ? ` to ${outcome.until}` : "";
  const by = outcome.by ? ` by ${name(outcome.by)}` : "";
  return `**${RESULTS[outcome.result]}**${until}${by} ([record](${outcome.url}))`;
}

function details(entry: Entry, reading: ItemReading | undefined, limit: number): string[] {
  if (entry.outcome || !reading) return [];
  switch (entry.kind) {
    case "decision": {
      const state = reading.decision?.state;
      if (!state) return [];
      const objections = openObjections(state);
      return [
        `Recommendation: ${text(state.recommendation, limit)} ([status](${reading.decision?.url}))`,
        ...objections
          .slice(0, MAX_OBJECTIONS)
          .map((o) => `Objection from ${name(o.user)}: ${text(o.reason, limit)}`),
        ...(objections.length > MAX_OBJECTIONS
          ? [`…and ${objections.length - MAX_OBJECTIONS} more objections`]
          : []),
      ];
    }
    case "flagged": {
      const flag = reading.flag?.state;
      return flag ? [`Raised by ${name(flag.by)}: ${text(flag.reason, limit)}`] : [];
    }
    case "blocked": {
      const blocked = reading.blocked?.state;
      return blocked
        ? [
            `Blocked since ${blocked.at.slice(0, 10)} by ${name(blocked.by)}: ${text(blocked.reason, limit)}`,
          ]
        : [];
    }
  }
}

/**
 * The agenda's view model (pure): its entries by kind, each ticked once settled with its
 * outcome and a link, open ones with what the sync must look at; the people to mention.
 */
export function buildAgendaView(input: {
  state: AgendaState;
  /** The sync, as the title says it. */
  when: string;
  home: RepoRef;
  readings: ReadonlyMap<string, ItemReading>;
  sync: SyncConfig;
  now: Temporal.Instant;
  overflow?: number;
  limit?: number;
}): AgendaView {
  const { state, home } = input;
  const limit = input.limit ?? Number.POSITIVE_INFINITY;
  const homeRepo = `${home.owner}/${home.repo}`.toLowerCase();
  const view = (entry: Entry): EntryView => ({
    done: entry.outcome !== undefined,
    ref:
      entry.repo.toLowerCase() === homeRepo
        ? `#${entry.number}`
        : `${entry.repo.split("/")[1] ?? entry.repo}#${entry.number}`,
    url: entry.url,
    title: text(entry.title, limit),
    details: details(entry, input.readings.get(refOf(entry)), limit),
    outcome: entry.outcome ? outcomeText(entry.outcome) : null,
    carried: entry.carriedFrom ? `carried over from #${entry.carriedFrom}` : null,
  });
  const of = (kind: Entry["kind"]) => state.entries.filter((e) => e.kind === kind).map(view);
  return {
    marker: MARKERS.agenda(state.key),
    state: encodeAgendaState(state),
    when: input.when,
    scope: state.org ? `every repository of ${name(state.org)}` : null,
    next: state.next ? `#${state.next.number}` : null,
    carried: state.next ? state.entries.filter((e) => !e.outcome).length : 0,
    started: Temporal.Instant.compare(input.now, Temporal.Instant.from(state.syncAt)) >= 0,
    settled: isSettled(state, input.now),
    empty: state.entries.length === 0,
    blockedAfter: formatSpan(input.sync.blocked_after),
    decisions: of("decision"),
    flagged: of("flagged"),
    blocked: of("blocked"),
    overflow: input.overflow ?? 0,
    maxEntries: MAX_ENTRIES,
    // Real mentions, once: handles were checked when they joined `mentioned`.
    mentions: state.mentioned.length > 0 ? state.mentioned.map((m) => `@${m}`).join(" ") : null,
  };
}

/**
 * Render the agenda issue's body, shortening user text until it fits GitHub's 65,536
 * characters; the hidden state comes first, so even a cut body keeps it.
 */
export function renderAgenda(input: Parameters<typeof buildAgendaView>[0]): string {
  let body = "";
  for (const limit of TEXT_LIMITS) {
    body = render("agenda.md", buildAgendaView({ ...input, limit }));
    if (body.length <= BODY_LIMIT) return body;
  }
  return truncateMarkdown(body, BODY_LIMIT);
}
