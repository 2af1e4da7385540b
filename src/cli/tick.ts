import { parseArgs } from "node:util";
import type { Logger } from "pino";
import { createProbot, type ProbotOctokit } from "probot";
import { Temporal } from "temporal-polyfill";
import { JOBS } from "../capabilities.js";
import { readEnv } from "../env.js";
import { AppOctokit } from "../github/octokit.js";
import { runTick, type TickApp, type TickReport, tickRepository } from "../tick.js";
import { repoOctokit } from "./auth.js";
import { type CliIo, EXIT } from "./io.js";

type Octokit = InstanceType<typeof ProbotOctokit>;

export const TICK_USAGE = `Usage: async-status tick [--repo OWNER/NAME] [--now ISO] [--dry-run]

Run every scheduled job once (lost commands, decision reminders and deadlines, weekly
summaries, sync agendas, template repair, the organisation's weekly roll-up) for every installation and repository, then exit. Uses the same environment as \`npm start\` (APP_ID, PRIVATE_KEY or
PRIVATE_KEY_PATH, GHE_HOST, GHE_PROTOCOL).

  --repo OWNER/NAME  only this repository (as the app's installation there, or with GITHUB_TOKEN)
  --now ISO          act as if it were this instant, e.g. 2026-11-30T09:00:00Z
  --dry-run          print the intended writes instead of making them
Exit codes: 0 done, 1 a repository or installation failed (the others were still processed)
or GitHub could not be reached, 2 usage error.`;

export interface TickDeps {
  env: NodeJS.ProcessEnv;
  log: Logger;
  /** Builds the authenticated app; tests hand in one whose Octokit talks to a fake API. */
  makeApp?: (env: NodeJS.ProcessEnv, log: Logger) => TickApp;
  /** An authenticated Octokit for one repository; tests hand in one for a fake API. */
  octokitFor?: (owner: string, repo: string) => Promise<{ octokit: Octokit; appId?: number }>;
}

/** The report as one line, each job with what it counts. */
export function describeReport(report: TickReport): string {
  const jobs = JOBS.map((j) => `${report.jobs[j.name]?.items ?? 0} ${j.counts}`);
  const actions = Object.values(report.jobs).reduce((n, j) => n + j.actions, 0);
  return [
    `${report.installations} installation(s)`,
    `${report.repositories} repository(ies) checked`,
    ...jobs,
    `${actions} action(s)`,
    `${report.failures.length} failure(s)`,
  ].join(", ");
}

/** `async-status tick`: returns the exit code. */
export async function tickCommand(argv: string[], io: CliIo, deps: TickDeps): Promise<number> {
  let values: { repo?: string; now?: string; "dry-run"?: boolean; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      options: {
        repo: { type: "string" },
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
  const usage = (message: string) => {
    io.stderr(`async-status tick: ${message}\n`);
    return EXIT.usage;
  };
  let now: Temporal.Instant;
  try {
    now = values.now ? Temporal.Instant.from(values.now) : Temporal.Now.instant();
  } catch {
    return usage(
      `--now must be an ISO instant with a zone or offset, such as 2026-11-30T09:00:00Z, not "${values.now}"`,
    );
  }
  const [owner, name, ...extra] = (values.repo ?? "").split("/");
  if (values.repo !== undefined && (!owner || !name || extra.length > 0))
    return usage(`--repo must be OWNER/NAME, not "${values.repo}"`);
  const env = readEnv(deps.env, { webhooks: false });
  if (!env.ok) return usage(env.message);
  const single = owner && name ? { owner, repo: name } : undefined;
  if (!env.options.app && !(single && env.options.token))
    return usage(
      `APP_ID and PRIVATE_KEY (or PRIVATE_KEY_PATH) must be set, as for \`npm start\`${single ? ", or GITHUB_TOKEN with --repo" : ""}`,
    );
  const dryRun = values["dry-run"] === true;
  const options = {
    now,
    log: deps.log,
    dryRun,
    print: (line: string) => io.stdout(`${line}\n`),
  };
  let report: TickReport;
  if (single) {
    const { octokit, appId } = await (
      deps.octokitFor ??
      ((o, r) => repoOctokit(deps.env, env.options, deps.log, { owner: o, repo: r }))
    )(single.owner, single.repo);
    report = await tickRepository(octokit, single, JOBS, {
      ...options,
      ...(appId ? { appId } : {}),
    });
  } else {
    const app = (
      deps.makeApp ??
      ((e, log) => createProbot({ env: e, overrides: { log, Octokit: AppOctokit } }))
    )(deps.env, deps.log);
    const appId = env.options.app?.appId;
    report = await runTick(app, JOBS, { ...options, ...(appId ? { appId } : {}) });
  }
  io.stdout(`tick at ${now.toString()}${dryRun ? " (dry run)" : ""}: ${describeReport(report)}\n`);
  for (const failure of report.failures) io.stderr(`failed: ${failure.repo}: ${failure.error}\n`);
  return report.failures.length > 0 ? 1 : EXIT.ok;
}
