import deepmerge from "deepmerge";
import { LineCounter, parse as parseYaml, YAMLError } from "yaml";
import type { z } from "zod";
import type { RepoRef } from "../github/port.js";
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
  | {
      ok: true;
      config: Config;
      fromFile: boolean;
      /**
       * Set when the repository has no file of its own and the configuration is the
       * organisation's (its `.github` repository's file), inherited as Probot's plugin does.
       */
      inherited?: true;
    }
  | { ok: false; problems: ConfigProblem[] };

/** A file on a repository's default branch. */
export interface FileRef {
  owner: string;
  repo: string;
  path: string;
}

/** What reading one file gave: nothing there, its text, or only its size when over the cap. */
export type RawFile =
  | { kind: "missing" }
  | { kind: "not-a-file" }
  | { kind: "too-large"; bytes: number }
  | { kind: "text"; text: string };

/**
 * The narrow slice of GitHub the loader needs: the raw text of a file, read no further than
 * `maxBytes` (so an oversized file is neither kept in memory nor parsed).
 */
export interface ConfigPort {
  /** The repository whose configuration is wanted. */
  readonly repo: RepoRef;
  readFile(file: FileRef, maxBytes: number): Promise<RawFile>;
  /** Loaded configurations kept across events (src/config/cache.ts); absent: read every time. */
  readonly memo?: {
    get(repo: RepoRef, load: () => Promise<ConfigResult>): Promise<ConfigResult>;
  };
}

/**
 * Largest configuration file read, per file: far above any real one (the full reference is
 * under 4 KB), far below what would make parsing expensive (5 MB of YAML costs 0.5–0.8 GB).
 */
export const MAX_CONFIG_BYTES = 256 * 1024;
/** Files in one chain: the repository's own (or the organisation's), then up to 9 `_extends`. */
export const MAX_CONFIG_FILES = 10;

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
  const read = readYaml(text, Buffer.byteLength(text), file);
  return read.ok ? validateConfig(read.value, file) : { ok: false, problems: [read.problem] };
}

type YamlRead = { ok: true; value: unknown } | { ok: false; problem: ConfigProblem };

const kilobytes = (bytes: number) => `${Math.ceil(bytes / 1024).toLocaleString("en")} KB`;

/** The problem for a file over `MAX_CONFIG_BYTES`: it names the size and the limit. */
export function tooLargeProblem(file: string, bytes: number): ConfigProblem {
  return {
    file,
    path: "",
    message: `the file is ${kilobytes(bytes)} (${bytes.toLocaleString("en")} bytes), over the ${kilobytes(MAX_CONFIG_BYTES)} limit for a configuration file, so it was not read`,
  };
}

/**
 * YAML text to a value, size first: a file over `MAX_CONFIG_BYTES` is not parsed. An empty
 * file is an empty mapping. Syntax errors, and the yaml library's own guards (alias bombs,
 * excessive depth), are problems with the line and column where known.
 */
function readYaml(text: string, bytes: number, file: string): YamlRead {
  if (bytes > MAX_CONFIG_BYTES) return { ok: false, problem: tooLargeProblem(file, bytes) };
  const lineCounter = new LineCounter();
  try {
    const value = parseYaml(text, { lineCounter, prettyErrors: false, logLevel: "error" });
    return { ok: true, value: value ?? {} };
  } catch (error) {
    const where = error instanceof YAMLError ? lineCounter.linePos(error.pos[0]) : undefined;
    const at = where ? `, at line ${where.line}, column ${where.col}` : "";
    const reason = error instanceof Error ? error.message : String(error);
    return {
      ok: false,
      problem: {
        file,
        path: "",
        message: `could not be parsed (invalid YAML): ${firstLine(reason)}${at}`,
      },
    };
  }
}

function firstLine(text: string): string {
  return text.split("\n", 1)[0] ?? text;
}

/** A file read for the configuration, with its parsed mapping (`_extends` removed). */
interface ConfigFile {
  ref: FileRef;
  /** How problems name it: `.github/async-status.yml` for the repository's own. */
  name: string;
  config: Record<string, unknown>;
  /** Where its `_extends` points, when it has one. */
  extends?: unknown;
}

type Chain = { ok: true; files: ConfigFile[] } | { ok: false; problems: ConfigProblem[] };

const refName = (ref: FileRef) => `${ref.owner}/${ref.repo}:${ref.path}`;
const sameRef = (a: FileRef, b: FileRef) =>
  a.owner.toLowerCase() === b.owner.toLowerCase() &&
  a.repo.toLowerCase() === b.repo.toLowerCase() &&
  a.path === b.path;

/** Read and parse one file; no `file` when it does not exist. */
async function readConfigFile(
  port: ConfigPort,
  ref: FileRef,
  name: string,
): Promise<{ ok: true; file?: ConfigFile } | { ok: false; problems: ConfigProblem[] }> {
  const raw = await port.readFile(ref, MAX_CONFIG_BYTES);
  const fail = (message: string) => ({
    ok: false as const,
    problems: [{ file: name, path: "", message }],
  });
  switch (raw.kind) {
    case "missing":
      return { ok: true };
    case "not-a-file":
      return fail("is a directory or a submodule, not a file");
    case "too-large":
      return { ok: false, problems: [tooLargeProblem(name, raw.bytes)] };
    case "text": {
      const read = readYaml(raw.text, Buffer.byteLength(raw.text), name);
      if (!read.ok) return { ok: false, problems: [read.problem] };
      if (typeof read.value !== "object" || read.value === null || Array.isArray(read.value))
        return fail("the file must be a YAML mapping of keys to values");
      const { _extends, ...config } = read.value as Record<string, unknown>;
      return {
        ok: true,
        file: { ref, name, config, ...(_extends === undefined ? {} : { extends: _extends }) },
      };
    }
  }
}

/** What `_extends` accepts (as Probot's config plugin does): `repo`, `owner/repo`, `owner/repo:path.yml`. */
const EXTENDS =
  /^(?:([a-z\d](?:[a-z\d]|-(?=[a-z\d])){0,38})\/)?([-_.\w]+)(?::([-_./\w]+\.ya?ml))?$/i;

/**
 * The files that make up a repository's configuration, the way Probot's config plugin
 * (`context.config`) finds them: the repository's own `.github/async-status.yml`, else the
 * organisation's `.github` repository's, then every `_extends` in turn. The text is read here,
 * not through the plugin, because the plugin parses whatever it downloads: each file's size is
 * checked as it streams in, and an oversized file is never parsed.
 */
async function readChain(port: ConfigPort): Promise<Chain> {
  const own: FileRef = { ...port.repo, path: CONFIG_PATH };
  const starts: Array<[FileRef, string]> = [[own, CONFIG_PATH]];
  if (port.repo.repo !== ".github") {
    const org = { owner: port.repo.owner, repo: ".github", path: CONFIG_PATH };
    starts.push([org, refName(org)]);
  }
  let file: ConfigFile | undefined;
  for (const [ref, name] of starts) {
    const read = await readConfigFile(port, ref, name);
    if (!read.ok) return read;
    file = read.file;
    if (file) break;
  }
  if (!file) return { ok: true, files: [] };
  const files = [file];
  for (let current = file; current.extends !== undefined; ) {
    const { name, extends: value } = current;
    const problem = (message: string): Chain => ({
      ok: false,
      problems: [{ file: name, path: "_extends", message }],
    });
    const match = typeof value === "string" ? EXTENDS.exec(value) : null;
    if (!match) {
      return problem(
        `must name a repository, such as ".github", "org/repo" or "org/repo:path.yml", not ${JSON.stringify(value)}`,
      );
    }
    const target: FileRef = {
      owner: match[1] ?? port.repo.owner,
      repo: match[2] ?? "",
      path: match[3] ?? CONFIG_PATH,
    };
    if (files.some((f) => sameRef(f.ref, target)))
      return problem(
        `points back to ${refName(target)}, which is already part of this configuration`,
      );
    if (files.length >= MAX_CONFIG_FILES)
      return problem(`leads to more than ${MAX_CONFIG_FILES} files; shorten the chain of _extends`);
    const read = await readConfigFile(port, target, refName(target));
    if (!read.ok) return read;
    if (!read.file) return problem(`points to ${refName(target)}, which does not exist`);
    current = read.file;
    files.push(current);
  }
  return { ok: true, files };
}

function valueAt(value: unknown, path: ReadonlyArray<PropertyKey>): unknown {
  let at = value;
  for (const key of path) {
    if (typeof at !== "object" || at === null) return undefined;
    at = (at as Record<PropertyKey, unknown>)[key];
  }
  return at;
}

/**
 * Read `.github/async-status.yml` (see `readChain`), so the organisation's `.github`
 * repository and `_extends` work; lists in an extending file replace the inherited ones.
 * Never silent: an oversized file, malformed YAML, a file that is not a mapping, an
 * `_extends` that leads nowhere, unknown keys, invalid values and contradictory settings all
 * come back as problems naming the file and key. Other errors (5xx, auth) propagate.
 */
export async function loadConfig(port: ConfigPort): Promise<ConfigResult> {
  return port.memo ? port.memo.get(port.repo, () => loadFresh(port)) : loadFresh(port);
}

async function loadFresh(port: ConfigPort): Promise<ConfigResult> {
  const chain = await readChain(port);
  if (!chain.ok) return chain;
  const found = chain.files;
  const [first] = found;
  if (!first) return { ok: true, config: DEFAULT_CONFIG, fromFile: false };
  // Later files are the ones extended: they are the base, the first file wins.
  const merged = deepmerge.all(found.map((file) => file.config).reverse(), {
    arrayMerge: (_target: unknown[], source: unknown[]) => source,
  });
  const result = validateConfig(merged, first.name);
  if (result.ok) return first.name === CONFIG_PATH ? result : { ...result, inherited: true };
  // Name the file that set the offending key.
  return {
    ok: false,
    problems: result.problems.map((problem) => {
      const path = problem.path.split(/\.|\[(\d+)\]/).filter((k) => k !== undefined && k !== "");
      const owner =
        found.find((file) => valueAt(file.config, path) !== undefined) ??
        found.find((file) => valueAt(file.config, path.slice(0, -1)) !== undefined);
      return owner ? { ...problem, file: owner.name } : problem;
    }),
  };
}
