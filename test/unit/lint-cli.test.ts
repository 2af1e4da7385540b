import { describe, expect, test } from "@jest/globals";
import { main } from "../../src/cli/main.js";
import { memoryIo } from "../helpers/cli-io.js";

const COMPLETE =
  "## Problem\nThe cache is stale.\n\n## Solution\nInvalidate it.\n\n## How to test\nRun the suite.\n";
const INCOMPLETE = "## Problem\nThe cache is stale.\n";

describe("async-status lint", () => {
  test("complete body from stdin › exit 0 and a ✓ summary", async () => {
    const { io, stdout } = memoryIo({}, COMPLETE);
    expect(await main(["lint"], io)).toBe(0);
    expect(stdout()).toBe(
      "✓ Complete: all 3 required sections of this pull request are filled in.\n\n  ✅ Problem: filled\n  ✅ Solution: filled\n  ✅ How to test: filled\n",
    );
  });

  test("incomplete file › exit 1, the missing sections and a skeleton", async () => {
    const { io, stdout } = memoryIo({ "body.md": INCOMPLETE });
    expect(await main(["lint", "body.md"], io)).toBe(1);
    expect(stdout()).toContain(
      "✗ Incomplete: 1 of 3 required sections of this pull request are filled in.",
    );
    expect(stdout()).toContain("  ❌ How to test: missing");
    expect(stdout()).toContain("## Solution\n\n<!-- What does this change, and how? -->");
  });

  test("--json › machine-readable verdict", async () => {
    const { io, stdout } = memoryIo({ "body.md": INCOMPLETE });
    expect(await main(["lint", "--json", "body.md"], io)).toBe(1);
    const json = JSON.parse(stdout());
    expect(json).toMatchObject({ kind: "pr", complete: false, template: null });
    expect(
      json.sections.map((s: { name: string; status: string }) => `${s.name}=${s.status}`),
    ).toEqual(["Problem=filled", "Solution=missing", "How to test=missing"]);
  });

  test.each<[string, string, number, string[]]>([
    ["a problem description, no Solution", INCOMPLETE, 0, ["Problem=filled"]],
    ["plain text without a heading", "Saving fails offline.\n", 0, ["Problem=filled"]],
    ["an empty body", "", 1, ["Problem=missing"]],
  ])("--kind issue › %s › the default issue rules", async (_name, body, code, sections) => {
    const { io, stdout } = memoryIo({ "body.md": body });
    expect(await main(["lint", "--json", "--kind", "issue", "body.md"], io)).toBe(code);
    const json = JSON.parse(stdout());
    expect(json).toMatchObject({ kind: "issue", complete: code === 0, template: null });
    expect(
      json.sections.map((s: { name: string; status: string }) => `${s.name}=${s.status}`),
    ).toEqual(sections);
  });

  test("--kind issue › the working tree's issue form › its sections apply", async () => {
    const files = {
      ".github/ISSUE_TEMPLATE/bug.yml":
        "name: Bug\nbody:\n  - type: textarea\n    attributes: {label: What happened?}\n    validations: {required: true}\n",
      "body.md": "### What happened?\n\n_No response_\n",
    };
    const { io, stdout } = memoryIo(files);
    expect(await main(["lint", "--kind", "issue", "body.md"], io)).toBe(1);
    expect(stdout()).toContain("(sections from .github/ISSUE_TEMPLATE/bug.yml)");
    expect(stdout()).toContain("  ❌ What happened?: empty");
  });

  test("--config › its sections apply", async () => {
    const { io } = memoryIo({
      "cfg.yml": "template:\n  pull_requests:\n    sections: [Problem]\n",
      "body.md": INCOMPLETE,
    });
    expect(await main(["lint", "--config", "cfg.yml", "body.md"], io)).toBe(0);
  });

  test("--config with an invalid file › exit 2 with file, key and message", async () => {
    const { io, stderr } = memoryIo({
      "cfg.yml": "template:\n  min_words: zero\n",
      "body.md": COMPLETE,
    });
    expect(await main(["lint", "--config", "cfg.yml", "body.md"], io)).toBe(2);
    expect(stderr()).toBe(
      "async-status lint: invalid configuration\n  cfg.yml: template.min_words: Invalid input: expected number, received string\n",
    );
  });

  test("--template › sections and placeholders from that file", async () => {
    const { io, stdout } = memoryIo({
      "t.md": "## Summary\nDescribe it.\n",
      "body.md": "## Summary\nDescribe it.\n",
    });
    expect(await main(["lint", "--template", "t.md", "body.md"], io)).toBe(1);
    expect(stdout()).toContain("❌ Summary: still the template's placeholder text");
  });

  test("--label › selects by_label sections", async () => {
    const files = {
      "cfg.yml":
        "template:\n  issues:\n    sections: [Problem]\n    by_label:\n      bug: [Expected behaviour]\n",
      "body.md": INCOMPLETE,
    };
    expect(
      await main(["lint", "--kind", "issue", "--config", "cfg.yml", "body.md"], memoryIo(files).io),
    ).toBe(0);
    expect(
      await main(
        ["lint", "--kind", "issue", "--config", "cfg.yml", "--label", "bug", "body.md"],
        memoryIo(files).io,
      ),
    ).toBe(1);
  });

  test("sections: from-template › read from the working tree", async () => {
    const files = {
      "cfg.yml": "template:\n  pull_requests:\n    sections: from-template\n",
      ".github/pull_request_template.md": "## Why\n",
      "body.md": "## Why\nBecause.",
    };
    const { io, stdout } = memoryIo(files);
    expect(await main(["lint", "--config", "cfg.yml", "body.md"], io)).toBe(0);
    expect(stdout()).toContain("(sections from .github/pull_request_template.md)");
  });

  test.each([
    ["unknown option", ["lint", "--frobnicate"], /Unknown option '--frobnicate'/],
    ["bad --kind", ["lint", "--kind", "commit"], /--kind must be "pr" or "issue", not "commit"/],
    ["two files", ["lint", "a.md", "b.md"], /give at most one FILE/],
    ["missing file", ["lint", "nope.md"], /cannot read nope.md/],
    ["unknown command", ["frobnicate"], /unknown command "frobnicate"/],
    ["no command", [], /no command given/],
  ])("usage error › %s › exit 2 with a message", async (_name, argv, message) => {
    const { io, stderr } = memoryIo();
    expect(await main(argv, io)).toBe(2);
    expect(stderr()).toMatch(message);
  });

  test("--label skip-template, or checks turned off › skipped like the app does, exit 0", async () => {
    const skip = memoryIo({ "body.md": INCOMPLETE });
    expect(await main(["lint", "--label", "skip-template", "body.md"], skip.io)).toBe(0);
    expect(skip.stdout()).toBe('– Skipped: it carries the "skip-template" label.\n');
    const off = memoryIo({ "cfg.yml": "template:\n  enabled: false\n", "body.md": INCOMPLETE });
    expect(await main(["lint", "--config", "cfg.yml", "body.md"], off.io)).toBe(0);
  });

  test("--help › usage on stdout, exit 0", async () => {
    const { io, stdout } = memoryIo();
    expect(await main(["lint", "--help"], io)).toBe(0);
    expect(stdout()).toContain(
      "Exit codes: 0 complete, 1 incomplete, 2 usage or configuration error.",
    );
  });
});
