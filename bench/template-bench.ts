/**
 * `npm run bench`: figures for the template check.
 *  1. Parse + evaluate time of 65,536-character adversarial bodies (goal: ≤ 5 ms).
 *  2. GitHub API requests per PR event in steady state (goal: ≤ 2, the config read and the check run).
 * Prints figures; it does not fail on them (timing goals do not belong in tests).
 */
import nock from "nock";
import { createApp } from "../src/app.js";
import { DEFAULT_CONFIG } from "../src/config/schema.js";
import { parseBody } from "../src/markdown/sections.js";
import { evaluate } from "../src/template-check/evaluate.js";
import { resolveRequirements } from "../src/template-check/requirements.js";
import { benchProbot } from "./probot.js";

const LIMIT = 65_536;
const fill = (unit: string) => unit.repeat(Math.ceil(LIMIT / unit.length)).slice(0, LIMIT);

const BODIES: Record<string, string> = {
  "realistic template body": fill(
    "## Problem\n\nThe cache is *stale* when `foo` changes, see [#12](x).\n\n- [ ] item one\n- [x] done\n\n<!-- placeholder -->\n\n```js\n## not a heading\n```\n\n",
  ),
  "open brackets [[[": fill("["),
  "emphasis runs _a_ __": fill("_a_ __"),
  "unclosed <!-- comments": fill("<!-- "),
  "backtick runs": fill("`"),
  "nested quotes >>>": fill(">"),
  "nested lists": fill(`${"  ".repeat(50)}- x\n`),
  "fake headings in fences": fill("```\n## How to test\n```\n"),
  "many ATX headings": fill("## How to test\n\n**Why:**\n\nsome text here\n\n"),
  "many setext headings": fill("a\n=\n"),
  "CRLF headings": fill("## a\r\ntext\r\n"),
  tables: fill("|a|b|\n|-|-|\n"),
  "blank lines only": fill("\n"),
  "one 64 KiB paragraph": fill("word "),
  "emoji and CJK": fill("## 🧪 测试\n修复缓存问题 ✅\n"),
  "empty ATX headings #": fill("#\n"),
  "bold-only paragraphs": fill("**x**\n\n"),
  "emphasis in headings": fill("# *a*\n"),
  "unticked task items": fill("- [ ] x\n"),
};

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

function time(fn: () => void, runs = 40): number {
  for (let i = 0; i < 10; i++) fn();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    fn();
    samples.push(performance.now() - start);
  }
  return median(samples);
}

function parseFigures() {
  const { requirements } = resolveRequirements({
    kind: "pr",
    config: DEFAULT_CONFIG.template,
    labels: [],
    body: "",
    templates: [],
  });
  console.log(
    `\n1. Parse + evaluate a ${LIMIT.toLocaleString("en")}-character body (median of 40 runs; goal ≤ 5 ms)\n`,
  );
  console.log(`${"body".padEnd(28)} ${"parse ms".padStart(9)} ${"evaluate ms".padStart(12)}  goal`);
  let worst = 0;
  for (const [name, body] of Object.entries(BODIES)) {
    const parse = time(() => parseBody(body));
    const full = time(() => evaluate(body, requirements));
    worst = Math.max(worst, full);
    console.log(
      `${name.padEnd(28)} ${parse.toFixed(2).padStart(9)} ${full.toFixed(2).padStart(12)}  ${full <= 5 ? "met" : "MISSED"}`,
    );
  }
  console.log(`\nworst case: ${worst.toFixed(2)} ms`);
}

async function requestFigures() {
  const { probot, api, counter } = benchProbot();
  await probot.load(createApp({ appId: 1 }));
  api
    .post("/app/installations/2/access_tokens")
    .reply(201, { token: "t", expires_at: "2099-01-01T00:00:00Z" });
  api.get(/async-status\.yml/).reply(200, "template:\n  min_words: 1\n");
  // No PR template in .github/, the root or docs/ (looked up once, then cached).
  api.get(/\/contents(\/(\.github|docs))?$/).reply(404, { message: "Not Found" });
  api.post(/check-runs/).reply(201, { id: 1 });
  api.get(/\/comments/).reply(200, []);
  api.post(/\/comments$/).reply(201, { id: 1 });
  api.get(/\/labels\//).reply(200, {});
  api.post(/\/labels$/).reply(200, []);
  api.delete(/\/labels\//).reply(200, []);
  // The check re-reads the PR before judging it: GitHub has it as the payload says.
  let current: object = {};
  api.get(/\/pulls\/1$/).reply(200, () => current);

  const base = {
    action: "synchronize",
    installation: { id: 2 },
    repository: { name: "r", owner: { login: "o" }, full_name: "o/r" },
    sender: { login: "u", type: "User" },
  };
  const pr = (body: string, labels: string[]) => ({
    number: 1,
    body,
    labels: labels.map((name) => ({ name })),
    user: { login: "u", type: "User" },
    draft: false,
    state: "open",
    head: { sha: "a".repeat(40) },
  });
  const send = async (payload: { pull_request: object; [key: string]: unknown }) => {
    current = payload.pull_request;
    const before = counter.count;
    await probot.receive({ id: String(Math.random()), name: "pull_request", payload } as never);
    return counter.count - before;
  };
  // The first event also fetches the installation token and looks up the templates (cached).
  const first = await send({ ...base, pull_request: pr("x", ["template: incomplete"]) });
  const incomplete = "## Problem\nx\n## Solution\ny\n";
  const complete = `${incomplete}## How to test\nz\n`;
  const rows: Array<[string, number]> = [
    ["first event (token, template lookup)", first],
    [
      "synchronize, incomplete, already labelled",
      await send({ ...base, pull_request: pr(incomplete, ["template: incomplete"]) }),
    ],
    ["synchronize, complete", await send({ ...base, pull_request: pr(complete, []) })],
    [
      "edited, same verdict",
      await send({
        ...base,
        action: "edited",
        changes: { body: { from: `${incomplete} ` } },
        pull_request: pr(incomplete, ["template: incomplete"]),
      }),
    ],
    [
      "opened, incomplete (first report)",
      await send({ ...base, action: "opened", pull_request: pr(incomplete, []) }),
    ],
    [
      "edited, now complete (transition)",
      await send({
        ...base,
        action: "edited",
        changes: { body: { from: incomplete } },
        pull_request: pr(complete, ["template: incomplete"]),
      }),
    ],
  ];
  console.log(
    "\n2. GitHub API requests per pull_request event (installation token cached; goal in steady state ≤ 2)\n",
  );
  for (const [name, n] of rows) console.log(`${name.padEnd(44)} ${String(n).padStart(3)}`);
  nock.cleanAll();
}

parseFigures();
await requestFigures();
