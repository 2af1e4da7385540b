import type { Logger } from "pino";
import type { ProbotOctokit } from "probot";
import { Temporal } from "temporal-polyfill";
import { createApp } from "../app.js";
import { JOBS } from "../capabilities.js";
import { describeReport } from "../cli/tick.js";
import type { RepoRef } from "../github/port.js";
import { codeSpan, fenceFor } from "../markdown/escape.js";
import { tickRepository } from "../tick.js";
import { type Delivery, deliverEvent, describeDelivery } from "./event.js";
import { trustedAppId } from "./identity.js";
import { type ActionSettings, HANDLED_EVENTS, readActionSettings, type Trigger } from "./inputs.js";
import { actionOctokit } from "./octokit.js";
import { annotation, plainText, type RunnerIo } from "./runner.js";

export interface ActionDeps {
  env: NodeJS.ProcessEnv;
  io: RunnerIo;
  log: Logger;
}

/** What one run did, for the log and the job summary. */
interface Outcome {
  /** The line for the log and the job summary. */
  line: string;
  /** Failures, each an `::error::` annotation; any makes the step fail. */
  failures: string[];
  /** Dry-run plan lines, shown in the job summary. */
  plan: string[];
}

type Octokit = InstanceType<typeof ProbotOctokit>;
type Scope = {
  settings: ActionSettings;
  octokit: Octokit;
  Octokit: typeof ProbotOctokit;
  appId: number;
  log: Logger;
  io: RunnerIo;
};

/**
 * One run of the GitHub Action: read the settings, then hand over to the same code as the app.
 * Webhook events go to the app's handlers, `schedule` and `workflow_dispatch` to the tick for
 * this repository. Returns the exit code: 1 when the settings are invalid or anything failed.
 */
export async function runAction(deps: ActionDeps): Promise<number> {
  const { io } = deps;
  const read = readActionSettings(deps.env);
  if (!read.ok) {
    for (const problem of read.problems) io.stdout(annotation("error", problem));
    return 1;
  }
  const { settings } = read;
  const { trigger, repo } = settings;
  if (trigger.kind === "other") {
    io.stdout(
      annotation(
        "warning",
        `async-status has nothing to do on "${trigger.source}" events; run it on ${HANDLED_EVENTS.join(", ")}`,
      ),
    );
    return 0;
  }
  const log = deps.log.child({ repo: `${repo.owner}/${repo.repo}`, event: trigger.source });
  const Octokit = actionOctokit(settings.restUrl, settings.graphqlUrl) as typeof ProbotOctokit;
  const octokit = new Octokit({
    auth: { token: settings.token },
    baseUrl: settings.restUrl,
    log: log.child({ name: "github" }),
  });
  let outcome: Outcome;
  try {
    const appId = await trustedAppId(settings, {
      request: (route, params) => octokit.request(route, params),
    });
    const scope = { settings, octokit, Octokit, appId, log, io };
    outcome = trigger.kind === "event" ? await onEvent(scope, trigger) : await onTick(scope);
  } catch (error) {
    log.error({ err: error }, "async-status failed");
    outcome = { line: "async-status failed", failures: [messageOf(error)], plan: [] };
  }
  io.stdout(`${plainText(outcome.line)}\n`);
  for (const failure of outcome.failures) io.stdout(annotation("error", failure));
  if (settings.summaryPath) await io.appendFile(settings.summaryPath, jobSummary(repo, outcome));
  return outcome.failures.length > 0 ? 1 : 0;
}

async function onEvent(
  scope: Scope,
  trigger: Extract<Trigger, { kind: "event" }>,
): Promise<Outcome> {
  const { settings, io, log } = scope;
  const payload: unknown = JSON.parse(await io.readFile(trigger.payloadPath));
  if (typeof payload !== "object" || payload === null || Array.isArray(payload))
    throw new Error(`the event payload at ${trigger.payloadPath} is not a JSON object`);
  const delivery: Delivery = {
    id: settings.deliveryId,
    name: trigger.name,
    payload: payload as Record<string, unknown>,
  };
  const what = describeDelivery(delivery);
  // The handlers write as they go: there is no plan to print for an event.
  if (settings.dryRun)
    return {
      line: `dry run: ${what} was not handled (dry-run previews the scheduled work only)`,
      failures: [],
      plan: [],
    };
  const now = settings.now;
  const app = createApp({ appId: scope.appId, ...(now ? { now: () => now } : {}) });
  try {
    await deliverEvent(delivery, {
      app,
      token: settings.token,
      restUrl: settings.restUrl,
      Octokit: scope.Octokit,
      log,
    });
  } catch (error) {
    const errors = error instanceof AggregateError ? error.errors : [error];
    return {
      line: `${what}: failed`,
      failures: errors.map((e) => `${what}: ${messageOf(e)}`),
      plan: [],
    };
  }
  return { line: `${what}: handled`, failures: [], plan: [] };
}

async function onTick(scope: Scope): Promise<Outcome> {
  const { settings, io, log } = scope;
  const now = settings.now ?? Temporal.Now.instant();
  const plan: string[] = [];
  const report = await tickRepository(scope.octokit, settings.repo, JOBS, {
    now,
    log,
    appId: scope.appId,
    dryRun: settings.dryRun,
    print: (line) => {
      plan.push(line);
      io.stdout(`${plainText(line)}\n`);
    },
  });
  return {
    line: `tick at ${now.toString()}${settings.dryRun ? " (dry run)" : ""}: ${describeReport(report)}`,
    failures: report.failures.map((f) => `${f.repo}: ${f.error}`),
    plan,
  };
}

/** The run in the job summary: the report line, then failures and the dry run's plan, as text. */
function jobSummary(repo: RepoRef, outcome: Outcome): string {
  const block = (title: string, lines: string[]) => {
    if (lines.length === 0) return "";
    const text = lines.join("\n");
    const fence = fenceFor(text);
    return `\n${title}\n\n${fence}text\n${text}\n${fence}\n`;
  };
  return `### async-status: ${repo.owner}/${repo.repo}\n\n${codeSpan(outcome.line)}\n${block("Failed:", outcome.failures)}${block("Would write:", outcome.plan)}\n`;
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));
