import { describe, expect, test } from "@jest/globals";
import { Temporal } from "temporal-polyfill";
import type { CheckedItem } from "../../src/template-check/item.js";
import { needsVerdict, repairReason, type SeenItem } from "../../src/template-check/repair.js";
import {
  type RawNode,
  repairQuery,
  repairSearchText,
  seenFromNode,
} from "../../src/template-check/repair-search.js";
import type { RepoTemplate } from "../../src/template-check/requirements.js";
import { makeConfig } from "../factories/config.js";

const INCOMPLETE = "## Problem\nThe cache is stale.\n\n## Solution\nInvalidate on write.\n";
const ISSUE_INCOMPLETE = "## Problem\n<!-- What happened? -->\n";
const COMPLETE = `${INCOMPLETE}\n## How to test\nRun \`npm test\` and deploy to staging.\n`;
const LABEL = "template: incomplete";
const SHA = "ec26c3e57ca3a959ca5aad62de7213c562f8c821";
const APP = 123;

/** An open item as the repair search sees it; a PR with a passing check unless told. */
function makeSeen(overrides: Partial<CheckedItem> & { conclusion?: string | null } = {}): SeenItem {
  const { conclusion, ...item } = overrides;
  const kind = item.kind ?? "pr";
  return {
    item: {
      kind,
      number: 2,
      body: COMPLETE,
      labels: [],
      author: { login: "octocat", type: "User" },
      draft: false,
      state: "open",
      ...(kind === "pr" ? { headSha: SHA } : {}),
      ...item,
    },
    updatedAt: "2026-11-28T07:00:00Z",
    ...(kind === "pr" ? { conclusion: conclusion === undefined ? "success" : conclusion } : {}),
  };
}

const PR_TEMPLATE: RepoTemplate = {
  path: ".github/PULL_REQUEST_TEMPLATE.md",
  text: "## Problem\n\n## Solution\n\n## How to test\nDescribe the steps here.\n",
};
const PLACEHOLDER_BODY = `${INCOMPLETE}\n## How to test\nDescribe the steps here.\n`;

describe("template repair › which items need the check again", () => {
  test.each<[string, SeenItem, unknown, RepoTemplate[], string | undefined]>([
    // Pull requests: the check run on the head commit, and the label, against the verdict.
    [
      "PR › no check run on the head (the create failed) › repaired",
      makeSeen({ conclusion: null }),
      {},
      [],
      "no async-status/template check run on the head commit",
    ],
    ["PR › complete, success, no label › right", makeSeen(), {}, [], undefined],
    [
      "PR › incomplete, failure, labelled › right",
      makeSeen({ body: INCOMPLETE, labels: [LABEL], conclusion: "failure" }),
      {},
      [],
      undefined,
    ],
    [
      "PR › incomplete, failure, no label (the label write failed) › repaired",
      makeSeen({ body: INCOMPLETE, conclusion: "failure" }),
      {},
      [],
      'the description is incomplete, but the "template: incomplete" label is missing',
    ],
    [
      "PR › complete, failure, no label (an edit was lost) › repaired",
      makeSeen({ conclusion: "failure" }),
      {},
      [],
      "the check run says failure, but the description is complete",
    ],
    [
      "PR › complete, success, labelled (the label removal failed) › repaired",
      makeSeen({ labels: [LABEL] }),
      {},
      [],
      'the description is complete, but the "template: incomplete" label is there',
    ],
    [
      "PR › incomplete, success, labelled › repaired",
      makeSeen({ body: INCOMPLETE, labels: [LABEL] }),
      {},
      [],
      "the check run says success, but the description is incomplete",
    ],
    [
      "PR › incomplete, success, no label (an edit was lost) › repaired",
      makeSeen({ body: INCOMPLETE }),
      {},
      [],
      "the check run says success, but the description is incomplete",
    ],
    [
      "PR › incomplete, neutral, labelled, incomplete_conclusion neutral › right",
      makeSeen({ body: INCOMPLETE, labels: [LABEL], conclusion: "neutral" }),
      { template: { incomplete_conclusion: "neutral" } },
      [],
      undefined,
    ],
    [
      "PR › complete, neutral (a draft's check; ready_for_review was lost) › repaired",
      makeSeen({ conclusion: "neutral" }),
      {},
      [],
      "the check run says neutral, but the description is complete",
    ],
    [
      "PR › the label under its configured name › right",
      makeSeen({ body: INCOMPLETE, labels: ["Needs-Description"], conclusion: "failure" }),
      { template: { label: "needs-description" } },
      [],
      undefined,
    ],
    [
      "PR › the template's placeholder left in › incomplete, so success is wrong",
      makeSeen({ body: PLACEHOLDER_BODY }),
      {},
      [PR_TEMPLATE],
      "the check run says success, but the description is incomplete",
    ],
    [
      "PR › the same body, placeholders_from_template off › right",
      makeSeen({ body: PLACEHOLDER_BODY }),
      { template: { placeholders_from_template: false } },
      [PR_TEMPLATE],
      undefined,
    ],
    [
      "PR › from-template without a template, failure, no label › right (the check reports it)",
      makeSeen({ conclusion: "failure" }),
      { template: { pull_requests: { sections: "from-template" } } },
      [],
      undefined,
    ],
    [
      "PR › from-template without a template, success › repaired",
      makeSeen(),
      { template: { pull_requests: { sections: "from-template" } } },
      [],
      "the check run says success, but the template requirements cannot be built",
    ],
    // Skipped and disabled: left alone, whatever they carry.
    [
      "PR › draft, no check run › skipped",
      makeSeen({ draft: true, conclusion: null }),
      {},
      [],
      undefined,
    ],
    [
      "PR › draft, skip_drafts off, no check run › repaired",
      makeSeen({ draft: true, conclusion: null }),
      { template: { skip_drafts: false } },
      [],
      "no async-status/template check run on the head commit",
    ],
    [
      "PR › skip label, no check run › skipped",
      makeSeen({ labels: ["Skip-Template"], conclusion: null }),
      {},
      [],
      undefined,
    ],
    [
      "PR › a bot's, no check run › skipped",
      makeSeen({ author: { login: "renovate[bot]", type: "Bot" }, conclusion: null }),
      {},
      [],
      undefined,
    ],
    [
      "PR › a bot in check_bots, no check run › repaired",
      makeSeen({ author: { login: "renovate[bot]", type: "Bot" }, conclusion: null }),
      { template: { check_bots: ["renovate[bot]"] } },
      [],
      "no async-status/template check run on the head commit",
    ],
    [
      "PR › a user listed in bots › skipped",
      makeSeen({ author: { login: "ci-user", type: "User" }, conclusion: null }),
      { bots: ["ci-user"] },
      [],
      undefined,
    ],
    [
      "PR › pull requests disabled › left alone",
      makeSeen({ conclusion: null }),
      { template: { pull_requests: { enabled: false } } },
      [],
      undefined,
    ],
    [
      "PR › template enforcement disabled › left alone",
      makeSeen({ conclusion: null }),
      { template: { enabled: false } },
      [],
      undefined,
    ],
    // Issues: no check run; the label against the verdict.
    [
      "issue › incomplete without the label › repaired",
      makeSeen({ kind: "issue", body: ISSUE_INCOMPLETE }),
      {},
      [],
      'the description is incomplete, but the "template: incomplete" label is missing',
    ],
    [
      "issue › incomplete, labelled › right",
      makeSeen({ kind: "issue", body: ISSUE_INCOMPLETE, labels: [LABEL] }),
      {},
      [],
      undefined,
    ],
    [
      "issue › complete, labelled › repaired",
      makeSeen({ kind: "issue", labels: [LABEL] }),
      {},
      [],
      'the description is complete, but the "template: incomplete" label is there',
    ],
    ["issue › complete, no label › right", makeSeen({ kind: "issue" }), {}, [], undefined],
    [
      "issue › empty body, no label › repaired",
      makeSeen({ kind: "issue", body: null }),
      {},
      [],
      'the description is incomplete, but the "template: incomplete" label is missing',
    ],
    [
      "issue › issues disabled › left alone",
      makeSeen({ kind: "issue", body: ISSUE_INCOMPLETE }),
      { template: { issues: { enabled: false } } },
      [],
      undefined,
    ],
    [
      "issue › skip label › left alone",
      makeSeen({ kind: "issue", body: INCOMPLETE, labels: ["skip-template"] }),
      {},
      [],
      undefined,
    ],
    [
      "issue › from-template without a template › judged by the default issue sections",
      makeSeen({ kind: "issue", body: ISSUE_INCOMPLETE }),
      { template: { issues: { sections: "from-template" } } },
      [],
      'the description is incomplete, but the "template: incomplete" label is missing',
    ],
  ])("%s", (_name, seen, config, templates, expected) => {
    expect(repairReason(seen, makeConfig(config), templates)).toBe(expected);
  });

  test.each<[string, SeenItem, boolean]>([
    ["PR with a check run", makeSeen(), true],
    [
      "PR without a check run (repaired whatever the verdict)",
      makeSeen({ conclusion: null }),
      false,
    ],
    ["draft PR (skipped)", makeSeen({ draft: true }), false],
    ["issue", makeSeen({ kind: "issue" }), true],
    ["issue with the skip label", makeSeen({ kind: "issue", labels: ["skip-template"] }), false],
  ])("needsVerdict › %s › %s", (_name, seen, expected) => {
    expect(needsVerdict(seen, makeConfig())).toBe(expected);
  });
});

/** A PR hit with one check suite on its last commit. */
function prNode(suite: { app: number; conclusion: string | null } | null, oid = SHA): RawNode {
  return {
    __typename: "PullRequest",
    number: 2,
    updatedAt: "2026-11-28T07:00:00Z",
    body: COMPLETE,
    isDraft: false,
    author: { login: "octocat", __typename: "User" },
    labels: { nodes: [{ name: LABEL }] },
    headRefOid: SHA,
    commits: {
      nodes: [
        {
          commit: {
            oid,
            checkSuites: {
              nodes: suite
                ? [
                    {
                      app: { databaseId: suite.app },
                      checkRuns: {
                        nodes: suite.conclusion ? [{ conclusion: suite.conclusion }] : [],
                      },
                    },
                  ]
                : [],
            },
          },
        },
      ],
    },
  };
}

describe("template repair › reading the search", () => {
  test.each<[string, RawNode, number | undefined, string | null]>([
    [
      "this app's run › its conclusion, lower-cased",
      prNode({ app: APP, conclusion: "FAILURE" }),
      APP,
      "failure",
    ],
    ["another app's run › none", prNode({ app: 999, conclusion: "SUCCESS" }), APP, null],
    [
      "any app's run, no app id known › counted",
      prNode({ app: 999, conclusion: "SUCCESS" }),
      undefined,
      "success",
    ],
    ["a suite without the run › none", prNode({ app: APP, conclusion: null }), APP, null],
    ["no suite › none", prNode(null), APP, null],
    [
      "the last commit listed is not the head › none",
      prNode({ app: APP, conclusion: "SUCCESS" }, "0000000000000000000000000000000000000000"),
      APP,
      null,
    ],
  ])("PR check run › %s", (_name, node, appId, conclusion) => {
    expect(seenFromNode(node, appId)?.conclusion).toBe(conclusion);
  });

  test("PR node › the item the webhook would build from its payload", () => {
    expect(seenFromNode({ ...prNode(null), isDraft: true }, APP)).toEqual({
      item: {
        kind: "pr",
        number: 2,
        body: COMPLETE,
        labels: [LABEL],
        author: { login: "octocat", type: "User" },
        draft: true,
        state: "open",
        headSha: SHA,
      },
      updatedAt: "2026-11-28T07:00:00Z",
      conclusion: null,
    });
  });

  test.each<[string, RawNode["author"], { login: string; type: string }]>([
    ["a user", { login: "octocat", __typename: "User" }, { login: "octocat", type: "User" }],
    [
      "an app (GraphQL drops [bot])",
      { login: "renovate", __typename: "Bot" },
      { login: "renovate[bot]", type: "Bot" },
    ],
    ["a deleted account", null, { login: "ghost", type: "User" }],
  ])("issue node › author %s › as REST names it", (_name, author, expected) => {
    const node: RawNode = {
      __typename: "Issue",
      number: 1,
      updatedAt: "2026-11-28T07:00:00Z",
      body: null,
      author,
      labels: { nodes: [] },
    };
    expect(seenFromNode(node, APP)).toEqual({
      item: {
        kind: "issue",
        number: 1,
        body: null,
        labels: [],
        author: expected,
        draft: false,
        state: "open",
      },
      updatedAt: "2026-11-28T07:00:00Z",
    });
  });

  test.each<[string, RawNode | null]>([
    ["a null hit (no access)", null],
    [
      "a discussion or other type",
      { __typename: "Discussion", number: 3, updatedAt: "2026-11-28T07:00:00Z" },
    ],
    ["a PR without its head", { ...prNode(null), headRefOid: "" }],
  ])("node › %s › ignored", (_name, node) => {
    expect(seenFromNode(node, APP)).toBeUndefined();
  });

  test.each<[string, ("pr" | "issue")[], string]>([
    ["both kinds", ["pr", "issue"], "repo:o/r is:open updated:>=2026-11-28T07:55:00Z"],
    ["pull requests only", ["pr"], "repo:o/r is:open is:pr updated:>=2026-11-28T07:55:00Z"],
    ["issues only", ["issue"], "repo:o/r is:open is:issue updated:>=2026-11-28T07:55:00Z"],
  ])("search text › %s", (_name, kinds, expected) => {
    const since = Temporal.Instant.from("2026-11-28T07:55:00.250Z");
    expect(repairSearchText({ owner: "o", repo: "r" }, since, kinds)).toBe(expected);
  });

  test("query › with the app id › one suite per commit, filtered by app; the newest run by name", () => {
    const query = repairQuery(APP);
    expect(query).toContain("checkSuites(first: 1, filterBy: { appId: 123 })");
    expect(query).toContain('checkRuns(last: 1, filterBy: { checkName: "async-status/template" })');
    expect(query).toContain("search(query: $q, type: ISSUE, first: 100, after: $after)");
    expect(repairQuery(undefined)).toContain("checkSuites(first: 10)");
  });
});
