import nock from "nock";

export const API = "https://api.github.com";
export const OWNER = "Codertocat";
export const REPO = "Hello-World";
export const REPO_PATH = `/repos/${OWNER}/${REPO}`;
export const APP_ID = 123;
export const INSTALLATION_ID = 2;

export interface RecordedRequest {
  method: string;
  path: string;
  body: unknown;
}

interface CommentFixture {
  id: number;
  body: string;
  user?: { login: string; type: string };
  performed_via_github_app?: { id: number } | null;
}

/** The app's own marked comment, as GitHub returns it. */
export function ownComment(id: number, body: string): CommentFixture {
  return {
    id,
    body,
    user: { login: "async-status[bot]", type: "Bot" },
    performed_via_github_app: { id: APP_ID },
  };
}

const encode = (s: string) => encodeURIComponent(s);

/**
 * Intent-named nock helpers for the GitHub REST and GraphQL API. Every request that reaches
 * the scope is recorded with its body, so tests assert exactly what was sent, in order.
 */
export function githubMock(base = API) {
  const scope = nock(base);
  const requests: RecordedRequest[] = [];
  scope.on(
    "request",
    (req: { method: string; path: string }, _interceptor: unknown, body: string) => {
      let parsed: unknown = body;
      try {
        parsed = body ? JSON.parse(body) : undefined;
      } catch {
        /* keep raw */
      }
      requests.push({
        method: req.method,
        path: decodeURIComponent(req.path.replace(/^\/api\/v3/, "")),
        body: parsed,
      });
    },
  );
  const p = base.endsWith("/api/v3") ? "/api/v3" : "";

  const mock = {
    scope,
    requests,
    /** "METHOD /path" of every request, in order. */
    calls: () => requests.map((r) => `${r.method} ${r.path}`),
    body: (method: string, pathPrefix: string) =>
      requests.find((r) => r.method === method && r.path.startsWith(pathPrefix))?.body,
    token() {
      scope.post(`${p}/app/installations/${INSTALLATION_ID}/access_tokens`).reply(201, {
        token: "ghs_test",
        expires_at: "2099-01-01T00:00:00Z",
        permissions: {
          checks: "write",
          issues: "write",
          pull_requests: "write",
          contents: "read",
          metadata: "read",
        },
        repository_selection: "all",
      });
      return mock;
    },
    /** `.github/async-status.yml`: YAML text, or `null` for "no file here or in the org's .github repo". */
    config(yaml: string | null) {
      const path = new RegExp(
        `^${p}/repos/${OWNER}/${REPO}/contents/\\.github(%2F|/)async-status\\.yml`,
      );
      if (yaml === null) {
        scope.get(path).reply(404, { message: "Not Found" });
        scope
          .get(
            new RegExp(
              `^${p}/repos/${OWNER}/\\.github/contents/\\.github(%2F|/)async-status\\.yml`,
            ),
          )
          .reply(404, { message: "Not Found" });
      } else {
        scope
          .get(path)
          .reply(200, yaml, { "content-type": "application/vnd.github.raw; charset=utf-8" });
      }
      return mock;
    },
    /** The template lookup finds no PR/issue template (`.github/`, root and `docs/` listed). */
    noTemplates() {
      scope.get(`${p}${REPO_PATH}/contents/.github`).reply(404, { message: "Not Found" });
      scope
        .get(`${p}${REPO_PATH}/contents`)
        .reply(200, [{ name: "README.md", path: "README.md", type: "file" }]);
      scope.get(`${p}${REPO_PATH}/contents/docs`).reply(404, { message: "Not Found" });
      return mock;
    },
    /** The repo has `.github/<name>` with this text. */
    template(name: string, text: string) {
      scope
        .get(`${p}${REPO_PATH}/contents/.github`)
        .reply(200, [{ name, path: `.github/${name}`, type: "file" }]);
      scope
        .get(`${p}${REPO_PATH}/contents/.github%2F${encodeURIComponent(name)}`)
        .reply(200, text, { "content-type": "text/plain" });
      return mock;
    },
    /** The collaborator permission API: a permission, or 404 (not a collaborator). */
    permission(login: string, permission: string | null) {
      const route = scope.get(`${p}${REPO_PATH}/collaborators/${login}/permission`);
      if (permission === null) route.reply(404, { message: "Not Found" });
      else
        route.reply(200, {
          permission:
            permission === "maintain" ? "write" : permission === "triage" ? "read" : permission,
          role_name: permission,
          user: { login },
        });
      return mock;
    },
    getIssue(issue: number, fields: { body?: string | null; labels?: string[] } = {}) {
      scope.get(`${p}${REPO_PATH}/issues/${issue}`).reply(200, {
        number: issue,
        body: fields.body ?? "Body.",
        labels: (fields.labels ?? []).map((name) => ({ name })),
        state: "open",
      });
      return mock;
    },
    updateIssue(issue: number) {
      scope.patch(`${p}${REPO_PATH}/issues/${issue}`).reply(200, { number: issue });
      return mock;
    },
    /** Issues carrying a label (used to delete labels nobody uses). */
    issuesWithLabel(label: string, count: number) {
      scope
        .get(`${p}${REPO_PATH}/issues`)
        .query({ labels: label, state: "all", per_page: "1" })
        .reply(
          200,
          Array.from({ length: count }, (_, i) => ({ number: i + 1 })),
        );
      return mock;
    },
    deleteLabel(name: string) {
      scope.delete(`${p}${REPO_PATH}/labels/${encode(name)}`).reply(204);
      return mock;
    },
    checkRun() {
      scope.post(`${p}${REPO_PATH}/check-runs`).reply(201, { id: 4 });
      return mock;
    },
    listComments(issue: number, comments: CommentFixture[]) {
      scope
        .get(`${p}${REPO_PATH}/issues/${issue}/comments`)
        .query({ per_page: "100" })
        .reply(200, comments);
      return mock;
    },
    createComment(issue: number, id = 99) {
      scope.post(`${p}${REPO_PATH}/issues/${issue}/comments`).reply(201, { id });
      return mock;
    },
    updateComment(id: number) {
      scope.patch(`${p}${REPO_PATH}/issues/comments/${id}`).reply(200, { id });
      return mock;
    },
    deleteComment(id: number) {
      scope.delete(`${p}${REPO_PATH}/issues/comments/${id}`).reply(204);
      return mock;
    },
    label(name: string, exists: boolean) {
      scope
        .get(`${p}${REPO_PATH}/labels/${encode(name)}`)
        .reply(exists ? 200 : 404, exists ? { name } : { message: "Not Found" });
      if (!exists) scope.post(`${p}${REPO_PATH}/labels`).reply(201, { name });
      return mock;
    },
    addLabels(issue: number) {
      scope.post(`${p}${REPO_PATH}/issues/${issue}/labels`).reply(200, []);
      return mock;
    },
    removeLabel(issue: number, name: string, status = 200) {
      scope
        .delete(`${p}${REPO_PATH}/issues/${issue}/labels/${encode(name)}`)
        .reply(status, status === 200 ? [] : { message: "Label does not exist" });
      return mock;
    },
  };
  return mock;
}
