import { beforeAll, describe, expect, test } from "@jest/globals";
import type { Temporal } from "temporal-polyfill";
import type { Config } from "../../src/config/schema.js";
import { parseCommands } from "../../src/decisions/commands.js";
import { type Actor, isCollaborator, type Permission } from "../../src/decisions/permissions.js";
import { type ReduceInput, type Reduction, reduceCommands } from "../../src/decisions/reduce.js";
import type { Effect, ReplyBody, Rule, RuleResult } from "../../src/decisions/rules.js";
import { RULES } from "../../src/decisions/rules.js";
import type { DecisionState } from "../../src/decisions/state.js";
import { NO_TEAMS, type TeamMembers } from "../../src/decisions/teams.js";
import { loadNaturalDates } from "../../src/time/natural-deadline.js";
import { makeConfig } from "../factories/config.js";
import { CALENDAR, DECISION_CONFIG, makeDecision, NOW } from "../factories/decision.js";

// Deadlines are read by chrono-node, which loads on first need.
beforeAll(() => loadNaturalDates());

// Who is who: octocat owns the fixture decision, @alice is one of its stakeholders, carol
// wrote the issue.
const person = (login: string, permission: Permission): Actor => ({
  ...{ login, permission, isIssueAuthor: login === "carol" },
});
const PEOPLE: Record<string, Permission> = {
  ...{ octocat: "write", alice: "triage", bob: "triage", dave: "write", eve: "read" },
  ...{ mona: "maintain", root: "admin", zed: "none", carol: "read", nemo: "none" },
};
/** "alice: /agree": alice comments the line(s) after the colon. */
function said(text: string) {
  const at = text.indexOf(": ");
  const login = text.slice(0, at);
  const permission = PEOPLE[login];
  if (!permission) throw new Error(`nobody called ${login}`);
  return { actor: person(login, permission), body: text.slice(at + 2) };
}

const config = (decisions: object) => makeConfig({ timezone: "Europe/Berlin", decisions });
const AT = NOW.toString();
const URL = "https://github.com/Codertocat/Hello-World/issues/1#issuecomment-901";
const EARLIER = "2026-11-21T09:00:00Z";
const OBJ = { user: "alice", reason: "too slow", at: EARLIER };
const MINE = { user: "alice", at: AT };
const NEW_OBJ = { ...OBJ, at: AT };
const withdrawnBy = (by: string, o = OBJ) => ({ ...o, withdrawnAt: AT, withdrawnBy: by });
const FRESH = makeDecision();
const OBJECTED = makeDecision({ objections: [OBJ], ownerNotified: true });
const AGREED = makeDecision({ agreements: [{ user: "Alice", at: EARLIER }] });
const WITHDRAWN = makeDecision({ objections: [{ ...OBJ, withdrawnAt: EARLIER }] });
const SYNC = makeDecision({ status: "needs_sync", reminded: true, objections: [OBJ] });
const bad = (error: string) => ({ reply: { kind: "bad_deadline", error } }) as const;
const NO_OBJECTION = { reply: { kind: "no_objection", user: "alice" } } as const;

/** Run the rule of one command line, with no permission check: that is the reducer's job. */
function run(state: DecisionState | undefined, text: string, config = DECISION_CONFIG): RuleResult {
  const { actor, body } = said(text);
  const command = parseCommands(body)[0]?.command;
  if (!command) throw new Error(`not a command: ${body}`);
  return (RULES[command.type] as Rule)({
    ...{ state, actor, command, now: NOW, config, calendar: CALENDAR },
    ...{ issue: { title: "Pick a database" }, commentId: 950, name: body.split(" ")[0] ?? "" },
    ...{ key: `950:0:${body}`, statusUrl: URL },
  });
}

/**
 * A change to the state, after which the line is recorded as applied (a new decision's `applied`
 * starts empty), or a reply that changes nothing.
 */
type Outcome = Partial<DecisionState> | { reply: ReplyBody };
const expected = (state: DecisionState | undefined, text: string, out: Outcome, fx?: Effect[]) =>
  "reply" in out
    ? out
    : {
        next: {
          ...state,
          ...out,
          applied: [...(out.applied ?? state?.applied ?? []), `950:0:${said(text).body}`],
        },
        ...(fx && { effects: fx }),
      };

type Row = [DecisionState | undefined, string, Outcome, Effect[]?];
function spec(rule: string, rows: Record<string, Row>) {
  test.each(Object.entries(rows))(`${rule} › %s`, (_name, [state, text, out, fx]) => {
    expect(run(state, text)).toEqual(expected(state, text, out, fx));
  });
}

describe("RULES › opening a decision", () => {
  const open = (o: Partial<DecisionState>) => ({
    ...makeDecision({ id: "950", openedAt: AT, stakeholders: [], recommendation: "x", ...o }),
    applied: [],
  });
  const DEFAULT = open({ deadline: "2026-11-26T10:00:00Z" }); // 3 business days from Monday 11:00
  const FRIDAY = "2026-11-27T22:59:59Z"; // the end of Friday in Berlin
  spec("decide", {
    "no deadline › the default, 3 business days": [undefined, "octocat: /decide x", DEFAULT],
    "by friday › its end in Berlin, with stakeholders": [
      undefined,
      "octocat: /decide x by friday @bob",
      open({ deadline: FRIDAY, stakeholders: ["@bob"] }),
    ],
    "no recommendation › the issue title": [
      undefined,
      "octocat: /decide by friday",
      open({ recommendation: "Pick a database", deadline: FRIDAY }),
    ],
    '"by Google" › stays in the recommendation': [
      undefined,
      "octocat: /decide use the guide written by Google",
      { ...DEFAULT, recommendation: "use the guide written by Google" },
    ],
    "after a cancelled one › a new decision": [
      makeDecision({ status: "cancelled" }),
      "octocat: /decide x",
      DEFAULT,
    ],
    "not a date › bad_deadline": [
      undefined,
      "octocat: /decide x by 2026-13-01",
      bad('"2026-13-01" is not a calendar date'),
    ],
    "today › too soon": [
      undefined,
      "octocat: /decide x by today",
      bad(
        "2026-11-23 23:59 Europe/Berlin is too soon: give people at least 24 hours, across time zones",
      ),
    ],
    "beyond max_deadline › too far": [
      undefined,
      "octocat: /decide x by 2027-06-01",
      bad("2027-06-01 23:59 Europe/Berlin is too far away: the limit is 30 days"),
    ],
    "in the past › bad_deadline": [
      undefined,
      "octocat: /decide x by 2026-11-01",
      bad("2026-11-01 23:59 Europe/Berlin is in the past"),
    ],
    "one already pending › already_open": [
      FRESH,
      "octocat: /decide x",
      { reply: { kind: "already_open", url: URL } },
    ],
    "one waiting for the sync › already_open": [
      SYNC,
      "octocat: /decide x",
      { reply: { kind: "already_open", url: URL } },
    ],
  });

  test("decide › default_deadline of 5 business days › skips the weekend", () => {
    const fiveDays = config({ default_deadline: "5bd" });
    expect(run(undefined, "octocat: /decide x", fiveDays)).toEqual({
      next: { ...DEFAULT, deadline: "2026-11-30T10:00:00Z", applied: ["950:0:/decide x"] },
    });
  });
});

describe("RULES › responses to an open decision", () => {
  spec("agree", {
    "first time › the agreement is recorded": [FRESH, "alice: /agree", { agreements: [MINE] }],
    "again (as Alice) › idempotent, only the line is recorded": [AGREED, "alice: /agree", {}],
    "after objecting › the objection is withdrawn": [
      OBJECTED,
      "alice: /agree",
      { agreements: [MINE], objections: [withdrawnBy("alice")] },
    ],
    "someone else objected › that objection stays open": [
      OBJECTED,
      "bob: /agree",
      { agreements: [{ user: "bob", at: AT }] },
    ],
  });
  // No notice to the owner, ever: GitHub notifies them of the objection's own comment.
  spec("object", {
    "first objection › recorded, no notice to the owner": [
      FRESH,
      "alice: /object too slow",
      { objections: [NEW_OBJ] },
    ],
    "after agreeing › the agreement is dropped": [
      AGREED,
      "alice: /object too slow",
      { agreements: [], objections: [NEW_OBJ] },
    ],
    "again › the reason is updated": [
      OBJECTED,
      "alice: /object breaks the API",
      { objections: [{ ...OBJ, reason: "breaks the API" }] },
    ],
    "a second objector › both recorded": [
      OBJECTED,
      "bob: /object no",
      { objections: [OBJ, { user: "bob", reason: "no", at: AT }] },
    ],
    "by the owner › recorded": [
      FRESH,
      "octocat: /object hmm",
      { objections: [{ user: "octocat", reason: "hmm", at: AT }] },
    ],
    "after withdrawing › a new open objection": [
      WITHDRAWN,
      "alice: /object too slow",
      { objections: [...WITHDRAWN.objections, NEW_OBJ] },
    ],
  });
  spec("withdraw", {
    "own objection › withdrawn by the objector": [
      OBJECTED,
      "alice: /withdraw",
      { objections: [withdrawnBy("alice")] },
    ],
    "someone else's, by a maintainer › withdrawn by the maintainer": [
      OBJECTED,
      "mona: /withdraw @Alice",
      { objections: [withdrawnBy("mona")] },
    ],
    "none to withdraw › no_objection, nothing changes": [FRESH, "alice: /withdraw", NO_OBJECTION],
    "already withdrawn › no_objection": [WITHDRAWN, "mona: /withdraw @alice", NO_OBJECTION],
  });
  const MONDAY = { deadline: "2026-11-30T22:59:59Z", reminded: false };
  spec("extend", {
    "pending › the new deadline, the reminder is due again": [
      makeDecision({ reminded: true }),
      "octocat: /decide extend next monday",
      MONDAY,
    ],
    "needs sync › back to pending for another round": [
      SYNC,
      "octocat: /decide extend next monday",
      { status: "pending", ...MONDAY },
    ],
    "unreadable deadline › bad_deadline, nothing changes": [
      FRESH,
      "octocat: /decide extend someday",
      bad('I could not read "someday" as a deadline'),
    ],
    "beyond max_deadline › bad_deadline": [
      FRESH,
      "octocat: /decide extend 2027-06-01",
      bad("2027-06-01 23:59 Europe/Berlin is too far away: the limit is 30 days"),
    ],
  });
  const CLOSED = { cancel: "cancelled", accept: "accepted", reject: "rejected" } as const;
  for (const [sub, status] of Object.entries(CLOSED)) {
    const closed = { status, closedAt: AT, closedBy: "mona" };
    spec(sub, {
      "pending › closed, with closedAt and closedBy": [FRESH, `mona: /decide ${sub}`, closed],
      "needs sync › closed, with closedAt and closedBy": [SYNC, `mona: /decide ${sub}`, closed],
    });
  }

  const lines = ["/agree", "/object r", "/withdraw", "/decide extend friday"].concat(
    Object.keys(CLOSED).map((sub) => `/decide ${sub}`),
  );
  const closed = (["accepted", "rejected", "cancelled"] as const).map((status) =>
    makeDecision({ status }),
  );
  const inactive = [undefined, ...closed];
  test.each(
    lines.flatMap((line) =>
      inactive.map((state) => ({ line, state, was: state?.status ?? "none" })),
    ),
  )("$line › decision $was › no_decision reply, nothing changes", ({ line, state }) => {
    const reply = { kind: "no_decision", command: line.split(" ")[0] };
    expect(run(state, `mona: ${line}`)).toEqual({ reply });
  });
});

describe("RULES › replies and effects that need no decision", () => {
  test.each(
    Object.entries<[string, RuleResult]>({
      "help › the help reply": ["/decide help", { reply: { kind: "help" } }],
      "typo › the suggestion": [
        "/decid x",
        { reply: { kind: "typo", written: "/decid", suggestion: "/decide" } },
      ],
      "usage › the message": [
        "/decide extend",
        {
          reply: {
            kind: "usage",
            message: "`/decide extend` needs a new deadline, e.g. `/decide extend next friday`",
          },
        },
      ],
      "blocked › a block effect": [
        "/blocked legal",
        { effects: [{ type: "block", reason: "legal", by: "alice" }] },
      ],
      "unblocked › an unblock effect": [
        "/unblocked",
        { effects: [{ type: "unblock", by: "alice" }] },
      ],
      "agenda › a flag effect": [
        "/agenda pick a vendor",
        { effects: [{ type: "flag", reason: "pick a vendor", by: "alice" }] },
      ],
      "agenda done › a flag_done effect": [
        "/agenda done",
        { effects: [{ type: "flag_done", by: "alice" }] },
      ],
    }),
  )("%s, with or without a decision", (_name, [line, result]) => {
    expect(run(undefined, `alice: ${line}`)).toEqual(result);
    expect(run(FRESH, `alice: ${line}`)).toEqual(result);
  });
});

interface Delivery {
  /** The edit's revision (its updated_at), for an edited comment. */
  revision?: string;
  start?: ReduceInput["start"];
  config?: Config;
  isPrivate?: boolean;
  now?: Temporal.Instant;
  teams?: TeamMembers;
}
const at = (decision: DecisionState | undefined) => ({ decision, transitions: [] });
function reduce(text: string, d: Delivery = {}): Reduction {
  const { actor, body } = said(text);
  return reduceCommands({
    ...{ start: d.start ?? at(FRESH), commands: parseCommands(body), actor, commentId: 950 },
    ...{ issue: { title: "Pick a database", isPrivate: d.isPrivate ?? false }, statusUrl: URL },
    ...{ now: d.now ?? NOW, config: d.config ?? DECISION_CONFIG, calendar: CALENDAR },
    ...(d.revision ? { revision: d.revision } : {}),
    teams: d.teams ?? NO_TEAMS,
  });
}
const replyKey = expect.stringMatching(/^950:0:\w+$/);

describe("reduceCommands › permissions", () => {
  const SETTINGS: Record<string, Delivery> = {
    public: {},
    private: { isPrivate: true },
    author_can_decide: { config: config({ author_can_decide: true }) },
    "objections_from: stakeholders": { config: config({ objections_from: "stakeholders" }) },
    "objections_from: anyone": { config: config({ objections_from: "anyone" }) },
  };
  // Open, with alice's objection; @alice and @Zed are its stakeholders.
  const START = at(makeDecision({ stakeholders: ["@alice", "@Zed"], objections: [OBJ] }));
  const cases = <T extends unknown[]>(rows: [string, string, ...T][]) =>
    rows.map(([text, setting, ...rest]) => {
      const { actor, body } = said(text);
      const who = `${actor.login} (${actor.permission}${actor.isIssueAuthor ? ", author" : ""})`;
      return [`${setting} › ${who}: ${body}`, text, setting, ...rest] as const;
    });

  const WHY = {
    write: "only people with write access to this repository can open a decision",
    writeOrAuthor:
      "only people with write access to this repository (or the issue's author) can open a decision",
    owner: "only the decision's owner or a maintainer can do that",
    maintainer: "only maintainers can end a decision early",
    withdraw: "only maintainers can withdraw someone else's objection",
    collaborators: "only collaborators of this repository can do that here",
    answer:
      "only the decision's stakeholders and collaborators of this repository can do that here",
    stakeholders:
      "only the decision's stakeholders and collaborators with write access can do that here",
  };
  test.each(
    cases<[string]>([
      ["bob: /decide x", "public", WHY.write],
      ["carol: /decide x", "public", WHY.write],
      ["eve: /decide x", "author_can_decide", WHY.writeOrAuthor],
      ["dave: /decide extend monday", "public", WHY.owner],
      ["bob: /decide cancel", "public", WHY.owner],
      ["octocat: /decide accept", "public", WHY.maintainer],
      ["dave: /decide reject", "public", WHY.maintainer],
      ["dave: /withdraw @alice", "public", WHY.withdraw],
      ["eve: /agree", "public", WHY.answer],
      ["nemo: /object too slow", "private", WHY.answer],
      ["eve: /blocked legal", "public", WHY.collaborators],
      // `/agenda` asks as `/object` does.
      ["eve: /agenda pick a vendor", "public", WHY.answer],
      ["eve: /agenda done", "public", WHY.answer],
      // A stakeholder may answer the decision, not block the issue.
      ["zed: /blocked legal", "public", WHY.collaborators],
      ["bob: /object no", "objections_from: stakeholders", WHY.stakeholders],
      ["eve: /unblocked", "objections_from: stakeholders", WHY.stakeholders],
    ]),
  )("%s › refused, nothing changes", (_name, text, setting, reason) => {
    const command = said(text).body.split(" ")[0];
    expect(reduce(text, { ...SETTINGS[setting], start: START })).toEqual({
      ...{ decision: START.decision, transitions: [], effects: [], acknowledged: false },
      replies: [{ key: replyKey, kind: "refused", command, reason }],
    });
  });

  // Allowed: the comment has exactly the effect of its rule (the rules are specified above).
  test.each(
    cases<[ReduceInput["start"]?]>([
      ["carol: /decide x", "author_can_decide", at(undefined)],
      ["mona: /decide extend next monday", "public"],
      ["octocat: /decide cancel", "public"],
      ["root: /decide accept", "public"],
      ["alice: /withdraw @Alice", "public"],
      ["eve: /agree", "private"],
      ["zed: /object too slow", "private"],
      ["zed: /agree", "public"],
      ["bob: /blocked legal", "public"],
      ["bob: /agenda pick a vendor", "public"],
      // A stakeholder of the decision may put it on the agenda, as they may object.
      ["zed: /agenda pick a vendor", "public"],
      ["zed: /object no", "objections_from: stakeholders"],
      ["dave: /agree", "objections_from: stakeholders"],
      ["carol: /agree", "objections_from: stakeholders", at(makeDecision({ owner: "carol" }))],
      ["zed: /object no", "objections_from: anyone"],
      ["zed: /decide help", "public"],
    ]),
  )("%s › allowed", (_name, text, setting, start = START) => {
    const rule = run(start.decision, text);
    expect(reduce(text, { ...SETTINGS[setting], start })).toEqual({
      decision: rule.next ?? start.decision,
      transitions: rule.next ? [{ before: start.decision, after: rule.next }] : [],
      replies: rule.reply ? [{ key: replyKey, ...rule.reply }] : [],
      effects: rule.effects ?? [],
      // A decision command that took effect is acknowledged; `/blocked` is judged by its plan.
      acknowledged: rule.next !== undefined,
    });
  });

  test.each<[Permission, boolean, boolean]>([
    ["admin", false, true],
    ["triage", false, true],
    ["read", false, false],
    ["read", true, true],
    ["none", true, false],
  ])("isCollaborator › %s, private repository %s › %s", (permission, isPrivate, result) => {
    expect(isCollaborator(person("x", permission), isPrivate)).toBe(result);
  });
});

describe("reduceCommands › the decision's stakeholders may always answer it", () => {
  // Named: @Zed directly, and the @acme/platform team; nemo owns one of the decisions.
  const NAMED = makeDecision({ stakeholders: ["@alice", "@Zed", "@acme/platform"] });
  const START = at(NAMED);
  const PLATFORM = (members: readonly string[] | null): TeamMembers =>
    new Map([["@acme/platform", members]]);
  const READ = PLATFORM(["eve", "Nemo"]);
  const UNREADABLE = PLATFORM(null);
  const STAKEHOLDERS = config({ objections_from: "stakeholders" });
  const ANSWER =
    "only the decision's stakeholders and collaborators of this repository can do that here";
  const COLLABORATORS = "only collaborators of this repository can do that here";
  const WRITERS =
    "only the decision's stakeholders and collaborators with write access can do that here";

  test.each(
    Object.entries<[string, Delivery, string?]>({
      "named directly, no access at all › /agree allowed": ["zed: /agree", {}],
      "named directly, no access at all › /object allowed": ["zed: /object too slow", {}],
      "named directly (another case) › /object allowed under objections_from: stakeholders": [
        "zed: /object too slow",
        { config: STAKEHOLDERS },
      ],
      "a member of a named team that was read, read access on a public repository › /agree allowed":
        ["eve: /agree", { teams: READ }],
      "a member of a named team, matched without case › /object allowed": [
        "nemo: /object no",
        { teams: READ },
      ],
      "a member of a named team under objections_from: stakeholders › allowed": [
        "nemo: /agree",
        { teams: READ, config: STAKEHOLDERS },
      ],
      "the owner, without access › may answer their own decision": [
        "nemo: /object on second thought",
        { start: at(makeDecision({ owner: "nemo" })) },
      ],
      "a named team that could not be read › its members are not known: refused": [
        "eve: /agree",
        { teams: UNREADABLE },
        ANSWER,
      ],
      "a named team that was not read › refused": ["eve: /agree", {}, ANSWER],
      "a team that could not be read, objections_from: stakeholders › refused": [
        "nemo: /agree",
        { teams: UNREADABLE, config: STAKEHOLDERS },
        WRITERS,
      ],
      "not named, not a collaborator (read access on a public repository) › refused": [
        "carol: /object no",
        { teams: READ },
        ANSWER,
      ],
      "named, but /blocked is not an answer › refused": ["zed: /blocked legal", {}, COLLABORATORS],
      "named in a decision that is over › refused as anyone else": [
        "zed: /agree",
        { start: at(makeDecision({ status: "accepted", stakeholders: ["@Zed"] })) },
        COLLABORATORS,
      ],
    }),
  )("%s", (_name, [text, delivery, reason]) => {
    const start = delivery.start ?? START;
    const result = reduce(text, { start, ...delivery });
    if (reason) {
      const command = said(text).body.split(" ")[0];
      expect(result).toEqual({
        ...{ decision: start.decision, transitions: [], effects: [], acknowledged: false },
        replies: [{ key: replyKey, kind: "refused", command, reason }],
      });
      return;
    }
    const rule = run(start.decision, text);
    expect(rule.next).toBeDefined();
    expect(result).toEqual({
      ...{ decision: rule.next, replies: [], effects: [], acknowledged: true },
      transitions: [{ before: start.decision, after: rule.next }],
    });
  });
});

describe("reduceCommands › folding a comment's lines", () => {
  const nothing = (decision: DecisionState | undefined) => ({
    decision,
    transitions: [],
    replies: [],
    effects: [],
    acknowledged: false,
  });
  test("redelivery › every line already applied › nothing changes, nothing to acknowledge", () => {
    const applied = [...FRESH.applied, "950:0:/agree", "950:1:/object too slow"];
    const after = makeDecision({ objections: [NEW_OBJ], applied });
    const first = reduce("alice: /agree\n/object too slow");
    expect(first).toEqual({
      ...nothing(after),
      transitions: [{ before: FRESH, after }],
      acknowledged: true,
    });
    expect(reduce("alice: /agree\n/object too slow", { start: at(after) })).toEqual(nothing(after));
  });

  test("redelivery of /decide › no second decision and no already_open reply", () => {
    const first = reduce("octocat: /decide use Postgres", { start: at(undefined) });
    expect(first.transitions.map((t) => [t.before, t.after.id])).toEqual([[undefined, "950"]]);
    const again = reduce("octocat: /decide use Postgres", { start: at(first.decision) });
    expect(again).toEqual(nothing(first.decision));
  });

  test("redelivery of cancel-then-decide › the new decision stays open, nothing runs again", () => {
    const text = "octocat: /decide cancel\n/decide use Postgres by friday";
    const first = reduce(text);
    const again = reduce(text, { start: at(first.decision) });
    expect(again).toEqual(nothing(first.decision));
    expect(again.decision?.status).toBe("pending");
  });

  test("redelivery after the old decision was cancelled but the new one never saved › the new one records the cancel too, a further redelivery changes nothing", () => {
    const text = "octocat: /decide cancel\n/decide use Postgres by friday";
    const cancelled: DecisionState = {
      ...FRESH,
      status: "cancelled",
      applied: [...FRESH.applied, "950:0:/decide cancel"],
    };
    const first = reduce(text, { start: at(cancelled) });
    expect(first.decision?.applied).toEqual([
      "950:0:/decide cancel",
      "950:1:/decide use Postgres by friday",
    ]);
    expect(reduce(text, { start: at(first.decision) })).toEqual(nothing(first.decision));
  });

  test("edits › /agree, edited to /object, edited back to /agree › the agreement counts again", () => {
    const agreed = reduce("alice: /agree").decision;
    const objected = reduce("alice: /object too slow", {
      start: at(agreed),
      revision: "2026-11-23T10:05:00Z",
    }).decision;
    const again = reduce("alice: /agree", {
      start: at(objected),
      revision: "2026-11-23T10:09:00Z",
    });
    expect(again.decision?.agreements.map((a) => a.user)).toEqual(["alice"]);
    expect(again.decision?.objections.filter((o) => !o.withdrawnAt)).toEqual([]);
  });

  test("reply keys › stable across deliveries, different for a different line", () => {
    const keys = (text: string) => reduce(text).replies.map((r) => r.key);
    expect(keys("bob: /decide accept")).toEqual(keys("bob: /decide accept"));
    expect(keys("bob: /decide reject")).not.toEqual(keys("bob: /decide accept"));
  });

  test("cancel then decide in one comment › two transitions, the new decision is current", () => {
    const r = reduce("octocat: /decide cancel\n/decide use Postgres by friday");
    const applied = [...FRESH.applied, "950:0:/decide cancel"];
    const cancelled = { ...FRESH, status: "cancelled", closedAt: AT, closedBy: "octocat", applied };
    const next = makeDecision({
      id: "950",
      recommendation: "use Postgres",
      openedAt: AT,
      stakeholders: [],
      // The comment's earlier line too: a redelivery must skip the cancel as well.
      applied: ["950:0:/decide cancel", "950:1:/decide use Postgres by friday"],
    });
    expect(r).toEqual({
      ...nothing(next),
      transitions: [
        { before: FRESH, after: cancelled },
        { before: undefined, after: next },
      ],
      acknowledged: true,
    });
  });

  const LATER = NOW.add({ hours: 118 }); // Saturday 28 November, after the deadline
  test("settled to needs sync › /decide extend extends that same transition", () => {
    const pending = makeDecision({ objections: [OBJ] });
    const synced: DecisionState = { ...pending, status: "needs_sync", closedAt: LATER.toString() };
    const start = { decision: synced, transitions: [{ before: pending, after: synced }] };
    const applied = [...pending.applied, "950:0:/decide extend next monday"];
    const extended: DecisionState = {
      ...synced,
      status: "pending",
      deadline: "2026-11-30T22:59:59Z",
      applied,
    };
    const r = reduce("octocat: /decide extend next monday", { now: LATER, start });
    expect(r).toEqual({
      ...nothing(extended),
      transitions: [{ before: pending, after: extended }],
      acknowledged: true,
    });
  });

  test("settled to accepted › a late /object gets no_decision, the acceptance stands", () => {
    const accepted: DecisionState = { ...FRESH, status: "accepted", closedAt: LATER.toString() };
    const start = { decision: accepted, transitions: [{ before: FRESH, after: accepted }] };
    const reply = { key: replyKey, kind: "no_decision", command: "/object" };
    expect(reduce("alice: /object too late", { now: LATER, start })).toEqual({
      ...nothing(accepted),
      ...start,
      replies: [reply],
    });
  });
});
