import { readFileSync } from "node:fs";
import { Readable } from "node:stream";
import { describe, expect, test } from "@jest/globals";
import { Octokit } from "@octokit/rest";
import nock from "nock";
import { Temporal } from "temporal-polyfill";
import { configJsonSchema } from "../../scripts/json-schema.js";
import {
  type ConfigPort,
  type FileRef,
  loadConfig,
  MAX_CONFIG_BYTES,
  MAX_CONFIG_FILES,
  parseConfigText,
  type RawFile,
  validateConfig,
} from "../../src/config/load.js";
import { configPortFor } from "../../src/config/port.js";
import { DEFAULT_CONFIG, spanHoursRange } from "../../src/config/schema.js";
import { addBusinessDays } from "../../src/time/calendar.js";
import { parseSpan } from "../../src/time/duration.js";
import { useNock } from "../helpers/nock.js";

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

describe("validateConfig › contradictory settings › a problem on the key at fault", () => {
  test.each<[string, unknown, Array<{ path: string; message: string }>]>([
    [
      "min_deadline longer than max_deadline",
      { decisions: { min_deadline: "40 days", default_deadline: "45 days", max_deadline: "5w" } },
      [
        {
          path: "decisions.min_deadline",
          message:
            "40 days is longer than decisions.max_deadline (5 weeks), so every deadline would be refused",
        },
        {
          path: "decisions.default_deadline",
          message: "45 days is longer than decisions.max_deadline (5 weeks)",
        },
      ],
    ],
    [
      "default_deadline shorter than min_deadline, across units",
      { decisions: { default_deadline: "2d", min_deadline: "49h" } },
      [
        {
          path: "decisions.default_deadline",
          message: "2 days is shorter than decisions.min_deadline (49 hours)",
        },
      ],
    ],
    [
      "business-day default shorter than min_deadline whatever the day (1bd lasts 1 to 3 days)",
      { decisions: { default_deadline: "1bd", min_deadline: "73h" } },
      [
        {
          path: "decisions.default_deadline",
          message:
            "1 business day is shorter than decisions.min_deadline (73 hours), whatever day a decision opens",
        },
      ],
    ],
    [
      "business-day default longer than max_deadline whatever the day (25bd lasts at least 33 days)",
      { decisions: { default_deadline: "25 business days" } },
      [
        {
          path: "decisions.default_deadline",
          message:
            "25 business days is longer than decisions.max_deadline (30 days), whatever day a decision opens",
        },
      ],
    ],
    [
      "reminder_before as long as max_deadline",
      { decisions: { reminder_before: "1 week", max_deadline: "7d" } },
      [
        {
          path: "decisions.reminder_before",
          message:
            "1 week must be shorter than decisions.max_deadline (7 days), or every reminder would go out as the decision opens",
        },
      ],
    ],
    [
      "a by_label key that is the skip label",
      { template: { issues: { by_label: { "Skip-Template": ["Impact"] } } } },
      [
        {
          path: "template.issues.by_label.Skip-Template",
          message:
            "is template.skip_label: items carrying it are skipped, so these sections would never be checked",
        },
      ],
    ],
    [
      "a by_label key that is the app's own label",
      { template: { label: "wip", pull_requests: { by_label: { wip: ["Impact"] } } } },
      [
        {
          path: "template.pull_requests.by_label.wip",
          message:
            "is template.label, which the app adds itself to incomplete items, so the sections required would depend on the app's own verdict",
        },
      ],
    ],
    [
      "label and skip_label equal",
      { template: { label: "wip", skip_label: "WIP" } },
      [{ path: "template.skip_label", message: expect.stringMatching(/must differ/) as never }],
    ],
    [
      "summary.label equal to template.label",
      { summary: { label: "template: incomplete" } },
      [
        {
          path: "summary.label",
          message: expect.stringMatching(/^must differ from template.label/) as never,
        },
      ],
    ],
  ])("%s", (_name, raw, expected) => {
    expect(validateConfig(raw)).toEqual({
      ok: false,
      problems: expected.map((p) => ({ file: ".github/async-status.yml", ...p })),
    });
  });

  test.each<[string, Record<string, string>]>([
    [
      "equal bounds and default",
      { min_deadline: "72h", default_deadline: "3d", max_deadline: "3 days" },
    ],
    [
      "1bd against min 72h: a decision opened on a Friday lasts 72 hours",
      { default_deadline: "1bd", min_deadline: "72h" },
    ],
    [
      "5bd against max 5 days: opened on a Sunday, it lasts 5 days",
      { default_deadline: "5bd", max_deadline: "5 days" },
    ],
    ["weeks against days", { max_deadline: "2 weeks", default_deadline: "14d" }],
    [
      "a reminder just shorter than the longest deadline",
      { reminder_before: "47h", default_deadline: "1d", max_deadline: "2d" },
    ],
  ])("%s › valid", (_name, decisions) => {
    expect(validateConfig({ decisions }).ok).toBe(true);
  });

  test("an unparsable span › only its own problem, no comparison", () => {
    const result = validateConfig({ decisions: { min_deadline: "soon", max_deadline: "1h" } });
    expect(result.ok || result.problems.map((p) => p.path)).toEqual(["decisions.min_deadline"]);
  });
});

describe("spanHoursRange", () => {
  const calendar = { timeZone: "UTC", holidays: new Set<string>() };
  const hoursFrom = (start: Temporal.ZonedDateTime, days: number) =>
    addBusinessDays(start, days, calendar).since(start, { largestUnit: "hours" }).hours;

  test("n business days › every start day lasts within the range, and both ends are reached", () => {
    const monday = Temporal.ZonedDateTime.from("2026-03-02T10:00[UTC]");
    for (let n = 0; n <= 40; n++) {
      const { shortest, longest } = spanHoursRange({ unit: "business_days", amount: n });
      const lengths = [0, 1, 2, 3, 4, 5, 6].map((d) => hoursFrom(monday.add({ days: d }), n));
      expect([n, Math.min(...lengths), Math.max(...lengths)]).toEqual([n, shortest, longest]);
    }
  });

  test.each([
    ["24h", 24],
    ["3d", 72],
    ["2 weeks", 336],
  ])("%s › exact", (text, hours) => {
    expect(spanHoursRange(parseSpan(text) as never)).toEqual({ shortest: hours, longest: hours });
  });
});

describe("parseConfigText", () => {
  test("malformed YAML › a problem with the line", () => {
    const result = parseConfigText("template:\n  min_words: [1\n", "cfg.yml");
    expect(result.ok).toBe(false);
    if (!result.ok)
      expect(result.problems[0]?.message).toMatch(
        /^could not be parsed \(invalid YAML\): .+, at line \d+, column \d+$/,
      );
  });

  test("empty file › the defaults", () => {
    expect(parseConfigText("", "cfg.yml")).toMatchObject({ ok: true, config: DEFAULT_CONFIG });
  });

  test("a file over the size limit › a problem with its size and the limit, not parsed", () => {
    // Invalid YAML past the limit: had it been parsed, the problem would say so.
    const text = `template: [${"x".repeat(MAX_CONFIG_BYTES)}`;
    expect(parseConfigText(text, "cfg.yml")).toEqual({
      ok: false,
      problems: [
        {
          file: "cfg.yml",
          path: "",
          message:
            "the file is 257 KB (262,155 bytes), over the 256 KB limit for a configuration file, so it was not read",
        },
      ],
    });
  });
});

const OWN = { owner: "acme", repo: "app", path: ".github/async-status.yml" };
const ORG = { owner: "acme", repo: ".github", path: ".github/async-status.yml" };
const key = (ref: FileRef) => `${ref.owner}/${ref.repo}:${ref.path}`;

/** A repository whose files are YAML text (or a RawFile); records what was read, in order. */
function fakeRepo(files: Record<string, string | RawFile>, repo = { owner: "acme", repo: "app" }) {
  const reads: string[] = [];
  const port: ConfigPort = {
    repo,
    async readFile(ref, maxBytes) {
      reads.push(key(ref));
      expect(maxBytes).toBe(MAX_CONFIG_BYTES);
      const file = files[key(ref)];
      if (file === undefined) return { kind: "missing" };
      return typeof file === "string" ? { kind: "text", text: file } : file;
    },
  };
  return { port, reads };
}

describe("loadConfig", () => {
  test("malformed YAML › a visible problem naming the file and the line", async () => {
    const { port } = fakeRepo({ [key(OWN)]: "template:\n  min_words: [1\n" });
    expect(await loadConfig(port)).toEqual({
      ok: false,
      problems: [
        {
          file: ".github/async-status.yml",
          path: "",
          message: expect.stringMatching(
            /^could not be parsed \(invalid YAML\): Flow sequence .*, at line 3, column 1$/,
          ),
        },
      ],
    });
  });

  test("a server error › propagates to the error handler", async () => {
    const failure = Object.assign(new Error("Server Error"), { status: 500 });
    const port: ConfigPort = {
      repo: { owner: "acme", repo: "app" },
      readFile: async () => {
        throw failure;
      },
    };
    await expect(loadConfig(port)).rejects.toBe(failure);
  });

  test("no file in the repo or the org › the defaults, after reading both", async () => {
    const { port, reads } = fakeRepo({});
    expect(await loadConfig(port)).toEqual({ ok: true, config: DEFAULT_CONFIG, fromFile: false });
    expect(reads).toEqual([key(OWN), key(ORG)]);
  });

  test("the org's own .github repository › its file is read once", async () => {
    const { port, reads } = fakeRepo({}, { owner: "acme", repo: ".github" });
    expect(await loadConfig(port)).toMatchObject({ ok: true, fromFile: false });
    expect(reads).toEqual([key(ORG)]);
  });

  test("a scalar file (`42`) › a problem, not the defaults", async () => {
    const { port } = fakeRepo({ [key(OWN)]: "42\n" });
    expect(await loadConfig(port)).toEqual({
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

  test("a directory at the path › a problem, not the defaults", async () => {
    const { port } = fakeRepo({ [key(OWN)]: { kind: "not-a-file" } });
    expect(await loadConfig(port)).toMatchObject({
      ok: false,
      problems: [{ file: ".github/async-status.yml", message: /directory or a submodule/ }],
    });
  });

  test.each<[string, Record<string, string | RawFile>, string]>([
    [
      "the repository's own",
      { [key(OWN)]: { kind: "too-large", bytes: 5 * 1024 * 1024 } },
      ".github/async-status.yml",
    ],
    [
      "the org's inherited",
      { [key(ORG)]: { kind: "too-large", bytes: 5 * 1024 * 1024 } },
      "acme/.github:.github/async-status.yml",
    ],
    [
      "an _extends target",
      {
        [key(OWN)]: "_extends: acme/shared\n",
        "acme/shared:.github/async-status.yml": { kind: "too-large", bytes: 5 * 1024 * 1024 },
      },
      "acme/shared:.github/async-status.yml",
    ],
  ])(
    "%s file over the size limit › a problem naming it, with its size and the limit",
    async (_name, files, file) => {
      const { port } = fakeRepo(files);
      expect(await loadConfig(port)).toEqual({
        ok: false,
        problems: [
          {
            file,
            path: "",
            message:
              "the file is 5,120 KB (5,242,880 bytes), over the 256 KB limit for a configuration file, so it was not read",
          },
        ],
      });
    },
  );

  test("a port that returns text over the limit anyway › still not parsed", async () => {
    const { port } = fakeRepo({ [key(OWN)]: `template: [${"x".repeat(MAX_CONFIG_BYTES)}` });
    expect(await loadConfig(port)).toMatchObject({
      ok: false,
      problems: [{ message: /over the 256 KB limit/ }],
    });
  });

  test("an _extends that leads nowhere › a problem on _extends", async () => {
    const { port } = fakeRepo({ [key(OWN)]: "_extends: .githb\ntemplate: {}\n" });
    expect(await loadConfig(port)).toEqual({
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

  test.each([
    ["a number", "_extends: 5\n", /must name a repository.* not 5$/],
    ["not a repository name", "_extends: 'a b c'\n", /must name a repository.* not "a b c"$/],
    ["a loop", "_extends: acme/app\n", /points back to acme\/app:\.github\/async-status\.yml/],
  ])("an _extends that is %s › a problem on _extends", async (_name, yaml, message) => {
    const { port } = fakeRepo({ [key(OWN)]: yaml });
    expect(await loadConfig(port)).toMatchObject({
      ok: false,
      problems: [{ file: ".github/async-status.yml", path: "_extends", message }],
    });
  });

  test("a chain of _extends longer than the limit › a problem, and no more reads", async () => {
    const files: Record<string, string> = { [key(OWN)]: "_extends: acme/r1\n" };
    for (let i = 1; i <= MAX_CONFIG_FILES + 5; i++)
      files[`acme/r${i}:.github/async-status.yml`] = `_extends: acme/r${i + 1}\n`;
    const { port, reads } = fakeRepo(files);
    expect(await loadConfig(port)).toMatchObject({
      ok: false,
      problems: [
        {
          file: `acme/r${MAX_CONFIG_FILES - 1}:.github/async-status.yml`,
          path: "_extends",
          message: /more than 10 files/,
        },
      ],
    });
    expect(reads).toHaveLength(MAX_CONFIG_FILES);
  });

  test("an invalid key in the org's file › the problem names the org's file", async () => {
    const { port } = fakeRepo({ [key(ORG)]: "template:\n  min_word: 2\n" });
    expect(await loadConfig(port)).toEqual({
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

  test("a contradiction across files › the problem names the file that set the key", async () => {
    const { port } = fakeRepo({
      [key(OWN)]: "_extends: .github\ndecisions:\n  min_deadline: 10 days\n",
      [key(ORG)]: "decisions:\n  max_deadline: 1 week\n",
    });
    expect(await loadConfig(port)).toMatchObject({
      ok: false,
      problems: [
        {
          file: ".github/async-status.yml",
          path: "decisions.min_deadline",
          message: /longer than decisions.max_deadline \(1 week\)/,
        },
        { path: "decisions.default_deadline" },
      ],
    });
  });

  test("extending › the repo's values win and its lists replace the inherited ones", async () => {
    const { port, reads } = fakeRepo({
      [key(OWN)]:
        "_extends: .github\ntemplate:\n  min_words: 3\n  pull_requests:\n    sections: [Why]\n",
      [key(ORG)]:
        "template:\n  min_words: 9\n  skip_label: wip\n  pull_requests:\n    sections: [A, B]\n",
    });
    const result = await loadConfig(port);
    expect(result.ok && result.config.template).toMatchObject({
      min_words: 3,
      skip_label: "wip",
      pull_requests: { sections: ["Why"] },
    });
    expect(reads).toEqual([key(OWN), key(ORG)]);
  });
});

describe("configPortFor › the contents API, streamed", () => {
  useNock();
  const API = "https://api.github.com";
  const CONTENTS = /^\/repos\/acme\/app\/contents\/\.github(%2F|\/)async-status\.yml$/;
  const RAW = { "content-type": "application/vnd.github.raw; charset=utf-8" };
  const port = () =>
    configPortFor(new Octokit({ auth: "ghs_test" }), { owner: "acme", repo: "app" });
  const read = () => port().readFile(OWN, MAX_CONFIG_BYTES);
  const big = `# ${"x".repeat(MAX_CONFIG_BYTES)}\n`;

  test("a file › its text, asked for in the raw media type", async () => {
    nock(API, { reqheaders: { accept: "application/vnd.github.v3.raw" } })
      .get(CONTENTS)
      .reply(200, "template:\n  min_words: 2\n", RAW);
    expect(await read()).toEqual({ kind: "text", text: "template:\n  min_words: 2\n" });
  });

  test("no file (404) › missing", async () => {
    nock(API).get(CONTENTS).reply(404, { message: "Not Found" });
    expect(await read()).toEqual({ kind: "missing" });
  });

  test("a directory (a JSON listing) › not a file", async () => {
    nock(API)
      .get(CONTENTS)
      .reply(200, [{ name: "x.yml" }]);
    expect(await read()).toEqual({ kind: "not-a-file" });
  });

  test("a server error › thrown", async () => {
    nock(API).get(CONTENTS).reply(500, { message: "Server Error" });
    await expect(read()).rejects.toMatchObject({ status: 500 });
  });

  test("over the limit, length declared › its size from the header, the body left unread", async () => {
    let pulled = 0;
    const body = new Readable({
      read() {
        pulled++;
        this.push(pulled < 100 ? big : null);
      },
    });
    const declared = 100 * big.length;
    nock(API)
      .get(CONTENTS)
      .reply(200, () => body, { ...RAW, "content-length": String(declared) });
    expect(await read()).toEqual({ kind: "too-large", bytes: declared });
    expect(pulled).toBeLessThan(10);
  });

  test("over the limit, no length declared › its size, counted as it streams", async () => {
    nock(API)
      .get(CONTENTS)
      .reply(200, () => Readable.from([big.slice(0, 1000), big.slice(1000)]), RAW);
    expect(await read()).toEqual({ kind: "too-large", bytes: big.length });
  });

  test("multi-byte text split across chunks › decoded whole", async () => {
    const bytes = Buffer.from("summary:\n  label: größe ✓\n");
    nock(API)
      .get(CONTENTS)
      .reply(200, () => Readable.from([bytes.subarray(0, 21), bytes.subarray(21)]), RAW);
    expect(await read()).toEqual({ kind: "text", text: "summary:\n  label: größe ✓\n" });
  });

  test("loadConfig over the port › a 5 MB file is a visible problem", async () => {
    const huge = "a: b\n".repeat(1024 * 1024);
    nock(API).get(CONTENTS).reply(200, huge, RAW);
    expect(await loadConfig(port())).toEqual({
      ok: false,
      problems: [
        {
          file: ".github/async-status.yml",
          path: "",
          message:
            "the file is 5,120 KB (5,242,880 bytes), over the 256 KB limit for a configuration file, so it was not read",
        },
      ],
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
