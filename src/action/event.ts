import type { Logger } from "pino";
import { type ApplicationFunction, Probot, type ProbotOctokit } from "probot";
import type { DeliveredEvent } from "./inputs.js";

export interface Delivery {
  /** A delivery id: the workflow run's. */
  id: string;
  name: DeliveredEvent;
  payload: Record<string, unknown>;
}

/**
 * Receive one event the way the webhook server does, without a server: the app loaded into a
 * Probot that authenticates with the token, then `probot.receive`. A handler's failure is
 * thrown (an AggregateError of every failing handler), after Probot has logged it.
 */
export async function deliverEvent(
  delivery: Delivery,
  options: {
    app: ApplicationFunction;
    token: string;
    restUrl: string;
    Octokit: typeof ProbotOctokit;
    log: Logger;
  },
): Promise<void> {
  const probot = new Probot({
    githubToken: options.token,
    baseUrl: options.restUrl,
    Octokit: options.Octokit,
    log: options.log,
  });
  await probot.load(options.app);
  await probot.receive(delivery as unknown as Parameters<Probot["receive"]>[0]);
}

/** What a payload is about, for the log and the job summary: `pull_request.opened #2`. */
export function describeDelivery(delivery: Delivery): string {
  const { payload } = delivery;
  const action = typeof payload.action === "string" ? `.${payload.action}` : "";
  const item = (payload.pull_request ?? payload.issue) as { number?: unknown } | undefined;
  const number = typeof item?.number === "number" ? ` #${item.number}` : "";
  return `${delivery.name}${action}${number}`;
}
