/**
 * Real-world corpus: public pull request and issue descriptions, linted with the templates of
 * the repositories they were written for, through the whole `async-status lint` path.
 * Each case, its source and any adaptation are listed in test/fixtures/real-world/manifest.json.
 */
import { readdirSync, readFileSync } from "node:fs";
import { readdir, readFile, stat } from "node:fs/promises";
import { isAbsolute, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, test } from "@jest/globals";
import type { CliIo } from "../../src/cli/io.js";
import { main } from "../../src/cli/main.js";
import { SECTION_STATUSES, type SectionStatus } from "../../src/template-check/evaluate.js";

const FIXTURES = fileURLToPath(new URL("../fixtures/real-world/", import.meta.url));

interface Case {
  name: string;
  kind: "pr" | "issue";
  /** Body file, relative to the fixture folder. */
  body: string;
  /** Template file (Markdown or issue form), or null for the default sections. */
  template: string | null;
  /**
   * The template the report names; defaults to `template`. Null when the template has no
   * sections to take and an issue gets the default issue sections instead.
   */
  expectTemplate?: string | null;
  /** A config file (`--config`), relative to the fixture folder; the defaults when absent. */
  config?: string;
  labels: string[];
  expectComplete: boolean;
  /** Defaults to 0 when complete, 1 when not; 2 for a template the engine refuses. */
  expectExit?: 0 | 1 | 2;
  /** Part of the error message, for exit 2. */
  expectStderr?: string;
  expectStatuses: Record<string, SectionStatus>;
  source: string;
  notes?: string;
  /** Set when the engine is known to get this case wrong: the test is `test.failing`. */
  knownBug?: string;
}

interface LintJson {
  kind: string;
  complete: boolean;
  template: string | null;
  sections: Array<{ name: string; required: boolean; status: SectionStatus; ok: boolean }>;
}

function isCase(value: unknown): value is Case {
  if (typeof value !== "object" || value === null) return false;
  const c = value as Record<string, unknown>;
  const statuses = c.expectStatuses;
  return (
    typeof c.name === "string" &&
    (c.kind === "pr" || c.kind === "issue") &&
    typeof c.body === "string" &&
    (c.template === null || typeof c.template === "string") &&
    (c.expectTemplate === undefined ||
      c.expectTemplate === null ||
      typeof c.expectTemplate === "string") &&
    (c.config === undefined || typeof c.config === "string") &&
    Array.isArray(c.labels) &&
    c.labels.every((l) => typeof l === "string") &&
    typeof c.expectComplete === "boolean" &&
    (c.expectExit === undefined ||
      c.expectExit === 0 ||
      c.expectExit === 1 ||
      c.expectExit === 2) &&
    (c.expectStderr === undefined || typeof c.expectStderr === "string") &&
    typeof statuses === "object" &&
    statuses !== null &&
    Object.values(statuses).every((s) => (SECTION_STATUSES as readonly unknown[]).includes(s)) &&
    typeof c.source === "string" &&
    c.source !== "" &&
    (c.knownBug === undefined || typeof c.knownBug === "string")
  );
}

function loadManifest(): Case[] {
  const raw: unknown = JSON.parse(readFileSync(join(FIXTURES, "manifest.json"), "utf8"));
  if (!Array.isArray(raw)) throw new Error("manifest.json must be an array of cases");
  return raw.map((entry, i) => {
    if (!isCase(entry)) throw new Error(`manifest.json: case ${i} is malformed`);
    return entry;
  });
}

const CASES = loadManifest();

const expectedExit = (c: Case) => c.expectExit ?? (c.expectComplete ? 0 : 1);
const verdictLabel = (c: Case) =>
  expectedExit(c) === 2 ? "exit 2" : c.expectComplete ? "complete" : "incomplete";
const rows = (cases: Case[]) =>
  cases.map((c): [string, Case] => [`${c.name} › ${verdictLabel(c)}`, c]);

/** CliIo over the fixture folder: relative paths resolve there; output is captured. */
function fixtureIo() {
  const out = { stdout: "", stderr: "" };
  const resolve = (path: string) => (isAbsolute(path) ? path : join(FIXTURES, path));
  const io: CliIo = {
    readStdin: () => Promise.reject(new Error("the real-world cases never read stdin")),
    readFile: (path) => readFile(resolve(path), "utf8"),
    listDir: (path) => readdir(resolve(path)).catch(() => []),
    isDirectory: (path) =>
      stat(resolve(path)).then(
        (s) => s.isDirectory(),
        () => false,
      ),
    exists: (path) =>
      readFile(resolve(path)).then(
        () => true,
        () => false,
      ),
    stdout: (text) => {
      out.stdout += text;
    },
    stderr: (text) => {
      out.stderr += text;
    },
  };
  return { io, out };
}

async function lint(c: Case) {
  const { io, out } = fixtureIo();
  const argv = [
    "lint",
    "--kind",
    c.kind,
    "--json",
    ...(c.template ? ["--template", c.template] : []),
    ...(c.config ? ["--config", c.config] : []),
    ...c.labels.flatMap((l) => ["--label", l]),
    c.body,
  ];
  const code = await main(argv, io);
  return { code, ...out };
}

async function checkVerdict(c: Case) {
  const { code, stdout, stderr } = await lint(c);
  if (expectedExit(c) === 2) {
    expect({ code, stdout }).toEqual({ code: 2, stdout: "" });
    expect(stderr).toContain(c.expectStderr ?? "");
    return;
  }
  expect(stderr).toBe("");
  const report = JSON.parse(stdout) as LintJson;
  expect({ code, kind: report.kind, complete: report.complete, template: report.template }).toEqual(
    {
      code: expectedExit(c),
      kind: c.kind,
      complete: c.expectComplete,
      template: c.expectTemplate === undefined ? c.template : c.expectTemplate,
    },
  );
  const actual = Object.fromEntries(
    Object.keys(c.expectStatuses).map((name) => [
      name,
      report.sections.find((s) => s.name === name)?.status ?? "(no such section)",
    ]),
  );
  expect(actual).toEqual(c.expectStatuses);
}

describe("real-world descriptions", () => {
  test.each(rows(CASES))("%s", async (_title, c) => {
    await checkVerdict(c);
  });
});

describe("real-world fixtures", () => {
  test("every fixture file is used by a case and every case's files exist", () => {
    const used = new Set(["manifest.json"]);
    for (const c of CASES) {
      used.add(c.body);
      if (c.template) used.add(c.template);
      if (c.config) used.add(c.config);
    }
    const present = new Set(readdirSync(FIXTURES));
    expect([...used].filter((f) => !present.has(f))).toEqual([]);
    expect([...present].filter((f) => !used.has(f))).toEqual([]);
  });

  test("case names are unique", () => {
    const names = CASES.map((c) => c.name);
    expect(new Set(names).size).toBe(names.length);
  });

  test("CRLF and BOM fixtures still carry their bytes", () => {
    for (const file of readdirSync(FIXTURES)) {
      const text = readFileSync(join(FIXTURES, file), "utf8");
      if (file.includes(".crlf.")) {
        expect(text).toContain("\r\n");
        expect(/(^|[^\r])\n/.test(text)).toBe(false);
      }
      if (file.includes(".bom.")) expect(text.charCodeAt(0)).toBe(0xfeff);
    }
  });
});
