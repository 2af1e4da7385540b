import deepmerge from "deepmerge";
import { parse as parseYaml, YAMLParseError } from "yaml";
import type { z } from "zod";
import { CONFIG_PATH, type Config, ConfigSchema, DEFAULT_CONFIG } from "./schema.js";

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

/** One file the config plugin read: the repo's own, the org's `.github` fallback, or an `_extends` target. */
export interface ConfigFile {
  owner: string;
  repo: string;
  path: string;
  config: unknown;
}

/**
 * The narrow slice of Probot the loader needs: the config plugin behind `context.config`
 * (`octokit.config.get`), which also returns every file it read, so problems name the file.
 */
export interface ConfigPort {
  readConfigFiles(): Promise<ConfigFile[]>;
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
    // Syntax errors, and also the yaml library's guards (alias bombs, excessive depth).
    const where = error instanceof YAMLParseError ? error.linePos?.[0] : undefined;
    const at = where ? ` at line ${where.line}, column ${where.col}` : "";
    const reason = error instanceof Error ? error.message : String(error);
    return {
      ok: false,
      problems: [{ file, path: "", message: `invalid YAML${at}: ${firstLine(reason)}` }],
    };
  }
  // An empty file is a valid, empty configuration.
  return validateConfig(raw ?? {}, file);
}

function firstLine(text: string): string {
  return text.split("\n", 1)[0] ?? text;
}

const fileName = (file: ConfigFile, index: number) =>
  index === 0 ? CONFIG_PATH : `${file.owner}/${file.repo}:${file.path}`;

function valueAt(value: unknown, path: ReadonlyArray<PropertyKey>): unknown {
  let at = value;
  for (const key of path) {
    if (typeof at !== "object" || at === null) return undefined;
    at = (at as Record<PropertyKey, unknown>)[key];
  }
  return at;
}

/**
 * Read `.github/async-status.yml` with Probot's config plugin, so the organisation's `.github`
 * repository and `_extends` work; lists in an extending file replace the inherited ones.
 * Never silent: malformed YAML, a file that is not a mapping, an `_extends` that leads
 * nowhere, unknown keys and invalid values all come back as problems naming the file and key.
 * Other errors (5xx, auth) propagate.
 */
export async function loadConfig(port: ConfigPort): Promise<ConfigResult> {
  let files: ConfigFile[];
  try {
    files = await port.readConfigFiles();
  } catch (error) {
    if (!(error instanceof Error) || !error.message.startsWith(PLUGIN_ERROR_PREFIX)) throw error;
    const detail = error.cause instanceof Error ? `: ${firstLine(error.cause.message)}` : "";
    const message = error.message.slice(PLUGIN_ERROR_PREFIX.length).trim() + detail;
    return { ok: false, problems: [{ file: CONFIG_PATH, path: "", message }] };
  }
  const problems: ConfigProblem[] = [];
  files.forEach((file, index) => {
    const previous = files[index - 1];
    if (file.config === null && previous && previous.config !== null) {
      problems.push({
        file: fileName(previous, index - 1),
        path: "_extends",
        message: `points to ${file.owner}/${file.repo}:${file.path}, which does not exist`,
      });
    }
    if (file.config !== null && (typeof file.config !== "object" || Array.isArray(file.config))) {
      problems.push({
        file: fileName(file, index),
        path: "",
        message: "the file must be a YAML mapping of keys to values",
      });
    }
  });
  if (problems.length > 0) return { ok: false, problems };
  const found = files
    .map((file, index) => ({ file, index }))
    .filter(({ file }) => file.config !== null);
  if (found.length === 0) return { ok: true, config: DEFAULT_CONFIG, fromFile: false };
  // Later files are the ones extended: they are the base, the repository's own file wins.
  const merged = deepmerge.all(found.map(({ file }) => file.config as object).reverse(), {
    arrayMerge: (_target: unknown[], source: unknown[]) => source,
  });
  const result = validateConfig(
    merged,
    fileName(found[0]?.file as ConfigFile, found[0]?.index ?? 0),
  );
  if (result.ok) return result;
  // Name the file that set the offending key.
  return {
    ok: false,
    problems: result.problems.map((problem) => {
      const path = problem.path.split(/\.|\[(\d+)\]/).filter((k) => k !== undefined && k !== "");
      const owner =
        found.find(({ file }) => valueAt(file.config, path) !== undefined) ??
        found.find(({ file }) => valueAt(file.config, path.slice(0, -1)) !== undefined);
      return owner ? { ...problem, file: fileName(owner.file, owner.index) } : problem;
    }),
  };
}
