import { describe, expect, test } from "@jest/globals";
import MarkdownIt from "markdown-it";
import { Temporal } from "temporal-polyfill";
import {
  decodeAgendaState,
  eligibleKinds,
  isSettled,
  MAX_ENTRIES,
  reconcile,
} from "../../src/agenda/model.js";
import { renderAgenda } from "../../src/agenda/render.js";
import { inPublicationWindow, nextSync, syncSlot } from "../../src/agenda/schedule.js";
import { type Config, ConfigSchema } from "../../src/config/schema.js";
import {
  agendaContext,
  blocked,
  byRef,
  emptyAgenda,
  flagged,
  makeReading,
  needsSync,
  PUBLISH_AT,
  SYNC_AT,
  SYNC_CONFIG,
} from "../factories/agenda.js";
import { makeDecision } from "../factories/decision.js";

const syncConfig = (sync: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
  ConfigSchema.parse({ timezone: "Europe/Berlin", ...extra, sync });
const syncOf = (config: Config) => config.sync as NonNullable<Config["sync"]>;
const at = (iso: string) => Temporal.Instant.from(iso);
const next = (config: Config, now: string) => nextSync(at(now), syncOf(config), config);

describe("sync instants", () => {
  test("the first sync › keyed and titled in the project zone, published 24 hours before", () => {
    const slot = next(SYNC_CONFIG, "2026-12-01T00:00:00Z");
    expect(slot).toMatchObject({
      key: "2026-12-10T16:00",
      index: 0,
      title: "Sync agenda: Thu 10 Dec 2026 16:00 (Europe/Berlin)",
    });
    expect(slot.at.toInstant()).toEqual(SYNC_AT);
    expect(slot.publishAt.toInstant()).toEqual(PUBLISH_AT);
  });

  test.each([
    ["just before the first sync starts", "2026-12-10T14:59:59Z", "2026-12-10T16:00"],
    ["as the first sync starts › the next one", "2026-12-10T15:00:00Z", "2026-12-24T16:00"],
    ["between syncs", "2026-12-17T12:00:00Z", "2026-12-24T16:00"],
    ["two years on › estimated, then corrected", "2028-12-08T12:00:00Z", "2028-12-21T16:00"],
  ])("every 2 weeks › %s", (_name, now, key) => {
    expect(next(SYNC_CONFIG, now).key).toBe(key);
  });

  test("every 1 week › each Thursday", () => {
    const weekly = syncConfig({
      every: "1 week",
      day: "thursday",
      time: "16:00",
      first: "2026-12-10",
    });
    expect(next(weekly, "2026-12-10T15:00:00Z").key).toBe("2026-12-17T16:00");
  });

  test("weekly across the spring DST change › 16:00 stays 16:00 (15:00 → 14:00 UTC)", () => {
    const weekly = syncConfig({
      every: "1 week",
      day: "thursday",
      time: "16:00",
      first: "2027-03-18",
    });
    const before = syncSlot(syncOf(weekly), weekly, 1);
    const after = syncSlot(syncOf(weekly), weekly, 2);
    expect(before.at.toString()).toBe("2027-03-25T16:00:00+01:00[Europe/Berlin]");
    expect(after.at.toString()).toBe("2027-04-01T16:00:00+02:00[Europe/Berlin]");
    expect(after.at.toInstant().toString()).toBe("2027-04-01T14:00:00Z");
  });

  test.each([
    ["24h is exact hours", "24h", "2027-03-28T14:00:00Z"],
    ["2 days keeps the wall clock (47 hours across DST)", "2 days", "2027-03-27T15:00:00Z"],
    ["48h is exact hours", "48h", "2027-03-27T14:00:00Z"],
    ["1 business day is the Friday before", "1bd", "2027-03-26T15:00:00Z"],
  ])("lead › %s", (_name, lead, publishAt) => {
    // Monday 29 March 2027, 16:00 in Berlin: the day after the clocks go forward.
    const monday = syncConfig({
      every: "1 week",
      day: "monday",
      time: "16:00",
      first: "2027-03-29",
      lead,
    });
    expect(syncSlot(syncOf(monday), monday, 0).publishAt.toInstant().toString()).toBe(publishAt);
  });

  test.each([
    ["before the lead", "2026-12-09T14:59:59Z", false],
    ["at the lead", "2026-12-09T15:00:00Z", true],
    ["late, the tick was down › still published before the sync", "2026-12-10T14:59:00Z", true],
  ])("publication window › %s › %s", (_name, now, open) => {
    const slot = syncSlot(syncOf(SYNC_CONFIG), SYNC_CONFIG, 0);
    expect(inPublicationWindow(slot, at(now))).toBe(open);
  });

  test("a sync that has started › its agenda is never due (the next sync's is not yet)", () => {
    const slot = next(SYNC_CONFIG, "2026-12-10T15:30:00Z");
    expect(slot.key).toBe("2026-12-24T16:00");
    expect(inPublicationWindow(slot, at("2026-12-10T15:30:00Z"))).toBe(false);
  });

  test.each([
    ["first not on day", { day: "thursday", time: "16:00", first: "2026-12-11" }, "sync.first"],
    [
      "every 0 weeks",
      { every: "0 weeks", day: "thursday", time: "16:00", first: "2026-12-10" },
      "sync.every",
    ],
  ])("config › %s › refused", (_name, sync, path) => {
    const parsed = ConfigSchema.safeParse({ sync });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((i) => i.path.join("."))).toContain(path);
  });
});

describe("agenda entries", () => {
  const ctx = agendaContext(PUBLISH_AT);

  test.each([
    ["a decision that went to the sync", needsSync(1), ["decision"]],
    ["a pending decision", makeReading(2, { decision: { state: makeDecision(), url: "" } }), []],
    ["an item flagged with /agenda", flagged(3), ["flagged"]],
    ["blocked 5 business days ago", blocked(4, "2026-12-02T15:00:00Z"), ["blocked"]],
    ["blocked 4 business days ago", blocked(5, "2026-12-03T15:00:00Z"), []],
  ])("eligible › %s", (_name, reading, kinds) => {
    expect(eligibleKinds(reading, ctx)).toEqual(kinds);
  });

  test("eligible › a closed item › never", () => {
    expect(eligibleKinds({ ...needsSync(6), open: false }, ctx)).toEqual([]);
  });

  test("publication › each kind listed once; owner, stakeholders and objectors mentioned once each", () => {
    const readings = [needsSync(1), needsSync(2, { owner: "alice" }), flagged(3, { by: "alice" })];
    const { state } = reconcile({
      state: emptyAgenda(),
      readings: byRef(...readings),
      joining: readings,
      ctx,
    });
    expect(state.entries.map((e) => [e.kind, e.number, e.outcome])).toEqual([
      ["decision", 1, undefined],
      ["decision", 2, undefined],
      ["flagged", 3, undefined],
    ]);
    expect(state.mentioned).toEqual(["octocat", "alice", "org/team"]);
  });

  test.each([
    ["accepted", { status: "accepted", closedBy: "maint" }, { result: "accepted", by: "maint" }],
    ["rejected", { status: "rejected", closedBy: "maint" }, { result: "rejected", by: "maint" }],
    [
      "extended",
      { status: "pending", deadline: "2026-12-18T22:59:59Z" },
      { result: "extended", until: "2026-12-18" },
    ],
  ] as const)(
    "a decision %s in its issue › its entry is settled with that outcome",
    (_n, change, outcome) => {
      const published = reconcile({
        state: emptyAgenda(),
        readings: byRef(needsSync(1)),
        joining: [needsSync(1)],
        ctx,
      }).state;
      const later = agendaContext(PUBLISH_AT.add({ hours: 2 }));
      const settled = reconcile({
        state: published,
        readings: byRef(needsSync(1, change)),
        joining: [],
        ctx: later,
      }).state;
      expect(settled.entries[0]?.outcome).toEqual({
        ...outcome,
        url: "https://github.com/Codertocat/Hello-World/issues/1#issuecomment-901",
        at: later.now.toString(),
      });
      // Once settled it is not judged again.
      const again = reconcile({
        state: settled,
        readings: byRef(needsSync(1)),
        joining: [],
        ctx: later,
      }).state;
      expect(again.entries[0]?.outcome?.result).toBe(outcome.result);
    },
  );

  test("/agenda done › the flagged entry is done; a blocked entry of that item too", () => {
    const readings = [flagged(3), blocked(3, "2026-11-20T10:00:00Z")];
    const item = { ...flagged(3), blocked: blocked(3, "2026-11-20T10:00:00Z").blocked };
    const published = reconcile({
      state: emptyAgenda(),
      readings: byRef(item),
      joining: [item],
      ctx,
    }).state;
    expect(published.entries.map((e) => e.kind)).toEqual(["flagged", "blocked"]);
    const done = {
      ...item,
      flag: {
        state: {
          ...readings[0]?.flag?.state,
          flagged: false,
          done: { by: "bob", at: PUBLISH_AT.add({ hours: 1 }).toString() },
        },
        url: "u",
      },
    } as typeof item;
    const later = agendaContext(PUBLISH_AT.add({ hours: 2 }));
    const settled = reconcile({
      state: published,
      readings: byRef(done),
      joining: [],
      ctx: later,
    }).state;
    expect(settled.entries.map((e) => e.outcome?.result)).toEqual(["done", "done"]);
  });

  test("late addition › joins with its people appended; those mentioned before stay, none twice", () => {
    const published = reconcile({
      state: emptyAgenda(),
      readings: byRef(needsSync(1)),
      joining: [needsSync(1)],
      ctx,
    }).state;
    const late = flagged(9, { by: "dave" });
    const { state } = reconcile({
      state: published,
      readings: byRef(needsSync(1), late),
      joining: [needsSync(1), late],
      ctx,
    });
    expect(state.entries.map((e) => e.number)).toEqual([1, 9]);
    expect(state.mentioned).toEqual(["octocat", "alice", "org/team", "dave"]);
  });

  test("more than fit › the rest is counted, not listed", () => {
    const many = Array.from({ length: MAX_ENTRIES + 3 }, (_, i) => flagged(i + 1));
    const { state, overflow } = reconcile({
      state: emptyAgenda(),
      readings: byRef(...many),
      joining: many,
      ctx,
    });
    expect([state.entries.length, overflow]).toEqual([MAX_ENTRIES, 3]);
  });

  test.each([
    ["before the sync, all settled", "2026-12-10T14:00:00Z", true, false],
    ["after the sync, one open", "2026-12-10T16:00:00Z", false, false],
    ["after the sync, all settled", "2026-12-10T16:00:00Z", true, true],
  ])("settled › %s › %s", (_name, now, allDone, settled) => {
    const entry = {
      kind: "flagged" as const,
      repo: "o/r",
      number: 1,
      title: "t",
      url: "u",
      addedAt: "x",
    };
    const outcome = { result: "done" as const, url: "u", at: now };
    const state = emptyAgenda({ entries: [allDone ? { ...entry, outcome } : entry] });
    expect(isSettled(state, at(now))).toBe(settled);
  });
});

describe("agenda rendering", () => {
  const ctx = agendaContext(PUBLISH_AT);
  const home = { owner: "Codertocat", repo: "Hello-World" };
  const hostile = needsSync(1, {
    recommendation: "adopt @bob's plan <!-- | [x] -->",
    objections: [
      { user: "alice", reason: "line one\n- [x] fake item\n@org/all", at: "2026-11-27T10:00:00Z" },
    ],
  });
  hostile.title = "Title with @carol | pipes [link](http://x) <!-- open";
  const readings = [hostile, flagged(3), blocked(4, "2026-12-01T09:00:00Z")];
  const published = reconcile({
    state: emptyAgenda(),
    readings: byRef(...readings),
    joining: readings,
    ctx,
  }).state;
  const body = (state = published, readingsNow = readings, now = PUBLISH_AT) =>
    renderAgenda({
      state,
      when: "Thu 10 Dec 2026 16:00 (Europe/Berlin)",
      home,
      readings: byRef(...readingsNow),
      sync: ctx.sync,
      now,
    });

  test("published › a task list by kind, with objections and reasons", () => {
    expect(body()).toMatchSnapshot();
  });

  test("user text › cannot mention, add task items, open comments or break links", () => {
    const tokens = new MarkdownIt({ html: true }).parse(body(), {});
    const html = tokens
      .filter((t) => t.type === "html_block" || t.type === "html_inline")
      .map((t) => t.content.trim());
    // The only HTML is the app's own marker, state block and footer.
    expect(
      html.filter(
        (h) => !h.startsWith("<!-- async-status:") && !h.startsWith("<sub>") && h !== "</sub>",
      ),
    ).toEqual([]);
    const lines = body().split("\n");
    expect(lines.filter((l) => /^\s*- \[[ x]\]/.test(l))).toHaveLength(3);
    // Mentions: only the stakeholders line, each person once.
    const mentions = lines.filter((l) => /(^|[^`\w])@\w/.test(l.replace(/`[^`]*`/g, "")));
    expect(mentions).toEqual(["Stakeholders: @octocat @alice @org/team @bob @carol"]);
  });

  test("after /decide accept › the item is ticked with its outcome and a link; nobody mentioned anew", () => {
    const accepted = {
      ...hostile,
      decision: {
        state: { ...hostile.decision?.state, status: "accepted", closedBy: "maint" },
        url: "https://github.com/Codertocat/Hello-World/issues/1#issuecomment-950",
      },
    } as typeof hostile;
    const now = PUBLISH_AT.add({ hours: 3 });
    const state = reconcile({
      state: published,
      readings: byRef(accepted, flagged(3), readings[2] as typeof hostile),
      joining: [],
      ctx: agendaContext(now),
    }).state;
    const edited = body(state, [accepted, flagged(3), readings[2] as typeof hostile], now);
    expect(edited).toContain(
      "- [x] [#1](https://github.com/Codertocat/Hello-World/issues/1) Title with `@carol` \\| pipes \\[link\\](http://x) &lt;!-- open — **accepted** by `maint` ([record](https://github.com/Codertocat/Hello-World/issues/1#issuecomment-950))",
    );
    expect(edited).not.toContain("Objection from");
    expect(edited.split("\n").filter((l) => l.startsWith("Stakeholders:"))).toEqual([
      "Stakeholders: @octocat @alice @org/team @bob @carol",
    ]);
    expect(decodeAgendaState(edited)?.entries[0]?.outcome?.result).toBe("accepted");
  });

  test("organisation-wide › items of other repositories named with theirs", () => {
    const other = {
      ...flagged(7),
      repo: "Codertocat/Other",
      url: "https://github.com/Codertocat/Other/issues/7",
    };
    const { state } = reconcile({
      state: emptyAgenda({ org: "Codertocat" }),
      readings: byRef(other),
      joining: [other],
      ctx,
    });
    const text = renderAgenda({
      state,
      when: "w",
      home: { owner: "Codertocat", repo: ".github" },
      readings: byRef(other),
      sync: ctx.sync,
      now: PUBLISH_AT,
    });
    expect(text).toContain("- [ ] [Other#7](https://github.com/Codertocat/Other/issues/7) Item 7");
    expect(text).toContain("for every repository of `Codertocat`");
  });

  test("nothing to discuss › says so, and that late items are still added", () => {
    expect(body(emptyAgenda(), [])).toContain("Nothing is on the agenda yet.");
  });
});
