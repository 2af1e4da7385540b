import { expect, test } from "@jest/globals";
import { pino } from "pino";
import { Probot } from "probot";
import { planAgendaFlag } from "../../src/agenda/flag.js";
import { main } from "../../src/cli/main.js";
import { PUBLISH_AT, SYNC_CONFIG_YAML } from "../factories/agenda.js";
import { memoryIo } from "../helpers/cli-io.js";
import { fakeSync } from "../helpers/fake-sync.js";
import { APP_ID } from "../helpers/github.js";
import { useNock } from "../helpers/nock.js";
import { PRIVATE_KEY, TestOctokit } from "../helpers/probot.js";

useNock({ allPending: false });

function run(argv: string[]) {
  const { io, stdout, stderr } = memoryIo();
  const probot = new Probot({
    appId: APP_ID,
    privateKey: PRIVATE_KEY,
    log: pino({ level: "silent" }),
    Octokit: TestOctokit,
  });
  const deps = async () => ({
    env: { APP_ID: String(APP_ID), PRIVATE_KEY },
    log: pino({ level: "silent" }),
    octokitFor: async () => ({ octokit: await probot.auth(2), appId: APP_ID }),
  });
  return main(argv, io, deps).then((code) => ({ code, stdout: stdout(), stderr: stderr() }));
}

function flagged() {
  const gh = fakeSync({ configs: { "Hello-World": SYNC_CONFIG_YAML } });
  gh.addIssue("Hello-World", 2, { title: "Which vendor?", labels: ["sync: agenda"] });
  const plan = planAgendaFlag({
    issueNumber: 2,
    labels: [],
    change: { action: "flag", reason: "pick one", by: "bob" },
    now: "2026-12-01T10:00:00Z",
  });
  gh.addComment(
    "Hello-World",
    2,
    (plan.find((a) => a.type === "upsertComment") as { body: string }).body,
  );
  return gh;
}

test("agenda --dry-run a week early › the next sync's agenda on stdout, nothing written", async () => {
  const gh = flagged();

  const { code, stdout, stderr } = await run([
    "agenda",
    "--repo",
    "Codertocat/Hello-World",
    "--now",
    "2026-12-02T10:00:00Z",
    "--dry-run",
  ]);

  expect(code).toBe(0);
  expect(stdout.startsWith("<!-- async-status:agenda 2026-12-10T16:00 -->")).toBe(true);
  expect(stdout).toContain(
    "- [ ] [#2](https://github.com/Codertocat/Hello-World/issues/2) Which vendor?",
  );
  expect(stderr).toBe(
    "Sync agenda: Thu 10 Dec 2026 16:00 (Europe/Berlin) in Codertocat/Hello-World, not published yet (dry run: nothing written)\n",
  );
  expect(gh.requests.filter((r) => !r.startsWith("GET") && !r.includes("access_tokens"))).toEqual(
    [],
  );
});

test("agenda at its time › published once; a second run publishes nothing", async () => {
  const gh = flagged();
  const argv = ["agenda", "--repo", "Codertocat/Hello-World", "--now", PUBLISH_AT.toString()];

  const first = await run(argv);
  const second = await run(argv);

  expect([first.code, second.code]).toEqual([0, 0]);
  expect(first.stderr).toBe(
    "Sync agenda: Thu 10 Dec 2026 16:00 (Europe/Berlin) in Codertocat/Hello-World: 1 published, 1 write(s)\n",
  );
  expect(second.stderr).toContain(": 0 published, 0 write(s)");
  expect(gh.agendas()).toHaveLength(1);
});

test("agenda on a repository without sync › a usage error that says why", async () => {
  fakeSync({ configs: { "Hello-World": "timezone: Europe/Berlin\n" } });

  const { code, stderr } = await run(["agenda", "--repo", "Codertocat/Hello-World"]);

  expect(code).toBe(2);
  expect(stderr).toContain(
    "async-status agenda: Codertocat/Hello-World has no sync agenda of its own: sync is not configured",
  );
});
