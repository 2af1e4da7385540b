import { parseArgs } from "node:util";
import { parseConfigText } from "../config/load.js";
import { type Config, DEFAULT_CONFIG } from "../config/schema.js";
import { render } from "../output/render.js";
import {
  type CheckedItem,
  evaluate,
  type ItemKind,
  isEnabled,
  loadRepoTemplates,
  type RepoTemplate,
  reportView,
  resolveRequirements,
  skipReason,
} from "../template-check/index.js";
import { type CliIo, EXIT } from "./io.js";
import { localTree } from "./local-templates.js";

export const LINT_USAGE = `Usage: async-status lint [--kind pr|issue] [--config FILE] [--template FILE]
                        [--label NAME]... [--json] [FILE|-]

Check a pull request or issue description (FILE, or standard input) for the sections
the team requires, with the same engine as the app.

  --kind pr|issue   which rules apply (default: pr)
  --config FILE     an .github/async-status.yml to use (default: built-in defaults)
  --template FILE   take sections and placeholders from this template
  --label NAME      a label the item carries (selects by_label sections); repeatable
  --json            machine-readable output
Exit codes: 0 complete, 1 incomplete, 2 usage or configuration error.`;

function usageError(io: CliIo, message: string): number {
  io.stderr(`async-status lint: ${message}\n\n${LINT_USAGE}\n`);
  return EXIT.usage;
}

/** `async-status lint`: returns the exit code. */
export async function lintCommand(argv: string[], io: CliIo): Promise<number> {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (error) {
    return usageError(io, error instanceof Error ? error.message : String(error));
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.stdout(`${LINT_USAGE}\n`);
    return EXIT.ok;
  }
  const kind = values.kind ?? "pr";
  if (kind !== "pr" && kind !== "issue")
    return usageError(io, `--kind must be "pr" or "issue", not "${kind}"`);
  if (positionals.length > 1) return usageError(io, "give at most one FILE");

  let config: Config = DEFAULT_CONFIG;
  if (values.config) {
    const text = await readOrNull(io, values.config);
    if (text === null) return usageError(io, `cannot read --config ${values.config}`);
    const result = parseConfigText(text, values.config);
    if (!result.ok) {
      io.stderr(
        `async-status lint: invalid configuration\n${result.problems.map((p) => `  ${p.file}: ${p.path || "(whole file)"}: ${p.message}`).join("\n")}\n`,
      );
      return EXIT.usage;
    }
    config = result.config;
  }

  const source = positionals[0] ?? "-";
  const body = source === "-" ? await io.readStdin() : await readOrNull(io, source);
  if (body === null) return usageError(io, `cannot read ${source}`);

  let templates: RepoTemplate[] = [];
  if (values.template) {
    const text = await readOrNull(io, values.template);
    if (text === null) return usageError(io, `cannot read --template ${values.template}`);
    templates = [{ path: values.template, text }];
    config = withSectionsFromTemplate(config, kind);
  } else if (
    (kind === "pr" ? config.template.pull_requests : config.template.issues).sections ===
      "from-template" ||
    config.template.placeholders_from_template
  ) {
    // The same lookup as the app, on the working tree.
    templates = await loadRepoTemplates(localTree(io), kind);
  }

  const labels = values.label ?? [];
  // The app's own rules for skipping: disabled by config, or the skip label.
  const item: CheckedItem = {
    kind,
    number: 0,
    body,
    labels,
    author: { login: "you", type: "User" },
    draft: false,
    state: "open",
  };
  const skipped = !isEnabled(item, config)
    ? "the template check is turned off for this kind of item"
    : skipReason(item, config);
  if (skipped) {
    io.stdout(
      values.json
        ? `${JSON.stringify({ kind, complete: true, skipped })}\n`
        : `– Skipped: ${skipped}.\n`,
    );
    return EXIT.ok;
  }
  const resolved = resolveRequirements({ kind, config: config.template, labels, body, templates });
  if (resolved.problem) {
    io.stderr(`async-status lint: ${resolved.problem}\n`);
    return EXIT.usage;
  }
  const verdict = evaluate(body, resolved.requirements);
  if (values.json) {
    io.stdout(
      `${JSON.stringify({ kind, complete: verdict.complete, template: resolved.templatePath ?? null, sections: verdict.sections }, null, 2)}\n`,
    );
  } else {
    io.stdout(
      render(
        "lint.txt",
        reportView(kind, verdict, config.template.skip_label, resolved.templatePath),
      ),
    );
  }
  return verdict.complete ? EXIT.ok : EXIT.incomplete;
}

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      kind: { type: "string" },
      config: { type: "string" },
      template: { type: "string" },
      label: { type: "string", multiple: true },
      json: { type: "boolean" },
      help: { type: "boolean", short: "h" },
    },
  });
}

function withSectionsFromTemplate(config: Config, kind: ItemKind): Config {
  const key = kind === "pr" ? "pull_requests" : "issues";
  return {
    ...config,
    template: { ...config.template, [key]: { ...config.template[key], sections: "from-template" } },
  };
}

async function readOrNull(io: CliIo, path: string): Promise<string | null> {
  try {
    return await io.readFile(path);
  } catch {
    return null;
  }
}
