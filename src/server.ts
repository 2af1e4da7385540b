import type { Logger } from "pino";
import { run } from "probot";
import { createApp } from "./app.js";
import { readEnv } from "./env.js";
import { createLogger } from "./log.js";

type Server = Awaited<ReturnType<typeof run>>;

/**
 * Start the webhook server exactly as `npm start` does: Probot's `run`, which serves the
 * first-run registration page (from app.yml) when there are no credentials, and the live
 * webhook endpoint at /api/github/webhooks when there are.
 */
export async function startServer(
  env: NodeJS.ProcessEnv,
  options: { log?: Logger } = {},
): Promise<Server> {
  const checked = readEnv(env);
  if (!checked.ok) throw new Error(checked.message);
  const appId = checked.env.APP_ID ? Number(checked.env.APP_ID) : undefined;
  const log = options.log ?? (await createLogger(env));
  return run(createApp(appId ? { appId } : {}), { env, log });
}
