import { describe, expect, test } from "@jest/globals";
import { pino } from "pino";
import { main } from "../../src/cli/main.js";
import type { TickApp } from "../../src/tick.js";
import { memoryIo } from "../helpers/cli-io.js";
import { PRIVATE_KEY } from "../helpers/probot.js";

/** An app with no installations: the tick has nothing to do. */
const emptyApp = (): TickApp => ({
  auth: async () =>
    ({ paginate: async () => [], rest: { apps: { listInstallations: () => undefined } } }) as never,
});
const ENV = { APP_ID: "1", PRIVATE_KEY };
const deps =
  (env: NodeJS.ProcessEnv = ENV) =>
  async () => ({ env, log: pino({ level: "silent" }), makeApp: emptyApp });

describe("async-status tick", () => {
  test("--now › runs at that instant and reports", async () => {
    const { io, stdout } = memoryIo();
    expect(await main(["tick", "--now", "2026-11-30T09:00:00Z", "--dry-run"], io, deps())).toBe(0);
    expect(stdout()).toBe(
      "tick at 2026-11-30T09:00:00Z (dry run): 0 installation(s), 0 repository(ies) checked, 0 lost command(s) handled, 0 decision(s) due, 0 summary(ies) published, 0 agenda(s) published, 0 template result(s) repaired, 0 roll-up(s) published, 0 action(s), 0 failure(s)\n",
    );
  });

  test.each([
    ["a bad --now", ["tick", "--now", "next tuesday"], ENV, /--now must be an ISO instant/],
    ["an unknown option", ["tick", "--later"], ENV, /Unknown option '--later'/],
    ["no credentials", ["tick"], {}, /APP_ID and PRIVATE_KEY \(or PRIVATE_KEY_PATH\) must be set/],
    [
      "a --repo without a slash",
      ["tick", "--repo", "Hello-World"],
      ENV,
      /--repo must be OWNER\/NAME/,
    ],
    [
      "GITHUB_TOKEN without --repo (a token cannot list installations)",
      ["tick"],
      { GITHUB_TOKEN: "ghp_x" },
      /APP_ID and PRIVATE_KEY \(or PRIVATE_KEY_PATH\) must be set, as for `npm start`\n/,
    ],
    [
      "a key file that is not there",
      ["tick"],
      { APP_ID: "1", PRIVATE_KEY_PATH: "/nonexistent/key.pem" },
      /PRIVATE_KEY_PATH: no file at \/nonexistent\/key.pem/,
    ],
  ])("usage error › %s › exit 2", async (_name, argv, env, message) => {
    const { io, stderr } = memoryIo();
    expect(await main(argv, io, deps(env as NodeJS.ProcessEnv))).toBe(2);
    expect(stderr()).toMatch(message);
  });
});
