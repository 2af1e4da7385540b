import { Temporal } from "temporal-polyfill";
import { z } from "zod";
import type { BlockedState } from "../blocked/index.js";
import type { Config } from "../config/schema.js";
import { type DecisionState, openObjections } from "../decisions/index.js";
import { decodeBlock, encodeBlock } from "../github/markers.js";
import type { AgendaFlagState } from "./flag.js";
import { type SyncConfig, shift } from "./schedule.js";

/** Why an item is on the agenda. */
export type EntryKind = "decision" | "flagged" | "blocked";

const OutcomeSchema = z.object({
  result: z.enum([
    "accepted",
    "rejected",
    "cancelled",
    "extended",
    "done",
    "unblocked",
    "closed",
    "gone",
  ]),
  /** Who settled it, when known. */
  by: z.string().optional(),
  /** `extended`: the new deadline's date in the project zone. */
  until: z.string().optional(),
  /** Where the outcome is recorded: the decision's status, the app's comment, the item. */
  url: z.string(),
  at: z.string(),
});
export type Outcome = z.infer<typeof OutcomeSchema>;

const EntrySchema = z.object({
  kind: z.enum(["decision", "flagged", "blocked"]),
  /** `owner/name` of the item's repository. */
  repo: z.string(),
  number: z.number(),
  title: z.string(),
  url: z.string(),
  addedAt: z.string(),
  /** The earlier agenda it was carried over from. */
  carriedFrom: z.number().optional(),
  /** Set once it is settled: the entry is ticked, and not read again. */
  outcome: OutcomeSchema.optional(),
});
export type Entry = z.infer<typeof EntrySchema>;

/** What an agenda issue remembers about itself, in a hidden block of its body. */
const AgendaStateSchema = z.object({
  v: z.literal(1),
  /** The sync's key (see `SyncSlot`). */
  key: z.string(),
  /** The sync's start, an ISO instant. */
  syncAt: z.string(),
  /** The organisation, for an organisation-wide agenda. */
  org: z.string().optional(),
  entries: z.array(EntrySchema),
  /** Everyone the body has mentioned, so an edit never mentions them again. */
  mentioned: z.array(z.string()),
  /** The next agenda, once this one is closed in its favour. */
  next: z.object({ number: z.number() }).optional(),
});
export type AgendaState = z.infer<typeof AgendaStateSchema>;

export const encodeAgendaState = (state: AgendaState) => encodeBlock("agenda-state", state);
export const decodeAgendaState = (body: string) =>
  decodeBlock("agenda-state", body, AgendaStateSchema);

/** At most this many items on one agenda: a short sync cannot take more, and the body must fit. */
export const MAX_ENTRIES = 50;
/** Titles are kept this short in the hidden state, so it stays small. */
const TITLE_KEPT = 100;

/** An item as the tick read it now: the issue, and the app's state in its comments. */
export interface ItemReading {
  repo: string;
  number: number;
  title: string;
  url: string;
  open: boolean;
  decision?: { state: DecisionState; url: string };
  flag?: { state: AgendaFlagState; url: string };
  blocked?: { state: BlockedState; url: string };
}

/** The key of an item across repositories: `owner/name#12`, lower case. */
export const refOf = (item: { repo: string; number: number }) =>
  `${item.repo.toLowerCase()}#${item.number}`;

export interface AgendaContext {
  sync: SyncConfig;
  config: Config;
  now: Temporal.Instant;
}

/** `a` (an ISO instant) is strictly before `b`. */
const before = (a: string, b: Temporal.Instant) =>
  Temporal.Instant.compare(Temporal.Instant.from(a), b) < 0;

/** Why an item belongs on the agenda now, if it does. */
export function eligibleKinds(reading: ItemReading, ctx: AgendaContext): EntryKind[] {
  if (!reading.open) return [];
  const kinds: EntryKind[] = [];
  if (reading.decision?.state.status === "needs_sync") kinds.push("decision");
  if (reading.flag?.state.flagged) kinds.push("flagged");
  const blocked = reading.blocked?.state;
  if (blocked?.blocked) {
    const since = Temporal.Instant.from(blocked.at).toZonedDateTimeISO(ctx.config.timezone);
    const old = shift(since, ctx.sync.blocked_after, 1, ctx.config).toInstant();
    if (Temporal.Instant.compare(old, ctx.now) <= 0) kinds.push("blocked");
  }
  return kinds;
}

/** How an entry was settled, read from its item now; `undefined` while it is still open. */
export function outcomeOf(
  entry: Entry,
  reading: ItemReading | undefined,
  ctx: AgendaContext,
): Outcome | undefined {
  const at = ctx.now.toString();
  if (!reading) return { result: "gone", url: entry.url, at };
  const closed: Outcome = { result: "closed", url: reading.url, at };
  switch (entry.kind) {
    case "decision": {
      const decision = reading.decision;
      if (!decision) return { result: "gone", url: reading.url, at };
      const { state, url } = decision;
      switch (state.status) {
        case "needs_sync":
          return reading.open ? undefined : closed;
        case "pending": {
          const until = Temporal.Instant.from(state.deadline)
            .toZonedDateTimeISO(ctx.config.timezone)
            .toPlainDate()
            .toString();
          return { result: "extended", until, url, at };
        }
        default:
          return {
            result: state.status,
            ...(state.closedBy ? { by: state.closedBy } : {}),
            url,
            at,
          };
      }
    }
    case "flagged": {
      const flag = reading.flag;
      if (flag?.state.done && !flag.state.flagged)
        return { result: "done", by: flag.state.done.by, url: flag.url, at };
      if (!flag?.state.flagged) return { result: "gone", url: reading.url, at };
      return reading.open ? undefined : closed;
    }
    case "blocked": {
      const done = reading.flag?.state.done;
      // `/agenda done` said since the entry was listed settles it too.
      if (done && reading.flag && !before(done.at, Temporal.Instant.from(entry.addedAt)))
        return { result: "done", by: done.by, url: reading.flag.url, at };
      const blocked = reading.blocked;
      if (!blocked?.state.blocked)
        return {
          result: "unblocked",
          ...(blocked ? { by: blocked.state.by } : {}),
          url: blocked?.url || reading.url,
          at,
        };
      return reading.open ? undefined : closed;
    }
  }
}

/** A handle GitHub would mention: a user or `org/team`, without the `@`. */
const HANDLE = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})(?:\/[A-Za-z0-9._-]+)?$/;

/** The people an entry concerns, to mention once: a decision's owner, stakeholders and objectors; who raised or blocked the item. */
export function peopleOf(entry: Entry, reading: ItemReading | undefined, config: Config): string[] {
  const decision = reading?.decision?.state;
  const raw =
    entry.kind === "decision" && decision
      ? [decision.owner, ...decision.stakeholders, ...openObjections(decision).map((o) => o.user)]
      : entry.kind === "flagged"
        ? [reading?.flag?.state.by ?? ""]
        : [reading?.blocked?.state.by ?? ""];
  const bots = new Set(config.bots.map((b) => b.toLowerCase()));
  return raw
    .map((p) => p.replace(/^@/, ""))
    .filter((p) => HANDLE.test(p) && !bots.has(p.toLowerCase()));
}

const sameEntry = (a: Pick<Entry, "kind" | "repo" | "number">, b: typeof a) =>
  a.kind === b.kind && refOf(a) === refOf(b);

/**
 * Bring an agenda's state up to date with what was read (pure): entries settled since are
 * given their outcome (and are not looked at again), open ones take the item's current title,
 * and items in `joining` that belong on the agenda now are added (late additions), or opened
 * again when they had been settled. The people of open entries join `mentioned`, in order.
 */
export function reconcile(input: {
  state: AgendaState;
  readings: ReadonlyMap<string, ItemReading>;
  /** Items that may join: the search's hits while the sync has not started, else none. */
  joining: readonly ItemReading[];
  ctx: AgendaContext;
}): { state: AgendaState; overflow: number } {
  const { readings, ctx } = input;
  const at = ctx.now.toString();
  const entries: Entry[] = input.state.entries.map((entry) => {
    if (entry.outcome) return entry;
    const reading = readings.get(refOf(entry));
    const outcome = outcomeOf(entry, reading, ctx);
    if (outcome) return { ...entry, outcome };
    return reading
      ? { ...entry, title: reading.title.slice(0, TITLE_KEPT), url: reading.url }
      : entry;
  });
  let overflow = 0;
  for (const reading of input.joining) {
    for (const kind of eligibleKinds(reading, ctx)) {
      const key = { kind, repo: reading.repo, number: reading.number };
      const index = entries.findIndex((e) => sameEntry(e, key));
      const existing = entries[index];
      if (existing) {
        if (existing.outcome) {
          const { outcome: _settled, ...open } = existing;
          entries[index] = { ...open, addedAt: at };
        }
        continue;
      }
      if (entries.length >= MAX_ENTRIES) {
        overflow++;
        continue;
      }
      entries.push({
        ...key,
        title: reading.title.slice(0, TITLE_KEPT),
        url: reading.url,
        addedAt: at,
      });
    }
  }
  const mentioned = [...input.state.mentioned];
  const known = new Set(mentioned.map((m) => m.toLowerCase()));
  for (const entry of entries) {
    if (entry.outcome) continue;
    for (const person of peopleOf(entry, readings.get(refOf(entry)), ctx.config)) {
      if (known.has(person.toLowerCase())) continue;
      known.add(person.toLowerCase());
      mentioned.push(person);
    }
  }
  return { state: { ...input.state, entries, mentioned }, overflow };
}

/** The sync has started and every entry is settled: the agenda can close. */
export const isSettled = (state: AgendaState, now: Temporal.Instant) =>
  !before(now.toString(), Temporal.Instant.from(state.syncAt)) &&
  state.entries.every((e) => e.outcome);
