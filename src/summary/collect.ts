import type { Temporal } from "temporal-polyfill";
import type { Config } from "../config/schema.js";
import { decodeBlocked } from "../decisions/blocked.js";
import { BLOCKED_MARKER } from "../decisions/load.js";
import { DECISION_LABELS } from "../decisions/plan.js";
import type { RepoRef } from "../github/port.js";
import type { SummaryWeek } from "./period.js";
import { previousWeek } from "./period.js";

/** A pull request or issue, as the summary needs it. */
export interface Item {
  kind: "pr" | "issue";
  number: number;
  title: string;
  url: string;
  createdAt: string;
  mergedAt?: string | undefined;
  closedAt?: string | undefined;
  author: { login: string; isBot: boolean };
  /** GitHub says this is the author's first contribution to the repository. */
  firstTime: boolean;
  labels: string[];
  /** For blocked items: the reason kept by `/blocked`. */
  blockedReason?: string | undefined;
}

export interface Activity {
  merged: Item[];
  openedPrs: Item[];
  openedIssues: Item[];
  closedIssues: Item[];
  waitingForReview: Item[];
  accepted: Item[];
  rejected: Item[];
  pending: Item[];
  needsSync: Item[];
  blocked: Item[];
  incomplete: Item[];
  /** Last week's figures, for the change. */
  previous: {
    merged: number;
    openedPrs: number;
    openedIssues: number;
    closedIssues: number;
    decisions: number;
  };
  /** Oldest first: the 8 weeks ending with this one. */
  chart: Array<{ week: string; merged: number; closed: number }>;
  /** GitHub requests this collection made. */
  requests: number;
}

type GraphQL = <T>(query: string, variables?: Record<string, unknown>) => Promise<T>;

interface RawNode {
  __typename?: string;
  number: number;
  title: string;
  url: string;
  createdAt: string;
  mergedAt?: string | null;
  closedAt?: string | null;
  authorAssociation?: string;
  author?: { login: string; __typename: string } | null;
  labels?: { nodes: Array<{ name: string } | null> } | null;
  comments?: { nodes: Array<{ body: string; viewerDidAuthor: boolean } | null> } | null;
}
interface RawSearch {
  issueCount: number;
  pageInfo?: { hasNextPage: boolean; endCursor: string | null };
  nodes?: Array<RawNode | null>;
}

const FIELDS =
  "number title url createdAt closedAt authorAssociation author { login __typename } labels(first: 10) { nodes { name } }";
const NODE = (extra = "") =>
  `nodes { __typename ... on PullRequest { ${FIELDS} mergedAt ${extra} } ... on Issue { ${FIELDS} ${extra} } } pageInfo { hasNextPage endCursor }`;
const BLOCKED_EXTRA = "comments(last: 20) { nodes { body viewerDidAuthor } }";
/** GitHub's search returns at most 1,000 results per query: larger date ranges are split. */
const SEARCH_CAP = 1000;

interface Spec {
  alias: string;
  /** Query without the date range. */
  query: string;
  /** A date-range qualifier (`merged`, `created`, `closed`, `updated`) and its range. */
  range?: { qualifier: string; start: Temporal.ZonedDateTime; end: Temporal.ZonedDateTime };
  extra?: string;
  countOnly?: boolean;
}

const iso = (z: Temporal.ZonedDateTime) =>
  z.toString({ timeZoneName: "never", smallestUnit: "second" });
const fullQuery = (spec: Spec) =>
  spec.range
    ? `${spec.query} ${spec.range.qualifier}:${iso(spec.range.start)}..${iso(spec.range.end.subtract({ seconds: 1 }))}`
    : spec.query;

function toItem(node: RawNode, bots: ReadonlySet<string>): Item {
  const login = node.author?.login ?? "ghost";
  const blocked = node.comments?.nodes
    ?.filter(
      (c): c is { body: string; viewerDidAuthor: boolean } =>
        c?.viewerDidAuthor === true && c.body.startsWith(BLOCKED_MARKER),
    )
    .map((c) => decodeBlocked(c.body))
    .find((b) => b?.blocked);
  return {
    kind: node.__typename === "PullRequest" ? "pr" : "issue",
    number: node.number,
    title: node.title,
    url: node.url,
    createdAt: node.createdAt,
    mergedAt: node.mergedAt ?? undefined,
    closedAt: node.closedAt ?? undefined,
    author: { login, isBot: node.author?.__typename === "Bot" || bots.has(login.toLowerCase()) },
    firstTime:
      node.authorAssociation === "FIRST_TIME_CONTRIBUTOR" ||
      node.authorAssociation === "FIRST_TIMER",
    labels: (node.labels?.nodes ?? []).flatMap((l) => (l ? [l.name] : [])),
    blockedReason: blocked?.reason,
  };
}

/**
 * Collect a week's activity with date-range searches, batched as aliases in one GraphQL
 * request; only lists with more than 100 results cost further pages, and a range that passes
 * search's 1,000-result cap is split in two. Cost grows with the week's activity, not with the
 * repository's history.
 */
export async function collectActivity(
  graphql: GraphQL,
  repo: RepoRef,
  week: SummaryWeek,
  config: Config,
): Promise<Activity> {
  const bots = new Set(config.bots.map((b) => b.toLowerCase()));
  const r = `repo:${repo.owner}/${repo.repo}`;
  const range = (qualifier: string, w = week) => ({ qualifier, start: w.start, end: w.end });
  const previous = previousWeek(week, config);
  const q = (name: string) => `label:"${name}"`;
  const notBots = config.bots.map((b) => `-author:${b}`).join(" ");
  const decided = `label:"${DECISION_LABELS.accepted.name}","${DECISION_LABELS.rejected.name}"`;
  const staleBefore = week.end.subtract({ days: config.summary.stale_review_days });

  const lists: Spec[] = [
    { alias: "merged", query: `${r} is:pr is:merged`, range: range("merged") },
    { alias: "openedPrs", query: `${r} is:pr`, range: range("created") },
    { alias: "openedIssues", query: `${r} is:issue`, range: range("created") },
    { alias: "closedIssues", query: `${r} is:issue is:closed`, range: range("closed") },
    {
      alias: "waitingForReview",
      query: `${r} is:pr is:open draft:false review:none created:<${iso(staleBefore)} sort:created-asc`,
    },
    {
      alias: "accepted",
      query: `${r} ${q(DECISION_LABELS.accepted.name)}`,
      range: range("updated"),
    },
    {
      alias: "rejected",
      query: `${r} ${q(DECISION_LABELS.rejected.name)}`,
      range: range("updated"),
    },
    { alias: "pending", query: `${r} is:open ${q(DECISION_LABELS.pending.name)}` },
    { alias: "needsSync", query: `${r} is:open ${q(DECISION_LABELS.needsSync.name)}` },
    { alias: "blocked", query: `${r} is:open label:blocked`, extra: BLOCKED_EXTRA },
    { alias: "incomplete", query: `${r} is:open ${q(config.template.label)}` },
  ];
  const counts: Spec[] = [
    {
      alias: "prevMerged",
      query: `${r} is:pr is:merged ${notBots}`,
      range: range("merged", previous),
      countOnly: true,
    },
    {
      alias: "prevOpenedPrs",
      query: `${r} is:pr ${notBots}`,
      range: range("created", previous),
      countOnly: true,
    },
    {
      alias: "prevOpenedIssues",
      query: `${r} is:issue ${notBots}`,
      range: range("created", previous),
      countOnly: true,
    },
    {
      alias: "prevClosedIssues",
      query: `${r} is:issue is:closed ${notBots}`,
      range: range("closed", previous),
      countOnly: true,
    },
    {
      alias: "prevDecisions",
      query: `${r} ${decided}`,
      range: range("updated", previous),
      countOnly: true,
    },
  ];
  const chartWeeks: SummaryWeek[] = [week];
  for (let i = 1; i < 8; i++)
    chartWeeks.unshift(previousWeek(chartWeeks[0] as SummaryWeek, config));
  chartWeeks.forEach((w, i) => {
    counts.push({
      alias: `chartMerged${i}`,
      query: `${r} is:pr is:merged ${notBots}`,
      range: range("merged", w),
      countOnly: true,
    });
    counts.push({
      alias: `chartClosed${i}`,
      query: `${r} is:issue is:closed ${notBots}`,
      range: range("closed", w),
      countOnly: true,
    });
  });

  let requests = 0;
  const run = async (specs: Array<Spec & { after?: string | null }>) => {
    requests++;
    const fields = specs.map((s) => {
      const args = `query: ${JSON.stringify(fullQuery(s))}, type: ISSUE, first: ${s.countOnly ? 0 : 100}${s.after ? `, after: ${JSON.stringify(s.after)}` : ""}`;
      return `${s.alias}: search(${args}) { issueCount${s.countOnly ? "" : ` ${NODE(s.extra)}`} }`;
    });
    return graphql<Record<string, RawSearch>>(`query { ${fields.join("\n")} }`);
  };

  // Round 1: every first page and every count, in one request.
  const first = await run([...lists, ...counts]);
  const collected = new Map<string, RawNode[]>();
  let queue: Array<Spec & { after?: string | null; key: string }> = [];
  const take = (key: string, spec: Spec, result: RawSearch | undefined) => {
    if (!result) return;
    if (
      spec.range &&
      result.issueCount > SEARCH_CAP &&
      spec.range.end.since(spec.range.start).total({ unit: "minutes" }) > 2
    ) {
      // Too many results for one query: split the range in two and start again on each half.
      const middle = spec.range.start.add({
        seconds: Math.floor(spec.range.end.since(spec.range.start).total({ unit: "seconds" }) / 2),
      });
      queue.push({ ...spec, alias: `${spec.alias}A`, key, range: { ...spec.range, end: middle } });
      queue.push({
        ...spec,
        alias: `${spec.alias}B`,
        key,
        range: { ...spec.range, start: middle },
      });
      return;
    }
    collected.set(key, [
      ...(collected.get(key) ?? []),
      ...(result.nodes ?? []).filter(
        (n): n is RawNode => n !== null && typeof n.number === "number",
      ),
    ]);
    if (result.pageInfo?.hasNextPage)
      queue.push({ ...spec, key, after: result.pageInfo.endCursor });
  };
  for (const spec of lists) take(spec.alias, spec, first[spec.alias]);
  // Further rounds: next pages and split ranges, batched up to 10 searches per request.
  while (queue.length > 0) {
    const batch = queue.slice(0, 10).map((s, i) => ({ ...s, alias: `q${i}` }));
    queue = queue.slice(10);
    const result = await run(batch);
    batch.forEach((spec, i) => {
      const original = { ...spec, alias: spec.key };
      delete (original as { after?: unknown }).after;
      take(spec.key, original, result[`q${i}`]);
    });
  }

  const items = (key: string) => {
    const seen = new Set<number>();
    return (collected.get(key) ?? [])
      .map((n) => toItem(n, bots))
      .filter((i) => {
        if (seen.has(i.number)) return false;
        seen.add(i.number);
        return true;
      });
  };
  const count = (alias: string) => first[alias]?.issueCount ?? 0;
  return {
    merged: items("merged"),
    openedPrs: items("openedPrs"),
    openedIssues: items("openedIssues"),
    closedIssues: items("closedIssues"),
    waitingForReview: items("waitingForReview"),
    accepted: items("accepted"),
    rejected: items("rejected"),
    pending: items("pending"),
    needsSync: items("needsSync"),
    blocked: items("blocked"),
    incomplete: items("incomplete"),
    previous: {
      merged: count("prevMerged"),
      openedPrs: count("prevOpenedPrs"),
      openedIssues: count("prevOpenedIssues"),
      closedIssues: count("prevClosedIssues"),
      decisions: count("prevDecisions"),
    },
    chart: chartWeeks.map((w, i) => ({
      week: w.isoWeek,
      merged: count(`chartMerged${i}`),
      closed: count(`chartClosed${i}`),
    })),
    requests,
  };
}
