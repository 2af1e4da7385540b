import { expect, test } from "@jest/globals";
import { pino } from "pino";
import { Probot } from "probot";
import { main } from "../../src/cli/main.js";
import { memoryIo } from "../helpers/cli-io.js";
import { fakeRepo, mergedNode } from "../helpers/fake-repo.js";
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
  return main(argv, io, deps).then((code) => ({
    code,
    stdout: stdout(),
    stderr: stderr(),
  }));
}

const search = (q: string) => (q.includes("is:merged merged:2026-11-16") ? [mergedNode(1)] : []);

test("summary --week --dry-run › renders that week to stdout and writes nothing", async () => {
  const repo = fakeRepo({ config: "timezone: Europe/Berlin\n", search });

  const { code, stdout, stderr } = await run([
    "summary",
    "--repo",
    "Codertocat/Hello-World",
    "--week",
    "2026-W47",
    "--dry-run",
  ]);

  expect(code).toBe(0);
  expect(stdout.startsWith("<!-- async-status:summary 2026-11-16 -->")).toBe(true);
  expect(stdout).toContain("| PRs merged | 1 |");
  expect(stderr).toMatch(
    /^Weekly summary: 16–22 Nov 2026 \(\d+ GitHub requests; dry run: nothing written\)/,
  );
  expect(repo.issues).toHaveLength(0);
});

test("summary without --dry-run › publishes once; a second run leaves it alone", async () => {
  const repo = fakeRepo({ config: "timezone: Europe/Berlin\n", search });

  const first = await run([
    "summary",
    "--repo",
    "Codertocat/Hello-World",
    "--week",
    "2026-W47",
    "--now",
    "2026-11-23T08:00:00Z",
  ]);
  const second = await run([
    "summary",
    "--repo",
    "Codertocat/Hello-World",
    "--week",
    "2026-W47",
    "--now",
    "2026-11-23T08:05:00Z",
  ]);

  expect(first.stderr).toBe("published as #100\n");
  expect(second.stderr).toBe(
    "Weekly summary: 16–22 Nov 2026 is already published as #100; nothing written\n",
  );
  expect(repo.issues).toHaveLength(1);
});

test("summary --week of a week not over yet, without --dry-run › refused", async () => {
  const repo = fakeRepo({ config: "timezone: Europe/Berlin\n", search });
  const { code, stderr } = await run([
    "summary",
    "--repo",
    "Codertocat/Hello-World",
    "--week",
    "2026-W48",
    "--now",
    "2026-11-24T12:00:00Z",
  ]);
  expect(code).toBe(2);
  expect(stderr).toContain(
    "Weekly summary: 23–29 Nov 2026 is not over until 2026-11-30 09:00 Europe/Berlin; preview it with --dry-run",
  );
  expect(repo.issues).toHaveLength(0);
});

test.each([
  ["no --repo", ["summary"], /--repo OWNER\/NAME is required/],
  [
    "a bad --week",
    ["summary", "--repo", "o/r", "--week", "week 47"],
    /--week must be an ISO week such as 2026-W47/,
  ],
])("usage error › %s › exit 2", async (_name, argv, message) => {
  fakeRepo({ config: "" });
  const { code, stderr } = await run(argv);
  expect(code).toBe(2);
  expect(stderr).toMatch(message);
});
