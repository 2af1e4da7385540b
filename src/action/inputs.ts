import { Temporal } from "temporal-polyfill";
import { z } from "zod";
import type { RepoRef } from "../github/port.js";

/**
 * What one run of the Action works from: the runner's environment (`GITHUB_*`) and the step's
 * inputs, which the runner passes as `INPUT_<NAME>` (upper case, `-` kept). Read and validated
 * once, at start-up, by `readActionSettings`.
 */
export interface ActionSettings {
  /** What started the run, as the Action handles it. */
  trigger: Trigger;
  repo: RepoRef;
  /** The delivery id events are received with: the run id and attempt. */
  deliveryId: string;
  /** The token every request is made with. */
  token: string;
  /**
   * The app whose comments and state are trusted: the `app-id` input, or undefined for the
   * workflow's GITHUB_TOKEN, whose app (GitHub Actions) `trustedAppId` finds.
   */
  appId?: number;
  /** REST base URL (GITHUB_API_URL): github.com, GHE.com or GHES's `/api/v3`. */
  restUrl: string;
  /** The GraphQL endpoint (GITHUB_GRAPHQL_URL). */
  graphqlUrl: string;
  /** `now`: act as if it were this instant; otherwise the clock. */
  now?: Temporal.Instant;
  dryRun: boolean;
  /** The job summary file (GITHUB_STEP_SUMMARY), when the runner provides one. */
  summaryPath?: string;
}

/** The events the app's handlers take, as they are delivered to them. */
export type DeliveredEvent = "pull_request" | "issues" | "issue_comment";

export type Trigger =
  /** A webhook event: the payload at GITHUB_EVENT_PATH goes to the app's handlers. */
  | { kind: "event"; name: DeliveredEvent; source: string; payloadPath: string }
  /** `schedule` and `workflow_dispatch`: the tick, for this repository. */
  | { kind: "tick"; source: string }
  /** Any other event: nothing to do. */
  | { kind: "other"; source: string };

/**
 * `pull_request_target` carries the same payload as `pull_request` and is delivered as one: the
 * Action never checks out or runs the pull request's code, and only `pull_request_target`
 * gets a token that can write on pull requests from forks.
 */
const EVENTS: Record<string, DeliveredEvent> = {
  pull_request: "pull_request",
  pull_request_target: "pull_request",
  issues: "issues",
  issue_comment: "issue_comment",
};
const TICKS = new Set(["schedule", "workflow_dispatch"]);

/** Events the Action handles, for messages. */
export const HANDLED_EVENTS = [...Object.keys(EVENTS), ...TICKS];

/** The GraphQL endpoint Octokit derives from a REST base URL (GHES: `/api/v3` → `/api/graphql`). */
export function defaultGraphqlUrl(restUrl: string): string {
  return /\/api\/v3\/?$/.test(restUrl)
    ? restUrl.replace(/\/api\/v3\/?$/, "/api/graphql")
    : `${restUrl.replace(/\/$/, "")}/graphql`;
}

/** Token prefixes of people's tokens: the comments they write are a person's, never trusted. */
const PERSONAL_TOKEN = /^(ghp_|github_pat_|gho_|ghu_)/;

/** YAML 1.2 booleans, as `core.getBooleanInput` reads them. */
const BOOLEAN: Record<string, boolean> = {
  true: true,
  True: true,
  TRUE: true,
  false: false,
  False: false,
  FALSE: false,
};

const httpUrl = (name: string) =>
  z.url({
    protocol: /^https?$/,
    error: `${name} must be an http(s) URL, such as https://api.github.com`,
  });

const ActionEnvSchema = z.object({
  GITHUB_EVENT_NAME: z.string({
    error: "GITHUB_EVENT_NAME is not set: run async-status as a step of a GitHub Actions job",
  }),
  GITHUB_EVENT_PATH: z.string().optional(),
  GITHUB_REPOSITORY: z
    .string({ error: "GITHUB_REPOSITORY is not set: it names the repository, OWNER/NAME" })
    .regex(/^[^/\s]+\/[^/\s]+$/, "GITHUB_REPOSITORY must be OWNER/NAME"),
  GITHUB_RUN_ID: z.string().optional(),
  GITHUB_RUN_ATTEMPT: z.string().optional(),
  GITHUB_API_URL: httpUrl("GITHUB_API_URL").optional(),
  GITHUB_GRAPHQL_URL: httpUrl("GITHUB_GRAPHQL_URL").optional(),
  GITHUB_STEP_SUMMARY: z.string().optional(),
  GITHUB_TOKEN: z.string().optional(),
  "INPUT_DRY-RUN": z
    .string()
    .refine((v) => v in BOOLEAN, {
      error: "dry-run must be true or false",
    })
    .optional(),
  INPUT_NOW: z
    .string()
    .refine((v) => instant(v) !== undefined, {
      error: (issue) =>
        `now must be an ISO instant with a zone or offset, such as 2026-11-30T09:00:00Z, not ${JSON.stringify(issue.input)}`,
    })
    .optional(),
  "INPUT_GITHUB-TOKEN": z.string().optional(),
  "INPUT_APP-TOKEN": z.string().optional(),
  "INPUT_APP-ID": z
    .string()
    .regex(/^[1-9]\d*$/, "app-id must be the app's numeric id (App settings → General → App ID)")
    .optional(),
});

function instant(text: string): Temporal.Instant | undefined {
  try {
    return Temporal.Instant.from(text);
  } catch {
    return undefined;
  }
}

export function triggerOf(eventName: string, payloadPath: string | undefined): Trigger | string {
  const delivered = EVENTS[eventName];
  if (delivered) {
    if (!payloadPath)
      return `GITHUB_EVENT_PATH is not set: the ${eventName} event's payload is read from it`;
    return { kind: "event", name: delivered, source: eventName, payloadPath };
  }
  if (TICKS.has(eventName)) return { kind: "tick", source: eventName };
  return { kind: "other", source: eventName };
}

/**
 * Read the Action's settings from the environment; on failure, every problem in a message a
 * person can act on (one line each, named by input or variable).
 */
export function readActionSettings(
  env: NodeJS.ProcessEnv,
): { ok: true; settings: ActionSettings } | { ok: false; problems: string[] } {
  // The runner passes inputs left empty as "": the same as not given.
  const cleaned = Object.fromEntries(
    Object.entries(env)
      .map(([k, v]) => [k, k.startsWith("INPUT_") ? v?.trim() : v] as const)
      .filter(([, v]) => v !== undefined && v !== ""),
  );
  const parsed = ActionEnvSchema.safeParse(cleaned);
  if (!parsed.success) return { ok: false, problems: parsed.error.issues.map((i) => i.message) };
  const e = parsed.data;
  const problems: string[] = [];

  const trigger = triggerOf(e.GITHUB_EVENT_NAME, e.GITHUB_EVENT_PATH);
  if (typeof trigger === "string") problems.push(trigger);

  const appToken = e["INPUT_APP-TOKEN"];
  const token = appToken ?? e["INPUT_GITHUB-TOKEN"] ?? e.GITHUB_TOKEN;
  const appId = e["INPUT_APP-ID"] === undefined ? undefined : Number(e["INPUT_APP-ID"]);
  if (!token)
    problems.push(
      "github-token is empty: leave it at its default (github.token, the job's GITHUB_TOKEN), or pass app-token with app-id",
    );
  else if (PERSONAL_TOKEN.test(token))
    problems.push(
      "a personal access token cannot be used: what it writes is a person's, and async-status never trusts a person's comment as its own state. Use the workflow's GITHUB_TOKEN (the default), or a GitHub App's token as app-token with app-id",
    );
  if (appToken && appId === undefined)
    problems.push(
      "app-id is required with app-token: the numeric id of the app the token belongs to (App settings → General → App ID), so that only that app's comments are trusted",
    );

  if (problems.length > 0 || typeof trigger === "string" || !token) return { ok: false, problems };
  const [owner = "", repo = ""] = e.GITHUB_REPOSITORY.split("/");
  const restUrl = (e.GITHUB_API_URL ?? "https://api.github.com").replace(/\/+$/, "");
  const now = e.INPUT_NOW === undefined ? undefined : instant(e.INPUT_NOW);
  return {
    ok: true,
    settings: {
      trigger,
      repo: { owner, repo },
      deliveryId: `${e.GITHUB_RUN_ID ?? "local"}-${e.GITHUB_RUN_ATTEMPT ?? "1"}`,
      token,
      ...(appId !== undefined ? { appId } : {}),
      restUrl,
      graphqlUrl: e.GITHUB_GRAPHQL_URL ?? defaultGraphqlUrl(restUrl),
      ...(now ? { now } : {}),
      dryRun: BOOLEAN[e["INPUT_DRY-RUN"] ?? "false"] === true,
      ...(e.GITHUB_STEP_SUMMARY ? { summaryPath: e.GITHUB_STEP_SUMMARY } : {}),
    },
  };
}
