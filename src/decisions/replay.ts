import { Temporal } from "temporal-polyfill";
import { decodeAgendaFlag } from "../agenda/index.js";
import { decodeBlocked } from "../blocked/index.js";
import type { Config } from "../config/schema.js";
import type { ExecuteOptions } from "../github/executor.js";
import type { EffectPorts } from "../github/port.js";
import { type ParsedCommand, parseCommands } from "./commands.js";
import type { IssueThread } from "./load.js";
import { runDecisionCommands } from "./run.js";
import type { CommentLike } from "./state.js";

/** A comment with commands of ours that left no trace in the thread. */
export interface LostCommands {
  comment: CommentLike & { created_at: string };
  author: string;
}

/**
 * Comments with our commands, written between `since` and `until`, that the app never handled: no decision
 * they opened, no line of theirs in any status comment, no reply. A lost delivery or a crash
 * before the first write leaves exactly this. Bots' comments and lone typos are left alone,
 * as the webhook handler leaves them.
 */
export function lostCommands(
  thread: IssueThread,
  window: { since: Temporal.Instant; until: Temporal.Instant },
  config: Config,
): LostCommands[] {
  const bots = new Set(config.bots.map((b) => b.toLowerCase()));
  return thread.comments.flatMap((comment) => {
    const author = comment.user?.login ?? "";
    if (!comment.created_at || comment.user?.type === "Bot" || bots.has(author.toLowerCase()))
      return [];
    const at = Temporal.Instant.from(comment.created_at);
    if (Temporal.Instant.compare(at, window.since) < 0) return [];
    if (Temporal.Instant.compare(at, window.until) > 0) return [];
    if (thread.handled.has(comment.id)) return [];
    // An edited comment is not replayed: the edit may be someone else's (the handler runs
    // edits only by the comment's author), and its lines are not the ones first delivered.
    if (comment.updated_at && comment.updated_at !== comment.created_at) return [];
    const commands = parseCommands(comment.body);
    if (commands.length === 0 || commands.every((c) => c.command.type === "typo")) return [];
    // `/blocked`, `/unblocked` and `/agenda` leave their trace in the state of the app's
    // blocked or agenda comment: handled when that state is as new as the comment.
    const traces = commands.flatMap((c) => (c.command.type === "typo" ? [] : [traceOf(c)]));
    const newer = (trace: string | undefined) =>
      trace !== undefined && Temporal.Instant.compare(Temporal.Instant.from(trace), at) >= 0;
    if (traces.every((trace) => trace !== "none" && newer(traceAt(thread, trace)))) return [];
    return [{ comment: { ...comment, created_at: comment.created_at }, author }];
  });
}

type Trace = "blocked" | "agenda" | "none";
/** Which comment of the app records a command's effect ("none": the decision's state does). */
function traceOf({ command }: ParsedCommand): Trace {
  if (command.type === "blocked" || command.type === "unblocked") return "blocked";
  if (command.type === "agenda" || command.type === "agenda_done") return "agenda";
  return "none";
}

/** When the blocked or agenda comment last changed, by its own state. */
function traceAt(thread: IssueThread, trace: Exclude<Trace, "none">): string | undefined {
  if (trace === "blocked")
    return thread.blocked ? decodeBlocked(thread.blocked.body)?.at : undefined;
  const flag = thread.agendaFlag ? decodeAgendaFlag(thread.agendaFlag.body) : undefined;
  return flag?.done?.at ?? flag?.at;
}

/**
 * Handle a lost comment now, as its delivery would have: the same run, at the instant it was
 * written (so relative deadlines and the deadline check read as they would have then).
 */
export async function replayCommands(
  ports: EffectPorts,
  issue: { number: number; title: string; labels: string[]; author: string; isPrivate: boolean },
  lost: LostCommands,
  config: Config,
  options: ExecuteOptions,
) {
  const at = Temporal.Instant.from(lost.comment.created_at);
  ports.log.info(
    { issue: issue.number, comment: lost.comment.id },
    "handling a command that was never handled",
  );
  return runDecisionCommands(
    { ...ports, config: { loaded: config }, now: () => at },
    {
      issue: {
        number: issue.number,
        title: issue.title,
        labels: issue.labels,
        author: issue.author,
      },
      repoIsPrivate: issue.isPrivate,
      comment: { id: lost.comment.id, author: lost.author },
      commands: parseCommands(lost.comment.body),
    },
    options,
  );
}
