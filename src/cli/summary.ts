import { parseArgs } from "node:util";
import type { Logger } from "pino";
import type { ProbotOctokit } from "probot";
import { Temporal } from "temporal-polyfill";
import { loadConfig } from "../config/load.js";
import { configPortFor } from "../config/port.js";
import { readEnv } from "../env.js";
import { latestDueWeek, publishSummary, weekFromIso } from "../summary/index.js";
import { repoOctokit } from "./auth.js";
import { type CliIo, EXIT } from "./io.js";

type Octokit = InstanceType<typeof ProbotOctokit>;

export const SUMMARY_USAGE = `Usage: async-status summary --repo OWNER/NAME [--week 2026-W47] [--now ISO] [--dry-run]

Render the weekly summary of a repository to standard output; without --dry-run, also
publish it (idempotently: an existing summary of that week is left alone). Authenticates as
the app's installation on that repository (APP_ID, PRIVATE_KEY or PRIVATE_KEY_PATH), or with
GITHUB_TOKEN; GHE_HOST and GHE_PROTOCOL apply.

  --repo OWNER/NAME  the repository
  --week YYYY-Www    the ISO week the period starts in (default: the latest due week)
  --now ISO          act as if it were this instant
  --dry-run          render only, write nothing`;

export interface SummaryDeps {
  env: NodeJS.ProcessEnv;
  log: Logger;
  /** An authenticated Octokit for the repository; tests hand in one for a fake API. */
  octokitFor?: (owner: string, repo: string) => Promise<{ octokit: Octokit; appId?: number }>;
}

/** `async-status summary`: returns the exit code. */
export async function summaryCommand(
  argv: string[],
  io: CliIo,
  deps: SummaryDeps,
): Promise<number> {
  let values: { repo?: string; week?: string; now?: string; "dry-run"?: boolean; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      options: {
        repo: { type: "string" },
        week: { type: "string" },
        now: { type: "string" },
        "dry-run": { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
    }));
  } catch (error) {
    io.stderr(
      `async-status summary: ${error instanceof Error ? error.message : String(error)}\n\n${SUMMARY_USAGE}\n`,
    );
    return EXIT.usage;
  }
  if (values.help) {
    io.stdout(`${SUMMARY_USAGE}\n`);
    return EXIT.ok;
  }
  const usage = (message: string) => {
    io.stderr(`async-status summary: ${message}\n\n${SUMMARY_USAGE}\n`);
    return EXIT.usage;
  };
  const [owner, name, ...extra] = (values.repo ?? "").split("/");
  if (!owner || !name || extra.length > 0) return usage("--repo OWNER/NAME is required");
  if (values.week !== undefined && !/^\d{4}-W\d{2}$/.test(values.week))
    return usage(`--week must be an ISO week such as 2026-W47, not "${values.week}"`);
  let now: Temporal.Instant;
  try {
    now = values.now ? Temporal.Instant.from(values.now) : Temporal.Now.instant();
  } catch {
    return usage(`--now must be an ISO instant such as 2026-11-23T08:00:00Z, not "${values.now}"`);
  }
  const env = readEnv(deps.env, { webhooks: false });
  if (!env.ok) return usage(env.message);
  if (!env.options.token && !env.options.app)
    return usage(
      "set GITHUB_TOKEN, or APP_ID and PRIVATE_KEY (or PRIVATE_KEY_PATH) as for `npm start`",
    );
  const { octokit, appId } = await (
    deps.octokitFor ??
    ((o, r) => repoOctokit(deps.env, env.options, deps.log, { owner: o, repo: r }))
  )(owner, name);
  const repo = { owner, repo: name };
  const loaded = await loadConfig(configPortFor(octokit, repo));
  if (!loaded.ok) {
    io.stderr(
      `async-status summary: invalid configuration\n${loaded.problems.map((p) => `  ${p.file}: ${p.path || "(whole file)"}: ${p.message}`).join("\n")}\n`,
    );
    return EXIT.usage;
  }
  const week = values.week
    ? weekFromIso(values.week, loaded.config)
    : latestDueWeek(now, loaded.config);
  if (!week) return usage(`--week must be an ISO week such as 2026-W47, not "${values.week}"`);
  if (!values["dry-run"] && Temporal.Instant.compare(week.publishAt.toInstant(), now) > 0) {
    return usage(
      `${week.title} is not over until ${week.publishAt.toPlainDate().toString()} ${loaded.config.summary.time} ${loaded.config.timezone}; preview it with --dry-run`,
    );
  }
  const result = await publishSummary({
    octokit,
    repo,
    week,
    config: loaded.config,
    now,
    log: deps.log,
    dryRun: values["dry-run"] === true,
    preview: values["dry-run"] === true,
    ...(appId ? { appId } : {}),
  });
  switch (result.status) {
    case "printed":
      io.stdout(result.body);
      io.stderr(`${week.title} (${result.requests} GitHub requests; dry run: nothing written)\n`);
      return EXIT.ok;
    case "created":
      io.stdout(result.body);
      io.stderr(`published as #${result.number}\n`);
      return EXIT.ok;
    case "exists":
      io.stderr(`${week.title} is already published as #${result.number}; nothing written\n`);
      return EXIT.ok;
    case "skipped_empty":
      io.stderr(`${week.title}: no activity, nothing published (summary.skip_empty)\n`);
      return EXIT.ok;
    case "busy":
      io.stderr(`${week.title}: another run is publishing it right now\n`);
      return EXIT.ok;
  }
}
