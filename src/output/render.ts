import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import Handlebars from "handlebars";
import { codeSpan, escapeMarkdown } from "../markdown/escape.js";

/** The output templates shipped in `templates/`. */
export type TemplateName =
  | "check-summary.md"
  | "template-comment.md"
  | "lint.txt"
  | "decision-status.md"
  | "decision-reply.md"
  | "decision-notice.md"
  | "decision-record.md"
  | "blocked.md"
  | "agenda-flag.md"
  | "agenda.md"
  | "summary.md"
  | "rollup.md";

function findTemplatesDir(from: string): string {
  let dir = from;
  for (;;) {
    const candidate = join(dir, "templates");
    if (existsSync(join(dir, "package.json")) && existsSync(candidate)) return candidate;
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`templates/ directory not found above ${from}`);
    dir = parent;
  }
}

function createEnvironment(dir: string) {
  const hb = Handlebars.create();
  hb.registerHelper("md", (value: unknown) => escapeMarkdown(value == null ? "" : String(value)));
  hb.registerHelper("code", (value: unknown) => codeSpan(value == null ? "" : String(value)));
  hb.registerHelper("eq", (a: unknown, b: unknown) => a === b);
  // Bounded: templates can come from repositories (a summary override).
  hb.registerHelper("repeat", (text: unknown, times: unknown) =>
    String(text)
      .slice(0, 100)
      .repeat(Math.max(0, Math.min(100, Math.floor(Number(times)) || 0))),
  );
  const partials = join(dir, "partials");
  if (existsSync(partials)) {
    for (const file of readdirSync(partials).filter((f) => f.endsWith(".hbs"))) {
      hb.registerPartial(
        file.replace(/\.(md|txt)\.hbs$/, ""),
        readFileSync(join(partials, file), "utf8"),
      );
    }
  }
  return hb;
}

type Compiled = (view: object) => string;
let cache:
  | {
      hb: typeof Handlebars;
      raw?: typeof Handlebars;
      dir: string;
      templates: Map<TemplateName, Compiled>;
    }
  | undefined;

function environment() {
  if (!cache) {
    const dir = findTemplatesDir(dirname(fileURLToPath(import.meta.url)));
    cache = { hb: createEnvironment(dir), dir, templates: new Map() };
  }
  return cache;
}

/**
 * Render a template given as text (a repository's own override), with the same helpers and
 * partials. Throws on a syntax or rendering error; the caller falls back to the built-in one.
 */
export function renderSource(
  source: string,
  view: object,
  options: { rawHelpers?: boolean } = {},
): string {
  const env = environment();
  // For a view whose text is already escaped, `{{md …}}` must not escape twice.
  if (options.rawHelpers && !env.raw) env.raw = rawEnvironment(env.hb);
  const hb = options.rawHelpers && env.raw ? env.raw : env.hb;
  const template = hb.compile(source, { noEscape: true, strict: true });
  return `${template(view)
    .replace(/\n{3,}/g, "\n\n")
    .trim()}\n`;
}

function rawEnvironment(base: typeof Handlebars): typeof Handlebars {
  const hb = Handlebars.create();
  for (const [name, helper] of Object.entries(base.helpers)) hb.registerHelper(name, helper);
  for (const [name, partial] of Object.entries(base.partials)) hb.registerPartial(name, partial);
  hb.registerHelper("md", (value: unknown) => (value == null ? "" : String(value)));
  return hb;
}

/**
 * Render an output template with a typed view model. Templates compile once per process.
 * They are compiled with `noEscape`: Markdown, not HTML, is the target, so every piece of
 * user or config text goes through the `{{md …}}` helper instead.
 */
export function render(name: TemplateName, view: object): string {
  const cache = environment();
  let template = cache.templates.get(name);
  if (!template) {
    const source = readFileSync(join(cache.dir, `${name}.hbs`), "utf8");
    template = cache.hb.compile(source, { noEscape: true, strict: true });
    cache.templates.set(name, template);
  }
  return `${template(view)
    .replace(/\n{3,}/g, "\n\n")
    .trim()}\n`;
}
