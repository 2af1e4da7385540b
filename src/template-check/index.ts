/** Template enforcement: what the app wires, the offline engine `lint` uses, and its labels. */
import type { Config } from "../config/schema.js";

export { evaluate } from "./evaluate.js";
export { handleTemplateEvent, ISSUE_EVENTS, PULL_REQUEST_EVENTS } from "./handler.js";
export type { CheckedItem } from "./item.js";
export { isEnabled, skipReason } from "./outcome.js";
export { loadRepoTemplates, TemplateCache } from "./repo-templates.js";
export { reportView } from "./report.js";
export { type ItemKind, type RepoTemplate, resolveRequirements } from "./requirements.js";

/** Labels this capability writes: the configured one, and any `template:` label. */
export const isTemplateLabel = (name: string, config: Config) =>
  name.toLowerCase() === config.template.label.toLowerCase() ||
  name.toLowerCase().startsWith("template:");
