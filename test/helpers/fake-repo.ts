import nock from "nock";
import { API, APP_ID } from "./github.js";

export interface FakeIssue {
  number: number;
  title: string;
  body: string;
  state: "open" | "closed";
  labels: string[];
  app: boolean;
}

/**
 * A stateful GitHub for one repository (Codertocat/Hello-World), served by nock: issues,
 * labels, comments, config and a GraphQL search that answers from `activity`. Writes change
 * the state, so running a tick twice really sees the first run's effects.
 */
export function fakeRepo(options: {
  config: string;
  search?: (query: string) => Array<Record<string, unknown>>;
}) {
  const issues: FakeIssue[] = [];
  const labels = new Map<string, { description: string }>();
  const comments: Array<{ issue: number; body: string }> = [];
  const graphqlQueries: string[] = [];
  const scope = nock(API).persist();
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
    const query = (body as { query: string }).query;
    graphqlQueries.push(query);
    const data: Record<string, unknown> = {};
    for (const match of query.matchAll(
      /(\w+): search\(query: ("(?:[^"\\]|\\.)*"), type: ISSUE, first: (\d+)/g,
    )) {
      const nodes =
        Number(match[3]) === 0
          ? []
          : (options.search?.(JSON.parse(match[2] as string) as string) ?? []);
      data[match[1] as string] = {
        issueCount: nodes.length,
        pageInfo: { hasNextPage: false, endCursor: null },
        nodes,
      };
    }
    return [200, { data }];
  });
  return {
    issues,
    labels,
    comments,
    graphqlQueries,
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
