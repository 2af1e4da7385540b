import type { Config } from "../config/schema.js";
import { MARKERS, summaryKeyOf } from "../github/markers.js";
import type { GitHubPort, RepoRef } from "../github/port.js";
import { githubTree } from "../github/tree.js";
import {
  type PublishOptions,
  type PublishResult,
  publishWeeklyIssue,
  type WeeklyIssue,
  type WeeklyIssueKind,
} from "../github/weekly-issue.js";
import { collectActivity, type Figures, type GraphQL } from "./collect.js";
import type { SummaryWeek } from "./period.js";
import { renderSummary } from "./render.js";
import { decodeFigures } from "./view.js";

/** What publishing a summary calls: the issue and label endpoints, contents, and GraphQL search. */
type Octokit = GitHubPort & { graphql: GraphQL };

export const OVERRIDE_PATH = ".github/async-status/summary.md.hbs";
export const SUMMARY_LABEL_COLOR = "0075ca";

export type { PublishResult };
export type SummaryIssue = WeeklyIssue<Figures>;

/** The weekly summary as a weekly issue: its label, marker and recorded figures. */
export const summaryKind = (config: Config): WeeklyIssueKind<Figures> => ({
  id: "summary",
  noun: "summary",
  label: config.summary.label,
  color: SUMMARY_LABEL_COLOR,
  description: "Weekly summary by async-status",
  titlePrefix: "Weekly summary: ",
  marker: MARKERS.summary,
  keyOf: summaryKeyOf,
  figures: decodeFigures,
});

/**
 * Publish one week's summary issue, exactly once (see `publishWeeklyIssue`): the week's
 * activity is collected (weeks whose summary recorded its figures are not searched again) and
 * rendered with the repository's own template when it has one.
 */
export async function publishSummary(
  input: {
    octokit: Octokit;
    repo: RepoRef;
    week: SummaryWeek;
    config: Config;
    /** Render and return the body whatever the week holds (`summary --dry-run`); writes nothing. */
    preview?: boolean;
    /** Summaries already listed by the caller. */
    existing?: SummaryIssue[];
  } & PublishOptions,
): Promise<PublishResult> {
  const { octokit, repo, week, config, now, log } = input;
  return publishWeeklyIssue({
    ...input,
    kind: summaryKind(config),
    skipEmpty: config.summary.skip_empty,
    compose: async (history) => {
      const activity = await collectActivity((q, v) => octokit.graphql(q, v), repo, week, config, {
        recorded: new Set(history.keys()),
      });
      // The repository's own template is read only when it may be used.
      const override = await githubTree(octokit, repo).read(OVERRIDE_PATH);
      const rendered = renderSummary({ activity, week, config, now, override, history });
      if (rendered.overrideError)
        log.warn(
          { error: rendered.overrideError },
          "summary template override failed; using the built-in template",
        );
      return { body: rendered.body, empty: rendered.view.empty, requests: activity.requests + 1 };
    },
  });
}
