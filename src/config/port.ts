import type { ProbotOctokit } from "probot";
import type { RepoRef } from "../github/port.js";
import type { ConfigPort } from "./load.js";
import { CONFIG_PATH } from "./schema.js";

type Octokit = Pick<InstanceType<typeof ProbotOctokit>, "config">;

/**
 * The config port over Probot's config plugin (`octokit.config.get`, what `context.config`
 * calls): the repo's file, else the organisation's `.github` repository, then `_extends`.
 */
export function configPortFor(octokit: Octokit, repo: RepoRef): ConfigPort {
  return {
    async readConfigFiles() {
      const { files } = await octokit.config.get({ ...repo, path: CONFIG_PATH });
      return files.map((f) => ({ owner: f.owner, repo: f.repo, path: f.path, config: f.config }));
    },
  };
}
