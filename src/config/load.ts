import { parse as parseYaml, YAMLParseError } from "yaml";
import type { z } from "zod";
import {
  CONFIG_FILE_NAME,
  CONFIG_PATH,
  type Config,
  ConfigSchema,
  DEFAULT_CONFIG,
} from "./schema.js";

/** One problem found in a configuration file, precise enough for a person to fix. */
export interface ConfigProblem {
  /** The file, e.g. `.github/async-status.yml`. */
  file: string;
  /** Dotted key path, e.g. `template.min_words`; empty for the whole file. */
  path: string;
  message: string;
}

export type ConfigResult =
  | { ok: true; config: Config; fromFile: boolean }
  | { ok: false; problems: ConfigProblem[] };

/** The narrow slice of Probot's `Context` the loader needs. */
export interface ConfigPort {
  config<T>(
    fileName: string,
    defaultConfig?: T,
    deepMergeOptions?: { arrayMerge?: (target: unknown[], source: unknown[]) => unknown[] },
  ): Promise<T | null>;
}

const PLUGIN_ERROR_PREFIX = "[@probot/octokit-plugin-config]";

function formatPath(path: ReadonlyArray<PropertyKey>): string {
  let out = "";
  for (const key of path) {
    if (typeof key === "number") out += `[${key}]`;
    else out += out === "" ? String(key) : `.${String(key)}`;
  }
  return out;
}

type Issue = z.core.$ZodIssue;

/**
 * Flatten zod issues into problems. For a union (`sections: from-template | [...]`) the
 * branch that got furthest into the value explains the mistake best; when no branch did,
 * the alternatives are listed.
 */
function flatten(
  issue: Issue,
  base: PropertyKey[],
): Array<{ path: PropertyKey[]; message: string }> {
  const path = [...base, ...issue.path];
  if (issue.code === "unrecognized_keys") {
    return issue.keys.map((key) => ({
      path: [...path, key],
      message: "unknown key (check the spelling; see the configuration reference)",
    }));
  }
  if (issue.code === "invalid_union" && issue.errors.length > 0) {
    const branches = issue.errors.map((branch) => branch.flatMap((inner) => flatten(inner, path)));
    const depth = (b: Array<{ path: PropertyKey[] }>) => Math.max(...b.map((p) => p.path.length));
    const deepest = Math.max(...branches.map(depth));
    const winners = branches.filter((b) => depth(b) === deepest);
    if (winners.length === 1 && deepest > path.length) return winners[0] ?? [];
    const alternatives = [
      ...new Set(branches.flat().map((p) => p.message.replace(/^Invalid input: /, ""))),
    ];
    return [{ path, message: `Invalid input: ${alternatives.join(", or ")}` }];
  }
  return [{ path, message: issue.message }];
}

function problemsFromZod(error: z.ZodError, file: string): ConfigProblem[] {
  return error.issues
    .flatMap((issue) => flatten(issue as Issue, []))
    .map((p) => ({ file, path: formatPath(p.path), message: p.message }));
}

/** Validate an already-parsed YAML value. `null` (no file anywhere) means the defaults. */
export function validateConfig(raw: unknown, file: string = CONFIG_PATH): ConfigResult {
  if (raw === null || raw === undefined)
    return { ok: true, config: DEFAULT_CONFIG, fromFile: false };
  if (typeof raw !== "object" || Array.isArray(raw)) {
    return {
      ok: false,
      problems: [{ file, path: "", message: "the file must be a YAML mapping of keys to values" }],
    };
  }
  const parsed = ConfigSchema.safeParse(raw);
  if (!parsed.success) return { ok: false, problems: problemsFromZod(parsed.error, file) };
  return { ok: true, config: parsed.data, fromFile: true };
}

/** Parse and validate YAML text, as the `lint --config FILE` command does. */
export function parseConfigText(text: string, file: string): ConfigResult {
  let raw: unknown;
  try {
    raw = parseYaml(text, { prettyErrors: true });
  } catch (error) {
    if (!(error instanceof YAMLParseError)) throw error;
    const where = error.linePos?.[0];
    const at = where ? ` at line ${where.line}, column ${where.col}` : "";
    return {
      ok: false,
      problems: [{ file, path: "", message: `invalid YAML${at}: ${firstLine(error.message)}` }],
    };
  }
  // An empty file is a valid, empty configuration.
  return validateConfig(raw ?? {}, file);
}

function firstLine(text: string): string {
  return text.split("\n", 1)[0] ?? text;
}

/**
 * Read `.github/async-status.yml` through Probot's `context.config`, so the organisation's
 * `.github` repository and `_extends` work. Arrays from an extending file replace, not append.
 * Malformed YAML and invalid values come back as problems; other errors (5xx, auth) propagate.
 */
export async function loadConfig(port: ConfigPort): Promise<ConfigResult> {
  let raw: unknown;
  try {
    raw = await port.config<Record<string, unknown>>(CONFIG_FILE_NAME, undefined, {
      arrayMerge: (_target, source) => source,
    });
  } catch (error) {
    if (!(error instanceof Error) || !error.message.startsWith(PLUGIN_ERROR_PREFIX)) throw error;
    const detail = error.cause instanceof Error ? `: ${firstLine(error.cause.message)}` : "";
    const message = error.message.slice(PLUGIN_ERROR_PREFIX.length).trim() + detail;
    return { ok: false, problems: [{ file: CONFIG_PATH, path: "", message }] };
  }
  return validateConfig(raw);
}
