import nock from "nock";
import type { Temporal } from "temporal-polyfill";
import { agendaJob } from "../../src/agenda/job.js";
import type { Job } from "../../src/job.js";
import type { TickState } from "../../src/tick.js";
import { API, APP_ID } from "./github.js";
import { tickJobs } from "./probot.js";

/*
 * A stateful GitHub for the sync agenda, served by nock: one installation (Codertocat), its
 * repositories, their configs, issues, comments, labels, permissions, and the issue search,
 * which evaluates the qualifiers the app sends over the issues. Writes change the state, so a
 * tick after a command (delivered through the real handler) sees what the command wrote.
 */

export interface SyncIssue {
  repo: string;
  number: number;
  title: string;
  body: string;
  state: "open" | "closed";
  labels: string[];
  /** Written by the app (its agenda issues). */
  app: boolean;
}

export interface SyncComment {
  id: number;
  repo: string;
  issue: number;
  body: string;
  login: string;
  app: boolean;
  createdAt: string;
}

const OWNER = "Codertocat";
const htmlUrl = (repo: string, number: number) =>
  `https://github.com/${OWNER}/${repo}/issues/${number}`;

export function fakeSync(options: {
  /** Repository name → its `.github/async-status.yml` (absent: none). */
  configs: Record<string, string>;
  /** Repositories of the installation; default: those with a config. */
  repos?: string[];
  /** `Organization` for an organisation's installation. */
  targetType?: "User" | "Organization";
  permissions?: Record<string, string>;
}) {
  const repos = options.repos ?? Object.keys(options.configs);
  const issues: SyncIssue[] = [];
  const comments: SyncComment[] = [];
  const labels = new Map<string, Map<string, string>>(repos.map((r) => [r, new Map()]));
  const requests: string[] = [];
  const searches: string[] = [];
  let nextComment = 5000;
  const scope = nock(API).persist();
  scope.on("request", (req: { method: string; path: string }) => {
    requests.push(`${req.method} ${decodeURIComponent(req.path.split("?")[0] ?? "")}`);
  });
  const repoOf = (uri: string) => /\/repos\/[^/]+\/([^/]+)/.exec(uri)?.[1] ?? "";
  const issueOf = (repo: string, n: number) =>
    issues.find((i) => i.repo === repo && i.number === n);
  const issueJson = (i: SyncIssue) => ({
    number: i.number,
    title: i.title,
    body: i.body,
    state: i.state,
    html_url: htmlUrl(i.repo, i.number),
    repository_url: `${API}/repos/${OWNER}/${i.repo}`,
    labels: i.labels.map((name) => ({ name })),
    user: { login: i.app ? "async-status[bot]" : "octocat", type: i.app ? "Bot" : "User" },
    performed_via_github_app: i.app ? { id: APP_ID } : null,
  });
  const commentJson = (c: SyncComment) => ({
    id: c.id,
    body: c.body,
    html_url: `${htmlUrl(c.repo, c.issue)}#issuecomment-${c.id}`,
    created_at: c.createdAt,
    updated_at: c.createdAt,
    user: { login: c.app ? "async-status[bot]" : c.login, type: c.app ? "Bot" : "User" },
    performed_via_github_app: c.app ? { id: APP_ID } : null,
  });

  scope
    .get("/app/installations")
    .query(true)
    .reply(200, [{ id: 2, account: { login: OWNER }, target_type: options.targetType ?? "User" }]);
  scope
    .post("/app/installations/2/access_tokens")
    .reply(201, { token: "ghs_test", expires_at: "2099-01-01T00:00:00Z" });
  scope
    .get("/installation/repositories")
    .query(true)
    .reply(200, {
      total_count: repos.length,
      repositories: repos.map((name) => ({
        full_name: `${OWNER}/${name}`,
        name,
        owner: { login: OWNER },
        has_issues: true,
      })),
    });
  scope.get(/\/repos\/[^/]+\/[^/]+\/contents\/\.github(%2F|\/)async-status\.yml/).reply((uri) => {
    const yaml = options.configs[repoOf(uri)];
    return yaml === undefined
      ? [404, { message: "Not Found" }]
      : [200, yaml, { "content-type": "application/vnd.github.raw; charset=utf-8" }];
  });
  scope
    .get("/search/issues")
    .query(true)
    .reply((uri) => {
      const q = new URL(uri, API).searchParams.get("q") ?? "";
      searches.push(q);
      const items = issues.filter(matches(q)).map(issueJson);
      return [200, { total_count: items.length, incomplete_results: false, items }];
    });
  scope
    .get(/\/repos\/[^/]+\/[^/]+\/issues$/)
    .query(true)
    .reply((uri) => {
      const params = new URL(uri, API).searchParams;
      const label = params.get("labels");
      const found = issues
        .filter((i) => i.repo === repoOf(uri) && (!label || i.labels.includes(label)))
        .sort((a, b) => b.number - a.number)
        .slice(0, Number(params.get("per_page") ?? 30));
      return [200, found.map(issueJson)];
    });
  scope.post(/\/repos\/[^/]+\/[^/]+\/issues$/).reply((uri, body) => {
    const b = body as { title: string; body: string; labels: string[] };
    const repo = repoOf(uri);
    const issue: SyncIssue = {
      repo,
      number: 100 + issues.filter((i) => i.repo === repo).length,
      title: b.title,
      body: b.body,
      state: "open",
      labels: b.labels,
      app: true,
    };
    issues.push(issue);
    return [201, issueJson(issue)];
  });
  scope.get(/\/repos\/[^/]+\/[^/]+\/issues\/\d+$/).reply((uri) => {
    const issue = issueOf(repoOf(uri), Number(uri.split("/").pop()));
    return issue ? [200, issueJson(issue)] : [404, { message: "Not Found" }];
  });
  scope.patch(/\/repos\/[^/]+\/[^/]+\/issues\/\d+$/).reply((uri, body) => {
    const issue = issueOf(repoOf(uri), Number(uri.split("/").pop()));
    if (!issue) return [404, { message: "Not Found" }];
    const b = body as { body?: string; state?: "open" | "closed" };
    if (b.body !== undefined) issue.body = b.body;
    if (b.state) issue.state = b.state;
    return [200, issueJson(issue)];
  });
  scope
    .get(/\/repos\/[^/]+\/[^/]+\/issues\/\d+\/comments/)
    .query(true)
    .reply((uri) => {
      const n = Number(/issues\/(\d+)\/comments/.exec(uri)?.[1]);
      return [
        200,
        comments.filter((c) => c.repo === repoOf(uri) && c.issue === n).map(commentJson),
      ];
    });
  scope.post(/\/repos\/[^/]+\/[^/]+\/issues\/\d+\/comments$/).reply((uri, body) => {
    const comment: SyncComment = {
      id: nextComment++,
      repo: repoOf(uri),
      issue: Number(/issues\/(\d+)\/comments/.exec(uri)?.[1]),
      body: (body as { body: string }).body,
      login: "async-status[bot]",
      app: true,
      createdAt: "2026-12-01T00:00:00Z",
    };
    comments.push(comment);
    return [201, commentJson(comment)];
  });
  scope.patch(/\/repos\/[^/]+\/[^/]+\/issues\/comments\/\d+$/).reply((uri, body) => {
    const comment = comments.find((c) => c.id === Number(uri.split("/").pop()));
    if (!comment) return [404, { message: "Not Found" }];
    comment.body = (body as { body: string }).body;
    return [200, commentJson(comment)];
  });
  scope.post(/\/repos\/[^/]+\/[^/]+\/issues\/comments\/\d+\/reactions$/).reply(201, { id: 1 });
  scope.get(/\/repos\/[^/]+\/[^/]+\/collaborators\/[^/]+\/permission$/).reply((uri) => {
    const login = /collaborators\/([^/]+)\//.exec(uri)?.[1] ?? "";
    const permission = options.permissions?.[login];
    return permission
      ? [200, { permission, role_name: permission, user: { login } }]
      : [404, { message: "Not Found" }];
  });
  scope
    .get(/\/orgs\/.+\/members/)
    .query(true)
    .reply(404, { message: "Not Found" });
  const repoLabels = (uri: string) => labels.get(repoOf(uri)) ?? new Map<string, string>();
  const labelName = (uri: string) =>
    decodeURIComponent(uri.split("/labels/")[1]?.split("?")[0] ?? "");
  scope.get(/\/repos\/[^/]+\/[^/]+\/labels\/.+/).reply((uri) => {
    const description = repoLabels(uri).get(labelName(uri));
    return description === undefined
      ? [404, { message: "Not Found" }]
      : [200, { name: labelName(uri), description }];
  });
  scope.post(/\/repos\/[^/]+\/[^/]+\/labels$/).reply((uri, body) => {
    const b = body as { name: string; description?: string };
    if (repoLabels(uri).has(b.name)) return [422, { message: "Validation Failed" }];
    repoLabels(uri).set(b.name, b.description ?? "");
    return [201, { name: b.name }];
  });
  scope.delete(/\/repos\/[^/]+\/[^/]+\/labels\/.+/).reply((uri) => {
    repoLabels(uri).delete(labelName(uri));
    return [204];
  });
  scope.post(/\/repos\/[^/]+\/[^/]+\/issues\/\d+\/labels$/).reply((uri, body) => {
    const issue = issueOf(repoOf(uri), Number(/issues\/(\d+)\//.exec(uri)?.[1]));
    for (const name of (body as { labels: string[] }).labels)
      if (issue && !issue.labels.includes(name)) issue.labels.push(name);
    return [200, []];
  });
  scope.delete(/\/repos\/[^/]+\/[^/]+\/issues\/\d+\/labels\/.+/).reply((uri) => {
    const issue = issueOf(repoOf(uri), Number(/issues\/(\d+)\//.exec(uri)?.[1]));
    const name = labelName(uri);
    if (!issue?.labels.includes(name)) return [404, { message: "Label does not exist" }];
    issue.labels = issue.labels.filter((l) => l !== name);
    return [200, []];
  });
  scope.post("/graphql").reply((_uri, body) => {
    const { variables } = body as { variables?: { name?: string; q?: string } };
    const q = (variables?.q ?? "").toLowerCase();
    const nodes = [...(labels.get(variables?.name ?? "") ?? new Map<string, string>())]
      .filter(([name, description]) => `${name} ${description}`.toLowerCase().includes(q))
      .map(([name, description]) => ({ name, description }));
    return [200, { data: { repository: { labels: { nodes } } } }];
  });

  return {
    issues,
    comments,
    labels,
    requests,
    searches,
    /** An issue of a repository (not the app's). */
    addIssue(repo: string, number: number, fields: Partial<SyncIssue> = {}) {
      const issue: SyncIssue = {
        repo,
        number,
        title: `Item ${number}`,
        body: "Body.",
        state: "open",
        labels: [],
        app: false,
        ...fields,
      };
      issues.push(issue);
      return issue;
    },
    /** A comment of the app (status, flag, blocked note), or a person's. */
    addComment(repo: string, issue: number, body: string, login = "async-status[bot]") {
      const comment: SyncComment = {
        id: nextComment++,
        repo,
        issue,
        body,
        login,
        app: login === "async-status[bot]",
        createdAt: "2026-11-20T10:00:00Z",
      };
      comments.push(comment);
      return comment;
    },
    /** The app's agenda issues of a repository, oldest first. */
    agendas: (repo = "Hello-World") =>
      issues.filter((i) => i.repo === repo && i.body.startsWith("<!-- async-status:agenda ")),
    /** Comments written on `repo` since the test began by the app (not added by the test). */
    writtenComments: () => requests.filter((r) => r.startsWith("POST") && r.endsWith("/comments")),
  };
}

/** GitHub's issue search, for the qualifiers the app sends; any other one fails the test. */
function matches(query: string): (issue: SyncIssue) => boolean {
  if (query.includes("in:comments")) return () => false;
  const terms = [
    ...query.matchAll(/(-?)(\w+):((?:"[^"]*"|[^\s,"]+)(?:,(?:"[^"]*"|[^\s,"]+))*)/g),
  ].map((m) => ({ not: m[1] === "-", key: m[2] as string, value: m[3] as string }));
  return (issue) =>
    terms.every(({ not, key, value }) => {
      let hit: boolean;
      if (key === "repo") hit = value.toLowerCase() === `${OWNER}/${issue.repo}`.toLowerCase();
      else if (key === "org" || key === "user") hit = value.toLowerCase() === OWNER.toLowerCase();
      else if (key === "is") hit = value === "open" ? issue.state === "open" : value === "issue";
      else if (key === "archived") hit = value === "false";
      else if (key === "label")
        hit = value
          .split(",")
          .map((v) => v.replace(/^"|"$/g, "").toLowerCase())
          .some((v) => issue.labels.map((l) => l.toLowerCase()).includes(v));
      else throw new Error(`fake search: unsupported qualifier ${key}:${value}`);
      return not ? !hit : hit;
    });
}

/** One tick of the agenda job (or `jobs`) at `now`, as the server or cron runs it. */
export const syncTick = (
  now: Temporal.Instant,
  extra: {
    jobs?: readonly Job[];
    state?: TickState;
    dryRun?: boolean;
    print?: (l: string) => void;
  } = {},
) => {
  const { jobs, ...options } = extra;
  return tickJobs(jobs ?? [agendaJob], now, options);
};
