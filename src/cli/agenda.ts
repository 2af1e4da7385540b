import { agendaTarget, runAgenda } from "../agenda/index.js";
import { type CliIo, EXIT } from "./io.js";
import { openRepo, parseRepoArgs, type RepoCommandDeps, usageError } from "./repo-command.js";

export const AGENDA_USAGE = `Usage: async-status agenda --repo OWNER/NAME [--now ISO] [--dry-run]

Bring the sync agenda of a repository up to date, as the tick does: publish the next sync's
agenda issue once its time has come (sync.lead before the sync), tick the items settled since,
add late ones, close what is over. For the organisation's \`.github\` repository with
rollup.enabled, the organisation-wide agenda. --dry-run renders the next sync's agenda to
standard output whatever the time, and writes nothing. Authenticates as the app's installation
on that repository (APP_ID, PRIVATE_KEY or PRIVATE_KEY_PATH), or with GITHUB_TOKEN.

  --repo OWNER/NAME  the repository
  --now ISO          act as if it were this instant
  --dry-run          render only, write nothing`;

const COMMAND = { name: "agenda", usage: AGENDA_USAGE };

/** `async-status agenda`: returns the exit code. */
export async function agendaCommand(
  argv: string[],
  io: CliIo,
  deps: RepoCommandDeps,
): Promise<number> {
  const args = parseRepoArgs(COMMAND, argv, io);
  if (typeof args === "number") return args;
  const { repo, now, dryRun } = args;
  const session = await openRepo(COMMAND, io, deps, repo);
  if (typeof session === "number") return session;
  const { octokit, appId, config } = session;
  const target = agendaTarget({ ...repo, hasIssues: true }, config, session.inherited);
  if (!target) {
    const why = config.sync
      ? "its agenda is the organisation's, looked after with --repo OWNER/.github"
      : "sync is not configured";
    return usageError(
      COMMAND,
      io,
      `${repo.owner}/${repo.repo} has no sync agenda of its own: ${why}`,
    );
  }
  const run = await runAgenda({
    octokit,
    target,
    config,
    now,
    log: deps.log,
    ...(appId ? { appId } : {}),
    ...(dryRun ? { preview: true } : {}),
  });
  const where = `${target.home.owner}/${target.home.repo}`;
  if (run.preview) {
    io.stdout(run.preview.body);
    const published = run.preview.number
      ? `published as #${run.preview.number}`
      : "not published yet";
    io.stderr(`${run.slot.title} in ${where}, ${published} (dry run: nothing written)\n`);
    return EXIT.ok;
  }
  if (run.busy) {
    io.stderr(`${run.slot.title}: another run is publishing it right now\n`);
    return EXIT.ok;
  }
  io.stderr(`${run.slot.title} in ${where}: ${run.published} published, ${run.actions} write(s)\n`);
  return EXIT.ok;
}
