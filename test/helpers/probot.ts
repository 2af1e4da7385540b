import { generateKeyPairSync } from "node:crypto";
import { pino } from "pino";
import { Probot, ProbotOctokit } from "probot";
import { createApp } from "../../src/app.js";
import { APP_ID } from "./github.js";

/** A throwaway RSA key: Probot signs a real app JWT with it. */
export const PRIVATE_KEY = generateKeyPairSync("rsa", {
  modulusLength: 2048,
  privateKeyEncoding: { type: "pkcs1", format: "pem" },
  publicKeyEncoding: { type: "pkcs1", format: "pem" },
}).privateKey;

export interface LogLine {
  level: number;
  msg: string;
  [key: string]: unknown;
}

/** A Probot instance with the app loaded, retries and throttling off, logs captured. */
export async function makeProbot() {
  const logs: LogLine[] = [];
  const log = pino(
    { level: "debug" },
    { write: (line: string) => logs.push(JSON.parse(line) as LogLine) },
  );
  const probot = new Probot({
    appId: APP_ID,
    privateKey: PRIVATE_KEY,
    log,
    Octokit: ProbotOctokit.defaults({ retry: { enabled: false }, throttle: { enabled: false } }),
  });
  await probot.load(createApp({ appId: APP_ID }));
  let delivery = 0;
  return {
    probot,
    logs,
    receive: (name: string, payload: object, id = `delivery-${++delivery}`) =>
      probot.receive({ id, name, payload } as unknown as Parameters<Probot["receive"]>[0]),
  };
}
