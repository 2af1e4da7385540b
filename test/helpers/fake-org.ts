import nock from "nock";
import type { Temporal } from "temporal-polyfill";
import type { Job } from "../../src/job.js";
import { rollupJob } from "../../src/rollup/job.js";
import { summaryJob } from "../../src/summary/job.js";
import type { TickState } from "../../src/tick.js";
import { aliasedSearches, type FakeItem, itemNode, matches } from "./fake-repo.js";
import { API, APP_ID } from "./github.js";
import { tickJobs } from "./probot.js";

/** One tick of the summary and roll-up jobs (or `jobs`), as the server or cron runs it. */
export const orgTick = (
  now: Temporal.Instant,
  extra: {
    jobs?: readonly Job[];
    state?: TickState;
    dryRun?: boolean;
    print?: (l: string) => void;
  } = {},
) => {
  const { jobs, ...options } = extra;
  return tickJobs(jobs ?? [summaryJob, rollupJob], now, options);
};

export interface FakeOrgIssue {
  repo: string;
  number: number;
  title: string;
  body: string;
  state: "open" | "closed";
  labels: string[];
}

export interface FakeOrgRepo {
  name: string;
  /** Its own `.github/async-status.yml`; none when absent. */
  config?: string;
  archived?: boolean;
  /** Its own `.github/async-status/rollup.md.hbs`. */
  rollupTemplate?: string;
}

const yamlHeaders = { "content-type": "application/vnd.github.raw; charset=utf-8" };

/**
 * A stateful GitHub for one organisation installation (`acme`, id 2) with several
 * repositories, served by nock: configs, templates, issues, labels, comments, and GraphQL (the
 * claim-label query, aliased searches evaluated over `items` like GitHub's, and aliased
 * `repository { issues(labels:) }` reads). Writes change the state, so a second tick sees the
 * first one's effects. `requests` lists every request as `METHOD /path`.
 */
export function fakeOrg(options: {
  repos: FakeOrgRepo[];
  items?: FakeItem[];
  /** The first issue created in this repository commits, and GitHub still answers 502. */
  commitThen502?: string;
}) {
  const owner = "acme";
  const issues: FakeOrgIssue[] = [];
  const labels = new Map<string, Map<string, { description: string }>>();
  const comments: Array<{ repo: string; issue: number; body: string }> = [];
  const graphqlQueries: string[] = [];
  const requests: string[] = [];
  let fail502 = options.commitThen502;
  const labelsOf = (repo: string) => {
    const found = labels.get(repo) ?? new Map<string, { description: string }>();
    labels.set(repo, found);
    return found;
  };
  const repoOf = (uri: string) => decodeURIComponent(/\/repos\/acme\/([^/]+)/.exec(uri)?.[1] ?? "");
  const scope = nock(API).persist();
  scope.on("request", (req: { method: string; path: string }) => {
    requests.push(`${req.method} ${decodeURIComponent(req.path.split("?")[0] ?? "")}`);
  });

  scope
    .get("/app/installations")
    .query(true)
    .reply(200, [{ id: 2, account: { login: owner }, target_type: "Organization" }]);
  scope
    .post("/app/installations/2/access_tokens")
    .reply(201, { token: "ghs_test", expires_at: "2099-01-01T00:00:00Z" });
  scope
    .get("/installation/repositories")
    .query(true)
    .reply(200, {
      total_count: options.repos.length,
      repositories: options.repos.map((r) => ({
        full_name: `${owner}/${r.name}`,
        name: r.name,
        owner: { login: owner },
        archived: r.archived === true,
        has_issues: true,
      })),
    });
  scope.get(/^\/repos\/acme\/[^/]+$/).reply((uri) => {
    const repo = options.repos.find((r) => r.name === repoOf(uri));
    return repo
      ? [
          200,
          { name: repo.name, archived: repo.archived === true, has_issues: true, private: false },
        ]
      : [404, { message: "Not Found" }];
  });
  scope
    .get("/search/issues")
    .query(true)
    .reply(200, { total_count: 0, incomplete_results: false, items: [] });
  scope.get(/^\/repos\/acme\/[^/]+\/contents\//).reply((uri) => {
    const repo = options.repos.find((r) => r.name === repoOf(uri));
    const path = decodeURIComponent(uri.split("/contents/")[1]?.split("?")[0] ?? "");
    if (path === ".github/async-status.yml" && repo?.config !== undefined)
      return [200, repo.config, yamlHeaders];
    if (path === ".github/async-status/rollup.md.hbs" && repo?.rollupTemplate !== undefined)
      return [200, repo.rollupTemplate, yamlHeaders];
    return [404, { message: "Not Found" }];
  });
  scope
    .get(/^\/repos\/acme\/[^/]+\/issues$/)
    .query(true)
    .reply((uri) => {
      const repo = repoOf(uri);
      const label = new URL(uri, API).searchParams.get("labels");
      return [
        200,
        issues
          .filter((i) => i.repo === repo && (!label || i.labels.includes(label)))
          .sort((a, b) => b.number - a.number)
          .map((i) => ({
            number: i.number,
            title: i.title,
            body: i.body,
            state: i.state,
            html_url: `https://github.com/${owner}/${repo}/issues/${i.number}`,
            user: { login: "async-status[bot]", type: "Bot" },
            performed_via_github_app: { id: APP_ID },
          })),
      ];
    });
  scope.post(/^\/repos\/acme\/[^/]+\/issues$/).reply((uri, body) => {
    const repo = repoOf(uri);
    const b = body as { title: string; body: string; labels: string[] };
    const issue: FakeOrgIssue = {
      repo,
      number: Math.max(99, ...issues.filter((i) => i.repo === repo).map((i) => i.number)) + 1,
      title: b.title,
      body: b.body,
      state: "open",
      labels: b.labels,
    };
    issues.push(issue);
    if (fail502 === repo) {
      fail502 = undefined;
      return [502, { message: "Bad Gateway" }];
    }
    return [
      201,
      {
        number: issue.number,
        html_url: `https://github.com/${owner}/${repo}/issues/${issue.number}`,
      },
    ];
  });
  scope.patch(/^\/repos\/acme\/[^/]+\/issues\/\d+$/).reply((uri, body) => {
    const issue = issues.find(
      (i) => i.repo === repoOf(uri) && i.number === Number(uri.split("/").pop()),
    );
    if (issue && (body as { state?: string }).state === "closed") issue.state = "closed";
    return [200, {}];
  });
  scope.post(/^\/repos\/acme\/[^/]+\/issues\/\d+\/comments$/).reply((uri, body) => {
    comments.push({
      repo: repoOf(uri),
      issue: Number(/issues\/(\d+)\//.exec(uri)?.[1]),
      body: (body as { body: string }).body,
    });
    return [201, { id: comments.length }];
  });
  const labelName = (uri: string) => decodeURIComponent(uri.split("/labels/")[1] ?? "");
  scope.get(/^\/repos\/acme\/[^/]+\/labels\/.+/).reply((uri) => {
    const label = labelsOf(repoOf(uri)).get(labelName(uri));
    return label
      ? [200, { name: labelName(uri), description: label.description }]
      : [404, { message: "Not Found" }];
  });
  scope.post(/^\/repos\/acme\/[^/]+\/labels$/).reply((uri, body) => {
    const b = body as { name: string; description?: string };
    const own = labelsOf(repoOf(uri));
    if (own.has(b.name))
      return [422, { message: "Validation Failed", errors: [{ code: "already_exists" }] }];
    own.set(b.name, { description: b.description ?? "" });
    return [201, { name: b.name }];
  });
  scope.patch(/^\/repos\/acme\/[^/]+\/labels\/.+/).reply((uri, body) => {
    const own = labelsOf(repoOf(uri));
    if (!own.has(labelName(uri))) return [404, { message: "Not Found" }];
    own.set(labelName(uri), { description: (body as { description?: string }).description ?? "" });
    return [200, { name: labelName(uri) }];
  });
  scope.delete(/^\/repos\/acme\/[^/]+\/labels\/.+/).reply((uri) => {
    labelsOf(repoOf(uri)).delete(labelName(uri));
    return [204];
  });
  scope.post("/graphql").reply((_uri, body) => {
    const { query, variables } = body as {
      query: string;
      variables?: { q?: string; name?: string };
    };
    graphqlQueries.push(query);
    if (query.includes("labels(first: 100, query: $q)")) {
      const q = (variables?.q ?? "").toLowerCase();
      const nodes = [...labelsOf(variables?.name ?? "")]
        .filter(([name, l]) => `${name} ${l.description}`.toLowerCase().includes(q))
        .map(([name, l]) => ({ name, description: l.description }));
      return [200, { data: { repository: { labels: { nodes } } } }];
    }
    const data = aliasedSearches(query, (q, line) =>
      (options.items ?? []).filter(matches(q)).map((i) => itemNode(i, line)),
    );
    for (const line of query.split("\n")) {
      const repository =
        /(\w+): repository\(owner: "([^"]+)", name: "([^"]+)"\) \{ url issues\(labels: (\[[^\]]*\]), first: (\d+)/.exec(
          line,
        );
      if (repository) {
        const [, alias, , name, wanted, first] = repository;
        const names = JSON.parse(wanted as string) as string[];
        data[alias as string] = {
          url: `https://github.com/${owner}/${name}`,
          issues: {
            nodes: issues
              .filter((i) => i.repo === name && i.labels.some((l) => names.includes(l)))
              .sort((a, b) => b.number - a.number)
              .slice(0, Number(first))
              .map((i) => ({
                number: i.number,
                title: i.title,
                url: `https://github.com/${owner}/${name}/issues/${i.number}`,
              })),
          },
        };
      }
    }
    return [200, { data }];
  });
  return {
    issues,
    labels: labelsOf,
    comments,
    graphqlQueries,
    requests,
    /** Issues of one repository with one label. */
    labelled: (repo: string, label: string) =>
      issues.filter((i) => i.repo === repo && i.labels.includes(label)),
  };
}
