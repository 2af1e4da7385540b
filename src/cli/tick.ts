import { parseArgs } from "node:util";
import type { Logger } from "pino";
import { createProbot } from "probot";
import { Temporal } from "temporal-polyfill";
import { readEnv } from "../env.js";
import { runTick, type TickApp } from "../tick.js";
import { type CliIo, EXIT } from "./io.js";

export const TICK_USAGE = `Usage: async-status tick [--now ISO] [--dry-run]

Run all due time-based work once (decision reminders and deadlines, weekly summaries) for
every installation and repository, then exit. Uses the same environment as \`npm start\` (APP_ID, PRIVATE_KEY or
PRIVATE_KEY_PATH, GHE_HOST, GHE_PROTOCOL).

  --now ISO    act as if it were this instant, e.g. 2026-11-30T09:00:00Z
  --dry-run    print the intended writes instead of making them
Exit codes: 0 done, 1 a repository or installation failed (the others were still processed)
or GitHub could not be reached, 2 usage error.`;

export interface TickDeps {
  env: NodeJS.ProcessEnv;
  log: Logger;
  /** Builds the authenticated app; tests hand in one whose Octokit talks to a fake API. */
  makeApp?: (env: NodeJS.ProcessEnv, log: Logger) => TickApp;
}

/** `async-status tick`: returns the exit code. */
export async function tickCommand(argv: string[], io: CliIo, deps: TickDeps): Promise<number> {
  let values: { now?: string; "dry-run"?: boolean; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      options: {
        now: { type: "string" },
        "dry-run": { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
    }));
  } catch (error) {
    io.stderr(
      `async-status tick: ${error instanceof Error ? error.message : String(error)}\n\n${TICK_USAGE}\n`,
    );
    return EXIT.usage;
  }
  if (values.help) {
    io.stdout(`${TICK_USAGE}\n`);
    return EXIT.ok;
  }
  let now: Temporal.Instant;
  try {
    now = values.now ? Temporal.Instant.from(values.now) : Temporal.Now.instant();
  } catch {
    io.stderr(
      `async-status tick: --now must be an ISO instant with a zone or offset, such as 2026-11-30T09:00:00Z, not "${values.now}"\n`,
    );
    return EXIT.usage;
  }
  const env = readEnv(deps.env, { webhooks: false });
  if (!env.ok) {
    io.stderr(`async-status tick: ${env.message}\n`);
    return EXIT.usage;
  }
  if (!deps.env.APP_ID || !(deps.env.PRIVATE_KEY || deps.env.PRIVATE_KEY_PATH)) {
    io.stderr(
      "async-status tick: APP_ID and PRIVATE_KEY (or PRIVATE_KEY_PATH) must be set, as for `npm start`\n",
    );
    return EXIT.usage;
  }
  const app = (deps.makeApp ?? ((e, log) => createProbot({ env: e, overrides: { log } })))(
    deps.env,
    deps.log,
  );
  const dryRun = values["dry-run"] === true;
  const report = await runTick({
    app,
    now,
    log: deps.log,
    appId: Number(deps.env.APP_ID),
    dryRun,
    print: (line) => io.stdout(`${line}\n`),
  });
  io.stdout(
    `tick at ${now.toString()}${dryRun ? " (dry run)" : ""}: ${report.installations} installation(s), ${report.repositories} repository(ies) checked, ${report.decisions} decision(s) due, ${report.summaries} summary(ies) published, ${report.actions} action(s), ${report.failures.length} failure(s)\n`,
  );
  for (const failure of report.failures) io.stderr(`failed: ${failure.repo}: ${failure.error}\n`);
  return report.failures.length > 0 ? 1 : EXIT.ok;
}
