import { parse as parseYaml } from "yaml";
import type { SectionConfig, TemplateConfig } from "../config/schema.js";
import { inlineText, parseBody } from "../markdown/sections.js";
import { looseText, titleKey, titleKeyWithoutParenthetical } from "../markdown/text.js";

/** A section a description must (or may) carry, fully resolved. */
export interface Requirement {
  name: string;
  /** Title keys (see `titleKey`) that match this section. */
  keys: ReadonlySet<string>;
  required: boolean;
  minWords: number;
  allowNa: boolean;
  /** Loose texts (see `looseText`) that are placeholders, not content. */
  placeholders: ReadonlySet<string>;
  hint?: string;
}

/** A template file found in the repository. */
export interface RepoTemplate {
  path: string;
  text: string;
}

export type ItemKind = "pr" | "issue";

export interface Requirements {
  requirements: Requirement[];
  /** The template the sections came from, when `sections: from-template`. */
  templatePath?: string;
  /** Set when the requirements could not be built; shown to the user like a config problem. */
  problem?: string;
}

function normaliseSection(section: SectionConfig): Exclude<SectionConfig, string> {
  return typeof section === "string"
    ? { name: section, aliases: [], required: true, placeholder: [] }
    : section;
}

function toRequirement(section: SectionConfig, config: TemplateConfig): Requirement {
  const s = normaliseSection(section);
  const allowNaDefault =
    config.allow_na === "always" || (config.allow_na === "optional" && !s.required);
  return {
    name: s.name,
    keys: new Set(
      [s.name, ...s.aliases]
        .flatMap((t) => [titleKey(t), titleKeyWithoutParenthetical(t)])
        .filter((k) => k !== ""),
    ),
    required: s.required,
    minWords: s.min_words ?? config.min_words,
    allowNa: s.allow_na ?? allowNaDefault,
    placeholders: new Set(s.placeholder.flatMap(placeholderTexts).filter((p) => p !== "")),
    ...(s.hint ? { hint: s.hint } : {}),
  };
}

/**
 * Loose texts of a placeholder: the whole text, and each block of it, since a body is
 * judged block by block (a prefilled list in an issue form is one unit per item).
 */
function placeholderTexts(placeholder: string): string[] {
  const parsed = parseBody(placeholder);
  const blocks = [...parsed.preamble, ...parsed.starts.flatMap((s) => s.units)].map((u) =>
    looseText(u.text),
  );
  return [looseText(placeholder), ...blocks];
}

/** Add label-driven sections; a section already present (same title key) is not repeated. */
function withLabelSections(
  base: Requirement[],
  byLabel: Record<string, SectionConfig[]>,
  labels: readonly string[],
  config: TemplateConfig,
): Requirement[] {
  const out = [...base];
  const wanted = new Set(labels.map((l) => l.toLowerCase()));
  for (const [label, sections] of Object.entries(byLabel)) {
    if (!wanted.has(label.toLowerCase())) continue;
    for (const section of sections) {
      const req = toRequirement(section, config);
      const key = titleKey(req.name);
      const existing = out.find((r) => titleKey(r.name) === key);
      if (existing) existing.required ||= req.required;
      else out.push(req);
    }
  }
  return out;
}

const FRONT_MATTER = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?/;

interface TemplateFacts {
  sections: SectionConfig[];
  labels: string[];
  /** Why the template could not be read, when it could not. */
  error?: string;
}

/** Sections and front-matter labels of a Markdown template or an issue form. */
export function templateFacts(template: RepoTemplate): TemplateFacts {
  if (/\.ya?ml$/i.test(template.path)) return issueFormFacts(template.text);
  const text = template.text.charCodeAt(0) === 0xfeff ? template.text.slice(1) : template.text;
  const match = FRONT_MATTER.exec(text);
  let labels: string[] = [];
  if (match) {
    const front = safeYaml(match[1] ?? "") as { labels?: unknown } | null;
    labels = asLabelList(front?.labels);
  }
  const parsed = parseBody(match ? text.slice(match[0].length) : text);
  const sections = parsed.starts
    .filter((start) => titleKey(start.title) !== "")
    .map((start) => ({
      name: start.title,
      aliases: [],
      required: !/\(optional\)\s*$/i.test(start.title),
      placeholder: start.units.filter((u) => u.kind !== "task" || u.checked).map((u) => u.text),
    }));
  return { sections, labels };
}

function safeYaml(text: string): unknown {
  // Front matter only: a broken one means "no labels", the headings still count.
  try {
    return parseYaml(text);
  } catch {
    return null;
  }
}

function asLabelList(value: unknown): string[] {
  if (typeof value === "string")
    return value
      .split(",")
      .map((l) => l.trim())
      .filter(Boolean);
  if (Array.isArray(value)) return value.filter((l): l is string => typeof l === "string");
  return [];
}

interface FormField {
  type?: unknown;
  attributes?: { label?: unknown; value?: unknown; options?: unknown };
  validations?: { required?: unknown };
}

/**
 * GitHub issue forms write each field as `### <label>`; `validations.required` (or, for
 * checkboxes, a required option) says which are required; a prefilled `value` is placeholder.
 */
function issueFormFacts(text: string): TemplateFacts {
  let form: { labels?: unknown; body?: unknown } | null;
  try {
    form = parseYaml(text) as typeof form;
  } catch (error) {
    const reason = error instanceof Error ? (error.message.split("\n", 1)[0] ?? "") : String(error);
    return { sections: [], labels: [], error: `it is not valid YAML (${reason})` };
  }
  const body = Array.isArray(form?.body) ? (form.body as FormField[]) : [];
  const sections: SectionConfig[] = [];
  for (const field of body) {
    if (!["textarea", "input", "dropdown", "checkboxes"].includes(String(field?.type))) continue;
    const name = field.attributes?.label;
    if (typeof name !== "string" || name.trim() === "") continue;
    const value = field.attributes?.value;
    const options = Array.isArray(field.attributes?.options)
      ? (field.attributes.options as Array<{ required?: unknown }>)
      : [];
    const plain = inlineText(name.trim()).trim();
    sections.push({
      name: name.trim(),
      // The body shows the label rendered as Markdown: match its plain text too.
      aliases: plain !== "" && plain !== name.trim() ? [plain] : [],
      required: field.validations?.required === true || options.some((o) => o?.required === true),
      placeholder: typeof value === "string" ? [value] : [],
    });
  }
  return { sections, labels: asLabelList(form?.labels) };
}

/** Add the template's text under each matching heading to that section's placeholders. */
function withTemplatePlaceholders(
  requirements: Requirement[],
  template: RepoTemplate,
  config: TemplateConfig,
): Requirement[] {
  const sections = templateFacts(template).sections.map((s) => toRequirement(s, config));
  return requirements.map((r) => {
    const match = sections.find((s) => [...s.keys].some((k) => r.keys.has(k)));
    return match ? { ...r, placeholders: new Set([...r.placeholders, ...match.placeholders]) } : r;
  });
}

/**
 * Pick the template an item was written from: one whose front-matter labels the item
 * carries, else the one sharing most headings with the body, else the first by path.
 */
export function chooseTemplate(
  templates: readonly RepoTemplate[],
  body: string,
  labels: readonly string[],
): RepoTemplate | undefined {
  if (templates.length <= 1) return templates[0];
  const have = new Set(labels.map((l) => l.toLowerCase()));
  const bodyKeys = new Set(parseBody(body).starts.map((s) => titleKey(s.title)));
  let best: { template: RepoTemplate; score: number } | undefined;
  for (const template of [...templates].sort((a, b) => a.path.localeCompare(b.path))) {
    const facts = templateFacts(template);
    const labelled =
      facts.labels.length > 0 && facts.labels.every((l) => have.has(l.toLowerCase()));
    const overlap = facts.sections.filter((s) =>
      bodyKeys.has(titleKey(normaliseSection(s).name)),
    ).length;
    const score = (labelled ? 1000 : 0) + overlap;
    if (!best || score > best.score) best = { template, score };
  }
  return best?.template;
}

/** Resolve what an item must carry, from config, its labels and (for `from-template`) the repo template. */
export function resolveRequirements(input: {
  kind: ItemKind;
  config: TemplateConfig;
  labels: readonly string[];
  body: string;
  templates: readonly RepoTemplate[];
}): Requirements {
  const { config, kind } = input;
  const kindConfig = kind === "pr" ? config.pull_requests : config.issues;
  if (kindConfig.sections !== "from-template") {
    const base = kindConfig.sections.map((s) => toRequirement(s, config));
    const requirements = withLabelSections(base, kindConfig.by_label, input.labels, config);
    const template = config.placeholders_from_template
      ? chooseTemplate(input.templates, input.body, input.labels)
      : undefined;
    return {
      requirements: template
        ? withTemplatePlaceholders(requirements, template, config)
        : requirements,
    };
  }
  const template = chooseTemplate(input.templates, input.body, input.labels);
  const where = kind === "pr" ? "template.pull_requests.sections" : "template.issues.sections";
  const expected =
    kind === "pr" ? ".github/PULL_REQUEST_TEMPLATE.md" : ".github/ISSUE_TEMPLATE/*.md";
  if (!template) {
    return {
      requirements: [],
      problem: `${where} is "from-template", but no ${expected} (or one of its usual variants) was found`,
    };
  }
  const facts = templateFacts(template);
  if (facts.error) {
    return {
      requirements: [],
      templatePath: template.path,
      problem: `${where} is "from-template", but ${template.path} cannot be read: ${facts.error}`,
    };
  }
  if (facts.sections.length === 0) {
    return {
      requirements: [],
      templatePath: template.path,
      problem: `${where} is "from-template", but ${template.path} has no headings to take sections from`,
    };
  }
  const base = facts.sections.map((s) => toRequirement(s, config));
  return {
    requirements: withLabelSections(base, kindConfig.by_label, input.labels, config),
    templatePath: template.path,
  };
}
