import { Temporal } from "temporal-polyfill";
import { ConfigSchema } from "../../src/config/schema.js";
import { statusComment } from "../../src/decisions/render.js";
import type { DecisionState } from "../../src/decisions/state.js";
import { calendarOf } from "../../src/time/calendar.js";
import { ownComment } from "../helpers/github.js";

export const DECISION_CONFIG_YAML = "timezone: Europe/Berlin\n";
export const DECISION_CONFIG = ConfigSchema.parse({ timezone: "Europe/Berlin" });
export const CALENDAR = calendarOf(DECISION_CONFIG);
/** Monday 23 November 2026, 10:00 UTC (11:00 in Berlin). */
export const NOW = Temporal.Instant.from("2026-11-23T10:00:00Z");

/** A pending decision opened by octocat from comment 900, due Friday 27 November in Berlin. */
export function makeDecision(overrides: Partial<DecisionState> = {}): DecisionState {
  return {
    v: 1,
    id: "900",
    status: "pending",
    recommendation: "ship option B",
    owner: "octocat",
    openedAt: "2026-11-20T10:00:00Z",
    deadline: "2026-11-27T22:59:59Z",
    stakeholders: ["@alice", "@org/team"],
    agreements: [],
    objections: [],
    reminded: false,
    ownerNotified: false,
    applied: ["900:0:/decide ship option B by friday @alice @org/team"],
    ...overrides,
  };
}

/** The app's status comment for a decision, as GitHub would return it. */
export function statusCommentFixture(state: DecisionState, id = 901) {
  const body = statusComment(state, {
    now: NOW,
    calendar: CALENDAR,
    mention: false,
    closeOnAccept: false,
  });
  return {
    ...ownComment(id, body),
    html_url: `https://github.com/Codertocat/Hello-World/issues/1#issuecomment-${id}`,
  };
}
