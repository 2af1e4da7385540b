import { describe, expect, test } from "@jest/globals";
import fc from "fast-check";
import { ConfigCache } from "../../src/config/cache.js";
import type { ConfigResult } from "../../src/config/load.js";
import { type PushFacts, pushInvalidation } from "../../src/config/push.js";
import { DEFAULT_CONFIG } from "../../src/config/schema.js";
import { mayHaveCommand, parseCommands } from "../../src/decisions/commands.js";
import { commandLines } from "../../src/markdown/sections.js";

describe("mayHaveCommand: the cheap test before any Markdown parse", () => {
  test.each([
    { name: "empty", body: "", expected: false },
    { name: "null", body: null, expected: false },
    { name: "plain prose", body: "LGTM, thanks!", expected: false },
    { name: "a slash mid-line", body: "see a/b and https://x.y/z", expected: false },
    { name: "a command on the first line", body: "/agree", expected: true },
    { name: "indented", body: "   /decide accept", expected: true },
    { name: "on a later line", body: "Thanks.\n/object no", expected: true },
    { name: "after CRLF and a tab", body: "Thanks.\r\n\t/agree", expected: true },
    { name: "after a lone CR", body: "Thanks.\r/agree", expected: true },
    { name: "after an HTML comment", body: "<!-- x -->/agree", expected: true },
    { name: "after a non-breaking space", body: "\u00a0/agree", expected: true },
    { name: "after a word", body: "x /agree", expected: false },
  ])("$name → $expected", ({ body, expected }) => {
    expect(mayHaveCommand(body)).toBe(expected);
  });

  test("never turns away a body the parser would read a command line from", () => {
    const piece = fc.constantFrom(
      "/",
      " ",
      "\t",
      "\n",
      "\r",
      "a",
      "<!--",
      "-->",
      "\u00a0",
      ">",
      "-",
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 30 }), (parts) => {
        const body = parts.join("");
        if (!mayHaveCommand(body)) expect(commandLines(body)).toEqual([]);
      }),
      { numRuns: 2000 },
    );
  });

  test("linear on GitHub's largest body: 65,536 characters of spaces and slashes", () => {
    const body = " /".repeat(32_768).replace(/^ \//, "x/");
    const started = performance.now();
    mayHaveCommand(`x${" ".repeat(65_535)}`);
    mayHaveCommand(body);
    expect(performance.now() - started).toBeLessThan(50);
  });

  test("parseCommands returns nothing for a body without a command line", () => {
    expect(parseCommands("no command here, a/b")).toEqual([]);
  });
});

const found = (n: number): ConfigResult => ({
  ok: true,
  config: { ...DEFAULT_CONFIG, bots: [`bot-${n}`] },
  fromFile: n > 0,
});
const repo = (owner: string, name: string) => ({ owner, repo: name });

describe("ConfigCache", () => {
  function cache(options: { ttlMs?: number; maxEntries?: number } = {}) {
    let now = 0;
    let loads = 0;
    const c = new ConfigCache({ ...options, clock: () => now });
    const get = (owner: string, name: string) =>
      c.get(repo(owner, name), async () => found(++loads));
    return {
      c,
      get,
      loads: () => loads,
      advance: (ms: number) => {
        now += ms;
      },
    };
  }

  test("a hit costs no load, whatever the case of the name", async () => {
    const t = cache();
    await t.get("Org", "Repo");
    await t.get("org", "repo");
    expect(t.loads()).toBe(1);
  });

  test("keeps 'no file' (the defaults) like any result", async () => {
    const c = new ConfigCache();
    let loads = 0;
    const none = async (): Promise<ConfigResult> => {
      loads++;
      return { ok: true, config: DEFAULT_CONFIG, fromFile: false };
    };
    await c.get(repo("o", "r"), none);
    expect(await c.get(repo("o", "r"), none)).toMatchObject({ fromFile: false });
    expect(loads).toBe(1);
  });

  test("an error is not kept", async () => {
    const c = new ConfigCache();
    await expect(
      c.get(repo("o", "r"), async () => {
        throw new Error("502");
      }),
    ).rejects.toThrow("502");
    expect(c.size).toBe(0);
  });

  test("TTL: an entry older than the TTL is loaded again", async () => {
    const t = cache({ ttlMs: 1000 });
    await t.get("o", "r");
    t.advance(999);
    await t.get("o", "r");
    expect(t.loads()).toBe(1);
    t.advance(1);
    await t.get("o", "r");
    expect(t.loads()).toBe(2);
  });

  test("LRU: over the bound, the least recently used goes", async () => {
    const t = cache({ maxEntries: 2 });
    await t.get("o", "a");
    await t.get("o", "b");
    await t.get("o", "a"); // a is now the most recent
    await t.get("o", "c"); // evicts b
    expect(t.c.size).toBe(2);
    await t.get("o", "a");
    expect(t.loads()).toBe(3);
    await t.get("o", "b");
    expect(t.loads()).toBe(4);
  });

  test("invalidate forgets one repository; invalidateOwner every repository of the owner", async () => {
    const t = cache();
    for (const [o, r] of [
      ["org", "a"],
      ["org", "b"],
      ["other", "a"],
    ] as const)
      await t.get(o, r);
    t.c.invalidate("ORG", "A");
    expect(t.c.size).toBe(2);
    t.c.invalidateOwner("Org");
    expect(t.c.size).toBe(1);
    await t.get("other", "a");
    expect(t.loads()).toBe(3);
  });

  test("a load in flight across an invalidation is returned but not kept", async () => {
    const c = new ConfigCache();
    let release: () => void = () => {};
    const pending = c.get(
      repo("o", "r"),
      () =>
        new Promise((done) => {
          release = () => done(found(1));
        }),
    );
    c.invalidate("o", "r");
    release();
    await pending;
    expect(c.size).toBe(0);
  });
});

describe("pushInvalidation: from the payload's file lists, at no request", () => {
  const base: PushFacts = {
    ref: "refs/heads/main",
    defaultBranch: "main",
    owner: "org",
    repo: "app",
    commits: [],
    headCommit: null,
  };
  const touching = { added: [], modified: [".github/async-status.yml"], removed: [] };
  test.each([
    { name: "modified on the default branch", push: { commits: [touching] }, expected: "repo" },
    {
      name: "added",
      push: { commits: [{ added: [".github/async-status.yml"] }] },
      expected: "repo",
    },
    {
      name: "removed",
      push: { commits: [{ removed: [".github/async-status.yml"] }] },
      expected: "repo",
    },
    { name: "only in head_commit", push: { headCommit: touching }, expected: "repo" },
    {
      name: "in the org's .github repository",
      push: { repo: ".github", commits: [touching] },
      expected: "owner",
    },
    {
      name: "another branch",
      push: { ref: "refs/heads/dev", commits: [touching] },
      expected: "none",
    },
    { name: "a tag", push: { ref: "refs/tags/main", commits: [touching] }, expected: "none" },
    {
      name: "other files",
      push: { commits: [{ modified: ["README.md", ".github/other.yml"] }] },
      expected: "none",
    },
    {
      name: "more commits than GitHub lists",
      push: { commits: Array.from({ length: 20 }, () => ({ modified: ["x"] })) },
      expected: "repo",
    },
  ])("$name → $expected", ({ push, expected }) => {
    expect(pushInvalidation({ ...base, ...push }).type).toBe(expected);
  });
});
