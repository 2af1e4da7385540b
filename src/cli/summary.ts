import { Temporal } from "temporal-polyfill";
import { latestDueWeek, publishSummary, weekFromIso } from "../summary/index.js";
import { type CliIo, EXIT } from "./io.js";
import { openRepo, parseRepoArgs, type RepoCommandDeps, usageError } from "./repo-command.js";

export const SUMMARY_USAGE = `Usage: async-status summary --repo OWNER/NAME [--week 2026-W47] [--now ISO] [--dry-run]

Render the weekly summary of a repository to standard output; without --dry-run, also
publish it (idempotently: an existing summary of that week is left alone). Authenticates as
the app's installation on that repository (APP_ID, PRIVATE_KEY or PRIVATE_KEY_PATH), or with
GITHUB_TOKEN; GHE_HOST and GHE_PROTOCOL apply.

  --repo OWNER/NAME  the repository
  --week YYYY-Www    the ISO week the period starts in (default: the latest due week)
  --now ISO          act as if it were this instant
  --dry-run          render only, write nothing`;

export type SummaryDeps = RepoCommandDeps;

const COMMAND = { name: "summary", usage: SUMMARY_USAGE };

/** `async-status summary`: returns the exit code. */
export async function summaryCommand(
  argv: string[],
  io: CliIo,
  deps: SummaryDeps,
): Promise<number> {
  const args = parseRepoArgs(COMMAND, argv, io, ["week"]);
  if (typeof args === "number") return args;
  const { repo, now, dryRun } = args;
  const isoWeek = args.extra.week;
  const usage = (message: string) => usageError(COMMAND, io, message);
  if (isoWeek !== undefined && !/^\d{4}-W\d{2}$/.test(isoWeek))
    return usage(`--week must be an ISO week such as 2026-W47, not "${isoWeek}"`);
  const session = await openRepo(COMMAND, io, deps, repo);
  if (typeof session === "number") return session;
  const { octokit, appId, config } = session;
  const week = isoWeek ? weekFromIso(isoWeek, config) : latestDueWeek(now, config);
  if (!week) return usage(`--week must be an ISO week such as 2026-W47, not "${isoWeek}"`);
  if (!dryRun && Temporal.Instant.compare(week.publishAt.toInstant(), now) > 0) {
    return usage(
      `${week.title} is not over until ${week.publishAt.toPlainDate().toString()} ${config.summary.time} ${config.timezone}; preview it with --dry-run`,
    );
  }
  const result = await publishSummary({
    octokit,
    repo,
    week,
    config,
    now,
    log: deps.log,
    dryRun,
    preview: dryRun,
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
