import { describe, expect, test } from "@jest/globals";
import { evaluate, type SectionStatus } from "../../src/template-check/evaluate.js";
import type { RepoTemplate } from "../../src/template-check/requirements.js";
import { makeRequirements } from "../factories/config.js";

const COMPLETE =
  "## Problem\nThe cache is stale.\n\n## Solution\nInvalidate it on write.\n\n## How to test\nRun `npm test`.";

function statuses(body: string | null, options: Parameters<typeof makeRequirements>[0] = {}) {
  const { requirements } = makeRequirements({ ...options, body: body ?? "" });
  const verdict = evaluate(body, requirements);
  return {
    verdict,
    byName: Object.fromEntries(verdict.sections.map((s) => [s.name, s.status])) as Record<
      string,
      SectionStatus
    >,
  };
}

describe("evaluate › default pull request sections", () => {
  test.each<[string, string | null, Record<string, SectionStatus>, boolean]>([
    [
      "all filled",
      COMPLETE,
      { Problem: "filled", Solution: "filled", "How to test": "filled" },
      true,
    ],
    [
      "null body",
      null,
      { Problem: "missing", Solution: "missing", "How to test": "missing" },
      false,
    ],
    [
      "missing how to test",
      "## Problem\nx\n## Solution\ny",
      { Problem: "filled", Solution: "filled", "How to test": "missing" },
      false,
    ],
    [
      "aliases match",
      "## Motivation\nx\n## Approach\ny\n## Test plan\nz",
      { Problem: "filled", Solution: "filled", "How to test": "filled" },
      true,
    ],
    [
      "bold titles",
      "**Why:**\nx\n\n**Changes:**\ny\n\n**Testing:**\nz",
      { Problem: "filled", Solution: "filled", "How to test": "filled" },
      true,
    ],
    [
      "emoji and case in headings",
      "## 🐛 THE PROBLEM\nx\n## ✨ solution:\ny\n## 🧪 How To Test?\nz",
      { Problem: "filled", Solution: "filled", "How to test": "filled" },
      true,
    ],
    [
      "only an HTML comment",
      "## Problem\n<!-- describe -->\n## Solution\ny\n## How to test\nz",
      { Problem: "empty", Solution: "filled", "How to test": "filled" },
      false,
    ],
    [
      "only unchecked checklist",
      "## Problem\nx\n## Solution\ny\n## How to test\n- [ ] unit\n- [ ] e2e",
      { Problem: "filled", Solution: "filled", "How to test": "empty" },
      false,
    ],
    [
      "a ticked checklist item is content",
      "## Problem\nx\n## Solution\ny\n## How to test\n- [x] unit\n- [ ] e2e",
      { Problem: "filled", Solution: "filled", "How to test": "filled" },
      true,
    ],
    [
      "issue-form blank field",
      "### Problem\n\n_No response_\n\n### Solution\ny\n### How to test\nz",
      { Problem: "empty", Solution: "filled", "How to test": "filled" },
      false,
    ],
    [
      "N/A not allowed for a required section",
      "## Problem\nx\n## Solution\ny\n## How to test\nN/A",
      { Problem: "filled", Solution: "filled", "How to test": "na_not_allowed" },
      false,
    ],
    [
      "fake heading inside a code block",
      "## Problem\nx\n## Solution\n```\n## How to test\nrun it\n```",
      { Problem: "filled", Solution: "filled", "How to test": "missing" },
      false,
    ],
    [
      "fake heading inside a quote",
      "## Problem\nx\n## Solution\ny\n> ## How to test\n> z",
      { Problem: "filled", Solution: "filled", "How to test": "missing" },
      false,
    ],
    [
      "sub-heading content belongs to its section",
      "## Solution\n### Details\nmore\n## Problem\nx\n## How to test\nz",
      { Problem: "filled", Solution: "filled", "How to test": "filled" },
      true,
    ],
    [
      "a recognised section is not swallowed as a sub-heading",
      "## Problem\n### How to test\nz\n## Solution\ny",
      { Problem: "empty", Solution: "filled", "How to test": "filled" },
      false,
    ],
    [
      "CRLF body",
      COMPLETE.replace(/\n/g, "\r\n"),
      { Problem: "filled", Solution: "filled", "How to test": "filled" },
      true,
    ],
    [
      "invisible characters inside heading words (ZWSP, soft hyphen, HTML entity)",
      "## Pro\u200Bblem\nx\n## Solu\u00ADtion\ny\n## How to te&#8203;st\nz",
      { Problem: "filled", Solution: "filled", "How to test": "filled" },
      true,
    ],
    [
      "duplicate headings: the best one counts",
      "## Problem\n\n## Problem\nx\n## Solution\ny\n## How to test\nz",
      { Problem: "filled", Solution: "filled", "How to test": "filled" },
      true,
    ],
  ])("%s", (_name, body, expected, complete) => {
    const { verdict, byName } = statuses(body);
    expect(byName).toEqual(expected);
    expect(verdict.complete).toBe(complete);
  });
});

describe("evaluate › default issue sections (no issue template in the repository)", () => {
  const problem = (
    name: string,
    body: string | null,
    status: SectionStatus,
    extra: { config?: unknown } = {},
  ): [string, SectionStatus, string | null, unknown] => [name, status, body, extra.config ?? {}];

  test.each([
    problem("null body", null, "missing"),
    problem("empty body", "", "missing"),
    problem("whitespace only", "  \n\n", "missing"),
    problem("only an HTML comment", "<!-- Describe the bug -->", "missing"),
    problem("headings with nothing under them", "## Environment\n\n## Logs\n", "missing"),
    problem("plain text, no heading", "Export to CSV fails with a 500 error.", "filled"),
    problem("a stack trace alone (code counts)", "```\nTypeError: x is undefined\n```", "filled"),
    problem("Problem section filled, no Solution", "## Problem\nIt crashes", "filled"),
    problem("bug report: Describe the bug", "## Describe the bug\nIt crashes", "filled"),
    problem("bug report: What happened?", "### What happened?\nIt crashes", "filled"),
    problem("bug report: Current behavior", "**Current behavior:**\nIt crashes", "filled"),
    problem("Description heading", "# Description\nIt crashes", "filled"),
    problem(
      "text under headings that are no section",
      "## Steps to reproduce\n1. Open\n2. Click\n## Expected\nNo crash",
      "filled",
    ),
    problem(
      "an empty Problem heading, text elsewhere",
      "## Problem\n\n## Proposal\nCache the result.",
      "filled",
    ),
    problem(
      "a Problem heading with only a comment",
      "## Problem\n<!-- What happened? -->",
      "empty",
    ),
    problem("issue-form blank answer", "### What happened?\n\n_No response_", "empty"),
    problem("only an unticked checklist", "- [ ] I searched the existing issues", "empty"),
    problem("a ticked checklist item", "- [x] It crashes on save", "filled"),
    problem("only N/A", "N/A", "na_not_allowed"),
    problem("N/A with allow_na: always", "N/A", "not_applicable", {
      config: { template: { allow_na: "always" } },
    }),
    problem("too short for min_words", "It crashes.", "too_short", {
      config: { template: { min_words: 5 } },
    }),
    problem("long enough for min_words", "It crashes when I save a file.", "filled", {
      config: { template: { min_words: 5 } },
    }),
  ])("%s › Problem %s", (_name, status, body, config) => {
    const { verdict } = statuses(body, { kind: "issue", config });
    expect(verdict.sections.map((s) => [s.name, s.status])).toEqual([["Problem", status]]);
    expect(verdict.complete).toBe(status === "filled" || status === "not_applicable");
  });

  test("the one section is Problem, plain text fills it, and no template is named", () => {
    const resolved = makeRequirements({ kind: "issue" });
    expect(resolved).toEqual({
      requirements: [expect.objectContaining({ name: "Problem", required: true, untitled: true })],
    });
    expect(resolved.requirements[0]?.keys).toEqual(
      new Set([
        "problem",
        "problem statement",
        "description",
        "summary",
        "bug",
        "bug description",
        "describe the bug",
        "describe the problem",
        "what happened",
        "current behaviour",
        "current behavior",
        "actual behaviour",
        "actual behavior",
        "observed behaviour",
        "observed behavior",
        "issue",
        "motivation",
      ]),
    );
  });

  test("by_label › a bug with the default issue sections › the extra sections are required too", () => {
    const config = { template: { issues: { by_label: { bug: ["Steps to reproduce"] } } } };
    const { byName } = statuses("It crashes.", { kind: "issue", labels: ["bug"], config });
    expect(byName).toEqual({ Problem: "filled", "Steps to reproduce": "missing" });
  });
});

describe("evaluate › untitled sections", () => {
  const config = {
    template: {
      pull_requests: { sections: [{ name: "Problem", untitled: true }, "Solution"] },
    },
  };

  test.each<[string, string, Record<string, SectionStatus>]>([
    [
      "text before the first heading fills the untitled section",
      "The cache goes stale.\n## Solution\nInvalidate on write.",
      { Problem: "filled", Solution: "filled" },
    ],
    [
      "a sub-heading of a section belongs to that section, not to the untitled one",
      "## Solution\nInvalidate on write.\n### Details\nOn every write.",
      { Problem: "missing", Solution: "filled" },
    ],
    [
      "a heading at the same depth that is no section ends the section",
      "## Solution\nInvalidate on write.\n## Background\nThe cache goes stale.",
      { Problem: "filled", Solution: "filled" },
    ],
    [
      "a section's own text never fills the untitled one",
      "## Solution\nInvalidate on write.",
      { Problem: "missing", Solution: "filled" },
    ],
    [
      "its heading still counts",
      "## Problem\nThe cache goes stale.\n## Solution\nInvalidate on write.",
      { Problem: "filled", Solution: "filled" },
    ],
  ])("%s", (_name, body, expected) => {
    expect(statuses(body, { config }).byName).toEqual(expected);
  });

  test("a section that is not untitled needs its heading (the default for configured sections)", () => {
    const { byName } = statuses("The cache goes stale.", {
      config: { template: { pull_requests: { sections: ["Problem"] } } },
    });
    expect(byName).toEqual({ Problem: "missing" });
  });
});

describe("evaluate › configured sections", () => {
  test("min_words › too short › reports words counted of the minimum", () => {
    const { verdict } = statuses("## Problem\ntwo words", {
      config: { template: { pull_requests: { sections: [{ name: "Problem", min_words: 5 }] } } },
    });
    expect(verdict.sections[0]).toMatchObject({
      status: "too_short",
      words: 2,
      minWords: 5,
      ok: false,
    });
  });

  test("optional section › missing › does not block completeness", () => {
    const { verdict } = statuses("## Problem\nx", {
      config: {
        template: {
          pull_requests: { sections: ["Problem", { name: "Screenshots", required: false }] },
        },
      },
    });
    expect(verdict.complete).toBe(true);
    expect(verdict.sections[1]).toMatchObject({ status: "missing", ok: true });
  });

  test("optional section › N/A › counts as filled by default", () => {
    const { byName } = statuses("## Problem\nx\n## Screenshots\nN/A – no UI", {
      config: {
        template: {
          pull_requests: { sections: ["Problem", { name: "Screenshots", required: false }] },
        },
      },
    });
    expect(byName.Screenshots).toBe("not_applicable");
  });

  test("allow_na: always › N/A in a required section › filled", () => {
    const { verdict } = statuses("## Problem\nN/A", {
      config: { template: { allow_na: "always", pull_requests: { sections: ["Problem"] } } },
    });
    expect(verdict.sections[0]?.status).toBe("not_applicable");
    expect(verdict.complete).toBe(true);
  });

  test("placeholder text from config › left as is › reported as placeholder", () => {
    const { byName } = statuses("## Problem\nDescribe the problem here.", {
      config: {
        template: {
          pull_requests: {
            sections: [{ name: "Problem", placeholder: ["Describe the problem here."] }],
          },
        },
      },
    });
    expect(byName.Problem).toBe("placeholder");
  });

  test("by_label › issue labelled bug › requires the extra sections", () => {
    const config = {
      template: {
        issues: {
          sections: ["Problem"],
          by_label: { bug: ["Steps to reproduce", "Expected behaviour"] },
        },
      },
    };
    const body = "## Problem\nx\n## Steps to reproduce\n1. open";
    const withLabel = statuses(body, { kind: "issue", labels: ["Bug"], config });
    expect(withLabel.byName).toEqual({
      Problem: "filled",
      "Steps to reproduce": "filled",
      "Expected behaviour": "missing",
    });
    const without = statuses(body, { kind: "issue", labels: [], config });
    expect(without.byName).toEqual({ Problem: "filled" });
  });

  test("fingerprint › same statuses, different words › equal", () => {
    const a = statuses("## Problem\nx\n## Solution\ny").verdict.fingerprint;
    const b = statuses("## Problem\nother words\n## Solution\nmore").verdict.fingerprint;
    const c = statuses("## Problem\nx").verdict.fingerprint;
    expect(a).toBe(b);
    expect(a).not.toBe(c);
  });
});

describe("evaluate › sections from the repository template", () => {
  const template = {
    path: ".github/PULL_REQUEST_TEMPLATE.md",
    text: "## Summary\nWhat does this PR do?\n\n## Screenshots (optional)\n\n## Checklist\n- [ ] Tests added\n",
  };
  const config = { template: { pull_requests: { sections: "from-template" } } };

  test.each<[string, string, Record<string, SectionStatus>, boolean]>([
    [
      "template left untouched",
      template.text,
      { Summary: "placeholder", "Screenshots (optional)": "empty", Checklist: "empty" },
      false,
    ],
    [
      "summary written, checklist ticked",
      "## Summary\nAdds X.\n\n## Checklist\n- [x] Tests added",
      { Summary: "filled", "Screenshots (optional)": "missing", Checklist: "filled" },
      true,
    ],
  ])("%s", (_name, body, expected, complete) => {
    const { verdict, byName } = statuses(body, { config, templates: [template] });
    expect(byName).toEqual(expected);
    expect(verdict.complete).toBe(complete);
  });

  test("no template in the repository › a problem, not a crash", () => {
    const resolved = makeRequirements({ config, templates: [] });
    expect(resolved.problem).toBe(
      'template.pull_requests.sections is "from-template", but no .github/PULL_REQUEST_TEMPLATE.md (or one of its usual variants) was found',
    );
  });

  test.each<[string, { labels?: string[]; config?: unknown }]>([
    ["issue, default config", {}],
    [
      "issue, sections: from-template",
      { config: { template: { issues: { sections: "from-template" } } } },
    ],
  ])(
    "no issue template in the repository › %s › the default issue sections, no problem",
    (_name, o) => {
      const resolved = makeRequirements({ kind: "issue", templates: [], ...o });
      expect(resolved.problem).toBeUndefined();
      expect(resolved.templatePath).toBeUndefined();
      expect(resolved.requirements.map((r) => r.name)).toEqual(["Problem"]);
    },
  );

  const BUG_FORM = {
    path: ".github/ISSUE_TEMPLATE/bug.yml",
    text: "name: Bug\nlabels: [bug]\nbody:\n  - type: textarea\n    attributes: {label: What happened?}\n    validations: {required: true}\n  - type: textarea\n    attributes: {label: Steps to reproduce}\n    validations: {required: true}\n",
  };
  const FEATURE_FORM = {
    path: ".github/ISSUE_TEMPLATE/feature.yml",
    text: "name: Feature\nlabels: [enhancement]\nbody:\n  - type: textarea\n    attributes: {label: Proposal}\n    validations: {required: true}\n",
  };

  test.each<
    [
      string,
      { body: string; labels?: string[]; templates: RepoTemplate[] },
      string | undefined,
      string[],
    ]
  >([
    [
      "written from a form (its headings) › that form's sections",
      {
        body: "### What happened?\nIt crashes.\n\n### Steps to reproduce\n1. Save",
        templates: [BUG_FORM, FEATURE_FORM],
      },
      BUG_FORM.path,
      ["What happened?", "Steps to reproduce"],
    ],
    [
      "carries a form's labels › that form's sections",
      { body: "It crashes.", labels: ["enhancement"], templates: [BUG_FORM, FEATURE_FORM] },
      FEATURE_FORM.path,
      ["Proposal"],
    ],
    [
      "a single form, opened blank (no label, no shared heading) › the default issue sections",
      { body: "It crashes when I save.", templates: [BUG_FORM] },
      undefined,
      ["Problem"],
    ],
    [
      "several forms, opened blank › the default issue sections, not the first form by path",
      { body: "## Idea\nDark mode.", templates: [BUG_FORM, FEATURE_FORM] },
      undefined,
      ["Problem"],
    ],
    [
      "an issue form that is not valid YAML (GitHub does not offer it) › the default issue sections",
      {
        body: "It crashes.",
        templates: [{ path: ".github/ISSUE_TEMPLATE/bad.yml", text: "body: [" }],
      },
      undefined,
      ["Problem"],
    ],
    [
      "written from a Markdown template without headings › the default issue sections",
      {
        body: "Please describe the problem.",
        labels: ["triage"],
        templates: [
          {
            path: ".github/ISSUE_TEMPLATE.md",
            text: "---\nlabels: triage\n---\nPlease describe the problem.\n",
          },
        ],
      },
      undefined,
      ["Problem"],
    ],
  ])("issues with from-template (the default) › %s", (_name, o, templatePath, names) => {
    const resolved = makeRequirements({ kind: "issue", ...o });
    expect(resolved.problem).toBeUndefined();
    expect(resolved.templatePath).toBe(templatePath);
    expect(resolved.requirements.map((r) => r.name)).toEqual(names);
  });

  test("a headingless issue template left as it is › its text is the Problem's placeholder", () => {
    const template = {
      path: ".github/ISSUE_TEMPLATE.md",
      text: "Please describe the problem.\n\n- [ ] I searched the existing issues\n",
    };
    const untouched = statuses(template.text, { kind: "issue", templates: [template] });
    expect(untouched.byName).toEqual({ Problem: "placeholder" });
    const written = statuses(`${template.text}\nIt crashes on save.`, {
      kind: "issue",
      templates: [template],
    });
    expect(written.byName).toEqual({ Problem: "filled" });
  });

  test("issue forms › required fields become required sections", () => {
    const form = {
      path: ".github/ISSUE_TEMPLATE/bug.yml",
      text: "name: Bug\nlabels: [bug]\nbody:\n  - type: markdown\n    attributes: {value: hi}\n  - type: textarea\n    attributes: {label: What happened?}\n    validations: {required: true}\n  - type: input\n    attributes: {label: Version}\n",
    };
    const body = "### What happened?\n\n_No response_\n\n### Version\n\n_No response_";
    const { byName, verdict } = statuses(body, {
      kind: "issue",
      config: { template: { issues: { sections: "from-template" } } },
      templates: [form],
    });
    expect(byName).toEqual({ "What happened?": "empty", Version: "empty" });
    expect(verdict.sections.map((s) => s.required)).toEqual([true, false]);
  });

  test("several issue templates › the one whose labels the issue carries is used", () => {
    const templates = [
      {
        path: ".github/ISSUE_TEMPLATE/a_feature.md",
        text: "---\nname: Feature\nlabels: enhancement\n---\n## Idea\n",
      },
      {
        path: ".github/ISSUE_TEMPLATE/b_bug.md",
        text: "---\nname: Bug\nlabels: [bug]\n---\n## Repro\n",
      },
    ];
    const resolved = makeRequirements({
      kind: "issue",
      labels: ["bug"],
      config: { template: { issues: { sections: "from-template" } } },
      templates,
    });
    expect(resolved.templatePath).toBe(".github/ISSUE_TEMPLATE/b_bug.md");
    expect(resolved.requirements.map((r) => r.name)).toEqual(["Repro"]);
  });
});
