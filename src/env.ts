import { existsSync } from "node:fs";
import { z } from "zod";

/**
 * The environment options async-status reads itself (Probot reads APP_ID, PRIVATE_KEY,
 * WEBHOOK_SECRET, PORT, GHE_HOST and friends). Validated once at start-up.
 */
export const EnvSchema = z.object({
  APP_ID: z
    .string()
    .regex(
      /^\d+$/,
      "APP_ID must be the numeric id of the GitHub App (App settings → General → App ID)",
    )
    .optional(),
  GHE_PROTOCOL: z
    .enum(["http", "https"], { error: "GHE_PROTOCOL must be http or https" })
    .optional(),
  GHE_HOST: z
    .string()
    .regex(
      /^[^/\s]+$/,
      "GHE_HOST must be a host name with an optional port, such as github.example.com or 127.0.0.1:8080, without a scheme or path",
    )
    .optional(),
  LOG_LEVEL: z
    .enum(["trace", "debug", "info", "warn", "error", "fatal", "silent"], {
      error: "LOG_LEVEL must be one of trace, debug, info, warn, error, fatal, silent",
    })
    .optional(),
  PORT: z.string().regex(/^\d+$/, "PORT must be a number").optional(),
  WEBHOOK_SECRET: z
    .string()
    .refine(
      (value) => value.split(",").every((secret) => secret.trim() !== ""),
      "WEBHOOK_SECRET is a comma-separated list of secrets, and none of them may be empty (check for a stray comma)",
    )
    .optional(),
  METRICS_PORT: z
    .string()
    .regex(
      /^\d{1,5}$/,
      "METRICS_PORT must be a port number (0 turns /metrics off; unset serves it on PORT)",
    )
    .refine((port) => Number(port) <= 65535, "METRICS_PORT must be at most 65535")
    .optional(),
  REDIS_URL: z
    .string()
    .regex(
      /^rediss?:\/\/[^\s]+$/,
      "REDIS_URL must be a redis:// or rediss:// URL, such as redis://redis:6379",
    )
    .optional(),
  TICK_INTERVAL_MINUTES: z.coerce
    .number({
      error: "TICK_INTERVAL_MINUTES must be a number of minutes (0 turns the in-process tick off)",
    })
    .int("TICK_INTERVAL_MINUTES must be a whole number of minutes")
    .min(0, "TICK_INTERVAL_MINUTES cannot be negative")
    .max(1440, "TICK_INTERVAL_MINUTES can be at most 1440 (a day)")
    .optional(),
});
export type Env = z.infer<typeof EnvSchema>;

/** What the entries need from the environment, typed and derived once. */
export interface EnvOptions {
  /** The GitHub App id, when the app's credentials are set. */
  appId?: number;
  /** REST base URL: GitHub, or GHE_PROTOCOL://GHE_HOST/api/v3. */
  baseUrl: string;
  /** Set when the app's credentials are (APP_ID, and PRIVATE_KEY or PRIVATE_KEY_PATH). */
  app?: { appId: number };
  /** GITHUB_TOKEN, which the CLI and the Action prefer for one repository. */
  token?: string;
  /** Minutes between the server's in-process ticks (0: off). */
  tickIntervalMinutes: number;
  /** Every secret a delivery may be signed with (WEBHOOK_SECRET, comma-separated). */
  webhookSecrets: string[];
  /** Where /metrics is served: on PORT (`main`), on a port of its own, or not at all. */
  metrics: "main" | "off" | { port: number };
  /** REDIS_URL: Probot's shared throttling, and a readiness check. */
  redisUrl?: string;
}

function optionsOf(env: Env, raw: Record<string, string | undefined>): EnvOptions {
  const appId = env.APP_ID ? Number(env.APP_ID) : undefined;
  const hasKey = Boolean(raw.PRIVATE_KEY || raw.PRIVATE_KEY_PATH);
  return {
    ...(appId !== undefined ? { appId } : {}),
    baseUrl: env.GHE_HOST
      ? `${env.GHE_PROTOCOL ?? "https"}://${env.GHE_HOST}/api/v3`
      : "https://api.github.com",
    ...(appId !== undefined && hasKey ? { app: { appId } } : {}),
    ...(raw.GITHUB_TOKEN ? { token: raw.GITHUB_TOKEN } : {}),
    tickIntervalMinutes: env.TICK_INTERVAL_MINUTES ?? 5,
    webhookSecrets: env.WEBHOOK_SECRET
      ? env.WEBHOOK_SECRET.split(",").map((secret) => secret.trim())
      : [],
    metrics:
      env.METRICS_PORT === undefined
        ? "main"
        : Number(env.METRICS_PORT) === 0
          ? "off"
          : { port: Number(env.METRICS_PORT) },
    ...(env.REDIS_URL ? { redisUrl: env.REDIS_URL } : {}),
  };
}

/** A PEM private key, as Probot accepts it: the text (with `\n` escapes) or its base64. */
function isPem(key: string): boolean {
  const pem = /-----BEGIN [A-Z ]*PRIVATE KEY-----/;
  return pem.test(key) || pem.test(Buffer.from(key, "base64").toString("utf8"));
}

/** Validate the environment; on failure, return one message a person can act on. */
export function readEnv(
  env: NodeJS.ProcessEnv,
  options: { webhooks?: boolean } = {},
): { ok: true; env: Env; options: EnvOptions } | { ok: false; message: string } {
  const cleaned = Object.fromEntries(
    Object.entries(env).filter(([, v]) => v !== undefined && v !== ""),
  );
  const parsed = EnvSchema.safeParse(cleaned);
  const problems = parsed.success
    ? []
    : parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
  if (cleaned.APP_ID !== undefined) {
    // Without a secret Probot would accept deliveries signed with its public default.
    if (options.webhooks !== false && cleaned.WEBHOOK_SECRET === undefined)
      problems.push(
        "  WEBHOOK_SECRET: must be set when APP_ID is (the webhook secret from the app's settings)",
      );
    if (cleaned.PRIVATE_KEY !== undefined && !isPem(cleaned.PRIVATE_KEY)) {
      problems.push(
        "  PRIVATE_KEY: is not a PEM private key (it should start with -----BEGIN RSA PRIVATE KEY-----)",
      );
    }
    if (cleaned.PRIVATE_KEY === undefined && cleaned.PRIVATE_KEY_PATH === undefined)
      problems.push(
        "  PRIVATE_KEY: set PRIVATE_KEY or PRIVATE_KEY_PATH when APP_ID is (App settings → Private keys)",
      );
    if (
      cleaned.PRIVATE_KEY === undefined &&
      cleaned.PRIVATE_KEY_PATH !== undefined &&
      !existsSync(cleaned.PRIVATE_KEY_PATH)
    ) {
      problems.push(`  PRIVATE_KEY_PATH: no file at ${cleaned.PRIVATE_KEY_PATH}`);
    }
  }
  if (problems.length > 0 || !parsed.success)
    return { ok: false, message: `Invalid environment:\n${problems.join("\n")}` };
  return { ok: true, env: parsed.data, options: optionsOf(parsed.data, cleaned) };
}
