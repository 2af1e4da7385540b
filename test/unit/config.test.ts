import { readFileSync } from "node:fs";
import { describe, expect, test } from "@jest/globals";
import { configJsonSchema } from "../../scripts/json-schema.js";
import {
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
  const port = (result: () => Promise<unknown>): ConfigPort => ({
    config: result as ConfigPort["config"],
  });

  test("Probot's YAML error › a visible problem naming the file", async () => {
    const error = new Error(
      "[@probot/octokit-plugin-config] Configuration could not be parsed from https://api.github.com/repos/o/r/contents/.github%2Fasync-status.yml (invalid YAML)",
      {
        cause: new Error("Flow sequence in block collection must be sufficiently indented\nmore"),
      },
    );
    const result = await loadConfig(
      port(async () => {
        throw error;
      }),
    );
    expect(result).toEqual({
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
    await expect(
      loadConfig(
        port(async () => {
          throw failure;
        }),
      ),
    ).rejects.toBe(failure);
  });

  test("arrays from an extending file replace, not append", async () => {
    let options: { arrayMerge?: (a: unknown[], b: unknown[]) => unknown[] } | undefined;
    await loadConfig({
      config: (async (_file: string, _defaults: unknown, opts: typeof options) => {
        options = opts;
        return null;
      }) as ConfigPort["config"],
    });
    expect(options?.arrayMerge?.(["org"], ["repo"])).toEqual(["repo"]);
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
