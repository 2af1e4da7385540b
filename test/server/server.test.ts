import { Writable } from "node:stream";
import { afterAll, beforeAll, describe, expect, test } from "@jest/globals";
import { createLogger } from "../../src/log.js";
import { startServer } from "../../src/server.js";
import { FakeGitHub, freePort } from "../helpers/fake-github.js";
import { pullRequestPayload } from "../helpers/payloads.js";
import { type RealServer, sign, startRealServer } from "./real-server.js";

const REPO = "/api/v3/repos/Codertocat/Hello-World";
const OPENED = pullRequestPayload("opened", { body: "## Problem\nx\n## Solution\ny" });

describe("the real server, started as `npm start` starts it, against GHE_HOST", () => {
  const github = new FakeGitHub()
    // The check re-reads the PR: it is as the payload says.
    .route("GET", /^\/api\/v3\/repos\/Codertocat\/Hello-World\/pulls\/2$/, 200, OPENED.pull_request)
    .route("GET", /^\/api\/v3\/app\/installations\?/, 200, [])
    .route("POST", /^\/api\/v3\/app\/installations\/2\/access_tokens$/, 201, {
      token: "ghs_test",
      expires_at: "2099-01-01T00:00:00Z",
      permissions: {},
    })
    .route(
      "GET",
      /^\/api\/v3\/repos\/Codertocat\/Hello-World\/contents\/\.github\/async-status\.yml/,
      200,
      "template:\n  min_words: 1\n",
      {
        "content-type": "application/vnd.github.raw; charset=utf-8",
      },
    )
    .route("POST", /check-runs$/, 201, { id: 1 })
    .route("GET", /\/issues\/2\/comments/, 200, [])
    .route("POST", /\/issues\/2\/comments$/, 201, { id: 9 })
    .route("GET", /\/labels\//, 200, { name: "template: incomplete" })
    .route("POST", /\/issues\/2\/labels$/, 200, []);
  let server: RealServer;
  let base: string;
  let logs: string[];

  beforeAll(async () => {
    server = await startRealServer(github);
    ({ base, logs } = server);
  });
  afterAll(async () => {
    await server.stop();
  });

  const deliver = (body: string, signature: string, id: string) =>
    fetch(`${base}/api/github/webhooks`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "x-github-event": "pull_request",
        "x-github-delivery": id,
        "x-hub-signature-256": signature,
      },
      body,
    });

  test("GET /ping › PONG", async () => {
    const res = await fetch(`${base}/ping`);
    expect(await res.text()).toBe("PONG");
  });

  test("start-up › the catch-up tick runs against GHE_HOST (no installations here)", async () => {
    for (let i = 0; i < 50 && github.requests.length === 0; i++)
      await new Promise((r) => setTimeout(r, 20));
    expect(github.calls()).toEqual(["GET /api/v3/app/installations?per_page=100"]);
  });

  test("signed pull_request.opened › 200, and the check run is created on GHE_HOST only", async () => {
    const body = JSON.stringify(OPENED);
    const before = github.requests.length;
    const res = await deliver(body, sign(body), "delivery-ok");
    expect(res.status).toBe(200);
    expect(github.calls().slice(before)).toEqual([
      "POST /api/v3/app/installations/2/access_tokens",
      `GET ${REPO}/pulls/2`,
      `GET ${REPO}/contents/.github/async-status.yml`,
      `GET ${REPO}/contents/.github`,
      `GET ${REPO}/contents`,
      `GET ${REPO}/contents/docs`,
      `POST ${REPO}/check-runs`,
      `GET ${REPO}/issues/2/comments?per_page=100`,
      `POST ${REPO}/issues/2/comments`,
      `GET ${REPO}/labels/template: incomplete`,
      `POST ${REPO}/issues/2/labels`,
    ]);
    const check = github.requests.find((r) => r.path.endsWith("/check-runs"))?.body as {
      conclusion: string;
      head_sha: string;
    };
    expect(check).toMatchObject({
      conclusion: "failure",
      head_sha: "ec26c3e57ca3a959ca5aad62de7213c562f8c821",
    });
    expect(github.requests.every((r) => r.headers.authorization !== undefined)).toBe(true);
  });

  test("bad signature › 400, no API call, and the payload is not logged", async () => {
    const before = github.requests.length;
    const body = JSON.stringify(pullRequestPayload("opened", { body: "UNTRUSTED-PAYLOAD-MARKER" }));
    const res = await deliver(body, sign(body, "wrong-secret"), "delivery-bad");
    expect(res.status).toBe(400);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(github.requests.length).toBe(before);
    expect(logs.join("")).toContain("signature does not match");
    expect(logs.join("")).not.toContain("UNTRUSTED-PAYLOAD-MARKER");
  });
});

describe("first run without credentials", () => {
  test("serves Probot's setup page that registers the app from app.yml", async () => {
    const port = await freePort();
    const env: NodeJS.ProcessEnv = {
      PORT: String(port),
      HOST: "127.0.0.1",
      NO_SMEE_SETUP: "true",
      LOG_LEVEL: "fatal",
      LOG_FORMAT: "json",
    };
    const previous = process.env.NO_SMEE_SETUP;
    process.env.NO_SMEE_SETUP = "true"; // Probot's setup app reads this from process.env.
    const sink = new Writable({ write: (_c, _e, done) => done() });
    const server = await startServer(env, { log: await createLogger(env, sink) });
    try {
      const res = await fetch(`http://127.0.0.1:${port}/probot`);
      const html = await res.text();
      expect(res.status).toBe(200);
      expect(html).toContain("async-status");
      expect(html).toContain("Register GitHub App");
    } finally {
      await server.stop();
      if (previous === undefined) delete process.env.NO_SMEE_SETUP;
      else process.env.NO_SMEE_SETUP = previous;
    }
  });
});

test("startServer › invalid environment › fails fast with an actionable message", async () => {
  await expect(startServer({ APP_ID: "my-app", GHE_PROTOCOL: "ftp" })).rejects.toThrow(
    "Invalid environment:\n  APP_ID: APP_ID must be the numeric id of the GitHub App (App settings → General → App ID)\n  GHE_PROTOCOL: GHE_PROTOCOL must be http or https",
  );
});
