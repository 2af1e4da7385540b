import { createHash } from "node:crypto";
import { CHECK_NAME } from "../../src/template-check/plan.js";
import { FakeGitHub, type FakeRequest } from "./fake-github.js";
import { aliasedSearches, type FakeItem, itemNode, labelSearch, matches } from "./fake-repo.js";
import { APP_ID, INSTALLATION_ID, OWNER, REPO } from "./github.js";

/** The app's account, as GitHub shows it on what the app writes. */
export const APP_LOGIN = "async-status[bot]";
const APP_USER = { login: APP_LOGIN, id: 9000, type: "Bot" };
const APP = { id: APP_ID, slug: "async-status", name: "async-status" };

/** An issue or pull request of the repository (the shape the search evaluator reads, and more). */
export interface Item extends FakeItem {
  title: string;
  body: string | null;
  login: string;
  type: "User" | "Bot";
  labels: string[];
  labelled: Array<{ label: string; at: string }>;
  updatedAt: string;
  /** Pull requests: the head commit. */
  headSha?: string;
  stateReason?: string | null;
  /** Written by this app. */
  app: boolean;
}

export interface Comment {
  id: number;
  issue: number;
  body: string;
  user: { login: string; id: number; type: string };
  performed_via_github_app: typeof APP | null;
  created_at: string;
  updated_at: string;
}

export interface CheckRun {
  id: number;
  name: string;
  head_sha: string;
  status: string;
  conclusion: string | null;
  output: { title?: string; summary?: string };
  app: number;
}

export interface Reaction {
  id: number;
  comment: number;
  content: string;
  user: string;
}

export interface RepoLabel {
  name: string;
  color: string;
  description: string;
}

/** GitHub's timestamps: whole seconds, UTC. */
export const stamp = (at: Date | number = Date.now()) =>
  new Date(at).toISOString().replace(/\.\d{3}Z$/, "Z");

const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();
const REST = "/api/v3";
const REPO_ROUTE = "/repos/([^/]+)/([^/?]+)";
type Answer = [number, unknown, Record<string, string>?];
/** Answers a route: `p` are its pattern's groups (after the repository's owner and name). */
type Handler = (p: string[], query: URLSearchParams, request: FakeRequest) => Answer;
const notFound = (): Answer => [404, { message: "Not Found" }];

/**
 * A stateful GitHub on loopback for one installation (Codertocat, a user account, id 2) with
 * one repository (Codertocat/Hello-World): issues and pull requests with bodies, labels and
 * labeled events; comments with authors, `performed_via_github_app` for the app's own, and
 * timestamps; reactions; check runs per head commit; repository labels; collaborator
 * permissions; files on the default branch (the config; 404 = none). It answers the REST calls
 * the app makes, the REST issue search and the GraphQL the summary, the template repair and
 * the claims' sweep send, by evaluating their qualifiers over the state (`matches`). Writes
 * change the state, so a second server really sees what the first one wrote. Every answer
 * takes 20–60 ms by default, so replicas racing on one item would show it. Every request is
 * recorded; `unmatched` holds those no route knew, and those the fake could not answer (an
 * unsupported search qualifier, an unknown GraphQL query).
 */
export class GitHubServer {
  readonly fake: FakeGitHub;
  readonly items = new Map<number, Item>();
  readonly comments: Comment[] = [];
  readonly reactions: Reaction[] = [];
  readonly checkRuns: CheckRun[] = [];
  /** Keyed by lowercased name. */
  readonly labels = new Map<string, RepoLabel>();
  /** Files on the default branch, by path. */
  readonly files = new Map<string, string>();
  /** Collaborator permissions by login; anyone else is not a collaborator (404). */
  readonly permissions = new Map<string, "admin" | "maintain" | "write" | "triage" | "read">();
  #ids = 5000;
  #base = "";

  constructor(options: { latencyMs?: readonly [number, number] } = {}) {
    this.fake = new FakeGitHub({ latencyMs: options.latencyMs ?? [20, 60] });
    this.#routes();
  }

  get requests(): FakeRequest[] {
    return this.fake.requests;
  }

  get unmatched(): FakeRequest[] {
    return this.fake.unmatched;
  }

  /** Start listening; returns GHE_HOST (`127.0.0.1:PORT`). */
  async start(): Promise<string> {
    const host = await this.fake.start();
    this.#base = `http://${host}${REST}`;
    return host;
  }

  stop(): Promise<void> {
    return this.fake.stop();
  }

  // --- Seeding -------------------------------------------------------------------------

  /** An issue or pull request; `number` defaults to the next free one. */
  addItem(init: Partial<Item> & Pick<Item, "kind" | "title">): Item {
    const now = stamp();
    const number = init.number ?? Math.max(0, ...this.items.keys()) + 1;
    const item: Item = {
      body: null,
      login: "octocat",
      type: "User",
      labels: [],
      labelled: [],
      createdAt: now,
      updatedAt: init.updatedAt ?? init.createdAt ?? now,
      draft: false,
      reviewed: false,
      app: false,
      ...init,
      number,
    };
    for (const label of item.labels) this.#ensureLabel(label);
    this.items.set(number, item);
    return item;
  }

  /** A comment on an item, by a person (or by the app, with `app`). */
  addComment(
    issue: number,
    init: { login?: string; body: string; app?: boolean; createdAt?: string },
  ): Comment {
    const at = init.createdAt ?? stamp();
    const comment: Comment = {
      id: ++this.#ids,
      issue,
      body: init.body,
      user: init.app
        ? APP_USER
        : { login: init.login ?? "octocat", id: 7000 + this.#ids, type: "User" },
      performed_via_github_app: init.app ? APP : null,
      created_at: at,
      updated_at: at,
    };
    this.comments.push(comment);
    this.#touch(issue, at);
    return comment;
  }

  /** A repository label. */
  addLabel(name: string, description = "", color = "ededed"): void {
    this.labels.set(name.toLowerCase(), { name, color, description });
  }

  // --- Reading the state ----------------------------------------------------------------

  /** The item's comments, oldest first. */
  commentsOn(issue: number): Comment[] {
    return this.comments.filter((c) => c.issue === issue);
  }

  /** The app's comments on an item whose body starts with `marker`. */
  ownComments(issue: number, marker: string): Comment[] {
    return this.commentsOn(issue).filter(
      (c) => c.performed_via_github_app?.id === APP_ID && c.body.startsWith(marker),
    );
  }

  item(number: number): Item {
    const item = this.items.get(number);
    if (!item) throw new Error(`no item #${number}`);
    return item;
  }

  /**
   * Requests that change something, from request `from` on: everything but reads (GETs, and
   * GraphQL, which the app only queries) and installation tokens.
   */
  writes(from = 0): FakeRequest[] {
    return this.requests
      .slice(from)
      .filter(
        (r) =>
          r.method !== "GET" && r.path !== "/api/graphql" && !r.path.endsWith("/access_tokens"),
      );
  }

  /** `METHOD /path` of requests from `from` on, REST's /api/v3 left out. */
  calls(from = 0, filter: (r: FakeRequest) => boolean = () => true): string[] {
    return this.requests
      .slice(from)
      .filter(filter)
      .map((r) => `${r.method} ${r.path.replace(REST, "")}`);
  }

  /**
   * Resolves once no request has arrived for `quietMs` (the servers are done), or rejects
   * after `timeoutMs`.
   */
  async quiet(quietMs = 500, timeoutMs = 20_000): Promise<void> {
    const start = Date.now();
    for (;;) {
      const last = this.requests.at(-1)?.at ?? 0;
      const idle = Date.now() - Math.max(last, start);
      if (idle >= quietMs) return;
      if (Date.now() - start > timeoutMs)
        throw new Error(`GitHub not quiet after ${timeoutMs} ms: ${this.calls().slice(-5)}`);
      await new Promise((resolve) => setTimeout(resolve, Math.min(100, quietMs - idle)));
    }
  }

  // --- The API --------------------------------------------------------------------------

  #touch(number: number, at = stamp()): void {
    const item = this.items.get(number);
    if (item) item.updatedAt = at;
  }

  #ensureLabel(name: string): RepoLabel {
    const key = name.toLowerCase();
    const found = this.labels.get(key);
    if (found) return found;
    const label = { name, color: "ededed", description: "" };
    this.labels.set(key, label);
    return label;
  }

  #labelJson(name: string) {
    const label = this.labels.get(name.toLowerCase()) ?? { name, color: "ededed", description: "" };
    return { id: 100, name: label.name, color: label.color, description: label.description };
  }

  #repoJson() {
    return {
      id: 1296269,
      name: REPO,
      full_name: `${OWNER}/${REPO}`,
      owner: { login: OWNER, type: "User" },
      private: false,
      archived: false,
      has_issues: true,
      default_branch: "main",
    };
  }

  #issueJson(item: Item) {
    const web = `https://github.com/${OWNER}/${REPO}/${item.kind === "pr" ? "pull" : "issues"}/${item.number}`;
    return {
      id: 10_000 + item.number,
      number: item.number,
      title: item.title,
      body: item.body,
      state: item.closedAt || item.mergedAt ? "closed" : "open",
      state_reason: item.stateReason ?? null,
      labels: item.labels.map((name) => this.#labelJson(name)),
      user: { login: item.login, id: 7000, type: item.type },
      created_at: item.createdAt,
      updated_at: item.updatedAt,
      closed_at: item.closedAt ?? item.mergedAt ?? null,
      comments: this.commentsOn(item.number).length,
      html_url: web,
      url: `${this.#base}/repos/${OWNER}/${REPO}/issues/${item.number}`,
      repository_url: `${this.#base}/repos/${OWNER}/${REPO}`,
      performed_via_github_app: item.app ? APP : null,
      ...(item.kind === "pr"
        ? { pull_request: { url: web, merged_at: item.mergedAt ?? null }, draft: item.draft }
        : {}),
    };
  }

  #pullJson(item: Item) {
    return {
      ...this.#issueJson(item),
      draft: item.draft === true,
      merged_at: item.mergedAt ?? null,
      head: { sha: item.headSha, ref: "changes" },
      base: { ref: "main", sha: "0000000000000000000000000000000000000000" },
    };
  }

  #commentJson(c: Comment) {
    return {
      ...c,
      html_url: `https://github.com/${OWNER}/${REPO}/issues/${c.issue}#issuecomment-${c.id}`,
    };
  }

  /** One page of `list`, with GitHub's Link header when there are more. */
  #page<T>(request: FakeRequest, query: URLSearchParams, list: T[]): Answer {
    const perPage = Number(query.get("per_page") ?? 30);
    const page = Number(query.get("page") ?? 1);
    const slice = list.slice((page - 1) * perPage, page * perPage);
    if (page * perPage >= list.length) return [200, slice];
    const next = new URL(request.url, this.#base);
    next.searchParams.set("page", String(page + 1));
    return [
      200,
      slice,
      { link: `<${this.#base.replace(REST, "")}${next.pathname}${next.search}>; rel="next"` },
    ];
  }

  /** The search evaluator's view of an item, with its comments. */
  #searchable(item: Item): Item {
    return { ...item, comments: this.commentsOn(item.number).map((c) => c.body) };
  }

  #search(q: string): Item[] {
    const match = matches(q);
    return [...this.items.values()]
      .map((i) => this.#searchable(i))
      .filter(match)
      .sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));
  }

  /** Tree ids of `.github` and the root: they change with the files under them. */
  #tree(prefix: string): string {
    const hash = createHash("sha1");
    for (const [path, text] of [...this.files].sort())
      if (path.startsWith(prefix)) hash.update(`${path}\0${text}\0`);
    return hash.digest("hex");
  }

  /** A hit of the template repair's search, with the head commit's check run (this app's). */
  #repairNode(item: Item) {
    const base = {
      __typename: item.kind === "pr" ? "PullRequest" : "Issue",
      number: item.number,
      updatedAt: item.updatedAt,
      body: item.body,
      author: {
        login: item.type === "Bot" ? item.login.replace(/\[bot\]$/, "") : item.login,
        __typename: item.type,
      },
      labels: { nodes: item.labels.map((name) => ({ name })) },
    };
    if (item.kind !== "pr") return base;
    const runs = this.checkRuns.filter(
      (r) => r.head_sha === item.headSha && r.app === APP_ID && r.name === CHECK_NAME,
    );
    const last = runs.at(-1);
    return {
      ...base,
      isDraft: item.draft === true,
      headRefOid: item.headSha,
      commits: {
        nodes: [
          {
            commit: {
              oid: item.headSha,
              checkSuites: {
                nodes: last
                  ? [
                      {
                        app: { databaseId: APP_ID },
                        checkRuns: { nodes: [{ conclusion: last.conclusion?.toUpperCase() }] },
                      },
                    ]
                  : [],
              },
            },
          },
        ],
      },
    };
  }

  #graphql(request: FakeRequest): Answer {
    const { query, variables } = request.body as {
      query: string;
      variables?: { q?: string; after?: string | null };
    };
    if (query.includes("labels(first: 100, query: $q)"))
      return [200, labelSearch([...this.labels.values()], variables?.q ?? "")];
    if (query.includes("search(query: $q")) {
      const found = this.#search(variables?.q ?? "");
      const offset = Number(variables?.after ?? 0);
      const nodes = found.slice(offset, offset + 100).map((i) => this.#repairNode(i));
      return [
        200,
        {
          data: {
            search: {
              issueCount: found.length,
              pageInfo: {
                hasNextPage: offset + nodes.length < found.length,
                endCursor: String(offset + nodes.length),
              },
              nodes,
            },
            repository: {
              github: { oid: this.#tree(".github/") },
              root: { oid: this.#tree("") },
            },
          },
        },
      ];
    }
    const data = aliasedSearches(query, (q, line) => this.#search(q).map((i) => itemNode(i, line)));
    if (Object.keys(data).length === 0) throw new Error(`unexpected GraphQL query: ${query}`);
    return [200, { data }];
  }

  #contents(path: string, request: FakeRequest): Answer {
    const text = this.files.get(path);
    const raw = String(request.headers.accept ?? "").includes("raw");
    if (text !== undefined) {
      if (raw) return [200, text, { "content-type": "application/vnd.github.raw; charset=utf-8" }];
      const name = path.split("/").at(-1);
      const content = Buffer.from(text).toString("base64");
      return [200, { type: "file", name, path, encoding: "base64", content }];
    }
    const prefix = path === "" ? "" : `${path}/`;
    const entries = new Map<string, { name: string; path: string; type: string }>();
    for (const file of this.files.keys()) {
      if (!file.startsWith(prefix)) continue;
      const [name = "", ...rest] = file.slice(prefix.length).split("/");
      entries.set(name, { name, path: `${prefix}${name}`, type: rest.length > 0 ? "dir" : "file" });
    }
    if (entries.size === 0) return notFound();
    return [200, [...entries.values()]];
  }

  #addLabels(item: Item, names: readonly string[]): void {
    const at = stamp();
    for (const name of names) {
      const label = this.#ensureLabel(name);
      if (item.labels.some((l) => same(l, name))) continue;
      item.labels.push(label.name);
      item.labelled.push({ label: label.name, at });
    }
    item.updatedAt = at;
  }

  #routes(): void {
    const on = (method: string, pattern: string, handler: Handler) => {
      const path = new RegExp(`^${REST}${pattern}(\\?.*)?$`);
      this.fake.respond(method, path, (request) => {
        const groups = (path.exec(request.path) ?? []).slice(1).map((g) => g ?? "");
        const query = new URL(request.url, "http://github.test").searchParams;
        return handler(groups, query, request);
      });
    };
    /** A route of Codertocat/Hello-World; any other repository has nothing (404). */
    const repo = (method: string, pattern: string, handler: Handler) =>
      on(method, `${REPO_ROUTE}${pattern}`, ([owner = "", name = "", ...p], query, request) =>
        same(owner, OWNER) && same(name, REPO) ? handler(p, query, request) : notFound(),
      );
    const itemOf = (p: string[]) => this.items.get(Number(p[0]));
    const labelOf = (p: string[]) => this.labels.get((p[0] ?? "").toLowerCase());

    // The app and its installation.
    on("GET", "/app", () => [200, APP]);
    on("GET", "/app/installations", () => [
      200,
      [
        {
          id: INSTALLATION_ID,
          account: { login: OWNER, type: "User" },
          target_type: "User",
          suspended_at: null,
        },
      ],
    ]);
    on("POST", `/app/installations/${INSTALLATION_ID}/access_tokens`, () => [
      201,
      {
        token: "ghs_test",
        expires_at: "2099-01-01T00:00:00Z",
        permissions: { checks: "write", issues: "write", pull_requests: "write", contents: "read" },
        repository_selection: "all",
      },
    ]);
    on("GET", "/installation/repositories", () => [
      200,
      { total_count: 1, repositories: [this.#repoJson()] },
    ]);
    on("GET", "/search/issues", (_m, query, request) => {
      const found = this.#search(query.get("q") ?? "").map((i) => ({
        ...this.#issueJson(i),
        score: 1,
      }));
      const [status, items, headers] = this.#page(request, query, found);
      return [status, { total_count: found.length, incomplete_results: false, items }, headers];
    });
    // The account's teams: a user account has none.
    on("GET", "/orgs/([^/]+)/teams/([^/]+)/members", notFound);
    this.fake.respond("POST", /^\/api\/graphql$/, (request) => this.#graphql(request));

    repo("GET", "", () => [200, this.#repoJson()]);
    repo("GET", "/contents/?([^?]*)", (p, _q, request) => this.#contents(p[0] ?? "", request));
    repo("GET", "/collaborators/([^/]+)/permission", (p) => {
      const login = p[0] ?? "";
      const role = [...this.permissions].find(([l]) => same(l, login))?.[1];
      if (!role) return notFound();
      const permission = role === "maintain" ? "write" : role === "triage" ? "read" : role;
      return [200, { permission, role_name: role, user: { login } }];
    });

    // Issues and pull requests.
    repo("GET", "/pulls/(\\d+)", (p) => {
      const item = itemOf(p);
      return item?.kind === "pr" ? [200, this.#pullJson(item)] : notFound();
    });
    repo("GET", "/issues/(\\d+)", (p) => {
      const item = itemOf(p);
      return item ? [200, this.#issueJson(item)] : notFound();
    });
    repo("PATCH", "/issues/(\\d+)", (p, _q, request) => {
      const item = itemOf(p);
      if (!item) return notFound();
      const b = request.body as {
        body?: string;
        title?: string;
        state?: string;
        state_reason?: string;
      };
      const at = stamp();
      if (b.body !== undefined) item.body = b.body;
      if (b.title !== undefined) item.title = b.title;
      if (b.state === "closed" && !item.closedAt) item.closedAt = at;
      if (b.state === "open") delete item.closedAt;
      if (b.state_reason !== undefined) item.stateReason = b.state_reason;
      item.updatedAt = at;
      return [200, this.#issueJson(item)];
    });
    repo("GET", "/issues", (_m, query, request) => {
      const wanted = (query.get("labels") ?? "").split(",").filter(Boolean);
      const state = query.get("state") ?? "open";
      const key = query.get("sort") === "updated" ? "updatedAt" : "createdAt";
      const asc = query.get("direction") === "asc";
      const found = [...this.items.values()]
        .filter((i) => wanted.every((w) => i.labels.some((l) => same(l, w))))
        .filter((i) => state === "all" || (state === "open") === !(i.closedAt || i.mergedAt))
        .sort((a, b) => (asc ? 1 : -1) * (a[key].localeCompare(b[key]) || a.number - b.number))
        .map((i) => this.#issueJson(i));
      return this.#page(request, query, found);
    });
    repo("POST", "/issues", (_m, _q, request) => {
      const b = request.body as { title: string; body?: string; labels?: string[] };
      const item = this.addItem({ kind: "issue", title: b.title, body: b.body ?? null, app: true });
      item.login = APP_LOGIN;
      item.type = "Bot";
      this.#addLabels(item, b.labels ?? []);
      return [201, this.#issueJson(item)];
    });

    // Comments and reactions.
    repo("GET", "/issues/(\\d+)/comments", (p, query, request) => {
      if (!itemOf(p)) return notFound();
      const list = this.commentsOn(Number(p[0])).map((c) => this.#commentJson(c));
      return this.#page(request, query, list);
    });
    repo("POST", "/issues/(\\d+)/comments", (p, _q, request) => {
      if (!itemOf(p)) return notFound();
      const comment = this.addComment(Number(p[0]), {
        body: (request.body as { body: string }).body,
        app: true,
      });
      return [201, this.#commentJson(comment)];
    });
    repo("PATCH", "/issues/comments/(\\d+)", (p, _q, request) => {
      const comment = this.comments.find((c) => c.id === Number(p[0]));
      if (!comment) return notFound();
      comment.body = (request.body as { body: string }).body;
      comment.updated_at = stamp();
      return [200, this.#commentJson(comment)];
    });
    repo("DELETE", "/issues/comments/(\\d+)", (p) => {
      const index = this.comments.findIndex((c) => c.id === Number(p[0]));
      if (index === -1) return notFound();
      this.comments.splice(index, 1);
      return [204, undefined];
    });
    repo("POST", "/issues/comments/(\\d+)/reactions", (p, _q, request) => {
      const comment = Number(p[0]);
      if (!this.comments.some((c) => c.id === comment)) return notFound();
      const { content } = request.body as { content: string };
      const found = this.reactions.find(
        (r) => r.comment === comment && r.content === content && r.user === APP_LOGIN,
      );
      if (found) return [200, { id: found.id, content, user: APP_USER }];
      const reaction = { id: ++this.#ids, comment, content, user: APP_LOGIN };
      this.reactions.push(reaction);
      return [201, { id: reaction.id, content, user: APP_USER }];
    });

    // Labels of items, and of the repository.
    repo("POST", "/issues/(\\d+)/labels", (p, _q, request) => {
      const item = itemOf(p);
      if (!item) return notFound();
      this.#addLabels(item, (request.body as { labels: string[] }).labels);
      return [200, item.labels.map((name) => this.#labelJson(name))];
    });
    repo("DELETE", "/issues/(\\d+)/labels/([^?]+)", (p) => {
      const item = itemOf(p);
      const name = p[1] ?? "";
      if (!item?.labels.some((l) => same(l, name)))
        return [404, { message: "Label does not exist" }];
      item.labels = item.labels.filter((l) => !same(l, name));
      item.updatedAt = stamp();
      return [200, item.labels.map((l) => this.#labelJson(l))];
    });
    repo("GET", "/labels/([^?]+)", (p) => {
      const label = labelOf(p);
      return label ? [200, label] : notFound();
    });
    repo("POST", "/labels", (_m, _q, request) => {
      const b = request.body as { name: string; color?: string; description?: string };
      if (this.labels.has(b.name.toLowerCase()))
        return [422, { message: "Validation Failed", errors: [{ code: "already_exists" }] }];
      this.addLabel(b.name, b.description ?? "", b.color ?? "ededed");
      return [201, this.labels.get(b.name.toLowerCase())];
    });
    repo("PATCH", "/labels/([^?]+)", (p, _q, request) => {
      const label = labelOf(p);
      if (!label) return notFound();
      const b = request.body as { new_name?: string; color?: string; description?: string };
      if (b.color !== undefined) label.color = b.color;
      if (b.description !== undefined) label.description = b.description;
      return [200, label];
    });
    repo("DELETE", "/labels/([^?]+)", (p) => {
      const label = labelOf(p);
      if (!label) return notFound();
      this.labels.delete(label.name.toLowerCase());
      for (const item of this.items.values())
        item.labels = item.labels.filter((l) => !same(l, label.name));
      return [204, undefined];
    });

    // Check runs.
    repo("POST", "/check-runs", (_m, _q, request) => {
      const b = request.body as Omit<CheckRun, "id" | "app">;
      const run: CheckRun = {
        id: ++this.#ids,
        name: b.name,
        head_sha: b.head_sha,
        status: b.status,
        conclusion: b.conclusion ?? null,
        output: b.output ?? {},
        app: APP_ID,
      };
      this.checkRuns.push(run);
      return [201, run];
    });
  }
}
