import type { Logger } from "pino";
import { createProbot, type ProbotOctokit } from "probot";
import type { EnvOptions } from "../env.js";
import { AppOctokit } from "../github/octokit.js";

type Octokit = InstanceType<typeof ProbotOctokit>;

/**
 * An Octokit for one repository: GITHUB_TOKEN when set, otherwise the app's installation on
 * that repository (APP_ID and PRIVATE_KEY or PRIVATE_KEY_PATH). `appId` is set only for the
 * app, whose own comments are then recognised by `performed_via_github_app`.
 */
export async function repoOctokit(
  env: NodeJS.ProcessEnv,
  options: EnvOptions,
  log: Logger,
  repo: { owner: string; repo: string },
): Promise<{ octokit: Octokit; appId?: number }> {
  if (options.token || !options.app) {
    return {
      octokit: new AppOctokit({
        ...(options.token ? { auth: { token: options.token } } : {}),
        baseUrl: options.baseUrl,
        log: log.child({ name: "github" }),
      }),
    };
  }
  const app = createProbot({ env, overrides: { log, Octokit: AppOctokit } });
  const appOctokit = await app.auth();
  const { data } = await appOctokit.rest.apps.getRepoInstallation({ ...repo });
  return { octokit: await app.auth(data.id), appId: options.app.appId };
}
