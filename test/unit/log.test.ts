import { Writable } from "node:stream";
import { describe, expect, test } from "@jest/globals";
import { Octokit } from "@octokit/rest";
import nock from "nock";
import { Probot } from "probot";
import { createLogger } from "../../src/log.js";
import { useNock } from "../helpers/nock.js";
import { realPayload } from "../helpers/payloads.js";
import { TestOctokit } from "../helpers/probot.js";

useNock();

const API = "https://api.github.com";
const SECRET_BODY = "RECOMMENDATION-MARKER: ship option B";
const TOKEN = "ghs_SECRETTOKEN1234567890";
const REQUEST_ID = "C0DE:1234:5678:9ABC:DEF0";

/** A logger as production builds it (JSON), writing into memory. */
async function memoryLogger() {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      lines.push(...String(chunk).split("\n").filter(Boolean));
      done();
    },
  });
  const log = await createLogger({ LOG_FORMAT: "json", LOG_LEVEL: "info" }, sink);
  /** The parsed lines once `count` have passed through the transform stream. */
  const written = async (count: number) => {
    for (let i = 0; i < 100 && lines.length < count; i++)
      await new Promise((resolve) => setImmediate(resolve));
    return lines.map((line) => JSON.parse(line) as Record<string, unknown>);
  };
  return { log, lines, written };
}

/** GitHub refuses a comment: a real Octokit RequestError, carrying the body that was sent. */
function refusedComment() {
  nock(API)
    .post("/repos/acme/app/issues/1/comments")
    .query(true)
    .reply(
      422,
      { message: "Validation Failed", echoed: SECRET_BODY },
      { "x-github-request-id": REQUEST_ID, "content-type": "application/json; charset=utf-8" },
    );
}

async function requestError(): Promise<Error> {
  refusedComment();
  const quiet = { debug() {}, info() {}, warn() {}, error() {} };
  const octokit = new Octokit({ auth: TOKEN, log: quiet });
  const error = await octokit
    .request("POST /repos/acme/app/issues/1/comments?access_token=abc", { body: SECRET_BODY })
    .then(
      () => undefined,
      (e: unknown) => e as Error,
    );
  if (!error) throw new Error("expected the request to fail");
  return error;
}

const CLEAN = {
  type: "RequestError",
  message: expect.stringMatching(/^Validation Failed/) as unknown as string,
  status: 422,
  method: "POST",
  path: "/repos/acme/app/issues/1/comments",
  requestId: REQUEST_ID,
};

function expectNothingSecret(lines: string[]) {
  const text = lines.join("\n");
  expect(text).not.toContain("RECOMMENDATION-MARKER");
  expect(text).not.toContain("SECRETTOKEN");
  expect(text).not.toMatch(/authorization/i);
  expect(text).not.toContain("access_token");
}

describe("error logs › an Octokit RequestError", () => {
  test("as `err` › only type, message, status, method, path and request id", async () => {
    const error = await requestError();
    // The error really does carry what must not be logged.
    expect(JSON.stringify(error)).toContain("RECOMMENDATION-MARKER");
    const { log, lines, written } = await memoryLogger();

    log.error({ err: error, repo: "acme/app" }, "tick failed for a repository");

    const [line] = await written(1);
    expect(line?.err).toEqual(CLEAN);
    expect(line).toMatchObject({
      level: 50,
      msg: "tick failed for a repository",
      repo: "acme/app",
    });
    expectNothingSecret(lines);
  });

  test("as the first argument, through a child logger (what Probot does) › the same", async () => {
    const error = await requestError();
    const { log, lines, written } = await memoryLogger();

    log.child({ name: "event", id: "delivery-1" }).error(error);

    const [line] = await written(1);
    expect(line?.err).toEqual(CLEAN);
    expect(line).toMatchObject({ name: "event", id: "delivery-1", msg: CLEAN.message });
    expectNothingSecret(lines);
  });

  test("an authorization header that was not redacted, and a body › left out", async () => {
    const error = Object.assign(new Error("Bad credentials"), {
      status: 401,
      request: {
        method: "GET",
        url: "https://api.github.com/installation/repositories?per_page=100",
        headers: { authorization: `token ${TOKEN}` },
        body: SECRET_BODY,
      },
      response: { status: 401, headers: {}, data: { message: SECRET_BODY } },
    });
    const { log, lines, written } = await memoryLogger();

    log.error(error);

    const [line] = await written(1);
    expect(line?.err).toEqual({
      type: "Error",
      message: "Bad credentials",
      status: 401,
      method: "GET",
      path: "/installation/repositories",
    });
    expectNothingSecret(lines);
  });

  test("inside an AggregateError with a webhook payload, or as a cause › still clean", async () => {
    const error = await requestError();
    const aggregate = Object.assign(new AggregateError([error], error.message), {
      event: { id: "delivery-2", name: "issues", payload: { body: SECRET_BODY } },
    });
    const wrapped = new Error("could not post the status comment", { cause: error });
    const { log, lines, written } = await memoryLogger();

    log.error(aggregate);
    log.error({ err: wrapped }, "failed");

    const [first, second] = await written(2);
    expect(first?.err).toMatchObject({
      type: "AggregateError",
      event: { id: "delivery-2", name: "issues" },
      aggregateErrors: [CLEAN],
    });
    expect(second?.err).toMatchObject({
      type: "Error",
      message: expect.stringContaining("could not post the status comment: Validation Failed"),
    });
    expectNothingSecret(lines);
  });
});

test("error logs › a RequestError whose message is a whole HTML page › cut short", async () => {
  const page = `<html>${"<p>Unicorn!</p>".repeat(1000)}</html>`;
  const error = Object.assign(new Error(page), {
    status: 502,
    request: { method: "GET", url: `${API}/repos/acme/app`, headers: {} },
    response: { status: 502, headers: { "x-github-request-id": REQUEST_ID }, data: page },
  });
  const { log, lines, written } = await memoryLogger();

  log.error(error);

  const [line] = await written(1);
  const short = `${page.slice(0, 500)}…`;
  expect(line).toMatchObject({
    msg: short,
    err: { message: short, status: 502, path: "/repos/acme/app", requestId: REQUEST_ID },
  });
  expect(lines.join("\n").length).toBeLessThan(2000);
});

test("error logs › a GraphQL error answer › no query, variables or data", async () => {
  nock(API)
    .post("/graphql")
    .reply(
      200,
      {
        data: { echoed: SECRET_BODY },
        errors: [{ type: "RATE_LIMITED", message: "API rate limit exceeded" }],
      },
      { "x-github-request-id": REQUEST_ID, "content-type": "application/json; charset=utf-8" },
    );
  const octokit = new Octokit({ auth: TOKEN });
  const error = await octokit
    .graphql("query($q: String!) { search(query: $q) { issueCount } }", { q: SECRET_BODY })
    .then(
      () => undefined,
      (e: unknown) => e,
    );
  const { log, lines, written } = await memoryLogger();

  log.error({ err: error }, "summary failed");

  const [line] = await written(1);
  expect(line?.err).toEqual({
    type: "GraphqlResponseError",
    message: expect.stringContaining("API rate limit exceeded"),
    requestId: REQUEST_ID,
  });
  expectNothingSecret(lines);
  expect(lines.join("\n")).not.toContain("search(query");
});

test("error logs › any other error › pino's standard serializer", async () => {
  const { log, written } = await memoryLogger();

  log.error({ err: Object.assign(new TypeError("boom"), { code: "E_BOOM" }) }, "failed");

  const [line] = await written(1);
  expect(line?.err).toEqual({
    type: "TypeError",
    message: "boom",
    stack: expect.stringContaining("TypeError: boom"),
    code: "E_BOOM",
  });
});

test("issues.opened › a handler's write is refused › Probot's error log has no body, token or payload", async () => {
  refusedComment();
  const { log, lines, written } = await memoryLogger();
  const probot = new Probot({ githubToken: TOKEN, log, Octokit: TestOctokit });
  await probot.load((app) => {
    app.on("issues.opened", async (context) => {
      await context.octokit.request("POST /repos/acme/app/issues/1/comments", {
        body: SECRET_BODY,
      });
    });
  });
  const payload = realPayload("issues", "opened");
  (payload.issue as { body: string }).body = SECRET_BODY;

  await expect(
    probot.receive({ id: "delivery-3", name: "issues", payload } as never),
  ).rejects.toThrow(/Validation Failed/);

  const errors = (await written(1)).filter((line) => line.level === 50);
  expect(errors).toHaveLength(1);
  expect(errors[0]).toMatchObject({ name: "event", id: "delivery-3", err: CLEAN });
  expectNothingSecret(lines);
});
