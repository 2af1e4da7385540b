import { generateKeyPairSync } from "node:crypto";
import nock from "nock";
import { pino } from "pino";
import { Probot, ProbotOctokit } from "probot";

/**
 * A Probot instance for benchmarks (app id 1, a throwaway key, no throttling or retries), and
 * a nock scope on api.github.com that counts every request made.
 */
export function benchProbot() {
  const privateKey = generateKeyPairSync("rsa", {
    modulusLength: 2048,
    privateKeyEncoding: { type: "pkcs1", format: "pem" },
    publicKeyEncoding: { type: "pkcs1", format: "pem" },
  }).privateKey;
  const Octokit = ProbotOctokit.defaults((o: Record<string, unknown>) => ({
    ...o,
    throttle: { ...(o.throttle as object), enabled: false },
    retry: { enabled: false },
  }));
  const probot = new Probot({ appId: 1, privateKey, log: pino({ level: "silent" }), Octokit });
  nock.disableNetConnect();
  const api = nock("https://api.github.com").persist();
  const counter = { count: 0 };
  api.on("request", () => counter.count++);
  return { probot, api, counter };
}
