import { parseArgs } from "node:util";
import type { Logger } from "pino";
import type { ProbotOctokit } from "probot";
import { Temporal } from "temporal-polyfill";
import { loadConfig } from "../config/load.js";
import { configPortFor } from "../config/port.js";
import type { Config } from "../config/schema.js";
import { readEnv } from "../env.js";
import type { RepoRef } from "../github/port.js";
import { repoOctokit } from "./auth.js";
import { type CliIo, EXIT } from "./io.js";

type Octokit = InstanceType<typeof ProbotOctokit>;

/** What a command on one repository (`summary`, `agenda`) needs from its environment. */
export interface RepoCommandDeps {
  env: NodeJS.ProcessEnv;
  log: Logger;
  /** An authenticated Octokit for the repository; tests hand in one for a fake API. */
  octokitFor?: (owner: string, repo: string) => Promise<{ octokit: Octokit; appId?: number }>;
}

export interface RepoArgs {
  repo: RepoRef;
  now: Temporal.Instant;
  dryRun: boolean;
  /** The command's own options (`--week`), as written. */
  extra: Record<string, string | undefined>;
}

/** The command's name and usage text, for its messages. */
export interface CommandText {
  name: string;
  usage: string;
}

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** A usage error: the message, then the usage text, on standard error. */
export function usageError(command: CommandText, io: CliIo, text: string): number {
  io.stderr(`async-status ${command.name}: ${text}\n\n${command.usage}\n`);
  return EXIT.usage;
}

/**
 * Read `--repo OWNER/NAME [--now ISO] [--dry-run]`, `--help` and the command's own string
 * options. Returns the exit code instead when there is nothing more to do (help, a usage error).
 */
export function parseRepoArgs(
  command: CommandText,
  argv: string[],
  io: CliIo,
  own: readonly string[] = [],
): RepoArgs | number {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      options: {
        repo: { type: "string" },
        now: { type: "string" },
        "dry-run": { type: "boolean" },
        help: { type: "boolean", short: "h" },
        ...Object.fromEntries(own.map((o) => [o, { type: "string" as const }])),
      },
    }));
  } catch (error) {
    return usageError(command, io, message(error));
  }
  if (values.help) {
    io.stdout(`${command.usage}\n`);
    return EXIT.ok;
  }
  const [owner, name, ...rest] = String(values.repo ?? "").split("/");
  if (!owner || !name || rest.length > 0)
    return usageError(command, io, "--repo OWNER/NAME is required");
  let now: Temporal.Instant;
  try {
    now = values.now ? Temporal.Instant.from(String(values.now)) : Temporal.Now.instant();
  } catch {
    return usageError(
      command,
      io,
      `--now must be an ISO instant such as 2026-11-23T08:00:00Z, not "${values.now}"`,
    );
  }
  const extra = Object.fromEntries(
    own.map((o) => [o, typeof values[o] === "string" ? values[o] : undefined]),
  );
  return { repo: { owner, repo: name }, now, dryRun: values["dry-run"] === true, extra };
}

export interface RepoSession {
  octokit: Octokit;
  appId?: number;
  config: Config;
  /** The repository has no config file of its own: `config` is its organisation's. */
  inherited: boolean;
}

/**
 * Authenticate for the repository (the app's installation there, or `GITHUB_TOKEN`) and load
 * its configuration; an invalid one is listed on standard error. Returns the exit code instead
 * when the command cannot go on.
 */
export async function openRepo(
  command: CommandText,
  io: CliIo,
  deps: RepoCommandDeps,
  repo: RepoRef,
): Promise<RepoSession | number> {
  const env = readEnv(deps.env, { webhooks: false });
  if (!env.ok) return usageError(command, io, env.message);
  if (!env.options.token && !env.options.app)
    return usageError(
      command,
      io,
      "set GITHUB_TOKEN, or APP_ID and PRIVATE_KEY (or PRIVATE_KEY_PATH) as for `npm start`",
    );
  const { octokit, appId } = await (
    deps.octokitFor ??
    ((o, r) => repoOctokit(deps.env, env.options, deps.log, { owner: o, repo: r }))
  )(repo.owner, repo.repo);
  const loaded = await loadConfig(configPortFor(octokit, repo));
  if (!loaded.ok) {
    io.stderr(
      `async-status ${command.name}: invalid configuration\n${loaded.problems.map((p) => `  ${p.file}: ${p.path || "(whole file)"}: ${p.message}`).join("\n")}\n`,
    );
    return EXIT.usage;
  }
  return {
    octokit,
    ...(appId ? { appId } : {}),
    config: loaded.config,
    inherited: loaded.inherited === true,
  };
}
