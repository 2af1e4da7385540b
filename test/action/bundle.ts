import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { FakeGitHub, FakeRequest } from "../helpers/fake-github.js";

/*
 * Runs the committed bundle the way the runner runs a JavaScript action (`node <main>`), in a
 * child process, with the variables the runner sets, against a fake GitHub API on loopback.
 */

/** action.yml's `runs.main`. */
export const ENTRY = fileURLToPath(new URL("../../dist-action/index.js", import.meta.url));
export const REPOSITORY = "Codertocat/Hello-World";
/** What the runner puts in GITHUB_TOKEN: an installation token of the GitHub Actions app. */
export const WORKFLOW_TOKEN = "ghs_workflowtoken0000000000000000000000";
/** The GitHub Actions app, as GitHub names it in `performed_via_github_app`. */
export const ACTIONS_APP = { id: 15368, slug: "github-actions" };
/** The account GITHUB_TOKEN writes as. */
export const ACTIONS_BOT = { login: "github-actions[bot]", id: 41898282, type: "Bot" };
/** The run, as GITHUB_RUN_ID and GITHUB_RUN_ATTEMPT: the delivery id is `4242-1`. */
export const RUN_ID = "4242";

/** REST under GHES's `/api/v3` on the fake host; GraphQL where `GITHUB_GRAPHQL_URL` says. */
export const REST = "/api/v3";
export const REPO_PATH = `${REST}/repos/${REPOSITORY}`;

/** A comment by the workflow's GITHUB_TOKEN, as GitHub returns it. */
export const workflowComment = (id: number, body: string) => ({
  id,
  body,
  user: ACTIONS_BOT,
  performed_via_github_app: ACTIONS_APP,
});

export interface BundleRun {
  code: number | null;
  stdout: string;
  stderr: string;
  /** What the run appended to GITHUB_STEP_SUMMARY. */
  summary: string;
}

/**
 * `node dist-action/index.js` for `event` (with `payload` at GITHUB_EVENT_PATH), the fake API
 * on `host` as GITHUB_API_URL (`/api/v3`) and GITHUB_GRAPHQL_URL (`graphqlPath`), and the
 * step's inputs as the runner passes them (`INPUT_DRY-RUN`, …).
 */
export async function runBundle(options: {
  host: string;
  event: string;
  payload?: object;
  inputs?: Record<string, string>;
  graphqlPath?: string;
  env?: Record<string, string>;
}): Promise<BundleRun> {
  if (!existsSync(ENTRY)) throw new Error(`${ENTRY} is missing: run \`npm run build:action\``);
  const dir = mkdtempSync(join(tmpdir(), "async-status-action-"));
  const eventPath = join(dir, "event.json");
  const summaryPath = join(dir, "step-summary.md");
  writeFileSync(eventPath, JSON.stringify(options.payload ?? {}));
  writeFileSync(summaryPath, "");
  const inputs = Object.fromEntries(
    Object.entries(options.inputs ?? {}).map(([k, v]) => [`INPUT_${k.toUpperCase()}`, v]),
  );
  const child = spawn(process.execPath, [ENTRY], {
    cwd: dir,
    env: {
      PATH: process.env.PATH,
      GITHUB_ACTIONS: "true",
      GITHUB_EVENT_NAME: options.event,
      GITHUB_EVENT_PATH: eventPath,
      GITHUB_REPOSITORY: REPOSITORY,
      GITHUB_RUN_ID: RUN_ID,
      GITHUB_RUN_ATTEMPT: "1",
      GITHUB_TOKEN: WORKFLOW_TOKEN,
      GITHUB_API_URL: `http://${options.host}${REST}`,
      GITHUB_GRAPHQL_URL: `http://${options.host}${options.graphqlPath ?? "/api/graphql"}`,
      GITHUB_STEP_SUMMARY: summaryPath,
      // What action.yml's defaults give when the workflow sets nothing.
      "INPUT_GITHUB-TOKEN": WORKFLOW_TOKEN,
      "INPUT_DRY-RUN": "false",
      ...inputs,
      ...options.env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (c) => {
    stdout += c;
  });
  child.stderr.on("data", (c) => {
    stderr += c;
  });
  const timer = setTimeout(() => child.kill("SIGKILL"), 55_000);
  const code = await new Promise<number | null>((resolve) => child.once("close", resolve));
  clearTimeout(timer);
  const summary = readFileSync(summaryPath, "utf8");
  rmSync(dir, { recursive: true, force: true });
  return { code, stdout, stderr, summary };
}

/** `::error::` and `::warning::` annotations the run printed. */
export const annotations = (run: BundleRun) =>
  run.stdout.split("\n").filter((l) => /^::(error|warning)::/.test(l));

/** The body of the first request with this method whose path starts with `path`. */
export const bodyOf = (github: FakeGitHub, method: string, path: string) =>
  github.requests.find((r) => r.method === method && r.path.startsWith(path))?.body as
    | Record<string, unknown>
    | undefined;

/** "METHOD /path" of each request, in order. */
export const calls = (requests: readonly FakeRequest[]) =>
  requests.map((r) => `${r.method} ${r.path}`);
