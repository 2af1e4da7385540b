import { describe, expect, test } from "@jest/globals";
import { ConfigCache } from "../../src/config/cache.js";
import { githubMock, OWNER, REPO, REPO_PATH } from "../helpers/github.js";
import { useNock } from "../helpers/nock.js";
import { commentPayload, issuePayload, pullRequestPayload } from "../helpers/payloads.js";
import { makeProbot } from "../helpers/probot.js";

useNock();

/** A `push` to Codertocat/Hello-World (or another repository of the owner). */
function pushPayload(o: { ref?: string; repo?: string; modified?: string[]; head?: boolean }) {
  const commit = { id: "abc", added: [], removed: [], modified: o.modified ?? [] };
  return {
    ref: o.ref ?? "refs/heads/main",
    before: "0".repeat(40),
    after: "1".repeat(40),
    repository: {
      id: 1,
      name: o.repo ?? REPO,
      full_name: `${OWNER}/${o.repo ?? REPO}`,
      owner: { login: OWNER, name: OWNER },
      default_branch: "main",
      private: false,
    },
    commits: o.head ? [] : [commit],
    head_commit: o.head ? commit : null,
    sender: { login: "octocat", type: "User" },
    installation: { id: 2 },
  };
}

/** `issues.labeled` with a label the check ignores: the issue read, the config, nothing else. */
const labeled = () => issuePayload("labeled", { body: "Hi", label: "question" });

function issueRead(gh: ReturnType<typeof githubMock>) {
  gh.scope.get(`${REPO_PATH}/issues/1`).reply(200, {
    ...(issuePayload("opened").issue as object),
    body: "Hi",
    state: "open",
  });
}

/** Requests that read the configuration (the repository's own, then the organisation's). */
const configReads = (gh: ReturnType<typeof githubMock>) =>
  gh.calls().filter((c) => c.includes("async-status.yml"));

describe("the hot path: what costs no GitHub request", () => {
  test("issue_comment.created › no command › zero requests, before any parse", async () => {
    const gh = githubMock();
    const app = await makeProbot();

    await app.receive("issue_comment", commentPayload("created", { body: "LGTM, thanks! a/b" }));

    expect(gh.calls()).toEqual([]);
  });

  test("pull_request.edited › title only › zero requests, skipped with a debug log", async () => {
    const gh = githubMock();
    const app = await makeProbot();

    await app.receive("pull_request", pullRequestPayload("edited", { body: "Anything" }));

    expect(gh.calls()).toEqual([]);
    expect(app.logs.some((l) => l.msg === "skipped: body not edited" && l.level === 20)).toBe(true);
  });

  test("issues.edited › title only › zero requests", async () => {
    const gh = githubMock();
    const app = await makeProbot();

    await app.receive("issues", issuePayload("edited", { body: "Anything" }));

    expect(gh.calls()).toEqual([]);
  });
});

describe("the hot path: configurations cached per repository", () => {
  test("two events in a repository without a config file › the fallback is read once", async () => {
    const gh = githubMock().token().config(null);
    issueRead(gh);
    issueRead(gh);
    const app = await makeProbot({ configs: new ConfigCache() });

    await app.receive("issues", labeled());
    await app.receive("issues", labeled());

    expect(configReads(gh)).toHaveLength(2);
    expect(gh.calls().filter((c) => c.includes(`/${OWNER}/.github/`))).toHaveLength(1);
  });

  const CONFIG = [".github/async-status.yml"];
  test.each([
    {
      name: "the repository's file on the default branch",
      reread: true,
      push: { modified: CONFIG },
    },
    {
      name: "the organisation's .github repository's file (head_commit)",
      reread: true,
      push: { repo: ".github", head: true, modified: CONFIG },
    },
    {
      name: "another branch",
      reread: false,
      push: { ref: "refs/heads/feature", modified: CONFIG },
    },
    {
      name: "another file on the default branch",
      reread: false,
      push: { modified: ["README.md"] },
    },
  ])("push › $name › the next event reads the config again: $reread", async ({ push, reread }) => {
    const gh = githubMock().token().config(null);
    if (reread) gh.config(null);
    issueRead(gh);
    issueRead(gh);
    const app = await makeProbot({ configs: new ConfigCache() });

    await app.receive("issues", labeled());
    await app.receive("push", pushPayload(push));
    await app.receive("issues", labeled());

    expect(configReads(gh)).toHaveLength(reread ? 4 : 2);
  });
});
