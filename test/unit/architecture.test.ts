import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { describe, expect, test } from "@jest/globals";
import { BLOCKED_LABEL } from "../../src/blocked/index.js";
import { isAppLabel, JOBS } from "../../src/capabilities.js";
import { DEFAULT_CONFIG } from "../../src/config/schema.js";
import { DECISION_LABELS } from "../../src/decisions/index.js";

/** Folders that are capabilities; everything else in src/ is shared plumbing or an entry. */
const CAPABILITIES = ["template-check", "decisions", "summary", "blocked", "rollup", "agenda"];

const walk = (dir: string): string[] =>
  readdirSync(dir).flatMap((f) => {
    const path = join(dir, f);
    return statSync(path).isDirectory() ? walk(path) : path.endsWith(".ts") ? [path] : [];
  });

/** Every relative import in src/, as [importing file, imported file (relative to src/)]. */
const imports = walk("src").flatMap((file) =>
  [...readFileSync(file, "utf8").matchAll(/from "(\.[^"]+)"/g)].map(
    (m) =>
      [relative("src", file), relative("src", resolve(dirname(file), m[1] as string))] as const,
  ),
);
const capabilityOf = (path: string) => CAPABILITIES.find((c) => path.startsWith(`${c}/`));

describe("architecture", () => {
  test("imports › outside a capability › only its index.ts (and job.ts from the registry)", () => {
    const violations = imports.filter(([from, to]) => {
      const target = capabilityOf(to);
      if (!target || capabilityOf(from) === target) return false;
      if (to === `${target}/index.js`) return false;
      return !(to === `${target}/job.js` && from === "capabilities.ts");
    });
    expect(violations).toEqual([]);
  });

  test("imports › src/tick.ts › no module of any capability", () => {
    expect(imports.filter(([from, to]) => from === "tick.ts" && capabilityOf(to))).toEqual([]);
  });

  test("imports › shared plumbing › never a capability", () => {
    const plumbing = ["config/", "github/", "markdown/", "time/", "output/", "job.ts"];
    const violations = imports.filter(
      ([from, to]) => plumbing.some((p) => from.startsWith(p)) && capabilityOf(to),
    );
    expect(violations).toEqual([]);
  });

  test("registry › every capability with a job.ts › is listed once in JOBS", () => {
    const withJobs = CAPABILITIES.filter((c) => walk(`src/${c}`).includes(`src/${c}/job.ts`));
    expect(JOBS.map((j) => j.name)).toEqual([
      "commands",
      "decisions",
      "summaries",
      "agendas",
      "templates",
      "rollups",
    ]);
    expect(withJobs.sort()).toEqual(["agenda", "decisions", "rollup", "summary", "template-check"]);
    expect(new Set(JOBS.map((j) => j.name)).size).toBe(JOBS.length);
  });

  test.each([
    ...Object.values(DECISION_LABELS).map((l) => [l.name, true] as const),
    ["due: 2026-12-04", true],
    [BLOCKED_LABEL.name, true],
    [DEFAULT_CONFIG.template.label, true],
    [DEFAULT_CONFIG.summary.label, true],
    [DEFAULT_CONFIG.rollup.label, true],
    ["async-status-lock: rollup 2026-11-16", true],
    ["async-status-lock: summary 2026-11-16", true],
    ["sync: agenda", true],
    ["sync-agenda", true],
    ["async-status-lock: agenda 2026-12-10T16:00", true],
    ["bug", false],
    ["skip-template", false],
    ["decisions", false],
  ])("isAppLabel › %s › %s", (name, expected) => {
    expect(isAppLabel(name)).toBe(expected);
  });

  test("isAppLabel › configured names › follow the config", () => {
    const config = {
      ...DEFAULT_CONFIG,
      template: { ...DEFAULT_CONFIG.template, label: "needs-description" },
      summary: { ...DEFAULT_CONFIG.summary, label: "digest" },
    };
    expect([isAppLabel("needs-description", config), isAppLabel("digest", config)]).toEqual([
      true,
      true,
    ]);
    expect(isAppLabel("needs-description")).toBe(false);
  });
});
