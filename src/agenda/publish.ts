import type { Logger } from "pino";
import type { Temporal } from "temporal-polyfill";
import type { Action, LabelSpec } from "../github/actions.js";
import { type SweepPort, sweepStaleClaims, withClaim } from "../github/claim.js";
import { executePlan } from "../github/executor.js";
import { type LabelledIssue, listLabelledIssues } from "../github/labelled-issues.js";
import { agendaKeyOf, MARKERS } from "../github/markers.js";
import type { GitHubPort, RepoRef } from "../github/port.js";
import { type AgendaState, decodeAgendaState } from "./model.js";
import type { SyncConfig, SyncSlot } from "./schedule.js";

/** What the agenda reads and writes: the issue, label and search endpoints, GraphQL for the claim sweep. */
export type AgendaOctokit = GitHubPort & SweepPort;

/** A claim older than this is taken over: its holder crashed. */
const LEASE_MINUTES = 15;
/** Every agenda claim starts so: `async-status-lock: agenda 2026-12-10T16:00`. */
const CLAIM_PREFIX = "async-status-lock: agenda ";

export interface AgendaIssue extends LabelledIssue {
  key: string;
  open: boolean;
  /** The agenda's own state, from the hidden block of its body. */
  agenda: AgendaState;
}

export const agendaLabel = (sync: SyncConfig): LabelSpec => ({
  name: sync.label,
  color: "0e8a16",
  description: "Sync agenda by async-status",
});

/**
 * The agenda issues of a repository, newest first (one request): issues with the agenda label
 * whose body starts with the marker and holds a readable state. The state is read only from
 * there, so a pasted marker elsewhere is no agenda.
 */
export async function listAgendas(
  octokit: GitHubPort,
  home: RepoRef,
  sync: SyncConfig,
): Promise<AgendaIssue[]> {
  const issues = await listLabelledIssues(octokit, home, sync.label);
  return issues.flatMap((issue) => {
    const key = agendaKeyOf(issue.body);
    const agenda = key ? decodeAgendaState(issue.body) : undefined;
    if (!key || agenda?.key !== key) return [];
    return [{ ...issue, key, open: issue.state === "open", agenda }];
  });
}

/** The sync's agenda issue, labelled. */
export const planAgendaIssue = (sync: SyncConfig, slot: SyncSlot, body: string): Action => ({
  type: "createIssue",
  title: slot.title,
  body,
  labels: [agendaLabel(sync)],
  marker: MARKERS.agenda(slot.key),
});

export type PublishAgendaResult =
  | { status: "busy" }
  | { status: "exists"; number: number }
  | { status: "created"; number: number };

/**
 * Publish a sync's agenda exactly once: sweep claims whose holder crashed, claim the sync with
 * a lock label (creating a label is atomic), look again, create the issue (a 5xx is checked
 * for the marker before a second POST), release the claim.
 */
export async function publishAgenda(input: {
  octokit: AgendaOctokit;
  home: RepoRef;
  sync: SyncConfig;
  slot: SyncSlot;
  body: string;
  log: Pick<Logger, "debug" | "info" | "warn" | "error">;
  appId?: number;
  clock: () => Temporal.Instant;
}): Promise<PublishAgendaResult> {
  const { octokit, home, sync, slot, log, clock } = input;
  const lease = { leaseMinutes: LEASE_MINUTES, clock };
  const { removed } = await sweepStaleClaims(octokit, home, CLAIM_PREFIX, lease);
  if (removed.length > 0) log.info({ labels: removed }, "stale agenda claims removed");
  const claimed = await withClaim(
    octokit,
    home,
    `${CLAIM_PREFIX}${slot.key}`,
    lease,
    async (): Promise<PublishAgendaResult> => {
      const raced = (await listAgendas(octokit, home, sync)).find((a) => a.key === slot.key);
      if (raced) return { status: "exists", number: raced.number };
      const ports = { octokit, repo: home, log, ...(input.appId ? { appId: input.appId } : {}) };
      const created = await executePlan(ports, [planAgendaIssue(sync, slot, input.body)]);
      const number = created.createdIssues[0] as number;
      log.info({ issue: number, sync: slot.key }, "sync agenda published");
      return { status: "created", number };
    },
  );
  return claimed.held ? claimed.value : { status: "busy" };
}
