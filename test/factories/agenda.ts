import { Temporal } from "temporal-polyfill";
import type { AgendaFlagState } from "../../src/agenda/flag.js";
import type { AgendaContext, AgendaState, ItemReading } from "../../src/agenda/model.js";
import { type Config, ConfigSchema } from "../../src/config/schema.js";
import type { DecisionState } from "../../src/decisions/state.js";
import { makeDecision } from "./decision.js";

/** A fortnightly Thursday sync at 16:00 in Berlin, from 10 December 2026. */
export const SYNC_CONFIG_YAML = `timezone: Europe/Berlin
sync:
  day: thursday
  time: "16:00"
  first: 2026-12-10
`;
export const SYNC_CONFIG: Config = ConfigSchema.parse({
  timezone: "Europe/Berlin",
  sync: { day: "thursday", time: "16:00", first: "2026-12-10" },
});
/** The first sync: Thursday 10 December 2026, 16:00 in Berlin. */
export const SYNC_AT = Temporal.Instant.from("2026-12-10T15:00:00Z");
/** Its agenda's time, 24 hours before. */
export const PUBLISH_AT = Temporal.Instant.from("2026-12-09T15:00:00Z");

export const agendaContext = (now: Temporal.Instant, config = SYNC_CONFIG): AgendaContext => ({
  sync: config.sync as NonNullable<Config["sync"]>,
  config,
  now,
});

const REPO = "Codertocat/Hello-World";
const url = (number: number) => `https://github.com/${REPO}/issues/${number}`;

/** An open issue as the agenda reads it, with nothing of the app's on it. */
export const makeReading = (number: number, overrides: Partial<ItemReading> = {}): ItemReading => ({
  repo: REPO,
  number,
  title: `Item ${number}`,
  url: url(number),
  open: true,
  ...overrides,
});

/** An issue whose decision went to the sync, with `alice`'s open objection. */
export const needsSync = (number: number, overrides: Partial<DecisionState> = {}) =>
  makeReading(number, {
    decision: {
      state: makeDecision({
        status: "needs_sync",
        objections: [{ user: "alice", reason: "too risky", at: "2026-11-27T10:00:00Z" }],
        ...overrides,
      }),
      url: `${url(number)}#issuecomment-901`,
    },
  });

/** An issue put on the agenda with `/agenda REASON` by `bob`. */
export const flagged = (number: number, overrides: Partial<AgendaFlagState> = {}) =>
  makeReading(number, {
    flag: {
      state: {
        flagged: true,
        reason: "pick a vendor",
        by: "bob",
        at: "2026-12-01T10:00:00Z",
        ...overrides,
      },
      url: `${url(number)}#issuecomment-77`,
    },
  });

/** An issue blocked by `carol` since `at`. */
export const blocked = (number: number, at: string, isBlocked = true) =>
  makeReading(number, {
    blocked: {
      state: { blocked: isBlocked, reason: "waiting for legal", by: "carol", at },
      url: `${url(number)}#issuecomment-55`,
    },
  });

/** An agenda's state with no entries yet. */
export const emptyAgenda = (overrides: Partial<AgendaState> = {}): AgendaState => ({
  v: 1,
  key: "2026-12-10T16:00",
  syncAt: SYNC_AT.toString(),
  entries: [],
  mentioned: [],
  ...overrides,
});

/** Readings by their key, as `reconcile` takes them. */
export const byRef = (...readings: ItemReading[]) =>
  new Map(readings.map((r) => [`${r.repo.toLowerCase()}#${r.number}`, r]));
