import { commandLines } from "../markdown/sections.js";

/** One command of ours, read from a comment line. */
export type Command =
  | {
      type: "decide";
      recommendation: string | null;
      deadline: string | null;
      stakeholders: string[];
    }
  | { type: "help" }
  | { type: "extend"; deadline: string }
  | { type: "cancel" }
  | { type: "accept" }
  | { type: "reject" }
  | { type: "agree" }
  | { type: "object"; reason: string }
  | { type: "withdraw"; user: string | null }
  | { type: "blocked"; reason: string }
  | { type: "unblocked" }
  | { type: "agenda"; reason: string }
  | { type: "agenda_done" }
  /** Ours, but malformed: the reply explains. */
  | { type: "usage"; message: string }
  /** Looks like a mistyped command of ours (`/decid`, `/objection`). */
  | { type: "typo"; written: string; suggestion: string };

export interface ParsedCommand {
  /** The line as written, for idempotency keys and replies. */
  line: string;
  command: Command;
}

/** The commands this app reads; anything else starting with `/` belongs to someone else. */
export const COMMAND_NAMES = [
  "decide",
  "agree",
  "object",
  "withdraw",
  "blocked",
  "unblocked",
  "agenda",
] as const;
/** At most this many commands run per comment. */
export const MAX_COMMANDS_PER_COMMENT = 10;
/** Reasons and stakeholder lists are bounded, so the status comment stays within GitHub's limits. */
export const MAX_REASON = 1000;
export const MAX_STAKEHOLDERS = 20;

const MENTION = /^@[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})(?:\/[A-Za-z0-9._-]+)?$/;

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0] as number;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j] as number;
      row[j] = Math.min(
        current + 1,
        (row[j - 1] as number) + 1,
        previous + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
      previous = current;
    }
  }
  return row[b.length] as number;
}

/** The command a mistyped name was probably meant to be, if any. */
export function suggestCommand(name: string): string | undefined {
  if (name.length < 4 || name.length > 20) return undefined;
  return COMMAND_NAMES.find(
    (known) =>
      // One edit away (`/decid`, `/agre`), or a longer form of ours (`/objection`, `/blocking`).
      // Two edits would claim other bots' commands (`/area` → /agree, `/define` → /decide).
      distance(name, known) <= 1 ||
      (name.length >= 5 && (name.startsWith(known) || known.startsWith(name))),
  );
}

function parseDecide(args: string): Command {
  const [first = "", ...rest] = args.split(/\s+/);
  const sub = first.toLowerCase();
  if (sub === "help") return { type: "help" };
  if (sub === "cancel" || sub === "accept" || sub === "reject") {
    return rest.length === 0
      ? { type: sub }
      : { type: "usage", message: `\`/decide ${sub}\` takes no arguments` };
  }
  if (sub === "extend") {
    const deadline = rest
      .join(" ")
      .replace(/^(?:to|until|by)\s+/i, "")
      .trim();
    return deadline
      ? { type: "extend", deadline }
      : {
          type: "usage",
          message: "`/decide extend` needs a new deadline, e.g. `/decide extend next friday`",
        };
  }
  const words = args.split(/\s+/).filter(Boolean);
  const stakeholders = words
    .filter((w) => MENTION.test(w.replace(/[,.;]+$/, "")))
    .map((w) => w.replace(/[,.;]+$/, ""));
  const text = words.filter((w) => !MENTION.test(w.replace(/[,.;]+$/, ""))).join(" ");
  const by = /^(.*)(?:^|\s)by\s+(\S.*)$/i.exec(text);
  const recommendation = (by ? (by[1] ?? "") : text).trim().replace(/[\s,;:]+$/, "");
  if (new Set(stakeholders.map((x) => x.toLowerCase())).size > MAX_STAKEHOLDERS) {
    return {
      type: "usage",
      message: `name at most ${MAX_STAKEHOLDERS} stakeholders (a team counts as one: @org/team)`,
    };
  }
  if (recommendation.length > 256)
    return {
      type: "usage",
      message:
        "the recommendation is longer than 256 characters; put the details in the issue and a short summary in `/decide`",
    };
  return {
    type: "decide",
    recommendation: recommendation === "" ? null : recommendation,
    deadline: by ? (by[2] ?? "").trim() : null,
    stakeholders: [...new Set(stakeholders.map((s) => s.toLowerCase()))].map(
      (s) => stakeholders.find((o) => o.toLowerCase() === s) as string,
    ),
  };
}

/** `/object REASON`, `/blocked REASON` and `/agenda REASON`: a reason is required, and bounded. */
function reasonCommand(
  type: "object" | "blocked" | "agenda",
  reason: string,
  example: string,
): Command {
  if (reason.length > MAX_REASON) {
    return {
      type: "usage",
      message: `the reason of \`/${type}\` is longer than ${MAX_REASON.toLocaleString("en")} characters; summarise it and link to the details`,
    };
  }
  return reason
    ? { type, reason }
    : { type: "usage", message: `\`/${type}\` needs a reason, e.g. \`/${type} ${example}\`` };
}

function parseLine(line: string): Command | undefined {
  const match = /^\/([A-Za-z][\w-]*)(?:\s+([\s\S]*))?$/.exec(line);
  if (!match) return undefined;
  const name = (match[1] ?? "").toLowerCase();
  const args = (match[2] ?? "").trim();
  switch (name) {
    case "decide":
      return parseDecide(args);
    case "agree":
      return { type: "agree" };
    case "object":
      return reasonCommand("object", args, "this breaks the public API");
    case "withdraw": {
      if (!args) return { type: "withdraw", user: null };
      const user = args.split(/\s+/)[0] ?? "";
      return MENTION.test(user) && !user.includes("/")
        ? { type: "withdraw", user: user.slice(1) }
        : {
            type: "usage",
            message: "`/withdraw` takes no argument, or `@user` (maintainers only)",
          };
    }
    case "blocked":
      return reasonCommand("blocked", args, "waiting for the security review");
    case "unblocked":
      return { type: "unblocked" };
    case "agenda":
      return args.toLowerCase() === "done"
        ? { type: "agenda_done" }
        : reasonCommand("agenda", args, "we need to choose a vendor together");
    default: {
      const suggestion = suggestCommand(name);
      return suggestion
        ? { type: "typo", written: `/${name}`, suggestion: `/${suggestion}` }
        : undefined;
    }
  }
}

/** Whitespace as `String.prototype.trimStart` sees it, for one character. */
function isSpace(code: number): boolean {
  if (code === 0x20 || (code >= 0x09 && code <= 0x0d)) return true;
  return code > 0x7f && String.fromCharCode(code).trim() === "";
}

/**
 * The cheap test before any Markdown parse: could this body hold a command at all? Only a
 * line that starts with `/` (after optional whitespace) can, or a `/` right after an HTML
 * comment (`<!-- x -->/agree`, which the parser reads once the comment is gone). One pass with
 * `indexOf`: each character is looked at a bounded number of times, whatever the input.
 */
export function mayHaveCommand(body: string | null | undefined): boolean {
  if (!body) return false;
  if (body.includes("-->")) return body.includes("/");
  for (let at = body.indexOf("/"); at !== -1; at = body.indexOf("/", at + 1)) {
    let i = at - 1;
    // Walk back over the whitespace before this `/`; a line break (or the start) means a line start.
    while (i >= 0) {
      const code = body.charCodeAt(i);
      if (code === 0x0a || code === 0x0d) break;
      if (!isSpace(code)) break;
      i--;
    }
    if (i < 0) return true;
    const code = body.charCodeAt(i);
    if (code === 0x0a || code === 0x0d) return true;
  }
  return false;
}

/**
 * Read our commands from a comment, in order. Only lines of top-level paragraphs count (not
 * code, quotes, lists or HTML comments). Other bots' commands (`/lgtm`) are ignored. Pure and
 * total: it never throws, whatever the input.
 */
export function parseCommands(
  body: string | null | undefined,
  previousBody?: string | null,
): ParsedCommand[] {
  if (!mayHaveCommand(body)) return [];
  const before = new Set(previousBody ? commandLines(previousBody) : []);
  const out: ParsedCommand[] = [];
  for (const line of commandLines(body)) {
    if (before.has(line)) continue;
    const command = parseLine(line);
    if (command) out.push({ line, command });
    if (out.length === MAX_COMMANDS_PER_COMMENT) break;
  }
  return out;
}
