import { describe, expect, test } from "@jest/globals";
import { DECISION_CONFIG_YAML } from "../factories/decision.js";
import {
  commandDelivery,
  decisionApp,
  ISSUE,
  PENDING_LABELS,
  read,
} from "../helpers/decision-scenario.js";
import { githubMock, ownComment } from "../helpers/github.js";
import { useNock } from "../helpers/nock.js";

useNock();

describe("what is not a command", () => {
  test.each([
    ["a plain comment", "Looks good to me!"],
    ["a command in a quote", "> /object no"],
    ["a command in a code block", "```\n/decide ship\n```"],
    ["another bot's command", "/lgtm"],
  ])("issue_comment.created › %s › no request at all", async (_name, body) => {
    const gh = githubMock();
    const app = await decisionApp();

    await app.comment("created", { body });

    expect(gh.calls()).toEqual([]);
  });

  test("issue_comment.created › from a bot › no request at all", async () => {
    const gh = githubMock();
    const app = await decisionApp();

    await app.comment("created", { body: "/decide ship", login: "ci[bot]", userType: "Bot" });

    expect(gh.calls()).toEqual([]);
  });
});

describe("commands answered without a permission lookup", () => {
  test("issue_comment.created › a mistyped command › one help reply, no permission lookup", async () => {
    const gh = commandDelivery().createComment(ISSUE);
    const app = await decisionApp();

    await app.comment("created", { body: "/decid ship" });

    expect(read.posted(gh)).toMatch(
      /^<!-- async-status:reply 1001:0:\w+ -->\n`\/decid` is not a command. Did you mean `\/decide`\? Comment `\/decide help` for the list.\n$/,
    );
  });

  test("issue_comment.created › an /object reason over 1,000 characters › a usage reply, nothing else", async () => {
    const gh = commandDelivery().createComment(ISSUE);
    const app = await decisionApp();

    await app.comment("created", { body: `/object ${"x".repeat(5000)}`, labels: PENDING_LABELS });

    expect(read.posted(gh)).toContain("is longer than 1,000 characters");
  });

  test("issue_comment.created › /decide help, delivered twice › the grammar and examples, posted once", async () => {
    const app = await decisionApp();
    const first = commandDelivery().createComment(ISSUE);
    await app.comment("created", { body: "/decide help" }, "help");
    const help = read.posted(first);
    expect(help).toContain(
      "| `/decide [recommendation] [by DEADLINE] [@user @org/team …]` | write access |",
    );
    expect(help).toContain(
      "Deadlines are read in Europe/Berlin: `2026-11-28`, `2026-11-28 17:00 Europe/Berlin`",
    );
    expect(help).toContain(
      "Without one, the deadline is 3 business days; it must be between 24 hours and 30 days away.",
    );

    // The redelivery reuses the cached installation token: config and comments only.
    const second = githubMock()
      .config(DECISION_CONFIG_YAML)
      .listComments(ISSUE, [ownComment(5, help)]);
    await app.comment("created", { body: "/decide help" }, "help");
    expect(second.calls().filter((c) => c.startsWith("POST"))).toEqual([]);
  });
});

describe("commands the configuration stops", () => {
  test("issue_comment.created › decisions turned off › one reply saying so; the same comment again posts nothing", async () => {
    const app = await decisionApp();
    const yaml = "timezone: Europe/Berlin\ndecisions:\n  enabled: false\n";
    const first = githubMock().token().config(yaml).listComments(ISSUE, []).createComment(ISSUE);
    await app.comment("created", { body: "/agree\n/object no" }, "off");

    expect(read.posted(first)).toBe(
      "<!-- async-status:reply 1001:disabled -->\nDecisions are turned off for this repository (`decisions.enabled: false` in `.github/async-status.yml`), so this command changed nothing.\n",
    );
    const second = githubMock()
      .config(yaml)
      .listComments(ISSUE, [ownComment(5, read.posted(first))]);
    await app.comment("created", { body: "/agree\n/object no" }, "off");
    expect(read.writes(second)).toEqual([]);
  });

  test("issue_comment.created › an invalid configuration › one reply with the problems, no permission lookup", async () => {
    const gh = githubMock()
      .token()
      .config("decisions:\n  objections_from: everyone\n")
      .listComments(ISSUE, [])
      .createComment(ISSUE);
    const app = await decisionApp();

    await app.comment("created", { body: "/agree" });

    const reply = read.posted(gh);
    expect(reply).toMatch(
      /^<!-- async-status:reply 1001:config_error -->\nI could not run that command because this repository's async-status configuration is invalid:\n\n\| File \| Key \| Problem \|\n/,
    );
    expect(reply).toContain("| `.github/async-status.yml` | `decisions.objections_from` |");
    expect(gh.calls().some((c) => c.includes("/permission"))).toBe(false);
  });
});
