import { describe, expect, test } from "@jest/globals";
import { evaluate } from "../../src/template-check/evaluate.js";
import {
  checkOutputForProblems,
  checkOutputForSkip,
  checkOutputForVerdict,
  commentForProblems,
  commentForSkip,
  commentForVerdict,
  reportView,
} from "../../src/template-check/report.js";
import { makeRequirements } from "../factories/config.js";

const verdictFor = (body: string, config?: unknown) =>
  evaluate(body, makeRequirements({ config, body }).requirements);
const HOSTILE = "@org/team | <!-- [x](y)\nnext";

describe("rendered outputs (snapshots)", () => {
  test("check summary › incomplete", () => {
    expect(
      checkOutputForVerdict(
        "pr",
        verdictFor("## Problem\nx\n\n## Solution\n<!-- todo -->"),
        "skip-template",
      ),
    ).toMatchSnapshot();
  });
  test("check summary › complete, sections from a template", () => {
    expect(
      checkOutputForVerdict(
        "pr",
        verdictFor("## Problem\nx\n## Solution\ny\n## How to test\nz"),
        "skip-template",
        ".github/PULL_REQUEST_TEMPLATE.md",
      ),
    ).toMatchSnapshot();
  });
  test("check summary › skipped", () => {
    expect(checkOutputForSkip("pr", "it is a draft")).toMatchSnapshot();
  });
  test("check summary › config problems", () => {
    expect(
      checkOutputForProblems("pr", [
        {
          file: ".github/async-status.yml",
          path: "template.min_words",
          message: "Too small: expected number to be >=1",
        },
      ]),
    ).toMatchSnapshot();
  });
  test("comment › incomplete, bold-title body", () => {
    expect(
      commentForVerdict("issue", verdictFor("**Why:**\nbecause"), "skip-template"),
    ).toMatchSnapshot();
  });
  test("comment › issue without a problem description (the default issue rules)", () => {
    const verdict = evaluate("", makeRequirements({ kind: "issue" }).requirements);
    expect(commentForVerdict("issue", verdict, "skip-template")).toMatchSnapshot();
  });
  test("comment › complete", () => {
    expect(
      commentForVerdict(
        "pr",
        verdictFor("## Problem\nx\n## Solution\ny\n## How to test\nz"),
        "skip-template",
      ),
    ).toMatchSnapshot();
  });
  test("comment › skipped", () => {
    expect(commentForSkip("pr", 'it carries the "skip-template" label')).toMatchSnapshot();
  });
  test("comment › config problems", () => {
    expect(
      commentForProblems("issue", [
        {
          file: ".github/async-status.yml",
          path: "",
          message: "the file must be a YAML mapping of keys to values",
        },
      ]),
    ).toMatchSnapshot();
  });
});

describe("hostile config text in outputs", () => {
  const config = {
    template: {
      skip_label: "skip|<!--",
      pull_requests: { sections: [{ name: HOSTILE, hint: "close --> it" }] },
    },
  };
  const verdict = verdictFor("", config);
  const comment = commentForVerdict("pr", verdict, "skip|<!--");

  test("section names cannot mention, open comments or break the table", () => {
    expect(comment).toContain("| ❌ | @&#8203;org/team \\| &lt;!-- \\[x\\](y) next | missing |");
    // Outside the copy-paste code block (where mentions do not notify), no raw @mention.
    const outsideCode = comment.replace(/```markdown[\s\S]*?```/g, "");
    expect(outsideCode).not.toMatch(/@[A-Za-z]/);
  });
  test("the skeleton's hint cannot close its HTML comment early", () => {
    expect(comment).toContain("<!-- close - -> it -->");
  });
  test("the marker appears once, at the start", () => {
    expect(comment.indexOf("<!-- async-status:template -->")).toBe(0);
    expect(comment.lastIndexOf("<!-- async-status:template -->")).toBe(0);
  });
  test("an untitled section's hint is escaped where the comment asks for it", () => {
    const ask = commentForVerdict(
      "issue",
      evaluate(
        "",
        makeRequirements({
          kind: "issue",
          config: {
            template: {
              issues: { sections: [{ name: "Problem", untitled: true, hint: HOSTILE }] },
            },
          },
        }).requirements,
      ),
      "skip-template",
    );
    expect(ask).toContain("tell us: @&#8203;org/team \\| &lt;!-- \\[x\\](y) next Plain text");
    expect(ask).not.toMatch(/@[A-Za-z]/);
    expect(ask.lastIndexOf("<!--")).toBe(0);
  });
  test.each<[string, unknown, string | null]>([
    [
      "the default issue section missing",
      { kind: "issue" },
      "What happened, or what is missing? Steps, logs or screenshots help.",
    ],
    [
      "an untitled section without a hint",
      {
        kind: "issue",
        config: { template: { issues: { sections: [{ name: "Summary", untitled: true }] } } },
      },
      "Describe the summary.",
    ],
    [
      "an untitled and a titled section missing: the sections are listed instead",
      {
        config: {
          template: {
            pull_requests: { sections: [{ name: "Problem", untitled: true }, "Solution"] },
          },
        },
      },
      null,
    ],
  ])("the comment asks for a description › %s", (_name, options, ask) => {
    const requirements = makeRequirements(
      options as Parameters<typeof makeRequirements>[0],
    ).requirements;
    expect(reportView("issue", evaluate("", requirements), "skip-template").ask).toBe(ask);
  });
  test("problem lists are capped", () => {
    const many = Array.from({ length: 120 }, (_, i) => ({
      file: "f",
      path: `k${i}`,
      message: "bad",
    }));
    const out = commentForProblems("issue", many);
    expect(out).toContain("…and 70 more.");
    expect(out.match(/\| `k\d+` \|/g)).toHaveLength(50);
  });
});
