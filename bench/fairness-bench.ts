/**
 * `npm run bench`, part 5: per-installation fairness. A real Probot with the app and the
 * production Octokit (AppOctokit: real throttling and retry) talks to a fake GitHub API on
 * loopback that answers every request after a fixed latency. Installation 1 delivers a burst
 * of `pull_request.opened` events with incomplete descriptions (each writes a check run, a
 * comment and a label) and, at the same instant, installation 2 sends one `/decide`. The goal
 * is another installation's /decide within a few seconds, however long the burst takes.
 * FAIRNESS_EVENTS (100), FAIRNESS_LATENCY_MS (50) and FAIRNESS_PER_INSTALLATION (the app's
 * default) change the scenario.
 */
import { generateKeyPairSync } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import examples from "@octokit/webhooks-examples/api.github.com/index.json" with { type: "json" };
import { pino } from "pino";
import { Probot } from "probot";
import { Temporal } from "temporal-polyfill";
import { createApp, HANDLERS_PER_INSTALLATION } from "../src/app.js";
import { MARKERS } from "../src/github/markers.js";
import { AppOctokit } from "../src/github/octokit.js";

const EVENTS = Number(process.env.FAIRNESS_EVENTS ?? 100);
const LATENCY_MS = Number(process.env.FAIRNESS_LATENCY_MS ?? 50);
const PER_INSTALLATION = Number(process.env.FAIRNESS_PER_INSTALLATION ?? HANDLERS_PER_INSTALLATION);
// A Monday, so "by friday" is a valid deadline whatever day the bench runs.
const NOW = Temporal.Instant.from("2026-11-23T09:00:00Z");
const CONFIG = "template:\n  min_words: 1\n";
const INCOMPLETE = "## Problem\nThe cache is stale.\n\n## Solution\nInvalidate on write.\n";
const DECIDE = "/decide use Postgres by friday";
const FIRST_PR = 1001;
const GOAL_MS = 5000;

type Example = Record<string, Record<string, unknown>>;
/** A copy of the first real payload of `event.action`, for `installation`. */
function realPayload(event: string, action: string, installation: number): Example {
  const groups = examples as unknown as Array<{ name: string; examples: Example[] }>;
  const found = groups
    .find((g) => g.name === event)
    ?.examples.find((e) => (e as { action?: unknown }).action === action);
  if (!found) throw new Error(`no example for ${event}.${action}`);
  return { ...structuredClone(found), installation: { id: installation } };
}

const opened = realPayload("pull_request", "opened", 1);
const pullRequest = { ...opened.pull_request, body: INCOMPLETE, labels: [] };
const comment = realPayload("issue_comment", "created", 2);
Object.assign(comment.comment as object, { body: DECIDE, id: 9001 });
Object.assign(comment.issue as object, { labels: [] });

interface Hit {
  at: number;
  method: string;
  path: string;
  installation: string;
  body: string;
}
type Answer = [status: number, body: unknown, contentType?: string];
const NOT_FOUND: Answer = [404, { message: "Not Found" }];

/** The routes the handlers use, answered like GitHub (the config file raw, no templates). */
function answer({ method, path }: Hit, ids: { next: number }): Answer | undefined {
  const number = Number(/\/(?:pulls|issues)\/(\d+)/.exec(path)?.[1]);
  const route = `${method} ${path.replace(/^\/repos\/[^/]+\/[^/]+/, "")}`;
  if (/^POST \/app\/installations\/(\d+)\/access_tokens$/.test(route)) {
    const id = path.split("/")[3];
    return [201, { token: `t${id}`, expires_at: "2099-01-01T00:00:00Z", permissions: {} }];
  }
  if (route === "GET /contents/.github/async-status.yml")
    return [200, CONFIG, "application/vnd.github.raw"];
  if (/^GET \/contents\/?[^/]*$/.test(route)) return NOT_FOUND; // template folders: none
  if (/^GET \/pulls\/\d+$/.test(route)) return [200, { ...pullRequest, number }];
  if (/^GET \/issues\/\d+$/.test(route)) return [200, { ...comment.issue, number }];
  if (/^GET \/issues\/\d+\/comments$/.test(route)) return [200, []];
  if (/^POST \/issues\/\d+\/comments$/.test(route))
    return [201, { id: ++ids.next, html_url: `https://github.test/c/${ids.next}` }];
  if (route === "POST /check-runs") return [201, { id: ++ids.next }];
  if (/^POST \/issues\/comments\/\d+\/reactions$/.test(route)) return [201, { id: ++ids.next }];
  if (/^GET \/labels\/[^/]+$/.test(route)) return [200, { name: "exists" }];
  if (/^POST \/issues\/\d+\/labels$/.test(route)) return [200, []];
  if (/^GET \/collaborators\/[^/]+\/permission$/.test(route))
    return [200, { permission: "admin", role_name: "admin" }];
  return undefined;
}

/** A GitHub API on loopback: every answer after `latencyMs`; unknown routes 404, recorded. */
async function fakeGitHub(latencyMs: number) {
  const hits: Hit[] = [];
  const unknown = new Set<string>();
  const ids = { next: 5000 };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const hit: Hit = {
        at: performance.now(),
        method: req.method ?? "",
        path: decodeURIComponent((req.url ?? "").split("?")[0] ?? ""),
        installation: String(req.headers.authorization ?? "").replace(/^token t/, ""),
        body: Buffer.concat(chunks).toString("utf8"),
      };
      hits.push(hit);
      const found = answer(hit, ids);
      if (!found) unknown.add(`${hit.method} ${hit.path}`);
      const [status, body, type = "application/json; charset=utf-8"] = found ?? NOT_FOUND;
      setTimeout(() => {
        res
          .writeHead(status, { "content-type": type })
          .end(typeof body === "string" ? body : JSON.stringify(body));
      }, latencyMs);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const stop = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return { baseUrl: `http://127.0.0.1:${port}`, hits, unknown, stop };
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

async function measure() {
  const api = await fakeGitHub(LATENCY_MS);
  const privateKey = generateKeyPairSync("rsa", {
    modulusLength: 2048,
    privateKeyEncoding: { type: "pkcs1", format: "pem" },
    publicKeyEncoding: { type: "pkcs1", format: "pem" },
  }).privateKey;
  const probot = new Probot({
    appId: 1,
    privateKey,
    baseUrl: api.baseUrl,
    log: pino({ level: "silent" }),
    Octokit: AppOctokit,
  });
  await probot.load(createApp({ appId: 1, now: () => NOW, perInstallation: PER_INSTALLATION }));

  const failures: unknown[] = [];
  const deliver = (name: string, payload: object) =>
    probot.receive({ id: String(Math.random()), name, payload } as never).catch((error) => {
      failures.push(error);
    });
  const start = performance.now();
  const burst = Array.from({ length: EVENTS }, async (_, i) => {
    const payload = { ...opened, pull_request: { ...pullRequest, number: FIRST_PR + i } };
    await deliver("pull_request", payload);
    return performance.now() - start;
  });
  const decide = deliver("issue_comment", comment).then(() => performance.now() - start);
  const handlerMs = (await Promise.all(burst)).sort((a, b) => a - b);
  const decideDone = await decide;
  const burstDone = performance.now() - start;
  await api.stop();

  const issue = (comment.issue as { number: number }).number;
  const status = api.hits.find(
    (h) =>
      h.installation === "2" &&
      h.method === "POST" &&
      h.path.endsWith(`/issues/${issue}/comments`) &&
      h.body.includes(MARKERS.decisionPrefix),
  );
  const written = (suffix: string) =>
    api.hits.filter((h) => h.installation === "1" && h.method === "POST" && h.path.endsWith(suffix))
      .length;
  const [checks, comments, labels] = ["/check-runs", "/comments", "/labels"].map(written);
  const tokens = api.hits.filter((h) => h.path.endsWith("/access_tokens")).length;

  const goal = (ms: number | undefined) =>
    ms === undefined
      ? "NEVER: no status comment was posted"
      : `${seconds(ms)}  ${ms <= GOAL_MS ? "met" : "MISSED"}`;
  const requests = (installation: string) =>
    api.hits.filter((h) => h.installation === installation).length;
  console.log(
    [
      `\n5. Per-installation fairness: ${EVENTS} pull_request.opened for installation 1 and one /decide`,
      `for installation 2 at the same instant (fake API, ${LATENCY_MS} ms per request, AppOctokit with its`,
      `real throttling and retry, ${PER_INSTALLATION} handlers at once per installation)`,
      `goal: another installation's /decide within a few seconds (read as ≤ ${GOAL_MS / 1000} s)\n`,
    ].join("\n"),
  );
  const rows: Array<[string, string]> = [
    ["installation 2: status comment POST reached the API", goal(status && status.at - start)],
    ["installation 2: /decide handler done", seconds(decideDone)],
    ["installation 1: burst finished", seconds(burstDone)],
    ["installation 1: handler time p50 (delivery → done)", seconds(percentile(handlerMs, 50))],
    ["installation 1: handler time p99 (delivery → done)", seconds(percentile(handlerMs, 99))],
    [
      "installation 1: check runs / comments / labels written",
      `${checks} / ${comments} / ${labels}`,
    ],
    [
      "requests: installation 1 / installation 2 / tokens",
      `${requests("1")} / ${requests("2")} / ${tokens}`,
    ],
  ];
  for (const [name, value] of rows) console.log(`${name.padEnd(56)} ${value}`);
  if (failures.length > 0) console.log(`\nFAILED deliveries: ${failures.length}`, failures[0]);
  if (api.unknown.size > 0) console.log("\nunanswered routes (404):", [...api.unknown]);
  console.log(
    [
      "",
      "(delivery → done includes the wait for a handler slot. The pace is the throttling plugin's:",
      "writes 1 per second, comments 1 per 3 seconds, queued per throttle id, which AppOctokit",
      "keys by installation: Probot 14 gives the event Octokit none, so without it every",
      "installation in the process would share one queue.)",
    ].join("\n"),
  );
}

await measure();
