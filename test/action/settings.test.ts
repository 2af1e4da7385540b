import { describe, expect, test } from "@jest/globals";
import { GITHUB_ACTIONS_APP, trustedAppId } from "../../src/action/identity.js";
import { readActionSettings } from "../../src/action/inputs.js";
import { annotation, plainText } from "../../src/action/runner.js";

/** The runner's environment for a `pull_request` run with the defaults of action.yml. */
const runner = (extra: Record<string, string> = {}): NodeJS.ProcessEnv => ({
  GITHUB_EVENT_NAME: "pull_request",
  GITHUB_EVENT_PATH: "/home/runner/work/_temp/_github_workflow/event.json",
  GITHUB_REPOSITORY: "octo-org/widgets",
  GITHUB_RUN_ID: "77",
  GITHUB_RUN_ATTEMPT: "2",
  GITHUB_API_URL: "https://api.github.com",
  GITHUB_GRAPHQL_URL: "https://api.github.com/graphql",
  "INPUT_GITHUB-TOKEN": "ghs_workflow",
  "INPUT_APP-TOKEN": "",
  "INPUT_APP-ID": "",
  "INPUT_DRY-RUN": "false",
  INPUT_NOW: "",
  ...extra,
});

const settingsOf = (env: NodeJS.ProcessEnv) => {
  const read = readActionSettings(env);
  if (!read.ok) throw new Error(read.problems.join("; "));
  return read.settings;
};

describe("Action settings from the runner's environment", () => {
  test.each([
    ["pull_request", { kind: "event", name: "pull_request", source: "pull_request" }],
    ["pull_request_target", { kind: "event", name: "pull_request", source: "pull_request_target" }],
    ["issues", { kind: "event", name: "issues" }],
    ["issue_comment", { kind: "event", name: "issue_comment" }],
    ["schedule", { kind: "tick", source: "schedule" }],
    ["workflow_dispatch", { kind: "tick", source: "workflow_dispatch" }],
    ["push", { kind: "other", source: "push" }],
  ])("GITHUB_EVENT_NAME=%s › %o", (event, trigger) => {
    expect(settingsOf(runner({ GITHUB_EVENT_NAME: event })).trigger).toMatchObject(trigger);
  });

  test("defaults › the workflow token, no app id, the clock, no dry run, the run as delivery id", () => {
    expect(settingsOf(runner())).toEqual({
      trigger: {
        kind: "event",
        name: "pull_request",
        source: "pull_request",
        payloadPath: "/home/runner/work/_temp/_github_workflow/event.json",
      },
      repo: { owner: "octo-org", repo: "widgets" },
      deliveryId: "77-2",
      token: "ghs_workflow",
      restUrl: "https://api.github.com",
      graphqlUrl: "https://api.github.com/graphql",
      dryRun: false,
    });
  });

  test.each([
    ["GHES", "https://ghe.example.com/api/v3", "https://ghe.example.com/api/graphql"],
    ["GHE.com", "https://api.octo.ghe.com", "https://api.octo.ghe.com/graphql"],
  ])("%s without GITHUB_GRAPHQL_URL › GraphQL derived from GITHUB_API_URL", (_, rest, graphql) => {
    const env = runner({ GITHUB_API_URL: rest });
    delete env.GITHUB_GRAPHQL_URL;
    expect(settingsOf(env)).toMatchObject({ restUrl: rest, graphqlUrl: graphql });
  });

  test("app-token with app-id › the app's token and id win over github-token", () => {
    expect(
      settingsOf(runner({ "INPUT_APP-TOKEN": "ghs_app", "INPUT_APP-ID": "4242" })),
    ).toMatchObject({ token: "ghs_app", appId: 4242 });
  });

  test("dry-run and now › read as YAML booleans and an ISO instant", () => {
    const settings = settingsOf(
      runner({ "INPUT_DRY-RUN": "True", INPUT_NOW: "2026-11-30T10:00:00+01:00" }),
    );
    expect(settings.dryRun).toBe(true);
    expect(settings.now?.toString()).toBe("2026-11-30T09:00:00Z");
  });

  test("no inputs at all (run outside action.yml) › GITHUB_TOKEN from the environment", () => {
    expect(
      settingsOf({
        GITHUB_EVENT_NAME: "schedule",
        GITHUB_REPOSITORY: "o/r",
        GITHUB_TOKEN: "ghs_env",
      }),
    ).toMatchObject({ token: "ghs_env", trigger: { kind: "tick" }, deliveryId: "local-1" });
  });

  test.each([
    [
      "app-token without app-id",
      { "INPUT_APP-TOKEN": "ghs_app" },
      "app-id is required with app-token",
    ],
    ["a non-numeric app-id", { "INPUT_APP-ID": "my-app" }, "app-id must be the app's numeric id"],
    [
      "a personal access token",
      { "INPUT_GITHUB-TOKEN": "ghp_abc" },
      "a personal access token cannot be used",
    ],
    [
      "a fine-grained personal token",
      { "INPUT_GITHUB-TOKEN": "github_pat_abc" },
      "a personal access token cannot be used",
    ],
    ["an empty token", { "INPUT_GITHUB-TOKEN": "" }, "github-token is empty"],
    [
      "a date without a zone for now",
      { INPUT_NOW: "2026-11-30 09:00" },
      'now must be an ISO instant with a zone or offset, such as 2026-11-30T09:00:00Z, not "2026-11-30 09:00"',
    ],
    ["dry-run: yes", { "INPUT_DRY-RUN": "yes" }, "dry-run must be true or false"],
    [
      "a repository without owner",
      { GITHUB_REPOSITORY: "widgets" },
      "GITHUB_REPOSITORY must be OWNER/NAME",
    ],
    [
      "an API URL that is no URL",
      { GITHUB_API_URL: "api.github.com" },
      "GITHUB_API_URL must be an http(s) URL",
    ],
    ["an event without its payload", { GITHUB_EVENT_PATH: "" }, "GITHUB_EVENT_PATH is not set"],
  ])("invalid › %s › a message naming it", (_, extra, message) => {
    const read = readActionSettings(runner(extra));
    expect(read.ok).toBe(false);
    expect(read.ok ? [] : read.problems).toEqual([expect.stringContaining(message)]);
  });
});

describe("whose comments are the Action's own", () => {
  const lookups: string[] = [];
  const github = (answer: { id: number } | number) => ({
    request: async (route: string, params: { app_slug: string }) => {
      lookups.push(`${route} ${params.app_slug}`);
      if (typeof answer === "number")
        throw Object.assign(new Error("Not Found"), { status: answer });
      return { data: answer };
    },
  });

  test("GITHUB_TOKEN on github.com › GitHub Actions (15368), without a request", async () => {
    lookups.length = 0;
    await expect(trustedAppId({ restUrl: "https://api.github.com" }, github(404))).resolves.toBe(
      GITHUB_ACTIONS_APP.id,
    );
    expect(GITHUB_ACTIONS_APP).toEqual({ id: 15368, slug: "github-actions" });
    expect(lookups).toEqual([]);
  });

  test("an app's token › the app-id given", async () => {
    await expect(
      trustedAppId({ restUrl: "https://ghe.example.com/api/v3", appId: 4242 }, github(404)),
    ).resolves.toBe(4242);
  });

  test("GITHUB_TOKEN on GHES › the github-actions app's id there, by its slug", async () => {
    lookups.length = 0;
    await expect(
      trustedAppId({ restUrl: "https://ghe.example.com/api/v3" }, github({ id: 3 })),
    ).resolves.toBe(3);
    expect(lookups).toEqual(["GET /apps/{app_slug} github-actions"]);
  });

  test("GITHUB_TOKEN on GHES, the app not found › an error that says to set app-id", async () => {
    await expect(
      trustedAppId({ restUrl: "https://ghe.example.com/api/v3" }, github(404)),
    ).rejects.toThrow(/set the app-id input/);
  });
});

describe("what the runner reads from the log", () => {
  test("an annotation › one line, whatever the message holds", () => {
    expect(annotation("error", "50% failed\nline two\r")).toBe(
      "::error::50%25 failed%0Aline two%0D\n",
    );
  });

  test.each([
    ["::set-output name=x::1", ": :set-output name=x::1"],
    [
      "[dry-run] o/r: comment\n  ::add-mask::secret",
      "[dry-run] o/r: comment\n  : :add-mask::secret",
    ],
    ["a :: in the middle", "a :: in the middle"],
  ])("plain text › %j › no workflow command", (text, expected) => {
    expect(plainText(text)).toBe(expected);
  });
});
