import { parse as parseYaml } from "yaml";
import {
  DEFAULT_ISSUE_SECTIONS,
  type SectionConfig,
  SectionSchema,
  type TemplateConfig,
} from "../config/schema.js";
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
  /** Text under no section heading counts as this section (see `SectionSchema.untitled`). */
  untitled: boolean;
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
  /**
   * The template the sections came from, when `sections: from-template` found the one the
   * item was written from; absent for an issue that gets `DEFAULT_ISSUE_SECTIONS`.
   */
  templatePath?: string;
  /** Set when the requirements could not be built; shown to the user like a config problem. */
  problem?: string;
}

function normaliseSection(section: SectionConfig): Exclude<SectionConfig, string> {
  return typeof section === "string"
    ? { name: section, aliases: [], required: true, placeholder: [], untitled: false }
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
    untitled: s.untitled,
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
  /** Text before the first heading (Markdown templates): placeholder for untitled sections. */
  preamble: string[];
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
  const isPlaceholder = (u: { kind: string; checked?: boolean }) => u.kind !== "task" || u.checked;
  const sections = parsed.starts
    .filter((start) => titleKey(start.title) !== "")
    .map((start) => ({
      name: start.title,
      aliases: [],
      required: !/\(optional\)\s*$/i.test(start.title),
      placeholder: start.units.filter(isPlaceholder).map((u) => u.text),
      untitled: false,
    }));
  return { sections, labels, preamble: parsed.preamble.filter(isPlaceholder).map((u) => u.text) };
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
    return { sections: [], labels: [], preamble: [], error: `it is not valid YAML (${reason})` };
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
      untitled: false,
    });
  }
  // Markdown fields are shown on the form only, never written into the issue.
  return { sections, labels: asLabelList(form?.labels), preamble: [] };
}

/**
 * Add the templates' text under each matching heading to that section's placeholders, and
 * their text before the first heading to the placeholders of untitled sections.
 */
function withTemplatePlaceholders(
  requirements: Requirement[],
  templates: readonly RepoTemplate[],
  config: TemplateConfig,
): Requirement[] {
  const facts = templates.map(templateFacts);
  const sections = facts.flatMap((f) => f.sections).map((s) => toRequirement(s, config));
  const preamble = facts.flatMap((f) => f.preamble).flatMap(placeholderTexts);
  return requirements.map((r) => {
    const extra = sections
      .filter((s) => [...s.keys].some((k) => r.keys.has(k)))
      .flatMap((s) => [...s.placeholders]);
    if (r.untitled) extra.push(...preamble);
    const added = extra.filter((p) => p !== "" && !r.placeholders.has(p));
    return added.length === 0 ? r : { ...r, placeholders: new Set([...r.placeholders, ...added]) };
  });
}

interface ScoredTemplate {
  template: RepoTemplate;
  facts: TemplateFacts;
  /** 1000 when the item carries all the template's labels, plus one per shared heading. */
  score: number;
}

/** The best-scoring template (ties go to the first by path), or `undefined` for none. */
function bestTemplate(
  templates: readonly RepoTemplate[],
  body: string,
  labels: readonly string[],
): ScoredTemplate | undefined {
  const have = new Set(labels.map((l) => l.toLowerCase()));
  const bodyKeys = new Set(parseBody(body).starts.map((s) => titleKey(s.title)));
  let best: ScoredTemplate | undefined;
  for (const template of [...templates].sort((a, b) => a.path.localeCompare(b.path))) {
    const facts = templateFacts(template);
    const labelled =
      facts.labels.length > 0 && facts.labels.every((l) => have.has(l.toLowerCase()));
    const overlap = facts.sections.filter((s) =>
      bodyKeys.has(titleKey(normaliseSection(s).name)),
    ).length;
    const score = (labelled ? 1000 : 0) + overlap;
    if (!best || score > best.score) best = { template, facts, score };
  }
  return best;
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
  return bestTemplate(templates, body, labels)?.template;
}

/**
 * The issue template an issue was evidently written from: the item carries its labels or
 * shares a heading with it. An issue that does neither was opened blank (GitHub offers that
 * next to the templates) and is not judged against a template it never saw.
 */
function issueTemplateInUse(
  templates: readonly RepoTemplate[],
  body: string,
  labels: readonly string[],
): ScoredTemplate | undefined {
  const best = bestTemplate(templates, body, labels);
  return best && best.score > 0 ? best : undefined;
}

/** Parsed once: the sections of an issue written from no template. */
const ISSUE_FALLBACK: SectionConfig[] = DEFAULT_ISSUE_SECTIONS.map((s) => SectionSchema.parse(s));

/**
 * Resolve what an item must carry, from config, its labels and the repository's templates
 * (their sections for `from-template`, their placeholders with `placeholders_from_template`).
 */
export function resolveRequirements(input: {
  kind: ItemKind;
  config: TemplateConfig;
  labels: readonly string[];
  body: string;
  templates: readonly RepoTemplate[];
}): Requirements {
  const { config, kind } = input;
  const kindConfig = kind === "pr" ? config.pull_requests : config.issues;
  const withLabels = (sections: readonly SectionConfig[]) =>
    withLabelSections(
      sections.map((s) => toRequirement(s, config)),
      kindConfig.by_label,
      input.labels,
      config,
    );
  if (kindConfig.sections !== "from-template") {
    const requirements = withLabels(kindConfig.sections);
    const template = config.placeholders_from_template
      ? chooseTemplate(input.templates, input.body, input.labels)
      : undefined;
    return {
      requirements: template
        ? withTemplatePlaceholders(requirements, [template], config)
        : requirements,
    };
  }
  if (kind === "issue") return issueFromTemplate(input, withLabels);
  const template = chooseTemplate(input.templates, input.body, input.labels);
  const where = "template.pull_requests.sections";
  if (!template) {
    return {
      requirements: [],
      problem: `${where} is "from-template", but no .github/PULL_REQUEST_TEMPLATE.md (or one of its usual variants) was found`,
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
  return { requirements: withLabels(facts.sections), templatePath: template.path };
}

/**
 * Issues with `from-template`: the sections of the template the issue was written from.
 * An issue written from none (a blank issue, or a repository without templates), or from
 * one that has no sections to take, needs `DEFAULT_ISSUE_SECTIONS`: a description of the
 * problem. GitHub does not offer an issue form it cannot read, so one is never in use.
 */
function issueFromTemplate(
  input: {
    config: TemplateConfig;
    labels: readonly string[];
    body: string;
    templates: readonly RepoTemplate[];
  },
  withLabels: (sections: readonly SectionConfig[]) => Requirement[],
): Requirements {
  const used = issueTemplateInUse(input.templates, input.body, input.labels);
  if (used && used.facts.sections.length > 0)
    return { requirements: withLabels(used.facts.sections), templatePath: used.template.path };
  const requirements = withLabels(ISSUE_FALLBACK);
  return {
    requirements: input.config.placeholders_from_template
      ? withTemplatePlaceholders(requirements, input.templates, input.config)
      : requirements,
  };
}
