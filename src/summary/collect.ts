import { Temporal } from "temporal-polyfill";
import { decodeBlocked } from "../blocked/index.js";
import type { Config } from "../config/schema.js";
import { DECISION_LABELS } from "../decisions/index.js";
import { MARKERS } from "../github/markers.js";
import { labelNames, type RepoRef } from "../github/port.js";
import {
  cycleTimes,
  decisionSplit,
  type HealthFigures,
  type HealthItem,
  type Replies,
  wentThroughSync,
} from "./health.js";
import type { SummaryWeek } from "./period.js";
import { previousWeek } from "./period.js";

/** A pull request or issue, as the summary needs it. */
export interface Item extends HealthItem {
  kind: "pr" | "issue";
  number: number;
  title: string;
  url: string;
  createdAt: string;
  mergedAt?: string | undefined;
  closedAt?: string | undefined;
  author: { login: string; isBot: boolean };
  /** The author's first merged pull request in the scope searched (repository or organisation). */
  firstTime: boolean;
  labels: string[];
  /** For blocked items: the reason kept by `/blocked`. */
  blockedReason?: string | undefined;
  /** `owner/name` of the item's repository (what an organisation-wide search groups by). */
  repository?: string | undefined;
}

export interface Figures {
  merged: number;
  openedPrs: number;
  openedIssues: number;
  closedIssues: number;
  decisions: number;
  /** The async-health figures (absent from summaries written before them). */
  health?: HealthFigures | undefined;
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
  /**
   * Open items updated in the last `WAITING_WEEKS` weeks before the week's end (the first 100,
   * least recently updated first), with their last replies: the candidates for "waiting for an
   * answer".
   */
  recentOpen: Item[];
  /**
   * Last week's figures from searches, bots left out (the view prefers last summary's own
   * figures; when the caller has them, these are not searched and read 0).
   */
  previous: Figures;
  /**
   * Oldest first: the 8 weeks ending with this one, bots left out. Weeks whose figures the
   * caller has recorded are not searched and read 0.
   */
  chart: Array<{ week: string; key: string; merged: number; closed: number }>;
  /** GitHub requests this collection made. */
  requests: number;
}

export type GraphQL = <T>(query: string, variables?: Record<string, unknown>) => Promise<T>;

interface RawNode {
  __typename?: string;
  number: number;
  title: string;
  url: string;
  createdAt: string;
  mergedAt?: string | null;
  closedAt?: string | null;
  author?: { login: string; __typename: string } | null;
  labels?: { nodes: Array<{ name: string } | null> } | null;
  comments?: {
    nodes: Array<{ body: string; author?: { __typename: string } | null } | null>;
  } | null;
  timelineItems?: { nodes: Array<{ createdAt?: string; label?: { name: string } } | null> } | null;
  replies?: {
    pageInfo?: { hasNextPage?: boolean; hasPreviousPage?: boolean } | null;
    nodes?: Array<{
      createdAt?: string;
      submittedAt?: string | null;
      author?: { login: string; __typename: string } | null;
    } | null> | null;
  } | null;
  repository?: { nameWithOwner: string } | null;
}
interface RawSearch {
  issueCount: number;
  pageInfo?: { hasNextPage: boolean; endCursor: string | null };
  nodes?: Array<RawNode | null>;
}

const AUTHOR = "author { login __typename }";
const FIELDS = `number title url createdAt closedAt ${AUTHOR} labels(first: 20) { nodes { name } } repository { nameWithOwner }`;
/** Extra fields of the nodes: the same for both kinds, or one set for PRs and one for issues. */
type Extra = string | { pr: string; issue: string };
const NODE = (extra: Extra = "") => {
  const { pr, issue } = typeof extra === "string" ? { pr: extra, issue: extra } : extra;
  return `nodes { __typename ... on PullRequest { ${FIELDS} mergedAt ${pr} } ... on Issue { ${FIELDS} ${issue} } } pageInfo { hasNextPage endCursor }`;
};
/** Enough to count an item and tell whether a bot wrote it (and a PR's cycle time). */
const LIGHT_NODE = `nodes { __typename ... on PullRequest { number createdAt mergedAt ${AUTHOR} } ... on Issue { number ${AUTHOR} } } pageInfo { hasNextPage endCursor }`;
const BLOCKED_EXTRA = "comments(last: 30) { nodes { body author { __typename } } }";
/** When the decision label was added: the decision's date. */
const DECIDED_EXTRA =
  "timelineItems(itemTypes: [LABELED_EVENT], last: 10) { nodes { ... on LabeledEvent { createdAt label { name } } } }";
/**
 * Comments and reviews (a review's time is when it was submitted; a pending one has none), the
 * first or last 10: enough for the first answer of a new item, or who spoke last on an open one,
 * within the searches already made (no request of their own).
 */
const COMMENT = `... on IssueComment { createdAt ${AUTHOR} }`;
const REVIEW = `... on PullRequestReview { submittedAt ${AUTHOR} }`;
const REPLIES_READ = 10;
const replies = (end: "first" | "last"): Extra => {
  const page = end === "first" ? "hasNextPage" : "hasPreviousPage";
  // An issue's timeline has no reviews: GitHub refuses the type there, and the fragment.
  const connection = (types: string, nodes: string) =>
    `replies: timelineItems(itemTypes: [${types}], ${end}: ${REPLIES_READ}) { pageInfo { ${page} } nodes { __typename ${nodes} } }`;
  return {
    pr: connection("ISSUE_COMMENT, PULL_REQUEST_REVIEW", `${COMMENT} ${REVIEW}`),
    issue: connection("ISSUE_COMMENT", COMMENT),
  };
};
/** How far back an open item's last update may be for "waiting for an answer" (first 100 read). */
export const WAITING_WEEKS = 4;
/** GitHub's search returns at most 1,000 results per query: larger date ranges are split. */
const SEARCH_CAP = 1000;
/** Searches per GraphQL request after the first. */
const BATCH = 10;

interface Spec {
  alias: string;
  /** Query without the date range. */
  query: string;
  /** A date-range qualifier (`merged`, `created`, `closed`, `updated`) and its range. */
  range?: { qualifier: string; start: Temporal.ZonedDateTime; end?: Temporal.ZonedDateTime };
  extra?: Extra;
  /** Read the first page only (a bounded list). */
  firstPageOnly?: boolean;
  /**
   * Counted, not listed: only the author of each item is read. GitHub search can leave out
   * named accounts (`-author:`) but not every account of type Bot, so the count is taken from
   * the nodes; the cost grows with the activity of that week.
   */
  light?: boolean;
}

const iso = (z: Temporal.ZonedDateTime) =>
  z.toString({ timeZoneName: "never", smallestUnit: "second" });
function fullQuery(spec: Spec): string {
  if (!spec.range) return spec.query;
  const { qualifier, start, end } = spec.range;
  return end
    ? `${spec.query} ${qualifier}:${iso(start)}..${iso(end.subtract({ seconds: 1 }))}`
    : `${spec.query} ${qualifier}:>=${iso(start)}`;
}

/** Accounts of type Bot, and the configured `bots`. */
const isBot = (author: RawNode["author"], bots: ReadonlySet<string>) =>
  author?.__typename === "Bot" || bots.has((author?.login ?? "ghost").toLowerCase());

/** The replies read of a node: people's and bots', oldest first, and whether there are others. */
function repliesOf(node: RawNode, bots: ReadonlySet<string>): Replies {
  const replies = (node.replies?.nodes ?? []).flatMap((r) => {
    // A review counts from when it was submitted; a pending one (no submittedAt) not at all.
    const at = r && "submittedAt" in r ? r.submittedAt : r?.createdAt;
    return r && at ? [{ login: r.author?.login ?? "ghost", isBot: isBot(r.author, bots), at }] : [];
  });
  const page = node.replies?.pageInfo;
  return { replies, more: page?.hasNextPage === true || page?.hasPreviousPage === true };
}

function toItem(node: RawNode, bots: ReadonlySet<string>): Item {
  const login = node.author?.login ?? "ghost";
  // The `/blocked` reason lives in the app's comment (a bot's, carrying the marker).
  const blocked = node.comments?.nodes
    ?.filter((c) => c?.author?.__typename === "Bot" && c.body.startsWith(MARKERS.blocked))
    .map((c) => decodeBlocked(c?.body ?? ""))
    .find((b) => b?.blocked);
  return {
    kind: node.__typename === "PullRequest" ? "pr" : "issue",
    number: node.number,
    title: node.title,
    url: node.url,
    createdAt: node.createdAt,
    mergedAt: node.mergedAt ?? undefined,
    closedAt: node.closedAt ?? undefined,
    author: { login, isBot: isBot(node.author, bots) },
    firstTime: false,
    labels: labelNames(node.labels?.nodes),
    blockedReason: blocked?.reason,
    repository: node.repository?.nameWithOwner,
  };
}

/** The node's labeled events read, oldest first. */
const labelEvents = (node: RawNode) =>
  (node.timelineItems?.nodes ?? []).flatMap((e) =>
    e?.label?.name && e.createdAt ? [{ label: e.label.name, at: e.createdAt }] : [],
  );

/** When `label` was last added, from the node's labeled events. */
function labelledAt(node: RawNode, label: string): Temporal.Instant | undefined {
  const last = labelEvents(node)
    .filter((e) => e.label === label)
    .at(-1)?.at;
  return last ? Temporal.Instant.from(last) : undefined;
}

/**
 * Where the searches look: one repository, or every repository of an organisation (or user)
 * that the token can read (`org:`); each item then names its repository.
 */
export type SearchScope = RepoRef | { org: string };
const qualifierOf = (scope: SearchScope) =>
  "org" in scope ? `org:${scope.org}` : `repo:${scope.owner}/${scope.repo}`;

/**
 * Collect a week's activity with date-range searches, batched as aliases in one GraphQL
 * request; only lists with more than 100 results cost further pages (10 searches per
 * request), a range that passes search's 1,000-result cap is split in two, and one more
 * request tells which merged-PR authors are first-timers. Last week's figures and the chart's
 * earlier weeks are counted from the items' authors, so accounts of type Bot are left out as
 * they are from this week's lists; weeks in `recorded` (their summary kept its own figures) are
 * not searched at all. Cost grows with the activity of the weeks searched, not with the
 * repository's history.
 */
export async function collectActivity(
  graphql: GraphQL,
  scope: SearchScope,
  week: SummaryWeek,
  config: Config,
  options: { recorded?: ReadonlySet<string> } = {},
): Promise<Activity> {
  const recorded = options.recorded ?? new Set<string>();
  const bots = new Set(config.bots.map((b) => b.toLowerCase()));
  const r = qualifierOf(scope);
  const range = (qualifier: string, w = week) => ({ qualifier, start: w.start, end: w.end });
  const previous = previousWeek(week, config);
  const q = (name: string) => `label:"${name}"`;
  // The app's own summary issues are not activity; configured bots are left out of counts.
  const notOurs = [
    `-label:"${config.summary.label}"`,
    ...config.bots.map((b) => `-author:${b}`),
  ].join(" ");
  const staleBefore = week.end.subtract({ days: config.summary.stale_review_days });
  // Decided items were updated when the label was added: since the week began, or since last
  // week began when last week's decisions must be counted too.
  const decidedSince = recorded.has(previous.key) ? week.start : previous.start;

  const lists: Spec[] = [
    { alias: "merged", query: `${r} is:pr is:merged`, range: range("merged") },
    {
      alias: "openedPrs",
      query: `${r} is:pr`,
      range: range("created"),
      extra: replies("first"),
    },
    {
      alias: "openedIssues",
      query: `${r} is:issue ${notOurs}`,
      range: range("created"),
      extra: replies("first"),
    },
    { alias: "closedIssues", query: `${r} is:issue is:closed ${notOurs}`, range: range("closed") },
    {
      alias: "waitingForReview",
      query: `${r} is:pr is:open draft:false review:none created:<${iso(staleBefore)}`,
    },
    // Kept below by the date the decision label was added (its labeled event).
    {
      alias: "accepted",
      query: `${r} ${q(DECISION_LABELS.accepted.name)}`,
      range: { qualifier: "updated", start: decidedSince },
      extra: DECIDED_EXTRA,
    },
    {
      alias: "rejected",
      query: `${r} ${q(DECISION_LABELS.rejected.name)}`,
      range: { qualifier: "updated", start: decidedSince },
      extra: DECIDED_EXTRA,
    },
    { alias: "pending", query: `${r} is:open ${q(DECISION_LABELS.pending.name)}` },
    { alias: "needsSync", query: `${r} is:open ${q(DECISION_LABELS.needsSync.name)}` },
    { alias: "blocked", query: `${r} is:open label:blocked`, extra: BLOCKED_EXTRA },
    { alias: "incomplete", query: `${r} is:open ${q(config.template.label)}` },
    // Least recently updated first: the longest waits come first when more than 100 match.
    {
      alias: "recentOpen",
      query: `${r} is:open ${notOurs} sort:updated-asc`,
      range: { qualifier: "updated", start: week.end.subtract({ weeks: WAITING_WEEKS }) },
      extra: replies("last"),
      firstPageOnly: true,
    },
  ];
  const counted = (alias: string, query: string, qualifier: string, w: SummaryWeek): Spec => ({
    alias,
    query: `${r} ${query} ${notOurs}`,
    range: range(qualifier, w),
    light: true,
  });
  const counts: Spec[] = recorded.has(previous.key)
    ? []
    : [
        counted("prevMerged", "is:pr is:merged", "merged", previous),
        counted("prevOpenedPrs", "is:pr", "created", previous),
        counted("prevOpenedIssues", "is:issue", "created", previous),
        counted("prevClosedIssues", "is:issue is:closed", "closed", previous),
      ];
  // The chart's last two weeks come from this week's lists and last week's counts.
  const chartWeeks: SummaryWeek[] = [week];
  for (let i = 1; i < 8; i++)
    chartWeeks.unshift(previousWeek(chartWeeks[0] as SummaryWeek, config));
  chartWeeks.slice(0, 6).forEach((w, i) => {
    if (recorded.has(w.key)) return;
    counts.push(counted(`chartMerged${i}`, "is:pr is:merged", "merged", w));
    counts.push(counted(`chartClosed${i}`, "is:issue is:closed", "closed", w));
  });

  let requests = 0;
  const run = async (specs: Array<Spec & { after?: string | null }>) => {
    requests++;
    const fields = specs.map((s) => {
      const args = `query: ${JSON.stringify(fullQuery(s))}, type: ISSUE, first: 100${s.after ? `, after: ${JSON.stringify(s.after)}` : ""}`;
      return `${s.alias}: search(${args}) { issueCount ${s.light ? LIGHT_NODE : NODE(s.extra)} }`;
    });
    return graphql<Record<string, RawSearch>>(`query { ${fields.join("\n")} }`);
  };

  // Round 1: every first page, in one request.
  const first = await run([...lists, ...counts]);
  const collected = new Map<string, RawNode[]>();
  let queue: Array<Spec & { after?: string | null; key: string }> = [];
  const take = (key: string, spec: Spec, result: RawSearch | undefined) => {
    if (!result) return;
    const { range: specRange } = spec;
    if (
      specRange?.end &&
      result.issueCount > SEARCH_CAP &&
      specRange.end.since(specRange.start).total({ unit: "minutes" }) > 2
    ) {
      // Too many results for one query: split the range in two and start again on each half.
      const middle = specRange.start.add({
        seconds: Math.floor(specRange.end.since(specRange.start).total({ unit: "seconds" }) / 2),
      });
      queue.push({ ...spec, alias: `${spec.alias}A`, key, range: { ...specRange, end: middle } });
      queue.push({ ...spec, alias: `${spec.alias}B`, key, range: { ...specRange, start: middle } });
      return;
    }
    collected.set(key, [
      ...(collected.get(key) ?? []),
      ...(result.nodes ?? []).filter(
        (n): n is RawNode => n !== null && typeof n.number === "number",
      ),
    ]);
    if (result.pageInfo?.hasNextPage && !spec.firstPageOnly)
      queue.push({ ...spec, key, after: result.pageInfo.endCursor });
  };
  for (const spec of [...lists, ...counts]) take(spec.alias, spec, first[spec.alias]);
  // Further rounds: next pages and split ranges, batched.
  while (queue.length > 0) {
    const batch = queue.slice(0, BATCH).map((s, i) => ({ ...s, alias: `q${i}` }));
    queue = queue.slice(BATCH);
    const result = await run(batch);
    batch.forEach((spec, i) => {
      const { after: _after, ...original } = { ...spec, alias: spec.key };
      take(spec.key, original, result[`q${i}`]);
    });
  }

  const raw = (key: string) => {
    const seen = new Set<number>();
    return (collected.get(key) ?? []).filter((n) => {
      if (seen.has(n.number)) return false;
      seen.add(n.number);
      return true;
    });
  };
  const items = (key: string) => raw(key).map((n) => toItem(n, bots));
  const withReplies = (key: string, end: "first" | "last") =>
    raw(key).map((n) => ({
      ...toItem(n, bots),
      [end === "first" ? "firstReplies" : "lastReplies"]: repliesOf(n, bots),
    }));
  /** People's items only: accounts of type Bot and the `bots` list are left out. */
  const count = (key: string) => raw(key).filter((n) => !isBot(n.author, bots)).length;
  const inWeek = (at: Temporal.Instant | undefined, w: SummaryWeek) =>
    at !== undefined &&
    Temporal.Instant.compare(at, w.start.toInstant()) >= 0 &&
    Temporal.Instant.compare(at, w.end.toInstant()) < 0;
  const decided = (key: string, label: string, w = week) =>
    raw(key)
      .filter((n) => inWeek(labelledAt(n, label), w))
      .map((n) => ({ ...toItem(n, bots), throughSync: wentThroughSync(labelEvents(n)) }));
  const people = (list: Item[]) => list.filter((i) => !i.author.isBot);

  const merged = items("merged");
  const closedIssues = items("closedIssues");
  requests += await markFirstTimers(graphql, r, week, merged);
  const previousDecided = people([
    ...decided("accepted", DECISION_LABELS.accepted.name, previous),
    ...decided("rejected", DECISION_LABELS.rejected.name, previous),
  ]);
  const previousFigures: Figures = {
    merged: count("prevMerged"),
    openedPrs: count("prevOpenedPrs"),
    openedIssues: count("prevOpenedIssues"),
    closedIssues: count("prevClosedIssues"),
    decisions: previousDecided.length,
    // What last week's searches tell of its health; the rest is known from its summary only.
    health: {
      decisions: decisionSplit(previousDecided),
      cycle: cycleTimes(items("prevMerged").filter((i) => i.mergedAt)),
    },
  };
  const chart = chartWeeks.map((w, i) => ({
    week: w.isoWeek,
    key: w.key,
    merged:
      i < 6 ? count(`chartMerged${i}`) : i === 6 ? previousFigures.merged : people(merged).length,
    closed:
      i < 6
        ? count(`chartClosed${i}`)
        : i === 6
          ? previousFigures.closedIssues
          : people(closedIssues).length,
  }));
  return {
    merged,
    openedPrs: withReplies("openedPrs", "first"),
    openedIssues: withReplies("openedIssues", "first"),
    closedIssues,
    waitingForReview: items("waitingForReview"),
    accepted: decided("accepted", DECISION_LABELS.accepted.name),
    rejected: decided("rejected", DECISION_LABELS.rejected.name),
    pending: items("pending"),
    needsSync: items("needsSync"),
    blocked: items("blocked"),
    incomplete: items("incomplete"),
    recentOpen: withReplies("recentOpen", "last"),
    previous: previousFigures,
    chart,
    requests,
  };
}

/**
 * Mark merged PRs whose author had no merged PR before the week (one batched request for up
 * to 100 authors). `authorAssociation` cannot tell: after the merge it says CONTRIBUTOR.
 */
async function markFirstTimers(
  graphql: GraphQL,
  qualifier: string,
  week: SummaryWeek,
  merged: Item[],
): Promise<number> {
  const authors = [
    ...new Set(merged.filter((m) => !m.author.isBot).map((m) => m.author.login)),
  ].slice(0, 100);
  if (authors.length === 0) return 0;
  const fields = authors.map((login, i) => {
    const query = `${qualifier} is:pr is:merged author:${login} merged:<${iso(week.start)}`;
    return `a${i}: search(query: ${JSON.stringify(query)}, type: ISSUE, first: 1) { issueCount }`;
  });
  const result = await graphql<Record<string, { issueCount: number } | undefined>>(
    `query { ${fields.join("\n")} }`,
  );
  const firstTimers = new Set(authors.filter((_, i) => result[`a${i}`]?.issueCount === 0));
  for (const item of merged) item.firstTime = firstTimers.has(item.author.login);
  return 1;
}
