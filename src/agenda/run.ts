import type { Logger } from "pino";
import { Temporal } from "temporal-polyfill";
import type { Config } from "../config/schema.js";
import type { Action } from "../github/actions.js";
import { executePlan } from "../github/executor.js";
import type { RepoRef } from "../github/port.js";
import { readItems, searchCandidates } from "./collect.js";
import {
  type AgendaContext,
  type AgendaState,
  type Entry,
  type ItemReading,
  isSettled,
  reconcile,
  refOf,
} from "./model.js";
import {
  type AgendaIssue,
  type AgendaOctokit,
  listAgendas,
  planAgendaIssue,
  publishAgenda,
} from "./publish.js";
import { renderAgenda } from "./render.js";
import {
  describeKey,
  inPublicationWindow,
  nextSync,
  type SyncConfig,
  type SyncSlot,
} from "./schedule.js";

/** Which agenda a repository's visit looks after, and what it covers. */
export interface AgendaTarget {
  /** The repository the agenda issues live in. */
  home: RepoRef;
  /** The search qualifier of what it covers: `repo:owner/name`, or `org:owner`. */
  qualifier: string;
  /** The organisation, for an organisation-wide agenda. */
  org?: string;
  sync: SyncConfig;
}

/** The organisation's configuration lives in its `.github` repository. */
const ORG_CONFIG_REPO = ".github";

/**
 * The agenda a repository's visit looks after, if any. With `sync` in the organisation's
 * config and `rollup.enabled`, there is one agenda for the organisation, in `rollup.repository`,
 * looked after on the visit of the `.github` repository whose file it is; repositories that
 * merely inherit that config (no file of their own) publish none of their own. Otherwise a
 * repository with `sync` in its config has its own agenda, in itself.
 */
export function agendaTarget(
  repo: RepoRef & { hasIssues: boolean },
  config: Config,
  inherited: boolean,
): AgendaTarget | undefined {
  const sync = config.sync;
  if (!sync) return undefined;
  const orgWide = config.rollup.enabled && (inherited || repo.repo === ORG_CONFIG_REPO);
  if (orgWide) {
    if (inherited) return undefined;
    return {
      home: { owner: repo.owner, repo: config.rollup.repository },
      qualifier: `org:${repo.owner}`,
      org: repo.owner,
      sync,
    };
  }
  if (!repo.hasIssues) return undefined;
  return {
    home: { owner: repo.owner, repo: repo.repo },
    qualifier: `repo:${repo.owner}/${repo.repo}`,
    sync,
  };
}

export interface AgendaRunInput {
  octokit: AgendaOctokit;
  target: AgendaTarget;
  config: Config;
  now: Temporal.Instant;
  log: Pick<Logger, "debug" | "info" | "warn" | "error">;
  appId?: number;
  dryRun?: boolean;
  print?: (line: string) => void;
  /** Render the next sync's agenda whatever the time, and write nothing (`agenda --dry-run`). */
  preview?: boolean;
  /** Per agenda home: until when nothing can be due (the server's scheduler keeps it). */
  memory?: Map<string, string>;
  /** The real clock, for the claim's timestamp. */
  clock?: () => Temporal.Instant;
}

export interface AgendaRunResult {
  slot: SyncSlot;
  /** Agendas published (0 or 1). */
  published: number;
  /** Writes planned. */
  actions: number;
  /** Another machine holds the sync's claim: nothing written, the next tick looks again. */
  busy?: boolean;
  /** With `preview`: the body the next sync's agenda has, or would have. */
  preview?: { number?: number; body: string };
}

const unsettled = (state: AgendaState) => state.entries.filter((e) => !e.outcome);

/**
 * Keep a repository's (or an organisation's) agendas in step with GitHub, in named steps:
 * list the agenda issues; read the candidates (one search) and every open entry's item; bring
 * each open agenda's state up to date (late additions only to the next sync's, before it
 * starts); publish the next sync's agenda once its time has come (`lead` before, and never once
 * it has started), carrying over what earlier agendas left open; then edit each open agenda in
 * place when its body changed, and close it once superseded, or once its sync is over and
 * every entry is settled. No comments are written. Writes are idempotent: a second run
 * changes nothing, and one that failed half-way is repaired by the next.
 */
export async function runAgenda(input: AgendaRunInput): Promise<AgendaRunResult> {
  const { octokit, target, config, now, log } = input;
  const { home, sync } = target;
  const slot = nextSync(now, sync, config);
  const result: AgendaRunResult = { slot, published: 0, actions: 0 };
  const memoryKey = `${home.owner}/${home.repo}`.toLowerCase();
  const idleUntil = input.preview ? undefined : input.memory?.get(memoryKey);
  if (idleUntil && Temporal.Instant.compare(now, Temporal.Instant.from(idleUntil)) < 0)
    return result;

  // Step 1: the agenda issues, and what is due.
  const agendas = await listAgendas(octokit, home, sync);
  const open = agendas.filter((a) => a.open);
  const current = agendas.find((a) => a.key === slot.key);
  const due = !current && inPublicationWindow(slot, now);
  if (!due && open.length === 0 && !input.preview) {
    log.debug({ repo: memoryKey, sync: slot.key }, "no agenda open or due");
    input.memory?.set(memoryKey, slot.publishAt.toInstant().toString());
    return result;
  }

  // Step 2: read. The search only while the next sync's agenda takes items.
  const taking = due || input.preview === true || current?.open === true;
  const hits = taking ? await searchCandidates(octokit, target.qualifier) : [];
  const wanted = [...open.flatMap((a) => unsettled(a.agenda)), ...hits];
  const readings = await readItems(octokit, wanted, hits, input.appId);
  const joining = hits.flatMap((h) => readings.get(refOf(h)) ?? []);
  const ctx: AgendaContext = { sync, config, now };

  // Step 3 (pure): each open agenda brought up to date.
  const updated = new Map<number, { state: AgendaState; overflow: number }>();
  for (const agenda of open)
    updated.set(
      agenda.number,
      reconcile({
        state: agenda.agenda,
        readings,
        joining: agenda === current ? joining : [],
        ctx,
      }),
    );
  const render = (state: AgendaState, overflow = 0) =>
    renderAgenda({
      state,
      when: describeKey(state.key, config.timezone),
      home,
      readings,
      sync,
      now,
      overflow,
    });

  // Step 4: publish the next sync's agenda, with what the earlier ones left open.
  let successor: number | undefined;
  if (due || (input.preview && !current)) {
    const fresh = newAgenda(slot, target, open, updated, readings, joining, ctx);
    const body = render(fresh.state, fresh.overflow);
    if (input.preview) return { ...result, preview: { body } };
    if (input.dryRun) {
      await print(input, [planAgendaIssue(sync, slot, body)]);
      result.actions++;
    } else {
      const published = await publishAgenda({
        octokit,
        home,
        sync,
        slot,
        body,
        log,
        ...(input.appId ? { appId: input.appId } : {}),
        clock: input.clock ?? (() => Temporal.Now.instant()),
      });
      // Another machine is publishing, or just did: it also closes the earlier ones.
      if (published.status !== "created") return { ...result, busy: published.status === "busy" };
      result.published++;
      result.actions++;
      successor = published.number;
    }
  }
  if (input.preview && current) {
    const state = updated.get(current.number)?.state ?? current.agenda;
    return { ...result, preview: { number: current.number, body: render(state) } };
  }

  // Step 5: each open agenda edited in place, and closed when its time is over.
  const plan: Action[] = [];
  for (const agenda of open) {
    const { state, overflow } = updated.get(agenda.number) ?? { state: agenda.agenda, overflow: 0 };
    const next = successor ?? newerThan(agendas, agenda);
    const final: AgendaState = next !== undefined ? { ...state, next: { number: next } } : state;
    const body = render(final, overflow);
    if (body !== agenda.body)
      plan.push({ type: "editIssueBody", issueNumber: agenda.number, body });
    if (next !== undefined || isSettled(final, now))
      plan.push({ type: "closeIssue", issueNumber: agenda.number });
  }
  result.actions += plan.length;
  if (input.dryRun) await print(input, plan);
  else await executePlan({ octokit, repo: home, log }, plan);
  return result;
}

/** The new agenda's state: entries carried over from earlier open agendas, then what is eligible now. */
function newAgenda(
  slot: SyncSlot,
  target: AgendaTarget,
  open: readonly AgendaIssue[],
  updated: ReadonlyMap<number, { state: AgendaState }>,
  readings: ReadonlyMap<string, ItemReading>,
  joining: readonly ItemReading[],
  ctx: AgendaContext,
) {
  const carried: Entry[] = [];
  for (const agenda of open.filter((a) => a.key < slot.key)) {
    for (const entry of unsettled(updated.get(agenda.number)?.state ?? agenda.agenda)) {
      const same = (e: Entry) => e.kind === entry.kind && refOf(e) === refOf(entry);
      if (!carried.some(same)) carried.push({ ...entry, carriedFrom: agenda.number });
    }
  }
  const state: AgendaState = {
    v: 1,
    key: slot.key,
    syncAt: slot.at.toInstant().toString(),
    ...(target.org ? { org: target.org } : {}),
    entries: carried,
    mentioned: [],
  };
  return reconcile({ state, readings, joining, ctx });
}

/** The newest agenda of a later sync, which supersedes `agenda`. */
const newerThan = (agendas: readonly AgendaIssue[], agenda: AgendaIssue) =>
  agendas.find((a) => a.key > agenda.key)?.number;

async function print(input: AgendaRunInput, plan: readonly Action[]) {
  await executePlan({ octokit: input.octokit, repo: input.target.home, log: input.log }, plan, {
    dryRun: true,
    ...(input.print ? { print: input.print } : {}),
  });
}
