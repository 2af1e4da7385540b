import { describe, expect, test } from "@jest/globals";
import { Temporal } from "temporal-polyfill";
import type { Config } from "../../src/config/schema.js";
import { type DueWork, dueWork, mayBeDue } from "../../src/decisions/due.js";
import { planDue } from "../../src/decisions/job.js";
import type { IssueThread } from "../../src/decisions/load.js";
import { statusComment } from "../../src/decisions/render.js";
import { type DecisionState, decodeState } from "../../src/decisions/state.js";
import { NO_TEAMS, type TeamMembers } from "../../src/decisions/teams.js";
import type { Action } from "../../src/github/actions.js";
import { MARKERS } from "../../src/github/markers.js";
import { makeConfig } from "../factories/config.js";
import {
  CALENDAR,
  DECISION_CONFIG,
  makeDecision,
  NOW,
  statusCommentFixture,
} from "../factories/decision.js";

// makeDecision() is due Friday 27 November, 23:59:59 in Berlin; the reminder 24 hours before.
const MONDAY = NOW.toString();
const DEADLINE = "2026-11-27T22:59:59Z";
const REMINDER = "2026-11-26T22:59:59Z";
const FRIDAY = "2026-11-27T08:00:00Z"; // within the reminder window
const SATURDAY = "2026-11-28T08:00:00Z"; // after the deadline
const OBJ = { user: "alice", reason: "too slow", at: "2026-11-24T09:00:00Z" };
const ALICE_AGREED = { agreements: [{ user: "Alice", at: OBJ.at }] };
const PENDING = makeDecision();
const OBJECTED = makeDecision({ objections: [OBJ] });
const WITHDRAWN = makeDecision({ objections: [{ ...OBJ, withdrawnAt: OBJ.at }] });
const AGREED = makeDecision(ALICE_AGREED);
const config = (decisions: object) => makeConfig({ timezone: "Europe/Berlin", decisions });
const THREE_DAYS = config({ reminder_before: "3d" });
const CLOSE_ON_ACCEPT = config({ close_on_accept: true });

const settled = (state: DecisionState, status: DecisionState["status"], at: string): DueWork => ({
  after: { ...state, status, closedAt: at },
});
const remind = (state: DecisionState, who: string[]): DueWork => ({
  after: { ...state, reminded: true },
  remind: who,
});
const EVERYONE = ["@alice", "@org/team"];

describe("dueWork", () => {
  test.each(
    Object.entries<[DecisionState, string, DueWork | undefined, Config?]>({
      "Monday › before the reminder window › nothing": [PENDING, MONDAY, undefined],
      "a second before the window › nothing": [PENDING, "2026-11-26T22:59:58Z", undefined],
      "the window opens › every silent stakeholder is reminded": [
        PENDING,
        REMINDER,
        remind(PENDING, EVERYONE),
      ],
      "Alice agreed › only the team (its members were not read: the team itself)": [
        AGREED,
        FRIDAY,
        remind(AGREED, ["@org/team"]),
      ],
      "alice objected › only the team": [OBJECTED, FRIDAY, remind(OBJECTED, ["@org/team"])],
      "already reminded › nothing": [makeDecision({ reminded: true }), FRIDAY, undefined],
      "reminder_before 3d › three days before": [
        PENDING,
        "2026-11-24T22:59:59Z",
        remind(PENDING, EVERYONE),
        THREE_DAYS,
      ],
      "reminder_before 3d › not a second sooner": [
        PENDING,
        "2026-11-24T22:59:58Z",
        undefined,
        THREE_DAYS,
      ],
      "at the deadline, no objection › accepted": [
        PENDING,
        DEADLINE,
        settled(PENDING, "accepted", DEADLINE),
      ],
      "after it, never reminded › accepted, no reminder": [
        PENDING,
        SATURDAY,
        settled(PENDING, "accepted", SATURDAY),
      ],
      "after it, an open objection › needs sync": [
        OBJECTED,
        SATURDAY,
        settled(OBJECTED, "needs_sync", SATURDAY),
      ],
      "after it, the objection withdrawn › accepted": [
        WITHDRAWN,
        SATURDAY,
        settled(WITHDRAWN, "accepted", SATURDAY),
      ],
      "needs sync, after the deadline › nothing": [
        makeDecision({ status: "needs_sync" }),
        SATURDAY,
        undefined,
      ],
      "accepted › nothing": [makeDecision({ status: "accepted" }), SATURDAY, undefined],
      "rejected › nothing": [makeDecision({ status: "rejected" }), SATURDAY, undefined],
      "cancelled › nothing": [makeDecision({ status: "cancelled" }), SATURDAY, undefined],
    }),
  )("%s", (_name, [state, now, work, config = DECISION_CONFIG]) => {
    expect(dueWork(state, Temporal.Instant.from(now), config, CALENDAR, NO_TEAMS)).toEqual(work);
  });
});

describe("dueWork › whom the reminder asks: only people who can answer, teams resolved", () => {
  // Named: @alice, @Bob and @org/team; octocat owns the decision.
  const named = (o: Partial<DecisionState> = {}) =>
    makeDecision({ stakeholders: ["@alice", "@Bob", "@org/team"], ...o });
  const team = (members: readonly string[] | null): TeamMembers =>
    new Map([["@org/team", members]]);
  const agreed = (...users: string[]) => users.map((user) => ({ user, at: OBJ.at }));
  const many = Array.from({ length: 11 }, (_, i) => `member${i + 1}`);
  test.each(
    Object.entries<[DecisionState, TeamMembers, string[]]>({
      "team read, nobody answered › its members, by name": [
        named(),
        team(["carol", "dan"]),
        ["@alice", "@Bob", "@carol", "@dan"],
      ],
      "a team member agreed › they count as answered": [
        named({ agreements: agreed("Carol") }),
        team(["carol", "dan"]),
        ["@alice", "@Bob", "@dan"],
      ],
      "a team member objected (even if withdrawn later) › answered": [
        named({ objections: [{ ...OBJ, user: "dan", withdrawnAt: OBJ.at }] }),
        team(["carol", "dan"]),
        ["@alice", "@Bob", "@carol"],
      ],
      "every team member answered › the team is not reminded": [
        named({ agreements: agreed("carol", "dan") }),
        team(["carol", "dan"]),
        ["@alice", "@Bob"],
      ],
      "a member also named directly › mentioned once": [
        named(),
        team(["bob", "carol"]),
        ["@alice", "@Bob", "@carol"],
      ],
      "the owner in the team › not asked to answer their own decision": [
        named(),
        team(["octocat", "carol"]),
        ["@alice", "@Bob", "@carol"],
      ],
      "an empty team › nobody to ask": [named(), team([]), ["@alice", "@Bob"]],
      "the team could not be read (403/404) › the team itself, as before": [
        named({ agreements: agreed("alice") }),
        team(null),
        ["@Bob", "@org/team"],
      ],
      "more than ten members have not answered › the team itself, not eleven mentions": [
        named(),
        team(many),
        ["@alice", "@Bob", "@org/team"],
      ],
      "ten members have not answered › by name": [
        named(),
        team(many.slice(0, 10)),
        ["@alice", "@Bob", ...many.slice(0, 10).map((m) => `@${m}`)],
      ],
      "everyone answered › nobody": [
        named({ agreements: agreed("alice", "bob", "carol") }),
        team(["carol"]),
        [],
      ],
    }),
  )("%s", (_name, [state, teams, mentions]) => {
    const work = dueWork(state, Temporal.Instant.from(FRIDAY), DECISION_CONFIG, CALENDAR, teams);
    expect(work).toEqual({ after: { ...state, reminded: true }, remind: mentions });
  });
});

describe("statusComment › who has not answered", () => {
  const state = makeDecision({
    stakeholders: ["@alice", "@org/team", "@org/secret"],
    agreements: [{ user: "carol", at: OBJ.at }],
  });
  const row = (s: DecisionState, teams?: TeamMembers) =>
    statusComment(s, { now: NOW, calendar: CALENDAR, mention: true, closeOnAccept: false, teams })
      .split("\n")
      .find((l) => l.startsWith("| **Not answered yet**"));
  const teams: TeamMembers = new Map([
    ["@org/team", ["carol", "dan"]],
    ["@org/secret", null],
  ]);
  test.each(
    Object.entries<[DecisionState, TeamMembers | undefined, string | undefined]>({
      "pending, one team read, one not › users, the read team's silent members, the unread team": [
        state,
        teams,
        "| **Not answered yet** | @&#8203;alice · @&#8203;org/team (dan) · @&#8203;org/secret (its members are not visible to the app) |",
      ],
      "teams not read at all › both shown as teams that have not answered": [
        state,
        undefined,
        "| **Not answered yet** | @&#8203;alice · @&#8203;org/team (its members are not visible to the app) · @&#8203;org/secret (its members are not visible to the app) |",
      ],
      "a large team › ten members named, the rest counted": [
        makeDecision({ stakeholders: ["@org/team"] }),
        new Map([["@org/team", Array.from({ length: 12 }, (_, i) => `m${i}`)]]),
        "| **Not answered yet** | @&#8203;org/team (m0, m1, m2, m3, m4, m5, m6, m7, m8, m9 and 2 more) |",
      ],
      "everyone answered › no row": [
        makeDecision({ stakeholders: ["@org/team"], agreements: [{ user: "dan", at: OBJ.at }] }),
        new Map([["@org/team", ["dan"]]]),
        undefined,
      ],
      "accepted › no row": [{ ...state, status: "accepted" }, teams, undefined],
    }),
  )("%s", (_name, [s, t, expected]) => {
    expect(row(s, t)).toEqual(expected);
  });
});

describe("mayBeDue", () => {
  const DUE = ["decision", "due: 2026-11-27"];
  test.each(
    Object.entries<[string[], string, number, boolean]>({
      "no due label › checked": [["decision: pending"], "2026-11-01T00:00:00Z", 24, true],
      "a due label that is no date › checked": [
        ["due: 2026-13-45"],
        "2026-11-01T00:00:00Z",
        24,
        true,
      ],
      "a label that only starts like one › checked": [
        ["due: soon"],
        "2026-11-01T00:00:00Z",
        24,
        true,
      ],
      "four days early › skipped": [DUE, MONDAY, 24, false],
      "five days early, 72h reminder › skipped": [DUE, "2026-11-22T00:00:00Z", 72, false],
      "three days early, 72h reminder › checked": [DUE, "2026-11-24T14:00:00Z", 72, true],
      "when the fixture's reminder is due › checked": [DUE, REMINDER, 24, true],
      "on the due day › checked": [DUE, FRIDAY, 24, true],
      // A deadline just after midnight in Berlin (26 Nov 23:30Z): its 24 h reminder is due at
      // 25 Nov 23:30Z, and the day's label must not hold it back.
      "a deadline early on the due day, its reminder window open › checked": [
        DUE,
        "2026-11-26T00:00:00Z",
        24,
        true,
      ],
      // Auckland (UTC+13): the deadline 27 Nov 00:00 is 26 Nov 11:00Z.
      "a far-east deadline that has passed before the UTC day starts › checked": [
        DUE,
        "2026-11-26T11:30:00Z",
        0,
        true,
      ],
      "well before the earliest possible reminder › skipped": [
        DUE,
        "2026-11-25T00:00:00Z",
        24,
        false,
      ],
      "days after › checked": [DUE, "2026-11-30T00:00:00Z", 24, true],
    }),
  )("%s", (_name, [labels, now, reminderHours, result]) => {
    expect(mayBeDue(labels, Temporal.Instant.from(now), reminderHours)).toBe(result);
  });
});

describe("planDue", () => {
  const LABELS = ["decision", "decision: pending", "due: 2026-11-27"];
  function thread(state: DecisionState | undefined, posted: string[] = []): IssueThread {
    const rest = { postedMarkers: new Set(posted), comments: [], handled: new Set<number>() };
    if (!state) return { decision: undefined, ...rest };
    const { id, html_url, body } = statusCommentFixture(state);
    return { decision: { state, commentId: id, commentUrl: html_url, commentBody: body }, ...rest };
  }
  const plan = (given: Given) =>
    planDue(
      1,
      given.labels ?? LABELS,
      thread(given.state, given.posted),
      given.config ?? DECISION_CONFIG,
      CALENDAR,
      Temporal.Instant.from(given.now),
      given.teams ?? NO_TEAMS,
    );
  /** One line per action: its type and what it names. */
  const outline = (actions: Action[]) =>
    actions.map((a) => {
      if (a.type === "addLabel") return `addLabel ${a.label.name}`;
      if (a.type === "removeLabel" || a.type === "deleteLabelIfUnused")
        return `${a.type} ${a.name}`;
      if (a.type === "createComment") return `createComment ${a.unlessMarker}`;
      if (a.type === "upsertComment" || a.type === "appendToIssueBody")
        return `${a.type} ${a.marker}`;
      return a.type;
    });
  const text = (a: Action | undefined) =>
    a?.type === "createComment" ? a.body : a?.type === "appendToIssueBody" ? a.text : undefined;
  const notice = (kind: string) => `createComment ${MARKERS.notice(kind, "900")}`;
  const STATUS = `upsertComment ${MARKERS.decision("900")}`;
  const RECORD = `appendToIssueBody ${MARKERS.record("900")}`;
  const SETTLE = [
    "removeLabel due: 2026-11-27",
    "removeLabel decision: pending",
    "deleteLabelIfUnused due: 2026-11-27",
  ];
  const ACCEPTED: DecisionState = { ...PENDING, status: "accepted", closedAt: SATURDAY };
  const CANCELLED: DecisionState = {
    ...PENDING,
    status: "cancelled",
    closedAt: MONDAY,
    closedBy: "octocat",
  };
  const ONLY_ALICE = makeDecision({ stakeholders: ["@alice"], ...ALICE_AGREED });

  interface Given {
    state?: DecisionState;
    labels?: string[];
    posted?: string[];
    now: string;
    config?: Config;
    teams?: TeamMembers;
  }
  /** Given the issue, the planned actions in order, and the state saved in the status comment. */
  test.each(
    Object.entries<[Given, string[], DecisionState?]>({
      "no decision, no pending label › nothing": [{ labels: ["bug"], now: SATURDAY }, []],
      "no decision, a stray pending label › removed as spelled": [
        { labels: ["bug", "Decision: Pending"], now: SATURDAY },
        ["removeLabel Decision: Pending"],
      ],
      "no decision, every decision label left › rolled back, the due label deleted if unused": [
        { labels: [...LABELS, "bug"], now: SATURDAY },
        [...LABELS.map((l) => `removeLabel ${l}`), "deleteLabelIfUnused due: 2026-11-27"],
      ],
      "pending, before the reminder window › nothing": [{ state: PENDING, now: MONDAY }, []],
      "in the reminder window › the reminder, then reminded is saved": [
        { state: PENDING, now: REMINDER },
        [notice("reminder"), STATUS],
        { ...PENDING, reminded: true },
      ],
      "reminder already posted, saving failed › only reminded is saved, no second reminder": [
        { state: PENDING, now: REMINDER, posted: [MARKERS.notice("reminder", "900")] },
        [STATUS],
        { ...PENDING, reminded: true },
      ],
      "every stakeholder responded › no reminder, reminded is saved": [
        { state: ONLY_ALICE, now: REMINDER },
        [STATUS],
        { ...ONLY_ALICE, reminded: true },
      ],
      "deadline passed, close_on_accept › accepted: label, record, announcement, closed": [
        { state: PENDING, now: SATURDAY, config: CLOSE_ON_ACCEPT },
        ["addLabel decision: accepted", RECORD, notice("result"), "closeIssue", STATUS, ...SETTLE],
        ACCEPTED,
      ],
      "deadline passed, without close_on_accept › accepted, the issue stays open": [
        { state: PENDING, now: SATURDAY },
        ["addLabel decision: accepted", RECORD, notice("result"), STATUS, ...SETTLE],
        ACCEPTED,
      ],
      "deadline passed with an open objection › needs sync, the agenda comment": [
        { state: OBJECTED, now: SATURDAY, labels: [...LABELS, "decision: objected"] },
        ["addLabel decision: needs sync", notice("sync"), STATUS, ...SETTLE],
        { ...OBJECTED, status: "needs_sync", closedAt: SATURDAY },
      ],
      "recovery › accepted, pending label left › finished, announced only once": [
        {
          ...{ state: ACCEPTED, now: SATURDAY, labels: [...LABELS, "decision: accepted"] },
          posted: [MARKERS.notice("result", "900")],
        },
        [RECORD, STATUS, ...SETTLE],
        ACCEPTED,
      ],
      "recovery › cancelled, pending label left › labels tidied": [
        { state: CANCELLED, now: MONDAY },
        [STATUS, ...SETTLE],
        CANCELLED,
      ],
      "accepted, labels settled › nothing": [
        { state: ACCEPTED, now: SATURDAY, labels: ["decision", "decision: accepted"] },
        [],
      ],
    }),
  )("%s", (_name, [given, actions, saved]) => {
    const planned = plan(given);
    expect(outline(planned)).toEqual(actions);
    const status = planned.find((a) => a.type === "upsertComment");
    expect(status && decodeState(status.body)).toEqual(saved);
  });

  test("reminder › a team read › its silent members are asked by name, and the status lists them", () => {
    const state = makeDecision({ stakeholders: ["@alice", "@org/team"], ...ALICE_AGREED });
    const teams: TeamMembers = new Map([["@org/team", ["alice", "erin"]]]);
    const [reminder, status] = plan({ state, now: REMINDER, teams });
    expect(text(reminder)).toContain(
      "closes in 24 hours (2026-11-27 23:59 Europe/Berlin). @erin please comment",
    );
    expect(status?.type === "upsertComment" && status.body).toContain(
      "| **Not answered yet** | @&#8203;org/team (erin) |",
    );
  });

  test("reminder › mentions only silent stakeholders and teams, links the status", () => {
    const state = makeDecision({ stakeholders: ["@alice", "@bob", "@org/team"], ...ALICE_AGREED });
    const [reminder] = plan({ state, now: REMINDER });
    expect(reminder).toEqual({
      type: "createComment",
      issueNumber: 1,
      unlessMarker: MARKERS.notice("reminder", "900"),
      body: expect.stringContaining("@bob @org/team please comment `/agree` or `/object REASON`"),
    });
    expect(text(reminder)).not.toContain("@alice");
    expect(text(reminder)).toContain(statusCommentFixture(state).html_url);
  });

  test("accepted › the record and the announcement carry the recommendation", () => {
    const planned = plan({ state: PENDING, now: SATURDAY, config: CLOSE_ON_ACCEPT });
    const record = planned.find((a) => a.type === "appendToIssueBody");
    expect(text(record)).toContain("**Accepted:** ship option B");
    const announcement = planned.find((a) => a.type === "createComment");
    expect(text(announcement)).toContain("✅ Decision accepted: **ship option B**");
    expect(planned).toContainEqual({ type: "closeIssue", issueNumber: 1 });
  });
});
