import type { Temporal } from "temporal-polyfill";
import { labelNames, type RepoRef } from "../github/port.js";
import { itemFromIssue, itemFromPullRequest } from "./item.js";
import { CHECK_NAME } from "./plan.js";
import type { SeenItem } from "./repair.js";
import type { ItemKind } from "./requirements.js";

interface RawAuthor {
  login: string;
  __typename: string;
}
interface RawSuite {
  app?: { databaseId?: number | null } | null;
  checkRuns?: { nodes?: Array<{ conclusion?: string | null } | null> | null } | null;
}
/** A search hit as the query below returns it. */
export interface RawNode {
  __typename?: string;
  number?: number;
  updatedAt?: string;
  body?: string | null;
  isDraft?: boolean;
  author?: RawAuthor | null;
  labels?: { nodes?: Array<{ name: string } | null> | null } | null;
  headRefOid?: string;
  commits?: {
    nodes?: Array<{
      commit?: { oid?: string; checkSuites?: { nodes?: Array<RawSuite | null> | null } | null };
    } | null> | null;
  } | null;
}
interface RawPage {
  search: {
    issueCount: number;
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
    nodes?: Array<RawNode | null> | null;
  };
  repository?: {
    github?: { oid: string } | null;
    root?: { oid: string } | null;
  } | null;
}

/** What one repository's repair search found. */
export interface RepairSearch {
  items: SeenItem[];
  /**
   * Tree ids on the default branch: `.github` and the root. Templates read while they stay
   * the same are still current (the root's changes with any commit, `.github`'s only with it).
   */
  trees: { github?: string; root?: string };
  /** Items the search matched; past 1,000 GitHub's search returns no more. */
  total: number;
  /** GraphQL requests made (one per 100 items). */
  requests: number;
}

const ITEM =
  "number updatedAt body author { login __typename } labels(first: 50) { nodes { name } }";

/**
 * The search, 100 items a page. Every connection below a hit costs one request per hit (labels,
 * the last commit, its check suite, the check run), so a page is 4 rate-limit points with the
 * app id known; check suites are filtered by app so only one is read per commit. Without an
 * app id (a personal token) ten suites are read, and the page costs 13 points.
 */
export function repairQuery(appId: number | undefined): string {
  const suites = appId
    ? `checkSuites(first: 1, filterBy: { appId: ${Math.trunc(appId)} })`
    : "checkSuites(first: 10)";
  const runs = `checkRuns(last: 1, filterBy: { checkName: ${JSON.stringify(CHECK_NAME)} }) { nodes { conclusion } }`;
  const commit = `commits(last: 1) { nodes { commit { oid ${suites} { nodes { app { databaseId } ${runs} } } } } }`;
  return `query($q: String!, $after: String, $owner: String!, $name: String!) {
  search(query: $q, type: ISSUE, first: 100, after: $after) {
    issueCount
    pageInfo { hasNextPage endCursor }
    nodes { __typename ... on Issue { ${ITEM} } ... on PullRequest { ${ITEM} isDraft headRefOid ${commit} } }
  }
  repository(owner: $owner, name: $name) {
    github: object(expression: "HEAD:.github") { oid }
    root: object(expression: "HEAD:") { oid }
  }
}`;
}

/** The search text: open items of `kinds` in the repository, changed since `since`. */
export function repairSearchText(
  repo: RepoRef,
  since: Temporal.Instant,
  kinds: readonly ItemKind[],
): string {
  const only = kinds.length === 1 ? (kinds[0] === "pr" ? " is:pr" : " is:issue") : "";
  return `repo:${repo.owner}/${repo.repo} is:open${only} updated:>=${since.toString({ smallestUnit: "second" })}`;
}

/** GitHub's logins for apps end in `[bot]` over REST, but not in GraphQL: match the REST form. */
function author(raw: RawAuthor | null | undefined) {
  if (!raw) return { login: "ghost", type: "User" };
  const isBot = raw.__typename === "Bot";
  const login = isBot && !raw.login.endsWith("[bot]") ? `${raw.login}[bot]` : raw.login;
  return { login, type: isBot ? "Bot" : "User" };
}

/**
 * The conclusion of the app's newest template check run on the PR's head, lower-cased as REST
 * writes it; `null` when there is none, or when the last commit listed is not the head.
 */
function headConclusion(node: RawNode, appId: number | undefined): string | null {
  const commit = node.commits?.nodes?.[0]?.commit;
  if (!commit || commit.oid !== node.headRefOid) return null;
  for (const suite of commit.checkSuites?.nodes ?? []) {
    if (appId && suite?.app?.databaseId !== appId) continue;
    const conclusion = suite?.checkRuns?.nodes?.[0]?.conclusion;
    if (conclusion) return conclusion.toLowerCase();
  }
  return null;
}

/** A search hit as the template check sees it (pure); `undefined` for anything else. */
export function seenFromNode(
  node: RawNode | null,
  appId: number | undefined,
): SeenItem | undefined {
  if (!node || typeof node.number !== "number" || !node.updatedAt) return undefined;
  const base = {
    number: node.number,
    body: node.body ?? null,
    labels: labelNames(node.labels?.nodes),
    user: author(node.author),
    state: "open",
  };
  if (node.__typename === "Issue") return { item: itemFromIssue(base), updatedAt: node.updatedAt };
  if (node.__typename !== "PullRequest" || !node.headRefOid) return undefined;
  return {
    item: itemFromPullRequest({
      ...base,
      draft: node.isDraft === true,
      head: { sha: node.headRefOid },
    }),
    updatedAt: node.updatedAt,
    conclusion: headConclusion(node, appId),
  };
}

/**
 * One repository's open items changed since `since`, with what the repair needs to judge
 * them: one GraphQL request per 100 items, so the cost follows recent activity, not history.
 */
export async function searchForRepair(
  graphql: <T>(query: string, variables: Record<string, unknown>) => Promise<T>,
  repo: RepoRef,
  query: { since: Temporal.Instant; kinds: readonly ItemKind[]; appId?: number | undefined },
): Promise<RepairSearch> {
  const text = repairQuery(query.appId);
  const q = repairSearchText(repo, query.since, query.kinds);
  const found: RepairSearch = { items: [], trees: {}, total: 0, requests: 0 };
  let after: string | null = null;
  do {
    const page: RawPage = await graphql<RawPage>(text, {
      q,
      after,
      owner: repo.owner,
      name: repo.repo,
    });
    found.requests++;
    if (found.requests === 1) {
      found.total = page.search.issueCount;
      const github = page.repository?.github?.oid;
      const root = page.repository?.root?.oid;
      found.trees = { ...(github ? { github } : {}), ...(root ? { root } : {}) };
    }
    for (const node of page.search.nodes ?? []) {
      const seen = seenFromNode(node, query.appId);
      if (seen) found.items.push(seen);
    }
    after = page.search.pageInfo.hasNextPage ? page.search.pageInfo.endCursor : null;
  } while (after);
  return found;
}
