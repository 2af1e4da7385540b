import type { DecisionState } from "./state.js";

/**
 * The members of the teams a decision names, as the installation could read them (the
 * loading step reads them; everything here is pure). Keyed by the lowercased handle
 * (`@org/team`); `null`, or a team absent from the map, means its members are not known.
 */
export type TeamMembers = ReadonlyMap<string, readonly string[] | null>;
export const NO_TEAMS: TeamMembers = new Map();

/** At most this many of a team's members are named (in the reminder, in the status). */
export const MAX_NAMED_MEMBERS = 10;

const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();
export const isTeam = (stakeholder: string) => stakeholder.includes("/");

/** The teams among stakeholders, lowercased and without repeats. */
export function teamsNamed(stakeholders: readonly string[]): string[] {
  return [...new Set(stakeholders.filter(isTeam).map((s) => s.toLowerCase()))];
}

/** The members of a named team, or `null` when they are not known. */
export const membersOf = (teams: TeamMembers, team: string) =>
  teams.get(team.toLowerCase()) ?? null;

/** Whether `login` is named in the decision: directly (`@login`) or in a team whose members are known. */
export function isStakeholder(login: string, state: DecisionState, teams: TeamMembers): boolean {
  return state.stakeholders.some((s) =>
    isTeam(s) ? (membersOf(teams, s) ?? []).some((m) => same(m, login)) : same(s, `@${login}`),
  );
}

/** A stakeholder who has not answered: a user, a team with members who have not, or a team whose members are not known. */
export type Unanswered =
  | { kind: "user"; handle: string }
  | { kind: "team"; handle: string; members: string[] }
  | { kind: "unknown_team"; handle: string };

/**
 * The stakeholders who have neither agreed nor objected, in the order they were named. A team
 * member counts as having answered when they did; a team whose members are known is listed
 * with the members who have not (and left out once all have); a team whose members are not
 * known is always listed. The owner proposed the decision and is never waited for.
 */
export function unanswered(state: DecisionState, teams: TeamMembers): Unanswered[] {
  const answered = new Set(
    [
      state.owner,
      ...state.agreements.map((a) => a.user),
      ...state.objections.map((o) => o.user),
    ].map((u) => u.toLowerCase()),
  );
  return state.stakeholders.flatMap((handle): Unanswered[] => {
    if (!isTeam(handle))
      return answered.has(handle.slice(1).toLowerCase()) ? [] : [{ kind: "user", handle }];
    const members = membersOf(teams, handle);
    if (members === null) return [{ kind: "unknown_team", handle }];
    const silent = members.filter((m) => !answered.has(m.toLowerCase()));
    return silent.length === 0 ? [] : [{ kind: "team", handle, members: silent }];
  });
}

/**
 * Whom the reminder mentions: the users who have not answered, and each team's members who
 * have not (by name, or the team itself when more than `MAX_NAMED_MEMBERS` have not, or its
 * members are not known), each once.
 */
export function reminderMentions(state: DecisionState, teams: TeamMembers): string[] {
  const mentions = unanswered(state, teams).flatMap((u) =>
    u.kind === "team" && u.members.length <= MAX_NAMED_MEMBERS
      ? u.members.map((m) => `@${m}`)
      : [u.handle],
  );
  const seen = new Set<string>();
  return mentions.filter((m) => {
    const key = m.toLowerCase();
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
