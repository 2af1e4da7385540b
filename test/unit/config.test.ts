import { readFileSync } from "node:fs";
import { describe, expect, test } from "@jest/globals";
import { configJsonSchema } from "../../scripts/json-schema.js";
import {
  type ConfigFile,
  type ConfigPort,
  loadConfig,
  parseConfigText,
  validateConfig,
} from "../../src/config/load.js";
import { DEFAULT_CONFIG } from "../../src/config/schema.js";

describe("validateConfig", () => {
  test("no file anywhere › the defaults", () => {
    expect(validateConfig(null)).toEqual({ ok: true, config: DEFAULT_CONFIG, fromFile: false });
  });

  test("defaults › documented values", () => {
    const t = DEFAULT_CONFIG.template;
    expect(t.pull_requests.sections).toHaveLength(3);
    expect(t).toMatchObject({
      min_words: 1,
      allow_na: "optional",
      incomplete_conclusion: "failure",
      label: "template: incomplete",
      skip_label: "skip-template",
      skip_drafts: true,
      skip_bots: true,
      on_complete: "update",
    });
  });

  test.each<[string, unknown, Array<{ path: string; message: RegExp }>]>([
    ["unknown top-level key", { templat: {} }, [{ path: "templat", message: /unknown key/ }]],
    [
      "unknown nested key",
      { template: { pull_requests: { section: [] } } },
      [{ path: "template.pull_requests.section", message: /unknown key/ }],
    ],
    [
      "wrong type",
      { template: { min_words: "three" } },
      [{ path: "template.min_words", message: /number/ }],
    ],
    [
      "impossible value",
      { template: { min_words: 0 } },
      [{ path: "template.min_words", message: />=1|at least|too small/i }],
    ],
    [
      "bad enum",
      { template: { incomplete_conclusion: "error" } },
      [{ path: "template.incomplete_conclusion", message: /failure|neutral/ }],
    ],
    [
      "bad section in a list",
      { template: { issues: { sections: [{ aliases: ["x"] }] } } },
      [
        {
          path: "template.issues.sections[0].name",
          message: /expected string, received undefined/,
        },
      ],
    ],
    [
      "empty sections list",
      { template: { pull_requests: { sections: [] } } },
      [{ path: "template.pull_requests.sections", message: /expected array to have >=1 items/ }],
    ],
    [
      "sections of the wrong type",
      { template: { pull_requests: { sections: 5 } } },
      [
        {
          path: "template.pull_requests.sections",
          message: /expected "from-template", or expected array, received number/,
        },
      ],
    ],
    ["not a mapping", ["a", "b"], [{ path: "", message: /mapping/ }]],
  ])("%s › a problem with file, key path and message", (_name, raw, expected) => {
    const result = validateConfig(raw);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems).toHaveLength(expected.length);
    result.problems.forEach((problem, i) => {
      expect(problem.file).toBe(".github/async-status.yml");
      expect(problem.path).toBe(expected[i]?.path);
      expect(problem.message).toMatch(expected[i]?.message as RegExp);
    });
  });

  test("shorthand sections and by_label › valid", () => {
    const result = validateConfig({
      template: {
        issues: {
          sections: ["Problem", { name: "Impact", required: false }],
          by_label: { bug: ["Steps to reproduce"] },
        },
      },
    });
    expect(result.ok).toBe(true);
  });
});

describe("parseConfigText", () => {
  test("malformed YAML › a problem with the line", () => {
    const result = parseConfigText("template:\n  min_words: [1\n", "cfg.yml");
    expect(result.ok).toBe(false);
    if (!result.ok)
      expect(result.problems[0]?.message).toMatch(/^invalid YAML at line \d+, column \d+/);
  });

  test("empty file › the defaults", () => {
    expect(parseConfigText("", "cfg.yml")).toMatchObject({ ok: true, config: DEFAULT_CONFIG });
  });
});

describe("loadConfig", () => {
  const REPO = { owner: "acme", repo: "app", path: ".github/async-status.yml" };
  const ORG = { owner: "acme", repo: ".github", path: ".github/async-status.yml" };
  const files = (...list: ConfigFile[]): ConfigPort => ({ readConfigFiles: async () => list });
  const failing = (error: unknown): ConfigPort => ({
    readConfigFiles: async () => {
      throw error;
    },
  });

  test("Probot's YAML error › a visible problem naming the file", async () => {
    const error = new Error(
      "[@probot/octokit-plugin-config] Configuration could not be parsed from https://api.github.com/repos/o/r/contents/.github%2Fasync-status.yml (invalid YAML)",
      {
        cause: new Error("Flow sequence in block collection must be sufficiently indented\nmore"),
      },
    );
    expect(await loadConfig(failing(error))).toEqual({
      ok: false,
      problems: [
        {
          file: ".github/async-status.yml",
          path: "",
          message:
            "Configuration could not be parsed from https://api.github.com/repos/o/r/contents/.github%2Fasync-status.yml (invalid YAML): Flow sequence in block collection must be sufficiently indented",
        },
      ],
    });
  });

  test("a server error › propagates to the error handler", async () => {
    const failure = Object.assign(new Error("Server Error"), { status: 500 });
    await expect(loadConfig(failing(failure))).rejects.toBe(failure);
  });

  test("no file in the repo or the org › the defaults", async () => {
    expect(await loadConfig(files({ ...REPO, config: null }, { ...ORG, config: null }))).toEqual({
      ok: true,
      config: DEFAULT_CONFIG,
      fromFile: false,
    });
  });

  test("a scalar file (`42`) › a problem, not the defaults", async () => {
    expect(await loadConfig(files({ ...REPO, config: 42 }))).toEqual({
      ok: false,
      problems: [
        {
          file: ".github/async-status.yml",
          path: "",
          message: "the file must be a YAML mapping of keys to values",
        },
      ],
    });
  });

  test("an _extends that leads nowhere › a problem on _extends", async () => {
    const result = await loadConfig(
      files(
        { ...REPO, config: { template: {} } },
        { owner: "acme", repo: ".githb", path: ".github/async-status.yml", config: null },
      ),
    );
    expect(result).toEqual({
      ok: false,
      problems: [
        {
          file: ".github/async-status.yml",
          path: "_extends",
          message: "points to acme/.githb:.github/async-status.yml, which does not exist",
        },
      ],
    });
  });

  test("an invalid key in the org's file › the problem names the org's file", async () => {
    const result = await loadConfig(
      files({ ...REPO, config: null }, { ...ORG, config: { template: { min_word: 2 } } }),
    );
    expect(result).toEqual({
      ok: false,
      problems: [
        {
          file: "acme/.github:.github/async-status.yml",
          path: "template.min_word",
          message: "unknown key (check the spelling; see the configuration reference)",
        },
      ],
    });
  });

  test("extending › the repo's values win and its lists replace the inherited ones", async () => {
    const result = await loadConfig(
      files(
        { ...REPO, config: { template: { min_words: 3, pull_requests: { sections: ["Why"] } } } },
        {
          ...ORG,
          config: {
            template: { min_words: 9, skip_label: "wip", pull_requests: { sections: ["A", "B"] } },
          },
        },
      ),
    );
    expect(result.ok && result.config.template).toMatchObject({
      min_words: 3,
      skip_label: "wip",
      pull_requests: { sections: ["Why"] },
    });
  });
});

test("schema/async-status.schema.json › matches the zod schema (run `npm run schema` when this fails)", () => {
  const committed = readFileSync(
    new URL("../../schema/async-status.schema.json", import.meta.url),
    "utf8",
  );
  expect(committed).toBe(configJsonSchema());
});

test("README › documents every configuration key", () => {
  const readme = readFileSync(new URL("../../README.md", import.meta.url), "utf8");
  const schema = JSON.parse(configJsonSchema()) as JsonSchema;
  const missing = keyPaths(schema).filter((path) => !readme.includes(`\`${path}\``));
  expect(missing).toEqual([]);
});

interface JsonSchema {
  properties?: Record<string, JsonSchema>;
  anyOf?: JsonSchema[];
  items?: JsonSchema;
}

/** Dotted paths of every object key; the keys of a section object are documented by their own name. */
function keyPaths(schema: JsonSchema, prefix = ""): string[] {
  const out: string[] = [];
  for (const [key, child] of Object.entries(schema.properties ?? {})) {
    const path = prefix ? `${prefix}.${key}` : key;
    out.push(path);
    if (child.properties) out.push(...keyPaths(child, path));
    const section = [...(child.anyOf ?? []), ...(child.items?.anyOf ?? [])].find(
      (s) => s.properties?.name,
    );
    if (section) out.push(...Object.keys(section.properties ?? {}));
  }
  return out;
}
