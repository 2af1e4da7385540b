import { type ChildProcess, spawn } from "node:child_process";
import { createHmac } from "node:crypto";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { fileURLToPath } from "node:url";
import { createLogger } from "../../src/log.js";
import { startServer } from "../../src/server.js";
import { type FakeGitHub, freePort } from "../helpers/fake-github.js";
import { PRIVATE_KEY } from "../helpers/probot.js";

export const SECRET = "webhook-secret";

/** The X-Hub-Signature-256 GitHub sends for `body`. */
export const sign = (body: string, secret = SECRET) =>
  `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`;

export interface RealServer {
  /** http://127.0.0.1:PORT */
  base: string;
  port: number;
  /** Every JSON log line the server wrote. */
  logs: string[];
  stop(): Promise<void>;
}

/**
 * Start the server in this process with `startServer`, as `npm start` starts it, against
 * `github` on GHE_HOST, logging JSON at debug level into `logs`; `env` adds to or overrides
 * the environment.
 */
export async function startRealServer(
  github: FakeGitHub,
  env: NodeJS.ProcessEnv = {},
): Promise<RealServer> {
  const host = await github.start();
  const port = await freePort();
  const serverEnv: NodeJS.ProcessEnv = {
    APP_ID: "123",
    PRIVATE_KEY,
    WEBHOOK_SECRET: SECRET,
    PORT: String(port),
    HOST: "127.0.0.1",
    GHE_HOST: host,
    GHE_PROTOCOL: "http",
    LOG_LEVEL: "debug",
    LOG_FORMAT: "json",
    ...env,
  };
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk, _enc, done) {
      logs.push(String(chunk));
      done();
    },
  });
  const server = await startServer(serverEnv, { log: await createLogger(serverEnv, sink) });
  return {
    base: `http://127.0.0.1:${port}`,
    port,
    logs,
    async stop() {
      await server.stop();
      await github.stop();
    },
  };
}

const MAIN = fileURLToPath(new URL("../../dist/src/main.js", import.meta.url));

export interface ChildServer {
  pid: number;
  port: number;
  /** http://127.0.0.1:PORT */
  base: string;
  /** What the server printed, for a failure message. */
  output(): string;
  stop(): Promise<void>;
}

/**
 * Run the built server exactly as `npm start` does (`node dist/src/main.js`, after
 * `npm run build`) in a child process, so that its memory can be measured on its own. It
 * runs in an empty directory, so no `.env` of the developer's applies, with the in-process
 * tick off and GHE_HOST on a closed port, so it never reaches the network. `env` adds to or
 * overrides that environment (a fake GitHub's GHE_HOST, REDIS_URL, TICK_INTERVAL_MINUTES).
 */
export async function spawnBuiltServer(env: NodeJS.ProcessEnv = {}): Promise<ChildServer> {
  if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: run \`npm run build\` first`);
  const port = await freePort();
  const cwd = mkdtempSync(join(tmpdir(), "async-status-"));
  const child: ChildProcess = spawn(process.execPath, [MAIN], {
    cwd,
    env: {
      PATH: process.env.PATH,
      NODE_ENV: "production",
      APP_ID: "123",
      PRIVATE_KEY,
      WEBHOOK_SECRET: SECRET,
      PORT: String(port),
      HOST: "127.0.0.1",
      GHE_HOST: "127.0.0.1:9",
      GHE_PROTOCOL: "http",
      TICK_INTERVAL_MINUTES: "0",
      LOG_LEVEL: "warn",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (c) => {
    output += c;
  });
  child.stderr?.on("data", (c) => {
    output += c;
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const stop = async () => {
    if (child.exitCode === null) child.kill("SIGTERM");
    await exited;
    rmSync(cwd, { recursive: true, force: true });
  };
  for (let i = 0; i < 200; i++) {
    if (child.exitCode !== null) break;
    const up = await fetch(`http://127.0.0.1:${port}/ping`).then(
      (res) => res.ok,
      () => false,
    );
    if (up && child.pid)
      return {
        pid: child.pid,
        port,
        base: `http://127.0.0.1:${port}`,
        output: () => output,
        stop,
      };
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  await stop();
  throw new Error(`the built server did not start:\n${output}`);
}

/** POST a webhook delivery to a server, signed with SECRET, as GitHub sends it. */
export function deliver(
  base: string,
  delivery: { event: string; id: string; payload: unknown },
): Promise<Response> {
  const body = JSON.stringify(delivery.payload);
  return fetch(`${base}/api/github/webhooks`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "x-github-event": delivery.event,
      "x-github-delivery": delivery.id,
      "x-hub-signature-256": sign(body),
    },
    body,
  });
}
