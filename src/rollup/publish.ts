import type { Config } from "../config/schema.js";
import { MARKERS, rollupKeyOf } from "../github/markers.js";
import type { GitHubPort, RepoRef } from "../github/port.js";
import { githubTree } from "../github/tree.js";
import {
  type PublishOptions,
  type PublishResult,
  publishWeeklyIssue,
  type WeeklyIssue,
  type WeeklyIssueKind,
} from "../github/weekly-issue.js";
import type { GraphQL } from "../summary/index.js";
import { collectRollup, type RollupRepo } from "./collect.js";
import { previousRollupWeek, type RollupWeek } from "./period.js";
import { renderRollup } from "./render.js";
import { decodeRollupFigures, type RollupFigures } from "./view.js";

type Octokit = GitHubPort & { graphql: GraphQL };

export const ROLLUP_OVERRIDE_PATH = ".github/async-status/rollup.md.hbs";
export const ROLLUP_LABEL_COLOR = "5319e7";

export type RollupIssue = WeeklyIssue<RollupFigures>;

/** The roll-up as a weekly issue: its label, marker and recorded figures. */
export const rollupKind = (config: Config): WeeklyIssueKind<RollupFigures> => ({
  id: "rollup",
  noun: "roll-up",
  label: config.rollup.label,
  color: ROLLUP_LABEL_COLOR,
  description: "Weekly roll-up by async-status",
  titlePrefix: "Weekly roll-up: ",
  marker: MARKERS.rollup,
  keyOf: rollupKeyOf,
  figures: decodeRollupFigures,
});

/**
 * Publish one week's roll-up in `repo`, exactly once (see `publishWeeklyIssue`): the week's
 * activity across `owner`'s repositories, only those in `repos`, rendered with the roll-up
 * repository's own template when it has one.
 */
export async function publishRollup(
  input: {
    octokit: Octokit;
    repo: RepoRef;
    week: RollupWeek;
    config: Config;
    repos: readonly RollupRepo[];
    leftOut?: ReadonlyArray<{ repository: string; reason: string }>;
    existing?: RollupIssue[];
  } & PublishOptions,
): Promise<PublishResult> {
  const { octokit, repo, week, config, now, log } = input;
  return publishWeeklyIssue({
    ...input,
    kind: rollupKind(config),
    skipEmpty: config.summary.skip_empty,
    compose: async (history) => {
      const graphql: GraphQL = (q, v) => octokit.graphql(q, v);
      const collected = await collectRollup(graphql, repo.owner, week, config, input.repos);
      const override = await githubTree(octokit, repo).read(ROLLUP_OVERRIDE_PATH);
      const rendered = renderRollup({
        collected,
        repos: input.repos,
        week,
        config,
        now,
        history,
        previousKey: previousRollupWeek(week, config).key,
        ...(input.leftOut ? { leftOut: input.leftOut } : {}),
        override,
      });
      if (rendered.overrideError)
        log.warn(
          { error: rendered.overrideError },
          "roll-up template override failed; using the built-in template",
        );
      return { body: rendered.body, empty: rendered.view.empty, requests: collected.requests + 1 };
    },
  });
}
