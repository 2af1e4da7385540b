import type { z } from "zod";

/**
 * Every hidden marker async-status writes, in one place: the first-line markers that name the
 * app's comments and issues, and the base64 state blocks they carry. Callers trust a marker
 * or a block only in content the app wrote itself (see `isOwnMarkedComment`).
 */
export const MARKER_PREFIX = "<!-- async-status:";

const marker = (kind: string, id?: string) =>
  `${MARKER_PREFIX}${kind}${id === undefined ? "" : ` ${id}`} -->`;

/** The kinds of marked comments and issues, and how each one's marker is spelled. */
export const MARKERS = {
  /** The template check's one bot comment on a PR or issue. */
  template: marker("template"),
  /** The `/blocked` comment that keeps the reason. */
  blocked: marker("blocked"),
  /** A decision's status comment (the state lives in it): the prefix, then the decision id. */
  decisionPrefix: `${MARKER_PREFIX}decision `,
  decision: (id: string) => marker("decision", id),
  /** A reply to one command line, keyed so it is posted once. */
  reply: (key: string) => marker("reply", key),
  /** A decision notice (`reminder`, `objection`, `result`, `sync`), posted once per decision. */
  notice: (kind: string, id: string) => marker(`decision-${kind}`, id),
  /** The `## Decision` section appended to the issue body. */
  record: (id: string) => marker("decision-record", id),
  /** A weekly summary issue (its week's key), and the note that supersedes it. */
  summary: (key: string) => marker("summary", key),
  /** The organisation's weekly roll-up issue (its week's key), and the note that supersedes it. */
  rollup: (key: string) => marker("rollup", key),
  /** The `/agenda` comment that keeps the reason an item is on the sync agenda. */
  agendaFlag: marker("agenda-flag"),
  /** A sync agenda issue: the sync's local date and time, `2026-12-10T16:00`. */
  agenda: (key: string) => marker("agenda", key),
} as const;

/** The sync key of an agenda issue's marker, if the body starts with one. */
export function agendaKeyOf(body: string): string | undefined {
  return /^<!-- async-status:agenda (\d{4}-\d{2}-\d{2}T\d{2}:\d{2}) -->/.exec(body)?.[1];
}

/** The week key of a summary issue's marker, if the body carries one. */
export function summaryKeyOf(body: string): string | undefined {
  return /<!-- async-status:summary (\d{4}-\d{2}-\d{2}) -->/.exec(body)?.[1];
}

/** The week key of a roll-up issue's marker, if the body carries one. */
export function rollupKeyOf(body: string): string | undefined {
  return /<!-- async-status:rollup (\d{4}-\d{2}-\d{2}) -->/.exec(body)?.[1];
}

/** The marker a marked comment starts with (its first line). */
export const firstLine = (body: string | null | undefined) => (body ?? "").split("\n", 1)[0] ?? "";

/** The names of the hidden state blocks. */
export type BlockName =
  | "decision-state"
  | "blocked-state"
  | "summary-figures"
  | "rollup-figures"
  | "agenda-flag"
  | "agenda-state";

/**
 * Machine-readable state hidden in a comment or issue body: `<!-- async-status:NAME v1 BASE64 -->`.
 * Base64 keeps user text (which may contain `-->`) from closing the HTML comment.
 */
export function encodeBlock(name: BlockName, value: unknown): string {
  return `${MARKER_PREFIX}${name} v1 ${Buffer.from(JSON.stringify(value), "utf8").toString("base64")} -->`;
}

/** The last block called `name` in `body` that matches `schema`; `undefined` when absent or malformed. */
export function decodeBlock<T>(name: BlockName, body: string, schema: z.ZodType<T>): T | undefined {
  const prefix = `${MARKER_PREFIX}${name} v1 `;
  const start = body.lastIndexOf(prefix);
  if (start === -1) return undefined;
  const end = body.indexOf(" -->", start);
  if (end === -1) return undefined;
  try {
    const json = Buffer.from(body.slice(start + prefix.length, end), "base64").toString("utf8");
    const parsed = schema.safeParse(JSON.parse(json));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
