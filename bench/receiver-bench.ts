/**
 * `npm run bench`, part 5: the webhook receiver's hot path. The real server (src/server.ts
 * `startServer`, against a fake GitHub API on loopback via GHE_HOST / GHE_PROTOCOL=http) and a
 * no-op Probot app (`run((app) => {}, …)`) each run in a child process of their own, so each
 * one's RSS is its own; autocannon posts the same signed `issue_comment.created` without a
 * command to both, 50 connections. The goal: the real server serves at least 0.9 of the no-op
 * app's requests per second. Then it counts the GitHub requests of a title-only PR edit and of
 * two events in a repository without a config file.
 */
import { fork } from "node:child_process";
import { generateKeyPairSync } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import examples from "@octokit/webhooks-examples/api.github.com/index.json" with { type: "json" };
import { sign } from "@octokit/webhooks-methods";
import autocannon from "autocannon";

const SECRET = "bench-secret";
const CONNECTIONS = 50;
const DURATION_S = Number(process.env.RECEIVER_BENCH_SECONDS ?? 10);
const WEBHOOKS = "/api/github/webhooks";

type Example = Record<string, unknown> & { action: string };
function example(event: string, action: string): Example {
  const group = (examples as Array<{ name: string; examples: Example[] }>).find(
    (e) => e.name === event,
  );
  const found = group?.examples.find((e) => e.action === action);
  if (!found) throw new Error(`no example for ${event}.${action}`);
  return { ...structuredClone(found), installation: { id: 2 } };
}

interface ChildReport {
  startRss: number;
  peakRss: number;
}

/** A fake GitHub API: a token, an open issue #1, no files anywhere. Counts what it is asked. */
function fakeGitHub() {
  const calls: string[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    req.resume();
    req.on("end", () => {
      const path = (req.url ?? "").replace(/^\/api\/v3/, "");
      calls.push(`${req.method} ${path}`);
      const json = (status: number, body: unknown) => {
        res.writeHead(status, { "content-type": "application/json" });
        res.end(JSON.stringify(body));
      };
      if (req.method === "POST" && /^\/app\/installations\/\d+\/access_tokens/.test(path))
        return json(201, { token: "ghs_bench", expires_at: "2099-01-01T00:00:00Z" });
      if (req.method === "GET" && /^\/repos\/[^/]+\/[^/]+\/issues\/1$/.test(path))
        return json(200, { ...(example("issues", "opened").issue as object), state: "open" });
      json(404, { message: "Not Found" });
    });
  });
  return { server, calls };
}

function listen(server: ReturnType<typeof createServer>): Promise<number> {
  return new Promise((done) =>
    server.listen(0, "127.0.0.1", () => done((server.address() as AddressInfo).port)),
  );
}

async function freePort(): Promise<number> {
  const s = createServer();
  const port = await listen(s);
  await new Promise((done) => s.close(done));
  return port;
}

interface Child {
  startRss: number;
  finish(): Promise<ChildReport>;
}

async function startChild(kind: "real" | "noop", port: number, apiPort: number): Promise<Child> {
  const privateKey = generateKeyPairSync("rsa", {
    modulusLength: 2048,
    privateKeyEncoding: { type: "pkcs1", format: "pem" },
    publicKeyEncoding: { type: "pkcs1", format: "pem" },
  }).privateKey;
  const child = fork(
    fileURLToPath(new URL("./receiver-child.js", import.meta.url)),
    [kind, String(port), String(apiPort)],
    {
      env: { ...process.env, BENCH_PRIVATE_KEY: privateKey },
      stdio: ["ignore", "ignore", "inherit", "ipc"],
    },
  );
  const ready = await new Promise<{ startRss: number }>((done, fail) => {
    child.once("message", (m) => done(m as { startRss: number }));
    child.once("exit", (code) => fail(new Error(`${kind} server exited (${code})`)));
  });
  return {
    startRss: ready.startRss,
    finish: () =>
      new Promise((done) => {
        child.once("message", (m) => done(m as ChildReport));
        child.send("stop");
      }),
  };
}

async function post(port: number, event: string, payload: object) {
  const body = JSON.stringify(payload);
  const response = await fetch(`http://127.0.0.1:${port}${WEBHOOKS}`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "x-github-event": event,
      "x-github-delivery": crypto.randomUUID(),
      "x-hub-signature-256": await sign(SECRET, body),
    },
    body,
  });
  await response.text();
  // Let a handler that outlives the response finish its requests.
  await new Promise((done) => setTimeout(done, 200));
  return response.status;
}

async function load(port: number, body: string, signature: string) {
  return autocannon({
    url: `http://127.0.0.1:${port}${WEBHOOKS}`,
    connections: CONNECTIONS,
    duration: DURATION_S,
    method: "POST",
    headers: {
      "content-type": "application/json",
      "x-github-event": "issue_comment",
      "x-github-delivery": "72d3162e-cc78-11e3-81ab-4c9367dc0958",
      "x-hub-signature-256": signature,
    },
    body,
  });
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

async function main() {
  const api = fakeGitHub();
  const apiPort = await listen(api.server);
  const [realPort, noopPort] = [await freePort(), await freePort()];
  const real = await startChild("real", realPort, apiPort);
  const noop = await startChild("noop", noopPort, apiPort);

  const comment = example("issue_comment", "created");
  (comment.comment as Record<string, unknown>).body =
    "Thanks, this looks good to me. One nit: see src/app.ts and https://example.com/a/b.";
  const body = JSON.stringify(comment);
  const signature = await sign(SECRET, body);
  // Warm both up, then measure each in turn.
  await load(realPort, body, signature).catch(() => undefined);
  const before = api.calls.length;
  const noopResult = await load(noopPort, body, signature);
  const realResult = await load(realPort, body, signature);
  const commentCalls = api.calls.length - before;

  // GitHub requests per event, on the real server.
  const count = async (event: string, payload: object) => {
    const from = api.calls.length;
    const status = await post(realPort, event, payload);
    return { status, calls: api.calls.slice(from) };
  };
  const titleEdit = example("pull_request", "opened");
  titleEdit.action = "edited";
  titleEdit.changes = { title: { from: "Old title" } };
  const title = await count("pull_request", titleEdit);
  const labeled = example("issues", "labeled");
  labeled.label = { id: 1, name: "question", color: "ededed", default: false, description: null };
  const first = await count("issues", labeled);
  const second = await count("issues", labeled);

  const [realReport, noopReport] = [await real.finish(), await noop.finish()];
  await new Promise((done) => api.server.close(done));

  const ratio = realResult.requests.average / noopResult.requests.average;
  console.log(
    `\nreceiver: ${CONNECTIONS} connections, ${DURATION_S} s each, a signed issue_comment.created without a command`,
  );
  console.table({
    "no-op Probot app": {
      "requests/s": Math.round(noopResult.requests.average),
      "p99 ms": noopResult.latency.p99,
      non2xx: noopResult.non2xx,
      "RSS at start": mb(noop.startRss),
      "peak RSS": mb(noopReport.peakRss),
    },
    "async-status (startServer)": {
      "requests/s": Math.round(realResult.requests.average),
      "p99 ms": realResult.latency.p99,
      non2xx: realResult.non2xx,
      "RSS at start": mb(real.startRss),
      "peak RSS": mb(realReport.peakRss),
    },
  });
  console.log(
    `ratio of requests/s: ${ratio.toFixed(2)} (goal ≥ 0.9${ratio < 0.9 ? ": NOT MET" : ": met"})`,
  );
  console.log(`GitHub requests during the load (comments without a command): ${commentCalls}`);
  console.log(
    `GitHub requests per title-only pull_request.edited: ${title.calls.length} (HTTP ${title.status})`,
  );
  const noToken = (calls: string[]) => calls.filter((c) => !c.includes("/access_tokens"));
  console.log(
    `GitHub requests per event in a repository without a config file (issues.labeled, an ignored label): first ${noToken(first.calls).length} (${noToken(first.calls).join(", ")}), second ${noToken(second.calls).length} (${noToken(second.calls).join(", ")}); plus ${first.calls.length - noToken(first.calls).length + second.calls.length - noToken(second.calls).length} installation token`,
  );
}

await main();
