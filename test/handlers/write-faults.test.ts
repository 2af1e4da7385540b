import { describe, expect, test } from "@jest/globals";
import nock from "nock";
import { pino } from "pino";
import { executePlan } from "../../src/github/executor.js";
import { MARKERS } from "../../src/github/markers.js";
import {
  AppOctokit,
  appOctokitOptions,
  MAX_RATE_LIMIT_RETRIES,
  shouldRetryRateLimit,
} from "../../src/github/octokit.js";
import { API, APP_ID, ownComment, REPO_PATH } from "../helpers/github.js";
import { useNock } from "../helpers/nock.js";

useNock();

const repo = { owner: "Codertocat", repo: "Hello-World" };
const NOTICE = `${MARKERS.notice("result", "900")}\n✅ Decision accepted.`;
/** The app's Octokit as the server builds it: Probot's retry and throttling, our limits. */
const ports = () => ({
  octokit: new AppOctokit({ auth: "ghs_test", log: pino({ level: "silent" }) }),
  repo,
  log: pino({ level: "silent" }),
  appId: APP_ID,
});
const post = () => executePlan(ports(), [{ type: "createComment", issueNumber: 1, body: NOTICE }]);
const posts = (scope: nock.Scope) => {
  let n = 0;
  scope.on("request", (req: { method: string; path: string }) => {
    if (req.method === "POST" && req.path.endsWith("/issues/1/comments")) n++;
  });
  return () => n;
};

describe("writes under GitHub's faults", () => {
  test("createComment › 502, but the comment was created › read back, not posted again", async () => {
    const api = nock(API);
    const count = posts(api);
    api.post(`${REPO_PATH}/issues/1/comments`).reply(502, { message: "Bad Gateway" });
    api
      .get(`${REPO_PATH}/issues/1/comments`)
      .query(true)
      .reply(200, [ownComment(77, NOTICE)]);

    await post();

    expect(count()).toBe(1);
  });

  test("createComment › 502, and nothing was created › posted again, once", async () => {
    const api = nock(API);
    const count = posts(api);
    api.post(`${REPO_PATH}/issues/1/comments`).reply(502, { message: "Bad Gateway" });
    api.get(`${REPO_PATH}/issues/1/comments`).query(true).reply(200, []);
    api.post(`${REPO_PATH}/issues/1/comments`, { body: NOTICE }).reply(201, { id: 78 });

    await post();

    expect(count()).toBe(2);
  });

  test("createComment › a long 5xx outage › three attempts, each checked first, then the error goes up for the tick to repair", async () => {
    const api = nock(API);
    const count = posts(api);
    api.post(`${REPO_PATH}/issues/1/comments`).times(3).reply(503, { message: "Unavailable" });
    api.get(`${REPO_PATH}/issues/1/comments`).query(true).times(3).reply(200, []);

    await expect(post()).rejects.toMatchObject({ status: 503 });
    expect(count()).toBe(3);
  });

  test("createComment › 422 › not retried, not looked up", async () => {
    nock(API).post(`${REPO_PATH}/issues/1/comments`).reply(422, { message: "Validation Failed" });

    await expect(post()).rejects.toMatchObject({ status: 422 });
  });

  test("createComment › 403 secondary rate limit with retry-after › waits as asked, then posts once", async () => {
    const api = nock(API);
    const count = posts(api);
    api
      .post(`${REPO_PATH}/issues/1/comments`)
      .reply(
        403,
        { message: "You have exceeded a secondary rate limit. Please wait a few minutes." },
        { "retry-after": "1" },
      );
    api.post(`${REPO_PATH}/issues/1/comments`).reply(201, { id: 79 });

    await post();

    expect(count()).toBe(2);
  });

  test("check run › 429 with x-ratelimit-reset a second away › retried after the reset", async () => {
    const reset = Math.floor(Date.now() / 1000) + 1;
    const api = nock(API);
    api
      .post(`${REPO_PATH}/check-runs`)
      .reply(
        429,
        { message: "API rate limit exceeded" },
        { "x-ratelimit-remaining": "0", "x-ratelimit-reset": String(reset) },
      );
    api.post(`${REPO_PATH}/check-runs`).reply(201, { id: 5 });

    await executePlan(ports(), [
      {
        type: "createCheckRun",
        name: "async-status/template",
        headSha: "abc",
        conclusion: "success",
        title: "ok",
        summary: "ok",
      },
    ]);

    expect(nock.pendingMocks()).toEqual([]);
  });
});

describe("shouldRetryRateLimit", () => {
  const log = { log: { warn: () => undefined } };
  test.each([
    ["a short wait, first time", 5, 0, true],
    ["the longest wait allowed", 120, 0, true],
    ["a wait past the bound (the primary limit resets in an hour)", 3600, 0, false],
    ["retries used up", 5, MAX_RATE_LIMIT_RETRIES, false],
  ])("%s › %s", (_name, retryAfter, retryCount, expected) => {
    expect(shouldRetryRateLimit(retryAfter, { method: "POST", url: "/x" }, log, retryCount)).toBe(
      expected,
    );
  });
});

describe("appOctokitOptions", () => {
  test.each([
    ["an installation's Octokit", { auth: { installationId: 42 } }, "installation-42"],
    ["the app's own Octokit", { auth: { appId: 1 } }, undefined],
  ])("%s › write throttle id %s", (_name, options, id) => {
    const throttle = appOctokitOptions({ ...options, throttle: { enabled: true } }).throttle as {
      id?: string;
      enabled: boolean;
      onSecondaryRateLimit: unknown;
    };
    expect(throttle.id).toBe(id);
    expect(throttle.enabled).toBe(true);
    expect(throttle.onSecondaryRateLimit).toBe(shouldRetryRateLimit);
  });
});
