import type { Config } from "../config/schema.js";
import type { Command } from "./commands.js";
import { type DecisionState, openObjections } from "./state.js";
import { isStakeholder, type TeamMembers } from "./teams.js";

/** Repository permission, from GitHub's collaborator permission API ("none" when not a collaborator). */
export type Permission = "admin" | "maintain" | "write" | "triage" | "read" | "none";

export interface Actor {
  login: string;
  permission: Permission;
  isIssueAuthor: boolean;
}

const RANK: Record<Permission, number> = {
  none: 0,
  read: 1,
  triage: 2,
  write: 3,
  maintain: 4,
  admin: 5,
};
export const atLeast = (p: Permission, min: Permission) => RANK[p] >= RANK[min];
const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/**
 * A collaborator has triage or more; on a private repository read access counts too. (On a
 * public repository everyone can read, so read access says nothing about membership.)
 */
export function isCollaborator(actor: Actor, repoIsPrivate: boolean): boolean {
  return atLeast(actor.permission, "triage") || (repoIsPrivate && actor.permission === "read");
}

/** What a permission check looks at besides the command and the actor. */
export interface PermissionContext {
  /** The active decision, if any. */
  state: DecisionState | undefined;
  config: Config["decisions"];
  repoIsPrivate: boolean;
  /** The members of the decision's teams, as far as they could be read. */
  teams: TeamMembers;
}

/**
 * Who may `/agree` and `/object` (and `/agenda`, `/blocked`, `/unblocked`): what `objections_from`
 * allows. The decision's owner and the stakeholders it names (directly, or as members of a
 * named team whose members could be read) may always answer it, whatever that setting says.
 */
function mayObject(actor: Actor, ctx: PermissionContext, answering: boolean): boolean {
  const { state, config } = ctx;
  const named =
    state !== undefined &&
    (same(state.owner, actor.login) || isStakeholder(actor.login, state, ctx.teams));
  if (answering && named) return true;
  if (config.objections_from === "anyone") return true;
  if (config.objections_from === "stakeholders" && state)
    return named || atLeast(actor.permission, "write");
  return isCollaborator(actor, ctx.repoIsPrivate);
}

/** Commands that need the actor's permission; the rest (help, typos) cost no API call. */
export function needsPermission(command: Command): boolean {
  return !["help", "usage", "typo"].includes(command.type);
}

/**
 * Why `actor` may not run `command`, or `undefined` when they may. Maintainer means
 * "maintain" or "admin" permission; write access means "write" or more.
 */
export function refusal(
  command: Command,
  actor: Actor,
  ctx: PermissionContext,
): string | undefined {
  const { state, config } = ctx;
  const isOwner = state !== undefined && same(state.owner, actor.login);
  const maintainer = atLeast(actor.permission, "maintain");
  switch (command.type) {
    case "decide":
      if (atLeast(actor.permission, "write") || (config.author_can_decide && actor.isIssueAuthor))
        return undefined;
      return `only people with write access to this repository${config.author_can_decide ? " (or the issue's author)" : ""} can open a decision`;
    case "agree":
    case "object":
    case "agenda":
    case "agenda_done":
    case "blocked":
    case "unblocked": {
      // `/agenda` asks as `/object` does: the decision's owner and stakeholders may always.
      const answering = ["agree", "object", "agenda", "agenda_done"].includes(command.type);
      if (mayObject(actor, ctx, answering)) return undefined;
      if (config.objections_from === "stakeholders")
        return "only the decision's stakeholders and collaborators with write access can do that here";
      return answering && state
        ? "only the decision's stakeholders and collaborators of this repository can do that here"
        : "only collaborators of this repository can do that here";
    }
    case "withdraw":
      if (command.user === null || same(command.user, actor.login)) return undefined;
      return maintainer ? undefined : "only maintainers can withdraw someone else's objection";
    case "extend":
    case "cancel":
      return isOwner || maintainer
        ? undefined
        : "only the decision's owner or a maintainer can do that";
    case "accept":
    case "reject":
      return maintainer ? undefined : "only maintainers can end a decision early";
    default:
      return undefined;
  }
}

/** The open objection of `login`, if any. */
export const objectionOf = (state: DecisionState, login: string) =>
  openObjections(state).find((o) => same(o.user, login));
