import nock from "nock";
import { Temporal } from "temporal-polyfill";
import { summaryJob } from "../../src/summary/job.js";
import { API, APP_ID } from "./github.js";
import { tickJobs } from "./probot.js";

/** One tick of the summary job alone, as the server or cron runs it, against the fake. */
export const summaryTick = (now: Temporal.Instant, since?: Temporal.Instant) =>
  tickJobs([summaryJob], now, since ? { since } : {});

export interface FakeIssue {
  number: number;
  title: string;
  body: string;
  state: "open" | "closed";
  labels: string[];
  app: boolean;
}

/** A pull request or issue of the repository, as GitHub's search finds it. */
export interface FakeItem {
  /** `owner/name`; default: Codertocat/Hello-World. */
  repo?: string;
  kind: "pr" | "issue";
  number: number;
  title?: string;
  login?: string;
  /** `Bot` for an app's account. */
  type?: "User" | "Bot";
  createdAt: string;
  /** Default: the latest of the other dates. */
  updatedAt?: string;
  mergedAt?: string;
  closedAt?: string;
  draft?: boolean;
  reviewed?: boolean;
  labels?: string[];
  /** Labeled events, oldest first: the label and when it was added. */
  labelled?: Array<{ label: string; at: string }>;
  /** The bodies of its comments, for `in:comments`. */
  comments?: string[];
  /** Comments and reviews (`review`; `pending`: not submitted), oldest first. */
  replies?: FakeReply[];
}

export interface FakeReply {
  login: string;
  type?: "User" | "Bot";
  at: string;
  review?: boolean;
  pending?: boolean;
}

/**
 * A stateful GitHub for one repository (Codertocat/Hello-World), served by nock: issues,
 * labels, comments, config and GraphQL. The search answers either from `search` (nodes for a
 * query) or, like GitHub, by evaluating the query's qualifiers over `items`, returning the
 * fields asked for (`timelineItems` only when requested), in pages. Writes change the state,
 * so running a tick twice really sees the first run's effects. `requests` lists every request
 * as `METHOD /path`.
 */
export function fakeRepo(options: {
  config: string;
  search?: (query: string) => Array<Record<string, unknown>>;
  items?: FakeItem[];
}) {
  const issues: FakeIssue[] = [];
  const labels = new Map<string, { description: string }>();
  const comments: Array<{ issue: number; body: string }> = [];
  const graphqlQueries: string[] = [];
  const requests: string[] = [];
  const scope = nock(API).persist();
  scope.on("request", (req: { method: string; path: string }) => {
    requests.push(`${req.method} ${decodeURIComponent(req.path.split("?")[0] ?? "")}`);
  });
  const repo = "/repos/Codertocat/Hello-World";

  scope
    .get("/app/installations")
    .query(true)
    .reply(200, [{ id: 2, account: { login: "Codertocat" }, target_type: "User" }]);
  scope
    .post("/app/installations/2/access_tokens")
    .reply(201, { token: "ghs_test", expires_at: "2099-01-01T00:00:00Z" });
  scope
    .get("/installation/repositories")
    .query(true)
    .reply(200, {
      total_count: 1,
      repositories: [
        {
          full_name: "Codertocat/Hello-World",
          name: "Hello-World",
          owner: { login: "Codertocat" },
        },
      ],
    });
  scope
    .get("/search/issues")
    .query(true)
    .reply(200, { total_count: 0, incomplete_results: false, items: [] });
  scope
    .get(new RegExp(`^${repo}/contents/\\.github(%2F|/)async-status\\.yml`))
    .reply(200, options.config, { "content-type": "application/vnd.github.raw; charset=utf-8" });
  scope
    .get(new RegExp(`^${repo}/contents/\\.github(%2F|/)async-status(%2F|/)summary\\.md\\.hbs`))
    .reply(404, { message: "Not Found" });
  scope
    .get(`${repo}/issues`)
    .query(true)
    .reply((uri) => {
      const label = new URL(uri, API).searchParams.get("labels");
      const found = issues
        .filter((i) => !label || i.labels.includes(label))
        .sort((a, b) => b.number - a.number);
      return [
        200,
        found.map((i) => ({
          number: i.number,
          title: i.title,
          body: i.body,
          state: i.state,
          html_url: `https://github.com/Codertocat/Hello-World/issues/${i.number}`,
          user: { login: i.app ? "async-status[bot]" : "octocat", type: i.app ? "Bot" : "User" },
          performed_via_github_app: i.app ? { id: APP_ID } : null,
        })),
      ];
    });
  scope.post(`${repo}/issues`).reply((_uri, body) => {
    const b = body as { title: string; body: string; labels: string[] };
    const issue: FakeIssue = {
      number: issues.length + 100,
      title: b.title,
      body: b.body,
      state: "open",
      labels: b.labels,
      app: true,
    };
    issues.push(issue);
    return [
      201,
      {
        number: issue.number,
        html_url: `https://github.com/Codertocat/Hello-World/issues/${issue.number}`,
      },
    ];
  });
  scope.patch(/\/repos\/Codertocat\/Hello-World\/issues\/\d+$/).reply((uri, body) => {
    const issue = issues.find((i) => i.number === Number(uri.split("/").pop()));
    if (issue && (body as { state?: string }).state === "closed") issue.state = "closed";
    return [200, {}];
  });
  scope.get(/\/repos\/Codertocat\/Hello-World\/issues\/\d+\/comments/).reply((uri) => [
    200,
    comments
      .filter((c) => c.issue === Number(/issues\/(\d+)\//.exec(uri)?.[1]))
      .map((c, i) => ({
        id: i + 1,
        body: c.body,
        user: { login: "async-status[bot]", type: "Bot" },
        performed_via_github_app: { id: APP_ID },
      })),
  ]);
  scope.post(/\/repos\/Codertocat\/Hello-World\/issues\/\d+\/comments$/).reply((uri, body) => {
    comments.push({
      issue: Number(/issues\/(\d+)\//.exec(uri)?.[1]),
      body: (body as { body: string }).body,
    });
    return [201, { id: comments.length }];
  });
  scope.get(/\/repos\/Codertocat\/Hello-World\/labels\/.+/).reply((uri) => {
    const name = decodeURIComponent(uri.split("/labels/")[1] ?? "");
    const label = labels.get(name);
    return label
      ? [200, { name, description: label.description }]
      : [404, { message: "Not Found" }];
  });
  scope.post(`${repo}/labels`).reply((_uri, body) => {
    const b = body as { name: string; description?: string };
    if (labels.has(b.name))
      return [422, { message: "Validation Failed", errors: [{ code: "already_exists" }] }];
    labels.set(b.name, { description: b.description ?? "" });
    return [201, { name: b.name }];
  });
  scope.patch(/\/repos\/Codertocat\/Hello-World\/labels\/.+/).reply((uri, body) => {
    const name = decodeURIComponent(uri.split("/labels/")[1] ?? "");
    if (!labels.has(name)) return [404, { message: "Not Found" }];
    labels.set(name, { description: (body as { description?: string }).description ?? "" });
    return [200, { name }];
  });
  scope.delete(/\/repos\/Codertocat\/Hello-World\/labels\/.+/).reply((uri) => {
    labels.delete(decodeURIComponent(uri.split("/labels/")[1] ?? ""));
    return [204];
  });
  scope.post("/graphql").reply((_uri, body) => {
    const { query, variables } = body as { query: string; variables?: { q?: string } };
    graphqlQueries.push(query);
    if (query.includes("labels(first: 100, query: $q)")) {
      const all = [...labels].map(([name, l]) => ({ name, description: l.description }));
      return [200, labelSearch(all, variables?.q ?? "")];
    }
    const data = aliasedSearches(query, (q, line) =>
      options.items
        ? sorted(options.items.filter(matches(q)), q).map((i) => itemNode(i, line))
        : (options.search?.(q) ?? []),
    );
    return [200, { data }];
  });
  return {
    issues,
    labels,
    comments,
    graphqlQueries,
    requests,
    /** A summary issue the app published earlier. */
    addSummary(key: string, number: number, state: "open" | "closed" = "open") {
      issues.push({
        number,
        title: `Weekly summary ${key}`,
        body: `<!-- async-status:summary ${key} -->\nold`,
        state,
        labels: ["weekly-summary"],
        app: true,
      });
    },
  };
}

/** A merged PR node as the GraphQL search returns it. */
export const mergedNode = (number: number, login = "octocat", type = "User") => ({
  __typename: "PullRequest",
  number,
  title: `Change ${number}`,
  url: `https://github.com/Codertocat/Hello-World/pull/${number}`,
  createdAt: "2026-11-17T10:00:00Z",
  mergedAt: "2026-11-18T10:00:00Z",
  authorAssociation: "MEMBER",
  author: { login, __typename: type },
  labels: { nodes: [] },
});

const instant = (text: string) => Temporal.Instant.from(text);
const updatedOf = (i: FakeItem) =>
  i.updatedAt ??
  [
    i.createdAt,
    i.mergedAt,
    i.closedAt,
    ...(i.labelled ?? []).map((e) => e.at),
    ...(i.replies ?? []).map((r) => r.at),
  ]
    .filter((t): t is string => t !== undefined)
    .sort((a, b) => Temporal.Instant.compare(instant(a), instant(b)))
    .at(-1) ??
  i.createdAt;

/** `2026-11-16T00:00:00+01:00..2026-11-22T23:59:59+01:00`, `>=…` or `<…`, inclusive as GitHub's. */
function inRange(value: string | undefined, range: string): boolean {
  if (value === undefined) return false;
  const at = instant(value);
  const [from, to] = range.split("..");
  if (to !== undefined)
    return (
      Temporal.Instant.compare(at, instant(from as string)) >= 0 &&
      Temporal.Instant.compare(at, instant(to)) <= 0
    );
  if (range.startsWith(">=")) return Temporal.Instant.compare(at, instant(range.slice(2))) >= 0;
  if (range.startsWith("<")) return Temporal.Instant.compare(at, instant(range.slice(1))) < 0;
  throw new Error(`fake search: unsupported range ${range}`);
}

const repoOf = (item: FakeItem) => item.repo ?? "Codertocat/Hello-World";

const QUALIFIER = /(-?)(\w+):((?:"[^"]*"(?:,"[^"]*")*)|\S+)/g;
const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * GitHub's issue search (Codertocat/Hello-World unless an item names its repository; never
 * archived), for the qualifiers the app sends; any other one fails the test. Words outside
 * qualifiers (`decide OR agree`) are matched, any of them, as whole words in the comments of
 * `in:comments`.
 */
export function matches(query: string): (item: FakeItem) => boolean {
  const terms = [...query.matchAll(QUALIFIER)].map((m) => ({
    not: m[1] === "-",
    key: m[2] as string,
    value: m[3] as string,
  }));
  const words = query
    .replace(QUALIFIER, " ")
    .split(/\s+/)
    .filter((w) => w !== "" && w !== "OR")
    .map((w) => new RegExp(`(^|\\W)${escapeRegExp(w)}(\\W|$)`, "i"));
  return (item) =>
    terms.every(({ not, key, value }) => {
      const names = (item.labels ?? []).map((l) => l.toLowerCase());
      const login = (item.login ?? "octocat").toLowerCase();
      let hit: boolean;
      if (key === "repo") hit = value.toLowerCase() === repoOf(item).toLowerCase();
      else if (key === "org" || key === "user")
        hit = value.toLowerCase() === repoOf(item).split("/")[0]?.toLowerCase();
      else if (key === "archived") hit = value === "false";
      else if (key === "in")
        hit =
          value === "comments"
            ? words.some((w) => (item.comments ?? []).some((c) => w.test(c)))
            : fail(`in:${value}`);
      else if (key === "is")
        hit =
          value === "pr"
            ? item.kind === "pr"
            : value === "issue"
              ? item.kind === "issue"
              : value === "merged"
                ? item.mergedAt !== undefined
                : value === "open"
                  ? item.closedAt === undefined && item.mergedAt === undefined
                  : value === "closed"
                    ? item.closedAt !== undefined || item.mergedAt !== undefined
                    : fail(`is:${value}`);
      else if (key === "label")
        hit = value
          .split(",")
          .map((v) => v.replace(/^"|"$/g, "").toLowerCase())
          .some((v) => names.includes(v));
      else if (key === "author")
        hit = value.startsWith("app/")
          ? item.type === "Bot" && login === value.slice(4).toLowerCase()
          : login === value.toLowerCase();
      else if (key === "draft") hit = (item.draft ?? false) === (value === "true");
      else if (key === "review") hit = value === "none" ? !item.reviewed : fail(`review:${value}`);
      else if (key === "created") hit = inRange(item.createdAt, value);
      else if (key === "merged") hit = inRange(item.mergedAt, value);
      else if (key === "closed") hit = inRange(item.closedAt ?? item.mergedAt, value);
      else if (key === "updated") hit = inRange(updatedOf(item), value);
      else if (key === "sort") hit = value === "updated-asc" || fail(`sort:${value}`);
      else hit = fail(`${key}:${value}`);
      return not ? !hit : hit;
    });
}

/** Search order: `sort:updated-asc`, or the items' order. */
function sorted(items: FakeItem[], query: string): FakeItem[] {
  if (!query.includes("sort:updated-asc")) return items;
  return [...items].sort((a, b) =>
    Temporal.Instant.compare(instant(updatedOf(a)), instant(updatedOf(b))),
  );
}

/**
 * The `replies:` connection a line asks for, for this item's kind: its comments and (when the
 * query asks for them) submitted reviews, the first or last `n`, with the page flag GitHub gives.
 */
function repliesNode(item: FakeItem, line: string): Record<string, unknown> | undefined {
  const asked = [
    ...line.matchAll(/replies: timelineItems\(itemTypes: \[([^\]]*)\], (first|last): (\d+)\)/g),
  ].find((m) => (m[1] as string).includes("PULL_REQUEST_REVIEW") === (item.kind === "pr"));
  if (!asked) return undefined;
  const [, types, end, n] = asked;
  const all = (item.replies ?? []).filter(
    (r) => !r.review || (types as string).includes("PULL_REQUEST_REVIEW"),
  );
  const page = end === "first" ? all.slice(0, Number(n)) : all.slice(-Number(n));
  const author = (r: FakeReply) => ({ login: r.login, __typename: r.type ?? "User" });
  return {
    pageInfo:
      end === "first"
        ? { hasNextPage: all.length > page.length }
        : { hasPreviousPage: all.length > page.length },
    nodes: page.map((r) =>
      r.review
        ? {
            __typename: "PullRequestReview",
            submittedAt: r.pending ? null : r.at,
            author: author(r),
          }
        : { __typename: "IssueComment", createdAt: r.at, author: author(r) },
    ),
  };
}

const fail = (qualifier: string): never => {
  throw new Error(`fake search: unsupported qualifier ${qualifier}`);
};

/** The node GraphQL returns for an item, with the connections the query's line asks for. */
export function itemNode(item: FakeItem, line: string): Record<string, unknown> {
  const path = item.kind === "pr" ? "pull" : "issues";
  return {
    __typename: item.kind === "pr" ? "PullRequest" : "Issue",
    number: item.number,
    title: item.title ?? `Change ${item.number}`,
    url: `https://github.com/${repoOf(item)}/${path}/${item.number}`,
    ...(line.includes("nameWithOwner") ? { repository: { nameWithOwner: repoOf(item) } } : {}),
    createdAt: item.createdAt,
    closedAt: item.closedAt ?? item.mergedAt ?? null,
    ...(item.kind === "pr" ? { mergedAt: item.mergedAt ?? null } : {}),
    author: { login: item.login ?? "octocat", __typename: item.type ?? "User" },
    labels: { nodes: (item.labels ?? []).map((name) => ({ name })) },
    ...(line.includes("comments(") ? { comments: { nodes: [] } } : {}),
    ...(line.includes("replies: timelineItems(") ? { replies: repliesNode(item, line) } : {}),
    ...(line.includes("timelineItems(itemTypes: [LABELED_EVENT], last: 10)")
      ? {
          timelineItems: {
            nodes: (item.labelled ?? [])
              .slice(-10)
              .map((e) => ({ createdAt: e.at, label: { name: e.label } })),
          },
        }
      : {}),
  };
}

/**
 * The `data` of a GraphQL request made of aliased searches, one a line
 * (`alias: search(query: "…", type: ISSUE, first: N, after: "…")`, as the summary sends
 * them): each alias's nodes from `nodesFor(query, line)`, in pages, with GitHub's counts.
 */
export function aliasedSearches(
  query: string,
  nodesFor: (q: string, line: string) => Array<Record<string, unknown>>,
): Record<string, unknown> {
  const data: Record<string, unknown> = {};
  for (const line of query.split("\n")) {
    const match =
      /(\w+): search\(query: ("(?:[^"\\]|\\.)*"), type: ISSUE, first: (\d+)(?:, after: "(\d+)")?\)/.exec(
        line,
      );
    if (!match) continue;
    const found = nodesFor(JSON.parse(match[2] as string) as string, line);
    const offset = Number(match[4] ?? 0);
    const nodes = found.slice(offset, offset + Number(match[3]));
    data[match[1] as string] = {
      issueCount: found.length,
      pageInfo: {
        hasNextPage: offset + nodes.length < found.length,
        endCursor: String(offset + nodes.length),
      },
      nodes,
    };
  }
  return data;
}

/** GitHub's answer to the label search the claims' sweep sends (name or description contains `q`). */
export function labelSearch(
  labels: ReadonlyArray<{ name: string; description: string }>,
  q: string,
) {
  const text = q.toLowerCase();
  const nodes = labels.filter((l) => `${l.name} ${l.description}`.toLowerCase().includes(text));
  return { data: { repository: { labels: { nodes } } } };
}
