import { describe, expect, test } from "@jest/globals";
import { Temporal } from "temporal-polyfill";
import { planAgendaFlag } from "../../src/agenda/flag.js";
import { decodeAgendaState } from "../../src/agenda/model.js";
import { planBlocked } from "../../src/blocked/index.js";
import { decisionsJob } from "../../src/decisions/job.js";
import type { Action } from "../../src/github/actions.js";
import { TickState } from "../../src/tick.js";
import { PUBLISH_AT, SYNC_AT, SYNC_CONFIG_YAML } from "../factories/agenda.js";
import { makeDecision, NOW, statusCommentFixture } from "../factories/decision.js";
import { PENDING_LABELS } from "../helpers/decision-scenario.js";
import { fakeSync, syncTick as tick } from "../helpers/fake-sync.js";
import { useNock } from "../helpers/nock.js";
import { commentPayload } from "../helpers/payloads.js";
import { makeProbot } from "../helpers/probot.js";
import { AFTER_DEADLINE } from "../helpers/tick-scenario.js";

useNock({ allPending: false });

const REPO = "Hello-World";
type Fake = ReturnType<typeof fakeSync>;
const NEEDS_SYNC_LABELS = ["decision", "decision: needs sync", "decision: objected"];
const upserted = (plan: Action[]) =>
  (plan.find((a) => a.type === "upsertComment") as { body: string }).body;

/** Issue `number` with a decision that went to the sync over `alice`'s objection. */
function needsSyncIssue(gh: Fake, number: number, repo = REPO) {
  gh.addIssue(repo, number, { title: `Decision ${number}`, labels: [...NEEDS_SYNC_LABELS] });
  const state = makeDecision({
    id: String(900 + number),
    status: "needs_sync",
    objections: [{ user: "alice", reason: "the migration is risky", at: "2026-11-27T10:00:00Z" }],
  });
  return gh.addComment(repo, number, statusCommentFixture(state).body);
}

/** Issue `number` put on the agenda with `/agenda REASON` by bob. */
function flaggedIssue(gh: Fake, number: number, repo = REPO, reason = "we need to pick a vendor") {
  gh.addIssue(repo, number, { title: `Question ${number}`, labels: ["sync: agenda"] });
  const plan = planAgendaFlag({
    issueNumber: number,
    labels: [],
    change: { action: "flag", reason, by: "bob" },
    now: "2026-12-01T10:00:00Z",
  });
  return gh.addComment(repo, number, upserted(plan));
}

/** Issue `number` blocked by carol since `at`. */
function blockedIssue(gh: Fake, number: number, at: string) {
  gh.addIssue(REPO, number, { title: `Blocked ${number}`, labels: ["blocked"] });
  const plan = planBlocked({
    issueNumber: number,
    labels: [],
    change: { action: "block", reason: "waiting for legal", by: "carol" },
    now: at,
  });
  return gh.addComment(REPO, number, upserted(plan));
}

const setup = () => {
  const gh = fakeSync({ configs: { [REPO]: SYNC_CONFIG_YAML } });
  needsSyncIssue(gh, 1);
  flaggedIssue(gh, 2);
  return gh;
};
const only = (gh: Fake) => {
  const agendas = gh.agendas();
  expect(agendas).toHaveLength(1);
  return agendas[0] as NonNullable<(typeof agendas)[0]>;
};
const entries = (body: string) =>
  decodeAgendaState(body)?.entries.map((e) => [e.kind, e.number, e.outcome?.result ?? "open"]);

/** The decision on issue 1 accepted by a maintainer, as `/decide accept` leaves it. */
function accept(gh: Fake, status: { id: number }) {
  const comment = gh.comments.find((c) => c.id === status.id);
  const state = makeDecision({
    id: "901",
    status: "accepted",
    closedBy: "maint",
    closedAt: "2026-12-09T16:00:00Z",
  });
  if (comment) comment.body = statusCommentFixture(state).body;
  const issue = gh.issues.find((i) => i.repo === REPO && i.number === 1);
  if (issue) issue.labels = ["decision", "decision: accepted"];
}

describe("sync agenda, from the tick", () => {
  test("a minute before its time › nothing published; with the server's memory the next tick asks nothing", async () => {
    const gh = setup();
    const state = new TickState();

    await tick(PUBLISH_AT.subtract({ minutes: 1 }), { state });
    const listed = gh.requests.filter((r) => r === `GET /repos/Codertocat/${REPO}/issues`).length;
    await tick(PUBLISH_AT.subtract({ seconds: 30 }), { state });

    expect(gh.agendas()).toEqual([]);
    expect(listed).toBe(1);
    expect(gh.requests.filter((r) => r === `GET /repos/Codertocat/${REPO}/issues`)).toHaveLength(1);
    expect(gh.searches).toEqual([]);
  });

  test("24 hours before the sync › one agenda issue: titled, labelled, the decision with its objection and the /agenda item, stakeholders mentioned; no comment anywhere", async () => {
    const gh = setup();

    const report = await tick(PUBLISH_AT);

    expect(report.jobs.agendas?.items).toBe(1);
    const agenda = only(gh);
    expect(agenda).toMatchObject({
      title: "Sync agenda: Thu 10 Dec 2026 16:00 (Europe/Berlin)",
      labels: ["sync-agenda"],
      state: "open",
    });
    expect(agenda.body).toContain(
      "- [ ] [#1](https://github.com/Codertocat/Hello-World/issues/1) Decision 1",
    );
    expect(agenda.body).toContain("  - Objection from `alice`: the migration is risky");
    expect(agenda.body).toContain("  - Raised by `bob`: we need to pick a vendor");
    expect(agenda.body).toContain("Stakeholders: @octocat @alice @org/team @bob");
    expect(gh.searches).toEqual([
      'is:open archived:false label:"decision: needs sync","sync: agenda","blocked" repo:Codertocat/Hello-World',
    ]);
    expect(gh.writtenComments()).toEqual([]);
    expect([...(gh.labels.get(REPO)?.keys() ?? [])]).toEqual(["sync-agenda"]);
  });

  test("two ticks at once, or one after the other › still exactly one agenda", async () => {
    const gh = setup();

    await Promise.all([tick(PUBLISH_AT), tick(PUBLISH_AT)]);
    await tick(PUBLISH_AT.add({ minutes: 5 }));

    expect(gh.agendas()).toHaveLength(1);
  });

  test("another machine holds the sync's claim › this tick publishes nothing", async () => {
    const gh = setup();
    gh.labels
      .get(REPO)
      ?.set(
        "async-status-lock: agenda 2026-12-10T16:00",
        `claimed ${Temporal.Now.instant().toString()}`,
      );

    const report = await tick(PUBLISH_AT);

    expect(gh.agendas()).toEqual([]);
    expect(report.failures).toEqual([]);
  });

  test("the app was down at its time › published late, before the sync starts; never once it has started", async () => {
    const late = setup();
    await tick(SYNC_AT.subtract({ minutes: 1 }));
    expect(late.agendas()).toHaveLength(1);

    const tooLate = setup();
    await tick(SYNC_AT);
    expect(tooLate.agendas()).toEqual([]);
  });

  test("after /decide accept in the issue › the item is ticked in place with its outcome and a link; a tick after that writes nothing", async () => {
    const gh = fakeSync({ configs: { [REPO]: SYNC_CONFIG_YAML } });
    const status = needsSyncIssue(gh, 1);
    flaggedIssue(gh, 2);
    await tick(PUBLISH_AT);
    const number = only(gh).number;

    accept(gh, status);
    await tick(PUBLISH_AT.add({ hours: 1 }));
    const edits = gh.requests.filter(
      (r) => r === `PATCH /repos/Codertocat/${REPO}/issues/${number}`,
    );
    await tick(PUBLISH_AT.add({ hours: 2 }));

    const agenda = only(gh);
    expect(agenda.body).toContain(
      `- [x] [#1](https://github.com/Codertocat/Hello-World/issues/1) Decision 1 — **accepted** by \`maint\` ([record](https://github.com/Codertocat/Hello-World/issues/1#issuecomment-${status.id}))`,
    );
    expect(entries(agenda.body)).toEqual([
      ["decision", 1, "accepted"],
      ["flagged", 2, "open"],
    ]);
    expect(agenda.state).toBe("open");
    expect(edits).toHaveLength(1);
    expect(
      gh.requests.filter((r) => r === `PATCH /repos/Codertocat/${REPO}/issues/${number}`),
    ).toHaveLength(1);
    expect(gh.writtenComments()).toEqual([]);
  });

  test("late additions › added until the sync starts, not after", async () => {
    const gh = setup();
    await tick(PUBLISH_AT);

    flaggedIssue(gh, 3, REPO, "one more thing");
    blockedIssue(gh, 4, "2026-11-30T09:00:00Z");
    await tick(SYNC_AT.subtract({ minutes: 1 }));
    flaggedIssue(gh, 5, REPO, "too late");
    await tick(SYNC_AT.add({ minutes: 1 }));

    expect(entries(only(gh).body)).toEqual([
      ["decision", 1, "open"],
      ["flagged", 2, "open"],
      ["flagged", 3, "open"],
      ["blocked", 4, "open"],
    ]);
    expect(only(gh).body).toContain("Stakeholders: @octocat @alice @org/team @bob @carol");
  });

  test("after the sync › closes itself once every item is settled, and not before", async () => {
    const gh = fakeSync({ configs: { [REPO]: SYNC_CONFIG_YAML } });
    const status = needsSyncIssue(gh, 1);
    await tick(PUBLISH_AT);

    await tick(SYNC_AT.add({ hours: 1 }));
    expect(only(gh).state).toBe("open");

    accept(gh, status);
    await tick(SYNC_AT.add({ hours: 2 }));
    expect(only(gh).state).toBe("closed");
    expect(only(gh).body).toContain("✅ The sync is over and every item is settled.");
  });

  test("at the next agenda's publication › the previous one closes with a link, its open items carried over", async () => {
    const gh = fakeSync({ configs: { [REPO]: SYNC_CONFIG_YAML } });
    const status = needsSyncIssue(gh, 1);
    flaggedIssue(gh, 2);
    await tick(PUBLISH_AT);
    accept(gh, status);
    // The flag's label goes (say, by hand): the item is still open on the old agenda only.
    const flagged = gh.issues.find((i) => i.number === 2);
    if (flagged) flagged.labels = [];

    await tick(PUBLISH_AT.add({ hours: 14 * 24 }));

    const [previous, next] = gh.agendas();
    expect(next?.title).toBe("Sync agenda: Thu 24 Dec 2026 16:00 (Europe/Berlin)");
    expect(entries(next?.body ?? "")).toEqual([["flagged", 2, "open"]]);
    expect(next?.body).toContain(`· carried over from #${previous?.number}`);
    expect(previous?.state).toBe("closed");
    expect(previous?.body).toContain(
      `> Closed in favour of the next agenda, #${next?.number}, where its 1 unsettled item(s) moved.`,
    );
    expect(entries(previous?.body ?? "")).toEqual([
      ["decision", 1, "accepted"],
      ["flagged", 2, "open"],
    ]);
    expect(gh.writtenComments()).toEqual([]);
  });

  test("--dry-run tick › the agenda's creation is printed, nothing is written", async () => {
    const gh = setup();
    const lines: string[] = [];

    await tick(PUBLISH_AT, { dryRun: true, print: (l) => lines.push(l) });

    expect(lines).toEqual([
      expect.stringMatching(
        /^\[dry-run\] Codertocat\/Hello-World: create issue "Sync agenda: Thu 10 Dec 2026 16:00 \(Europe\/Berlin\)" labelled sync-agenda \(\d+ characters\)$/,
      ),
    ]);
    expect(gh.agendas()).toEqual([]);
    expect(gh.requests.filter((r) => !r.startsWith("GET") && !r.includes("access_tokens"))).toEqual(
      [],
    );
  });
});

describe("organisation-wide sync agenda", () => {
  const ORG_CONFIG = `${SYNC_CONFIG_YAML}rollup:\n  enabled: true\n  repository: status\n`;

  test("sync in the organisation's .github with rollup.enabled › one agenda in the roll-up repository covering every repository; a repository that inherits publishes none", async () => {
    const gh = fakeSync({
      configs: { ".github": ORG_CONFIG, Other: "timezone: Europe/Berlin\n" },
      repos: [".github", "status", REPO, "Other"],
      targetType: "Organization",
    });
    needsSyncIssue(gh, 1, REPO);
    flaggedIssue(gh, 7, "Other");

    await tick(PUBLISH_AT);

    expect(gh.agendas(REPO)).toEqual([]);
    expect(gh.agendas(".github")).toEqual([]);
    const [agenda, ...more] = gh.agendas("status");
    expect(more).toEqual([]);
    expect(agenda?.body).toContain(
      "**Sync: Thu 10 Dec 2026 16:00 (Europe/Berlin)**, for every repository of `Codertocat`",
    );
    expect(agenda?.body).toContain(
      "- [ ] [Hello-World#1](https://github.com/Codertocat/Hello-World/issues/1) Decision 1",
    );
    expect(agenda?.body).toContain(
      "- [ ] [Other#7](https://github.com/Codertocat/Other/issues/7) Question 7",
    );
    expect(gh.searches).toEqual([
      'is:open archived:false label:"decision: needs sync","sync: agenda","blocked" org:Codertocat',
    ]);
  });
});

describe("acceptance: the sync agenda end to end", () => {
  test("a repository with sync configured › its agenda 24 h before the sync lists the needs-sync decision with its objection and an /agenda item; after /decide accept there, the item is ticked in place", async () => {
    const gh = fakeSync({
      configs: { [REPO]: SYNC_CONFIG_YAML },
      permissions: { alice: "write", bob: "write", maint: "maintain" },
    });
    // A pending decision on #1 (due Friday 27 November in Berlin), and a question on #2.
    gh.addIssue(REPO, 1, { title: "Adopt option B", labels: [...PENDING_LABELS] });
    const status = gh.addComment(REPO, 1, statusCommentFixture(makeDecision()).body);
    gh.addIssue(REPO, 2, { title: "Which vendor?" });
    let now = NOW;
    const { receive } = await makeProbot({ now: () => now });
    const say = (issue: number, id: number, login: string, body: string) => {
      const payload = commentPayload("created", {
        body,
        id,
        login,
        labels: gh.issues.find((i) => i.number === issue)?.labels ?? [],
      });
      (payload.issue as { number: number }).number = issue;
      return receive("issue_comment", payload);
    };

    await say(1, 3001, "alice", "/object the migration needs a maintenance window");
    await tick(AFTER_DEADLINE, { jobs: [decisionsJob] });
    await say(2, 3002, "bob", "/agenda we need to pick a vendor together");
    expect(gh.issues.find((i) => i.number === 1)?.labels).toContain("decision: needs sync");

    await tick(PUBLISH_AT);

    const agenda = only(gh);
    expect(agenda.title).toBe("Sync agenda: Thu 10 Dec 2026 16:00 (Europe/Berlin)");
    expect(agenda.body).toContain(
      "- [ ] [#1](https://github.com/Codertocat/Hello-World/issues/1) Adopt option B",
    );
    expect(agenda.body).toContain("  - Recommendation: ship option B");
    expect(agenda.body).toContain(
      "  - Objection from `alice`: the migration needs a maintenance window",
    );
    expect(agenda.body).toContain(
      "- [ ] [#2](https://github.com/Codertocat/Hello-World/issues/2) Which vendor?",
    );
    expect(agenda.body).toContain("  - Raised by `bob`: we need to pick a vendor together");
    const before = gh.comments.length;

    now = PUBLISH_AT.add({ hours: 1 });
    await say(1, 3003, "maint", "/decide accept");
    await tick(PUBLISH_AT.add({ hours: 2 }));

    const ticked = only(gh);
    expect(ticked.number).toBe(agenda.number);
    expect(ticked.body).toContain(
      `- [x] [#1](https://github.com/Codertocat/Hello-World/issues/1) Adopt option B — **accepted** by \`maint\` ([record](https://github.com/Codertocat/Hello-World/issues/1#issuecomment-${status.id}))`,
    );
    expect(ticked.body).toContain("- [ ] [#2]");
    // The acceptance is announced in its own issue, as always; the agenda gets no comment.
    expect(gh.comments.slice(before).map((c) => c.issue)).toEqual([1]);
    expect(gh.comments.filter((c) => c.issue === agenda.number)).toEqual([]);
  });
});
