import type { Config } from "../config/schema.js";
import { type Activity, collectActivity, type GraphQL } from "../summary/index.js";
import { previousRollupWeek, type RollupWeek, rollupSchedule } from "./period.js";

/** A repository the roll-up covers. */
export interface RollupRepo {
  /** `acme/api`, as GitHub spells it. */
  fullName: string;
  /** Its own summary label, which its summary issues carry. */
  summaryLabel: string;
}

export interface RollupActivity {
  /** The week's activity in every repository of the organisation; each item names its repository. */
  activity: Activity;
  /** Each repository's own summary of the same week, by `owner/name` in lower case. */
  summaries: Map<string, { ref: string; url: string }>;
  /** Each repository's web address, by `owner/name` in lower case. */
  urls: Map<string, string>;
  requests: number;
}

/** Repositories per GraphQL request when looking up their summaries. */
const SUMMARY_BATCH = 100;
/** Weeks the summary's collection would count for its chart; the roll-up has no chart. */
const CHART_WEEKS = 7;

/**
 * Collect a roll-up week with the summary's searches scoped to the whole organisation
 * (`org:`), so the cost grows with the week's activity, not with the number of repositories;
 * last week's figures come from last week's roll-up, so earlier weeks are not searched. Then
 * one request (per 100 repositories) reads each repository's address and newest summary issues
 * by label
 * (not by search, whose index lags behind a summary published moments earlier in this tick).
 */
export async function collectRollup(
  graphql: GraphQL,
  owner: string,
  week: RollupWeek,
  config: Config,
  repos: readonly RollupRepo[],
): Promise<RollupActivity> {
  const earlier: RollupWeek[] = [];
  for (let w = week; earlier.length < CHART_WEEKS; ) {
    w = previousRollupWeek(w, config);
    earlier.push(w);
  }
  const activity = await collectActivity(graphql, { org: owner }, week, rollupSchedule(config), {
    recorded: new Set(earlier.map((w) => w.key)),
  });
  const { summaries, urls, requests } = await findSummaries(graphql, week, repos);
  return { activity, summaries, urls, requests: activity.requests + requests };
}

interface RawIssues {
  url?: string;
  issues?: { nodes?: Array<{ number: number; title: string; url: string } | null> } | null;
}

/** Each repository's summary titled for the same period (`Weekly summary: 16–22 Nov 2026`). */
async function findSummaries(
  graphql: GraphQL,
  week: RollupWeek,
  repos: readonly RollupRepo[],
): Promise<Pick<RollupActivity, "summaries" | "urls" | "requests">> {
  const title = week.title.replace(/^Weekly roll-up: /, "Weekly summary: ");
  const summaries: RollupActivity["summaries"] = new Map();
  const urls = new Map<string, string>();
  let requests = 0;
  for (let start = 0; start < repos.length; start += SUMMARY_BATCH) {
    const batch = repos.slice(start, start + SUMMARY_BATCH);
    const fields = batch.map((repo, i) => {
      const [owner, name] = repo.fullName.split("/");
      const labels = JSON.stringify([repo.summaryLabel]);
      return `r${i}: repository(owner: ${JSON.stringify(owner)}, name: ${JSON.stringify(name)}) { url issues(labels: ${labels}, first: 5, orderBy: { field: CREATED_AT, direction: DESC }) { nodes { number title url } } }`;
    });
    requests++;
    const data = await graphql<Record<string, RawIssues | null>>(`query { ${fields.join("\n")} }`);
    batch.forEach((repo, i) => {
      const url = data[`r${i}`]?.url;
      if (url) urls.set(repo.fullName.toLowerCase(), url);
      const found = data[`r${i}`]?.issues?.nodes?.find((n) => n?.title === title);
      if (found)
        summaries.set(repo.fullName.toLowerCase(), { ref: `#${found.number}`, url: found.url });
    });
  }
  return { summaries, urls, requests };
}
